//! Real ADR collections from public projects (`../shared/corpora`, not part of this
//! repository): each must load and build without a panic, with every ADR published.

use crate::harness::{Project, repo_root};

fn corpora_dir() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("SADOC_CORPORA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/corpora"));
    dir.is_dir().then_some(dir)
}

/// Copies a collection into a temporary project whose ADR folder is `adr_dir`, and builds it.
fn build_corpus(name: &str, docs_dir: &str, adr_dir: &str, expected_pages: &[&str]) {
    let Some(corpora) = corpora_dir() else {
        eprintln!("skipped: ../shared/corpora is absent (set SADOC_CORPORA to run these tests)");
        return;
    };
    let source = corpora.join(name);
    if !source.is_dir() {
        eprintln!("skipped: corpus {name} is absent");
        return;
    }
    let p = Project::copy_of(&source).file(
        "sadoc.yml",
        &format!("title: {name}\nadr: {{ dir: {adr_dir} }}\ndocs: {{ dir: {docs_dir} }}\n"),
    );
    let run = p.build(&[]);
    run.expect_code(0);
    assert!(!run.stderr.contains("panicked"));
    for page in expected_pages {
        assert!(
            p.site_has(page),
            "{name}: missing {page} in {:?}\n{}",
            p.site_files(),
            run.stderr
        );
    }
    assert!(p.site_has("index.html"));
}

#[test]
fn adr_tools_collection_builds() {
    build_corpus(
        "npryce__adr-tools",
        "doc/adr",
        "doc/adr",
        &[
            "0001-record-architecture-decisions.html",
            "0009-help-scripts.html",
        ],
    );
}

#[test]
fn govuk_aws_collection_builds() {
    build_corpus(
        "alphagov__govuk-aws",
        "docs/architecture",
        "docs/architecture/decisions",
        &[
            "decisions/0001-record-architecture-decisions.html",
            "decisions/0033-ip-ranges.html",
            "decisions/0039-non-govuk-domain-policy.html",
            "decisions/0036-performance-platform-and-backdrop-architecture-img01.png",
        ],
    );
}

#[test]
fn madr_collection_builds() {
    build_corpus(
        "adr__madr",
        "docs/decisions",
        "docs/decisions",
        &[
            "0000-use-markdown-architectural-decision-records.html",
            "0018-use-confirmation-as-heading.html",
        ],
    );
}

#[test]
fn log4brains_collection_builds() {
    build_corpus(
        "thomvaill__log4brains",
        "docs/adr",
        "docs/adr",
        &[
            "20200924-use-markdown-architectural-decision-records.html",
            "20201103-use-lunr-for-search.html",
        ],
    );
}

#[test]
fn log4brains_parser_fixtures_build() {
    let project = "packages/core/integration-tests/ro-project";
    build_corpus(
        "thomvaill__log4brains",
        project,
        &format!("{project}/docs/adr"),
        &[
            "docs/adr/20200101-first-adr.html",
            "docs/adr/adr_with_a_WeIrd-filename.html",
            "docs/adr/20200102-adr-without-title.html",
            "packages/package1/adr/20201028-links-in-package.html",
        ],
    );
}

/// A corpus copied into a temporary project, with its ADR list as JSON and `adr lint` output.
struct Corpus {
    list: Vec<serde_json::Value>,
    lint: String,
}

fn corpus(name: &str, docs_dir: &str, adr_dir: &str) -> Option<Corpus> {
    let corpora = corpora_dir()?;
    let source = corpora.join(name);
    if !source.is_dir() {
        return None;
    }
    let p = Project::copy_of(&source).file(
        "sadoc.yml",
        &format!("title: {name}\nadr: {{ dir: {adr_dir} }}\ndocs: {{ dir: {docs_dir} }}\n"),
    );
    let run = p.run(&["adr", "list", "--format", "json"]);
    run.expect_code(0);
    let list = serde_json::from_str(&run.stdout).expect("JSON");
    let lint = p.run(&["adr", "lint", "--verbose"]);
    lint.expect_code(0);
    Some(Corpus {
        list,
        lint: lint.stderr,
    })
}

impl Corpus {
    fn adr(&self, id: &str) -> &serde_json::Value {
        self.list
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
    }

    fn count(&self, status: &str) -> usize {
        self.list.iter().filter(|a| a["status"] == status).count()
    }

    fn relations(&self, id: &str) -> Vec<(String, String, bool)> {
        self.adr(id)["relations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["kind"].as_str().unwrap().to_string(),
                    r["adr"].as_str().unwrap().to_string(),
                    r["stated"].as_bool().unwrap(),
                )
            })
            .collect()
    }
}

fn rel(kind: &str, adr: &str, stated: bool) -> (String, String, bool) {
    (kind.to_string(), adr.to_string(), stated)
}

