//! Drift: code that changed in a merge request while none of the documents governing it did.
//!
//! For each changed file that some document governs (by its `governs:` patterns, its view
//! elements', or `sadoc.yml`'s), if none of those documents changed in the same range, the file
//! is a finding that names the documents to update, most specific pattern first. Deleting or
//! renaming a governed file weighs more than editing it; an accepted ADR is to be reviewed and,
//! if the decision changed, superseded. Every opt-out is reported when it is used: the merge
//! request's skip label, `Docs-Not-Needed:` and `Docs-Reviewed:` commit trailers, a document's
//! `drift: off`, and `check.ignore`.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::finding::{Check, DocumentRef, Finding};
use crate::load::config::Config;
use crate::load::git::{Change, ChangeKind, Commit, trailers};
use crate::model::Model;
use crate::model::decision::Status;
use crate::model::governance::{Drift, Origin};
use crate::util::diag::{Diagnostic, Severity};
use crate::util::glob::CodeGlob;

/// What drift needs besides the model.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    /// The changed files, project-relative.
    pub changes: &'a [Change],
    /// The commits of the range (for trailers).
    pub commits: &'a [Commit],
    /// In a workspace, this member's name and its folder from the workspace root: trailers
    /// name its documents as `name:ADR-0001` or by their path from the workspace root.
    pub member: Option<(&'a str, &'a str)>,
    /// The merge request's labels.
    pub labels: &'a [String],
    /// `sadoc.yml`'s `governs:` table at the base commit, when `sadoc.yml` changed in the
    /// range: a document whose entry changed counts as updated.
    pub base_governs: Option<&'a BTreeMap<String, Vec<String>>>,
    /// Each document's first `# heading`, aligned with the model's documents (for titles).
    pub h1s: &'a [Option<&'a str>],
    /// The parts of code files the documents show as snippets: each governs exactly its lines.
    pub snippets: &'a [SnippetUse],
    /// Each document's headings (id, level, 1-based file line), aligned with the model's
    /// documents: a section's `governs` is satisfied only by a change inside that section.
    pub sections: &'a [Vec<(String, u8, u32)>],
}

/// A part of a code file a document shows (`--8<-- "src/app.py:main"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetUse {
    /// The document (index into the model's documents).
    pub doc: usize,
    /// The file (a project path).
    pub path: String,
    /// The lines shown, 1-based and inclusive, as the file is at the head of the range.
    pub spans: Vec<(u32, u32)>,
    /// The snippet as written.
    pub spec: String,
}

impl SnippetUse {
    /// Where `change` touches the lines shown: the first changed line inside them (`Some(1)`
    /// when the file was deleted or moved away), `None` when it changed elsewhere.
    fn touched_by(&self, change: &Change) -> Option<u32> {
        if change.kind == ChangeKind::Deleted
            || (change.kind == ChangeKind::Renamed
                && change.old_path.as_deref() == Some(self.path.as_str()))
        {
            return Some(1);
        }
        if change.path != self.path {
            return None;
        }
        change.hunks.iter().find_map(|&(start, count)| {
            self.spans
                .iter()
                .find(|&&(a, b)| {
                    if count == 0 {
                        // Lines removed between `start` and `start + 1`.
                        a <= start + 1 && start <= b
                    } else {
                        start <= b && start + count > a
                    }
                })
                .map(|&(a, _)| start.max(a))
        })
    }
}

/// Drift findings and the opt-outs that were used.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Findings, one per changed file.
    pub findings: Vec<Finding>,
    /// What was skipped and why, one sentence each.
    pub notices: Vec<String>,
    /// Whether the check ran (an opt-out for the whole range skips it).
    pub checked: bool,
}

/// The drift policy of a document (`drift:` front matter).
pub fn policy(model: &Model, doc: usize) -> Drift {
    model.docs[doc]
        .front
        .drift
        .as_deref()
        .and_then(Drift::parse)
        .unwrap_or_default()
}

