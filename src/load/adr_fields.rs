//! The fields of an ADR read one by one, whatever format they came in: identity from the file
//! name, the number prefix of a heading, statuses in every spelling, dates in every form, and
//! lists of names.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::load::config::DateOrder;
use crate::model::decision::{AdrId, Date, STATUS_WORDS, Status};
use crate::util::paths;

static TEMPLATE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:adr|madr|nygard|decision|record)[-_ ]?)?template(?:[-_ ]?(?:adr|madr|nygard))?$")
        .expect("valid regex")
});

/// Whether a file in the ADR folder is a template rather than a decision (`template.md`,
/// `adr-template.md`, `0000-TEMPLATE.md`); `0005-template-engine.md` is a decision.
pub fn is_template(source: &str) -> bool {
    TEMPLATE_NAME.is_match(&identity(source).slug) || TEMPLATE_NAME.is_match(paths::stem(source))
}

/// The identity of an ADR from its file name: `0007-x`, `007-x`, `adr-007-x`, `ADR_7 x`,
/// `20200926-x` (date-named, as log4brains writes) or just a slug.
pub fn identity(source: &str) -> AdrId {
    let stem = paths::stem(source);
    let after_prefix = match stem.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("adr") => {
            let rest = stem[3..].trim_start_matches(['-', '_', ' ', '.']);
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                rest
            } else {
                stem
            }
        }
        _ => stem,
    };
    let digits: String = after_prefix
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let rest = &after_prefix[digits.len()..];
    let separated = rest.is_empty() || rest.starts_with(['-', '_', ' ', '.']);
    let slug = rest.trim_start_matches(['-', '_', ' ', '.']).to_string();
    if !digits.is_empty() && separated {
        if digits.len() == 8 {
            let date = Date::new(
                digits[..4].parse().unwrap_or(0),
                digits[4..6].parse().unwrap_or(0),
                digits[6..].parse().unwrap_or(0),
            );
            if let Some(date) = date {
                return AdrId {
                    number: None,
                    digits: None,
                    date: Some(date),
                    slug,
                };
            }
        }
        // Any number that fits (ten digits at most: 4294967295).
        if digits.len() <= 10
            && let Ok(number) = digits.parse()
        {
            return AdrId {
                number: Some(number),
                digits: Some(digits),
                date: None,
                slug,
            };
        }
    }
    AdrId {
        number: None,
        digits: None,
        date: None,
        slug: stem.to_string(),
    }
}

/// Removes the number prefix forms seen in the wild from a first heading: `7. T`, `007. T`,
/// `ADR 7: T`, `ADR-007 - T`, `[ADR-7] T`, `Architecture Decision Record: T`, and `7 T` when 7
/// is the file's number. Returns the title and the number the heading states.
pub fn strip_number_prefix(heading: &str, file_number: Option<u32>) -> (String, Option<u32>) {
    static ADR_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\[?\s*(?:architecture\s+decision\s+record|adr)(?:\s*[-_#]?\s*(\d+))?\s*\]?\s*([.:)\-–—])?\s*",
        )
        .expect("valid regex")
    });
    static NUMBER_PREFIX: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,9})(?:\s*[.:)]|\s+[-–—])\s*").expect("valid regex"));
    static BARE_NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,9})\s+").expect("valid regex"));
    let text = heading.trim();
    // "ADR 7: T", "ADR-007 T", "Architecture Decision Record: T" — but not "ADR only with date".
    if let Some(c) = ADR_PREFIX.captures(text)
        && (c.get(1).is_some() || c.get(2).is_some())
    {
        let rest = text[c.get(0).map_or(0, |m| m.end())..].trim();
        if !rest.is_empty() {
            let number = c.get(1).and_then(|m| m.as_str().parse().ok());
            return (rest.to_string(), number);
        }
    }
    if let Some(c) = NUMBER_PREFIX.captures(text) {
        let rest = text[c.get(0).map_or(0, |m| m.end())..].trim();
        if !rest.is_empty() {
            return (rest.to_string(), c[1].parse().ok());
        }
    }
    if let Some(c) = BARE_NUMBER.captures(text) {
        let number: Option<u32> = c[1].parse().ok();
        let rest = text[c.get(0).map_or(0, |m| m.end())..].trim();
        if number.is_some() && number == file_number && !rest.is_empty() {
            return (rest.to_string(), number);
        }
    }
    (text.to_string(), None)
}

