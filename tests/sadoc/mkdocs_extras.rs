//! mkdocs-material's extras (issue 36), each compared with the real `mkdocs build` where MkDocs
//! can render it (mkdocs-macros-plugin, mkdocs-material and pymdown-extensions from PyPI,
//! pinned in `.ci/run`), and sadoc's own answer where it cannot (macros written in Python).

use crate::harness::Project;
use crate::mkdocs_parity::{MATERIAL, build_both, project};

const MACROS_PAGE: &str = r#"---
owner: Data team
---
# Release {{ release }}

Owned by {{ owner }}; page {{ page.title }} at `{{ page.url }}` from {{ page.file.src_path }}.

Database: {{ db.host }}:{{ db.port }} for {{ config.site_name | upper }} {{ extra.release }}.

{% for t in teams %}
- team {{ loop.index }}: {{ t | title }}
{% endfor %}

{% if release.startswith("2") %}Version two.{% else %}Old.{% endif %}

Unknown stays: {{ unknown_var }}.

{% raw %}Helm writes {{ .Values.image }}.{% endraw %}

{% import 'macros.md' as m %}
{{ m.badge("beta") }}

!!! note "Example"

    ```yaml
    {% filter indent(width=4) %}
{% include 'secret.yaml' %}
    {% endfilter %}
    ```

Words: {{ "a,b,c".split(",") | join(" / ") }}; {{ teams | length }} teams; {{ "x" ~ release }}.
"#;

fn macros_project(plugin: &str, page: &str) -> Project {
    let config = format!(
        "{MATERIAL}extra:\n  release: \"2.4\"\n  teams: [data, platform]\n  db: {{host: db.internal, port: 5432}}\nplugins:\n  - search\n  - macros:\n{plugin}markdown_extensions:\n  - admonition\n  - pymdownx.superfences\n"
    );
    project(&config, &[("index.md", "# Home\n"), ("page.md", page)])
        .file(
            "snippets/secret.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n",
        )
        .file(
            "snippets/macros.md",
            "{% macro badge(text) %}**[{{ text }}]**{% endmacro %}\n",
        )
}

/// mkdocs-macros: variables from `extra:`, `config`, `page` and front matter, loops,
/// conditions, filters and Python string methods, `{% include %}` (with `indent`) and
/// `{% import %}` from `include_dir`, `{% raw %}`, and an undefined variable kept as written.
#[test]
fn macros_render_as_mkdocs_macros_renders_them() {
    let p = macros_project("      include_dir: snippets\n", MACROS_PAGE);
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["title", "h1", "paragraphs", "code", "labels"]);
    let page = p.site("page.html");
    assert!(page.contains("Unknown stays: {{ unknown_var }}."), "{page}");
    assert!(page.contains("Helm writes {{ .Values.image }}."), "{page}");
}

/// The project's own delimiters (`j2_*_string`), as projects whose pages show Go or Helm
/// templates set them: `{{ … }}` is then text.
#[test]
fn macros_follow_the_projects_delimiters() {
    let plugin = "      include_dir: snippets\n      j2_block_start_string: '[[%'\n      j2_block_end_string: '%]]'\n      j2_variable_start_string: '[['\n      j2_variable_end_string: ']]'\n";
    let page = "# Templates\n\nRelease [[ release ]]; Go writes {{ .Name }}.\n\n[[% for t in teams %]]- [[ t ]]\n[[% endfor %]]\n";
    let p = macros_project(plugin, page);
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["h1", "paragraphs"]);
    assert!(
        p.site("page.html")
            .contains("Release 2.4; Go writes {{ .Name }}.")
    );
}

/// `render_macros: false` in front matter leaves a page as written; with
/// `render_by_default: false` only pages that ask (or `force_render_paths`) are rendered.
#[test]
fn pages_opt_out_and_in_as_mkdocs_macros_decides() {
    let plugin =
        "      render_by_default: false\n      force_render_paths: |\n        forced/*.md\n";
    let config = format!("{MATERIAL}extra:\n  release: \"2.4\"\nplugins:\n  - macros:\n{plugin}");
    let p = project(
        &config,
        &[
            ("index.md", "# Home\n\nRelease {{ release }}.\n"),
            (
                "asks.md",
                "---\nrender_macros: true\n---\n# Asks\n\nRelease {{ release }}.\n",
            ),
            ("forced/page.md", "# Forced\n\nRelease {{ release }}.\n"),
        ],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["paragraphs"]);
    let p = project(
        &format!("{MATERIAL}extra:\n  release: \"2.4\"\nplugins:\n  - macros\n"),
        &[
            ("index.md", "# Home\n\nRelease {{ release }}.\n"),
            (
                "off.md",
                "---\nrender_macros: false\n---\n# Off\n\nRelease {{ release }}.\n",
            ),
        ],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["paragraphs"]);
}

