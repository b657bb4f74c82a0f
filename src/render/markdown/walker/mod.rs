//! The event walker behind [`Markdown::render`](super::Markdown::render): it consumes
//! pulldown-cmark events one at a time and produces the page's HTML events, table of contents,
//! anchors and links.
//!
//! Headings are buffered until their end so their id can be computed from their text; code
//! blocks are buffered so they can be highlighted whole; footnote definitions are moved to the
//! end of the page; GitHub alerts become admonition boxes; tables get a scrolling wrapper;
//! text gets PyMdown's inline syntax ([`super::inline`]); links and images with an attribute
//! list are written by hand with their attributes; images are buffered to do so.

mod links;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::attrs::Attrs;
use super::code_block::CodeInfo;
use super::inline::{self, Abbreviations, Piece};
use super::positions::Positions;
use super::structure::{Sections, Table, TableBuilder};
use super::terms::{GlossaryUse, TermLinker};
use super::writer::{anchor_rows, write_html};
use super::{LinkRef, LinkResolver, PackedHtml, Problem, Rendered, TocEntry};
use crate::render::markdown::highlight::Highlighter;
use crate::util::escape_html;

struct HeadingBuf<'a> {
    level: HeadingLevel,
    line: u32,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    events: Vec<Event<'a>>,
    text: String,
}

/// What the dialect's configuration decides for every page.
#[derive(Debug, Clone, Copy)]
pub(super) struct Settings<'r> {
    /// Number every code block's lines.
    pub(super) linenums: bool,
    /// The text of each heading's anchor link.
    pub(super) permalink: &'r str,
    /// Keep the page's HTML (`false`: a run that reads only links, anchors and sections).
    pub(super) keep_html: bool,
    /// The heading levels the table of contents lists (h1 never: it is the title).
    pub(super) toc_levels: (u8, u8),
    /// How heading ids are made, and what joins their words.
    pub(super) slugify: crate::util::slug::Style,
    pub(super) separator: &'r str,
    /// MkDocs' reading (`markdown.python_markdown`): a code block without its leading and
    /// trailing blank lines, as Pygments strips them; a table of contents that, on a page
    /// starting with an h1, lists only that h1's part, as mkdocs-material's does.
    pub(super) python_markdown: bool,
    /// Highlight inline code that starts with `#!lang ` or `:::lang ` (pymdownx.inlinehilite).
    pub(super) inline_highlight: bool,
    /// The icons shortcodes name.
    pub(super) icons: &'r super::icons::Icons,
    /// Every code block's comments may hold annotation markers (`content.code.annotate`).
    pub(super) code_annotations: bool,
}

/// Marks where a footnote reference's number goes, around the note's name, until the notes
/// are counted (a character of Unicode's private use area: never in a page's text).
const FOOTNOTE_NUMBER: char = '\u{E000}';

