//! What `sadoc check` reads beside the build and drift: the decisions a range proposes,
//! accepts or supersedes (each changed record's status at the base), and documents overdue
//! for review (with the history the build did not read when only front matter sets
//! intervals).

use super::Built;
use crate::check::range;
use crate::load::git::{Change, Repo};

/// Documents overdue for review. Intervals set only in front matter were not known before
/// the build read the documents: their history is read now.
pub(super) fn review_findings(
    built: &Built,
    repo: Option<&Repo>,
) -> Vec<crate::util::diag::Diagnostic> {
    let reviews = &built.facts.reviews;
    let config = &built.project.config;
    let unread = !config.review.is_set() && !reviews.docs.is_empty();
    let late;
    let reviews = match repo.filter(|_| unread) {
        Some(repo) => {
            let dirs: Vec<&str> = config.source_dirs().into_iter().map(|(_, d)| d).collect();
            let history = crate::load::history::collect(repo, &dirs);
            late = crate::load::review_history::reviews(
                Some(repo),
                &history,
                &built.model,
                config,
                crate::util::date::Date::today(),
                &mut Default::default(),
            );
            &late
        }
        None => reviews,
    };
    crate::check::review::check(&built.model, reviews)
}

/// The decisions the range changes, from each changed ADR's status at the base.
pub(super) fn decision_changes(
    repo: &Repo,
    r: &range::Range,
    built: &Built,
    changes: &[Change],
) -> Vec<crate::check::decision_changes::DecisionChange> {
    let options = crate::load::adr_options(&built.project.config);
    let base_status = |path: &str| {
        let bytes = repo.read_at(r.base_oid, &repo.repo_path(path))?;
        let text = String::from_utf8_lossy(&bytes);
        let (_, adr, _) = crate::load::parse_text(&built.layout, path, &text, false, options);
        adr.map(|a| a.status)
    };
    crate::check::decision_changes::of_range(&built.model, changes, &base_status)
}
