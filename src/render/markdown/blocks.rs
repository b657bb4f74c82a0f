//! The indented container blocks of Python-Markdown and PyMdown, which CommonMark does not
//! know: admonitions (`!!! note "Title"`), collapsible ones (`??? note`, `???+ note`) and
//! content tabs (`=== "Python"`, `===+` selected, `===!` starting a new set), definitions
//! that follow no term (`:   text` after a heading or a list, which Python-Markdown's
//! `def_list` makes a `<dd>` of) — plus the abbreviation definitions
//! (`*[HTML]: Hyper Text Markup Language`) that stand on lines of their own.
//!
//! Before parsing, each container becomes HTML around its dedented body, so the body is still
//! parsed as markdown; tabs become the radio-button markup of `pymdownx.tabbed`'s alternate
//! style, so they switch without JavaScript. The rewrite keeps a map from every produced line
//! back to the source line and the columns removed, so diagnostics still point at the user's
//! file.

use std::sync::LazyLock;

use regex::Regex;

use super::icons::Icons;
use crate::util::fence::Fences;

/// Markdown with admonitions rewritten, and where each of its lines came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewritten {
    /// The rewritten markdown.
    pub text: String,
    /// For each line of `text`: the 0-based source line and the bytes removed from its start.
    pub lines: Vec<(u32, u32)>,
    /// Abbreviations defined on the page: the abbreviation and its expansion, in order.
    pub abbreviations: Vec<(String, String)>,
}

static START: LazyLock<Regex> = LazyLock::new(|| {
    // Python-Markdown's admonition (`!!! ?type`, the type required) and pymdownx.details
    // (`??? ?type`, or only a title: `??? "Raw data"`), one space after the marker optional.
    Regex::new(r#"^(!!!|\?\?\?\+?) ?(?:([\w-]+)((?:[ \t]+[\w-]+)*))?(?:[ \t]+"(.*?)")?[ \t]*$"#)
        .expect("valid regex")
});

static TAB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^===([+!]{0,2})[ \t]+"(.*)"[ \t]*$"#).expect("valid regex"));

/// A definition's first line (`def_list`): a colon, one to three spaces, the text.
static DEFINITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}: {1,3}(\S.*)$").expect("valid regex"));

/// A line that ends the block before it and is complete: an ATX heading or a thematic break.
static CLOSED_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ {0,3}(?:#{1,6}(?:[ \t].*)?|(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
        .expect("valid regex")
});

/// What the last block of the current container was, as far as a definition cares: a
/// paragraph is its term (CommonMark's definition lists handle that); after anything else a
/// definition is one of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    /// Nothing yet: a `: text` line is a paragraph, as in Python-Markdown.
    Start,
    Paragraph,
    /// A block that further lines may continue: a list, a quote, a table, code, HTML.
    Open,
    /// A block that is complete: a heading, a rule, a container.
    Closed,
}

/// What the last block is after the non-blank `content` line (`extra` columns indented),
/// given the block before it and whether a blank line came between.
fn next_block(content: &str, extra: usize, last: Last, blank: bool) -> Last {
    let t = content.trim_start_matches([' ', '\t']);
    if extra < 4 && CLOSED_LINE.is_match(content) {
        return Last::Closed;
    }
    if extra < 4 && !blank && last == Last::Paragraph && t.trim_end().bytes().all(|b| b == b'=') {
        return Last::Closed; // a setext heading's underline
    }
    if LIST_ITEM.is_match(content)
        || (extra < 4 && (t.starts_with('>') || t.starts_with("```") || t.starts_with("~~~")))
    {
        return Last::Open;
    }
    if !blank && matches!(last, Last::Paragraph | Last::Open) {
        return last;
    }
    if (blank && extra >= 4) || t.starts_with('<') || t.starts_with('|') {
        Last::Open
    } else {
        Last::Paragraph
    }
}

static ABBREVIATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\*\[([^\]]+)\]:[ \t]*(.*)$").expect("valid regex"));

/// What an open container closes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Div,
    Details,
    /// A content tab, and how many tabs of its set follow it.
    Tab {
        after: usize,
    },
    /// A definition without a term.
    Definition,
}

