//! Who owns what: the repository's CODEOWNERS, read as GitLab reads it (sections, optional
//! sections `^[…]`, approval counts `[…][2]`, default owners on a section's heading, entries
//! without owners taking them) or as GitHub does (`.github/CODEOWNERS`: the last matching line
//! wins). Documents and the code they govern get their owners from it; a document's own
//! `owners:` front matter comes first.
//!
//! Patterns follow GitLab's normalisation: `*` is every file; a pattern not starting with `/`
//! matches at any depth (`README.md`, `docs/`); one ending in `/` covers everything below; `*`
//! does not cross `/`, `**` does; dot files match.

use globset::{GlobBuilder, GlobMatcher};
use serde::{Deserialize, Serialize};

/// Which host's rules a CODEOWNERS file follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// GitLab: sections; in each, the last matching entry; owners of all sections together.
    GitLab,
    /// GitHub: one list; the last matching line.
    GitHub,
}

/// One line of a CODEOWNERS file.
#[derive(Debug, Clone)]
struct Entry {
    pattern: String,
    matcher: GlobMatcher,
    owners: Vec<String>,
    section: usize,
}

/// A section of a GitLab CODEOWNERS file (the entries before the first heading are section 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Its name (`""` for the entries before any heading).
    pub name: String,
    /// Whether its approval is optional (`^[Name]`).
    pub optional: bool,
    /// Approvals it requires (`[Name][2]`), when given.
    pub approvals: Option<u32>,
    /// Owners of its entries that name none.
    pub default_owners: Vec<String>,
}

/// A line that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// Its 1-based number.
    pub line: u32,
    /// Why.
    pub reason: String,
}

/// A repository's CODEOWNERS.
#[derive(Debug, Clone, Default)]
pub struct CodeOwners {
    /// Where it was read from, relative to the repository root (`""` when there is none).
    pub path: String,
    flavor: Option<Flavor>,
    sections: Vec<Section>,
    entries: Vec<Entry>,
    /// Lines that could not be read.
    pub bad: Vec<BadLine>,
}

/// Where CODEOWNERS files are looked for, in GitLab's order, then GitHub's own place.
pub const LOCATIONS: [(&str, Flavor); 4] = [
    ("CODEOWNERS", Flavor::GitLab),
    ("docs/CODEOWNERS", Flavor::GitLab),
    (".gitlab/CODEOWNERS", Flavor::GitLab),
    (".github/CODEOWNERS", Flavor::GitHub),
];

/// A pattern as GitLab matches it, against a path starting with `/`.
fn normalise(pattern: &str) -> String {
    if pattern == "*" {
        return "/**/*".to_string();
    }
    let mut p = pattern.to_string();
    if !p.starts_with('/') {
        p = format!("/**/{p}");
    }
    if p.ends_with('/') {
        p.push_str("**/*");
    }
    p
}

/// Splits a line into words, `\ ` and `\#` kept as a space and `#` inside words.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| n.is_whitespace() || *n == '#') => {
                word.push(chars.next().unwrap_or(' '));
            }
            c if c.is_whitespace() => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whether a word names an owner: `@user`, `@group/sub`, `@@role`, or an email address.
fn is_owner(word: &str) -> bool {
    word.starts_with('@') || (word.contains('@') && word.contains('.'))
}

/// Reads a section heading: `[Name]`, `^[Name]`, `[Name][2]`, with default owners after it.
fn heading(line: &str) -> Option<Section> {
    let (optional, rest) = match line.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let rest = rest.strip_prefix('[')?;
    let close = rest.find(']')?;
    let name = rest[..close].trim().to_string();
    if name.is_empty() {
        return None;
    }
    let mut after = &rest[close + 1..];
    let mut approvals = None;
    if let Some(count) = after.strip_prefix('[')
        && let Some(end) = count.find(']')
    {
        approvals = count[..end].trim().parse().ok();
        after = &count[end + 1..];
    }
    let default_owners: Vec<String> = words(after).into_iter().filter(|w| is_owner(w)).collect();
    Some(Section {
        name,
        optional,
        approvals,
        default_owners,
    })
}

