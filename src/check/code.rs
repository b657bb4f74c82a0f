//! Findings about documents and the code they govern, without a diff: patterns that match no
//! file, `ADR-NNNN` references that name no ADR (in documents — [`check_doc`] — and in code
//! comments under `check.scan_code`), and views citing superseded decisions.

use std::collections::{BTreeSet, HashMap, HashSet};

use std::sync::LazyLock;

use regex::Regex;

use crate::load::code::CodeFiles;
use crate::load::project::Project;
use crate::model::decision::{RelationKind, Status};
use crate::model::governance::{Drift, Origin};
use crate::model::{DocKind, Model};
use crate::render::markdown::Rendered;
use crate::render::markdown::resolve::Target;
use crate::util::diag::Diagnostic;
use crate::util::fence::Fences;

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
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    patterns(model, files, &project.config_text, &mut out);
    drift_policies(model, &mut out);
    adr_references_in_code(model, files, &mut out);
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

/// The line that gives a section its `governs`: its `<!-- governs: -->` line when it has one
/// naming the pattern, else front matter's `sections:` key.
fn section_line(model: &Model, doc: usize, id: &str, pattern: &str) -> u32 {
    let d = &model.docs[doc];
    if !d.front.sections.contains_key(id) {
        let at = d
            .body
            .lines()
            .position(|l| l.contains("governs:") && l.contains(pattern));
        if let Some(i) = at {
            return d.body_line + i as u32;
        }
    }
    key_line(model, doc, "sections")
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
                crate::load::project::CONFIG_FILE.to_string(),
                config_line(config, &bad.error.pattern, None),
            ),
        };
        let d = if bad.error.escapes {
            Diagnostic::error("code/pattern", path, bad.error.to_string())
        } else {
            Diagnostic::warning("code/pattern", path, bad.error.to_string())
        };
        out.push(
            d.at_line(line)
                .with_help("see the pattern rules in the configuration reference (`governs`)"),
        );
    }
    for doc_glob in &g.unmatched_doc_globs {
        out.push(
            Diagnostic::warning(
                "code/pattern",
                crate::load::project::CONFIG_FILE,
                format!("`governs` document pattern `{doc_glob}` matches no document"),
            )
            .at_line(config_line(config, doc_glob, None))
            .with_help("document patterns are paths relative to the project root, e.g. `docs/adr/0007-*.md`"),
        );
    }
    let mut reported: BTreeSet<(usize, String)> = BTreeSet::new();
    // Documents of a monorepo share a few patterns: each is matched against the files once.
    let mut matches_some: HashMap<&str, bool> = HashMap::new();
    for rule in &g.rules {
        let matched = *matches_some
            .entry(rule.glob.pattern.as_str())
            .or_insert_with(|| files.matching(&rule.glob).next().is_some());
        if matched {
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
            Origin::Section(id) => (
                model.docs[rule.doc].source.clone(),
                section_line(model, rule.doc, id, &rule.glob.pattern),
            ),
            Origin::Config(doc_glob) => (
                crate::load::project::CONFIG_FILE.to_string(),
                config_line(config, doc_glob, Some(&rule.glob.pattern)),
            ),
        };
        let whose = match &rule.origin {
            Origin::Element(id) => format!(" (element `{id}`)"),
            Origin::Config(glob) => format!(" (for `{glob}`)"),
            Origin::Section(id) => format!(" (section `#{id}`)"),
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
            let start = c.get(0).map_or(0, |m| m.start());
            // `orders:ADR-0003` names another project's ADR (a workspace link, checked as one).
            let other_project = prose[..start]
                .chars()
                .next_back()
                .is_some_and(|ch| ch == ':')
                && prose[..start - 1]
                    .chars()
                    .next_back()
                    .is_some_and(|ch| ch.is_alphanumeric() || ch == '-' || ch == '_');
            if !other_project && unresolved_number(numbers, number) {
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

/// `ADR-NNNN` references in code comments (read while loading, under `check.scan_code`)
/// that name no ADR.
fn adr_references_in_code(model: &Model, files: &CodeFiles, out: &mut Vec<Diagnostic>) {
    if files.adr_mentions.is_empty() {
        return;
    }
    let numbers = adr_numbers(model);
    for mention in &files.adr_mentions {
        if unresolved_number(&numbers, mention.number) {
            out.push(
                Diagnostic::warning(
                    "code/adr-reference",
                    mention.path.clone(),
                    format!(
                        "the comment cites `{}`, which names no ADR of this project",
                        mention.text
                    ),
                )
                .at_line(mention.line)
                .with_help("fix the number, or write the ADR (`sadoc adr new`)"),
            );
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
