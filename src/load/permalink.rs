//! Permalinks to code on the repository host, at the commit being built.
//!
//! A link from a page to `../../src/ingest/main.rs#L10-L20`, and every `governs:` pattern,
//! becomes a link to the file at the exact commit the site was built from, so the page and the
//! code it describes never drift apart: GitLab `<url>/-/blob/<sha>/<path>#L10-20`, GitHub
//! `<url>/blob/<sha>/<path>#L10-L20`, or `repo.permalink` for other hosts. The commit is
//! `CI_MERGE_REQUEST_SOURCE_BRANCH_SHA` (GitLab merged-results pipelines: not the temporary
//! merge commit), `CI_COMMIT_SHA`, `GITHUB_SHA`, or `HEAD` of the repository.

use std::sync::LazyLock;

use regex::Regex;

use crate::load::config::{RepoConfig, RepoKind};
use crate::load::git::Repo;

/// Builds code URLs for one build.
#[derive(Debug, Clone, Default)]
pub struct Permalinks {
    repo: Option<RepoConfig>,
    /// The commit linked to (or the branch, outside git).
    pub commit: Option<String>,
    prefix: String,
}

/// The commit being built, from the CI environment or the repository.
pub fn current_commit(repo: Option<&Repo>, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    [
        "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA",
        "CI_COMMIT_SHA",
        "GITHUB_SHA",
    ]
    .iter()
    .find_map(|k| env(k).filter(|v| !v.trim().is_empty()))
    .or_else(|| repo.and_then(Repo::head))
}

/// A `L10`, `L10-20` or `L10-L20` fragment as (start, end).
fn lines(fragment: &str) -> Option<(u32, Option<u32>)> {
    static LINES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^L(\d+)(?:-L?(\d+))?$").expect("valid regex"));
    let c = LINES.captures(fragment)?;
    Some((
        c[1].parse().ok()?,
        c.get(2).and_then(|m| m.as_str().parse().ok()),
    ))
}

impl Permalinks {
    /// Permalinks for a project: its `repo:` settings, the commit, and where the project sits
    /// in the repository.
    pub fn new(
        repo: Option<&RepoConfig>,
        commit: Option<String>,
        git: Option<&Repo>,
    ) -> Permalinks {
        Permalinks {
            repo: repo.cloned(),
            commit,
            prefix: git.map(|g| g.prefix.clone()).unwrap_or_default(),
        }
    }

    /// The same links for paths of another folder of the repository (`prefix` below its root).
    pub fn with_prefix(mut self, prefix: &str) -> Permalinks {
        self.prefix = prefix.to_string();
        self
    }

    /// Whether a repository is configured (otherwise there are no code links).
    pub fn enabled(&self) -> bool {
        self.repo.is_some()
    }

    fn repo_path(&self, path: &str) -> String {
        crate::util::paths::to_repo(&self.prefix, path)
    }

    fn reference(&self, repo: &RepoConfig) -> String {
        self.commit.clone().unwrap_or_else(|| repo.branch.clone())
    }

    /// The URL of a project file, with an optional `L10-L20` fragment.
    pub fn file(&self, project_path: &str, fragment: Option<&str>) -> Option<String> {
        let repo = self.repo.as_ref()?;
        let base = repo.url.trim_end_matches('/');
        let path = crate::util::paths::encode_path(&self.repo_path(project_path));
        let sha = self.reference(repo);
        let range = fragment.and_then(lines);
        if let Some(pattern) = &repo.permalink {
            let lines = match range {
                Some((start, Some(end))) => format!("L{start}-L{end}"),
                Some((start, None)) => format!("L{start}"),
                None => String::new(),
            };
            let mut url = pattern
                .replace("{url}", base)
                .replace("{sha}", &sha)
                .replace("{path}", &path);
            if pattern.contains("{lines}") {
                url = url.replace("{lines}", &lines);
            } else if !lines.is_empty() {
                url = format!("{url}#{lines}");
            }
            return Some(url);
        }
        let (blob, fragment) = match repo.effective_kind() {
            RepoKind::Gitlab => (
                "-/blob",
                match range {
                    Some((s, Some(e))) => Some(format!("L{s}-{e}")),
                    Some((s, None)) => Some(format!("L{s}")),
                    None => fragment.map(str::to_string),
                },
            ),
            RepoKind::Github => (
                "blob",
                match range {
                    Some((s, Some(e))) => Some(format!("L{s}-L{e}")),
                    Some((s, None)) => Some(format!("L{s}")),
                    None => fragment.map(str::to_string),
                },
            ),
        };
        let mut url = format!("{base}/{blob}/{sha}/{path}");
        if let Some(f) = fragment.filter(|f| !f.is_empty()) {
            url.push('#');
            url.push_str(&f);
        }
        Some(url)
    }

