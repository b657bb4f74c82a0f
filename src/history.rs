//! Who changed each page and when: the last commit date and the authors of every document,
//! from one walk over the repository's history.
//!
//! The walk visits each commit once, newest first, and diffs it against its parent, limited to
//! the documentation folders; it never walks history once per file. Merge commits are skipped,
//! as `git log -- <file>` does, so the authors are the people who wrote the changes. In a
//! shallow clone the walk stops at the clone's boundary: that commit seems to add every file,
//! so files not changed since are "unknown", never given the boundary's date.

use std::collections::HashMap;

use git2::{Delta, DiffOptions, Oid, Sort};

use crate::git::Repo;
use crate::model::adr::Date;

/// One file's history.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileHistory {
    /// The date of the last commit that changed it (UTC).
    pub updated: Option<Date>,
    /// Its authors, most commits first (then most recent first).
    pub authors: Vec<String>,
}

/// The history of the documentation.
#[derive(Debug, Clone, Default)]
pub struct History {
    files: HashMap<String, FileHistory>,
    /// Where the project sits in the repository (`""` at its root).
    prefix: String,
    /// When the clone is shallow: the boundary's short id, beyond which dates are unknown.
    pub shallow_boundary: Option<String>,
}

impl History {
    /// The history of a project file (`None` when no commit changed it: a new, uncommitted
    /// file, or one older than a shallow clone's boundary).
    pub fn of(&self, project_path: &str) -> Option<&FileHistory> {
        if self.prefix.is_empty() {
            self.files.get(project_path)
        } else {
            self.files.get(&format!("{}/{project_path}", self.prefix))
        }
    }

    /// Whether any history was read (the project is in a repository with commits).
    pub fn is_known(&self) -> bool {
        !self.files.is_empty() || self.shallow_boundary.is_some()
    }
}

/// Per-author tallies while walking.
#[derive(Default)]
struct Tally {
    updated: Option<Date>,
    authors: Vec<(String, usize, usize)>,
}

/// Walks the history reachable from HEAD once and collects, for every file below `dirs`
/// (project paths; empty for the whole project), its last change and its authors.
pub fn collect(repo: &Repo, dirs: &[&str]) -> History {
    let dirs: Vec<String> = dirs.iter().map(|d| repo.repo_path(d)).collect();
    let mut history = walk(repo, &dirs).unwrap_or_default();
    history.prefix = repo.prefix.clone();
    history
}

fn walk(repo: &Repo, dirs: &[String]) -> Result<History, git2::Error> {
    let git = repo.raw();
    let head = match git.head().and_then(|h| h.peel_to_commit()) {
        Ok(commit) => commit,
        Err(_) => return Ok(History::default()),
    };
    let mut revwalk = git.revwalk()?;
    revwalk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
    revwalk.push(head.id())?;
    let mut options = DiffOptions::new();
    options.ignore_submodules(true);
    for dir in dirs.iter().filter(|d| !d.is_empty()) {
        options.pathspec(dir);
    }
    let mut tallies: HashMap<String, Tally> = HashMap::new();
    let mut history = History::default();
    let shallow = repo.is_shallow();
    for (order, oid) in revwalk.enumerate() {
        let Ok(oid) = oid else { break };
        let commit = git.find_commit(oid)?;
        let parents = commit.parent_count();
        if parents > 1 {
            continue;
        }
        let parent_tree = match parents {
            1 => match commit.parent(0) {
                Ok(parent) => Some(parent.tree()?),
                // A parent missing from a shallow clone.
                Err(_) => None,
            },
            _ => None,
        };
        if parent_tree.is_none() && shallow && is_boundary(repo, oid) {
            history.shallow_boundary = Some(crate::git::short(oid));
            break;
        }
        let tree = commit.tree()?;
        let diff = git.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut options))?;
        let date = commit_date(commit.time().seconds());
        let author = commit.author().name().unwrap_or("unknown").to_string();
        for delta in diff.deltas() {
            if matches!(delta.status(), Delta::Deleted) {
                continue;
            }
            let Some(path) = delta.new_file().path() else {
                continue;
            };
            let path = path.to_string_lossy().replace('\\', "/");
            let tally = tallies.entry(path).or_default();
            if tally.updated.is_none() {
                tally.updated = date;
            }
            match tally
                .authors
                .iter_mut()
                .find(|(name, _, _)| *name == author)
            {
                Some((_, commits, _)) => *commits += 1,
                None => tally.authors.push((author.clone(), 1, order)),
            }
        }
    }
    history.files = tallies
        .into_iter()
        .map(|(path, mut tally)| {
            tally
                .authors
                .sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
            let file = FileHistory {
                updated: tally.updated,
                authors: tally.authors.into_iter().map(|(name, _, _)| name).collect(),
            };
            (path, file)
        })
        .collect();
    Ok(history)
}

/// Whether a commit is where a shallow clone's history was cut.
fn is_boundary(repo: &Repo, oid: Oid) -> bool {
    let shallow_file = repo.raw().path().join("shallow");
    std::fs::read_to_string(shallow_file)
        .map(|text| text.lines().any(|l| l.trim() == oid.to_string()))
        .unwrap_or(true)
}

/// The UTC date of a commit time.
fn commit_date(seconds: i64) -> Option<Date> {
    let (year, month, day) = crate::date::civil_from_days(seconds.div_euclid(86_400));
    Date::new(u16::try_from(year).ok()?, month as u8, day as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_times_are_utc_dates() {
        assert_eq!(commit_date(0), Date::new(1970, 1, 1));
        assert_eq!(commit_date(951_782_400), Date::new(2000, 2, 29));
        assert_eq!(commit_date(1_764_028_800), Date::new(2025, 11, 25));
        assert_eq!(commit_date(1_764_028_799), Date::new(2025, 11, 24));
    }
}
