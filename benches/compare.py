#!/usr/bin/env python3
"""Compare sadoc's full build with mdBook, Hugo and MkDocs on the same generated corpus.

`sadoc-workspace` builds the same number of pages as a workspace of ten member projects (one
portal), to compare with one project of that size.

Usage: benches/compare.py [--pages 100 1000 10000] [--runs 3] [--tools sadoc hugo ...]
                          [--modes cold warm] [--once TOOL@PAGES ...]
                          [--sadoc PATH] [--floor PATH] [--write-docs]

For each size, generates (once, cached under benches/.compare/N) a corpus with
../shared/bench/gen_corpus.py, lays it out as each tool expects (a copy per tool), builds it
RUNS times with each tool found on PATH (mdbook, hugo, mkdocs; `mkdocs-material` needs the
`material` theme installed) and with `floor`, the pulldown-cmark parse + render + write of
examples/markdown_floor.rs, and reports the median wall time and peak RSS (GNU time) and the
ratios sadoc/peer of the same run. The tools take turns, one run each per round, and a ratio
is the median of the rounds' ratios, so a machine whose speed drifts slows both sides alike. Tools that are not installed are listed as such.
`--write-docs` puts the table into docs/guide/performance.md between its markers.

Two modes, each from an empty output folder (as a CI job starts):
  cold  sadoc without its build cache (`.cache/sadoc` removed before every run);
  warm  an unchanged rebuild: sadoc with the cache a first, untimed build left (the blocks it
        highlighted). The peers keep nothing between builds that a rebuild could reuse, so
        their warm runs are full builds again, timed the same way.
`--once mdbook@10000` runs that tool once at that size (mdBook needs minutes and gigabytes
per build at 10,000 pages); a peer run once builds once, and that build stands for both modes.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
TOOLS = ["sadoc", "sadoc-workspace", "floor", "hugo", "mdbook", "mkdocs", "mkdocs-material"]
# A workspace of this many member projects, the pages split evenly among them (issue 19: it
# should build in at most 1.2x the time of one project of the same size).
MEMBERS = 10

HUGO_LAYOUT = """<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav>{{ range .Site.Menus.main }}<a href="{{ .URL }}">{{ .Name }}</a>{{ end }}</nav>
<main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""
HUGO_LIST = """<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</body></html>
"""


def corpus(pages):
    root = os.path.join(HERE, ".compare", str(pages))
    docs = os.path.join(root, "docs")
    if not os.path.exists(os.path.join(root, ".generated")):
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run([sys.executable, GEN, str(pages), docs, "--seed", "7"], check=True,
                       stdout=subprocess.DEVNULL)
        open(os.path.join(root, ".generated"), "w").close()
    return root, docs


def markdown_files(docs):
    for d, _, names in sorted(os.walk(docs)):
        for n in sorted(names):
            if n.endswith(".md"):
                yield os.path.relpath(os.path.join(d, n), docs)


def title_of(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"title:\s*\"?(.*?)\"?\s*$", line)
            if m:
                return m.group(1).replace("[", "(").replace("]", ")")
    return os.path.basename(path)


