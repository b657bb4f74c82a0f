//! Python-Markdown's reading of raw HTML at the start of a block: only its block-level
//! elements (`<div>`, `<table>`, `<details>`…) begin raw HTML; a block that starts with an
//! inline tag (`<small>`, `<br/>`, `<span class="x">`) is a paragraph, and the markdown in it
//! is rendered. CommonMark makes such a block raw HTML when the tag stands alone on its line
//! (or is one of CommonMark's own block tag names), showing `**bold**` as typed. So before
//! parsing, those tags are replaced by placeholders that read as text; the walker turns each
//! back into the inline HTML it was ([`split`]).

use std::sync::LazyLock;

use regex::Regex;

use super::inline::Piece;
use crate::util::fence::Fences;

/// Starts a placeholder; its number and [`END`] follow. Private-use characters, which no
/// markdown syntax reads.
pub(super) const START: char = '\u{E003}';
const END: char = '\u{E004}';

/// Python-Markdown's `BLOCK_LEVEL_ELEMENTS`: the tags that begin raw HTML blocks in MkDocs.
const PYTHON_BLOCK_LEVEL: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "canvas",
    "colgroup",
    "dd",
    "body",
    "dt",
    "group",
    "html",
    "iframe",
    "li",
    "legend",
    "math",
    "map",
    "noscript",
    "output",
    "object",
    "option",
    "progress",
    "script",
    "style",
    "summary",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "tr",
    "video",
    "center",
];

/// CommonMark's HTML block condition 6: these names begin raw HTML whatever follows them.
const COMMONMARK_BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// A complete opening or closing tag at the start of a line (CommonMark's definition).
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^ {0,3}(<(/?)([A-Za-z][A-Za-z0-9-]*)(?:[ \t]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \t]*=[ \t]*(?:[^ \t"'=<>`]+|'[^']*'|"[^"]*"))?)*[ \t]*/?>)"#,
    )
    .expect("valid regex")
});

/// A page's text with the inline tags that start blocks hidden, and the tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Hidden {
    pub text: String,
    pub tags: Vec<String>,
}

/// Hides every inline tag that starts a block where CommonMark would begin raw HTML; `None`
/// when there is none (the common case). Lines keep their number.
pub(super) fn hide(text: &str) -> Option<Hidden> {
    let bytes = text.as_bytes();
    let may = bytes.first() == Some(&b'<') || memchr::memmem::find(bytes, b"\n<").is_some();
    if !may && !text.contains("\n <") && !text.contains("\n  <") && !text.contains("\n   <") {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut tags = Vec::new();
    let mut fences = Fences::new();
    // Whether the next line starts a block: the first line, or after a blank line or a heading.
    let mut block_start = true;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let inside = fences.line(body);
        let hidden = (!inside && block_start)
            .then(|| TAG.captures(body))
            .flatten()
            .filter(|c| {
                let name = c[3].to_ascii_lowercase();
                let alone = body[c.get(1).map_or(0, |m| m.end())..].trim().is_empty();
                !PYTHON_BLOCK_LEVEL.contains(&name.as_str())
                    && !matches!(name.as_str(), "pre" | "script" | "style" | "textarea")
                    && (alone || (c[2].is_empty() && COMMONMARK_BLOCK.contains(&name.as_str())))
            });
        match hidden.and_then(|c| c.get(1)) {
            Some(tag) => {
                out.push_str(&line[..tag.start()]);
                out.push(START);
                out.push_str(&tags.len().to_string());
                out.push(END);
                tags.push(tag.as_str().to_string());
                out.push_str(&line[tag.end()..]);
            }
            None => out.push_str(line),
        }
        let trimmed = body.trim_start();
        block_start = !inside && (trimmed.is_empty() || trimmed.starts_with('#'));
    }
    (!tags.is_empty()).then_some(Hidden { text: out, tags })
}

/// `text` with its placeholders turned back into their tags: text and HTML pieces in order;
/// `None` when it has none.
pub(super) fn split(text: &str, tags: &[String]) -> Option<Vec<Piece>> {
    if !text.contains(START) {
        return None;
    }
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(START) {
        let after = &rest[at + START.len_utf8()..];
        let Some(end) = after.find(END) else {
            break;
        };
        let Some(tag) = after[..end].parse::<usize>().ok().and_then(|n| tags.get(n)) else {
            break;
        };
        if at > 0 {
            pieces.push(Piece::Text(rest[..at].to_string()));
        }
        pieces.push(Piece::Html(tag.clone()));
        rest = &after[end + END.len_utf8()..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hidden(text: &str) -> Vec<String> {
        hide(text).map(|h| h.tags).unwrap_or_default()
    }

    #[test]
    fn inline_tags_alone_at_a_block_start_are_hidden() {
        assert_eq!(
            hidden("<small>\n**Bold**\n</small>\n\n<br/>\n*x*\n\n<span class=\"a b\">\ny\n"),
            ["<small>", "<br/>", "<span class=\"a b\">"]
        );
        assert_eq!(
            hidden("## Title\n<img src=\"a.png\">\n"),
            ["<img src=\"a.png\">"]
        );
        assert_eq!(hidden("</span>\n"), ["</span>"]);
    }

    #[test]
    fn block_tags_code_and_inline_tags_in_paragraphs_stay() {
        for text in [
            "<div>\n**raw**\n</div>\n",
            "<details>\n<summary>x</summary>\n",
            "<kbd>Ctrl</kbd> + **C**\n",
            "Text\n<small>\nmore\n",
            "```\n\n<small>\n```\n",
            "    <small>\n",
            "<!-- comment -->\n",
            "<pre>\nx\n</pre>\n",
        ] {
            assert_eq!(hidden(text), Vec::<String>::new(), "{text:?}");
        }
    }

    #[test]
    fn placeholders_come_back_as_html() {
        let h = hide("<small>\nx\n").unwrap();
        let first = h.text.lines().next().unwrap();
        assert_eq!(
            split(first, &h.tags),
            Some(vec![Piece::Html("<small>".to_string())])
        );
        assert_eq!(split("plain", &h.tags), None);
    }
}