/// Walks the events of one page.
pub(super) struct Walker<'a, 'r, R: LinkResolver> {
    highlighter: &'r Highlighter,
    resolver: &'r R,
    positions: &'r Positions<'r>,
    out: Vec<Event<'a>>,
    heading: Option<HeadingBuf<'a>>,
    /// The code block being collected: what its fence says, and its text.
    code: Option<(CodeInfo, String)>,
    /// The page-independent choices of the dialect.
    settings: Settings<'r>,
    alerts: Vec<bool>,
    footnotes: Vec<Event<'a>>,
    in_footnote: bool,
    /// The footnotes defined, in the order of their definitions (which numbers them, as
    /// Python-Markdown's `footnotes` does), and how often each was referred to so far.
    footnote_order: Vec<String>,
    footnote_refs: std::collections::HashMap<String, u32>,
    in_html_comment: bool,
    /// Inside a definition list's term: each of its lines is a term of its own, as
    /// Python-Markdown's `def_list` reads them.
    in_term: bool,
    /// The headings so far, and whether the first was an h1.
    headings: usize,
    first_is_h1: bool,
    /// Where the table of contents ends: at the page's second h1 when it starts with one
    /// (mkdocs-material lists the first h1's part only).
    toc_end: Option<usize>,
    ids: crate::util::slug::Ids,
    toc: Vec<TocEntry>,
    h1: Option<String>,
    /// Whether anything but a heading being collected was written yet: a `# heading` is the
    /// page's title only as its first block, as in MkDocs.
    started: bool,
    links: Vec<LinkRef<R::Target>>,
    anchors: Vec<String>,
    has_mermaid: bool,
    /// Line where the current code block starts.
    code_line: u32,
    problems: Vec<Problem>,
    sections: Sections,
    /// For each heading, in order, the index in `out` just after its closing tag (none for a
    /// heading inside a footnote): turned into byte offsets in the HTML when it is written.
    heading_ends: Vec<Option<usize>>,
    table: TableBuilder,
    tables: Vec<Table>,
    /// Links glossary terms, on a page that links them.
    terms: Option<TermLinker<'r>>,
    /// On the glossary itself: the index in `out` of each body row's start (none inside a
    /// footnote) and the slug of its first cell, for its `term-<slug>` anchor.
    row_anchors: Option<Vec<(Option<usize>, String)>>,
    /// The current row's start, while it is collected.
    row_start: Option<Option<usize>>,
    /// Attribute lists of links and images, by the index of their start event.
    pub(super) link_attrs: std::collections::HashMap<usize, Attrs>,
    /// The inline tags hidden from the parser at block starts ([`super::inline_tags`]).
    pub(super) hidden_tags: Vec<String>,
    /// The index of the next event.
    index: usize,
    /// An image with attributes being collected: its opening markup and alt text.
    image: Option<(String, String)>,
    /// How many images are open (their text is alt text: no inline markup).
    in_image: usize,
    abbreviations: Abbreviations,
    /// Icon sets used on the page, with the line of their first use.
    unknown_icons: Vec<(String, u32)>,
    /// The indices in `out` of code blocks whose markers the list after them annotates.
    annotated: Vec<usize>,
    /// Whether the page has a `[TOC]` marker.
    toc_marker: bool,
}

impl<'a, 'r, R: LinkResolver> Walker<'a, 'r, R> {
    pub(super) fn new(
        highlighter: &'r Highlighter,
        resolver: &'r R,
        positions: &'r Positions<'r>,
        abbreviations: Abbreviations,
        settings: Settings<'r>,
    ) -> Self {
        Walker {
            highlighter,
            resolver,
            positions,
            out: Vec::new(),
            heading: None,
            code: None,
            settings,
            alerts: Vec::new(),
            footnotes: Vec::new(),
            in_footnote: false,
            footnote_order: Vec::new(),
            footnote_refs: std::collections::HashMap::new(),
            in_html_comment: false,
            in_term: false,
            headings: 0,
            first_is_h1: false,
            toc_end: None,
            ids: crate::util::slug::Ids::default(),
            toc: Vec::new(),
            h1: None,
            started: false,
            links: Vec::new(),
            anchors: Vec::new(),
            has_mermaid: false,
            code_line: 0,
            problems: Vec::new(),
            sections: Sections::default(),
            heading_ends: Vec::new(),
            table: TableBuilder::default(),
            tables: Vec::new(),
            terms: match resolver.glossary() {
                Some(GlossaryUse::Link { glossary, href }) => Some(TermLinker::new(glossary, href)),
                _ => None,
            },
            row_anchors: matches!(resolver.glossary(), Some(GlossaryUse::Anchor)).then(Vec::new),
            row_start: None,
            link_attrs: std::collections::HashMap::new(),
            hidden_tags: Vec::new(),
            index: 0,
            image: None,
            in_image: 0,
            abbreviations,
            unknown_icons: Vec::new(),
            annotated: Vec::new(),
            toc_marker: false,
        }
    }

    /// Whether text arriving now may have glossary terms linked.
    fn linking(&self) -> bool {
        self.heading.is_none() && self.terms.as_ref().is_some_and(TermLinker::active)
    }

    /// Emits the text held for term linking.
    fn flush_terms(&mut self) {
        let events = self
            .terms
            .as_mut()
            .map(TermLinker::flush)
            .unwrap_or_default();
        for event in events {
            self.push(event);
        }
    }

