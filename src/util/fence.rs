//! Tracking fenced code blocks line by line.
//!
//! Line-based scanners (admonition blocks, looking for a page's `# title`) must not look inside
//! code fences, where `# comment` and `!!! note` are just code. This follows CommonMark's rules
//! for opening and closing fences closely enough for that purpose.
//!
//! PyMdown's SuperFences closes a block only on a fence exactly like the opening one, at exactly
//! its indent; CommonMark closes it on any fence at least as long, indented up to three spaces.
//! [`as_superfences`] lengthens the fences of the blocks where the two differ, so that the
//! CommonMark parser closes them where SuperFences does.

/// Feeds lines one at a time and says which ones belong to a fenced code block.
#[derive(Debug, Default, Clone)]
pub struct Fences {
    open: Option<(u8, usize)>,
}

impl Fences {
    /// A tracker outside any fence.
    pub fn new() -> Fences {
        Fences::default()
    }

    /// Whether a fence is currently open.
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Feeds the next line; returns true when the line opens, closes or lies inside a fence.
    pub fn line(&mut self, line: &str) -> bool {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        let marker = rest.bytes().next();
        let run = match marker {
            Some(c @ (b'`' | b'~')) => rest.bytes().take_while(|&b| b == c).count(),
            _ => 0,
        };
        match self.open {
            Some((c, len)) => {
                if indent <= 3 && marker == Some(c) && run >= len && rest[run..].trim().is_empty() {
                    self.open = None;
                }
                true
            }
            None => {
                if indent <= 3 && run >= 3 {
                    let c = marker.unwrap_or(b'`');
                    // A backtick fence's info string may not contain backticks.
                    if c == b'`' && rest[run..].contains('`') {
                        return false;
                    }
                    self.open = Some((c, run));
                    return true;
                }
                false
            }
        }
    }
}

/// A fence line: its indent (bytes of spaces and tabs), marker, run length and what follows.
fn fence_line(line: &str) -> Option<(usize, u8, usize, &str)> {
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[indent..];
    let marker = *rest.as_bytes().first()?;
    if marker != b'`' && marker != b'~' {
        return None;
    }
    let run = rest.bytes().take_while(|&b| b == marker).count();
    (run >= 3).then(|| (indent, marker, run, &rest[run..]))
}

/// Whether a fence's header (what follows its backticks) is one SuperFences opens a block
/// with: a language (`py`, `.c++`), then attributes in braces or `key` / `key="value"`
/// options. Anything else (`console$ ls`) is not a fence to it (its `relaxed_headers` off).
fn superfences_header(info: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let blank = |c: char| c == ' ' || c == '\t';
    let mut rest = info.trim_start_matches(blank);
    // The language, followed by a blank or the end.
    let lang = rest.strip_prefix('.').unwrap_or(rest);
    let len = lang
        .find(|c: char| !(word(c) || "#.+-".contains(c)))
        .unwrap_or(lang.len());
    if len > 0 && lang[len..].chars().next().is_none_or(blank) {
        rest = &lang[len..];
    }
    let rest = rest.trim_matches(blank);
    if rest.starts_with('{') {
        return rest.ends_with('}');
    }
    // Options: `key` or `key="value"`, each followed by a blank or the end.
    let mut rest = rest;
    while !rest.is_empty() {
        let key = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if key == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return false;
        }
        rest = &rest[key..];
        if let Some(value) = rest.strip_prefix('=') {
            let Some(quote) = value.chars().next().filter(|q| *q == '"' || *q == '\'') else {
                return false;
            };
            // The first closing quote followed by a blank or the end.
            let body = &value[1..];
            let Some(end) = body
                .match_indices(quote)
                .map(|(i, _)| i)
                .find(|&i| body[i + 1..].chars().next().is_none_or(blank))
            else {
                return false;
            };
            rest = &body[end + 1..];
        }
        if !rest.is_empty() && !rest.starts_with(blank) {
            return false;
        }
        rest = rest.trim_start_matches(blank);
    }
    true
}

/// Whether a line is paragraph text that a following line may continue: not blank, not a
/// heading, fence, table row, quote or HTML.
fn continues_paragraph(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty()
        && line.len() - t.len() < 4
        && !t.starts_with(['#', '|', '>', '<'])
        && fence_line(line).is_none()
}

