//! Which documents are due for review: each document's interval (its front matter's
//! `review:`, else its folder's in `sadoc.yml`, else `review.every`), its last review (the
//! latest of its `last_reviewed:`, a `Docs-Reviewed:` trailer naming it, and the last commit
//! that changed its body) and what follows on a given day: overdue, due soon, or fine.
//!
//! The dates from git are found by [`crate::load::review_history`]; this module only weighs
//! them, so it reads like the rules it applies.

use serde::Serialize;

use crate::load::config::{Config, Every, by_folder};
use crate::model::Model;
use crate::util::date::Date;

/// What the last review of a document rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Basis {
    /// Its front matter's `last_reviewed:`.
    FrontMatter,
    /// A commit's `Docs-Reviewed:` trailer naming it.
    Trailer {
        /// The commit's short id.
        commit: String,
    },
    /// A commit that changed its body (an edit is a review).
    Edit {
        /// The commit's short id.
        commit: String,
    },
    /// It is not committed yet: written today.
    Uncommitted,
}

/// A document's last review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastReview {
    /// When.
    pub date: Date,
    /// On what it rests.
    pub basis: Basis,
}

/// Where a document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Past its due date.
    Overdue,
    /// Due within the configured window.
    Due,
    /// Reviewed recently enough.
    Current,
    /// No review is known (a shallow clone, outside a repository).
    Unknown,
}

impl State {
    /// The word reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Overdue => "overdue",
            State::Due => "due",
            State::Current => "current",
            State::Unknown => "unknown",
        }
    }
}

/// One document under review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocReview {
    /// Index into [`Model::docs`].
    pub doc: usize,
    /// Days between reviews.
    pub every: u32,
    /// Its last review, when one is known.
    pub last: Option<LastReview>,
    /// When the next review is due.
    pub due: Option<Date>,
    /// Where it stands on the day assessed.
    pub state: State,
}

/// Every document with a review interval, as of one day.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reviews {
    /// In document order.
    pub docs: Vec<DocReview>,
    /// The day the states are for.
    pub today: Option<Date>,
    /// Days before its date that a review counts as due.
    pub due_within: u32,
    /// Documents whose `review:` or `last_reviewed:` cannot be read: (doc, message).
    pub problems: Vec<(usize, String)>,
}

impl Reviews {
    /// The review of document `doc`, when it has an interval.
    pub fn of(&self, doc: usize) -> Option<&DocReview> {
        self.docs
            .binary_search_by_key(&doc, |r| r.doc)
            .ok()
            .map(|i| &self.docs[i])
    }
}

/// The interval of document `doc`: its front matter's `review:`, else its folder's, else the
/// project's. `Err` names a front matter value that is not an interval.
pub fn interval(model: &Model, config: &Config, doc: usize) -> Result<Option<u32>, String> {
    let d = &model.docs[doc];
    if let Some(text) = &d.front.review {
        return Every::parse(text).map(Every::days);
    }
    let every = by_folder(&config.review.folders, &d.source)
        .copied()
        .or(config.review.every);
    Ok(every.and_then(Every::days))
}

/// The reviews of every document with an interval, on `today`; `from_git(doc)` is its last
/// review according to the repository (trailer or edit), `None` when unknown.
pub fn assess(
    model: &Model,
    config: &Config,
    today: Date,
    from_git: &dyn Fn(usize) -> Option<LastReview>,
) -> Reviews {
    let mut reviews = Reviews {
        today: Some(today),
        due_within: config.review.due_within_days(),
        ..Reviews::default()
    };
    for doc in 0..model.docs.len() {
        let every = match interval(model, config, doc) {
            Ok(Some(every)) => every,
            Ok(None) => continue,
            Err(message) => {
                reviews.problems.push((doc, message));
                continue;
            }
        };
        let stated = match model.docs[doc].front.last_reviewed.as_deref() {
            Some(text) => match crate::load::adr_fields::parse_date(text, config.adr.date_order) {
                Some(date) => Some(LastReview {
                    date,
                    basis: Basis::FrontMatter,
                }),
                None => {
                    reviews.problems.push((
                        doc,
                        format!("`last_reviewed: {text}` is not a date: write it as YYYY-MM-DD"),
                    ));
                    None
                }
            },
            None => None,
        };
        let last = [stated, from_git(doc)]
            .into_iter()
            .flatten()
            .max_by_key(|l| l.date);
        let due = last
            .as_ref()
            .and_then(|l| l.date.plus_days(i64::from(every)));
        let state = match due {
            None => State::Unknown,
            Some(due) if due < today => State::Overdue,
            Some(due) if due.days() - today.days() <= i64::from(reviews.due_within) => State::Due,
            Some(_) => State::Current,
        };
        reviews.docs.push(DocReview {
            doc,
            every,
            last,
            due,
            state,
        });
    }
    reviews
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn model(docs: &[(&str, &str)]) -> Model {
        let layout = config("title: T\n").layout();
        let options = crate::load::adr_metadata::Options {
            statuses: &Default::default(),
            date_order: Default::default(),
        };
        let docs = docs
            .iter()
            .map(|(source, text)| {
                let (doc, adr, _) = crate::load::parse_text(&layout, source, text, false, options);
                (doc, adr)
            })
            .collect();
        Model::new(docs, Default::default(), Default::default())
    }

    fn config(yaml: &str) -> Config {
        Config::parse(yaml, "sadoc.yml").unwrap()
    }

    #[test]
    fn the_latest_of_front_matter_and_git_counts_and_the_interval_follows_the_document() {
        let m = model(&[
            ("docs/a.md", "---\nlast_reviewed: 2025-01-01\n---\n# A\n"),
            ("docs/runbooks/b.md", "# B\n"),
            ("docs/c.md", "---\nreview: 10d\n---\n# C\n"),
            ("docs/d.md", "---\nreview: never\n---\n# D\n"),
            (
                "docs/e.md",
                "---\nreview: { every: 1y }\nlast_reviewed: soon\n---\n# E\n",
            ),
        ]);
        let c = config("title: T\nreview: { every: 180d, folders: { docs/runbooks: 90d } }\n");
        let today = date(2025, 6, 1);
        let at = |source: &str| m.doc_index(source).unwrap();
        let a_doc = at("docs/a.md");
        let edited = |doc: usize| {
            (doc != a_doc).then(|| LastReview {
                date: date(2025, 5, 1),
                basis: Basis::Edit {
                    commit: "abc".into(),
                },
            })
        };
        let r = assess(&m, &c, today, &edited);
        let a = r.of(at("docs/a.md")).unwrap();
        assert_eq!(
            (a.every, a.due, a.state),
            (180, Some(date(2025, 6, 30)), State::Due)
        );
        let b = r.of(at("docs/runbooks/b.md")).unwrap();
        assert_eq!((b.every, b.state), (90, State::Current));
        let c_ = r.of(at("docs/c.md")).unwrap();
        assert_eq!(
            (c_.due, c_.state),
            (Some(date(2025, 5, 11)), State::Overdue)
        );
        assert!(r.of(at("docs/d.md")).is_none(), "review: never");
        assert_eq!(r.of(at("docs/e.md")).unwrap().every, 365);
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert!(
            r.problems[0]
                .1
                .contains("`last_reviewed: soon` is not a date")
        );
        let none = assess(&m, &c, today, &|_| None);
        assert_eq!(none.of(at("docs/c.md")).unwrap().state, State::Unknown);
    }
}