    /// An element whose text is never term-linked opens or closes.
    fn no_terms(&mut self, open: bool) {
        if let Some(terms) = &mut self.terms {
            terms.skip(open);
        }
    }

    /// Handles one event starting at byte `offset` of the parsed text.
    pub(super) fn event(&mut self, event: Event<'a>, offset: usize) {
        let index = self.index;
        self.index += 1;
        if self.code.is_some() {
            self.code_event(event);
            return;
        }
        if let Some((_, alt)) = &mut self.image {
            match event {
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::End(TagEnd::Image) => {
                    self.in_image -= 1;
                    self.no_terms(false);
                    let (open, alt) = self.image.take().unwrap_or_default();
                    self.push(Event::InlineHtml(
                        format!("{open} alt=\"{}\" />", escape_html(&alt)).into(),
                    ));
                }
                _ => {}
            }
            return;
        }
        if let Event::Text(text) = &event
            && let Some(pieces) = super::inline_tags::split(text, &self.hidden_tags)
        {
            for piece in pieces {
                match piece {
                    Piece::Text(t) => self.text_event(Event::Text(t.into()), offset, usize::MAX),
                    Piece::Html(h) => self.inline_event(Event::InlineHtml(h.into()), offset),
                }
            }
            return;
        }
        if let Event::Html(html) = &event
            && html.as_ref() == super::prepass::TOC_MARKER
        {
            self.toc_marker = true;
            self.push(event);
            return;
        }
        self.text_event(event, offset, index);
    }

    /// An event with PyMdown's inline syntax (emoji, keys, abbreviations…) not yet applied to
    /// its text; `index` is its index among the page's events (`usize::MAX` for none).
    fn text_event(&mut self, event: Event<'a>, offset: usize, index: usize) {
        if let Event::Text(text) = &event
            && self.in_image == 0
            && inline::may_have(text, &self.abbreviations)
        {
            let mut unknown = Vec::new();
            let pieces =
                inline::split(text, &self.abbreviations, self.settings.icons, &mut unknown);
            self.note_unknown_icons(unknown, offset);
            if let Some(pieces) = pieces {
                for piece in pieces {
                    let event = match piece {
                        Piece::Text(t) => Event::Text(t.into()),
                        Piece::Html(h) => Event::InlineHtml(h.into()),
                    };
                    self.inline_event(event, offset);
                }
                return;
            }
        }
        self.inline_event_at(event, offset, index);
    }

    /// Records the icons that do not exist, first named at `offset`.
    fn note_unknown_icons(&mut self, names: Vec<String>, offset: usize) {
        for name in names {
            if !self.unknown_icons.iter().any(|(n, _)| *n == name) {
                let line = self.positions.at(offset).0;
                self.unknown_icons.push((name, line));
            }
        }
    }

    /// A piece of text produced by inline syntax.
    fn inline_event(&mut self, event: Event<'a>, offset: usize) {
        self.inline_event_at(event, offset, usize::MAX);
    }

    /// Handles an event with PyMdown's inline syntax already applied; `index` is its index
    /// among the page's events (for attribute lists).
    fn inline_event_at(&mut self, event: Event<'a>, offset: usize, index: usize) {
        if let Event::Text(text) = &event
            && self.linking()
        {
            self.content_text(text);
            if let Some(terms) = &mut self.terms {
                terms.text(text);
            }
            return;
        }
        self.flush_terms();
        if let (Event::Html(html) | Event::InlineHtml(html), Some(terms)) =
            (&event, &mut self.terms)
        {
            terms.html(html);
        }
        match event {
            Event::Start(tag) => self.start(tag, offset, index),
            Event::End(tag) => self.end(tag),
            Event::Html(html) => {
                self.sections.html(&html);
                let html = self.raw_html(html, offset);
                self.push(Event::Html(html));
            }
            Event::InlineHtml(html) => {
                self.sections.html(&html);
                let html = self.raw_html(html, offset);
                self.push(Event::InlineHtml(html));
            }
            Event::Text(text) => {
                self.content_text(&text);
                self.push(Event::Text(text));
            }
            Event::Code(code) => match self
                .settings
                .inline_highlight
                .then(|| super::code_block::inline_language(&code))
                .flatten()
            {
                Some((lang, text)) => {
                    self.content_text(text);
                    let html = match self.highlighter.inline(lang, text) {
                        Some(spans) => spans,
                        None => crate::util::escape_html(text),
                    };
                    self.push(Event::InlineHtml(
                        format!("<code class=\"highlight hl-code\">{html}</code>").into(),
                    ));
                }
                None => {
                    self.content_text(&code);
                    self.push(Event::Code(code));
                }
            },
            Event::FootnoteReference(name) => self.footnote_reference(&name),
            Event::SoftBreak if self.in_term => {
                self.push(Event::InlineHtml("</dt>\n<dt>".into()));
            }
            other => self.push(other),
        }
    }

