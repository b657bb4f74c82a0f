//! Views draw themselves from the model: a view that declares elements and relations gets its
//! picture drawn as inline SVG when it has none of its own (or asks for it); hand-drawn
//! pictures are checked against the declared elements; `sadoc model export` writes the model
//! as JSON, Structurizr DSL and Graphviz DOT.

use std::collections::BTreeSet;

use crate::harness::{Project, repo_root};

const CONFIG: &str = "title: Shop\nviewpoints:\n  - id: pipeline\n    base: cnc\n    element_types: [source, stage, topic, table]\n    relation_types: [reads, writes]\n    shapes: { table: store }\n";

/// A pipeline view: front matter, then `body`.
fn view(extra_front: &str, body: &str) -> String {
    format!(
        "---\ntitle: Orders pipeline\nkind: view\nviewtype: cnc\nstyle: pipeline\n{extra_front}elements:\n  - {{ id: orders-db, name: Orders DB, type: source, responsibility: \"The orders service's database\", governs: [\"services/orders/**\"] }}\n  - {{ id: cdc, name: Debezium, type: stage, responsibility: \"Reads the WAL\" }}\n  - {{ id: topic, name: cdc.orders, type: topic, responsibility: \"Change events\" }}\n  - {{ id: ingest, name: Ingest, type: stage, responsibility: \"Writes the warehouse\" }}\n  - {{ id: orders, name: analytics.orders, type: table, responsibility: \"Curated orders\" }}\nrelations:\n  - {{ from: cdc, to: orders-db, type: reads }}\n  - {{ from: cdc, to: topic, type: writes }}\n  - {{ from: ingest, to: topic, type: reads }}\n  - {{ from: ingest, to: orders, type: writes }}\n---\n\n# Orders pipeline\n\n{body}"
    )
}

const SECTIONS: &str = "## Element Catalog\n\nAs declared.\n\n## Context Diagram\n\nN/A\n\n## Variability Guide\n\nN/A\n\n## Rationale\n\nN/A\n";

fn project(view_text: &str) -> Project {
    Project::empty()
        .file("sadoc.yml", CONFIG)
        .file("docs/sad/index.md", "# Architecture\n")
        .file(
            "docs/sad/glossary.md",
            "---\nkind: glossary\n---\n# Glossary\n\n| Term | Meaning |\n|---|---|\n| CDC | Change data capture |\n| WAL | Write-ahead log |\n",
        )
        .file(
            "docs/sad/rationale.md",
            "---\nkind: rationale\n---\n# Rationale\n\nEvents outlive the services.\n",
        )
        .file(
            "docs/sad/overview.md",
            "---\nkind: overview\n---\n# Overview\n\nOrders flow into the warehouse.\n",
        )
        .file("services/orders/app.py", "print('orders')\n")
        .file("docs/sad/views/pipeline.md", view_text)
}

/// The `<figure class="diagram view-diagram">…</figure>` of a page.
fn figure(page: &str) -> Option<&str> {
    let start = page.find("<figure class=\"diagram view-diagram\"")?;
    let end = page[start..].find("</figure>")? + start + "</figure>".len();
    Some(&page[start..end])
}

