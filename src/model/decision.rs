//! Architecture decision records as data: identity, status, dates and relations.
//!
//! An ADR's identity comes from its file name (`0007-use-kafka.md`, `adr-007-…`,
//! `20200926-slug.md`); its status is normalised to one of six values while the original text
//! is kept; its relations (supersedes, amends, custom verbs) are resolved to other ADRs and kept
//! both ways. Parsing lives in [`crate::load::adr_metadata`]; findings about the collection (duplicates,
//! one-way links, cycles) in `crate::check::decision_log`. Nothing here does I/O.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::util::paths;

pub use crate::util::date::Date;

/// The normalised lifecycle status of an ADR (DESIGN §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Under discussion.
    Proposed,
    /// Decided and in force.
    Accepted,
    /// Considered and turned down.
    Rejected,
    /// No longer recommended, not replaced.
    Deprecated,
    /// Replaced by another decision.
    Superseded,
    /// Missing or not recognised.
    Unknown,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 6] = [
        Status::Proposed,
        Status::Accepted,
        Status::Rejected,
        Status::Deprecated,
        Status::Superseded,
        Status::Unknown,
    ];

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Deprecated => "deprecated",
            Status::Superseded => "superseded",
            Status::Unknown => "unknown",
        }
    }

    /// Parses a normalised name (`accepted`, …).
    pub fn parse(name: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The built-in table of status words, beside the six normalised names. `sadoc.yml`'s
/// `adr.statuses` extends it.
pub const STATUS_WORDS: &[(&str, Status)] = &[
    ("draft", Status::Proposed),
    ("proposal", Status::Proposed),
    ("in review", Status::Proposed),
    ("under review", Status::Proposed),
    ("review", Status::Proposed),
    ("in discussion", Status::Proposed),
    ("discussion", Status::Proposed),
    ("pending", Status::Proposed),
    ("open", Status::Proposed),
    ("rfc", Status::Proposed),
    ("wip", Status::Proposed),
    ("work in progress", Status::Proposed),
    ("in progress", Status::Proposed),
    ("on hold", Status::Proposed),
    ("suggested", Status::Proposed),
    ("approved", Status::Accepted),
    ("implemented", Status::Accepted),
    ("adopted", Status::Accepted),
    ("agreed", Status::Accepted),
    ("decided", Status::Accepted),
    ("done", Status::Accepted),
    ("active", Status::Accepted),
    ("in effect", Status::Accepted),
    ("ratified", Status::Accepted),
    ("complete", Status::Accepted),
    ("completed", Status::Accepted),
    ("partially accepted", Status::Accepted),
    ("partly accepted", Status::Accepted),
    ("amended", Status::Accepted),
    ("declined", Status::Rejected),
    ("refused", Status::Rejected),
    ("denied", Status::Rejected),
    ("dismissed", Status::Rejected),
    ("abandoned", Status::Rejected),
    ("not accepted", Status::Rejected),
    ("obsolete", Status::Deprecated),
    ("retired", Status::Deprecated),
    ("withdrawn", Status::Deprecated),
    ("archived", Status::Deprecated),
    ("outdated", Status::Deprecated),
    ("replaced", Status::Superseded),
    ("replaced by", Status::Superseded),
    ("superseded by", Status::Superseded),
    ("partly superseded", Status::Superseded),
    ("partially superseded", Status::Superseded),
    ("superseeded", Status::Superseded),
    // adr-tools' own spelling (`Superceded by [2. …](…)`), in logs it wrote.
    ("superceded", Status::Superseded),
    ("superceded by", Status::Superseded),
];

/// How an ADR is identified, from its file name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct AdrId {
    /// The number (`0007-…` → 7), for numbered ADRs.
    pub number: Option<u32>,
    /// The number's digits as written (`0007`).
    pub digits: Option<String>,
    /// The date, for date-named ADRs (`20200926-slug.md`).
    pub date: Option<Date>,
    /// The rest of the file name, without extension.
    pub slug: String,
}

impl AdrId {
    /// How the ADR is referred to: `ADR-0007` (with the file name's digits), or the slug of
    /// an unnumbered one.
    pub fn label(&self) -> String {
        match (&self.digits, self.number) {
            (Some(digits), _) => format!("ADR-{digits}"),
            (None, Some(n)) => format!("ADR-{n}"),
            (None, None) => self.slug.clone(),
        }
    }
}

