//! Line edits on the text of an ADR file that keep every other byte as it was.
//!
//! Positions come from the loader ([`crate::model::decision::Places`]), so the commands edit exactly
//! what the site shows. The file's own line ending (`\n` or `\r\n`) and byte-order mark are
//! kept; new lines are written with the same ending.

use crate::model::decision::{Adr, RelationKind, StatusPlace};

/// An ADR file's text, split into lines that keep their endings.
#[derive(Debug, Clone)]
pub struct Lines {
    bom: bool,
    lines: Vec<String>,
    newline: &'static str,
}

impl Lines {
    /// Splits `text` (as read from disk).
    pub fn new(text: &str) -> Lines {
        let (bom, text) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        Lines {
            bom,
            lines: text.split_inclusive('\n').map(str::to_string).collect(),
            newline,
        }
    }

    /// The text again.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        for line in &self.lines {
            out.push_str(line);
        }
        out
    }

    /// Line `n` (1-based) without its ending.
    pub fn get(&self, n: u32) -> Option<&str> {
        self.lines
            .get((n as usize).checked_sub(1)?)
            .map(|l| l.trim_end_matches(['\n', '\r']))
    }

    /// Replaces the content of line `n`, keeping its ending.
    pub fn set(&mut self, n: u32, content: &str) {
        let Some(line) = (n as usize)
            .checked_sub(1)
            .and_then(|i| self.lines.get_mut(i))
        else {
            return;
        };
        let ending = &line[line.trim_end_matches(['\n', '\r']).len()..];
        let ending = if ending.is_empty() { "" } else { ending };
        *line = format!("{content}{ending}");
    }

    /// The first ATX heading of level 2 or deeper after line `after` (1-based), outside code
    /// fences.
    pub fn next_heading(&self, after: u32) -> Option<u32> {
        let mut fence: Option<&str> = None;
        for (i, line) in self.lines.iter().enumerate().skip(after as usize) {
            let t = line.trim_start();
            if let Some(open) = fence {
                if t.starts_with(open) {
                    fence = None;
                }
                continue;
            }
            if t.starts_with("```") || t.starts_with("~~~") {
                fence = Some(&t[..3]);
                continue;
            }
            let hashes = t.len() - t.trim_start_matches('#').len();
            if hashes >= 2 && t[hashes..].starts_with([' ', '\t']) {
                return Some(i as u32 + 1);
            }
        }
        None
    }

    /// Inserts lines after line `n` (0 inserts at the top).
    pub fn insert_after(&mut self, n: u32, new: &[String]) {
        let at = (n as usize).min(self.lines.len());
        if at > 0 && !self.lines[at - 1].ends_with('\n') {
            self.lines[at - 1].push_str(self.newline);
        }
        let newline = self.newline;
        let new_lines = new.iter().map(|l| format!("{l}{newline}"));
        self.lines.splice(at..at, new_lines);
    }
}

