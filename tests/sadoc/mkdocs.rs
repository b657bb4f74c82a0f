//! MkDocs projects build as they are: `mkdocs.yml` is read as the configuration (or extended by
//! `sadoc.yml`), the PyMdown syntax mkdocs-material sites are written in renders with the same
//! meaning, and `sadoc init --from mkdocs` writes the equivalent `sadoc.yml`.
//!
//! The fixture `tests/fixtures/mkdocs/material` is written from the documented syntax of
//! mkdocs-material and pymdown-extensions; `mkdocs_accepts_the_fixture_and_agrees_on_pages`
//! builds it with the real `mkdocs` (PyPI, installed by `.ci/run`) to prove it is valid MkDocs
//! input, and compares the two sites' pages, titles and heading ids.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::harness::{Project, content};

fn material() -> Project {
    Project::fixture("mkdocs/material")
}

#[test]
fn an_mkdocs_material_project_builds_strictly_without_a_sadoc_yml() {
    let p = material();
    assert!(!p.path("sadoc.yml").exists());
    p.build(&["--strict"])
        .expect_code(0)
        .refute_stderr(": error:")
        .refute_stderr(": warning:");
    let files = p.site_files();
    for page in [
        "index.html",
        "guide/index.html",
        "guide/tabs.html",
        "guide/code.html",
        "guide/text.html",
        "decisions/0001-use-kafka.html",
        "extra/orphan.html",
        "stylesheets/extra.css",
    ] {
        assert!(
            files.contains(&page.to_string()),
            "missing {page}: {files:?}"
        );
    }
    assert!(
        !files.iter().any(|f| f.starts_with("drafts/")),
        "exclude_docs keeps drafts out: {files:?}"
    );
    let text = p.site("guide/text.html");
    assert!(text.contains("<link rel=\"stylesheet\" href=\"../stylesheets/extra.css\">"));
    assert!(text.contains("<title>Text and lists · Data Platform Docs</title>"));
    assert!(
        text.contains("/-/edit/main/docs/guide/text.md"),
        "edit link from repo_url and edit_uri"
    );
}

#[test]
fn the_nav_gives_order_titles_sections_and_links() {
    let p = material();
    p.build(&[]).expect_code(0);
    let tabs = p.site("guide/tabs.html");
    let sidebar = &tabs[tabs.find("id=\"sidebar\"").unwrap()..tabs.find("</nav>").unwrap()];
    let titles: Vec<&str> = sidebar
        .split("<span class=\"nav-title\">")
        .skip(1)
        .map(|s| &s[..s.find('<').unwrap()])
        .collect();
    assert_eq!(
        titles,
        [
            "Home",
            "Guide",
            "Content tabs",
            "Code blocks",
            "Text and lists",
            "Decisions",
            "Use Kafka for CDC events",
            "GitLab"
        ],
        "{sidebar}"
    );
    // The section's index page is the section's link; the external link is absolute.
    assert!(
        sidebar.contains("<a href=\"../guide/index.html\""),
        "{sidebar}"
    );
    assert!(sidebar.contains("href=\"https://gitlab.example.com/data/platform\" rel=\"external\""));
    assert!(sidebar.contains("<span class=\"nav-section\"><span class=\"nav-title\">Decisions"));
    assert!(sidebar.contains("aria-current=\"page\"><span class=\"nav-title\">Content tabs"));
    // Previous and next follow the nav.
    assert!(
        tabs.contains("rel=\"prev\" href=\"../guide/index.html\""),
        "{tabs}"
    );
    assert!(tabs.contains("rel=\"next\" href=\"../guide/code.html\""));
    // A page left out of the nav is built, is in no nav, and has no neighbours.
    let orphan = p.site("extra/orphan.html");
    assert!(!orphan.contains("aria-current=\"page\""));
    assert!(!orphan.contains("rel=\"next\""));
}

