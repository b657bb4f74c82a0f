#!/usr/bin/env python3
"""Benchmark `sadoc versions deploy` against a local SeaweedFS S3 server (issue 40's figure).

Usage: bench/compare.sh versions [--pages N] [--runs N]
       benches/versions.py [--sadoc PATH] [--pages N] [--runs N] [--weed PATH]

Builds a generated corpus of N pages once with `sadoc build --versioned` (cached under
benches/.versions-N), starts SeaweedFS on 127.0.0.1 and times with `sadoc versions deploy
--out`: the first version with the alias `latest` (every file uploaded once, one redirect page
per page for the alias), the same version again with nothing changed (RUNS times: nothing
uploaded, versions.json untouched), and a second version of the same site taking `latest`
(its files uploaded once; the alias's pages now lead to it).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import deploy as bench_deploy  # noqa: E402  (its corpus, SeaweedFS and credentials)


def site(sadoc, pages, seed):
    root, _ = bench_deploy.site(sadoc, pages, seed)
    out = os.path.join(root, "site-versioned")
    if not os.path.exists(os.path.join(out, ".sadoc-output")):
        subprocess.run([sadoc, "build", "--versioned", "--out", out, "-q"], cwd=root, check=False)
    return root, out


def versions(sadoc, root, out, endpoint, *args):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=bench_deploy.KEY,
               AWS_SECRET_ACCESS_KEY=bench_deploy.SECRET, AWS_REGION="us-east-1",
               AWS_EC2_METADATA_DISABLED="true")
    t = time.perf_counter()
    run = subprocess.run([sadoc, "versions", "deploy", *args, "--out", out, "--endpoint",
                          endpoint, "--bucket", "bench", "--prefix", "docs"], cwd=root, env=env,
                         capture_output=True, text=True)
    took = time.perf_counter() - t
    if run.returncode != 0:
        sys.exit(run.stderr)
    return took, " / ".join(l.strip() for l in run.stdout.splitlines())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(HERE, "..", "target"))
    ap.add_argument("--sadoc", default=os.path.join(target, "release", "sadoc"))
    ap.add_argument("--weed", default=os.path.expanduser("~/.cache/sadoc-tools/venv/bin/weed"))
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=9)
    a = ap.parse_args()
    sadoc = os.path.abspath(a.sadoc)
    root, out = site(sadoc, a.pages, a.seed)
    files = sum(len(fs) for _, _, fs in os.walk(out)) - 1
    with tempfile.TemporaryDirectory() as data:
        proc, endpoint = bench_deploy.start_weed(a.weed, data)
        try:
            print(f"{a.pages} pages, {files} files")
            took, what = versions(sadoc, root, out, endpoint, "1.0", "latest")
            print(f"  first version 1.0 + latest    {took:7.2f} s   {what}")
            same = [versions(sadoc, root, out, endpoint, "1.0", "latest") for _ in range(a.runs)]
            print(f"  1.0 again, nothing changed    {statistics.median(t for t, _ in same):7.2f} s   "
                  f"{same[-1][1]}")
            took, what = versions(sadoc, root, out, endpoint, "1.1", "latest")
            print(f"  new version 1.1 takes latest  {took:7.2f} s   {what}")
        finally:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
