//! Markdown to HTML: one pulldown-cmark configuration for every page.
//!
//! Rendering a page returns everything later stages need from it, so nothing parses a page
//! twice: the HTML fragment, the table of contents, the first `# heading`, the anchors the page
//! defines and every link it makes with its position. Links are rewritten while rendering by a
//! [`LinkResolver`] supplied by the caller, which also classifies them for link checking.
//!
//! The dialect is CommonMark with GFM, plus the Python-Markdown and PyMdown syntax
//! mkdocs-material sites are written in: snippets are inserted first ([`snippets`]), container
//! blocks rewritten next ([`blocks`]), then the page is parsed, looked ahead on (`prepass`)
//! and walked (`walker`, with [`inline`], [`attrs`] and [`code_block`]).

pub mod annotations;
pub mod attrs;
pub mod blocks;
pub mod code_block;
pub mod diagram;
pub mod highlight;
pub mod highlight_cache;
pub mod icons;
pub mod inline;
mod inline_tags;
pub mod packed;
mod positions;
mod prepass;
mod python_markdown;
mod raw_html;
pub mod resolve;
pub mod snippets;
pub mod structure;
pub mod terms;
pub mod token_class;
mod walker;
mod writer;

use pulldown_cmark::{Options, Parser, TextMergeWithOffset};
use serde::Serialize;

use crate::render::markdown::highlight::Highlighter;
pub use packed::PackedHtml;

/// The kind of reference a link is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// `[text](dest)` or `<a href>`.
    Link,
    /// `![alt](src)` or `<img src>`.
    Image,
}

/// Decides where each link of a page points and what its `href` becomes.
pub trait LinkResolver {
    /// What the caller wants to remember about each link (for checking).
    type Target;
    /// Resolves `dest` as written by the author. Returns the `href` to write instead (`None`
    /// keeps `dest`) and the classification.
    fn resolve(&self, dest: &str, kind: LinkKind) -> (Option<String>, Self::Target);

    /// Resolves a URL of raw HTML (`<img src>`, `<a href>`), which MkDocs leaves as written
    /// for the browser to resolve from the page's URL. By default as any link.
    fn resolve_in_html(&self, dest: &str, kind: LinkKind) -> (Option<String>, Self::Target) {
        self.resolve(dest, kind)
    }

    /// Reads the project file `path` for a snippet: `Err(None)` when there is no such file,
    /// `Err(Some(why))` when it cannot be read. By default no file can be.
    fn read_snippet(&self, path: &str) -> Result<String, Option<String>> {
        let _ = path;
        Err(None)
    }

    /// How many folders a snippet path may climb above the project (to code beside it in the
    /// repository); none by default.
    fn snippet_up(&self) -> usize {
        0
    }

    /// Whether links to code files become permalinks on the repository host (none by default).
    fn links_code(&self) -> bool {
        false
    }

    /// How the page takes part in the glossary (none by default).
    fn glossary(&self) -> Option<terms::GlossaryUse<'_>> {
        None
    }
}

/// One link of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef<T> {
    /// The destination as written.
    pub dest: String,
    /// 1-based line in the source file.
    pub line: u32,
    /// 1-based column in the source file.
    pub column: u32,
    /// What the resolver made of it.
    pub target: T,
}

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TocEntry {
    /// Heading level (2 or 3).
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Heading text.
    pub title: String,
}

/// A rendered page body.
#[derive(Debug, Clone)]
pub struct Rendered<T> {
    /// The HTML fragment, packed until its page is rendered.
    pub html: PackedHtml,
    /// The headings the table of contents lists.
    pub toc: Vec<TocEntry>,
    /// Text of the `# heading` the page starts with (its title when nothing else names one).
    pub h1: Option<String>,
    /// Every link and image, in order.
    pub links: Vec<LinkRef<T>>,
    /// Every anchor id the page defines (headings, footnotes, `id=` in raw HTML).
    pub anchors: Vec<String>,
    /// Whether the page contains a Mermaid diagram.
    pub has_mermaid: bool,
    /// What the author should fix that is not a link: snippets that cannot be inserted,
    /// diagrams that cannot be drawn, icon sets that are not bundled.
    pub problems: Vec<Problem>,
    /// The project files inserted as snippets.
    pub snippet_files: Vec<String>,
    /// The parts of files inserted as snippets, their lines at render time (lines are page
    /// lines, like problems'): the page governs exactly those.
    pub snippet_regions: Vec<snippets::Region>,
    /// Every heading's section and what it holds.
    pub sections: Vec<structure::Section>,
    /// Every table, as text.
    pub tables: Vec<structure::Table>,
}

