//! Documents overdue for review (`review/overdue`), and review settings in front matter that
//! cannot be read (`review/bad-interval`, `review/bad-date`): warnings, so `check.fail_on`
//! decides whether they fail a pipeline. Only `sadoc check` reports them — whether a document
//! is overdue depends on the day, and a build must not start failing on its own.

use crate::model::Model;
use crate::model::review::{Basis, Reviews, State};
use crate::util::diag::Diagnostic;

/// The findings about reviews.
pub fn check(model: &Model, reviews: &Reviews) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (doc, message) in &reviews.problems {
        let d = &model.docs[*doc];
        let (code, key) = if message.contains("last_reviewed") {
            ("review/bad-date", "last_reviewed")
        } else {
            ("review/bad-interval", "review")
        };
        let mut diagnostic = Diagnostic::warning(code, &d.source, message.clone()).with_help(
            "write `review: 180d` (or 26w, 6m, 1y, never) and `last_reviewed: YYYY-MM-DD`",
        );
        if let Some(line) = d.front.key_lines.get(key) {
            diagnostic = diagnostic.at_line(*line);
        }
        out.push(diagnostic);
    }
    let Some(today) = reviews.today else {
        return out;
    };
    for review in reviews.docs.iter().filter(|r| r.state == State::Overdue) {
        let d = &model.docs[review.doc];
        let (Some(last), Some(due)) = (&review.last, review.due) else {
            continue;
        };
        let on = match &last.basis {
            Basis::FrontMatter => "its `last_reviewed:`".to_string(),
            Basis::Trailer { commit } => format!("a `Docs-Reviewed:` trailer in commit {commit}"),
            Basis::Edit { commit } => format!("an edit in commit {commit}"),
            Basis::Uncommitted => "being written".to_string(),
        };
        let owners = model.owners_of_doc(review.doc);
        let ask = if owners.is_empty() {
            String::new()
        } else {
            format!("; ask {}", owners.join(", "))
        };
        let mut diagnostic = Diagnostic::warning(
            "review/overdue",
            &d.source,
            format!(
                "review overdue by {} days: last reviewed {} ({on}), due every {} days{ask}",
                today.days() - due.days(),
                last.date,
                review.every,
            ),
        )
        .with_help(format!(
            "review it, then `sadoc review mark {}` (or a commit trailer `Docs-Reviewed: {}`)",
            d.source, d.source
        ));
        if let Some(line) = d.front.key_lines.get("last_reviewed") {
            diagnostic = diagnostic.at_line(*line);
        }
        out.push(diagnostic);
    }
    out
}
