//! Finding and reading `sadoc.yml`.

use crate::harness::Project;

#[test]
fn unknown_key_is_an_error_naming_key_file_and_line() {
    let p = Project::new()
        .file(
            "sadoc.yml",
            "title: T\nsad: { dir: docs/sad }\nadrs: { dir: x }\n",
        )
        .file("docs/a.md", "# A\n");
    let run = p.build(&[]);
    run.expect_code(2);
    insta::assert_snapshot!(
        run.stderr.replace(&p.root.display().to_string(), "<project>"),
        @"error: <project>/sadoc.yml:3:1: unknown key `adrs` (did you mean `adr`?); expected one of `title`, `base_url`, `repo`, `sad`, `adr`, `docs`, `viewpoints`, `check`, `deploy`, `theme`, `diagrams`, `cache`, `urls`, `lang`, `governs`, `markdown`, `nav`, `mkdocs`, `projects`, `name`, `strict`, `validation`, `blog`, `owners`, `review`"
    );
}

#[test]
fn unknown_nested_key_is_named() {
    let p = Project::new().file("sadoc.yml", "title: T\nadr:\n  dri: x\n");
    p.build(&[]).expect_code(2).expect_stderr(
        "sadoc.yml:3:3: unknown key `dri` (did you mean `dir`?); expected one of `dir`, `template`, `digits`",
    );
}

#[test]
fn missing_title_and_bad_values_are_errors() {
    let p = Project::new().file("sadoc.yml", "urls: flat\n");
    p.build(&[])
        .expect_code(2)
        .expect_stderr("missing field `title`");
    let p = Project::new().file("sadoc.yml", "title: T\nurls: fancy\n");
    p.build(&[]).expect_code(2).expect_stderr("sadoc.yml:2:");
    let p = Project::new().file("sadoc.yml", "title: T\ncheck: { fail_on: warnings }\n");
    p.build(&[])
        .expect_code(2)
        .expect_stderr("unknown value `warnings` (did you mean `warning`?)");
    let p = Project::new().file("sadoc.yml", "title: T\nadr: { dir: ../outside }\n");
    p.build(&[])
        .expect_code(2)
        .expect_stderr("`adr.dir` is `../outside`");
    let p = Project::new().file("sadoc.yml", "# nothing\n");
    p.build(&[])
        .expect_code(2)
        .expect_stderr("the file is empty");
}

#[test]
fn missing_config_says_how_to_create_one() {
    let p = Project::empty().file("docs/a.md", "# A\n");
    p.build(&[])
        .expect_code(2)
        .expect_stderr("no sadoc.yml (or mkdocs.yml) found in")
        .expect_stderr("run `sadoc init`");
}

#[test]
fn config_is_found_from_a_subfolder() {
    let p = Project::new().file("docs/sub/a.md", "# A\n");
    p.run_in(&p.path("docs/sub"), &["build"]).expect_code(0);
    assert!(
        p.site_has("sub/a.html"),
        "site goes to the project root's site/"
    );
}

#[test]
fn config_option_and_directory_options_select_the_project() {
    let p = Project::new()
        .file("docs/a.md", "# A\n")
        .file("other.yml", "title: Other\ndocs: { dir: docs }\n");
    let outside = p.root.parent().unwrap().to_path_buf();
    p.run_in(&outside, &["-C", "project", "build"])
        .expect_code(0);
    assert!(p.site("a.html").contains("Test Architecture"));
    p.run_in(&outside, &["--config", "project/other.yml", "build"])
        .expect_code(0);
    assert!(p.site("a.html").contains("Other"));
    p.run_in(&outside, &["build", "project"]).expect_code(0);
}

#[test]
fn folders_may_be_configured() {
    let p = Project::new()
        .file(
            "sadoc.yml",
            "title: T\ndocs: { dir: handbook }\nadr: { dir: decisions }\nsad: { dir: handbook/architecture }\n",
        )
        .file("handbook/intro.md", "# Intro\n")
        .file("handbook/architecture/index.md", "# Roadmap\n")
        .file("decisions/0001-a.md", "# 1. A\n\n## Status\n\nAccepted\n");
    p.build(&[]).expect_code(0).refute_stderr("broken link");
    assert!(p.site_has("intro.html"));
    assert!(p.site_has("architecture/index.html"));
    assert!(
        p.site_has("adr/0001-a.html"),
        "an ADR folder outside docs is published under adr/"
    );
}

#[test]
fn a_config_error_leaves_the_previous_output_intact() {
    let p = Project::new().file("docs/a.md", "# A\n");
    p.build(&[]).expect_code(0);
    let before = p.site("a.html");
    std::fs::write(p.path("sadoc.yml"), "title: T\nthem: {}\n").unwrap();
    p.build(&[])
        .expect_code(2)
        .expect_stderr("unknown key `them`");
    assert_eq!(p.site("a.html"), before);
}
