//! The Software Architecture Document: viewpoints, element catalogs, packets, completeness,
//! mappings, glossary links, and the report and overview pages.

use crate::harness::Project;

fn complete() -> Project {
    Project::fixture("sad/complete")
}

#[test]
fn a_complete_sad_has_no_findings_at_all() {
    let p = complete();
    let run = p.build(&["--strict", "--verbose"]);
    run.expect_code(0)
        .refute_stderr("warning")
        .refute_stderr("info:")
        .refute_stderr("note");
}

#[test]
fn views_show_their_viewpoint_catalog_decisions_code_and_packets() {
    let p = complete();
    p.build(&["--strict"]).expect_code(0);
    let modules = p.site("sad/views/modules.html");
    assert!(modules.contains(
        "<span class=\"badge viewtype viewtype-module\" title=\"Viewtype\">Module</span>"
    ));
    assert!(
        modules
            .contains("<span class=\"badge viewpoint\" title=\"Viewpoint\">decomposition</span>")
    );
    // The catalog is generated right after the Element Catalog heading, before the prose.
    let heading = modules.find("<h2 id=\"element-catalog\">").unwrap();
    let table = modules.find("<table class=\"catalog\">").unwrap();
    let prose = modules.rfind("Both modules are libraries").unwrap();
    assert!(heading < table && table < prose);
    assert!(modules.contains("<tr id=\"element-checkout\"><td><strong>Checkout</strong> <code class=\"element-id\">checkout</code></td><td>module</td><td>Takes orders</td><td><a href=\"https://gitlab.example.com/shop/platform/-/tree/main/src/checkout\"><code>src/checkout/**</code></a></td></tr>"), "{modules}");
    assert!(modules.contains("<td><a href=\"#element-billing\">Billing</a></td><td>is-part-of</td><td><a href=\"#element-checkout\">Checkout</a></td>"));
    assert!(modules.contains("<dt>Decisions this view follows</dt>"));
    assert!(
        modules.contains("<dt>Decisions that cite this view</dt>"),
        "ADR 0001 links to the view"
    );
    assert!(modules.contains("<a href=\"https://gitlab.example.com/shop/platform/-/tree/main/src\"><code>src/**</code></a>"));
    let pipeline = p.site("sad/views/orders-pipeline.html");
    assert!(
        pipeline.contains("<span class=\"badge viewpoint custom\""),
        "custom viewpoints are marked"
    );
    assert!(pipeline.contains(
        "<dt>Packets</dt><dd><a href=\"../../sad/views/ingest-packet.html\">Ingest packet</a></dd>"
    ));
    let packet = p.site("sad/views/ingest-packet.html");
    assert!(packet.contains("<dt>Refines</dt><dd><a href=\"../../sad/views/orders-pipeline.html\">Orders pipeline</a></dd>"));
}

#[test]
fn the_views_overview_groups_views_by_viewtype_with_packets_nested() {
    let p = complete();
    p.build(&[]).expect_code(0);
    let overview = p.site("sad/views/index.html");
    let module = overview
        .find("<h2 id=\"module\">Module</h2>")
        .expect("module group");
    let cnc = overview
        .find("<h2 id=\"cnc\">Component-and-connector</h2>")
        .expect("C&C group");
    assert!(module < cnc);
    let pipeline = overview.find(">Orders pipeline</a>").unwrap();
    let packet = overview.find(">Ingest packet</a>").unwrap();
    assert!(
        pipeline < packet && overview[pipeline..packet].contains("<ul>"),
        "packets are nested"
    );
}

#[test]
fn the_completeness_report_is_a_matrix_of_views_and_sections() {
    let p = complete()
        .file("docs/sad/views/orders-pipeline.md", "---\nkind: view\nstyle: pipeline\n---\n# Orders pipeline\n\n## Primary Presentation\n\nTBD\n\n## Context Diagram\n\nN/A\n")
        .file("docs/sad/views/ingest-packet.md", "---\nkind: packet\nparent: orders-pipeline\n---\n# Packet\n");
    p.build(&[]).expect_code(0);
    let report = p.site("sad/completeness.html");
    assert!(
        report.contains("<th>Data Contracts</th>"),
        "a custom viewpoint's own section is a column"
    );
    let matrix = &report[report
        .find("<table class=\"completeness matrix\">")
        .unwrap()..];
    let row_start = matrix.find(">Orders pipeline</a>").unwrap();
    let row = &matrix[row_start..matrix[row_start..].find("</tr>").unwrap() + row_start];
    assert!(row.contains("<td class=\"cell unfinished\"><a href=\"../sad/views/orders-pipeline.html#primary-presentation\""), "{row}");
    assert!(
        row.contains("<td class=\"cell missing\"><a href=\"../sad/views/orders-pipeline.html\"")
    );
    assert!(row.contains("<td class=\"cell not-applicable\">"));
    assert!(
        report.contains("<strong>"),
        "the summary counts the problems"
    );
}