/// Something on a page its author should fix that is not a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The 1-based line in the file (0-based in the page body inside [`snippets`]).
    pub line: u32,
    /// The diagnostic code (`markdown/snippet`).
    pub code: &'static str,
    /// An error rather than a warning.
    pub error: bool,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: &'static str,
}

/// The markdown dialect of sadoc: CommonMark plus GFM tables, footnotes, strikethrough, task
/// lists and alerts, heading attributes, definition lists, and the PyMdown syntax (module
/// documentation); and where snippets are found.
#[derive(Debug, Clone)]
pub struct Markdown {
    options: Options,
    /// Base folders of snippets, relative to the project root.
    snippet_bases: Vec<String>,
    /// Snippets appended to every page.
    auto_append: Vec<String>,
    /// A missing snippet is an error (else a warning).
    snippet_check_paths: bool,
    /// Number the lines of every code block.
    linenums: bool,
    /// The text of each heading's anchor link.
    permalink: String,
    /// The heading levels the table of contents lists.
    toc_levels: (u8, u8),
    /// How heading ids are made, and what joins their words.
    slugify: crate::util::slug::Style,
    separator: String,
    /// Keep each page's HTML in what [`Markdown::render`] returns.
    keep_html: bool,
    /// Read pages as Python-Markdown and SuperFences do where CommonMark differs
    /// ([`python_markdown`], fence headers, code blocks' blank lines).
    python_markdown: bool,
    /// Highlight inline code that starts with `#!lang ` (pymdownx.inlinehilite).
    inline_highlight: bool,
    /// The icons shortcodes name: the bundled sets and the project's own.
    icons: icons::Icons,
    /// Markers in every code block's comments show the notes of the list after it.
    code_annotations: bool,
}

impl Default for Markdown {
    fn default() -> Self {
        Markdown {
            options: Options::ENABLE_TABLES
                | Options::ENABLE_FOOTNOTES
                | Options::ENABLE_STRIKETHROUGH
                | Options::ENABLE_SUBSCRIPT
                | Options::ENABLE_TASKLISTS
                | Options::ENABLE_HEADING_ATTRIBUTES
                | Options::ENABLE_DEFINITION_LIST
                | Options::ENABLE_GFM,
            snippet_bases: vec![String::new()],
            auto_append: Vec::new(),
            snippet_check_paths: true,
            linenums: false,
            permalink: "#".to_string(),
            toc_levels: (2, 3),
            slugify: crate::util::slug::Style::Sadoc,
            separator: "-".to_string(),
            keep_html: true,
            python_markdown: false,
            inline_highlight: false,
            icons: icons::Icons::default(),
            code_annotations: false,
        }
    }
}

impl Markdown {
    /// The dialect `markdown:` in the configuration asks for.
    pub fn new(config: &crate::load::config::MarkdownConfig) -> Markdown {
        let bases = config
            .snippets
            .base_path
            .iter()
            .filter_map(|b| crate::util::paths::normalize(b))
            .collect::<Vec<_>>();
        Markdown {
            snippet_bases: if bases.is_empty() {
                vec![String::new()]
            } else {
                bases
            },
            auto_append: config.snippets.auto_append.clone(),
            snippet_check_paths: config.snippets.check_paths,
            linenums: config.linenums,
            permalink: config.permalink.clone(),
            toc_levels: config.toc.depth.levels().unwrap_or((2, 3)),
            slugify: config.toc.slugify,
            separator: config.toc.separator.clone(),
            python_markdown: config.python_markdown,
            inline_highlight: config.inline_highlight,
            code_annotations: config.code_annotations,
            options: if config.smart_punctuation {
                Markdown::default().options | Options::ENABLE_SMART_PUNCTUATION
            } else {
                Markdown::default().options
            },
            ..Markdown::default()
        }
    }