/// Macros defined in the project's Python module are not run: each is one warning at its line
/// in `main.py` (a compatibility warning: `--strict` passes), and an expression using one is
/// left as written while the rest of the page renders.
#[test]
fn python_macros_are_named_and_their_calls_left_as_written() {
    let p = Project::empty()
        .file(
            "mkdocs.yml",
            "site_name: Team\nextra:\n  release: \"2.4\"\nplugins:\n  - macros\n",
        )
        .file(
            "main.py",
            "def define_env(env):\n    env.variables['build'] = 'abc'\n\n    @env.macro\n    def button(label):\n        return f'<button>{label}</button>'\n",
        )
        .file(
            "docs/index.md",
            "# Home\n\nRelease {{ release }}, {{ button('Go') }} and {{ build | upper }}.\n",
        );
    let run = p.build(&["--strict"]);
    run.expect_code(0)
        .expect_stderr(
            "main.py:2: warning: variable `build` is defined in Python, which sadoc does not run",
        )
        .expect_stderr("main.py:5: warning: macro `button` is defined in Python");
    let page = p.site("index.html");
    assert!(
        page.contains("Release 2.4, {{ button(&#39;Go&#39;) }} and {{ build | upper }}.")
            || page.contains("Release 2.4, {{ button('Go') }} and {{ build | upper }}."),
        "{page}"
    );
}

/// A page whose Jinja cannot be read is built as written with a warning at its line, so
/// `--strict` fails; with `on_error_fail: true` it is an error.
#[test]
fn a_page_whose_macros_fail_is_built_as_written_with_its_line() {
    let page = "# Broken\n\nFine line.\n\nBroken {{ foo( }} here.\n";
    let p = Project::empty()
        .file("mkdocs.yml", "site_name: Team\nplugins:\n  - macros\n")
        .file("docs/index.md", page);
    p.build(&[])
        .expect_code(0)
        .expect_stderr("docs/index.md:5: warning: the page's macros cannot be rendered");
    assert!(p.site("index.html").contains("Broken {{ foo( }} here."));
    p.build(&["--strict"]).expect_code(1);
    let p = Project::empty()
        .file(
            "mkdocs.yml",
            "site_name: Team\nplugins:\n  - macros:\n      on_error_fail: true\n",
        )
        .file("docs/index.md", page);
    p.build(&[])
        .expect_code(1)
        .expect_stderr("docs/index.md:5: error: the page's macros cannot be rendered");
}

/// pymdownx.inlinehilite: `` `#!python range(10)` `` and `` `:::js x` `` are highlighted inline
/// with the highlighter and token classes of code blocks, the marker removed; an unknown
/// language loses its marker too, and other inline code (`#!/bin/sh`) stays as it is.
#[test]
fn inline_code_with_a_language_is_highlighted() {
    let page = "# Inline\n\nCall `#!python range(10)` or `:::js let x = 1;`, `#!nolang foo`, `plain` and `#!/bin/sh`.\n\n- item `#!yaml key: value`\n";
    let p = project(
        &format!(
            "{MATERIAL}markdown_extensions:\n  - pymdownx.highlight\n  - pymdownx.inlinehilite\n  - pymdownx.superfences\n"
        ),
        &[("index.md", "# Home\n"), ("page.md", page)],
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["paragraphs"]);
    let ours = p.site("page.html");
    let theirs = std::fs::read_to_string(p.path("mkdocs-site/page.html")).unwrap();
    let highlighted = |html: &str| html.matches("<code class=\"highlight").count();
    assert_eq!(highlighted(&ours), 4, "{ours}");
    assert_eq!(highlighted(&ours), highlighted(&theirs));
    assert!(
        ours.contains("<code class=\"highlight hl-code\"><span class=\"nb\">range</span>"),
        "{ours}"
    );
    assert!(ours.contains("<code>#!/bin/sh</code>"), "{ours}");
}

