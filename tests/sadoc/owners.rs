//! Owners (issue 39, part 4): the repository's CODEOWNERS (GitLab's places and sections, or
//! GitHub's) and documents' own `owners:` name whom to ask about a drift finding — in the text
//! report, the JSON the merge-request note and Code Quality are made from — and pages show
//! their owners.

use crate::harness::Project;

const CODEOWNERS: &str = "# Everything else\n* @platform\n\n[Ingest][2] @data/ingest-team\nservices/ingest/\n\n^[Docs] @tech-writers\ndocs/sad/\n";

fn project(codeowners_at: &str) -> Project {
    Project::new()
        .file(
            "sadoc.yml",
            "title: Shop\ncheck: { fail_on: warning }\n",
        )
        .file(
            "docs/sad/views/pipeline.md",
            "---\nkind: view\nstyle: pipe-and-filter\nelements:\n  - { id: ingest, name: Ingest, type: filter, governs: [\"services/ingest/**\"] }\n---\n# Pipeline\n\nIngest reads the topic.\n",
        )
        .file(
            "docs/runbooks/replay.md",
            "---\nowners: [\"@sre\"]\ngoverns: [\"services/ingest/replay.sh\"]\n---\n# Replay\n\nRun it.\n",
        )
        .file("services/ingest/main.rs", "fn main() {}\n")
        .file("services/ingest/replay.sh", "echo replay\n")
        .file(codeowners_at, CODEOWNERS)
}

#[test]
fn drift_findings_name_the_owners_of_the_code_and_of_the_documents() {
    for place in ["CODEOWNERS", ".gitlab/CODEOWNERS", "docs/CODEOWNERS"] {
        let p = project(place);
        let repo = p.git_init();
        let base = repo.head();
        std::fs::write(p.path("services/ingest/main.rs"), "fn main() { run(); }\n").unwrap();
        std::fs::write(p.path("services/ingest/replay.sh"), "echo again\n").unwrap();
        repo.commit("change ingest");
        let run = p.run(&["check", "--base", &base, "--checks", "drift"]);
        run.expect_code(1);
        assert!(
            run.stdout.contains("ask @platform (owns services/ingest/main.rs and docs/sad/views/pipeline.md), @data/ingest-team (owns services/ingest/), @tech-writers (owns docs/sad/views/pipeline.md)"),
            "{place}: {}",
            run.stdout
        );
        // A document's own `owners:` comes before CODEOWNERS.
        assert!(
            run.stdout.contains("@sre (owns docs/runbooks/replay.md)"),
            "{place}: {}",
            run.stdout
        );
        let json = p.run(&[
            "check", "--base", &base, "--checks", "drift", "--format", "json",
        ]);
        assert!(
            json.stdout.contains("@data/ingest-team"),
            "{place}: the JSON report names them too"
        );
    }
}

#[test]
fn pages_show_their_owners() {
    let p = project(".gitlab/CODEOWNERS");
    p.git_init();
    p.build(&[]).expect_code(0);
    let view = p.site("sad/views/pipeline.html");
    assert!(view.contains("<dd>@platform, @tech-writers</dd>"), "{view}");
    let runbook = p.site("runbooks/replay.html");
    assert!(
        runbook.contains("<dd>@sre</dd>"),
        "front matter first: {runbook}"
    );
}

#[test]
fn githubs_codeowners_last_matching_line_wins() {
    let p = project(".github/CODEOWNERS").file(
        ".github/CODEOWNERS",
        "* @everyone\n/services/ingest/ @octo/ingest\n",
    );
    let repo = p.git_init();
    let base = repo.head();
    std::fs::write(p.path("services/ingest/main.rs"), "fn main() { run(); }\n").unwrap();
    repo.commit("change ingest");
    let run = p.run(&["check", "--base", &base, "--checks", "drift"]);
    assert!(
        run.stdout.contains(
            "ask @octo/ingest (owns services/ingest/), @everyone (owns docs/sad/views/pipeline.md)"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn sadoc_yml_gives_owners_per_folder_before_codeowners() {
    let p = project("CODEOWNERS")
        .file(
            "sadoc.yml",
            "title: Shop\ncheck: { fail_on: warning }\nowners:\n  docs/sad: \"@architects\"\n  docs/sad/views/: [\"@data/pipeline-team\", \"@architects\"]\n  docs/runbooks: \"@ops\"\n",
        )
        .file("docs/sad/overview.md", "# Overview\n");
    p.git_init();
    p.build(&[]).expect_code(0);
    assert!(
        p.site("sad/views/pipeline.html")
            .contains("<dd>@data/pipeline-team, @architects</dd>"),
        "the longest folder wins"
    );
    assert!(p.site("sad/overview.html").contains("<dd>@architects</dd>"));
    assert!(
        p.site("runbooks/replay.html").contains("<dd>@sre</dd>"),
        "front matter still comes first"
    );
    let bad = Project::new()
        .file("sadoc.yml", "title: T\nowners: { docs: 3 }\n")
        .file("docs/index.md", "# Home\n");
    bad.build(&[]).expect_code(2).expect_stderr("sadoc.yml");
}
