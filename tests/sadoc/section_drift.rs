//! Section-level governance: a section of a page (front matter `sections:`, or a
//! `<!-- governs: ... -->` line under its heading) governs code of its own, and only a change
//! inside that section keeps the code's drift check satisfied — an unrelated edit elsewhere in
//! the page does not. View elements likewise: their entry or their section. Real git
//! repositories.

use crate::harness::{Project, Repo};

const RUNBOOK: &str = "---\nsections:\n  rollout: { governs: [\"deploy/**\"] }\n---\n# Runbook\n\nIntro.\n\n## Rollout\n\nDeploy with `make deploy`.\n\n## Data contracts\n<!-- governs: schemas/** -->\n\nThe order schema.\n\n## Contacts\n\nThe team.\n";

const VIEW: &str = "---\nkind: view\nstyle: pipe-and-filter\nelements:\n  - { id: ingest, name: Ingest, type: filter, governs: [\"services/ingest/**\"] }\n  - { id: load, name: Load, type: filter, governs: [\"services/load/**\"] }\n---\n# Pipeline\n\n## Ingest\n\nReads events.\n\n## Load\n\nWrites tables.\n\n## Notes\n\nNothing yet.\n";

fn project() -> (Project, Repo, String) {
    let p = Project::new()
        .file("docs/runbook.md", RUNBOOK)
        .file("docs/sad/views/pipeline.md", VIEW)
        .file("deploy/main.tf", "resource \"x\" \"y\" {}\n")
        .file("schemas/order.json", "{}\n")
        .file("services/ingest/main.py", "def run(): pass\n")
        .file("services/load/main.py", "def run(): pass\n");
    let repo = p.git_init();
    let base = repo.head();
    (p, repo, base)
}

fn drift(p: &Project, base: &str) -> Vec<(String, String)> {
    let run = p.run(&[
        "check", "--base", base, "--checks", "drift", "--format", "json",
    ]);
    let report: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run:?}"));
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["documents"][0]["pattern"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn edit(p: &Project, path: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(p.path(path)).unwrap();
    assert!(text.contains(from), "{from} in {path}");
    std::fs::write(p.path(path), text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_edit_elsewhere_in_the_page_does_not_satisfy_a_section() {
    let (p, repo, base) = project();
    edit(&p, "deploy/main.tf", "{}", "{ count = 2 }");
    edit(&p, "schemas/order.json", "{}", "{\"id\": 1}");
    edit(&p, "docs/runbook.md", "The team.", "The platform team.");
    repo.commit("deploy, schema, and an unrelated docs edit");
    assert_eq!(
        drift(&p, &base),
        vec![
            (
                "deploy/main.tf".to_string(),
                "deploy/**` in section `#rollout".to_string()
            ),
            (
                "schemas/order.json".to_string(),
                "schemas/**` in section `#data-contracts".to_string()
            ),
        ]
    );
}

#[test]
fn a_change_inside_the_section_satisfies_it() {
    let (p, repo, base) = project();
    edit(&p, "deploy/main.tf", "{}", "{ count = 2 }");
    edit(&p, "schemas/order.json", "{}", "{\"id\": 1}");
    edit(
        &p,
        "docs/runbook.md",
        "`make deploy`.",
        "`make deploy`, twice.",
    );
    repo.commit("deploy and its section");
    assert_eq!(
        drift(&p, &base),
        vec![(
            "schemas/order.json".to_string(),
            "schemas/**` in section `#data-contracts".to_string()
        )],
        "the rollout section changed; the data contracts section did not"
    );
    edit(
        &p,
        "docs/runbook.md",
        "The order schema.",
        "The order schema has an id.",
    );
    repo.commit("contracts");
    assert_eq!(drift(&p, &base), Vec::<(String, String)>::new());
}

#[test]
fn an_element_is_satisfied_by_its_section_or_its_entry_not_by_another_one() {
    let (p, repo, base) = project();
    edit(&p, "services/ingest/main.py", "pass", "return 1");
    edit(
        &p,
        "docs/sad/views/pipeline.md",
        "Writes tables.",
        "Writes tables daily.",
    );
    repo.commit("ingest code, load docs");
    assert_eq!(
        drift(&p, &base),
        vec![(
            "services/ingest/main.py".to_string(),
            "services/ingest/**".to_string()
        )]
    );
    edit(
        &p,
        "docs/sad/views/pipeline.md",
        "Reads events.",
        "Reads events in batches.",
    );
    let after = repo.commit("ingest docs");
    assert_eq!(drift(&p, &base), Vec::<(String, String)>::new());
    // The element's entry in front matter counts too.
    edit(&p, "services/ingest/main.py", "return 1", "return 2");
    edit(
        &p,
        "docs/sad/views/pipeline.md",
        "type: filter, governs: [\"services/ingest/**\"]",
        "type: source, governs: [\"services/ingest/**\"]",
    );
    repo.commit("ingest is a source");
    assert_eq!(drift(&p, &after), Vec::<(String, String)>::new());
}
