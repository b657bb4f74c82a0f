//! `sadoc init`: a new project with a configuration, a starter SAD, the first ADR and CI.
//!
//! The starter files come from `sad-template/`, embedded in the binary. Initialising never
//! overwrites anything: every file is checked first and, if any exists, nothing is written.
//! Files are written with [`crate::util::write::create_new`] (a temporary file linked into place only
//! if nothing is there), so even a file that appears in the meantime is safe.
//! A monorepo usually has a `.gitlab-ci.yml` already; then sadoc leaves it alone and says which
//! lines to add. A `.gitignore` keeps the built site and the build cache out of git: a new one is
//! written, or the lines an existing one lacks are added after its own, which stay as they are.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use include_dir::{Dir, include_dir};

use crate::load::config::SadProfile;
use crate::util::paths;

static TEMPLATE: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/sad-template");

/// What `sadoc init` will write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Files to create: project-relative path and content.
    pub files: Vec<(String, String)>,
    /// Files that already exist and block the whole plan.
    pub conflicts: Vec<String>,
    /// The `.gitlab-ci.yml` lines to add by hand when that file already exists.
    pub ci_include: Option<String>,
    /// Lines to add to an existing `.gitignore` (a missing one is among `files`).
    pub gitignore_additions: Vec<String>,
    /// The decision log the repository already has, which the configuration points at instead
    /// of starting a second one.
    pub adopted: Option<ExistingLog>,
}

/// A decision log found in the folder `sadoc init` runs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingLog {
    /// Its folder, from the project root.
    pub dir: String,
    /// What said so (`.adr-dir` (adr-tools), `.log4brains.yml`, a folder of records).
    pub found_by: String,
    /// The template its records follow: `madr` for front-matter records, else `nygard`.
    pub template: &'static str,
    /// The digits of its numbers (4 unless its records say otherwise).
    pub digits: usize,
    /// log4brains' packages: name → ADR folder (`packages:` in `.log4brains.yml`).
    pub packages: Vec<(String, String)>,
}

/// The decision log `dir` already has: adr-tools' `.adr-dir`, log4brains' `.log4brains.yml`
/// (its `adrFolder`), or the first of the folders those tools and MADR use that holds records.
pub fn existing_log(dir: &Path) -> Option<ExistingLog> {
    let clean = |p: &str| paths::normalize(p.trim().trim_start_matches("./").trim_end_matches('/'));
    let mut candidates: Vec<(String, String)> = Vec::new();
    if let Ok(text) = std::fs::read_to_string(dir.join(".adr-dir"))
        && let Some(folder) = clean(&text)
    {
        candidates.push((folder, "named by adr-tools' `.adr-dir`".to_string()));
    }
    let mut packages: Vec<(String, String)> = Vec::new();
    if let Ok(text) = std::fs::read_to_string(dir.join(".log4brains.yml"))
        && let Ok(value) = serde_saphyr::from_str::<serde_json::Value>(&text)
    {
        if let Some(folder) = value
            .pointer("/project/adrFolder")
            .and_then(serde_json::Value::as_str)
            .and_then(clean)
        {
            candidates.push((folder, "named by log4brains' `.log4brains.yml`".to_string()));
        }
        let listed = value
            .pointer("/project/packages")
            .and_then(serde_json::Value::as_array);
        for package in listed.into_iter().flatten() {
            let name = package.get("name").and_then(serde_json::Value::as_str);
            let folder = package
                .get("adrFolder")
                .and_then(serde_json::Value::as_str)
                .and_then(clean);
            if let (Some(name), Some(folder)) = (name, folder)
                && !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
            {
                packages.push((name.to_string(), folder));
            }
        }
    }
    for folder in [
        "doc/adr",
        "docs/adr",
        "docs/decisions",
        "doc/decisions",
        "docs/architecture/decisions",
        "docs/adrs",
        "adr",
        "decisions",
    ] {
        candidates.push((folder.to_string(), "in a folder ADR tools use".to_string()));
    }
    candidates.into_iter().find_map(|(folder, found_by)| {
        let records: Vec<String> = std::fs::read_dir(dir.join(&folder))
            .ok()?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md") && n.starts_with(|c: char| c.is_ascii_digit()))
            .collect();
        if records.is_empty() {
            return None;
        }
        let front_matter = records.iter().any(|name| {
            std::fs::read_to_string(dir.join(&folder).join(name))
                .is_ok_and(|t| t.starts_with("---"))
        });
        let mut widths: Vec<usize> = records
            .iter()
            .map(|n| n.chars().take_while(char::is_ascii_digit).count())
            .filter(|w| *w != 8)
            .collect();
        widths.sort_unstable();
        Some(ExistingLog {
            found_by: format!(
                "{} record{}, {found_by}",
                records.len(),
                if records.len() == 1 { "" } else { "s" }
            ),
            dir: folder,
            template: if front_matter { "madr" } else { "nygard" },
            digits: widths.get(widths.len() / 2).copied().unwrap_or(4),
            packages: packages.clone(),
        })
    })
}

