//! Writing a page's events as HTML, remembering where things ended up: the byte offset after
//! each heading (where a view's generated catalog goes) and of each glossary row (which gets
//! its term's anchor). Offsets are taken while pulldown-cmark writes, so nothing searches the
//! HTML afterwards.

use pulldown_cmark::Event;

use crate::util::escape_html;

/// Gives the table rows starting at `anchors` (byte offsets of their `<tr>`) their glossary
/// anchors, moving the `offsets` after them along.
pub(super) fn anchor_rows(
    html: String,
    anchors: &[(usize, String)],
    offsets: &mut [Option<usize>],
) -> String {
    if anchors.is_empty() {
        return html;
    }
    let mut out = String::with_capacity(html.len() + anchors.len() * 24);
    let mut last = 0;
    let mut inserted: Vec<(usize, usize)> = Vec::new();
    for (at, slug) in anchors {
        let at = at + "<tr".len();
        if !html.is_char_boundary(at) || !html[..at].ends_with("<tr") || at < last {
            continue;
        }
        out.push_str(&html[last..at]);
        let id = format!(" id=\"term-{}\"", escape_html(slug));
        inserted.push((at, id.len()));
        out.push_str(&id);
        last = at;
    }
    out.push_str(&html[last..]);
    for offset in offsets.iter_mut().flatten() {
        *offset += inserted
            .iter()
            .filter(|(at, _)| *at <= *offset)
            .map(|(_, len)| len)
            .sum::<usize>();
    }
    out
}

/// Writes `events` as HTML into `html`; returns, for each of `marks` (an index into `events`),
/// the byte offset in `html` where the events before it end.
pub(super) fn write_html(
    html: &mut String,
    events: Vec<Event<'_>>,
    marks: &[Option<usize>],
) -> Vec<Option<usize>> {
    /// Appends to the HTML and remembers its length, for the events being yielded.
    struct Counted<'s> {
        html: &'s mut String,
        len: &'s std::cell::Cell<usize>,
    }
    impl std::fmt::Write for Counted<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.html.push_str(s);
            self.len.set(self.html.len());
            Ok(())
        }
    }
    let len = std::cell::Cell::new(html.len());
    let mut at: Vec<Option<usize>> = vec![None; marks.len()];
    let mut pending: Vec<(usize, usize)> = marks
        .iter()
        .enumerate()
        .filter_map(|(m, i)| i.map(|i| (i, m)))
        .collect();
    pending.sort_unstable();
    let mut next = 0;
    let count = events.len();
    let events = events.into_iter().enumerate().map(|(i, event)| {
        while next < pending.len() && pending[next].0 == i {
            at[pending[next].1] = Some(len.get());
            next += 1;
        }
        event
    });
    // Writing into a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(Counted { html, len: &len }, events);
    for &(i, m) in &pending[next..] {
        if i >= count {
            at[m] = Some(len.get());
        }
    }
    at
}
