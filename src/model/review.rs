//! Which documents are due for review: each document's interval (its front matter's
//! `review:`, else its folder's in `sadoc.yml`, else `review.every`), its last review (the
//! latest of its `last_reviewed:`, a `Docs-Reviewed:` trailer naming it, and the last commit
//! that changed its body) and what follows on a given day: overdue, due soon, or fine.
//!
//! The dates from git are found by `load::review_history`; this module only weighs
//! them, so it reads like the rules it applies.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::Model;
use crate::util::date::Date;
use crate::util::paths::by_folder;

/// How often a document is reviewed: a number of days, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum Every {
    /// Every this many days.
    Days(u32),
    /// No review is due (`never`, `off`, `false`).
    Never,
}

impl Every {
    /// Reads `180d`, `26w`, `6m` (30-day months), `1y` (365 days), a bare number of days, or
    /// `never`/`off`.
    pub fn parse(text: &str) -> Result<Every, String> {
        let t = text.trim().to_ascii_lowercase();
        if matches!(t.as_str(), "never" | "off" | "false" | "no") {
            return Ok(Every::Never);
        }
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (number, unit) = t.split_at(split);
        let number: u32 = number.parse().map_err(|_| {
            format!("`{text}` is not an interval: write it as `180d`, `26w`, `6m` or `1y`")
        })?;
        let days = match unit.trim() {
            "" | "d" | "day" | "days" => number,
            "w" | "week" | "weeks" => number * 7,
            "m" | "mo" | "month" | "months" => number * 30,
            "y" | "year" | "years" => number * 365,
            other => {
                return Err(format!(
                    "`{other}` in `{text}` is not a unit: use d (days), w (weeks), m (months) or y (years)"
                ));
            }
        };
        if days == 0 {
            return Err(format!(
                "`{text}` is no time at all: write `never` to turn review off"
            ));
        }
        Ok(Every::Days(days))
    }

    /// The days between reviews, unless never.
    pub fn days(self) -> Option<u32> {
        match self {
            Every::Days(d) => Some(d),
            Every::Never => None,
        }
    }
}

impl fmt::Display for Every {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Every::Days(d) => write!(f, "{d}d"),
            Every::Never => f.write_str("never"),
        }
    }
}

impl From<Every> for String {
    fn from(every: Every) -> String {
        every.to_string()
    }
}

impl<'de> Deserialize<'de> for Every {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Every, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Days(u32),
            Switch(bool),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Days(0) | Raw::Switch(false) => Ok(Every::Never),
            Raw::Days(n) => Ok(Every::Days(n)),
            Raw::Switch(true) => Err(serde::de::Error::custom(
                "`true` says no interval: write one such as `180d`",
            )),
            Raw::Text(text) => Every::parse(&text).map_err(serde::de::Error::custom),
        }
    }
}

/// `review:` of `sadoc.yml`: how often documents are reviewed, for the whole project and
/// per folder.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewConfig {
    /// How often every document is reviewed (none by default).
    pub every: Option<Every>,
    /// Per folder (project paths; the longest that holds a document wins): `docs/runbooks: 90d`.
    pub folders: BTreeMap<String, Every>,
    /// How long before its date a review counts as due (default 30 days).
    pub due_within: Option<Every>,
}

impl ReviewConfig {
    /// Whether any document has an interval from `sadoc.yml`.
    pub fn is_set(&self) -> bool {
        self.every.is_some_and(|e| e != Every::Never)
            || self.folders.values().any(|e| *e != Every::Never)
    }

    /// Days before the due date from which a review is due.
    pub fn due_within_days(&self) -> u32 {
        self.due_within.and_then(Every::days).unwrap_or(30)
    }
}

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
pub fn interval(model: &Model, policy: &ReviewConfig, doc: usize) -> Result<Option<u32>, String> {
    let d = &model.docs[doc];
    if let Some(text) = &d.front.review {
        return Every::parse(text).map(Every::days);
    }
    let every = by_folder(&policy.folders, &d.source)
        .copied()
        .or(policy.every);
    Ok(every.and_then(Every::days))
}

/// The reviews of every document with an interval, on `today`; `from_git(doc)` is its last
/// review according to the repository (trailer or edit), `None` when unknown.
pub fn assess(
    model: &Model,
    policy: &ReviewConfig,
    today: Date,
    from_git: &dyn Fn(usize) -> Option<LastReview>,
) -> Reviews {
    let mut reviews = Reviews {
        today: Some(today),
        due_within: policy.due_within_days(),
        ..Reviews::default()
    };
    for doc in 0..model.docs.len() {
        let every = match interval(model, policy, doc) {
            Ok(Some(every)) => every,
            Ok(None) => continue,
            Err(message) => {
                reviews.problems.push((doc, message));
                continue;
            }
        };
        let stated = match model.docs[doc].front.last_reviewed.as_deref() {
            Some(text) => match Date::parse_iso(text) {
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

    #[test]
    fn intervals_read_as_people_write_them() {
        assert_eq!(Every::parse("180d"), Ok(Every::Days(180)));
        assert_eq!(Every::parse("26w"), Ok(Every::Days(182)));
        assert_eq!(Every::parse("6m"), Ok(Every::Days(180)));
        assert_eq!(Every::parse("1y"), Ok(Every::Days(365)));
        assert_eq!(Every::parse("90 days"), Ok(Every::Days(90)));
        assert_eq!(Every::parse("never"), Ok(Every::Never));
        assert!(Every::parse("0d").unwrap_err().contains("never"));
        assert!(
            Every::parse("6 fortnights")
                .unwrap_err()
                .contains("not a unit")
        );
        assert!(Every::parse("soon").unwrap_err().contains("180d"));
        let yaml: ReviewConfig = serde_saphyr::from_str(
            "every: 180d\nfolders: { docs/runbooks: 90, docs/adr/: never }\n",
        )
        .unwrap();
        assert_eq!(yaml.every, Some(Every::Days(180)));
        assert_eq!(yaml.folders["docs/runbooks"], Every::Days(90));
        assert_eq!(yaml.folders["docs/adr/"], Every::Never);
    }

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    /// Documents with these `review:` and `last_reviewed:` front matter values.
    fn model(docs: &[(&str, Option<&str>, Option<&str>)]) -> Model {
        let docs = docs
            .iter()
            .map(|(source, review, last)| {
                let doc = crate::model::Doc {
                    source: source.to_string(),
                    page: crate::model::layout::SitePage {
                        file: String::new(),
                        url: String::new(),
                    },
                    is_index: false,
                    section: crate::model::Section::Docs,
                    kind: crate::model::DocKind::Page,
                    front: crate::model::FrontMatter {
                        review: review.map(str::to_string),
                        last_reviewed: last.map(str::to_string),
                        ..Default::default()
                    },
                    body: String::new(),
                    body_line: 1,
                };
                (doc, None)
            })
            .collect();
        Model::new(docs, Default::default(), Default::default())
    }

    #[test]
    fn the_latest_of_front_matter_and_git_counts_and_the_interval_follows_the_document() {
        let m = model(&[
            ("docs/a.md", None, Some("2025-01-01")),
            ("docs/runbooks/b.md", None, None),
            ("docs/c.md", Some("10d"), None),
            ("docs/d.md", Some("never"), None),
            ("docs/e.md", Some("1y"), Some("soon")),
        ]);
        let c: ReviewConfig =
            serde_saphyr::from_str("every: 180d\nfolders: { docs/runbooks: 90d }\n").unwrap();
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
