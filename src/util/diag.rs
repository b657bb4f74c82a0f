//! Diagnostics: the problems sadoc finds in a project, as plain data.
//!
//! Every stage that can find something wrong with the user's files (loading, link checking,
//! rendering) returns [`Diagnostic`]s instead of failing, so one run reports every problem at
//! once. A diagnostic names the file (relative to the project root), the line and column when
//! there is one, says what is wrong and, where it can, what to do about it. This module only
//! holds and formats them; the CLI decides what is printed and which exit code follows.

use std::fmt;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a build.
    Info,
    /// Something is probably wrong; fails the build only with `--strict`.
    Warning,
    /// The output would be wrong or incomplete; always fails the build.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem found in the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable identifier of the kind of problem, e.g. `link/broken`.
    pub code: &'static str,
    /// The file it is in, relative to the project root, `/`-separated.
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column (in characters), when known.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when sadoc can tell.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of the given severity without a position.
    pub fn new(
        severity: Severity,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    /// An error (always fails the build).
    pub fn error(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, path, message)
    }

    /// A warning (fails the build with `--strict`).
    pub fn warning(
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, path, message)
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the 1-based line only.
    pub fn at_line(mut self, line: u32) -> Self {
        self.line = Some(line);
        self
    }

    /// Adds advice on what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `path:line:col`, as far as it is known.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.path),
            (Some(l), None) => format!("{}:{l}", self.path),
            _ => self.path.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.location(),
            self.severity,
            self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics for display: by file, then position, then message.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
}

/// Counts of diagnostics by severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// How many of the warnings are about input written for MkDocs that sadoc does not act
    /// on (a plugin, an extension, a theme setting, icon shortcodes): they say where a page
    /// may look different from MkDocs' site, not that the project is wrong, so `--strict`
    /// does not fail on them — a project whose `mkdocs build --strict` passes passes too.
    pub compatibility: usize,
}

/// The codes of compatibility warnings (see [`Counts::compatibility`]).
pub fn is_compatibility(code: &str) -> bool {
    code == "mkdocs/config" || code == "markdown/icons" || code == "macros/python"
}

impl Counts {
    /// Counts the diagnostics in `list`.
    pub fn of(list: &[Diagnostic]) -> Self {
        let mut counts = Counts::default();
        for d in list {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => {
                    counts.warnings += 1;
                    if is_compatibility(d.code) {
                        counts.compatibility += 1;
                    }
                }
                Severity::Info => {}
            }
        }
        counts
    }

    /// The warnings `--strict` fails on.
    pub fn strict_warnings(&self) -> usize {
        self.warnings - self.compatibility
    }
}

use super::plural;

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_location_message_and_help() {
        let d = Diagnostic::warning("link/broken", "docs/a.md", "broken link `b.md`")
            .at(3, 9)
            .with_help("create the page or fix the link");
        assert_eq!(
            d.to_string(),
            "docs/a.md:3:9: warning: broken link `b.md`\n  help: create the page or fix the link"
        );
    }

    #[test]
    fn counts_pluralise() {
        let list = vec![
            Diagnostic::error("x", "a", "m"),
            Diagnostic::warning("x", "a", "m"),
            Diagnostic::warning("x", "a", "m"),
        ];
        assert_eq!(Counts::of(&list).to_string(), "1 error, 2 warnings");
    }
}
