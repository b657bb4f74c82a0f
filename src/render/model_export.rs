//! The architecture model as data for other tools (`sadoc model export`): every view with its
//! elements and relations, every decision, and the code each governs — as JSON (for catalogs
//! such as Backstage or DataHub), as a Structurizr DSL workspace (to open in Structurizr or
//! LikeC4) and as Graphviz DOT.
//!
//! Read from the same model the site is built from; nothing here looks at files.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::Model;
use crate::model::view_graph::{Direction, Shape, ViewGraph};

/// The exported model.
#[derive(Debug, Clone, Serialize)]
pub struct Export {
    /// The project's title.
    pub title: String,
    /// Every view, in document order.
    pub views: Vec<ExportView>,
    /// Every decision, in log order.
    pub decisions: Vec<ExportDecision>,
}

/// One view.
#[derive(Debug, Clone, Serialize)]
pub struct ExportView {
    /// Its id (front matter `id`, else its file name).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its source file.
    pub path: String,
    /// Its page in the site.
    pub url: String,
    /// `module`, `cnc` or `allocation`.
    pub viewtype: Option<String>,
    /// The viewpoint its `style:` names.
    pub viewpoint: Option<String>,
    /// The view it refines, for a packet.
    pub parent: Option<String>,
    /// Which way its picture reads.
    pub direction: Direction,
    /// Its elements.
    pub elements: Vec<ExportElement>,
    /// Its relations (only those between its elements).
    pub relations: Vec<ExportRelation>,
    /// The decisions it cites in front matter (`adrs:`).
    pub decisions: Vec<String>,
    /// The code it governs: its own patterns, its elements' and `sadoc.yml`'s.
    pub governs: Vec<String>,
}

/// One element of a view.
#[derive(Debug, Clone, Serialize)]
pub struct ExportElement {
    /// Its id, unique in its view.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: String,
    /// How pictures draw it.
    pub shape: Shape,
    /// What it is responsible for.
    pub responsibility: String,
    /// The code it governs.
    pub governs: Vec<String>,
    /// The decisions that govern its code.
    pub decisions: Vec<String>,
}

/// One relation between two elements of a view.
#[derive(Debug, Clone, Serialize)]
pub struct ExportRelation {
    /// The id of the element it starts at.
    pub from: String,
    /// The id of the element it ends at.
    pub to: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: String,
}

/// One decision.
#[derive(Debug, Clone, Serialize)]
pub struct ExportDecision {
    /// How it is referred to (`ADR-0007`).
    pub id: String,
    /// Its number, when it has one.
    pub number: Option<u32>,
    /// Its title.
    pub title: String,
    /// Its status: proposed, accepted, rejected, deprecated, superseded or unknown.
    pub status: String,
    /// Its date.
    pub date: Option<String>,
    /// Its source file.
    pub path: String,
    /// Its page in the site.
    pub url: String,
    /// The code it governs.
    pub governs: Vec<String>,
    /// Its relations to other decisions, as stated or implied.
    pub relations: Vec<ExportRelation>,
}

