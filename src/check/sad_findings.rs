//! Findings about the SAD, and its completeness report.
//!
//! The profile decides which documents must exist (Views and Beyond: roadmap, overview, views,
//! mapping, rationale, glossary; arc42: its twelve sections). Every view must have its
//! viewpoint's sections, with content, and a diagram in its primary presentation; its elements
//! and relations must use its viewpoint's vocabulary and refer to each other; its references
//! must resolve. The mapping between views must name declared elements. Acronyms missing from
//! the glossary are information. The same data fills the completeness report page.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::load::config::{Config, SadProfile};
use crate::model::sad::View;
use crate::model::viewpoint::{Viewpoint, normalise};
use crate::model::{DocKind, Model, Section as Area};
use crate::render::markdown::Rendered;
use crate::render::markdown::resolve::Target;
use crate::render::markdown::structure::{Section, SectionState};
use crate::util::diag::{Diagnostic, Severity};
use crate::util::fence::Fences;
use crate::util::paths;

/// How a required part of the SAD stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cell {
    /// Present with content.
    Done,
    /// Present, says it does not apply.
    NotApplicable,
    /// Present but still guidance, TBD or empty.
    Unfinished,
    /// Absent.
    Missing,
    /// Not required here.
    NotRequired,
}

/// One required kind of document and whether the SAD has it.
#[derive(Debug, Clone, Serialize)]
pub struct KindRow {
    /// The kind or arc42 section, as shown.
    pub label: String,
    /// Documents that fulfil it.
    pub docs: Vec<usize>,
    /// How it stands.
    pub cell: Cell,
}

/// One view and how each required section stands.
#[derive(Debug, Clone, Serialize)]
pub struct ViewRow {
    /// The view's document.
    pub doc: usize,
    /// Its viewpoint id, when known.
    pub viewpoint: Option<String>,
    /// One cell per column of [`Completeness::columns`]: state and the section's anchor.
    pub cells: Vec<(Cell, Option<String>)>,
}

/// The completeness report (DESIGN §3): required documents, and views × required sections.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Completeness {
    /// Whether the project has a SAD folder (otherwise there is nothing to report).
    pub has_sad: bool,
    /// The profile checked.
    pub profile: String,
    /// Required documents.
    pub kinds: Vec<KindRow>,
    /// Every section some view requires, in first-seen order.
    pub columns: Vec<String>,
    /// One row per view.
    pub views: Vec<ViewRow>,
    /// Number of findings (warnings and errors) about the SAD.
    pub problems: usize,
    /// Number of required sections that are present but unfinished (guidance, TBD, empty).
    pub unfinished: usize,
}

/// A heading or section name for comparison: lower case, numbering (`2.1`, `A.`) removed.
pub fn section_key(title: &str) -> String {
    static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:\d+(?:\.\d+)*\.?|[A-Za-z]\.|[IVXivx]+\.)\s+").expect("valid regex")
    });
    let stripped = NUMBERING.replace(title, "");
    stripped
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// arc42's twelve sections, each with the names it goes by.
const ARC42: [(&str, &[&str]); 12] = [
    (
        "1. Introduction and Goals",
        &["introduction and goals", "introduction"],
    ),
    (
        "2. Architecture Constraints",
        &["architecture constraints", "constraints"],
    ),
    (
        "3. Context and Scope",
        &["context and scope", "system scope and context", "context"],
    ),
    ("4. Solution Strategy", &["solution strategy"]),
    (
        "5. Building Block View",
        &["building block view", "building blocks"],
    ),
    ("6. Runtime View", &["runtime view"]),
    ("7. Deployment View", &["deployment view"]),
    (
        "8. Cross-cutting Concepts",
        &[
            "cross cutting concepts",
            "crosscutting concepts",
            "concepts",
        ],
    ),
    (
        "9. Architecture Decisions",
        &["architecture decisions", "design decisions", "decisions"],
    ),
    (
        "10. Quality Requirements",
        &["quality requirements", "quality scenarios"],
    ),
    (
        "11. Risks and Technical Debt",
        &["risks and technical debt", "technical risks", "risks"],
    ),
    ("12. Glossary", &["glossary"]),
];

