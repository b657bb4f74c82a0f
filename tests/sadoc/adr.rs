//! ADRs in the site: identity, titles, statuses and relations read from every format, and the
//! decision log and ADR pages built from them.

use crate::harness::Project;

fn list(p: &Project) -> serde_json::Value {
    let run = p.run(&["adr", "list", "--format", "json"]);
    run.expect_code(0);
    serde_json::from_str(&run.stdout).expect("adr list prints JSON")
}

fn by_id<'a>(list: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {list:#}"))
}

#[test]
fn every_format_is_read() {
    let p = Project::new()
        .file(
            "docs/adr/0001-nygard.md",
            "# 1. Nygard style\n\nDate: 2016-02-13\n\n## Status\n\n✅\u{fe0f} **Accepted** (documenting an existing thing)\n\n## Context\n\nx\n",
        )
        .file(
            "docs/adr/0002-madr.md",
            "---\nstatus: Implemented\ndate: 2021-03-04\ndecision-makers: [Ann, Bob]\nconsulted: Cem\ntags: [kafka, events]\n---\n# MADR style\n",
        )
        .file(
            "docs/adr/003-bullets.md",
            "# ADR 3: Bullet style\n\n- Status: draft\n- Date: 05/06/2021\n- Deciders: Dee, Eve\n- Tags: foo bar, baz\n\n## Context\n",
        )
        .file(
            "docs/adr/adr-004-status-after-decision.md",
            "<!-- generated -->\n# ADR-004 - Late status\n\n## Decision\n\n```md\n# 9. Not the title\n## Status\nRejected\n```\n\n## Status\n\nDeclined.\n",
        );
    let list = list(&p);
    let nygard = by_id(&list, "ADR-0001");
    assert_eq!(nygard["title"], "Nygard style");
    assert_eq!(nygard["status"], "accepted");
    assert_eq!(
        nygard["status_text"],
        "✅\u{fe0f} **Accepted** (documenting an existing thing)"
    );
    assert_eq!(nygard["date"], "2016-02-13");
    let madr = by_id(&list, "ADR-0002");
    assert_eq!(
        (madr["status"].as_str(), madr["date"].as_str()),
        (Some("accepted"), Some("2021-03-04"))
    );
    assert_eq!(madr["deciders"], serde_json::json!(["Ann", "Bob"]));
    assert_eq!(madr["tags"], serde_json::json!(["kafka", "events"]));
    let bullets = by_id(&list, "ADR-003");
    assert_eq!(bullets["title"], "Bullet style");
    assert_eq!(bullets["status"], "proposed");
    assert_eq!(bullets["date"], "2021-06-05", "DD/MM/YYYY by default");
    assert_eq!(bullets["tags"], serde_json::json!(["foo", "bar", "baz"]));
    let late = by_id(&list, "ADR-004");
    assert_eq!(
        late["title"], "Late status",
        "HTML comments and fenced headings are skipped"
    );
    assert_eq!(late["status"], "rejected");
}

#[test]
fn templates_readmes_and_index_pages_are_not_adrs() {
    let p = Project::new()
        .file("docs/adr/index.md", "# Decisions\n\nIntro.\n")
        .file("docs/adr/README.md", "# About\n")
        .file(
            "docs/adr/template.md",
            "# [title]\n\n- Status: [draft | proposed | rejected]\n\n[x](yyyymmdd-xxx.md)\n",
        )
        .file("docs/adr/0000-TEMPLATE.md", "# NNNN. Title\n")
        .file(
            "docs/adr/0001-use-template-engine.md",
            "# 1. Use a template engine\n\n## Status\n\nAccepted\n",
        );
    let list = list(&p);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list:#}");
    assert_eq!(list[0]["title"], "Use a template engine");
    p.build(&["--strict"])
        .expect_code(0)
        .refute_stderr("yyyymmdd");
    assert!(
        p.site("adr/index.html").contains("Intro."),
        "the index page introduces the log"
    );
}

