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

/// The stand-in API for merge request 7 of project 42 (GitLab) or pull request 12 of
/// `acme/shop` (GitHub).
pub fn api(kind: Api, notes: Notes) -> Server {
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
