#!/usr/bin/env python3
"""What pictures drawn from the model cost a build (issue 38): a generated corpus (default
10,000 pages) with 200 views that declare 6-14 elements and their relations each, built with
their pictures generated and, the same corpus, with `diagram: none` on every view. Runs
alternate between the two; the figure is the ratio of the median walls (issue 38 asks for at
most 1.1).

    python3 benches/view_pictures.py [--pages 10000] [--views 200] [--runs 5] [--mode cold|warm]

Needs the release binary (`cargo build --release`, or --sadoc PATH).
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))

WORDS = ["orders", "billing", "ledger", "catalog", "search", "ingest", "events", "audit",
         "payments", "shipping", "inventory", "pricing", "identity", "reports", "quota",
         "notify", "export", "import", "schedule", "metrics"]
TYPES = ["source", "filter", "filter", "pipe", "sink", "data-store"]
RELATIONS = ["pipe", "reads", "writes", "sends"]


def view(n, pictures, rng):
    count = rng.randint(6, 14)
    names = rng.sample(WORDS, min(count, len(WORDS)))
    lines = ["---", f"title: Flow {n}", "kind: view", "viewtype: cnc", "style: pipe-and-filter"]
    if not pictures:
        lines.append("diagram: none")
    lines.append("elements:")
    for i, name in enumerate(names):
        lines.append(f"  - {{ id: e{i}, name: {name.title()} {n}, type: {rng.choice(TYPES)}, "
                     f"responsibility: \"Handles {name} for flow {n}\" }}")
    lines.append("relations:")
    for i in range(1, len(names)):
        lines.append(f"  - {{ from: e{rng.randrange(i)}, to: e{i}, type: {rng.choice(RELATIONS)} }}")
    lines += ["---", "", f"# Flow {n}", "", "## Primary Presentation", "",
              "How the data moves.", "", "## Element Catalog", "", "As declared.", ""]
    return "\n".join(lines)


def corpus(pages, views, pictures):
    name = "pictures" if pictures else "no-pictures"
    root = os.path.join(HERE, ".compare", f"views-{pages}-{views}", name)
    if os.path.exists(os.path.join(root, ".generated")):
        return root
    shutil.rmtree(root, ignore_errors=True)
    docs = os.path.join(root, "docs")
    subprocess.run([sys.executable, GEN, str(pages), docs, "--seed", "7"], check=True,
                   stdout=subprocess.DEVNULL)
    target = os.path.join(docs, "sad", "views")
    os.makedirs(target, exist_ok=True)
    rng = random.Random(38)
    for n in range(views):
        with open(os.path.join(target, f"flow-{n:03}.md"), "w") as f:
            f.write(view(n, pictures, rng))
    with open(os.path.join(root, "sadoc.yml"), "w") as f:
        f.write("title: Bench\ndocs: { dir: docs }\nsad: { dir: docs/sad }\nadr: { dir: docs/adr }\n")
    open(os.path.join(root, ".generated"), "w").close()
    return root


def build(sadoc, root, cold):
    out = os.path.join(root, "out")
    shutil.rmtree(out, ignore_errors=True)
    if cold:
        shutil.rmtree(os.path.join(root, ".cache"), ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sadoc, "build", "-q", "--out", out], cwd=root, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--views", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mode", choices=["cold", "warm"], default="cold")
    parser.add_argument("--sadoc", default=os.path.join(TARGET, "release", "sadoc"))
    args = parser.parse_args()
    with_pictures = corpus(args.pages, args.views, True)
    without = corpus(args.pages, args.views, False)
    cold = args.mode == "cold"
    # One untimed build each: the page cache and, for warm runs, sadoc's build cache.
    build(args.sadoc, with_pictures, cold)
    build(args.sadoc, without, cold)
    drawn = sum(open(os.path.join(with_pictures, "out", "sad", "views", f"flow-{n:03}.html")).read()
                .count('class="diagram view-diagram"') for n in range(args.views))
    assert drawn == args.views, f"{drawn} of {args.views} views have a generated picture"
    walls = {"pictures": [], "none": []}
    for _ in range(args.runs):
        walls["pictures"].append(build(args.sadoc, with_pictures, cold))
        walls["none"].append(build(args.sadoc, without, cold))
    a, b = statistics.median(walls["pictures"]), statistics.median(walls["none"])
    print(f"| corpus | mode | views drawn | with pictures (s) | `diagram: none` (s) | ratio |")
    print(f"|---|---|---|---|---|---|")
    print(f"| {args.pages} pages | {args.mode} | {drawn} | {a:.3f} | {b:.3f} | {a / b:.3f} |")


if __name__ == "__main__":
    main()
