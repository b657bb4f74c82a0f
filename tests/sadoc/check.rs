//! `sadoc check`: drift between code and the documents that govern it, in real git
//! repositories, with every range source, opt-out and output format.

use crate::harness::{Project, Repo};

/// A project whose view governs `services/ingest/**` (element) and whose ADR governs
/// `services/api/**` and, through sadoc.yml, `deploy/main.tf`.
fn governed() -> Project {
    Project::new()
        .file(
            "sadoc.yml",
            "title: Shop\nrepo: { url: https://gitlab.example.com/shop/p }\ncheck: { ignore: [\"**/*.lock\"], fail_on: warning }\ngoverns:\n  \"docs/adr/0002-*.md\": [\"deploy/main.tf\"]\n",
        )
        .file(
            "docs/sad/views/pipeline.md",
            "---\nkind: view\nstyle: pipe-and-filter\nelements:\n  - { id: ingest, name: Ingest, type: filter, governs: [\"services/ingest/**\"] }\n---\n# Pipeline\n\nCode: [main](../../../services/ingest/main.rs).\n",
        )
        .file(
            "docs/adr/0001-use-rest.md",
            "---\nstatus: accepted\ngoverns: [\"services/api/**\"]\n---\n# Use REST\n",
        )
        .file("docs/adr/0002-use-terraform.md", "# 2. Use Terraform\n\n## Status\n\nAccepted\n")
        .file("services/ingest/main.rs", "fn main() {}\n")
        .file("services/api/app.py", "print('api')\n")
        .file("services/api/poetry.lock", "lock\n")
        .file("deploy/main.tf", "resource \"x\" \"y\" {}\n")
        .file("README.md", "# shop\n")
}

fn json(p: &Project, args: &[&str], env: &[(&str, &str)]) -> (i32, serde_json::Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = p.run_with_env(&p.root, &all, env);
    let value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run:?}"));
    (run.code, value)
}

fn drift_paths(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "drift")
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

fn setup() -> (Project, Repo, String) {
    let p = governed();
    let repo = p.git_init();
    let base = repo.head();
    (p, repo, base)
}