#[test]
fn the_file_name_wins_over_the_heading_number() {
    let p = Project::new().file(
        "docs/adr/0033-ip-ranges.md",
        "# 3. Networking Outline\n\n## Status\n\nPending\n",
    );
    p.build(&[])
        .expect_code(0)
        .expect_stderr("docs/adr/0033-ip-ranges.md:1: warning: the heading says ADR 3 but the file name says 33; the file name wins");
    let list = list(&p);
    assert_eq!(list[0]["id"], "ADR-0033");
    assert_eq!(list[0]["title"], "Networking Outline");
}

#[test]
fn status_problems_are_warnings_with_lines() {
    let p = Project::new()
        .file("docs/adr/0001-a.md", "# 1. A\n\n## Status\n\nAproved\n")
        .file(
            "docs/adr/0002-b.md",
            "---\nstatus: \"{Proposed | Accepted}\"\n---\n# B\n",
        )
        .file("docs/adr/0003-c.md", "# 3. C\n\n## Context\n")
        .file(
            "docs/adr/0004-d.md",
            "# 4. D\n\nDate: someday\n\n## Status\n\nAccepted\n",
        )
        .file(
            "sadoc.yml",
            "title: T\nadr: { statuses: { shipped: accepted } }\n",
        )
        .file("docs/adr/0005-e.md", "# 5. E\n\n## Status\n\nShipped\n");
    let run = p.build(&[]);
    run.expect_code(0)
        .expect_stderr("docs/adr/0001-a.md:5: warning: unknown status `Aproved`")
        .expect_stderr("docs/adr/0002-b.md:2: warning: the status `{Proposed | Accepted}` is an unfilled template placeholder")
        .expect_stderr("docs/adr/0003-c.md:1: warning: no status found")
        .expect_stderr("docs/adr/0004-d.md: warning: cannot read the date `someday`")
        .refute_stderr("0005-e.md");
    assert_eq!(by_id(&list(&p), "ADR-0005")["status"], "accepted");
}

#[test]
fn duplicate_numbers_and_gaps_are_reported() {
    let p = Project::new()
        .file("docs/adr/0001-a.md", "# 1. A\n\n## Status\n\nAccepted\n")
        .file("docs/adr/0002-b.md", "# 2. B\n\n## Status\n\nAccepted\n")
        .file("docs/adr/0002-c.md", "# 2. C\n\n## Status\n\nAccepted\n")
        .file("docs/adr/0005-d.md", "# 5. D\n\n## Status\n\nAccepted\n");
    p.build(&["--verbose"])
        .expect_code(0)
        .expect_stderr("docs/adr/0002-b.md: warning: ADR number 2 is used by 2 files: `docs/adr/0002-b.md`, `docs/adr/0002-c.md`")
        .expect_stderr("the next free number is 0006")
        .expect_stderr("docs/adr/0005-d.md: info: ADR number 0003–0004 are missing");
}

