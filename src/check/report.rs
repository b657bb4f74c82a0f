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
    /// Every finding.
    pub findings: Vec<Finding>,
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
}

impl Report {
    /// A project-relative path as the repository host names it.
    pub fn repo_path(&self, path: &str) -> String {
        if self.repo_prefix.is_empty() {
            path.to_string()
        } else {
            format!("{}/{path}", self.repo_prefix)
        }
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
    let groups = drift::by_document(&report.findings);
    if groups.is_empty() && report.drift_checked {
        out.push_str("\nNo drift: every changed file that a document governs changed together with its documents.\n");
    }
    if !groups.is_empty() {
        let files: usize = groups.values().map(Vec::len).sum();
        let _ = writeln!(
            out,
            "\nDrift: {files} changed file{} governed by documents this change does not update",
            if files == 1 { " is" } else { "s are" }
        );
        for (doc, findings) in &groups {
            let first = &findings[0].documents[0];
            let label = first
                .label
                .clone()
                .map(|l| format!("{l} "))
                .unwrap_or_default();
            let _ = writeln!(out, "\n  {doc}  ({label}{}, {})", first.title, first.kind);
            for f in findings {
                let change = f.change.as_ref();
                let what = change.map_or(String::new(), change_summary);
                let _ = writeln!(
                    out,
                    "    {}: {}  [{what}]",
                    f.diagnostic.severity, f.diagnostic.path
                );
                if let Some(help) = &f.diagnostic.help {
                    let _ = writeln!(out, "      help: {help}");
                }
                if let Some(diff) = &f.suggestion {
                    for line in diff.lines() {
                        let _ = writeln!(out, "      {line}");
                    }
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

/// The versioned JSON report.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn sha256_hex(text: &str) -> String {
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

/// GitLab Code Quality (`artifacts: reports: codequality`): a JSON array, `[]` when clean.
/// Paths are named from the repository root ([`Report::repo_path`]).
pub fn codequality(report: &Report) -> String {
    #[derive(Serialize)]
    struct Lines {
        begin: u32,
    }
    #[derive(Serialize)]
    struct Location {
        path: String,
        lines: Lines,
    }
    #[derive(Serialize)]
    struct Issue {
        description: String,
        check_name: String,
        fingerprint: String,
        severity: &'static str,
        location: Location,
    }
    // GitLab collapses issues with one fingerprint, so the n-th repeat of the same problem in
    // the same file gets its own, still without line numbers.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let issues: Vec<Issue> = report
        .findings
        .iter()
        .map(|f| Issue {
            description: f.diagnostic.message.clone(),
            check_name: format!("sadoc/{}", f.check.name()),
            fingerprint: {
                let base = fingerprint(f);
                let n = seen.entry(base.clone()).or_default();
                *n += 1;
                if *n == 1 {
                    base
                } else {
                    sha256_hex(&format!("{base}|{n}"))
                }
            },
            severity: match f.diagnostic.severity {
                Severity::Error => "critical",
                Severity::Warning => "major",
                Severity::Info => "info",
            },
            location: Location {
                path: report.repo_path(&f.diagnostic.path),
                lines: Lines {
                    begin: f.diagnostic.line.unwrap_or(1),
                },
            },
        })
        .collect();
    serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string())
}

/// Escapes text for an XML attribute or element, dropping the control characters XML 1.0 does
/// not allow.
fn xml(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// JUnit XML: a test suite per check that ran, a failing test case per finding (warnings and
/// errors), a passing one for a clean check.
pub fn junit(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let failing: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.diagnostic.severity > Severity::Info)
        .collect();
    let tests: usize = report
        .checks
        .iter()
        .map(|c| failing.iter().filter(|f| f.check == *c).count().max(1))
        .sum();
    let _ = writeln!(
        out,
        "<testsuites name=\"sadoc check\" tests=\"{tests}\" failures=\"{}\" errors=\"0\">",
        failing.len()
    );
    for check in &report.checks {
        let findings: Vec<&&Finding> = failing.iter().filter(|f| f.check == *check).collect();
        let _ = writeln!(
            out,
            "  <testsuite name=\"sadoc/{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            check.name(),
            findings.len().max(1),
            findings.len()
        );
        if findings.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase classname=\"sadoc.{}\" name=\"no findings\"/>",
                check.name()
            );
        }
        for f in findings {
            let d = &f.diagnostic;
            let _ = writeln!(
                out,
                "    <testcase classname=\"sadoc.{}\" name=\"{}\" file=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                check.name(),
                xml(&format!("{}: {}", d.location(), d.message)),
                xml(&d.path),
                d.severity,
                xml(&d.message),
                xml(d.help.as_deref().unwrap_or(""))
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// The marker that identifies sadoc's merge-request note.
pub const NOTE_MARKER: &str = "<!-- sadoc:check -->";

/// A markdown merge-request note: a table of changed files and the documents to update (with
/// permalinks), suggested edits, other findings, and how to opt out.
pub fn markdown(report: &Report) -> String {
    let (permalinks, skip_label) = (&report.permalinks, report.skip_label.as_str());
    let mut out = format!("{NOTE_MARKER}\n### sadoc check\n\n");
    let drift: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.check == Check::Drift)
        .collect();
    let link = |path: &str, text: &str| match permalinks.file(path, None) {
        Some(url) => format!("[{text}]({url})"),
        None => text.to_string(),
    };
    if drift.is_empty() && report.drift_checked {
        out.push_str("No drift: every changed file that a document governs changed together with its documents.\n");
    } else if !drift.is_empty() {
        let _ = writeln!(
            out,
            "**{} changed file{}** {} governed by documents this merge request does not update.\n",
            drift.len(),
            if drift.len() == 1 { "" } else { "s" },
            if drift.len() == 1 { "is" } else { "are" }
        );
        out.push_str("| Changed file | Change | Documents to update |\n|---|---|---|\n");
        for f in &drift {
            let change = f.change.as_ref().map_or(String::new(), change_summary);
            let docs: Vec<String> = f
                .documents
                .iter()
                .map(|d| {
                    let name = d
                        .label
                        .clone()
                        .map_or(d.title.clone(), |l| format!("{l} {}", d.title));
                    let review = if d.status == Some("accepted") {
                        " — review; supersede if the decision changed"
                    } else {
                        ""
                    };
                    format!("{} (`{}`){review}", link(&d.path, &name), d.pattern)
                })
                .collect();
            let _ = writeln!(
                out,
                "| {} | {change} | {} |",
                link(&f.diagnostic.path, &format!("`{}`", f.diagnostic.path)),
                docs.join("<br>")
            );
        }
        let mut suggestions: Vec<&String> = Vec::new();
        let mut line_changes: Vec<&crate::check::finding::LineChange> = Vec::new();
        for f in &drift {
            if let Some(diff) = &f.suggestion
                && !suggestions.contains(&diff)
            {
                suggestions.push(diff);
            }
            for change in &f.line_changes {
                if !line_changes.contains(&change) {
                    line_changes.push(change);
                }
            }
        }
        if !suggestions.is_empty() {
            out.push_str("\n<details><summary>Suggested edits (<code>sadoc check --fix</code> applies them)</summary>\n\n```diff\n");
            for s in suggestions {
                out.push_str(s);
            }
            out.push_str("```\n");
            if !line_changes.is_empty() {
                out.push_str("\nAs GitLab suggestions, to apply from a comment on each line in **Changes**:\n");
                for change in line_changes {
                    let _ = write!(
                        out,
                        "\n{} line {}:\n\n````suggestion:-0+0\n{}\n````\n",
                        link(&change.file, &format!("`{}`", change.file)),
                        change.line,
                        change.text
                    );
                }
            }
            out.push_str("\n</details>\n");
        }
    }
    let others: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.check != Check::Drift && f.diagnostic.severity > Severity::Info)
        .collect();
    if !others.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>{} other finding{}</summary>\n",
            others.len(),
            if others.len() == 1 { "" } else { "s" }
        );
        for f in others.iter().take(50) {
            let _ = writeln!(
                out,
                "- **{}** `{}`: {}",
                f.diagnostic.severity,
                f.diagnostic.location(),
                f.diagnostic.message
            );
        }
        if others.len() > 50 {
            let _ = writeln!(out, "- … and {} more", others.len() - 50);
        }
        out.push_str("\n</details>\n");
    }
    if !report.notices.is_empty() {
        out.push('\n');
        for n in &report.notices {
            let _ = writeln!(out, "> {n}");
        }
    }
    if !drift.is_empty() {
        let _ = write!(
            out,
            "\n**No update needed?** Add the label `{skip_label}` to the merge request, or a commit trailer `Docs-Not-Needed: <reason>`; after reviewing a document that still holds, add `Docs-Reviewed: <ADR-NNNN or path>`.\n"
        );
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions annotations (`::warning file=…,line=…,title=…::message`).
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let level = match f.diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = f.diagnostic.message.clone();
        if let Some(help) = &f.diagnostic.help {
            message.push('\n');
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{level} file={},line={},title={}::{}",
            escape_property(&report.repo_path(&f.diagnostic.path)),
            f.diagnostic.line.unwrap_or(1),
            escape_property(&format!("sadoc/{}", f.check.name())),
            escape_data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_data_and_properties() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(xml("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
