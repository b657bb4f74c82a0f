#!/usr/bin/env python3
"""Time `sadoc build` on single pathological pages at growing sizes, to show the build stays
linear in the size of a page (issue 10): repeated headings, a line of thousands of links,
deeply nested blockquotes and lists.

Usage: benches/pathological.py [--sadoc PATH] [--sizes 10000 20000 40000]
Each size doubles the input; a linear build roughly doubles the time, a quadratic one
quadruples it (the ratio column).
"""
import argparse
import os
import shutil
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(HERE, "..", "target"))

PAGES = {
    "repeated headings": lambda n: "# P\n\n" + "".join(
        f"## Heading\n\nText {i}, see [the first](#heading).\n\n" for i in range(n)),
    "links on one line": lambda n: "# P\n\n" + " ".join(f"[l{i}](#x{i})" for i in range(n)) + "\n",
    "nested quotes": lambda n: "# P\n\n" + "> " * n + "deep\n",
    "nested lists": lambda n: "# P\n\n" + "".join(
        f"{'  ' * (i % 2000)}- item {i}\n" for i in range(n)),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sadoc", default=os.path.join(TARGET, "release", "sadoc"))
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000])
    args = ap.parse_args()
    root = tempfile.mkdtemp(prefix="sadoc-pathological-")
    try:
        print(f"{'page':<20} {'size':>7} {'time':>8} {'ratio':>6}")
        for name, make in PAGES.items():
            previous = None
            for n in args.sizes:
                project = os.path.join(root, f"{name.replace(' ', '-')}-{n}")
                os.makedirs(os.path.join(project, "docs"))
                with open(os.path.join(project, "sadoc.yml"), "w") as f:
                    f.write("title: Pathological\n")
                with open(os.path.join(project, "docs", "page.md"), "w") as f:
                    f.write(make(n))
                started = time.perf_counter()
                subprocess.run([args.sadoc, "build", "-q", project, "--out",
                                os.path.join(project, "site")], check=False,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                took = time.perf_counter() - started
                ratio = f"{took / previous:.1f}×" if previous else ""
                print(f"{name:<20} {n:>7} {took:>7.2f}s {ratio:>6}")
                previous = took
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
