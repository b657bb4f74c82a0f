//! How each decision got where it stands: the commits that changed an ADR's status or its
//! relations, oldest first, each with its date, author and merge request.
//!
//! The history walk ([`super::history`]) already lists every version of every document; this
//! reads the versions of the ADRs only, parses each with the same reader the build uses, and
//! keeps the commits where what the record says about its status or relations changed. A
//! record renamed keeps only the history of its current name; a shallow clone's history starts
//! at its boundary (the timeline says so).

use std::collections::BTreeSet;

use git2::Oid;
use serde::Serialize;

use crate::load::adr_metadata::{self, Options};
use crate::load::history::History;
use crate::load::merge_request::MergeRequest;
use crate::model::decision::{Date, RawRelation, Status, reference_number};
use crate::model::layout::Layout;

/// One change of a decision's status or relations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    /// The commit's date (UTC).
    pub date: Option<Date>,
    pub author: String,
    /// The full commit id.
    pub commit: String,
    /// The merge request it came in with.
    pub merge_request: Option<MergeRequest>,
    /// The status after the commit.
    pub status: Status,
    /// The status before it (`None` for the record's first version).
    pub from: Option<Status>,
    /// The relations the commit added (`Supersedes ADR-2`) and removed.
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl StatusChange {
    /// Whether this is the commit that added the record.
    pub fn is_first(&self) -> bool {
        self.from.is_none()
    }
}

/// What one version of a record says.
#[derive(PartialEq)]
struct Said {
    status: Status,
    relations: BTreeSet<String>,
}

/// The status history of the ADR at project path `source`, oldest first: the commits that
/// changed its status or relations (the first version always counts). Empty when no commit
/// has it.
pub fn of(
    git: &git2::Repository,
    history: &History,
    layout: &Layout,
    options: Options<'_>,
    source: &str,
) -> Vec<StatusChange> {
    let Some(file) = history.of(source) else {
        return Vec::new();
    };
    let mut changes = Vec::new();
    let mut before: Option<Said> = None;
    // Many commits can write the same blob (a revert): each is read once.
    let mut last_blob: Option<Oid> = None;
    for revision in file.revisions.iter().rev() {
        if last_blob == Some(revision.blob) {
            continue;
        }
        last_blob = Some(revision.blob);
        let Some(said) = read(git, layout, options, source, revision.blob) else {
            continue;
        };
        if before.as_ref() == Some(&said) {
            continue;
        }
        let commit = &history.commits[revision.commit as usize];
        let (added, removed) = match &before {
            Some(b) => (
                said.relations.difference(&b.relations).cloned().collect(),
                b.relations.difference(&said.relations).cloned().collect(),
            ),
            None => (said.relations.iter().cloned().collect(), Vec::new()),
        };
        changes.push(StatusChange {
            date: commit.date,
            author: commit.author.clone(),
            commit: commit.id.to_string(),
            merge_request: commit.merge_request.clone(),
            status: said.status,
            from: before.as_ref().map(|b| b.status),
            added,
            removed,
        });
        before = Some(said);
    }
    changes
}

/// Reads one version of a record.
fn read(
    git: &git2::Repository,
    layout: &Layout,
    options: Options<'_>,
    source: &str,
    blob: Oid,
) -> Option<Said> {
    let blob = git.find_blob(blob).ok()?;
    let text = String::from_utf8_lossy(blob.content());
    let (_, adr, _) = crate::load::parse_text(layout, source, &text, false, options);
    let adr = adr?;
    Some(Said {
        status: adr.status,
        relations: adr.raw_relations.iter().map(relation).collect(),
    })
}

/// A relation as the timeline says it: `Supersedes ADR-2`.
fn relation(raw: &RawRelation) -> String {
    let number = raw
        .path
        .as_deref()
        .and_then(|p| adr_metadata::identity(p).number)
        .or_else(|| reference_number(&raw.text));
    let target = match number {
        Some(n) => format!("ADR-{n}"),
        None => adr_metadata::plain(&raw.text),
    };
    format!("{} {target}", raw.kind.label())
}

/// The status history of every ADR of `model`, aligned with its log (empty lists outside a
/// repository). `known` keeps each record's history by path for as long as `history` is the
/// same: the live preview asks again after every edit, and only a new record is read.
pub fn of_log(
    git: Option<&crate::load::git::Repo>,
    history: &History,
    layout: &Layout,
    options: Options<'_>,
    model: &crate::model::Model,
    known: &mut std::collections::HashMap<String, Vec<StatusChange>>,
) -> Vec<Vec<StatusChange>> {
    let Some(git) = git else {
        return vec![Vec::new(); model.adrs.adrs.len()];
    };
    let sources: Vec<&String> = model
        .adrs
        .adrs
        .iter()
        .map(|adr| &model.docs[adr.doc].source)
        .collect();
    let missing: Vec<&String> = sources
        .iter()
        .copied()
        .filter(|s| !known.contains_key(*s))
        .collect();
    // Reading versions is inflating blobs: spread over the cores, each thread with its own
    // handle on the repository (libgit2's handles are not shared between threads).
    let read = crate::load::git::in_parallel(git, &missing, |repo, source| {
        of(repo, history, layout, options, source)
    });
    for (source, changes) in missing.into_iter().zip(read) {
        known.insert(source.clone(), changes);
    }
    sources
        .into_iter()
        .map(|s| known.get(s).cloned().unwrap_or_default())
        .collect()
}

/// What `sadoc adr show --history` prints: the status history of one ADR, read from the
/// repository around `project` with a walk over the ADR folders only.
pub struct OneRecord {
    pub changes: Vec<StatusChange>,
    /// A shallow clone's boundary, before which nothing is known.
    pub shallow_boundary: Option<String>,
}

/// The status history of the ADR at project path `source`; `None` outside a repository.
pub fn of_record(
    project: &crate::load::project::Project,
    layout: &Layout,
    source: &str,
) -> Option<OneRecord> {
    let git = crate::load::git::Repo::discover(&project.root)?;
    let config = &project.config;
    let dirs: Vec<&str> = std::iter::once(config.adr.dir.as_str())
        .chain(config.adr.packages.values().map(String::as_str))
        .collect();
    let history = crate::load::history::collect(&git, &dirs);
    let options = crate::load::adr_options(config);
    Some(OneRecord {
        changes: of(git.raw(), &history, layout, options, source),
        shallow_boundary: history.shallow_boundary,
    })
}