impl CodeOwners {
    /// Reads the text of a CODEOWNERS file found at `path`.
    pub fn parse(path: &str, text: &str, flavor: Flavor) -> CodeOwners {
        let mut owners = CodeOwners {
            path: path.to_string(),
            flavor: Some(flavor),
            sections: vec![Section {
                name: String::new(),
                optional: false,
                approvals: None,
                default_owners: Vec::new(),
            }],
            ..CodeOwners::default()
        };
        let mut current = 0;
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if flavor == Flavor::GitLab
                && (line.starts_with('[') || line.starts_with("^["))
                && let Some(section) = heading(line)
            {
                // Sections of the same name (in any case) are one.
                current = match owners
                    .sections
                    .iter()
                    .position(|s| s.name.eq_ignore_ascii_case(&section.name))
                {
                    Some(existing) => existing,
                    None => {
                        owners.sections.push(section);
                        owners.sections.len() - 1
                    }
                };
                continue;
            }
            let mut parts = words(line).into_iter();
            let Some(pattern) = parts.next() else {
                continue;
            };
            let owned: Vec<String> = parts.filter(|w| is_owner(w)).collect();
            let glob = GlobBuilder::new(&normalise(&pattern))
                .literal_separator(true)
                .backslash_escape(true)
                .build();
            match glob {
                Ok(glob) => owners.entries.push(Entry {
                    pattern,
                    matcher: glob.compile_matcher(),
                    owners: owned,
                    section: current,
                }),
                Err(e) => owners.bad.push(BadLine {
                    line: i as u32 + 1,
                    reason: format!("`{pattern}` is not a pattern: {}", e.kind()),
                }),
            }
        }
        owners
    }

    /// Whether a CODEOWNERS file was found.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The owners of `path` (relative to the repository root), each once, in the order the
    /// file names them: GitLab's last matching entry of every section, or GitHub's last
    /// matching line.
    pub fn of(&self, path: &str) -> Vec<String> {
        self.owned(path)
            .into_iter()
            .map(|(owner, _)| owner)
            .collect()
    }

    /// The owners of `path`, each with the pattern of the entry that makes them its owner.
    pub fn owned(&self, path: &str) -> Vec<(String, String)> {
        let path = format!("/{}", path.trim_start_matches('/'));
        let mut out: Vec<(String, String)> = Vec::new();
        let mut push = |owners: &[String], pattern: &str| {
            for o in owners {
                if !out.iter().any(|(known, _)| known == o) {
                    out.push((o.clone(), pattern.to_string()));
                }
            }
        };
        match self.flavor {
            None => {}
            Some(Flavor::GitHub) => {
                if let Some(e) = self
                    .entries
                    .iter()
                    .rev()
                    .find(|e| e.matcher.is_match(&path))
                {
                    push(&e.owners, &e.pattern);
                }
            }
            Some(Flavor::GitLab) => {
                for (s, section) in self.sections.iter().enumerate() {
                    let last = self
                        .entries
                        .iter()
                        .rev()
                        .find(|e| e.section == s && e.matcher.is_match(&path));
                    if let Some(e) = last {
                        if e.owners.is_empty() {
                            push(&section.default_owners, &e.pattern);
                        } else {
                            push(&e.owners, &e.pattern);
                        }
                    }
                }
            }
        }
        out
    }

    /// The sections (GitLab), the unnamed one first.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }
}

/// `owners:` of `sadoc.yml` — owners per folder: `docs/ingest: ["@data/ingest-team"]` (one name or a list).
pub type FolderOwners = std::collections::BTreeMap<String, OwnerList>;

/// One owner or a list of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct OwnerList(pub Vec<String>);

