//! What a merge request does to the decision log: the records it proposes, accepts,
//! supersedes, rejects or deprecates, from each changed ADR's status at the range's base and
//! at its head. The merge-request note lists them so reviewers see the decisions in play
//! without opening every file.

use serde::Serialize;

use crate::load::git::{Change, ChangeKind};
use crate::model::Model;
use crate::model::decision::{RelationKind, Status};

/// A decision a merge request changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionChange {
    /// `ADR-0007`.
    pub label: String,
    pub title: String,
    /// Its file (project path).
    pub path: String,
    /// What the merge request does: `proposes`, `accepts`, `supersedes`, `rejects`,
    /// `deprecates`, `records` (a new record with another status) or `reopens`.
    pub verb: &'static str,
    /// Its status at the base (`None` for a new record) and at the head.
    pub from: Option<Status>,
    pub to: Status,
    /// For `supersedes`: the records that replace it.
    pub by: Vec<String>,
}

/// The decisions the changes in `changes` (project paths) touch, in log order. `base_status`
/// reads a record's status at the base from its path there.
pub fn of_range(
    model: &Model,
    changes: &[Change],
    base_status: &dyn Fn(&str) -> Option<Status>,
) -> Vec<DecisionChange> {
    let mut out = Vec::new();
    for adr in &model.adrs.adrs {
        let path = &model.docs[adr.doc].source;
        let Some(change) = changes.iter().find(|c| &c.path == path) else {
            continue;
        };
        let from = match change.kind {
            ChangeKind::Added => None,
            ChangeKind::Deleted => continue,
            _ => base_status(change.old_path.as_deref().unwrap_or(path)),
        };
        if from == Some(adr.status) {
            continue;
        }
        let verb = match (from, adr.status) {
            (_, Status::Superseded) => "supersedes",
            (_, Status::Proposed) if from.is_none() => "proposes",
            (_, Status::Proposed) => "reopens",
            (_, Status::Accepted) => "accepts",
            (_, Status::Rejected) => "rejects",
            (_, Status::Deprecated) => "deprecates",
            (None, _) => "records",
            (Some(_), Status::Unknown) => "changes",
        };
        let by = if adr.status == Status::Superseded {
            adr.relations
                .iter()
                .filter(|r| r.kind == RelationKind::SupersededBy)
                .map(|r| model.adrs.adrs[r.target].id.label())
                .collect()
        } else {
            Vec::new()
        };
        out.push(DecisionChange {
            label: adr.id.label(),
            title: adr.title.clone(),
            path: path.clone(),
            verb,
            from,
            to: adr.status,
            by,
        });
    }
    out
}

/// One line of the merge-request note: `accepts ADR-0002 Use Kafka (was proposed)`.
pub fn sentence(change: &DecisionChange, link: &dyn Fn(&str, &str) -> String) -> String {
    let name = link(&change.path, &format!("{} {}", change.label, change.title));
    let mut line = format!("**{}** {name}", change.verb);
    if !change.by.is_empty() {
        line.push_str(&format!(" (by {})", change.by.join(", ")));
    }
    match change.from {
        Some(from) => line.push_str(&format!(" — was {from}")),
        None if change.verb == "records" => line.push_str(&format!(" — {}", change.to)),
        None => {}
    }
    line
}