    /// The web editor for a project file on the configured branch ("edit this page").
    pub fn edit(&self, project_path: &str) -> Option<String> {
        self.on_branch("edit", project_path)
    }

    /// The list of commits that changed a project file, on the configured branch.
    pub fn history(&self, project_path: &str) -> Option<String> {
        self.on_branch("commits", project_path)
    }

    /// `<repo>/-/<page>/<branch>/<path>` on GitLab, `<repo>/<page>/<branch>/<path>` on GitHub.
    fn on_branch(&self, page: &str, project_path: &str) -> Option<String> {
        let repo = self.repo.as_ref()?;
        let base = repo.url.trim_end_matches('/');
        let path = crate::util::paths::encode_path(&self.repo_path(project_path));
        let branch = &repo.branch;
        Some(match repo.effective_kind() {
            RepoKind::Gitlab => format!("{base}/-/{page}/{branch}/{path}"),
            RepoKind::Github => format!("{base}/{page}/{branch}/{path}"),
        })
    }

    /// The URL of a project folder.
    pub fn folder(&self, project_path: &str) -> Option<String> {
        let repo = self.repo.as_ref()?;
        let base = repo.url.trim_end_matches('/');
        let path = crate::util::paths::encode_path(&self.repo_path(project_path));
        let sha = self.reference(repo);
        Some(match repo.effective_kind() {
            RepoKind::Gitlab => format!("{base}/-/tree/{sha}/{path}"),
            RepoKind::Github => format!("{base}/tree/{sha}/{path}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(yaml: &str) -> Permalinks {
        let config = crate::load::config::Config::parse(yaml, "sadoc.yml").unwrap();
        Permalinks::new(config.repo.as_ref(), Some("abc123".into()), None)
    }

    #[test]
    fn gitlab_and_github_line_ranges() {
        let gl = links("title: T\nrepo: { url: https://gitlab.example.com/g/p }\n");
        assert_eq!(
            gl.file("src/x.rs", Some("L10-L20")).unwrap(),
            "https://gitlab.example.com/g/p/-/blob/abc123/src/x.rs#L10-20"
        );
        assert_eq!(
            gl.file("src/x.rs", None).unwrap(),
            "https://gitlab.example.com/g/p/-/blob/abc123/src/x.rs"
        );
        assert_eq!(
            gl.folder("src").unwrap(),
            "https://gitlab.example.com/g/p/-/tree/abc123/src"
        );
        let gh = links("title: T\nrepo: { url: https://github.com/o/r/ }\n");
        assert_eq!(
            gh.file("src/x.rs", Some("L10-20")).unwrap(),
            "https://github.com/o/r/blob/abc123/src/x.rs#L10-L20"
        );
        assert_eq!(
            gh.file("a b.rs", Some("L3")).unwrap(),
            "https://github.com/o/r/blob/abc123/a%20b.rs#L3"
        );
    }

    #[test]
    fn custom_hosts_use_a_pattern() {
        let other = links(
            "title: T\nrepo: { url: https://git.example.com/p, permalink: \"{url}/src/{sha}/{path}?lines={lines}\" }\n",
        );
        assert_eq!(
            other.file("x.rs", Some("L1-L2")).unwrap(),
            "https://git.example.com/p/src/abc123/x.rs?lines=L1-L2"
        );
    }

    #[test]
    fn the_commit_comes_from_ci_first() {
        let env = |k: &str| match k {
            "CI_COMMIT_SHA" => Some("merge".to_string()),
            "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA" => Some("source".to_string()),
            _ => None,
        };
        assert_eq!(current_commit(None, &env).as_deref(), Some("source"));
        assert_eq!(current_commit(None, &|_| None), None);
    }
}
