//! What the Review page and each reviewed page show: documents due and overdue, grouped by
//! owner, and "reviewed N days ago" on the page itself. The build's day decides the states
//! written into the HTML; `sadoc.js` counts the days again in the reader's browser from the
//! dates, so a page built months ago does not claim a review is current.

use serde::Serialize;

use super::tree::Tree;
use crate::model::Model;
use crate::model::review::{Basis, DocReview, Reviews, State};

/// A document's review, as its page and the Review page show it.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewInfo {
    /// `overdue`, `due`, `current` or `unknown` on the build's day.
    pub state: &'static str,
    /// Days between reviews.
    pub every: u32,
    /// The last review's date (`YYYY-MM-DD`), what it rests on and how many days before the
    /// build's day it was.
    pub last: Option<String>,
    pub basis: &'static str,
    pub commit: Option<String>,
    pub days_ago: Option<i64>,
    /// The next review's date and how many days after the build's day it is (negative when
    /// overdue).
    pub due: Option<String>,
    pub days_left: Option<i64>,
    /// How many days overdue it is (the magnitude of a negative `days_left`).
    pub overdue_by: Option<i64>,
    /// Days before its date that a review counts as due.
    pub due_within: u32,
}

/// One row of the Review page.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewRow<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub source: &'a str,
    pub review: ReviewInfo,
}

/// The documents of one owner (or of none).
#[derive(Debug, Clone, Serialize)]
pub struct OwnerGroup<'a> {
    /// The owner, `None` for documents nobody owns.
    pub owner: Option<String>,
    /// Most urgent first.
    pub docs: Vec<ReviewRow<'a>>,
    pub overdue: usize,
    pub due: usize,
}

/// The Review page.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewPage<'a> {
    /// The build's day.
    pub today: Option<String>,
    pub due_within: u32,
    pub overdue: usize,
    pub due: usize,
    pub total: usize,
    pub groups: Vec<OwnerGroup<'a>>,
}

/// What a page shows of its document's review.
pub fn info(reviews: &Reviews, review: &DocReview) -> ReviewInfo {
    let today = reviews.today.map(|d| d.days());
    let (basis, commit) = match review.last.as_ref().map(|l| &l.basis) {
        Some(Basis::FrontMatter) => ("last_reviewed", None),
        Some(Basis::Trailer { commit }) => ("trailer", Some(commit.clone())),
        Some(Basis::Edit { commit }) => ("edit", Some(commit.clone())),
        Some(Basis::Uncommitted) => ("uncommitted", None),
        None => ("", None),
    };
    ReviewInfo {
        state: review.state.as_str(),
        every: review.every,
        last: review.last.as_ref().map(|l| l.date.to_string()),
        basis,
        commit,
        days_ago: review
            .last
            .as_ref()
            .zip(today)
            .map(|(l, t)| t - l.date.days()),
        due: review.due.map(|d| d.to_string()),
        days_left: review.due.zip(today).map(|(d, t)| d.days() - t),
        overdue_by: review
            .due
            .zip(today)
            .map(|(d, t)| t - d.days())
            .filter(|n| *n > 0),
        due_within: reviews.due_within,
    }
}

/// The Review page: every document under review by owner, overdue first.
pub fn page<'a>(model: &'a Model, tree: &'a Tree, reviews: &Reviews) -> ReviewPage<'a> {
    let mut groups: Vec<OwnerGroup<'a>> = Vec::new();
    for review in &reviews.docs {
        let Some(entry) = tree.entry_of_doc(review.doc).map(|e| &tree.entries[e]) else {
            continue;
        };
        let row = ReviewRow {
            title: &entry.title,
            url: &entry.page.url,
            source: &model.docs[review.doc].source,
            review: info(reviews, review),
        };
        let owners = model.owners_of_doc(review.doc);
        let owners: Vec<Option<String>> = if owners.is_empty() {
            vec![None]
        } else {
            owners.into_iter().map(Some).collect()
        };
        for owner in owners {
            let at = match groups.iter().position(|g| g.owner == owner) {
                Some(i) => i,
                None => {
                    groups.push(OwnerGroup {
                        owner,
                        docs: Vec::new(),
                        overdue: 0,
                        due: 0,
                    });
                    groups.len() - 1
                }
            };
            let group = &mut groups[at];
            match review.state {
                State::Overdue => group.overdue += 1,
                State::Due => group.due += 1,
                _ => {}
            }
            group.docs.push(row.clone());
        }
    }
    let urgency =
        |r: &ReviewRow<'_>| (rank(r.review.state), r.review.days_left.unwrap_or(i64::MAX));
    for group in &mut groups {
        group.docs.sort_by_key(urgency);
    }
    // Owners with the most overdue first; nobody's documents last.
    groups.sort_by(|a, b| {
        (a.owner.is_none(), b.overdue, b.due, &a.owner).cmp(&(
            b.owner.is_none(),
            a.overdue,
            a.due,
            &b.owner,
        ))
    });
    let count = |s: State| reviews.docs.iter().filter(|r| r.state == s).count();
    ReviewPage {
        today: reviews.today.map(|d| d.to_string()),
        due_within: reviews.due_within,
        overdue: count(State::Overdue),
        due: count(State::Due),
        total: reviews.docs.len(),
        groups,
    }
}

fn rank(state: &str) -> u8 {
    match state {
        "overdue" => 0,
        "due" => 1,
        "unknown" => 2,
        _ => 3,
    }
}
