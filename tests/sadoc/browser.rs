//! The built example, read in a real browser: headless Chromium driven by
//! `tests/browser/e2e.cjs` (playwright-core), over HTTP under a merge-request prefix and from
//! `file://`, a workspace portal (`tests/browser/portal.cjs`), and decisions through review
//! (`tests/browser/review.cjs`: status history, the Review page). Navigation, search (English and Korean), Mermaid diagrams, dark mode, the
//! phone layout, keyboard access, no console errors and no request leaving localhost.
//! Screenshots are kept in `$CARGO_TARGET_TMPDIR/browser/` to look at.

use std::path::PathBuf;
use std::process::Command;

use crate::harness::{Project, repo_root};

/// The folder holding playwright-core (`.ci/run` installs it into its tools folder).
fn node_modules() -> Option<PathBuf> {
    let tools = std::env::var_os("SADOC_TOOLS_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/sadoc-tools"))
        })?;
    let modules = tools.join("node_modules");
    modules.join("playwright-core").is_dir().then_some(modules)
}

fn browser_available() -> Option<PathBuf> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let have =
        PathBuf::from(&chromium).is_file() && crate::tools::available("node", &["--version"]);
    match (have, node_modules()) {
        (true, Some(modules)) => Some(modules),
        _ => {
            assert!(
                std::env::var_os("SADOC_REQUIRE_TOOLS").is_none(),
                "Chromium and playwright-core are required here (SADOC_REQUIRE_TOOLS is set); `.ci/run` installs them"
            );
            eprintln!("skipped: Chromium or playwright-core is not installed");
            None
        }
    }
}

#[test]
fn the_example_site_reads_well_in_a_real_browser() {
    let Some(modules) = browser_available() else {
        return;
    };
    let p = Project::copy_of(&repo_root().join("examples/data-platform"));
    // Pages say who changed them: give the copy a history.
    p.git_init();
    p.build(&["--strict"]).expect_code(0);
    run_script("e2e.cjs", &p, &modules);
}

/// Runs the browser script `tests/browser/<script>` on the built site of `p`; it must pass.
fn run_script(script: &str, p: &Project, modules: &std::path::Path) {
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let out = Command::new("node")
        .arg(repo_root().join("tests/browser").join(script))
        .arg(p.path("site"))
        .arg(&shots)
        .env("NODE_PATH", modules)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "browser checks failed:\n{stdout}\n{}\nscreenshots: {}",
        String::from_utf8_lossy(&out.stderr),
        shots.display()
    );
    assert!(stdout.contains("all checks passed"));
}

#[test]
fn an_mkdocs_material_site_works_in_a_real_browser() {
    let Some(modules) = browser_available() else {
        return;
    };
    let p = Project::fixture("mkdocs/material");
    p.build(&["--strict"]).expect_code(0);
    run_script("mkdocs.cjs", &p, &modules);
}

#[test]
fn a_workspace_portal_works_in_a_real_browser_under_a_preview_prefix() {
    let Some(modules) = browser_available() else {
        return;
    };
    let p = Project::copy_of(&repo_root().join("examples/monorepo"));
    p.git_init();
    p.build(&["--strict"]).expect_code(0);
    run_script("portal.cjs", &p, &modules);
}

#[test]
fn decisions_through_review_read_well_in_a_real_browser() {
    let Some(modules) = browser_available() else {
        return;
    };
    // ADR 2 proposed in !12 and accepted in !15, ADR 3 proposed in !21 (real merge commits);
    // a guide and a runbook under review, built on 2025-04-12 and read today.
    let p = crate::status_history::gitlab_log();
    crate::status_history::propose_avro(&p);
    let config = std::fs::read_to_string(p.path("sadoc.yml")).unwrap();
    std::fs::write(
        p.path("sadoc.yml"),
        format!("{config}review: {{ every: 180d, folders: {{ docs/runbooks: 30d, docs/adr: never }} }}\nowners: {{ docs/runbooks: \"@sre\" }}\n"),
    )
    .unwrap();
    std::fs::write(p.path("docs/guide.md"), "# Guide\n\nHow it works.\n").unwrap();
    std::fs::create_dir_all(p.path("docs/runbooks")).unwrap();
    std::fs::write(p.path("docs/runbooks/restart.md"), "# Restart\n\nSteps.\n").unwrap();
    let when = 1_740_960_000 + 25 * 86_400;
    crate::harness::git_as(&p.root, "Ed", when, &["add", "-A"]);
    crate::harness::git_as(
        &p.root,
        "Ed",
        when,
        &["commit", "-q", "-m", "Guide and runbook"],
    );
    let built_on = (1_740_960_000_i64 + 40 * 86_400).to_string();
    p.run_with_env(
        &p.root,
        &["build", "--strict"],
        &[("SOURCE_DATE_EPOCH", &built_on)],
    )
    .expect_code(0);
    run_script("review.cjs", &p, &modules);
}

#[test]
fn a_versioned_site_switches_versions_in_a_real_browser() {
    let Some(modules) = browser_available() else {
        return;
    };
    // Two versions in mike's layout, as `sadoc versions deploy` leaves them in a bucket.
    let p = Project::new()
        .file("sadoc.yml", "title: Shop\n")
        .file("docs/index.md", "# Shop\n\nSee [the guide](guide.md).\n")
        .file("docs/guide.md", "# Guide\n\nVersion one.\n")
        .file("docs/retired.md", "# Retired\n\nA retired page.\n");
    let root = p.path("site");
    p.run(&["build", "--versioned", "--out", "site/arch/1.0"])
        .expect_code(0);
    std::fs::remove_file(p.path("docs/retired.md")).unwrap();
    std::fs::write(p.path("docs/guide.md"), "# Guide\n\nVersion two.\n").unwrap();
    p.run(&["build", "--versioned", "--out", "site/arch/2.0"])
        .expect_code(0);
    std::fs::write(
        root.join("arch/versions.json"),
        r#"[{"version": "2.0", "title": "2.0", "aliases": ["latest"]}, {"version": "1.0", "title": "1.0", "aliases": []}]"#,
    )
    .unwrap();
    std::fs::write(
        root.join("arch/index.html"),
        "<!DOCTYPE html><meta http-equiv=\"refresh\" content=\"0; url=2.0/\">\n",
    )
    .unwrap();
    std::fs::copy(root.join("arch/2.0/404.html"), root.join("404.html")).unwrap();
    run_script("versions.cjs", &p, &modules);
}