#[test]
fn missing_sections_empty_and_tbd_sections_are_warnings() {
    let p = Project::new().file(
        "docs/sad/views/a.md",
        "---\nkind: view\nstyle: uses\n---\n# A\n\n## 1. Primary presentation\n\nProse but no picture.\n\n## 2.1 Element Catalog\n\n## Context Diagram\n\nTODO: draw it\n\n## Rationale\n\nNone.\n",
    );
    let run = p.build(&[]);
    run.expect_code(0)
        .expect_stderr(
            "docs/sad/views/a.md:5: warning: the view has no `Variability Guide` section",
        )
        .expect_stderr("help: add `## Variability Guide`; write \"N/A\" in it if it does not apply")
        .expect_stderr("docs/sad/views/a.md:11: warning: section `2.1 Element Catalog` is empty")
        .expect_stderr(
            "docs/sad/views/a.md:13: warning: section `Context Diagram` is marked TBD/TODO",
        )
        .expect_stderr("docs/sad/views/a.md:7: warning: the primary presentation has no diagram")
        .refute_stderr("no `Primary Presentation` section")
        .refute_stderr("no `Rationale` section");
}

#[test]
fn required_documents_follow_the_profile() {
    let p = Project::new().file("docs/sad/views/a.md", "---\nkind: view\n---\n# A\n");
    let run = p.build(&[]);
    for missing in [
        "documentation roadmap",
        "system overview",
        "rationale",
        "glossary",
    ] {
        run.expect_stderr(&format!("docs/sad: warning: the SAD has no {missing}"));
    }
    run.refute_stderr("the SAD has no mapping between views");
    let p = Project::new().file("docs/adr/0001-a.md", "# 1. A\n\n## Status\n\nAccepted\n");
    p.build(&["--strict"])
        .expect_code(0)
        .refute_stderr("the SAD has no");
}

#[test]
fn elements_relations_and_references_are_checked() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\nviewpoints:\n  - { id: pipeline, base: cnc, element_types: [source, sink], relation_types: [feeds] }\n")
        .file(
            "docs/sad/views/p.md",
            "---\nkind: view\nstyle: pipeline\nparent: nowhere\nadrs: [ADR-0042]\nelements:\n  - { id: a, type: source }\n  - { id: b, type: gadget }\n  - { id: a, type: sink }\nrelations:\n  - { from: a, to: ghost, type: feeds }\n  - { from: a, to: b, type: pokes }\n---\n# P\n",
        )
        .file("docs/sad/views/q.md", "---\nkind: view\nstyle: fancy-style\nviewtype: module\n---\n# Q\n")
        .file("docs/sad/views/r.md", "---\nkind: view\nstyle: deployment\nviewtype: cnc\n---\n# R\n");
    p.build(&[])
        .expect_code(0)
        .expect_stderr("docs/sad/views/p.md:6: warning: element `b` has type `gadget`, which viewpoint `pipeline` does not define")
        .expect_stderr("help: use one of: source, sink")
        .expect_stderr("docs/sad/views/p.md:6: warning: element `a` is declared twice")
        .expect_stderr("docs/sad/views/p.md:10: warning: relation to `ghost` is not an element of this view")
        .expect_stderr("docs/sad/views/p.md:10: warning: relation type `pokes` is not defined by viewpoint `pipeline`")
        .expect_stderr("docs/sad/views/p.md:4: warning: `parent: nowhere` names no view of this project")
        .expect_stderr("docs/sad/views/p.md:5: warning: `adrs: ADR-0042` names no ADR of this project")
        .expect_stderr("docs/sad/views/q.md:3: warning: unknown viewpoint `fancy-style`")
        .expect_stderr("docs/sad/views/r.md:4: warning: `viewtype: cnc` but viewpoint `deployment` is an allocation viewpoint")
        .refute_stderr("p.md:14: warning: the view has no `Element Catalog` section");
}

