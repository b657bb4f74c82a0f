//! Concrete fixes for code that moved: when a merge request renames or moves governed files,
//! the `governs` patterns and the code links that pointed at the old place are rewritten to the
//! new one. `sadoc check --suggest` prints the edits as unified diffs; `--fix` applies them,
//! changing only the affected lines.

use std::collections::BTreeMap;

use crate::check::finding::LineChange;
use crate::load::code::CodeFiles;
use crate::load::git::{Change, ChangeKind};
use crate::model::Model;
use crate::model::governance::Origin;
use crate::render::markdown::Rendered;
use crate::render::markdown::resolve::{Target, relative_url};
use crate::util::glob::CodeGlob;

/// One proposed edit of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The file, project-relative.
    pub file: String,
    /// Its current text.
    pub before: String,
    /// The text after the edit.
    pub after: String,
    /// The changed paths the edit follows (new paths of renamed files).
    pub follows: Vec<String>,
    /// Each line the edit changes, with the changed path that line follows.
    pub lines: Vec<EditedLine>,
}

/// One line an [`Edit`] changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditedLine {
    /// The 1-based line.
    pub line: u32,
    /// The changed path it follows.
    pub follows: String,
}

impl Edit {
    /// The part of the edit that changes only `lines`, as a unified diff.
    pub fn diff_of(&self, lines: &[u32]) -> String {
        let partial: String = self
            .before
            .split_inclusive('\n')
            .zip(self.after.split_inclusive('\n'))
            .enumerate()
            .map(|(i, (old, new))| {
                if lines.contains(&(i as u32 + 1)) {
                    new
                } else {
                    old
                }
            })
            .collect();
        unified_diff(&self.file, &self.before, &partial)
    }

    /// The given lines of the edit as one-line replacements. Edits rewrite paths and names
    /// inside lines and never add or remove lines, so the lines of `before` and `after`
    /// correspond one to one.
    pub fn line_changes(&self, lines: &[u32]) -> Vec<LineChange> {
        self.before
            .lines()
            .zip(self.after.lines())
            .enumerate()
            .filter(|(i, (old, new))| old != new && lines.contains(&(*i as u32 + 1)))
            .map(|(i, (old, new))| LineChange {
                file: self.file.clone(),
                line: i as u32 + 1,
                before: old.to_string(),
                text: new.to_string(),
                in_diff: false,
            })
            .collect()
    }
}

/// A replacement on one line of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineEdit {
    /// The file (a project path).
    pub file: String,
    /// Its 1-based line.
    pub line: u32,
    /// The text replaced (its first occurrence on the line).
    pub old: String,
    /// The replacement.
    pub new: String,
    /// The changed path the edit follows.
    pub follows: String,
}

/// Folder moves: (old folder, new folder), found from renames that keep the file's name and
/// the path below the moved folder.
pub fn folder_moves(renames: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut moves: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (old, new) in renames {
        let old_parts: Vec<&str> = old.split('/').collect();
        let new_parts: Vec<&str> = new.split('/').collect();
        let common = old_parts
            .iter()
            .rev()
            .zip(new_parts.iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        if common == 0 || common == old_parts.len() || common == new_parts.len() {
            continue;
        }
        let old_dir = old_parts[..old_parts.len() - common].join("/");
        let new_dir = new_parts[..new_parts.len() - common].join("/");
        *moves.entry((old_dir, new_dir)).or_default() += 1;
    }
    moves.into_keys().collect()
}

/// Computes the edits that follow the renames of `changes` (project-relative), with the line
/// edits in `more` (stale mentions). `read` returns a project file's current text.
pub fn suggest(
    model: &Model,
    rendered: &[Rendered<Target>],
    changes: &[Change],
    files: &CodeFiles,
    read: &dyn Fn(&str) -> Option<String>,
    more: Vec<LineEdit>,
) -> Vec<Edit> {
    let renames: Vec<(&str, &str)> = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Renamed)
        .filter_map(|c| c.old_path.as_deref().map(|old| (old, c.path.as_str())))
        .collect();
    if renames.is_empty() {
        return apply(more, read);
    }
    let moves = folder_moves(&renames);
    let mut edits: Vec<LineEdit> = Vec::new();
    // Governs patterns that no longer match anything, moved with the files they named.
    for rule in &model.governance.rules {
        let pattern = rule.glob.pattern.trim();
        if files.matching(&rule.glob).next().is_some() {
            continue;
        }
        let body = pattern.trim_start_matches("./").trim_start_matches('/');
        let replacement = renames
            .iter()
            .find(|(old, _)| *old == body)
            .map(|(_, new)| new.to_string())
            .or_else(|| {
                moves.iter().find_map(|(old_dir, new_dir)| {
                    let rest = body.strip_prefix(old_dir.as_str())?;
                    (rest.is_empty() || rest.starts_with('/')).then(|| format!("{new_dir}{rest}"))
                })
            });
        let Some(new_body) = replacement else {
            continue;
        };
        let new_pattern = pattern.replacen(body, &new_body, 1);
        if CodeGlob::in_repo(&new_pattern, &files.prefix)
            .map_or(true, |g| files.matching(&g).next().is_none())
        {
            continue;
        }
        let (file, lines) = match &rule.origin {
            Origin::Config(_) => (crate::load::project::CONFIG_FILE.to_string(), None),
            _ => {
                let doc = &model.docs[rule.doc];
                (
                    doc.source.clone(),
                    Some(2..doc.body_line.saturating_sub(1).max(2)),
                )
            }
        };
        let Some(text) = read(&file) else {
            continue;
        };
        let line = text.lines().enumerate().find_map(|(i, l)| {
            let n = i as u32 + 1;
            let in_range = lines.as_ref().is_none_or(|r| r.contains(&n));
            (in_range && contains_pattern(l, pattern)).then_some(n)
        });
        if let Some(line) = line {
            edits.push(LineEdit {
                file,
                line,
                old: pattern.to_string(),
                new: new_pattern,
                follows: new_body,
            });
        }
    }
    // Links from pages to code files that moved.
    for (i, page) in rendered.iter().enumerate() {
        let doc = &model.docs[i];
        for link in &page.links {
            let path = match &link.target {
                Target::Missing { path } | Target::Repo { path } | Target::OutsideDocs { path } => {
                    path
                }
                _ => continue,
            };
            let Some((_, new)) = renames.iter().find(|(old, _)| old == path) else {
                continue;
            };
            let suffix = link.dest.find(['#', '?']).map_or("", |at| &link.dest[at..]);
            let new_dest = format!("{}{suffix}", relative_url(&doc.source, new));
            edits.push(LineEdit {
                file: doc.source.clone(),
                line: link.line,
                old: link.dest.clone(),
                new: new_dest,
                follows: new.to_string(),
            });
        }
    }
    edits.extend(more);
    apply(edits, read)
}

