//! Templates for new ADRs: adr-tools/Nygard, MADR 4, or a file of the team's own.
//!
//! A custom template is a markdown file in the repository (`adr.template: docs/adr/template.md`
//! or `--template PATH`) with these placeholders, replaced as plain text:
//!
//! | placeholder | becomes |
//! |---|---|
//! | `{{number}}` | the number, unpadded (`12`); empty for date-named ADRs |
//! | `{{id}}` | the padded number (`0012`), or the date (`20261125`) for date-named ADRs |
//! | `{{title}}` | the title as given |
//! | `{{slug}}` | the file-name slug (`use-kafka`) |
//! | `{{date}}` | the date, `YYYY-MM-DD` |
//! | `{{status}}` | the initial status |
//!
//! A template written for adr-tools (the ADR folder's `templates/template.md`, or
//! `ADR_TEMPLATE`) has none of these and uses adr-tools' bare words instead: on each line the
//! first `NUMBER`, `TITLE`, `DATE` and `STATUS` are replaced, as adr-tools' `sed` does. A
//! log4brains template (`template.md` in a date-named log) has neither: its first heading
//! becomes the title, and its `- Status:` and `- Date:` bullets get the status and the date.
//!
//! Relations (`--supersedes`, `--amends`, `-l`) are added afterwards in the form the filled
//! template uses, exactly as for existing files.

/// Values for a new ADR's placeholders.
#[derive(Debug, Clone)]
pub struct Fill<'a> {
    /// The number, for numbered ADRs.
    pub number: Option<u32>,
    /// The padded number or the date digits.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// File-name slug.
    pub slug: &'a str,
    /// Date, `YYYY-MM-DD`.
    pub date: &'a str,
    /// Initial status.
    pub status: &'a str,
}

pub use crate::model::adr_templates::{BULLETS, MADR, NYGARD};

/// The placeholders a template uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// sadoc's `{{title}}`, `{{date}}`, ….
    Braces,
    /// adr-tools' bare `NUMBER`, `TITLE`, `DATE`, `STATUS`.
    AdrTools,
    /// log4brains': a first heading and `- Status:` / `- Date:` bullets with prompts.
    Log4brains,
}

impl Style {
    /// The style of a template file of the team's own.
    pub fn of(template: &str) -> Style {
        const BRACES: [&str; 6] = [
            "{{number}}",
            "{{id}}",
            "{{title}}",
            "{{slug}}",
            "{{date}}",
            "{{status}}",
        ];
        const WORDS: [&str; 4] = ["NUMBER", "TITLE", "DATE", "STATUS"];
        if BRACES.iter().any(|p| template.contains(p)) {
            Style::Braces
        } else if WORDS.iter().any(|w| template.contains(w)) {
            Style::AdrTools
        } else {
            Style::Log4brains
        }
    }

    /// The status a new record gets in this style when none is asked for: adr-tools' sections
    /// say `Proposed`, bullets and front matter `proposed`.
    pub fn default_status(self, template: &str) -> &'static str {
        match self {
            Style::AdrTools => "Proposed",
            Style::Braces if template.contains("## Status\n\n{{status}}") => "Proposed",
            _ => "proposed",
        }
    }
}

/// Fills `template`, written in `style`.
pub fn fill_in(template: &str, style: Style, values: &Fill<'_>) -> String {
    match style {
        Style::Braces => fill(template, values),
        Style::AdrTools => fill_words(template, values),
        Style::Log4brains => fill_bullets(template, values),
    }
}

/// adr-tools' filling: on each line, the first `NUMBER`, `TITLE`, `DATE` and `STATUS`. Unlike
/// adr-tools' `sed`, a value is never filled again (a title containing `DATE` stays as typed).
fn fill_words(template: &str, values: &Fill<'_>) -> String {
    let number = values
        .number
        .map_or_else(|| values.id.to_string(), |n| n.to_string());
    let words = [
        ("NUMBER", number.as_str()),
        ("TITLE", values.title),
        ("DATE", values.date),
        ("STATUS", values.status),
    ];
    let mut out = String::with_capacity(template.len() + 64);
    for line in template.split_inclusive('\n') {
        // Each word's first occurrence in the template's own text, filled left to right.
        let mut hits: Vec<(usize, &str, &str)> = words
            .iter()
            .filter_map(|(word, value)| line.find(word).map(|at| (at, *word, *value)))
            .collect();
        hits.sort_by_key(|h| h.0);
        let mut at = 0;
        for (start, word, value) in hits {
            if start < at {
                continue;
            }
            out.push_str(&line[at..start]);
            out.push_str(value);
            at = start + word.len();
        }
        out.push_str(&line[at..]);
    }
    out
}

