//! `sadoc check --post-note` / `--post-comment`: one merge-request note, kept up to date.
//!
//! No GitLab or GitHub can run here, so the tests talk to a small, strict stand-in on
//! 127.0.0.1 that implements exactly the documented endpoints and nothing else — GitLab REST
//! API v4, Notes ("List all merge request notes" with `per_page`/`page`, "Create new merge
//! request note", "Modify existing merge request note", `PRIVATE-TOKEN` authentication), and
//! GitHub REST API 2022-11-28, Issue comments (list, create, update with `PATCH`, `Bearer`
//! authentication) — and answers 401 to a wrong token, 404 to an unknown note or path, 405 to
//! another method, and 400 to a body that is not `{"body": "..."}`.

use std::sync::{Arc, Mutex};

use crate::harness::{Project, Repo};
use crate::http::{Request, Response, Server};

pub const TOKEN: &str = "glpat-right";
const MARKER: &str = "<!-- sadoc:check -->";

/// The notes of one merge request (or comments of one pull request): id and body.
pub type Notes = Arc<Mutex<Vec<(u64, String)>>>;

#[derive(Clone, Copy, PartialEq)]
pub enum Api {
    Gitlab,
    Github,
}

/// The merge request's diff as GitLab describes it: its commits (`diff_refs`) and, per file,
/// the lines of the new side that it added (the only lines a thread with just `new_line` may
/// be posted on), and the threads posted on it (their note bodies and positions).
#[derive(Clone, Default)]
pub struct Diff {
    pub base_sha: String,
    pub head_sha: String,
    pub added: Vec<(String, u32)>,
    pub threads: Arc<Mutex<Vec<(String, serde_json::Value)>>>,
}

/// The stand-in API for merge request 7 of project 42 (GitLab) or pull request 12 of
/// `acme/shop` (GitHub).
pub fn api(kind: Api, notes: Notes) -> Server {
    api_with_diff(kind, notes, Diff::default())
}