/// Runs the SAD checks; returns the findings and the completeness report.
pub fn check(
    model: &Model,
    rendered: &[Rendered<Target>],
    config: &Config,
) -> (Vec<Diagnostic>, Completeness) {
    let sad_dir = &config.sad.dir;
    let has_sad = has_sad(model, config);
    let mut report = Completeness {
        has_sad,
        profile: match config.sad.profile {
            SadProfile::ViewsAndBeyond => "views-and-beyond".to_string(),
            SadProfile::Arc42 => "arc42".to_string(),
        },
        ..Completeness::default()
    };
    if !has_sad {
        return (Vec::new(), report);
    }
    let mut out = Vec::new();
    let sad_docs: Vec<usize> = (0..model.docs.len())
        .filter(|&i| is_sad_doc(model, i))
        .collect();
    report.kinds = match config.sad.profile {
        SadProfile::ViewsAndBeyond => required_kinds(model, &sad_docs, sad_dir, &mut out),
        SadProfile::Arc42 => arc42_sections(model, rendered, &sad_docs, sad_dir, &mut out),
    };
    // Every view's required sections make the report's columns, in first-seen order.
    for view in &model.sad.views {
        for name in required_sections(model, view) {
            if !report
                .columns
                .iter()
                .any(|c| section_key(c) == section_key(&name))
            {
                report.columns.push(name);
            }
        }
    }
    for view in &model.sad.views {
        let row = check_view(model, rendered, view, &report.columns, &mut out);
        report.views.push(row);
    }
    dangling(model, &mut out);
    mapping(model, rendered, &mut out);
    // The report counts the unfinished sections of other SAD pages too, which
    // [`check_doc`] reports.
    let mut pages = Vec::new();
    for &doc in &sad_docs {
        if model.sad.view_of(doc).is_none() {
            section_states(model, doc, &rendered[doc].sections, &mut pages);
        }
    }
    report.problems = out
        .iter()
        .chain(&pages)
        .filter(|d| d.severity >= Severity::Warning)
        .count();
    report.unfinished = report
        .views
        .iter()
        .flat_map(|v| &v.cells)
        .filter(|(c, _)| *c == Cell::Unfinished)
        .count();
    (out, report)
}

fn required_kinds(
    model: &Model,
    sad_docs: &[usize],
    sad_dir: &str,
    out: &mut Vec<Diagnostic>,
) -> Vec<KindRow> {
    let of_kind = |kinds: &[DocKind]| -> Vec<usize> {
        sad_docs
            .iter()
            .copied()
            .filter(|&d| kinds.contains(&model.docs[d].kind))
            .collect()
    };
    let views = of_kind(&[DocKind::View, DocKind::Packet]);
    let mut rows = Vec::new();
    let required: [(&str, &[DocKind], &str, bool); 6] = [
        (
            "Documentation roadmap",
            &[DocKind::Roadmap],
            "index.md",
            true,
        ),
        ("System overview", &[DocKind::Overview], "overview.md", true),
        ("Views", &[DocKind::View, DocKind::Packet], "views/", true),
        (
            "Mapping between views",
            &[DocKind::Mapping],
            "mapping.md",
            views.len() >= 2,
        ),
        ("Rationale", &[DocKind::Rationale], "rationale.md", true),
        ("Glossary", &[DocKind::Glossary], "glossary.md", true),
    ];
    for (label, kinds, file, needed) in required {
        let docs = of_kind(kinds);
        let cell = match (docs.is_empty(), needed) {
            (false, _) => Cell::Done,
            (true, true) => {
                let kind = kinds[0].as_str();
                out.push(
                    Diagnostic::warning(
                        "sad/missing-document",
                        sad_dir,
                        format!("the SAD has no {} (a document of kind `{kind}`)", label.to_lowercase()),
                    )
                    .with_help(format!("add `{}` with `kind: {kind}` in its front matter (`sadoc init` writes a starter)", join(sad_dir, file))),
                );
                Cell::Missing
            }
            (true, false) => Cell::NotRequired,
        };
        rows.push(KindRow {
            label: label.to_string(),
            docs,
            cell,
        });
    }
    rows
}

