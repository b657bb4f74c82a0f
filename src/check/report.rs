//! Formatting `sadoc check`'s results: human text, versioned JSON, GitLab Code Quality, JUnit
//! XML, a markdown merge-request note, and GitHub annotations.
//!
//! The library returns findings as data; these functions only turn that data into text. The
//! JSON schema is versioned (`"version": 1`): fields are only ever added within a version.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::check::drift;
use crate::check::finding::{Check, Finding};
use crate::check::range::Range;
use crate::load::config::FailOn;
use crate::load::permalink::Permalinks;
use crate::model::Model;
use crate::model::completeness::{Cell, Completeness};
use crate::util::diag::{Counts, Severity};

/// Everything `sadoc check` reports: plain data, which the formatters below turn into text.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Schema version.
    pub version: u32,
    /// sadoc's version.
    pub sadoc: &'static str,
    /// The project's title.
    pub project: String,
    /// The commits compared, when there was a range.
    pub range: Option<Range>,
    /// Why there was no range, when there was none.
    pub no_range: Option<String>,
    /// The checks that ran.
    pub checks: Vec<Check>,
    /// Opt-outs used and other things the user should know.
    pub notices: Vec<String>,
    /// The decisions the range proposes, accepts, supersedes, rejects or deprecates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<super::decision_changes::DecisionChange>,
    /// Every finding.
    pub findings: Vec<Finding>,
    /// What `--fix` changed in the working tree, when it changed something.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Counts and the outcome.
    pub summary: Summary,
    /// The SAD's completeness, when the SAD check ran.
    pub completeness: Option<CompletenessJson>,
    /// Whether drift was checked (a range, the check selected, no opt-out skipped it).
    #[serde(skip)]
    pub drift_checked: bool,
    /// Links to the commit under review, for the merge-request note.
    #[serde(skip)]
    pub permalinks: Permalinks,
    /// The merge-request label that skips the drift check, for the note.
    #[serde(skip)]
    pub skip_label: String,
    /// The project's folder inside the repository (`""` at its root): reports for the
    /// repository host name files from the repository root.
    #[serde(skip)]
    pub repo_prefix: String,
    /// How long each step took, and the peak memory after it (`sadoc check -v` prints them).
    #[serde(skip)]
    pub stages: Vec<crate::util::timing::Stage>,
}

impl Report {
    /// A project-relative path as the repository host names it.
    pub fn repo_path(&self, path: &str) -> String {
        crate::util::paths::to_repo(&self.repo_prefix, path)
    }
}

/// Counts and the outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub notes: usize,
    /// The lowest severity that fails.
    pub fail_on: FailOn,
    /// Whether the check failed.
    pub failed: bool,
}

impl Summary {
    /// Counts `findings` and decides the outcome.
    pub fn of(findings: &[Finding], fail_on: FailOn) -> Summary {
        let diagnostics: Vec<_> = findings.iter().map(|f| f.diagnostic.clone()).collect();
        let counts = Counts::of(&diagnostics);
        let notes = findings
            .iter()
            .filter(|f| f.diagnostic.severity == Severity::Info)
            .count();
        let failed = fail_on.fails(&counts);
        Summary {
            errors: counts.errors,
            warnings: counts.warnings,
            notes,
            fail_on,
            failed,
        }
    }
}

/// The completeness report with paths instead of indices.
#[derive(Debug, Clone, Serialize)]
pub struct CompletenessJson {
    /// The profile.
    pub profile: String,
    /// Required documents: label → state and paths.
    pub documents: Vec<KindJson>,
    /// Views: path → section → state.
    pub views: Vec<ViewJson>,
}

/// A required document in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct KindJson {
    /// Label.
    pub label: String,
    /// State.
    pub state: Cell,
    /// Documents.
    pub paths: Vec<String>,
}

/// A view in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct ViewJson {
    /// Its path.
    pub path: String,
    /// Its viewpoint.
    pub viewpoint: Option<String>,
    /// Section → state (only the sections its viewpoint requires).
    pub sections: BTreeMap<String, Cell>,
}

impl CompletenessJson {
    /// Converts the report of a build.
    pub fn new(report: &Completeness, model: &Model) -> Option<CompletenessJson> {
        report.has_sad.then(|| CompletenessJson {
            profile: report.profile.clone(),
            documents: report
                .kinds
                .iter()
                .map(|k| KindJson {
                    label: k.label.clone(),
                    state: k.cell,
                    paths: k
                        .docs
                        .iter()
                        .map(|&d| model.docs[d].source.clone())
                        .collect(),
                })
                .collect(),
            views: report
                .views
                .iter()
                .map(|v| ViewJson {
                    path: model.docs[v.doc].source.clone(),
                    viewpoint: v.viewpoint.clone(),
                    sections: report
                        .columns
                        .iter()
                        .zip(&v.cells)
                        .filter(|(_, (c, _))| *c != Cell::NotRequired)
                        .map(|(name, (c, _))| (name.clone(), *c))
                        .collect(),
                })
                .collect(),
        })
    }
}

