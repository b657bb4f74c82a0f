//! Markdown to HTML: one pulldown-cmark configuration for every page.
//!
//! Rendering a page returns everything later stages need from it, so nothing parses a page
//! twice: the HTML fragment, the table of contents, the first `# heading`, the anchors the page
//! defines and every link it makes with its position. Links are rewritten while rendering by a
//! [`LinkResolver`] supplied by the caller, which also classifies them for link checking.

pub mod admonition;
pub mod fence;
pub mod slug;

use std::sync::LazyLock;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use regex::Regex;
use serde::Serialize;

use crate::highlight::{self, Highlighter, escape_html};

/// The kind of reference a link is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// The HTML fragment.
    pub html: String,
    /// Headings of level 2 and 3.
    pub toc: Vec<TocEntry>,
    /// Text of the first level-1 heading.
    pub h1: Option<String>,
    /// Every link and image, in order.
    pub links: Vec<LinkRef<T>>,
    /// Every anchor id the page defines (headings, footnotes, `id=` in raw HTML).
    pub anchors: Vec<String>,
    /// Whether the page contains a Mermaid diagram.
    pub has_mermaid: bool,
}

/// The markdown dialect of sadoc: CommonMark plus GFM tables, footnotes, strikethrough, task
/// lists and alerts, heading attributes and mkdocs admonitions.
#[derive(Debug, Clone, Copy)]
pub struct Markdown {
    options: Options,
}

impl Default for Markdown {
    fn default() -> Self {
        Markdown {
            options: Options::ENABLE_TABLES
                | Options::ENABLE_FOOTNOTES
                | Options::ENABLE_STRIKETHROUGH
                | Options::ENABLE_TASKLISTS
                | Options::ENABLE_HEADING_ATTRIBUTES
                | Options::ENABLE_GFM,
        }
    }
}

/// Maps byte offsets of the parsed text back to positions in the source file.
struct Positions<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    map: Option<&'a [(u32, u32)]>,
    body_line: u32,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str, map: Option<&'a [(u32, u32)]>, body_line: u32) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Positions {
            text,
            line_starts,
            map,
            body_line,
        }
    }

    fn at(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let index = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[index];
        let chars = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count()) as u32;
        let (line, shift) = match self.map {
            Some(map) => map.get(index).copied().unwrap_or((index as u32, 0)),
            None => (index as u32, 0),
        };
        (self.body_line + line, chars + 1 + shift)
    }
}

struct HeadingBuf<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    events: Vec<Event<'a>>,
    text: String,
}

struct State<'a, T> {
    out: Vec<Event<'a>>,
    heading: Option<HeadingBuf<'a>>,
    code: Option<(String, String)>,
    alerts: Vec<bool>,
    ids: slug::Ids,
    toc: Vec<TocEntry>,
    h1: Option<String>,
    links: Vec<LinkRef<T>>,
    anchors: Vec<String>,
    has_mermaid: bool,
    in_html_comment: bool,
    /// Footnote definitions, moved to the end of the page as GitHub and mkdocs do.
    footnotes: Vec<Event<'a>>,
    in_footnote: bool,
}

impl<'a, T> State<'a, T> {
    fn push(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some(h) => {
                if let Event::Text(t) | Event::Code(t) = &event {
                    h.text.push_str(t);
                }
                h.events.push(event);
            }
            None if self.in_footnote => self.footnotes.push(event),
            None => self.out.push(event),
        }
    }
}

static HTML_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(href|src|id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid regex")
});