    /// A footnote reference, as Python-Markdown writes it: `<sup id="fnref:x">` (`fnref2:x` for
    /// the second reference to the same note) around a link to `#fn:x`. The number shown is the
    /// note's place among the definitions, which may come later: a placeholder until then.
    fn footnote_reference(&mut self, name: &str) {
        let count = self.footnote_refs.entry(name.to_string()).or_insert(0);
        *count += 1;
        let id = if *count == 1 {
            format!("fnref:{name}")
        } else {
            format!("fnref{count}:{name}")
        };
        self.anchors.push(id.clone());
        let html = format!(
            "<sup id=\"{}\"><a class=\"footnote-ref\" href=\"#fn:{}\">{FOOTNOTE_NUMBER}{name}{FOOTNOTE_NUMBER}</a></sup>",
            escape_html(&id),
            escape_html(name),
        );
        self.push(Event::InlineHtml(html.into()));
    }

    /// Text outside headings and code blocks, for the section and table being collected.
    fn content_text(&mut self, text: &str) {
        if self.heading.is_none() {
            self.sections.text(text);
        }
        if self.table.active() {
            self.table.text(text);
        }
    }

    /// The page, once every event was handled.
    pub(super) fn finish(mut self, size_hint: usize) -> Rendered<R::Target> {
        self.flush_terms();
        if self.heading.is_some() {
            self.finish_heading();
        }
        if let Some(end) = self.toc_end.filter(|_| self.settings.python_markdown) {
            self.toc.truncate(end);
        }
        for (name, line) in std::mem::take(&mut self.unknown_icons) {
            // Compared without the set's prefix, which every candidate shares.
            let (set, icon) = name.split_once('-').unwrap_or(("", &name));
            let names = super::icons::names_of_set(&name);
            let icons = names
                .iter()
                .filter_map(|n| n.split_once('-').map(|(_, i)| i));
            let guess = crate::util::spelling::closest(icon, icons)
                .map(|c| format!(" (did you mean `:{set}-{c}:`?)"))
                .unwrap_or_default();
            self.problems.push(Problem {
                line,
                code: "markdown/icons",
                error: false,
                message: format!(
                    "there is no icon `:{name}:`{guess}; the shortcode is shown as text"
                ),
                help: "see the icon's name in mkdocs-material's icon search, or add the SVG to a `custom_icons` folder",
            });
        }
        if self.toc_marker {
            let toc = super::prepass::toc_html(&self.toc);
            for event in &mut self.out {
                if matches!(event, Event::Html(h) if h.as_ref() == super::prepass::TOC_MARKER) {
                    *event = Event::Html(toc.clone().into());
                }
            }
        }
        super::annotations::attach(&mut self.out, &self.annotated);
        if !self.footnotes.is_empty() {
            self.out
                .push(Event::Html("<div class=\"footnote\">\n<hr>\n<ol>\n".into()));
            self.out.append(&mut self.footnotes);
            self.out.push(Event::Html("</ol>\n</div>\n".into()));
        }
        if !self.footnote_refs.is_empty() {
            self.number_footnotes();
        }
        let mut sections = self.sections.finish();
        // Without the page's HTML (`sadoc check`) there is nothing to write, and no offsets in
        // it for the sections.
        let html = if self.settings.keep_html {
            let mut html = String::with_capacity(size_hint * 3 / 2);
            let rows = self.row_anchors.unwrap_or_default();
            let marks: Vec<Option<usize>> = self
                .heading_ends
                .iter()
                .copied()
                .chain(rows.iter().map(|(at, _)| *at))
                .collect();
            let mut offsets = write_html(&mut html, self.out, &marks);
            let row_offsets = offsets.split_off(self.heading_ends.len());
            let anchors: Vec<(usize, String)> = row_offsets
                .into_iter()
                .zip(rows)
                .filter_map(|(at, (_, slug))| at.map(|at| (at, slug)))
                .collect();
            let html = anchor_rows(html, &anchors, &mut offsets);
            for (section, end) in sections.iter_mut().zip(offsets) {
                section.html_end = end;
            }
            PackedHtml::new(&html)
        } else {
            PackedHtml::default()
        };
        Rendered {
            html,
            toc: self.toc,
            h1: self.h1,
            links: self.links,
            anchors: self.anchors,
            has_mermaid: self.has_mermaid,
            problems: self.problems,
            snippet_files: Vec::new(),
            snippet_regions: Vec::new(),
            sections,
            tables: self.tables,
        }
    }

