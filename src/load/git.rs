//! Git access, through libgit2: the commit being built, the files at a commit, the net diff of a
//! merge request, the commits in its range, and what to fetch when a CI clone is too shallow.
//!
//! Paths handed out are relative to the repository root, `/`-separated. A project (the folder
//! of `sadoc.yml`) may sit below the root; [`Repo::prefix`] says where.

use std::path::Path;

use git2::{
    Delta, DiffFindOptions, DiffOptions, ObjectType, Oid, Repository, Sort, TreeWalkMode,
    TreeWalkResult,
};
use serde::Serialize;

/// A git environment problem: `sadoc check` exits with 3 and says what to run.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The project is not in a git repository.
    #[error(
        "`{path}` is not in a git repository\n  help: run sadoc check in a clone of the repository"
    )]
    NotARepository {
        /// The project folder.
        path: String,
    },
    /// A revision is not in this clone.
    #[error("the commit `{rev}` is not in this clone{shallow}\n  help: fetch it first: {fetch}")]
    Missing {
        /// The revision asked for.
        rev: String,
        /// " (it is a shallow clone)" when it is one.
        shallow: &'static str,
        /// The command to run.
        fetch: String,
    },
    /// The history needed is cut off by a shallow clone.
    #[error(
        "{what}: this is a shallow clone and the history needed is missing\n  help: fetch more history: {fetch}"
    )]
    Shallow {
        /// What could not be computed.
        what: String,
        /// The command to run.
        fetch: String,
    },
    /// Any other libgit2 error.
    #[error("git: {0}")]
    Git(#[from] git2::Error),
}

/// How a file changed between two commits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// New file.
    Added,
    /// Content changed.
    Modified,
    /// File removed.
    Deleted,
    /// File moved (maybe also changed).
    Renamed,
}

/// One changed file of a range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// How it changed.
    pub kind: ChangeKind,
    /// Its path after the change (before it, for a deleted file), repository-relative.
    pub path: String,
    /// Its path before a rename.
    pub old_path: Option<String>,
    /// Lines added.
    pub insertions: usize,
    /// Lines removed.
    pub deletions: usize,
    /// Where the file changed, as its hunks' new-side lines: 1-based start and count (a
    /// count of 0 is a removal after that line).
    #[serde(skip)]
    pub hunks: Vec<(u32, u32)>,
    /// The text of the lines each hunk removed and added (for a modified text file of at most
    /// 256 KB of changes; empty otherwise).
    #[serde(skip)]
    pub lines: Vec<HunkLines>,
}

/// The lines one hunk removed and added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HunkLines {
    /// Removed lines, without their line ends.
    pub removed: Vec<String>,
    /// Added lines, without their line ends.
    pub added: Vec<String>,
}

/// A commit of a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// Full hash.
    pub sha: String,
    /// Full message.
    pub message: String,
}

/// An open repository.
pub struct Repo {
    repo: Repository,
    /// Where the project sits below the repository root (`""` at the root, else `a/b`).
    pub prefix: String,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// Where `folder` sits below the root of the repository that holds it (`""` at the root);
/// `None` outside git.
pub fn prefix_of(folder: &Path) -> Option<String> {
    let repo = Repository::discover(folder).ok()?;
    prefix_in(&repo, folder)
}

fn prefix_in(repo: &Repository, folder: &Path) -> Option<String> {
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let root = folder.canonicalize().ok()?;
    crate::util::paths::relative(&workdir, &root)
}

/// The removed and added lines of each hunk of a patch (text only, at most 256 KB).
fn hunk_lines(patch: &git2::Patch<'_>) -> Vec<HunkLines> {
    let mut out = Vec::new();
    let mut bytes = 0usize;
    for h in 0..patch.num_hunks() {
        let mut hunk = HunkLines::default();
        for l in 0..patch.num_lines_in_hunk(h).unwrap_or(0) {
            let Ok(line) = patch.line_in_hunk(h, l) else {
                continue;
            };
            let Ok(text) = std::str::from_utf8(line.content()) else {
                return Vec::new();
            };
            bytes += text.len();
            if bytes > 256 << 10 {
                return Vec::new();
            }
            let text = text.trim_end_matches(['\n', '\r']).to_string();
            match line.origin() {
                '-' => hunk.removed.push(text),
                '+' => hunk.added.push(text),
                _ => {}
            }
        }
        out.push(hunk);
    }
    out
}

/// Whether `token` occurs in `text` as a whole token (not inside a longer name).
pub fn contains_token(text: &str, token: &str) -> bool {
    let name_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(token).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + token.len()..].chars().next();
        !before.is_some_and(|c| name_char(c) || (c == '-' && token.starts_with('-')))
            && !after.is_some_and(|c| name_char(c) || c == '-')
    })
}

