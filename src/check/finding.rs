//! Findings of `sadoc check`: a diagnostic, the check that found it, and for drift the
//! documents to update, the change that triggered it, and the edit that fixes it.

use serde::Serialize;

use crate::load::git::Change;
use crate::util::diag::Diagnostic;

/// The checks `sadoc check --checks` selects from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Check {
    /// Governed code changed without its documents.
    Drift,
    /// Broken links and anchors.
    Links,
    /// The decision log: numbering, statuses, relations.
    Adr,
    /// The SAD: required documents and sections, views, mapping.
    Sad,
    /// Governed patterns, ADR references, superseded citations.
    Code,
    /// Everything else `sadoc build` reports (unreadable files, front matter, templates).
    Build,
    /// Documents overdue for review (`sadoc check --checks review` only: whether a document
    /// is overdue depends on the day, not on the merge request, so it is not among the
    /// checks every merge request runs).
    Review,
}

impl Check {
    /// The checks `sadoc check` runs when none are named: every one but `review` (the last).
    pub const DEFAULT: &'static [Check] = Check::ALL.split_at(Check::ALL.len() - 1).0;

    /// Every check.
    pub const ALL: [Check; 7] = [
        Check::Drift,
        Check::Links,
        Check::Adr,
        Check::Sad,
        Check::Code,
        Check::Build,
        Check::Review,
    ];

    /// The check a build diagnostic belongs to, from its code (`link/broken` → links).
    pub fn of(code: &str) -> Check {
        match code.split('/').next().unwrap_or("") {
            "link" => Check::Links,
            "adr" => Check::Adr,
            "sad" => Check::Sad,
            "code" => Check::Code,
            "drift" => Check::Drift,
            "review" => Check::Review,
            _ => Check::Build,
        }
    }

    /// The name used in reports (`sadoc/drift`).
    pub fn name(self) -> &'static str {
        match self {
            Check::Drift => "drift",
            Check::Links => "links",
            Check::Adr => "adr",
            Check::Sad => "sad",
            Check::Code => "code",
            Check::Build => "build",
            Check::Review => "review",
        }
    }
}

/// A document a finding asks to update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRef {
    /// Its project path.
    pub path: String,
    /// Its title.
    pub title: String,
    /// Its kind (`view`, `adr`, …).
    pub kind: &'static str,
    /// For an ADR, `ADR-0007`.
    pub label: Option<String>,
    /// For an ADR, its status.
    pub status: Option<&'static str>,
    /// The pattern through which it governs the changed file.
    pub pattern: String,
    /// The view element that pattern belongs to.
    pub element: Option<String>,
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The check that found it.
    pub check: Check,
    /// What, where, how serious.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
    /// Documents to update (drift findings), most specific first.
    pub documents: Vec<DocumentRef>,
    /// The change that triggered it (drift findings).
    pub change: Option<Change>,
    /// A unified diff that fixes it, when sadoc can compute one (`--suggest`, `--fix`).
    pub suggestion: Option<String>,
    /// The same fix as one-line replacements (what a GitLab suggestion applies).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub line_changes: Vec<LineChange>,
    /// The workspace member whose documents it is about (`sadoc check` at a workspace root).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Whether `--fix` applied its edit to the working tree (to review and commit).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fixed: bool,
}

/// A replacement of one line of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineChange {
    /// The file, project-relative.
    pub file: String,
    /// The 1-based line.
    pub line: u32,
    /// The line's text now.
    pub before: String,
    /// The line's new text.
    pub text: String,
    /// Whether the line is among those the merge request changed, so that a suggestion on it
    /// can be applied from the merge request's diff.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_diff: bool,
}

impl Finding {
    /// A finding from a build diagnostic.
    pub fn from_diagnostic(diagnostic: Diagnostic) -> Finding {
        Finding {
            check: Check::of(diagnostic.code),
            diagnostic,
            documents: Vec::new(),
            change: None,
            suggestion: None,
            line_changes: Vec::new(),
            project: None,
            fixed: false,
        }
    }
}