    /// Puts each footnote reference's number (its note's place among the definitions) where
    /// the reference left a placeholder.
    fn number_footnotes(&mut self) {
        let order = &self.footnote_order;
        for event in &mut self.out {
            let Event::InlineHtml(html) = event else {
                continue;
            };
            if !html.contains(FOOTNOTE_NUMBER) {
                continue;
            }
            let mut parts = html.split(FOOTNOTE_NUMBER);
            let mut out = String::with_capacity(html.len());
            out.push_str(parts.next().unwrap_or_default());
            while let (Some(name), Some(rest)) = (parts.next(), parts.next()) {
                match order.iter().position(|n| n == name) {
                    Some(at) => out.push_str(&(at + 1).to_string()),
                    None => out.push_str(&escape_html(name)),
                }
                out.push_str(rest);
            }
            *event = Event::InlineHtml(out.into());
        }
    }

    /// Routes an output event: into the heading being buffered, the footnotes, or the page.
    /// Without the page's HTML (`sadoc check`) only a heading's text is kept.
    fn push(&mut self, event: Event<'a>) {
        let keep = self.settings.keep_html;
        self.started |= self.heading.is_none();
        match &mut self.heading {
            Some(h) => {
                match &event {
                    Event::Text(t) | Event::Code(t) => h.text.push_str(t),
                    // Inline syntax rendered as HTML (`<abbr>`, `<mark>`, `<kbd>`) keeps its
                    // text in the title and the id, as Python-Markdown's toc reads the heading.
                    Event::InlineHtml(html) => {
                        h.text
                            .push_str(&crate::render::search::extract::extract(html).body);
                    }
                    _ => {}
                }
                if keep {
                    h.events.push(event);
                }
            }
            None if !keep => {}
            None if self.in_footnote => self.footnotes.push(event),
            None => self.out.push(event),
        }
    }

