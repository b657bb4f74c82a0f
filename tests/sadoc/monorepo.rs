//! Monorepos: a project anywhere in the repository names code anywhere in it (`/x` from the
//! repository root, `../x` from the project folder, never outside), and a workspace
//! (`projects:`) builds one portal, checks every member, and says which members a change
//! affects. Real git repositories in temp dirs; the example monorepo of `examples/monorepo`.

use crate::harness::{Project, Repo, repo_root};

/// Docs in `platform-docs/`, code in `services/`: the layout the issue was found with.
fn platform_docs() -> (Project, Repo, String) {
    let p = Project::empty()
        .file(
            "platform-docs/sadoc.yml",
            "title: Platform\nrepo: { url: https://gitlab.example.com/acme/platform }\n",
        )
        .file(
            "platform-docs/docs/adr/0001-capture-changes.md",
            "---\nstatus: accepted\ngoverns: [\"../services/cdc/**\", \"/services/orders/api.py\"]\n---\n# 1. Capture changes\n\nThe [connector](../../../services/cdc/main.py#L1).\n",
        )
        .file("services/cdc/main.py", "def run(): pass\n")
        .file("services/orders/api.py", "def order(): pass\n")
        .file("README.md", "# platform\n");
    let repo = p.git_init();
    let base = repo.head();
    (p, repo, base)
}

fn json(p: &Project, dir: &str, args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = p.run_in(&p.path(dir), &all);
    let value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run:?}"));
    (run.code, value)
}

#[test]
fn code_beside_the_project_folder_is_governed_and_drift_is_found() {
    let (p, repo, base) = platform_docs();
    std::fs::write(p.path("services/cdc/main.py"), "def run(): return 1\n").unwrap();
    std::fs::write(p.path("services/orders/api.py"), "def order(): return 1\n").unwrap();
    repo.commit("change cdc and orders");
    let run = p.run_in(
        &p.path("platform-docs"),
        &["check", "--base", &base, "--checks", "drift"],
    );
    run.expect_code(0);
    assert!(
        run.stdout.contains("warning: ../services/cdc/main.py")
            && run.stdout.contains("warning: ../services/orders/api.py"),
        "{}",
        run.stdout
    );
    let quality = p.run_in(
        &p.path("platform-docs"),
        &["check", "--base", &base, "--format", "codequality"],
    );
    let issues: serde_json::Value = serde_json::from_str(&quality.stdout).unwrap();
    let paths: Vec<&str> = issues
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["location"]["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"services/cdc/main.py") && paths.contains(&"services/orders/api.py"),
        "reports name files from the repository root: {paths:?}"
    );
    assert!(
        issues[0]["description"]
            .as_str()
            .unwrap()
            .contains("`services/"),
        "messages too: {issues}"
    );
}

#[test]
fn patterns_and_links_beside_the_project_match_at_head_and_link_to_the_host() {
    let (p, _repo, _) = platform_docs();
    let run = p.run_in(&p.path("platform-docs"), &["build", "--strict"]);
    run.expect_code(0);
    let page = std::fs::read_to_string(p.path("platform-docs/site/adr/0001-capture-changes.html"))
        .unwrap();
    assert!(
        page.contains("https://gitlab.example.com/acme/platform/-/blob/")
            && page.contains("/services/cdc/main.py#L1"),
        "a link to code beside the project is a permalink from the repository root"
    );
    let code = p.run_in(
        &p.path("platform-docs"),
        &["code", "../services/cdc/main.py"],
    );
    assert!(
        code.stdout.contains("docs/adr/0001-capture-changes.md"),
        "{code:?}"
    );
}

#[test]
fn a_pattern_that_leaves_the_repository_is_an_error_naming_it() {
    let p = Project::empty()
        .file("docs-project/sadoc.yml", "title: T\n")
        .file(
            "docs-project/docs/a.md",
            "---\ngoverns: [\"../../elsewhere/**\", \"/../x/**\"]\n---\n# A\n",
        );
    p.git_init();
    let run = p.run_in(&p.path("docs-project"), &["build"]);
    run.expect_code(1)
        .expect_stderr("docs/a.md:2: error: invalid pattern `../../elsewhere/**`: it leads outside the repository")
        .expect_stderr("error: invalid pattern `/../x/**`: it leads outside the repository");
}

