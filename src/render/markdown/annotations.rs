//! Code annotations, as mkdocs-material shows them (`content.code.annotate`, or `{ .annotate }`
//! on a block): a marker `(1)` in a code comment becomes a button that shows item 1 of the
//! ordered list right after the block, and that list leaves the page. With `(1)!` the whole
//! comment gives way to the button.
//!
//! mkdocs-material moves the list with its JavaScript; sadoc does it when the page is built, so
//! the page works without it: each button opens its note as a popover (`popovertarget`), which
//! the browser opens and closes with the mouse and the keyboard (Enter, Space, Escape) by
//! itself; the theme's script only places it beside its button.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Tag, TagEnd};
use regex::Regex;

/// A comment of highlighted code (sadoc's token class `c`) and its text.
static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<span class="c">([^<]*)</span>"#).expect("valid regex"));

/// A marker in a comment's text: `(1)`, and `(1)!` for a comment that is only the marker.
static MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\((\d+)\)(!)?").expect("valid regex"));

/// Whether a code block's HTML has a marker in a comment.
pub fn has_markers(html: &str) -> bool {
    COMMENT
        .captures_iter(html)
        .any(|c| c.get(1).is_some_and(|t| MARKER.is_match(t.as_str())))
}

/// Attaches the ordered list after each annotated code block (`blocks`: their indices in
/// `events`) to its markers. The list's events become empty, so indices into `events` stay
/// valid. `page` numbers the ids of the page's notes.
pub fn attach(events: &mut [Event<'_>], blocks: &[usize]) {
    for (n, &at) in blocks.iter().enumerate() {
        let Some((start, end)) = list_after(events, at) else {
            continue;
        };
        let items = items(&events[start..=end]);
        let Event::Html(code) = &events[at] else {
            continue;
        };
        let Some(html) = annotate(code, &items, n + 1) else {
            continue;
        };
        events[at] = Event::Html(html.into());
        for event in &mut events[start..=end] {
            *event = Event::Html("".into());
        }
    }
}

/// The ordered list right after the event at `at`: its first and last event.
fn list_after(events: &[Event<'_>], at: usize) -> Option<(usize, usize)> {
    let start = at + 1;
    if !matches!(events.get(start), Some(Event::Start(Tag::List(Some(_))))) {
        return None;
    }
    let mut depth = 0;
    for (i, event) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => {
                depth -= 1;
                if depth == 0 {
                    return Some((start, i));
                }
            }
            _ => {}
        }
    }
    None
}

/// The HTML of each item of a list (its events, the list's own start and end included).
fn items(list: &[Event<'_>]) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut current: Vec<Event<'_>> = Vec::new();
    for event in &list[1..list.len().saturating_sub(1)] {
        match event {
            Event::Start(Tag::Item) if depth == 0 => {
                depth = 1;
                current.clear();
                continue;
            }
            Event::End(TagEnd::Item) if depth == 1 => {
                depth = 0;
                let mut html = String::new();
                pulldown_cmark::html::push_html(&mut html, current.drain(..));
                items.push(html.trim().to_string());
                continue;
            }
            Event::Start(Tag::Item) => depth += 1,
            Event::End(TagEnd::Item) => depth -= 1,
            _ => {}
        }
        current.push(event.clone());
    }
    items
}

/// The code block's HTML with a button for each marker that has a note, and the notes after
/// it; `None` when no marker has one.
fn annotate(code: &str, notes: &[String], block: usize) -> Option<String> {
    let mut used = vec![false; notes.len()];
    let out = COMMENT.replace_all(code, |c: &regex::Captures<'_>| {
        let text = c.get(1).map_or("", |m| m.as_str());
        let mut stripped = false;
        let replaced = MARKER.replace_all(text, |m: &regex::Captures<'_>| {
            let n: usize = m[1].parse().unwrap_or(0);
            if n == 0 || n > notes.len() {
                return m[0].to_string();
            }
            used[n - 1] = true;
            stripped |= m.get(2).is_some();
            format!(
                "<button class=\"annotation\" type=\"button\" popovertarget=\"annotation-{block}-{n}\" aria-label=\"Annotation {n}\">{n}</button>"
            )
        });
        if stripped {
            // `(1)!`: the comment is only there for the marker; only the buttons stay.
            let buttons: String = MARKER_BUTTON
                .find_iter(&replaced)
                .map(|m| m.as_str())
                .collect();
            buttons
        } else {
            format!("<span class=\"c\">{replaced}</span>")
        }
    });
    if !used.iter().any(|u| *u) {
        return None;
    }
    let mut html = out.into_owned();
    let trailing = html.len() - html.trim_end().len();
    let end = html.len() - trailing;
    let mut bodies = String::from("<div class=\"annotations\">");
    for (i, note) in notes.iter().enumerate().filter(|(i, _)| used[*i]) {
        bodies.push_str(&format!(
            "<div class=\"annotation-body\" id=\"annotation-{block}-{n}\" popover role=\"note\">{note}</div>",
            n = i + 1
        ));
    }
    bodies.push_str("</div>");
    html.insert_str(end, &bodies);
    Some(html)
}

/// A button [`annotate`] wrote.
static MARKER_BUTTON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<button class=.annotation.[^>]*>\d+</button>").expect("valid regex")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_become_buttons_and_the_notes_follow_the_block() {
        let code = "<pre class=\"hl-code\"><code><span class=\"line\">x: 1 <span class=\"c\"># (1)!</span></span>\n<span class=\"line\">y: 2 <span class=\"c\"># the y (2)</span></span>\n<span class=\"line\">z: 3 <span class=\"c\"># (9)</span></span>\n</code></pre>\n";
        let notes = vec!["<p>First</p>".to_string(), "Second".to_string()];
        let html = annotate(code, &notes, 3).unwrap();
        assert!(html.contains("x: 1 <button class=\"annotation\" type=\"button\" popovertarget=\"annotation-3-1\" aria-label=\"Annotation 1\">1</button></span>"), "{html}");
        assert!(html.contains("<span class=\"c\"># the y <button class=\"annotation\" type=\"button\" popovertarget=\"annotation-3-2\""), "{html}");
        assert!(
            html.contains("<span class=\"c\"># (9)</span>"),
            "a marker without a note stays: {html}"
        );
        assert!(html.ends_with("</code></pre><div class=\"annotations\"><div class=\"annotation-body\" id=\"annotation-3-1\" popover role=\"note\"><p>First</p></div><div class=\"annotation-body\" id=\"annotation-3-2\" popover role=\"note\">Second</div></div>\n"), "{html}");
        assert_eq!(annotate("<span class=\"c\"># none</span>", &notes, 1), None);
    }
}
