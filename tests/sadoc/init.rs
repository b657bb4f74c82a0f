//! `sadoc init`: a working project in one command, never overwriting anything.

use crate::harness::Project;

#[test]
fn init_creates_a_project_that_builds_strictly() {
    let p = Project::empty();
    p.run(&["init", "--title", "Payments Architecture"])
        .expect_code(0)
        .expect_stderr("created sadoc.yml");
    for file in [
        "sadoc.yml",
        ".gitlab-ci.yml",
        "docs/sad/index.md",
        "docs/sad/overview.md",
        "docs/sad/views/module-decomposition.md",
        "docs/sad/mapping.md",
        "docs/sad/rationale.md",
        "docs/sad/glossary.md",
        "docs/adr/0001-record-architecture-decisions.md",
    ] {
        assert!(p.path(file).is_file(), "missing {file}");
    }
    let config = std::fs::read_to_string(p.path("sadoc.yml")).unwrap();
    assert!(config.contains("title: \"Payments Architecture\""));
    let adr =
        std::fs::read_to_string(p.path("docs/adr/0001-record-architecture-decisions.md")).unwrap();
    assert!(
        adr.contains("Date: 2025-11-25"),
        "dated today (SOURCE_DATE_EPOCH): {adr}"
    );
    let ci = std::fs::read_to_string(p.path(".gitlab-ci.yml")).unwrap();
    assert!(ci.contains("file: ci/sadoc.gitlab-ci.yml"));
    p.build(&["--strict"]).expect_code(0);
    assert!(p.site("sad/index.html").contains("Documentation roadmap"));
}

#[test]
fn init_into_a_new_folder() {
    let p = Project::empty();
    p.run(&["init", "arch"]).expect_code(0);
    assert!(p.path("arch/sadoc.yml").is_file());
    let config = std::fs::read_to_string(p.path("arch/sadoc.yml")).unwrap();
    assert!(config.contains("title: \"Arch Architecture\""));
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let p = Project::empty().file("docs/sad/overview.md", "# Mine\n");
    p.run(&["init"])
        .expect_code(2)
        .expect_stderr("error: `docs/sad/overview.md` already exists")
        .expect_stderr("nothing was written");
    assert!(!p.path("sadoc.yml").exists());
    assert_eq!(
        std::fs::read_to_string(p.path("docs/sad/overview.md")).unwrap(),
        "# Mine\n"
    );
}

#[test]
fn init_leaves_an_existing_ci_file_alone() {
    let p = Project::empty().file(".gitlab-ci.yml", "stages: [build]\n");
    p.run(&["init"])
        .expect_code(0)
        .expect_stderr("`.gitlab-ci.yml` already exists and was left alone")
        .expect_stderr("file: ci/sadoc.gitlab-ci.yml");
    assert_eq!(
        std::fs::read_to_string(p.path(".gitlab-ci.yml")).unwrap(),
        "stages: [build]\n"
    );
    assert!(p.path("sadoc.yml").is_file());
}
