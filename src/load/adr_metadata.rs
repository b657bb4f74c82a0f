//! Reading one ADR file: identity from the file name, title from the first heading, metadata
//! from front matter, MADR 2 / log4brains bullets or adr-tools / Nygard sections.
//!
//! Real collections mix formats and irregularities (unpadded or wrong heading numbers, emoji
//! statuses, notes in parentheses, template placeholders left in), so every rule here is
//! lenient about form and strict about meaning: the file name wins over the heading, the status
//! keeps its original text, and whatever cannot be read becomes a diagnostic, never an error.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::load::config::DateOrder;
use crate::model::decision::{Adr, Format, Places, RawRelation, RelationKind, Status, StatusPlace};
use crate::model::{Doc, FrontMatter};
use crate::util::diag::Diagnostic;
use crate::util::fence::Fences;
use crate::util::paths;

pub use super::adr_fields::{
    identity, is_template, normalise_status, parse_date, plain, unknown_status_help,
};
use super::adr_fields::{split_list, strip_number_prefix};

/// Settings that change how ADRs are read.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Extra status words from `sadoc.yml` (lower-case word → status).
    pub statuses: &'a BTreeMap<String, Status>,
    /// Order of day and month in ambiguous dates such as `03/04/2021`.
    pub date_order: DateOrder,
}

/// A line of the body with its 1-based line number in the file.
type Line<'a> = (u32, &'a str);

/// What a scan of the body found.
#[derive(Debug, Default)]
struct Scan<'a> {
    heading: Option<Line<'a>>,
    /// Lines before the first `##` heading (outside code and comments).
    preamble: Vec<Line<'a>>,
    /// The lines of the `## Status` section, if there is one.
    status_section: Option<(u32, Vec<Line<'a>>)>,
}

static ATX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$").expect("valid regex")
});

/// Where the last non-blank line of a scan went, so a setext underline can take it back.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pushed {
    Nowhere,
    Preamble,
    Status,
}

/// A heading's text without a trailing `{#id}` attribute block.
fn heading_text(text: &str) -> &str {
    let text = text.trim();
    match (text.ends_with('}'), text.rfind(" {")) {
        (true, Some(i)) => text[..i].trim_end(),
        _ => text,
    }
}

fn scan(body: &str, body_line: u32) -> Scan<'_> {
    let mut scan = Scan::default();
    let mut fences = Fences::new();
    let mut in_comment = false;
    let mut seen_h2 = false;
    let mut status_level: Option<usize> = None;
    let mut previous: Option<(&str, Pushed)> = None;
    for (i, line) in body.lines().enumerate() {
        let number = body_line + i as u32;
        if fences.line(line) {
            previous = None;
            continue;
        }
        if in_comment {
            in_comment = !line.contains("-->");
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        // Only a line starting with `#` (after at most three spaces) can be one: most lines
        // skip the regex.
        let atx = line
            .trim_start_matches(' ')
            .starts_with('#')
            .then(|| ATX.captures(line))
            .flatten()
            .map(|c| (c[1].len(), c.get(2).map_or("", |m| m.as_str())));
        let setext = match previous {
            Some((text, pushed)) if atx.is_none() && !trimmed.is_empty() => {
                let level = if trimmed.chars().all(|c| c == '=') {
                    Some(1)
                } else if trimmed.len() >= 2 && trimmed.chars().all(|c| c == '-') {
                    Some(2)
                } else {
                    None
                };
                level.map(|l| (l, text, pushed))
            }
            _ => None,
        };
        let heading = match (atx, setext) {
            (Some((level, text)), _) => Some((level, text, number)),
            (None, Some((level, text, pushed))) => {
                // The underlined line was taken as text; it is the heading.
                match pushed {
                    Pushed::Preamble => drop(scan.preamble.pop()),
                    Pushed::Status => {
                        if let Some((_, lines)) = &mut scan.status_section {
                            lines.pop();
                        }
                    }
                    Pushed::Nowhere => {}
                }
                Some((level, text, number - 1))
            }
            (None, None) => None,
        };
        if let Some((level, text, at)) = heading {
            previous = None;
            let text = heading_text(text);
            if status_level.is_some_and(|l| level <= l) {
                status_level = None;
            }
            if level == 1 && scan.heading.is_none() {
                scan.heading = Some((at, text));
                continue;
            }
            if level >= 2 {
                seen_h2 = true;
            }
            let name: String = plain(text)
                .chars()
                .filter(|c| c.is_alphanumeric() || c.is_whitespace())
                .collect();
            if name.trim().eq_ignore_ascii_case("status") && scan.status_section.is_none() {
                status_level = Some(level);
                scan.status_section = Some((at, Vec::new()));
            }
            continue;
        }
        if trimmed.is_empty() {
            previous = None;
            continue;
        }
        let pushed = if status_level.is_some() {
            if let Some((_, lines)) = &mut scan.status_section {
                lines.push((number, line));
            }
            Pushed::Status
        } else if !seen_h2 {
            scan.preamble.push((number, line));
            Pushed::Preamble
        } else {
            Pushed::Nowhere
        };
        previous = Some((trimmed, pushed));
    }
    scan
}