#[test]
fn relations_are_kept_both_ways_and_checked() {
    let p = Project::new()
        .file("docs/adr/0001-a.md", "# 1. A\n\n## Status\n\nSuperseded by [2. B](0002-b.md)\n")
        .file("docs/adr/0002-b.md", "# 2. B\n\n## Status\n\nAccepted\n\nSupersedes [1. A](0001-a.md)\n\nClarifies [3. C](0003-c.md)\n")
        .file("docs/adr/0003-c.md", "# 3. C\n\n## Status\n\nAccepted\n\nAmends [Title of D](0004-d.md)\n")
        .file("docs/adr/0004-d.md", "# 4. D\n\n## Status\n\nAccepted\n")
        .file("docs/adr/0005-e.md", "# 5. E\n\n## Status\n\nAccepted\n\nSupersedes ADR-0099\n")
        .file("docs/adr/0006-f.md", "# 6. F\n\n## Status\n\nSuperseded by [7. G](0007-g.md)\n")
        .file("docs/adr/0007-g.md", "# 7. G\n\n## Status\n\nSuperseded by [6. F](0006-f.md)\n");
    let run = p.build(&[]);
    run.expect_code(0)
        .refute_stderr("0001-a.md:5: warning")
        .expect_stderr("docs/adr/0003-c.md:7: warning: ADR-0003 says it amends ADR-0004, but ADR-0004 does not say it is amended by ADR-0003")
        .expect_stderr("help: add `Amended by ADR-0003` to ADR-0004 (`sadoc adr link 3 \"Amends\" 4` writes both sides)")
        .expect_stderr("docs/adr/0005-e.md:7: warning: `Supersedes ADR-0099` names no ADR of this project")
        .expect_stderr("warning: ADR-0006 says it is superseded by ADR-0007, but ADR-0007 says it is superseded by ADR-0006")
        .expect_stderr("warning: supersede cycle: ADR-0006 → superseded by → ADR-0007 → superseded by → ADR-0006");
    let list = list(&p);
    let d = by_id(&list, "ADR-0004");
    assert_eq!(d["relations"][0]["kind"], "Amended by");
    assert_eq!(
        d["relations"][0]["stated"], false,
        "known from ADR-0003 only"
    );
    let b = by_id(&list, "ADR-0002");
    let kinds: Vec<&str> = b["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Supersedes", "Clarifies"]);
}

#[test]
fn adr_pages_show_status_relations_and_citing_views() {
    let p = Project::new()
        .file("docs/adr/0001-old.md", "# 1. Old way\n\nDate: 2020-01-01\n\n## Status\n\nSuperseded by [2. New way](0002-new.md)\n")
        .file("docs/adr/0002-new.md", "---\nstatus: Accepted (after a spike)\ndate: 2021-02-03\ndecision-makers: [Ann]\ntags: [storage]\nsupersedes: [ADR-0001]\n---\n# New way\n")
        .file("docs/adr/0003-newer.md", "---\nstatus: accepted\ndate: 2022-03-04\nsupersedes: [ADR-0002]\n---\n# Newer way\n")
        .file("docs/sad/views/storage.md", "---\nkind: view\nadrs: [ADR-0002]\n---\n# Storage view\n")
        .file("docs/sad/overview.md", "# Overview\n\nSee [the new way](../adr/0002-new.md).\n");
    p.build(&[]).expect_code(0);
    let old = p.site("adr/0001-old.html");
    assert!(old.contains("<p class=\"adr-label\">ADR-0001</p>"));
    assert!(
        old.contains("<h1 id=\"1-old-way\">Old way</h1>"),
        "the number prefix is not part of the title; the heading keeps its id: {old}"
    );
    let header = &old[old.find("<header class=\"page-header\">").unwrap()
        ..old.find("</header>\n<div class=\"markdown\">").unwrap()];
    // One status line: the badge, the successor linked once; no raw markdown; the date is in
    // the body (its `Date:` line, as written), so the header does not repeat it.
    assert!(
        header.contains("<span class=\"badge status-superseded\">superseded</span> <span class=\"successors\">by <a href=\"../adr/0002-new.html\"><span class=\"adr-num\">ADR-0002</span> New way</a></span>"),
        "{header}"
    );
    assert_eq!(header.matches("0002-new.html").count(), 1, "{header}");
    assert!(
        !header.contains("](") && !header.contains(".md"),
        "{header}"
    );
    assert!(!header.contains("2020-01-01"), "{header}");
    assert!(!header.contains("<dt>Superseded by</dt>"), "{header}");
    let body = &old[old.find("<div class=\"markdown\">").unwrap()..];
    assert!(
        body.contains("Date: 2020-01-01")
            && body.contains("Superseded by <a href=\"0002-new.html\">2. New way</a>"),
        "the body as written: {body}"
    );
    let new = p.site("adr/0002-new.html");
    assert!(
        new.contains("<span class=\"status-text\">Accepted (after a spike)</span>"),
        "what the status says beyond `accepted` is shown: {new}"
    );
    assert!(
        new.contains("<span class=\"adr-date\"><span class=\"label\">Date</span> <time datetime=\"2021-02-03\">2021-02-03</time></span>"),
        "a date from the front matter is in the header, once: {new}"
    );
    assert!(new.contains("<dt>Supersedes</dt>"));
    assert!(
        old.contains("<ol><li aria-current=\"step\"><span class=\"adr-num\">ADR-0001</span> Old way</li><li><span class=\"adr-num\">ADR-0002</span> New way</li><li><a href=\"../adr/0003-newer.html\"><span class=\"adr-num\">ADR-0003</span> Newer way</a></li></ol>"),
        "the supersede chain, oldest first, when it shows more than the direct links; what the header links already is named, not linked again: {old}"
    );
    assert!(new.contains("<dt>Deciders</dt><dd>Ann</dd>"));
    assert!(new.contains("<h2>Cited by</h2>"));
    assert!(new.contains(">Storage view</a>"));
    assert!(new.contains(">Overview</a>"));
    // A chain of two is only the direct link, which the header shows already.
    let newer = p.site("adr/0003-newer.html");
    assert!(
        newer.contains("<ol><li>"),
        "three records: the chain is shown"
    );
    let q = Project::new()
        .file(
            "docs/adr/0001-a.md",
            "---\nstatus: superseded by ADR-0002. We moved on in 2020.\n---\n# A\n",
        )
        .file(
            "docs/adr/0002-b.md",
            "---\nstatus: accepted\nsupersedes: [ADR-0001]\n---\n# B\n",
        );
    q.build(&[]).expect_code(0);
    let a = q.site("adr/0001-a.html");
    assert!(!a.contains("class=\"adr-chain\""), "{a}");
    assert!(
        a.contains("<span class=\"status-text\">We moved on in 2020.</span>"),
        "a note after the successor is kept: {a}"
    );
}