fn is_sha(rev: &str) -> bool {
    (7..=40).contains(&rev.len()) && rev.chars().all(|c| c.is_ascii_hexdigit())
}

impl Repo {
    /// The repository containing `project_root`, or `None` when there is none.
    ///
    /// sadoc only reads repositories git already checked when they were fetched: libgit2's
    /// hashing of every object it reads (a SHA-1 per tree and blob, a sixth of a history
    /// walk's time) is turned off, as git itself does not re-hash what it reads.
    pub fn discover(project_root: &Path) -> Option<Repo> {
        static FAST_READS: std::sync::Once = std::sync::Once::new();
        FAST_READS.call_once(|| git2::opts::strict_hash_verification(false));
        let repo = Repository::discover(project_root).ok()?;
        let prefix = prefix_in(&repo, project_root)?;
        Some(Repo { repo, prefix })
    }

    /// Like [`Repo::discover`], but a missing repository is an error.
    pub fn open(project_root: &Path) -> Result<Repo, GitError> {
        Repo::discover(project_root).ok_or_else(|| GitError::NotARepository {
            path: project_root.display().to_string(),
        })
    }

    /// The libgit2 repository, for walks this module does not wrap.
    pub fn raw(&self) -> &Repository {
        &self.repo
    }

    /// Whether the clone is shallow.
    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    /// A project path as a repository-relative one.
    pub fn repo_path(&self, project_path: &str) -> String {
        crate::util::paths::to_repo(&self.prefix, project_path)
    }

    /// A repository-relative path as a project path (`../x` beside the project).
    pub fn project_path(&self, repo_path: &str) -> String {
        crate::util::paths::from_repo(&self.prefix, repo_path)
    }

    /// The commit `HEAD` points at.
    pub fn head(&self) -> Option<String> {
        self.repo
            .head()
            .ok()?
            .peel_to_commit()
            .ok()
            .map(|c| c.id().to_string())
    }

    /// The commit a revision names; a revision this clone lacks is a [`GitError::Missing`] with
    /// the fetch command.
    pub fn resolve(&self, rev: &str) -> Result<Oid, GitError> {
        match self
            .repo
            .revparse_single(rev)
            .and_then(|o| o.peel(ObjectType::Commit))
        {
            Ok(object) => Ok(object.id()),
            Err(_) => Err(GitError::Missing {
                rev: rev.to_string(),
                shallow: if self.is_shallow() {
                    " (it is a shallow clone)"
                } else {
                    ""
                },
                fetch: if is_sha(rev) {
                    format!("git fetch --depth=1 origin {rev}")
                } else {
                    format!("git fetch origin {rev}")
                },
            }),
        }
    }

    /// The parent of a commit (`HEAD^1` for GitHub's merge commits).
    pub fn first_parent(&self, commit: Oid) -> Result<Oid, GitError> {
        let c = self.repo.find_commit(commit)?;
        c.parent_id(0).map_err(|_| GitError::Shallow {
            what: format!("commit {} has no parent here", short(commit)),
            fetch: "git fetch --depth=2 origin HEAD (or actions/checkout with fetch-depth: 2)"
                .to_string(),
        })
    }

    /// The best common ancestor of two commits.
    pub fn merge_base(&self, a: Oid, b: Oid) -> Result<Oid, GitError> {
        self.repo.merge_base(a, b).map_err(|e| {
            if self.is_shallow() {
                GitError::Shallow {
                    what: "cannot find where this branch started".to_string(),
                    fetch: "git fetch --unshallow (or set GIT_DEPTH: 0 in the job)".to_string(),
                }
            } else {
                GitError::Git(e)
            }
        })
    }

