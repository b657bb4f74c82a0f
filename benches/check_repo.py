#!/usr/bin/env python3
"""Benchmark `sadoc check` on a large monorepo history (issue 5's performance figure).

Usage: benches/check_repo.py [--sadoc PATH] [--dir DIR] [--commits N] [--files N]
                           [--changed N] [--docs N] [--runs N]

Builds (once, reused when DIR already holds it) a git repository with `git fast-import`:
  * FILES files in all: DOCS documentation pages from ../shared/bench/gen_corpus.py
    (SAD pages and ADRs) plus generated code under services/<component>/...,
  * sadoc.yml mapping each SAD component folder to the code it governs, and ADRs to
    services/<component>/** — many-to-many, like a real monorepo,
  * COMMITS commits on main, each editing one to three code files,
  * a merge-request branch `mr` off main changing CHANGED files (code in several services,
    one renamed, one deleted, a few docs) in a handful of commits.
Then times `sadoc check --base main --head mr` (all checks, and drift alone) and the
local merge-base mode, RUNS times each, and prints the medians.
"""
import argparse
import hashlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "shared", "bench", "gen_corpus.py")
COMPONENTS = ["billing", "identity", "catalog", "orders", "payments",
              "search", "notifications", "reporting", "gateway", "ledger",
              "scheduler", "storage", "analytics", "audit", "inventory",
              "shipping", "pricing", "accounts", "messaging", "frontend"]
EXTS = [".rs", ".py", ".sql", ".yaml", ".ts"]


def code(path, version):
    body = f"// {path} v{version}\n" + "".join(
        f"fn f{i}() -> u32 {{ {i * version} }}\n" for i in range(20))
    return body.encode()


def docs_files(n, seed):
    """The generated documentation: {repo path: bytes}."""
    tmp = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".corpus-tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    subprocess.run([sys.executable, GEN, str(n), tmp, "--seed", str(seed)], check=True,
                   stdout=subprocess.DEVNULL)
    files = {}
    for root, _, names in os.walk(tmp):
        for name in names:
            full = os.path.join(root, name)
            rel = os.path.relpath(full, tmp).replace(os.sep, "/")
            with open(full, "rb") as f:
                files["docs/" + rel] = f.read()
    shutil.rmtree(tmp)
    return files


def config():
    lines = ["title: Monorepo", "adr: { dir: docs/adr }", "docs: { dir: docs }",
             "sad: { dir: docs/sad }", "check: { fail_on: never }", "governs:"]
    for i, c in enumerate(COMPONENTS):
        lines.append(f'  "docs/sad/*/{c}/**": ["services/{c}/**"]')
        lines.append(f'  "docs/adr/00{i + 1:02d}-*.md": ["services/{c}/src/**", "deploy/{c}.tf"]')
    lines.append('  "docs/adr/003*.md": ["services/*/config/**", "deploy/**"]')
    return ("\n".join(lines) + "\n").encode()


class Stream:
    """Writes a git fast-import stream."""

    def __init__(self, out):
        self.out = out
        self.mark = 0
        self.when = 1_600_000_000

    def data(self, payload):
        self.out.write(b"data %d\n" % len(payload))
        self.out.write(payload)
        self.out.write(b"\n")

    def commit(self, branch, message, changes, parent=None):
        self.mark += 1
        self.when += 60
        self.out.write(b"commit refs/heads/%s\nmark :%d\n" % (branch.encode(), self.mark))
        self.out.write(b"committer Bench <bench@example.com> %d +0000\n" % self.when)
        self.data(message.encode())
        if parent:
            self.out.write(b"from %s\n" % parent.encode())
        for op in changes:
            if op[0] == "M":
                self.out.write(b"M 100644 inline %s\n" % op[1].encode())
                self.data(op[2])
            elif op[0] == "D":
                self.out.write(b"D %s\n" % op[1].encode())
            elif op[0] == "R":
                self.out.write(b"R %s %s\n" % (op[1].encode(), op[2].encode()))
        return f":{self.mark}"


