//! Links: `.md` links become page URLs; every internal link and anchor is checked with its
//! position; files pages reference are copied; nothing outside the project is read.

use crate::harness::Project;

#[test]
fn markdown_links_become_relative_page_urls() {
    let p = Project::fixture("build/basic");
    p.build(&[]).expect_code(0).refute_stderr("link");
    let alpha = p.site("sad/views/alpha.html");
    assert!(
        alpha.contains("href=\"beta.html#element-catalog\""),
        "{alpha}"
    );
    assert!(alpha.contains("href=\"../../adr/0002-second.html\""));
    let nested = p.site("guides/deep/nested.html");
    assert!(nested.contains("href=\"../../index.html\">Home</a>"));
    assert!(
        nested.contains("href=\"../../sad/index.html\">Roadmap</a>"),
        "folder links lead to the index page"
    );
    assert!(
        nested.contains("href=\"../../adr/index.html\">Log</a>"),
        "the ADR folder leads to the log"
    );
}

#[test]
fn broken_links_and_anchors_are_reported_with_positions() {
    let p = Project::new()
        .file("docs/b.md", "# B\n\n## Real section\n")
        .file(
            "docs/a.md",
            "# A\n\nSee [b](b.md#no-such-section), [c](c.md),\nand [here](#nowhere) and ![img](pic.png).\n\n[ok](b.md#real-section) [near](b.md#Real-Section)\n",
        );
    let run = p.build(&[]);
    run.expect_code(0)
        .expect_stderr("docs/a.md:3:5: warning: broken link `b.md#no-such-section`: `docs/b.md` has no heading or anchor `#no-such-section`")
        .expect_stderr("docs/a.md:3:32: warning: broken link `c.md`: `docs/c.md` does not exist")
        .expect_stderr("docs/a.md:4:5: warning: broken link `#nowhere`: this page has no heading or anchor `#nowhere`")
        .expect_stderr("docs/a.md:4:26: warning: broken link `pic.png`: `docs/pic.png` does not exist")
        .expect_stderr("docs/a.md:6:25: warning: broken link `b.md#Real-Section`")
        .expect_stderr("help: did you mean `#real-section`?")
        .refute_stderr("b.md#real-section`:");
    assert!(run.stderr.contains("5 warnings"), "{}", run.stderr);
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let p = Project::new()
        .file("docs/one.md", "[x](missing-1.md)\n")
        .file("docs/two.md", "---\ntitle: [\n---\n")
        .file("docs/three.md", "[x](missing-3.md)\n");
    let run = p.build(&[]);
    run.expect_code(1)
        .expect_stderr("docs/one.md:1:1: warning: broken link")
        .expect_stderr("docs/three.md:1:1: warning: broken link")
        .expect_stderr("docs/two.md:2:")
        .expect_stderr("1 error, 2 warnings");
}

#[test]
fn links_that_escape_the_project_are_refused() {
    let p = Project::new().file(
        "docs/a.md",
        "[passwd](../../../../../../etc/passwd) and ![x](/../../etc/hostname)\n",
    );
    let run = p.build(&[]);
    run.expect_code(0)
        .expect_stderr("docs/a.md:1:1: warning: link `../../../../../../etc/passwd` leads outside the repository; it was not followed")
        .expect_stderr("warning: link `/../../etc/hostname` leads outside the repository");
    assert!(
        !p.site_files()
            .iter()
            .any(|f| f.contains("passwd") || f.contains("hostname"))
    );
}

#[test]
fn referenced_files_are_copied_and_unreferenced_ones_are_not() {
    let p = Project::new()
        .file("docs/a.md", "![d](img/diagram.svg)\n\n<img src=\"img/raw%20html.png\">\n\n[spec](files/spec.pdf?raw=true)\n")
        .file("docs/img/diagram.svg", "<svg/>")
        .file("docs/img/raw html.png", "png")
        .file("docs/files/spec.pdf", "pdf")
        .file("docs/files/secret.txt", "no");
    p.build(&["--strict"]).expect_code(0);
    assert!(p.site_has("img/diagram.svg"));
    assert!(p.site_has("img/raw html.png"));
    assert!(p.site_has("files/spec.pdf"));
    assert!(!p.site_has("files/secret.txt"));
    assert!(
        p.site("a.html")
            .contains("href=\"files/spec.pdf?raw=true\"")
    );
}

