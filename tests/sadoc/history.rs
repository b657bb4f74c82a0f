//! Every page says who last changed it and when, from the repository's history; a shallow
//! clone never gives a wrong date.

use crate::harness::{Project, Repo};

/// Commits everything as `author` at `seconds` since the epoch.
fn commit_as(repo: &Repo, author: &str, seconds: i64, message: &str) {
    let git = &repo.repo;
    let mut index = git.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = git.find_tree(index.write_tree().unwrap()).unwrap();
    let time = git2::Time::new(seconds, 0);
    let who = git2::Signature::new(
        author,
        &format!("{}@example.com", author.to_lowercase()),
        &time,
    )
    .unwrap();
    let parents: Vec<git2::Commit<'_>> = git
        .head()
        .ok()
        .and_then(|h| h.peel_to_commit().ok())
        .into_iter()
        .collect();
    let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
    git.commit(Some("HEAD"), &who, &who, message, &tree, &parents)
        .unwrap();
}

const DAY: i64 = 86_400;
const JAN_1_2025: i64 = 1_735_689_600;

fn project() -> (Project, Repo) {
    let p = Project::new()
        .file(
            "sadoc.yml",
            "title: T\nrepo: { url: https://gitlab.example.com/g/p }\n",
        )
        .file("docs/index.md", "# Home\n")
        .file("docs/guide.md", "# Guide\n")
        .file("docs/adr/0001-x.md", "# 1. X\n\n## Status\n\nAccepted\n");
    let repo = p.git_init();
    // git_init made an initial commit as "Test"; rewrite history from here on.
    std::fs::write(p.path("docs/guide.md"), "# Guide\n\nMore.\n").unwrap();
    commit_as(&repo, "Ana", JAN_1_2025, "Guide: more");
    std::fs::write(p.path("docs/guide.md"), "# Guide\n\nMore, again.\n").unwrap();
    commit_as(&repo, "Ana", JAN_1_2025 + 2 * DAY, "Guide: again");
    std::fs::write(p.path("docs/guide.md"), "# Guide\n\nMore, and Bo's part.\n").unwrap();
    commit_as(&repo, "Bo", JAN_1_2025 + 9 * DAY, "Guide: Bo's part");
    std::fs::write(p.path("README.md"), "not documentation\n").unwrap();
    commit_as(&repo, "Cy", JAN_1_2025 + 20 * DAY, "Readme");
    (p, repo)
}

#[test]
fn pages_show_their_last_change_authors_and_history() {
    let (p, _repo) = project();
    p.build(&["--strict"]).expect_code(0);
    let guide = p.site("guide.html");
    assert!(
        guide.contains("Last updated <time datetime=\"2025-01-10\">2025-01-10</time> by <span class=\"authors\">Ana, Bo, Test</span>"),
        "most commits first; the README's later commit does not count: {guide}"
    );
    assert!(guide.contains("href=\"https://gitlab.example.com/g/p/-/commits/main/docs/guide.md\""));
    assert!(guide.contains("href=\"https://gitlab.example.com/g/p/-/edit/main/docs/guide.md\""));
    let adr = p.site("adr/0001-x.html");
    assert!(
        adr.contains("by <span class=\"authors\">Test</span>"),
        "{adr}"
    );
}

#[test]
fn a_shallow_clone_says_unknown_instead_of_a_wrong_date() {
    let (p, _repo) = project();
    let clone = p.root.parent().unwrap().join("shallow");
    let status = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "2"])
        .arg(format!("file://{}", p.root.display()))
        .arg(&clone)
        .status()
        .expect("git clone");
    assert!(status.success());
    let run = p.run_in(&clone, &["build"]);
    run.expect_code(0)
        .expect_stderr("warning: the clone is shallow (history stops at commit")
        .expect_stderr("git fetch --unshallow");
    assert_eq!(
        run.stderr.matches("the clone is shallow").count(),
        1,
        "one warning"
    );
    let site = |page: &str| std::fs::read_to_string(clone.join("site").join(page)).unwrap();
    // Depth 2: the README commit and Bo's guide commit; Bo's is the boundary.
    assert!(
        site("guide.html").contains("Last updated unknown (shallow clone)"),
        "{}",
        site("guide.html")
    );
    assert!(site("index.html").contains("Last updated unknown (shallow clone)"));
    p.run_in(&clone, &["build", "--strict"]).expect_code(1);
}

#[test]
fn outside_a_repository_pages_say_nothing_about_changes() {
    let p = Project::new().file("docs/index.md", "# Home\n");
    p.build(&[]).expect_code(0);
    assert!(!p.site("index.html").contains("Last updated"));
}

#[test]
fn a_repository_without_commits_says_nothing_and_warns_nothing() {
    let p = Project::new().file("docs/index.md", "# Home\n");
    git2::Repository::init(&p.root).unwrap();
    p.build(&["--strict"]).expect_code(0);
    assert!(!p.site("index.html").contains("Last updated"));
}

#[test]
fn a_page_not_yet_committed_has_no_date_but_its_neighbours_do() {
    let (p, _repo) = project();
    std::fs::write(p.path("docs/new.md"), "# New\n").unwrap();
    p.build(&["--strict"]).expect_code(0);
    let new = p.site("new.html");
    assert!(new.contains("Last updated not committed yet"), "{new}");
    assert!(p.site("guide.html").contains("2025-01-10"));
}
