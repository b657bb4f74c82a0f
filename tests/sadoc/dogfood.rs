//! sadoc's own documentation and the bundled example build with `--strict`.

use crate::harness::{Project, repo_root};

#[test]
fn the_example_project_builds_strictly() {
    let p = Project::copy_of(&repo_root().join("examples/data-platform"));
    p.build(&["--strict"])
        .expect_code(0)
        .refute_stderr("warning");
    assert!(p.site_has("adr/index.html"));
    assert!(p.site_has("sad/views/pipeline.html"));
    assert!(p.site_has("images/context.svg"));
}

#[test]
fn sadocs_own_docs_build_strictly() {
    let root = repo_root();
    let out = tempfile::tempdir().unwrap();
    let p = Project::empty();
    let out_dir = out.path().join("site");
    p.run_in(
        &root,
        &["build", "--strict", "--out", out_dir.to_str().unwrap()],
    )
    .expect_code(0)
    .refute_stderr("warning");
    assert!(out_dir.join("adr/index.html").is_file());
}

/// The configuration reference's complete example is a valid `sadoc.yml`.
#[test]
fn the_documented_configuration_example_is_valid() {
    let guide = std::fs::read_to_string(repo_root().join("docs/guide/configuration.md")).unwrap();
    let example = guide
        .split("## A complete example")
        .nth(1)
        .and_then(|rest| rest.split("```yaml\n").nth(1))
        .and_then(|block| block.split("```").next())
        .expect("the guide has a complete example");
    let p = Project::empty()
        .file("sadoc.yml", example)
        .file("theme/.keep", "")
        .file(
            "docs/adr/0004-use-kafka.md",
            "# 4. Use Kafka\n\n## Status\n\nAccepted\n",
        );
    let run = p.run(&["code", "services/x/kafka/consumer.py", "deploy/kafka.tf"]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("ADR-0004 Use Kafka (accepted)  [deploy/kafka.tf"),
        "{}",
        run.stdout
    );
    p.run(&["code", "README.md"]).expect_code(1);
}