#[test]
fn outside_git_the_project_folder_is_the_root_with_a_note() {
    let p = Project::new()
        .file(
            "docs/a.md",
            "---\ngoverns: [\"/src/**\", \"../x/**\"]\n---\n# A\n",
        )
        .file("src/main.rs", "fn main() {}\n");
    let run = p.run(&["check", "--checks", "code"]);
    assert!(
        run.stdout
            .contains("code paths are named from the project folder"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("invalid pattern `../x/**`: it leads outside the repository"),
        "{run:?}"
    );
    assert!(
        !run.stdout.contains("`/src/**`"),
        "`/src/**` matches src/main.rs: {run:?}"
    );
}

/// The example monorepo, committed.
fn monorepo() -> (Project, Repo, String) {
    let p = Project::copy_of(&repo_root().join("examples/monorepo"));
    let repo = p.git_init();
    let base = repo.head();
    (p, repo, base)
}

#[test]
fn the_portal_lists_every_project_and_links_across_them() {
    let (p, _repo, _) = monorepo();
    let run = p.run(&["build", "--strict", "--out", "../public"]);
    run.expect_code(0)
        .expect_stderr("built the portal of 4 projects (platform 3, billing 2, orders 3, cdc 2)");
    let site = |rel: &str| std::fs::read_to_string(p.root.join("../public").join(rel)).unwrap();
    let projects = site("projects.html");
    for home in [
        "platform/index.html",
        "billing/index.html",
        "orders/index.html",
        "cdc/index.html",
    ] {
        assert!(
            projects.contains(&format!("href=\"{home}\"")),
            "{home} listed"
        );
    }
    let log = site("decisions.html");
    assert_eq!(
        log.matches("<tr data-project=").count(),
        5,
        "every ADR of every project"
    );
    assert!(log.contains("data-project=\"orders\" data-status=\"proposed\""));
    assert!(log.contains("href=\"orders/adr/0002-keep-orders-in-postgres.html\""));
    let map = site("code-map.html");
    assert!(
        map.contains("<code>/libs/common/**</code>")
            && map.contains("<code>/services/orders/src/orders/**</code>"),
        "{map}"
    );
    // `orders:ADR-0001` and a relative path into another member both become page links.
    let billing = site("billing/adr/0001-invoice-from-order-events.html");
    assert!(billing.contains("href=\"../../orders/adr/0001-publish-order-events.html\""));
    let orders = site("orders/adr/0002-keep-orders-in-postgres.html");
    assert!(orders.contains("href=\"../../cdc/adr/0001-capture-changes-with-debezium.html\""));
    assert!(
        orders.contains("class=\"portal\" href=\"../../index.html\""),
        "a way back to the portal"
    );
    // One search index over every member, at the portal's root; member pages use it.
    assert!(orders.contains("data-root=\"../../\""));
    assert!(!p.root.join("../public/orders/search").exists());
    let index: String = walkdir::WalkDir::new(p.root.join("../public/search"))
        .into_iter()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(
        index.contains("orders/adr/0001-publish-order-events.html")
            && index.contains("cdc/adr/0001-capture-changes-with-debezium.html")
            && index.contains("decisions.html"),
        "one index over the portal and every member"
    );
}

#[test]
fn a_member_builds_alone_with_the_urls_it_has_in_the_portal() {
    let (p, _repo, _) = monorepo();
    p.run(&["build", "--out", "../public"]).expect_code(0);
    p.run_in(
        &p.path("services/orders"),
        &["build", "--strict", "--out", "../../../alone"],
    )
    .expect_code(0);
    let files = |dir: &std::path::Path| -> Vec<String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
            .filter(|f| !f.starts_with("search/") && !f.starts_with(".sadoc"))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let alone = p.root.join("../alone");
    assert_eq!(files(&alone), files(&p.root.join("../public/orders")));
    let page = std::fs::read_to_string(alone.join("adr/0001-publish-order-events.html")).unwrap();
    assert!(page.contains("href=\"../../billing/adr/0001-invoice-from-order-events.html\""));
    assert!(
        page.contains("data-root=\"../\""),
        "alone, it searches its own index"
    );
}

#[test]
fn references_to_missing_projects_or_adrs_are_broken_links() {
    let (p, _repo, _) = monorepo();
    std::fs::write(
        p.path("services/billing/docs/index.md"),
        "# Billing\n\n[a](orders:ADR-0099) [b](shop:ADR-0001) [c](../../orders/docs/adr/0009-gone.md)\n",
    )
    .unwrap();
    p.run(&["build", "--strict", "--out", "../public"])
        .expect_code(1)
        .expect_stderr("services/billing/docs/index.md:3:1: warning: broken link `orders:ADR-0099`: project `orders` has no ADR 99")
        .expect_stderr("broken link `shop:ADR-0001`: no project `shop` in the workspace")
        .expect_stderr("broken link `../../orders/docs/adr/0009-gone.md`");
}

#[test]
fn check_at_the_workspace_root_reports_each_change_against_the_member_that_governs_it() {
    let (p, repo, base) = monorepo();
    std::fs::write(
        p.path("libs/common/common/db.py"),
        "def connect(url): return None\n",
    )
    .unwrap();
    repo.commit("change the shared library");
    let (code, report) = json(&p, ".", &["--base", &base, "--checks", "drift"]);
    assert_eq!(code, 0, "drift is a warning here: {report}");
    let findings: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["project"].as_str().unwrap().to_string(),
                f["documents"][0]["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        vec![
            (
                "platform".to_string(),
                "platform-docs/docs/adr/0001-share-one-database-library.md".to_string()
            ),
            (
                "cdc".to_string(),
                "pipelines/cdc/docs/adr/0001-capture-changes-with-debezium.md".to_string()
            ),
        ]
    );
    let junit = p.run(&["check", "--base", &base, "--format", "junit"]);
    assert!(
        junit.stdout.contains("classname=\"sadoc.cdc.drift\""),
        "{}",
        junit.stdout
    );
    let md = p.run(&["check", "--base", &base, "--format", "markdown"]);
    assert!(
        md.stdout
            .contains("platform: ADR-0001 Share one database library"),
        "{}",
        md.stdout
    );
    // The text report: the file counted once though two projects govern it, and the help in
    // the workspace's coordinates, as its group headers are.
    let text = p.run(&["check", "--base", &base]);
    let out = &text.stdout;
    assert!(
        out.contains("Drift: 1 changed file is governed by documents this change does not update"),
        "{out}"
    );
    assert!(
        out.contains("help: platform-docs/docs/adr/0001-share-one-database-library.md (Share one database library"),
        "{out}"
    );
    assert!(!out.contains("help: docs/adr/"), "{out}");
    // The narrow opt-out first, naming the document as a trailer must name it here.
    let help = out
        .lines()
        .find(|l| l.contains("help: platform-docs/"))
        .expect("the platform's help");
    let narrow = help
        .find("`Docs-Reviewed: platform:ADR-0001`")
        .expect("narrow opt-out");
    let wide = help
        .find("`Docs-Not-Needed: <reason>`")
        .expect("wide opt-out");
    assert!(narrow < wide, "{help}");
    // That trailer clears that member's record only.
    repo.commit_all("reviewed\n\nDocs-Reviewed: platform:ADR-0001");
    let (_, report) = json(&p, ".", &["--base", &base, "--checks", "drift"]);
    let projects: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["project"].as_str().unwrap())
        .collect();
    assert_eq!(projects, ["cdc"], "{report:#}");
}

