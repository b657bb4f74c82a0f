//! How complete the SAD is (DESIGN §3): which required documents it has, and for every view
//! how each section its viewpoint requires stands. These are facts derived from the model and
//! each document's outline; the SAD check turns the gaps into findings and the completeness
//! page shows them.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::outline::{Section, SectionState};
use super::sad::{SadProfile, View};
use super::{DocKind, Model, Section as Area};
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
    /// The document kind that fulfils it (Views and Beyond; arc42 sections are found by title).
    #[serde(skip)]
    pub kind: Option<DocKind>,
    /// The file `sadoc init` would write for it, relative to the SAD folder.
    #[serde(skip)]
    pub file: Option<&'static str>,
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
    /// Number of findings (warnings and errors) about the SAD: the SAD check counts them.
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

/// The Views and Beyond documents a SAD must have: label, kinds, the file `sadoc init` writes,
/// and whether it is required when the SAD has `views` views.
fn required(views: usize) -> [(&'static str, &'static [DocKind], &'static str, bool); 6] {
    [
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
            views >= 2,
        ),
        ("Rationale", &[DocKind::Rationale], "rationale.md", true),
        ("Glossary", &[DocKind::Glossary], "glossary.md", true),
    ]
}

impl Completeness {
    /// The completeness of the SAD in `sad_dir` under `profile`; `outline(d)` is document
    /// `d`'s sections as rendered.
    pub fn new<'o>(
        model: &Model,
        outline: &dyn Fn(usize) -> &'o [Section],
        profile: SadProfile,
        sad_dir: &str,
    ) -> Completeness {
        let has_sad = has_sad(model, sad_dir);
        let mut report = Completeness {
            has_sad,
            profile: match profile {
                SadProfile::ViewsAndBeyond => "views-and-beyond".to_string(),
                SadProfile::Arc42 => "arc42".to_string(),
            },
            ..Completeness::default()
        };
        if !has_sad {
            return report;
        }
        let sad_docs = sad_docs(model);
        report.kinds = match profile {
            SadProfile::ViewsAndBeyond => required_kinds(model, &sad_docs),
            SadProfile::Arc42 => arc42_sections(model, outline, &sad_docs),
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
            let row = view_row(
                model,
                view,
                &view_sections(model, view, outline(view.doc)),
                &report.columns,
            );
            report.views.push(row);
        }
        report.unfinished = report
            .views
            .iter()
            .flat_map(|v| &v.cells)
            .filter(|(c, _)| *c == Cell::Unfinished)
            .count();
        report
    }
}

/// Whether the project has a SAD: its folder exists (or is the project folder).
pub fn has_sad(model: &Model, sad_dir: &str) -> bool {
    sad_dir.is_empty() || model.dirs.contains(sad_dir)
}

/// Whether document `doc` is part of the SAD (templates are not).
pub fn is_sad_doc(model: &Model, doc: usize) -> bool {
    model.docs[doc].section == Area::Sad && model.docs[doc].kind != DocKind::Template
}

/// The SAD's documents, in model order.
pub fn sad_docs(model: &Model) -> Vec<usize> {
    (0..model.docs.len())
        .filter(|&i| is_sad_doc(model, i))
        .collect()
}

fn required_kinds(model: &Model, sad_docs: &[usize]) -> Vec<KindRow> {
    let of_kind = |kinds: &[DocKind]| -> Vec<usize> {
        sad_docs
            .iter()
            .copied()
            .filter(|&d| kinds.contains(&model.docs[d].kind))
            .collect()
    };
    let views = of_kind(&[DocKind::View, DocKind::Packet]).len();
    required(views)
        .into_iter()
        .map(|(label, kinds, file, needed)| {
            let docs = of_kind(kinds);
            let cell = match (docs.is_empty(), needed) {
                (false, _) => Cell::Done,
                (true, true) => Cell::Missing,
                (true, false) => Cell::NotRequired,
            };
            KindRow {
                label: label.to_string(),
                kind: Some(kinds[0]),
                file: Some(file),
                docs,
                cell,
            }
        })
        .collect()
}

fn arc42_sections<'o>(
    model: &Model,
    outline: &dyn Fn(usize) -> &'o [Section],
    sad_docs: &[usize],
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
        for s in outline(d).iter().filter(|s| s.level <= 2) {
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
            KindRow {
                label: (*label).to_string(),
                kind: None,
                file: None,
                cell: if docs.is_empty() {
                    Cell::Missing
                } else {
                    Cell::Done
                },
                docs: docs.into_iter().collect(),
            }
        })
        .collect()
}

/// The sections a view's viewpoint requires (the Views and Beyond five without a viewpoint).
pub fn required_sections(model: &Model, view: &View) -> Vec<String> {
    match view.viewpoint {
        Some(i) => model.sad.viewpoints.all()[i].required_sections.clone(),
        None => super::viewpoint::VIEW_SECTIONS
            .iter()
            .map(|s| (*s).to_string())
            .collect(),
    }
}

/// Whether the view declares elements or relations: its catalog is generated into the
/// "Element Catalog" section, which therefore has content even when the markdown has none.
pub fn has_catalog(model: &Model, view: &View) -> bool {
    let front = &model.docs[view.doc].front;
    !front.elements.is_empty() || !front.relations.is_empty()
}

/// A view's sections as its page shows them: with a generated catalog, the "Element Catalog"
/// section has content.
pub fn view_sections(model: &Model, view: &View, sections: &[Section]) -> Vec<Section> {
    let has_catalog = has_catalog(model, view);
    sections
        .iter()
        .cloned()
        .map(|mut s| {
            if has_catalog && section_key(&s.title) == "element catalog" {
                s.state = SectionState::Content;
            }
            s
        })
        .collect()
}

/// How each of `columns` stands in a view with `sections` (see [`view_sections`]).
fn view_row(model: &Model, view: &View, sections: &[Section], columns: &[String]) -> ViewRow {
    let required = required_sections(model, view);
    let has_catalog = has_catalog(model, view);
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
                None => (Cell::Missing, None),
                Some(s) => (cell_of(s.state), Some(s.id.clone())),
            }
        })
        .collect();
    let viewpoint = view
        .viewpoint
        .map(|i| model.sad.viewpoints.all()[i].id.clone());
    ViewRow {
        doc: view.doc,
        viewpoint,
        cells,
    }
}

/// The level-2-or-deeper section named `name` (compared by [`section_key`]).
pub fn find_section<'s>(sections: &'s [Section], name: &str) -> Option<&'s Section> {
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
