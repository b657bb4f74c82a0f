//! Findings about the SAD: the gaps its completeness shows, and what its pages say.
//!
//! The profile decides which documents must exist (Views and Beyond: roadmap, overview, views,
//! mapping, rationale, glossary; arc42: its twelve sections). Every view must have its
//! viewpoint's sections, with content, and a diagram in its primary presentation; its elements
//! and relations must use its viewpoint's vocabulary and refer to each other; its references
//! must resolve. The mapping between views must name declared elements. Acronyms missing from
//! the glossary are information. The facts these findings read — which documents and sections
//! are there — are [`crate::model::completeness`]'s.

use std::collections::HashSet;

use crate::load::config::Config;
use crate::model::completeness::{
    Cell, Completeness, ViewRow, find_section, has_sad, is_sad_doc, sad_docs, view_sections,
};
use crate::model::outline::{Section, SectionState};
use crate::model::sad::View;
use crate::model::viewpoint::{Viewpoint, normalise};
use crate::model::{DocKind, Model};
use crate::render::markdown::Rendered;
use crate::render::markdown::resolve::Target;
use crate::util::diag::{Diagnostic, Severity};

/// Runs the SAD checks over the project as a whole: the gaps `completeness` found, and what
/// each view, the mapping and the references say; counts the findings into the completeness
/// report, whose page shows how many there are.
pub fn check(
    model: &Model,
    rendered: &[Rendered<Target>],
    config: &Config,
    completeness: &mut Completeness,
) -> Vec<Diagnostic> {
    let sad_dir = &config.sad.dir;
    if !completeness.has_sad {
        return Vec::new();
    }
    let mut out = Vec::new();
    missing_documents(completeness, sad_dir, &mut out);
    for (view, row) in model.sad.views.iter().zip(&completeness.views) {
        check_view(model, rendered, view, row, &completeness.columns, &mut out);
    }
    dangling(model, &mut out);
    mapping(model, rendered, &mut out);
    // The report counts the unfinished sections of other SAD pages too, which
    // [`check_doc`] reports.
    let mut pages = Vec::new();
    for doc in sad_docs(model) {
        if model.sad.view_of(doc).is_none() {
            section_states(model, doc, &rendered[doc].sections, &mut pages);
        }
    }
    completeness.problems = out
        .iter()
        .chain(&pages)
        .filter(|d| d.severity >= Severity::Warning)
        .count();
    out
}

/// The required documents (or arc42 sections) the SAD does not have.
fn missing_documents(completeness: &Completeness, sad_dir: &str, out: &mut Vec<Diagnostic>) {
    for row in completeness
        .kinds
        .iter()
        .filter(|r| r.cell == Cell::Missing)
    {
        let d = match (row.kind, row.file) {
            (Some(kind), Some(file)) => {
                let kind = kind.as_str();
                Diagnostic::warning(
                    "sad/missing-document",
                    sad_dir,
                    format!("the SAD has no {} (a document of kind `{kind}`)", row.label.to_lowercase()),
                )
                .with_help(format!("add `{}` with `kind: {kind}` in its front matter (`sadoc init` writes a starter)", join(sad_dir, file)))
            }
            _ => Diagnostic::warning(
                "sad/missing-document",
                sad_dir,
                format!("the arc42 SAD has no section `{}`", row.label),
            )
            .with_help(
                "add a document with that title (`sadoc init --profile arc42` writes all twelve)",
            ),
        };
        out.push(d);
    }
}

/// What a view says: its viewpoint and viewtype, its sections (`row` has how each required
/// one stands), its primary presentation's diagram, its elements and relations.
fn check_view(
    model: &Model,
    rendered: &[Rendered<Target>],
    view: &View,
    row: &ViewRow,
    columns: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let doc = &model.docs[view.doc];
    let source = doc.source.as_str();
    let viewpoints = &model.sad.viewpoints;
    let viewpoint: Option<&Viewpoint> = view.viewpoint.map(|i| &viewpoints.all()[i]);
    let key_line = |key: &str| doc.front.key_lines.get(key).copied().unwrap_or(1);
    match (&doc.front.style, viewpoint) {
        (Some(style), None) => out.push(
            Diagnostic::warning("sad/unknown-viewpoint", source, format!("unknown viewpoint `{style}`"))
                .at_line(key_line("style"))
                .with_help(format!(
                    "{}use one of {}, or declare it under `viewpoints:` in sadoc.yml",
                    guess(style, viewpoints.all().iter().map(|v| v.id.as_str())),
                    viewpoints.ids()
                )),
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
    let sections = view_sections(model, view, &rendered[view.doc].sections);
    section_states(model, view.doc, &sections, out);
    for (column, (cell, _)) in columns.iter().zip(&row.cells) {
        if *cell == Cell::Missing {
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
        }
    }
    // A view that declares elements gets its picture drawn from them.
    let drawn = !doc.front.elements.is_empty()
        && !doc
            .front
            .diagram
            .as_deref()
            .is_some_and(|d| d.trim().eq_ignore_ascii_case("none"));
    if let Some(primary) = find_section(&sections, "Primary Presentation")
        && !primary.has_diagram
        && !drawn
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
}

/// `did you mean `x`? ` when a word of the vocabulary is close to `word`, else nothing.
fn guess<'a>(word: &str, vocabulary: impl IntoIterator<Item = &'a str>) -> String {
    crate::util::spelling::did_you_mean(word, vocabulary)
        .map(|d| format!("{d} "))
        .unwrap_or_default()
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
/// elements (a packet may use its parent's). Longer than 100 lines on purpose: one rule after
/// the other over the same front matter, each a few lines of message.
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
                .with_help(format!(
                    "{}use one of: {}",
                    guess(kind, vp.element_types.iter().map(String::as_str)),
                    vp.element_types.join(", ")
                )),
            );
        }
    }
    // Ids a relation may use: this view's elements and its ancestors'.
    let mut known: HashSet<String> = seen;
    let v = model.sad.view_of(view.doc).unwrap_or(0);
    for p in model.sad.ancestors(v) {
        let parent = &model.docs[model.sad.views[p].doc];
        for e in &parent.front.elements {
            if let Some(id) = e.id.as_deref().or(e.name.as_deref()) {
                known.insert(id.to_lowercase());
            }
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
                .with_help(format!(
                    "{}use one of: {}",
                    guess(kind, vp.relation_types.iter().map(String::as_str)),
                    vp.relation_types.join(", ")
                )),
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

pub use super::acronyms::Glossary;

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
    if !has_sad(model, &config.sad.dir) || !is_sad_doc(model, doc) {
        return out;
    }
    if model.sad.view_of(doc).is_none() {
        section_states(model, doc, &rendered[doc].sections, &mut out);
    }
    if let Some(glossary) = glossary.filter(|g| g.doc != doc) {
        super::acronyms::acronyms(model, glossary, doc, &mut out);
    }
    out
}

fn join(dir: &str, file: &str) -> String {
    if dir.is_empty() {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}