#[test]
fn governed_code_changed_without_its_documents_is_drift() {
    let (p, repo, base) = setup();
    std::fs::write(p.path("services/ingest/main.rs"), "fn main() { run(); }\n").unwrap();
    std::fs::write(p.path("README.md"), "# shop!\n").unwrap();
    repo.commit("change ingest");
    let run = p.run(&["check", "--base", &base, "--checks", "drift"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("Drift: 1 changed file is governed by documents this change does not update"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("docs/sad/views/pipeline.md  (Pipeline, view)")
    );
    assert!(
        run.stdout
            .contains("warning: services/ingest/main.rs  [modified +1 −1]")
    );
    assert!(run.stdout.contains("docs/sad/views/pipeline.md (Pipeline, element `ingest`, governs `services/ingest/**`): update it"));
    assert!(
        !run.stdout.contains("README.md"),
        "ungoverned files are not findings"
    );
}

#[test]
fn changing_the_document_in_the_same_range_is_in_sync() {
    let (p, repo, base) = setup();
    std::fs::write(p.path("services/ingest/main.rs"), "fn main() { run(); }\n").unwrap();
    repo.commit("code first");
    std::fs::write(
        p.path("docs/sad/views/pipeline.md"),
        std::fs::read_to_string(p.path("docs/sad/views/pipeline.md")).unwrap() + "\nIt runs now.\n",
    )
    .unwrap();
    repo.commit("docs later, same merge request");
    let (code, report) = json(&p, &["--base", &base, "--checks", "drift"], &[]);
    assert_eq!(code, 0, "{report:#}");
    assert!(drift_paths(&report).is_empty());
}

#[test]
fn accepted_adrs_are_to_be_reviewed_and_deletions_weigh_more() {
    let (p, repo, base) = setup();
    std::fs::remove_file(p.path("services/api/app.py")).unwrap();
    repo.commit("drop the api");
    let (code, report) = json(&p, &["--base", &base, "--checks", "drift"], &[]);
    assert_eq!(code, 1);
    let finding = &report["findings"][0];
    assert_eq!(
        finding["severity"], "error",
        "a deleted governed file is an error"
    );
    assert_eq!(finding["change"]["kind"], "deleted");
    assert_eq!(finding["documents"][0]["label"], "ADR-0001");
    assert!(finding["help"].as_str().unwrap().contains(
        "review it; supersede it (`sadoc adr new --supersedes`) if the decision changed"
    ));
}

#[test]
fn renames_are_errors_with_a_suggested_and_applicable_fix() {
    let (p, repo, base) = setup();
    std::fs::create_dir_all(p.path("services/loader")).unwrap();
    std::fs::rename(
        p.path("services/ingest/main.rs"),
        p.path("services/loader/main.rs"),
    )
    .unwrap();
    std::fs::rename(p.path("deploy/main.tf"), p.path("deploy/infra.tf")).unwrap();
    repo.commit("rename ingest to loader");
    let run = p.run(&["check", "--base", &base, "--checks", "drift", "--suggest"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("error: services/loader/main.rs  [renamed from services/ingest/main.rs]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(
        "-  - { id: ingest, name: Ingest, type: filter, governs: [\"services/ingest/**\"] }"
    ));
    assert!(run.stdout.contains(
        "+  - { id: ingest, name: Ingest, type: filter, governs: [\"services/loader/**\"] }"
    ));
    assert!(
        run.stdout
            .contains("+Code: [main](../../../services/loader/main.rs).")
    );
    assert!(
        run.stdout
            .contains("+  \"docs/adr/0002-*.md\": [\"deploy/infra.tf\"]")
    );
    p.run(&[
        "check",
        "--base",
        &base,
        "--checks",
        "drift",
        "--suggest",
        "--format",
        "markdown=note.md",
    ])
    .expect_code(1);
    let note = std::fs::read_to_string(p.path("note.md")).unwrap();
    assert!(
        note.contains("```diff\n--- a/sadoc.yml\n")
            && note
                .contains("\n--- a/docs/sad/views/pipeline.md\n+++ b/docs/sad/views/pipeline.md\n"),
        "{note}"
    );
    assert!(
        !note.contains("suggestion:-0+0"),
        "the documents' lines are not in the merge request's diff: no GitLab suggestion can be applied there, the diff is the edit: {note}"
    );
    std::fs::remove_file(p.path("note.md")).unwrap();
    let view_before = std::fs::read_to_string(p.path("docs/sad/views/pipeline.md")).unwrap();
    let fixed = p.run(&["check", "--base", &base, "--checks", "drift", "--fix"]);
    fixed.expect_code(1);
    assert!(
        fixed.stdout.contains("--fix updated ")
            && fixed
                .stdout
                .contains("the working tree changed; review the edits and commit them")
            && fixed.stdout.contains("`docs/sad/views/pipeline.md`")
            && fixed.stdout.contains("`sadoc.yml`"),
        "--fix says what it changed and that it is to commit: {}",
        fixed.stdout
    );
    assert!(
        fixed
            .stdout
            .contains("fixed in the working tree: review and commit it")
    );
    let view_after = std::fs::read_to_string(p.path("docs/sad/views/pipeline.md")).unwrap();
    assert_eq!(
        view_after,
        view_before
            .replace("services/ingest/**", "services/loader/**")
            .replace("services/ingest/main.rs", "services/loader/main.rs")
    );
    let config = std::fs::read_to_string(p.path("sadoc.yml")).unwrap();
    assert!(config.contains("[\"deploy/infra.tf\"]"));
    repo.commit("follow the rename");
    let (code, report) = json(&p, &["--base", &base, "--checks", "drift"], &[]);
    assert_eq!(
        code, 0,
        "after the fix the merge request is clean: {report:#}"
    );
}

#[test]
fn ignored_paths_and_reverted_changes_are_not_drift() {
    let (p, repo, base) = setup();
    std::fs::write(p.path("services/api/poetry.lock"), "lock 2\n").unwrap();
    std::fs::write(p.path("services/ingest/main.rs"), "fn main() { oops(); }\n").unwrap();
    repo.commit("change");
    std::fs::write(p.path("services/ingest/main.rs"), "fn main() {}\n").unwrap();
    repo.commit("revert");
    let (code, report) = json(&p, &["--base", &base, "--checks", "drift"], &[]);
    assert_eq!(code, 0, "{report:#}");
    assert!(
        drift_paths(&report).is_empty(),
        "the net diff is empty for ingest; the lock file is ignored"
    );
    assert_eq!(
        report["notices"][0],
        "1 changed file matched `check.ignore` and was not checked"
    );
}

#[test]
fn each_opt_out_is_reported_when_used() {
    let (p, repo, base) = setup();
    std::fs::write(p.path("services/ingest/main.rs"), "fn main() { a(); }\n").unwrap();
    std::fs::write(p.path("services/api/app.py"), "print('b')\n").unwrap();
    repo.commit("change both");
    let (code, report) = json(
        &p,
        &["--base", &base, "--checks", "drift"],
        &[("CI_MERGE_REQUEST_LABELS", "backend,Docs-Not-Needed")],
    );
    assert_eq!(code, 0);
    assert_eq!(
        report["notices"][0],
        "drift check skipped: the merge request has the label `docs-not-needed`"
    );

    repo.commit("empty");
    std::fs::write(p.path("README.md"), "x\n").unwrap();
    repo.commit("Tidy up\n\nDocs-Reviewed: ADR-0001\n");
    let (code, report) = json(&p, &["--base", &base, "--checks", "drift"], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        drift_paths(&report),
        ["services/ingest/main.rs"],
        "ADR-0001 counts as reviewed"
    );
    assert!(
        report["notices"][0]
            .as_str()
            .unwrap()
            .starts_with("`docs/adr/0001-use-rest.md` counts as updated: commit ")
    );

    let view = std::fs::read_to_string(p.path("docs/sad/views/pipeline.md")).unwrap();
    std::fs::write(
        p.path("docs/sad/views/pipeline.md"),
        view.replace("kind: view", "kind: view\ndrift: off"),
    )
    .unwrap();
    repo.commit("Switch off drift for the pipeline view");
    // The view changed in the range now, so check a range that does not touch it.
    let (_, report) = json(
        &p,
        &["--checks", "drift"],
        &[
            ("CI_PIPELINE_SOURCE", "merge_request_event"),
            ("CI_MERGE_REQUEST_DIFF_BASE_SHA", &base),
        ],
    );
    let _ = report;

    std::fs::write(p.path("services/ingest/main.rs"), "fn main() { c(); }\n").unwrap();
    repo.commit("Refactor\n\nDocs-Not-Needed: renames a local variable\n");
    let (code, report) = json(&p, &["--base", &base, "--checks", "drift"], &[]);
    assert_eq!(code, 0);
    assert!(
        report["notices"][0]
            .as_str()
            .unwrap()
            .contains("says `Docs-Not-Needed: renames a local variable`")
    );
}

#[test]
fn drift_off_documents_are_not_governors() {
    let p = governed();
    let view = std::fs::read_to_string(p.path("docs/sad/views/pipeline.md")).unwrap();
    std::fs::write(
        p.path("docs/sad/views/pipeline.md"),
        view.replace("kind: view", "kind: view\ndrift: off"),
    )
    .unwrap();
    let repo = p.git_init();
    let base = repo.head();
    std::fs::write(p.path("services/ingest/main.rs"), "fn main() { d(); }\n").unwrap();
    repo.commit("change");
    let (code, report) = json(&p, &["--base", &base, "--checks", "drift"], &[]);
    assert_eq!(code, 0);
    assert_eq!(
        report["notices"][0],
        "`docs/sad/views/pipeline.md` has `drift: off`; changes to the code it governs were not checked against it"
    );
}

#[test]
fn gitlab_merge_request_variables_choose_the_range() {
    let (p, repo, base) = setup();
    std::fs::write(p.path("README.md"), "target moved on\n").unwrap();
    let target = repo.commit("target branch moves");
    std::fs::write(p.path("services/ingest/main.rs"), "fn main() { e(); }\n").unwrap();
    let head = repo.commit("merge result");
    let detached = [
        ("CI_PIPELINE_SOURCE", "merge_request_event"),
        ("CI_MERGE_REQUEST_EVENT_TYPE", "detached"),
        ("CI_MERGE_REQUEST_DIFF_BASE_SHA", base.as_str()),
        ("CI_COMMIT_SHA", head.as_str()),
    ];
    let (_, report) = json(&p, &["--checks", "drift"], &detached);
    assert_eq!(report["range"]["base"], base.as_str());
    assert_eq!(
        report["range"]["how"],
        "GitLab merge request, diff base..commit"
    );
    let merged = [
        ("CI_PIPELINE_SOURCE", "merge_request_event"),
        ("CI_MERGE_REQUEST_EVENT_TYPE", "merged_result"),
        ("CI_MERGE_REQUEST_DIFF_BASE_SHA", base.as_str()),
        ("CI_MERGE_REQUEST_TARGET_BRANCH_SHA", target.as_str()),
        ("CI_COMMIT_SHA", head.as_str()),
    ];
    let (_, report) = json(&p, &["--checks", "drift"], &merged);
    assert_eq!(
        report["range"]["base"],
        target.as_str(),
        "merged results compare with the target branch"
    );
    assert_eq!(
        report["range"]["how"],
        "GitLab merged result pipeline, target branch..merge commit"
    );
    assert_eq!(drift_paths(&report), ["services/ingest/main.rs"]);

    // The note links to the source branch's commit, not to the temporary merge commit.
    let source = "0123456789abcdef0123456789abcdef01234567";
    let mut with_source = merged.to_vec();
    with_source.push(("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA", source));
    let run = p.run_with_env(
        &p.root,
        &["check", "--checks", "drift", "--format", "markdown"],
        &with_source,
    );
    assert!(
        run.stdout
            .contains(&format!("/-/blob/{source}/services/ingest/main.rs")),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains(&head));
}

#[test]
fn local_runs_compare_with_where_the_branch_left_main() {
    let (p, repo, _) = setup();
    repo.branch("feature");
    std::fs::write(p.path("services/api/app.py"), "print('f')\n").unwrap();
    repo.commit("feature work");
    let (code, report) = json(&p, &["--checks", "drift"], &[]);
    assert_eq!(code, 1);
    assert!(
        report["range"]["how"]
            .as_str()
            .unwrap()
            .starts_with("since the branch left `"),
        "{report:#}"
    );
    assert_eq!(drift_paths(&report), ["services/api/app.py"]);
    // The header names the range in one pair of brackets, none inside another.
    let text = p.run(&["check", "--checks", "drift"]);
    let header = text.stdout.lines().next().unwrap();
    assert!(header.starts_with("sadoc check: "), "{header}");
    let mut depth = 0;
    for c in header.chars() {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        assert!(depth <= 1, "nested brackets: {header}");
    }
    assert!(
        header.ends_with("(since the branch left `main`, from their merge base)"),
        "{header}"
    );
}

#[test]
fn on_the_default_branch_only_static_checks_run() {
    let (p, _repo, _) = setup();
    let run = p.run(&["check", "--checks", "drift"]);
    run.expect_code(0);
    assert!(run.stdout.contains("no range to compare"), "{}", run.stdout);
}

#[test]
fn a_shallow_clone_without_the_base_exits_3_with_the_fetch_command() {
    let (p, repo, base) = setup();
    std::fs::write(p.path("services/ingest/main.rs"), "fn main() { f(); }\n").unwrap();
    repo.commit("one");
    std::fs::write(p.path("services/ingest/main.rs"), "fn main() { g(); }\n").unwrap();
    repo.commit("two");
    let clone = p.root.parent().unwrap().join("shallow");
    let status = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "1"])
        .arg(format!("file://{}", p.root.display()))
        .arg(&clone)
        .status()
        .expect("git clone");
    assert!(status.success());
    let run = p.run_in(&clone, &["check", "--base", &base]);
    run.expect_code(3)
        .expect_stderr(&format!(
            "error: the commit `{base}` is not in this clone (it is a shallow clone)"
        ))
        .expect_stderr(&format!(
            "help: fetch it first: git fetch --depth=1 origin {base}"
        ));
    let outside = Project::empty()
        .file("sadoc.yml", "title: T\n")
        .file("docs/a.md", "# A\n");
    outside
        .run(&["check"])
        .expect_code(3)
        .expect_stderr("is not in a git repository");
}

#[test]
fn many_to_many_governance_names_every_document_most_specific_first() {
    let p = governed().file(
        "docs/sad/overview.md",
        "---\nkind: overview\ngoverns: [\"services/**\", \"deploy/main.tf\"]\n---\n# Overview\n",
    );
    let repo = p.git_init();
    let base = repo.head();
    std::fs::write(p.path("services/ingest/main.rs"), "fn main() { h(); }\n").unwrap();
    std::fs::write(p.path("deploy/main.tf"), "# changed\n").unwrap();
    repo.commit("two files, two governors each");
    let (_, report) = json(&p, &["--base", &base, "--checks", "drift"], &[]);
    let findings = report["findings"].as_array().unwrap();
    let ingest = findings
        .iter()
        .find(|f| f["path"] == "services/ingest/main.rs")
        .unwrap();
    let docs: Vec<&str> = ingest["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        docs,
        ["docs/sad/views/pipeline.md", "docs/sad/overview.md"],
        "services/ingest/** before services/**"
    );
    let deploy = findings
        .iter()
        .find(|f| f["path"] == "deploy/main.tf")
        .unwrap();
    assert_eq!(deploy["documents"].as_array().unwrap().len(), 2);
}

#[test]
fn outputs_follow_their_formats() {
    let (p, repo, base) = setup();
    std::fs::write(p.path("services/ingest/main.rs"), "fn main() { i(); }\n").unwrap();
    repo.commit("change");
    let run = p.run(&[
        "check",
        "--base",
        &base,
        "--checks",
        "drift",
        "--format",
        "codequality=reports/cq.json",
        "--format",
        "junit=reports/junit.xml",
        "--format",
        "markdown=reports/note.md",
        "--format",
        "github",
    ]);
    run.expect_code(1);
    let cq: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.path("reports/cq.json")).unwrap()).unwrap();
    let issue = &cq[0];
    for key in [
        "description",
        "check_name",
        "fingerprint",
        "severity",
        "location",
    ] {
        assert!(
            issue.get(key).is_some(),
            "codequality issue lacks {key}: {issue:#}"
        );
    }
    assert_eq!(issue["check_name"], "sadoc/drift");
    assert_eq!(issue["location"]["path"], "services/ingest/main.rs");
    assert_eq!(issue["location"]["lines"]["begin"], 1);
    assert_eq!(issue["fingerprint"].as_str().unwrap().len(), 64);
    assert!(
        !issue["fingerprint"].as_str().unwrap().contains("main"),
        "no raw data in the fingerprint"
    );
    let junit = std::fs::read_to_string(p.path("reports/junit.xml")).unwrap();
    assert!(junit.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sadoc check\""
    ));
    assert_eq!(
        junit.matches("<testsuite ").count(),
        junit.matches("</testsuite>").count()
    );
    assert!(junit.contains("<failure type=\"warning\""));
    let note = std::fs::read_to_string(p.path("reports/note.md")).unwrap();
    assert!(note.starts_with("<!-- sadoc:check -->\n"));
    assert!(
        note.contains("| [`services/ingest/main.rs`](https://gitlab.example.com/shop/p/-/blob/")
    );
    assert!(note.contains("Docs-Not-Needed: <reason>"));
    assert!(run.stdout.starts_with("::warning file=services/ingest/main.rs,line=1,title=sadoc/drift::`services/ingest/main.rs` changed"), "{}", run.stdout);

    // A clean run writes `[]`, so the merge-request widget has a baseline.
    let (p2, _repo2, base2) = setup();
    p2.run(&[
        "check",
        "--base",
        &base2,
        "--checks",
        "drift",
        "--format",
        "codequality=cq.json",
    ])
    .expect_code(0);
    assert_eq!(std::fs::read_to_string(p2.path("cq.json")).unwrap(), "[]");
}