#[test]
fn mistyped_viewpoints_types_and_kinds_name_the_word_they_resemble() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\nviewpoints:\n  - { id: pipeline, base: cnc, element_types: [source, sink], relation_types: [feeds] }\n")
        .file(
            "docs/sad/views/p.md",
            "---\nkind: veiw\nstyle: pipline\n---\n# P\n",
        )
        .file(
            "docs/sad/views/q.md",
            "---\nkind: view\nstyle: pipeline\nelements:\n  - { id: a, type: sorce }\n  - { id: b, type: sink }\nrelations:\n  - { from: a, to: b, type: feed }\n---\n# Q\n",
        );
    p.build(&[])
        .expect_stderr("unknown kind `veiw` (did you mean `view`?)")
        .expect_stderr("unknown viewpoint `pipline`\n  help: did you mean `pipeline`? use one of")
        .expect_stderr("element `a` has type `sorce`, which viewpoint `pipeline` does not define\n  help: did you mean `source`? use one of: source, sink")
        .expect_stderr("relation type `feed` is not defined by viewpoint `pipeline`\n  help: did you mean `feeds`? use one of: feeds");
    p.run(&["check", "--format", "jsno"])
        .expect_code(2)
        .expect_stderr("did you mean `json`?");
}

#[test]
fn the_mapping_table_must_name_declared_elements() {
    let p = complete().file(
        "docs/sad/mapping.md",
        "# Mapping\n\n| [Modules](views/modules.md) | Orders pipeline |\n|---|---|\n| Checkout | Web shop |\n| Shipping | Warehouse, Robot |\n",
    );
    p.build(&[])
        .expect_code(0)
        .expect_stderr(
            "docs/sad/mapping.md:6: warning: `Shipping` is not an element of view `modules`",
        )
        .expect_stderr(
            "docs/sad/mapping.md:6: warning: `Robot` is not an element of view `orders-pipeline`",
        )
        .refute_stderr("`Checkout` is not")
        .refute_stderr("`Warehouse` is not");
}

#[test]
fn acronyms_missing_from_the_glossary_are_notes() {
    let p = complete().file("docs/sad/overview.md", "# Overview\n\n## Context\n\nThe shop uses an ERP and the `NOTCODE` API.\n\n```\nIGNORED in code\n```\n");
    p.build(&[])
        .expect_code(0)
        .expect_stderr("note not shown (run with --verbose to see them)");
    p.build(&["--verbose"])
        .expect_code(0)
        .expect_stderr("docs/sad/overview.md:5: info: acronyms not in the glossary: API, ERP");
}

#[test]
fn abbreviations_a_page_defines_count_as_defined_acronyms() {
    let p = complete().file(
        "docs/sad/overview.md",
        "# Overview\n\n## Context\n\nThe shop uses an ERP and a CRM.\n\n*[ERP]: Enterprise Resource Planning\n",
    );
    let run = p.build(&["--verbose"]);
    run.expect_code(0)
        .expect_stderr("docs/sad/overview.md:5: info: acronyms not in the glossary: CRM")
        .refute_stderr("glossary: CRM, ERP");
    assert!(
        p.site("sad/overview.html")
            .contains("<abbr title=\"Enterprise Resource Planning\">ERP</abbr>")
    );
}

#[test]
fn glossary_terms_link_where_the_author_wrote_them_not_in_links_headings_or_markup() {
    let p = complete().file(
        "docs/guide.md",
        "# The order queue\n\n| Order queue | x |\n|---|---|\n| y | z |\n\nSee [the order queue](sad/glossary.md) and <abbr title=\"q\">order queue</abbr>.\n\nThe order\n\nqueue; then order queue[^1].\n\n[^1]: The order queue again.\n",
    );
    p.build(&["--strict"]).expect_code(0);
    let guide = crate::harness::content(&p.site("guide.html")).to_string();
    assert_eq!(
        guide.matches("class=\"term\"").count(),
        1,
        "one link, at the first use in prose: {guide}"
    );
    assert!(
        guide.contains("then <a class=\"term\" href=\"sad/glossary.html#term-order-queue\" title=\"Where orders wait.\">order queue</a><sup"),
        "not in the heading, the table header, the link, the abbr, nor across paragraphs: {guide}"
    );
}