/// Finds drift.
pub fn check(model: &Model, config: &Config, input: &Input<'_>) -> Outcome {
    let mut out = Outcome::default();
    if let Some(why) = opted_out(config, input) {
        out.notices.push(why);
        return out;
    }
    out.checked = true;
    let reviewed = reviewed(model, config, input, &mut out.notices);
    let ignore: Vec<CodeGlob> = config
        .check
        .ignore
        .iter()
        .filter_map(|p| CodeGlob::in_repo(p, &model.governance.prefix).ok())
        .collect();
    let changed_docs: HashSet<usize> = input
        .changes
        .iter()
        .flat_map(|c| std::iter::once(c.path.as_str()).chain(c.old_path.as_deref()))
        .filter_map(|p| model.doc_index(p))
        .collect();
    // A snippet governs its file's shown lines: a rule naming the file, for the finding.
    let snippet_rules: Vec<Option<crate::model::governance::Rule>> = input
        .snippets
        .iter()
        .map(|s| {
            let repo_path = crate::util::paths::to_repo(&model.governance.prefix, &s.path);
            CodeGlob::in_repo(&format!("/{repo_path}"), &model.governance.prefix)
                .ok()
                .map(|mut glob| {
                    glob.pattern = format!("--8<-- \"{}\"", s.spec);
                    crate::model::governance::Rule {
                        doc: s.doc,
                        glob: std::sync::Arc::new(glob),
                        origin: Origin::Document,
                    }
                })
        })
        .collect();
    let mut ignored = 0;
    let mut switched_off: BTreeSet<String> = BTreeSet::new();
    for change in input.changes {
        let paths: Vec<&str> = std::iter::once(change.path.as_str())
            .chain(change.old_path.as_deref())
            .collect();
        if paths.iter().any(|p| model.doc_index(p).is_some()) {
            continue;
        }
        if paths.iter().any(|p| ignore.iter().any(|g| g.is_match(p))) {
            ignored += 1;
            continue;
        }
        let mut governors: Vec<(usize, &crate::model::governance::Rule)> = Vec::new();
        for path in &paths {
            for rule in model.governance.governing(path) {
                if !governors.iter().any(|(d, _)| *d == rule.doc) {
                    governors.push((rule.doc, rule));
                }
            }
        }
        let mut at_line = None;
        for (snippet, rule) in input.snippets.iter().zip(&snippet_rules) {
            let Some(rule) = rule else { continue };
            if !paths.contains(&snippet.path.as_str()) {
                continue;
            }
            if let Some(line) = snippet.touched_by(change)
                && !governors.iter().any(|(d, _)| *d == snippet.doc)
            {
                governors.push((snippet.doc, rule));
                at_line = at_line.or(Some(line));
            }
        }
        governors.sort_by_key(|(_, rule)| std::cmp::Reverse(rule.glob.specificity()));
        let active: Vec<(usize, &crate::model::governance::Rule)> = governors
            .iter()
            .copied()
            .filter(|(doc, _)| {
                let off = policy(model, *doc) == Drift::Off;
                if off {
                    switched_off.insert(model.docs[*doc].source.clone());
                }
                !off
            })
            .collect();
        if active.is_empty() {
            continue;
        }
        if active.iter().any(|(doc, rule)| {
            reviewed.contains(doc) || (changed_docs.contains(doc) && updated(model, input, rule))
        }) {
            continue;
        }
        let mut found = finding(model, input, change, &active);
        if let Some(line) = at_line {
            // Where the shown lines changed, in the changed file.
            found.diagnostic.line = Some(line);
        }
        out.findings.push(found);
    }
    if ignored > 0 {
        out.notices.push(format!(
            "{ignored} changed file{} matched `check.ignore` and {} not checked",
            if ignored == 1 { "" } else { "s" },
            if ignored == 1 { "was" } else { "were" }
        ));
    }
    for doc in switched_off {
        out.notices.push(format!(
            "`{doc}` has `drift: off`; changes to the code it governs were not checked against it"
        ));
    }
    out
}

