//! MkDocs is the specification: each class of difference issue 35 measured on real
//! mkdocs-material sites, reproduced in a few lines, built by the real `mkdocs` (PyPI, with
//! mkdocs-material; `.ci/run` installs them) and by sadoc, and compared page by page — the
//! `<title>`, the h1, every heading id, the table of contents, footnote ids and the text of
//! admonition titles and tab labels. Where mkdocs is not installed the tests skip (in CI they
//! must run).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::harness::Project;

/// What a reader can tell about one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The page's part of the `<title>` (without the site name); the site name alone on the home
    /// page.
    pub title: String,
    /// The h1's text (tags and the permalink symbol removed).
    pub h1: String,
    /// The ids of every heading in the content, in order (`h1`…`h6`).
    pub ids: Vec<String>,
    /// The table of contents' targets, in order.
    pub toc: Vec<String>,
    /// Footnote and footnote-reference ids.
    pub footnotes: Vec<String>,
    /// The inner HTML of admonition titles, details summaries and tab labels.
    pub labels: Vec<String>,
    /// The text of every code block.
    pub code: Vec<String>,
    /// Each term and definition of the definition lists: `dt:` or `dd:` and its text, its
    /// white space collapsed.
    pub definitions: Vec<String>,
    /// The text of every paragraph (`<p>` without attributes), tags removed and white space
    /// collapsed: markdown shown as typed shows here.
    pub paragraphs: Vec<String>,
}

/// The pages of both builds.
pub struct Both {
    pub ours: BTreeMap<String, Facts>,
    pub theirs: BTreeMap<String, Facts>,
}

impl Both {
    /// Asserts that every page MkDocs built is built by sadoc and agrees on `what`.
    #[track_caller]
    pub fn agree(&self, what: &[&str]) {
        for (page, theirs) in &self.theirs {
            let ours = self
                .ours
                .get(page)
                .unwrap_or_else(|| panic!("sadoc did not build {page}: {:?}", self.ours.keys()));
            for field in what {
                let (a, b) = match *field {
                    "title" => (format!("{:?}", ours.title), format!("{:?}", theirs.title)),
                    "h1" => (format!("{:?}", ours.h1), format!("{:?}", theirs.h1)),
                    "ids" => (format!("{:?}", ours.ids), format!("{:?}", theirs.ids)),
                    "toc" => (format!("{:?}", ours.toc), format!("{:?}", theirs.toc)),
                    "footnotes" => (
                        format!("{:?}", ours.footnotes),
                        format!("{:?}", theirs.footnotes),
                    ),
                    "labels" => (format!("{:?}", ours.labels), format!("{:?}", theirs.labels)),
                    "code" => (format!("{:#?}", ours.code), format!("{:#?}", theirs.code)),
                    "paragraphs" => (
                        format!("{:#?}", ours.paragraphs),
                        format!("{:#?}", theirs.paragraphs),
                    ),
                    "definitions" => (
                        format!("{:#?}", ours.definitions),
                        format!("{:#?}", theirs.definitions),
                    ),
                    other => panic!("no field {other}"),
                };
                assert_eq!(a, b, "{page}: {field} (left: sadoc, right: MkDocs)");
            }
        }
    }
}

/// The real `mkdocs`, when installed.
pub fn mkdocs() -> Option<String> {
    let mkdocs = std::env::var("SADOC_MKDOCS").unwrap_or_else(|_| "mkdocs".to_string());
    crate::tools::available(&mkdocs, &["--version"]).then_some(mkdocs)
}