def layout(tool, root, docs):
    """Prepares the project of `tool` (once) and returns (folder, command, output folder)."""
    work = os.path.join(root, tool)
    out = os.path.join(work, "out")
    ready = os.path.join(work, ".ready")
    if not os.path.exists(ready):
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        src = {"hugo": "content", "mdbook": "src"}.get(tool, "docs")
        if tool not in ("floor", "sadoc-workspace"):
            shutil.copytree(docs, os.path.join(work, src))
        if tool == "sadoc-workspace":
            # Each member is a corpus of its own (its links stay inside it), generated with its
            # own seed; the portal's root has no documents of its own.
            pages = sum(1 for _ in markdown_files(docs))
            for i in range(MEMBERS):
                member = os.path.join(work, f"m{i}")
                subprocess.run([sys.executable, GEN, str(max(pages // MEMBERS, 1)),
                                os.path.join(member, "docs"), "--seed", str(7 + i)],
                               check=True, stdout=subprocess.DEVNULL)
                with open(os.path.join(member, "sadoc.yml"), "w") as f:
                    f.write(f"title: Member {i}\ndocs: {{ dir: docs }}\nsad: {{ dir: docs/sad }}\n"
                            "adr: { dir: docs/adr }\n")
            with open(os.path.join(work, "sadoc.yml"), "w") as f:
                f.write("title: Bench workspace\nprojects: [\"m*\"]\ndocs: { dir: portal }\n")
        elif tool == "sadoc":
            with open(os.path.join(work, "sadoc.yml"), "w") as f:
                f.write("title: Bench\ndocs: { dir: docs }\nsad: { dir: docs/sad }\n"
                        "adr: { dir: docs/adr }\n")
        elif tool == "hugo":
            with open(os.path.join(work, "hugo.toml"), "w") as f:
                f.write('baseURL = "/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term", '
                        '"RSS", "sitemap"]\n[markup.goldmark.renderer]\nunsafe = true\n')
            os.makedirs(os.path.join(work, "layouts", "_default"))
            with open(os.path.join(work, "layouts", "_default", "single.html"), "w") as f:
                f.write(HUGO_LAYOUT)
            with open(os.path.join(work, "layouts", "_default", "list.html"), "w") as f:
                f.write(HUGO_LIST)
        elif tool == "mdbook":
            with open(os.path.join(work, "book.toml"), "w") as f:
                f.write('[book]\ntitle = "Bench"\nsrc = "src"\n[build]\nbuild-dir = "out"\n'
                        'create-missing = false\n')
            with open(os.path.join(work, "src", "SUMMARY.md"), "w") as f:
                f.write("# Summary\n\n")
                for rel in markdown_files(os.path.join(work, "src")):
                    if rel == "SUMMARY.md":
                        continue
                    depth = rel.count(os.sep)
                    f.write(f"{'  ' * min(depth, 3)}- [{title_of(os.path.join(work, 'src', rel))}]"
                            f"({rel.replace(os.sep, '/')})\n")
        elif tool.startswith("mkdocs"):
            theme = "material" if tool == "mkdocs-material" else "mkdocs"
            with open(os.path.join(work, "mkdocs.yml"), "w") as f:
                f.write(f"site_name: Bench\ndocs_dir: docs\nsite_dir: out\ntheme:\n  name: {theme}\n"
                        "markdown_extensions: [tables, fenced_code, codehilite, toc]\n")
        open(ready, "w").close()
    return work, out


def command(tool, args, work, out, docs):
    if tool in ("sadoc", "sadoc-workspace"):
        return [args.sadoc, "build", "-q", "--out", out]
    if tool == "floor":
        return [args.floor, docs, out]
    if tool == "hugo":
        return [shutil.which("hugo"), "--quiet", "--destination", out]
    if tool == "mdbook":
        return [shutil.which("mdbook"), "build"]
    return [shutil.which("mkdocs"), "build", "--quiet"]


def available(tool, args):
    if tool in ("sadoc", "sadoc-workspace"):
        return os.access(args.sadoc, os.X_OK)
    if tool == "floor":
        return os.access(args.floor, os.X_OK)
    if tool == "mkdocs-material":
        mkdocs = shutil.which("mkdocs")
        if not mkdocs:
            return False
        with open(mkdocs, encoding="utf-8", errors="replace") as f:
            python = f.readline()[2:].strip() or sys.executable
        return subprocess.run([python, "-c", "import material"], capture_output=True).returncode == 0
    return shutil.which(tool) is not None


def timed(cmd, cwd, out, cold):
    shutil.rmtree(out, ignore_errors=True)
    if cold:
        shutil.rmtree(os.path.join(cwd, ".cache"), ignore_errors=True)
    started = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-v", *cmd], cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    if run.returncode != 0:
        tail = "\n".join(run.stderr.strip().splitlines()[-5:])
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{tail}")
    return wall, int(rss.group(1)) / 1024 if rss else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tools", nargs="+", default=TOOLS, choices=TOOLS)
    parser.add_argument("--modes", nargs="+", default=["cold", "warm"], choices=["cold", "warm"])
    parser.add_argument("--sadoc", default=os.path.join(TARGET, "release", "sadoc"))
    parser.add_argument("--floor", default=os.path.join(TARGET, "release", "examples",
                                                        "markdown_floor"))
    parser.add_argument("--skip", nargs="*", default=["mkdocs@10000", "mkdocs-material@10000"],
                        help="tool@pages pairs not to run (MkDocs is quadratic: hours at 10,000)")
    parser.add_argument("--once", nargs="*", default=[],
                        help="tool@pages pairs to run once per mode instead of --runs times")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    rows = []
    for pages in args.pages:
        root, docs = corpus(pages)
        results, setups = {}, {}
        for tool in args.tools:
            if f"{tool}@{pages}" in args.skip:
                results[tool] = "skipped"
            elif not available(tool, args):
                results[tool] = "not installed"
            else:
                work, out = layout(tool, root, docs)
                runs = 1 if f"{tool}@{pages}" in args.once else args.runs
                setups[tool] = (command(tool, args, work, out, docs), work, out, runs)
                results[tool] = {}
        for mode in args.modes:
            # The tools take turns, one run each per round, so that a machine whose speed
            # drifts during the call slows every tool alike; ratios are taken round by round.
            measured = {tool: [] for tool in setups}
            for tool, (cmd, work, out, runs) in setups.items():
                if mode == "warm" and tool.startswith("sadoc") and runs:
                    try:
                        timed(cmd, work, out, cold=False)  # leaves the cache a rebuild finds
                    except RuntimeError as e:
                        print(e, file=sys.stderr)
                        results[tool] = "failed"
            for round_ in range(args.runs):
                for tool, (cmd, work, out, runs) in setups.items():
                    if round_ >= runs or not isinstance(results[tool], dict):
                        continue
                    if not tool.startswith("sadoc") and runs == 1 and results[tool]:
                        # A peer keeps nothing between builds: its single slow build stands
                        # for both modes (marked ² in the table).
                        wall, rss, _, _ = next(iter(results[tool].values()))
                        measured[tool].append((wall, rss))
                        continue
                    try:
                        measured[tool].append(timed(cmd, work, out, cold=mode == "cold"))
                    except RuntimeError as e:
                        print(e, file=sys.stderr)
                        results[tool] = "failed"
            for tool, runs_ in measured.items():
                if not runs_ or not isinstance(results[tool], dict):
                    continue
                reused = not tool.startswith("sadoc") and setups[tool][3] == 1 and results[tool]
                wall = statistics.median(r[0] for r in runs_)
                rss = statistics.median(r[1] for r in runs_)
                results[tool][mode] = (wall, rss, 0 if reused else len(runs_), [r[0] for r in runs_])
                print(f"{pages:>6} pages  {tool:<16} {mode:<5} {wall:8.2f} s  {rss:7.0f} MB"
                      f"  ({len(runs_)} run{'s' if len(runs_) > 1 else ''})", flush=True)
        rows.append((pages, results))
    table = render(rows, args.runs, args.modes)
    print()
    print(table)
    if args.write_docs:
        write_docs(table)


def render(rows, runs, modes):
    head = "| pages | tool |"
    rule = "|---|---|"
    for mode in modes:
        head += f" {mode} (s) | {mode} peak (MB) | sadoc / tool, {mode} |"
        rule += "---|---|---|"
    lines = [f"Median of {runs} runs (1 where marked ¹; ² the same single build as the "
             "other mode: that tool keeps nothing between builds); peak RSS from GNU time; the tools "
             "take turns, one run each per round; ratio = sadoc's time / the tool's time, the "
             "median of the rounds' ratios (of the medians where marked); every run starts from an empty "
             "output folder. Cold: sadoc without its build cache; warm: an unchanged rebuild, "
             "sadoc with the cache its previous build left (the peers keep nothing between "
             "builds).", "", head, rule]
    for pages, results in rows:
        sadoc = results.get("sadoc")
        for tool, result in results.items():
            if isinstance(result, str):
                lines.append(f"| {pages:,} | {tool} | {result} |" + " |" * (3 * len(modes) - 1))
                continue
            line = f"| {pages:,} | {tool} |"
            for mode in modes:
                wall, rss, n, walls = result[mode]
                mark = "¹" if n == 1 and runs > 1 else "²" if n == 0 else ""
                ratio = ""
                if isinstance(sadoc, dict) and tool != "sadoc":
                    ratio = f"{paired(sadoc[mode][3], walls):.2f}×"
                    if tool == "sadoc-workspace":
                        ratio = f"workspace / one project: {1 / paired(sadoc[mode][3], walls):.2f}×"
                line += f" {wall:.2f}{mark} | {rss:.0f} | {ratio} |"
            lines.append(line)
    return "\n".join(lines)


def paired(sadoc_walls, tool_walls):
    """sadoc's time over the tool's: the median of the rounds' ratios when both ran every
    round, else the ratio of the medians."""
    if len(sadoc_walls) == len(tool_walls) > 1:
        return statistics.median(a / b for a, b in zip(sadoc_walls, tool_walls))
    return statistics.median(sadoc_walls) / statistics.median(tool_walls)


def write_docs(table):
    path = os.path.join(REPO, "docs", "guide", "performance.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start, end = "<!-- compare:start -->", "<!-- compare:end -->"
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    stamp = time.strftime("%Y-%m-%d")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"{before}{start}\nMeasured {stamp} by `benches/compare.sh` on a "
                f"{os.cpu_count()}-core machine.\n\n{table}\n{end}{after}")


if __name__ == "__main__":
    main()
