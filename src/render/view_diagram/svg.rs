//! The SVG of a laid-out picture: each element's shape, its name and type, a link to its
//! catalog row and its hover text; each relation's arrow and label; the theme's colours as
//! classes, with attribute colours for a reader without the stylesheet.

use std::fmt::Write as _;

use super::{Drawing, FONT, Placed, SMALL, layout, lines};
use crate::model::view_graph::{Direction, Shape, ViewGraph};
use crate::util::escape_html;

/// The SVG path (or element) of a node's shape.
fn shape(b: &Placed, shape: Shape) -> String {
    let Placed { x, y, w, h } = *b;
    match shape {
        Shape::Box => format!(
            r##"<rect class="shape" fill="#f6f8fa" stroke="#59636e" x="{x}" y="{y}" width="{w}" height="{h}" rx="3"/>"##
        ),
        Shape::Service => format!(
            r##"<rect class="shape" fill="#f6f8fa" stroke="#59636e" x="{x}" y="{y}" width="{w}" height="{h}" rx="10"/>"##
        ),
        Shape::External => format!(
            r##"<rect class="shape external" fill="#f6f8fa" stroke="#59636e" x="{x}" y="{y}" width="{w}" height="{h}" rx="3" stroke-dasharray="6 4"/>"##
        ),
        Shape::Actor => format!(
            r##"<rect class="shape" fill="#f6f8fa" stroke="#59636e" x="{x}" y="{y}" width="{w}" height="{h}" rx="{}"/>"##,
            h / 2.0
        ),
        Shape::Store => {
            let ry = 7.0;
            let (x2, y2) = (x + w, y + h - ry);
            let top = y + ry;
            format!(
                r##"<path class="shape" fill="#f6f8fa" stroke="#59636e" d="M{x},{top} A{rx},{ry} 0 0 1 {x2},{top} V{y2} A{rx},{ry} 0 0 1 {x},{y2} Z"/><path class="shape-line" fill="none" stroke="#59636e" d="M{x},{top} A{rx},{ry} 0 0 0 {x2},{top}"/>"##,
                rx = w / 2.0
            )
        }
        Shape::Queue => {
            let d = 12.0;
            let mid = y + h / 2.0;
            format!(
                r##"<path class="shape" fill="#f6f8fa" stroke="#59636e" d="M{},{y} H{} L{},{mid} L{},{} H{} L{x},{mid} Z"/>"##,
                x + d,
                x + w - d,
                x + w,
                x + w - d,
                y + h,
                x + d
            )
        }
        Shape::Document => {
            let fold = 12.0;
            format!(
                r##"<path class="shape" fill="#f6f8fa" stroke="#59636e" d="M{x},{y} H{} L{},{} V{} H{x} Z"/><path class="shape-line" fill="none" stroke="#59636e" d="M{},{y} V{} H{}"/>"##,
                x + w - fold,
                x + w,
                y + fold,
                y + h,
                x + w - fold,
                y + fold,
                x + w
            )
        }
    }
}

/// What a picture is called and where its elements lead.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// Makes its ids unique on the page (the view's id).
    pub key: &'a str,
    /// Its accessible title.
    pub title: &'a str,
    /// Its caption.
    pub caption: &'a str,
    /// Where each node leads (its catalog row), by node; `#<anchor>` when left out.
    pub links: &'a [String],
    /// How decisions are named on hover, by index into the ADR log (`ADR-0003 Use Kafka`).
    pub decisions: &'a [String],
}

/// Draws `graph` as a figure of inline SVG.
pub fn svg(graph: &ViewGraph, labels: Labels<'_>) -> String {
    let drawing = layout(graph);
    render(graph, &drawing, labels)
}

