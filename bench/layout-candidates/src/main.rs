//! Draws each view of a `sadoc model export` (JSON on standard input) with the layout crates
//! considered in ADR 0036 — rust-sugiyama and layout-rs — from the same boxes and edges, and
//! prints, per view and crate, the edge crossings (straight segments between box centres), the
//! size of the drawing and the time taken.
//!
//! `sadoc model export -C examples/data-platform | cargo run --release`

use std::io::Read;
use std::time::Instant;

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;

type Boxes = Vec<(f64, f64, f64, f64)>; // centre x, centre y, width, height

fn size(name: &str) -> (f64, f64) {
    ((name.chars().count() as f64 * 7.6 + 28.0).max(96.0).round(), 50.0)
}

fn against_the_flow(kind: &str) -> bool {
    matches!(kind, "reads" | "consumes" | "is-part-of" | "part-of" | "subscribes")
}

fn sugiyama(sizes: &[(f64, f64)], edges: &[(usize, usize)], lr: bool) -> Boxes {
    let vertices: Vec<(u32, (f64, f64))> = sizes
        .iter()
        .enumerate()
        .map(|(i, &(w, h))| (i as u32, if lr { (h, w + 60.0) } else { (w, h + 44.0) }))
        .collect();
    let e: Vec<(u32, u32)> = edges.iter().map(|&(a, b)| (a as u32, b as u32)).collect();
    let config = rust_sugiyama::configure::Config {
        vertex_spacing: 36.0,
        ..Default::default()
    };
    let mut out = vec![(0.0, 0.0, 0.0, 0.0); sizes.len()];
    let mut offset = 0.0;
    for (coords, _, _) in rust_sugiyama::from_vertices_and_edges(&vertices, &e, &config) {
        let mut max = 0.0f64;
        for (id, (a, b)) in coords {
            let (w, h) = sizes[id];
            let (x, y) = if lr { (b, a + offset) } else { (a + offset, b) };
            out[id] = (x, y, w, h);
            max = max.max(if lr { a + h } else { a + w });
        }
        offset += max + 36.0;
    }
    out
}

fn layout_rs(names: &[String], sizes: &[(f64, f64)], edges: &[(usize, usize, String)], lr: bool) -> Boxes {
    let orientation = if lr {
        Orientation::LeftToRight
    } else {
        Orientation::TopToBottom
    };
    let mut vg = VisualGraph::new(orientation);
    let handles: Vec<_> = names
        .iter()
        .zip(sizes)
        .map(|(n, &(w, h))| {
            vg.add_node(Element::create(
                ShapeKind::new_box(n),
                StyleAttr::simple(),
                orientation,
                Point::new(w, h),
            ))
        })
        .collect();
    for (a, b, label) in edges {
        vg.add_edge(Arrow::simple(label), handles[*a], handles[*b]);
    }
    let mut svg = SVGWriter::new();
    vg.do_it(false, false, false, &mut svg);
    handles
        .iter()
        .zip(sizes)
        .map(|(&h, &(w, hh))| {
            let c = vg.pos(h).center();
            (c.x, c.y, w, hh)
        })
        .collect()
}

fn crossings(boxes: &Boxes, edges: &[(usize, usize)]) -> usize {
    let seg = |&(a, b): &(usize, usize)| ((boxes[a].0, boxes[a].1), (boxes[b].0, boxes[b].1));
    let cross = |p: (f64, f64), q: (f64, f64), r: (f64, f64)| (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0);
    let mut n = 0;
    for i in 0..edges.len() {
        for j in i + 1..edges.len() {
            let (a, b) = (edges[i], edges[j]);
            if a.0 == b.0 || a.0 == b.1 || a.1 == b.0 || a.1 == b.1 {
                continue;
            }
            let ((p1, p2), (q1, q2)) = (seg(&a), seg(&b));
            let d1 = cross(q1, q2, p1);
            let d2 = cross(q1, q2, p2);
            let d3 = cross(p1, p2, q1);
            let d4 = cross(p1, p2, q2);
            if d1 * d2 < 0.0 && d3 * d4 < 0.0 {
                n += 1;
            }
        }
    }
    n
}

fn extent(boxes: &Boxes) -> (f64, f64) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y, w, h) in boxes {
        x0 = x0.min(x - w / 2.0);
        y0 = y0.min(y - h / 2.0);
        x1 = x1.max(x + w / 2.0);
        y1 = y1.max(y + h / 2.0);
    }
    (x1 - x0, y1 - y0)
}

fn overlaps(boxes: &Boxes) -> usize {
    let mut n = 0;
    for i in 0..boxes.len() {
        for j in i + 1..boxes.len() {
            let (a, b) = (boxes[i], boxes[j]);
            if (a.0 - b.0).abs() * 2.0 < a.2 + b.2 && (a.1 - b.1).abs() * 2.0 < a.3 + b.3 {
                n += 1;
            }
        }
    }
    n
}

fn main() {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).unwrap();
    let model: serde_json::Value = serde_json::from_str(&text).unwrap();
    println!("| view | nodes | edges | crate | crossings | overlaps | size (px) | time (µs) |");
    println!("|---|---|---|---|---|---|---|---|");
    for view in model["views"].as_array().unwrap() {
        let elements = view["elements"].as_array().unwrap();
        if elements.is_empty() {
            continue;
        }
        let ids: Vec<&str> = elements.iter().map(|e| e["id"].as_str().unwrap()).collect();
        let names: Vec<String> = elements.iter().map(|e| e["name"].as_str().unwrap().to_string()).collect();
        let sizes: Vec<(f64, f64)> = names.iter().map(|n| size(n)).collect();
        let index = |id: &str| ids.iter().position(|i| *i == id).unwrap();
        let labelled: Vec<(usize, usize, String)> = view["relations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let (a, b) = (index(r["from"].as_str().unwrap()), index(r["to"].as_str().unwrap()));
                let kind = r["type"].as_str().unwrap().to_string();
                if against_the_flow(&kind) { (b, a, kind) } else { (a, b, kind) }
            })
            .filter(|(a, b, _)| a != b)
            .collect();
        let edges: Vec<(usize, usize)> = labelled.iter().map(|(a, b, _)| (*a, *b)).collect();
        let lr = view["direction"] == "lr";
        let candidates: [(&str, Box<dyn Fn() -> Boxes>); 2] = [
            ("rust-sugiyama 0.4", Box::new(|| sugiyama(&sizes, &edges, lr))),
            ("layout-rs 0.1.3", Box::new(|| layout_rs(&names, &sizes, &labelled, lr))),
        ];
        for (name, run) in candidates {
            let start = Instant::now();
            let boxes = run();
            let micros = start.elapsed().as_micros();
            let (w, h) = extent(&boxes);
            println!(
                "| {} | {} | {} | {name} | {} | {} | {:.0} × {:.0} | {micros} |",
                view["id"].as_str().unwrap(),
                names.len(),
                edges.len(),
                crossings(&boxes, &edges),
                overlaps(&boxes),
                w,
                h
            );
        }
    }
}