    /// This dialect with the project's own icons (`custom_icons`), by shortcode name.
    pub fn with_custom_icons(
        self,
        custom: std::sync::Arc<std::collections::BTreeMap<String, String>>,
    ) -> Markdown {
        Markdown {
            icons: icons::Icons { custom },
            ..self
        }
    }

    /// This dialect, returning pages without their HTML: for runs that read only links,
    /// anchors, sections and tables (`sadoc check`).
    pub fn without_html(self) -> Markdown {
        Markdown {
            keep_html: false,
            ..self
        }
    }

    /// Renders a page body. `body_line` is the line of the file where `body` starts, so that
    /// link positions are positions in the file.
    pub fn render<R: LinkResolver>(
        &self,
        body: &str,
        body_line: u32,
        highlighter: &Highlighter,
        resolver: &R,
    ) -> Rendered<R::Target> {
        let read = |path: &str| resolver.read_snippet(path);
        let snippets = snippets::Snippets {
            bases: &self.snippet_bases,
            auto_append: &self.auto_append,
            read: &read,
            up: resolver.snippet_up(),
            source_links: resolver.links_code(),
            check_paths: self.snippet_check_paths,
        };
        let expanded = snippets::expand(body, &snippets);
        let (body, snippet_map) = match &expanded {
            Some(e) => (e.text.as_str(), Some(e.lines.as_slice())),
            None => (body, None),
        };
        let normalized = if self.python_markdown {
            python_markdown::prepare(body)
        } else {
            None
        };
        let body = normalized.as_deref().unwrap_or(body);
        // Fences close where SuperFences closes them (lines and columns are kept).
        let fenced = crate::util::fence::as_superfences(body, self.python_markdown);
        let body = fenced.as_deref().unwrap_or(body);
        let rewritten = blocks::rewrite_with(body, &self.icons);
        let (text, map) = match &rewritten {
            Some(r) => (r.text.as_str(), Some(r.lines.clone())),
            None => (body, None),
        };
        // Inline tags at block starts read as Python-Markdown reads them (lines are kept).
        let hidden = inline_tags::hide(text);
        let text = hidden.as_ref().map_or(text, |h| h.text.as_str());
        // Lines of `text` → lines of the page body, through both rewrites.
        let map: Option<Vec<(u32, u32)>> = match (map, snippet_map) {
            (Some(map), Some(outer)) => Some(
                map.into_iter()
                    .map(|(line, removed)| {
                        let (source, shift) =
                            outer.get(line as usize).copied().unwrap_or((line, 0));
                        (source, removed + shift)
                    })
                    .collect(),
            ),
            (Some(map), None) => Some(map),
            (None, Some(outer)) => Some(outer.to_vec()),
            (None, None) => None,
        };
        let positions = positions::Positions::new(text, map.as_deref(), body_line);
        let abbreviations = rewritten
            .as_ref()
            .map_or(&[][..], |r| r.abbreviations.as_slice());
        let mut walker = walker::Walker::new(
            highlighter,
            resolver,
            &positions,
            inline::Abbreviations::new(abbreviations),
            walker::Settings {
                linenums: self.linenums,
                permalink: &self.permalink,
                keep_html: self.keep_html,
                toc_levels: self.toc_levels,
                slugify: self.slugify,
                separator: &self.separator,
                python_markdown: self.python_markdown,
                inline_highlight: self.inline_highlight,
                icons: &self.icons,
                code_annotations: self.code_annotations,
            },
        );
        walker.hidden_tags = hidden.as_ref().map(|h| h.tags.clone()).unwrap_or_default();
        let events =
            TextMergeWithOffset::new(Parser::new_ext(text, self.options).into_offset_iter());
        if prepass::needed(text) {
            let mut events: Vec<_> = events.collect();
            walker.link_attrs = prepass::apply(&mut events);
            for (event, range) in events {
                walker.event(event, range.start);
            }
        } else {
            for (event, range) in events {
                walker.event(event, range.start);
            }
        }
        let mut rendered = walker.finish(body.len());
        if let Some(expanded) = expanded {
            let problems = expanded.problems.into_iter().map(|mut p| {
                p.line += body_line;
                p
            });
            rendered.problems.extend(problems);
            rendered.snippet_files = expanded.files;
            rendered.snippet_regions = expanded
                .regions
                .into_iter()
                .map(|mut r| {
                    r.line += body_line;
                    r
                })
                .collect();
        }
        rendered
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Keep;
    impl LinkResolver for Keep {
        type Target = ();
        fn resolve(&self, dest: &str, _: LinkKind) -> (Option<String>, ()) {
            (
                dest.contains(".md").then(|| dest.replace(".md", ".html")),
                (),
            )
        }
    }

    fn render(md: &str) -> Rendered<()> {
        Markdown::default().render(md, 1, &Highlighter::new(), &Keep)
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let r = render("# Title\n\n## Context\n\n## Context\n\n### Détails\n");
        assert_eq!(r.h1.as_deref(), Some("Title"));
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["context", "context-1", "détails"]);
        assert!(
            r.html
                .unpack()
                .contains("<h2 id=\"context-1\">Context<a class=\"heading-anchor\"")
        );
    }