fn arc42_sections(
    model: &Model,
    rendered: &[Rendered<Target>],
    sad_docs: &[usize],
    sad_dir: &str,
    out: &mut Vec<Diagnostic>,
) -> Vec<KindRow> {
    // A section is present when a SAD document's title, file name or level-1/2 heading names it.
    let mut names: Vec<(usize, String)> = Vec::new();
    for &d in sad_docs {
        let doc = &model.docs[d];
        let stem = paths::stem(&doc.source).replace(['_', '-'], " ");
        names.push((d, section_key(&stem)));
        if let Some(title) = &doc.front.title {
            names.push((d, section_key(title)));
        }
        for s in rendered[d].sections.iter().filter(|s| s.level <= 2) {
            names.push((d, section_key(&s.title)));
        }
    }
    ARC42
        .iter()
        .map(|(label, aliases)| {
            let docs: BTreeSet<usize> = names
                .iter()
                .filter(|(_, n)| aliases.iter().any(|a| n == a))
                .map(|(d, _)| *d)
                .collect();
            let cell = if docs.is_empty() {
                out.push(
                    Diagnostic::warning(
                        "sad/missing-document",
                        sad_dir,
                        format!("the arc42 SAD has no section `{label}`"),
                    )
                    .with_help("add a document with that title (`sadoc init --profile arc42` writes all twelve)"),
                );
                Cell::Missing
            } else {
                Cell::Done
            };
            KindRow {
                label: (*label).to_string(),
                docs: docs.into_iter().collect(),
                cell,
            }
        })
        .collect()
}

/// The sections a view's viewpoint requires (the Views and Beyond five without a viewpoint).
fn required_sections(model: &Model, view: &View) -> Vec<String> {
    match view.viewpoint {
        Some(i) => model.sad.viewpoints.all()[i].required_sections.clone(),
        None => crate::model::viewpoint::VIEW_SECTIONS
            .iter()
            .map(|s| (*s).to_string())
            .collect(),
    }
}