/// log4brains' filling: the first heading is the title; the `Status` and `Date` bullets of the
/// metadata list get their values (a prompt such as `[YYYY-MM-DD when …] <!-- optional -->`
/// is replaced whole). Everything else is the template's.
fn fill_bullets(template: &str, values: &Fill<'_>) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut titled = false;
    let mut in_fence = false;
    let (mut has_status, mut has_date) = (false, false);
    // Where the first metadata bullet written starts, and where it ends.
    let mut bullet_at: Option<(usize, usize)> = None;
    for line in template.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let end = &line[body.len()..];
        if body.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence && !titled && (body == "#" || body.starts_with("# ")) {
            titled = true;
            out.push_str(&format!("# {}{end}", values.title));
            continue;
        }
        let bullet = ["- ", "* "].iter().find(|b| body.starts_with(**b));
        if let (false, Some(bullet)) = (in_fence, bullet) {
            let field = body[2..].split(':').next().unwrap_or("").trim();
            let value = match field.to_ascii_lowercase().as_str() {
                "status" if !has_status => {
                    has_status = true;
                    Some(values.status)
                }
                "date" if !has_date => {
                    has_date = true;
                    Some(values.date)
                }
                _ => None,
            };
            if let Some(value) = value {
                let start = out.len();
                out.push_str(&format!("{bullet}{field}: {value}{end}"));
                bullet_at.get_or_insert((start, out.len()));
                continue;
            }
        }
        out.push_str(line);
    }
    if !titled {
        out.insert_str(0, &format!("# {}\n\n", values.title));
    }
    // A template without the bullets still gives the record its status and date, under the
    // title, where log4brains and MADR 2 keep them.
    let missing: Vec<String> = [
        (!has_status).then(|| format!("- Status: {}", values.status)),
        (!has_date).then(|| format!("- Date: {}", values.date)),
    ]
    .into_iter()
    .flatten()
    .collect();
    match (missing.is_empty(), bullet_at) {
        (true, _) => {}
        // Beside the bullet the template has: the status before a date, the date after one.
        (false, Some((start, end))) => {
            let line = format!("{}\n", missing.join("\n"));
            out.insert_str(if has_date && !has_status { start } else { end }, &line);
        }
        (false, None) => {
            let title_end = out.find('\n').map_or(out.len(), |i| i + 1);
            out.insert_str(title_end, &format!("\n{}\n", missing.join("\n")));
        }
    }
    out
}

/// Replaces the placeholders of `template`.
pub fn fill(template: &str, values: &Fill<'_>) -> String {
    let number = values.number.map(|n| n.to_string()).unwrap_or_default();
    let mut text = template
        .replace("{{number}}", &number)
        .replace("{{id}}", values.id)
        .replace("{{title}}", values.title)
        .replace("{{slug}}", values.slug)
        .replace("{{date}}", values.date)
        .replace("{{status}}", values.status);
    if values.number.is_none() {
        // `# {{number}}. Title` without a number reads `# . Title`.
        text = text.replacen("# . ", "# ", 1);
    }
    text
}

