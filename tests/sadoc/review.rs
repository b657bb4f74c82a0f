//! Review due dates (issue 39, part 5): each document's interval (front matter, its folder's in
//! sadoc.yml, the project's), its last review (the latest of `last_reviewed:`, a
//! `Docs-Reviewed:` trailer and the last commit that changed its body), `sadoc check --checks
//! review`, the Review page and `sadoc review mark`. "Today" is pinned with
//! `SOURCE_DATE_EPOCH`; the repositories are made with the `git` command line.

use crate::harness::{Project, git_as as git};

const DAY: i64 = 86_400;
/// 2025-03-03.
const START: i64 = 1_740_960_000;

fn today(days_after_start: i64) -> String {
    (START + days_after_start * DAY).to_string()
}

/// A project reviewed every 180 days, runbooks every 30; all written on START.
fn project() -> Project {
    let p = Project::new()
        .file(
            "sadoc.yml",
            "title: Ops\nreview: { every: 180d, folders: { docs/runbooks: 30d } }\nowners: { docs/runbooks: \"@sre\" }\nadr: { dir: docs/adr }\n",
        )
        .file("docs/index.md", "---\nreview: never\n---\n# Home\n")
        .file("docs/guide.md", "---\nstatus: draft\n---\n# Guide\n\nHow it works.\n")
        .file("docs/runbooks/restart.md", "# Restart\n\nSteps.\n")
        .file(
            "docs/adr/0001-use-kafka.md",
            "# 1. Use Kafka\n\n## Status\n\nAccepted\n",
        );
    git(&p.root, "Ana", START, &["init", "-q", "-b", "main"]);
    git(&p.root, "Ana", START, &["add", "-A"]);
    git(&p.root, "Ana", START, &["commit", "-q", "-m", "Start"]);
    p
}

fn check_review(p: &Project, day: i64, extra: &[&str]) -> crate::harness::Run {
    let mut args = vec!["check", "--checks", "review"];
    args.extend_from_slice(extra);
    p.run_with_env(&p.root, &args, &[("SOURCE_DATE_EPOCH", &today(day))])
}

