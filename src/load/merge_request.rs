//! Which merge request a commit came in with, read from the messages GitLab and GitHub
//! write: GitLab's merge commit ("See merge request group/project!123"), GitHub's ("Merge pull
//! request #12 from …"), and the squash commits both make ("Title (#12)", "Title (!123)").
//!
//! A commit made on a branch names no merge request itself: it came in with the oldest merge
//! on HEAD's first-parent line that contains it, which the history walk
//! ([`super::history`]) works out for every commit as it goes.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::load::config::{RepoConfig, RepoKind};

/// A merge request (GitLab) or pull request (GitHub).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct MergeRequest {
    /// The project a GitLab reference names (`group/project`), when it names one.
    pub project: Option<String>,
    /// Its number (GitLab's `iid`).
    pub number: u64,
    /// Whose reference it is: `!123` is GitLab's, `#12` GitHub's.
    pub github: bool,
}

impl MergeRequest {
    /// The short reference: `!123` or `#12`.
    pub fn reference(&self) -> String {
        if self.github {
            format!("#{}", self.number)
        } else {
            format!("!{}", self.number)
        }
    }

    /// Its web page, when the repository's URL is known. A GitLab reference naming another
    /// project is placed on the same host.
    pub fn url(&self, repo: &RepoConfig) -> Option<String> {
        let base = repo.url.trim_end_matches('/');
        match (repo.effective_kind(), self.github) {
            (RepoKind::Github, true) => Some(format!("{base}/pull/{}", self.number)),
            (RepoKind::Gitlab, false) => {
                let project_url = match &self.project {
                    Some(project) if !base.ends_with(&format!("/{project}")) => {
                        format!("{}/{project}", host_of(base)?)
                    }
                    _ => base.to_string(),
                };
                Some(format!("{project_url}/-/merge_requests/{}", self.number))
            }
            _ => None,
        }
    }
}

/// `https://host` of `https://host/group/project`.
fn host_of(url: &str) -> Option<&str> {
    let scheme = url.find("://")? + 3;
    Some(match url[scheme..].find('/') {
        Some(slash) => &url[..scheme + slash],
        None => url,
    })
}

/// The web page of a commit, when the repository's URL is known.
pub fn commit_url(repo: &RepoConfig, sha: &str) -> String {
    let base = repo.url.trim_end_matches('/');
    match repo.effective_kind() {
        RepoKind::Gitlab => format!("{base}/-/commit/{sha}"),
        RepoKind::Github => format!("{base}/commit/{sha}"),
    }
}

static GITLAB_MERGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*See merge request (?:([\w.\-/]+))?!(\d+)\s*$").expect("valid regex")
});
static GITHUB_MERGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Merge pull request #(\d+) from ").expect("valid regex"));
static SQUASHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((?:([\w.\-]+/[\w.\-/]+))?([#!])(\d+)\)\s*$").expect("valid regex")
});

/// The merge request a commit message names: a GitLab merge commit's "See merge request",
/// GitHub's "Merge pull request #N", or a squash commit's subject ending in `(#N)` or `(!N)`.
pub fn in_message(message: &str) -> Option<MergeRequest> {
    if let Some(c) = GITLAB_MERGE.captures(message) {
        return Some(MergeRequest {
            project: c.get(1).map(|p| p.as_str().to_string()),
            number: c[2].parse().ok()?,
            github: false,
        });
    }
    let subject = message.lines().next().unwrap_or("");
    if let Some(c) = GITHUB_MERGE.captures(subject) {
        return Some(MergeRequest {
            project: None,
            number: c[1].parse().ok()?,
            github: true,
        });
    }
    let c = SQUASHED.captures(subject)?;
    Some(MergeRequest {
        project: c.get(1).map(|p| p.as_str().to_string()),
        number: c[3].parse().ok()?,
        github: &c[2] == "#",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gitlab(project: Option<&str>, number: u64) -> Option<MergeRequest> {
        Some(MergeRequest {
            project: project.map(str::to_string),
            number,
            github: false,
        })
    }

    fn github(number: u64) -> Option<MergeRequest> {
        Some(MergeRequest {
            project: None,
            number,
            github: true,
        })
    }

    #[test]
    fn messages_name_their_merge_requests() {
        let gitlab_merge = "Merge branch 'adr-12' into 'main'\n\nUse Kafka for ingest\n\nSee merge request data/platform!123";
        assert_eq!(in_message(gitlab_merge), gitlab(Some("data/platform"), 123));
        assert_eq!(
            in_message("Merge branch 'x' into 'main'\n\nSee merge request !7\n"),
            gitlab(None, 7)
        );
        assert_eq!(
            in_message("Merge pull request #12 from acme/adr-12\n\nUse Kafka"),
            github(12)
        );
        assert_eq!(
            in_message("Use Kafka for ingest (#34)\n\n* wip"),
            github(34)
        );
        assert_eq!(in_message("Use Kafka for ingest (!56)"), gitlab(None, 56));
        assert_eq!(
            in_message("Use Kafka (data/platform!56)"),
            gitlab(Some("data/platform"), 56)
        );
        assert_eq!(in_message("Fix #12 in the parser"), None);
        assert_eq!(in_message("Mention (#12) midway, then more"), None);
        assert_eq!(
            in_message("Plain commit\n\nSee merge request for details"),
            None
        );
    }

    #[test]
    fn links_follow_the_host() {
        let repo = |url: &str| RepoConfig {
            url: url.to_string(),
            kind: None,
            branch: "main".to_string(),
            permalink: None,
        };
        let lab = repo("https://gitlab.example.com/data/platform/");
        assert_eq!(
            gitlab(Some("data/platform"), 5)
                .unwrap()
                .url(&lab)
                .as_deref(),
            Some("https://gitlab.example.com/data/platform/-/merge_requests/5")
        );
        assert_eq!(
            gitlab(Some("data/other"), 5).unwrap().url(&lab).as_deref(),
            Some("https://gitlab.example.com/data/other/-/merge_requests/5")
        );
        assert_eq!(
            gitlab(None, 5).unwrap().url(&lab).as_deref(),
            Some("https://gitlab.example.com/data/platform/-/merge_requests/5")
        );
        let hub = repo("https://github.com/acme/docs");
        assert_eq!(
            github(9).unwrap().url(&hub).as_deref(),
            Some("https://github.com/acme/docs/pull/9")
        );
        assert_eq!(github(9).unwrap().url(&lab), None);
        assert_eq!(
            commit_url(&hub, "abc"),
            "https://github.com/acme/docs/commit/abc"
        );
        assert_eq!(
            commit_url(&lab, "abc"),
            "https://gitlab.example.com/data/platform/-/commit/abc"
        );
    }
}
