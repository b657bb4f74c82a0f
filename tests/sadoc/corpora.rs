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