/// One line on how a file changed: `modified +3 −1`, `renamed from src/old.rs`, `deleted`.
pub fn change_summary(change: &crate::load::git::Change) -> String {
    use crate::load::git::ChangeKind;
    match change.kind {
        ChangeKind::Added => "added".to_string(),
        ChangeKind::Modified => format!("modified +{} −{}", change.insertions, change.deletions),
        ChangeKind::Deleted => "deleted".to_string(),
        ChangeKind::Renamed => {
            format!("renamed from {}", change.old_path.as_deref().unwrap_or("?"))
        }
    }
}

/// Human-readable text: drift grouped by the document to update, then the other findings.
pub fn text(report: &Report, verbose: bool) -> String {
    let mut out = String::new();
    match (report.range.as_ref(), report.no_range.as_deref()) {
        (Some(r), _) => {
            let _ = writeln!(
                out,
                "sadoc check: {}..{} ({})",
                &r.base[..8.min(r.base.len())],
                &r.head[..8.min(r.head.len())],
                r.how
            );
        }
        (None, Some(why)) => {
            let _ = writeln!(out, "sadoc check: no range to compare ({why})");
        }
        _ => {}
    }
    for notice in &report.notices {
        let _ = writeln!(out, "note: {notice}");
    }
    if !report.decisions.is_empty() {
        out.push_str("\nDecisions in this range:\n");
        for change in &report.decisions {
            let line =
                super::decision_changes::sentence(change, &|path, name| format!("{name} ({path})"));
            let _ = writeln!(out, "  {}", line.replace("**", ""));
        }
    }
    let groups = drift::by_document(&report.findings);
    if groups.is_empty() && report.drift_checked {
        out.push_str("\nNo drift: every changed file that a document governs changed together with its documents.\n");
    }
    if !groups.is_empty() {
        let _ = writeln!(out, "\n{}", drift_headline(&report.findings));
        for (doc, findings) in &groups {
            let first = &findings[0].documents[0];
            let label = first
                .label
                .clone()
                .map(|l| format!("{l} "))
                .unwrap_or_default();
            let project = findings
                .first()
                .and_then(|f| f.project.as_deref())
                .map(|p| format!("[{p}] "))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "\n  {project}{doc}  ({label}{}, {})",
                first.title, first.kind
            );
            for f in findings {
                let change = f.change.as_ref();
                let what = change.map_or(String::new(), change_summary);
                if f.diagnostic.code == "drift/stale-mention" {
                    let _ = writeln!(
                        out,
                        "    {}: {}: {}",
                        f.diagnostic.severity,
                        f.diagnostic.location(),
                        f.diagnostic.message
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "    {}: {}  [{what}]",
                        f.diagnostic.severity, f.diagnostic.path
                    );
                }
                if let Some(help) = &f.diagnostic.help {
                    let _ = writeln!(out, "      help: {help}");
                }
                if let Some(diff) = &f.suggestion {
                    for line in diff.lines() {
                        let _ = writeln!(out, "      {line}");
                    }
                }
                if f.fixed {
                    let _ = writeln!(out, "      fixed in the working tree: review and commit it");
                }
            }
        }
    }
    let others: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.check != Check::Drift && (verbose || f.diagnostic.severity > Severity::Info))
        .collect();
    if !others.is_empty() {
        out.push('\n');
        for f in others {
            let _ = writeln!(out, "{}", f.diagnostic);
        }
    }
    if let Some(fix) = &report.fix {
        let _ = writeln!(out, "\n{fix}");
    }
    let s = &report.summary;
    let notes = if s.notes > 0 && !verbose {
        format!(
            ", {} note{} (--verbose shows them)",
            s.notes,
            if s.notes == 1 { "" } else { "s" }
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "\n{}: {} error{}, {} warning{}{notes}",
        if s.failed { "failed" } else { "passed" },
        s.errors,
        if s.errors == 1 { "" } else { "s" },
        s.warnings,
        if s.warnings == 1 { "" } else { "s" },
    );
    out
}

/// The first line of the drift section: each changed file counted once, however many
/// documents or projects govern it, and the pages that still mention what the change renamed or
/// removed counted apart.
pub fn drift_headline(findings: &[Finding]) -> String {
    let drift = findings.iter().filter(|f| f.check == Check::Drift);
    let (stale, changed): (Vec<&Finding>, Vec<&Finding>) =
        drift.partition(|f| f.diagnostic.code == "drift/stale-mention");
    let files = changed
        .iter()
        .map(|f| f.diagnostic.path.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let mentions = stale.len();
    let mut parts = Vec::new();
    if files > 0 {
        parts.push(format!(
            "{files} changed file{} governed by documents this change does not update",
            if files == 1 { " is" } else { "s are" }
        ));
    }
    if mentions > 0 {
        parts.push(format!(
            "{mentions} mention{} of code it renamed or removed",
            if mentions == 1 { "" } else { "s" }
        ));
    }
    format!("Drift: {}", parts.join("; "))
}

/// The versioned JSON report.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fingerprint that stays the same across pipelines for the same problem: it leaves out line
/// numbers and line counts.
pub fn fingerprint(f: &Finding) -> String {
    let mut key = format!(
        "{}|{}|{}",
        f.check.name(),
        f.diagnostic.code,
        f.diagnostic.path
    );
    if f.check == Check::Drift {
        for d in &f.documents {
            key.push('|');
            key.push_str(&d.path);
        }
    } else {
        key.push('|');
        key.push_str(&f.diagnostic.message);
    }
    sha256_hex(&key)
}