fn check_view(
    model: &Model,
    rendered: &[Rendered<Target>],
    view: &View,
    columns: &[String],
    out: &mut Vec<Diagnostic>,
) -> ViewRow {
    let doc = &model.docs[view.doc];
    let source = doc.source.as_str();
    let viewpoints = &model.sad.viewpoints;
    let viewpoint: Option<&Viewpoint> = view.viewpoint.map(|i| &viewpoints.all()[i]);
    let key_line = |key: &str| doc.front.key_lines.get(key).copied().unwrap_or(1);
    match (&doc.front.style, viewpoint) {
        (Some(style), None) => out.push(
            Diagnostic::warning("sad/unknown-viewpoint", source, format!("unknown viewpoint `{style}`"))
                .at_line(key_line("style"))
                .with_help(format!("use one of {}, or declare it under `viewpoints:` in sadoc.yml", viewpoints.ids())),
        ),
        (None, _) => out.push(
            Diagnostic::new(Severity::Info, "sad/no-viewpoint", source, "the view names no viewpoint (`style:`); the Views and Beyond sections are expected")
                .with_help("add `viewtype:` and `style:` to its front matter"),
        ),
        _ => {}
    }
    if let (Some(vp), Some(declared)) = (viewpoint, doc.front.viewtype.as_deref())
        && let Some(t) = crate::model::viewpoint::Viewtype::parse(declared)
        && t != vp.base
    {
        out.push(
            Diagnostic::warning(
                "sad/viewtype",
                source,
                format!(
                    "`viewtype: {declared}` but viewpoint `{}` is {} {} viewpoint",
                    vp.id,
                    if vp.base == crate::model::viewpoint::Viewtype::Allocation {
                        "an"
                    } else {
                        "a"
                    },
                    vp.base.as_str()
                ),
            )
            .at_line(key_line("viewtype")),
        );
    }
    let required = required_sections(model, view);
    // A view that declares elements or relations gets its catalog generated into the
    // "Element Catalog" section, which therefore has content even when the markdown has none.
    let has_catalog = !doc.front.elements.is_empty() || !doc.front.relations.is_empty();
    let sections: Vec<Section> = rendered[view.doc]
        .sections
        .iter()
        .cloned()
        .map(|mut s| {
            if has_catalog && section_key(&s.title) == "element catalog" {
                s.state = SectionState::Content;
            }
            s
        })
        .collect();
    let sections = sections.as_slice();
    section_states(model, view.doc, sections, out);
    let cells = columns
        .iter()
        .map(|column| {
            if !required
                .iter()
                .any(|r| section_key(r) == section_key(column))
            {
                return (Cell::NotRequired, None);
            }
            match find_section(sections, column) {
                None if has_catalog && section_key(column) == "element catalog" => {
                    (Cell::Done, None)
                }
                None => {
                    out.push(
                        Diagnostic::warning(
                            "sad/missing-section",
                            source,
                            format!("the view has no `{column}` section"),
                        )
                        .at_line(sections.first().map_or(1, |s| s.line))
                        .with_help(format!(
                            "add `## {column}`; write \"N/A\" in it if it does not apply"
                        )),
                    );
                    (Cell::Missing, None)
                }
                Some(s) => (cell_of(s.state), Some(s.id.clone())),
            }
        })
        .collect();
    if let Some(primary) = find_section(sections, "Primary Presentation")
        && !primary.has_diagram
        && primary.state == SectionState::Content
    {
        out.push(
            Diagnostic::warning(
                "sad/no-diagram",
                source,
                "the primary presentation has no diagram",
            )
            .at_line(primary.line)
            .with_help("add a ```mermaid block or an image, with a key to its notation"),
        );
    }
    elements(model, view, viewpoint, out);
    ViewRow {
        doc: view.doc,
        viewpoint: viewpoint.map(|vp| vp.id.clone()),
        cells,
    }
}

fn find_section<'s>(sections: &'s [Section], name: &str) -> Option<&'s Section> {
    let key = section_key(name);
    sections
        .iter()
        .filter(|s| s.level >= 2)
        .find(|s| section_key(&s.title) == key)
}

fn cell_of(state: SectionState) -> Cell {
    match state {
        SectionState::Content => Cell::Done,
        SectionState::NotApplicable => Cell::NotApplicable,
        _ => Cell::Unfinished,
    }
}

/// Empty, TBD and guidance-only level-2 sections of a SAD document.
fn section_states(model: &Model, doc: usize, sections: &[Section], out: &mut Vec<Diagnostic>) {
    let source = &model.docs[doc].source;
    for s in sections.iter().filter(|s| s.level == 2) {
        let (severity, what, help) = match s.state {
            SectionState::Empty => (
                Severity::Warning,
                "is empty",
                "write it, or write \"N/A\" if it does not apply",
            ),
            SectionState::Placeholder => (
                Severity::Warning,
                "is marked TBD/TODO",
                "finish it, or write \"N/A\" if it does not apply",
            ),
            SectionState::GuidanceOnly => (
                Severity::Info,
                "holds only the template's guidance",
                "replace the guidance with the section's content",
            ),
            _ => continue,
        };
        out.push(
            Diagnostic::new(
                severity,
                "sad/unfinished-section",
                source.clone(),
                format!("section `{}` {what}", s.title),
            )
            .at_line(s.line)
            .with_help(help),
        );
    }
}