#[test]
fn adr_tools_collection_reads_as_a_human_would() {
    let Some(c) = corpus("npryce__adr-tools", "doc/adr", "doc/adr") else {
        eprintln!("skipped: ../shared/corpora is absent");
        return;
    };
    assert_eq!(c.list.len(), 9);
    assert_eq!(c.count("accepted"), 9);
    assert_eq!(
        c.adr("ADR-0005")["title"],
        "Help comments",
        "`# 5. Title` loses its number"
    );
    assert_eq!(c.adr("ADR-0001")["date"], "2016-02-12");
    assert_eq!(
        c.relations("ADR-0005"),
        [rel("Amended by", "ADR-0009", true)]
    );
    assert_eq!(c.relations("ADR-0009"), [rel("Amends", "ADR-0005", true)]);
    assert!(
        c.lint.contains("9 ADRs checked: 0 errors, 0 warnings"),
        "{}",
        c.lint
    );
}

#[test]
fn govuk_aws_collection_reads_as_a_human_would() {
    let Some(c) = corpus(
        "alphagov__govuk-aws",
        "docs/architecture",
        "docs/architecture/decisions",
    ) else {
        eprintln!("skipped: ../shared/corpora is absent");
        return;
    };
    assert_eq!(c.list.len(), 38);
    assert!(c.list.iter().all(|a| a["id"] != "ADR-0034"));
    assert_eq!(
        (
            c.count("accepted"),
            c.count("proposed"),
            c.count("superseded")
        ),
        (29, 7, 2)
    );
    assert_eq!(c.count("unknown"), 0);
    assert_eq!(c.adr("ADR-0003")["status_text"], "Partly superseded");
    assert_eq!(c.adr("ADR-0003")["status"], "superseded");
    assert_eq!(c.adr("ADR-0006")["status_text"], "Pending");
    assert_eq!(c.adr("ADR-0006")["status"], "proposed");
    assert_eq!(c.adr("ADR-0038")["status_text"], "Approved");
    assert_eq!(c.adr("ADR-0038")["status"], "accepted");
    assert_eq!(c.adr("ADR-0033")["title"], "Networking Outline");
    // 0004's link text is a title ("DNS Infrastructure"), and 0015 does not link back.
    assert_eq!(
        c.relations("ADR-0004"),
        [rel("Superseded by", "ADR-0015", true)]
    );
    assert_eq!(
        c.relations("ADR-0015"),
        [rel("Supersedes", "ADR-0004", false)]
    );
    assert_eq!(c.relations("ADR-0017"), [rel("Amends", "ADR-0010", true)]);
    for expected in [
        "0004-dns-definitions-for-hosts-and-services.md:7: warning: ADR-0004 says it is superseded by ADR-0015, but ADR-0015 does not say it supersedes ADR-0004",
        "0033-ip-ranges.md:1: warning: the heading says ADR 3 but the file name says 33",
        "0035-bouncer-load-balancer-on-port-80-and-443.md:1: warning: the heading says ADR 3 but the file name says 35",
        "0035-bouncer-load-balancer-on-port-80-and-443.md: info: ADR number 0034 is missing",
    ] {
        assert!(
            c.lint.contains(expected),
            "missing {expected:?} in\n{}",
            c.lint
        );
    }
}

#[test]
fn madr_collection_reads_as_a_human_would() {
    let Some(c) = corpus("adr__madr", "docs/decisions", "docs/decisions") else {
        eprintln!("skipped: ../shared/corpora is absent");
        return;
    };
    assert_eq!(
        c.list.len(),
        19,
        "0000–0018; adr-template.md and index.md are not ADRs"
    );
    assert_eq!(
        c.adr("ADR-0000")["title"],
        "Use Markdown Architectural Decision Records"
    );
    assert_eq!(c.adr("ADR-0001")["title"], "Dual License the Work");
    assert_eq!(c.adr("ADR-0003")["status_text"], "on hold");
    assert_eq!(c.adr("ADR-0003")["status"], "proposed");
    // The other records have no status at all: their `status:` lines are examples in code.
    assert_eq!(c.count("unknown"), 18);
    assert!(
        c.lint.contains("19 ADRs checked: 0 errors, 18 warnings"),
        "{}",
        c.lint
    );
}

#[test]
fn log4brains_collection_reads_as_a_human_would() {
    let Some(c) = corpus("thomvaill__log4brains", "docs/adr", "docs/adr") else {
        eprintln!("skipped: ../shared/corpora is absent");
        return;
    };
    assert_eq!(
        c.list.len(),
        9,
        "README.md, index.md and template.md are not ADRs"
    );
    assert_eq!(
        c.list[0]["id"], "use-markdown-architectural-decision-records",
        "ordered by date"
    );
    assert_eq!((c.count("accepted"), c.count("superseded")), (8, 1));
    let old = c.adr("use-the-adr-number-as-its-unique-id");
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["date"], "2020-09-26");
    assert_eq!(
        c.relations("use-the-adr-number-as-its-unique-id"),
        [rel(
            "Superseded by",
            "use-the-adr-slug-as-its-unique-id",
            true
        )]
    );
    assert!(
        c.lint
            .contains("does not say it supersedes use-the-adr-number-as-its-unique-id")
    );
}