static META_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[-*+]\s+)?(status|date|deciders?|decision[- ]?makers?(?:\(s\))?|decided by|tags|consulted|informed)\s*:\s*(.*?)\s*$")
        .expect("valid regex")
});

static RELATION_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-*+]\s+)?([A-Za-z][A-Za-z ]*?)\s*:?\s+\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[^)]*)?\)\s*\.?\s*$")
        .expect("valid regex")
});

static RELATION_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[-*+]\s+)?(supersedes|superseded by|supercedes|superceded by|amends|amended by|replaces|replaced by)\s*:?\s+(adr[-\s#_]*\d+|#?\d+)\b")
        .expect("valid regex")
});

static SUPERSEDED_IN_STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)super[sc]eded\s+by\s*:?\s*(?:\[([^\]]*)\]\(\s*<?([^)\s>]*)>?[^)]*\)|(adr[-\s#_]*\d+|#?\d+)\b)")
        .expect("valid regex")
});

/// Reads the relation a line states, if it is a relation line: `Amended by [9. X](0009-x.md)`,
/// `Supersedes ADR-0002`, or a team's own verb (`Clarifies [10. Y](0010-y.md)`). Own verbs
/// count only where `custom_verbs` allows (the `## Status` section, or a `- Verb:` bullet) and
/// only with a link to a markdown file, so ordinary sentences with links are not relations.
fn relation_line(
    line: &str,
    number: u32,
    from_source: &str,
    custom_verbs: bool,
) -> Option<RawRelation> {
    let clean = line.replace("**", "").replace("__", "");
    if let Some(c) = RELATION_LINK.captures(&clean) {
        let verb = c[1].trim();
        let kind = RelationKind::parse(verb);
        let target = &c[3];
        let is_known = !matches!(kind, RelationKind::Other(_));
        let bullet_with_colon = clean.trim_start().starts_with(['-', '*', '+'])
            && clean[..clean.find('[').unwrap_or(0)].contains(':');
        let custom_ok = (custom_verbs || bullet_with_colon)
            && verb.split_whitespace().count() <= 3
            && target
                .split(['#', '?'])
                .next()
                .is_some_and(|t| t.ends_with(".md"))
            && normalise_status(verb, &BTreeMap::new()).status == Status::Unknown;
        if is_known || custom_ok {
            return Some(RawRelation {
                kind,
                path: link_path(target, from_source),
                text: c[2].trim().to_string(),
                line: number,
            });
        }
    }
    RELATION_TEXT.captures(&clean).map(|c| RawRelation {
        kind: RelationKind::parse(&c[1]),
        path: None,
        text: c[2].to_string(),
        line: number,
    })
}

/// A link target relative to the ADR, as a project path.
fn link_path(target: &str, from_source: &str) -> Option<String> {
    let target = target.split(['#', '?']).next().unwrap_or("");
    if target.is_empty() || target.contains("://") {
        return None;
    }
    paths::join(paths::parent(from_source), &paths::percent_decode(target))
}

