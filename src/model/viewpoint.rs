//! Viewpoints: the kinds of views a SAD may contain, with their vocabulary and required sections.
//!
//! The SEI Views and Beyond styles are built in, one per module, component-and-connector and
//! allocation style; a team adds its own in `sadoc.yml` (`viewpoints:`), each based on one of the
//! three viewtypes. A view names its viewpoint with `style:`; its elements and relations must use
//! the viewpoint's types, and it must have the viewpoint's sections.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The three viewtypes of Views and Beyond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Viewtype {
    /// How the code is structured into units.
    Module,
    /// Runtime components and connectors.
    Cnc,
    /// How software maps to its environment (hardware, files, teams).
    Allocation,
}

impl Viewtype {
    /// Parses `module`, `cnc` (also `c&c`, `component-and-connector`) or `allocation`.
    pub fn parse(text: &str) -> Option<Viewtype> {
        match text.trim().to_ascii_lowercase().as_str() {
            "module" | "modules" => Some(Viewtype::Module),
            "cnc" | "c&c" | "c-and-c" | "component-and-connector" | "component and connector" => {
                Some(Viewtype::Cnc)
            }
            "allocation" => Some(Viewtype::Allocation),
            _ => None,
        }
    }

    /// The identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Viewtype::Module => "module",
            Viewtype::Cnc => "cnc",
            Viewtype::Allocation => "allocation",
        }
    }

    /// The name shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            Viewtype::Module => "Module",
            Viewtype::Cnc => "Component-and-connector",
            Viewtype::Allocation => "Allocation",
        }
    }
}

/// The five parts every Views and Beyond view documents.
pub const VIEW_SECTIONS: [&str; 5] = [
    "Primary Presentation",
    "Element Catalog",
    "Context Diagram",
    "Variability Guide",
    "Rationale",
];

/// A viewpoint: a style of view with its vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Viewpoint {
    /// The id a view names in `style:`.
    pub id: String,
    /// The viewtype it belongs to.
    pub base: Viewtype,
    /// Allowed element types (empty: any).
    pub element_types: Vec<String>,
    /// Allowed relation types (empty: any).
    pub relation_types: Vec<String>,
    /// H2 sections every view of this viewpoint must have.
    pub required_sections: Vec<String>,
    /// Whether it is one of sadoc's built-in styles.
    pub builtin: bool,
    /// How its element types are drawn in generated pictures (type → shape), beyond the shape
    /// each type's words suggest.
    pub shapes: BTreeMap<String, Shape>,
    /// Which way its generated pictures read (default: by viewtype).
    pub direction: Option<Direction>,
}

/// Built-in styles: id, viewtype, element types, relation types.
const BUILTIN: &[(&str, Viewtype, &[&str], &[&str])] = &[
    (
        "decomposition",
        Viewtype::Module,
        &[
            "module",
            "subsystem",
            "package",
            "crate",
            "library",
            "service",
        ],
        &["is-part-of", "contains", "decomposes"],
    ),
    (
        "uses",
        Viewtype::Module,
        &[
            "module",
            "subsystem",
            "package",
            "crate",
            "library",
            "service",
        ],
        &["uses", "depends-on"],
    ),
    (
        "generalization",
        Viewtype::Module,
        &["module", "class", "interface", "abstract-class"],
        &["is-a", "generalizes", "implements", "inherits"],
    ),
    (
        "layered",
        Viewtype::Module,
        &["layer", "module", "segment"],
        &["allowed-to-use", "uses"],
    ),
    (
        "aspects",
        Viewtype::Module,
        &["aspect", "module"],
        &["crosscuts", "uses"],
    ),
    (
        "data-model",
        Viewtype::Module,
        &["entity", "table", "data-entity", "attribute"],
        &[
            "one-to-one",
            "one-to-many",
            "many-to-many",
            "is-a",
            "aggregation",
            "composition",
            "relates-to",
        ],
    ),
    (
        "pipe-and-filter",
        Viewtype::Cnc,
        &[
            "filter",
            "pipe",
            "source",
            "sink",
            "component",
            "connector",
            "data-store",
        ],
        &["pipe", "attachment", "reads", "writes", "sends"],
    ),
    (
        "client-server",
        Viewtype::Cnc,
        &["client", "server", "component", "connector", "service"],
        &["requests", "calls", "responds", "attachment"],
    ),
    (
        "publish-subscribe",
        Viewtype::Cnc,
        &[
            "publisher",
            "subscriber",
            "component",
            "event-bus",
            "topic",
            "queue",
            "connector",
        ],
        &["publishes", "subscribes", "attachment"],
    ),
    (
        "shared-data",
        Viewtype::Cnc,
        &[
            "repository",
            "data-store",
            "database",
            "accessor",
            "component",
            "connector",
        ],
        &["reads", "writes", "accesses", "attachment"],
    ),
    (
        "peer-to-peer",
        Viewtype::Cnc,
        &["peer", "component", "connector"],
        &["calls", "invokes", "communicates", "attachment"],
    ),
    (
        "communicating-processes",
        Viewtype::Cnc,
        &["process", "thread", "component", "connector"],
        &[
            "communicates",
            "synchronizes",
            "sends",
            "receives",
            "attachment",
        ],
    ),
    (
        "deployment",
        Viewtype::Allocation,
        &[
            "node",
            "processor",
            "device",
            "environment",
            "network",
            "cluster",
            "component",
            "software",
            "artifact",
            "container",
            "service",
        ],
        &[
            "allocated-to",
            "deployed-on",
            "runs-on",
            "communicates-with",
            "migrates-to",
            "connects",
        ],
    ),
    (
        "install",
        Viewtype::Allocation,
        &[
            "file",
            "folder",
            "directory",
            "artifact",
            "component",
            "module",
            "package",
        ],
        &["installed-in", "contains", "allocated-to"],
    ),
    (
        "work-assignment",
        Viewtype::Allocation,
        &[
            "team",
            "person",
            "organisation",
            "organization",
            "module",
            "work-item",
            "service",
        ],
        &["assigned-to", "owns", "allocated-to"],
    ),
];

