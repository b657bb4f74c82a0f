//! Who changed each page and when: the last commit date, the authors and the revisions of
//! every document, the merge requests and the `Docs-Reviewed:` trailers, from one walk over
//! the repository's history.
//!
//! The walk visits each commit once, newest first, and compares its tree with its parent's,
//! limited to the documentation folders and skipping every subtree whose id did not change; it
//! never walks history once per file. Merge commits are skipped,
//! as `git log -- <file>` does, so the authors are the people who wrote the changes. In a
//! shallow clone the walk stops at the clone's boundary: that commit seems to add every file,
//! so files not changed since are "unknown", never given the boundary's date.

use std::collections::HashMap;

use git2::{ObjectType, Oid, Sort};

use crate::load::git::Repo;
use crate::load::merge_request::MergeRequest;
use crate::model::decision::Date;

/// One file's history.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileHistory {
    /// The date of the last commit that changed it (UTC).
    pub updated: Option<Date>,
    /// Its authors, most commits first (then most recent first).
    pub authors: Vec<String>,
    /// Every commit that changed it, newest first.
    pub revisions: Vec<Revision>,
}

/// A version of a file: the commit that wrote it (an index into [`History::commits`]), its
/// blob, and the blob it replaced (`None` where the commit added the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision {
    pub commit: u32,
    pub blob: Oid,
    pub parent: Option<Oid>,
}

/// A commit that changed a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: Oid,
    /// Its date (UTC).
    pub date: Option<Date>,
    pub author: String,
    /// The merge request it came in with: the one its own message names (a squash commit's
    /// "Title (#12)"), else that of the oldest merge on HEAD's first-parent line containing it.
    pub merge_request: Option<MergeRequest>,
}

/// A `Docs-Reviewed:` trailer: what it names, as written, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewTrailer {
    pub value: String,
    pub date: Option<Date>,
    pub commit: Oid,
}

/// The history of the documentation.
#[derive(Debug, Clone, Default)]
pub struct History {
    files: HashMap<String, FileHistory>,
    /// Where the project sits in the repository (`""` at its root).
    prefix: String,
    /// When the clone is shallow: the boundary's short id, beyond which dates are unknown.
    pub shallow_boundary: Option<String>,
    /// The commits `Revision::commit` points at.
    pub commits: Vec<CommitInfo>,
    /// HEAD's first-parent line, newest first, with the merge request each commit names.
    pub mainline: Vec<(Oid, Option<MergeRequest>)>,
    /// Every `Docs-Reviewed:` trailer, newest first.
    pub reviewed: Vec<ReviewTrailer>,
}

impl History {
    /// The history of a project file (`None` when no commit changed it: a new, uncommitted
    /// file, or one older than a shallow clone's boundary).
    pub fn of(&self, project_path: &str) -> Option<&FileHistory> {
        if self.prefix.is_empty() {
            self.files.get(project_path)
        } else {
            self.files
                .get(&crate::util::paths::to_repo(&self.prefix, project_path))
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
    revisions: Vec<Revision>,
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
    let dirs = outermost(dirs);
    let mut revwalk = git.revwalk()?;
    revwalk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
    revwalk.push(head.id())?;
    let mut tallies: HashMap<String, Tally> = HashMap::new();
    let mut history = History::default();
    let shallow = repo.is_shallow();
    let mut changed: Vec<(String, Oid, Option<Oid>)> = Vec::new();
    let mut trees = Trees::new(git);
    let mut next_mainline = Some(head.id());
    // Which commit of the first-parent line brought each commit in (its index in
    // `history.mainline`): the oldest one that contains it. Walking newest first in
    // topological order, a commit is seen after all its children, so each passes its label
    // on to its parents and a parent keeps the oldest it is given.
    let mut brought_by: HashMap<Oid, usize> = HashMap::new();
    for (order, oid) in revwalk.enumerate() {
        let Ok(oid) = oid else { break };
        let commit = git.find_commit(oid)?;
        let message = String::from_utf8_lossy(commit.message_bytes());
        let date = commit_date(commit.time().seconds());
        let own_request = crate::load::merge_request::in_message(&message);
        let on_mainline = next_mainline == Some(oid);
        let label = if on_mainline {
            next_mainline = commit.parent_id(0).ok();
            history.mainline.push((oid, own_request.clone()));
            brought_by.remove(&oid);
            Some(history.mainline.len() - 1)
        } else {
            brought_by.remove(&oid)
        };
        if let Some(label) = label {
            for (i, parent) in commit.parent_ids().enumerate() {
                if on_mainline && i == 0 {
                    continue;
                }
                let entry = brought_by.entry(parent).or_insert(label);
                *entry = (*entry).max(label);
            }
        }
        let merge_request = match (own_request, label) {
            (Some(own), _) => Some(own),
            (None, Some(label)) if !on_mainline => history.mainline[label].1.clone(),
            _ => None,
        };
        for value in crate::load::git::trailers(&message, "Docs-Reviewed") {
            history.reviewed.push(ReviewTrailer {
                value: value.to_string(),
                date,
                commit: oid,
            });
        }
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
            history.shallow_boundary = Some(crate::load::git::short(oid));
            break;
        }
        let tree = commit.tree()?;
        changed.clear();
        for dir in &dirs {
            let new = subtree(&mut trees, &tree, dir);
            let old = parent_tree
                .as_ref()
                .and_then(|t| subtree(&mut trees, t, dir));
            if let Some(new) = new {
                added_or_modified(&mut trees, old.as_ref(), &new, dir, &mut changed);
            }
        }
        trees.next_commit();
        if changed.is_empty() {
            continue;
        }
        let author = commit.author().name().unwrap_or("unknown").to_string();
        let index = history.commits.len() as u32;
        history.commits.push(CommitInfo {
            id: oid,
            date,
            author: author.clone(),
            merge_request: merge_request.clone(),
        });
        for (path, blob, parent) in changed.drain(..) {
            let tally = tallies.entry(path).or_default();
            if tally.updated.is_none() {
                tally.updated = date;
            }
            tally.revisions.push(Revision {
                commit: index,
                blob,
                parent,
            });
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
                revisions: tally.revisions,
            };
            (path, file)
        })
        .collect();
    Ok(history)
}

