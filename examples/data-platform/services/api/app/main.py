"""Metrics API: serves curated warehouse tables over HTTP."""


def health() -> dict:
    return {"status": "ok"}