/// Icon shortcodes of the four sets mkdocs-material ships and of the project's `custom_icons`
/// become the same inline SVG in a `twemoji` span, with an attribute list's classes, in text,
/// headings, admonition titles and tab labels; an icon that does not exist stays as text with a
/// warning (which `--strict` does not fail on: MkDocs says nothing).
#[test]
fn icons_are_the_svg_mkdocs_material_writes() {
    let config = format!(
        "{MATERIAL}markdown_extensions:\n  - attr_list\n  - admonition\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n      options:\n        custom_icons:\n          - overrides/.icons\n  - pymdownx.superfences\n  - pymdownx.tabbed:\n      alternate_style: true\n"
    );
    let page = "# Icons :material-rocket-launch:\n\nCheck :material-check:, :octicons-file-code-16:, :fontawesome-brands-github:{ .lg .middle }, :fontawesome-regular-bell:, :simple-python:{ .xl }, :brand-logo: and :material-no-such-thing:.\n\n!!! note \":material-information: Note\"\n\n    Body.\n\n=== \":octicons-file-code-16: `base.html`\"\n\n    Tab body.\n";
    let p = project(&config, &[("index.md", "# Home\n"), ("page.md", page)]).file(
        "overrides/.icons/brand/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path d=\"M1 1h22v22H1z\"/></svg>\n",
    );
    let Some(both) = build_both(&p) else {
        return;
    };
    both.agree(&["h1", "labels", "paragraphs"]);
    let spans = |html: &str| -> Vec<String> {
        // The article: the page's own content in both themes.
        let start = html.find("<article").expect("an article");
        let end = html.rfind("</article>").expect("an article's end");
        let mut found = Vec::new();
        let mut rest = &html[start..end];
        while let Some(at) = rest.find("<span class=\"twemoji") {
            let end = rest[at..].find("</span>").map_or(rest.len(), |e| at + e);
            found.push(rest[at..end].to_string());
            rest = &rest[end..];
        }
        found
    };
    let ours = spans(&p.site("page.html"));
    let theirs = spans(&std::fs::read_to_string(p.path("mkdocs-site/page.html")).unwrap());
    assert_eq!(ours.len(), 9, "{ours:#?}");
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "icon {i} (left: sadoc, right: MkDocs)");
    }
    assert_eq!(ours.len(), theirs.len());
    p.build(&["--strict"])
        .expect_code(0)
        .expect_stderr("docs/page.md:3:1: warning: there is no icon `:material-no-such-thing:`; the shortcode is shown as text");
}

/// Code annotations (`content.code.annotate`, or `{ .annotate }` on a block): each marker of
/// MkDocs' code block becomes a button on the same line, showing the text of the list item
/// mkdocs-material's script would attach to it; the list leaves the page, and a block without
/// annotations keeps its list.
#[test]
fn code_annotations_attach_each_note_to_its_line() {
    let config = "site_name: Team\nuse_directory_urls: false\ntheme:\n  name: material\n  features:\n    - content.code.annotate\nmarkdown_extensions:\n  - attr_list\n  - pymdownx.highlight\n  - pymdownx.superfences\n";
    let page = "# Annotated\n\n```yaml\nsource:\n  topic: orders # (1)!\n  group: ingest # shared by all (2)\nsink: lake\n```\n\n1.  The **topic** of the source.\n2.  One group per service.\n\n``` { .python .annotate }\nrun()  # (1)\n```\n\n1. Runs it.\n\n```text\nplain\n```\n\n1. A list after a block without markers.\n";
    let p = project(config, &[("index.md", "# Home\n"), ("page.md", page)]);
    let Some(_) = build_both(&p) else {
        return;
    };
    let theirs = std::fs::read_to_string(p.path("mkdocs-site/page.html")).unwrap();
    let ours = p.site("page.html");
    let text = |html: &str| -> String {
        let mut out = String::new();
        let mut tag = false;
        for c in html.chars() {
            match c {
                '<' => tag = true,
                '>' => tag = false,
                c if !tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&quot;", "\"").replace("&amp;", "&")
    };
    // MkDocs: the markers' lines in its code blocks, and the lists after them.
    let blocks = |html: &str| -> Vec<String> {
        html.split("<pre")
            .skip(1)
            .map(|b| b.split("</pre>").next().unwrap().to_string())
            .collect()
    };
    let their_blocks = blocks(&theirs);
    let marker_lines = |block: &str, marker: &str| -> Vec<usize> {
        text(block)
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(marker))
            .map(|(i, _)| i)
            .collect()
    };
    assert_eq!(marker_lines(&their_blocks[0], "(1)!"), [1]);
    assert_eq!(marker_lines(&their_blocks[0], "(2)"), [2]);
    assert!(theirs.contains("<li>The <strong>topic</strong> of the source.</li>"));
    // sadoc: buttons on the same lines, the notes the list's items, the list gone.
    let our_blocks = blocks(&ours);
    let button = |n: usize| format!("aria-label=\"Annotation {n}\">{n}</button>");
    let lines_with = |block: &str, needle: &str| -> Vec<usize> {
        block
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(needle))
            .map(|(i, _)| i)
            .collect()
    };
    assert_eq!(
        lines_with(&our_blocks[0], &button(1)),
        [1],
        "{}",
        our_blocks[0]
    );
    assert_eq!(lines_with(&our_blocks[0], &button(2)), [2]);
    assert!(
        !text(&our_blocks[0]).contains("(1)!"),
        "the marker's comment is replaced"
    );
    assert!(text(&our_blocks[0]).contains("# shared by all 2"));
    assert!(ours.contains("id=\"annotation-1-1\" popover role=\"note\">The <strong>topic</strong> of the source.</div>"), "{ours}");
    assert!(
        ours.contains("id=\"annotation-1-2\" popover role=\"note\">One group per service.</div>")
    );
    assert!(ours.contains("id=\"annotation-2-1\" popover role=\"note\">Runs it.</div>"));
    assert!(
        !ours.contains("<li>The <strong>topic</strong>"),
        "the list left the page"
    );
    assert!(ours.contains("<li>A list after a block without markers.</li>"));
}