#[test]
fn the_json_report_is_versioned_and_carries_the_completeness() {
    let (p, repo, base) = setup();
    std::fs::write(p.path("README.md"), "y\n").unwrap();
    repo.commit("docs only");
    let (_, report) = json(&p, &["--base", &base], &[]);
    assert_eq!(report["version"], 1);
    for key in [
        "sadoc",
        "project",
        "range",
        "checks",
        "notices",
        "findings",
        "summary",
        "completeness",
    ] {
        assert!(report.get(key).is_some(), "missing {key}");
    }
    assert_eq!(report["completeness"]["profile"], "views-and-beyond");
    assert_eq!(report["summary"]["fail_on"], "warning");
}

#[test]
fn static_code_findings() {
    let p = governed()
        .file(
            "docs/guide.md",
            "# Guide\n\nSee ADR-0042 and `ADR-0099` in code.\n\nÉtat: ADR-0043, ADR-0004, ADR-0044.\n",
        )
        .file(
            "docs/sad/views/old.md",
            "---\nkind: view\nadrs: [ADR-0003]\ngoverns: [\"services/gone/**\"]\n---\n# Old\n",
        )
        .file(
            "docs/adr/0003-old.md",
            "# 3. Old\n\n## Status\n\nSuperseded by [4. New](0004-new.md)\n",
        )
        .file(
            "docs/adr/0004-new.md",
            "# 4. New\n\n## Status\n\nAccepted\n\nSupersedes [3. Old](0003-old.md)\n",
        )
        .file(
            "sadoc.yml",
            "title: Shop\ncheck: { scan_code: [\"services/**/*.rs\"] }\n",
        )
        .file(
            "services/ingest/main.rs",
            "// Implements ADR-0004.\n// See ADR-0077.\nfn main() {}\n",
        );
    let repo = p.git_init();
    let _ = repo;
    let run = p.run(&["check", "--checks", "code"]);
    run.expect_code(0);
    let out = &run.stdout;
    assert!(
        out.contains("docs/guide.md:3:5: warning: `ADR-0042` names no ADR of this project"),
        "{out}"
    );
    assert!(!out.contains("ADR-0099"), "inline code is not prose");
    assert!(
        out.contains("docs/guide.md:5:7: warning: `ADR-0043`"),
        "{out}"
    );
    assert!(
        out.contains("docs/guide.md:5:27: warning: `ADR-0044`"),
        "{out}"
    );
    assert!(out.contains(
        "docs/sad/views/old.md:4: warning: `governs: services/gone/**` matches no file at HEAD"
    ));
    assert!(out.contains(
        "docs/sad/views/old.md:3: warning: the view cites ADR-0003, which is superseded by ADR-0004"
    ));
    assert!(out.contains("services/ingest/main.rs:2: warning: the comment cites `ADR-0077`, which names no ADR of this project"));
    assert!(!out.contains("ADR-0004`, which"));
}