#[test]
fn images_outside_the_docs_folders_are_copied_under_files() {
    let p = Project::new()
        .file("docs/a.md", "![logo](../branding/logo.png)\n")
        .file("branding/logo.png", "png");
    p.build(&["--strict"]).expect_code(0);
    assert!(p.site_has("_files/branding/logo.png"));
    assert!(
        p.site("a.html")
            .contains("src=\"_files/branding/logo.png\"")
    );
}

#[test]
fn links_to_code_go_to_the_repository_when_it_is_configured() {
    let p = Project::new()
        .file("src/main.rs", "fn main() {}\n")
        .file("docs/a.md", "[main](../src/main.rs#L1)\n");
    p.build(&[])
        .expect_code(0)
        .expect_stderr(
            "link `../src/main.rs#L1` points to `src/main.rs`, outside the documentation folders",
        )
        .expect_stderr("set `repo.url`");
    assert!(
        !p.site_files().iter().any(|f| f.ends_with("main.rs")),
        "code is never copied"
    );
    std::fs::write(
        p.path("sadoc.yml"),
        "title: T\nrepo: { url: https://gitlab.example.com/g/p, branch: trunk }\n",
    )
    .unwrap();
    p.build(&["--strict"]).expect_code(0);
    assert!(
        p.site("a.html")
            .contains("href=\"https://gitlab.example.com/g/p/-/blob/trunk/src/main.rs#L1\"")
    );
}

#[test]
fn links_in_raw_html_are_rewritten_and_checked() {
    let p = Project::new().file("docs/b.md", "# B\n").file(
        "docs/a.md",
        "<p>See <a href=\"b.md\">b</a> or <a href='gone.md'>gone</a>.</p>\n",
    );
    p.build(&[])
        .expect_code(0)
        .expect_stderr("docs/a.md:1:")
        .expect_stderr("broken link `gone.md`");
    assert!(p.site("a.html").contains("<a href=\"b.html\">b</a>"));
}

#[test]
fn external_links_mail_and_empty_links_are_left_alone() {
    let p = Project::new().file(
        "docs/a.md",
        "[web](https://example.com/x.md) <mailto:a@example.com> [tel](tel:+123) [empty]()\n",
    );
    p.build(&["--strict"]).expect_code(0);
    let page = p.site("a.html");
    assert!(page.contains("href=\"https://example.com/x.md\""));
    assert!(page.contains("href=\"mailto:a@example.com\""));
}

#[test]
fn links_to_a_folder_index_file_that_does_not_exist_suggest_the_folder() {
    let p = Project::new()
        .file("docs/adr/0001-a.md", "# 1. A\n")
        .file("docs/a.md", "[log](adr/index.md)\n");
    p.build(&[])
        .expect_code(0)
        .expect_stderr("broken link `adr/index.md`")
        .expect_stderr("help: link to the folder (`adr/`) instead");
}

#[test]
fn a_mistyped_link_suggests_the_closest_page_as_the_link_is_written() {
    let p = crate::harness::Project::new()
        .file(
            "docs/index.md",
            "# Home\n\nSee [the runbook](runbok.md) and [decision 9](adr/0009-x.md#why).\n",
        )
        .file("docs/runbook.md", "# Runbook\n")
        .file(
            "docs/adr/0009-serve-metrics.md",
            "# 9. Serve metrics\n\n## Status\n\nAccepted\n\n## Why\n",
        );
    p.build(&[])
        .expect_stderr("broken link `runbok.md`: `docs/runbok.md` does not exist\n  help: did you mean `runbook.md` (`docs/runbook.md`)?")
        .expect_stderr("help: did you mean `adr/0009-serve-metrics.md#why` (`docs/adr/0009-serve-metrics.md`)?");
}
