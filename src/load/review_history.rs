//! When the repository says each document was last reviewed: the latest `Docs-Reviewed:`
//! trailer naming it (a path, or an ADR by number or title; several per line, separated by
//! commas or spaces) and the last commit that changed its body. A commit that only touched
//! the front matter (a status, `last_reviewed:` itself) is not an edit of what readers read.
//!
//! Both come from what the history walk ([`super::history`]) already collected: the trailers
//! of every commit, and every version of every document, of which only the newest few are
//! read — back to the first that changed the body.

use std::collections::HashMap;

use git2::Oid;

use crate::load::history::History;
use crate::model::Model;
use crate::model::review::{Basis, LastReview};

/// The last edit of each document's body, by path, kept for as long as the history is the
/// same (the live preview asks again after every edit).
pub type Edits = HashMap<String, Option<LastReview>>;

/// The last review the repository records for each document in `docs` (indices into the
/// model), where it records one. A document not committed yet counts as reviewed `today`;
/// in a shallow clone, one not changed since the boundary is unknown.
pub fn last_reviews(
    git: &crate::load::git::Repo,
    history: &History,
    model: &Model,
    docs: &[usize],
    today: crate::util::date::Date,
    edits: &mut Edits,
) -> HashMap<usize, LastReview> {
    let trailers = trailer_dates(history, model);
    // The last body edits not known yet, read on every core.
    let missing: Vec<&String> = docs
        .iter()
        .map(|&d| &model.docs[d].source)
        .filter(|s| !edits.contains_key(*s) && history.of(s).is_some())
        .collect();
    let read = crate::load::git::in_parallel(git, &missing, |repo, source| {
        history
            .of(source)
            .and_then(|file| last_body_edit(repo, history, &file.revisions))
    });
    for (source, edit) in missing.into_iter().zip(read) {
        edits.insert(source.clone(), edit);
    }
    let mut out = HashMap::new();
    for &doc in docs {
        let source = &model.docs[doc].source;
        let edit = match edits.get(source) {
            Some(edit) => edit.clone(),
            None if history.shallow_boundary.is_none() && history.is_known() => Some(LastReview {
                date: today,
                basis: Basis::Uncommitted,
            }),
            None => None,
        };
        let best = [edit, trailers.get(&doc).cloned()]
            .into_iter()
            .flatten()
            .max_by_key(|l| l.date);
        if let Some(best) = best {
            out.insert(doc, best);
        }
    }
    out
}

/// The newest `Docs-Reviewed:` trailer naming each document.
fn trailer_dates(history: &History, model: &Model) -> HashMap<usize, LastReview> {
    let sources = model.adr_sources();
    let mut out: HashMap<usize, LastReview> = HashMap::new();
    // Newest first: the first trailer naming a document is its latest.
    for trailer in &history.reviewed {
        let Some(date) = trailer.date else { continue };
        for written in trailer
            .value
            .split([',', ' '])
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            let found: Vec<usize> = match model.doc_index(written) {
                Some(doc) => vec![doc],
                None => model
                    .adrs
                    .find(written, &sources)
                    .into_iter()
                    .map(|a| model.adrs.adrs[a].doc)
                    .collect(),
            };
            for doc in found {
                out.entry(doc).or_insert_with(|| LastReview {
                    date,
                    basis: Basis::Trailer {
                        commit: crate::load::git::short(trailer.commit),
                    },
                });
            }
        }
    }
    out
}

/// The newest revision that added the file or changed its body.
fn last_body_edit(
    git: &git2::Repository,
    history: &History,
    revisions: &[crate::load::history::Revision],
) -> Option<LastReview> {
    let edit = revisions.iter().find(|r| match r.parent {
        None => true,
        Some(parent) => body(git, r.blob) != body(git, parent),
    })?;
    let commit = &history.commits[edit.commit as usize];
    Some(LastReview {
        date: commit.date?,
        basis: Basis::Edit {
            commit: crate::load::git::short(commit.id),
        },
    })
}

/// A version's text after its front matter (the whole text when it has none or it cannot be
/// read).
fn body(git: &git2::Repository, blob: Oid) -> Option<String> {
    let blob = git.find_blob(blob).ok()?;
    let text = String::from_utf8_lossy(blob.content());
    Some(match crate::load::front_matter::split(&text) {
        Ok(split) => split.body.to_string(),
        Err(_) => text.into_owned(),
    })
}

/// The reviews of every document with an interval on `today`, with what the repository
/// records (nothing outside one, or when the history was not read).
pub fn reviews(
    git: Option<&crate::load::git::Repo>,
    history: &History,
    model: &Model,
    config: &crate::load::config::Config,
    today: crate::util::date::Date,
    edits: &mut Edits,
) -> crate::model::review::Reviews {
    use crate::model::review;
    let under_review: Vec<usize> = (0..model.docs.len())
        .filter(|&d| matches!(review::interval(model, &config.review, d), Ok(Some(_))))
        .collect();
    if under_review.is_empty() {
        return review::assess(model, &config.review, today, &|_| None);
    }
    let from_git = match git {
        Some(git) if history.is_known() => {
            last_reviews(git, history, model, &under_review, today, edits)
        }
        _ => HashMap::new(),
    };
    review::assess(model, &config.review, today, &|doc| {
        from_git.get(&doc).cloned()
    })
}
