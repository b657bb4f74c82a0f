//! Event-level rewrites that need to look ahead, done on a page's events before they are
//! walked: attribute lists after links and images (remembered by the start event's index, as
//! the walker writes those tags itself) and at the end of paragraphs (applied here), and the
//! `[TOC]` marker paragraph.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::TocEntry;
use super::attrs::{self, Attrs};
use crate::util::escape_html;

/// The HTML comment that stands where the table of contents goes until the page's headings
/// are known.
pub(super) const TOC_MARKER: &str = "<!--sadoc:toc-->\n";

/// Whether a page's text may need the prepass (a cheap test on the source): a `{` right after
/// a `)` (a link's or image's attribute list) or first on its line (a paragraph's), or `[TOC]`.
pub(super) fn needed(text: &str) -> bool {
    let bytes = text.as_bytes();
    let attrs = text.match_indices('{').any(|(i, _)| {
        let before = bytes[..i].iter().rev().find(|&&b| b != b' ' && b != b'\t');
        matches!(before, None | Some(b')' | b'\n'))
    });
    attrs || text.contains("[TOC]")
}

/// Applies the rewrites to `events`; returns the attributes of links and images by the index
/// of their start event.
pub(super) fn apply(events: &mut [(Event<'_>, Range<usize>)]) -> HashMap<usize, Attrs> {
    let mut found = HashMap::new();
    for i in 0..events.len() {
        match &events[i].0 {
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let Some((Event::Text(text), _)) = events.get(i + 1) else {
                    continue;
                };
                let Some((list, len)) = attrs::parse_start(text) else {
                    continue;
                };
                let rest = text[len..].to_string();
                if let Some(start) = matching_start(events, i) {
                    found.insert(start, list);
                    events[i + 1].0 = Event::Text(CowStr::from(rest));
                }
            }
            Event::End(TagEnd::Paragraph) => paragraph_end(events, i),
            _ => {}
        }
    }
    found
}

/// The index of the `Start` of the link or image that ends at `end`.
fn matching_start(events: &[(Event<'_>, Range<usize>)], end: usize) -> Option<usize> {
    let mut depth = 0;
    for j in (0..end).rev() {
        match &events[j].0 {
            Event::End(TagEnd::Link | TagEnd::Image) => depth += 1,
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) if depth == 0 => return Some(j),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => depth -= 1,
            _ => {}
        }
    }
    None
}

/// A paragraph ending at `end`: `[TOC]` alone becomes the marker; a last line that is an
/// attribute list gives the paragraph its attributes.
fn paragraph_end(events: &mut [(Event<'_>, Range<usize>)], end: usize) {
    if end < 2 {
        return;
    }
    if let (Event::Start(Tag::Paragraph), Event::Text(text)) =
        (&events[end - 2].0, &events[end - 1].0)
        && text.trim() == "[TOC]"
    {
        events[end - 2].0 = Event::Html(CowStr::Borrowed(TOC_MARKER));
        events[end - 1].0 = Event::Text(CowStr::Borrowed(""));
        events[end].0 = Event::Text(CowStr::Borrowed(""));
        return;
    }
    let (Event::Text(text), Event::SoftBreak) = (&events[end - 1].0, &events[end - 2].0) else {
        return;
    };
    let Some((list, len)) = attrs::parse_start(text.trim()) else {
        return;
    };
    if len != text.trim().len() {
        return;
    }
    let Some(start) = (0..end - 2)
        .rev()
        .find(|&j| matches!(events[j].0, Event::Start(Tag::Paragraph)))
    else {
        return;
    };
    events[start].0 = Event::Html(CowStr::from(format!("<p{}>", list.html())));
    events[end - 2].0 = Event::Text(CowStr::Borrowed(""));
    events[end - 1].0 = Event::Text(CowStr::Borrowed(""));
    events[end].0 = Event::Html(CowStr::Borrowed("</p>\n"));
}

/// The table of contents a `[TOC]` marker stands for.
pub(super) fn toc_html(toc: &[TocEntry]) -> String {
    let mut html = String::from("<nav class=\"toc\"><ul>\n");
    let mut nested = false;
    for entry in toc {
        if entry.level == 3 && !nested {
            html.push_str("<ul>\n");
            nested = true;
        } else if entry.level == 2 && nested {
            html.push_str("</ul>\n");
            nested = false;
        }
        html.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>\n",
            escape_html(&entry.id),
            escape_html(&entry.title)
        ));
    }
    if nested {
        html.push_str("</ul>\n");
    }
    html.push_str("</ul></nav>\n");
    html
}
