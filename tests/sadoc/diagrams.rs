//! Diagrams: Mermaid blocks are drawn in the browser by the bundle the site ships (only pages
//! with a diagram load it, and a site without diagrams does not carry it); PlantUML blocks are
//! drawn at build time by a local `plantuml` command, or shown as code with a notice.

use crate::harness::Project;

const MERMAID: &str = "# Flow\n\n```mermaid\ngraph LR; a-->b\n```\n";
const PLANTUML: &str = "# Deploy\n\nText.\n\n```plantuml\nAlice -> Bob: hello\n```\n";

#[test]
fn only_pages_with_a_mermaid_diagram_load_the_bundle() {
    let p = Project::new()
        .file("docs/flow.md", MERMAID)
        .file("docs/plain.md", "# Plain\n");
    p.build(&["--strict"]).expect_code(0);
    let bundle = p
        .site_files()
        .into_iter()
        .find(|f| f.starts_with("assets/mermaid.min.") && f.ends_with(".js"))
        .expect("the Mermaid bundle is in the site");
    assert!(
        p.site_files()
            .iter()
            .any(|f| f.starts_with("assets/mermaid.LICENSE.")),
        "its licence travels with it"
    );
    let flow = p.site("flow.html");
    assert!(flow.contains(&format!("src=\"{bundle}\"")), "{flow}");
    assert!(flow.contains("<pre class=\"mermaid\">graph LR; a--&gt;b\n</pre>"));
    assert!(!p.site("plain.html").contains("mermaid"));
    let size = std::fs::metadata(p.path(&format!("site/{bundle}")))
        .unwrap()
        .len();
    assert!(
        size > 1_000_000,
        "the real bundle, not a stub: {size} bytes"
    );
}

#[test]
fn a_site_without_diagrams_does_not_carry_the_bundle() {
    let p = Project::new().file("docs/index.md", "# Home\n");
    p.build(&[]).expect_code(0);
    assert!(!p.site_files().iter().any(|f| f.contains("mermaid")));
}

#[test]
fn plantuml_without_a_command_is_shown_as_code_with_a_notice() {
    let p = Project::new().file("docs/deploy.md", PLANTUML);
    p.build(&["--strict"]).expect_code(0);
    let page = p.site("deploy.html");
    assert!(page.contains("class=\"diagram-notice\""), "{page}");
    assert!(page.contains("diagrams.plantuml"));
    assert!(page.contains("Alice -&gt; Bob: hello"));
}

#[test]
fn plantuml_is_drawn_by_the_configured_command() {
    if !crate::tools::available("plantuml", &["-version"]) {
        return;
    }
    let p = Project::empty()
        .file("sadoc.yml", "title: T\ndiagrams: { plantuml: plantuml }\n")
        .file("docs/deploy.md", PLANTUML)
        .file(
            "docs/context.md",
            "# Context\n\n```c4plantuml\n@startuml\n!include <C4/C4_Container>\nPerson(analyst, \"Analyst\")\nSystem(platform, \"Data platform\")\nRel(analyst, platform, \"queries\")\n@enduml\n```\n",
        );
    p.build(&["--strict"]).expect_code(0);
    let context = p.site("context.html");
    assert!(
        context.contains("<figure class=\"diagram plantuml\"><svg") && context.contains("Analyst"),
        "C4-PlantUML from PlantUML's standard library: {context}"
    );
    let page = p.site("deploy.html");
    let figure = page
        .split("<figure class=\"diagram plantuml\">")
        .nth(1)
        .expect("a drawn diagram");
    assert!(figure.trim_start().starts_with("<svg"), "{figure}");
    assert!(figure.contains("Alice") && figure.contains("hello"));
}

#[test]
fn a_broken_plantuml_diagram_is_a_warning_at_its_line() {
    if !crate::tools::available("plantuml", &["-version"]) {
        return;
    }
    let p = Project::empty()
        .file("sadoc.yml", "title: T\ndiagrams: { plantuml: plantuml }\n")
        .file(
            "docs/deploy.md",
            "# Deploy\n\n```puml\n@startuml\nthis is -> not --> ( valid\n@enduml\n```\n",
        );
    p.build(&["--strict"])
        .expect_code(1)
        .expect_stderr("docs/deploy.md:3:1: warning: `plantuml` could not draw it");
    p.build(&[]).expect_code(0);
    assert!(p.site("deploy.html").contains("diagram-error"));
}

#[test]
fn a_missing_plantuml_command_is_reported_not_a_panic() {
    let p = Project::empty()
        .file(
            "sadoc.yml",
            "title: T\ndiagrams: { plantuml: no-such-plantuml-command }\n",
        )
        .file("docs/deploy.md", PLANTUML);
    p.build(&[])
        .expect_code(0)
        .expect_stderr("docs/deploy.md:5:1: warning: cannot run `no-such-plantuml-command`");
    assert!(p.site("deploy.html").contains("Alice -&gt; Bob: hello"));
}