#[test]
fn a_file_moved_from_one_member_to_another_is_reported_against_the_member_that_lost_it() {
    let (p, repo, base) = monorepo();
    std::fs::rename(
        p.path("services/orders/src/orders/store.py"),
        p.path("services/billing/src/billing/store.py"),
    )
    .unwrap();
    repo.commit("move the store to billing");
    let (code, report) = json(&p, ".", &["--base", &base, "--checks", "drift"]);
    assert_eq!(
        code, 1,
        "a governed file that moved away is an error: {report}"
    );
    let findings = report["findings"].as_array().unwrap();
    let lost = findings
        .iter()
        .find(|f| f["project"] == "orders")
        .expect("orders' finding");
    assert_eq!(lost["severity"], "error");
    assert_eq!(lost["path"], "services/billing/src/billing/store.py");
    assert_eq!(
        lost["change"]["old_path"],
        "services/orders/src/orders/store.py"
    );
    let gained = findings
        .iter()
        .find(|f| f["project"] == "billing")
        .expect("billing's finding");
    assert_eq!(
        gained["documents"][0]["path"],
        "services/billing/docs/adr/0001-invoice-from-order-events.md"
    );
    let affected = p.run(&["affected", "--base", &base]);
    assert_eq!(
        affected.stdout,
        "billing\tservices/billing\norders\tservices/orders\n"
    );
}

