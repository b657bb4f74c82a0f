//! What part of a file a snippet takes: `file.py:3:8` line ranges and `file.py:name` sections
//! between `--8<-- [start:name]` and `--8<-- [end:name]` lines, and the lines they cover.

use std::sync::LazyLock;

use regex::Regex;

use super::MARKER;

/// What part of a file a snippet takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Selection<'a> {
    All,
    /// 1-based inclusive line ranges (`None`: to the start / the end).
    Lines(Vec<(Option<usize>, Option<usize>)>),
    Section(&'a str),
}

/// Splits `file.py:3:8` / `file.py:name` into the file and what to take of it.
pub(super) fn split_spec(spec: &str) -> (&str, Selection<'_>) {
    static RANGES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(.+?)((?::-?\d*(?::-?\d*)?)(?:,-?\d*(?::-?\d*)?)*)$").expect("valid regex")
    });
    static SECTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(.+\.[^:/]+|[^:]+):([A-Za-z_][\w-]*)$").expect("valid regex")
    });
    if let Some(c) = RANGES.captures(spec)
        && c[2].chars().any(|ch| ch.is_ascii_digit())
    {
        let name = c.get(1).map_or(spec, |m| m.as_str());
        let ranges = c[2][1..]
            .split(',')
            .map(|range| {
                let mut parts = range.split(':');
                let number =
                    |p: Option<&str>| p.and_then(|p| p.parse::<usize>().ok()).filter(|n| *n > 0);
                let start = number(parts.next());
                let end = number(parts.next());
                (start, end)
            })
            .collect();
        return (name, Selection::Lines(ranges));
    }
    if let Some(c) = SECTION.captures(spec) {
        let name = c.get(1).map_or(spec, |m| m.as_str());
        let section = c.get(2).map_or("", |m| m.as_str());
        return (name, Selection::Section(section));
    }
    (spec, Selection::All)
}

/// The selected part of a file's text, without section marker lines, and the lines it took
/// (1-based, inclusive).
pub(super) fn select(
    text: &str,
    selection: Selection<'_>,
) -> Result<(String, Vec<(u32, u32)>), String> {
    let lines: Vec<&str> = text.lines().collect();
    let keep = |l: &&str| !MARKER.is_match(l);
    let number = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    match selection {
        Selection::All => Ok((
            lines
                .iter()
                .copied()
                .filter(keep)
                .collect::<Vec<_>>()
                .join("\n"),
            vec![(1, number(lines.len().max(1)))],
        )),
        Selection::Lines(ranges) => {
            let mut out: Vec<&str> = Vec::new();
            let mut spans = Vec::new();
            for (start, end) in ranges {
                let start = start.unwrap_or(1).max(1);
                let end = end.unwrap_or(lines.len()).min(lines.len());
                if start > lines.len() {
                    return Err(format!(
                        "line {start} is past the end of the file ({} lines)",
                        lines.len()
                    ));
                }
                out.extend(
                    lines[start - 1..end.max(start - 1)]
                        .iter()
                        .copied()
                        .filter(|l| keep(l)),
                );
                if end >= start {
                    spans.push((number(start), number(end)));
                }
            }
            Ok((out.join("\n"), spans))
        }
        Selection::Section(name) => {
            let mut inside: Option<usize> = None;
            let mut seen = false;
            let mut out = Vec::new();
            let mut spans = Vec::new();
            for (i, line) in lines.iter().enumerate() {
                if let Some(c) = MARKER.captures(line) {
                    if &c[2] == name {
                        match (&c[1], inside) {
                            ("start", None) => inside = Some(i + 2),
                            ("end", Some(from)) => {
                                if i >= from {
                                    spans.push((number(from), number(i)));
                                }
                                inside = None;
                            }
                            _ => {}
                        }
                        seen = true;
                    }
                    continue;
                }
                if inside.is_some() {
                    out.push(*line);
                }
            }
            if !seen {
                return Err(format!(
                    "the file has no section `{name}` (`--8<-- [start:{name}]`)"
                ));
            }
            if inside.is_some() {
                return Err(format!(
                    "section `{name}` is never ended (`--8<-- [end:{name}]`)"
                ));
            }
            Ok((out.join("\n"), spans))
        }
    }
}