/// A view with elements and relations and no picture of its own gets one drawn from them, in
/// its Primary Presentation, before the catalog: every element a shape linked to its catalog
/// row, every relation an arrow with its type; the view builds strictly (no "no diagram").
#[test]
fn a_view_without_a_picture_gets_one_drawn_from_its_model() {
    let p = project(&view(
        "",
        &format!("## Primary Presentation\n\nData flows left to right.\n\n{SECTIONS}"),
    ));
    p.build(&["--strict"]).expect_code(0);
    let page = p.site("sad/views/pipeline.html");
    let svg = figure(&page).expect("a generated picture");
    let primary = page.find("id=\"primary-presentation\"").unwrap();
    let at = page.find("<figure class=\"diagram view-diagram\"").unwrap();
    let catalog = page.find("<table class=\"catalog\">").unwrap();
    assert!(
        primary < at && at < catalog,
        "in the Primary Presentation, before the catalog"
    );
    assert!(
        svg.contains("data-direction=\"lr\""),
        "a pipeline reads left to right"
    );
    assert!(svg.contains(
        "<title id=\"view-diagram-pipeline\">Orders pipeline: 5 elements and 4 relations</title>"
    ));
    // Every element leads to a row of the catalog that exists.
    let anchors: BTreeSet<&str> = svg
        .split("href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(anchors.len(), 5, "{anchors:?}");
    for anchor in &anchors {
        assert!(
            page.contains(&format!("<tr id=\"{anchor}\">")),
            "{anchor} has a catalog row"
        );
    }
    // Shapes from the types (and the viewpoint's `shapes:`), hover text from the model.
    assert!(svg.contains("class=\"element shape-store\" href=\"#element-orders-db\""));
    assert!(svg.contains("class=\"element shape-queue\" href=\"#element-topic\""));
    assert!(
        svg.contains("class=\"element shape-store\" href=\"#element-orders\""),
        "shapes: {{ table: store }}"
    );
    assert!(svg.contains("<title>Orders DB (source)\nThe orders service&#x27;s database\nCode: services/orders/**</title>") || svg.contains("<title>Orders DB (source)\nThe orders service&#39;s database\nCode: services/orders/**</title>"), "{svg}");
    assert_eq!(svg.matches("<g class=\"relation\">").count(), 4);
    assert!(svg.contains("<title>Debezium reads Orders DB</title>"));
    assert!(!svg.contains("<script"), "no JavaScript needed");
}

/// A hand-drawn picture stays the view's picture; `diagram: generated` adds the drawn one,
/// `<!-- sadoc:diagram -->` puts it where the text says, and `diagram: none` turns it off (and
/// then a Primary Presentation without a picture is reported again).
#[test]
fn the_author_decides_where_the_drawn_picture_goes() {
    let mermaid = "```mermaid\nflowchart LR\n  db[(Orders DB)] --> cdc[Debezium] --> topic{{cdc.orders}} --> ingest[Ingest] --> orders[(analytics.orders)]\n```\n\n";
    let own = project(&view(
        "",
        &format!("## Primary Presentation\n\n{mermaid}{SECTIONS}"),
    ));
    own.build(&["--strict"]).expect_code(0);
    assert!(
        figure(&own.site("sad/views/pipeline.html")).is_none(),
        "its own picture only"
    );

    let both = project(&view(
        "diagram: generated\n",
        &format!("## Primary Presentation\n\n{mermaid}{SECTIONS}"),
    ));
    both.build(&["--strict"]).expect_code(0);
    let page = both.site("sad/views/pipeline.html");
    assert!(
        figure(&page).is_some() && page.contains("class=\"mermaid\""),
        "both pictures"
    );

    let placed = project(&view(
        "",
        &format!(
            "## Primary Presentation\n\n{mermaid}The model, drawn:\n\n<!-- sadoc:diagram -->\n\nAfter the picture.\n\n{SECTIONS}"
        ),
    ));
    placed.build(&["--strict"]).expect_code(0);
    let page = placed.site("sad/views/pipeline.html");
    let drawn = page
        .find("<figure class=\"diagram view-diagram\"")
        .expect("drawn at the placeholder");
    assert!(
        page.rfind("The model, drawn:").unwrap() < drawn
            && drawn < page.rfind("After the picture.").unwrap()
    );
    assert!(
        !page.contains("sadoc:diagram"),
        "the placeholder is replaced"
    );

    let none = project(&view(
        "diagram: none\n",
        &format!("## Primary Presentation\n\nWords only.\n\n{SECTIONS}"),
    ));
    let run = none.build(&[]);
    run.expect_code(0).expect_stderr(
        "docs/sad/views/pipeline.md:22: warning: the primary presentation has no diagram",
    );
    assert!(figure(&none.site("sad/views/pipeline.html")).is_none());
}

/// A hand-drawn picture and the declared elements must agree: a node no element matches (by
/// id or name) and an element no picture shows are warnings at the picture's lines, naming
/// them; Mermaid flowcharts and PlantUML diagrams are read, nothing is run.
#[test]
fn hand_drawn_pictures_are_checked_against_the_elements() {
    let mermaid = "```mermaid\nflowchart LR\n  db[(Orders DB)] -->|WAL| cdc[Debezium]\n  cdc --> topic{{cdc.orders}}\n  topic --> ingest[Ingest]\n  ingest --> raw[(Raw zone)]\n```\n\n";
    let p = project(&view(
        "",
        &format!("## Primary Presentation\n\n{mermaid}{SECTIONS}"),
    ));
    let run = p.build(&[]);
    run.expect_code(0)
        .expect_stderr("docs/sad/views/pipeline.md:28: warning: the picture shows `Raw zone`, which the view's elements do not declare")
        .expect_stderr("help: declare it under `elements:` (id `raw` or name `Raw zone`), or take it out of the picture")
        .expect_stderr("docs/sad/views/pipeline.md:23: warning: element `analytics.orders` (`orders`) is declared but no picture of the view shows it")
        .expect_stderr("`diagram: generated`")
        .refute_stderr("`Orders DB`")
        .refute_stderr("`Debezium`");
    p.build(&["--strict"]).expect_code(1);

    let plantuml = "```plantuml\n@startuml\ndatabase \"Orders DB\" as db\ncomponent [Debezium] as cdc\nqueue \"cdc.orders\" as topic\ncomponent Ingest\ndatabase \"analytics.orders\" as orders\ncomponent Spark\ndb --> cdc\n@enduml\n```\n\n";
    let q = project(&view(
        "",
        &format!("## Primary Presentation\n\n{plantuml}{SECTIONS}"),
    ));
    q.build(&[])
        .expect_code(0)
        .expect_stderr("docs/sad/views/pipeline.md:30: warning: the picture shows `Spark`")
        .refute_stderr("is declared but no picture");
}

/// The example project's pictures, laid out: no two boxes overlap and every arrow ends on its
/// boxes, in each direction (the geometry the browser test checks on screen too).
#[test]
fn the_examples_pictures_have_no_overlaps_and_arrows_end_on_their_boxes() {
    use sadoc::model::view_graph::ViewGraph;
    use sadoc::view_diagram::layout;
    let project =
        sadoc::project::Project::open(&repo_root().join("examples/data-platform/sadoc.yml"))
            .unwrap();
    let built = sadoc::pipeline::build(
        project,
        sadoc::pipeline::Options::check(),
        sadoc::site::Site::new(),
    );
    let model = &built.model;
    let mut drawn = 0;
    for v in 0..model.sad.views.len() {
        let Some(graph) = ViewGraph::of_view(model, v) else {
            continue;
        };
        drawn += 1;
        let d = layout(&graph);
        for (i, a) in d.nodes.iter().enumerate() {
            assert!(a.x >= 0.0 && a.y >= 0.0 && a.x + a.w <= d.width && a.y + a.h <= d.height);
            for b in &d.nodes[i + 1..] {
                let overlap =
                    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
                assert!(!overlap, "{}: {a:?} overlaps {b:?}", model.sad.views[v].id);
            }
        }
        for (e, arrow) in graph.edges.iter().zip(&d.arrows) {
            for (point, b) in [(arrow.start, d.nodes[e.from]), (arrow.end, d.nodes[e.to])] {
                let eps = 0.6;
                let on_side = (point.0 - b.x).abs() < eps
                    || (point.0 - b.x - b.w).abs() < eps
                    || (point.1 - b.y).abs() < eps
                    || (point.1 - b.y - b.h).abs() < eps;
                let within = point.0 >= b.x - eps
                    && point.0 <= b.x + b.w + eps
                    && point.1 >= b.y - eps
                    && point.1 <= b.y + b.h + eps;
                assert!(on_side && within, "{e:?}: {point:?} is not on {b:?}");
            }
        }
    }
    assert_eq!(
        drawn, 2,
        "the example's module and pipeline views declare elements"
    );
}

/// The SVG of the example's views as the site shows them: the module decomposition (drawn
/// from its model) and the pipeline (asked for beside its hand-drawn picture).
#[test]
fn the_examples_pictures_snapshots() {
    let p = Project::copy_of(&repo_root().join("examples/data-platform"));
    let pipeline = std::fs::read_to_string(p.path("docs/sad/views/pipeline.md")).unwrap();
    std::fs::write(
        p.path("docs/sad/views/pipeline.md"),
        pipeline.replacen(
            "style: pipeline\n",
            "style: pipeline\ndiagram: generated\n",
            1,
        ),
    )
    .unwrap();
    p.build(&["--strict"]).expect_code(0);
    for (name, page) in [
        (
            "module_decomposition_svg",
            "sad/views/module-decomposition.html",
        ),
        ("pipeline_svg", "sad/views/pipeline.html"),
    ] {
        let page = p.site(page);
        insta::assert_snapshot!(name, figure(&page).unwrap().replace("><", ">\n<"));
    }
}

/// `sadoc model export`: JSON with every view, element, relation, decision and governed path;
/// Graphviz DOT that `dot` reads; a Structurizr DSL workspace whose identifiers are declared
/// before use, whose views include only declared elements, and whose braces balance.
#[test]
fn the_model_exports_as_json_structurizr_and_dot() {
    let p = Project::copy_of(&repo_root().join("examples/data-platform"));
    let run = p.run(&["model", "export"]);
    run.expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let views = json["views"].as_array().unwrap();
    let pipeline = views.iter().find(|v| v["id"] == "pipeline").unwrap();
    assert_eq!(pipeline["viewpoint"], "pipeline");
    assert_eq!(pipeline["direction"], "lr");
    assert_eq!(pipeline["elements"].as_array().unwrap().len(), 8);
    let debezium = pipeline["elements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "debezium")
        .unwrap();
    assert_eq!(debezium["governs"][0], "services/cdc/**");
    assert_eq!(
        debezium["decisions"][0], "ADR-0003",
        "the decision governing its code"
    );
    assert_eq!(debezium["shape"], "service");
    assert!(
        pipeline["relations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["from"] == "debezium" && r["to"] == "orders-db" && r["type"] == "reads")
    );
    assert!(
        pipeline["decisions"]
            .as_array()
            .unwrap()
            .contains(&"ADR-0003".into())
    );
    let decisions = json["decisions"].as_array().unwrap();
    let msk = decisions.iter().find(|d| d["id"] == "ADR-0006").unwrap();
    assert_eq!(
        msk["governs"][0], "deploy/terraform/msk.tf",
        "governs from sadoc.yml"
    );
    assert!(decisions.iter().any(|d| d["status"] == "superseded"));

    // DOT, read back by Graphviz.
    p.run(&["model", "export", "--format", "dot", "-o", "model.dot"])
        .expect_code(0)
        .expect_stderr("wrote model.dot");
    let dot = std::fs::read_to_string(p.path("model.dot")).unwrap();
    assert!(dot.contains("\"pipeline/debezium\" -> \"pipeline/orders-db\" [label=\"reads\"];"));
    if crate::tools::available("dot", &["-V"]) {
        let out = std::process::Command::new("dot")
            .args(["-Tsvg", "model.dot"])
            .current_dir(&p.root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let svg = String::from_utf8_lossy(&out.stdout);
        assert!(
            svg.contains("Orders DB") && svg.contains("cluster"),
            "drawn by dot"
        );
    }

    // Structurizr DSL, checked against the language's documented structure (no Structurizr
    // parser installs from the package registries: structurizr-parser 0.4.0 on npm ships
    // without its code).
    let dsl = p.run(&["model", "export", "--format", "structurizr"]);
    dsl.expect_code(0);
    structurizr_is_well_formed(&dsl.stdout);
    assert!(dsl.stdout.contains("pipeline_debezium = element \"Debezium\" \"stage\" \"Reads the WAL and publishes one event per row change\" \"service,stage\""));
    assert!(
        dsl.stdout
            .contains("pipeline_debezium -> pipeline_orders_db \"reads\"")
    );
    assert!(dsl.stdout.contains("custom \"pipeline\" \"Pipeline\""));
    assert!(dsl.stdout.contains("autoLayout lr"));
}

/// Every line of the workspace is one of the DSL's statements, in its place: `workspace`,
/// `model`, `views`, `styles` blocks; `id = element "name" "meta" "desc" "tags"`; `a -> b
/// "desc"`; `custom "key" "title" "desc" {`, `include ids…`, `autoLayout lr|tb`; element
/// styles. Identifiers are declared once, before any use.
fn structurizr_is_well_formed(dsl: &str) {
    let string = r#""(?:[^"\\]|\\.)*""#;
    let id = r"[A-Za-z][A-Za-z0-9_]*";
    let forms = [
        format!(r"^workspace {string} {string} \{{$"),
        r"^model \{$".to_string(),
        r"^views \{$".to_string(),
        r"^styles \{$".to_string(),
        r"^\}$".to_string(),
        r"^#.*$".to_string(),
        format!(r"^({id}) = element {string} {string} {string} {string}$"),
        format!(r"^({id}) -> ({id}) {string}$"),
        format!(r"^custom {string} {string} {string} \{{$"),
        format!(r"^include( {id})+$"),
        r"^autoLayout (lr|tb|rl|bt)$".to_string(),
        format!(r"^element {string} \{{$"),
        r"^shape (Box|RoundedBox|Cylinder|Pipe|Person|Folder|Hexagon|Circle|Ellipse|Component)$"
            .to_string(),
        r"^border (solid|dashed|dotted)$".to_string(),
    ];
    let forms: Vec<regex::Regex> = forms
        .iter()
        .map(|f| regex::Regex::new(f).unwrap())
        .collect();
    let declare = regex::Regex::new(&format!(r"^({id}) = element ")).unwrap();
    let relation = regex::Regex::new(&format!(r"^({id}) -> ({id}) ")).unwrap();
    let mut declared: BTreeSet<String> = BTreeSet::new();
    let mut depth = 0i32;
    for (n, raw) in dsl.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        assert!(
            forms.iter().any(|f| f.is_match(line)),
            "line {}: not a Structurizr DSL statement: {line}",
            n + 1
        );
        if let Some(c) = declare.captures(line) {
            assert!(
                declared.insert(c[1].to_string()),
                "line {}: {} declared twice",
                n + 1,
                &c[1]
            );
        }
        if let Some(c) = relation.captures(line) {
            for used in [&c[1], &c[2]] {
                assert!(
                    declared.contains(used),
                    "line {}: {used} used before it is declared",
                    n + 1
                );
            }
        }
        if let Some(ids) = line.strip_prefix("include ") {
            for used in ids.split_whitespace() {
                assert!(
                    declared.contains(used),
                    "line {}: the view includes undeclared {used}",
                    n + 1
                );
            }
        }
        depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
        assert!(depth >= 0, "line {}: a brace closes nothing", n + 1);
    }
    assert_eq!(depth, 0, "the braces balance");
    assert!(!declared.is_empty());
}

/// A packet draws the elements of the view it refines that its relations name, each leading to
/// its row on that view's page; its hand-drawn picture may show them without a warning.
#[test]
fn a_packet_draws_its_parents_elements_from_the_parents_catalog() {
    let packet = "---\ntitle: Ingest packet\nkind: packet\nstyle: pipeline\nparent: pipeline\nelements:\n  - { id: parser, name: Parser, type: stage }\nrelations:\n  - { from: parser, to: topic, type: reads }\n---\n\n# Ingest packet\n\n## Primary Presentation\n\nHow ingest reads the topic.\n\n## Element Catalog\n\nN/A\n\n## Context Diagram\n\nN/A\n\n## Variability Guide\n\nN/A\n\n## Rationale\n\nN/A\n";
    let p = project(&view(
        "",
        &format!("## Primary Presentation\n\nData flows left to right.\n\n{SECTIONS}"),
    ))
    .file("docs/sad/views/ingest-packet.md", packet)
    .file(
        "docs/sad/mapping.md",
        "---\nkind: mapping\n---\n# Mapping\n\nThe packet refines the pipeline.\n",
    );
    p.build(&["--strict"]).expect_code(0);
    let page = p.site("sad/views/ingest-packet.html");
    let svg = figure(&page).expect("a generated picture");
    assert!(svg.contains("href=\"#element-parser\""), "{svg}");
    assert!(
        svg.contains("href=\"pipeline.html#element-topic\""),
        "{svg}"
    );
    assert!(
        !svg.contains("Orders DB"),
        "only the parent's elements its relations name"
    );

    let drawn = packet.replace(
        "How ingest reads the topic.",
        "```mermaid\nflowchart LR\n  topic{{cdc.orders}} --> parser[Parser]\n```",
    );
    let q = project(&view(
        "",
        &format!("## Primary Presentation\n\nData flows left to right.\n\n{SECTIONS}"),
    ))
    .file("docs/sad/views/ingest-packet.md", &drawn)
    .file(
        "docs/sad/mapping.md",
        "---\nkind: mapping\n---\n# Mapping\n\nThe packet refines the pipeline.\n",
    );
    q.build(&["--strict"]).expect_code(0);
}