/// Reads the ADR in `doc` (index `index` in the model).
pub fn parse(index: usize, doc: &Doc, options: Options<'_>) -> (Adr, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let source = doc.source.as_str();
    let id = identity(source);
    let front = &doc.front;
    let scan = scan(&doc.body, doc.body_line);

    let (heading_title, heading_number) = match scan.heading {
        Some((_, text)) => {
            let (title, number) = strip_number_prefix(&plain(text), id.number);
            (Some(title), number)
        }
        None => (None, None),
    };
    let title = front
        .title
        .clone()
        .or(heading_title)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| paths::humanize(&id.slug));
    if let (Some(stated), Some(file)) = (heading_number, id.number)
        && stated != file
    {
        let line = scan.heading.map_or(1, |h| h.0);
        problems.push(
                Diagnostic::warning(
                    "adr/heading-number",
                    source,
                    format!("the heading says ADR {stated} but the file name says {file}; the file name wins"),
                )
                .at_line(line)
                .with_help(format!("change the heading to `# {file}. {title}`")),
            );
    }
    if id.number.is_none() && id.date.is_none() {
        problems.push(
            Diagnostic::warning(
                "adr/no-number",
                source,
                "the file name has no ADR number; the ADR is identified by its name",
            )
            .with_help("rename it `NNNN-title.md` (sadoc adr new does this for new records)"),
        );
    }

    let mut adr = Adr {
        doc: index,
        id,
        title,
        status: Status::Unknown,
        status_text: None,
        status_line: None,
        date: None,
        date_text: None,
        deciders: front.decision_makers.clone(),
        consulted: front.consulted.clone(),
        informed: front.informed.clone(),
        tags: front.tags.clone(),
        format: Format::Plain,
        heading_number,
        heading_line: scan.heading.map(|h| h.0),
        raw_relations: Vec::new(),
        relations: Vec::new(),
        places: Places {
            front_end: (doc.body_line > 1).then(|| doc.body_line - 1),
            section_heading: scan.status_section.as_ref().map(|s| s.0),
            section_last: scan
                .status_section
                .as_ref()
                .and_then(|s| s.1.last().map(|l| l.0)),
            ..Places::default()
        },
    };
    read_front_matter(&mut adr, front, source);
    read_preamble(&mut adr, &scan.preamble, source);
    read_status_section(&mut adr, scan.status_section.as_ref(), source);
    finish_status(&mut adr, source, options, &mut problems);
    finish_date(&mut adr, source, options, &mut problems);
    (adr, problems)
}

fn read_front_matter(adr: &mut Adr, front: &FrontMatter, source: &str) {
    if let Some(status) = &front.status {
        adr.status_text = Some(status.clone());
        adr.status_line = front.key_lines.get("status").copied();
        adr.places.status = StatusPlace::FrontMatter(adr.status_line.unwrap_or(1));
        adr.format = Format::FrontMatter;
    }
    if let Some(date) = &front.date {
        adr.date_text = Some(date.clone());
        adr.format = Format::FrontMatter;
    }
    let relations = [
        (RelationKind::Supersedes, &front.supersedes, "supersedes"),
        (
            RelationKind::SupersededBy,
            &front.superseded_by,
            "superseded-by",
        ),
        (RelationKind::Amends, &front.amends, "amends"),
        (RelationKind::AmendedBy, &front.amended_by, "amended-by"),
    ];
    for (kind, targets, key) in relations {
        let line = front
            .key_lines
            .get(key)
            .or_else(|| front.key_lines.get(&key.replace('-', "_")))
            .copied()
            .unwrap_or(1);
        for target in targets {
            let path = (target.ends_with(".md") || target.contains('/'))
                .then(|| link_path(target, source))
                .flatten();
            adr.raw_relations.push(RawRelation {
                kind: kind.clone(),
                path,
                text: target.clone(),
                line,
            });
        }
    }
}

