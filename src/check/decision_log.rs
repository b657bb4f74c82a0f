//! Findings about the decision log as a whole: numbering (duplicates, gaps) and relations
//! (links to unknown ADRs, one-way and contradictory links, supersede cycles, statuses that
//! disagree with the relations).
//!
//! Per-file problems (unreadable status or date, heading number) are found while loading.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::Model;
use crate::model::decision::{Adr, RelationKind, Status};
use crate::util::diag::{Diagnostic, Severity};

/// When proposals are due a decision: after `after_days` days, counted to `today`.
#[derive(Debug, Clone, Copy)]
pub struct Review {
    /// `adr.review_after`.
    pub after_days: u32,
    /// The day the check runs.
    pub today: crate::util::date::Date,
}

/// Checks the ADRs of `model`. `digits` is the configured number width, for labels; `review`
/// when proposals are due a decision (`adr.review_after`).
pub fn check(model: &Model, digits: usize, review: Option<Review>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    numbering(model, digits, &mut out);
    relations(model, &mut out);
    if let Some(review) = review {
        waiting(model, review, &mut out);
    }
    out
}

/// Proposals older than `adr.review_after` days: they await a decision.
fn waiting(model: &Model, review: Review, out: &mut Vec<Diagnostic>) {
    for adr in &model.adrs.adrs {
        let Some(date) = adr.date.filter(|_| adr.status == Status::Proposed) else {
            continue;
        };
        let age = review.today.days() - date.days();
        if age <= i64::from(review.after_days) {
            continue;
        }
        out.push(
            Diagnostic::warning(
                "adr/awaits-decision",
                source(model, adr),
                format!(
                    "{} has been proposed for {age} days (since {date}; `adr.review_after` is {})",
                    label(adr),
                    review.after_days
                ),
            )
            .at_line(adr.status_line.unwrap_or(1))
            .with_help(format!(
                "decide it: `sadoc adr status {} accepted` or `rejected`",
                short(adr)
            )),
        );
    }
}

/// The review rule of a configuration, counted to today.
pub fn review(config: &crate::load::config::Config) -> Option<Review> {
    config.adr.review_after.map(|after_days| Review {
        after_days,
        today: crate::util::date::Date::today(),
    })
}

fn source<'m>(model: &'m Model, adr: &Adr) -> &'m str {
    &model.docs[adr.doc].source
}

fn label(adr: &Adr) -> String {
    adr.id.label()
}

fn numbering(model: &Model, digits: usize, out: &mut Vec<Diagnostic>) {
    let adrs = &model.adrs.adrs;
    let mut by_number: BTreeMap<u32, Vec<&Adr>> = BTreeMap::new();
    for adr in adrs {
        if let Some(n) = adr.id.number {
            by_number.entry(n).or_default().push(adr);
        }
    }
    let next_free = by_number.keys().next_back().map_or(1, |n| n + 1);
    for (number, same) in &by_number {
        if same.len() < 2 {
            continue;
        }
        let files: Vec<&str> = same.iter().map(|a| source(model, a)).collect();
        for adr in same {
            out.push(
                Diagnostic::warning(
                    "adr/duplicate-number",
                    source(model, adr),
                    format!("ADR number {number} is used by {} files: `{}`", same.len(), files.join("`, `")),
                )
                .with_help(format!(
                    "keep the number on the record that was merged first and renumber the other ones (the next free number is {next_free:0digits$}); numbers are never reused"
                )),
            );
        }
    }
    let numbers: Vec<u32> = by_number.keys().copied().collect();
    for pair in numbers.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b > a + 1 {
            let missing = if b == a + 2 {
                format!("{:0digits$} is", a + 1)
            } else {
                format!("{:0digits$}–{:0digits$} are", a + 1, b - 1)
            };
            let after = by_number[&b][0];
            out.push(Diagnostic::new(
                Severity::Info,
                "adr/gap",
                source(model, after),
                format!(
                    "ADR number {missing} missing before this record (deleted, or never merged?)"
                ),
            ));
        }
    }
}

fn relations(model: &Model, out: &mut Vec<Diagnostic>) {
    let adrs = &model.adrs.adrs;
    for unresolved in &model.adrs.unresolved {
        let from = &adrs[unresolved.from];
        let relation = &unresolved.relation;
        let target = relation
            .path
            .clone()
            .unwrap_or_else(|| relation.text.clone());
        out.push(
            Diagnostic::warning(
                "adr/unknown-target",
                source(model, from),
                format!(
                    "`{} {target}` names no ADR of this project",
                    relation.kind.label()
                ),
            )
            .at_line(relation.line)
            .with_help("link to an existing ADR file, or write its number as ADR-NNNN"),
        );
    }
    for (i, adr) in adrs.iter().enumerate() {
        for relation in adr.relations.iter().filter(|r| r.stated) {
            let other = &adrs[relation.target];
            let Some(reverse) = relation.kind.reverse() else {
                continue;
            };
            // A proposed (or rejected) successor is not yet (or never) in force: the record it
            // would supersede rightly does not say so.
            if relation.kind == RelationKind::Supersedes && !model.adrs.supersedes_in_force(i) {
                continue;
            }
            let back: Vec<&RelationKind> = other
                .relations
                .iter()
                .filter(|r| r.target == i && r.stated)
                .map(|r| &r.kind)
                .collect();
            let line = relation.line.unwrap_or(1);
            if back.contains(&&reverse) {
                continue;
            }
            let (this, that) = (label(adr), label(other));
            let verb = relation.kind.phrase();
            let d = if let Some(conflict) = back.iter().find(|k| k.reverse().is_some()) {
                Diagnostic::warning(
                    "adr/contradictory-link",
                    source(model, adr),
                    format!(
                        "{this} says it {verb} {that}, but {that} says it {} {this}",
                        conflict.phrase()
                    ),
                )
                .with_help("make the two records agree")
            } else {
                Diagnostic::warning(
                    "adr/one-way-link",
                    source(model, adr),
                    format!(
                        "{this} says it {verb} {that}, but {that} does not say it {} {this}",
                        reverse.phrase()
                    ),
                )
                .with_help(format!(
                    "add `{} {this}` to {that} (`sadoc adr link {} \"{}\" {}` writes both sides)",
                    reverse.label(),
                    short(adr),
                    relation.kind.label(),
                    short(other)
                ))
            };
            out.push(d.at_line(line));
        }
        status_agrees(model, adr, out);
    }
    cycles(model, out);
}

