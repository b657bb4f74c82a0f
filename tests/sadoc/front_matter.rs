//! Front matter written for other generators (Jekyll, VuePress, Docusaurus, Hugo, MkDocs) never
//! fails a build: keys sadoc does not own are kept for themes, a key sadoc owns that holds
//! another type is a warning at its line and is ignored, and only YAML that cannot be parsed at
//! all is an error — for that page alone.

use crate::harness::Project;

/// One real-world front matter shape: the page, then the warnings it must produce (empty: none).
struct Case {
    generator: &'static str,
    page: &'static str,
    warnings: &'static [&'static str],
    /// Text the built page must contain (its title, usually).
    shows: &'static str,
}

const CASES: &[Case] = &[
    Case {
        generator: "Jekyll / just-the-docs",
        page: "---\nlayout: default\ntitle: Decisions\nnav_order: 100\nhas_children: true\nparent: Home\npermalink: /decisions/\n---\n# Decisions\n",
        warnings: &[],
        shows: "<title>Decisions",
    },
    Case {
        generator: "Jekyll with a date-time and an author map",
        page: "---\ntitle: Post\ndate: 2020-01-02 10:00:00 +0000\nauthor:\n  name: Ann\n  url: https://example.com\ncategories: [adr, kafka]\n---\n# Post\n",
        warnings: &[],
        shows: "<title>Post",
    },
    Case {
        generator: "VuePress",
        page: "---\ntitle: Guide\nlang: en-US\nsidebar: auto\nsidebarDepth: 2\nhead:\n  - - meta\n    - name: foo\n      content: bar\nprev: false\n---\n# Guide\n",
        warnings: &[],
        shows: "<title>Guide",
    },
    Case {
        generator: "Docusaurus with tag objects",
        page: "---\nid: doc-markdown\nsidebar_position: 2\nslug: /markdown\nauthors:\n  - name: Joel\ntags:\n  - label: Demo\n    permalink: /demo\ndraft: false\n---\n# Markdown\n",
        warnings: &[
            "docs/page.md:7:1: warning: front matter key `tags` holds a list of maps, but sadoc expects each item to be a single text value",
        ],
        shows: "<title>Markdown",
    },
    Case {
        generator: "Hugo YAML",
        page: "---\ntitle: \"Service\"\ndate: 2019-03-26T08:47:11+01:00\ndraft: false\nweight: 10\nparams:\n  toc: true\n---\n# Service\n",
        warnings: &[],
        shows: "<title>Service",
    },
    Case {
        generator: "Hugo TOML",
        page: "+++\ntitle = \"Service\"\nweight = 10\n+++\n# Service\n",
        warnings: &[
            "docs/page.md:1: warning: the `+++` block at the top is TOML front matter (Hugo), which sadoc does not read",
        ],
        shows: "<title>Service",
    },
    Case {
        generator: "MkDocs Material",
        page: "---\ntitle: Setup\ndescription: How to set up\nicon: material/emoticon-happy\nstatus: new\nhide:\n  - navigation\n  - toc\nsearch:\n  exclude: true\ntags: [setup]\n---\n# Setup\n",
        warnings: &[],
        shows: "<title>Setup",
    },
    Case {
        generator: "a title map (i18n plugins)",
        page: "---\ntitle:\n  en: Overview\n  de: Überblick\n---\n# Overview heading\n",
        warnings: &[
            "docs/page.md:2:1: warning: front matter key `title` holds a map, but sadoc expects a single text value; the key is ignored on this page (kept for themes)",
        ],
        shows: "<title>Overview heading",
    },
    Case {
        generator: "a boolean status",
        page: "---\ntitle: Flags\nstatus: true\n---\n# Flags\n",
        warnings: &[
            "docs/page.md:3:1: warning: front matter key `status` holds a boolean, but sadoc expects a single text value",
        ],
        shows: "<title>Flags",
    },
    Case {
        generator: "a list where one value is meant",
        page: "---\ntitle: [a, b]\nkind: page\n---\n# Listed\n",
        warnings: &[
            "docs/page.md:2:1: warning: front matter key `title` holds a list, but sadoc expects a single text value",
        ],
        shows: "<title>Listed",
    },
    Case {
        generator: "a map where a list is meant",
        page: "---\ntitle: Owned\nowners:\n  team: data\n---\n# Owned\n",
        warnings: &[
            "docs/page.md:3:1: warning: front matter key `owners` holds a map, but sadoc expects a list of text values",
        ],
        shows: "<title>Owned",
    },
    Case {
        generator: "a string where a boolean is meant",
        page: "---\ntitle: Terms\nglossary_links: sometimes\n---\n# Terms\n",
        warnings: &[
            "docs/page.md:3:1: warning: front matter key `glossary_links` holds text, but sadoc expects a boolean (`true` or `false`)",
        ],
        shows: "<title>Terms",
    },
    Case {
        generator: "a number where text is meant (read as text)",
        page: "---\ntitle: 2024\n---\n# Year\n",
        warnings: &[],
        shows: "<title>2024",
    },
];

#[test]
fn every_generators_front_matter_builds() {
    for case in CASES {
        let p = Project::new().file("docs/page.md", case.page);
        let run = p.build(&[]);
        run.expect_code(0);
        for warning in case.warnings {
            run.expect_stderr(warning);
        }
        if case.warnings.is_empty() {
            run.refute_stderr("front-matter");
            run.refute_stderr("docs/page.md");
        }
        let html = p.site("page.html");
        assert!(
            html.contains(case.shows),
            "{}: the page should show {:?}",
            case.generator,
            case.shows
        );
    }
}

#[test]
fn foreign_keys_stay_available_to_templates() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\ntheme: { dir: theme }\n")
        .file(
            "docs/page.md",
            "---\ntitle:\n  en: Overview\nnav_order: 3\n---\n# Overview\n",
        )
        .file(
            "theme/templates/page.html",
            "{% extends \"base.html\" %}{% block content %}order={{ page.front.meta.nav_order }} en={{ page.front.meta.title.en }}{% endblock content %}",
        );
    p.build(&[]).expect_code(0);
    let html = p.site("page.html");
    assert!(html.contains("order=3 en=Overview"), "{html}");
}

#[test]
fn only_unparsable_yaml_is_an_error_and_the_rest_is_still_checked() {
    let p = Project::new()
        .file("docs/bad.md", "---\ntitle: [unclosed\n---\n# Bad\n")
        .file(
            "docs/other.md",
            "---\ntitle: {en: X}\n---\n# Other\n\n[gone](missing.md)\n",
        );
    let run = p.build(&[]);
    run.expect_code(1)
        .expect_stderr("docs/bad.md:2:")
        .expect_stderr("error: invalid front matter")
        .expect_stderr("docs/other.md:2:1: warning: front matter key `title` holds a map")
        .expect_stderr("docs/other.md:6:");
}