/// Builds `p` (an MkDocs project: `mkdocs.yml` and `docs/`) with MkDocs into `mkdocs-site/` and
/// with sadoc into `site/`; both builds must succeed.
pub fn build_both(p: &Project) -> Option<Both> {
    let mkdocs = mkdocs()?;
    let out = Command::new(&mkdocs)
        .args(["build", "--site-dir"])
        .arg(p.path("mkdocs-site"))
        .current_dir(&p.root)
        .env("NO_MKDOCS_2_WARNING", "1")
        .output()
        .expect("mkdocs runs");
    assert!(
        out.status.success(),
        "mkdocs build fails:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    p.build(&[]).expect_code(0);
    let config = std::fs::read_to_string(p.path("mkdocs.yml")).unwrap();
    let site_name = config
        .lines()
        .find_map(|l| l.strip_prefix("site_name:"))
        .unwrap_or_default()
        .trim()
        .to_string();
    Some(Both {
        ours: facts(&p.path("site"), &Sadoc, &site_name),
        theirs: facts(&p.path("mkdocs-site"), &Material, &site_name),
    })
}

/// Where a theme puts what a page says.
trait Layout {
    /// The page's content (where headings and footnotes are).
    fn content<'h>(&self, html: &'h str) -> &'h str;
    /// The table of contents.
    fn toc<'h>(&self, html: &'h str) -> &'h str;
    /// The separator between the page's and the site's part of the `<title>`.
    fn title_separator(&self) -> &'static str;
}

struct Material;
impl Layout for Material {
    fn content<'h>(&self, html: &'h str) -> &'h str {
        between(html, "<article", "</article>")
    }
    fn toc<'h>(&self, html: &'h str) -> &'h str {
        // The secondary navigation, to its own closing tag (it nests a `<nav>` per level).
        let Some(start) = html.find("<nav class=\"md-nav md-nav--secondary\"") else {
            return "";
        };
        let rest = &html[start..];
        let mut depth = 0;
        let mut at = 0;
        while let Some(next) = rest[at..].find("nav") {
            let i = at + next;
            if rest[..i].ends_with('<') {
                depth += 1;
            } else if rest[..i].ends_with("</") {
                depth -= 1;
                if depth == 0 {
                    return &rest[..i];
                }
            }
            at = i + 3;
        }
        rest
    }
    fn title_separator(&self) -> &'static str {
        " - "
    }
}

struct Sadoc;
impl Layout for Sadoc {
    fn content<'h>(&self, html: &'h str) -> &'h str {
        between(html, "<article class=\"page\">", "</article>")
    }
    fn toc<'h>(&self, html: &'h str) -> &'h str {
        between(html, "<aside class=\"toc\"", "</aside>")
    }
    fn title_separator(&self) -> &'static str {
        " · "
    }
}