/// Every viewpoint of a project: the built-in styles and the team's own.
#[derive(Debug, Clone, Default)]
pub struct Viewpoints {
    all: Vec<Viewpoint>,
}

/// Lower-case, hyphenated form of a style or type name (`Pipe and Filter` → `pipe-and-filter`).
pub fn normalise(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

impl Viewpoints {
    /// The built-in viewpoints with `custom` ones added (a custom one replaces a built-in one of
    /// the same id).
    pub fn new(custom: &[ViewpointConfig]) -> Viewpoints {
        let mut all: Vec<Viewpoint> = BUILTIN
            .iter()
            .map(|(id, base, elements, relations)| Viewpoint {
                id: (*id).to_string(),
                base: *base,
                element_types: elements.iter().map(|s| (*s).to_string()).collect(),
                relation_types: relations.iter().map(|s| (*s).to_string()).collect(),
                required_sections: VIEW_SECTIONS.iter().map(|s| (*s).to_string()).collect(),
                builtin: true,
                shapes: BTreeMap::new(),
                direction: None,
            })
            .collect();
        for c in custom {
            let viewpoint = Viewpoint {
                id: normalise(&c.id),
                base: c
                    .base
                    .as_deref()
                    .and_then(Viewtype::parse)
                    .unwrap_or(Viewtype::Cnc),
                element_types: c.element_types.iter().map(|t| normalise(t)).collect(),
                relation_types: c.relation_types.iter().map(|t| normalise(t)).collect(),
                required_sections: if c.required_sections.is_empty() {
                    VIEW_SECTIONS.iter().map(|s| (*s).to_string()).collect()
                } else {
                    c.required_sections.clone()
                },
                builtin: false,
                shapes: c
                    .shapes
                    .iter()
                    .filter_map(|(kind, shape)| Some((normalise(kind), Shape::parse(shape)?)))
                    .collect(),
                direction: c.direction.as_deref().and_then(Direction::parse),
            };
            all.retain(|v| v.id != viewpoint.id);
            all.push(viewpoint);
        }
        Viewpoints { all }
    }

    /// The viewpoint a `style:` names.
    pub fn get(&self, style: &str) -> Option<&Viewpoint> {
        let id = normalise(style);
        let id = match id.as_str() {
            "pipe-filter" | "pipes-and-filters" | "data-flow" | "dataflow" => "pipe-and-filter",
            "pub-sub" | "pubsub" | "event-based" => "publish-subscribe",
            "repository" => "shared-data",
            "layers" => "layered",
            "generalisation" => "generalization",
            "data" | "er" => "data-model",
            other => other,
        };
        self.all.iter().find(|v| v.id == id)
    }

    /// Every viewpoint.
    pub fn all(&self) -> &[Viewpoint] {
        &self.all
    }

    /// The ids of every viewpoint, for messages.
    pub fn ids(&self) -> String {
        self.all
            .iter()
            .map(|v| v.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One entry of `viewpoints:`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ViewpointConfig {
    /// Identifier used as a view's `style`.
    pub id: String,
    /// Viewtype it specialises: `module`, `cnc` or `allocation`.
    #[serde(default)]
    pub base: Option<String>,
    /// Allowed element types.
    #[serde(default)]
    pub element_types: Vec<String>,
    /// Allowed relation types.
    #[serde(default)]
    pub relation_types: Vec<String>,
    /// H2 sections every view of this viewpoint must have.
    #[serde(default)]
    pub required_sections: Vec<String>,
    /// How its element types are drawn in generated pictures: type → `box`, `service`,
    /// `store`, `queue`, `actor`, `external` or `document`.
    #[serde(default)]
    pub shapes: BTreeMap<String, String>,
    /// Which way its generated pictures read: `lr` (left to right) or `tb` (top down).
    #[serde(default)]
    pub direction: Option<String>,
}

/// How an element is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// A rectangle: modules, components, anything without a better shape.
    Box,
    /// A rounded rectangle: services, stages, processes.
    Service,
    /// A cylinder: databases, tables, stores, buckets.
    Store,
    /// A hexagon: topics, queues, streams.
    Queue,
    /// A pill: people, teams, roles.
    Actor,
    /// A dashed rectangle: systems outside the one described.
    External,
    /// A page with a folded corner: documents, runbooks.
    Document,
}

impl Shape {
    /// Every shape's name, for messages.
    pub const NAMES: &'static str = "box, service, store, queue, actor, external, document";

    /// The shape an element type suggests by its words (`orders-db` → store, `kafka-topic` →
    /// queue); a box when none does.
    pub fn of_type(kind: &str) -> Shape {
        let kind = normalise(kind);
        let words: Vec<&str> = kind.split('-').collect();
        let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
        if has(&["external", "third", "saas", "vendor", "partner"]) {
            Shape::External
        } else if has(&[
            "store",
            "db",
            "database",
            "table",
            "source",
            "sink",
            "bucket",
            "warehouse",
            "lake",
            "storage",
            "cache",
            "repository",
            "dataset",
            "data",
            "file",
            "schema",
        ]) {
            Shape::Store
        } else if has(&[
            "topic", "queue", "stream", "bus", "channel", "broker", "log",
        ]) {
            Shape::Queue
        } else if has(&[
            "actor", "person", "user", "team", "role", "customer", "human",
        ]) {
            Shape::Actor
        } else if has(&["runbook", "document", "doc", "page", "report", "policy"]) {
            Shape::Document
        } else if has(&[
            "service",
            "stage",
            "process",
            "job",
            "function",
            "filter",
            "worker",
            "api",
            "server",
            "client",
            "application",
            "app",
            "container",
            "pipeline",
            "task",
        ]) {
            Shape::Service
        } else {
            Shape::Box
        }
    }

    /// Reads a shape's name (`cylinder` and `database` are stores, `topic` a queue, …).
    pub fn parse(name: &str) -> Option<Shape> {
        Some(match normalise(name).as_str() {
            "box" | "rectangle" | "module" | "component" => Shape::Box,
            "service" | "rounded" | "stage" | "process" => Shape::Service,
            "store" | "cylinder" | "database" | "db" => Shape::Store,
            "queue" | "topic" | "hexagon" | "stream" => Shape::Queue,
            "actor" | "person" | "pill" => Shape::Actor,
            "external" | "dashed" => Shape::External,
            "document" | "doc" | "page" => Shape::Document,
            _ => return None,
        })
    }
}

/// Which way a picture reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right: pipelines, data flows, connectors.
    Lr,
    /// Top down: decompositions, layers, deployments.
    Tb,
}

impl Direction {
    /// The direction of a viewpoint's pictures: its own (`direction:` in `sadoc.yml`), else left
    /// to right for component-and-connector views, top down for the others.
    pub fn of(viewpoint: Option<&Viewpoint>, viewtype: Option<Viewtype>) -> Direction {
        if let Some(d) = viewpoint.and_then(|v| v.direction) {
            return d;
        }
        match viewpoint.map(|v| v.base).or(viewtype) {
            Some(Viewtype::Cnc) => Direction::Lr,
            _ => Direction::Tb,
        }
    }

    /// Reads `lr`, `tb` and their spellings (`left-to-right`, `TD`, `top-down`).
    pub fn parse(name: &str) -> Option<Direction> {
        match normalise(name).as_str() {
            "lr" | "left-to-right" | "horizontal" | "rl" => Some(Direction::Lr),
            "tb" | "td" | "top-down" | "top-to-bottom" | "vertical" | "bt" => Some(Direction::Tb),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_are_found_by_any_spelling() {
        let v = Viewpoints::new(&[]);
        assert_eq!(v.get("Pipe and Filter").unwrap().base, Viewtype::Cnc);
        assert_eq!(v.get("pub-sub").unwrap().id, "publish-subscribe");
        assert_eq!(v.get("work_assignment").unwrap().base, Viewtype::Allocation);
        assert!(v.get("nonsense").is_none());
    }

    #[test]
    fn custom_viewpoints_have_their_own_sections() {
        let custom = ViewpointConfig {
            id: "pipeline".into(),
            base: Some("cnc".into()),
            element_types: vec!["Source".into(), "stage".into()],
            relation_types: vec!["reads".into()],
            required_sections: vec!["Primary Presentation".into(), "Data Contracts".into()],
            shapes: BTreeMap::from([("Source".into(), "cylinder".into())]),
            direction: Some("left-to-right".into()),
        };
        let v = Viewpoints::new(&[custom]);
        let p = v.get("pipeline").unwrap();
        assert_eq!(p.element_types, ["source", "stage"]);
        assert_eq!(
            p.required_sections,
            ["Primary Presentation", "Data Contracts"]
        );
        assert!(!p.builtin);
        assert_eq!(p.shapes["source"], Shape::Store);
        assert_eq!(p.direction, Some(Direction::Lr));
    }
}
