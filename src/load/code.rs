//! The project's code files, as the checks and the code map see them: `HEAD`'s tree in a git
//! repository (so uncommitted files do not count), else the working tree; and the `ADR-NNNN`
//! references in the comments of the files `check.scan_code` names, read once here so that no
//! check reads a file.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::load::git::Repo;
use crate::load::project::Project;
use crate::util::glob::CodeGlob;

/// The files of the project the code checks look at: `HEAD`'s tree in a git repository (so
/// uncommitted files do not count), else the working tree.
#[derive(Debug, Clone, Default)]
pub struct CodeFiles {
    /// Project paths, sorted: every file of the repository, those beside the project named
    /// with `../` (outside git, the project folder's files).
    pub files: Vec<String>,
    /// Where the project sits below the repository root (`""` at the root or outside git).
    pub prefix: String,
    /// Where they were read, for messages (`at HEAD`, `in the working tree`).
    pub source: String,
    /// `ADR-NNNN` references in the comments of the files `check.scan_code` names.
    pub adr_mentions: Vec<AdrMention>,
    /// The commit the files were read at; `None` outside git.
    pub head: Option<git2::Oid>,
}

/// An `ADR-NNNN` reference in a code comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdrMention {
    /// The file, project-relative.
    pub path: String,
    /// Its 1-based line.
    pub line: u32,
    /// The reference as written (`ADR-0007`).
    pub text: String,
    /// The number it names.
    pub number: u32,
}

impl CodeFiles {
    /// Lists the project's files.
    pub fn list(project: &Project, git: Option<&Repo>) -> CodeFiles {
        if let Some(repo) = git
            && let Some(head) = repo.head().and_then(|h| repo.resolve(&h).ok())
            && let Ok(all) = repo.files_at(head)
        {
            let mut files: Vec<String> = all.iter().map(|p| repo.project_path(p)).collect();
            files.sort();
            let mut listed = CodeFiles {
                files,
                prefix: repo.prefix.clone(),
                source: "at HEAD".to_string(),
                adr_mentions: Vec::new(),
                head: Some(head),
            };
            listed.adr_mentions = listed.scan(project, git);
            return listed;
        }
        // Outside git the code root is the project folder, or its workspace's root for a
        // workspace member (`Project::repo_prefix`).
        let prefix = project.code_prefix().to_string();
        let top = project
            .root
            .ancestors()
            .nth(project.code_depth())
            .unwrap_or(&project.root)
            .to_path_buf();
        let mut files = Vec::new();
        let walker = walkdir::WalkDir::new(&top)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0
                    || !(name.starts_with('.')
                        || name == "target"
                        || name == "node_modules"
                        || name == "site")
            });
        for entry in walker.flatten() {
            if entry.file_type().is_file()
                && let Some(rel) = crate::util::paths::relative(&top, entry.path())
            {
                files.push(crate::util::paths::from_repo(&prefix, &rel));
            }
        }
        files.sort();
        let mut listed = CodeFiles {
            files,
            prefix,
            source: "in the working tree".to_string(),
            adr_mentions: Vec::new(),
            head: None,
        };
        listed.adr_mentions = listed.scan(project, git);
        listed
    }

    /// Files a pattern matches.
    pub fn matching<'f>(&'f self, glob: &'f CodeGlob) -> impl Iterator<Item = &'f str> + 'f {
        let prefix = glob.literal_prefix();
        let start = self.files.partition_point(|f| f.as_str() < prefix.as_str());
        self.files[start..]
            .iter()
            .take_while(move |f| prefix.is_empty() || f.starts_with(prefix.as_str()))
            .map(String::as_str)
            .filter(move |f| glob.is_match(f))
    }

    /// The `ADR-NNNN` references in the comments of the files `check.scan_code` names.
    fn scan(&self, project: &Project, git: Option<&Repo>) -> Vec<AdrMention> {
        let globs: Vec<CodeGlob> = project
            .config
            .check
            .scan_code
            .iter()
            .filter_map(|p| CodeGlob::in_repo(p, &self.prefix).ok())
            .collect();
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for glob in &globs {
            for path in self.matching(glob) {
                if !seen.insert(path.to_string()) {
                    continue;
                }
                let Some(text) = self.read(project, git, path) else {
                    continue;
                };
                out.extend(comment_mentions(path, &text));
            }
        }
        out
    }

    fn read(&self, project: &Project, git: Option<&Repo>, path: &str) -> Option<String> {
        let bytes = match (git, self.head) {
            (Some(repo), Some(head)) => repo.read_at(head, &repo.repo_path(path))?,
            _ => std::fs::read(project.path(path)).ok()?,
        };
        String::from_utf8(bytes).ok()
    }
}

static ADR_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bADR-(\d{1,6})\b").expect("valid regex"));

/// Comment markers of common languages; a line with one of them is scanned.
const COMMENT_MARKERS: &[&str] = &["//", "#", "/*", "*", "--", ";", "<!--", "'", "%"];

/// The `ADR-NNNN` references after a comment marker on the lines of `text`.
fn comment_mentions(path: &str, text: &str) -> Vec<AdrMention> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| l.contains("ADR-")) {
        let trimmed = line.trim_start();
        let comment = COMMENT_MARKERS
            .iter()
            .find_map(|m| line.find(m).map(|at| (at, m)));
        let Some((at, _)) = comment.filter(|_| !trimmed.is_empty()) else {
            continue;
        };
        for c in ADR_REFERENCE.captures_iter(&line[at..]) {
            let Ok(number) = c[1].parse::<u32>() else {
                continue;
            };
            out.push(AdrMention {
                path: path.to_string(),
                line: i as u32 + 1,
                text: c[0].to_string(),
                number,
            });
        }
    }
    out
}