struct Open {
    /// The source column its body starts at.
    indent: usize,
    /// The output column its markup and body are written at (deeper than 0 inside a list
    /// item, so the list item keeps them).
    out: usize,
    kind: Kind,
    /// The list context around its header, back in force once it closes.
    list: Option<usize>,
}

/// A list item's marker: what follows it is the item's content.
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+").expect("valid regex"));

impl Open {
    /// The lines that close this container (and its tab set, after the set's last tab).
    fn close(&self) -> &'static str {
        match self.kind {
            Kind::Div => "</div>",
            Kind::Details => "</details>",
            Kind::Tab { after: 0 } => "</div>\n</div>\n</div>",
            Kind::Tab { .. } => "</div>",
            Kind::Definition => "</dd>\n</dl>",
        }
    }
}

/// The tabs of the set whose first tab header is `lines[start]`, at `indent` columns: each
/// tab's label and whether it is marked selected (`===+`).
fn tab_set(lines: &[&str], start: usize, indent: usize) -> Vec<(String, bool)> {
    let mut tabs = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(start) {
        if line.trim().is_empty() || (i > start && indent_width(line) >= indent + 4) {
            continue;
        }
        let (content, _) = dedent(line, indent);
        match TAB.captures(content) {
            Some(c) if i == start || (indent_width(line) == indent && !c[1].contains('!')) => {
                tabs.push((c[2].to_string(), c[1].contains('+')));
            }
            _ => break,
        }
    }
    tabs
}

/// The opening markup of a tab set: its radio buttons and labels.
fn tab_set_start(set: usize, tabs: &[(String, bool)], icons: &Icons) -> String {
    let selected = tabs.iter().position(|(_, s)| *s).unwrap_or(0);
    let mut html = format!(
        "<div class=\"tabbed-set tabbed-alternate\" data-tabs=\"{set}:{}\">",
        tabs.len()
    );
    for i in 0..tabs.len() {
        let checked = if i == selected {
            " checked=\"checked\""
        } else {
            ""
        };
        html.push_str(&format!(
            "<input{checked} id=\"__tabbed_{set}_{n}\" name=\"__tabbed_{set}\" type=\"radio\">",
            n = i + 1
        ));
    }
    html.push_str("<div class=\"tabbed-labels\">");
    for (i, (label, _)) in tabs.iter().enumerate() {
        html.push_str(&format!(
            "<label for=\"__tabbed_{set}_{n}\">{}</label>",
            inline_markdown(label, icons),
            n = i + 1
        ));
    }
    html.push_str("</div>\n<div class=\"tabbed-content\">");
    html
}

/// Python's `str.capitalize`: the first character upper-cased, the rest lower-cased.
fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// A title or label as Python-Markdown renders one: its inline markdown (code, emphasis, links,
/// and PyMdown's inline syntax: icons, emoji, keys, marks) as HTML, never a block (a title
/// starting with `#` or `-` is not a heading or a list).
pub(super) fn inline_markdown(text: &str, icons: &Icons) -> String {
    use pulldown_cmark::{Event, Options, Parser, html};
    // A character no block starts with, first, keeps the text one paragraph.
    const START: char = '\u{E001}';
    let source = format!("{START}{text}");
    let mut out = String::new();
    let none = super::inline::Abbreviations::default();
    let events = Parser::new_ext(&source, Options::ENABLE_STRIKETHROUGH).map(|event| match event {
        Event::Text(t) if super::inline::may_have(&t, &none) => {
            match super::inline::split(&t, &none, icons, &mut Vec::new()) {
                Some(pieces) => Event::InlineHtml(
                    pieces
                        .into_iter()
                        .map(|p| match p {
                            super::inline::Piece::Text(t) => crate::util::escape_html(&t),
                            super::inline::Piece::Html(h) => h,
                        })
                        .collect::<String>()
                        .into(),
                ),
                None => Event::Text(t),
            }
        }
        other => other,
    });
    html::push_html(&mut out, events);
    let inner = out
        .trim()
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .unwrap_or(&out);
    inner.replacen(START, "", 1)
}