/// What git should not track in a sadoc project: the build output and the build cache.
pub const IGNORED: &[(&str, &str)] = &[("/site/", "site"), ("/.cache/", ".cache")];

/// The `.gitignore` of a new project.
fn gitignore_text() -> String {
    let mut text = String::from("# sadoc: the built site and the build cache\n");
    for (line, _) in IGNORED {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// The lines of [`IGNORED`] an existing `.gitignore` lacks. A line ignores a folder when it
/// names it, anchored or not, with or without the trailing `/` (`site`, `/site/`, `site/**`).
fn missing_ignores(existing: &str) -> Vec<String> {
    let named: Vec<&str> = existing
        .lines()
        .map(|l| {
            l.trim()
                .trim_start_matches('/')
                .trim_end_matches("/**")
                .trim_end_matches('/')
        })
        .collect();
    IGNORED
        .iter()
        .filter(|(_, folder)| !named.contains(folder))
        .map(|(line, _)| (*line).to_string())
        .collect()
}

/// The CI snippet users add to an existing `.gitlab-ci.yml`.
/// It names the release that wrote it: the template at that tag installs that version.
pub const CI_INCLUDE: &str = concat!(
    "include:\n  - project: tools/sadoc   # where sadoc's repository lives in your GitLab\n    ref: v",
    env!("CARGO_PKG_VERSION"),
    "\n    file: ci/sadoc.gitlab-ci.yml\n"
);

fn template_text(path: &str) -> String {
    TEMPLATE
        .get_file(path)
        .and_then(|f| f.contents_utf8())
        .unwrap_or_default()
        .to_string()
}

fn fill(text: &str, title: &str, date: &str) -> String {
    text.replace("{{project_title}}", title)
        .replace("{{date}}", date)
        .replace("{{sadoc_version}}", env!("CARGO_PKG_VERSION"))
}

/// Plans a new project in `dir` titled `title`, with a SAD in the given profile.
pub fn plan(dir: &Path, title: &str, date: &str, profile: SadProfile) -> Plan {
    let (folder, profile_name) = match profile {
        SadProfile::ViewsAndBeyond => ("views-and-beyond", "views-and-beyond"),
        SadProfile::Arc42 => ("arc42", "arc42"),
    };
    let adopted = existing_log(dir);
    let mut config =
        fill(&template_text("sadoc.yml"), title, date).replace("{{profile}}", profile_name);
    if let Some(log) = &adopted {
        config = config.replace(
            "adr:  { dir: docs/adr, template: nygard, digits: 4 }",
            &format!(
                "adr:  {{ dir: {}, template: {}, digits: {}{} }}   # the log already here: {}",
                log.dir,
                log.template,
                log.digits,
                if log.packages.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", packages: {{ {} }}",
                        log.packages
                            .iter()
                            .map(|(name, dir)| format!("{name}: {dir}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
                log.found_by
            ),
        );
    }
    let mut files: Vec<(String, String)> = Vec::new();
    files.push((crate::load::project::CONFIG_FILE.to_string(), config));
    if let Some(sad) = TEMPLATE.get_dir(folder) {
        let mut sad_files = Vec::new();
        collect(sad, &mut sad_files);
        let prefix = format!("{folder}/");
        for (path, text) in sad_files {
            let rel = path.strip_prefix(&prefix).unwrap_or(&path);
            let at = format!("docs/sad/{rel}");
            let text = fill(&text, title, date);
            let text = match &adopted {
                Some(log) => to_adopted_log(&text, &at, dir, &log.dir),
                None => text,
            };
            files.push((at, text));
        }
    }
    // A log the repository has already is its log: no second one with a second 0001.
    if adopted.is_none() {
        files.push((
            "docs/adr/0001-record-architecture-decisions.md".to_string(),
            fill(
                &template_text("adr/0001-record-architecture-decisions.md"),
                title,
                date,
            ),
        ));
    }
    let ci_exists = dir.join(".gitlab-ci.yml").exists();
    if !ci_exists {
        files.push((
            ".gitlab-ci.yml".to_string(),
            fill(&template_text("gitlab-ci.yml"), title, date),
        ));
    }
    let conflicts = files
        .iter()
        .filter(|(path, _)| dir.join(path).exists())
        .map(|(path, _)| path.clone())
        .collect();
    // A `.gitignore` is added to, never replaced: its own lines stay as they are.
    let gitignore = dir.join(".gitignore");
    let gitignore_additions = match std::fs::read_to_string(&gitignore) {
        Ok(existing) => missing_ignores(&existing),
        Err(_) if gitignore.exists() => Vec::new(),
        Err(_) => {
            files.push((".gitignore".to_string(), gitignore_text()));
            Vec::new()
        }
    };
    Plan {
        files,
        conflicts,
        ci_include: ci_exists.then(|| CI_INCLUDE.to_string()),
        gitignore_additions,
        adopted,
    }
}

/// A starter page's links into the starter log (`docs/adr/…`) led to the adopted log: to the
/// same record when it has one by that name, else to the log's folder.
fn to_adopted_log(text: &str, at: &str, root: &Path, log: &str) -> String {
    static LINK: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\]\(([^)\s#]*)").expect("valid regex"));
    LINK.replace_all(text, |c: &regex::Captures<'_>| {
        let target = &c[1];
        let Some(resolved) = paths::join(paths::parent(at), target) else {
            return c[0].to_string();
        };
        let Some(rest) = paths::strip_dir(&resolved, "docs/adr") else {
            return c[0].to_string();
        };
        let rest = rest.trim_start_matches('/');
        let adopted = if !rest.is_empty() && root.join(log).join(rest).is_file() {
            format!("{log}/{rest}")
        } else {
            format!("{log}/")
        };
        let mut url = paths::relative_url(at, adopted.trim_end_matches('/'));
        if adopted.ends_with('/') {
            url.push('/');
        }
        format!("]({url}")
    })
    .into_owned()
}

fn collect(dir: &Dir<'_>, out: &mut Vec<(String, String)>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        out.push((path, file.contents_utf8().unwrap_or_default().to_string()));
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

/// The default title for a project in `dir`: its folder name, humanised.
pub fn default_title(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = paths::humanize(&name);
    if name.is_empty() {
        "Architecture".to_string()
    } else {
        format!("{name} Architecture")
    }
}

/// The order of keys in a `sadoc.yml` written from `mkdocs.yml`.
const KEY_ORDER: &[&str] = &[
    "title", "base_url", "lang", "urls", "repo", "docs", "sad", "adr", "theme", "markdown", "nav",
];

/// Plans the `sadoc.yml` equivalent to an MkDocs project's `mkdocs.yml` (`sadoc init --from
/// mkdocs`): that one file, never overwriting one that exists.
pub fn plan_from_mkdocs(dir: &Path, import: &crate::load::mkdocs::Import, source: &str) -> Plan {
    let yaml =
        crate::util::yaml::to_yaml(&serde_json::Value::Object(import.config.clone()), KEY_ORDER);
    let text = format!(
        "# Written by `sadoc init --from mkdocs` from {source}: the settings sadoc reads, in its\n# own keys. sadoc reads {source} itself when there is no sadoc.yml; this file replaces it.\n{yaml}"
    );
    let path = crate::load::project::CONFIG_FILE.to_string();
    let conflicts = if dir.join(&path).exists() {
        vec![path.clone()]
    } else {
        Vec::new()
    };
    Plan {
        files: vec![(path, text)],
        conflicts,
        ci_include: None,
        gitignore_additions: Vec::new(),
        adopted: None,
    }
}

/// Writes a plan that has no conflicts. Each file is created exclusively; nothing is
/// overwritten even if a file appears after planning.
pub fn write(dir: &Path, plan: &Plan) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (rel, text) in &plan.files {
        let path = dir.join(rel);
        crate::util::write::create_new(&path, text.as_bytes())
            .with_context(|| format!("cannot create `{}`", path.display()))?;
        written.push(path);
    }
    if !plan.gitignore_additions.is_empty() {
        let path = dir.join(".gitignore");
        let mut text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read `{}`", path.display()))?;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str("# sadoc: the built site and the build cache\n");
        for line in &plan.gitignore_additions {
            text.push_str(line);
            text.push('\n');
        }
        crate::util::write::replace(&path, text.as_bytes())
            .with_context(|| format!("cannot add to `{}`", path.display()))?;
    }
    Ok(written)
}
