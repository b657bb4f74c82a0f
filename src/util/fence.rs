//! Tracking fenced code blocks line by line.
//!
//! Line-based scanners (admonition blocks, looking for a page's `# title`) must not look inside
//! code fences, where `# comment` and `!!! note` are just code. This follows CommonMark's rules
//! for opening and closing fences closely enough for that purpose.

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

#[cfg(test)]
mod tests {
    use super::Fences;

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
