//! A small harness that makes tests read like specifications: create a project (from a fixture
//! folder or from inline files), run the real `sadoc` binary in it, and look at what a user
//! would see — the exit code, the messages and the files of the built site.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

/// A project in a temporary folder.
pub struct Project {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
}

/// What a run of sadoc produced.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts that stderr contains `text`.
    #[track_caller]
    pub fn expect_stderr(&self, text: &str) -> &Run {
        assert!(
            self.stderr.contains(text),
            "stderr does not contain {text:?}\n--- stderr\n{}",
            self.stderr
        );
        self
    }

    /// Asserts that stdout contains `text`.
    #[track_caller]
    pub fn expect_stdout(&self, text: &str) -> &Run {
        assert!(
            self.stdout.contains(text),
            "stdout does not contain {text:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts that stderr does not contain `text`.
    #[track_caller]
    pub fn refute_stderr(&self, text: &str) -> &Run {
        assert!(
            !self.stderr.contains(text),
            "stderr contains {text:?}\n--- stderr\n{}",
            self.stderr
        );
        self
    }
}

/// The folder holding the test fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder's files into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable fixture");
        let rel = entry.path().strip_prefix(from).expect("inside fixture");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

impl Project {
    /// An empty project folder (no sadoc.yml).
    pub fn empty() -> Project {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("project");
        std::fs::create_dir_all(&root).expect("create project dir");
        Project { _tmp: tmp, root }
    }

    /// A project with a minimal `sadoc.yml` (title only) and nothing else.
    pub fn new() -> Project {
        Project::empty().file("sadoc.yml", "title: Test Architecture\n")
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Project {
        let project = Project::empty();
        copy_dir(&fixtures().join(name), &project.root);
        project
    }

    /// A copy of any folder.
    pub fn copy_of(dir: &Path) -> Project {
        let project = Project::empty();
        copy_dir(dir, &project.root);
        project
    }

    /// Writes a file (text).
    pub fn file(self, path: &str, content: &str) -> Project {
        self.bytes(path, content.as_bytes())
    }

    /// Writes a file (bytes).
    pub fn bytes(self, path: &str, content: &[u8]) -> Project {
        let target = self.root.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&target, content).expect("write file");
        self
    }

    /// Runs `sadoc ARGS` in the project folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(&self.root, args)
    }

    /// Runs `sadoc ARGS` in another folder.
    pub fn run_in(&self, dir: &Path, args: &[&str]) -> Run {
        self.run_with_env(dir, args, &[])
    }

    /// Runs `sadoc ARGS` in a folder with extra environment variables. CI variables of the
    /// environment the tests run in (and a developer's editor and adr-tools template) are
    /// removed, so tests see only the ones they set.
    pub fn run_with_env(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = Command::cargo_bin("sadoc").expect("sadoc binary");
        for (key, _) in std::env::vars() {
            if key.starts_with("CI_")
                || key.starts_with("GITHUB_")
                || key == "GITLAB_CI"
                || key == "SADOC_CACHE_DIR"
                || ["CI", "VISUAL", "EDITOR", "ADR_TEMPLATE", "ADR_DATE"].contains(&key.as_str())
            {
                command.env_remove(key);
            }
        }
        let output = command
            .args(args)
            .current_dir(dir)
            .env("SOURCE_DATE_EPOCH", "1764028800")
            .envs(env.iter().copied())
            .output()
            .expect("run sadoc");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `sadoc build` with extra arguments.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// Path inside the project.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// A file of the built site (`site/` by default), as text.
    #[track_caller]
    pub fn site(&self, rel: &str) -> String {
        let path = self.root.join("site").join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Whether the built site has a file.
    pub fn site_has(&self, rel: &str) -> bool {
        self.root.join("site").join(rel).is_file()
    }

    /// Every file of the built site, sorted.
    pub fn site_files(&self) -> Vec<String> {
        let site = self.root.join("site");
        let mut files: Vec<String> = walkdir::WalkDir::new(&site)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&site)
                    .expect("inside site")
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }
}

/// The rendered markdown of a page: the inside of `<div class="markdown">`.
pub fn content(html: &str) -> &str {
    let start = html
        .find("<div class=\"markdown\">")
        .map(|i| i + "<div class=\"markdown\">".len())
        .expect("page has markdown content");
    let end = html[start..]
        .find("\n</div>\n\n    </article>")
        .map(|i| start + i)
        .expect("end of markdown content");
    html[start..end].trim()
}

/// Every `href` and `src` value of a page.
pub fn urls(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).expect("regex");
    re.captures_iter(html).map(|c| c[1].to_string()).collect()
}

/// A git repository in a project folder, driven with libgit2 (as CI clones are).
pub struct Repo {
    pub repo: git2::Repository,
}