#[test]
fn glossary_terms_link_from_their_first_use() {
    let p = complete().file(
        "docs/guide.md",
        "# Guide\n\nEach order queue is watched; the order queue is `order queue` in code. An ADR, an adr.\n",
    );
    p.build(&["--strict"]).expect_code(0);
    let guide = p.site("guide.html");
    assert!(guide.contains("Each <a class=\"term\" href=\"sad/glossary.html#term-order-queue\" title=\"Where orders wait.\">order queue</a> is watched; the order queue is <code>order queue</code>"), "{guide}");
    assert!(guide.contains("An <a class=\"term\" href=\"sad/glossary.html#term-adr\" title=\"Architecture decision record.\">ADR</a>, an adr."), "acronyms match in capitals only");
    assert!(
        p.site("sad/glossary.html")
            .contains("<tr id=\"term-order-queue\">")
    );
    let p = complete().file(
        "docs/guide.md",
        "---\nglossary_links: false\n---\n# Guide\n\nAn order queue.\n",
    );
    p.build(&[]).expect_code(0);
    assert!(
        !p.site("guide.html").contains("class=\"term\""),
        "pages can opt out"
    );
}

#[test]
fn arc42_projects_are_checked_for_the_twelve_sections() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\nsad: { profile: arc42 }\n")
        .file("docs/sad/01_introduction_and_goals.md", "# Introduction and Goals\n\nWhy.\n")
        .file("docs/sad/all-the-rest.md", "# Rest\n\n## 2. Architecture Constraints\n\nSome.\n\n## 3. System Scope and Context\n\nSome.\n");
    let run = p.build(&[]);
    run.expect_code(0)
        .refute_stderr("`1. Introduction and Goals`")
        .refute_stderr("`2. Architecture Constraints`")
        .refute_stderr("`3. Context and Scope`")
        .expect_stderr("docs/sad: warning: the arc42 SAD has no section `4. Solution Strategy`")
        .expect_stderr("the arc42 SAD has no section `12. Glossary`");
    assert!(
        p.site("sad/completeness.html")
            .contains("4. Solution Strategy")
    );
}

#[test]
fn init_writes_a_sad_that_builds_strictly_with_guidance_as_notes() {
    for profile in ["views-and-beyond", "arc42"] {
        let p = Project::empty();
        p.run(&["init", "--profile", profile]).expect_code(0);
        let run = p.build(&["--strict"]);
        run.expect_code(0).expect_stderr("notes not shown");
        let verbose = p.build(&["--strict", "--verbose"]);
        verbose.expect_stderr("holds only the template's guidance");
        assert!(
            !verbose.stderr.contains("acronyms not in the glossary"),
            "{profile}: the template's glossary covers the template: {}",
            verbose.stderr
        );
        let report = p.site("sad/completeness.html");
        assert!(
            report.contains("Sections still to write:") || profile == "arc42",
            "{report}"
        );
    }
    let p = Project::empty();
    p.run(&["init", "--profile", "arc42"]).expect_code(0);
    assert!(p.path("docs/sad/05-building-block-view.md").is_file());
    let config = std::fs::read_to_string(p.path("sadoc.yml")).unwrap();
    assert!(config.contains("profile: arc42"));
}

#[test]
fn a_mapping_can_be_written_in_front_matter() {
    let p = complete().file(
        "docs/sad/mapping.md",
        "---\nkind: mapping\nmapping:\n  - views: [modules, orders-pipeline]\n    rows:\n      - [Checkout, \"Web shop, queue\"]\n      - [billing, Forklift]\n  - views: [modules, no-such-view]\n    rows: []\n---\n# Mapping\n\nModules run in pipeline stages.\n",
    );
    p.build(&[])
        .expect_code(0)
        .expect_stderr("docs/sad/mapping.md:3: warning: `Forklift` is not an element of view `orders-pipeline`")
        .expect_stderr("docs/sad/mapping.md:3: warning: mapping column `no-such-view` names no view")
        .refute_stderr("`Checkout` is not");
    let page = p.site("sad/mapping.html");
    assert!(page.contains("<th><a href=\"../sad/views/modules.html\">Modules</a></th><th><a href=\"../sad/views/orders-pipeline.html\">Orders pipeline</a></th>"), "{page}");
    assert!(page.contains("<tr><td>Checkout</td><td>Web shop, queue</td></tr>"));
}