#[test]
fn sadoc_code_names_the_governing_documents() {
    let p = governed();
    let run = p.run(&["code", "services/ingest/main.rs", "deploy/main.tf"]);
    run.expect_code(0);
    assert!(run.stdout.contains("services/ingest/main.rs\n  docs/sad/views/pipeline.md  Pipeline (view)  [services/ingest/**, element `ingest`]\n"), "{}", run.stdout);
    assert!(run.stdout.contains("  docs/adr/0002-use-terraform.md  ADR-0002 Use Terraform (accepted)  [deploy/main.tf, sadoc.yml for `docs/adr/0002-*.md`]"));
    p.run(&["code", "README.md"]).expect_code(1);
}

#[test]
fn code_links_and_governed_paths_are_permalinks_at_the_built_commit() {
    let (p, repo, _) = setup();
    let head = repo.head();
    p.build(&[]).expect_code(0);
    let view = p.site("sad/views/pipeline.html");
    assert!(
        view.contains(&format!(
            "href=\"https://gitlab.example.com/shop/p/-/blob/{head}/services/ingest/main.rs\""
        )),
        "{view}"
    );
    assert!(view.contains(&format!(
        "href=\"https://gitlab.example.com/shop/p/-/tree/{head}/services/ingest\""
    )));
    let run = p.run_with_env(&p.root, &["build"], &[("CI_COMMIT_SHA", "feedface")]);
    run.expect_code(0);
    assert!(
        p.site("sad/views/pipeline.html")
            .contains("/-/blob/feedface/services/ingest/main.rs")
    );
    let map = p.site("code.html");
    assert!(map.contains("<code>services/ingest/**</code>"));
    assert!(map.contains("1 file<"), "{map}");
    assert!(!map.contains("1 files"), "{map}");
}

