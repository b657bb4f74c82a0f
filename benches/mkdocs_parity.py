#!/usr/bin/env python3
"""MkDocs parity on real mkdocs-material projects (issue 35's differential harness).

Usage: benches/mkdocs_parity.py [--sadoc PATH] [--venv DIR] [--setup] [--sources DIR]
                               [--work DIR] [--only NAME] [--runs N] [--examples N]
                               [--json FILE] [--no-zensical]

For each project of benches/mkdocs_projects.json (a repository at a pinned commit and the
mkdocs.yml it builds with), the harness:
  * exports the commit into WORK/<owner+name>/src (from SOURCES/<owner+name>/repo, a git mirror
    such as the `fetch` tool makes, or SOURCES/<owner+name> as a work tree, else a `git clone`),
    and commits it to a fresh git repository there (git plugins read dates from it);
  * builds it with the real MkDocs (the pinned versions of the manifest, installed into VENV by
    --setup) and with sadoc, each with and without --strict, and with Zensical when installed;
  * compares every page MkDocs built from markdown: the page set, <title>, h1, heading ids,
    table-of-contents entries, admonition/details/tab titles, code-block text, definition
    lists, and MkDocs syntax left as visible text (counted where sadoc's page shows more of it
    than MkDocs' page; icons, code annotations, macros, inline highlighting and blog syntax —
    the extras of the next issue — are counted apart, and so are code blocks that include a
    file through the macros plugin);
  * times cold builds (median of RUNS) of MkDocs, Zensical and sadoc, side by side.

It prints one table, then the first EXAMPLES differences of each kind per project, and writes
everything to FILE as JSON. It is a benchmark, not a test: it needs the network (or mirrors)
and minutes per project. The projects' sources never enter this repository.
"""
import argparse
import html as htmllib
import json
from html.parser import HTMLParser
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, "mkdocs_projects.json")

