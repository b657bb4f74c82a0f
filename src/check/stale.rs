//! Stale mentions: a merge request removes a name from the code it touches, or deletes or
//! moves a file, and a document still mentions it — report the mention at its exact line and
//! column, with the replacement when the change was a rename.
//!
//! Language-agnostic, from the diff's lines. The rules:
//!
//! 1. **Mentions** are inline code spans (`` `serve_http` ``, `` `serve_http()` ``,
//!    `` `--dry-run` ``, `` `ORDERS_TOPIC` ``, `` `src/app.py` ``) and table cells that hold one
//!    such token, outside code fences.
//! 2. **A name is gone** when a token of a removed line of a modified file is *identifier-like*
//!    (at least 4 characters, and a flag `--x`, or with `_`, `.` or `-`, or camelCase, or
//!    ALL_CAPS), and it appears, as a whole token, neither in that file at the head of the range,
//!    nor in any line the range added, nor in any other file of the repository but the
//!    documents (a name moved or still used elsewhere is not gone).
//! 3. **A rename** is a gone name for which the same hunk added one identifier-like token, new
//!    to that hunk, that is most similar to it (shared prefix and suffix at least half of the
//!    longer name); two equally similar candidates make it ambiguous: no replacement is offered.
//! 4. **A path is gone** when its file was deleted or renamed, or its folder moved, and nothing
//!    exists at that path at the head of the range; a mention of it by its path from the project
//!    or from the repository root is stale, and a rename gives the replacement.
//!
//! Unambiguous renames become edits (`--suggest` prints them, `--fix` applies them).

use std::collections::{BTreeSet, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::finding::{Check, DocumentRef, Finding};
use super::suggest::LineEdit;
use crate::load::git::{Change, ChangeKind};
use crate::model::Model;
use crate::util::diag::Diagnostic;
use crate::util::paths;

/// What the head of the range holds, for telling what is really gone.
pub struct Head<'a> {
    /// A file's text (a project path).
    pub text: &'a dyn Fn(&str) -> Option<String>,
    /// Whether a path (file or folder, a project path) still exists.
    pub exists: &'a dyn Fn(&str) -> bool,
    /// Which of these names some file other than the documents still uses.
    pub used: &'a dyn Fn(&[String]) -> HashSet<String>,
}

/// A mention of a name or path in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The document (index into the model's documents).
    pub doc: usize,
    /// 1-based line of the file.
    pub line: u32,
    /// 1-based column (in characters) where the mentioned text starts.
    pub column: u32,
    /// The text as written (inside the backticks, or the table cell).
    pub text: String,
}

/// Something the range made disappear.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Gone {
    /// The name or the path.
    name: String,
    /// What it becomes, for a rename.
    renamed_to: Option<String>,
    /// Whether several renames were equally likely.
    ambiguous: bool,
    /// Index of the change into the range's changes.
    change: usize,
    /// A path (file or folder) rather than a name in code.
    is_path: bool,
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"--[A-Za-z0-9][A-Za-z0-9-]*|[A-Za-z_][A-Za-z0-9_]*(?:[.-][A-Za-z0-9_]+)*")
        .expect("valid regex")
});
static CODE_SPAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`([^`\n]+)`").expect("valid regex"));

/// Whether a token looks like a name a document would mention (rule 2).
fn identifier_like(t: &str) -> bool {
    if t.len() < 4 {
        return false;
    }
    if t.starts_with("--") {
        return true;
    }
    let has_lower = t.chars().any(|c| c.is_ascii_lowercase());
    let has_upper = t.chars().any(|c| c.is_ascii_uppercase());
    let camel = t
        .chars()
        .zip(t.chars().skip(1))
        .any(|(a, b)| a.is_ascii_lowercase() && b.is_ascii_uppercase());
    t.contains(['_', '.', '-']) || camel || (has_upper && !has_lower)
}

fn tokens(line: &str) -> impl Iterator<Item = &str> {
    TOKEN.find_iter(line).map(|m| m.as_str())
}

/// The mentions of every document (rule 1).
pub fn mentions(model: &Model, may_mention: &dyn Fn(&str) -> bool) -> Vec<Mention> {
    let mut out = Vec::new();
    for (doc, d) in model.docs.iter().enumerate() {
        if !d.body.contains('`') && !d.body.contains('|') || !may_mention(&d.body) {
            continue;
        }
        let mut fences = crate::util::fence::Fences::new();
        for (i, line) in d.body.lines().enumerate() {
            if fences.line(line) {
                continue;
            }
            let at = |byte: usize| line[..byte].chars().count() as u32 + 1;
            for m in CODE_SPAN.captures_iter(line).filter_map(|c| c.get(1)) {
                out.push(Mention {
                    doc,
                    line: d.body_line + i as u32,
                    column: at(m.start()),
                    text: m.as_str().to_string(),
                });
            }
            if line.trim_start().starts_with('|') {
                let mut offset = 0;
                for cell in line.split('|') {
                    let trimmed = cell.trim();
                    let start = offset + (cell.len() - cell.trim_start().len());
                    offset += cell.len() + 1;
                    let single = TOKEN
                        .find(trimmed)
                        .is_some_and(|m| m.as_str() == trimmed && identifier_like(trimmed));
                    if single {
                        out.push(Mention {
                            doc,
                            line: d.body_line + i as u32,
                            column: at(start),
                            text: trimmed.to_string(),
                        });
                    }
                }
            }
        }
    }
    out
}

