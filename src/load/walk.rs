//! Walking the configured folders to find every markdown page and every other file.
//!
//! The walk skips what is never documentation (hidden entries, the folders `docs.skip_folders`
//! names — `node_modules`, `target`, `__pycache__` by default —, the build output, the theme
//! folder, nested sadoc projects), follows symlinks only while they stay
//! inside the project, and turns loops and unreadable folders into diagnostics instead of
//! errors.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::load::project::CONFIG_FILE;
use crate::util::diag::Diagnostic;
use crate::util::paths;

/// What the walk found, as project-relative `/`-separated paths.
#[derive(Debug, Default)]
pub struct Found {
    /// Markdown files.
    pub markdown: BTreeSet<String>,
    /// Every other file.
    pub files: BTreeSet<String>,
    /// Every folder.
    pub dirs: BTreeSet<String>,
    /// Problems met on the way.
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether a file name is a markdown page.
pub fn is_markdown(path: &str) -> bool {
    matches!(paths::extension(path).as_str(), "md" | "markdown")
}

/// Folders that never hold documentation, by default (`docs.skip_folders`).
pub const SKIPPED_DIRS: &[&str] = &["node_modules", "target", "__pycache__"];

/// Walks each folder in `dirs` (project-relative) below `root`, skipping the absolute paths in
/// `exclude` and folders named in `skip`.
pub fn walk(root: &Path, dirs: &[&str], exclude: &[PathBuf], skip: &[String]) -> Found {
    let mut found = Found::default();
    let rules = Rules {
        root,
        canonical_root: &root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        exclude,
        skip,
    };
    for dir in dirs {
        let start = if dir.is_empty() {
            root.to_path_buf()
        } else {
            root.join(dir)
        };
        if !start.is_dir() {
            continue;
        }
        walk_one(&rules, &start, &mut found);
    }
    found
}

/// What the walk leaves out.
struct Rules<'a> {
    root: &'a Path,
    canonical_root: &'a Path,
    exclude: &'a [PathBuf],
    skip: &'a [String],
}

/// Whether the walk enters `entry`; a symlink leading outside the project is reported.
fn keep(entry: &walkdir::DirEntry, rules: &Rules<'_>, outside: &mut Vec<Diagnostic>) -> bool {
    let path = entry.path();
    if entry.depth() == 0 {
        return true;
    }
    let name = entry.file_name().to_string_lossy();
    if name.starts_with('.') {
        return false;
    }
    if entry.file_type().is_dir()
        && (rules.skip.iter().any(|s| *s == name)
            || rules.exclude.iter().any(|e| e == path)
            || path.join(CONFIG_FILE).is_file())
    {
        return false;
    }
    if entry.path_is_symlink() {
        let inside = path
            .canonicalize()
            .is_ok_and(|target| target.starts_with(rules.canonical_root));
        if !inside {
            let shown =
                paths::relative(rules.root, path).unwrap_or_else(|| path.display().to_string());
            outside.push(
                Diagnostic::warning(
                    "load/symlink-outside",
                    shown,
                    "symlink points outside the project; not followed",
                )
                .with_help("copy the file into the project or remove the link"),
            );
            return false;
        }
    }
    true
}

fn walk_one(rules: &Rules<'_>, start: &Path, found: &mut Found) {
    let root = rules.root;
    let mut outside: Vec<Diagnostic> = Vec::new();
    let walker = WalkDir::new(start)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| keep(entry, rules, &mut outside));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                let shown =
                    paths::relative(root, &path).unwrap_or_else(|| path.display().to_string());
                let d = if let Some(ancestor) = err.loop_ancestor() {
                    let anc = paths::relative(root, ancestor)
                        .unwrap_or_else(|| ancestor.display().to_string());
                    Diagnostic::warning(
                        "load/symlink-loop",
                        shown,
                        format!("symlink loop: this link leads back to `{anc}`; skipped"),
                    )
                    .with_help("remove the link or point it somewhere that does not contain it")
                } else {
                    let reason = err
                        .io_error()
                        .map_or_else(|| err.to_string(), |e| e.to_string());
                    Diagnostic::error("load/unreadable", shown, format!("cannot read: {reason}"))
                        .with_help("check the file's permissions")
                };
                found.diagnostics.push(d);
                continue;
            }
        };
        if entry.depth() == 0 {
            if let Some(rel) = paths::relative(root, entry.path()) {
                found.dirs.insert(rel);
            }
            continue;
        }
        let Some(rel) = paths::relative(root, entry.path()) else {
            found.diagnostics.push(Diagnostic::warning(
                "load/file-name",
                entry.path().to_string_lossy(),
                "file name is not valid UTF-8; skipped",
            ));
            continue;
        };
        if entry.file_type().is_dir() {
            found.dirs.insert(rel);
        } else if is_markdown(&rel) {
            found.markdown.insert(rel);
        } else {
            found.files.insert(rel);
        }
    }
    found.diagnostics.append(&mut outside);
}