/// Whether the change to `rule`'s document updates what the rule belongs to: any change for
/// the document's own `governs`; a change inside the section for a section's; inside the
/// element's section (a heading named like it) or the front matter's `elements:` block for an
/// element's — any change when the element has no section of its own.
fn updated(model: &Model, input: &Input<'_>, rule: &crate::model::governance::Rule) -> bool {
    let doc = &model.docs[rule.doc];
    let Some(change) = input
        .changes
        .iter()
        .find(|c| c.path == doc.source && c.kind == ChangeKind::Modified)
    else {
        // Added, renamed or deleted: the whole document changed.
        return true;
    };
    let sections = input.sections.get(rule.doc).map_or(&[][..], Vec::as_slice);
    let range = |id: &str| -> Option<(u32, u32)> {
        let at = sections.iter().position(|(s, _, _)| s == id)?;
        let (_, level, start) = &sections[at];
        let end = sections[at + 1..]
            .iter()
            .find(|(_, l, _)| l <= level)
            .map_or(u32::MAX, |(_, _, line)| line.saturating_sub(1));
        Some((*start, end))
    };
    let touches = |(a, b): (u32, u32)| {
        change.hunks.iter().any(|&(start, count)| {
            if count == 0 {
                a <= start + 1 && start <= b
            } else {
                start <= b && start + count > a
            }
        })
    };
    match &rule.origin {
        crate::model::governance::Origin::Section(id) => range(id).is_none_or(touches),
        crate::model::governance::Origin::Element(id) => {
            let element = doc
                .front
                .elements
                .iter()
                .find(|e| e.id.as_deref() == Some(id) || e.name.as_deref() == Some(id));
            let names = [Some(id.as_str()), element.and_then(|e| e.name.as_deref())];
            let own: Vec<(u32, u32)> = names
                .iter()
                .flatten()
                .filter_map(|n| range(&crate::util::slug::slugify(n)))
                .collect();
            if own.is_empty() {
                // No section of its own: the whole view describes it.
                return true;
            }
            let in_section = own.into_iter().any(touches);
            let block = doc.front.key_lines.get("elements").map(|&from| {
                let to = doc
                    .front
                    .key_lines
                    .values()
                    .filter(|&&l| l > from)
                    .min()
                    .map_or(doc.body_line.saturating_sub(1), |l| l - 1);
                (from, to)
            });
            in_section || block.is_some_and(touches)
        }
        _ => true,
    }
}

/// Why the whole drift check is skipped: the merge request's skip label, or a commit's
/// `Docs-Not-Needed:` trailer.
fn opted_out(config: &Config, input: &Input<'_>) -> Option<String> {
    let skip_label = config.check.skip_label.trim();
    if !skip_label.is_empty()
        && input
            .labels
            .iter()
            .any(|l| l.trim().eq_ignore_ascii_case(skip_label))
    {
        return Some(format!(
            "drift check skipped: the merge request has the label `{skip_label}`"
        ));
    }
    input.commits.iter().find_map(|commit| {
        trailers(&commit.message, "Docs-Not-Needed")
            .first()
            .map(|reason| {
                format!(
                    "drift check skipped: commit {} says `Docs-Not-Needed: {reason}`",
                    &commit.sha[..8.min(commit.sha.len())]
                )
            })
    })
}

/// A `Docs-Reviewed:` reference as this project names it: in a workspace, `name:ADR-0001` and
/// paths from the workspace root name a member's documents; `None` when it names another
/// member's (an unqualified `ADR-0001` names the ADR of that number in every member).
fn this_member<'r>(reference: &'r str, member: Option<(&str, &str)>) -> Option<&'r str> {
    let Some((name, dir)) = member else {
        return Some(reference);
    };
    if let Some((project, rest)) = reference.split_once(':') {
        return (project == name).then_some(rest);
    }
    if dir.is_empty() || !reference.contains('/') {
        return Some(reference);
    }
    reference
        .strip_prefix(dir)
        .and_then(|rest| rest.strip_prefix('/'))
}

