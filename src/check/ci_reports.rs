//! The formats CI hosts read from `sadoc check`'s [`Report`]: GitLab Code Quality and JUnit XML
//! (the merge-request widget and test report), a markdown merge-request note, and GitHub
//! Actions annotations. Each only turns the report's data into text.

use std::fmt::Write as _;

use serde::Serialize;

use super::finding::{Check, Finding};
use super::report::{Report, change_summary, fingerprint, sha256_hex};
use crate::util::diag::Severity;

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
            description: match &f.project {
                Some(project) => format!("[{project}] {}", f.diagnostic.message),
                None => f.diagnostic.message.clone(),
            },
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
                "    <testcase classname=\"sadoc.{}{}\" name=\"{}\" file=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                f.project
                    .as_deref()
                    .map(|p| format!("{}.", xml(p)))
                    .unwrap_or_default(),
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

/// The merge-request note: the markdown report, or, once no finding is left, a short one
/// saying the documents are in sync (the note is edited into it, not deleted). The second value
/// says whether it is that short one.
pub fn note(report: &Report) -> (String, bool) {
    if report.summary.errors + report.summary.warnings > 0 {
        return (markdown(report), false);
    }
    let range = report
        .range
        .as_ref()
        .map(|r| format!(" ({}..{})", short(&r.base), short(&r.head)))
        .unwrap_or_default();
    (
        format!(
            "{NOTE_MARKER}\n### sadoc check: all documents in sync\n\nNo findings{range}: every changed file that a document governs changed together with its documents.\n"
        ),
        true,
    )
}

/// A GitLab suggestion that replaces the line it is posted on with `text`. The fence is longer
/// than any run of backticks in the text.
pub fn suggestion_block(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(4));
    format!("{fence}suggestion:-0+0\n{text}\n{fence}\n")
}

/// `text` indented by two spaces, line by line, for a list item.
fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(8)]
}

/// A markdown merge-request note: a table of changed files and the documents to update (with
/// permalinks), suggested edits, other findings, and how to opt out.
///
/// Longer than 100 lines on purpose: the note is written top to bottom in the order a reviewer
/// reads it, one section after the other, and splitting it would scatter its layout.
pub fn markdown(report: &Report) -> String {
    let (permalinks, skip_label) = (&report.permalinks, report.skip_label.as_str());
    let mut out = format!("{NOTE_MARKER}\n### sadoc check\n\n");
    let drift: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.check == Check::Drift && f.diagnostic.code != "drift/stale-mention")
        .collect();
    let stale: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.diagnostic.code == "drift/stale-mention")
        .collect();
    let link = |path: &str, text: &str| match permalinks.file(path, None) {
        Some(url) => format!("[{text}]({url})"),
        None => text.to_string(),
    };
    if !report.decisions.is_empty() {
        out.push_str("**Decisions in this merge request**\n\n");
        for change in &report.decisions {
            let _ = writeln!(
                out,
                "- {}",
                super::decision_changes::sentence(change, &|path, name| link(path, name))
            );
        }
        out.push('\n');
    }
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
                    let name = match &f.project {
                        Some(project) => format!("{project}: {name}"),
                        None => name,
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
            let in_diff: Vec<_> = line_changes.into_iter().filter(|c| c.in_diff).collect();
            if !in_diff.is_empty() {
                out.push_str("\nOn lines this merge request changed, as GitLab suggestions to apply from **Changes** (`--post-note` posts each on its line):\n");
                for change in in_diff {
                    let _ = write!(
                        out,
                        "\n{} line {}:\n\n{}",
                        link(&change.file, &format!("`{}`", change.file)),
                        change.line,
                        suggestion_block(&change.text)
                    );
                }
            }
            out.push_str("\n</details>\n");
        }
    }
    if !stale.is_empty() {
        let _ = writeln!(
            out,
            "\n**{} stale mention{}** of code this merge request renamed or removed:\n",
            stale.len(),
            if stale.len() == 1 { "" } else { "s" }
        );
        for f in &stale {
            let d = &f.diagnostic;
            let at = format!("{}:{}", d.path, d.line.unwrap_or(1));
            let _ = writeln!(
                out,
                "- {}: {}",
                link(&d.path, &format!("`{at}`")),
                d.message
            );
            // The edit, always: as the diff `--suggest` computed, else as its one line.
            match &f.suggestion {
                Some(diff) => {
                    let _ = writeln!(out, "\n  ```diff\n{}  ```", indent(diff));
                }
                None => {
                    for c in &f.line_changes {
                        let _ = writeln!(out, "\n  ```diff\n  -{}\n  +{}\n  ```", c.before, c.text);
                    }
                }
            }
            for c in f.line_changes.iter().filter(|c| c.in_diff) {
                let _ = write!(
                    out,
                    "\n  The line is part of this merge request: apply the suggestion from **Changes** (`--post-note` posts it there).\n\n{}",
                    indent(&suggestion_block(&c.text))
                );
            }
            if !f.line_changes.is_empty() && f.line_changes.iter().all(|c| !c.in_diff) {
                out.push_str("\n  `sadoc check --fix` makes this edit.\n");
            }
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
            "\n**No update needed?** After reviewing a document that still holds, add the commit trailer `Docs-Reviewed: <ADR-NNNN or path>` (that document only); if the whole merge request needs no documentation, add the label `{skip_label}` or the trailer `Docs-Not-Needed: <reason>`.\n"
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
