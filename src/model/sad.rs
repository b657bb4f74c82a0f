//! The Software Architecture Document as data: its views, their viewpoints, packets and the
//! decisions they cite.
//!
//! Built once from the documents and `sadoc.yml`'s viewpoints; checks and pages read it. A view
//! is a document of kind `view` or `packet` (or one with a `parent:`); it is known by its
//! front matter `id`, its file name or its path.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::decision::AdrLog;
use super::viewpoint::{Viewpoints, Viewtype};
use super::{DocKind, Model};
use crate::util::paths;

/// One view (or view packet) of the SAD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct View {
    /// Index of its document.
    pub doc: usize,
    /// The id other views use: front matter `id`, else the file name without extension.
    pub id: String,
    /// Its viewtype: declared, or its viewpoint's.
    pub viewtype: Option<Viewtype>,
    /// The viewpoint its `style:` names (index into [`Viewpoints::all`]).
    pub viewpoint: Option<usize>,
    /// The view it refines, for a packet (index into [`Sad::views`]).
    pub parent: Option<usize>,
    /// Packets that refine it.
    pub children: Vec<usize>,
    /// Related views.
    pub related: Vec<usize>,
    /// ADRs cited in front matter `adrs:` (indices into the ADR log).
    pub adrs: Vec<usize>,
}

/// A reference in a view's front matter that names nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dangling {
    /// The view that makes it.
    pub view: usize,
    /// The front matter key (`parent`, `related_views`, `adrs`).
    pub key: &'static str,
    /// The reference as written.
    pub text: String,
}

/// The SAD of a project.
#[derive(Debug, Clone, Default)]
pub struct Sad {
    /// Built-in and custom viewpoints.
    pub viewpoints: Viewpoints,
    /// Every view, in document order.
    pub views: Vec<View>,
    /// References that name no view or ADR.
    pub dangling: Vec<Dangling>,
    by_doc: HashMap<usize, usize>,
}

impl Sad {
    /// Collects the views of `model`.
    pub fn new(model: &Model, viewpoints: Viewpoints) -> Sad {
        let docs: Vec<usize> = (0..model.docs.len())
            .filter(|&i| {
                let d = &model.docs[i];
                matches!(d.kind, DocKind::View | DocKind::Packet)
                    || (d.front.parent.is_some() && d.section == super::Section::Sad)
            })
            .collect();
        let mut views: Vec<View> = docs
            .iter()
            .map(|&doc| {
                let d = &model.docs[doc];
                let viewpoint = d
                    .front
                    .style
                    .as_deref()
                    .and_then(|s| viewpoints.get(s))
                    .and_then(|v| viewpoints.all().iter().position(|x| x.id == v.id));
                let viewtype = d
                    .front
                    .viewtype
                    .as_deref()
                    .and_then(Viewtype::parse)
                    .or_else(|| viewpoint.map(|v| viewpoints.all()[v].base));
                View {
                    doc,
                    id: d
                        .front
                        .id
                        .clone()
                        .unwrap_or_else(|| paths::stem(&d.source).to_string()),
                    viewtype,
                    viewpoint,
                    parent: None,
                    children: Vec::new(),
                    related: Vec::new(),
                    adrs: Vec::new(),
                }
            })
            .collect();
        let by_doc: HashMap<usize, usize> =
            views.iter().enumerate().map(|(i, v)| (v.doc, i)).collect();
        let mut sad = Sad {
            viewpoints,
            views: Vec::new(),
            dangling: Vec::new(),
            by_doc,
        };
        let adr_sources = model.adr_sources();
        for i in 0..views.len() {
            let front = &model.docs[views[i].doc].front;
            if let Some(parent) = &front.parent {
                match sad.find(model, &views, views[i].doc, parent) {
                    Some(p) if p != i => views[i].parent = Some(p),
                    _ => sad.dangle(i, "parent", parent),
                }
            }
            for related in &front.related_views {
                match sad.find(model, &views, views[i].doc, related) {
                    Some(r) => views[i].related.push(r),
                    None => sad.dangle(i, "related_views", related),
                }
            }
            for reference in &front.adrs {
                match find_adr(
                    &model.adrs,
                    reference,
                    &adr_sources,
                    &model.docs[views[i].doc].source,
                ) {
                    Some(a) => views[i].adrs.push(a),
                    None => sad.dangle(i, "adrs", reference),
                }
            }
        }
        for i in 0..views.len() {
            if let Some(p) = views[i].parent {
                views[p].children.push(i);
            }
        }
        sad.views = views;
        sad
    }

    fn dangle(&mut self, view: usize, key: &'static str, text: &str) {
        self.dangling.push(Dangling {
            view,
            key,
            text: text.to_string(),
        });
    }

    /// A view by id, file stem, or path relative to `from_doc`.
    fn find(
        &self,
        model: &Model,
        views: &[View],
        from_doc: usize,
        reference: &str,
    ) -> Option<usize> {
        let reference = reference.trim();
        if let Some(i) = views.iter().position(|v| v.id == reference) {
            return Some(i);
        }
        let from = &model.docs[from_doc].source;
        let path = paths::join(
            paths::parent(from),
            reference.split('#').next().unwrap_or(""),
        )?;
        let doc = model.doc_index(&path)?;
        self.by_doc.get(&doc).copied()
    }

    /// A view by what a mapping or a link calls it: its id, file name or title.
    pub fn named(&self, model: &Model, name: &str) -> Option<usize> {
        let key = name.trim().trim_end_matches(".md").to_lowercase();
        self.views.iter().position(|v| {
            let doc = &model.docs[v.doc];
            v.id.to_lowercase() == key
                || paths::stem(&doc.source).to_lowercase() == key
                || doc
                    .front
                    .title
                    .as_deref()
                    .is_some_and(|t| t.to_lowercase() == key)
        })
    }

    /// The view of a document.
    pub fn view_of(&self, doc: usize) -> Option<usize> {
        self.by_doc.get(&doc).copied()
    }

    /// The views view `v` refines, nearest first (a packet's parent, its parent's, …); a loop
    /// of `parent:`s ends where it comes back.
    pub fn ancestors(&self, v: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut next = self.views[v].parent;
        while let Some(p) = next {
            if p == v || out.contains(&p) {
                break;
            }
            out.push(p);
            next = self.views[p].parent;
        }
        out
    }
}

/// An ADR by number, name or title, or by a link path relative to the citing document.
fn find_adr(
    adrs: &AdrLog,
    reference: &str,
    sources: &HashMap<usize, String>,
    from: &str,
) -> Option<usize> {
    let found = adrs.find(reference, sources);
    if found.len() == 1 {
        return Some(found[0]);
    }
    let path = paths::join(paths::parent(from), reference)?;
    sources
        .iter()
        .find(|(_, s)| **s == path)
        .and_then(|(doc, _)| adrs.of_doc(*doc))
}

/// The structure a SAD follows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SadProfile {
    /// SEI "Views and Beyond".
    #[default]
    ViewsAndBeyond,
    /// arc42's twelve sections.
    Arc42,
}