/// The documents that count as updated without being changed: named by a commit's
/// `Docs-Reviewed:` trailer, or whose `governs:` entry in sadoc.yml changed. Each is noticed.
fn reviewed(
    model: &Model,
    config: &Config,
    input: &Input<'_>,
    notices: &mut Vec<String>,
) -> HashSet<usize> {
    let sources = model.adr_sources();
    let mut reviewed: HashSet<usize> = HashSet::new();
    for commit in input.commits {
        for value in trailers(&commit.message, "Docs-Reviewed") {
            for written in value
                .split([',', ' '])
                .map(str::trim)
                .filter(|r| !r.is_empty())
            {
                let Some(reference) = this_member(written, input.member) else {
                    // Another member's document: that member counts it.
                    continue;
                };
                let found: Vec<usize> = match model.doc_index(reference) {
                    Some(doc) => vec![doc],
                    None => model
                        .adrs
                        .find(reference, &sources)
                        .into_iter()
                        .map(|a| model.adrs.adrs[a].doc)
                        .collect(),
                };
                if found.is_empty() {
                    notices.push(format!(
                        "`Docs-Reviewed: {written}` (commit {}) names no document; ignored",
                        &commit.sha[..8.min(commit.sha.len())]
                    ));
                }
                for doc in found {
                    if reviewed.insert(doc) {
                        notices.push(format!(
                            "`{}` counts as updated: commit {} says `Docs-Reviewed: {written}`",
                            model.docs[doc].source,
                            &commit.sha[..8.min(commit.sha.len())]
                        ));
                    }
                }
            }
        }
    }
    if let Some(base) = input.base_governs {
        for (doc_glob, patterns) in &config.governs {
            if base.get(doc_glob) == Some(patterns) {
                continue;
            }
            let Ok(glob) = CodeGlob::new(doc_glob) else {
                continue;
            };
            for doc in (0..model.docs.len()).filter(|&d| glob.is_match(&model.docs[d].source)) {
                if reviewed.insert(doc) {
                    notices.push(format!(
                        "`{}` counts as updated: its `governs:` entry in sadoc.yml changed",
                        model.docs[doc].source
                    ));
                }
            }
        }
    }
    reviewed
}

/// Whom to ask about a change to `path` (from the repository root) and its documents `docs`:
/// the owners of the code (CODEOWNERS) and of each document (`owners:`, else CODEOWNERS), each
/// with what they own — `@data/ingest-team (owns services/ingest/** and docs/ingest.md)`.
fn whom_to_ask(model: &Model, path: &str, docs: &[usize]) -> Option<String> {
    let mut owners: Vec<(String, Vec<String>)> = Vec::new();
    let mut add = |owner: String, what: String| match owners.iter_mut().find(|(o, _)| *o == owner) {
        Some((_, things)) => {
            if !things.contains(&what) {
                things.push(what);
            }
        }
        None => owners.push((owner, vec![what])),
    };
    for (owner, pattern) in model.owners.owned(path) {
        // `*` says nothing about what they own here: the file itself does.
        let what = if pattern == "*" {
            path.to_string()
        } else {
            pattern.trim_start_matches('/').to_string()
        };
        add(owner, what);
    }
    for &doc in docs {
        let source = crate::util::paths::to_repo(&model.governance.prefix, &model.docs[doc].source);
        for owner in model.owners_of_doc(doc) {
            add(owner, source.clone());
        }
    }
    if owners.is_empty() {
        return None;
    }
    let listed: Vec<String> = owners
        .into_iter()
        .map(|(owner, things)| format!("{owner} (owns {})", things.join(" and ")))
        .collect();
    Some(listed.join(", "))
}