/// Plain text of a line of inline markdown: links become their text; emphasis, code marks and
/// HTML comments go.
pub fn plain(text: &str) -> String {
    static LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").expect("valid regex"));
    static COMMENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"<!--.*?(-->|$)").expect("valid regex"));
    let text = COMMENT.replace_all(text, "");
    let text = LINK.replace_all(&text, "$1");
    let text = text.replace("**", "").replace("__", "").replace('`', "");
    let text = text.trim();
    let text = text
        .strip_prefix('*')
        .and_then(|t| t.strip_suffix('*'))
        .or_else(|| text.strip_prefix('_').and_then(|t| t.strip_suffix('_')))
        .unwrap_or(text);
    text.trim().to_string()
}

/// What to say about a status sadoc cannot read: the closest status word (`acepted` → did you
/// mean `accepted`?) when one is close, then the statuses to choose from.
pub fn unknown_status_help(text: &str, custom: &BTreeMap<String, Status>) -> String {
    let plain = plain(text).to_lowercase();
    let word = plain
        .split(['(', '.', ',', ':', ';'])
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    let candidates = Status::ALL
        .into_iter()
        .filter(|s| *s != Status::Unknown)
        .map(|s| s.as_str())
        .chain(STATUS_WORDS.iter().map(|(w, _)| *w))
        .chain(custom.keys().map(String::as_str));
    let guess = crate::util::spelling::did_you_mean(&word, candidates)
        .map(|d| format!("{d} "))
        .unwrap_or_default();
    format!(
        "{guess}use proposed, accepted, rejected, deprecated or superseded, or map the word in sadoc.yml under `adr.statuses`"
    )
}

/// The outcome of normalising a status text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalisedStatus {
    /// The status.
    pub status: Status,
    /// Whether the text is an unfilled template placeholder (`[proposed | accepted]`).
    pub placeholder: bool,
}

/// Normalises a status as written: `✅ Accepted (documenting an existing thing)`, `**Draft.**`,
/// `superseded by [ADR-5](0005-x.md)`, `Implemented`. `custom` (lower-case word → status) is
/// consulted before the built-in words.
pub fn normalise_status(text: &str, custom: &BTreeMap<String, Status>) -> NormalisedStatus {
    let raw = text.trim();
    let placeholder =
        (raw.starts_with('[') || raw.starts_with('{') || raw.contains("{")) && raw.contains('|');
    if placeholder {
        return NormalisedStatus {
            status: Status::Unknown,
            placeholder: true,
        };
    }
    let plain = plain(raw);
    let kept: String = plain
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() || c == '(' || c == ')' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let lower = kept.to_lowercase();
    let before_note = lower.split('(').next().unwrap_or("");
    let words: Vec<&str> = before_note.split_whitespace().collect();
    for n in (1..=words.len().min(3)).rev() {
        let key = words[..n].join(" ");
        if let Some(status) = custom.get(&key) {
            return found(*status);
        }
        if let Some(status) = Status::parse(&key).filter(|s| *s != Status::Unknown) {
            return found(status);
        }
        if let Some((_, status)) = STATUS_WORDS.iter().find(|(w, _)| *w == key) {
            return found(*status);
        }
    }
    NormalisedStatus {
        status: Status::Unknown,
        placeholder: false,
    }
}

fn found(status: Status) -> NormalisedStatus {
    NormalisedStatus {
        status,
        placeholder: false,
    }
}