/// A file-name slug for a title: lower case; accented Latin letters folded to ASCII; letters of
/// other scripts (Hangul, Cyrillic, …) kept; everything else becomes `-`.
pub fn slug(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars().flat_map(char::to_lowercase) {
        let folded = fold(c);
        if !folded.is_empty() {
            out.push_str(folded);
        } else if c == '\'' || c == '’' {
            // "loader's" → "loaders", not "loader-s".
        } else if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut slug = out.trim_matches('-').to_string();
    if slug.chars().count() > 60 {
        slug = slug.chars().take(60).collect::<String>();
        slug = slug.trim_end_matches('-').to_string();
    }
    if slug.is_empty() {
        "decision".to_string()
    } else {
        slug
    }
}

/// ASCII for a lower-case letter: itself, its unaccented form, or `""` when it has none.
fn fold(c: char) -> &'static str {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("çćĉċč", "c"),
        ("ďđ", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("ŕŗř", "r"),
        ("śŝşš", "s"),
        ("ţťŧ", "t"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
        ("ß", "ss"),
        ("æ", "ae"),
        ("œ", "oe"),
        ("þ", "th"),
    ];
    if c.is_ascii_alphanumeric() {
        return match c {
            'a'..='z' | '0'..='9' => {
                const ASCII: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
                let i = ASCII.find(c).unwrap_or(0);
                &ASCII[i..i + 1]
            }
            _ => "",
        };
    }
    TABLE
        .iter()
        .find(|(letters, _)| letters.contains(c))
        .map_or("", |(_, ascii)| ascii)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents_and_keep_other_scripts() {
        assert_eq!(
            slug("Use Kafka as the event backbone"),
            "use-kafka-as-the-event-backbone"
        );
        assert_eq!(slug("Café & crème brûlée!"), "cafe-creme-brulee");
        assert_eq!(slug("카프카 도입"), "카프카-도입");
        assert_eq!(slug("Größe ändern"), "grosse-andern");
        assert_eq!(slug("???"), "decision");
        assert_eq!(slug("The loader's positions"), "the-loaders-positions");
        assert_eq!(slug(&"a".repeat(100)).len(), 60);
    }

    #[test]
    fn placeholders_are_filled() {
        let text = fill(
            NYGARD,
            &Fill {
                number: Some(12),
                id: "0012",
                title: "Use Kafka",
                slug: "use-kafka",
                date: "2026-11-25",
                status: "Proposed",
            },
        );
        assert!(text.starts_with("# 12. Use Kafka\n\nDate: 2026-11-25\n\n## Status\n\nProposed\n"));
    }

    fn values<'a>() -> Fill<'a> {
        Fill {
            number: Some(7),
            id: "0007",
            title: "Fix the DATE handling",
            slug: "fix-the-date-handling",
            date: "2026-12-07",
            status: "Accepted",
        }
    }

    #[test]
    fn adr_tools_words_are_filled_once_per_line_as_its_sed_does() {
        let template = "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\nTITLE TITLE\n";
        assert_eq!(Style::of(template), Style::AdrTools);
        assert_eq!(
            fill_in(template, Style::AdrTools, &values()),
            "# 7. Fix the DATE handling\n\nDate: 2026-12-07\n\n## Status\n\nAccepted\n\nFix the DATE handling TITLE\n"
        );
    }

    #[test]
    fn a_log4brains_template_without_bullets_gets_them_under_the_title() {
        let mut v = values();
        v.status = "proposed";
        assert_eq!(
            fill_in("<!-- TRUNCATED -->\n", Style::Log4brains, &v),
            "# Fix the DATE handling\n\n- Status: proposed\n- Date: 2026-12-07\n\n<!-- TRUNCATED -->\n"
        );
        assert_eq!(
            fill_in("# T\n\n- Date: x\n\n## Context\n", Style::Log4brains, &v),
            "# Fix the DATE handling\n\n- Status: proposed\n- Date: 2026-12-07\n\n## Context\n"
        );
    }

    #[test]
    fn log4brains_templates_get_title_status_and_date() {
        let template = "# [short title of solved problem and solution]\n\n- Status: [draft | proposed | rejected] <!-- optional -->\n- Deciders: [list everyone] <!-- optional -->\n- Date: [YYYY-MM-DD when the decision was last updated] <!-- optional -->\n\n## Context and Problem Statement\n\n[Describe the context]\n";
        assert_eq!(Style::of(template), Style::Log4brains);
        let mut v = values();
        v.status = "proposed";
        assert_eq!(
            fill_in(template, Style::Log4brains, &v),
            "# Fix the DATE handling\n\n- Status: proposed\n- Deciders: [list everyone] <!-- optional -->\n- Date: 2026-12-07\n\n## Context and Problem Statement\n\n[Describe the context]\n"
        );
    }
}
