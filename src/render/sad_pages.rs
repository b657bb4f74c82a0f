//! What the SAD's pages show beyond their markdown: a view's badges, element catalog, cited and
//! citing decisions, governed code and packets; the views overview; the completeness report;
//! and a mapping's tables.

use std::collections::{HashMap, HashSet};

use super::code_map::code_link;
use super::context::{
    CatalogInfo, CellInfo, CodeLink, CompletenessInfo, ElementInfo, ElementRef, KindInfo,
    LinkContext, MappingInfo, MappingView, RelationInfo, ViewGroup, ViewInfo, ViewItem,
    ViewRowInfo,
};
use super::decisions::Decisions;
use super::tree::Tree;
use crate::load::permalink::Permalinks;
use crate::model::Model;
use crate::model::completeness::{Cell, Completeness};
use crate::model::sad::View;
use crate::model::viewpoint::Viewtype;
use crate::render::markdown::Rendered;
use crate::render::markdown::resolve::Target;
use crate::util::paths;
use crate::util::slug::slugify;

/// The SAD data of a build.
pub struct SadPages<'a> {
    model: &'a Model,
    tree: &'a Tree,
    report: &'a Completeness,
    permalinks: &'a Permalinks,
    cites: HashMap<usize, Vec<usize>>,
    cited_by: HashMap<usize, Vec<usize>>,
}

