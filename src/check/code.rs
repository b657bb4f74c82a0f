//! Findings about documents and the code they govern, without a diff: patterns that match no
//! file, `ADR-NNNN` references that name no ADR (in documents — [`check_doc`] — and in code
//! comments under `check.scan_code`), and views citing superseded decisions.

use std::collections::{BTreeSet, HashSet};

use std::sync::LazyLock;

use regex::Regex;

use crate::diag::Diagnostic;
use crate::git::Repo;
use crate::glob::CodeGlob;
use crate::links::Target;
use crate::markdown::Rendered;
use crate::markdown::fence::Fences;
use crate::model::adr::{RelationKind, Status};
use crate::model::governance::{Drift, Origin};
use crate::model::{DocKind, Model};
use crate::project::Project;

/// The files of the project the code checks look at: `HEAD`'s tree in a git repository (so
/// uncommitted files do not count), else the working tree.
#[derive(Debug, Clone, Default)]
pub struct CodeFiles {
    /// Project-relative paths, sorted.
    pub files: Vec<String>,
    /// Where they were read, for messages (`at HEAD`, `in the working tree`).
    pub source: String,
    head: Option<git2::Oid>,
}

impl CodeFiles {
    /// Lists the project's files.
    pub fn list(project: &Project, git: Option<&Repo>) -> CodeFiles {
        if let Some(repo) = git
            && let Some(head) = repo.head().and_then(|h| repo.resolve(&h).ok())
            && let Ok(all) = repo.files_at(head)
        {
            let mut files: Vec<String> = all
                .iter()
                .filter_map(|p| repo.project_path(p).map(str::to_string))
                .collect();
            files.sort();
            return CodeFiles {
                files,
                source: "at HEAD".to_string(),
                head: Some(head),
            };
        }
        let mut files = Vec::new();
        let walker = walkdir::WalkDir::new(&project.root)
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
                && let Some(rel) = crate::load::walk::relative(&project.root, entry.path())
            {
                files.push(rel);
            }
        }
        files.sort();
        CodeFiles {
            files,
            source: "in the working tree".to_string(),
            head: None,
        }
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
static INLINE_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`[^`]*`").expect("valid regex"));

/// Runs the code checks.
pub fn check(
    project: &Project,
    model: &Model,
    rendered: &[Rendered<Target>],
    files: &CodeFiles,
    git: Option<&Repo>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let config_text = std::fs::read_to_string(&project.config_path).unwrap_or_default();
    patterns(model, files, &config_text, &mut out);
    drift_policies(model, &mut out);
    adr_references_in_code(project, model, files, git, &mut out);
    superseded_citations(model, rendered, &mut out);
    out
}

fn key_line(model: &Model, doc: usize, key: &str) -> u32 {
    model.docs[doc]
        .front
        .key_lines
        .get(key)
        .copied()
        .unwrap_or(1)
}

/// The line of `sadoc.yml`'s `governs:` table that holds `text` (a document glob, then
/// optionally one of its code patterns), or 1.
fn config_line(config: &str, doc_glob: &str, pattern: Option<&str>) -> u32 {
    let lines: Vec<&str> = config.lines().collect();
    let Some(table) = lines.iter().position(|l| l.starts_with("governs:")) else {
        return 1;
    };
    let Some(key) = (table..lines.len()).find(|&i| lines[i].contains(doc_glob)) else {
        return table as u32 + 1;
    };
    let line = pattern
        .and_then(|p| (key..lines.len()).find(|&i| lines[i].contains(p)))
        .unwrap_or(key);
    line as u32 + 1
}

/// `drift:` values sadoc does not know would silently mean the default: say so.
fn drift_policies(model: &Model, out: &mut Vec<Diagnostic>) {
    for (i, doc) in model.docs.iter().enumerate() {
        let Some(value) = &doc.front.drift else {
            continue;
        };
        if Drift::parse(value).is_none() {
            out.push(
                Diagnostic::warning(
                    "code/drift-policy",
                    doc.source.clone(),
                    format!("unknown `drift: {value}`; expected `fail`, `warn` or `off`"),
                )
                .at_line(key_line(model, i, "drift"))
                .with_help(
                    "until it is fixed, `sadoc check` treats the document as if it had no `drift:`",
                ),
            );
        }
    }
}

fn patterns(model: &Model, files: &CodeFiles, config: &str, out: &mut Vec<Diagnostic>) {
    let g = &model.governance;
    for bad in &g.bad {
        let (path, line) = match bad.doc {
            Some(d) => (model.docs[d].source.clone(), key_line(model, d, "governs")),
            None => (
                crate::project::CONFIG_FILE.to_string(),
                config_line(config, &bad.error.pattern, None),
            ),
        };
        out.push(
            Diagnostic::warning("code/pattern", path, bad.error.to_string())
                .at_line(line)
                .with_help("see the pattern rules in the configuration reference (`governs`)"),
        );
    }
    for doc_glob in &g.unmatched_doc_globs {
        out.push(
            Diagnostic::warning(
                "code/pattern",
                crate::project::CONFIG_FILE,
                format!("`governs` document pattern `{doc_glob}` matches no document"),
            )
            .at_line(config_line(config, doc_glob, None))
            .with_help("document patterns are paths relative to the project root, e.g. `docs/adr/0007-*.md`"),
        );
    }
    let mut reported: BTreeSet<(usize, String)> = BTreeSet::new();
    for rule in &g.rules {
        if files.matching(&rule.glob).next().is_some() {
            continue;
        }
        if !reported.insert((rule.doc, rule.glob.pattern.clone())) {
            continue;
        }
        let (path, line) = match &rule.origin {
            Origin::Document => (
                model.docs[rule.doc].source.clone(),
                key_line(model, rule.doc, "governs"),
            ),
            Origin::Element(_) => (
                model.docs[rule.doc].source.clone(),
                key_line(model, rule.doc, "elements"),
            ),
            Origin::Config(doc_glob) => (
                crate::project::CONFIG_FILE.to_string(),
                config_line(config, doc_glob, Some(&rule.glob.pattern)),
            ),
        };
        let whose = match &rule.origin {
            Origin::Element(id) => format!(" (element `{id}`)"),
            Origin::Config(glob) => format!(" (for `{glob}`)"),
            Origin::Document => String::new(),
        };
        out.push(
            Diagnostic::warning(
                "code/dangling",
                path,
                format!(
                    "`governs: {}`{whose} matches no file {}",
                    rule.glob.pattern, files.source
                ),
            )
            .at_line(line)
            .with_help("the code moved or was deleted: update the pattern, or remove it"),
        );
    }
}

fn unresolved_number(numbers: &HashSet<u32>, number: u32) -> bool {
    !numbers.contains(&number)
}

/// The numbers of the project's ADRs.
pub fn adr_numbers(model: &Model) -> HashSet<u32> {
    model.adrs.adrs.iter().filter_map(|a| a.id.number).collect()
}

/// `ADR-NNNN` references in the prose of one document that name no ADR (`numbers` are the
/// project's ADR numbers; a project without numbered ADRs is not checked).
pub fn check_doc(model: &Model, numbers: &HashSet<u32>, doc: usize) -> Vec<Diagnostic> {
    let d = &model.docs[doc];
    if numbers.is_empty() || d.kind == DocKind::Template || !d.body.contains("ADR-") {
        return Vec::new();
    }
    adr_references_in_doc(d, numbers)
}

fn adr_references_in_doc(doc: &crate::model::Doc, numbers: &HashSet<u32>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut fences = Fences::new();
    for (i, line) in doc.body.lines().enumerate() {
        if fences.line(line) || !line.contains("ADR-") {
            continue;
        }
        let prose = INLINE_CODE.replace_all(line, |c: &regex::Captures<'_>| " ".repeat(c[0].len()));
        // Columns count on from the previous match, so a long line of references stays linear.
        let (mut counted_to, mut chars) = (0, 0u32);
        for c in ADR_REFERENCE.captures_iter(&prose) {
            let Ok(number) = c[1].parse::<u32>() else {
                continue;
            };
            if unresolved_number(numbers, number) {
                let start = c.get(0).map_or(0, |m| m.start());
                chars += prose[counted_to..start].chars().count() as u32;
                counted_to = start;
                let column = chars + 1;
                out.push(
                    Diagnostic::warning(
                        "code/adr-reference",
                        doc.source.clone(),
                        format!("`{}` names no ADR of this project", &c[0]),
                    )
                    .at(doc.body_line + i as u32, column)
                    .with_help("check the number; `sadoc adr list` shows every ADR"),
                );
            }
        }
    }
    out
}

/// Comment markers of common languages; a line with one of them is scanned.
const COMMENT_MARKERS: &[&str] = &["//", "#", "/*", "*", "--", ";", "<!--", "'", "%"];

fn adr_references_in_code(
    project: &Project,
    model: &Model,
    files: &CodeFiles,
    git: Option<&Repo>,
    out: &mut Vec<Diagnostic>,
) {
    let globs: Vec<CodeGlob> = project
        .config
        .check
        .scan_code
        .iter()
        .filter_map(|p| CodeGlob::new(p).ok())
        .collect();
    if globs.is_empty() {
        return;
    }
    let numbers = adr_numbers(model);
    let mut seen = BTreeSet::new();
    for glob in &globs {
        for path in files.matching(glob) {
            if !seen.insert(path.to_string()) {
                continue;
            }
            let Some(text) = files.read(project, git, path) else {
                continue;
            };
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
                    if unresolved_number(&numbers, number) {
                        out.push(
                            Diagnostic::warning(
                                "code/adr-reference",
                                path.to_string(),
                                format!(
                                    "the comment cites `{}`, which names no ADR of this project",
                                    &c[0]
                                ),
                            )
                            .at_line(i as u32 + 1)
                            .with_help("fix the number, or write the ADR (`sadoc adr new`)"),
                        );
                    }
                }
            }
        }
    }
}

fn superseded_citations(model: &Model, rendered: &[Rendered<Target>], out: &mut Vec<Diagnostic>) {
    let adrs = &model.adrs.adrs;
    for view in &model.sad.views {
        let mut cited: Vec<(usize, u32)> = view
            .adrs
            .iter()
            .map(|&a| (a, key_line(model, view.doc, "adrs")))
            .collect();
        for link in &rendered[view.doc].links {
            if let Target::Page { doc, .. } = link.target
                && let Some(a) = model.adrs.of_doc(doc)
            {
                cited.push((a, link.line));
            }
        }
        let mut seen = BTreeSet::new();
        for (a, line) in cited {
            let adr = &adrs[a];
            if adr.status != Status::Superseded || !seen.insert(a) {
                continue;
            }
            let by: Vec<String> = adr
                .relations
                .iter()
                .filter(|r| r.kind == RelationKind::SupersededBy)
                .map(|r| adrs[r.target].id.label())
                .collect();
            let (message, help) = if by.is_empty() {
                (
                    format!("the view cites {}, which is superseded", adr.id.label()),
                    "cite the decision that replaced it".to_string(),
                )
            } else {
                (
                    format!(
                        "the view cites {}, which is superseded by {}",
                        adr.id.label(),
                        by.join(", ")
                    ),
                    format!(
                        "cite {} instead, or say why the old decision still applies",
                        by.join(", ")
                    ),
                )
            };
            out.push(
                Diagnostic::warning(
                    "code/superseded-citation",
                    model.docs[view.doc].source.clone(),
                    message,
                )
                .at_line(line)
                .with_help(help),
            );
        }
    }
}
