//! The markdown dialect: GFM features, anchors, alerts, admonitions, highlighting, raw HTML.
//! Snapshots pin the exact HTML of each feature.

use crate::harness::{Project, content};

fn features() -> String {
    let p = Project::fixture("markdown/features");
    p.build(&["--strict"]).expect_code(0);
    content(&p.site("features.html")).to_string()
}

/// The part of the rendered page from the heading with `id` to the next `<h2`.
fn section(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("<h2 id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id} in\n{html}"));
    let rest = &html[start + 1..];
    let end = rest.find("<h2 ").map_or(html.len(), |i| start + 1 + i);
    html[start..end].trim().to_string()
}

#[test]
fn inline_formatting_and_footnotes() {
    let html = features();
    let intro = &html[..html.find("<h2").unwrap()];
    insta::assert_snapshot!(intro.trim());
    let notes = &html[html
        .find("<div class=\"footnote\">")
        .expect("footnotes at the end")..];
    insta::assert_snapshot!("footnotes", notes);
}

#[test]
fn tables_are_wrapped_for_scrolling() {
    insta::assert_snapshot!(section(&features(), "tables"));
}

#[test]
fn task_lists() {
    insta::assert_snapshot!(section(&features(), "task-list"));
}

#[test]
fn repeated_headings_get_unique_anchors() {
    let html = features();
    assert!(html.contains("<h2 id=\"same-heading\">"));
    assert!(html.contains("<h2 id=\"same-heading-1\">"));
    assert!(
        html.contains("<h2 id=\"my-id\">Custom id"),
        "explicit ids are kept"
    );
    assert!(
        html.contains("<h2 id=\"한국어-제목\">"),
        "anchors keep Hangul"
    );
}

#[test]
fn github_alerts() {
    insta::assert_snapshot!(section(&features(), "alerts"));
}

#[test]
fn mkdocs_admonitions() {
    insta::assert_snapshot!(section(&features(), "admonitions"));
}

#[test]
fn code_is_highlighted_and_unknown_languages_stay_plain() {
    let code = section(&features(), "code");
    assert!(
        code.contains("<pre class=\"hl-code\"><code class=\"language-rust\"><span class=\""),
        "{code}"
    );
    assert!(
        code.contains(
            "<pre class=\"hl-code\"><code class=\"language-klingon\">Qapla&#39;\n</code></pre>"
        ),
        "{code}"
    );
    assert!(
        code.contains("<pre class=\"hl-code\"><code>indented code\n</code></pre>"),
        "{code}"
    );
}

#[test]
fn raw_html_passes_through_with_markdown_inside() {
    insta::assert_snapshot!(section(&features(), "raw-html"));
}

#[test]
fn highlight_stylesheet_has_light_and_dark_colours() {
    let p = Project::fixture("markdown/features");
    p.build(&[]).expect_code(0);
    let css = p
        .site_files()
        .into_iter()
        .find(|f| f.starts_with("assets/highlight."))
        .unwrap();
    let css = p.site(&css);
    assert!(css.contains(".hl-code .c { color: "), "{css}");
    assert!(
        css.contains("html[data-theme=\"dark\"] .hl-code .k { color: "),
        "{css}"
    );
    assert!(css.contains("@media (prefers-color-scheme: dark)"));
}

#[test]
fn title_comes_from_front_matter_then_heading_then_file_name() {
    let p = Project::new()
        .file(
            "docs/a.md",
            "---\ntitle: From front matter\n---\n# From heading\n",
        )
        .file("docs/b.md", "Intro\n\n# From heading\n")
        .file("docs/some-file_name.md", "No heading.\n");
    p.build(&[]).expect_code(0);
    let a = p.site("a.html");
    assert!(a.contains("<title>From front matter · Test Architecture</title>"));
    assert!(
        a.contains("<h1 id=\"from-heading\">From heading<a class=\"heading-anchor\""),
        "`title:` names the page, not its h1: {a}"
    );
    // A heading below other text is not the title (as in MkDocs): the file name is, and the
    // page shows its own h1 where it stands, with none added above.
    let b = p.site("b.html");
    assert!(b.contains("<title>B · Test Architecture</title>"), "{b}");
    assert!(b.contains("<h1 id=\"from-heading\">From heading"), "{b}");
    assert_eq!(b.matches("<h1").count(), 1, "{b}");
    assert!(
        p.site("some-file_name.html")
            .contains("<h1>Some file name</h1>")
    );
}

/// Icon shortcodes work in sadoc's own projects too: mkdocs-material's sets are bundled; an
/// icon that does not exist stays as text with one warning naming it and the closest icon.
#[test]
fn icon_shortcodes_are_drawn_and_unknown_ones_named_once() {
    let p = Project::new().file(
        "docs/icons.md",
        "# Icons\n\nDone :material-check: and :material-chek:, see :octicons-mark-github-16:.\n\nAgain :material-chek: :tada:\n",
    );
    let run = p.build(&["--strict"]);
    run.expect_code(0).expect_stderr(
        "docs/icons.md:3:1: warning: there is no icon `:material-chek:` (did you mean `:material-check:`?); the shortcode is shown as text",
    );
    assert_eq!(
        run.stderr.matches("material-chek").count(),
        1,
        "{}",
        run.stderr
    );
    let html = p.site("icons.html");
    assert!(html.contains("Done <span class=\"twemoji\"><svg"), "{html}");
    assert!(html.contains("</svg></span> and :material-chek:, see <span class=\"twemoji\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\">"), "{html}");
    assert!(html.contains("<span class=\"emoji\" title=\":tada:\">🎉</span>"));
}

#[test]
fn an_explicit_nav_in_sadoc_yml_orders_the_navigation() {
    let p = Project::empty()
        .file(
            "sadoc.yml",
            "title: T\nnav:\n  - docs/b.md\n  - Guides:\n    - First: docs/a.md\n  - Wiki: https://wiki.example.com/\n",
        )
        .file("docs/a.md", "# A\n")
        .file("docs/b.md", "# B\n")
        .file("docs/c.md", "# C\n");
    p.build(&["--strict"]).expect_code(0);
    let html = p.site("a.html");
    let sidebar = &html[html.find("id=\"sidebar\"").unwrap()..];
    let b = sidebar.find(">B<").unwrap();
    let first = sidebar.find(">First<").unwrap();
    assert!(b < first, "{sidebar}");
    assert!(sidebar.contains("href=\"https://wiki.example.com/\" rel=\"external\""));
    assert!(
        !sidebar[..sidebar.find("</nav>").unwrap()].contains(">C<"),
        "left out of the nav"
    );
    assert!(p.site_has("c.html"), "but still built");
    assert!(html.contains("rel=\"prev\" href=\"b.html\""));
}