/// Elements and relations: unique ids, types from the viewpoint, relations between declared
/// elements (a packet may use its parent's).
fn elements(model: &Model, view: &View, viewpoint: Option<&Viewpoint>, out: &mut Vec<Diagnostic>) {
    let doc = &model.docs[view.doc];
    let source = doc.source.as_str();
    let elements_line = doc.front.key_lines.get("elements").copied().unwrap_or(1);
    let relations_line = doc.front.key_lines.get("relations").copied().unwrap_or(1);
    let mut seen: HashSet<String> = HashSet::new();
    for (i, element) in doc.front.elements.iter().enumerate() {
        let Some(id) = element.id.as_deref().or(element.name.as_deref()) else {
            out.push(
                Diagnostic::warning(
                    "sad/element",
                    source,
                    format!("element {} has neither `id` nor `name`", i + 1),
                )
                .at_line(elements_line),
            );
            continue;
        };
        if !seen.insert(id.to_lowercase()) {
            out.push(
                Diagnostic::warning(
                    "sad/element",
                    source,
                    format!("element `{id}` is declared twice"),
                )
                .at_line(elements_line),
            );
        }
        if let (Some(vp), Some(kind)) = (viewpoint, element.kind.as_deref())
            && !vp.element_types.is_empty()
            && !vp.element_types.contains(&normalise(kind))
        {
            out.push(
                Diagnostic::warning(
                    "sad/element-type",
                    source,
                    format!(
                        "element `{id}` has type `{kind}`, which viewpoint `{}` does not define",
                        vp.id
                    ),
                )
                .at_line(elements_line)
                .with_help(format!("use one of: {}", vp.element_types.join(", "))),
            );
        }
    }
    // Ids a relation may use: this view's elements and its ancestors'.
    let mut known: HashSet<String> = seen;
    let mut ancestor = view.parent;
    let mut guard = 0;
    while let Some(p) = ancestor {
        let parent = &model.docs[model.sad.views[p].doc];
        for e in &parent.front.elements {
            if let Some(id) = e.id.as_deref().or(e.name.as_deref()) {
                known.insert(id.to_lowercase());
            }
        }
        ancestor = model.sad.views[p].parent;
        guard += 1;
        if guard > model.sad.views.len() {
            break;
        }
    }
    for relation in &doc.front.relations {
        for (end, id) in [("from", &relation.from), ("to", &relation.to)] {
            match id {
                Some(id) if !known.contains(&id.to_lowercase()) => out.push(
                    Diagnostic::warning(
                        "sad/relation",
                        source,
                        format!("relation {} `{id}` is not an element of this view", end),
                    )
                    .at_line(relations_line)
                    .with_help("declare it under `elements:`, or fix the id"),
                ),
                None => out.push(
                    Diagnostic::warning(
                        "sad/relation",
                        source,
                        format!("a relation has no `{end}`"),
                    )
                    .at_line(relations_line),
                ),
                _ => {}
            }
        }
        if let (Some(vp), Some(kind)) = (viewpoint, relation.kind.as_deref())
            && !vp.relation_types.is_empty()
            && !vp.relation_types.contains(&normalise(kind))
        {
            out.push(
                Diagnostic::warning(
                    "sad/relation-type",
                    source,
                    format!(
                        "relation type `{kind}` is not defined by viewpoint `{}`",
                        vp.id
                    ),
                )
                .at_line(relations_line)
                .with_help(format!("use one of: {}", vp.relation_types.join(", "))),
            );
        }
    }
}

fn dangling(model: &Model, out: &mut Vec<Diagnostic>) {
    for d in &model.sad.dangling {
        let doc = &model.docs[model.sad.views[d.view].doc];
        let what = if d.key == "adrs" { "ADR" } else { "view" };
        out.push(
            Diagnostic::warning(
                "sad/reference",
                doc.source.clone(),
                format!("`{}: {}` names no {what} of this project", d.key, d.text),
            )
            .at_line(doc.front.key_lines.get(d.key).copied().unwrap_or(1))
            .with_help(if what == "ADR" {
                "write ADR-NNNN, or the ADR's file name"
            } else {
                "write the view's `id`, its file name, or its path"
            }),
        );
    }
}