/// Writes a laid-out picture as SVG.
pub fn render(graph: &ViewGraph, drawing: &Drawing, labels: Labels<'_>) -> String {
    let Labels {
        key,
        title,
        caption,
        links,
        decisions,
    } = labels;
    let key = crate::util::slug::slugify(key);
    let marker = format!("view-arrow-{key}");
    let title_id = format!("view-diagram-{key}");
    let (w, h) = (drawing.width, drawing.height);
    let mut out = String::with_capacity(2048 + graph.nodes.len() * 512);
    let direction = match graph.direction {
        Direction::Lr => "lr",
        Direction::Tb => "tb",
    };
    let _ = write!(
        out,
        r#"<figure class="diagram view-diagram" data-direction="{direction}"><svg xmlns="http://www.w3.org/2000/svg" class="view-graph" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{title_id}" font-size="{FONT}"><title id="{title_id}">{}</title>"#,
        escape_html(title)
    );
    let _ = write!(
        out,
        r##"<defs><marker id="{marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path class="arrow-head" fill="#59636e" stroke="none" d="M0,0 L10,5 L0,10 z"/></marker></defs>"##
    );
    // Colours as attributes too, for the SVG read without the theme's stylesheet.
    out.push_str(r##"<g class="relations" fill="none" stroke="#59636e">"##);
    for (edge, arrow) in graph.edges.iter().zip(&drawing.arrows) {
        let ((x1, y1), (x2, y2)) = (arrow.start, arrow.end);
        let path = if edge.from == edge.to {
            format!(
                "M{x1:.1},{y1:.1} C{:.1},{:.1} {:.1},{:.1} {x2:.1},{y2:.1}",
                x1,
                y1 - 30.0,
                x2 + 30.0,
                y2
            )
        } else {
            format!("M{x1:.1},{y1:.1} L{x2:.1},{y2:.1}")
        };
        let from = &graph.nodes[edge.from].name;
        let to = &graph.nodes[edge.to].name;
        let _ = write!(
            out,
            r#"<g class="relation"><title>{} {} {}</title><path d="{path}" marker-end="url(#{marker})"/>"#,
            escape_html(from),
            escape_html(&edge.label),
            escape_html(to)
        );
        if !edge.label.is_empty() {
            let _ = write!(
                out,
                r##"<text class="relation-label" x="{:.1}" y="{:.1}" font-size="{SMALL}" fill="#59636e" stroke="none" text-anchor="middle" dominant-baseline="central">{}</text>"##,
                arrow.label.0,
                arrow.label.1,
                escape_html(&edge.label)
            );
        }
        out.push_str("</g>");
    }
    out.push_str(r#"</g><g class="elements">"#);
    for (i, (node, b)) in graph.nodes.iter().zip(&drawing.nodes).enumerate() {
        let href = links
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("#{}", node.anchor));
        let shape_name = format!("{:?}", node.shape).to_lowercase();
        let mut hover = node.name.clone();
        if !node.kind.is_empty() {
            let _ = write!(hover, " ({})", node.kind);
        }
        if !node.responsibility.is_empty() {
            let _ = write!(hover, "\n{}", node.responsibility);
        }
        if !node.governs.is_empty() {
            let _ = write!(hover, "\nCode: {}", node.governs.join(", "));
        }
        for decision in node.decisions.iter().filter_map(|&d| decisions.get(d)) {
            let _ = write!(hover, "\nDecision: {decision}");
        }
        let _ = write!(
            out,
            r#"<a class="element shape-{shape_name}" href="{}"><title>{}</title>{}"#,
            escape_html(&href),
            escape_html(&hover),
            shape(b, node.shape)
        );
        let lines = lines(&node.name);
        let type_room = if node.kind.is_empty() {
            0.0
        } else {
            SMALL + 4.0
        };
        let block = lines.len() as f64 * (FONT + 4.0) + type_room;
        let store_shift = if node.shape == Shape::Store { 5.0 } else { 0.0 };
        let top = b.y + (b.h - block) / 2.0 + store_shift;
        let cx = b.x + b.w / 2.0;
        for (i, line) in lines.iter().enumerate() {
            let _ = write!(
                out,
                r#"<text class="element-name" x="{cx:.1}" y="{:.1}" text-anchor="middle" dominant-baseline="central">{}</text>"#,
                top + (FONT + 4.0) * (i as f64 + 0.5),
                escape_html(line)
            );
        }
        if !node.kind.is_empty() {
            let _ = write!(
                out,
                r#"<text class="element-type" x="{cx:.1}" y="{:.1}" font-size="{SMALL}" text-anchor="middle" dominant-baseline="central">{}</text>"#,
                top + lines.len() as f64 * (FONT + 4.0) + type_room / 2.0,
                escape_html(&node.kind)
            );
        }
        out.push_str("</a>");
    }
    let _ = writeln!(
        out,
        "</g></svg><figcaption>{}</figcaption></figure>",
        escape_html(caption)
    );
    out
}
