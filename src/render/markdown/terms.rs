//! Glossary terms linked where a page first uses them, while its markdown is walked: each
//! term's first use in the page's text — not in links, images, headings, code, table headers or
//! raw-HTML elements such as `<abbr>` — becomes a link to its row in the glossary, with the
//! definition as its tooltip. The glossary's own rows get the anchors those links point to.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event};

use crate::model::glossary::Glossary;
use crate::util::escape_html;

/// How a page takes part in the glossary: it links terms to it, or it is the glossary.
#[derive(Debug, Clone, Copy)]
pub enum GlossaryUse<'g> {
    /// Link the first use of each term; `href` is the glossary page, relative to this one.
    Link {
        /// The terms.
        glossary: &'g Glossary,
        /// The glossary page's URL from this page.
        href: &'g str,
    },
    /// This is the glossary: its table rows get `term-<slug>` anchors.
    Anchor,
}

/// Raw-HTML elements whose text is never linked.
const SKIP: &[&str] = &[
    "a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "svg", "abbr",
    "dfn", "kbd", "th",
];

/// Links the terms of one page.
pub(super) struct TermLinker<'g> {
    glossary: &'g Glossary,
    href: &'g str,
    linked: HashSet<String>,
    /// How many markdown elements whose text is never linked (links, images, table headers)
    /// are open.
    skip: usize,
    /// How many such raw-HTML elements are open.
    html_skip: usize,
    /// Consecutive text, linked as one run so that words split across events still match.
    pending: String,
}

impl<'g> TermLinker<'g> {
    pub(super) fn new(glossary: &'g Glossary, href: &'g str) -> Self {
        TermLinker {
            glossary,
            href,
            linked: HashSet::new(),
            skip: 0,
            html_skip: 0,
            pending: String::new(),
        }
    }

    /// Whether text arriving now may be linked.
    pub(super) fn active(&self) -> bool {
        self.skip == 0 && self.html_skip == 0 && self.linked.len() < self.glossary.by_key.len()
    }

    /// An element whose text is never linked opens (`true`) or closes.
    pub(super) fn skip(&mut self, open: bool) {
        if open {
            self.skip += 1;
        } else {
            self.skip = self.skip.saturating_sub(1);
        }
    }

    /// Raw HTML went by: follow the elements it opens and closes.
    pub(super) fn html(&mut self, html: &str) {
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            let after = &rest[start..];
            let end = after.find('>').map_or(after.len(), |i| i + 1);
            let tag = &after[..end];
            let name: String = tag
                .trim_start_matches('<')
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if SKIP.contains(&name.as_str()) && !tag.ends_with("/>") {
                if tag.starts_with("</") {
                    self.html_skip = self.html_skip.saturating_sub(1);
                } else {
                    self.html_skip += 1;
                }
            }
            rest = &after[end..];
        }
    }

    /// Text that may be linked, held until the run of text ends.
    pub(super) fn text(&mut self, text: &str) {
        self.pending.push_str(text);
    }

    /// The run of text held so far, as events: text, and links around the first use of each
    /// term.
    pub(super) fn flush(&mut self) -> Vec<Event<'static>> {
        if self.pending.is_empty() {
            return Vec::new();
        }
        let text = std::mem::take(&mut self.pending);
        let mut out = Vec::new();
        let mut last = 0;
        for m in self.glossary.pattern.find_iter(&text) {
            let key = m.as_str().to_lowercase();
            if self.linked.contains(&key) {
                continue;
            }
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let Some(term) = self.glossary.term_at(m.as_str(), before, after) else {
                continue;
            };
            self.linked.insert(key);
            if last < m.start() {
                out.push(Event::Text(CowStr::from(text[last..m.start()].to_string())));
            }
            out.push(Event::InlineHtml(CowStr::from(format!(
                "<a class=\"term\" href=\"{}#term-{}\" title=\"{}\">",
                escape_html(self.href),
                escape_html(&term.slug),
                escape_html(&term.definition),
            ))));
            out.push(Event::Text(CowStr::from(m.as_str().to_string())));
            out.push(Event::InlineHtml(CowStr::from("</a>")));
            last = m.end();
        }
        if last < text.len() {
            out.push(Event::Text(CowStr::from(text[last..].to_string())));
        }
        out
    }
}