fn read_preamble(adr: &mut Adr, preamble: &[Line<'_>], source: &str) {
    for &(number, line) in preamble {
        let clean = line.replace("**", "").replace("__", "");
        if let Some(c) = META_LINE.captures(&clean) {
            let key = c[1].to_ascii_lowercase();
            let value = c[2].trim();
            let is_bullet = clean.trim_start().starts_with(['-', '*', '+']);
            let format = if is_bullet {
                Format::Bullets
            } else {
                Format::Nygard
            };
            adr.places.preamble_last = Some(number);
            match key.as_str() {
                "status" if adr.status_text.is_none() => {
                    adr.status_text = Some(value.to_string());
                    adr.status_line = Some(number);
                    adr.places.status = StatusPlace::Line(number);
                    adr.format = format;
                }
                "date" if adr.date_text.is_none() => {
                    adr.date_text = Some(value.to_string());
                    adr.places.date_line = Some(number);
                    if adr.format == Format::Plain {
                        adr.format = format;
                    }
                }
                "tags" if adr.tags.is_empty() => adr.tags = split_list(value, true),
                "consulted" if adr.consulted.is_empty() => adr.consulted = split_list(value, false),
                "informed" if adr.informed.is_empty() => adr.informed = split_list(value, false),
                k if (k.starts_with("decider")
                    || k.starts_with("decision")
                    || k == "decided by")
                    && adr.deciders.is_empty() =>
                {
                    adr.deciders = split_list(value, false);
                }
                _ => {}
            }
        } else if let Some(relation) = relation_line(line, number, source, false) {
            adr.places.preamble_last = Some(number);
            adr.raw_relations.push(relation);
        }
    }
}

fn read_status_section(adr: &mut Adr, section: Option<&(u32, Vec<Line<'_>>)>, source: &str) {
    let Some((heading_line, lines)) = section else {
        return;
    };
    for &(number, line) in lines {
        let relation = relation_line(line, number, source, true);
        // The first line that is not another relation is the status: text (`Accepted`), or
        // `Superseded by […]`, after which a note ("We moved on in 2020.") is not a status.
        let states_status = match &relation {
            Some(r) => r.kind == RelationKind::SupersededBy,
            None => true,
        };
        if states_status && adr.status_text.is_none() {
            adr.status_text = Some(line.trim().to_string());
            adr.status_line = Some(number);
            adr.places.status = StatusPlace::Section(number);
        }
        adr.raw_relations.extend(relation);
    }
    if adr.status_text.is_none() {
        adr.status_line = Some(*heading_line);
    }
    adr.format = Format::Nygard;
}

fn finish_status(
    adr: &mut Adr,
    source: &str,
    options: Options<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let line = adr.status_line.unwrap_or(1);
    let Some(text) = adr.status_text.clone().filter(|t| !plain(t).is_empty()) else {
        adr.status_text = None;
        problems.push(
            Diagnostic::warning(
                "adr/no-status",
                source,
                "no status found; the ADR is shown as `unknown`",
            )
            .at_line(line)
            .with_help("add a `## Status` section or a `status:` line in the front matter"),
        );
        return;
    };
    let normalised = normalise_status(&text, options.statuses);
    adr.status = normalised.status;
    if normalised.placeholder {
        problems.push(
            Diagnostic::warning(
                "adr/status-placeholder",
                source,
                format!("the status `{text}` is an unfilled template placeholder"),
            )
            .at_line(line)
            .with_help("replace it with one status: proposed, accepted, rejected, deprecated or superseded"),
        );
    } else if normalised.status == Status::Unknown {
        problems.push(
            Diagnostic::warning(
                "adr/unknown-status",
                source,
                format!("unknown status `{text}`"),
            )
            .at_line(line)
            .with_help(unknown_status_help(&text, options.statuses)),
        );
    }
    if let Some(c) = SUPERSEDED_IN_STATUS.captures(&text) {
        let already = adr
            .raw_relations
            .iter()
            .any(|r| r.kind == RelationKind::SupersededBy && r.line == line);
        if !already {
            let (text, path) = match (c.get(1), c.get(2), c.get(3)) {
                (Some(t), Some(p), _) => (t.as_str().to_string(), link_path(p.as_str(), source)),
                (_, _, Some(r)) => (r.as_str().to_string(), None),
                _ => (String::new(), None),
            };
            if !text.is_empty() || path.is_some() {
                adr.raw_relations.push(RawRelation {
                    kind: RelationKind::SupersededBy,
                    path,
                    text,
                    line,
                });
            }
        }
    }
}

fn finish_date(adr: &mut Adr, source: &str, options: Options<'_>, problems: &mut Vec<Diagnostic>) {
    if let Some(text) = adr.date_text.clone() {
        adr.date = parse_date(&text, options.date_order);
        if adr.date.is_none() && !plain(&text).is_empty() {
            problems.push(
                Diagnostic::warning("adr/date", source, format!("cannot read the date `{text}`"))
                    .with_help("write dates as YYYY-MM-DD"),
            );
        }
    }
    if adr.date.is_none() {
        adr.date = adr.id.date;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relation_lines() {
        let r = relation_line(
            "Amended by [9. Help scripts](0009-help-scripts.md)",
            9,
            "doc/adr/0005-x.md",
            false,
        )
        .unwrap();
        assert_eq!(r.kind, RelationKind::AmendedBy);
        assert_eq!(r.path.as_deref(), Some("doc/adr/0009-help-scripts.md"));
        assert_eq!(r.text, "9. Help scripts");
        let r = relation_line("Clarifies [10. X](0010-x.md)", 3, "a/0012-y.md", true).unwrap();
        assert_eq!(r.kind, RelationKind::Other("Clarifies".into()));
        assert!(relation_line("Clarifies [10. X](0010-x.md)", 3, "a/0012-y.md", false).is_none());
        assert!(
            relation_line("- Clarifies: [10. X](0010-x.md)", 3, "a/0012-y.md", false).is_some()
        );
        let r = relation_line("- Supersedes ADR-0002", 3, "a/0012-y.md", false).unwrap();
        assert_eq!(
            (r.kind, r.text.as_str()),
            (RelationKind::Supersedes, "ADR-0002")
        );
        assert!(relation_line("Accepted", 3, "a/x.md", true).is_none());
        assert!(
            relation_line(
                "Back to [the guide](../guides/setup.md#install).",
                3,
                "a/x.md",
                false
            )
            .is_none()
        );
        assert!(
            relation_line("See [the RFC](https://example.com/rfc)", 3, "a/x.md", true).is_none()
        );
    }
}