#[test]
fn affected_lists_only_the_members_whose_documents_or_governed_code_changed() {
    let (p, repo, base) = monorepo();
    std::fs::write(
        p.path("services/billing/src/billing/invoice.py"),
        "def invoice(e): pass\n",
    )
    .unwrap();
    let one = repo.commit("billing code");
    let run = p.run(&["affected", "--base", &base, "--head", &one]);
    run.expect_code(0);
    assert_eq!(run.stdout, "billing\tservices/billing\n");
    std::fs::write(p.path("libs/common/common/db.py"), "x = 1\n").unwrap();
    let two = repo.commit("shared library");
    let run = p.run(&[
        "affected", "--base", &one, "--head", &two, "--format", "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let names: Vec<&str> = report["affected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["platform", "cdc"],
        "governed by platform's ADR 1 and cdc's ADR 1"
    );
    std::fs::write(p.path("README.md"), "# nothing governed\n").unwrap();
    let three = repo.commit("readme");
    let run = p.run(&[
        "affected",
        "--base",
        &two,
        "--head",
        &three,
        "--format",
        "gitlab-ci",
    ]);
    assert!(
        run.stdout.contains("sadoc-nothing-affected"),
        "{}",
        run.stdout
    );
    let child: serde_json::Value = serde_json::from_str(
        run.stdout
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
            .as_str(),
    )
    .unwrap();
    assert!(
        child[".sadoc"]["before_script"].is_array(),
        "the template's install job"
    );
}

#[test]
fn adr_new_numbers_within_a_member_and_asks_which_project_at_the_root() {
    let (p, _repo, _) = monorepo();
    let run = p.run(&["adr", "new", "Shard orders"]);
    run.expect_code(2)
        .expect_stderr("is a workspace's root")
        .expect_stderr("platform, billing, orders, cdc");
    let run = p.run(&["adr", "--project", "orders", "new", "Shard orders"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout.trim(),
        "services/orders/docs/adr/0003-shard-orders.md"
    );
    let run = p.run_in(
        &p.path("services/billing/docs/adr"),
        &["adr", "new", "Retry invoices"],
    );
    run.expect_code(0);
    assert!(
        p.path("services/billing/docs/adr/0002-retry-invoices.md")
            .is_file()
    );
    p.run(&["adr", "--project", "shop", "list"])
        .expect_code(2)
        .expect_stderr("the workspace has no project `shop`");
}

#[test]
fn a_member_named_like_a_folder_of_the_portal_is_an_error_and_nothing_is_written() {
    let (p, _repo, _) = monorepo();
    std::fs::write(
        p.path("services/billing/sadoc.yml"),
        "title: Billing service\nname: search\n",
    )
    .unwrap();
    p.run(&["build", "--out", "../public"])
        .expect_code(1)
        .expect_stderr(
            "project `search` would be published in `search/`, where the portal has `search/",
        );
    assert!(
        !p.root.join("../public").exists(),
        "a failed build writes nothing"
    );
    std::fs::write(
        p.path("services/billing/sadoc.yml"),
        "title: Billing service\nname: ../escape\n",
    )
    .unwrap();
    p.run(&["build", "--out", "../public"])
        .expect_code(2)
        .expect_stderr("project `services/billing` is named `../escape`, which cannot be a folder of the portal");
}

#[test]
fn outside_git_a_workspace_member_names_code_from_the_workspace_root() {
    let p = Project::copy_of(&repo_root().join("examples/monorepo"));
    let run = p.run(&["build", "--strict", "--out", "../public"]);
    run.expect_code(0);
    run.refute_stderr("matches no file")
        .refute_stderr("leads outside");
    let run = p.run_in(
        &p.path("platform-docs"),
        &["code", "../libs/common/common/db.py"],
    );
    assert!(
        run.stdout
            .contains("docs/adr/0001-share-one-database-library.md"),
        "{run:?}"
    );
}
