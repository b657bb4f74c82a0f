//! `sadoc --version` says which release and which commit a binary was built from, so a CI log
//! or a bug report names the exact code.

use crate::harness::{Project, repo_root};

#[test]
fn version_names_the_release_and_the_commit() {
    let run = Project::empty().run(&["--version"]);
    run.expect_code(0);
    let line = run.stdout.trim();
    let expected_start = format!("sadoc {} (", env!("CARGO_PKG_VERSION"));
    assert!(
        line.starts_with(&expected_start) && line.ends_with(')'),
        "{line}"
    );
    let commit = &line[expected_start.len()..line.len() - 1];
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(repo_root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    match head {
        // Built from this checkout: the commit is HEAD's.
        Some(head) if std::env::var_os("SADOC_BUILD_COMMIT").is_none() => assert_eq!(commit, head),
        _ => assert!(!commit.is_empty(), "{line}"),
    }
    // Every subcommand says the same.
    let sub = Project::empty().run(&["build", "--version"]);
    assert!(
        sub.stdout
            .contains(&format!("{} (", env!("CARGO_PKG_VERSION"))),
        "{}",
        sub.stdout
    );
}
