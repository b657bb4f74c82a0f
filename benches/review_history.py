#!/usr/bin/env python3
"""What following decisions and reviews through git costs (issue 39's figure).

Usage: bench/compare.sh reviews [--baseline PATH] [--runs N]
       benches/review_history.py [--sadoc PATH] [--baseline PATH] [--dir DIR]
                                 [--commits N] [--docs N] [--runs N]

Builds (once, reused when DIR already holds it) a repository with `git fast-import`:
  * DOCS documentation pages from ../shared/bench/gen_corpus.py (SAD pages and ADRs), and
    a sadoc.yml asking for a review every 180 days, without a build cache (cold builds);
  * COMMITS commits on main over three years, in merge requests of four commits merged with
    GitLab's merge commit message ("See merge request bench/docs!N"): code edits, edits of a
    page's body, front-matter-only edits (an ADR's status moving from proposed to accepted),
    and reviews recorded with a `Docs-Reviewed:` trailer;
  * a merge-request branch `mr` off main changing code, a page and an ADR's status.
Then times, with farm-bench, `sadoc check` over the merge request (all checks, reviews
included), `sadoc check --checks review` alone, and a cold `sadoc build`, each against the
BASELINE binary (a build of sadoc before this work) in the same run.
"""
import argparse
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_repo  # noqa: E402  (its fast-import stream and code generator)

CONFIG = b"""title: Bench
docs: { dir: docs }
adr: { dir: docs/adr }
sad: { dir: docs/sad }
check: { fail_on: never }
cache: { enabled: false }
review: { every: 180d }
"""
# The baseline (sadoc before this work) knows no `review:`: it reads the same settings without it.
BASE_CONFIG = CONFIG.replace(b"review: { every: 180d }\n", b"")


def generate(repo, commits, docs, seed):
    rnd = random.Random(seed)
    subprocess.run(["rm", "-rf", repo], check=True)
    os.makedirs(repo)
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    doc_files = check_repo.docs_files(docs, seed)
    pages = sorted(p for p in doc_files if p.endswith(".md") and "/adr/" not in p)
    adrs = sorted(p for p in doc_files if "/adr/" in p and p.endswith(".md"))
    code_paths = [f"services/{c}/src/m{i % 40}/file{i}.rs"
                  for i, c in enumerate(rnd.choice(check_repo.COMPONENTS) for _ in range(2000))]
    started = time.time()
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE)
    s = check_repo.Stream(proc.stdin)
    s.when = 1_700_000_000
    step = (3 * 365 * 86_400) // commits
    initial = [("M", "sadoc.yml", CONFIG), ("M", "sadoc-base.yml", BASE_CONFIG)]
    # ADRs start proposed so that later commits can accept them (a front-matter-only edit).
    texts = {p: b.replace(b"status: accepted", b"status: proposed") for p, b in doc_files.items()}
    initial += [("M", p, b) for p, b in texts.items()]
    initial += [("M", p, check_repo.code(p, 0)) for p in code_paths]
    main = s.commit("main", "Initial import\n", initial)
    versions = {}
    made, request = 1, 0
    while made < commits - 1:
        request += 1
        parent = main
        merged = {}
        for _ in range(min(4, commits - 1 - made - 1)):
            s.when += step
            roll = rnd.random()
            if roll < 0.6:
                edits = []
                for p in rnd.sample(code_paths, rnd.randint(1, 3)):
                    versions[p] = versions.get(p, 0) + 1
                    edits.append(("M", p, check_repo.code(p, versions[p])))
                message = f"Change code {made}\n"
            elif roll < 0.85:
                p = rnd.choice(pages)
                texts[p] = texts[p] + f"\nRevised in change {made}.\n".encode()
                edits = [("M", p, texts[p])]
                message = f"Revise {p}\n"
            elif roll < 0.95:
                p = rnd.choice(adrs)
                before = texts[p]
                texts[p] = before.replace(b"status: proposed", b"status: accepted", 1)
                if texts[p] == before:
                    texts[p] = before.replace(b"status: accepted", b"status: deprecated", 1)
                edits = [("M", p, texts[p])]
                message = f"Decide {p}\n"
            else:
                named = ", ".join(rnd.sample(pages, 3))
                edits = []
                message = f"Quarterly review\n\nDocs-Reviewed: {named}\n"
            # A review is an empty commit, as `git commit --allow-empty` makes one.
            merged.update({op[1]: op[2] for op in edits})
            parent = s.commit("topic", message, edits, parent=parent)
            made += 1
        s.when += step
        s.out.write(b"commit refs/heads/main\nmark :%d\n" % (s.mark + 1))
        s.mark += 1
        s.out.write(b"committer Bench <bench@example.com> %d +0000\n" % s.when)
        s.data(f"Merge branch 'topic-{request}' into 'main'\n\nSee merge request bench/docs!{request}\n".encode())
        s.out.write(b"from %s\nmerge %s\n" % (main.encode(), parent.encode()))
        # fast-import merges no trees: the merge commit states the topic's files itself.
        for path, body in merged.items():
            s.out.write(b"M 100644 inline %s\n" % path.encode())
            s.data(body)
        main = f":{s.mark}"
        made += 1
    # The merge request under check.
    p = rnd.choice(pages)
    a = rnd.choice(adrs)
    s.when += step
    mr = s.commit("mr", "MR: code and docs\n", [
        ("M", code_paths[0], check_repo.code(code_paths[0], 999)),
        ("M", p, texts[p] + b"\nUpdated.\n"),
        ("M", a, texts[a].replace(b"status: proposed", b"status: accepted", 1)),
    ], parent=main)
    del mr
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "mr"], cwd=repo, check=True)
    subprocess.run(["git", "branch", "-q", "-D", "topic"], cwd=repo, check=False)
    print(f"generated {repo}: {commits} commits, {len(doc_files)} documentation files, "
          f"{request} merge requests, in {time.time() - started:.1f} s", file=sys.stderr)


