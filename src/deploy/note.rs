//! One merge-request note, kept up to date: `sadoc check --post-note` (GitLab's Notes API) and
//! `--post-comment` (GitHub's issue comments API) post the markdown report, find sadoc's own
//! earlier note by its hidden marker and edit it instead of adding another, and turn it into a
//! short "in sync" note once the findings are gone.
//!
//! Endpoints, as documented by GitLab (REST API v4, Notes: "Merge requests") and GitHub (REST API
//! 2022-11-28, "Issue comments"); pages of 100 are followed to the last one. Posting never
//! fails the check: every problem comes back as a sentence with the HTTP status, for a warning.
//! On GitLab, an edit of a line the merge request changed is also posted as a suggestion on
//! that line of the diff (Discussions API), once.

use std::time::Duration;

use serde_json::Value;

use super::tls::Roots;

/// Where the note goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Which host's API.
    pub host: Host,
    /// List (GET, paged) and create (POST) URL.
    pub notes: String,
    /// Update URL of one note, without its id (`…/notes/` or `…/issues/comments/`).
    pub note: String,
    /// The token.
    pub token: String,
}

/// A host API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// GitLab: `PRIVATE-TOKEN`, `PUT` to update.
    Gitlab,
    /// GitHub: `Authorization: Bearer`, `PATCH` to update.
    Github,
}

/// What posting did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Posted {
    /// A new note (its id).
    Created(u64),
    /// The earlier note was edited (its id).
    Updated(u64),
    /// The earlier note already says this (its id).
    Unchanged(u64),
    /// Nothing to say and no earlier note: nothing was posted.
    Skipped,
}

impl Target {
    /// GitLab's note of the merge request of this pipeline: `CI_API_V4_URL`, `CI_PROJECT_ID`,
    /// `CI_MERGE_REQUEST_IID` and the token in `SADOC_GITLAB_TOKEN` (a project access token
    /// with the `api` scope: the job token cannot write notes).
    pub fn gitlab(env: &dyn Fn(&str) -> Option<String>) -> Result<Target, String> {
        let var = |k: &str| env(k).filter(|v| !v.trim().is_empty());
        let missing = |k: &str| format!("cannot post the merge-request note: `{k}` is not set");
        let api = var("CI_API_V4_URL").ok_or_else(|| missing("CI_API_V4_URL"))?;
        let project = var("CI_PROJECT_ID").ok_or_else(|| missing("CI_PROJECT_ID"))?;
        let iid = var("CI_MERGE_REQUEST_IID").ok_or_else(|| {
            "cannot post the merge-request note: not a merge-request pipeline (`CI_MERGE_REQUEST_IID` is not set)".to_string()
        })?;
        let token = var("SADOC_GITLAB_TOKEN").ok_or_else(|| {
            "cannot post the merge-request note: `SADOC_GITLAB_TOKEN` is not set (a project access token with the `api` scope, Reporter role or higher; the job token cannot write notes)".to_string()
        })?;
        let notes = format!(
            "{}/projects/{}/merge_requests/{iid}/notes",
            api.trim_end_matches('/'),
            crate::util::paths::encode_path(&project).replace('/', "%2F")
        );
        Ok(Target {
            host: Host::Gitlab,
            note: format!("{notes}/"),
            notes,
            token,
        })
    }

    /// GitHub's comment on the pull request of this workflow run: `GITHUB_API_URL` (default
    /// `https://api.github.com`), `GITHUB_REPOSITORY`, the pull request's number (from
    /// `GITHUB_REF`, `refs/pull/N/merge`) and `GITHUB_TOKEN` (with `pull-requests: write`).
    pub fn github(env: &dyn Fn(&str) -> Option<String>) -> Result<Target, String> {
        let var = |k: &str| env(k).filter(|v| !v.trim().is_empty());
        let api = var("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".to_string());
        let repo = var("GITHUB_REPOSITORY").ok_or_else(|| {
            "cannot post the pull-request comment: `GITHUB_REPOSITORY` is not set".to_string()
        })?;
        let number = var("GITHUB_REF")
            .and_then(|r| {
                r.strip_prefix("refs/pull/")
                    .and_then(|rest| rest.split('/').next())
                    .map(str::to_string)
            })
            .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
            .ok_or_else(|| {
                "cannot post the pull-request comment: not a pull-request run (`GITHUB_REF` is not `refs/pull/N/merge`)".to_string()
            })?;
        let token = var("GITHUB_TOKEN").ok_or_else(|| {
            "cannot post the pull-request comment: `GITHUB_TOKEN` is not set (give the job `pull-requests: write`)".to_string()
        })?;
        let base = format!("{}/repos/{repo}", api.trim_end_matches('/'));
        Ok(Target {
            host: Host::Github,
            notes: format!("{base}/issues/{number}/comments"),
            note: format!("{base}/issues/comments/"),
            token,
        })
    }
}