/// `text` with the fences of every block that SuperFences closes later than CommonMark would
/// lengthened past every fence inside it; `None` when no block needs it (the common case).
///
/// Inside a block opened by ```` ``` ````, a ```` ``` ```` indented by one space, or a longer
/// ```` ```` ````, is code to SuperFences, which closes the block only on ```` ``` ```` at the
/// opening's indent. Lines and the columns where they start are kept, so positions still point
/// into the page. A block SuperFences never closes is left as it is. With `strict_headers`, a
/// fence whose header SuperFences does not accept is made text, as it is to SuperFences, and
/// so is a block it abandons at a line less indented than its opening (with the fences in it).
pub fn as_superfences(text: &str, strict_headers: bool) -> Option<String> {
    if !text.contains("```") && !text.contains("~~~") {
        return None;
    }
    let starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .filter(|&i| i < text.len())
        .collect();
    let line = |n: usize| {
        let end = starts.get(n + 1).map_or(text.len(), |&e| e - 1);
        text[starts[n]..end].trim_end_matches(['\r', '\n'])
    };
    // Byte offsets where text is inserted, and the text.
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut n = 0;
    while n < starts.len() {
        let Some((indent, marker, run, info)) = fence_line(line(n)) else {
            n += 1;
            continue;
        };
        if marker == b'`' && info.contains('`') {
            n += 1;
            continue;
        }
        if strict_headers && !superfences_header(info) {
            // Not a fence to SuperFences (```` ```console$ ls ````): its marks are text.
            for i in 0..run {
                inserts.push((starts[n] + indent + i, "\\".to_string()));
            }
            n += 1;
            continue;
        }
        let ws = &line(n)[..indent];
        // CommonMark's early closes inside this block, and the longest run among them.
        let mut longest = 0;
        let mut close = None;
        let mut abandoned = None;
        for m in n + 1..starts.len() {
            let l = line(m);
            if l.trim().is_empty() {
                continue;
            }
            if !l.starts_with(ws) {
                // Less indented: SuperFences abandons the block, and reads on after it.
                abandoned = Some(m);
                break;
            }
            let Some((i, c, r, rest)) = fence_line(l) else {
                continue;
            };
            if c != marker || !rest.trim().is_empty() {
                continue;
            }
            if i == indent && r == run {
                close = Some(m);
                break;
            }
            if r >= run && i.saturating_sub(indent) <= 3 {
                longest = longest.max(r);
            }
        }
        if let (true, None) = (strict_headers, close) {
            // Abandoned, or never closed: to SuperFences the opening and every fence up to
            // where it gave up (the end, for a block never closed) are text.
            let k = abandoned.unwrap_or(starts.len());
            for (m, &start) in starts.iter().enumerate().take(k).skip(n) {
                let Some((i, _, r, _)) = fence_line(line(m)) else {
                    continue;
                };
                if m > 0 && continues_paragraph(line(m - 1)) {
                    // Right after paragraph text: indented, it continues the paragraph, and its
                    // backticks pair into inline code as they do for Python-Markdown.
                    inserts.push((start, "    ".to_string()));
                } else {
                    inserts.extend((0..r).map(|j| (start + i + j, "\\".to_string())));
                }
            }
            n = k + 1;
            continue;
        }
        match close {
            Some(m) if longest > 0 => {
                let extra = (marker as char).to_string().repeat(longest + 1 - run);
                inserts.push((starts[n] + indent + run, extra.clone()));
                inserts.push((starts[m] + indent + run, extra));
                n = m + 1;
            }
            Some(m) => n = m + 1,
            None => n += 1,
        }
    }
    if inserts.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + inserts.len() * 4);
    let mut at = 0;
    for (offset, insert) in inserts {
        out.push_str(&text[at..offset]);
        out.push_str(&insert);
        at = offset;
    }
    out.push_str(&text[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{Fences, as_superfences};

    #[test]
    fn headers_superfences_accepts() {
        for ok in [
            "",
            "py",
            " python title=\"a b.py\" linenums=\"1\"",
            ".c++",
            "{ .py #id }",
            "mermaid",
            "yaml hl_lines=\"2 3\"",
            "text nowrap",
        ] {
            assert!(super::superfences_header(ok), "{ok:?}");
        }
        for bad in [
            "console$ kubectl get pods",
            "bash $",
            "py title=\"x",
            "sh 2>&1",
        ] {
            assert!(!super::superfences_header(bad), "{bad:?}");
        }
        assert_eq!(
            as_superfences("- a:\n  ```\n  x\n    ```\n\n## Next\n", true).as_deref(),
            Some("- a:\n      ```\n  x\n        ```\n\n## Next\n"),
            "abandoned at `## Next`"
        );
        assert_eq!(
            as_superfences("```console$ ls\nout\n```\ncode\n```\n", true).as_deref(),
            Some("\\`\\`\\`console$ ls\nout\n```\ncode\n```\n")
        );
    }

    #[test]
    fn superfences_close_only_on_the_same_fence_at_the_same_indent() {
        let text = "```md\nExample:\n ```\n````\n  ```\n```\nafter\n";
        assert_eq!(
            as_superfences(text, true).as_deref(),
            Some("`````md\nExample:\n ```\n````\n  ```\n`````\nafter\n")
        );
        assert_eq!(
            as_superfences("```\na\n```\n\n ```\nb\n ```\n", false),
            None
        );
        assert_eq!(
            as_superfences("```\na\n ```\nnever closed\n", false),
            None,
            "a block SuperFences never closes is left to CommonMark"
        );
        assert_eq!(
            as_superfences("```\na\n ```\nnever closed\n", true).as_deref(),
            Some("\\`\\`\\`\na\n     ```\nnever closed\n"),
            "or text, as to SuperFences"
        );
        assert_eq!(
            as_superfences("- item\n\n    ```\n    a\n     ```\n    ```\n", true),
            Some("- item\n\n    ````\n    a\n     ```\n    ````\n".to_string())
        );
    }

    #[test]
    fn tracks_open_and_close() {
        let mut f = Fences::new();
        let lines = ["text", "```rust", "# not a heading", "``", "```` ", "after"];
        let inside: Vec<bool> = lines.iter().map(|l| f.line(l)).collect();
        assert_eq!(inside, [false, true, true, true, true, false]);
    }

    #[test]
    fn tildes_close_only_tildes() {
        let mut f = Fences::new();
        assert!(f.line("~~~~"));
        assert!(f.line("```"));
        assert!(f.line("~~~~~"));
        assert!(!f.line("x"));
    }

    #[test]
    fn inline_code_is_not_a_fence() {
        let mut f = Fences::new();
        assert!(!f.line("```a` b```"));
    }
}