def generate(repo, commits, files, changed, docs, seed):
    rnd = random.Random(seed)
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(repo)
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    doc_files = docs_files(docs, seed)
    code_paths = []
    while len(code_paths) + len(doc_files) + 1 < files:
        c = rnd.choice(COMPONENTS)
        i = len(code_paths)
        kind = rnd.choice(["src", "src", "src", "tests", "migrations", "config"])
        code_paths.append(f"services/{c}/{kind}/m{i // 50}/file{i}{rnd.choice(EXTS)}")
    started = time.time()
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE)
    s = Stream(proc.stdin)
    initial = [("M", "sadoc.yml", config())]
    initial += [("M", p, b) for p, b in doc_files.items()]
    initial += [("M", p, code(p, 0)) for p in code_paths]
    s.commit("main", "Initial import\n", initial)
    versions = {}
    for n in range(commits - 1):
        edits = []
        for p in rnd.sample(code_paths, rnd.randint(1, 3)):
            versions[p] = versions.get(p, 0) + 1
            edits.append(("M", p, code(p, versions[p])))
        s.commit("main", f"Change {n}\n\nRoutine work.\n", edits)
    # The merge request: CHANGED files over five commits off main's tip.
    picks = rnd.sample(code_paths, changed - 4)
    doc_picks = rnd.sample(sorted(p for p in doc_files if p.endswith(".md")), 2)
    ops = [("M", p, code(p, 999)) for p in picks[:-2]]
    ops.append(("R", picks[-2], picks[-2].replace("/file", "/moved")))
    ops.append(("D", picks[-1]))
    ops += [("M", p, doc_files[p] + b"\nUpdated.\n") for p in doc_picks]
    ops.append(("M", "deploy/new.tf", b"resource \"x\" \"y\" {}\n"))
    ops.append(("M", "README.md", b"# Monorepo\n"))
    parent = "refs/heads/main"
    for k in range(5):
        chunk = ops[k::5]
        s.commit("mr", f"MR part {k}\n", chunk, parent=parent if k == 0 else None)
        parent = None
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "mr"], cwd=repo, check=True)
    print(f"generated {repo}: {commits} commits on main, {files} files, MR of "
          f"{len(ops)} changed files, in {time.time() - started:.1f} s", file=sys.stderr)


def timed(cmd, cwd, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t)
        if out.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)} exited {out.returncode}:\n{out.stderr.decode()}")
    return statistics.median(times), out.stdout.decode()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sadoc", default=os.path.join(HERE, "..", "target", "release", "sadoc"))
    ap.add_argument("--dir", default=os.path.join(HERE, ".check-repo"))
    ap.add_argument("--commits", type=int, default=20_000)
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--changed", type=int, default=50)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=5)
    a = ap.parse_args()
    stamp = os.path.join(a.dir, ".git", "sadoc-bench")
    with open(os.path.abspath(__file__), "rb") as f:
        script = hashlib.sha256(f.read()).hexdigest()[:12]
    key = f"{a.commits} {a.files} {a.changed} {a.docs} {a.seed} {script}"
    if not (os.path.exists(stamp) and open(stamp).read() == key):
        generate(a.dir, a.commits, a.files, a.changed, a.docs, a.seed)
        with open(stamp, "w") as f:
            f.write(key)
    count = subprocess.run(["git", "rev-list", "--count", "main"], cwd=a.dir,
                           capture_output=True, text=True).stdout.strip()
    print(f"repo: {count} commits on main, {a.files} files ({a.docs} docs), "
          f"MR of {a.changed} changed files")
    sadoc = os.path.abspath(a.sadoc)
    cases = [
        ("all checks, --base main --head mr", [sadoc, "check", "--base", "main", "--head", "mr"]),
        ("drift only", [sadoc, "check", "--base", "main", "--head", "mr", "--checks", "drift"]),
        ("all checks, merge base with main", [sadoc, "check"]),
        ("all checks + json/codequality/junit/markdown",
         [sadoc, "check", "--base", "main", "--head", "mr", "--format", "json=/dev/null",
          "--format", "codequality=/dev/null", "--format", "junit=/dev/null",
          "--format", "markdown=/dev/null"]),
    ]
    texts = []
    for name, cmd in cases:
        median, out = timed(cmd, a.dir, a.runs)
        texts.append(out)
        print(f"  {name:<46} median {median * 1000:7.0f} ms over {a.runs} runs")
    drift = [line for line in texts[0].splitlines() if line.startswith("Drift:")]
    print("  " + (drift[0] if drift else "no drift section in the last run's text"))


if __name__ == "__main__":
    main()