/// Width of a line's leading whitespace, tabs counting to the next multiple of four.
fn indent_width(line: &str) -> usize {
    let mut width = 0;
    for c in line.chars() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - width % 4,
            _ => break,
        }
    }
    width
}

/// Removes up to `columns` of leading whitespace; returns the rest and the bytes removed.
fn dedent(line: &str, columns: usize) -> (&str, usize) {
    let mut width = 0;
    for (i, c) in line.char_indices() {
        if width >= columns {
            return (&line[i..], i);
        }
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - width % 4,
            _ => return (&line[i..], i),
        }
    }
    ("", line.len())
}

/// Whether `body` may hold a container block or an abbreviation definition: a line that
/// starts (after its indent) as one does.
fn may_have_blocks(body: &str) -> bool {
    // One walk over the line starts (found with memchr): most pages have no marker at all.
    let bytes = body.as_bytes();
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
        .any(|start| {
            let line = &bytes[start..];
            let indent = line
                .iter()
                .position(|&b| b != b' ' && b != b'\t')
                .unwrap_or(line.len());
            matches!(
                line[indent..],
                [b'!', b'!', b'!', ..]
                    | [b'?', b'?', b'?', ..]
                    | [b'=', b'=', b'=', ..]
                    | [b'*', b'[', ..]
                    | [b':', b' ', ..]
            )
        })
}

/// Rewrites the containers and abbreviation definitions of `body`; `None` when it has none
/// (the common case).
pub fn rewrite(body: &str) -> Option<Rewritten> {
    rewrite_with(body, &Icons::default())
}

