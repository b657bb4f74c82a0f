//! A decision's page and `sadoc adr show --history` tell how its status got where it is: the
//! commits that changed its status or relations, with their dates, authors and merge requests
//! (from GitLab's and GitHub's merge commits and from squash commits), read from real
//! repositories made with the `git` command line as developers and merge buttons make them.

use std::process::Command;

use crate::harness::{Project, git_as as git};

const DAY: i64 = 86_400;
/// 2025-03-03.
const START: i64 = 1_740_960_000;

/// Merges `branch` into main as the host's merge button does: a merge commit with `message`.
fn merge(dir: &std::path::Path, who: &str, when: i64, branch: &str, message: &str) {
    git(dir, who, when, &["checkout", "-q", "main"]);
    git(
        dir,
        who,
        when,
        &["merge", "-q", "--no-ff", branch, "-m", message],
    );
}

/// A log whose ADR 2 was proposed in GitLab merge request !12 (a merge commit) and accepted in
/// !15, which also marked ADR 1 superseded; ADR 3 came in through GitHub-style pull request
/// #7 and ADR 1's title was fixed straight on main.
pub(crate) fn gitlab_log() -> Project {
    let p = Project::new()
        .file(
            "sadoc.yml",
            "title: T\nrepo: { url: https://gitlab.example.com/data/platform }\nadr: { dir: docs/adr }\n",
        )
        .file("docs/index.md", "# Home\n")
        .file(
            "docs/adr/0001-use-rabbitmq.md",
            "# 1. Use RabbitMQ\n\nDate: 2025-03-03\n\n## Status\n\nAccepted\n\n## Context\n\nQueues.\n",
        );
    let dir = p.root.clone();
    git(&dir, "Ana", START, &["init", "-q", "-b", "main"]);
    git(&dir, "Ana", START, &["add", "-A"]);
    git(&dir, "Ana", START, &["commit", "-q", "-m", "Record ADR 1"]);

    git(&dir, "Bo", START + DAY, &["checkout", "-q", "-b", "adr-2"]);
    p.run(&["adr", "new", "--no-edit", "-s", "1", "Use Kafka"])
        .expect_code(0);
    git(&dir, "Bo", START + DAY, &["add", "-A"]);
    git(
        &dir,
        "Bo",
        START + DAY,
        &["commit", "-q", "-m", "Propose Kafka"],
    );
    merge(
        &dir,
        "Bo",
        START + 2 * DAY,
        "adr-2",
        "Merge branch 'adr-2' into 'main'\n\nPropose Kafka\n\nSee merge request data/platform!12",
    );

    git(
        &dir,
        "Cy",
        START + 10 * DAY,
        &["checkout", "-q", "-b", "accept-2"],
    );
    p.run(&["adr", "status", "2", "accepted"]).expect_code(0);
    git(&dir, "Cy", START + 10 * DAY, &["add", "-A"]);
    git(
        &dir,
        "Cy",
        START + 10 * DAY,
        &["commit", "-q", "-m", "Accept Kafka"],
    );
    // An edit of the body changes neither status nor relations: not on the timeline.
    let kafka = p.path("docs/adr/0002-use-kafka.md");
    let text = std::fs::read_to_string(&kafka).unwrap();
    std::fs::write(&kafka, format!("{text}\nMore context.\n")).unwrap();
    git(
        &dir,
        "Cy",
        START + 11 * DAY,
        &["commit", "-q", "-am", "Wording"],
    );
    merge(
        &dir,
        "Cy",
        START + 12 * DAY,
        "accept-2",
        "Merge branch 'accept-2' into 'main'\n\nSee merge request data/platform!15",
    );
    p
}

fn show_history(p: &Project, adr: &str) -> String {
    let run = p.run(&["adr", "show", adr, "--history"]);
    run.expect_code(0);
    run.stdout.clone()
}

#[test]
fn adr_show_history_lists_status_changes_with_their_merge_requests() {
    let p = gitlab_log();
    let kafka = show_history(&p, "2");
    let lines: Vec<&str> = kafka
        .lines()
        .skip_while(|l| !l.contains("history:"))
        .collect();
    assert_eq!(
        lines.len(),
        3,
        "two changes, the wording commit left out:\n{kafka}"
    );
    assert!(
        lines[1].contains("2025-03-04")
            && lines[1].contains("recorded proposed")
            && lines[1].contains("+ Supersedes ADR-1")
            && lines[1].contains("Bo")
            && lines[1]
                .contains("!12 https://gitlab.example.com/data/platform/-/merge_requests/12"),
        "{kafka}"
    );
    assert!(
        lines[2].contains("2025-03-13")
            && lines[2].contains("proposed → accepted")
            && lines[2].contains("Cy")
            && lines[2].contains("!15"),
        "{kafka}"
    );
    let rabbit = show_history(&p, "1");
    assert!(
        rabbit.contains("recorded accepted") && rabbit.contains("Ana"),
        "{rabbit}"
    );
    assert!(
        rabbit.contains("accepted → superseded, + Superseded by ADR-2") && rabbit.contains("!15"),
        "the predecessor changed when its successor was accepted, in the same merge request:\n{rabbit}"
    );
    assert!(
        !rabbit.contains("!12"),
        "proposing ADR 2 did not touch ADR 1:\n{rabbit}"
    );
}

