#!/usr/bin/env python3
"""Benchmark what reading the site costs: search and git metadata on a large project.

Usage: benches/browse.py [--sadoc PATH] [--pages N] [--commits N] [--runs N]

Generates (once, cached under benches/.browse-N) a ../shared/bench/gen_corpus.py corpus of N
pages in a git repository with a history of COMMITS commits by several authors (the corpus
added in 100 commits, then edits of 1-5 random pages each), then:
  * builds it RUNS times with `sadoc build --verbose` and reports the median time of the whole
    build and of the `git history` and `search index` stages;
  * reports the size of the search index (files, total, the one file every search loads);
  * opens the built site in headless Chromium for each of a few queries, with an empty cache,
    and reports the search payload downloaded for that first query and the time from the
    last keystroke to the first result (including the box's 80 ms typing pause) (benches/search_first_query.cjs; needs node,
    playwright-core in $SADOC_TOOLS_DIR or ~/.cache/sadoc-tools, and /usr/bin/chromium).
"""
import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "shared", "bench", "gen_corpus.py")
AUTHORS = ["Ana Silva", "Bo Chen", "Chloé Martin", "김민준", "Dev Patel", "Eun-ji Park"]
QUERIES = ["watermark", "circuit breaker", "idempotent", "payments ledger", "wat", "zzqxv"]


def git(root, *args, env=None):
    subprocess.run(["git", *args], cwd=root, check=True, stdout=subprocess.DEVNULL, env=env)


def project(pages, commits, seed):
    root = os.path.join(HERE, f".browse-{pages}")
    stamp = os.path.join(root, ".generated")
    if os.path.exists(stamp):
        return root
    subprocess.run(["rm", "-rf", root], check=True)
    subprocess.run([sys.executable, GEN, str(pages), os.path.join(root, "docs"), "--seed",
                    str(seed)], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(root, "sadoc.yml"), "w") as f:
        f.write("title: Bench\nrepo: { url: https://gitlab.example.com/g/bench }\n"
                "docs: { dir: docs }\nsad: { dir: docs/sad }\nadr: { dir: docs/adr }\n")
    with open(os.path.join(root, ".gitignore"), "w") as f:
        f.write("site/\n.generated\n")
    files = sorted(os.path.relpath(os.path.join(d, n), root)
                   for d, _, names in os.walk(os.path.join(root, "docs")) for n in names)
    files = ["sadoc.yml", ".gitignore"] + files
    contents = {}
    for path in files:
        with open(os.path.join(root, path), "rb") as f:
            contents[path] = f.read()
    # git fast-import writes the whole history in seconds (a commit per `git commit` would
    # take an hour with 10,000 files in the index).
    rng = random.Random(seed)
    stream = []
    when = 1_700_000_000
    mark = 0

    def commit(message, changed):
        nonlocal when, mark
        when += 3600
        author = rng.choice(AUTHORS)
        mark += 1
        stream.append(f"commit refs/heads/main\nmark :{mark}\n".encode())
        stream.append(f"author {author} <a@example.com> {when} +0000\n".encode())
        stream.append(f"committer {author} <a@example.com> {when} +0000\n".encode())
        data = message.encode()
        stream.append(b"data %d\n%s\n" % (len(data), data))
        if mark > 1:
            stream.append(f"from :{mark - 1}\n".encode())
        for path in changed:
            body = contents[path]
            stream.append(f"M 100644 inline {path}\n".encode())
            stream.append(b"data %d\n%s\n" % (len(body), body))

    batch = max(1, len(files) // 100)
    for i in range(0, len(files), batch):
        commit(f"Add pages {i}-{i + batch}", files[i:i + batch])
    pages = files[2:]
    for n in range(max(0, commits - 100)):
        changed = rng.sample(pages, rng.randint(1, 5))
        for path in changed:
            contents[path] += f"\nRevision {n}: clarified the wording.\n".encode()
        commit(f"Edit {n}", changed)
    git(root, "init", "-q", "-b", "main")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream),
                   check=True)
    git(root, "checkout", "-q", "-f", "main")
    open(stamp, "w").close()
    return root


def build(sadoc, root):
    out = subprocess.run([sadoc, "build", "-v", "--out", os.path.join(root, "site")], cwd=root,
                         capture_output=True, text=True)
    total = re.search(r"in (\d+) ms", out.stderr)
    stages = dict((name, int(ms)) for name, ms in
                  re.findall(r"([a-zA-Z ,]+?) (\d+) ms", out.stderr.split("stages:")[-1]))
    if not total:
        sys.exit(out.stderr)
    return int(total.group(1)), {k.strip(", "): v for k, v in stages.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sadoc", default=os.path.join(HERE, "..", "target", "release", "sadoc"))
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = project(args.pages, args.commits, 7)
    print(f"{args.pages} pages, {args.commits} commits ({root})")
    runs = [build(args.sadoc, root) for _ in range(args.runs)]
    med = lambda xs: statistics.median(xs)
    print(f"build: {med([r[0] for r in runs]):.0f} ms (median of {args.runs})")
    for stage in ["git history", "search index", "pages", "markdown"]:
        values = [r[1].get(stage) for r in runs if stage in r[1]]
        if values:
            print(f"  {stage}: {med(values):.0f} ms")
    search = os.path.join(root, "site", "search")
    sizes = [os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(search) for n in ns]
    meta = os.path.getsize(os.path.join(search, "index.js"))
    shards = os.listdir(os.path.join(search, "t"))
    print(f"search index: {len(sizes)} files, {sum(sizes) / 1e6:.1f} MB in all; "
          f"index.js {meta / 1024:.1f} KB; {len(shards)} term shards")
    tools = os.environ.get("SADOC_TOOLS_DIR", os.path.expanduser("~/.cache/sadoc-tools"))
    env = dict(os.environ, NODE_PATH=os.path.join(tools, "node_modules"))
    out = subprocess.run(["node", os.path.join(HERE, "search_first_query.cjs"),
                          os.path.join(root, "site"), *QUERIES], env=env, capture_output=True,
                         text=True)
    if out.returncode != 0:
        sys.exit(out.stderr)
    print("first query on a fresh page (empty cache):")
    for line in out.stdout.splitlines():
        r = json.loads(line)
        print(f"  {r['query']!r:20} {r['ms']:5} ms from the last keystroke to results, {r['kb']:7.1f} KB "
              f"in {r['files']} files, {r['results']} results shown")


if __name__ == "__main__":
    main()