impl Export {
    /// The model of a project titled `title`.
    pub fn of(model: &Model, title: &str) -> Export {
        let governs = |doc: usize| -> Vec<String> {
            let mut seen = BTreeSet::new();
            model
                .governance
                .of_doc(doc)
                .map(|r| r.glob.pattern.clone())
                .filter(|p| seen.insert(p.clone()))
                .collect()
        };
        let adrs = &model.adrs.adrs;
        let views = model
            .sad
            .views
            .iter()
            .enumerate()
            .map(|(v, view)| {
                let doc = &model.docs[view.doc];
                let graph = ViewGraph::of_view(model, v);
                let (elements, relations, direction) = match &graph {
                    Some(g) => (
                        g.nodes
                            .iter()
                            .map(|n| ExportElement {
                                id: n.id.clone(),
                                name: n.name.clone(),
                                kind: n.kind.clone(),
                                shape: n.shape,
                                responsibility: n.responsibility.clone(),
                                governs: n.governs.clone(),
                                decisions: n
                                    .decisions
                                    .iter()
                                    .map(|&d| adrs[d].id.label())
                                    .collect(),
                            })
                            .collect(),
                        g.edges
                            .iter()
                            .map(|e| ExportRelation {
                                from: g.nodes[e.from].id.clone(),
                                to: g.nodes[e.to].id.clone(),
                                kind: e.label.clone(),
                            })
                            .collect(),
                        g.direction,
                    ),
                    None => (Vec::new(), Vec::new(), Direction::Tb),
                };
                ExportView {
                    id: view.id.clone(),
                    title: doc.front.title.clone().unwrap_or_else(|| view.id.clone()),
                    path: doc.source.clone(),
                    url: doc.page.url.clone(),
                    viewtype: view.viewtype.map(|t| t.as_str().to_string()),
                    viewpoint: view
                        .viewpoint
                        .map(|i| model.sad.viewpoints.all()[i].id.clone()),
                    parent: view.parent.map(|p| model.sad.views[p].id.clone()),
                    direction,
                    elements,
                    relations,
                    decisions: view.adrs.iter().map(|&a| adrs[a].id.label()).collect(),
                    governs: governs(view.doc),
                }
            })
            .collect();
        let decisions = adrs
            .iter()
            .map(|a| ExportDecision {
                id: a.id.label(),
                number: a.id.number,
                title: a.title.clone(),
                status: a.status.as_str().to_string(),
                date: a.date.map(|d| d.to_string()),
                path: model.docs[a.doc].source.clone(),
                url: model.docs[a.doc].page.url.clone(),
                governs: governs(a.doc),
                relations: a
                    .relations
                    .iter()
                    .map(|r| ExportRelation {
                        from: a.id.label(),
                        to: adrs[r.target].id.label(),
                        kind: r.kind.label(),
                    })
                    .collect(),
            })
            .collect();
        Export {
            title: title.to_string(),
            views,
            decisions,
        }
    }