/// The kind of a relation between two ADRs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    /// This ADR replaces the target.
    Supersedes,
    /// The target replaces this ADR.
    SupersededBy,
    /// This ADR changes part of the target.
    Amends,
    /// The target changes part of this ADR.
    AmendedBy,
    /// A team's own verb (adr-tools `adr link`), e.g. "Clarifies".
    Other(String),
}

impl RelationKind {
    /// Parses a verb as written (`Superseded by`, `amends`, `Clarifies`).
    pub fn parse(verb: &str) -> RelationKind {
        let lower = verb
            .trim()
            .trim_end_matches(':')
            .to_lowercase()
            .replace(['_', '-'], " ");
        match lower
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
        {
            "supersedes" | "supercedes" | "replaces" => RelationKind::Supersedes,
            "superseded by" | "superceded by" | "replaced by" | "superseeded by" => {
                RelationKind::SupersededBy
            }
            "amends" => RelationKind::Amends,
            "amended by" => RelationKind::AmendedBy,
            _ => RelationKind::Other(verb.trim().trim_end_matches(':').to_string()),
        }
    }

    /// The relation seen from the other side, when it is known.
    pub fn reverse(&self) -> Option<RelationKind> {
        match self {
            RelationKind::Supersedes => Some(RelationKind::SupersededBy),
            RelationKind::SupersededBy => Some(RelationKind::Supersedes),
            RelationKind::Amends => Some(RelationKind::AmendedBy),
            RelationKind::AmendedBy => Some(RelationKind::Amends),
            RelationKind::Other(_) => None,
        }
    }

    /// The relation as a verb phrase in a sentence (`is superseded by`).
    pub fn phrase(&self) -> String {
        match self {
            RelationKind::Supersedes => "supersedes".to_string(),
            RelationKind::SupersededBy => "is superseded by".to_string(),
            RelationKind::Amends => "amends".to_string(),
            RelationKind::AmendedBy => "is amended by".to_string(),
            RelationKind::Other(verb) => verb.to_lowercase(),
        }
    }

    /// The verb as shown to readers.
    pub fn label(&self) -> String {
        match self {
            RelationKind::Supersedes => "Supersedes".to_string(),
            RelationKind::SupersededBy => "Superseded by".to_string(),
            RelationKind::Amends => "Amends".to_string(),
            RelationKind::AmendedBy => "Amended by".to_string(),
            RelationKind::Other(verb) => verb.clone(),
        }
    }
}

/// A relation as written in an ADR, before it is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRelation {
    /// What it says.
    pub kind: RelationKind,
    /// The link target, resolved to a project path (`docs/adr/0009-x.md`), when it is a link.
    pub path: Option<String>,
    /// The reference as written: link text, `ADR-0009`, a number, a slug or a title.
    pub text: String,
    /// 1-based line in the ADR's file.
    pub line: u32,
}

/// A resolved relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relation {
    /// What it says.
    pub kind: RelationKind,
    /// The other ADR (index into [`AdrLog::adrs`]).
    pub target: usize,
    /// Whether this ADR's file says it (false: only known from the other side).
    pub stated: bool,
    /// The 1-based line of this ADR's file that says it, when it does.
    pub line: Option<u32>,
}

/// The format an ADR was written in, as detected from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// adr-tools / Nygard: `Date:` line, `## Status` section.
    Nygard,
    /// MADR 3/4: YAML front matter.
    FrontMatter,
    /// MADR 2 / log4brains: `- Status:` bullets.
    Bullets,
    /// No metadata found.
    Plain,
}

/// Where an ADR's status is written in its file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StatusPlace {
    /// Nowhere.
    #[default]
    Missing,
    /// The front matter's `status:` key, on this line.
    FrontMatter(u32),
    /// A `- Status:` bullet or `Status:` line before the first `##` heading.
    Line(u32),
    /// A line of the `## Status` section.
    Section(u32),
}

/// Where an ADR's metadata stands in its file (1-based lines), so commands can edit it in
/// place and leave everything else as it was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Places {
    /// Where the status is written.
    pub status: StatusPlace,
    /// The front matter's closing `---`, when the file has front matter.
    pub front_end: Option<u32>,
    /// The `## Status` heading.
    pub section_heading: Option<u32>,
    /// The last non-blank line of the status section.
    pub section_last: Option<u32>,
    /// The last metadata or relation line before the first `##` heading.
    pub preamble_last: Option<u32>,
    /// The `Date:` line (or `- Date:` bullet) of the body, when the date is written there and
    /// not in the front matter: the page shows it as written, so its header does not repeat it.
    pub date_line: Option<u32>,
}

