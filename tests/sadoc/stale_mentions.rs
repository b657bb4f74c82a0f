//! Stale mentions: a merge request renames or removes a name in the code it touches, or moves
//! or deletes a file, and a page still mentions it in inline code or a table cell — reported at
//! the mention's exact line and column, with the replacement for a rename; `--suggest` prints
//! the edit and `--fix` applies it. Real git repositories.

use crate::harness::{Project, Repo};

const SERVER: &str = "\
import os

ORDERS_TOPIC = \"orders.placed\"


def serve_http(port):
    return port


def parse_args(argv):
    return [\"--dry-run\" in argv]
";

const GUIDE: &str = "# Guide

Start the server with `serve_http()` on a port.

| Setting | Meaning |
|---|---|
| ORDERS_TOPIC | where orders go |

Pass `--dry-run` to try it. The code is in `src/server.py`.

```python
serve_http(8080)  # inside a fence: not a mention
```
";

fn project() -> (Project, Repo, String) {
    let p = Project::new()
        .file("docs/guide.md", GUIDE)
        .file("src/server.py", SERVER)
        .file("src/other.py", "def other():\n    return 1\n");
    let repo = p.git_init();
    let base = repo.head();
    (p, repo, base)
}

/// (line, column, message) of the stale-mention findings.
fn stale(p: &Project, base: &str, extra: &[&str]) -> (Vec<(u64, u64, String)>, serde_json::Value) {
    let mut args = vec![
        "check", "--base", base, "--checks", "drift", "--format", "json",
    ];
    args.extend_from_slice(extra);
    let run = p.run(&args);
    let report: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run:?}"));
    let found = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "drift/stale-mention")
        .map(|f| {
            assert_eq!(f["path"], "docs/guide.md");
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (found, report)
}

#[test]
fn a_renamed_function_is_reported_at_the_mention_with_its_new_name_and_fixed() {
    let (p, repo, base) = project();
    std::fs::write(
        p.path("src/server.py"),
        SERVER.replace("serve_http", "serve_https"),
    )
    .unwrap();
    repo.commit("rename");
    let (found, _) = stale(&p, &base, &[]);
    assert_eq!(
        found,
        vec![(
            3,
            24,
            "`serve_http` was renamed to `serve_https` in `src/server.py`, but this page still mentions it".to_string()
        )]
    );
    let (_, report) = stale(&p, &base, &["--suggest"]);
    let suggestion = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "drift/stale-mention")
        .and_then(|f| f["suggestion"].as_str())
        .expect("a suggested edit")
        .to_string();
    assert!(
        suggestion.contains("-Start the server with `serve_http()` on a port."),
        "{suggestion}"
    );
    assert!(
        suggestion.contains("+Start the server with `serve_https()` on a port."),
        "{suggestion}"
    );
    p.run(&["check", "--base", &base, "--checks", "drift", "--fix"]);
    let fixed = std::fs::read_to_string(p.path("docs/guide.md")).unwrap();
    assert!(
        fixed.contains("`serve_https()`") && fixed.contains("serve_http(8080)  # inside a fence")
    );
}

#[test]
fn removed_names_flags_and_table_cells_are_reported_without_a_replacement() {
    let (p, repo, base) = project();
    std::fs::write(
        p.path("src/server.py"),
        SERVER
            .replace("ORDERS_TOPIC = \"orders.placed\"\n", "")
            .replace("[\"--dry-run\" in argv]", "[]"),
    )
    .unwrap();
    repo.commit("remove the topic and the flag");
    let (found, _) = stale(&p, &base, &[]);
    assert_eq!(
        found,
        vec![
            (
                7,
                3,
                "`ORDERS_TOPIC` was removed from `src/server.py`, but this page still mentions it"
                    .to_string()
            ),
            (
                9,
                7,
                "`--dry-run` was removed from `src/server.py`, but this page still mentions it"
                    .to_string()
            ),
        ]
    );
}

#[test]
fn a_moved_file_is_reported_with_its_new_path_and_an_unrelated_edit_is_not() {
    let (p, repo, base) = project();
    std::fs::create_dir_all(p.path("src/api")).unwrap();
    std::fs::rename(p.path("src/server.py"), p.path("src/api/server.py")).unwrap();
    std::fs::write(p.path("src/other.py"), "def other():\n    return 2\n").unwrap();
    repo.commit("move the server");
    let (found, _) = stale(&p, &base, &[]);
    assert_eq!(
        found,
        vec![(
            9,
            45,
            "`src/server.py` was moved to `src/api/server.py`, but this page still mentions it"
                .to_string()
        )]
    );
}