/// Mapping tables — markdown tables in the mapping document whose columns are views, and
/// `mapping:` tables in its front matter: each cell must name an element of its column's view
/// (checked only for views that declare elements).
fn mapping(model: &Model, rendered: &[Rendered<Target>], out: &mut Vec<Diagnostic>) {
    let sad = &model.sad;
    for (doc, page) in rendered.iter().enumerate() {
        let d = &model.docs[doc];
        if d.kind != DocKind::Mapping {
            continue;
        }
        for table in &page.tables {
            let columns: Vec<Option<usize>> = table
                .header
                .iter()
                .enumerate()
                .map(|(i, header)| {
                    let linked = table.header_links[i].and_then(|l| {
                        match page.links.get(l).map(|l| &l.target) {
                            Some(Target::Page { doc, .. }) => sad.view_of(*doc),
                            _ => None,
                        }
                    });
                    linked.or_else(|| sad.named(model, header))
                })
                .collect();
            for (r, row) in table.rows.iter().enumerate() {
                mapping_row(model, doc, &columns, row, table.line + 2 + r as u32, out);
            }
        }
        let line = d.front.key_lines.get("mapping").copied().unwrap_or(1);
        for table in &d.front.mapping {
            let mut columns = Vec::new();
            for name in &table.views {
                let view = sad.named(model, name);
                if view.is_none() {
                    out.push(
                        Diagnostic::warning(
                            "sad/mapping",
                            d.source.clone(),
                            format!("mapping column `{name}` names no view"),
                        )
                        .at_line(line)
                        .with_help("write the view's id, file name or title"),
                    );
                }
                columns.push(view);
            }
            for row in &table.rows {
                mapping_row(model, doc, &columns, &row.0, line, out);
            }
        }
    }
}

fn mapping_row(
    model: &Model,
    doc: usize,
    columns: &[Option<usize>],
    row: &[String],
    line: u32,
    out: &mut Vec<Diagnostic>,
) {
    let sad = &model.sad;
    for (c, cell) in row.iter().enumerate() {
        let Some(Some(view)) = columns.get(c) else {
            continue;
        };
        let view_doc = &model.docs[sad.views[*view].doc];
        if view_doc.front.elements.is_empty() {
            continue;
        }
        let names: HashSet<String> = view_doc
            .front
            .elements
            .iter()
            .flat_map(|e| [e.id.as_deref(), e.name.as_deref()])
            .flatten()
            .map(str::to_lowercase)
            .collect();
        for value in cell
            .split([',', ';'])
            .map(str::trim)
            .filter(|v| !v.is_empty() && *v != "-" && *v != "—")
        {
            if !names.contains(&value.to_lowercase()) {
                out.push(
                    Diagnostic::warning(
                        "sad/mapping",
                        model.docs[doc].source.clone(),
                        format!(
                            "`{value}` is not an element of view `{}`",
                            sad.views[*view].id
                        ),
                    )
                    .at_line(line)
                    .with_help("use an element's id or name from that view's `elements:`"),
                );
            }
        }
    }
}

/// Acronyms used in SAD documents but not defined in the glossary: one note per document.
static ACRONYM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z][A-Z0-9]{1,5}s?\b").expect("valid regex"));

/// The glossary and the acronyms it defines.
#[derive(Debug, Clone)]
pub struct Glossary {
    doc: usize,
    defined: HashSet<String>,
}

impl Glossary {
    /// The SAD's glossary, when it has one.
    pub fn find(model: &Model, rendered: &[Rendered<Target>], config: &Config) -> Option<Glossary> {
        if !has_sad(model, config) {
            return None;
        }
        let glossary = (0..model.docs.len())
            .find(|&d| is_sad_doc(model, d) && model.docs[d].kind == DocKind::Glossary)?;
        let mut defined: HashSet<String> = HashSet::new();
        for table in &rendered[glossary].tables {
            for row in &table.rows {
                if let Some(term) = row.first() {
                    for m in ACRONYM.find_iter(term) {
                        defined.insert(m.as_str().trim_end_matches('s').to_string());
                    }
                }
            }
        }
        for s in &rendered[glossary].sections {
            for m in ACRONYM.find_iter(&s.title) {
                defined.insert(m.as_str().to_string());
            }
        }
        for line in model.docs[glossary].body.lines() {
            for m in ACRONYM.find_iter(line.split(':').next().unwrap_or("")) {
                defined.insert(m.as_str().to_string());
            }
        }
        Some(Glossary {
            doc: glossary,
            defined,
        })
    }
}

