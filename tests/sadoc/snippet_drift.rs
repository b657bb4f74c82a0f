//! Code snippets that follow the code: a page that shows part of a code file
//! (`--8<-- "src/app.py:main"`, a named region, or a line range) governs exactly those lines.
//! A change inside them is drift for the page; a change elsewhere in the file is not; a region
//! whose markers vanished is an error at the page's line. Real git repositories.

use crate::harness::{Project, Repo};

const APP: &str = "\
import os

# --8<-- [start:main]
def main():
    serve(port=8080)
# --8<-- [end:main]


def helper():
    return os.getcwd()
";

fn project() -> (Project, Repo, String) {
    let p = Project::new()
        .file(
            "docs/guide.md",
            "# Guide\n\nThe entry point:\n\n```python\n--8<-- \"src/app.py:main\"\n```\n\nThe imports:\n\n```python\n--8<-- \"src/app.py:1:1\"\n```\n",
        )
        .file("docs/other.md", "# Other\n\nNothing shown here.\n")
        .file("src/app.py", APP);
    let repo = p.git_init();
    let base = repo.head();
    (p, repo, base)
}

fn drift(p: &Project, base: &str) -> Vec<serde_json::Value> {
    let run = p.run(&[
        "check", "--base", base, "--checks", "drift", "--format", "json",
    ]);
    let report: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run:?}"));
    report["findings"].as_array().unwrap().clone()
}

#[test]
fn a_change_inside_the_shown_lines_is_drift_for_the_page_at_the_changed_line() {
    let (p, repo, base) = project();
    std::fs::write(p.path("src/app.py"), APP.replace("port=8080", "port=9090")).unwrap();
    repo.commit("new port");
    let findings = drift(&p, &base);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f["path"], "src/app.py");
    assert_eq!(f["line"], 5, "the changed line of the file");
    assert_eq!(f["documents"][0]["path"], "docs/guide.md");
    assert_eq!(f["documents"][0]["pattern"], "--8<-- \"src/app.py:main\"");
}

#[test]
fn a_change_elsewhere_in_the_file_is_not_drift() {
    let (p, repo, base) = project();
    std::fs::write(
        p.path("src/app.py"),
        APP.replace("os.getcwd()", "os.getcwd() + '/'"),
    )
    .unwrap();
    repo.commit("helper");
    assert_eq!(drift(&p, &base), Vec::<serde_json::Value>::new());
}

#[test]
fn a_line_range_governs_its_lines_and_the_page_changing_satisfies_it() {
    let (p, repo, base) = project();
    std::fs::write(
        p.path("src/app.py"),
        APP.replace("import os", "import os, sys"),
    )
    .unwrap();
    let changed = repo.commit("imports");
    let findings = drift(&p, &base);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["line"], 1);
    assert_eq!(
        findings[0]["documents"][0]["pattern"],
        "--8<-- \"src/app.py:1:1\""
    );
    std::fs::write(
        p.path("docs/guide.md"),
        std::fs::read_to_string(p.path("docs/guide.md")).unwrap() + "\nIt also imports `sys`.\n",
    )
    .unwrap();
    repo.commit("docs follow");
    assert_eq!(drift(&p, &base), Vec::<serde_json::Value>::new());
    let _ = changed;
}

#[test]
fn lines_removed_inside_the_region_are_drift_and_vanished_markers_an_error_at_the_page_line() {
    let (p, repo, base) = project();
    std::fs::write(
        p.path("src/app.py"),
        APP.replace("    serve(port=8080)\n", ""),
    )
    .unwrap();
    repo.commit("no serve");
    assert_eq!(drift(&p, &base).len(), 1);
    std::fs::write(p.path("src/app.py"), "import os\n\ndef main():\n    pass\n").unwrap();
    repo.commit("markers gone");
    p.build(&[])
        .expect_code(1)
        .expect_stderr("docs/guide.md:6:")
        .expect_stderr("snippet `src/app.py:main`: the file has no section `main`");
}

#[test]
fn the_page_shows_the_code_at_the_built_commit_with_a_permalink_to_its_lines() {
    let (p, repo, _) = project();
    std::fs::write(
        p.path("sadoc.yml"),
        "title: T\nrepo: { url: https://gitlab.example.com/acme/app }\n",
    )
    .unwrap();
    std::fs::write(p.path("src/app.py"), APP.replace("port=8080", "port=9090")).unwrap();
    let head = repo.commit("new port");
    p.build(&["--strict"]).expect_code(0);
    let page = p.site("guide.html");
    assert!(
        page.contains("serve</span>") || page.contains("serve(port="),
        "the code is shown"
    );
    assert!(page.contains("9090"), "as it is at the built commit");
    assert!(
        page.contains(&format!(
            "<p class=\"snippet-source\"><a href=\"https://gitlab.example.com/acme/app/-/blob/{head}/src/app.py#L4-5\">src/app.py</a></p>"
        )),
        "{}",
        crate::harness::content(&page)
    );
    assert!(
        page.contains(&format!("/-/blob/{head}/src/app.py#L1\">")),
        "the line range snippet links its line"
    );
}