impl<'a> SadPages<'a> {
    /// Collects the views' citations and the glossary's terms.
    pub fn new(
        model: &'a Model,
        tree: &'a Tree,
        rendered: &[Rendered<Target>],
        report: &'a Completeness,
        permalinks: &'a Permalinks,
    ) -> SadPages<'a> {
        let mut cites: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut cited_by: HashMap<usize, Vec<usize>> = HashMap::new();
        for (v, view) in model.sad.views.iter().enumerate() {
            let mut list = view.adrs.clone();
            for link in &rendered[view.doc].links {
                if let Target::Page { doc, .. } = link.target {
                    list.extend(model.adrs.of_doc(doc));
                }
            }
            dedup(&mut list);
            cites.insert(v, list);
        }
        for adr in &model.adrs.adrs {
            for link in &rendered[adr.doc].links {
                if let Target::Page { doc, .. } = link.target
                    && let (Some(v), Some(a)) = (model.sad.view_of(doc), model.adrs.of_doc(adr.doc))
                {
                    cited_by.entry(v).or_default().push(a);
                }
            }
        }
        for list in cited_by.values_mut() {
            dedup(list);
        }
        SadPages {
            model,
            tree,
            report,
            permalinks,
            cites,
            cited_by,
        }
    }

    fn link(&self, doc: usize) -> Option<LinkContext<'a>> {
        let e = &self.tree.entries[self.tree.entry_of_doc(doc)?];
        Some(LinkContext {
            title: &e.title,
            url: &e.page.url,
        })
    }

    fn view_link(&self, view: usize) -> Option<LinkContext<'a>> {
        self.link(self.model.sad.views[view].doc)
    }

    /// The page information of view `v`.
    pub fn view_info(&self, v: usize, decisions: &Decisions<'a>) -> ViewInfo<'a> {
        let model = self.model;
        let view: &'a View = &model.sad.views[v];
        let doc = &model.docs[view.doc];
        let viewpoint = view.viewpoint.map(|i| &model.sad.viewpoints.all()[i]);
        let _ = doc;
        ViewInfo {
            id: &view.id,
            viewtype: view.viewtype.map(Viewtype::as_str),
            viewtype_label: view.viewtype.map(Viewtype::label),
            viewpoint: viewpoint.map(|vp| vp.id.as_str()),
            custom_viewpoint: viewpoint.is_some_and(|vp| !vp.builtin),
            parent: view.parent.and_then(|p| self.view_link(p)),
            children: view
                .children
                .iter()
                .filter_map(|&c| self.view_link(c))
                .collect(),
            related: view
                .related
                .iter()
                .filter_map(|&r| self.view_link(r))
                .collect(),
            cites: self
                .cites
                .get(&v)
                .map_or_else(Vec::new, |l| l.iter().map(|&a| decisions.link(a)).collect()),
            cited_by: self
                .cited_by
                .get(&v)
                .map_or_else(Vec::new, |l| l.iter().map(|&a| decisions.link(a)).collect()),
            governs: self.governs(view.doc),
        }
    }

    /// The code a document governs (its own patterns, its elements', and `sadoc.yml`'s), each
    /// pattern once.
    pub fn governs(&self, doc: usize) -> Vec<CodeLink> {
        let mut seen = HashSet::new();
        self.model
            .governance
            .of_doc(doc)
            .filter(|r| seen.insert(r.glob.pattern.clone()))
            .map(|r| self.code_link(&r.glob.pattern))
            .collect()
    }

    /// A governed pattern with a link to the folder (or file) it names on the repository host.
    pub fn code_link(&self, pattern: &str) -> CodeLink {
        code_link(self.permalinks, pattern, &self.model.governance.prefix)
    }

    /// The picture of view `v` drawn from its model (inline SVG), when it gets one: it declares
    /// elements, and asks for it (`diagram: generated`, or the placeholder
    /// `<!-- sadoc:diagram -->` in its text) or has no picture of its own (`diagram: none`
    /// turns it off).
    pub fn picture(
        &self,
        v: usize,
        sections: &[crate::model::outline::Section],
        has_placeholder: bool,
        caption: &str,
    ) -> Option<String> {
        let doc = &self.model.docs[self.model.sad.views[v].doc];
        let wanted = match doc.front.diagram.as_deref().map(str::trim) {
            Some(d) if d.eq_ignore_ascii_case("none") => false,
            Some(d) if d.eq_ignore_ascii_case("generated") => true,
            _ => has_placeholder || !sections.iter().any(|s| s.has_diagram),
        };
        if !wanted {
            return None;
        }
        let graph = crate::model::view_graph::ViewGraph::of_view(self.model, v)?;
        let title = doc
            .front
            .title
            .clone()
            .unwrap_or_else(|| self.model.sad.views[v].id.clone());
        let summary = format!(
            "{title}: {} element{} and {} relation{}",
            graph.nodes.len(),
            if graph.nodes.len() == 1 { "" } else { "s" },
            graph.edges.len(),
            if graph.edges.len() == 1 { "" } else { "s" },
        );
        // Each element leads to its catalog row: on this page, or on the page of the view that
        // declares it (a packet drawing its parent's element).
        let page = &doc.page.file;
        let links: Vec<String> = graph
            .nodes
            .iter()
            .map(|n| match n.declared_in {
                Some(p) => {
                    let url = &self.model.docs[self.model.sad.views[p].doc].page.url;
                    format!("{}#{}", paths::relative_url(page, url), n.anchor)
                }
                None => format!("#{}", n.anchor),
            })
            .collect();
        // How the decisions its elements follow are named on hover, by ADR index.
        let adrs = &self.model.adrs.adrs;
        let mut names = vec![String::new(); adrs.len()];
        for &a in graph.nodes.iter().flat_map(|n| &n.decisions) {
            names[a] = format!("{} {}", adrs[a].id.label(), adrs[a].title);
        }
        Some(crate::render::view_diagram::svg(
            &graph,
            crate::render::view_diagram::Labels {
                key: &self.model.sad.views[v].id,
                title: &summary,
                caption,
                links: &links,
                decisions: &names,
            },
        ))
    }

    /// The element catalog of view `v`, when it declares elements or relations.
    pub fn catalog(&self, v: usize) -> Option<CatalogInfo<'a>> {
        let doc = &self.model.docs[self.model.sad.views[v].doc];
        if doc.front.elements.is_empty() && doc.front.relations.is_empty() {
            return None;
        }
        let mut names: HashMap<String, String> = HashMap::new();
        let elements = doc
            .front
            .elements
            .iter()
            .map(|e| {
                let id = e.id.clone().or_else(|| e.name.clone()).unwrap_or_default();
                let name = e.name.clone().unwrap_or_else(|| id.clone());
                names.insert(id.to_lowercase(), name.clone());
                ElementInfo {
                    slug: slugify(&id),
                    id: (e.name.is_some() && e.id.is_some()).then(|| id.clone()),
                    name,
                    kind: e.kind.as_deref().unwrap_or(""),
                    responsibility: e.responsibility.as_deref().unwrap_or(""),
                    code: e.governs.iter().map(|g| self.code_link(g)).collect(),
                    decisions: crate::model::view_graph::decisions_of(self.model, &e.governs)
                        .into_iter()
                        .filter_map(|a| self.link(self.model.adrs.adrs[a].doc))
                        .collect(),
                }
            })
            .collect();
        let end = |id: &Option<String>| {
            let id = id.clone().unwrap_or_default();
            match names.get(&id.to_lowercase()) {
                Some(name) => ElementRef {
                    name: name.clone(),
                    slug: Some(slugify(&id)),
                },
                None => ElementRef {
                    name: id,
                    slug: None,
                },
            }
        };
        let relations = doc
            .front
            .relations
            .iter()
            .map(|r| RelationInfo {
                from: end(&r.from),
                kind: r.kind.as_deref().unwrap_or(""),
                to: end(&r.to),
            })
            .collect();
        Some(CatalogInfo {
            elements,
            relations,
        })
    }

    /// The `mapping:` tables of a mapping document's front matter, column headers linking to
    /// their views.
    pub fn mapping_tables(&self, doc: usize) -> Vec<MappingInfo<'a>> {
        let model = self.model;
        model.docs[doc]
            .front
            .mapping
            .iter()
            .map(|table| MappingInfo {
                views: table
                    .views
                    .iter()
                    .map(|name| MappingView {
                        name,
                        link: model.sad.named(model, name).and_then(|v| self.view_link(v)),
                    })
                    .collect(),
                rows: table.rows.iter().map(|row| row.0.as_slice()).collect(),
            })
            .collect()
    }

    /// The completeness report, views in reading order.
    pub fn completeness(&self) -> CompletenessInfo<'a> {
        let report = self.report;
        let mut rows: Vec<&'a crate::model::completeness::ViewRow> = report.views.iter().collect();
        let tree = self.tree;
        rows.sort_by_key(|r| {
            tree.entry_of_doc(r.doc)
                .map_or(usize::MAX, |e| tree.position[e])
        });
        CompletenessInfo {
            profile: &report.profile,
            kinds: report
                .kinds
                .iter()
                .map(|k| KindInfo {
                    label: &k.label,
                    state: k.cell,
                    docs: k.docs.iter().filter_map(|&d| self.link(d)).collect(),
                })
                .collect(),
            columns: &report.columns,
            views: rows
                .into_iter()
                .filter_map(|row| {
                    let link = self.link(row.doc)?;
                    Some(ViewRowInfo {
                        title: link.title,
                        url: link.url,
                        viewpoint: row.viewpoint.as_deref(),
                        cells: row
                            .cells
                            .iter()
                            .map(|(state, anchor)| CellInfo {
                                state: *state,
                                url: match (state, anchor) {
                                    (Cell::NotRequired, _) => None,
                                    (_, Some(a)) => Some(format!("{}#{a}", link.url)),
                                    (_, None) => Some(link.url.to_string()),
                                },
                            })
                            .collect(),
                    })
                })
                .collect(),
            problems: report.problems,
            unfinished: report.unfinished,
        }
    }

    /// The views grouped by viewtype, packets under the views they refine.
    pub fn overview(&self) -> Vec<ViewGroup<'a>> {
        let views = &self.model.sad.views;
        let groups = [
            (Some(Viewtype::Module), "module", Viewtype::Module.label()),
            (Some(Viewtype::Cnc), "cnc", Viewtype::Cnc.label()),
            (
                Some(Viewtype::Allocation),
                "allocation",
                Viewtype::Allocation.label(),
            ),
            (None, "other", "Other"),
        ];
        groups
            .iter()
            .map(|(viewtype, id, label)| ViewGroup {
                viewtype: id,
                label,
                views: (0..views.len())
                    .filter(|&v| views[v].parent.is_none() && views[v].viewtype == *viewtype)
                    .filter_map(|v| self.item(v, 0))
                    .collect(),
            })
            .filter(|g| !g.views.is_empty())
            .collect()
    }

    fn item(&self, v: usize, depth: usize) -> Option<ViewItem<'a>> {
        let view = &self.model.sad.views[v];
        let link = self.view_link(v)?;
        Some(ViewItem {
            title: link.title,
            url: link.url,
            viewpoint: view
                .viewpoint
                .map(|i| self.model.sad.viewpoints.all()[i].id.as_str()),
            elements: self.model.docs[view.doc].front.elements.len(),
            children: if depth > 16 {
                Vec::new()
            } else {
                view.children
                    .iter()
                    .filter_map(|&c| self.item(c, depth + 1))
                    .collect()
            },
        })
    }
}

fn dedup(list: &mut Vec<usize>) {
    let mut seen = HashSet::new();
    list.retain(|x| seen.insert(*x));
}
