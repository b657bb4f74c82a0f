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
//! Relations (`--supersedes`, `--amends`) are added afterwards in the form the filled template
//! uses, exactly as for existing files.

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

pub use crate::model::adr_templates::{MADR, NYGARD};

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
}
