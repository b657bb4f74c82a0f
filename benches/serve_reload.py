#!/usr/bin/env python3
"""Benchmark `sadoc serve`: time from a file write to the browser's reload event.

Usage: benches/serve_reload.py [--sadoc PATH] [--pages N ...] [--runs N]

For each size, generates (once, cached under benches/.serve-corpus-N) a corpus with
../shared/bench/gen_corpus.py, starts `sadoc serve --port 0` on it, listens to the reload
event stream as the browser's script does, and measures, RUNS times each, the time from the
write of a file to the `reload` event naming the page:
  * a one-page body edit (the common case: one page rendered again),
  * a title edit (every page's navigation changes: all pages rendered again),
  * a `sadoc.yml` edit (full rebuild, reusing highlighted code blocks),
and the initial build (server start to "serving"). Prints medians.
"""
import argparse
import os
import queue
import socket
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "shared", "bench", "gen_corpus.py")


def corpus(pages, seed):
    root = os.path.join(HERE, f".serve-corpus-{pages}")
    stamp = os.path.join(root, ".generated")
    if not os.path.exists(stamp):
        subprocess.run(["rm", "-rf", root], check=True)
        subprocess.run([sys.executable, GEN, str(pages), root, "--seed", str(seed)], check=True,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(root, "sadoc.yml"), "w") as f:
            f.write("title: Bench\ndocs: { dir: . }\nsad: { dir: sad }\nadr: { dir: adr }\n")
        open(stamp, "w").close()
    return root


class Events:
    """The server-sent events of one connection, with their arrival times."""

    def __init__(self, host, port):
        self.queue = queue.Queue()
        sock = socket.create_connection((host, port))
        sock.sendall(f"GET /__sadoc/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        self.file = sock.makefile("rb")
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        event = None
        for raw in self.file:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            # Chunked transfer: chunk sizes are lines of hex digits; skip them.
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                self.queue.put((time.perf_counter(), event, line[6:]))

    def wait(self, name, contains, timeout=120):
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                sys.exit(f"no {name} event containing {contains!r}")
            at, event, data = self.queue.get(timeout=left)
            if event == name and (contains in data or '"all":true' in data):
                return at


def start(sadoc, root):
    t = time.perf_counter()
    proc = subprocess.Popen([sadoc, "serve", "--port", "0", "-q"], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        if "http://" in line:
            url = line[line.index("http://"):].split()[0]
            started = time.perf_counter() - t
            threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
            return proc, url, started
    sys.exit("sadoc serve did not start")


def timed_edit(events, path, text, page):
    while not events.queue.empty():
        events.queue.get_nowait()
    t = time.perf_counter()
    with open(path, "w") as f:
        f.write(text)
    took = events.wait("reload", page) - t
    print(f"  {os.path.basename(path)}: {took * 1000:.0f} ms", file=sys.stderr)
    return took


def bench(sadoc, pages, runs, seed):
    root = corpus(pages, seed)
    proc, url, startup = start(sadoc, root)
    try:
        host, port = url[len("http://"):].rstrip("/").split(":")
        events = Events(host, int(port))
        time.sleep(0.3)
        sad_pages = sorted(
            os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(root, "sad")) for f in fs
            if f.endswith(".md"))
        page_path = sad_pages[len(sad_pages) // 2]
        page_file = os.path.relpath(page_path, root)[:-3] + ".html"
        original = open(page_path).read()
        body, title = [], []
        for i in range(runs):
            edited = original + f"\n\nEdited paragraph {i}.\n"
            body.append(timed_edit(events, page_path, edited, page_file))
            time.sleep(0.1)
        lines = original.split("\n")
        # The title is front matter's `title:` when there is one, else the first heading.
        heading = next((n for n, l in enumerate(lines) if l.startswith("title:")), None)
        if heading is None:
            heading = next(n for n, l in enumerate(lines) if l.startswith("# "))
        for i in range(runs):
            renamed = list(lines)
            renamed[heading] = (f'title: "Edited title {i}"' if lines[heading].startswith("title:")
                                else f"# Edited title {i}")
            title.append(timed_edit(events, page_path, "\n".join(renamed), page_file))
            time.sleep(0.1)
        with open(page_path, "w") as f:
            f.write(original)
        time.sleep(1.0 if pages < 5000 else 5.0)
        config = os.path.join(root, "sadoc.yml")
        original_config = open(config).read()
        full = []
        for i in range(max(1, runs // 2)):
            full.append(timed_edit(events, config,
                                   original_config.replace("Bench", f"Bench {i}"), "index.html"))
            time.sleep(0.2)
        with open(config, "w") as f:
            f.write(original_config)
        time.sleep(1.0 if pages < 5000 else 5.0)
    finally:
        proc.kill()
        proc.wait()
    ms = lambda xs: f"{statistics.median(xs) * 1000:8.0f} ms"
    print(f"{pages:>6} pages: start {startup:6.2f} s | body edit {ms(body)} | title edit "
          f"{ms(title)} | sadoc.yml (full) {ms(full)}   (medians of {runs}, {runs}, {len(full)})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sadoc", default=os.path.join(HERE, "..", "target", "release", "sadoc"))
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    for pages in a.pages:
        bench(os.path.abspath(a.sadoc), pages, a.runs, a.seed)


if __name__ == "__main__":
    main()
