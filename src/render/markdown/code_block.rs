//! Code block options written in the fence's info string, as `pymdownx.highlight` and
//! superfences read them: ```` ```py title="app.py" linenums="1" hl_lines="2 4-5" ```` or
//! ```` ``` { .py title="app.py" } ````. The highlighted block is then given a title bar, line
//! numbers and marked lines.
//!
//! Line numbers are `data-n` attributes shown by CSS, so copying the code copies only code.
//! Each line becomes an element of its own; a span left open across lines (highlighted lines
//! close theirs, other HTML may not) is closed at the line's end and reopened on the next.

use std::sync::LazyLock;

use regex::Regex;

use crate::render::markdown::highlight::Highlighter;
use crate::util::escape_html;

/// The language and code of inline code written for pymdownx.inlinehilite: `#!python x = 1`
/// or `:::python x = 1` is `("python", "x = 1")`; other inline code (`#!/bin/sh`) is `None`.
pub fn inline_language(code: &str) -> Option<(&str, &str)> {
    let rest = code
        .strip_prefix("#!")
        .or_else(|| code.strip_prefix(":::"))?;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || "_#.+-".contains(c)))
        .unwrap_or(rest.len());
    let (lang, after) = rest.split_at(end);
    let text = after.trim_start();
    (text.len() < after.len()).then_some((lang, text))
}

/// What a fence's info string says about its block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeInfo {
    /// The language (first word, or `.lang` inside braces).
    pub lang: String,
    /// `title="…"`: shown above the code.
    pub title: Option<String>,
    /// `linenums="N"`: number lines from N.
    pub linenums: Option<u32>,
    /// `hl_lines="1 3-4"`: lines to mark (1-based, inclusive ranges, counted from the block's
    /// first line whatever `linenums` says).
    pub hl_lines: Vec<(u32, u32)>,
    /// `{ .annotate }`: markers in its comments show the notes of the list after it.
    pub annotate: bool,
}

static OPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([\w-]+)=(?:"([^"]*)"|'([^']*)'|([^\s"'{}]+))"#).expect("valid regex")
});

/// Code block languages that are diagrams.
const DIAGRAM_LANGUAGES: &[&str] = &[
    "mermaid",
    "plantuml",
    "puml",
    "dot",
    "graphviz",
    "d2",
    "c4plantuml",
];

/// A code block as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Its HTML.
    pub html: String,
    /// Whether it is a diagram (of any language).
    pub diagram: bool,
    /// Whether it is a Mermaid diagram, drawn in the browser.
    pub mermaid: bool,
    /// Why a PlantUML diagram could not be drawn.
    pub problem: Option<String>,
}

impl CodeInfo {
    /// The block of `code` under this info: a Mermaid block for the browser, PlantUML drawn
    /// at build time, anything else highlighted and decorated.
    pub fn render(&self, code: &str, highlighter: &Highlighter) -> Block {
        let lower = self.lang.to_ascii_lowercase();
        let diagram = DIAGRAM_LANGUAGES.contains(&lower.as_str());
        if lower == "mermaid" {
            let html = format!("<pre class=\"mermaid\">{}</pre>\n", escape_html(code));
            return Block {
                html,
                diagram,
                mermaid: true,
                problem: None,
            };
        }
        if crate::render::markdown::diagram::PLANTUML_LANGUAGES.contains(&lower.as_str()) {
            let (html, problem) = highlighter.plantuml(&self.lang, code);
            return Block {
                html,
                diagram,
                mermaid: false,
                problem,
            };
        }
        let html = self.decorate(&highlighter.block(&self.lang, code));
        Block {
            html,
            diagram,
            mermaid: false,
            problem: None,
        }
    }

    /// What [`CodeInfo::render`] would say of the block, without its HTML (for a page whose
    /// HTML is not kept).
    pub fn unrendered(&self) -> Block {
        let lower = self.lang.to_ascii_lowercase();
        Block {
            html: String::new(),
            diagram: DIAGRAM_LANGUAGES.contains(&lower.as_str()),
            mermaid: lower == "mermaid",
            problem: None,
        }
    }

    /// Reads an info string.
    pub fn parse(info: &str) -> CodeInfo {
        let lang = crate::render::markdown::highlight::language(info).to_string();
        let mut code = CodeInfo {
            lang,
            annotate: info
                .split(|c: char| c.is_whitespace() || c == '{' || c == '}')
                .any(|word| word == ".annotate"),
            ..CodeInfo::default()
        };
        if !info.contains('=') {
            return code;
        }
        for c in OPTION.captures_iter(info) {
            let value = c
                .get(2)
                .or_else(|| c.get(3))
                .or_else(|| c.get(4))
                .map_or("", |m| m.as_str());
            match &c[1] {
                "title" => code.title = Some(value.to_string()).filter(|t| !t.is_empty()),
                "linenums" => {
                    code.linenums = value
                        .split_whitespace()
                        .next()
                        .and_then(|n| n.parse().ok())
                        .filter(|n| *n > 0)
                }
                "hl_lines" => {
                    code.hl_lines = value
                        .split_whitespace()
                        .filter_map(|range| {
                            let (a, b) = range.split_once('-').unwrap_or((range, range));
                            Some((a.parse().ok()?, b.parse().ok()?))
                        })
                        .collect()
                }
                _ => {}
            }
        }
        code
    }