/// [`rewrite`], with the project's own icons for shortcodes in titles and labels.
pub fn rewrite_with(body: &str, icons: &Icons) -> Option<Rewritten> {
    if !may_have_blocks(body) {
        return None;
    }
    let mut out = Rewritten {
        text: String::with_capacity(body.len() + 256),
        lines: Vec::new(),
        abbreviations: Vec::new(),
    };
    // Writes `text` line by line, each indented by `pad` spaces.
    let push_at = |out: &mut Rewritten, pad: usize, text: &str, source: usize, removed: usize| {
        for line in text.split('\n') {
            if !line.is_empty() {
                out.text.extend(std::iter::repeat_n(' ', pad));
            }
            out.text.push_str(line);
            out.text.push('\n');
            out.lines.push((source as u32, removed as u32));
        }
    };
    let push = |out: &mut Rewritten, text: &str, source: usize, removed: usize| {
        push_at(out, 0, text, source, removed)
    };
    let lines: Vec<&str> = body.lines().collect();
    let mut stack: Vec<Open> = Vec::new();
    let mut fences = Fences::new();
    let mut found = false;
    let mut last_line = 0;
    let mut sets = 0;
    // The tabs still to come of the set whose tab just closed, at that tab's depth.
    let mut continuing: Option<(usize, usize)> = None;
    // Inside a list item: the column (relative to the innermost container) its content
    // starts at. Containers there may be indented to it, as Python-Markdown reads them.
    let mut list: Option<usize> = None;
    // The last block of the innermost container, whether a blank line followed it, and
    // whether the lines now are the lazy continuation of a definition's first paragraph.
    let mut last = Last::Start;
    let mut blank = false;
    let mut lazy = false;
    for (i, line) in lines.iter().copied().enumerate() {
        last_line = i;
        if line.trim().is_empty() {
            blank = true;
            lazy = false;
            if !stack.is_empty() {
                push(&mut out, "", i, 0);
                continue;
            }
        }
        if lazy
            && let Some(open) = stack.last()
            && !DEFINITION.is_match(dedent(line, open.indent.saturating_sub(4)).0)
        {
            let (content, removed) = dedent(line, open.indent);
            fences.line(content);
            push_at(
                &mut out,
                open.out,
                content,
                i,
                removed.saturating_sub(open.out),
            );
            continue;
        }
        lazy = false;
        while stack
            .last()
            .is_some_and(|open| indent_width(line) < open.indent)
        {
            let Some(open) = stack.pop() else {
                break;
            };
            fences = Fences::new();
            let at = i.saturating_sub(1);
            push(&mut out, "", at, 0);
            push_at(&mut out, open.out, open.close(), at, 0);
            push(&mut out, "", at, 0);
            list = open.list;
            last = Last::Closed;
            continuing = match open.kind {
                Kind::Tab { after } if after > 0 => Some((stack.len(), after - 1)),
                _ => None,
            };
        }
        let required = stack.last().map_or(0, |o| o.indent);
        let out_indent = stack.last().map_or(0, |o| o.out);
        let (content, removed) = dedent(line, required);
        let shift = removed.saturating_sub(out_indent);
        if fences.is_open() {
            fences.line(content);
            push_at(&mut out, out_indent, content, i, shift);
            last = Last::Open;
            blank = false;
            continue;
        }
        // A header stands at the container's column, or indented to a list item's content.
        let extra = indent_width(content);
        let header = if extra == 0 || list.is_some_and(|col| extra >= col) {
            Some(content.trim_start_matches([' ', '\t']))
        } else {
            None
        };
        let header_pad = out_indent + extra;
        if let Some(c) = header.and_then(|h| TAB.captures(h)) {
            found = true;
            let after = match continuing.take() {
                Some((depth, after)) if depth == stack.len() && !c[1].contains('!') => after,
                _ => {
                    sets += 1;
                    let tabs = tab_set(&lines, i, required + extra);
                    push_at(
                        &mut out,
                        header_pad,
                        &tab_set_start(sets, &tabs, icons),
                        i,
                        shift,
                    );
                    tabs.len().saturating_sub(1)
                }
            };
            push_at(
                &mut out,
                header_pad,
                "<div class=\"tabbed-block\">",
                i,
                shift,
            );
            push(&mut out, "", i, 0);
            stack.push(Open {
                indent: required + extra + 4,
                out: out_indent + extra,
                kind: Kind::Tab { after },
                list: list.take(),
            });
            last = Last::Start;
            continue;
        }
        continuing = None;
        if let Some(c) = header
            .and_then(|h| START.captures(h))
            .filter(|c| c.get(2).is_some() || (c[1].starts_with('?') && c.get(4).is_some()))
        {
            found = true;
            let (open_tag, kind) = admonition_start(&c, icons);
            push_at(&mut out, header_pad, &open_tag, i, shift);
            push(&mut out, "", i, 0);
            stack.push(Open {
                indent: required + extra + 4,
                out: out_indent + extra,
                kind,
                list: list.take(),
            });
            last = Last::Start;
            continue;
        }
        // A definition after a block that is not its term: Python-Markdown's `<dd>` without a
        // `<dt>` (after a heading, a rule, a list, code or a container).
        if extra <= 3
            && (list.is_none() || extra == 0)
            && (last == Last::Closed || (last == Last::Open && blank))
            && let Some(c) = DEFINITION.captures(content)
        {
            found = true;
            push_at(&mut out, out_indent, "<dl>\n<dd>", i, shift);
            push(&mut out, "", i, 0);
            let text = c.get(1).map_or(0, |m| m.start());
            push_at(
                &mut out,
                out_indent,
                &content[text..],
                i,
                (removed + text).saturating_sub(out_indent),
            );
            fences.line(&content[text..]);
            stack.push(Open {
                indent: required + 4,
                out: out_indent,
                kind: Kind::Definition,
                // At the container's column the definition ends any list before it.
                list: list.take().filter(|_| extra > 0),
            });
            last = Last::Paragraph;
            blank = false;
            lazy = true;
            continue;
        }
        if extra == 0
            && let Some(c) = ABBREVIATION.captures(content)
        {
            found = true;
            out.abbreviations
                .push((c[1].trim().to_string(), c[2].trim().to_string()));
            push(&mut out, "", i, 0);
            continue;
        }
        if !content.trim().is_empty() {
            list = match LIST_ITEM
                .find(content)
                .filter(|_| !CLOSED_LINE.is_match(content))
            {
                Some(m) => Some(indent_width(&content[..m.end()])),
                None if extra == 0 => None,
                None => list,
            };
        }
        if !content.trim().is_empty() {
            last = next_block(content, extra, last, blank);
            blank = false;
        }
        fences.line(content);
        push_at(&mut out, out_indent, content, i, shift);
    }
    while let Some(open) = stack.pop() {
        push(&mut out, "", last_line, 0);
        push_at(&mut out, open.out, open.close(), last_line, 0);
    }
    found.then_some(out)
}