#[test]
fn the_adr_page_shows_its_timeline_linked_to_the_host() {
    let p = gitlab_log();
    p.build(&["--strict"]).expect_code(0);
    let page = p.site("adr/0002-use-kafka.html");
    let timeline = page
        .split("<section class=\"status-history\">")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap_or_else(|| panic!("a status history section: {page}"));
    assert_eq!(
        timeline.matches("<li class=\"status-change\">").count(),
        2,
        "{timeline}"
    );
    assert!(
        timeline.contains("<time datetime=\"2025-03-04\">"),
        "{timeline}"
    );
    assert!(
        timeline.contains(
            "<a class=\"merge-request\" href=\"https://gitlab.example.com/data/platform/-/merge_requests/12\">!12</a>"
        ),
        "{timeline}"
    );
    assert!(
        timeline.contains("href=\"https://gitlab.example.com/data/platform/-/commit/"),
        "{timeline}"
    );
    assert!(timeline.contains("Supersedes ADR-1"), "{timeline}");
}

/// ADR 3, proposed in !21.
pub(crate) fn propose_avro(p: &Project) {
    let dir = p.root.clone();
    git(
        &dir,
        "Di",
        START + 20 * DAY,
        &["checkout", "-q", "-b", "adr-3"],
    );
    p.run(&["adr", "new", "--no-edit", "Use Avro"])
        .expect_code(0);
    git(&dir, "Di", START + 20 * DAY, &["add", "-A"]);
    git(
        &dir,
        "Di",
        START + 20 * DAY,
        &["commit", "-q", "-m", "Propose Avro"],
    );
    merge(
        &dir,
        "Di",
        START + 21 * DAY,
        "adr-3",
        "Merge branch 'adr-3' into 'main'\n\nSee merge request data/platform!21",
    );
}

#[test]
fn the_decision_log_names_the_merge_request_a_proposal_came_in() {
    let p = gitlab_log();
    propose_avro(&p);
    p.build(&[]).expect_code(0);
    let page = p.site("adr/index.html");
    let log = page.split("<tbody>").nth(1).expect("the log's table");
    let row = log
        .split("<tr ")
        .find(|r| r.contains("Use Avro"))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(
        row.contains("proposed in <a href=\"https://gitlab.example.com/data/platform/-/merge_requests/21\">!21</a>"),
        "{row}"
    );
    let kafka = log.split("<tr ").find(|r| r.contains("Use Kafka")).unwrap();
    assert!(
        !kafka.contains("proposed in"),
        "accepted records name no proposal: {kafka}"
    );
}

#[test]
fn github_merges_and_squash_commits_name_their_pull_requests() {
    let p = Project::new()
        .file(
            "sadoc.yml",
            "title: T\nrepo: { url: https://github.com/acme/docs }\nadr: { dir: adr }\n",
        )
        .file("docs/index.md", "# Home\n")
        .file(
            "adr/0001-use-postgres.md",
            "# 1. Use Postgres\n\n## Status\n\nProposed\n",
        );
    let dir = p.root.clone();
    git(&dir, "Ana", START, &["init", "-q", "-b", "main"]);
    git(&dir, "Ana", START, &["add", "-A"]);
    git(
        &dir,
        "Ana",
        START,
        &["commit", "-q", "-m", "Propose Postgres (#3)"],
    );
    git(&dir, "Bo", START + DAY, &["checkout", "-q", "-b", "accept"]);
    p.run(&["adr", "status", "1", "accepted"]).expect_code(0);
    git(
        &dir,
        "Bo",
        START + DAY,
        &["commit", "-q", "-am", "Accept Postgres"],
    );
    git(&dir, "Bo", START + 2 * DAY, &["checkout", "-q", "main"]);
    // main moved on meanwhile: the merge is a real one.
    std::fs::write(p.path("docs/index.md"), "# Home\n\nHello.\n").unwrap();
    git(
        &dir,
        "Ana",
        START + 2 * DAY,
        &["commit", "-q", "-am", "Home"],
    );
    merge(
        &dir,
        "Bo",
        START + 3 * DAY,
        "accept",
        "Merge pull request #7 from acme/accept\n\nAccept Postgres",
    );
    p.run(&["adr", "status", "1", "deprecated"]).expect_code(0);
    git(
        &dir,
        "Cy",
        START + 9 * DAY,
        &["commit", "-q", "-am", "Deprecate Postgres (#9)"],
    );
    let out = show_history(&p, "1");
    let lines: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.contains("history:"))
        .collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[1].contains("recorded proposed")
            && lines[1].contains("#3 https://github.com/acme/docs/pull/3"),
        "{out}"
    );
    assert!(
        lines[2].contains("proposed → accepted")
            && lines[2].contains("Bo")
            && lines[2].contains("#7 https://github.com/acme/docs/pull/7"),
        "{out}"
    );
    assert!(
        lines[3].contains("accepted → deprecated") && lines[3].contains("#9"),
        "{out}"
    );
}