    /// Whether the block needs more than highlighting.
    pub fn decorated(&self) -> bool {
        self.title.is_some() || self.linenums.is_some() || !self.hl_lines.is_empty()
    }

    /// Adds the title, line numbers and marked lines to a highlighted block
    /// (`<pre …><code …>…</code></pre>`).
    pub fn decorate(&self, block: &str) -> String {
        if !self.decorated() {
            return block.to_string();
        }
        let (Some(open_end), Some(close)) = (
            block
                .find("<code")
                .and_then(|i| block[i..].find('>').map(|j| i + j + 1)),
            block.rfind("</code>"),
        ) else {
            return block.to_string();
        };
        let (head, inner, tail) = (&block[..open_end], &block[open_end..close], &block[close..]);
        let mut out = String::with_capacity(block.len() * 2);
        out.push_str("<div class=\"code-block\">");
        if let Some(title) = &self.title {
            out.push_str(&format!(
                "<div class=\"code-title\">{}</div>",
                escape_html(title)
            ));
        }
        let head = if self.linenums.is_some() {
            head.replacen("class=\"hl-code\"", "class=\"hl-code linenums\"", 1)
        } else {
            head.to_string()
        };
        out.push_str(&head);
        let mut open: Vec<&str> = Vec::new();
        let inner = inner.strip_suffix('\n').unwrap_or(inner);
        let mut lines: Vec<&str> = inner.split('\n').collect();
        // What follows the last newline only closes spans: every line closes its own.
        if lines.len() > 1
            && lines
                .last()
                .is_some_and(|l| l.replace("</span>", "").trim().is_empty())
        {
            lines.pop();
        }
        for (i, line) in lines.into_iter().enumerate() {
            let n = i as u32 + 1;
            let marked = self.hl_lines.iter().any(|(a, b)| (*a..=*b).contains(&n));
            out.push_str("<span class=\"line");
            if marked {
                out.push_str(" hll");
            }
            out.push('"');
            if let Some(start) = self.linenums {
                out.push_str(&format!(" data-n=\"{}\"", start + i as u32));
            }
            out.push('>');
            for tag in &open {
                out.push_str(tag);
            }
            out.push_str(line);
            track_spans(line, &mut open);
            for _ in &open {
                out.push_str("</span>");
            }
            out.push_str("\n</span>");
        }
        out.push_str(tail.trim_end());
        out.push_str("</div>\n");
        out
    }
}

/// Updates the stack of `<span …>` tags left open after `line`.
fn track_spans<'a>(line: &'a str, open: &mut Vec<&'a str>) {
    let mut rest = line;
    let mut offset = 0;
    while let Some(i) = rest.find('<') {
        let at = offset + i;
        let tail = &line[at..];
        if tail.starts_with("</span>") {
            open.pop();
        } else if tail.starts_with("<span")
            && let Some(end) = tail.find('>')
        {
            open.push(&line[at..at + end + 1]);
        }
        offset = at + 1;
        rest = &line[offset..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_code_names_its_language_as_inlinehilite_reads_it() {
        assert_eq!(inline_language("#!python x = 1"), Some(("python", "x = 1")));
        assert_eq!(inline_language(":::c++ int x;"), Some(("c++", "int x;")));
        assert_eq!(inline_language("#!/bin/sh"), None);
        assert_eq!(inline_language("#!python"), None);
        assert_eq!(inline_language("plain"), None);
    }

    #[test]
    fn closing_tags_after_the_last_line_make_no_line_of_their_own() {
        let info = CodeInfo::parse("py linenums=\"1\"");
        let html = info.decorate(
            "<pre class=\"hl-code\"><code><span class=\"src\">a\nb\n</span></code></pre>\n",
        );
        assert_eq!(html.matches("class=\"line\"").count(), 2, "{html}");
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
    }

    #[test]
    fn options_in_either_form() {
        let a = CodeInfo::parse("py title=\"app.py\" linenums=\"3\" hl_lines=\"1 3-4\"");
        assert_eq!(a.lang, "py");
        assert_eq!(a.title.as_deref(), Some("app.py"));
        assert_eq!(a.linenums, Some(3));
        assert_eq!(a.hl_lines, [(1, 1), (3, 4)]);
        let b = CodeInfo::parse("{ .rust title='main.rs' }");
        assert_eq!(
            (b.lang.as_str(), b.title.as_deref()),
            ("rust", Some("main.rs"))
        );
        assert!(!CodeInfo::parse("python").decorated());
    }

    #[test]
    fn lines_are_numbered_marked_and_well_formed() {
        let info = CodeInfo::parse("py linenums=\"10\" hl_lines=\"2\" title=\"x\"");
        let block = "<pre class=\"hl-code\"><code class=\"language-py\"><span class=\"s\">\"a\nb\"</span>\nc\n</code></pre>\n";
        let html = info.decorate(block);
        assert_eq!(
            html,
            "<div class=\"code-block\"><div class=\"code-title\">x</div><pre class=\"hl-code linenums\"><code class=\"language-py\"><span class=\"line\" data-n=\"10\"><span class=\"s\">\"a</span>\n</span><span class=\"line hll\" data-n=\"11\"><span class=\"s\">b\"</span>\n</span><span class=\"line\" data-n=\"12\">c\n</span></code></pre></div>\n"
        );
    }
}