impl Project {
    /// Makes the project a git repository and commits everything in it.
    pub fn git_init(&self) -> Repo {
        let repo = git2::Repository::init_opts(
            &self.root,
            git2::RepositoryInitOptions::new().initial_head("main"),
        )
        .expect("git init");
        {
            let mut config = repo.config().expect("git config");
            config.set_str("user.name", "Test").expect("user.name");
            config
                .set_str("user.email", "test@example.com")
                .expect("user.email");
        }
        let repo = Repo { repo };
        repo.commit_all("initial");
        repo
    }
}

impl Repo {
    /// Stages every file and commits on the current branch; returns the commit id.
    pub fn commit_all(&self, message: &str) -> git2::Oid {
        let mut index = self.repo.index().expect("index");
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .expect("add");
        index.write().expect("write index");
        let tree_id = index.write_tree().expect("write tree");
        let tree = self.repo.find_tree(tree_id).expect("tree");
        let sig = self.repo.signature().expect("signature");
        let parents: Vec<git2::Commit<'_>> = match self.repo.head() {
            Ok(head) => vec![head.peel_to_commit().expect("head commit")],
            Err(_) => Vec::new(),
        };
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parent_refs)
            .expect("commit")
    }

    /// Stages every file (including deletions) and commits with `message`; returns the id as
    /// a hex string.
    pub fn commit(&self, message: &str) -> String {
        let mut index = self.repo.index().expect("index");
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .expect("add");
        index.update_all(["*"], None).expect("update (deletions)");
        index.write().expect("write index");
        self.commit_all(message).to_string()
    }

    /// Creates a branch at HEAD and switches to it.
    pub fn branch(&self, name: &str) {
        let head = self
            .repo
            .head()
            .expect("head")
            .peel_to_commit()
            .expect("commit");
        self.repo.branch(name, &head, false).expect("branch");
        self.repo
            .set_head(&format!("refs/heads/{name}"))
            .expect("set head");
    }

    /// The name of the current branch.
    pub fn current_branch(&self) -> String {
        self.repo
            .head()
            .expect("head")
            .shorthand()
            .expect("branch name")
            .to_string()
    }

    /// Switches to an existing branch, resetting the working tree to it.
    pub fn checkout(&self, name: &str) {
        self.repo
            .set_head(&format!("refs/heads/{name}"))
            .expect("set head");
        self.repo
            .checkout_head(Some(
                git2::build::CheckoutBuilder::new()
                    .force()
                    .remove_untracked(true),
            ))
            .expect("checkout");
    }

    /// The id of HEAD.
    pub fn head(&self) -> String {
        self.repo
            .head()
            .expect("head")
            .peel_to_commit()
            .expect("commit")
            .id()
            .to_string()
    }

    /// Whether the working tree differs from the last commit, and in which files.
    pub fn changed_files(&self) -> Vec<String> {
        let mut options = git2::StatusOptions::new();
        options.include_untracked(true);
        let statuses = self.repo.statuses(Some(&mut options)).expect("status");
        let mut files: Vec<String> = statuses
            .iter()
            .filter_map(|s| s.path().ok().map(str::to_string))
            .collect();
        files.sort();
        files
    }

    /// The committed content of a file.
    pub fn committed(&self, path: &str) -> Vec<u8> {
        let head = self
            .repo
            .head()
            .expect("head")
            .peel_to_tree()
            .expect("tree");
        let entry = head.get_path(std::path::Path::new(path)).expect("in tree");
        let blob = self.repo.find_blob(entry.id()).expect("blob");
        blob.content().to_vec()
    }
}

/// The JSON a search index script hands to `__sadocSearch(name, json)`; `None` when the text is
/// not such a script (a 404 page).
pub fn search_payload(script: &str) -> Option<serde_json::Value> {
    let start = script.strip_prefix("__sadocSearch(")?.find(',')? + "__sadocSearch(".len() + 1;
    let end = script.rfind(')')?;
    serde_json::from_str(script.get(start..end)?).ok()
}

/// The terms of the search index shards named by `meta`, read with `read(site path)`.
pub fn search_terms(
    meta: &serde_json::Value,
    read: impl Fn(&str) -> Option<String>,
) -> Option<Vec<String>> {
    let mut terms = Vec::new();
    for shard in meta["shards"].as_array()? {
        let data = search_payload(&read(&format!("search/t/{}.js", shard[1].as_str()?))?)?;
        if data["terms"][0] != shard[0] {
            panic!(
                "the index names {} as the first term of a shard that starts with {}",
                shard[0], data["terms"][0]
            );
        }
        terms.extend(
            data["terms"]
                .as_array()?
                .iter()
                .filter_map(|t| t.as_str().map(str::to_string)),
        );
    }
    Some(terms)
}

/// Runs `git` in `dir` as `author` at `seconds` since the epoch.
pub fn git_as(dir: &Path, author: &str, seconds: i64, args: &[&str]) {
    let date = format!("@{seconds} +0000");
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", author)
        .env(
            "GIT_AUTHOR_EMAIL",
            format!("{}@example.com", author.to_lowercase()),
        )
        .env("GIT_COMMITTER_NAME", author)
        .env(
            "GIT_COMMITTER_EMAIL",
            format!("{}@example.com", author.to_lowercase()),
        )
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