    /// The tip of the default branch: `name` if given, else `origin/HEAD`, `main` or `master`.
    pub fn default_branch(&self, name: Option<&str>) -> Option<(String, Oid)> {
        let mut candidates: Vec<String> = Vec::new();
        if let Some(n) = name {
            candidates.push(format!("origin/{n}"));
            candidates.push(n.to_string());
        }
        if let Ok(r) = self.repo.find_reference("refs/remotes/origin/HEAD")
            && let Ok(Some(target)) = r.symbolic_target()
        {
            candidates.push(target.trim_start_matches("refs/remotes/").to_string());
        }
        for n in ["main", "master"] {
            candidates.push(format!("origin/{n}"));
            candidates.push(n.to_string());
        }
        candidates.into_iter().find_map(|c| {
            let oid = self
                .repo
                .revparse_single(&c)
                .ok()?
                .peel(ObjectType::Commit)
                .ok()?
                .id();
            Some((c, oid))
        })
    }

    /// Every file at a commit, repository-relative.
    pub fn files_at(&self, commit: Oid) -> Result<Vec<String>, GitError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let mut files = Vec::new();
        tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() == Some(ObjectType::Blob)
                && let Ok(name) = entry.name()
            {
                files.push(format!("{dir}{name}"));
            }
            TreeWalkResult::Ok
        })?;
        Ok(files)
    }

    /// The content of a file at a commit, if it is there.
    pub fn read_at(&self, commit: Oid, path: &str) -> Option<Vec<u8>> {
        let tree = self.repo.find_commit(commit).ok()?.tree().ok()?;
        let entry = tree.get_path(Path::new(path)).ok()?;
        let blob = self.repo.find_blob(entry.id()).ok()?;
        Some(blob.content().to_vec())
    }

    /// Which of `names` appear, as whole tokens, in some file of `commit` that `skip` does not
    /// leave out (a repository path); files over 1 MB are not read, and the search stops after
    /// `budget` bytes.
    pub fn find_tokens(
        &self,
        commit: Oid,
        names: &[String],
        skip: &dyn Fn(&str) -> bool,
        budget: usize,
    ) -> std::collections::HashSet<String> {
        let mut found = std::collections::HashSet::new();
        let Ok(tree) = self.repo.find_commit(commit).and_then(|c| c.tree()) else {
            return found;
        };
        let mut read = 0usize;
        let _ = tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            if found.len() == names.len() || read > budget {
                return TreeWalkResult::Abort;
            }
            if entry.kind() != Some(ObjectType::Blob) {
                return TreeWalkResult::Ok;
            }
            let path = format!("{dir}{}", entry.name().unwrap_or(""));
            if skip(&path) {
                return TreeWalkResult::Ok;
            }
            let Ok(blob) = self.repo.find_blob(entry.id()) else {
                return TreeWalkResult::Ok;
            };
            if blob.size() > 1 << 20 || blob.is_binary() {
                return TreeWalkResult::Ok;
            }
            read += blob.size();
            let text = String::from_utf8_lossy(blob.content());
            for name in names {
                if !found.contains(name) && contains_token(&text, name) {
                    found.insert(name.clone());
                }
            }
            TreeWalkResult::Ok
        });
        found
    }

    /// The net difference between two commits, with renames found (50% similarity, as git).
    pub fn diff(&self, base: Oid, head: Oid) -> Result<Vec<Change>, GitError> {
        let old = self.repo.find_commit(base)?.tree()?;
        let new = self.repo.find_commit(head)?.tree()?;
        let mut options = DiffOptions::new();
        // No context lines: each hunk is exactly the lines that changed.
        options.ignore_submodules(true).context_lines(0);
        let mut diff = self
            .repo
            .diff_tree_to_tree(Some(&old), Some(&new), Some(&mut options))?;
        let mut find = DiffFindOptions::new();
        find.renames(true).rename_threshold(50);
        diff.find_similar(Some(&mut find))?;
        let mut changes = Vec::new();
        for (i, delta) in diff.deltas().enumerate() {
            let path = |f: git2::DiffFile<'_>| {
                f.path()
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default()
            };
            let (kind, path, old_path) = match delta.status() {
                Delta::Added | Delta::Copied => (ChangeKind::Added, path(delta.new_file()), None),
                Delta::Deleted => (ChangeKind::Deleted, path(delta.old_file()), None),
                Delta::Renamed => (
                    ChangeKind::Renamed,
                    path(delta.new_file()),
                    Some(path(delta.old_file())),
                ),
                Delta::Modified | Delta::Typechange => {
                    (ChangeKind::Modified, path(delta.new_file()), None)
                }
                _ => continue,
            };
            let patch = git2::Patch::from_diff(&diff, i).ok().flatten();
            let (insertions, deletions) = patch
                .as_ref()
                .and_then(|p| p.line_stats().ok())
                .map_or((0, 0), |(_, add, del)| (add, del));
            let hunks = patch
                .as_ref()
                .map(|p| {
                    (0..p.num_hunks())
                        .filter_map(|h| p.hunk(h).ok())
                        .map(|(hunk, _)| (hunk.new_start(), hunk.new_lines()))
                        .collect()
                })
                .unwrap_or_default();
            let lines = match (&patch, kind) {
                (Some(p), ChangeKind::Modified) if insertions + deletions < 8192 => hunk_lines(p),
                _ => Vec::new(),
            };
            changes.push(Change {
                kind,
                path,
                old_path,
                insertions,
                deletions,
                hunks,
                lines,
            });
        }
        Ok(changes)
    }

    /// The commits reachable from `head` but not from `base`, newest first.
    pub fn commits(&self, base: Oid, head: Oid) -> Result<Vec<Commit>, GitError> {
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL)?;
        walk.push(head)?;
        walk.hide(base)?;
        let mut commits = Vec::new();
        for oid in walk {
            let Ok(oid) = oid else {
                // The walk reached the edge of a shallow clone: what is here is what there is.
                break;
            };
            let commit = self.repo.find_commit(oid)?;
            commits.push(Commit {
                sha: oid.to_string(),
                message: String::from_utf8_lossy(commit.message_bytes()).into_owned(),
            });
            if commits.len() > 10_000 {
                break;
            }
        }
        Ok(commits)
    }
}