fn has_sad(model: &Model, config: &Config) -> bool {
    let sad_dir = &config.sad.dir;
    sad_dir.is_empty() || model.dirs.contains(sad_dir.as_str())
}

fn is_sad_doc(model: &Model, doc: usize) -> bool {
    model.docs[doc].section == Area::Sad && model.docs[doc].kind != DocKind::Template
}

/// The SAD findings about one document alone: unfinished sections of a page that is not a
/// view (views are checked against their viewpoint by [`check`]), and acronyms it uses that the
/// glossary does not define.
pub fn check_doc(
    model: &Model,
    rendered: &[Rendered<Target>],
    config: &Config,
    glossary: Option<&Glossary>,
    doc: usize,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !has_sad(model, config) || !is_sad_doc(model, doc) {
        return out;
    }
    if model.sad.view_of(doc).is_none() {
        section_states(model, doc, &rendered[doc].sections, &mut out);
    }
    if let Some(glossary) = glossary.filter(|g| g.doc != doc) {
        acronyms(model, glossary, doc, &mut out);
    }
    out
}

fn acronyms(model: &Model, glossary: &Glossary, d: usize, out: &mut Vec<Diagnostic>) {
    static CODE_OR_URL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"`[^`]*`|\]\([^)]*\)|https?://\S+|<[^>]+>").expect("valid regex")
    });
    const COMMON: &[&str] = &[
        "TBD", "TODO", "OK", "NB", "AND", "OR", "NOT", "II", "III", "IV", "VI",
    ];
    let defined = &glossary.defined;
    let doc = &model.docs[d];
    let mut missing: BTreeMap<String, u32> = BTreeMap::new();
    // Scan the text as the renderer sees it (admonition bodies dedented), outside code and
    // outside the template's guidance boxes.
    let rewritten = crate::render::markdown::admonition::rewrite(&doc.body);
    let (text, map) = match &rewritten {
        Some(r) => (r.text.as_str(), Some(&r.lines)),
        None => (doc.body.as_str(), None),
    };
    let mut fences = Fences::new();
    let mut in_guidance = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("<div class=\"admonition guidance") {
            in_guidance = true;
            continue;
        }
        if in_guidance && line.starts_with("</div>") {
            in_guidance = false;
            continue;
        }
        if fences.line(line) || in_guidance {
            continue;
        }
        let source_line = map.and_then(|m| m.get(i)).map_or(i as u32, |(l, _)| *l);
        let prose = CODE_OR_URL.replace_all(line, " ");
        for m in ACRONYM.find_iter(&prose) {
            let word = m.as_str();
            let base = word
                .strip_suffix('s')
                .filter(|b| b.len() >= 2)
                .unwrap_or(word);
            if COMMON.contains(&base)
                || base.chars().all(|c| c.is_ascii_digit())
                || defined.contains(base)
            {
                continue;
            }
            missing
                .entry(base.to_string())
                .or_insert(doc.body_line + source_line);
        }
    }
    if let Some(first) = missing.values().min().copied() {
        let list: Vec<&str> = missing.keys().map(String::as_str).collect();
        out.push(
            Diagnostic::new(
                Severity::Info,
                "sad/acronym",
                doc.source.clone(),
                format!("acronyms not in the glossary: {}", list.join(", ")),
            )
            .at_line(first)
            .with_help(format!(
                "define them in `{}`",
                model.docs[glossary.doc].source
            )),
        );
    }
}

fn join(dir: &str, file: &str) -> String {
    if dir.is_empty() {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}

#[cfg(test)]
mod tests {
    use super::section_key;

    #[test]
    fn section_names_ignore_numbering_and_case() {
        assert_eq!(section_key("2.1 Element Catalog"), "element catalog");
        assert_eq!(section_key("3. Context diagram"), "context diagram");
        assert_eq!(section_key("A. Variability Guide"), "variability guide");
        assert_eq!(section_key("Primary presentation:"), "primary presentation");
        assert_eq!(
            section_key("Cross-cutting Concepts"),
            "cross cutting concepts"
        );
    }
}
