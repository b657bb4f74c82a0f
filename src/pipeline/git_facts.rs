//! What the build reads from git beyond the documents: who changed each document and when
//! (one walk over the history, with a warning when a shallow clone cannot tell), and what is
//! derived from that walk once the documents are loaded — each decision's status history for
//! its page, and which documents are due for review.

use std::collections::HashMap;

use crate::load::history::History;
use crate::load::project::Project;
use crate::load::status_history::StatusChange;
use crate::model::{Layout, Model};
use crate::util::diag::Diagnostic;

/// Who changed each document and when, from one walk over the history, and a warning when
/// the clone is too shallow to tell for every page.
pub(super) fn history(
    project: &Project,
    git: Option<&crate::load::git::Repo>,
) -> (crate::load::history::History, Option<Diagnostic>) {
    let Some(git) = git else {
        return (crate::load::history::History::default(), None);
    };
    let config = &project.config;
    let dirs: Vec<&str> = config.source_dirs().into_iter().map(|(_, d)| d).collect();
    let history = crate::load::history::collect(git, &dirs);
    let warning = history.shallow_boundary.as_ref().map(|boundary| {
        Diagnostic::warning(
            "git/shallow",
            crate::load::project::CONFIG_FILE,
            format!(
                "the clone is shallow (history stops at commit {boundary}): pages last changed before it show their date as unknown"
            ),
        )
        .with_help("fetch the whole history: `git fetch --unshallow`, or `GIT_DEPTH: 0` in the CI job")
    });
    (history, warning)
}

/// What [`derive`] read from git, by path, kept until the history is read again (the live
/// preview derives again after every edit and reads only new records).
#[derive(Debug, Default)]
pub struct Known {
    status: HashMap<String, Vec<StatusChange>>,
    edits: crate::load::review_history::Edits,
}

impl Known {
    /// Forgets everything: the history was read again.
    pub fn clear(&mut self) {
        self.status.clear();
        self.edits.clear();
    }
}

/// Each decision's status history (only pages show it, aligned with the decision log) and the
/// documents' reviews, from `history` (none read from git when `git` is `None`: outside a
/// repository, or a run that reads no history).
pub(super) fn derive(
    history: &History,
    known: &mut Known,
    git: Option<&crate::load::git::Repo>,
    layout: &Layout,
    model: &Model,
    config: &crate::load::config::Config,
    pages: bool,
) -> (Vec<Vec<StatusChange>>, crate::model::review::Reviews) {
    let status_history = match git.filter(|_| pages) {
        Some(git) => crate::load::status_history::of_log(
            Some(git),
            history,
            layout,
            crate::load::adr_options(config),
            model,
            &mut known.status,
        ),
        None => Vec::new(),
    };
    let reviews = crate::load::review_history::reviews(
        git,
        history,
        model,
        config,
        crate::util::date::Date::today(),
        &mut known.edits,
    );
    (status_history, reviews)
}