/// The blog plugin: posts at the URLs the plugin gives them (`blog/2024/01/31/hello-world/`, a
/// `slug:` of their own, `date: {created: …}`), the index with each post's excerpt newest
/// first and its further pages, an archive page per year and a page per category — the same
/// URLs as mkdocs-material, listing the same posts in the same order; authors from
/// `.authors.yml`; an excerpt's relative links still lead where they did.
#[test]
fn the_blog_has_mkdocs_materials_urls_and_listings() {
    let p = Project::empty()
        .file(
            "mkdocs.yml",
            "site_name: Team\ntheme: material\nplugins:\n  - search\n  - blog:\n      pagination_per_page: 2\n",
        )
        .file("docs/index.md", "# Home\n\nSee the [blog](blog/index.md).\n")
        .file("docs/blog/index.md", "# Blog\n")
        .file(
            "docs/blog/.authors.yml",
            "authors:\n  jane:\n    name: Jane Doe\n    description: Engineer\n    avatar: https://example.com/a.png\n",
        )
        .file(
            "docs/blog/posts/hello.md",
            "---\ndate: 2024-01-31\ncategories:\n  - Data Platform\n  - News\nauthors:\n  - jane\n---\n\n# Hello World\n\nFirst words, see [home](../../index.md).\n\n<!-- more -->\n\nThe rest.\n",
        )
        .file(
            "docs/blog/posts/winter.md",
            "---\ndate:\n  created: 2023-12-05\ncategories:\n  - News\n---\n\n# Winter update\n\nShort post without separator.\n",
        )
        .file(
            "docs/blog/posts/third.md",
            "---\ndate: 2024-03-02\nslug: custom-slug\n---\n\n# Third post\n\nBody.\n\n<!-- more -->\n\nMore.\n",
        );
    p.git_init();
    let Some(mkdocs) = crate::mkdocs_parity::mkdocs() else {
        return;
    };
    let out = std::process::Command::new(&mkdocs)
        .args(["build", "-q", "--site-dir"])
        .arg(p.path("mkdocs-site"))
        .current_dir(&p.root)
        .output()
        .expect("mkdocs runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    p.build(&["--strict"]).expect_code(0);
    let theirs = p.path("mkdocs-site");
    let pages = [
        "blog/index.html",
        "blog/page/2/index.html",
        "blog/2024/01/31/hello-world/index.html",
        "blog/2024/03/02/custom-slug/index.html",
        "blog/2023/12/05/winter-update/index.html",
        "blog/archive/2024/index.html",
        "blog/archive/2023/index.html",
        "blog/category/news/index.html",
        "blog/category/data-platform/index.html",
    ];
    // The posts each listing links to, in order.
    let posts = |html: &str| -> Vec<String> {
        let mut found = Vec::new();
        for part in html.split("href=\"").skip(1) {
            let href = part.split('"').next().unwrap_or_default();
            for slug in ["hello-world/", "custom-slug/", "winter-update/"] {
                if href.ends_with(slug) && found.last().map(String::as_str) != Some(slug) {
                    found.push(slug.to_string());
                }
            }
        }
        found
    };
    for page in pages {
        assert!(theirs.join(page).is_file(), "MkDocs writes {page}");
        assert!(p.site_has(page), "sadoc writes {page}");
        if !page.contains("/20") {
            let mine = posts(&p.site(page));
            let mkdocs = posts(&std::fs::read_to_string(theirs.join(page)).unwrap());
            assert_eq!(mine, mkdocs, "{page}: the posts listed, in order");
        }
    }
    let index = p.site("blog/index.html");
    assert!(index.contains("Jane Doe"), "authors by name: {index}");
    assert!(
        index.contains("First words, see <a href=\"../\">home</a>"),
        "{index}"
    );
    assert!(!index.contains("The rest."), "only the excerpt: {index}");
}
