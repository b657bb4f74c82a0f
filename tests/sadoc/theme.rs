//! Theme overrides: any template, asset or UI string can be replaced from `theme.dir`.

use crate::harness::Project;

#[test]
fn templates_assets_and_strings_can_be_overridden() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\ntheme: { dir: theme }\n")
        .file("docs/a.md", "# A\n")
        .file(
            "theme/templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ page.title }} by {{ site.title }}</p>{% endblock content %}",
        )
        .file("theme/assets/extra.css", "body { color: red; }")
        .file("theme/i18n/en.yml", "on_this_page: Contents\nprevious: Back\n");
    p.build(&["--strict"]).expect_code(0);
    let page = p.site("a.html");
    assert!(page.contains("<p class=\"custom\">A by T</p>"), "{page}");
    assert!(
        p.site_files()
            .iter()
            .any(|f| f.starts_with("assets/extra.") && f.ends_with(".css"))
    );
    assert!(
        !p.site_files().iter().any(|f| f.starts_with("theme/")),
        "the theme folder is not content"
    );
}

#[test]
fn korean_ui_strings() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\nlang: ko\n")
        .file("docs/a.md", "# A\n\n## 하나\n\n## 둘\n");
    p.build(&[]).expect_code(0);
    let page = p.site("a.html");
    assert!(page.contains("<html lang=\"ko\">"));
    assert!(page.contains("이 페이지의 내용"));
    assert!(
        page.contains("placeholder=\"아키텍처 검색\""),
        "the search box speaks Korean"
    );
    assert!(page.contains("data-copy=\"복사\""), "and the copy buttons");
    assert!(page.contains("<meta property=\"og:locale\" content=\"ko_KR\">"));
}

#[test]
fn a_broken_template_is_an_error_naming_it() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\ntheme: { dir: theme }\n")
        .file("docs/a.md", "# A\n")
        .file("theme/templates/page.html", "{% if %}");
    p.build(&[])
        .expect_code(1)
        .expect_stderr("theme/templates/page.html: error:");
    assert!(!p.path("site").exists());
}

#[test]
fn a_template_error_at_render_time_is_reported_once() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\ntheme: { dir: theme }\n")
        .file("docs/a.md", "# A\n")
        .file("docs/b.md", "# B\n")
        .file("theme/templates/page.html", "{{ page.no_such_field.x }}");
    let run = p.build(&[]);
    run.expect_code(1)
        .expect_stderr("template `page.html` failed");
    assert_eq!(
        run.stderr.matches("template `page.html` failed").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_theme_folder_is_reported() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\ntheme: { dir: nope }\n")
        .file("docs/a.md", "# A\n");
    p.build(&[])
        .expect_code(1)
        .expect_stderr("`theme.dir` is `nope`, which is not a folder");
}

#[test]
fn pages_carry_open_graph_tags_and_a_description() {
    let p = Project::new()
        .file(
            "sadoc.yml",
            "title: Data Platform\nbase_url: https://docs.example.com/dp/\n",
        )
        .file(
            "docs/guide.md",
            "# Guide\n\nHow the platform moves events from the orders database to the warehouse.\n",
        )
        .file(
            "docs/why.md",
            "---\ndescription: Why we chose Kafka.\n---\n# Why\n\nLong text.\n",
        );
    p.build(&["--strict"]).expect_code(0);
    let guide = p.site("guide.html");
    assert!(
        guide.contains("<meta property=\"og:title\" content=\"Guide\">"),
        "{guide}"
    );
    assert!(guide.contains("<meta property=\"og:site_name\" content=\"Data Platform\">"));
    assert!(
        guide.contains(
            "<meta property=\"og:url\" content=\"https://docs.example.com/dp/guide.html\">"
        )
    );
    assert!(guide.contains("<meta name=\"description\" content=\"How the platform moves events from the orders database to the warehouse.\">"));
    assert!(guide.contains("<meta property=\"og:locale\" content=\"en_US\">"));
    assert!(
        p.site("why.html")
            .contains("<meta name=\"description\" content=\"Why we chose Kafka.\">")
    );
    assert!(
        guide.contains("<link rel=\"icon\" href=\"assets/favicon."),
        "the built-in favicon"
    );
}