impl<'de> Deserialize<'de> for OwnerList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<OwnerList, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Many(Vec<String>),
        }
        Ok(OwnerList(match Raw::deserialize(d)? {
            Raw::One(one) => one.split_whitespace().map(str::to_string).collect(),
            Raw::Many(many) => many,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The examples of GitLab's "Syntax of CODEOWNERS file" page, and how GitLab resolves them.
    const GITLAB: &str = r"# Specify a default Code Owner for all files with a wildcard:
* @default-owner

# Specify multiple Code Owners to a specific file:
README.md @doc-team @tech-lead

# Specify a Code Owner to all files with a specific extension:
*.rb @ruby-owner

# Specify Code Owners with usernames or email addresses:
LICENSE @legal janedoe@gitlab.com

# Use group names to match groups and nested groups:
README @group @group/with-nested/subgroup

# Specify a Code Owner to a directory and all its contents:
/docs/ @all-docs
/docs/* @root-docs
/docs/**/*.md @markdown-docs

# Use a section to group related rules:
[Documentation]
ee/docs    @docs
docs       @docs

# Assign a role as a Code Owner:
/config/ @@maintainer

^[Database][2] @database-team
model/db/
config/db/database-setup.md @docs-team

[Spaces]
/path\ with\ spaces/ @space-owner
\#file_with_pound.rb @owner-file-with-pound
";

    #[test]
    fn gitlabs_examples_resolve_as_gitlab_resolves_them() {
        let c = CodeOwners::parse("CODEOWNERS", GITLAB, Flavor::GitLab);
        assert!(c.bad.is_empty(), "{:?}", c.bad);
        assert_eq!(c.of("app/models/user.rb"), ["@ruby-owner"]);
        assert_eq!(c.of("src/main.c"), ["@default-owner"]);
        assert_eq!(c.of("README.md"), ["@doc-team", "@tech-lead"]);
        assert_eq!(
            c.of("lib/README.md"),
            ["@doc-team", "@tech-lead"],
            "any depth"
        );
        assert_eq!(c.of("LICENSE"), ["@legal", "janedoe@gitlab.com"]);
        assert_eq!(c.of("README"), ["@group", "@group/with-nested/subgroup"]);
        assert_eq!(
            c.of("docs/index.md"),
            ["@markdown-docs"],
            "the last match in a section"
        );
        assert_eq!(c.of("docs/a/b.png"), ["@all-docs"]);
        assert_eq!(c.of("docs/logo.png"), ["@root-docs"]);
        // `/config/` is in the Documentation section: owners of both sections together.
        assert_eq!(c.of("config/app.yml"), ["@default-owner", "@@maintainer"]);
        // An entry without owners takes its section's defaults; named ones keep their own.
        assert_eq!(
            c.of("model/db/schema.rb"),
            ["@ruby-owner", "@database-team"]
        );
        assert_eq!(
            c.of("config/db/database-setup.md"),
            ["@default-owner", "@@maintainer", "@docs-team"]
        );
        assert_eq!(
            c.of("path with spaces/x"),
            ["@default-owner", "@space-owner"]
        );
        assert_eq!(
            c.of("#file_with_pound.rb"),
            ["@ruby-owner", "@owner-file-with-pound"]
        );
        assert_eq!(c.of(".gitignore"), ["@default-owner"], "dot files match");
        let db = &c.sections()[2];
        assert_eq!(
            (db.name.as_str(), db.optional, db.approvals),
            ("Database", true, Some(2))
        );
        assert_eq!(
            c.owned("config/app.yml"),
            [
                ("@default-owner".to_string(), "*".to_string()),
                ("@@maintainer".to_string(), "/config/".to_string())
            ]
        );
    }

    #[test]
    fn sections_of_one_name_are_one_and_githubs_last_line_wins() {
        let c = CodeOwners::parse(
            "CODEOWNERS",
            "[Docs]\ndocs/ @a\n[docs]\n*.md @b\n",
            Flavor::GitLab,
        );
        assert_eq!(c.sections().len(), 2);
        assert_eq!(
            c.of("docs/x.md"),
            ["@b"],
            "the last entry of the merged section"
        );
        let g = CodeOwners::parse(
            ".github/CODEOWNERS",
            "* @everyone\n/apps/ @apps\n/apps/github @octocat\n",
            Flavor::GitHub,
        );
        assert_eq!(g.of("apps/x.js"), ["@apps"]);
        assert_eq!(g.of("apps/github"), ["@octocat"]);
        assert_eq!(g.of("lib/x.js"), ["@everyone"]);
        assert!(CodeOwners::default().of("x").is_empty());
    }
}