/// The names the range removed from the code it touched (rules 2 and 3), and the paths it
/// deleted or moved (rule 4). `head_text` reads a file at the head of the range.
fn gone(
    model: &Model,
    changes: &[Change],
    head_text: &dyn Fn(&str) -> Option<String>,
) -> Vec<Gone> {
    // Lines added to code: a document that still (or newly) mentions the old name does not
    // keep it alive.
    let added_anywhere: HashSet<&str> = changes
        .iter()
        .filter(|c| model.doc_index(&c.path).is_none())
        .flat_map(|c| c.lines.iter().flat_map(|h| h.added.iter()))
        .flat_map(|l| tokens(l))
        .collect();
    let mut out = Vec::new();
    for (index, change) in changes.iter().enumerate() {
        if model.doc_index(&change.path).is_some() {
            continue;
        }
        match change.kind {
            ChangeKind::Deleted => out.push(Gone {
                name: change.path.clone(),
                renamed_to: None,
                ambiguous: false,
                change: index,
                is_path: true,
            }),
            ChangeKind::Renamed => {
                if let Some(old) = &change.old_path {
                    out.push(Gone {
                        name: old.clone(),
                        renamed_to: Some(change.path.clone()),
                        ambiguous: false,
                        change: index,
                        is_path: true,
                    });
                }
            }
            ChangeKind::Modified if !change.lines.is_empty() => {
                let Some(head) = head_text(&change.path) else {
                    continue;
                };
                let in_head: HashSet<&str> = tokens(&head).collect();
                let mut seen = BTreeSet::new();
                for hunk in &change.lines {
                    let removed: BTreeSet<&str> = hunk
                        .removed
                        .iter()
                        .flat_map(|l| tokens(l))
                        .filter(|t| identifier_like(t))
                        .collect();
                    let new_here: BTreeSet<&str> = hunk
                        .added
                        .iter()
                        .flat_map(|l| tokens(l))
                        .filter(|t| identifier_like(t) && !removed.contains(t))
                        .collect();
                    for name in &removed {
                        if in_head.contains(name)
                            || added_anywhere.contains(name)
                            || !seen.insert(*name)
                        {
                            continue;
                        }
                        let (renamed_to, ambiguous) = rename_of(name, &new_here);
                        out.push(Gone {
                            name: name.to_string(),
                            renamed_to,
                            ambiguous,
                            change: index,
                            is_path: false,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    let renames: Vec<(&str, &str)> = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Renamed)
        .filter_map(|c| c.old_path.as_deref().map(|o| (o, c.path.as_str())))
        .collect();
    for (old_dir, new_dir) in super::suggest::folder_moves(&renames) {
        if let Some(index) = changes.iter().position(|c| {
            c.old_path
                .as_deref()
                .is_some_and(|o| paths::is_within(o, &old_dir))
        }) {
            out.push(Gone {
                name: old_dir,
                renamed_to: Some(new_dir),
                ambiguous: false,
                change: index,
                is_path: true,
            });
        }
    }
    out
}

/// The rename several files agree on: `(Some(name), false)` when every file that renamed the
/// name renamed it to the same one, `(None, true)` when they disagree or one was ambiguous.
fn agreed_rename<'g>(same: &[&'g Gone]) -> (Option<&'g str>, bool) {
    let names: BTreeSet<&str> = same
        .iter()
        .filter_map(|g| g.renamed_to.as_deref())
        .collect();
    let ambiguous = same.iter().any(|g| g.ambiguous);
    match (names.len(), ambiguous) {
        (1, false) => (names.into_iter().next(), false),
        (0, false) => (None, false),
        _ => (None, true),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The most similar new token (rule 3): `(Some(name), false)`, or `(None, true)` on a tie.
fn rename_of(old: &str, candidates: &BTreeSet<&str>) -> (Option<String>, bool) {
    let score = |new: &str| -> usize {
        let prefix = old
            .chars()
            .zip(new.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let suffix = old
            .chars()
            .rev()
            .zip(new.chars().rev())
            .take_while(|(a, b)| a == b)
            .count();
        (prefix + suffix).min(old.len().min(new.len()))
    };
    let mut best: Vec<(&str, usize)> = candidates
        .iter()
        .map(|c| (*c, score(c)))
        .filter(|(c, s)| *s * 2 >= old.len().max(c.len()))
        .collect();
    best.sort_by_key(|(_, s)| std::cmp::Reverse(*s));
    match best.as_slice() {
        [] => (None, false),
        [(only, _)] => (Some(only.to_string()), false),
        [(a, x), (_, y), ..] if x > y => (Some(a.to_string()), false),
        _ => (None, true),
    }
}

/// What a mention's text names: without `()` after a name, `./` before a path, or `/` after a
/// folder.
fn named(text: &str) -> &str {
    let t = text.trim();
    let t = t.strip_suffix("()").unwrap_or(t);
    t.trim_start_matches("./").trim_end_matches('/')
}

/// The stale mentions of the range: findings at the mentions, and the edits that follow the
/// unambiguous renames. `prefix` is the project's folder in the repository.
pub fn check(
    model: &Model,
    changes: &[Change],
    h1s: &[Option<&str>],
    head: &Head<'_>,
) -> (Vec<Finding>, Vec<LineEdit>) {
    let mut gone = gone(model, changes, head.text);
    // A path that still exists, or a name still used somewhere else in the repository, is
    // not gone (rules 2 and 4): looked up only for what the documents mention.
    gone.retain(|g| !(g.is_path && (head.exists)(&g.name)));
    if gone.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let prefix = &model.governance.prefix;
    // Only documents whose text holds one of the names can mention it: one search for all of
    // them (a literal alternation) instead of reading every document's code spans.
    let names: BTreeSet<String> = gone
        .iter()
        .flat_map(|g| {
            let repo = g.is_path.then(|| paths::to_repo(prefix, &g.name));
            std::iter::once(g.name.clone()).chain(repo)
        })
        .collect();
    let any_name = regex::Regex::new(
        &names
            .iter()
            .map(|n| regex::escape(n))
            .collect::<Vec<_>>()
            .join("|"),
    )
    .ok();
    let all_mentions = mentions(model, &|body| {
        any_name.as_ref().is_none_or(|re| re.is_match(body))
    });
    let named_mentions: HashSet<&str> = all_mentions.iter().map(|m| named(&m.text)).collect();
    let mentioned: Vec<String> = gone
        .iter()
        .filter(|g| !g.is_path && named_mentions.contains(g.name.as_str()))
        .map(|g| g.name.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let elsewhere = if mentioned.is_empty() {
        HashSet::new()
    } else {
        (head.used)(&mentioned)
    };
    gone.retain(|g| g.is_path || !elsewhere.contains(&g.name));
    if gone.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut findings = Vec::new();
    let mut edits = Vec::new();
    for mention in all_mentions {
        let text = named(&mention.text);
        // A name can be gone from several files (renamed where it is defined and where it is
        // called): the mention names every one of them.
        let same: Vec<&Gone> = gone
            .iter()
            .filter(|g| {
                if g.is_path {
                    text == g.name || text == paths::to_repo(prefix, &g.name)
                } else {
                    text == g.name
                }
            })
            .collect();
        let Some(g) = same.first().copied() else {
            continue;
        };
        let change = &changes[g.change];
        let doc = &model.docs[mention.doc];
        let (renamed_to, ambiguous) = agreed_rename(&same);
        let replacement = renamed_to.map(|new| {
            if g.is_path && text != g.name {
                paths::to_repo(prefix, new)
            } else {
                new.to_string()
            }
        });
        let files: Vec<String> = same
            .iter()
            .map(|g| format!("`{}`", paths::to_repo(prefix, &changes[g.change].path)))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let files = join_and(&files);
        let what = match (&replacement, g.is_path) {
            (Some(new), true) => format!("`{text}` was moved to `{new}`"),
            (None, true) => format!("`{text}` was deleted"),
            (Some(new), false) => format!("`{text}` was renamed to `{new}` in {files}"),
            (None, false) => format!("`{text}` was removed from {files}"),
        };
        let help = match (&replacement, ambiguous) {
            (Some(new), _) => format!("mention `{new}` instead (`sadoc check --fix` does it)"),
            (None, true) => {
                "it was renamed to one of several new names: update the mention".to_string()
            }
            (None, false) => "update the mention, or remove it if it no longer applies".to_string(),
        };
        let adr = model.adr_of(mention.doc);
        findings.push(Finding {
            check: Check::Drift,
            diagnostic: Diagnostic::warning(
                "drift/stale-mention",
                doc.source.clone(),
                format!("{what}, but this page still mentions it"),
            )
            .at(mention.line, mention.column)
            .with_help(help),
            documents: vec![DocumentRef {
                path: doc.source.clone(),
                title: model.title(mention.doc, h1s.get(mention.doc).copied().flatten()),
                kind: doc.kind.as_str(),
                label: adr.map(|a| a.id.label()),
                status: adr.map(|a| a.status.as_str()),
                pattern: format!("mentions `{}`", mention.text),
                element: None,
            }],
            change: Some(change.clone()),
            suggestion: None,
            line_changes: Vec::new(),
            project: None,
            fixed: false,
        });
        if let Some(new) = replacement {
            let old_text = mention.text.clone();
            let new_text = old_text.replacen(text, &new, 1);
            edits.push(LineEdit {
                file: doc.source.clone(),
                line: mention.line,
                old: format!("`{old_text}`"),
                new: format!("`{new_text}`"),
                follows: change.path.clone(),
            });
        }
    }
    (findings, edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_like_tokens_are_the_ones_documents_name() {
        for t in [
            "serve_http",
            "--dry-run",
            "ORDERS_TOPIC",
            "orders.placed",
            "parseConfig",
        ] {
            assert!(identifier_like(t), "{t}");
        }
        for t in ["main", "return", "value", "Order", "x_y"] {
            assert!(!identifier_like(t), "{t}");
        }
    }

    #[test]
    fn renames_pick_the_most_similar_new_name_or_none_on_a_tie() {
        let set = |v: &[&'static str]| v.iter().copied().collect::<BTreeSet<&str>>();
        assert_eq!(
            rename_of("serve_http", &set(&["serve_https", "log_level"])),
            (Some("serve_https".to_string()), false)
        );
        assert_eq!(rename_of("serve_http", &set(&["LOG_LEVEL"])), (None, false));
        assert_eq!(
            rename_of("--dry-run", &set(&["--dry-runs", "--dry-rund"])),
            (None, true)
        );
    }
}
