def run():
    """Starts the connector."""