def bench(name, a, b, cwd, runs):
    print(f"\n## {name}", flush=True)
    cmd = ["farm-bench", "-n", str(runs), "--timeout", "1200"]
    if b:
        cmd += ["--vs", " ".join(b)]
    subprocess.run(cmd + ["--"] + a, cwd=cwd, check=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(HERE, "..", "target"))
    ap.add_argument("--sadoc", default=os.path.join(target, "release", "sadoc"))
    ap.add_argument("--baseline", default=None, help="sadoc before this work, for the ratios")
    ap.add_argument("--dir", default=os.path.join(HERE, ".review-repo"))
    ap.add_argument("--commits", type=int, default=20_000)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=39)
    a = ap.parse_args()
    stamp = os.path.join(a.dir, ".git", "sadoc-bench")
    key = f"{a.commits} {a.docs} {a.seed} 2"
    if not (os.path.exists(stamp) and open(stamp).read() == key):
        generate(a.dir, a.commits, a.docs, a.seed)
        with open(stamp, "w") as f:
            f.write(key)
    count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=a.dir,
                           capture_output=True, text=True).stdout.strip()
    print(f"repo: {count} commits, {a.docs} documents")
    new = os.path.abspath(a.sadoc)
    old = os.path.abspath(a.baseline) if a.baseline else None
    base = ["--config", "sadoc-base.yml"]
    check = ["check", "--base", "main", "--head", "mr"]
    bench("sadoc check --base main --head mr (the default checks)", [new] + check,
          [old] + base + check if old else None, a.dir, a.runs)
    bench("sadoc check --checks review", [new, "check", "--checks", "review"], None, a.dir, a.runs)
    bench("cold sadoc build", [new, "build", "-q", "-o", "/tmp/review-bench-site"],
          [old] + base + ["build", "-q", "-o", "/tmp/review-bench-site-base"] if old else None,
          a.dir, a.runs)


if __name__ == "__main__":
    main()