#[test]
fn overdue_documents_are_warnings_that_name_their_owners() {
    let p = project();
    let run = check_review(&p, 40, &[]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("docs/runbooks/restart.md: warning: review overdue by 10 days: last reviewed 2025-03-03 (an edit in commit")
            && run.stdout.contains("due every 30 days; ask @sre"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("sadoc review mark docs/runbooks/restart.md"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("docs/guide.md:"),
        "not due yet: {}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("docs/index.md"),
        "review: never: {}",
        run.stdout
    );
    check_review(&p, 40, &["--fail-on", "warning"]).expect_code(1);
    // Not among the checks every merge request runs.
    let default = p.run_with_env(&p.root, &["check"], &[("SOURCE_DATE_EPOCH", &today(40))]);
    assert!(
        !default.stdout.contains("review overdue"),
        "{}",
        default.stdout
    );
    // A build never fails on the calendar.
    p.run_with_env(
        &p.root,
        &["build", "--strict"],
        &[("SOURCE_DATE_EPOCH", &today(400))],
    )
    .expect_code(0);
}

#[test]
fn a_front_matter_only_commit_is_not_a_review_but_an_edit_or_a_trailer_is() {
    let p = project();
    // Day 150: only the front matter changes (a status): the body was last edited on day 0.
    std::fs::write(
        p.path("docs/guide.md"),
        "---\nstatus: final\n---\n# Guide\n\nHow it works.\n",
    )
    .unwrap();
    git(
        &p.root,
        "Bo",
        START + 150 * DAY,
        &["commit", "-q", "-am", "Guide is final"],
    );
    let run = check_review(&p, 200, &[]);
    assert!(
        run.stdout
            .contains("docs/guide.md: warning: review overdue by 20 days"),
        "{}",
        run.stdout
    );
    // Day 190: a commit names the guide and the ADR as reviewed (an empty commit, as a
    // reviewer makes one).
    git(
        &p.root,
        "Cy",
        START + 190 * DAY,
        &[
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "Quarterly review\n\nDocs-Reviewed: docs/guide.md, ADR-0001",
        ],
    );
    let run = check_review(&p, 200, &[]);
    assert!(!run.stdout.contains("docs/guide.md:"), "{}", run.stdout);
    assert!(!run.stdout.contains("0001-use-kafka"), "{}", run.stdout);
    // Day 240: the runbook's body changes: reviewed then.
    std::fs::write(
        p.path("docs/runbooks/restart.md"),
        "# Restart\n\nNew steps.\n",
    )
    .unwrap();
    git(
        &p.root,
        "Di",
        START + 240 * DAY,
        &["commit", "-q", "-am", "Runbook"],
    );
    let run = check_review(&p, 250, &[]);
    assert!(!run.stdout.contains("restart.md"), "{}", run.stdout);
}

#[test]
fn review_mark_writes_today_and_keeps_every_other_byte() {
    let p = project();
    let before = std::fs::read_to_string(p.path("docs/guide.md")).unwrap();
    p.run_with_env(
        &p.root,
        &[
            "review",
            "mark",
            "docs/guide.md",
            "docs/runbooks/restart.md",
            "1",
        ],
        &[("SOURCE_DATE_EPOCH", &today(200))],
    )
    .expect_code(0)
    .expect_stdout("marked docs/guide.md: last_reviewed: 2025-09-19");
    assert_eq!(
        std::fs::read_to_string(p.path("docs/guide.md")).unwrap(),
        before.replace(
            "status: draft\n",
            "status: draft\nlast_reviewed: 2025-09-19\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(p.path("docs/runbooks/restart.md")).unwrap(),
        "---\nlast_reviewed: 2025-09-19\n---\n# Restart\n\nSteps.\n"
    );
    assert!(
        std::fs::read_to_string(p.path("docs/adr/0001-use-kafka.md"))
            .unwrap()
            .starts_with("---\nlast_reviewed: 2025-09-19\n---\n# 1. Use Kafka\n"),
        "an ADR by its number"
    );
    // Marked, uncommitted: nothing is overdue on that day.
    let run = check_review(&p, 200, &[]);
    assert!(run.stdout.contains("0 warnings"), "{}", run.stdout);
    // A bad argument changes nothing.
    let guide = std::fs::read_to_string(p.path("docs/guide.md")).unwrap();
    p.run(&["review", "mark", "docs/guide.md", "docs/nope.md"])
        .expect_code(2)
        .expect_stderr("`docs/nope.md` is neither a file nor an ADR");
    assert_eq!(
        std::fs::read_to_string(p.path("docs/guide.md")).unwrap(),
        guide
    );
    p.run(&["review", "mark", "docs/guide.md", "--date", "soon"])
        .expect_code(2)
        .expect_stderr("YYYY-MM-DD");
}

#[test]
fn the_review_page_lists_documents_by_owner_and_pages_say_when_they_were_reviewed() {
    let p = project();
    p.run_with_env(&p.root, &["build"], &[("SOURCE_DATE_EPOCH", &today(40))])
        .expect_code(0);
    let page = p.site("review.html");
    let sre = page
        .split("<section class=\"review-group\">")
        .find(|s| s.contains("<h2>@sre"))
        .unwrap_or_else(|| panic!("an @sre group: {page}"));
    assert!(
        sre.contains("runbooks/restart.html") && sre.contains("review overdue by 10 days"),
        "{sre}"
    );
    let nobody = page
        .split("<section class=\"review-group\">")
        .find(|s| s.contains("<h2>No owner"))
        .unwrap();
    assert!(
        nobody.contains("guide.html") && nobody.contains("next review in 140 days"),
        "{nobody}"
    );
    assert!(
        !page.contains("href=\"index.html\">Home</a> <code"),
        "review: never is not listed"
    );
    let guide = p.site("guide.html");
    assert!(guide.contains("reviewed 40 days ago"), "{guide}");
    assert!(!p.site("index.html").contains("class=\"page-review\""));
    // The navigation leads to it.
    assert!(guide.contains("href=\"review.html\""), "{guide}");
}

#[test]
fn without_any_interval_there_is_no_review_page_and_no_finding() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\n")
        .file("docs/index.md", "# Home\n");
    p.git_init();
    p.build(&["--strict"]).expect_code(0);
    assert!(!p.site_has("review.html"));
    p.run(&["check", "--checks", "review"])
        .expect_code(0)
        .expect_stdout("0 warnings");
}

#[test]
fn unreadable_review_settings_are_warnings_at_their_line() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\n")
        .file(
            "docs/index.md",
            "---\ntitle: Home\nreview: fortnightly\n---\n# Home\n",
        )
        .file(
            "docs/b.md",
            "---\nreview: 90d\nlast_reviewed: last week\n---\n# B\n",
        );
    p.git_init();
    let run = p.run(&["check", "--checks", "review"]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("docs/index.md:3: warning: `fortnightly` is not an interval"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("docs/b.md:3: warning: `last_reviewed: last week` is not a date"),
        "{}",
        run.stdout
    );
    let bad = Project::new()
        .file("sadoc.yml", "title: T\nreview: { every: soon }\n")
        .file("docs/index.md", "# Home\n");
    bad.build(&[])
        .expect_code(2)
        .expect_stderr("`soon` is not an interval");
}