fn finding(
    model: &Model,
    input: &Input<'_>,
    change: &Change,
    governors: &[(usize, &crate::model::governance::Rule)],
) -> Finding {
    // Messages name code from the repository root, as the repository host does.
    let shown = |path: &str| crate::util::paths::to_repo(&model.governance.prefix, path);
    let documents: Vec<DocumentRef> = governors
        .iter()
        .map(|(doc, rule)| {
            let d = &model.docs[*doc];
            let adr = model.adr_of(*doc);
            DocumentRef {
                path: d.source.clone(),
                title: model.title(*doc, input.h1s.get(*doc).copied().flatten()),
                kind: d.kind.as_str(),
                label: adr.map(|a| a.id.label()),
                status: adr.map(|a| a.status.as_str()),
                pattern: match &rule.origin {
                    Origin::Section(id) => format!("{}` in section `#{id}", rule.glob.pattern),
                    _ => rule.glob.pattern.clone(),
                },
                element: match &rule.origin {
                    Origin::Element(id) => Some(id.clone()),
                    _ => None,
                },
            }
        })
        .collect();
    let mut severity = match change.kind {
        ChangeKind::Deleted | ChangeKind::Renamed => Severity::Error,
        _ => Severity::Warning,
    };
    let policies: Vec<Drift> = governors.iter().map(|(d, _)| policy(model, *d)).collect();
    if policies.contains(&Drift::Fail) {
        severity = Severity::Error;
    } else if !policies.is_empty() && policies.iter().all(|p| *p == Drift::Warn) {
        severity = Severity::Warning;
    }
    let shown_change = Change {
        path: shown(&change.path),
        old_path: change.old_path.as_deref().map(shown),
        ..change.clone()
    };
    let (mut message, mut help) = describe(&shown_change, &documents, None);
    // Whom to ask goes in the message (Code Quality, JUnit show it) and the help (the text
    // report and the merge-request note show that).
    let docs: Vec<usize> = governors.iter().map(|(d, _)| *d).collect();
    if let Some(ask) = whom_to_ask(model, &shown_change.path, &docs) {
        message = format!("{message}; ask {ask}");
        help = format!("{help}; ask {ask}");
    }
    Finding {
        check: Check::Drift,
        diagnostic: Diagnostic::new(
            severity,
            "drift/undocumented-change",
            change.path.clone(),
            message,
        )
        .at_line(1)
        .with_help(help),
        documents,
        change: Some(change.clone()),
        suggestion: None,
        line_changes: Vec::new(),
        project: None,
        fixed: false,
    }
}

/// The message and the help of a finding about `change` (its paths as the reader should see
/// them) governed by `documents`: what changed, what to do with each document, and the
/// opt-outs, the narrow one (`Docs-Reviewed:` naming these documents) before the one that
/// silences the whole merge request. In a workspace `project` names the member, so an ADR is
/// named `project:ADR-0001`, as a trailer must name it there.
pub fn describe(
    change: &Change,
    documents: &[DocumentRef],
    project: Option<&str>,
) -> (String, String) {
    let what = match change.kind {
        ChangeKind::Added => "was added".to_string(),
        ChangeKind::Modified => format!("changed (+{} −{})", change.insertions, change.deletions),
        ChangeKind::Deleted => "was deleted".to_string(),
        ChangeKind::Renamed => format!(
            "was renamed from `{}`",
            change.old_path.as_deref().unwrap_or("?")
        ),
    };
    let reference = |d: &DocumentRef| match (&d.label, project) {
        (Some(label), Some(project)) => format!("{project}:{label}"),
        (Some(label), None) => label.clone(),
        (None, _) => d.path.clone(),
    };
    let names: Vec<String> = documents.iter().map(reference).collect();
    let message = format!(
        "`{}` {what}, but {} that govern{} it did not change",
        change.path,
        names.join(", "),
        if names.len() == 1 { "s" } else { "" }
    );
    let mut advice: Vec<String> = Vec::new();
    for d in documents {
        let element = d
            .element
            .as_deref()
            .map(|e| format!(", element `{e}`"))
            .unwrap_or_default();
        let action = if d.kind == "adr" && d.status == Some(Status::Accepted.as_str()) {
            "review it; supersede it (`sadoc adr new --supersedes`) if the decision changed"
        } else if d.kind == "adr" {
            "review it"
        } else {
            "update it"
        };
        advice.push(format!(
            "{} ({}{element}, governs `{}`): {action}",
            d.path, d.title, d.pattern
        ));
    }
    let mut help = advice.join("; ");
    let reviewed: Vec<String> = names
        .iter()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    help.push_str(&format!(
        ". If {} still hold{} after your review, add the commit trailer `Docs-Reviewed: {}`; only if the whole merge request needs no documentation, `Docs-Not-Needed: <reason>`",
        if reviewed.len() == 1 { "it" } else { "they" },
        if reviewed.len() == 1 { "s" } else { "" },
        reviewed.join(", ")
    ));
    (message, help)
}

/// Groups drift findings by the first document they ask to update, for the text report.
pub fn by_document(findings: &[Finding]) -> BTreeMap<String, Vec<&Finding>> {
    let mut groups: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.check == Check::Drift) {
        let key = f
            .documents
            .first()
            .map(|d| d.path.clone())
            .unwrap_or_default();
        groups.entry(key).or_default().push(f);
    }
    groups
}
