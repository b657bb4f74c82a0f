//! mkdocs-style admonitions (`!!! note "Title"` with an indented body) and collapsible ones
//! (`??? note`, `???+ note`), which CommonMark does not know.
//!
//! Before parsing, each admonition becomes an HTML `<div>` (or `<details>`) around its dedented
//! body, so the body is still parsed as markdown. The rewrite keeps a map from every produced
//! line back to the source line and the columns removed, so diagnostics still point at the
//! user's file.

use std::sync::LazyLock;

use regex::Regex;

use crate::util::escape_html;
use crate::util::fence::Fences;

/// Markdown with admonitions rewritten, and where each of its lines came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewritten {
    /// The rewritten markdown.
    pub text: String,
    /// For each line of `text`: the 0-based source line and the bytes removed from its start.
    pub lines: Vec<(u32, u32)>,
}

static START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(!!!|\?\?\?\+?)[ \t]+([A-Za-z][\w-]*)((?:[ \t]+[A-Za-z][\w-]*)*)[ \t]*(?:"(.*)")?[ \t]*$"#)
        .expect("valid regex")
});

struct Open {
    indent: usize,
    details: bool,
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

/// Rewrites the admonitions of `body`; `None` when it has none (the common case).
pub fn rewrite(body: &str) -> Option<Rewritten> {
    if !body.contains("!!!") && !body.contains("???") {
        return None;
    }
    let mut out = Rewritten {
        text: String::with_capacity(body.len() + 256),
        lines: Vec::new(),
    };
    let push = |out: &mut Rewritten, text: &str, source: usize, removed: usize| {
        out.text.push_str(text);
        out.text.push('\n');
        out.lines.push((source as u32, removed as u32));
    };
    let mut stack: Vec<Open> = Vec::new();
    let mut fences = Fences::new();
    let mut found = false;
    let mut last_line = 0;
    for (i, line) in body.lines().enumerate() {
        last_line = i;
        if !stack.is_empty() && line.trim().is_empty() {
            push(&mut out, "", i, 0);
            continue;
        }
        while let Some(open) = stack.last() {
            if indent_width(line) >= open.indent {
                break;
            }
            let close = if open.details { "</details>" } else { "</div>" };
            stack.pop();
            fences = Fences::new();
            push(&mut out, "", i.saturating_sub(1), 0);
            push(&mut out, close, i.saturating_sub(1), 0);
            push(&mut out, "", i.saturating_sub(1), 0);
        }
        let required = stack.last().map_or(0, |o| o.indent);
        let (content, removed) = dedent(line, required);
        if !fences.is_open()
            && let Some(c) = START.captures(content)
        {
            found = true;
            let marker = &c[1];
            let kind = c[2].to_ascii_lowercase();
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
                None => crate::util::paths::humanize(&kind),
            };
            let details = marker.starts_with('?');
            let open_tag = if details {
                let open = if marker.ends_with('+') { " open" } else { "" };
                format!(
                    "<details class=\"admonition {classes}\"{open}><summary class=\"admonition-title\">{}</summary>",
                    escape_html(&title)
                )
            } else if title.is_empty() {
                format!("<div class=\"admonition {classes}\">")
            } else {
                format!(
                    "<div class=\"admonition {classes}\"><p class=\"admonition-title\">{}</p>",
                    escape_html(&title)
                )
            };
            push(&mut out, &open_tag, i, removed);
            push(&mut out, "", i, 0);
            stack.push(Open {
                indent: required + 4,
                details,
            });
            continue;
        }
        fences.line(content);
        push(&mut out, content, i, removed);
    }
    while let Some(open) = stack.pop() {
        let close = if open.details { "</details>" } else { "</div>" };
        push(&mut out, "", last_line, 0);
        push(&mut out, close, last_line, 0);
    }
    found.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn nested_admonitions() {
        let r = rewrite("!!! note\n    outer\n\n    !!! danger\n        inner\n").unwrap();
        assert_eq!(r.text.matches("<div class=\"admonition").count(), 2);
        assert_eq!(r.text.matches("</div>").count(), 2);
        assert!(r.text.contains("\ninner\n"));
    }
}
