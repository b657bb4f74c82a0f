//! A team moving from adr-tools keeps its log and its habits: the same scenarios run with the
//! real adr-tools (Debian's package, installed by `.ci/run`) and with `sadoc adr`, from the
//! same starting log, and the ADR folders compared byte for byte. The only normalisation is the
//! one the migration guide names: sadoc starts new records as `Proposed` on purpose, so its
//! side asks for `--status accepted`, adr-tools' fixed status. Round trips go both ways:
//! adr-tools lists, links and generates from records sadoc wrote; sadoc edits records
//! adr-tools wrote exactly as adr-tools would.

use std::collections::BTreeMap;
use std::path::Path;

use crate::harness::Project;

const DATE: &str = "2026-01-02";

/// Runs the real `adr` in `dir`, dated `DATE`.
fn adr(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut env = env.to_vec();
    env.push(("ADR_DATE", DATE));
    crate::tools::adr(dir, args, &env)
}

fn have_adr_tools() -> bool {
    crate::tools::available("adr", &["help"])
}

/// Two copies of one log that `adr init [dir]` started: adr-tools keeps working on one, sadoc
/// (after `sadoc init`, which adopts the log) on the other.
struct Pair {
    theirs: Project,
    ours: Project,
    log: String,
}

impl Pair {
    fn start(init: &[&str]) -> Pair {
        let theirs = Project::empty();
        let mut args = vec!["init"];
        args.extend_from_slice(init);
        adr(&theirs.root, &args, &[]);
        let ours = Project::copy_of(&theirs.root);
        ours.git_init();
        ours.run(&["init"])
            .expect_code(0)
            .expect_stderr("adopted the decision log");
        let log = init.first().copied().unwrap_or("doc/adr").to_string();
        Pair { theirs, ours, log }
    }

    /// `adr THEIRS` in one copy and `sadoc adr OURS --status accepted` in the other, both
    /// from `sub` (a folder inside the project, or "") and dated by adr-tools' `ADR_DATE`.
    fn step(&self, sub: &str, theirs: &[&str], ours: &[&str], env: &[(&str, &str)]) {
        adr(&self.theirs.root.join(sub), theirs, env);
        let mut args = vec!["adr"];
        args.extend_from_slice(ours);
        if ours.first() == Some(&"new") {
            args.extend_from_slice(&["--status", "accepted"]);
        }
        let mut env = env.to_vec();
        env.push(("ADR_DATE", DATE));
        self.ours
            .run_with_env(&self.ours.root.join(sub), &args, &env)
            .expect_code(0);
    }

    #[track_caller]
    fn assert_same(&self, scenario: &str) {
        let theirs = files(&self.theirs.root.join(&self.log));
        let ours = files(&self.ours.root.join(&self.log));
        assert_eq!(
            theirs.keys().collect::<Vec<_>>(),
            ours.keys().collect::<Vec<_>>(),
            "{scenario}: the same files"
        );
        for (name, text) in &theirs {
            assert_eq!(&ours[name], text, "{scenario}: {name}");
        }
    }
}