/// How `sadoc adr` commands refer to an ADR: its number, or its slug.
fn short(adr: &Adr) -> String {
    adr.id
        .number
        .map_or_else(|| adr.id.slug.clone(), |n| n.to_string())
}

fn status_agrees(model: &Model, adr: &Adr, out: &mut Vec<Diagnostic>) {
    let adrs = &model.adrs.adrs;
    // Only successors in force: a proposed one leaves this record's status as it is.
    let replaced_by: Vec<String> = adr
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::SupersededBy)
        .filter(|r| r.stated || model.adrs.supersedes_in_force(r.target))
        .map(|r| label(&adrs[r.target]))
        .collect();
    // A successor accepted by an edit that did not mark this record.
    let implied = adr
        .relations
        .iter()
        .find(|r| {
            r.kind == RelationKind::SupersededBy
                && !r.stated
                && model.adrs.supersedes_in_force(r.target)
        })
        .map(|r| &adrs[r.target]);
    let line = adr.status_line.unwrap_or(1);
    let this = label(adr);
    if !replaced_by.is_empty() && matches!(adr.status, Status::Accepted | Status::Proposed) {
        out.push(
            Diagnostic::warning(
                "adr/status-disagrees",
                source(model, adr),
                format!(
                    "{this} is superseded by {} but its status is {}",
                    replaced_by.join(", "),
                    adr.status_text.as_deref().unwrap_or(adr.status.as_str())
                ),
            )
            .at_line(line)
            .with_help(match implied {
                // Accepting the successor again marks this one, with the link.
                Some(by) => format!(
                    "`sadoc adr status {} accepted` marks it superseded by {}",
                    short(by),
                    label(by)
                ),
                None => format!(
                    "set its status to superseded (`sadoc adr status {} superseded`)",
                    short(adr)
                ),
            }),
        );
    }
    if replaced_by.is_empty() && adr.status == Status::Superseded {
        out.push(
            Diagnostic::new(
                Severity::Info,
                "adr/superseded-by-whom",
                source(model, adr),
                format!("{this} is superseded, but no record says by which"),
            )
            .at_line(line),
        );
    }
}

/// Supersede chains that loop back on themselves.
fn cycles(model: &Model, out: &mut Vec<Diagnostic>) {
    let adrs = &model.adrs.adrs;
    let next: Vec<Vec<usize>> = adrs
        .iter()
        .map(|a| {
            a.relations
                .iter()
                .filter(|r| r.kind == RelationKind::SupersededBy)
                .map(|r| r.target)
                .collect()
        })
        .collect();
    let mut reported: BTreeSet<Vec<usize>> = BTreeSet::new();
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; adrs.len()];
    let mut path: Vec<usize> = Vec::new();
    fn visit(
        i: usize,
        next: &[Vec<usize>],
        state: &mut [u8],
        path: &mut Vec<usize>,
        found: &mut Vec<Vec<usize>>,
    ) {
        state[i] = 1;
        path.push(i);
        for &j in &next[i] {
            if state[j] == 1 {
                let start = path.iter().position(|&p| p == j).unwrap_or(0);
                found.push(path[start..].to_vec());
            } else if state[j] == 0 {
                visit(j, next, state, path, found);
            }
        }
        path.pop();
        state[i] = 2;
    }
    let mut found = Vec::new();
    for i in 0..adrs.len() {
        if state[i] == 0 {
            visit(i, &next, &mut state, &mut path, &mut found);
        }
    }
    for cycle in found {
        let mut key = cycle.clone();
        key.sort_unstable();
        if !reported.insert(key) {
            continue;
        }
        let first = &adrs[cycle[0]];
        let names: Vec<String> = cycle
            .iter()
            .chain(std::iter::once(&cycle[0]))
            .map(|&i| label(&adrs[i]))
            .collect();
        out.push(
            Diagnostic::warning(
                "adr/supersede-cycle",
                source(model, first),
                format!("supersede cycle: {}", names.join(" → superseded by → ")),
            )
            .with_help("a decision cannot be replaced by one it replaced; fix the links"),
        );
    }
}