#[test]
fn pymdown_syntax_renders_with_its_meaning() {
    let p = material();
    p.build(&[]).expect_code(0);
    let tabs = p.site("guide/tabs.html");
    let tabs = content(&tabs);
    assert_eq!(
        tabs.matches("<div class=\"tabbed-set tabbed-alternate\"")
            .count(),
        4
    );
    // Tabs and admonitions inside list items stay in the item.
    let list = &tabs[tabs.find("id=\"in-a-list\"").unwrap()..];
    assert!(
        list.contains("<li>\n<p>Install the client:</p>\n <div class=\"tabbed-set"),
        "{list}"
    );
    assert!(list.contains(" add platform-client"));
    assert!(list.contains("<div class=\"admonition tip\"><p class=\"admonition-title\">Check</p>"));
    assert!(
        !list.contains("=== &quot;") && !list.contains("!!! tip"),
        "{list}"
    );
    assert!(tabs.contains(
        "<label for=\"__tabbed_1_1\">Python</label><label for=\"__tabbed_1_2\">Rust</label>"
    ));
    assert!(
        tabs.contains("<input checked=\"checked\" id=\"__tabbed_3_1\""),
        "`===+` selects"
    );
    assert!(
        tabs.contains("language-bash"),
        "code inside tabs is highlighted: {tabs}"
    );
    assert!(
        tabs.contains("<div class=\"admonition note\"><p class=\"admonition-title\">Nested</p>")
    );

    let code = p.site("guide/code.html");
    let code = content(&code);
    assert!(
        code.contains("<div class=\"code-title\">ingest.py</div><pre class=\"hl-code linenums\">")
    );
    assert_eq!(
        code.matches("<span class=\"line hll\"").count(),
        3,
        "hl_lines=\"2 4-5\""
    );
    assert!(code.contains("data-n=\"5\""));
    assert!(
        code.contains("INGEST_TOPIC"),
        "the named section is inlined: {code}"
    );
    assert!(
        !code.contains("[start:config]"),
        "section markers are left out"
    );
    assert!(
        code.contains("The ingest service"),
        "the line range is inlined"
    );
    assert!(!code.contains("--8&lt;--") && !code.contains("--8<--"));
    assert!(code.contains("<pre class=\"mermaid\">graph LR"));

    let text = p.site("guide/text.html");
    let text = content(&text);
    for expected in [
        "<mark>marked</mark>",
        "<ins>inserted</ins>",
        "<del>deleted</del>",
        "H<sub>2</sub>O",
        "mc<sup>2</sup>",
        "<kbd class=\"key-control\">Ctrl</kbd>",
        "<span class=\"emoji\" title=\":smile:\">😄</span>",
        "<abbr title=\"Change Data Capture\">CDC</abbr>",
        "<abbr title=\"Service Level Agreement\">SLA</abbr>",
        "<h2 id=\"attributes-section\" class=\"special\">",
        "<a href=\"index.html\" class=\"md-button md-button--primary\">Open the guide</a>",
        "<img src=\"../images/logo.svg\" width=\"120\" alt=\"Logo\" />",
        "<p class=\"lead\">A paragraph with a class.</p>",
        "<dt>Topic</dt>\n<dd>A named stream of events in Kafka.</dd>",
        "type=\"checkbox\" checked=\"\"/>",
        "<nav class=\"toc\"><ul>\n<li><a href=\"#inline\">Inline</a></li>",
        "<details class=\"admonition info\"><summary class=\"admonition-title\">Details</summary>",
        "<li id=\"fn:retention\">",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(
        !text.contains("*[HTML]"),
        "abbreviation definitions are not text"
    );
}

#[test]
fn rendered_pages_match_their_snapshots() {
    let p = material();
    p.build(&[]).expect_code(0);
    for page in ["guide/tabs.html", "guide/code.html", "guide/text.html"] {
        let html = p.site(page);
        insta::assert_snapshot!(page.replace(['/', '.'], "_"), content(&html));
    }
}

#[test]
fn plugins_and_extensions_sadoc_does_not_run_are_warnings_never_errors() {
    let p = Project::empty()
        .file(
            "mkdocs.yml",
            "site_name: Team\nplugins:\n  - search\n  - awesome-pages\n  - macros:\n      module_name: main\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n  - toc:\n      permalink: \"¶\"\nhooks:\n  - hooks.py\ntheme:\n  name: material\n  language: de\n",
        )
        .file("docs/index.md", "# Team\n");
    let run = p.build(&[]);
    run.expect_code(0)
        .expect_stderr("mkdocs.yml:2: warning: MkDocs plugin `awesome-pages` is not run by sadoc: `.pages` files are not read; write the order in `nav:`")
        .refute_stderr("warning: MkDocs plugin `macros`")
        .expect_stderr("mkdocs.yml:7: warning: markdown extension `pymdownx.arithmatex` is not supported by sadoc: math")
        .expect_stderr("warning: MkDocs `hooks` (Python) are not run by sadoc")
        .expect_stderr("warning: `theme.language` is `de`")
        .refute_stderr("`search` is not run")
        .refute_stderr(": error:");
    assert_eq!(
        run.stderr.matches("`awesome-pages`").count(),
        1,
        "named once"
    );
    // They say where a page may look different from MkDocs' site, not that the project is
    // wrong: a strict build passes, as `mkdocs build --strict` does with the plugins
    // installed, and still fails on the project's own problems.
    p.build(&["--strict"])
        .expect_code(0)
        .expect_stderr("which `--strict` does not fail on");
    std::fs::write(p.path("docs/index.md"), "# Team\n\n[gone](gone.md)\n").unwrap();
    p.build(&["--strict"]).expect_code(1);
}

#[test]
fn env_tags_and_python_tags_do_not_make_mkdocs_yml_unreadable() {
    let p = Project::empty()
        .file(
            "mkdocs.yml",
            "site_name: !ENV [TEAM_SITE_NAME, Fallback]\nsite_url: !ENV SITE_URL\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n          class: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n",
        )
        .file("docs/index.md", "# Home\n");
    let run = p.run_with_env(
        &p.path(""),
        &["build", "--strict"],
        &[("TEAM_SITE_NAME", "From the environment")],
    );
    run.expect_code(0);
    assert!(p.site("index.html").contains("From the environment"));
    p.build(&["--strict"]).expect_code(0);
    assert!(p.site("index.html").contains("Fallback"));
}

#[test]
fn sadoc_yml_can_extend_mkdocs_yml_and_give_its_own_nav() {
    let p = material().file(
        "sadoc.yml",
        "title: Extended\nmkdocs: mkdocs.yml\nnav:\n  - docs/guide/text.md\n  - Start: docs/index.md\n  - docs/missing.md\n",
    );
    let run = p.build(&[]);
    run.expect_code(0).expect_stderr(
        "warning: `nav` names `docs/missing.md`, which is not a page of the project",
    );
    let page = p.site("index.html");
    assert!(
        page.contains("<title>Extended</title>") || page.contains("Extended"),
        "sadoc.yml wins"
    );
    let sidebar = &page[page.find("id=\"sidebar\"").unwrap()..];
    let text_at = sidebar.find("Text and lists").unwrap();
    let start_at = sidebar.find(">Start<").unwrap();
    assert!(text_at < start_at, "sadoc.yml's nav order");
    // The rest still comes from mkdocs.yml.
    assert!(p.site("guide/text.html").contains("stylesheets/extra.css"));
}

#[test]
fn snippet_problems_are_errors_at_their_line_and_the_rest_builds() {
    let p = Project::new()
        .file("snippets/ok.md", "Included text.\n")
        .file(
            "docs/page.md",
            "# Page\n\n--8<-- \"snippets/ok.md\"\n\n--8<-- \"snippets/gone.md\"\n\n--8<-- \"../outside.md\"\n\n--8<-- \"snippets/ok.md:nope\"\n",
        )
        .file("docs/other.md", "# Other\n");
    let run = p.build(&[]);
    run.expect_code(1)
        .expect_stderr("docs/page.md:5:1: error: snippet `snippets/gone.md` not found (looked for snippets/gone.md)")
        .expect_stderr("docs/page.md:7:1: error: snippet `../outside.md` is outside the repository")
        .expect_stderr("docs/page.md:9:1: error: snippet `snippets/ok.md:nope`: the file has no section `nope`");
    // A failed build keeps no half site; fixed, the page has the snippet.
    std::fs::write(
        p.path("docs/page.md"),
        "# Page\n\n--8<-- \"snippets/ok.md\"\n",
    )
    .unwrap();
    p.build(&["--strict"]).expect_code(0);
    assert!(p.site("page.html").contains("<p>Included text.</p>"));
}

#[test]
fn init_from_mkdocs_writes_the_equivalent_sadoc_yml_that_builds_strictly() {
    let p = material();
    let run = p.run(&["init", "--from", "mkdocs"]);
    run.expect_code(0)
        .expect_stderr("mapped from mkdocs.yml:")
        .expect_stderr("`nav` → `nav (paths from the project root)`")
        .expect_stderr("created sadoc.yml");
    let config = std::fs::read_to_string(p.path("sadoc.yml")).unwrap();
    assert!(config.contains("title: \"Data Platform Docs\""), "{config}");
    assert!(
        config.contains("  - \"Content tabs\": docs/guide/tabs.md"),
        "{config}"
    );
    let before = p.site_files();
    assert!(before.is_empty(), "init writes nothing else");
    p.build(&["--strict"]).expect_code(0);
    let from_sadoc = p.site("guide/text.html");
    // The same site as from mkdocs.yml.
    std::fs::remove_file(p.path("sadoc.yml")).unwrap();
    p.build(&["--strict"]).expect_code(0);
    assert_eq!(content(&from_sadoc), content(&p.site("guide/text.html")));
    // Never overwrites.
    std::fs::write(p.path("sadoc.yml"), "title: Mine\n").unwrap();
    p.run(&["init", "--from", "mkdocs"])
        .expect_code(2)
        .expect_stderr("already exists");
    assert_eq!(
        std::fs::read_to_string(p.path("sadoc.yml")).unwrap(),
        "title: Mine\n"
    );
}

#[test]
fn init_from_mkdocs_without_mkdocs_yml_says_so() {
    let p = Project::empty();
    p.run(&["init", "--from", "mkdocs"])
        .expect_code(2)
        .expect_stderr("no mkdocs.yml");
    assert!(!p.path("sadoc.yml").exists());
}

/// The page of each built HTML file that comes from markdown: its h1 text and its h2/h3 ids.
fn pages(site: &Path, skip: &[&str]) -> BTreeMap<String, (String, Vec<String>)> {
    let heading = regex::Regex::new(r#"<h([23])[^>]*\bid="([^"]+)""#).unwrap();
    let h1 = regex::Regex::new(r"(?s)<h1[^>]*>(.*?)</h1>").unwrap();
    let tags = regex::Regex::new(r"<[^>]+>|&para;|¶").unwrap();
    let number = regex::Regex::new(r"^\d+\.\s+").unwrap();
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
        if !rel.ends_with(".html") || skip.iter().any(|s| rel.starts_with(s)) {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let title = h1
            .captures(&html)
            .map(|c| tags.replace_all(&c[1], "").trim().to_string())
            .unwrap_or_default();
        let ids = heading
            .captures_iter(&html)
            .map(|c| c[2].to_string())
            .collect();
        // ADR titles lose their number in sadoc ("1. Use Kafka" is ADR 1 "Use Kafka").
        out.insert(rel, (number.replace(&title, "").to_string(), ids));
    }
    out
}

#[test]
fn mkdocs_accepts_the_fixture_and_agrees_on_pages() {
    let mkdocs = std::env::var("SADOC_MKDOCS").unwrap_or_else(|_| "mkdocs".to_string());
    if !crate::tools::available(&mkdocs, &["--version"]) {
        return;
    }
    let p = material();
    let real = p.path("mkdocs-site");
    let out = Command::new(&mkdocs)
        .args(["build", "--strict", "--site-dir"])
        .arg(&real)
        .current_dir(p.path(""))
        .env("NO_MKDOCS_2_WARNING", "1")
        .output()
        .expect("mkdocs runs");
    assert!(
        out.status.success(),
        "mkdocs build --strict rejects the fixture:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    p.build(&["--strict"]).expect_code(0);
    // sadoc adds the decision log and folder listings; both have a 404 page of their own.
    let ours = pages(
        &p.path("site"),
        &["404.html", "decisions/index.html", "extra/index.html"],
    );
    let theirs = pages(&real, &["404.html"]);
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>(),
        "the same pages"
    );
    for (page, (title, ids)) in &theirs {
        let (our_title, our_ids) = &ours[page];
        assert_eq!(our_title, title, "{page}: the same title");
        assert_eq!(our_ids, ids, "{page}: the same heading ids");
    }
}

#[test]
fn material_page_idioms_degrade_gracefully() {
    let page = "---\nhide:\n  - navigation\n  - toc\n---\n\n# Start\n\n<div class=\"grid cards\" markdown>\n\n-   :material-clock-fast:{ .lg .middle } __Set up in 5 minutes__\n\n    ---\n\n    [:octicons-arrow-right-24: Getting started](#two)\n\n</div>\n\n## One\n\n:man_raising_hand: Hello.\n\n## Two\n\nText.\n";
    let p = Project::empty()
        .file(
            "mkdocs.yml",
            "site_name: Team\nmarkdown_extensions: [attr_list, md_in_html, pymdownx.emoji]\n",
        )
        .file("docs/index.md", page);
    let run = p.build(&["--strict"]);
    run.expect_code(0).refute_stderr("icon");
    let html = p.site("index.html");
    assert!(
        html.contains("id=\"sidebar\" class=\"sidebar\" hidden"),
        "hide: navigation"
    );
    assert!(!html.contains("<aside class=\"toc\""), "hide: toc");
    let body = content(&html);
    assert!(
        body.contains("<div class=\"grid cards\" markdown>\n<ul>"),
        "markdown inside the div: {body}"
    );
    assert!(
        body.contains("<span class=\"twemoji lg middle\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path d=\"")
            && body.contains("</svg></span> <strong>Set up in 5 minutes</strong>"),
        "the icon is drawn, styled by its attribute list: {body}"
    );
    assert!(
        body.contains("title=\":man_raising_hand:\">🙋"),
        "Twemoji's names work too: {body}"
    );
}