/// The code map of a project below the repository root: folders and patterns both from the
/// repository root, a pattern naming one file shown as that file, counts in words, and the
/// home page's card for it says what the page is for.
#[test]
fn the_code_map_speaks_in_one_coordinate_system_and_files_are_files() {
    let p = Project::empty()
        .file("arch/sadoc.yml", "title: Arch\n")
        .file(
            "arch/docs/sad/views/deploy.md",
            "---\nkind: view\ngoverns: [\"deploy/main.tf\", \"/services/api/**\", \"../libs/**\"]\n---\n# Deploy\n",
        )
        .file("arch/deploy/main.tf", "resource \"x\" \"y\" {}\n")
        .file("services/api/app.py", "print(1)\n")
        .file("services/api/util.py", "print(2)\n")
        .file("libs/db.py", "x = 1\n");
    p.git_init();
    p.run(&["build", "arch"]).expect_code(0);
    let map = std::fs::read_to_string(p.path("arch/site/code.html")).unwrap();
    // Patterns as the repository names them; how the page wrote them beside.
    assert!(map.contains("<code>arch/deploy/main.tf</code>"), "{map}");
    assert!(map.contains("(<code>deploy/main.tf</code>)"), "{map}");
    assert!(
        map.contains("<code>services/api/**</code></a>")
            || map.contains("<code>services/api/**</code></span>"),
        "{map}"
    );
    assert!(map.contains("<code>libs/**</code>"), "{map}");
    // Folders from the repository root; the file is a file.
    assert!(
        map.contains(">arch/</span>") && map.contains(">deploy/</span>"),
        "{map}"
    );
    assert!(
        map.contains("class=\"code-file\"><span class=\"folder-name\">main.tf</span>"),
        "{map}"
    );
    assert!(!map.contains("main.tf/"), "{map}");
    assert!(map.contains("2 files") && map.contains("1 file<"), "{map}");
    let home = std::fs::read_to_string(p.path("arch/site/index.html")).unwrap();
    let card = &home[home
        .find("<h2><a href=\"code.html\">")
        .expect("a code map card")..];
    assert!(
        card[..card.find("</section>").unwrap()]
            .contains("class=\"card-summary\">Every code path a document governs"),
        "{home}"
    );
}