#[test]
fn a_logo_and_a_favicon_can_be_configured() {
    let p = Project::new()
        .file(
            "sadoc.yml",
            "title: T\nbase_url: https://docs.example.com/\ntheme: { logo: art/logo.svg, favicon: art/icon.png }\n",
        )
        .file("art/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .bytes("art/icon.png", b"\x89PNG\r\n\x1a\nnot really")
        .file("docs/a/b.md", "# B\n");
    p.build(&["--strict"]).expect_code(0);
    let page = p.site("a/b.html");
    let logo = p
        .site_files()
        .into_iter()
        .find(|f| f.starts_with("assets/logo.") && f.ends_with(".svg"))
        .expect("the logo is published");
    assert!(
        page.contains(&format!("<img class=\"logo\" src=\"../{logo}\"")),
        "{page}"
    );
    assert!(page.contains(&format!(
        "<meta property=\"og:image\" content=\"https://docs.example.com/{logo}\">"
    )));
    assert!(
        page.contains("<link rel=\"icon\" href=\"../assets/site-favicon."),
        "{page}"
    );
}

#[test]
fn a_missing_logo_is_an_error_naming_the_key() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\ntheme: { logo: art/nope.svg }\n")
        .file("docs/index.md", "# Home\n");
    p.build(&[])
        .expect_code(1)
        .expect_stderr("sadoc.yml: error: `theme.logo` is `art/nope.svg`, which cannot be read");
}

#[test]
fn the_element_catalog_and_mapping_tables_come_from_templates_a_theme_can_override() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\ntheme: { dir: theme }\n")
        .file(
            "docs/sad/views/modules.md",
            "---\nkind: view\nstyle: decomposition\nelements:\n  - { id: checkout, name: Checkout, type: module }\n---\n# Modules\n\n## Element Catalog\n\nProse after the catalog.\n",
        )
        .file(
            "docs/sad/mapping.md",
            "---\nkind: mapping\nmapping:\n  - views: [Modules, Deployment]\n    rows: [[checkout, web-node]]\n---\n# Mapping\n",
        )
        .file(
            "theme/templates/catalog.html",
            "<ul class=\"team-catalog\">{% for e in data.elements %}<li id=\"element-{{ e.slug }}\">{{ e.name }} ({{ e.kind }})</li>{% endfor %}</ul>\n",
        )
        .file(
            "theme/templates/mapping.html",
            "{% for table in data %}<p class=\"team-mapping\">{% for v in table.views %}{% if v.link %}<a href=\"{{ root }}{{ v.link.url }}\">{{ v.link.title }}</a>{% else %}{{ v.name }}{% endif %};{% endfor %}{% for row in table.rows %}{{ row | join(sep=\"→\") }}{% endfor %}</p>{% endfor %}",
        );
    p.build(&[]).expect_code(0);
    let modules = p.site("sad/views/modules.html");
    let heading = modules.find("<h2 id=\"element-catalog\">").unwrap();
    let catalog = modules
        .find("<ul class=\"team-catalog\"><li id=\"element-checkout\">Checkout (module)</li></ul>")
        .unwrap_or_else(|| panic!("the theme's catalog: {modules}"));
    let prose = modules.rfind("Prose after the catalog.").unwrap();
    assert!(
        heading < catalog && catalog < prose,
        "right after its heading"
    );
    assert!(!modules.contains("<table class=\"catalog\">"));
    let mapping = p.site("sad/mapping.html");
    assert!(
        mapping.contains("<p class=\"team-mapping\"><a href=\"../sad/views/modules.html\">Modules</a>;Deployment;checkout→web-node</p>")
            || mapping.contains("<p class=\"team-mapping\"><a href=\"views/modules.html\">Modules</a>;Deployment;checkout→web-node</p>"),
        "{mapping}"
    );
}

#[test]
fn a_broken_catalog_template_is_an_error_on_the_view() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\ntheme: { dir: theme }\n")
        .file(
            "docs/sad/views/modules.md",
            "---\nkind: view\nelements:\n  - { id: checkout }\n---\n# Modules\n",
        )
        .file("theme/templates/catalog.html", "{{ data.nothing.here }}");
    p.build(&[])
        .expect_code(1)
        .expect_stderr("docs/sad/views/modules.md: error: template `catalog.html` failed");
}

#[test]
fn a_theme_that_lists_the_navigation_its_own_way_still_gets_its_items() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\ntheme: { dir: theme }\n")
        .file("docs/a.md", "# A\n")
        .file("docs/b.md", "# B\n")
        .file(
            "theme/templates/page.html",
            "<ol class=\"mine\">{% for item in nav %}<li{% if item.active %} class=\"here\"{% endif %}>{{ item.title }}</li>{% endfor %}</ol>",
        );
    p.build(&["--strict"]).expect_code(0);
    let page = p.site("a.html");
    assert!(
        page.contains("<ol class=\"mine\"><li class=\"here\">A</li><li>B</li></ol>"),
        "{page}"
    );
}

#[test]
fn the_built_in_navigation_marks_the_current_page() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\n")
        .file("docs/a.md", "# A\n")
        .file("docs/b.md", "# B\n");
    p.build(&["--strict"]).expect_code(0);
    let page = p.site("b.html");
    assert!(
        page.contains("<li class=\"nav-item active on-path\">\n    <a href=\"b.html\" aria-current=\"page\"><span class=\"nav-title\">B</span></a>\n  </li>"),
        "{page}"
    );
}
