//! Pictures drawn from a view's model: its elements and relations laid out in layers
//! (rust-sugiyama: ranking, crossing reduction, Brandes–Köpf coordinates; ADR 0036) and written
//! as inline SVG, so the picture reads without JavaScript, in print and from `file://`.
//!
//! Each element is a shape chosen by its type, linked to its row of the Element Catalog, with
//! its responsibility and governed code on hover; each relation an arrow labelled with its type.
//! Colours come from the theme's variables, so light and dark themes both read; the figure is
//! framed like every other diagram (a readable size, pan and zoom, full screen).

use std::collections::HashMap;

mod svg;

use crate::model::view_graph::{Direction, Shape, ViewGraph};
pub use svg::{Labels, render, svg};

/// Font size of names, in SVG units (pixels at natural size).
pub(super) const FONT: f64 = 14.0;
/// Font size of types and relation labels.
pub(super) const SMALL: f64 = 12.0;
/// Average advance of a character at `FONT`, for sizing boxes without a font.
const CHAR: f64 = 7.6;
/// The longest line of a name before it wraps, in characters.
const WRAP: usize = 24;
/// Space between nodes of one layer, and between components.
const GAP: f64 = 36.0;
/// Margin around the picture.
const MARGIN: f64 = 16.0;
/// The widest a row of separate components grows before the next row starts.
const ROW: f64 = 960.0;

/// A node's box, top-left corner and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Placed {
    fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Where the ray from the centre towards `(dx, dy)` leaves the box.
    fn exit(&self, (cx, cy): (f64, f64), (dx, dy): (f64, f64)) -> (f64, f64) {
        let tx = if dx.abs() > 1e-9 {
            (self.w / 2.0) / dx.abs()
        } else {
            f64::INFINITY
        };
        let ty = if dy.abs() > 1e-9 {
            (self.h / 2.0) / dy.abs()
        } else {
            f64::INFINITY
        };
        let t = tx.min(ty);
        (cx + dx * t, cy + dy * t)
    }
}

/// An arrow: where it starts and ends (on its nodes' boxes) and where its label goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arrow {
    /// Start, on the box of the relation's source.
    pub start: (f64, f64),
    /// End, on the box of the relation's target.
    pub end: (f64, f64),
    /// Centre of the label.
    pub label: (f64, f64),
}

/// A laid-out picture: every node's box and every relation's arrow, in the graph's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    /// Boxes, by node.
    pub nodes: Vec<Placed>,
    /// Arrows, by edge.
    pub arrows: Vec<Arrow>,
    /// Width of the picture.
    pub width: f64,
    /// Height of the picture.
    pub height: f64,
}