/// `f` of each item, spread over rayon's threads, each with its own handle on `repo`'s
/// repository (a thread that cannot open one uses none: `f` is then not called and the item's
/// result is the default).
pub fn in_parallel<T: Sync, R: Send + Default>(
    repo: &Repo,
    items: &[T],
    f: impl Fn(&Repository, &T) -> R + Sync,
) -> Vec<R> {
    use rayon::prelude::*;
    let path = repo.repo.path().to_path_buf();
    items
        .par_iter()
        .map_init(
            || Repository::open(&path).ok(),
            |handle, item| handle.as_ref().map(|r| f(r, item)).unwrap_or_default(),
        )
        .collect()
}

/// A short form of a commit id.
pub fn short(oid: Oid) -> String {
    oid.to_string()[..8].to_string()
}

/// The values of `key:` trailers in a commit message (`Docs-Reviewed: ADR-0012`).
pub fn trailers<'m>(message: &'m str, key: &str) -> Vec<&'m str> {
    message
        .lines()
        .filter_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.trim().eq_ignore_ascii_case(key).then(|| v.trim())
        })
        .filter(|v| !v.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::trailers;

    #[test]
    fn trailers_are_found_case_insensitively() {
        let message = "Refactor ingest\n\nBody text.\n\nDocs-Not-Needed: only renames variables\ndocs-reviewed: ADR-0012\n";
        assert_eq!(
            trailers(message, "Docs-Not-Needed"),
            ["only renames variables"]
        );
        assert_eq!(trailers(message, "Docs-Reviewed"), ["ADR-0012"]);
        assert!(trailers(message, "Signed-off-by").is_empty());
    }
}