#[test]
fn a_name_moved_to_another_file_or_still_used_is_not_stale() {
    let (p, repo, base) = project();
    std::fs::write(
        p.path("src/server.py"),
        SERVER.replace("def serve_http(port):\n    return port\n", ""),
    )
    .unwrap();
    std::fs::write(
        p.path("src/other.py"),
        "def serve_http(port):\n    return port\n",
    )
    .unwrap();
    repo.commit("move the function");
    assert_eq!(stale(&p, &base, &[]).0, Vec::new());
}

#[test]
fn a_name_still_used_elsewhere_or_a_folder_that_still_exists_is_not_stale() {
    let (p, repo, base) = project();
    std::fs::write(
        p.path("src/config.py"),
        "ORDERS_TOPIC = \"orders.placed\"\n",
    )
    .unwrap();
    repo.commit("config");
    let base2 = repo.head();
    std::fs::write(
        p.path("src/server.py"),
        SERVER.replace("ORDERS_TOPIC = \"orders.placed\"\n", ""),
    )
    .unwrap();
    // One file moved deeper: `src` still exists.
    std::fs::create_dir_all(p.path("src/api")).unwrap();
    std::fs::rename(p.path("src/other.py"), p.path("src/api/other.py")).unwrap();
    repo.commit("the topic lives in config.py only");
    assert_eq!(stale(&p, &base2, &[]).0, Vec::new());
    let _ = base;
}

/// A function renamed where it is defined and where it is called, mentioned by two documents
/// that govern one of the files each: the message names both files, each document's edit is
/// printed once under its own finding, the changed files are counted once, and `--fix` says
/// what it changed and that it is to be committed.
#[test]
fn a_rename_in_two_files_mentioned_by_two_pages_reads_once_per_page_and_file() {
    let p = Project::new()
        .file(
            "docs/index.md",
            "---\ngoverns: [\"dags/**\"]\n---\n# Home\n\nThe DAG calls `load_orders` every hour.\n",
        )
        .file(
            "docs/runbook.md",
            "---\ngoverns: [\"lib/**\"]\n---\n# Runbook\n\nRe-run `load_orders` by hand.\n",
        )
        .file("lib/orders.py", "def load_orders():\n    pass\n")
        .file(
            "dags/orders_dag.py",
            "from lib.orders import load_orders\n\nload_orders()\n",
        );
    let repo = p.git_init();
    let base = repo.head();
    for file in ["lib/orders.py", "dags/orders_dag.py"] {
        let text = std::fs::read_to_string(p.path(file)).unwrap();
        std::fs::write(
            p.path(file),
            text.replace("load_orders", "load_order_batches"),
        )
        .unwrap();
    }
    repo.commit("rename load_orders");
    let run = p.run(&["check", "--base", &base, "--suggest"]);
    let out = &run.stdout;
    assert!(
        out.contains("Drift: 2 changed files are governed by documents this change does not update; 2 mentions of code it renamed or removed"),
        "{out}"
    );
    assert!(
        out.contains("`load_orders` was renamed to `load_order_batches` in `dags/orders_dag.py` and `lib/orders.py`"),
        "{out}"
    );
    for (page, line) in [
        (
            "docs/index.md",
            "+The DAG calls `load_order_batches` every hour.",
        ),
        ("docs/runbook.md", "+Re-run `load_order_batches` by hand."),
    ] {
        assert_eq!(
            out.matches(&format!("--- a/{page}")).count(),
            1,
            "{page} once: {out}"
        );
        assert_eq!(out.matches(line).count(), 1, "{out}");
        // Under its own finding: the diff follows the mention of that page.
        let finding = out.find(&format!("{page}:6:")).expect("the finding");
        let diff = out.find(&format!("--- a/{page}")).unwrap();
        assert!(diff > finding, "{out}");
    }
    let fixed = p.run(&["check", "--base", &base, "--fix"]);
    assert!(
        fixed.stdout.contains("--fix updated 2 stale mentions in `docs/index.md`, `docs/runbook.md`: the working tree changed; review the edits and commit them"),
        "{}",
        fixed.stdout
    );
    assert_eq!(
        fixed
            .stdout
            .matches("fixed in the working tree: review and commit it")
            .count(),
        2
    );
    assert!(
        std::fs::read_to_string(p.path("docs/runbook.md"))
            .unwrap()
            .contains("`load_order_batches`")
    );
    // Committed, the mentions are gone.
    repo.commit("docs follow");
    let after = p.run(&["check", "--base", &base]);
    assert!(!after.stdout.contains("stale"), "{}", after.stdout);
}