/// Every file under `dir`, by relative path, as text.
fn files(dir: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// First record, several records, supersede once and twice, amend, `-l` links, references by
/// number, partial file name, partial title and path, and titles with punctuation: the same
/// files, byte for byte.
#[test]
fn the_same_scenarios_write_the_same_files() {
    if !have_adr_tools() {
        return;
    }
    let pair = Pair::start(&[]);
    pair.assert_same("adr init");
    pair.step("", &["new", "Use Kafka"], &["new", "Use Kafka"], &[]);
    pair.step(
        "",
        &["new", "Use", "Postgres", "for", "state"],
        &["new", "Use", "Postgres", "for", "state"],
        &[],
    );
    pair.assert_same("several records");
    pair.step(
        "",
        &["new", "-s", "2", "Use Pulsar"],
        &["new", "-s", "2", "Use Pulsar"],
        &[],
    );
    pair.assert_same("supersede once");
    // A partial file name, as adr-tools takes it (`-s kafka`).
    pair.step(
        "",
        &["new", "-s", "kafka", "Use Redpanda"],
        &["new", "-s", "kafka", "Use Redpanda"],
        &[],
    );
    pair.assert_same("supersede twice");
    pair.step(
        "",
        &[
            "new",
            "-l",
            "3:Amends:Amended by",
            "Partition state by tenant",
        ],
        &["new", "-a", "postgres", "Partition state by tenant"],
        &[],
    );
    pair.assert_same("amend (adr-tools' -l, sadoc's -a)");
    pair.step(
        "",
        &[
            "new",
            "-l",
            "6:Clarifies:Clarified by",
            "-l",
            "1:Follows:Followed by",
            "Use \"quotes\", (parens) / slashes: 100%?",
        ],
        &[
            "new",
            "-l",
            "doc/adr/0006-partition-state-by-tenant.md:Clarifies:Clarified by",
            "-l",
            "1:Follows:Followed by",
            "Use \"quotes\", (parens) / slashes: 100%?",
        ],
        &[],
    );
    pair.assert_same("-l links, a path reference, punctuation in the title");
    pair.step(
        "",
        &["link", "7", "Relates to", "4", "Related to"],
        &["link", "7", "Relates to", "4", "Related to"],
        &[],
    );
    pair.assert_same("adr link");
    // adr-tools lists what sadoc lists, in the same order, for scripts.
    let listed = pair.ours.run(&["adr", "list", "--format", "paths"]);
    listed.expect_code(0);
    assert_eq!(listed.stdout, adr(&pair.theirs.root, &["list"], &[]));
    pair.ours.build(&["--strict"]).expect_code(0);
    pair.ours.run(&["adr", "lint", "--strict"]).expect_code(0);
}

/// A project template in the ADR folder (`templates/template.md`) or named by `ADR_TEMPLATE`,
/// with adr-tools' `NUMBER`, `TITLE`, `DATE`, `STATUS`: filled the same way.
#[test]
fn project_templates_are_filled_as_adr_tools_fills_them() {
    if !have_adr_tools() {
        return;
    }
    let pair = Pair::start(&[]);
    let template = "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nWhat our team asks for about TITLE.\n\n## Options\n\n## Decision\n";
    for p in [&pair.theirs, &pair.ours] {
        std::fs::create_dir_all(p.path("doc/adr/templates")).unwrap();
        std::fs::write(p.path("doc/adr/templates/template.md"), template).unwrap();
        std::fs::write(
            p.path("other.md"),
            "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nFrom ADR_TEMPLATE.\n",
        )
        .unwrap();
    }
    pair.step("", &["new", "Use Kafka"], &["new", "Use Kafka"], &[]);
    pair.step(
        "",
        &["new", "-s", "2", "Use Pulsar"],
        &["new", "-s", "2", "Use Pulsar"],
        &[],
    );
    pair.assert_same("the folder's template");
    pair.step(
        "",
        &["new", "Use Redpanda"],
        &["new", "Use Redpanda"],
        &[("ADR_TEMPLATE", "other.md")],
    );
    pair.assert_same("ADR_TEMPLATE");
    let kafka = std::fs::read_to_string(pair.ours.path("doc/adr/0002-use-kafka.md")).unwrap();
    assert!(
        kafka.contains("What our team asks for about Use Kafka.\n"),
        "{kafka}"
    );
    // Without `--status`, sadoc's new record is proposed, in the template's own place.
    let run = pair.ours.run(&["adr", "new", "Use NATS"]);
    run.expect_code(0);
    let nats = std::fs::read_to_string(pair.ours.path(run.stdout.trim())).unwrap();
    assert!(nats.contains("## Status\n\nProposed\n"), "{nats}");
}

/// An ADR folder of the team's choosing (`adr init architecture/decisions`, kept in
/// `.adr-dir`), worked on from a folder deep inside the repository: adr-tools searches upward
/// for `.adr-dir`, sadoc for the `sadoc.yml` that adopted it; the records are the same.
#[test]
fn another_folder_searched_for_from_below() {
    if !have_adr_tools() {
        return;
    }
    let pair = Pair::start(&["architecture/decisions"]);
    for p in [&pair.theirs, &pair.ours] {
        std::fs::create_dir_all(p.path("services/api/src")).unwrap();
    }
    let config = std::fs::read_to_string(pair.ours.path("sadoc.yml")).unwrap();
    assert!(config.contains("dir: architecture/decisions"), "{config}");
    pair.step(
        "services/api/src",
        &["new", "Use gRPC"],
        &["new", "Use gRPC"],
        &[],
    );
    pair.step(
        "services/api/src",
        &["new", "-s", "grpc", "Use HTTP and JSON"],
        &["new", "-s", "grpc", "Use HTTP and JSON"],
        &[],
    );
    pair.assert_same("from services/api/src");
    assert!(!pair.ours.path("doc/adr").exists(), "no second log");
}

/// Round trips: adr-tools works on a log sadoc wrote (its default template, proposed records
/// accepted with `sadoc adr status`), and sadoc reads a log adr-tools wrote with every record,
/// status and relation a person would see.
#[test]
fn each_tool_works_on_the_others_log() {
    if !have_adr_tools() {
        return;
    }
    // sadoc's log, then adr-tools on it.
    let ours = Project::empty().file("sadoc.yml", "title: T\nadr: { dir: doc/adr }\n");
    ours.git_init();
    for args in [
        &["adr", "new", "Record decisions", "--date", DATE][..],
        &["adr", "new", "Use Kafka", "--date", DATE],
        &["adr", "status", "2", "accepted"],
        &["adr", "new", "-s", "2", "Use Pulsar", "--date", DATE],
        // adr-tools' supersede takes away a status line reading `Accepted`, nothing else.
        &["adr", "status", "3", "accepted"],
    ] {
        ours.run(args).expect_code(0);
    }
    let listed = adr(&ours.root, &["list"], &[]);
    assert_eq!(
        listed,
        "doc/adr/0001-record-decisions.md\ndoc/adr/0002-use-kafka.md\ndoc/adr/0003-use-pulsar.md\n"
    );
    adr(
        &ours.root,
        &["link", "3", "Clarifies", "1", "Clarified by"],
        &[],
    );
    adr(&ours.root, &["new", "-s", "3", "Use Redpanda"], &[]);
    let toc = adr(&ours.root, &["generate", "toc"], &[]);
    assert!(
        toc.contains("* [3. Use Pulsar](0003-use-pulsar.md)\n"),
        "{toc}"
    );
    let run = ours.run(&["adr", "list", "--format", "json"]);
    run.expect_code(0);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let statuses: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["proposed", "superseded", "superseded", "accepted"],
        "what adr-tools added reads as it means"
    );
    ours.run(&["adr", "lint", "--strict"]).expect_code(0);

    // adr-tools' log, edited by sadoc: the rest of every file stays byte for byte.
    let theirs = Project::empty();
    adr(&theirs.root, &["init"], &[]);
    adr(&theirs.root, &["new", "Use Kafka"], &[]);
    adr(&theirs.root, &["new", "-s", "2", "Use Pulsar"], &[]);
    let twin = Project::copy_of(&theirs.root);
    adr(
        &theirs.root,
        &["link", "3", "Clarifies", "1", "Clarified by"],
        &[],
    );
    let twin = twin.file("sadoc.yml", "title: T\nadr: { dir: doc/adr }\n");
    twin.run(&["adr", "link", "3", "Clarifies", "1", "Clarified by"])
        .expect_code(0);
    for name in [
        "0001-record-architecture-decisions.md",
        "0002-use-kafka.md",
        "0003-use-pulsar.md",
    ] {
        let path = format!("doc/adr/{name}");
        assert_eq!(
            std::fs::read_to_string(twin.path(&path)).unwrap(),
            std::fs::read_to_string(theirs.path(&path)).unwrap(),
            "{name}"
        );
    }
}