#[test]
fn reports_validate_against_their_schemas() {
    let (p, repo, base) = setup();
    // Every kind of finding: drift (modified, renamed, deleted), links, adr, sad, code, build,
    // and text that needs escaping in XML and JSON.
    std::fs::create_dir_all(p.path("services/loader")).unwrap();
    std::fs::rename(
        p.path("services/ingest/main.rs"),
        p.path("services/loader/main.rs"),
    )
    .unwrap();
    std::fs::remove_file(p.path("services/api/app.py")).unwrap();
    std::fs::write(p.path("deploy/main.tf"), "resource \"x\" \"z\" {}\n").unwrap();
    std::fs::write(
        p.path("docs/guide.md"),
        "# Guide <&> \"quoted\"\n\n[a](missing.md) [b](missing.md) and ADR-0042.\n",
    )
    .unwrap();
    std::fs::write(
        p.path("docs/adr/0003-bad.md"),
        "---\nstatus: [\n---\n# Bad\n",
    )
    .unwrap();
    repo.commit("everything at once");
    let run = p.run(&[
        "check",
        "--base",
        &base,
        "--suggest",
        "--format",
        "json=out/report.json",
        "--format",
        "codequality=out/cq.json",
        "--format",
        "junit=out/junit.xml",
    ]);
    run.expect_code(1);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.path("out/report.json")).unwrap()).unwrap();
    let checks: std::collections::BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["check"].as_str().unwrap())
        .collect();
    assert_eq!(checks.len(), 6, "every check has a finding: {checks:?}");
    if !crate::tools::validate_json(
        &crate::tools::schema("docs/guide/check-report-v1.schema.json"),
        &p.path("out/report.json"),
    ) {
        return;
    }
    crate::tools::validate_json(
        &crate::tools::schema("tests/schemas/gitlab-codequality.schema.json"),
        &p.path("out/cq.json"),
    );
    crate::tools::validate_xml(
        &crate::tools::schema("tests/schemas/junit.xsd"),
        &p.path("out/junit.xml"),
    );
    let cq: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(p.path("out/cq.json")).unwrap()).unwrap();
    let fingerprints: std::collections::BTreeSet<&str> = cq
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(
        fingerprints.len(),
        cq.len(),
        "two identical broken links still get two entries"
    );

    // And the clean report and the report without a range.
    let (clean, _repo, clean_base) = setup();
    clean
        .run(&[
            "check",
            "--base",
            &clean_base,
            "--checks",
            "drift",
            "--format",
            "json=r.json",
            "--format",
            "junit=j.xml",
            "--format",
            "codequality=c.json",
        ])
        .expect_code(0);
    crate::tools::validate_json(
        &crate::tools::schema("docs/guide/check-report-v1.schema.json"),
        &clean.path("r.json"),
    );
    crate::tools::validate_json(
        &crate::tools::schema("tests/schemas/gitlab-codequality.schema.json"),
        &clean.path("c.json"),
    );
    crate::tools::validate_xml(
        &crate::tools::schema("tests/schemas/junit.xsd"),
        &clean.path("j.xml"),
    );
    clean.run(&["check", "--format", "json=n.json"]);
    let n: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(clean.path("n.json")).unwrap()).unwrap();
    assert!(n["range"].is_null() && n["no_range"].is_string(), "{n:#}");
    crate::tools::validate_json(
        &crate::tools::schema("docs/guide/check-report-v1.schema.json"),
        &clean.path("n.json"),
    );
}