/// One ADR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adr {
    /// Index of its document in [`crate::model::Model::docs`].
    pub doc: usize,
    /// Identity from the file name.
    pub id: AdrId,
    /// Title without any number prefix.
    pub title: String,
    /// Normalised status.
    pub status: Status,
    /// The status as written, when there is one.
    pub status_text: Option<String>,
    /// 1-based line of the status in the file.
    pub status_line: Option<u32>,
    /// Decision date.
    pub date: Option<Date>,
    /// The date as written.
    pub date_text: Option<String>,
    /// Who decided.
    pub deciders: Vec<String>,
    /// Who was consulted.
    pub consulted: Vec<String>,
    /// Who was informed.
    pub informed: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Where the metadata came from.
    pub format: Format,
    /// The number in the first heading, when it has one.
    pub heading_number: Option<u32>,
    /// 1-based line of the first heading.
    pub heading_line: Option<u32>,
    /// Relations as written.
    #[serde(skip)]
    pub raw_relations: Vec<RawRelation>,
    /// Where its metadata stands in the file.
    #[serde(skip)]
    pub places: Places,
    /// Relations, resolved and completed both ways.
    pub relations: Vec<Relation>,
}

impl Adr {
    /// Whether two readings of an ADR say the same: everything the site shows of it, not where
    /// in its file each part stands nor what the log derived from it (its document and
    /// resolved relations).
    pub fn same_decision(&self, other: &Adr) -> bool {
        let said = |a: &Adr| Adr {
            doc: 0,
            status_line: None,
            heading_line: None,
            places: Places::default(),
            relations: Vec::new(),
            ..a.clone()
        };
        said(self) == said(other)
    }
}

/// A relation that names no known ADR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// The ADR that states it.
    pub from: usize,
    /// The relation.
    pub relation: RawRelation,
}

/// Every ADR of a project, ordered and cross-linked.
#[derive(Debug, Clone, Default)]
pub struct AdrLog {
    /// The ADRs, in log order: by number, then date-named by date and slug, then the rest.
    pub adrs: Vec<Adr>,
    /// Relations that name no known ADR.
    pub unresolved: Vec<Unresolved>,
    by_doc: HashMap<usize, usize>,
}

/// Parses a reference such as `ADR-0007`, `ADR 7`, `#7` or `0007` into a number.
pub fn reference_number(text: &str) -> Option<u32> {
    let t = text.trim().trim_start_matches('[').trim_end_matches(']');
    let lower = t.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("adr")
        .map(|r| r.trim_start_matches([' ', '-', '_', '#', ':']))
        .or_else(|| lower.strip_prefix('#'))
        .unwrap_or(&lower);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = &rest[digits.len()..];
    let clean_end = after.is_empty()
        || after.starts_with(|c: char| !c.is_alphanumeric())
        || lower.starts_with("adr");
    if digits.is_empty() || digits.len() > 9 || !clean_end {
        return None;
    }
    digits.parse().ok()
}

impl AdrLog {
    /// Orders the ADRs and resolves their relations. `sources[i]` is the source path of
    /// `adrs[i].doc`.
    pub fn new(mut adrs: Vec<Adr>, sources: &HashMap<usize, String>) -> AdrLog {
        adrs.sort_by(|a, b| {
            let key = |x: &Adr| {
                let group = if x.id.number.is_some() {
                    0
                } else if x.id.date.is_some() {
                    1
                } else {
                    2
                };
                (group, x.id.number, x.id.date, x.id.slug.to_lowercase())
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| sources.get(&a.doc).cmp(&sources.get(&b.doc)))
        });
        let by_doc = adrs.iter().enumerate().map(|(i, a)| (a.doc, i)).collect();
        let mut log = AdrLog {
            adrs,
            unresolved: Vec::new(),
            by_doc,
        };
        log.resolve(sources);
        log
    }

    /// Whether ADR `by` superseding another is in force: not while `by` is only proposed (the
    /// other keeps its status until `by` is accepted), and never when `by` was rejected.
    pub fn supersedes_in_force(&self, by: usize) -> bool {
        !matches!(self.adrs[by].status, Status::Proposed | Status::Rejected)
    }

    /// The ADR of a document.
    pub fn of_doc(&self, doc: usize) -> Option<usize> {
        self.by_doc.get(&doc).copied()
    }