impl Markdown {
    /// Renders a page body. `body_line` is the line of the file where `body` starts, so that
    /// link positions are positions in the file.
    pub fn render<R: LinkResolver>(
        &self,
        body: &str,
        body_line: u32,
        highlighter: &Highlighter,
        resolver: &R,
    ) -> Rendered<R::Target> {
        let rewritten = admonition::rewrite(body);
        let (text, map) = match &rewritten {
            Some(r) => (r.text.as_str(), Some(r.lines.as_slice())),
            None => (body, None),
        };
        let positions = Positions::new(text, map, body_line);
        let mut st = State {
            out: Vec::new(),
            heading: None,
            code: None,
            alerts: Vec::new(),
            ids: slug::Ids::default(),
            toc: Vec::new(),
            h1: None,
            links: Vec::new(),
            anchors: Vec::new(),
            has_mermaid: false,
            in_html_comment: false,
            footnotes: Vec::new(),
            in_footnote: false,
        };
        for (event, range) in Parser::new_ext(text, self.options).into_offset_iter() {
            if let Some((_, code)) = &mut st.code {
                match event {
                    Event::Text(t) => code.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        let (lang, code) = st.code.take().unwrap_or_default();
                        let html = if lang == "mermaid" {
                            st.has_mermaid = true;
                            format!("<pre class=\"mermaid\">{}</pre>\n", escape_html(&code))
                        } else {
                            highlighter.block(&lang, &code)
                        };
                        st.push(Event::Html(html.into()));
                    }
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest_url = if matches!(link_type, pulldown_cmark::LinkType::Email) {
                        dest_url
                    } else {
                        self.link(
                            &mut st,
                            dest_url,
                            range.start,
                            LinkKind::Link,
                            &positions,
                            resolver,
                        )
                    };
                    st.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest_url = self.link(
                        &mut st,
                        dest_url,
                        range.start,
                        LinkKind::Image,
                        &positions,
                        resolver,
                    );
                    st.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs: _,
                }) => {
                    st.heading = Some(HeadingBuf {
                        level,
                        id,
                        classes,
                        events: Vec::new(),
                        text: String::new(),
                    });
                }
                Event::End(TagEnd::Heading(_)) => finish_heading(&mut st),
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => highlight::language(&info).to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    st.code = Some((lang, String::new()));
                }
                Event::Start(Tag::BlockQuote(kind)) => {
                    st.alerts.push(kind.is_some());
                    match kind {
                        Some(kind) => {
                            let (class, title) = alert(kind);
                            st.push(Event::Html(
                                format!(
                                    "<div class=\"admonition {class}\"><p class=\"admonition-title\">{title}</p>\n"
                                )
                                .into(),
                            ));
                        }
                        None => st.push(Event::Start(Tag::BlockQuote(None))),
                    }
                }
                Event::End(TagEnd::BlockQuote(kind)) => {
                    if st.alerts.pop().unwrap_or(false) {
                        st.push(Event::Html("</div>\n".into()));
                    } else {
                        st.push(Event::End(TagEnd::BlockQuote(kind)));
                    }
                }
                Event::Start(Tag::Table(align)) => {
                    st.push(Event::Html("<div class=\"table-wrap\">\n".into()));
                    st.push(Event::Start(Tag::Table(align)));
                }
                Event::End(TagEnd::Table) => {
                    st.push(Event::End(TagEnd::Table));
                    st.push(Event::Html("</div>\n".into()));
                }
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    st.anchors.push(name.to_string());
                    st.in_footnote = true;
                    st.push(Event::Start(Tag::FootnoteDefinition(name)));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    st.push(Event::End(TagEnd::FootnoteDefinition));
                    st.in_footnote = false;
                }
                Event::Html(html) => {
                    let html = self.raw_html(&mut st, html, range.start, &positions, resolver);
                    st.push(Event::Html(html));
                }
                Event::InlineHtml(html) => {
                    let html = self.raw_html(&mut st, html, range.start, &positions, resolver);
                    st.push(Event::InlineHtml(html));
                }
                other => st.push(other),
            }
        }
        if st.heading.is_some() {
            finish_heading(&mut st);
        }
        if !st.footnotes.is_empty() {
            st.out
                .push(Event::Html("<section class=\"footnotes\">\n".into()));
            st.out.append(&mut st.footnotes);
            st.out.push(Event::Html("</section>\n".into()));
        }
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, st.out.into_iter());
        Rendered {
            html,
            toc: st.toc,
            h1: st.h1,
            links: st.links,
            anchors: st.anchors,
            has_mermaid: st.has_mermaid,
        }
    }

    fn link<'a, R: LinkResolver>(
        &self,
        st: &mut State<'a, R::Target>,
        dest: CowStr<'a>,
        offset: usize,
        kind: LinkKind,
        positions: &Positions,
        resolver: &R,
    ) -> CowStr<'a> {
        let (line, column) = positions.at(offset);
        let (href, target) = resolver.resolve(&dest, kind);
        st.links.push(LinkRef {
            dest: dest.to_string(),
            line,
            column,
            target,
        });
        match href {
            Some(h) => CowStr::from(h),
            None => dest,
        }
    }

    /// Records the `id`s raw HTML defines and rewrites the links it makes.
    fn raw_html<'a, R: LinkResolver>(
        &self,
        st: &mut State<'a, R::Target>,
        html: CowStr<'a>,
        offset: usize,
        positions: &Positions,
        resolver: &R,
    ) -> CowStr<'a> {
        let comments = comment_ranges(&html, &mut st.in_html_comment);
        if !html.contains('=') {
            return html;
        }
        let mut changed = false;
        let mut result = String::with_capacity(html.len());
        let mut last = 0;
        for caps in HTML_ATTR.captures_iter(&html) {
            let attr = caps[1].to_ascii_lowercase();
            let Some(value) = caps.get(2).or_else(|| caps.get(3)) else {
                continue;
            };
            if attr == "id" || attr == "name" {
                st.anchors.push(value.as_str().to_string());
                continue;
            }
            if comments.iter().any(|r| r.contains(&value.start())) {
                continue;
            }
            let kind = if attr == "src" {
                LinkKind::Image
            } else {
                LinkKind::Link
            };
            let (line, column) = positions.at(offset + value.start());
            let (href, target) = resolver.resolve(value.as_str(), kind);
            st.links.push(LinkRef {
                dest: value.as_str().to_string(),
                line,
                column,
                target,
            });
            if let Some(href) = href {
                result.push_str(&html[last..value.start()]);
                result.push_str(&escape_html(&href));
                last = value.end();
                changed = true;
            }
        }
        if !changed {
            return html;
        }
        result.push_str(&html[last..]);
        CowStr::from(result)
    }
}