fn between<'h>(html: &'h str, start: &str, end: &str) -> &'h str {
    let Some(from) = html.find(start) else {
        return "";
    };
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The facts of every page of a built site that comes from a markdown file.
fn facts(site: &Path, layout: &dyn Layout, site_name: &str) -> BTreeMap<String, Facts> {
    let title = regex::Regex::new(r"(?s)<title>(.*?)</title>").unwrap();
    let h1 = regex::Regex::new(r"(?s)<h1[^>]*>(.*?)</h1>").unwrap();
    let ids = regex::Regex::new(r#"<h[1-6][^>]*\bid="([^"]+)""#).unwrap();
    let hrefs = regex::Regex::new(r##"href="#([^"]+)""##).unwrap();
    let notes = regex::Regex::new(r#"\bid="(fn(?:ref)?:[^"]+)""#).unwrap();
    let labels = regex::Regex::new(
        r#"(?s)<p class="admonition-title">(.*?)</p>|<summary[^>]*>(.*?)</summary>|<label for="__tabbed_[^"]*">(.*?)</label>"#,
    )
    .unwrap();
    let anchors =
        regex::Regex::new(r#"(?s)<a class="(?:headerlink|heading-anchor)"[^>]*>.*?</a>"#).unwrap();
    let tags = regex::Regex::new(r"<[^>]+>").unwrap();
    let code = regex::Regex::new(r"(?s)<pre[^>]*>(.*?)</pre>").unwrap();
    let definitions = regex::Regex::new(r"(?s)<(dt|dd)>(.*?)</(?:dt|dd)>").unwrap();
    let paragraphs = regex::Regex::new(r"(?s)<p>(.*?)</p>").unwrap();
    let collapse = |html: &str| {
        let text = decode(&tags.replace_all(html, ""));
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry
            .path()
            .strip_prefix(site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let content = layout.content(&html);
        let page_title = title
            .captures(&html)
            .map(|c| c[1].trim().to_string())
            .unwrap_or_default();
        let suffix = format!("{}{site_name}", layout.title_separator());
        let page_title = page_title
            .strip_suffix(&suffix)
            .unwrap_or(&page_title)
            .to_string();
        let text = |s: &str| {
            let s = anchors.replace_all(s, "");
            decode(&tags.replace_all(&s, "")).trim().to_string()
        };
        out.insert(
            rel,
            Facts {
                title: text(&page_title),
                h1: h1
                    .captures(content)
                    .map(|c| text(&c[1]))
                    .unwrap_or_default(),
                ids: ids
                    .captures_iter(content)
                    .map(|c| c[1].to_string())
                    .collect(),
                toc: hrefs
                    .captures_iter(layout.toc(&html))
                    .map(|c| c[1].to_string())
                    .filter(|id| id != "__skip")
                    .collect(),
                footnotes: notes
                    .captures_iter(content)
                    .map(|c| c[1].to_string())
                    .collect(),
                labels: labels
                    .captures_iter(content)
                    .filter_map(|c| c.get(1).or(c.get(2)).or(c.get(3)))
                    .map(|m| m.as_str().trim().to_string())
                    .collect(),
                code: code
                    .captures_iter(content)
                    .map(|c| decode(&tags.replace_all(&c[1], "")).trim_end().to_string())
                    .collect(),
                definitions: definitions
                    .captures_iter(content)
                    .map(|c| format!("{}: {}", &c[1], collapse(&c[2])))
                    .collect(),
                paragraphs: paragraphs
                    .captures_iter(content)
                    .map(|c| collapse(&c[1]))
                    .collect(),
            },
        );
    }
    out
}

/// Text with the entities both tools write decoded.
fn decode(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

pub fn project(config: &str, pages: &[(&str, &str)]) -> Project {
    let mut p = Project::empty().file("mkdocs.yml", config);
    for (path, text) in pages {
        p = p.file(&format!("docs/{path}"), text);
    }
    p
}

pub const MATERIAL: &str = "site_name: Team\ntheme: material\nuse_directory_urls: false\n";

/// Class 1: a page's title comes from `nav:`, then front matter `title:`, then its first
/// `# heading`, then its file name; its h1 is its own `# heading`, and only a page without one
/// shows the title as its h1.
#[test]
fn titles_and_h1s_follow_nav_front_matter_and_headings() {
    let config = format!(
        "{MATERIAL}nav:\n  - Home: index.md\n  - Pull Requests: pr.md\n  - Named: named.md\n  - guide.md\n  - lower-case_name.md\n  - late-heading.md\n"
    );
    let p = project(
        &config,
        &[
            ("index.md", "# Welcome\n\nText.\n"),
            ("pr.md", "Intro without a heading.\n\n## Review\n"),
            ("named.md", "# Its Own Heading\n\nText.\n"),
            (
                "guide.md",
                "---\ntitle: Guide title\n---\n\n# Markdown H1 `code`\n\nText.\n",
            ),
            ("lower-case_name.md", "Text only.\n"),
            ("late-heading.md", "Text first.\n\n# Something else\n"),
        ],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["title", "h1"]);
}

/// Classes 2–4: headings deeper than `###` are in the table of contents (`toc_depth`, default 6); a
/// repeated heading's id ends in `_1`; ids follow the `toc` extension's slugify, by default
/// ASCII (`Héllo` → `hello`, Hangul → `_1`); footnotes are `fn:1` and `fnref:1`; inline syntax
/// rendered as HTML (an abbreviation, a mark) keeps its text in the id.
#[test]
fn heading_ids_tables_of_contents_and_footnotes_are_mkdocs_own() {
    let page = "# Page\n\n## Review\n\n#### Deep\n\n##### Deeper\n\n### Example\n\n### Example\n\n## Review\n\n## Héllo Wörld & Co.\n\n## 결정 기록\n\n## Use `x` -- now\n\n## The CDC ==stream== <small>beta</small>\n\nA note[^1] and another[^note].\n\n[^1]: First.\n[^note]: Second.\n\n*[CDC]: Change Data Capture\n";
    let p = project(
        &format!("{MATERIAL}markdown_extensions: [toc, footnotes, abbr, pymdownx.mark]\n"),
        &[("index.md", "# Home\n"), ("page.md", page)],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["ids", "toc", "footnotes"]);
    // The same with `toc_depth: 3`, a separator of its own and pymdownx's unicode slugs.
    let p = project(
        &format!(
            "{MATERIAL}markdown_extensions:\n  - footnotes\n  - abbr\n  - pymdownx.mark\n  - toc:\n      toc_depth: 3\n      separator: _\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n"
        ),
        &[("index.md", "# Home\n"), ("page.md", page)],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["ids", "toc", "footnotes"]);
}

/// Class 5: inline markdown in admonition titles, details summaries and tab labels.
#[test]
fn markdown_in_admonition_titles_and_tab_labels_renders() {
    let page = "# Page\n\n!!! note \"Use `x` **now**\"\n    Body.\n\n??? tip \"Open *me*\"\n    Hidden.\n\n=== \"`mkdocs.yml`\"\n\n    One.\n\n=== \"Plain\"\n\n    Two.\n";
    let p = project(
        &format!(
            "{MATERIAL}markdown_extensions:\n  - admonition\n  - pymdownx.details\n  - pymdownx.superfences\n  - pymdownx.tabbed:\n      alternate_style: true\n"
        ),
        &[("index.md", "# Home\n"), ("page.md", page)],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["labels"]);
}

/// Class 6: MkDocs reads every folder of `docs_dir` but hidden ones and `templates/` at its top
/// (its default `exclude_docs`): a section in `target/` or `node_modules/` is built.
#[test]
fn every_folder_mkdocs_reads_is_read() {
    let p = project(
        MATERIAL,
        &[
            ("index.md", "# Home\n"),
            ("target/index.md", "# Targets\n"),
            ("target/page.md", "# A target page\n"),
            ("node_modules/notes.md", "# Notes\n"),
            ("__pycache__/cached.md", "# Cached\n"),
            ("templates/layout.md", "# Not a page\n"),
            (".hidden/secret.md", "# Hidden\n"),
        ],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["title", "h1"]);
    for page in ["templates/layout.html", ".hidden/secret.html"] {
        assert!(!both.theirs.contains_key(page), "MkDocs skips {page}");
        assert!(!both.ours.contains_key(page), "sadoc skips {page}");
    }
    assert!(both.ours.contains_key("target/page.html"));
}

/// Classes 7 and 8: attr_list ids on headings (`{ id="v9.7.0" }`, `{ #id }`), and the
/// admonition and details headers MkDocs accepts: `!!!note` without a space, `??? "Raw data"`
/// without a type, `???tip`.
#[test]
fn heading_attribute_ids_and_every_admonition_header_mkdocs_accepts() {
    let page = "# Changelog\n\n## 9.7.0 { id=\"v9.7.0\" }\n\n## Older { #older }\n\n## Plain\n\n!!!note\n    No space.\n\n??? \"Raw data\"\n    The data.\n\n???tip\n    Collapsed.\n\n???+ warning \"Open\"\n    Shown.\n\n!!! danger \"\"\n    No title.\n";
    let p = project(
        &format!("{MATERIAL}markdown_extensions: [toc, attr_list, admonition, pymdownx.details]\n"),
        &[("index.md", "# Home\n"), ("changelog.md", page)],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["ids", "toc", "labels"]);
    let html = std::fs::read_to_string(p.path("site/changelog.html")).unwrap();
    assert!(
        !html.contains("<code>"),
        "no admonition became a code block: {html}"
    );
}

/// Class 12: an `mkdocs.yml` in a subfolder whose `docs_dir` climbs out of it
/// (`hack/mkdocs.yml`, `docs_dir: ../docs`) builds the same pages as MkDocs, into `hack/site`
/// as MkDocs does, with the logo read from `docs_dir`; a `docs_dir` with no page is a failed
/// build, never an empty success.
#[test]
fn a_docs_dir_outside_the_config_folder_builds_and_no_page_is_no_success() {
    let Some(mkdocs) = mkdocs() else {
        return;
    };
    let p = Project::empty()
        .file(
            "hack/mkdocs.yml",
            "site_name: Team\ntheme:\n  name: material\n  logo: img/logo.svg\ndocs_dir: ../docs\nuse_directory_urls: false\n",
        )
        .file("docs/index.md", "# Home\n")
        .file("docs/guide/setup.md", "# Set up\n\n## Install\n")
        .file("docs/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    let out = Command::new(&mkdocs)
        .args(["build", "-f", "hack/mkdocs.yml", "--site-dir"])
        .arg(p.path("mkdocs-site"))
        .current_dir(&p.root)
        .env("NO_MKDOCS_2_WARNING", "1")
        .output()
        .expect("mkdocs runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    p.run_in(&p.path("hack"), &["build"]).expect_code(0);
    let ours = facts(&p.path("hack/site"), &Sadoc, "Team");
    let theirs = facts(&p.path("mkdocs-site"), &Material, "Team");
    for (page, facts) in &theirs {
        assert_eq!(ours.get(page), Some(facts), "{page}");
    }
    let home = std::fs::read_to_string(p.path("hack/site/index.html")).unwrap();
    assert!(
        home.contains("<img class=\"logo\""),
        "the logo is found in docs_dir"
    );
    assert!(p.path("hack/site/img/logo.svg").is_file());

    let empty = Project::empty()
        .file(
            "hack/mkdocs.yml",
            "site_name: Team\ndocs_dir: ../documentation\n",
        )
        .file("README.md", "# Not in docs_dir\n");
    empty
        .run_in(&empty.path("hack"), &["build"])
        .expect_code(1)
        .expect_stderr("no markdown files found in `documentation`")
        .expect_stderr("check `docs_dir` in mkdocs.yml");
}

/// `mkdocs build`'s exit code for `p`.
fn mkdocs_code(p: &Project, mkdocs: &str) -> i32 {
    Command::new(mkdocs)
        .args(["build", "--site-dir"])
        .arg(p.path("mkdocs-site"))
        .current_dir(&p.root)
        .env("NO_MKDOCS_2_WARNING", "1")
        .output()
        .expect("mkdocs runs")
        .status
        .code()
        .unwrap_or(-1)
}

/// Class 13: a missing snippet inserts nothing in MkDocs unless `check_paths: true`; sadoc
/// builds the page with a warning (which `--strict` still catches), and fails as MkDocs does
/// with `check_paths: true`.
#[test]
fn missing_snippets_follow_check_paths() {
    let Some(mkdocs) = mkdocs() else {
        return;
    };
    let page = "# Page\n\nBefore.\n\n--8<-- \"generated/at-release.md\"\n\nAfter.\n";
    let lenient = project(
        &format!("{MATERIAL}markdown_extensions: [pymdownx.snippets]\n"),
        &[("index.md", "# Home\n"), ("page.md", page)],
    );
    assert_eq!(mkdocs_code(&lenient, &mkdocs), 0, "MkDocs inserts nothing");
    lenient
        .build(&[])
        .expect_code(0)
        .expect_stderr("warning: snippet `generated/at-release.md` not found");
    assert!(lenient.site("page.html").contains("After."));
    lenient.build(&["--strict"]).expect_code(1);
    let strict = project(
        &format!(
            "{MATERIAL}markdown_extensions:\n  - pymdownx.snippets:\n      check_paths: true\n"
        ),
        &[("index.md", "# Home\n"), ("page.md", page)],
    );
    assert_ne!(mkdocs_code(&strict, &mkdocs), 0, "MkDocs fails");
    strict
        .build(&[])
        .expect_code(1)
        .expect_stderr("error: snippet `generated/at-release.md` not found");
}

/// Class 14: `strict: true` in mkdocs.yml makes warnings fail, and `validation:` sets how
/// serious each link problem is — by default a missing page is a warning and a missing anchor
/// a note, as in MkDocs; the same projects pass or fail with both tools.
#[test]
fn strict_and_validation_decide_as_in_mkdocs() {
    let Some(mkdocs) = mkdocs() else {
        return;
    };
    let cases = [
        ("strict: true\n", "[x](other.md#nowhere)", 0),
        ("strict: true\n", "[x](missing.md)", 1),
        (
            "strict: true\nvalidation:\n  links:\n    not_found: info\n",
            "[x](missing.md)",
            0,
        ),
        (
            "strict: true\nvalidation:\n  anchors: warn\n",
            "[x](other.md#nowhere)",
            1,
        ),
        ("", "[x](missing.md)", 0),
    ];
    for (settings, link, code) in cases {
        let p = project(
            &format!("{MATERIAL}{settings}"),
            &[
                ("index.md", &format!("# Home\n\nSee {link}.\n")),
                ("other.md", "# Other\n"),
            ],
        );
        let theirs = mkdocs_code(&p, &mkdocs);
        assert_eq!(
            theirs != 0,
            code != 0,
            "MkDocs with {settings:?} and {link}"
        );
        p.build(&[]).expect_code(code);
    }
}

/// Class 11: SuperFences closes a block only on the same fence at the same indent; a fence
/// indented by one space, or a longer one, inside the block is code, and the page after it is
/// not.
#[test]
fn fences_close_where_superfences_closes_them() {
    let page = "# Page\n\n```md\nExample:\n\n ```py\n print(1)\n ```\n````\n```\n\n## After\n\n~~~\n ~~~\n~~~\n\n## End\n";
    let p = project(
        &format!("{MATERIAL}markdown_extensions: [toc, pymdownx.superfences]\n"),
        &[("index.md", "# Home\n"), ("page.md", page)],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["ids", "code"]);
}

/// Class 9: definition lists as `def_list` reads them — a definition after a heading, a rule
/// or a list is a definition without a term, its lazy lines and indented paragraphs are its
/// own, and each line of a term is a term.
#[test]
fn definitions_follow_def_list() {
    let page = "# Page\n\n## Settings\n\n:   Name of the setting,\n    read at start.\n\n    A second paragraph.\n\n        indented code\n\n## Direct\n:   No blank line.\n\n* * *\n\n:   After a rule.\n\n- item\n\n:   After a list.\nlazy\n\nTerm one\nTerm two\n:   Both.\n\nTerm three\n\n:   Loose.\n\n    More of three.\n\nA paragraph: not a definition\n";
    let p = project(
        &format!("{MATERIAL}markdown_extensions: [toc, def_list]\n"),
        &[("index.md", "# Home\n"), ("page.md", page)],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["ids", "code", "definitions"]);
    assert!(
        !p.site("page.html").contains("<p>:"),
        "no definition is shown as text"
    );
}

/// Class 10: Python-Markdown begins raw HTML only with its block-level elements; a block that
/// starts with an inline tag (`<small>`, `<br/>`, `<span>`) is a paragraph whose markdown is
/// rendered, while a `<div>` stays raw.
#[test]
fn blocks_starting_with_inline_tags_are_paragraphs() {
    let page = "# Page\n\n<small>\n**Bold** text and a [link](index.md).\n</small>\n\n<br/>\n*After a br*\n\n<span class=\"x\">\nSome _em_\n</span>\n\n<div>\n**raw**\n</div>\n\n<kbd>Ctrl</kbd> + **C**\n";
    let p = project(
        &format!("{MATERIAL}markdown_extensions: [toc]\n"),
        &[("index.md", "# Home\n"), ("page.md", page)],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["paragraphs"]);
    let html = p.site("page.html");
    assert!(html.contains("<strong>Bold</strong>"), "{html}");
    assert!(html.contains("**raw**"), "a div stays raw HTML: {html}");
}

/// Class 15: MkDocs leaves the URLs of raw HTML as written, for the browser to resolve from the
/// page's URL (`guide/setup/`), so authors write them that way. sadoc accepts such a URL when
/// it reaches a published file or page, keeps it as written, and still reports one that
/// reaches nothing.
#[test]
fn raw_html_urls_are_checked_as_the_browser_resolves_them() {
    let page = "# Set up\n\n<img src=\"../../assets/diagram.png\" alt=\"d\">\n\n<a href=\"../../other/\">Other</a>\n\n<img src=\"../assets/diagram.png\" alt=\"from the file\">\n";
    let p = project(
        "site_name: Team\ntheme: material\n",
        &[
            ("index.md", "# Home\n"),
            ("other.md", "# Other\n"),
            ("guide/setup.md", page),
            ("assets/diagram.png", "png"),
        ],
    );
    let Some(_) = build_both(&p) else {
        return;
    };
    p.build(&["--strict"]).expect_code(0);
    let html = p.site("guide/setup/index.html");
    let srcs = regex::Regex::new(r#"(?:src|href)="(\.\./[^"]+)""#).unwrap();
    let mut checked = 0;
    for c in srcs.captures_iter(between(&html, "<article class=\"page\">", "</article>")) {
        let url = &c[1];
        let target = p.path("site/guide/setup").join(url);
        let target = if url.ends_with('/') {
            target.join("index.html")
        } else {
            target
        };
        assert!(target.is_file(), "{url} resolves to {}", target.display());
        checked += 1;
    }
    assert_eq!(checked, 3, "{html}");
    assert!(html.contains("href=\"../../other/\""), "kept as written");
    let broken = project(
        "site_name: Team\ntheme: material\n",
        &[
            ("index.md", "# Home\n"),
            (
                "guide/setup.md",
                "# Set up\n\n<img src=\"../../nowhere.png\">\n",
            ),
        ],
    );
    broken
        .build(&["--strict"])
        .expect_code(1)
        .expect_stderr("nowhere.png");
}

/// Class 1, the browser's title as mkdocs-material writes it: front matter's `title:` before
/// the page's title (a `nav:` title names the page in the navigation, not in the browser), and
/// the home page titled by the site's name alone only when `nav:` does not put it in a section.
#[test]
fn the_browser_title_follows_front_matter_and_the_home_page_in_a_section() {
    let config = format!(
        "{MATERIAL}nav:\n  - Welcome:\n    - index.md\n    - Named in nav: named.md\n  - plain.md\n"
    );
    let p = project(
        &config,
        &[
            ("index.md", "# Start here\n"),
            (
                "named.md",
                "---\ntitle: Named in front matter\n---\n\nNo heading.\n",
            ),
            ("plain.md", "# Plain\n"),
        ],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["title", "h1"]);
    assert_eq!(both.ours["index.html"].title, "Start here");
    assert_eq!(both.ours["named.html"].title, "Named in front matter");
}

/// With MkDocs' pretty URLs `getting-started.md` is published as `getting-started/`, the URL of
/// the folder `getting-started/` beside it: the page is built there (no generated folder
/// listing takes its place), with the pages of the folder below it.
#[test]
fn a_page_beside_a_folder_of_its_name_is_built_at_the_folder_url() {
    let p = project(
        "site_name: Team\ntheme: material\nnav:\n  - index.md\n  - Basic Usage: getting-started.md\n  - Ambassador: getting-started/ambassador/index.md\n",
        &[
            ("index.md", "# Home\n"),
            (
                "getting-started.md",
                "# Getting Started\n\n## Requirements\n",
            ),
            ("getting-started/ambassador/index.md", "# Ambassador\n"),
        ],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["title", "h1", "ids"]);
    assert_eq!(both.ours["getting-started/index.html"].title, "Basic Usage");
}

/// Links written against the published site: `setup/` leads to `setup.md`'s page as in the
/// browser, and one whose last part names no file and leads nowhere is, as in MkDocs, an
/// "unrecognized" link — a note by default, so strict builds of both tools pass.
#[test]
fn links_to_pretty_urls_lead_to_their_pages_and_unrecognized_ones_are_notes() {
    let Some(mkdocs) = mkdocs() else {
        return;
    };
    let p = project(
        "site_name: Team\ntheme: material\nstrict: true\n",
        &[
            (
                "index.md",
                "# Home\n\nSee [setup](guide/setup/#install) and [later](planned/).\n",
            ),
            ("guide/setup.md", "# Setup\n\n## Install\n"),
        ],
    );
    assert_eq!(mkdocs_code(&p, &mkdocs), 0);
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("info: broken link `planned/`")
        .refute_stderr("`guide/setup/#install`");
    assert!(
        p.site("index.html")
            .contains("href=\"guide/setup/#install\"")
    );
}

/// Python-Markdown's reading where CommonMark differs in what a reader sees: tabs expand to
/// four columns and lines of spaces empty before parsing, code blocks lose their leading and
/// trailing blank lines (Pygments), a fence whose header SuperFences rejects is text and so is
/// one it abandons, and a setext underline under a paragraph of two lines is a rule.
#[test]
fn pages_read_as_python_markdown_reads_them() {
    let page = "# Page\n\n```go\nfunc f() {\n\treturn\t// done\n}\n```\n\n```text\n\n\nleading blank lines\n    \nafter spaces\n\n```\n\n- The result:\n  ```\n  NAME   READY\n    ```\n\n## After the list\n\n```console$ kubectl get pods\nNAME\n```\n\n**Note**\nSeveral lines.\n---\n\n## End\n";
    let p = project(
        &format!(
            "{MATERIAL}markdown_extensions: [toc, pymdownx.superfences, pymdownx.highlight]\n"
        ),
        &[("index.md", "# Home\n"), ("page.md", page)],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["ids", "toc", "code"]);
    assert!(
        p.site("page.html").contains("<hr"),
        "the underline is a rule"
    );
}

/// mkdocs-material's table of contents lists, on a page that starts with an h1, only that h1's
/// part: the headings after a second h1 are not in it.
#[test]
fn the_table_of_contents_lists_the_first_h1s_part() {
    let page = "# Migrating to Rollouts\n\n## Convert\n\n## Reference\n\n# Migrating back\n\n## Convert back\n";
    let p = project(
        &format!("{MATERIAL}markdown_extensions: [toc]\n"),
        &[
            ("index.md", "# Home\n\n## One\n\n# Two\n"),
            ("page.md", page),
        ],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["ids", "toc"]);
}

/// Wildcards in `nav:` (`- Tutorials: tutorials/*`, as mkdocs-literate-nav reads them) stand for
/// every page they match, a titled one as a section: nothing is reported missing, and strict
/// builds pass as MkDocs' does.
#[test]
fn wildcard_nav_entries_stand_for_the_pages_they_match() {
    let Some(mkdocs) = mkdocs() else {
        return;
    };
    let p = project(
        &format!(
            "{MATERIAL}plugins: [literate-nav]\nnav:\n  - index.md\n  - Tutorials: tutorials/*\n  - guides/*.md\n"
        ),
        &[
            ("index.md", "# Home\n"),
            ("tutorials/aws.md", "# AWS\n"),
            ("tutorials/gke.md", "# GKE\n"),
            ("guides/setup.md", "# Setup\n"),
        ],
    );
    let out = Command::new(&mkdocs)
        .args(["build", "--strict", "--site-dir"])
        .arg(p.path("mkdocs-site"))
        .current_dir(&p.root)
        .env("NO_MKDOCS_2_WARNING", "1")
        .output()
        .expect("mkdocs runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    p.build(&["--strict"])
        .expect_code(0)
        .refute_stderr("not a page of the project");
    let home = p.site("index.html");
    let nav = between(&home, "<nav id=\"sidebar\"", "</nav>");
    let (tutorials, aws, gke, setup) = (
        nav.find("Tutorials"),
        nav.find("tutorials/aws.html"),
        nav.find("tutorials/gke.html"),
        nav.find("guides/setup.html"),
    );
    assert!(
        tutorials < aws && aws < gke && gke < setup && tutorials.is_some(),
        "{nav}"
    );
}