    /// Finds an ADR by what a user or a file calls it: a number (`7`, `0007`, `ADR-0007`), a
    /// slug or file stem, or a title.
    pub fn find(&self, reference: &str, sources: &HashMap<usize, String>) -> Vec<usize> {
        let reference = reference.trim();
        if let Some(n) = reference_number(reference) {
            let found: Vec<usize> = (0..self.adrs.len())
                .filter(|&i| self.adrs[i].id.number == Some(n))
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
        let lower = reference.to_lowercase();
        let lower = lower.trim_end_matches(".md");
        let by_name: Vec<usize> = (0..self.adrs.len())
            .filter(|&i| {
                let a = &self.adrs[i];
                let stem = sources
                    .get(&a.doc)
                    .map(|s| paths::stem(s).to_lowercase())
                    .unwrap_or_default();
                stem == lower || a.id.slug.to_lowercase() == lower
            })
            .collect();
        if !by_name.is_empty() {
            return by_name;
        }
        (0..self.adrs.len())
            .filter(|&i| self.adrs[i].title.to_lowercase() == lower)
            .collect()
    }

    fn resolve(&mut self, sources: &HashMap<usize, String>) {
        let by_path: BTreeMap<&str, usize> = self
            .adrs
            .iter()
            .enumerate()
            .filter_map(|(i, a)| sources.get(&a.doc).map(|s| (s.as_str(), i)))
            .collect();
        let mut stated: Vec<(usize, RelationKind, usize, u32)> = Vec::new();
        let mut unresolved = Vec::new();
        for (from, adr) in self.adrs.iter().enumerate() {
            for raw in &adr.raw_relations {
                let target = raw
                    .path
                    .as_deref()
                    .and_then(|p| by_path.get(p).copied())
                    .or_else(|| {
                        let found = self.find(&raw.text, sources);
                        (found.len() == 1).then(|| found[0])
                    });
                match target {
                    Some(to) if to != from => stated.push((from, raw.kind.clone(), to, raw.line)),
                    // A team's own verb with a link to something that is not an ADR is an
                    // ordinary sentence, not a relation.
                    _ if matches!(raw.kind, RelationKind::Other(_)) => {}
                    _ => unresolved.push(Unresolved {
                        from,
                        relation: raw.clone(),
                    }),
                }
            }
        }
        for (from, kind, to, line) in &stated {
            push_relation(
                &mut self.adrs[*from].relations,
                kind.clone(),
                *to,
                Some(*line),
            );
            if let Some(reverse) = kind.reverse() {
                push_relation(&mut self.adrs[*to].relations, reverse, *from, None);
            }
        }
        for adr in &mut self.adrs {
            adr.relations
                .sort_by(|a, b| (&a.kind, a.target).cmp(&(&b.kind, b.target)));
        }
        self.unresolved = unresolved;
    }
}

fn push_relation(list: &mut Vec<Relation>, kind: RelationKind, target: usize, line: Option<u32>) {
    match list
        .iter_mut()
        .find(|r| r.kind == kind && r.target == target)
    {
        Some(existing) => {
            existing.stated |= line.is_some();
            existing.line = existing.line.or(line);
        }
        None => list.push(Relation {
            kind,
            target,
            stated: line.is_some(),
            line,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_numbers() {
        assert_eq!(reference_number("ADR-0007"), Some(7));
        assert_eq!(reference_number("adr 7"), Some(7));
        assert_eq!(reference_number("#12"), Some(12));
        assert_eq!(reference_number("0015"), Some(15));
        assert_eq!(reference_number("[ADR-0123]"), Some(123));
        assert_eq!(reference_number("15-dns"), Some(15));
        assert_eq!(reference_number("3tier"), None);
        assert_eq!(reference_number("DNS infrastructure"), None);
    }

    #[test]
    fn relation_verbs() {
        assert_eq!(
            RelationKind::parse("Superseded by"),
            RelationKind::SupersededBy
        );
        assert_eq!(
            RelationKind::parse("superseded_by"),
            RelationKind::SupersededBy
        );
        assert_eq!(RelationKind::parse("Amends:"), RelationKind::Amends);
        assert_eq!(
            RelationKind::parse("Clarifies"),
            RelationKind::Other("Clarifies".into())
        );
        assert_eq!(
            RelationKind::Supersedes.reverse(),
            Some(RelationKind::SupersededBy)
        );
    }

    #[test]
    fn dates_must_exist() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2023, 13, 1).is_none());
        assert_eq!(Date::new(2016, 2, 13).unwrap().to_string(), "2016-02-13");
    }
}