#[test]
fn a_commit_pushed_straight_to_main_names_no_merge_request() {
    let p = gitlab_log();
    p.run(&["adr", "status", "2", "deprecated"]).expect_code(0);
    git(
        &p.root,
        "Ed",
        START + 30 * DAY,
        &["commit", "-q", "-am", "Deprecate Kafka"],
    );
    let out = show_history(&p, "2");
    let last = out.lines().last().unwrap();
    assert!(
        last.contains("accepted → deprecated") && last.contains("Ed"),
        "{out}"
    );
    assert!(!last.contains('!'), "no merge request: {out}");
}

#[test]
fn a_shallow_clone_gives_the_history_it_has_and_says_so() {
    let p = gitlab_log();
    let clone = p.root.parent().unwrap().join("shallow-clone");
    let status = Command::new("git")
        .args(["clone", "-q", "--depth", "1"])
        .arg(format!("file://{}", p.root.display()))
        .arg(&clone)
        .status()
        .expect("git clone");
    assert!(status.success());
    let run = p.run_in(&clone, &["adr", "show", "2", "--history"]);
    run.expect_code(0)
        .expect_stdout("note: the clone is shallow")
        .expect_stdout("git fetch --unshallow");
    p.run_in(&clone, &["build"]).expect_code(0);
    let page = std::fs::read_to_string(clone.join("site/adr/0002-use-kafka.html")).unwrap();
    assert!(
        page.contains("is not in this clone"),
        "the timeline says where it starts: {page}"
    );
}

#[test]
fn outside_a_repository_there_is_no_history_and_no_error() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\nadr: { dir: adr }\n")
        .file("adr/0001-x.md", "# 1. X\n\n## Status\n\nAccepted\n");
    p.run(&["adr", "show", "1", "--history"])
        .expect_code(0)
        .expect_stdout("history: none (the project is not in a git repository)");
    p.build(&["--strict"]).expect_code(0);
    assert!(!p.site("adr/0001-x.html").contains("status-history"));
}

#[test]
fn the_merge_request_note_lists_the_decisions_it_proposes_accepts_and_supersedes() {
    let p = gitlab_log();
    let dir = p.root.clone();
    git(
        &dir,
        "Di",
        START + 20 * DAY,
        &["checkout", "-q", "-b", "review"],
    );
    p.run(&["adr", "new", "--no-edit", "Use Avro"])
        .expect_code(0);
    p.run(&[
        "adr",
        "new",
        "--no-edit",
        "--status",
        "accepted",
        "-s",
        "2",
        "Use Pulsar",
    ])
    .expect_code(0);
    git(&dir, "Di", START + 20 * DAY, &["add", "-A"]);
    git(
        &dir,
        "Di",
        START + 20 * DAY,
        &["commit", "-q", "-m", "Avro and Pulsar"],
    );
    let run = p.run(&[
        "check", "--base", "main", "--head", "review", "--format", "markdown",
    ]);
    let note = &run.stdout;
    assert!(
        note.contains("**Decisions in this merge request**"),
        "{note}"
    );
    assert!(
        note.contains("- **proposes** [ADR-0003 Use Avro]("),
        "{note}"
    );
    assert!(
        note.contains("- **accepts** [ADR-0004 Use Pulsar]("),
        "{note}"
    );
    assert!(
        note.contains("- **supersedes** [ADR-0002 Use Kafka](")
            && note.contains("(by ADR-0004) — was accepted"),
        "{note}"
    );
    assert!(
        !note.contains("ADR-0001 Use RabbitMQ"),
        "unchanged records are not listed: {note}"
    );
    let text = p.run(&["check", "--base", "main", "--head", "review"]);
    assert!(
        text.stdout.contains("Decisions in this range:")
            && text
                .stdout
                .contains("proposes ADR-0003 Use Avro (docs/adr/0003-use-avro.md)"),
        "{}",
        text.stdout
    );
}