/// Posts `body` as the note marked with `marker`: edits the earlier one, or creates one unless
/// `in_sync` (nothing to report and no earlier note: nothing is posted).
pub fn post(
    target: &Target,
    marker: &str,
    body: &str,
    in_sync: bool,
    roots: &Roots,
) -> Result<Posted, String> {
    let agent = agent(roots);
    let earlier = find(&agent, target, marker)?;
    let payload = serde_json::json!({ "body": body }).to_string();
    match earlier {
        Some((id, old)) if old == body => Ok(Posted::Unchanged(id)),
        Some((id, _)) => {
            let url = format!("{}{id}", target.note);
            let request = match target.host {
                Host::Gitlab => agent.put(&url),
                Host::Github => agent.patch(&url),
            };
            let response = authorized(request, target)
                .content_type("application/json")
                .send(payload.as_str());
            expect(response, "update the note", &[200])?;
            Ok(Posted::Updated(id))
        }
        None if in_sync => Ok(Posted::Skipped),
        None => {
            let response = authorized(agent.post(&target.notes), target)
                .content_type("application/json")
                .send(payload.as_str());
            let created = expect(response, "create the note", &[200, 201])?;
            let id = created.get("id").and_then(Value::as_u64).unwrap_or(0);
            Ok(Posted::Created(id))
        }
    }
}

/// A replacement of one line of the merge request's diff, to post as a suggestion on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSuggestion {
    /// The file, from the repository root.
    pub path: String,
    /// The 1-based line, on the new side of the diff (a line the merge request added).
    pub line: u32,
    /// The line's new text.
    pub text: String,
    /// Why, for the reviewer.
    pub why: String,
}

/// What posting suggestions did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SuggestionsPosted {
    /// New threads.
    pub posted: usize,
    /// Already on their lines from an earlier run.
    pub existing: usize,
}

/// Posts each suggestion as a thread on its line of the merge request's diff (GitLab's
/// Discussions API, "Create a new thread in the merge request diff"), where a reviewer applies
/// it with one click. The diff's commits come from the merge request (`diff_refs`); when its
/// head is not `head` (a newer push), nothing is posted: the lines may have moved. A thread
/// sadoc posted before for the same line and text (a hidden marker) is not posted again.
pub fn post_suggestions(
    target: &Target,
    suggestions: &[LineSuggestion],
    head: Option<&str>,
    roots: &Roots,
) -> Result<SuggestionsPosted, String> {
    let mut outcome = SuggestionsPosted::default();
    if suggestions.is_empty() || target.host != Host::Gitlab {
        return Ok(outcome);
    }
    let agent = agent(roots);
    let merge_request = target.notes.trim_end_matches("/notes");
    let mr = expect(
        authorized(agent.get(merge_request), target).call(),
        "read the merge request",
        &[200],
    )?;
    let refs = mr.get("diff_refs").cloned().unwrap_or_default();
    let sha = |key: &str| refs.get(key).and_then(Value::as_str).map(str::to_string);
    let (Some(base), Some(start), Some(diff_head)) =
        (sha("base_sha"), sha("start_sha"), sha("head_sha"))
    else {
        return Err("cannot post suggestions: the merge request has no diff yet".to_string());
    };
    if let Some(head) = head
        && head != diff_head
    {
        return Err(format!(
            "suggestions not posted on the diff: the merge request's head is {}, not the checked {}; the next pipeline posts them",
            &diff_head[..diff_head.len().min(8)],
            &head[..head.len().min(8)]
        ));
    }
    let discussions = format!("{merge_request}/discussions");
    let earlier = discussion_bodies(&agent, target, &discussions)?;
    for s in suggestions {
        let marker = suggestion_marker(s);
        if earlier.iter().any(|b| b.contains(&marker)) {
            outcome.existing += 1;
            continue;
        }
        let body = format!(
            "{marker}\n**sadoc check**: {}\n\n{}",
            s.why,
            crate::check::ci_reports::suggestion_block(&s.text)
        );
        let payload = serde_json::json!({
            "body": body,
            "position": {
                "position_type": "text",
                "base_sha": base,
                "start_sha": start,
                "head_sha": diff_head,
                "old_path": s.path,
                "new_path": s.path,
                "new_line": s.line,
            }
        })
        .to_string();
        let response = authorized(agent.post(&discussions), target)
            .content_type("application/json")
            .send(payload.as_str());
        expect(
            response,
            &format!("post the suggestion on `{}` line {}", s.path, s.line),
            &[200, 201],
        )?;
        outcome.posted += 1;
    }
    Ok(outcome)
}

/// The hidden line that marks sadoc's suggestion for one line and text.
fn suggestion_marker(s: &LineSuggestion) -> String {
    let digest = crate::check::report::sha256_hex(&s.text);
    format!(
        "<!-- sadoc:suggestion {}:{} {} -->",
        s.path,
        s.line,
        &digest[..12]
    )
}