/// The byte ranges of `html` inside HTML comments; `open` carries an unclosed comment from one
/// chunk of raw HTML to the next.
fn comment_ranges(html: &str, open: &mut bool) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut pos = 0;
    loop {
        if *open {
            match html[pos..].find("-->") {
                Some(i) => {
                    ranges.push(pos..pos + i + 3);
                    pos += i + 3;
                    *open = false;
                }
                None => {
                    ranges.push(pos..html.len());
                    return ranges;
                }
            }
        }
        match html[pos..].find("<!--") {
            Some(i) => {
                pos += i;
                *open = true;
            }
            None => return ranges,
        }
    }
}

fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

fn finish_heading<T>(st: &mut State<'_, T>) {
    let Some(h) = st.heading.take() else {
        return;
    };
    let level = h.level as u8;
    let title = h.text.trim().to_string();
    let id = match &h.id {
        Some(id) => st.ids.reserve(id),
        None => st.ids.unique(&slug::slugify(&title)),
    };
    st.anchors.push(id.clone());
    if level == 1 && st.h1.is_none() {
        st.h1 = Some(title.clone());
    }
    if (2..=3).contains(&level) {
        st.toc.push(TocEntry {
            level,
            id: id.clone(),
            title,
        });
    }
    let class = if h.classes.is_empty() {
        String::new()
    } else {
        let classes: Vec<&str> = h.classes.iter().map(|c| c.as_ref()).collect();
        format!(" class=\"{}\"", escape_html(&classes.join(" ")))
    };
    let id = escape_html(&id);
    st.out
        .push(Event::Html(format!("<h{level} id=\"{id}\"{class}>").into()));
    st.out.extend(h.events);
    st.out.push(Event::Html(
        format!("<a class=\"heading-anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level}>\n").into(),
    ));
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
                .contains("<h2 id=\"context-1\">Context<a class=\"heading-anchor\"")
        );
    }

    #[test]
    fn links_are_rewritten_and_positioned() {
        let r = render("---\n\nSee [b](b.md#x) and\n<a href=\"c.md\">c</a>\n");
        assert!(r.html.contains("href=\"b.html#x\""), "{}", r.html);
        assert!(r.html.contains("href=\"c.html\""), "{}", r.html);
        assert_eq!((r.links[0].line, r.links[0].column), (3, 5));
        assert_eq!(r.links[1].line, 4);
    }

    #[test]
    fn alerts_and_admonitions_become_boxes() {
        let r = render("> [!WARNING]\n> Careful\n\n!!! tip \"Hint\"\n    Use it.\n");
        assert!(r.html.contains(
            "<div class=\"admonition warning\"><p class=\"admonition-title\">Warning</p>"
        ));
        assert!(
            r.html
                .contains("<div class=\"admonition tip\"><p class=\"admonition-title\">Hint</p>")
        );
        assert!(r.html.contains("<p>Use it.</p>"));
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
        assert!(r.anchors.contains(&"1".to_string()));
    }
}
