//! Code path globs, as `governs:` and `check.ignore` use them.
//!
//! The semantics are gitignore's and CODEOWNERS', which the teams already know:
//!
//! - Paths are relative to the project root (the folder holding `sadoc.yml`); a leading `/`
//!   anchors a pattern there explicitly.
//! - `*` matches any characters except `/`; `?` one character except `/`; `[abc]`, `[a-z]` a
//!   character class; `{a,b}` either alternative.
//! - `**` matches any number of folders: `**/x` (anywhere), `a/**` (everything below `a`),
//!   `a/**/b` (zero or more folders between).
//! - A pattern without a `/` (other than a trailing one) matches a name at any depth: `*.lock`
//!   matches `Cargo.lock` and `services/api/poetry.lock`.
//! - A pattern that matches a folder matches everything inside it: `services/ingest` and
//!   `services/ingest/` both govern `services/ingest/src/main.rs`.
//!
//! Unlike `.gitignore`, there is no negation (`!`): a document governs what its patterns match.

use std::cmp::Reverse;

use globset::{Glob, GlobBuilder, GlobMatcher};

/// A compiled code path pattern.
#[derive(Debug, Clone)]
pub struct CodeGlob {
    /// The pattern as written.
    pub pattern: String,
    matchers: Vec<GlobMatcher>,
    specificity: (usize, usize),
}

/// Why a pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid pattern `{pattern}`: {reason}")]
pub struct GlobError {
    /// The pattern.
    pub pattern: String,
    /// What is wrong.
    pub reason: String,
}

fn build(pattern: &str) -> Result<GlobMatcher, String> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map(|g: Glob| g.compile_matcher())
        .map_err(|e| e.kind().to_string())
}

impl CodeGlob {
    /// Compiles a pattern.
    pub fn new(pattern: &str) -> Result<CodeGlob, GlobError> {
        let error = |reason: String| GlobError {
            pattern: pattern.to_string(),
            reason,
        };
        let trimmed = pattern.trim();
        if trimmed.is_empty() {
            return Err(error("the pattern is empty".to_string()));
        }
        if trimmed.starts_with('!') {
            return Err(error("negation (`!`) is not supported".to_string()));
        }
        let body = trimmed.trim_start_matches("./");
        let anchored = body.starts_with('/') || body.trim_end_matches('/').contains('/');
        let body = body.trim_start_matches('/').trim_end_matches('/');
        if body.is_empty() {
            return Err(error("the pattern names no path".to_string()));
        }
        let base = if anchored {
            body.to_string()
        } else {
            format!("**/{body}")
        };
        let inside = if base.ends_with("/**") {
            None
        } else {
            Some(format!("{base}/**"))
        };
        let mut matchers = vec![build(&base).map_err(error)?];
        if let Some(inside) = inside {
            matchers.push(build(&inside).map_err(error)?);
        }
        Ok(CodeGlob {
            pattern: pattern.to_string(),
            matchers,
            specificity: specificity(body, anchored),
        })
    }

    /// Whether the pattern matches a project-relative, `/`-separated path.
    pub fn is_match(&self, path: &str) -> bool {
        self.matchers.iter().any(|m| m.is_match(path))
    }

    /// How specific the pattern is: more literal folders and characters first.
    /// `services/ingest/main.rs` > `services/ingest/**` > `services/**` > `*.rs`.
    pub fn specificity(&self) -> (usize, usize) {
        self.specificity
    }

    /// The literal folder the pattern starts with (`services/ingest` for
    /// `services/ingest/**/*.rs`), empty when it starts with a wildcard.
    pub fn literal_prefix(&self) -> String {
        let body = self
            .pattern
            .trim()
            .trim_start_matches("./")
            .trim_start_matches('/');
        body.split('/')
            .take_while(|s| !s.contains(['*', '?', '[', '{']))
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// Literal segments and literal characters of a pattern body; unanchored patterns rank below
/// every anchored one.
fn specificity(body: &str, anchored: bool) -> (usize, usize) {
    let wild = |s: &str| s.contains(['*', '?', '[', '{']);
    let segments = body.split('/').filter(|s| !wild(s)).count();
    let chars = body
        .chars()
        .filter(|c| !matches!(c, '*' | '?' | '[' | ']' | '{' | '}'))
        .count();
    (if anchored { segments + 1 } else { 0 }, chars)
}

/// Sorts items by the specificity of their pattern, most specific first.
pub fn most_specific_first<T>(items: &mut [T], glob: impl Fn(&T) -> &CodeGlob) {
    items.sort_by_key(|i| Reverse(glob(i).specificity()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, path: &str) -> bool {
        CodeGlob::new(pattern).unwrap().is_match(path)
    }

    #[test]
    fn star_does_not_cross_folders() {
        assert!(m("src/*.rs", "src/main.rs"));
        assert!(!m("src/*.rs", "src/cli/mod.rs"));
        assert!(m("src/**/*.rs", "src/cli/mod.rs"));
        assert!(m("src/**/*.rs", "src/main.rs"), "** matches zero folders");
    }

    #[test]
    fn names_without_a_slash_match_at_any_depth() {
        assert!(m("*.lock", "Cargo.lock"));
        assert!(m("*.lock", "services/api/poetry.lock"));
        assert!(m("generated", "services/api/generated/x.rs"));
        assert!(
            !m("/Cargo.lock", "services/Cargo.lock"),
            "a leading slash anchors"
        );
    }

    #[test]
    fn folders_match_everything_inside() {
        assert!(m("services/ingest", "services/ingest/src/main.rs"));
        assert!(m("services/ingest/", "services/ingest/src/main.rs"));
        assert!(m("services/ingest/**", "services/ingest/src/main.rs"));
        assert!(!m("services/ingest", "services/ingester/main.rs"));
        assert!(m("./deploy/**", "deploy/msk.tf"));
    }

    #[test]
    fn specificity_orders_patterns() {
        let s = |p: &str| CodeGlob::new(p).unwrap().specificity();
        assert!(s("services/ingest/main.rs") > s("services/ingest/**"));
        assert!(s("services/ingest/**") > s("services/**"));
        assert!(s("services/**") > s("*.rs"));
        assert_eq!(
            CodeGlob::new("services/ingest/**/*.rs")
                .unwrap()
                .literal_prefix(),
            "services/ingest"
        );
    }

    #[test]
    fn bad_patterns_are_errors() {
        assert!(CodeGlob::new("").is_err());
        assert!(CodeGlob::new("!src/**").is_err());
        assert!(CodeGlob::new("src/[").is_err());
    }
}