/// GitLab's "Get single MR" (`diff_refs`), "List project merge request discussion items" and
/// "Create a new thread in the merge request diff": a position must name the diff's three
/// commits, `position_type: text`, the same old and new path, and a `new_line` the merge
/// request added; anything else is GitLab's 400 about the line code.
fn discussions(r: &Request, path: &str, query: &str, diff: &Diff) -> Option<Response> {
    let mr = "/api/v4/projects/42/merge_requests/7";
    if path == mr && r.method == "GET" {
        let refs = serde_json::json!({"iid": 7, "diff_refs": {
            "base_sha": diff.base_sha, "start_sha": diff.base_sha, "head_sha": diff.head_sha}});
        return Some((200, refs.to_string().into_bytes()));
    }
    if path != format!("{mr}/discussions") {
        return None;
    }
    let mut threads = diff.threads.lock().unwrap();
    if r.method == "GET" {
        let page: usize = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("page="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        let items: Vec<serde_json::Value> = threads
            .iter()
            .enumerate()
            .skip((page.max(1) - 1) * 100)
            .take(100)
            .map(|(i, (body, position))| {
                serde_json::json!({"id": format!("d{i}"), "notes": [
                    {"id": 5000 + i, "body": body, "position": position}]})
            })
            .collect();
        return Some((200, serde_json::to_vec(&items).unwrap()));
    }
    if r.method != "POST" || r.header("content-type") != Some("application/json") {
        return Some((405, br#"{"message":"405 Method Not Allowed"}"#.to_vec()));
    }
    let bad = (
        400,
        br#"{"message":"400 Bad request - Note {:line_code=>[\"can't be blank\", \"must be a valid line code\"]}"}"#
            .to_vec(),
    );
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&r.body) else {
        return Some(bad);
    };
    let (Some(body), Some(position)) = (v["body"].as_str(), v.get("position")) else {
        return Some(bad);
    };
    let text = |k: &str| position.get(k).and_then(|x| x.as_str()).unwrap_or("");
    let new_path = text("new_path").to_string();
    let line = position
        .get("new_line")
        .and_then(|x| x.as_u64())
        .unwrap_or(0) as u32;
    let valid = text("position_type") == "text"
        && text("base_sha") == diff.base_sha
        && text("start_sha") == diff.base_sha
        && text("head_sha") == diff.head_sha
        && text("old_path") == new_path
        && diff.added.contains(&(new_path.clone(), line));
    if !valid {
        return Some(bad);
    }
    threads.push((body.to_string(), position.clone()));
    Some((
        201,
        serde_json::json!({"id": "new", "notes": [{"body": body}]})
            .to_string()
            .into_bytes(),
    ))
}

/// The stand-in API, with the merge request's diff for threads on its lines.
pub fn api_with_diff(kind: Api, notes: Notes, diff: Diff) -> Server {
    Server::start(move |r: &Request| -> Response {
        let (list, one, authorized) = match kind {
            Api::Gitlab => (
                "/api/v4/projects/42/merge_requests/7/notes",
                "/api/v4/projects/42/merge_requests/7/notes/",
                r.header("private-token") == Some(TOKEN),
            ),
            Api::Github => (
                "/repos/acme/shop/issues/12/comments",
                "/repos/acme/shop/issues/comments/",
                r.header("authorization") == Some(&format!("Bearer {TOKEN}"))
                    && r.header("accept") == Some("application/vnd.github+json"),
            ),
        };
        if !authorized {
            return (401, br#"{"message":"401 Unauthorized"}"#.to_vec());
        }
        let (path, query) = r.target.split_once('?').unwrap_or((&r.target, ""));
        let body = || -> Option<String> {
            let v: serde_json::Value = serde_json::from_slice(&r.body).ok()?;
            (r.header("content-type") == Some("application/json"))
                .then(|| v.get("body")?.as_str().map(str::to_string))
                .flatten()
        };
        if kind == Api::Gitlab
            && let Some(response) = discussions(r, path, query, &diff)
        {
            return response;
        }
        let json = |id: u64, body: &str| serde_json::json!({"id": id, "body": body}).to_string();
        let mut notes = notes.lock().unwrap();
        if path == list && r.method == "GET" {
            let param = |name: &str| {
                query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
                    .and_then(|v| v.parse::<usize>().ok())
            };
            let (per_page, page) = (
                param("per_page").unwrap_or(20).min(100),
                param("page").unwrap_or(1),
            );
            let items: Vec<serde_json::Value> = notes
                .iter()
                .skip((page.max(1) - 1) * per_page)
                .take(per_page)
                .map(|(id, b)| serde_json::json!({"id": id, "body": b, "system": false}))
                .collect();
            return (200, serde_json::to_vec(&items).unwrap());
        }
        if path == list && r.method == "POST" {
            let Some(text) = body() else {
                return (
                    400,
                    br#"{"message":"400 Bad request: body is missing"}"#.to_vec(),
                );
            };
            let id = 1000 + notes.len() as u64;
            notes.push((id, text.clone()));
            return (201, json(id, &text).into_bytes());
        }
        if let Some(id) = path.strip_prefix(one).and_then(|id| id.parse::<u64>().ok()) {
            let update = match kind {
                Api::Gitlab => "PUT",
                Api::Github => "PATCH",
            };
            if r.method != update {
                return (405, br#"{"message":"405 Method Not Allowed"}"#.to_vec());
            }
            let Some(text) = body() else {
                return (
                    400,
                    br#"{"message":"400 Bad request: body is missing"}"#.to_vec(),
                );
            };
            return match notes.iter_mut().find(|(n, _)| *n == id) {
                Some(note) => {
                    note.1 = text.clone();
                    (200, json(id, &text).into_bytes())
                }
                None => (404, br#"{"message":"404 Not found"}"#.to_vec()),
            };
        }
        (404, br#"{"message":"404 Not Found"}"#.to_vec())
    })
}

fn project() -> (Project, Repo, String) {
    let p = Project::new()
        .file(
            "docs/adr/0001-use-rust.md",
            "---\nstatus: accepted\ngoverns: [\"src/**\"]\n---\n# Use Rust\n\nWe write it in Rust.\n",
        )
        .file("src/main.rs", "fn main() {}\n");
    let repo = p.git_init();
    let base = repo.head();
    (p, repo, base)
}

fn gitlab_env(server: &Server, token: &str) -> Vec<(String, String)> {
    vec![
        ("CI_API_V4_URL".into(), format!("{}/api/v4", server.url)),
        ("CI_PROJECT_ID".into(), "42".into()),
        ("CI_MERGE_REQUEST_IID".into(), "7".into()),
        ("SADOC_GITLAB_TOKEN".into(), token.into()),
    ]
}

fn check(p: &Project, base: &str, flag: &str, env: &[(String, String)]) -> crate::harness::Run {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    p.run_with_env(&p.root, &["check", "--base", base, flag], &env)
}

pub fn ours(notes: &Notes) -> Vec<(u64, String)> {
    notes
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, b)| b.contains(MARKER))
        .cloned()
        .collect()
}

#[test]
fn the_note_is_created_then_edited_in_place_and_turns_into_in_sync() {
    let (p, repo, base) = project();
    // 150 notes of reviewers first: sadoc's own will be on the second page.
    let notes: Notes = Arc::new(Mutex::new(
        (1..=150).map(|i| (i, format!("LGTM {i}"))).collect(),
    ));
    let server = api(Api::Gitlab, Arc::clone(&notes));
    let env = gitlab_env(&server, TOKEN);

    std::fs::write(p.path("src/main.rs"), "fn main() { run(); }\n").unwrap();
    repo.commit("run");
    let run = check(&p, &base, "--post-note", &env);
    run.expect_code(0)
        .expect_stderr("posted the merge-request note (1150)");
    let mine = ours(&notes);
    assert_eq!(mine.len(), 1);
    assert!(
        mine[0].1.contains("| `src/main.rs` | modified +1 −1 |"),
        "{}",
        mine[0].1
    );

    // The same findings again: found on page 2, not posted twice, not edited.
    check(&p, &base, "--post-note", &env)
        .expect_stderr("the merge-request note (1150) is up to date");
    assert_eq!(notes.lock().unwrap().len(), 151);

    // Other findings: the same note is edited.
    std::fs::write(p.path("src/lib.rs"), "pub fn run() {}\n").unwrap();
    repo.commit("lib");
    check(&p, &base, "--post-note", &env).expect_stderr("updated the merge-request note (1150)");
    let mine = ours(&notes);
    assert_eq!(mine.len(), 1);
    assert!(mine[0].1.contains("src/lib.rs"));

    // The documents follow: the note says so, in place.
    std::fs::write(
        p.path("docs/adr/0001-use-rust.md"),
        "---\nstatus: accepted\ngoverns: [\"src/**\"]\n---\n# Use Rust\n\nWe write it in Rust; `run` starts it.\n",
    )
    .unwrap();
    repo.commit("docs follow");
    check(&p, &base, "--post-note", &env).expect_stderr("updated the merge-request note (1150)");
    let mine = ours(&notes);
    assert_eq!(mine.len(), 1);
    assert!(
        mine[0].1.contains("### sadoc check: all documents in sync"),
        "{}",
        mine[0].1
    );
    let methods: Vec<String> = server.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods.iter().filter(|m| *m == "POST").count(), 1);
    assert_eq!(methods.iter().filter(|m| *m == "PUT").count(), 2);
}

#[test]
fn nothing_is_posted_when_there_is_nothing_to_say_and_no_earlier_note() {
    let (p, repo, base) = project();
    let notes: Notes = Arc::new(Mutex::new(Vec::new()));
    let server = api(Api::Gitlab, Arc::clone(&notes));
    std::fs::write(p.path("README.md"), "# ungoverned\n").unwrap();
    repo.commit("readme");
    check(&p, &base, "--post-note", &gitlab_env(&server, TOKEN))
        .expect_code(0)
        .expect_stderr("no merge-request note posted: no findings and no earlier note");
    assert!(notes.lock().unwrap().is_empty());
}

#[test]
fn posting_problems_are_warnings_and_never_change_the_outcome() {
    let (p, repo, base) = project();
    std::fs::write(p.path("src/main.rs"), "fn main() { run(); }\n").unwrap();
    repo.commit("run");
    let notes: Notes = Arc::new(Mutex::new(Vec::new()));
    let server = api(Api::Gitlab, Arc::clone(&notes));
    check(
        &p,
        &base,
        "--post-note",
        &gitlab_env(&server, "glpat-wrong"),
    )
    .expect_code(0)
    .expect_stderr(
        "warning: cannot list the notes: HTTP 401 (the token is missing, wrong or expired)",
    );
    let mut env = gitlab_env(&server, TOKEN);
    env.retain(|(k, _)| k != "SADOC_GITLAB_TOKEN");
    check(&p, &base, "--post-note", &env)
        .expect_code(0)
        .expect_stderr(
            "`SADOC_GITLAB_TOKEN` is not set (a project access token with the `api` scope",
        );
    // A port nothing listens on: the connection is refused.
    let url = {
        let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", free.local_addr().unwrap())
    };
    let gone = vec![
        ("CI_API_V4_URL".to_string(), format!("{url}/api/v4")),
        ("CI_PROJECT_ID".to_string(), "42".to_string()),
        ("CI_MERGE_REQUEST_IID".to_string(), "7".to_string()),
        ("SADOC_GITLAB_TOKEN".to_string(), TOKEN.to_string()),
    ];
    let run = check(&p, &base, "--post-note", &gone);
    run.expect_code(0)
        .expect_stderr("warning: cannot list the notes:");
    assert!(notes.lock().unwrap().is_empty());
}

#[test]
fn github_pull_requests_get_one_comment_the_same_way() {
    let (p, repo, base) = project();
    let notes: Notes = Arc::new(Mutex::new(vec![(5, "Looks good".to_string())]));
    let server = api(Api::Github, Arc::clone(&notes));
    let env = vec![
        ("GITHUB_API_URL".to_string(), server.url.clone()),
        ("GITHUB_REPOSITORY".to_string(), "acme/shop".to_string()),
        ("GITHUB_REF".to_string(), "refs/pull/12/merge".to_string()),
        ("GITHUB_TOKEN".to_string(), TOKEN.to_string()),
    ];
    std::fs::write(p.path("src/main.rs"), "fn main() { run(); }\n").unwrap();
    repo.commit("run");
    check(&p, &base, "--post-comment", &env)
        .expect_stderr("posted the pull-request comment (1001)");
    std::fs::write(p.path("src/lib.rs"), "pub fn run() {}\n").unwrap();
    repo.commit("lib");
    check(&p, &base, "--post-comment", &env)
        .expect_stderr("updated the pull-request comment (1001)");
    assert_eq!(ours(&notes).len(), 1);
    assert!(server.requests().iter().any(|r| r.method == "PATCH"));
}

/// A merge request that renames a function and edits the line of a document that still
/// mentions it: the note shows the edit, and the edit is posted once as a GitLab suggestion on
/// that line of the diff, where a reviewer applies it; a line the merge request did not touch
/// gets the edit in the note only.
#[test]
fn edits_of_lines_in_the_diff_are_posted_as_suggestions_on_those_lines() {
    let p = Project::new()
        .file(
            "docs/runbook.md",
            "---\ngoverns: [\"lib/**\"]\n---\n# Runbook\n\nRun `load_orders` by hand.\n\nThen check `load_orders` again.\n",
        )
        .file("lib/orders.py", "def load_orders():\n    pass\n");
    let repo = p.git_init();
    let base = repo.head();
    std::fs::write(
        p.path("lib/orders.py"),
        "def load_order_batches():\n    pass\n",
    )
    .unwrap();
    std::fs::write(
        p.path("docs/runbook.md"),
        "---\ngoverns: [\"lib/**\"]\n---\n# Runbook\n\nRun `load_orders` by hand, carefully.\n\nThen check `load_orders` again.\n",
    )
    .unwrap();
    let head = repo.commit("rename");
    let notes: Notes = Arc::new(Mutex::new(Vec::new()));
    let diff = Diff {
        base_sha: base.clone(),
        head_sha: head.clone(),
        // `git diff -U0 base head` adds line 6 of the runbook and line 1 of the code.
        added: vec![("docs/runbook.md".into(), 6), ("lib/orders.py".into(), 1)],
        threads: Arc::default(),
    };
    let server = api_with_diff(Api::Gitlab, Arc::clone(&notes), diff.clone());
    let mut env = gitlab_env(&server, TOKEN);
    env.push(("CI_COMMIT_SHA".into(), head.clone()));
    let run = check(&p, &base, "--post-note", &env);
    run.expect_code(0)
        .expect_stderr("posted 1 suggestion on lines of the merge request's diff");
    let threads = diff.threads.lock().unwrap().clone();
    assert_eq!(threads.len(), 1, "{threads:?}");
    let (body, position) = &threads[0];
    assert_eq!(position["new_path"], "docs/runbook.md");
    assert_eq!(position["new_line"], 6);
    assert!(
        body.contains("````suggestion:-0+0\nRun `load_order_batches` by hand, carefully.\n````"),
        "{body}"
    );
    // The note shows both edits; the line outside the diff says `--fix` makes it.
    let note = &ours(&notes)[0].1;
    assert!(
        note.contains("+Then check `load_order_batches` again."),
        "{note}"
    );
    assert!(
        note.contains("`sadoc check --fix` makes this edit."),
        "{note}"
    );
    assert!(
        note.contains("The line is part of this merge request"),
        "{note}"
    );
    // Again: nothing new is posted.
    check(&p, &base, "--post-note", &env)
        .expect_code(0)
        .expect_stderr("1 suggestion is already on its lines");
    assert_eq!(diff.threads.lock().unwrap().len(), 1);
    // A newer push: the diff's head moved on, so nothing is posted on lines that may have moved.
    std::fs::write(p.path("README.md"), "later\n").unwrap();
    let newer = repo.commit("later");
    let mut env = gitlab_env(&server, TOKEN);
    env.push(("CI_COMMIT_SHA".into(), newer));
    check(&p, &base, "--post-note", &env)
        .expect_code(0)
        .expect_stderr("suggestions not posted on the diff");
}