/// A YAML scalar for a status or reference: plain when safe, double-quoted otherwise.
fn yaml_scalar(value: &str) -> String {
    let plain_safe = !value.is_empty()
        && !value.contains([
            ':', '#', '"', '\'', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`',
        ])
        && !value.starts_with([' ', '-', '?'])
        && !value.ends_with(' ');
    if plain_safe {
        value.to_string()
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// `value` as a YAML scalar quoted as `sample`, a value the file already has, is: `"…"`, `'…'`,
/// or plain where plain is safe. Editing keeps a file's own quoting style.
fn yaml_scalar_like(value: &str, sample: &str) -> String {
    match sample.trim_start().chars().next() {
        Some('"') => format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")),
        Some('\'') => format!("'{}'", value.replace('\'', "''")),
        _ => yaml_scalar(value),
    }
}

/// Writes `status` where the ADR keeps its status; adds a place for it when it has none.
pub fn set_status(lines: &mut Lines, adr: &Adr, status: &str) {
    match adr.places.status {
        StatusPlace::FrontMatter(n) => {
            let line = lines.get(n).unwrap_or("status:").to_string();
            let (key, old) = line.split_once(':').unwrap_or(("status", ""));
            lines.set(n, &format!("{key}: {}", yaml_scalar_like(status, old)));
        }
        StatusPlace::Line(n) => {
            let line = lines.get(n).unwrap_or("- Status:").to_string();
            let prefix_end = line.find(':').map_or(line.len(), |i| i + 1);
            let prefix = &line[..prefix_end];
            lines.set(n, &format!("{prefix} {status}"));
        }
        StatusPlace::Section(n) => {
            let line = lines.get(n).unwrap_or("").to_string();
            let indent = &line[..line.len() - line.trim_start().len()];
            lines.set(n, &format!("{indent}{status}"));
        }
        StatusPlace::Missing => {
            if let Some(heading) = adr.places.section_heading {
                lines.insert_after(heading, &[String::new(), status.to_string()]);
            } else if let Some(end) = adr.places.front_end {
                lines.insert_after(end - 1, &[format!("status: {}", yaml_scalar(status))]);
            } else if let Some(next) = lines.next_heading(adr.heading_line.unwrap_or(0)) {
                // Before the first section after the title, so the text between the title and
                // that section (a date line, an introduction) stays where it is.
                lines.insert_after(
                    next - 1,
                    &[
                        "## Status".to_string(),
                        String::new(),
                        status.to_string(),
                        String::new(),
                    ],
                );
            } else {
                let after = adr.heading_line.unwrap_or(0);
                let mut new = vec![
                    String::new(),
                    "## Status".to_string(),
                    String::new(),
                    status.to_string(),
                ];
                if after == 0 {
                    new.remove(0);
                    new.push(String::new());
                }
                lines.insert_after(after, &new);
            }
        }
    }
}

/// How a relation is written into an ADR of a given shape.
#[derive(Debug, Clone)]
pub struct RelationLine<'a> {
    /// The relation.
    pub kind: &'a RelationKind,
    /// Link text for markdown links (`12. Use Kafka`).
    pub link_text: &'a str,
    /// Link target relative to the edited file (`0012-use-kafka.md`).
    pub link_target: &'a str,
    /// Reference for front matter lists (`ADR-0012`).
    pub reference: &'a str,
}

/// Adds a relation to an ADR's text, in the form its file already uses: a line in the
/// `## Status` section (adr-tools), a front matter list (MADR), or a bullet after the metadata
/// bullets (log4brains).
pub fn add_relation(lines: &mut Lines, adr: &Adr, relation: &RelationLine<'_>) {
    let link = format!(
        "[{}]({})",
        relation.link_text.replace(']', "\\]"),
        relation.link_target
    );
    let label = relation.kind.label();
    if let Some(heading) = adr.places.section_heading {
        let after = adr.places.section_last.unwrap_or(heading);
        lines.insert_after(after, &[String::new(), format!("{label} {link}")]);
        return;
    }
    let front_key = match relation.kind {
        RelationKind::Supersedes => Some("supersedes"),
        RelationKind::SupersededBy => Some("superseded-by"),
        RelationKind::Amends => Some("amends"),
        RelationKind::AmendedBy => Some("amended-by"),
        RelationKind::Other(_) => None,
    };
    if let (Some(end), Some(key)) = (adr.places.front_end, front_key) {
        add_to_front_list(lines, end, key, relation.reference);
        return;
    }
    let after = adr.places.preamble_last.or(adr.heading_line).unwrap_or(0);
    let mut new = vec![format!("- {label}: {link}")];
    if adr.places.preamble_last.is_none() {
        new.insert(0, String::new());
    }
    lines.insert_after(after, &new);
}

/// Adds `value` to the front matter list `key` (either spelling, `superseded-by` or
/// `superseded_by`), creating the key before the closing `---` on line `end` if needed.
fn add_to_front_list(lines: &mut Lines, end: u32, key: &str, value: &str) {
    let spellings = [key.to_string(), key.replace('-', "_")];
    let found = (2..end).find(|&n| {
        lines.get(n).is_some_and(|l| {
            spellings.iter().any(|k| {
                l.strip_prefix(k.as_str())
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
        })
    });
    let Some(n) = found else {
        lines.insert_after(end - 1, &[format!("{key}: [{}]", yaml_scalar(value))]);
        return;
    };
    let line = lines.get(n).unwrap_or_default().to_string();
    let (name, rest) = line.split_once(':').unwrap_or((key, ""));
    let rest = rest.trim();
    // Quoted as the list's first item is (`["ADR-0001"]`, or `- 'ADR-0001'` below the key).
    let sample = match rest.strip_prefix('[') {
        Some(inner) => inner.to_string(),
        None if rest.is_empty() => lines
            .get(n + 1)
            .and_then(|l| l.trim_start().strip_prefix("- "))
            .unwrap_or_default()
            .to_string(),
        None => rest.to_string(),
    };
    let value = yaml_scalar_like(value, &sample);
    if rest.is_empty() {
        // A block list: add an item after the last `- item` line below the key.
        let mut last = n;
        let mut indent = "  ".to_string();
        while let Some(next) = lines.get(last + 1) {
            let trimmed = next.trim_start();
            if last + 1 < end && trimmed.starts_with("- ") {
                indent = next[..next.len() - trimmed.len()].to_string();
                last += 1;
            } else {
                break;
            }
        }
        lines.insert_after(last, &[format!("{indent}- {value}")]);
    } else if let Some(inner) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        let inner = inner.trim();
        let joined = if inner.is_empty() {
            value
        } else {
            format!("{inner}, {value}")
        };
        lines.set(n, &format!("{name}: [{joined}]"));
    } else {
        lines.set(n, &format!("{name}: [{rest}, {value}]"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip_with_bom_and_crlf() {
        let text = "\u{feff}# T\r\n\r\nbody\r\n";
        let mut lines = Lines::new(text);
        assert_eq!(lines.text(), text);
        lines.set(3, "changed");
        lines.insert_after(1, &["new".to_string()]);
        assert_eq!(lines.text(), "\u{feff}# T\r\nnew\r\n\r\nchanged\r\n");
    }

    #[test]
    fn a_last_line_without_ending_gets_one_before_an_insert() {
        let mut lines = Lines::new("a\nb");
        lines.insert_after(2, &["c".to_string()]);
        assert_eq!(lines.text(), "a\nb\nc\n");
    }

    #[test]
    fn front_matter_lists_grow_in_every_spelling() {
        let mut lines = Lines::new("---\nsupersedes: [ADR-0001]\n---\n# T\n");
        add_to_front_list(&mut lines, 3, "supersedes", "ADR-0002");
        assert_eq!(
            lines.text(),
            "---\nsupersedes: [ADR-0001, ADR-0002]\n---\n# T\n"
        );

        let mut lines = Lines::new("---\nsuperseded_by:\n  - ADR-0001\n---\n");
        add_to_front_list(&mut lines, 4, "superseded-by", "ADR-0002");
        assert_eq!(
            lines.text(),
            "---\nsuperseded_by:\n  - ADR-0001\n  - ADR-0002\n---\n"
        );

        let mut lines = Lines::new("---\namends: ADR-0001\n---\n");
        add_to_front_list(&mut lines, 3, "amends", "ADR-0002");
        assert_eq!(lines.text(), "---\namends: [ADR-0001, ADR-0002]\n---\n");

        let mut lines = Lines::new("---\nstatus: accepted\n---\n");
        add_to_front_list(&mut lines, 3, "amended-by", "ADR-0002");
        assert_eq!(
            lines.text(),
            "---\nstatus: accepted\namended-by: [ADR-0002]\n---\n"
        );
    }

    #[test]
    fn yaml_scalars_are_quoted_when_needed() {
        assert_eq!(yaml_scalar("accepted"), "accepted");
        assert_eq!(
            yaml_scalar("superseded by ADR-0012"),
            "superseded by ADR-0012"
        );
        assert_eq!(yaml_scalar("on hold: waiting"), "\"on hold: waiting\"");
        assert_eq!(yaml_scalar("- x"), "\"- x\"");
    }

    #[test]
    fn edited_values_keep_the_files_quoting() {
        assert_eq!(
            yaml_scalar_like("accepted", " \"proposed\""),
            "\"accepted\""
        );
        assert_eq!(yaml_scalar_like("it's", " 'proposed'"), "'it''s'");
        assert_eq!(yaml_scalar_like("accepted", " proposed"), "accepted");
        assert_eq!(yaml_scalar_like("a: b", " proposed"), "\"a: b\"");
    }
}