/// Parses a date as written: ISO `2016-02-13` (also with `/` or `.`, or a time after it),
/// `13/02/2016`, `13.02.16`, `13 February 2016`, `February 13, 2016`. Ambiguous day/month
/// order follows `order`; an order that gives an impossible date falls back to the other.
pub fn parse_date(text: &str, order: DateOrder) -> Option<Date> {
    static ISO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s,;(])").expect("valid regex")
    });
    static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:$|[\s,;(])").expect("valid regex")
    });
    static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})").expect("valid regex")
    });
    static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})").expect("valid regex")
    });
    let t = plain(text);
    let t = t.trim();
    let num = |s: &str| s.parse::<u16>().ok();
    if let Some(c) = ISO.captures(t) {
        return Date::new(num(&c[1])?, num(&c[2])? as u8, num(&c[3])? as u8);
    }
    if let Some(c) = NUMERIC.captures(t) {
        let (a, b) = (num(&c[1])? as u8, num(&c[2])? as u8);
        let year = num(&c[3])?;
        let year = match c[3].len() {
            2 if year < 70 => 2000 + year,
            2 => 1900 + year,
            _ => year,
        };
        let (first, second) = match order {
            DateOrder::Dmy => (Date::new(year, b, a), Date::new(year, a, b)),
            DateOrder::Mdy => (Date::new(year, a, b), Date::new(year, b, a)),
        };
        return first.or(second);
    }
    if let Some(c) = DAY_MONTH.captures(t) {
        return Date::new(num(&c[3])?, month(&c[2])?, num(&c[1])? as u8);
    }
    if let Some(c) = MONTH_DAY.captures(t) {
        return Date::new(num(&c[3])?, month(&c[1])?, num(&c[2])? as u8);
    }
    None
}

fn month(name: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = name.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as u8 + 1)
}