/// The opening markup of an admonition whose start line matched [`START`].
fn admonition_start(c: &regex::Captures<'_>, icons: &Icons) -> (String, Kind) {
    let marker = &c[1];
    let kind = c.get(2).map_or("", |m| m.as_str()).to_ascii_lowercase();
    let extra = c
        .get(3)
        .map_or("", |m| m.as_str())
        .trim()
        .to_ascii_lowercase();
    let classes = if extra.is_empty() {
        kind.clone()
    } else {
        format!(
            "{kind} {}",
            extra.split_whitespace().collect::<Vec<_>>().join(" ")
        )
    };
    let title = match c.get(4) {
        Some(t) => t.as_str().to_string(),
        // The type's first word, capitalised, as Python-Markdown titles it.
        None => capitalize(kind.split(' ').next().unwrap_or_default()),
    };
    if marker.starts_with('?') {
        let open = if marker.ends_with('+') { " open" } else { "" };
        let tag = format!(
            "<details class=\"admonition {classes}\"{open}><summary class=\"admonition-title\">{}</summary>",
            inline_markdown(&title, icons)
        );
        (tag, Kind::Details)
    } else if title.is_empty() {
        (format!("<div class=\"admonition {classes}\">"), Kind::Div)
    } else {
        let tag = format!(
            "<div class=\"admonition {classes}\"><p class=\"admonition-title\">{}</p>",
            inline_markdown(&title, icons)
        );
        (tag, Kind::Div)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_render_their_inline_markdown_and_nothing_else() {
        assert_eq!(
            inline_markdown("Use `x` **now**", &Icons::default()),
            "Use <code>x</code> <strong>now</strong>"
        );
        assert_eq!(
            inline_markdown("# not a heading", &Icons::default()),
            "# not a heading"
        );
        assert_eq!(
            inline_markdown("- not a list", &Icons::default()),
            "- not a list"
        );
        assert_eq!(
            inline_markdown("a < b & c", &Icons::default()),
            "a &lt; b &amp; c"
        );
    }

    #[test]
    fn body_is_dedented_inside_a_div() {
        let r =
            rewrite("Intro\n\n!!! warning \"Mind the gap\"\n    Body *text*.\n\nAfter\n").unwrap();
        assert_eq!(
            r.text,
            "Intro\n\n<div class=\"admonition warning\"><p class=\"admonition-title\">Mind the gap</p>\n\nBody *text*.\n\n\n</div>\n\nAfter\n"
        );
        // "Body" came from source line 3 with 4 bytes removed.
        assert_eq!(r.lines[4], (3, 4));
    }

    #[test]
    fn a_definition_after_a_heading_or_list_is_a_dd_of_its_own() {
        let r = rewrite("## Name\n\n:   The name,\nlazily.\n\n    More.\n\nAfter\n").unwrap();
        assert_eq!(
            r.text,
            "## Name\n\n<dl>\n<dd>\n\nThe name,\nlazily.\n\nMore.\n\n\n</dd>\n</dl>\n\nAfter\n"
        );
        // "The name," came from source line 2 with its `:   ` removed.
        assert_eq!(r.lines[5], (2, 4));
        assert!(rewrite("- item\n\n:   After the list.\n").is_some());
        assert!(rewrite("* * *\n\n:   After a rule.\n").is_some());
        for left in [
            ":   First on the page: a paragraph.\n",
            "Term\n:   A term's definition, read by the parser.\n",
            "Term\n\n:   Loose, also the parser's.\n",
            "- item\n:   Lazy text of the item.\n",
        ] {
            assert_eq!(rewrite(left), None, "{left:?}");
        }
    }

    #[test]
    fn collapsible_and_default_titles() {
        let r = rewrite("???+ tip\n    Hidden\n").unwrap();
        assert!(r.text.starts_with("<details class=\"admonition tip\" open><summary class=\"admonition-title\">Tip</summary>"));
        assert!(r.text.trim_end().ends_with("</details>"));
    }

    #[test]
    fn fenced_code_is_left_alone() {
        assert!(rewrite("```\n!!! note\n    x\n```\n").is_none());
    }

    #[test]
    fn consecutive_tabs_form_one_set_with_radio_buttons() {
        let r = rewrite(
            "=== \"Python\"\n\n    ```py\n    x = 1\n    ```\n\n===+ \"Rust\"\n    Body\n\nAfter\n",
        )
        .unwrap();
        assert_eq!(
            r.text.matches("<div class=\"tabbed-set").count(),
            1,
            "{}",
            r.text
        );
        assert_eq!(r.text.matches("<div class=\"tabbed-block\">").count(), 2);
        assert!(r.text.contains("<input id=\"__tabbed_1_1\""), "{}", r.text);
        assert!(
            r.text
                .contains("<input checked=\"checked\" id=\"__tabbed_1_2\"")
        );
        assert!(r.text.contains(
            "<label for=\"__tabbed_1_1\">Python</label><label for=\"__tabbed_1_2\">Rust</label>"
        ));
        assert!(
            r.text.contains("\n```py\nx = 1\n```\n"),
            "fenced code inside is dedented: {}",
            r.text
        );
        // Labels, both blocks, content and set are closed before `After`.
        let after = r.text.find("After").unwrap();
        assert_eq!(r.text[..after].matches("</div>").count(), 5);
    }

    #[test]
    fn a_bang_starts_a_new_set() {
        let r = rewrite("=== \"A\"\n    a\n\n===! \"B\"\n    b\n").unwrap();
        assert_eq!(
            r.text.matches("<div class=\"tabbed-set").count(),
            2,
            "{}",
            r.text
        );
        assert!(r.text.contains("__tabbed_2_1"));
    }

    #[test]
    fn tabs_nest_in_admonitions_and_admonitions_in_tabs() {
        let r = rewrite("!!! note\n    === \"A\"\n        !!! tip\n            deep\n    === \"B\"\n        b\n").unwrap();
        assert_eq!(r.text.matches("tabbed-set").count(), 1, "{}", r.text);
        assert!(r.text.contains("\ndeep\n"));
        assert_eq!(
            r.text.matches("<div").count(),
            r.text.matches("</div>").count(),
            "{}",
            r.text
        );
    }

    #[test]
    fn containers_inside_list_items_stay_in_the_item() {
        let r = rewrite("1. Install:\n\n    === \"pip\"\n\n        pip install x\n\n    === \"uv\"\n\n        uv add x\n\n2. Then:\n\n    !!! tip\n        Done.\n\nAfter\n").unwrap();
        assert!(
            r.text.contains("\n    <div class=\"tabbed-set"),
            "{}",
            r.text
        );
        assert!(
            r.text.contains("\n    <div class=\"tabbed-content\">"),
            "{}",
            r.text
        );
        assert!(
            r.text.contains("\n    pip install x\n"),
            "body kept at the item's indent: {}",
            r.text
        );
        assert!(
            r.text.contains("\n    <div class=\"admonition tip\">"),
            "{}",
            r.text
        );
        assert!(r.text.contains("\n    Done.\n"));
        assert_eq!(r.text.matches("tabbed-set").count(), 1);
        // An indented block outside a list is code, as in Python-Markdown.
        assert!(rewrite("Text\n\n    !!! note\n        x\n").is_none());
    }

    #[test]
    fn abbreviation_definitions_are_collected_and_removed() {
        let r = rewrite("The HTML spec.\n\n*[HTML]: Hyper Text Markup Language\n").unwrap();
        assert_eq!(
            r.abbreviations,
            [("HTML".to_string(), "Hyper Text Markup Language".to_string())]
        );
        assert!(!r.text.contains("*[HTML]"));
        assert!(rewrite("```\n*[X]: y\n```\n").is_none());
    }

    #[test]
    fn nested_admonitions() {
        let r = rewrite("!!! note\n    outer\n\n    !!! danger\n        inner\n").unwrap();
        assert_eq!(r.text.matches("<div class=\"admonition").count(), 2);
        assert_eq!(r.text.matches("</div>").count(), 2);
        assert!(r.text.contains("\ninner\n"));
    }
}
