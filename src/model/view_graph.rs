//! A view's picture as data: the nodes and edges its front matter declares (`elements:`,
//! `relations:`), each node's shape from its type, and the direction the view reads in.
//!
//! Derived once from the model for whoever draws or exports it: `render::view_diagram` lays it
//! out as SVG, `render::model_export` writes it as JSON, Structurizr DSL and Graphviz DOT, and
//! `check::view_pictures` compares hand-drawn pictures with its elements.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Model;
use super::viewpoint::normalise;
pub use super::viewpoint::{Direction, Shape};

/// One element as its picture shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// Its id (its name when it declares none).
    pub id: String,
    /// The name shown.
    pub name: String,
    /// Its type, as written.
    pub kind: String,
    /// How it is drawn.
    pub shape: Shape,
    /// What it is responsible for.
    pub responsibility: String,
    /// The code it governs (patterns).
    pub governs: Vec<String>,
    /// The anchor of its row in the Element Catalog (`element-<slug>`).
    pub anchor: String,
    /// The decisions that govern its code (indices into the ADR log): those whose governed
    /// patterns cover or lie within one of its own.
    pub decisions: Vec<usize>,
    /// The view that declares it, when that is not this one (a packet's relation to an
    /// element of the view it refines): its catalog row is on that view's page.
    pub declared_in: Option<usize>,
}

/// One relation as its picture shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// Index of the node it starts at.
    pub from: usize,
    /// Index of the node it ends at.
    pub to: usize,
    /// Its type, shown as its label.
    pub label: String,
}

/// A view's picture as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViewGraph {
    /// The elements, in declaration order.
    pub nodes: Vec<Node>,
    /// The relations between declared elements, in declaration order (relations naming an
    /// element the view does not declare are left out: the check reports them).
    pub edges: Vec<Edge>,
    /// The way it reads.
    pub direction: Direction,
}

/// The anchor slug of an element id, as the catalog writes it.
pub fn element_slug(id: &str) -> String {
    crate::util::slug::slugify(id)
}

impl ViewGraph {
    /// The graph of view `v`; `None` when it declares no elements.
    pub fn of_view(model: &Model, v: usize) -> Option<ViewGraph> {
        let view = &model.sad.views[v];
        let doc = &model.docs[view.doc];
        if doc.front.elements.is_empty() {
            return None;
        }
        let viewpoint = view.viewpoint.map(|i| &model.sad.viewpoints.all()[i]);
        let shapes: BTreeMap<String, Shape> =
            viewpoint.map(|vp| vp.shapes.clone()).unwrap_or_default();
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        let mut nodes = Vec::new();
        // The view's own elements, then those of the views it refines that its relations name.
        let named: std::collections::BTreeSet<String> = doc
            .front
            .relations
            .iter()
            .flat_map(|r| [&r.from, &r.to])
            .flatten()
            .map(|id| id.to_lowercase())
            .collect();
        let own = std::iter::once((None, doc));
        let inherited = model
            .sad
            .ancestors(v)
            .into_iter()
            .map(|p| (Some(p), &model.docs[model.sad.views[p].doc]));
        let all = own
            .chain(inherited)
            .flat_map(|(from, d)| d.front.elements.iter().map(move |e| (from, e)));
        for (declared_in, e) in all {
            let id = e.id.clone().or_else(|| e.name.clone()).unwrap_or_default();
            if id.is_empty()
                || index.contains_key(&id.to_lowercase())
                || (declared_in.is_some() && !named.contains(&id.to_lowercase()))
            {
                continue;
            }
            let kind = e.kind.clone().unwrap_or_default();
            let shape = shapes
                .get(&normalise(&kind))
                .copied()
                .unwrap_or_else(|| Shape::of_type(&kind));
            index.insert(id.to_lowercase(), nodes.len());
            nodes.push(Node {
                name: e.name.clone().unwrap_or_else(|| id.clone()),
                anchor: format!("element-{}", element_slug(&id)),
                id,
                kind,
                shape,
                responsibility: e.responsibility.clone().unwrap_or_default(),
                decisions: decisions_of(model, &e.governs),
                governs: e.governs.clone(),
                declared_in,
            });
        }
        let find = |id: &Option<String>| {
            id.as_ref()
                .and_then(|id| index.get(&id.to_lowercase()).copied())
        };
        let edges = doc
            .front
            .relations
            .iter()
            .filter_map(|r| {
                Some(Edge {
                    from: find(&r.from)?,
                    to: find(&r.to)?,
                    label: r.kind.clone().unwrap_or_default(),
                })
            })
            .collect();
        Some(ViewGraph {
            nodes,
            edges,
            direction: Direction::of(viewpoint, view.viewtype),
        })
    }
}

/// The literal folder part of a code pattern (`services/cdc/**` → `services/cdc/`).
fn literal(pattern: &str) -> &str {
    let pattern = pattern.trim_start_matches('/');
    let end = pattern.find(['*', '?', '[', '{']).unwrap_or(pattern.len());
    &pattern[..end]
}

/// The decisions (indices into the ADR log) whose governed code overlaps `patterns`: one's
/// literal part lies within the other's.
pub fn decisions_of(model: &Model, patterns: &[String]) -> Vec<usize> {
    if patterns.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<usize> = Vec::new();
    for rule in &model.governance.rules {
        let Some(a) = model.adrs.of_doc(rule.doc) else {
            continue;
        };
        let theirs = literal(&rule.glob.pattern);
        let overlaps = patterns.iter().any(|p| {
            let ours = literal(p);
            !ours.is_empty()
                && !theirs.is_empty()
                && (ours.starts_with(theirs) || theirs.starts_with(ours))
        });
        if overlaps && !out.contains(&a) {
            out.push(a);
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_follow_the_words_of_a_type() {
        for (kind, shape) in [
            ("source", Shape::Store),
            ("Orders DB", Shape::Store),
            ("table", Shape::Store),
            ("kafka-topic", Shape::Queue),
            ("queue", Shape::Queue),
            ("stage", Shape::Service),
            ("service", Shape::Service),
            ("team", Shape::Actor),
            ("external-system", Shape::External),
            ("runbook", Shape::Document),
            ("module", Shape::Box),
            ("", Shape::Box),
        ] {
            assert_eq!(Shape::of_type(kind), shape, "{kind}");
        }
        assert_eq!(Shape::parse("Cylinder"), Some(Shape::Store));
        assert_eq!(literal("services/cdc/**"), "services/cdc/");
        assert_eq!(
            literal("/deploy/terraform/msk.tf"),
            "deploy/terraform/msk.tf"
        );
        assert_eq!(Shape::parse("blob"), None);
    }
}
