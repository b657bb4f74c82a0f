//! Code path globs, as `governs:` and `check.ignore` use them.
//!
//! The semantics are gitignore's and CODEOWNERS', which the teams already know, in the
//! coordinates of the git repository, wherever the project sits in it:
//!
//! - A leading `/` names a path from the repository root: `/services/cdc/**` means the same
//!   from a project at the root and from `platform-docs/sadoc.yml`.
//! - Other patterns with a `/` are relative to the project folder (the one holding
//!   `sadoc.yml`); `../` climbs out of it, up to the repository root and never beyond: a
//!   pattern that leaves the repository is an error naming it. Outside git the project folder
//!   is the root.
//! - `*` matches any characters except `/`; `?` one character except `/`; `[abc]`, `[a-z]` a
//!   character class; `{a,b}` either alternative.
//! - `**` matches any number of folders: `**/x` (anywhere), `a/**` (everything below `a`),
//!   `a/**/b` (zero or more folders between).
//! - A pattern without a `/` (other than a trailing one) matches a name at any depth below the
//!   project folder: `*.lock` matches `Cargo.lock` and `services/api/poetry.lock`.
//! - A pattern that matches a folder matches everything inside it: `services/ingest` and
//!   `services/ingest/` both govern `services/ingest/src/main.rs`.
//!
//! Unlike `.gitignore`, there is no negation (`!`): a document governs what its patterns match.
//! Paths handed to [`CodeGlob::is_match`] are project paths, which start with `../` for files
//! beside the project ([`crate::util::paths::from_repo`]).

use std::borrow::Cow;
use std::cmp::Reverse;

use globset::{Glob, GlobBuilder, GlobMatcher};

use crate::util::paths;

/// A compiled code path pattern.
#[derive(Debug, Clone)]
pub struct CodeGlob {
    /// The pattern as written.
    pub pattern: String,
    /// Where the project sits below the repository root (`""` at the root or outside git).
    prefix: String,
    /// The pattern from the repository root, as matched.
    repo_body: String,
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
    /// Whether the pattern leads outside the repository (an error, not a typo to warn about).
    pub escapes: bool,
}

fn build(pattern: &str) -> Result<GlobMatcher, String> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map(|g: Glob| g.compile_matcher())
        .map_err(|e| e.kind().to_string())
}

const LEAVES: &str = "it leads outside the repository; a pattern names paths inside it (`/x` from the repository root, `../x` from the project folder)";

impl CodeGlob {
    /// Compiles a pattern over the project's own paths (documents, `docs.exclude`): the project
    /// folder is its root.
    pub fn new(pattern: &str) -> Result<CodeGlob, GlobError> {
        CodeGlob::in_repo(pattern, "")
    }

    /// Compiles a code pattern for a project `prefix` folders below the repository root.
    pub fn in_repo(pattern: &str, prefix: &str) -> Result<CodeGlob, GlobError> {
        let error = |reason: String| GlobError {
            pattern: pattern.to_string(),
            escapes: reason == LEAVES,
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
        let from_repo_root = body.starts_with('/');
        let anchored = from_repo_root || body.trim_end_matches('/').contains('/');
        let body = body.trim_start_matches('/').trim_end_matches('/');
        if body.is_empty() {
            return Err(error("the pattern names no path".to_string()));
        }
        let repo_body = if from_repo_root {
            paths::normalize(body).ok_or_else(|| error(LEAVES.to_string()))?
        } else if anchored {
            paths::join(prefix, body).ok_or_else(|| error(LEAVES.to_string()))?
        } else {
            body.to_string()
        };
        if repo_body.is_empty() {
            return Err(error("the pattern names no path".to_string()));
        }
        let base = match (anchored, prefix.is_empty()) {
            (true, _) => repo_body.clone(),
            (false, true) => format!("**/{repo_body}"),
            (false, false) => format!("{prefix}/**/{repo_body}"),
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
            prefix: prefix.to_string(),
            specificity: specificity(&repo_body, anchored),
            repo_body: if anchored { repo_body } else { base },
            matchers,
        })
    }

    /// Whether the pattern matches a project path (`/`-separated; `../` for code beside the
    /// project).
    pub fn is_match(&self, path: &str) -> bool {
        let path = if self.prefix.is_empty() {
            Cow::Borrowed(path)
        } else {
            Cow::Owned(paths::to_repo(&self.prefix, path))
        };
        self.matchers.iter().any(|m| m.is_match(path.as_ref()))
    }

    /// How specific the pattern is: more literal folders and characters first.
    /// `services/ingest/main.rs` > `services/ingest/**` > `services/**` > `*.rs`.
    pub fn specificity(&self) -> (usize, usize) {
        self.specificity
    }

    /// The literal folder the pattern starts with, from the repository root
    /// (`services/ingest` for `/services/ingest/**/*.rs`), empty when it starts with a wildcard.
    pub fn repo_prefix(&self) -> String {
        self.repo_body
            .split('/')
            .take_while(|s| !s.contains(['*', '?', '[', '{']))
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The pattern from the repository root, as a leading-`/` pattern (`/services/**`; an
    /// unanchored name keeps the project folder: `/docs/**/*.lock`).
    pub fn repo_pattern(&self) -> String {
        format!("/{}", self.repo_body)
    }

    /// Whether the pattern has no wildcard: it names one path (and what is inside it).
    pub fn is_literal(&self) -> bool {
        !self.repo_body.contains(['*', '?', '[', '{'])
    }

    /// The literal folder the pattern starts with, as a project path (`../services/ingest`
    /// beside the project); empty when every project path may match.
    pub fn literal_prefix(&self) -> String {
        let literal = self.repo_prefix();
        if paths::is_within(&self.prefix, &literal) {
            return String::new();
        }
        paths::from_repo(&self.prefix, &literal)
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
    fn patterns_are_read_in_repository_coordinates() {
        let g = |p: &str| CodeGlob::in_repo(p, "platform/docs").unwrap();
        assert!(g("/services/cdc/**").is_match("../../services/cdc/main.py"));
        assert!(g("../../services/cdc").is_match("../../services/cdc/main.py"));
        assert!(g("../shared/*.py").is_match("../shared/util.py"));
        assert!(!g("/services/cdc/**").is_match("services/cdc/main.py"));
        assert!(g("*.lock").is_match("tools/uv.lock"));
        assert!(
            !g("*.lock").is_match("../../uv.lock"),
            "names match below the project only"
        );
        assert!(g("/**/*.py").is_match("src/x.py"));
        assert!(g("/**/*.py").is_match("../../x.py"));
        assert_eq!(g("/services/cdc/**").literal_prefix(), "../../services/cdc");
        assert_eq!(g("/platform/**").literal_prefix(), "");
        assert_eq!(g("src/**").literal_prefix(), "src");
        assert_eq!(g("src/**").repo_prefix(), "platform/docs/src");
        let escape = CodeGlob::in_repo("../../../etc/**", "platform/docs").unwrap_err();
        assert!(escape.reason.contains("outside the repository"), "{escape}");
        assert!(CodeGlob::in_repo("/../x", "").is_err());
        assert!(
            CodeGlob::new("../x").is_err(),
            "outside git the project folder is the root"
        );
    }

    #[test]
    fn bad_patterns_are_errors() {
        assert!(CodeGlob::new("").is_err());
        assert!(CodeGlob::new("!src/**").is_err());
        assert!(CodeGlob::new("src/[").is_err());
    }
}
