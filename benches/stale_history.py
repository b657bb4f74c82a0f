#!/usr/bin/env python3
"""Replays `sadoc check` over a repository's history, to count what the drift alarm says.

Usage: benches/stale_history.py [--sadoc PATH] [--repo DIR] [--limit N]

Clones REPO (default: this repository) into a temporary folder and, for every commit C of its
first-parent history (merge commits, or every commit of a linear history), checks out C and
runs `sadoc check --base C^ --head C --checks drift --format json` with the project found at
the root. Prints, per range, the drift findings and the stale mentions, then totals: how many
ranges were checked, how many raised anything, and every stale mention with its message, to be
classified by hand as a true or a false alarm.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sadoc", default=os.path.join(TARGET, "release", "sadoc"))
    parser.add_argument("--repo", default=REPO)
    parser.add_argument("--limit", type=int, default=0, help="only the newest N ranges")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.join(tmp, "clone")
        subprocess.run(["git", "clone", "--quiet", "--no-local", args.repo, work], check=True)
        merges = git(work, "rev-list", "--first-parent", "--merges", "HEAD").split()
        commits = merges or git(work, "rev-list", "--first-parent", "HEAD").split()
        commits = [c for c in commits if git(work, "rev-list", "--parents", "-n1", c).split()[1:]]
        if args.limit:
            commits = commits[: args.limit]
        totals = collections.Counter()
        mentions = []
        for sha in reversed(commits):
            git(work, "checkout", "--quiet", "--detach", sha)
            if not os.path.exists(os.path.join(work, "sadoc.yml")):
                continue
            run = subprocess.run([args.sadoc, "check", "--base", f"{sha}^", "--head", sha,
                                  "--checks", "drift", "--format", "json"],
                                 cwd=work, capture_output=True, text=True)
            try:
                report = json.loads(run.stdout)
            except json.JSONDecodeError:
                print(f"{sha[:8]}: exit {run.returncode}: {run.stderr.strip()[:200]}")
                totals["failed"] += 1
                continue
            totals["ranges"] += 1
            found = report["findings"]
            stale = [f for f in found if f["code"] == "drift/stale-mention"]
            drift = [f for f in found if f["code"] != "drift/stale-mention"]
            totals["drift findings"] += len(drift)
            totals["stale mentions"] += len(stale)
            totals["ranges with findings"] += bool(found)
            subject = git(work, "log", "-1", "--format=%s", sha).strip()[:70]
            if found:
                print(f"{sha[:8]} {subject}: {len(drift)} drift, {len(stale)} stale mentions")
            for f in stale:
                mentions.append((sha[:8], f"{f['path']}:{f['line']}:{f['column']}", f["message"]))
                print(f"    {f['path']}:{f['line']}:{f['column']}: {f['message']}")
        print()
        for key in ["ranges", "ranges with findings", "drift findings", "stale mentions", "failed"]:
            print(f"{key}: {totals[key]}")


if __name__ == "__main__":
    sys.exit(main())
