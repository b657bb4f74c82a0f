//! A decision's status history as its page shows it: each change with its date, author,
//! commit and merge request, linked on the repository's host when `repo.url` is set.

use serde::Serialize;

use crate::load::config::RepoConfig;
use crate::load::merge_request::{self, MergeRequest};
use crate::load::status_history::StatusChange;

/// One change on an ADR's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub author: String,
    /// The commit's short id and page.
    pub commit: String,
    pub commit_url: Option<String>,
    /// The merge request it came in with.
    pub merge_request: Option<RequestLink>,
    /// The status after the change, and before it (`None` for the record's first version).
    pub status: &'static str,
    pub from: Option<&'static str>,
    /// The relations it added and removed (`Supersedes ADR-2`).
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

/// A merge request, as a page links it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestLink {
    /// `!123` or `#12`.
    pub reference: String,
    pub url: Option<String>,
}

impl RequestLink {
    pub fn new(request: &MergeRequest, repo: Option<&RepoConfig>) -> RequestLink {
        RequestLink {
            reference: request.reference(),
            url: repo.and_then(|r| request.url(r)),
        }
    }
}

/// The timeline of a decision, oldest first.
pub fn entries(changes: &[StatusChange], repo: Option<&RepoConfig>) -> Vec<TimelineEntry> {
    changes
        .iter()
        .map(|c| TimelineEntry {
            date: c.date.map(|d| d.to_string()),
            author: c.author.clone(),
            commit: c.commit.chars().take(8).collect(),
            commit_url: repo.map(|r| merge_request::commit_url(r, &c.commit)),
            merge_request: c.merge_request.as_ref().map(|m| RequestLink::new(m, repo)),
            status: c.status.as_str(),
            from: c.from.map(|s| s.as_str()),
            added: c.added.clone(),
            removed: c.removed.clone(),
        })
        .collect()
}

/// The merge request that proposed a decision: that of the last change that made it
/// proposed (its first version, usually).
pub fn proposed_in(changes: &[StatusChange], repo: Option<&RepoConfig>) -> Option<RequestLink> {
    let change = changes.iter().rev().find(|c| {
        c.status == crate::model::decision::Status::Proposed && c.from != Some(c.status)
    })?;
    change
        .merge_request
        .as_ref()
        .map(|m| RequestLink::new(m, repo))
}
