//! Where Python-Markdown reads a page differently from CommonMark in ways a reader sees, for
//! MkDocs projects (`markdown.python_markdown`), done on the text before it is parsed: its
//! `NormalizeWhitespace` (tabs to the next multiple of four, lines of only spaces emptied),
//! and its setext headings, which are one line long — a `---` under a paragraph of several
//! lines is a rule after it, a `===` is text. Lines keep their number, so positions still
//! point into the page.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::util::fence::Fences;

/// The page's text as Python-Markdown reads it; `None` when nothing changes (the common case).
pub(super) fn prepare(text: &str) -> Option<String> {
    let normalized = normalize_whitespace(text);
    let text = normalized.as_deref().unwrap_or(text);
    match setext_headings(text) {
        Some(out) => Some(out),
        None => normalized,
    }
}

/// Python-Markdown's `NormalizeWhitespace`: tabs expanded to the next multiple of four, lines
/// of only spaces emptied; `None` when there is neither. Lines keep their number.
fn normalize_whitespace(text: &str) -> Option<String> {
    let blank_spaces = |line: &str| !line.is_empty() && line.bytes().all(|b| b == b' ');
    if !text.contains('\t') && !text.lines().any(blank_spaces) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let start = out.len();
        for c in body.chars() {
            if c == '\t' {
                let column = out[start..].chars().count();
                out.extend(std::iter::repeat_n(' ', 4 - column % 4));
            } else {
                out.push(c);
            }
        }
        if out[start..].bytes().all(|b| b == b' ') {
            out.truncate(start);
        }
        out.push_str(end);
    }
    Some(out)
}

/// A setext underline: `---` or `===`, up to three spaces in.
static UNDERLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}(-+|=+)[ \t]*$").expect("valid regex"));

/// A line that is not paragraph text: a heading, a rule, a list item, a quote, a fence, a
/// table row or an HTML tag.
static NOT_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?: {0,3}(?:#|>|[-*+][ \t]|\d{1,9}[.)][ \t]|```|~~~|\||<|(?:[-*_][ \t]*){3,}$)| {4})",
    )
    .expect("valid regex")
});

/// Underlines under a paragraph of two lines or more, which CommonMark makes a heading of and
/// Python-Markdown does not: `---` becomes `***` (the rule it is to Python-Markdown; too short
/// for a rule, it is escaped), `===` is escaped (text).
fn setext_headings(text: &str) -> Option<String> {
    if !text.contains("\n---") && !text.contains("\n===") && !text.contains("\n--") {
        return None;
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut fences = Fences::new();
    let mut changed: Vec<(usize, Cow<'_, str>)> = Vec::new();
    let text_line = |l: &str| !l.trim().is_empty() && !NOT_TEXT.is_match(l);
    for (i, line) in lines.iter().enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        if fences.line(body) {
            continue;
        }
        if i < 2 || !UNDERLINE.is_match(body) {
            continue;
        }
        let (above, second) = (lines[i - 1].trim_end(), lines[i - 2].trim_end());
        if !text_line(above) || !text_line(second) {
            continue;
        }
        let marks = body.trim();
        let fixed = if marks.starts_with('-') && marks.len() >= 3 {
            Cow::Owned(line.replacen(marks, &"*".repeat(marks.len()), 1))
        } else {
            let at = line.len() - line.trim_start().len();
            Cow::Owned(format!("{}\\{}", &line[..at], &line[at..]))
        };
        changed.push((i, fixed));
    }
    if changed.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + changed.len());
    let mut next = changed.into_iter().peekable();
    for (i, line) in lines.iter().enumerate() {
        match next.next_if(|(at, _)| *at == i) {
            Some((_, fixed)) => out.push_str(&fixed),
            None => out.push_str(line),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_expand_to_four_columns_and_blank_lines_empty() {
        assert_eq!(
            normalize_whitespace("a\tb\n\tc\n    \nd").as_deref(),
            Some("a   b\n    c\n\nd")
        );
        assert_eq!(normalize_whitespace("plain\n"), None);
    }

    #[test]
    fn setext_headings_are_one_line_long() {
        assert_eq!(
            setext_headings("**Note**\nIf using it.\n---\n").as_deref(),
            Some("**Note**\nIf using it.\n***\n")
        );
        assert_eq!(
            setext_headings("one\ntwo\n===\n").as_deref(),
            Some("one\ntwo\n\\===\n")
        );
        for heading in [
            "Title\n---\n",
            "\nTitle\n===\n",
            "- item\ntext\n---\n",
            "```\na\nb\n---\n```\n",
        ] {
            assert_eq!(setext_headings(heading), None, "{heading:?}");
        }
    }
}