# MkDocs syntax a reader may see as text, and whether it is an extra of the next issue.
SYNTAX = [
    ("admonition", re.compile(r"(?m)^\s*(?:!!!|\?\?\?\+?)\s*[\w\"]"), False),
    ("tab", re.compile(r"(?m)^\s*===[+!]?\s+\""), False),
    ("snippet", re.compile(r"--8<--"), False),
    ("attribute list", re.compile(r"\{:?\s*[#.][\w-]+[^}]*\}"), False),
    ("footnote", re.compile(r"\[\^[^\]\s]+\]"), False),
    ("definition", re.compile(r"(?m)^:\s{1,3}\S"), False),
    ("link", re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"), False),
    ("heading", re.compile(r"(?m)^#{1,6}\s+\S"), False),
    ("emphasis", re.compile(r"\*\*[^*\s][^*\n]*\*\*"), False),
    ("fence", re.compile(r"(?m)^\s*(?:```|~~~)"), False),
    ("table", re.compile(r"(?m)^\s*\|.*\|\s*$"), False),
    ("keys", re.compile(r"\+\+[a-z0-9]+(?:\+[a-z0-9]+)*\+\+"), False),
    ("emoji", re.compile(r"(?<![\w:/]):(?!(?:material|octicons|fontawesome|simple)-)[a-z0-9_+]+:(?![\w/])"), False),
    ("critic", re.compile(r"\{(?:\+\+|--|~~|==|>>)"), False),
    ("block", re.compile(r"(?m)^///"), False),
    ("icon", re.compile(r":(?:material|octicons|fontawesome|simple)-[\w-]+:"), True),
    ("macro", re.compile(r"\{\{.*?\}\}|\{%.*?%\}"), True),
    ("annotation", re.compile(r"\{\s*\.annotate\s*\}"), True),
    ("inline highlight", re.compile(r"`?#!\w+\s"), True),
]

MACRO = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\[\[%.*?%\]\]")
TITLE = re.compile(r"(?s)<title>(.*?)</title>")
H1 = re.compile(r"(?s)<h1[^>]*>(.*?)</h1>")
IDS = re.compile(r"<h[1-6][^>]*\bid=\"([^\"]+)\"")
HREFS = re.compile(r"href=\"#([^\"]+)\"")
LABELS = re.compile(r"(?s)<p class=\"admonition-title\">(.*?)</p>|<summary[^>]*>(.*?)</summary>"
                    r"|<label for=\"__tabbed_[^\"]*\">(.*?)</label>")
ANCHORS = re.compile(r"(?s)<a class=\"(?:headerlink|heading-anchor)\"[^>]*>.*?</a>")
TAGS = re.compile(r"<[^>]+>")
PRE = re.compile(r"(?s)<pre[^>]*>(.*?)</pre>")
# Pygments' line-number column (linenums): a number per line, not the block's text.
LINENOS = re.compile(r'(?s)<td class="linenos">.*?</td>')
CODE = re.compile(r"(?s)<code[^>]*>.*?</code>")
DEFS = re.compile(r"(?s)<(dt|dd)>(.*?)</(?:dt|dd)>")
SCRIPT = re.compile(r"(?s)<(script|style)[^>]*>.*?</\1>")


class Requote(HTMLParser):
    """Writes HTML back with every attribute quoted (minified pages leave them bare)."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out = []

    def _tag(self, tag, attrs, close=""):
        quoted = "".join(f' {k}="{htmllib.escape(v or "", quote=True)}"' if v is not None else f" {k}"
                         for k, v in attrs)
        self.out.append(f"<{tag}{quoted}{close}>")

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs, " /")

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")


def requote(page):
    parser = Requote()
    parser.feed(page)
    parser.close()
    return "".join(parser.out)


def text_of(fragment):
    return " ".join(htmllib.unescape(TAGS.sub("", ANCHORS.sub("", fragment))).split())


def between(page, start, end):
    i = page.find(start)
    if i < 0:
        return ""
    rest = page[i:]
    j = rest.find(end)
    return rest if j < 0 else rest[:j]


def material_toc(page):
    """mkdocs-material's secondary navigation, to its own closing tag; nothing when the page
    hides its sidebar (`hide: [toc]`: the navigation still holds it for small screens)."""
    if re.search(r"md-sidebar--secondary\"[^>]*\bhidden\b", page):
        return ""
    i = page.find("<nav class=\"md-nav md-nav--secondary\"")
    if i < 0:
        return ""
    rest, depth = page[i:], 0
    for m in re.finditer(r"</?nav\b", rest):
        depth += -1 if m.group(0).startswith("</") else 1
        if depth == 0:
            return rest[:m.start()]
    return rest


class Layout:
    def __init__(self, name, content, toc, separator):
        self.name, self.content, self.toc, self.separator = name, content, toc, separator


MATERIAL = Layout("mkdocs", lambda p: between(p, "<article", "</article>"), material_toc, " - ")
SADOC = Layout("sadoc", lambda p: sadoc_content(between(p, "<article class=\"page\">", "</article>")),
               lambda p: between(p, "<aside class=\"toc\"", "</aside>"), " · ")


def sadoc_content(article):
    """The page's h1 and its markdown, without the metadata sadoc shows under the title."""
    h1 = H1.search(between(article, "<header class=\"page-header\">", "</header>"))
    body = article.find("<div class=\"markdown\">")
    return (h1.group(0) if h1 else "") + (article[body:] if body >= 0 else article)


def visible_text(content):
    """What a reader sees of the content, code left out, line breaks kept."""
    content = SCRIPT.sub("", content)
    content = PRE.sub("\n", content)
    content = CODE.sub(" ", content)
    content = re.sub(r"(?i)<(?:br|/p|/li|/h\d|/div|/dt|/dd|/tr|/summary|p|li|div|dt|dd|tr)\b[^>]*>", "\n", content)
    return htmllib.unescape(TAGS.sub("", content))


def facts(site, layout, site_name):
    """The facts of every page of a built site made from markdown, by site path."""
    pages = {}
    for folder, _, files in os.walk(site):
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, site).replace(os.sep, "/")
            if rel == "404.html":
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                page = requote(f.read())
            if "http-equiv=\"refresh\"" in page[:2000] and "<article" not in page:
                continue  # a redirect page (mkdocs-redirects)
            content = layout.content(page)
            if not content:
                continue
            title = TITLE.search(page)
            title = text_of(title.group(1)) if title else ""
            # The site's name after the page's (` - `, or another separator a theme override
            # chose); the name alone stays.
            for sep in (" - ", " | ", " · ", " — ", " – "):
                if title.endswith(sep + site_name):
                    title = title[: -len(sep + site_name)]
                    break
            h1 = H1.search(content)
            shown = visible_text(content)
            pages[rel] = {
                "title": title,
                "h1": text_of(h1.group(1)) if h1 else "",
                "ids": IDS.findall(content),
                "toc": [h for h in HREFS.findall(layout.toc(page)) if h != "__skip"],
                "labels": [text_of(next(g for g in m.groups() if g is not None))
                           for m in LABELS.finditer(content)],
                "code": [htmllib.unescape(TAGS.sub("", m.group(1))).rstrip()
                         for m in PRE.finditer(LINENOS.sub("", content))],
                "definitions": [f"{m.group(1)}: {text_of(m.group(2))}" for m in DEFS.finditer(content)],
                "syntax": {name: len(rx.findall(shown)) for name, rx, _ in SYNTAX},
            }
    return pages