    /// A tag opens. About 100 lines on purpose: one arm per tag that needs more than passing
    /// through, each short.
    fn start(&mut self, tag: Tag<'a>, offset: usize, index: usize) {
        match tag {
            tag @ (Tag::Link { .. } | Tag::Image { .. }) => self.start_link(tag, offset, index),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                // `{ #v1 }` and attr_list's `{ id="v1" }` both name the id.
                let id = id.or_else(|| {
                    attrs
                        .iter()
                        .find(|(key, _)| key.as_ref() == "id")
                        .and_then(|(_, value)| value.as_ref())
                        .map(|v| {
                            let v = v.trim();
                            let unquoted = v
                                .strip_prefix('"')
                                .and_then(|v| v.strip_suffix('"'))
                                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                                .unwrap_or(v);
                            CowStr::from(unquoted.to_string())
                        })
                });
                self.heading = Some(HeadingBuf {
                    level,
                    line: self.positions.at(offset).0,
                    id,
                    classes,
                    events: Vec::new(),
                    text: String::new(),
                });
            }
            Tag::CodeBlock(kind) => {
                let mut info = match kind {
                    CodeBlockKind::Fenced(info) => CodeInfo::parse(&info),
                    CodeBlockKind::Indented => CodeInfo::default(),
                };
                if self.settings.linenums && info.linenums.is_none() {
                    info.linenums = Some(1);
                }
                self.code = Some((info, String::new()));
                self.code_line = self.positions.at(offset).0;
            }
            Tag::BlockQuote(Some(kind)) => {
                self.alerts.push(true);
                let (class, title) = alert(kind);
                self.push(Event::Html(
                    format!(
                        "<div class=\"admonition {class}\"><p class=\"admonition-title\">{title}</p>\n"
                    )
                    .into(),
                ));
            }
            Tag::BlockQuote(None) => {
                self.alerts.push(false);
                self.push(Event::Start(Tag::BlockQuote(None)));
            }
            Tag::Table(align) => {
                self.sections.media();
                self.table.start(self.positions.at(offset).0);
                self.push(Event::Html("<div class=\"table-wrap\">\n".into()));
                self.push(Event::Start(Tag::Table(align)));
            }
            Tag::TableRow => {
                if self.row_anchors.is_some() {
                    let in_page = !self.in_footnote && self.heading.is_none();
                    self.row_start = Some(in_page.then_some(self.out.len()));
                }
                self.push(Event::Start(Tag::TableRow));
            }
            Tag::TableHead => {
                self.no_terms(true);
                self.table.head(true);
                self.push(Event::Start(Tag::TableHead));
            }
            Tag::TableCell => {
                self.table.cell_start();
                self.push(Event::Start(Tag::TableCell));
            }
            Tag::DefinitionListTitle => {
                self.in_term = true;
                self.push(Event::Start(Tag::DefinitionListTitle));
            }
            Tag::FootnoteDefinition(name) => {
                self.anchors.push(format!("fn:{name}"));
                self.footnote_order.push(name.to_string());
                self.in_footnote = true;
                self.push(Event::Html(
                    format!("<li id=\"fn:{}\">\n", escape_html(&name)).into(),
                ));
            }
            other => self.push(Event::Start(other)),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => self.finish_heading(),
            TagEnd::DefinitionListTitle => {
                self.in_term = false;
                self.push(Event::End(tag));
            }
            TagEnd::BlockQuote(kind) => {
                if self.alerts.pop().unwrap_or(false) {
                    self.push(Event::Html("</div>\n".into()));
                } else {
                    self.push(Event::End(TagEnd::BlockQuote(kind)));
                }
            }
            TagEnd::Table => {
                self.tables.extend(self.table.end());
                self.push(Event::End(TagEnd::Table));
                self.push(Event::Html("</div>\n".into()));
            }
            TagEnd::Link | TagEnd::Image => {
                if tag == TagEnd::Image {
                    self.in_image = self.in_image.saturating_sub(1);
                }
                self.no_terms(false);
                self.push(Event::End(tag));
            }
            TagEnd::TableHead => {
                self.no_terms(false);
                self.table.head(false);
                self.push(Event::End(TagEnd::TableHead));
            }
            TagEnd::TableRow => {
                if let (Some(at), Some(anchors)) = (self.row_start.take(), &mut self.row_anchors) {
                    let first = self.table.first_cell().unwrap_or_default();
                    anchors.push((at, crate::util::slug::slugify(first)));
                }
                self.table.row_end();
                self.push(Event::End(TagEnd::TableRow));
            }
            TagEnd::TableCell => {
                self.table.cell_end();
                self.push(Event::End(TagEnd::TableCell));
            }
            TagEnd::FootnoteDefinition => {
                // The way back, at the end of the note's last paragraph (or one of its own).
                let number = self.footnote_order.len();
                let name = self.footnote_order.last().cloned().unwrap_or_default();
                let back = format!(
                    "<a class=\"footnote-backref\" href=\"#fnref:{}\" title=\"Jump back to footnote {number} in the text\">&#8617;</a>",
                    escape_html(&name)
                );
                if self.settings.keep_html {
                    match self.footnotes.last() {
                        Some(Event::End(TagEnd::Paragraph)) => {
                            let at = self.footnotes.len() - 1;
                            self.footnotes
                                .insert(at, Event::InlineHtml(format!("&#160;{back}").into()));
                        }
                        _ => self.push(Event::Html(format!("<p>{back}</p>\n").into())),
                    }
                }
                self.push(Event::Html("</li>\n".into()));
                self.in_footnote = false;
            }
            other => self.push(Event::End(other)),
        }
    }

    /// Collects a code block's text; at its end emits it highlighted (or as a Mermaid block).
    fn code_event(&mut self, event: Event<'a>) {
        match event {
            Event::Text(t) => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (info, mut code) = self.code.take().unwrap_or_default();
                if self.settings.python_markdown {
                    // Pygments' `stripnl`: no blank line first or last.
                    let kept = code.trim_start_matches('\n').trim_end_matches('\n');
                    code = if kept.is_empty() {
                        String::new()
                    } else {
                        format!("{kept}\n")
                    };
                }
                let block = if self.settings.keep_html {
                    info.render(&code, self.highlighter)
                } else {
                    info.unrendered()
                };
                if block.diagram {
                    self.sections.diagram();
                } else {
                    self.sections.media();
                }
                self.has_mermaid |= block.mermaid;
                if let Some(problem) = block.problem {
                    self.problems.push(Problem {
                        line: self.code_line,
                        code: "diagram/plantuml",
                        error: false,
                        message: problem,
                        help: "fix the diagram, or check the `diagrams.plantuml` command in sadoc.yml",
                    });
                }
                if (self.settings.code_annotations || info.annotate)
                    && self.heading.is_none()
                    && !self.in_footnote
                    && super::annotations::has_markers(&block.html)
                {
                    self.annotated.push(self.out.len());
                }
                self.push(Event::Html(block.html.into()));
            }
            _ => {}
        }
    }

    /// Emits a buffered heading with its id and anchor link, and records it.
    fn finish_heading(&mut self) {
        let Some(h) = self.heading.take() else {
            return;
        };
        let level = h.level as u8;
        let title = h.text.trim().to_string();
        let style = self.settings.slugify;
        let id = match &h.id {
            Some(id) => self.ids.reserve(id),
            None => self
                .ids
                .unique_in(&style.slug(&title, self.settings.separator), style),
        };
        self.anchors.push(id.clone());
        self.sections.heading(level, &id, &title, h.line);
        if level == 1 && self.h1.is_none() && !self.started {
            self.h1 = Some(title.clone());
        }
        if !self.in_footnote {
            if self.headings == 0 {
                self.first_is_h1 = level == 1;
            } else if level == 1 && self.first_is_h1 && self.toc_end.is_none() {
                self.toc_end = Some(self.toc.len());
            }
            self.headings += 1;
        }
        let (top, bottom) = self.settings.toc_levels;
        if level >= top.max(2) && level <= bottom {
            self.toc.push(TocEntry {
                level,
                id: id.clone(),
                title,
            });
        }
        if !self.settings.keep_html {
            return;
        }
        let class = if h.classes.is_empty() {
            String::new()
        } else {
            let classes: Vec<&str> = h.classes.iter().map(|c| c.as_ref()).collect();
            format!(" class=\"{}\"", escape_html(&classes.join(" ")))
        };
        let id = escape_html(&id);
        let open = format!("<h{level} id=\"{id}\"{class}>");
        let close = format!(
            "<a class=\"heading-anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">{}</a></h{level}>\n",
            escape_html(self.settings.permalink)
        );
        self.push(Event::Html(open.into()));
        for event in h.events {
            self.push(event);
        }
        self.push(Event::Html(close.into()));
        let in_page = !self.in_footnote && self.heading.is_none();
        self.heading_ends.push(in_page.then_some(self.out.len()));
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
