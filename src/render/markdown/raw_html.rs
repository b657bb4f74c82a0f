//! The attributes of raw HTML that matter to a page: `href` and `src` (links, rewritten and
//! checked like markdown links) and `id`/`name` (anchors), outside HTML comments — which may
//! open in one chunk of raw HTML and close in a later one.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::LinkKind;

static HTML_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(href|src|id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid regex")
});

/// One attribute of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Attr {
    /// `id=` or `name=`: an anchor; the value's byte range.
    Anchor(Range<usize>),
    /// `href=` or `src=`: a link of that kind; the value's byte range.
    Link(LinkKind, Range<usize>),
}

/// The anchors and links of a chunk of raw HTML, in order, skipping those inside comments;
/// `in_comment` carries an unclosed comment from one chunk to the next.
pub(super) fn attributes(html: &str, in_comment: &mut bool) -> Vec<Attr> {
    let comments = comment_ranges(html, in_comment);
    if !html.contains('=') {
        return Vec::new();
    }
    HTML_ATTR
        .captures_iter(html)
        .filter_map(|caps| {
            let value = caps.get(2).or_else(|| caps.get(3))?;
            if comments.iter().any(|r| r.contains(&value.start())) {
                return None;
            }
            let range = value.range();
            Some(match caps[1].to_ascii_lowercase().as_str() {
                "id" | "name" => Attr::Anchor(range),
                "src" => Attr::Link(LinkKind::Image, range),
                _ => Attr::Link(LinkKind::Link, range),
            })
        })
        .collect()
}

/// The byte ranges of `html` inside HTML comments; `open` carries an unclosed comment from one
/// chunk of raw HTML to the next.
fn comment_ranges(html: &str, open: &mut bool) -> Vec<Range<usize>> {
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
