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

/// Paths `git status` shows as untracked in the project (libgit2 applies `.gitignore`).
fn untracked(p: &Project) -> Vec<String> {
    let repo = git2::Repository::open(&p.root).expect("repository");
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true).recurse_untracked_dirs(true);
    let statuses = repo.statuses(Some(&mut options)).expect("status");
    statuses
        .iter()
        .filter(|s| s.status().contains(git2::Status::WT_NEW))
        .filter_map(|s| s.path().ok().map(str::to_string))
        .collect()
}

#[test]
fn the_built_site_and_the_cache_stay_out_of_git_status() {
    let p = Project::empty();
    let repo = p.git_init();
    p.run(&["init"])
        .expect_code(0)
        .expect_stderr("created .gitignore");
    repo.commit("sadoc init");
    p.build(&[]).expect_code(0);
    assert!(p.path("site/index.html").is_file());
    assert!(p.path(".cache/sadoc").is_dir(), "the build keeps its cache");
    assert_eq!(untracked(&p), Vec::<String>::new(), "git status is clean");
}

#[test]
fn an_existing_gitignore_gets_only_the_missing_lines_and_keeps_its_own() {
    let p = Project::empty().file(".gitignore", "# ours\n*.pyc\nsite\n.venv/");
    p.run(&["init"])
        .expect_code(0)
        .expect_stderr("added /.cache/ to .gitignore");
    assert_eq!(
        std::fs::read_to_string(p.path(".gitignore")).unwrap(),
        "# ours\n*.pyc\nsite\n.venv/\n# sadoc: the built site and the build cache\n/.cache/\n"
    );
    // Nothing to add the second time (in another folder of the same repository's root).
    let q = Project::empty().file(".gitignore", "/site/\n.cache/\n");
    q.run(&["init"]).expect_code(0).refute_stderr(".gitignore");
    assert_eq!(
        std::fs::read_to_string(q.path(".gitignore")).unwrap(),
        "/site/\n.cache/\n"
    );
}

#[test]
fn the_written_configuration_points_to_a_reference_that_exists_and_explains_check() {
    let p = Project::empty();
    p.run(&["init"]).expect_code(0);
    let config = std::fs::read_to_string(p.path("sadoc.yml")).unwrap();
    assert!(!config.contains("example.com/tools/sadoc"), "{config}");
    assert!(config.contains("`sadoc config`"), "{config}");
    // The command the comment names prints the reference, which documents every key the
    // written file sets.
    let reference = p.run(&["config"]);
    reference.expect_code(0);
    assert!(reference.stdout.starts_with("# Configuration reference"));
    for key in [
        "title",
        "sad.dir",
        "sad.profile",
        "adr.template",
        "adr.digits",
        "docs.dir",
        "check.fail_on",
        "check.ignore",
        "check.skip_label",
        "urls",
        "lang",
    ] {
        assert!(reference.stdout.contains(&format!("`{key}`")), "{key}");
    }
    // The check block says that drift warns by default and how to make it block.
    let check = &config[config.find("\ncheck:").expect("a check: block")..];
    for level in ["error ", "warning ", "never "] {
        assert!(
            check.contains(&format!("#   {level}")),
            "a comment line for {level}: {check}"
        );
    }
    assert!(check.contains("fail_on: error"), "{check}");
    // The block is valid configuration: the project builds strictly.
    p.build(&["--strict"]).expect_code(0);
}

/// `sadoc init` in a repository that already has a decision log adopts it (issue 37): the
/// written `sadoc.yml` points `adr.dir` at it (adr-tools' `.adr-dir`, log4brains'
/// `.log4brains.yml`, or a folder of records such as MADR's `docs/decisions`), no second log
/// with a second 0001 is started, the starter pages link into the adopted log, the site builds
/// strictly, and the next `adr new` continues the log.
#[test]
fn init_adopts_an_existing_decision_log() {
    /// The tool that started the log, its files, and the `adr:` line `init` writes.
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 3] = [
        (
            "adr-tools",
            &[
                (".adr-dir", "architecture/decisions\n"),
                (
                    "architecture/decisions/0001-record-architecture-decisions.md",
                    "# 1. Record architecture decisions\n\nDate: 2020-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nC.\n",
                ),
                (
                    "architecture/decisions/0002-use-kafka.md",
                    "# 2. Use Kafka\n\nDate: 2020-01-03\n\n## Status\n\nAccepted\n\n## Context\n\nC.\n",
                ),
            ],
            "adr:  { dir: architecture/decisions, template: nygard, digits: 4 }",
        ),
        (
            "log4brains",
            &[
                (
                    ".log4brains.yml",
                    "---\nproject:\n  name: Team\n  tz: Europe/Paris\n  adrFolder: ./docs/adr\n",
                ),
                (
                    "docs/adr/20200926-use-log4brains.md",
                    "# Use Log4brains\n\n- Status: accepted\n- Date: 2020-09-26\n\n## Context\n\nC.\n",
                ),
            ],
            "adr:  { dir: docs/adr, template: nygard, digits: 4 }",
        ),
        (
            "MADR",
            &[(
                "docs/decisions/0001-use-markdown.md",
                "---\nstatus: accepted\ndate: 2024-01-02\n---\n\n# Use Markdown Architectural Decision Records\n\n## Context and Problem Statement\n\nC.\n",
            )],
            "adr:  { dir: docs/decisions, template: madr, digits: 4 }",
        ),
    ];
    for (tool, files, expected) in cases {
        let mut p = Project::empty();
        for (path, text) in files {
            p = p.file(path, text);
        }
        p.git_init();
        p.run(&["init"])
            .expect_code(0)
            .expect_stderr("adopted the decision log in");
        let config = std::fs::read_to_string(p.path("sadoc.yml")).unwrap();
        assert!(config.contains(expected), "{tool}: {config}");
        let log = expected
            .split("dir: ")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap();
        if log != "docs/adr" {
            assert!(!p.path("docs/adr").exists(), "{tool}: no second log");
        }
        let records = std::fs::read_dir(p.path(log)).unwrap().count();
        assert_eq!(
            records,
            files.iter().filter(|(f, _)| f.starts_with(log)).count(),
            "{tool}: nothing added to the log"
        );
        p.build(&["--strict"]).expect_code(0);
        let created = p.run(&["adr", "new", "Next decision"]);
        created.expect_code(0);
        assert!(
            created.stdout.trim().starts_with(log),
            "{tool}: {}",
            created.stdout
        );
    }
}