    /// As pretty-printed JSON.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// As a Structurizr DSL workspace: each element a custom `element` (tagged with its type
    /// and its shape), each relation a relationship, each view a `custom` view of its own
    /// elements laid out in its direction, and the shapes as element styles. Element
    /// identifiers are `<view>_<element>`, since ids are unique only within a view.
    pub fn structurizr(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "workspace {} {} {{",
            quote(&self.title),
            quote("Exported by sadoc from the architecture documentation")
        );
        out.push_str("    model {\n");
        let mut used: BTreeSet<String> = BTreeSet::new();
        let mut ids: Vec<BTreeMap<&str, String>> = Vec::new();
        for view in &self.views {
            let mut these = BTreeMap::new();
            if !view.elements.is_empty() {
                let _ = writeln!(
                    out,
                    "        # {} ({})",
                    view.title.replace('\n', " "),
                    view.path
                );
            }
            for e in &view.elements {
                let id = unique(&mut used, &identifier(&format!("{}_{}", view.id, e.id)));
                let mut tags = vec![shape_tag(e.shape).to_string()];
                if !e.kind.is_empty() && !tags.contains(&e.kind) {
                    tags.push(e.kind.clone());
                }
                let _ = writeln!(
                    out,
                    "        {id} = element {} {} {} {}",
                    quote(&e.name),
                    quote(&e.kind),
                    quote(&e.responsibility),
                    quote(&tags.join(","))
                );
                these.insert(e.id.as_str(), id);
            }
            for r in &view.relations {
                if let (Some(from), Some(to)) =
                    (these.get(r.from.as_str()), these.get(r.to.as_str()))
                {
                    let _ = writeln!(out, "        {from} -> {to} {}", quote(&r.kind));
                }
            }
            ids.push(these);
        }
        out.push_str("    }\n\n    views {\n");
        let mut keys: BTreeSet<String> = BTreeSet::new();
        for (view, these) in self.views.iter().zip(&ids) {
            if these.is_empty() {
                continue;
            }
            let key = unique(&mut keys, &identifier(&view.id));
            let _ = writeln!(
                out,
                "        custom {} {} {} {{",
                quote(&key),
                quote(&view.title),
                quote(&format!(
                    "{} ({})",
                    view.viewpoint.as_deref().unwrap_or("view"),
                    view.path
                ))
            );
            let members: Vec<&str> = these.values().map(String::as_str).collect();
            let _ = writeln!(out, "            include {}", members.join(" "));
            let _ = writeln!(
                out,
                "            autoLayout {}",
                match view.direction {
                    Direction::Lr => "lr",
                    Direction::Tb => "tb",
                }
            );
            out.push_str("        }\n");
        }
        out.push_str("        styles {\n");
        for (tag, shape, extra) in [
            ("box", "Box", ""),
            ("service", "RoundedBox", ""),
            ("store", "Cylinder", ""),
            ("queue", "Pipe", ""),
            ("actor", "Person", ""),
            ("external", "Box", "\n                border dashed"),
            ("document", "Folder", ""),
        ] {
            let _ = writeln!(
                out,
                "            element {} {{\n                shape {shape}{extra}\n            }}",
                quote(tag)
            );
        }
        out.push_str("        }\n    }\n}\n");
        out
    }

    /// As Graphviz DOT: one cluster per view with elements, nodes shaped by their type and
    /// linked to their catalog rows, edges labelled with their relation's type.
    pub fn dot(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "digraph {} {{", quote(&self.title));
        out.push_str("    graph [fontname=\"sans-serif\", compound=true];\n");
        out.push_str("    node [fontname=\"sans-serif\", shape=box];\n");
        out.push_str("    edge [fontname=\"sans-serif\", fontsize=10];\n");
        for (n, view) in self.views.iter().enumerate() {
            if view.elements.is_empty() {
                continue;
            }
            let _ = writeln!(out, "    subgraph cluster_{n} {{");
            let _ = writeln!(out, "        label={};", quote(&view.title));
            let _ = writeln!(out, "        URL={};", quote(&view.url));
            for e in &view.elements {
                let (shape, style) = match e.shape {
                    Shape::Box => ("box", ""),
                    Shape::Service => ("box", ", style=rounded"),
                    Shape::Store => ("cylinder", ""),
                    Shape::Queue => ("hexagon", ""),
                    Shape::Actor => ("box", ", style=\"rounded,bold\""),
                    Shape::External => ("box", ", style=dashed"),
                    Shape::Document => ("note", ""),
                };
                let label = if e.kind.is_empty() {
                    e.name.clone()
                } else {
                    format!("{}\n«{}»", e.name, e.kind)
                };
                let _ = writeln!(
                    out,
                    "        {} [label={}, shape={shape}{style}, tooltip={}, URL={}];",
                    quote(&format!("{}/{}", view.id, e.id)),
                    quote(&label),
                    quote(&e.responsibility),
                    quote(&format!(
                        "{}#element-{}",
                        view.url,
                        crate::model::view_graph::element_slug(&e.id)
                    ))
                );
            }
            for r in &view.relations {
                let _ = writeln!(
                    out,
                    "        {} -> {} [label={}];",
                    quote(&format!("{}/{}", view.id, r.from)),
                    quote(&format!("{}/{}", view.id, r.to)),
                    quote(&r.kind)
                );
            }
            out.push_str("    }\n");
        }
        out.push_str("}\n");
        out
    }
}

/// A double-quoted string as Structurizr DSL and DOT read it (`\"` and `\\` escaped, line
/// breaks as `\n`).
fn quote(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n");
    format!("\"{escaped}\"")
}

/// An identifier from any text: letters, digits and `_`, starting with a letter.
fn identifier(text: &str) -> String {
    let mut id: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.insert(0, 'e');
    }
    id
}

/// `id`, or `id_2`, `id_3`, … when it is taken.
fn unique(used: &mut BTreeSet<String>, id: &str) -> String {
    let mut candidate = id.to_string();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{id}_{n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// The tag a shape's elements carry in Structurizr (styled in the workspace's `styles`).
fn shape_tag(shape: Shape) -> &'static str {
    match shape {
        Shape::Box => "box",
        Shape::Service => "service",
        Shape::Store => "store",
        Shape::Queue => "queue",
        Shape::Actor => "actor",
        Shape::External => "external",
        Shape::Document => "document",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_identifiers_are_safe() {
        assert_eq!(quote("a \"b\" \\ c\nd"), r#""a \"b\" \\ c\nd""#);
        assert_eq!(identifier("pipeline_orders-db"), "pipeline_orders_db");
        assert_eq!(identifier("0001_x"), "e0001_x");
        let mut used = BTreeSet::new();
        assert_eq!(unique(&mut used, "a"), "a");
        assert_eq!(unique(&mut used, "a"), "a_2");
    }
}
