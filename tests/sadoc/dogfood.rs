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