/// The lines a name is shown on: words wrapped at [`WRAP`] characters.
pub(super) fn lines(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in name.split_whitespace() {
        match out.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= WRAP => {
                line.push(' ');
                line.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// A node's size from its name, its type line and its shape's extra room.
fn size(name: &str, kind: &str, shape: Shape) -> (f64, f64) {
    let lines = lines(name);
    let longest = lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(kind.chars().count() * 6 / 7);
    let mut w = (longest as f64 * CHAR + 28.0).max(96.0);
    let mut h =
        16.0 + lines.len() as f64 * (FONT + 4.0) + if kind.is_empty() { 0.0 } else { SMALL + 4.0 };
    match shape {
        Shape::Store => h += 16.0,
        Shape::Queue => w += 24.0,
        Shape::Actor => w += 16.0,
        Shape::Document => h += 8.0,
        Shape::Box | Shape::Service | Shape::External => {}
    }
    (w.round(), h.round())
}

/// Whether a relation's type says its target comes first in the picture: a stage that reads a
/// store comes after it, a part comes under what it is part of.
fn against_the_flow(label: &str) -> bool {
    matches!(
        crate::model::viewpoint::normalise(label).as_str(),
        "reads"
            | "reads-from"
            | "consumes"
            | "consumes-from"
            | "pulls"
            | "pulls-from"
            | "queries"
            | "subscribes"
            | "subscribes-to"
            | "polls"
            | "fetches"
            | "receives"
            | "receives-from"
            | "is-part-of"
            | "part-of"
            | "belongs-to"
            | "is-a"
            | "inherits-from"
            | "extends"
            | "specializes"
    )
}

/// Lays `graph` out: layers along its direction, few crossings, then separate parts side by
/// side (wrapping into rows), with a margin all round.
pub fn layout(graph: &ViewGraph) -> Drawing {
    let sizes: Vec<(f64, f64)> = graph
        .nodes
        .iter()
        .map(|n| size(&n.name, &n.kind, n.shape))
        .collect();
    let longest_label = graph
        .edges
        .iter()
        .map(|e| e.label.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let lr = graph.direction == Direction::Lr;
    // The layout works top down; for a left-to-right picture it lays out the transposed boxes.
    // Between layers it leaves room for the relations' labels.
    let layer_room = if lr {
        (longest_label * SMALL * 0.6 + 40.0).max(56.0)
    } else {
        44.0
    };
    let vertices: Vec<(u32, (f64, f64))> = sizes
        .iter()
        .enumerate()
        .map(|(i, &(w, h))| {
            let across = if lr { h } else { w };
            let along = if lr { w } else { h };
            (i as u32, (across, along + layer_room))
        })
        .collect();
    // Layers follow what flows: `Debezium reads Orders DB` puts the database first, though the
    // arrow, as the relation says, points from Debezium to it.
    let edges: Vec<(u32, u32)> = graph
        .edges
        .iter()
        .filter(|e| e.from != e.to)
        .map(|e| {
            if against_the_flow(&e.label) {
                (e.to as u32, e.from as u32)
            } else {
                (e.from as u32, e.to as u32)
            }
        })
        .collect();
    let config = rust_sugiyama::configure::Config {
        vertex_spacing: GAP,
        ..Default::default()
    };
    let components = if graph.nodes.is_empty() {
        Vec::new()
    } else {
        rust_sugiyama::from_vertices_and_edges(&vertices, &edges, &config)
    };
    let mut boxes: Vec<Option<Placed>> = vec![None; graph.nodes.len()];
    // Each component in its own coordinates, then moved into place.
    let mut parts: Vec<(Vec<usize>, f64, f64, f64, f64)> = Vec::new();
    for (coords, _, _) in components {
        let mut members = Vec::new();
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for (id, (a, b)) in coords {
            let Some(&(w, h)) = sizes.get(id) else {
                continue;
            };
            let (cx, cy) = if lr { (b, a) } else { (a, b) };
            let placed = Placed {
                x: cx - w / 2.0,
                y: cy - h / 2.0,
                w,
                h,
            };
            min_x = min_x.min(placed.x);
            min_y = min_y.min(placed.y);
            max_x = max_x.max(placed.x + w);
            max_y = max_y.max(placed.y + h);
            boxes[id] = Some(placed);
            members.push(id);
        }
        if !members.is_empty() {
            parts.push((members, min_x, min_y, max_x - min_x, max_y - min_y));
        }
    }
    // Parts flow across the picture (left to right for a top-down picture, top down for a
    // left-to-right one), wrapping when a row grows past `ROW`.
    let (mut along, mut across, mut row_depth) = (0.0f64, 0.0f64, 0.0f64);
    let (mut width, mut height) = (0.0f64, 0.0f64);
    for (members, min_x, min_y, w, h) in parts {
        let (extent, depth) = if lr { (h, w) } else { (w, h) };
        if along > 0.0 && along + extent > ROW {
            across += row_depth + GAP;
            along = 0.0;
            row_depth = 0.0;
        }
        let (dx, dy) = if lr {
            (MARGIN + across - min_x, MARGIN + along - min_y)
        } else {
            (MARGIN + along - min_x, MARGIN + across - min_y)
        };
        for id in members {
            if let Some(b) = boxes[id].as_mut() {
                b.x = (b.x + dx).round();
                b.y = (b.y + dy).round();
                width = width.max(b.x + b.w);
                height = height.max(b.y + b.h);
            }
        }
        along += extent + GAP;
        row_depth = row_depth.max(depth);
    }
    let nodes: Vec<Placed> = boxes
        .into_iter()
        .map(|b| {
            b.unwrap_or(Placed {
                x: MARGIN,
                y: MARGIN,
                w: 96.0,
                h: 40.0,
            })
        })
        .collect();
    let arrows = arrows(graph, &nodes);
    let label_extent = arrows
        .iter()
        .zip(&graph.edges)
        .map(|(a, e)| a.label.0 + e.label.chars().count() as f64 * SMALL * 0.3)
        .fold(0.0, f64::max);
    Drawing {
        nodes,
        arrows,
        width: (width.max(label_extent) + MARGIN).ceil(),
        height: (height + MARGIN).ceil(),
    }
}

/// The arrows of the graph's edges: between the centres of their nodes, cut at the boxes;
/// several relations between one pair of nodes run side by side; a relation of a node to itself
/// loops over its top right corner.
fn arrows(graph: &ViewGraph, nodes: &[Placed]) -> Vec<Arrow> {
    let mut pairs: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (i, e) in graph.edges.iter().enumerate() {
        pairs
            .entry((e.from.min(e.to), e.from.max(e.to)))
            .or_default()
            .push(i);
    }
    let mut out = vec![
        Arrow {
            start: (0.0, 0.0),
            end: (0.0, 0.0),
            label: (0.0, 0.0),
        };
        graph.edges.len()
    ];
    for ((a, b), edges) in pairs {
        let count = edges.len() as f64;
        for (k, &i) in edges.iter().enumerate() {
            let e = &graph.edges[i];
            let (from, to) = (nodes[e.from], nodes[e.to]);
            if a == b {
                let lift = 14.0 + k as f64 * 10.0;
                let start = (from.x + from.w - 12.0 - lift, from.y);
                let end = (from.x + from.w, from.y + 12.0 + lift);
                out[i] = Arrow {
                    start,
                    end,
                    label: (from.x + from.w + lift, from.y - lift),
                };
                continue;
            }
            let (c1, c2) = (from.center(), to.center());
            let (dx, dy) = (c2.0 - c1.0, c2.1 - c1.1);
            let len = (dx * dx + dy * dy).sqrt().max(1e-9);
            // Parallel relations move apart along the normal, as one group for both directions.
            let sign = if e.from == a { 1.0 } else { -1.0 };
            let shift = (k as f64 - (count - 1.0) / 2.0) * 14.0 * sign;
            let (nx, ny) = (-dy / len * shift, dx / len * shift);
            let max_shift = (from.w.min(from.h).min(to.w.min(to.h)) / 2.0 - 2.0).max(0.0);
            let (nx, ny) = if shift.abs() > max_shift {
                (nx * max_shift / shift.abs(), ny * max_shift / shift.abs())
            } else {
                (nx, ny)
            };
            let (s, t) = ((c1.0 + nx, c1.1 + ny), (c2.0 + nx, c2.1 + ny));
            let start = from.exit(s, (dx, dy));
            let end = to.exit(t, (-dx, -dy));
            out[i] = Arrow {
                start,
                end,
                label: ((start.0 + end.0) / 2.0, (start.1 + end.1) / 2.0),
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::view_graph::{Edge, Node};

    fn node(id: &str, kind: &str) -> Node {
        Node {
            id: id.into(),
            name: id.into(),
            kind: kind.into(),
            shape: Shape::of_type(kind),
            responsibility: String::new(),
            governs: Vec::new(),
            anchor: format!("element-{id}"),
            decisions: Vec::new(),
            declared_in: None,
        }
    }

    fn graph(direction: Direction) -> ViewGraph {
        ViewGraph {
            nodes: vec![
                node("Orders DB", "source"),
                node("Debezium", "stage"),
                node("cdc.orders", "topic"),
                node("Ingest", "stage"),
                node("analytics.orders", "table"),
                node("Loner", "module"),
            ],
            edges: vec![
                Edge {
                    from: 1,
                    to: 0,
                    label: "reads".into(),
                },
                Edge {
                    from: 1,
                    to: 2,
                    label: "writes".into(),
                },
                Edge {
                    from: 3,
                    to: 2,
                    label: "reads".into(),
                },
                Edge {
                    from: 3,
                    to: 4,
                    label: "writes".into(),
                },
                Edge {
                    from: 4,
                    to: 3,
                    label: "triggers".into(),
                },
                Edge {
                    from: 3,
                    to: 3,
                    label: "retries".into(),
                },
            ],
            direction,
        }
    }

    fn overlap(a: &Placed, b: &Placed) -> bool {
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    }

    fn on_boundary(p: (f64, f64), b: &Placed) -> bool {
        let eps = 0.6;
        let inside_x = p.0 >= b.x - eps && p.0 <= b.x + b.w + eps;
        let inside_y = p.1 >= b.y - eps && p.1 <= b.y + b.h + eps;
        let on_x = (p.0 - b.x).abs() < eps || (p.0 - b.x - b.w).abs() < eps;
        let on_y = (p.1 - b.y).abs() < eps || (p.1 - b.y - b.h).abs() < eps;
        inside_x && inside_y && (on_x || on_y)
    }

    #[test]
    fn no_two_boxes_overlap_and_every_arrow_ends_on_its_boxes() {
        for direction in [Direction::Lr, Direction::Tb] {
            let g = graph(direction);
            let d = layout(&g);
            for (i, a) in d.nodes.iter().enumerate() {
                assert!(a.x >= 0.0 && a.y >= 0.0 && a.x + a.w <= d.width && a.y + a.h <= d.height);
                for b in &d.nodes[i + 1..] {
                    assert!(!overlap(a, b), "{direction:?}: {a:?} overlaps {b:?}");
                }
            }
            for (e, arrow) in g.edges.iter().zip(&d.arrows) {
                assert!(
                    on_boundary(arrow.start, &d.nodes[e.from]),
                    "{direction:?} {e:?} starts off its box"
                );
                assert!(
                    on_boundary(arrow.end, &d.nodes[e.to]),
                    "{direction:?} {e:?} ends off its box"
                );
            }
        }
    }

    #[test]
    fn pipelines_read_left_to_right_and_decompositions_top_down() {
        let lr = layout(&graph(Direction::Lr));
        // Debezium writes the topic: the topic is to its right.
        assert!(lr.nodes[2].x > lr.nodes[1].x + lr.nodes[1].w - 1.0);
        // Debezium reads the database: the database is to its left, data flowing rightwards.
        assert!(lr.nodes[0].x + lr.nodes[0].w < lr.nodes[1].x + 1.0);
        // Ingest reads the topic: after it.
        assert!(lr.nodes[3].x > lr.nodes[2].x + lr.nodes[2].w - 1.0);
        let tb = layout(&graph(Direction::Tb));
        assert!(tb.nodes[2].y > tb.nodes[1].y + tb.nodes[1].h - 1.0);
    }

    #[test]
    fn the_svg_links_each_element_to_its_catalog_row_and_escapes_text() {
        let mut g = graph(Direction::Lr);
        g.nodes[0].name = "Orders <DB> & \"co\"".into();
        g.nodes[0].responsibility = "Keeps orders".into();
        g.nodes[0].governs = vec!["services/orders/**".into()];
        let svg = svg(
            &g,
            Labels {
                key: "Pipeline",
                title: "Pipeline: 6 elements",
                caption: "Drawn from the model.",
                links: &[],
                decisions: &[],
            },
        );
        assert!(svg.starts_with("<figure class=\"diagram view-diagram\""));
        assert!(svg.contains("href=\"#element-Orders DB\""));
        assert!(svg.contains("Orders &lt;DB&gt; &amp; &quot;co&quot;"));
        assert!(svg.contains("Keeps orders\nCode: services/orders/**"));
        assert!(svg.contains("marker-end=\"url(#view-arrow-pipeline)\""));
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn a_graph_without_relations_wraps_into_rows() {
        let g = ViewGraph {
            nodes: (0..12)
                .map(|i| node(&format!("module {i}"), "module"))
                .collect(),
            edges: Vec::new(),
            direction: Direction::Tb,
        };
        let d = layout(&g);
        assert!(d.width <= ROW + 2.0 * MARGIN + 200.0, "{}", d.width);
        assert!(d.height > 100.0);
        for (i, a) in d.nodes.iter().enumerate() {
            for b in &d.nodes[i + 1..] {
                assert!(!overlap(a, b));
            }
        }
    }
}