/// The bodies of every note of every thread of the merge request.
fn discussion_bodies(
    agent: &ureq::Agent,
    target: &Target,
    url: &str,
) -> Result<Vec<String>, String> {
    let mut bodies = Vec::new();
    each_page(
        agent,
        target,
        url,
        "list the merge request's threads",
        |threads| {
            for thread in threads {
                let notes = thread.get("notes").and_then(Value::as_array);
                for note in notes.into_iter().flatten() {
                    if let Some(body) = note.get("body").and_then(Value::as_str) {
                        bodies.push(body.to_string());
                    }
                }
            }
            false
        },
    )?;
    Ok(bodies)
}

/// sadoc's earlier note: its id and body.
fn find(
    agent: &ureq::Agent,
    target: &Target,
    marker: &str,
) -> Result<Option<(u64, String)>, String> {
    let mut found = None;
    each_page(agent, target, &target.notes, "list the notes", |notes| {
        found = notes
            .iter()
            .find(|n| {
                n.get("body")
                    .and_then(Value::as_str)
                    .is_some_and(|b| b.contains(marker))
            })
            .map(|note| {
                let id = note.get("id").and_then(Value::as_u64).unwrap_or(0);
                let body = note.get("body").and_then(Value::as_str).unwrap_or("");
                (id, body.to_string())
            });
        found.is_some()
    })?;
    Ok(found)
}

/// Lists `url` page by page (100 a page, at most 100 pages: a merge request with more is not
/// looked at further), handing each page's items to `visit` until it says to stop.
fn each_page(
    agent: &ureq::Agent,
    target: &Target,
    url: &str,
    what: &str,
    mut visit: impl FnMut(&[Value]) -> bool,
) -> Result<(), String> {
    for page in 1..=100 {
        let page_url = format!("{url}?per_page=100&page={page}");
        let list = expect(
            authorized(agent.get(&page_url), target).call(),
            what,
            &[200],
        )?;
        let Some(items) = list.as_array() else {
            return Err(format!(
                "cannot {what}: {page_url} did not answer with a list"
            ));
        };
        if visit(items) || items.len() < 100 {
            break;
        }
    }
    Ok(())
}

fn authorized<B>(request: ureq::RequestBuilder<B>, target: &Target) -> ureq::RequestBuilder<B> {
    let request = request.header("User-Agent", concat!("sadoc/", env!("CARGO_PKG_VERSION")));
    match target.host {
        Host::Gitlab => request.header("PRIVATE-TOKEN", &target.token),
        Host::Github => request
            .header("Authorization", &format!("Bearer {}", target.token))
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28"),
    }
}

/// The JSON of a response with one of the `ok` statuses; otherwise a sentence with the status.
fn expect(
    response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    what: &str,
    ok: &[u16],
) -> Result<Value, String> {
    let mut response = response.map_err(|e| format!("cannot {what}: {e}"))?;
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    if !ok.contains(&status) {
        let hint = match status {
            401 => " (the token is missing, wrong or expired)",
            403 => {
                " (the token may not write notes: it needs the `api` scope, or `pull-requests: write` on GitHub)"
            }
            404 => " (no such merge request, or the token cannot see the project)",
            _ => "",
        };
        return Err(format!("cannot {what}: HTTP {status}{hint}"));
    }
    serde_json::from_str(&text)
        .map_err(|_| format!("cannot {what}: HTTP {status}, and the answer is not JSON"))
}

/// A blocking client that trusts `roots`, with timeouts, and hands back every status.
fn agent(roots: &Roots) -> ureq::Agent {
    let tls = ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::Specific(std::sync::Arc::new(
            roots.certificates(),
        )))
        .unversioned_rustls_crypto_provider(std::sync::Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .build();
    ureq::Agent::config_builder()
        .tls_config(tls)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_come_from_the_ci_variables() {
        let gitlab = |k: &str| {
            Some(
                match k {
                    "CI_API_V4_URL" => "https://gitlab.example.com/api/v4/",
                    "CI_PROJECT_ID" => "42",
                    "CI_MERGE_REQUEST_IID" => "7",
                    "SADOC_GITLAB_TOKEN" => "glpat-x",
                    _ => return None,
                }
                .to_string(),
            )
        };
        let t = Target::gitlab(&gitlab).unwrap();
        assert_eq!(
            t.notes,
            "https://gitlab.example.com/api/v4/projects/42/merge_requests/7/notes"
        );
        let no_token = |k: &str| (k != "SADOC_GITLAB_TOKEN").then(|| gitlab(k)).flatten();
        assert!(
            Target::gitlab(&no_token)
                .unwrap_err()
                .contains("`api` scope")
        );
        let github = |k: &str| {
            Some(
                match k {
                    "GITHUB_REPOSITORY" => "acme/platform",
                    "GITHUB_REF" => "refs/pull/12/merge",
                    "GITHUB_TOKEN" => "t",
                    _ => return None,
                }
                .to_string(),
            )
        };
        let t = Target::github(&github).unwrap();
        assert_eq!(
            t.notes,
            "https://api.github.com/repos/acme/platform/issues/12/comments"
        );
        assert_eq!(
            t.note,
            "https://api.github.com/repos/acme/platform/issues/comments/"
        );
    }
}