/// Splits a list written in one line: `John Doe, Foo bar` or (tags) `foo bar, baz`.
pub(super) fn split_list(text: &str, on_spaces: bool) -> Vec<String> {
    let text = plain(text);
    text.split(|c: char| c == ',' || c == ';' || (on_spaces && c.is_whitespace()))
        .map(|s| s.trim().trim_matches(['[', ']', '"', '\'']).trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_from_file_names() {
        let id = identity("docs/adr/0007-use-kafka.md");
        assert_eq!(
            (id.number, id.digits.as_deref(), id.slug.as_str()),
            (Some(7), Some("0007"), "use-kafka")
        );
        assert_eq!(identity("001-x.md").number, Some(1));
        assert_eq!(identity("000-x.md").number, Some(0));
        assert_eq!(identity("adr-012-x.md").number, Some(12));
        assert_eq!(identity("ADR-012-x.md").number, Some(12));
        assert_eq!(identity("ADR_3 title.md").number, Some(3));
        let dated = identity("20200926-use-the-adr-number.md");
        assert_eq!(dated.number, None);
        assert_eq!(dated.date.unwrap().to_string(), "2020-09-26");
        assert_eq!(dated.slug, "use-the-adr-number");
        let plain = identity("adr_with_a_WeIrd-filename.md");
        assert_eq!((plain.number, plain.date), (None, None));
        assert_eq!(plain.slug, "adr_with_a_WeIrd-filename");
        assert_eq!(identity("3tier.md").number, None);
        assert_eq!(
            identity("99999999-x.md").number,
            Some(99_999_999),
            "not a date"
        );
    }

    #[test]
    fn templates_are_recognised_by_name() {
        for name in [
            "template.md",
            "adr-template.md",
            "0000-TEMPLATE.md",
            "madr-template.md",
            "template-adr.md",
        ] {
            assert!(is_template(name), "{name}");
        }
        for name in [
            "0005-template-engine.md",
            "0001-use-templates.md",
            "0007-x.md",
        ] {
            assert!(!is_template(name), "{name}");
        }
    }

    #[test]
    fn number_prefixes_are_stripped_from_headings() {
        let cases = [
            ("7. Use Kafka", Some(7), "Use Kafka", Some(7)),
            ("7 Use Kafka", Some(7), "Use Kafka", Some(7)),
            ("007. Use Kafka", Some(7), "Use Kafka", Some(7)),
            ("ADR 7: Use Kafka", Some(7), "Use Kafka", Some(7)),
            ("ADR 7 - Use Kafka", Some(7), "Use Kafka", Some(7)),
            ("ADR-007: Use Kafka", Some(7), "Use Kafka", Some(7)),
            ("[ADR-0007] Use Kafka", Some(7), "Use Kafka", Some(7)),
            (
                "Architecture Decision Record: Use Kafka",
                Some(7),
                "Use Kafka",
                None,
            ),
            (
                "3. Networking Outline",
                Some(33),
                "Networking Outline",
                Some(3),
            ),
            ("3 tier architecture", Some(5), "3 tier architecture", None),
            ("ADRs are great", Some(5), "ADRs are great", None),
            ("ADR only with date", None, "ADR only with date", None),
            ("ADR: Use Kafka", Some(7), "Use Kafka", None),
            ("Use Kafka", Some(7), "Use Kafka", None),
            ("2024 roadmap", None, "2024 roadmap", None),
        ];
        for (heading, file, title, number) in cases {
            assert_eq!(
                strip_number_prefix(heading, file),
                (title.to_string(), number),
                "{heading}"
            );
        }
    }

    #[test]
    fn statuses_are_normalised() {
        let none = BTreeMap::new();
        let cases = [
            ("Accepted", Status::Accepted),
            ("**Accepted**", Status::Accepted),
            (
                "✅ Accepted (documenting an existing thing)",
                Status::Accepted,
            ),
            ("✅\u{fe0f} Accepted", Status::Accepted),
            ("Draft.", Status::Proposed),
            ("Implemented", Status::Accepted),
            ("Approved", Status::Accepted),
            ("In review", Status::Proposed),
            ("Pending", Status::Proposed),
            ("on hold", Status::Proposed),
            ("Declined", Status::Rejected),
            ("Partially accepted", Status::Accepted),
            ("Partly superseded", Status::Superseded),
            ("superseded by [ADR-5](0005-x.md)", Status::Superseded),
            ("Superseded by ADR-0123", Status::Superseded),
            ("Deprecated!", Status::Deprecated),
            ("Aproved", Status::Unknown),
        ];
        for (text, status) in cases {
            assert_eq!(normalise_status(text, &none).status, status, "{text}");
        }
        let placeholder = normalise_status("{Proposed | Accepted}", &none);
        assert!(placeholder.placeholder);
        let placeholder = normalise_status("[draft | proposed | rejected]", &none);
        assert!(placeholder.placeholder);
        let custom = BTreeMap::from([("shipped".to_string(), Status::Accepted)]);
        assert_eq!(
            normalise_status("Shipped", &custom).status,
            Status::Accepted
        );
    }

    #[test]
    fn dates_in_every_form() {
        let d = |s: &str, o| parse_date(s, o).map(|d| d.to_string());
        assert_eq!(
            d("2016-02-13", DateOrder::Dmy).as_deref(),
            Some("2016-02-13")
        );
        assert_eq!(d("2016/2/3", DateOrder::Dmy).as_deref(), Some("2016-02-03"));
        assert_eq!(
            d("2016-02-13T10:00:00Z", DateOrder::Dmy).as_deref(),
            Some("2016-02-13")
        );
        assert_eq!(
            d("13/02/2016", DateOrder::Dmy).as_deref(),
            Some("2016-02-13")
        );
        assert_eq!(
            d("03/04/2016", DateOrder::Dmy).as_deref(),
            Some("2016-04-03")
        );
        assert_eq!(
            d("03/04/2016", DateOrder::Mdy).as_deref(),
            Some("2016-03-04")
        );
        assert_eq!(
            d("13/02/16", DateOrder::Mdy).as_deref(),
            Some("2016-02-13"),
            "only one order exists"
        );
        assert_eq!(d("13.02.99", DateOrder::Dmy).as_deref(), Some("1999-02-13"));
        assert_eq!(
            d("13 February 2016", DateOrder::Dmy).as_deref(),
            Some("2016-02-13")
        );
        assert_eq!(
            d("Feb 13, 2016", DateOrder::Dmy).as_deref(),
            Some("2016-02-13")
        );
        assert_eq!(d("sometime in 2016", DateOrder::Dmy), None);
        assert_eq!(d("2016-02-30", DateOrder::Dmy), None);
    }
}