#[test]
fn the_decision_log_has_filters_a_timeline_and_a_relation_graph() {
    let p = Project::new()
        .file("docs/adr/0001-a.md", "---\nstatus: accepted\ndate: 2020-01-05\ntags: [db]\ndecision-makers: Ann\n---\n# A\n")
        .file("docs/adr/0002-b.md", "---\nstatus: proposed\ndate: 2020-02-07\ntags: [db, api]\namends: ADR-0001\n---\n# B\n")
        .file("docs/adr/0003-c.md", "# 3. C\n\n## Status\n\nAccepted\n");
    p.build(&[]).expect_code(0);
    let log = p.site("adr/index.html");
    assert!(log.contains("data-status=\"proposed\">proposed <span class=\"count\">1</span>"));
    assert!(log.contains("<button type=\"button\" class=\"tag\" data-tag=\"api\">api</button>"));
    assert!(log.contains("<tr data-status=\"proposed\" data-tags=\"db|api\""));
    assert!(log.contains("<th><button type=\"button\" data-sort=\"date\""));
    assert!(log.contains("<td class=\"people\">Ann</td>"));
    assert!(log.contains("<time datetime=\"2020-02\">2020-02</time>"));
    assert!(log.contains("<p class=\"undated\">Not in the timeline (no date): 1</p>"));
    let svg_start = log
        .find("<svg class=\"adr-graph\"")
        .expect("a relation graph");
    let svg = &log[svg_start..log[svg_start..].find("</svg>").unwrap() + svg_start];
    assert!(svg.contains("class=\"arc amends\""));
    assert!(
        svg.contains("<a href=\"0001-a.html\">"),
        "graph links are relative to the log page"
    );
    assert!(!svg.contains("ADR-0003"), "only related ADRs are drawn");
}