def run(cmd, cwd, env=None, timeout=1800):
    start = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return p.returncode, time.perf_counter() - start, p.stdout + p.stderr


def export(project, sources, work):
    """The project's files at its commit, in a git repository of their own (a `path` entry:
    a folder of this repository, copied)."""
    slug = project["repo"].replace("/", "+")
    if "path" in project:
        dest = os.path.join(work, slug, "src")
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(os.path.join(HERE, "..", project["path"]), dest)
        return dest
    dest = os.path.join(work, slug, "src")
    stamp = os.path.join(work, slug, "commit")
    if os.path.isdir(dest) and open(stamp).read().strip() == project["commit"]:
        return dest
    shutil.rmtree(os.path.join(work, slug), ignore_errors=True)
    os.makedirs(dest)
    mirror = os.path.join(sources, slug, "repo") if sources else None
    tree = os.path.join(sources, slug) if sources else None
    if mirror and os.path.isdir(mirror):
        git_dir = mirror
    elif tree and os.path.isdir(os.path.join(tree, ".git")):
        git_dir = os.path.join(tree, ".git")
    else:
        git_dir = os.path.join(work, slug, "clone.git")
        subprocess.run(["git", "clone", "--bare", "--filter=blob:none",
                        f"https://github.com/{project['repo']}", git_dir], check=True)
    archive = subprocess.run(["git", "--git-dir", git_dir, "archive", project["commit"]],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", dest], input=archive, check=True)
    git = ["git", "-c", "user.email=parity@sadoc", "-c", "user.name=parity"]
    subprocess.run(git + ["init", "-q"], cwd=dest, check=True)
    subprocess.run(git + ["add", "-A"], cwd=dest, check=True, capture_output=True)
    subprocess.run(git + ["commit", "-qm", project["commit"]], cwd=dest, check=True)
    with open(stamp, "w") as f:
        f.write(project["commit"])
    return dest


def top_level(config_path, key, default=""):
    """A top-level scalar of mkdocs.yml, read without a YAML parser (tags such as !!python/name
    would stop one)."""
    with open(config_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(key + ":"):
                return line.split(":", 1)[1].strip().strip("\"'")
    return default


def site_name(config_path):
    return top_level(config_path, "site_name")


ANNOTATION_ONLY = re.compile(r"[ \t]*(?:#|//|--|;|%)[ \t]*\((\d+)\)!")
ANNOTATION = re.compile(r"\((\d+)\)")


def annotated(code):
    """Code as mkdocs-material's script shows it with its annotation markers as buttons."""
    return ANNOTATION.sub(r"\1", ANNOTATION_ONLY.sub(r" \1", code))


def compare(mk, ours, examples):
    """Per field: pages agreeing, and the first differences."""
    fields = ["title", "h1", "ids", "toc", "labels", "code", "definitions"]
    result = {"pages": len(mk), "built": 0, "missing": [], "agree": {f: 0 for f in fields},
              "diffs": {f: [] for f in fields}, "syntax_pages": 0, "extras_pages": 0,
              "syntax": {}, "syntax_examples": []}
    for page, theirs in sorted(mk.items()):
        mine = ours.get(page)
        if mine is None:
            result["missing"].append(page)
            continue
        result["built"] += 1
        macro_code = False
        for f in fields:
            if mine[f] == theirs[f]:
                result["agree"][f] += 1
                continue
            if f == "code" and mine[f] == [annotated(c) for c in theirs[f]]:
                # Code annotations: mkdocs-material's script turns `# (1)!` into a button
                # labelled 1 in the browser; sadoc writes the button.
                result["agree"][f] += 1
                continue
            if f == "code" and any(MACRO.search(c) for c in set(mine[f]) - set(theirs[f])):
                # A block that includes a file through the macros plugin: an extra.
                result["agree"][f] += 1
                macro_code = True
                continue
            if len(result["diffs"][f]) < examples:
                result["diffs"][f].append({"page": page, "sadoc": mine[f], "mkdocs": theirs[f]})
        shown, extras = [], []
        for name, _, extra in SYNTAX:
            more = mine["syntax"][name] - theirs["syntax"][name]
            if more > 0:
                (extras if extra else shown).append(name)
                result["syntax"][name] = result["syntax"].get(name, 0) + 1
        if shown:
            result["syntax_pages"] += 1
            if len(result["syntax_examples"]) < examples:
                result["syntax_examples"].append({"page": page, "kinds": shown})
        if extras or macro_code:
            result["extras_pages"] += 1
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sadoc", default=os.environ.get("SADOC", "sadoc"))
    ap.add_argument("--venv", default=os.path.expanduser("~/.cache/sadoc-tools/parity-venv"))
    ap.add_argument("--setup", action="store_true", help="create VENV with the manifest's pinned packages")
    ap.add_argument("--sources", default=os.environ.get("PARITY_SOURCES", "/work/.mirror"))
    ap.add_argument("--work", default="/tmp/sadoc-parity")
    ap.add_argument("--only", help="one project (owner/name)")
    ap.add_argument("--runs", type=int, default=3, help="timed cold builds per tool")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--json", default=None)
    ap.add_argument("--no-zensical", action="store_true")
    ap.add_argument("--compare-only", action="store_true",
                    help="compare the sites of the last run again, building nothing")
    args = ap.parse_args()
    manifest = json.load(open(MANIFEST))
    if args.setup:
        subprocess.run([sys.executable, "-m", "venv", args.venv], check=True)
        subprocess.run([os.path.join(args.venv, "bin", "pip"), "install", "-q"] + manifest["pip"], check=True)
    mkdocs = os.path.join(args.venv, "bin", "mkdocs")
    zensical = os.path.join(args.venv, "bin", "zensical")
    if not os.path.exists(mkdocs):
        sys.exit(f"no mkdocs in {args.venv}: run with --setup")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    os.makedirs(args.work, exist_ok=True)
    report = []
    for project in manifest["projects"]:
        if args.only and project["repo"] != args.only:
            continue
        src = export(project, args.sources, args.work)
        out = os.path.join(args.work, project["repo"].replace("/", "+"))
        config = project["config"]
        name = site_name(os.path.join(src, config))
        mk_site, our_site = os.path.join(out, "mkdocs-site"), os.path.join(out, "sadoc-site")
        row = {"repo": project["repo"], "commit": project.get("commit", "working tree")}
        times = {"mkdocs": [], "sadoc": [], "zensical": []}
        if args.compare_only:
            row.update(json.load(open(os.path.join(out, "run.json"))))
            row.update(compare(facts(mk_site, MATERIAL, name), facts(our_site, SADOC, name), args.examples))
            report.append(row)
            continue
        for i in range(args.runs):
            code, secs, log = run([mkdocs, "build", "-q", "-f", config, "--site-dir", mk_site], src, env)
            row["mkdocs_exit"] = code
            times["mkdocs"].append(secs)
            if i == 0 and code != 0:
                row["mkdocs_log"] = log[-2000:]
            shutil.rmtree(os.path.join(src, ".cache", "sadoc"), ignore_errors=True)
            code, secs, log = run([args.sadoc, "build", "-q", "--config", config, "-o", our_site], src, env)
            row["sadoc_exit"] = code
            times["sadoc"].append(secs)
            if i == 0:
                row["sadoc_warnings"] = log.count("warning:")
                row["sadoc_plugin_warnings"] = len(re.findall(r"warning: MkDocs plugin", log))
                if code != 0:
                    row["sadoc_log"] = log[-2000:]
            if os.path.exists(zensical) and not args.no_zensical:
                code, secs, log = run([zensical, "build", "-c", "-f", config], src, env)
                row["zensical_exit"] = code
                times["zensical"].append(secs)
                if i == 0 and code != 0:
                    row["zensical_log"] = log[-1500:]
                # Zensical has no --site-dir: it writes the config's site_dir, which a project
                # whose docs_dir is its root would read back as pages in the next build.
                zensical_site = os.path.normpath(os.path.join(
                    src, os.path.dirname(config), top_level(os.path.join(src, config), "site_dir", "site")))
                if zensical_site.startswith(os.path.normpath(src) + os.sep):
                    shutil.rmtree(zensical_site, ignore_errors=True)
        # Not quiet: MkDocs counts the warnings it logs, and -q logs none.
        row["mkdocs_strict_exit"] = run([mkdocs, "build", "--strict", "-f", config, "--site-dir",
                                         mk_site + "-strict"], src, env)[0]
        row["sadoc_strict_exit"] = run([args.sadoc, "build", "-q", "--strict", "--config", config,
                                        "-o", our_site + "-strict"], src, env)[0]
        row["seconds"] = {k: round(statistics.median(v), 3) for k, v in times.items() if v}
        with open(os.path.join(out, "run.json"), "w") as f:
            json.dump(row, f)
        mk, ours = facts(mk_site, MATERIAL, name), facts(our_site, SADOC, name)
        row.update(compare(mk, ours, args.examples))
        report.append(row)
    print_report(report)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1, ensure_ascii=False)


def pct(n, d):
    return f"{100 * n / d:.1f}%" if d else "–"


def print_report(report):
    head = ["project", "pages", "built", "exit (strict)", "title", "h1", "ids", "toc", "labels", "code",
            "defs", "syntax as text", "extras", "MkDocs s", "Zensical s", "sadoc s", "×MkDocs"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    totals = {"pages": 0, "built": 0}
    agree_totals = {}
    for r in report:
        built = r["built"]
        totals["pages"] += r["pages"]
        totals["built"] += built
        for f, n in r["agree"].items():
            agree_totals[f] = agree_totals.get(f, 0) + n
        s = r["seconds"]
        exits = f"{r['sadoc_exit']} ({r['sadoc_strict_exit']}; MkDocs {r['mkdocs_exit']} ({r['mkdocs_strict_exit']}))"
        zen = "–"
        if "zensical" in s:
            zen = f"{s['zensical']:.2f}" if r.get("zensical_exit") == 0 else f"failed ({r.get('zensical_exit')})"
        cells = [r["repo"], r["pages"], built, exits] + [pct(r["agree"][f], built) for f in
                 ["title", "h1", "ids", "toc", "labels", "code", "definitions"]] + [
            r["syntax_pages"], r["extras_pages"], f"{s['mkdocs']:.2f}", zen, f"{s['sadoc']:.2f}",
            f"{s['mkdocs'] / s['sadoc']:.0f}×" if s["sadoc"] else "–"]
        print("| " + " | ".join(str(c) for c in cells) + " |")
    b = totals["built"]
    print(f"| all | {totals['pages']} | {b} | | " + " | ".join(
        pct(agree_totals.get(f, 0), b) for f in ["title", "h1", "ids", "toc", "labels", "code", "definitions"])
        + f" | {sum(r['syntax_pages'] for r in report)} | {sum(r['extras_pages'] for r in report)} | | | | |")
    for r in report:
        print(f"\n## {r['repo']} @ {r['commit'][:12]}")
        if r["missing"]:
            print(f"missing in sadoc ({len(r['missing'])}): {r['missing'][:10]}")
        for key in ("mkdocs_log", "sadoc_log", "zensical_log"):
            if key in r:
                print(f"{key}:\n{r[key]}")
        print(f"plugin warnings: {r.get('sadoc_plugin_warnings')}; warnings: {r.get('sadoc_warnings')}")
        for f, diffs in r["diffs"].items():
            for d in diffs:
                print(f"- {f} {d['page']}:\n    sadoc:  {str(d['sadoc'])[:400]}\n    mkdocs: {str(d['mkdocs'])[:400]}")
        if r["syntax"]:
            print(f"syntax shown as text, pages by kind: {r['syntax']}")
        for e in r["syntax_examples"]:
            print(f"- syntax {e['page']}: {e['kinds']}")


if __name__ == "__main__":
    main()