#[test]
fn governance_mistakes_point_at_their_line() {
    let p = governed()
        .file(
            "sadoc.yml",
            "title: Shop\ngoverns:\n  \"docs/adr/0002-*.md\":\n    - deploy/main.tf\n    - deploy/gone.tf\n  \"docs/nothing/*.md\": [x]\n",
        )
        .file(
            "docs/adr/0001-use-rest.md",
            "---\nstatus: accepted\ndrift: of\ngoverns: [\"services/api/**\"]\n---\n# Use REST\n",
        );
    let run = p.run(&["check", "--checks", "code", "--fail-on", "never"]);
    run.expect_code(0);
    let out = &run.stdout;
    assert!(out.contains("sadoc.yml:5: warning: `governs: deploy/gone.tf` (for `docs/adr/0002-*.md`) matches no file"), "{out}");
    assert!(out.contains("sadoc.yml:6: warning: `governs` document pattern `docs/nothing/*.md` matches no document"), "{out}");
    assert!(out.contains("docs/adr/0001-use-rest.md:3: warning: unknown `drift: of`; expected `fail`, `warn` or `off`"), "{out}");
    assert!(
        out.contains("not in a git repository: only the checks without a diff run"),
        "{out}"
    );
    // Drift needs the history.
    p.run(&["check"])
        .expect_code(3)
        .expect_stderr("is not in a git repository");
}