/// Whether a YAML line names `pattern` as a whole value (quoted, in a list, or bare).
fn contains_pattern(line: &str, pattern: &str) -> bool {
    line.match_indices(pattern).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + pattern.len()..].chars().next();
        let edge = |c: Option<char>| {
            c.is_none_or(|c| {
                matches!(
                    c,
                    '"' | '\'' | ' ' | '[' | ']' | ',' | ':' | '-' | '{' | '}'
                )
            })
        };
        edge(before) && edge(after)
    })
}

/// The line edits, applied file by file to the files' current text.
pub fn apply(edits: Vec<LineEdit>, read: &dyn Fn(&str) -> Option<String>) -> Vec<Edit> {
    let mut by_file: BTreeMap<String, Vec<LineEdit>> = BTreeMap::new();
    for e in edits {
        by_file.entry(e.file.clone()).or_default().push(e);
    }
    let mut out = Vec::new();
    for (file, edits) in by_file {
        let Some(before) = read(&file) else {
            continue;
        };
        let mut lines: Vec<String> = before.split_inclusive('\n').map(str::to_string).collect();
        let mut follows = Vec::new();
        let mut edited: Vec<EditedLine> = Vec::new();
        for e in &edits {
            let Some(line) = lines.get_mut((e.line as usize).wrapping_sub(1)) else {
                continue;
            };
            if let Some(at) = line.find(&e.old) {
                line.replace_range(at..at + e.old.len(), &e.new);
                follows.push(e.follows.clone());
                if !edited.iter().any(|l| l.line == e.line) {
                    edited.push(EditedLine {
                        line: e.line,
                        follows: e.follows.clone(),
                    });
                }
            }
        }
        let after: String = lines.concat();
        if after != before {
            follows.sort();
            follows.dedup();
            edited.sort_by_key(|l| l.line);
            out.push(Edit {
                file,
                before,
                after,
                follows,
                lines: edited,
            });
        }
    }
    out
}

/// A unified diff of two texts that differ only in replaced lines (3 lines of context).
pub fn unified_diff(file: &str, before: &str, after: &str) -> String {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let changed: Vec<usize> = (0..old.len().max(new.len()))
        .filter(|&i| old.get(i) != new.get(i))
        .collect();
    let mut out = format!("--- a/{file}\n+++ b/{file}\n");
    let mut i = 0;
    while i < changed.len() {
        let mut j = i;
        while j + 1 < changed.len() && changed[j + 1] - changed[j] <= 6 {
            j += 1;
        }
        let start = changed[i].saturating_sub(3);
        let end = (changed[j] + 4).min(old.len().max(new.len()));
        let count_old = old.len().min(end).saturating_sub(start);
        let count_new = new.len().min(end).saturating_sub(start);
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            start + 1,
            count_old,
            start + 1,
            count_new
        ));
        for k in start..end {
            match (old.get(k), new.get(k)) {
                (Some(a), Some(b)) if a == b => out.push_str(&format!(" {a}\n")),
                (a, b) => {
                    if let Some(a) = a {
                        out.push_str(&format!("-{a}\n"));
                    }
                    if let Some(b) = b {
                        out.push_str(&format!("+{b}\n"));
                    }
                }
            }
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_moves_keep_the_path_below() {
        let moves = folder_moves(&[("services/ingest/src/main.rs", "services/loader/src/main.rs")]);
        assert_eq!(
            moves,
            [("services/ingest".to_string(), "services/loader".to_string())]
        );
    }

    #[test]
    fn patterns_match_whole_yaml_values() {
        assert!(contains_pattern(
            "governs: [\"services/ingest/**\"]",
            "services/ingest/**"
        ));
        assert!(contains_pattern(
            "  - services/ingest/**",
            "services/ingest/**"
        ));
        assert!(!contains_pattern(
            "governs: [\"services/ingest/**/x\"]",
            "services/ingest/**"
        ));
    }

    #[test]
    fn diffs_show_context() {
        let before = "a\nb\nc\nd\ne\n";
        let after = "a\nb\nC\nd\ne\n";
        assert_eq!(
            unified_diff("f.md", before, after),
            "--- a/f.md\n+++ b/f.md\n@@ -1,5 +1,5 @@\n a\n b\n-c\n+C\n d\n e\n"
        );
    }
}