#[test]
fn log4brains_parser_fixtures_read_as_a_human_would() {
    let project = "packages/core/integration-tests/ro-project";
    let Some(c) = corpus(
        "thomvaill__log4brains",
        project,
        &format!("{project}/docs/adr"),
    ) else {
        eprintln!("skipped: ../shared/corpora is absent");
        return;
    };
    assert_eq!(c.list.len(), 15);
    assert_eq!(
        (
            c.count("accepted"),
            c.count("proposed"),
            c.count("rejected"),
            c.count("superseded"),
            c.count("unknown")
        ),
        (5, 2, 1, 1, 6)
    );
    assert_eq!(c.adr("draft-adr")["status_text"], "draft");
    assert_eq!(
        c.adr("adr-without-title")["title"],
        "Adr without title",
        "from the file name"
    );
    assert_eq!(
        c.adr("adr-only-with-date")["title"],
        "ADR only with date",
        "a leading ADR word is kept"
    );
    assert_eq!(
        c.adr("adr_with_a_WeIrd-filename")["title"],
        "ADR with a weird filename"
    );
    assert_eq!(
        c.adr("first-adr")["deciders"],
        serde_json::json!(["John Doe", "Foo bar"])
    );
    assert_eq!(
        c.adr("first-adr")["tags"],
        serde_json::json!(["foo", "bar"])
    );
    assert_eq!(
        c.relations("superseder"),
        [rel("Supersedes", "superseded-adr", false)]
    );
    assert!(
        c.lint
            .contains("adr_with_a_WeIrd-filename.md: warning: the file name has no ADR number")
    );
}

/// adr-tools' own decisions govern its shell scripts (mapped in sadoc.yml, since its ADRs carry
/// no front matter). Two merge requests are replayed on a real history: one changes the record
/// template without touching the decision about the record format, one supersedes that
/// decision with `sadoc adr new --supersedes` in the same change.
#[test]
fn adr_tools_history_replays_code_with_and_without_its_decision() {
    let Some(corpora) = corpora_dir() else {
        eprintln!("skipped: ../shared/corpora is absent");
        return;
    };
    let p = Project::copy_of(&corpora.join("npryce__adr-tools"))
        .file(
            "sadoc.yml",
            "title: adr-tools\nadr: { dir: doc/adr }\ndocs: { dir: doc }\ncheck: { fail_on: warning }\ngoverns:\n  \"doc/adr/0002-implement-as-shell-scripts.md\": [\"src/**\"]\n  \"doc/adr/0004-markdown-format.md\": [\"src/template.md\"]\n  \"doc/adr/0007-*.md\": [src/adr-config]\n",
        )
        .file("src/adr", "#!/bin/bash\nexec \"$(dirname $0)/adr-$1\" \"${@:2}\"\n")
        .file("src/adr-config", "#!/bin/bash\necho 'adr_bin_dir=\"$(dirname $0)\"'\n")
        .file("src/template.md", "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\n## Decision\n\n## Consequences\n")
        .file("README.md", "# adr-tools\n");
    let repo = p.git_init();
    let main = repo.current_branch();
    let base = repo.head();

    // Merge request 1: the template changes, the decision about the format does not.
    repo.branch("structured-template");
    let template = std::fs::read_to_string(p.path("src/template.md")).unwrap();
    std::fs::write(
        p.path("src/template.md"),
        template.replace("## Consequences", "## Consequences\n\n## Links"),
    )
    .unwrap();
    std::fs::write(p.path("README.md"), "# adr-tools\n\nNow with links.\n").unwrap();
    repo.commit("Add a Links section to the template");
    let run = p.run(&["check", "--base", &base, "--checks", "drift"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("warning: src/template.md  [modified +2 −0]"),
        "{}",
        run.stdout
    );
    let most_specific_first = "doc/adr/0004-markdown-format.md (Markdown format, governs `src/template.md`): review it; supersede it (`sadoc adr new --supersedes`) if the decision changed; doc/adr/0002-implement-as-shell-scripts.md (Implement as shell scripts, governs `src/**`)";
    assert!(run.stdout.contains(most_specific_first), "{}", run.stdout);
    assert!(
        !run.stdout.contains("README.md  ["),
        "the README is not governed"
    );

    // Merge request 2, from main: the same change, with the decision superseded.
    repo.checkout(&main);
    repo.branch("madr-template");
    std::fs::write(
        p.path("src/template.md"),
        template.replace("## Consequences", "## Consequences\n\n## Links"),
    )
    .unwrap();
    p.run(&[
        "adr",
        "new",
        "--supersedes",
        "4",
        "Markdown with a links section",
        "--status",
        "accepted",
    ])
    .expect_code(0);
    assert!(
        std::fs::read_to_string(p.path("doc/adr/0004-markdown-format.md"))
            .unwrap()
            .contains("Superseded by")
    );
    repo.commit("Supersede ADR 4: records get a Links section");
    let run = p.run(&["check", "--base", &base, "--checks", "drift,adr"]);
    run.expect_code(0);
    assert!(run.stdout.contains("No drift"), "{}", run.stdout);
}