/// The folders to compare, without those inside another one (`""` is the whole tree).
fn outermost(dirs: &[String]) -> Vec<String> {
    let mut dirs: Vec<String> = dirs
        .iter()
        .map(|d| d.trim_matches('/').to_string())
        .collect();
    dirs.sort();
    dirs.dedup();
    let all = dirs.clone();
    dirs.retain(|d| {
        !all.iter()
            .any(|other| other != d && crate::util::paths::is_within(d, other))
    });
    dirs
}

/// Trees read for this commit and the one before. Walking newest first, a commit's parent is
/// the next commit walked, so its trees are read once, not twice; libgit2's own cache leaves
/// out large trees (a folder of thousands of ADRs), which are the ones that matter.
struct Trees<'r> {
    git: &'r git2::Repository,
    current: HashMap<Oid, git2::Tree<'r>>,
    previous: HashMap<Oid, git2::Tree<'r>>,
}

impl<'r> Trees<'r> {
    fn new(git: &'r git2::Repository) -> Trees<'r> {
        Trees {
            git,
            current: HashMap::new(),
            previous: HashMap::new(),
        }
    }

    fn get(&mut self, oid: Oid) -> Option<git2::Tree<'r>> {
        if let Some(tree) = self.current.get(&oid) {
            return Some(tree.clone());
        }
        let tree = match self.previous.remove(&oid) {
            Some(tree) => tree,
            None => self.git.find_tree(oid).ok()?,
        };
        self.current.insert(oid, tree.clone());
        Some(tree)
    }

    fn next_commit(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }
}

/// The tree of folder `dir` in `root` (`root` itself for `""`).
fn subtree<'r>(trees: &mut Trees<'r>, root: &git2::Tree<'r>, dir: &str) -> Option<git2::Tree<'r>> {
    if dir.is_empty() {
        return Some(root.clone());
    }
    let entry = root.get_path(std::path::Path::new(dir)).ok()?;
    trees.get(entry.id())
}

/// Adds to `out` the blobs of `new` (at `prefix`) that `old` does not have with the same id.
/// Subtrees with the same id are skipped whole, so a commit costs what it changed, not the
/// size of the tree.
fn added_or_modified<'r>(
    trees: &mut Trees<'r>,
    old: Option<&git2::Tree<'r>>,
    new: &git2::Tree<'r>,
    prefix: &str,
    out: &mut Vec<(String, Oid, Option<Oid>)>,
) {
    if old.is_some_and(|o| o.id() == new.id()) {
        return;
    }
    for entry in new.iter() {
        let Ok(name) = entry.name() else { continue };
        let before = old.and_then(|o| o.get_name(name));
        if before.as_ref().is_some_and(|b| b.id() == entry.id()) {
            continue;
        }
        let path = if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}/{name}")
        };
        match entry.kind() {
            Some(ObjectType::Tree) => {
                let Some(tree) = trees.get(entry.id()) else {
                    continue;
                };
                let before = before
                    .filter(|b| b.kind() == Some(ObjectType::Tree))
                    .and_then(|b| trees.get(b.id()));
                added_or_modified(trees, before.as_ref(), &tree, &path, out);
            }
            Some(ObjectType::Blob) => out.push((
                path,
                entry.id(),
                before
                    .filter(|b| b.kind() == Some(ObjectType::Blob))
                    .map(|b| b.id()),
            )),
            // Submodules (commits) are not documents.
            _ => {}
        }
    }
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
    let (year, month, day) = crate::util::date::civil_from_days(seconds.div_euclid(86_400));
    Date::new(u16::try_from(year).ok()?, month as u8, day as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_inside_others_are_compared_once() {
        let dirs = |d: &[&str]| outermost(&d.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(dirs(&["docs", "docs/sad", "adr", "docs/"]), ["adr", "docs"]);
        assert_eq!(dirs(&["docs", "", "adr"]), [""]);
        assert_eq!(dirs(&["docs", "docs2"]), ["docs", "docs2"]);
    }

    #[test]
    fn commit_times_are_utc_dates() {
        assert_eq!(commit_date(0), Date::new(1970, 1, 1));
        assert_eq!(commit_date(951_782_400), Date::new(2000, 2, 29));
        assert_eq!(commit_date(1_764_028_800), Date::new(2025, 11, 25));
        assert_eq!(commit_date(1_764_028_799), Date::new(2025, 11, 24));
    }
}