    #[test]
    fn links_are_rewritten_and_positioned() {
        let r = render("---\n\nSee [b](b.md#x) and\n<a href=\"c.md\">c</a>\n");
        assert!(
            r.html.unpack().contains("href=\"b.html#x\""),
            "{}",
            r.html.unpack()
        );
        assert!(
            r.html.unpack().contains("href=\"c.html\""),
            "{}",
            r.html.unpack()
        );
        assert_eq!((r.links[0].line, r.links[0].column), (3, 5));
        assert_eq!(r.links[1].line, 4);
    }

    #[test]
    fn many_links_on_one_line_keep_their_columns() {
        let line: String = (0..500).map(|i| format!("[é{i}](p{i}.md) ")).collect();
        let r = render(&format!("# T\n\n{line}\n\n[next](n.md) [é](x.md)\n"));
        let mut column = 1;
        for (i, link) in r.links.iter().take(500).enumerate() {
            assert_eq!((link.line, link.column), (3, column), "link {i}");
            column += format!("[é{i}](p{i}.md) ").chars().count() as u32;
        }
        let last: Vec<(u32, u32)> = r.links[500..].iter().map(|l| (l.line, l.column)).collect();
        assert_eq!(last, [(5, 1), (5, 14)]);
    }

    #[test]
    fn alerts_and_admonitions_become_boxes() {
        let r = render("> [!WARNING]\n> Careful\n\n!!! tip \"Hint\"\n    Use it.\n");
        assert!(r.html.unpack().contains(
            "<div class=\"admonition warning\"><p class=\"admonition-title\">Warning</p>"
        ));
        assert!(
            r.html
                .unpack()
                .contains("<div class=\"admonition tip\"><p class=\"admonition-title\">Hint</p>")
        );
        assert!(r.html.unpack().contains("<p>Use it.</p>"));
    }

    #[test]
    fn positions_inside_admonitions_point_at_the_source() {
        let r = render("!!! note\n    See [x](x.md)\n");
        assert_eq!((r.links[0].line, r.links[0].column), (2, 9));
    }

    #[test]
    fn mermaid_is_kept_for_the_browser() {
        let r = render("```mermaid\ngraph LR; a-->b\n```\n");
        assert!(r.has_mermaid);
        assert!(
            r.html
                .unpack()
                .contains("<pre class=\"mermaid\">graph LR; a--&gt;b\n</pre>")
        );
    }

    #[test]
    fn links_in_html_comments_are_ignored() {
        let r = render(
            "<!-- <a href=\"gone.md\">\n<img src=\"x.png\"> -->\n\n<a href=\"kept.md\">k</a>\n",
        );
        let dests: Vec<&str> = r.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["kept.md"]);
    }

    #[test]
    fn raw_html_ids_are_anchors() {
        let r = render("<div id=\"custom\">x</div>\n\n[^1]\n\n[^1]: note\n");
        assert!(r.anchors.contains(&"custom".to_string()));
        // Footnotes are `fn:1` and their references `fnref:1`, as Python-Markdown names them.
        assert!(r.anchors.contains(&"fn:1".to_string()));
        assert!(r.anchors.contains(&"fnref:1".to_string()));
    }
}
