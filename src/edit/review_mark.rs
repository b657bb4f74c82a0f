//! `sadoc review mark`: writes `last_reviewed: <date>` into a document's front matter and
//! leaves every other byte as it was — the key where it stands (with the file's quoting), else
//! a new line at the end of the front matter, else a new front matter block at the top.

use crate::edit::adr_text::Lines;
use crate::util::date::Date;

/// Why a document cannot be marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkError {
    /// It starts with a TOML (`+++`) block, which sadoc does not write into.
    Toml,
    /// Its front matter cannot be read (line, message).
    FrontMatter(u32, String),
}

/// `text` with its `last_reviewed:` set to `date`.
pub fn mark(text: &str, date: Date) -> Result<String, MarkError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalised = body.replace("\r\n", "\n");
    let split = crate::load::front_matter::split(&normalised)
        .map_err(|e| MarkError::FrontMatter(e.line, e.message))?;
    if split.toml {
        return Err(MarkError::Toml);
    }
    let mut lines = Lines::new(text);
    let value = date.to_string();
    match split.yaml {
        Some(yaml) => {
            crate::load::front_matter::parse(yaml, split.yaml_line)
                .map_err(|e| MarkError::FrontMatter(e.line, e.message))?;
            let keys = crate::load::front_matter::key_lines(yaml, split.yaml_line);
            match keys.get("last_reviewed") {
                Some(&n) => {
                    let line = lines.get(n).unwrap_or("last_reviewed:").to_string();
                    let (key, old) = line.split_once(':').unwrap_or(("last_reviewed", ""));
                    let old = old.trim();
                    let quoted = match old.chars().next() {
                        Some(q @ ('"' | '\'')) => format!("{q}{value}{q}"),
                        _ => value,
                    };
                    lines.set(n, &format!("{key}: {quoted}"));
                }
                // The closing `---` stands just before the body.
                None => lines.insert_after(
                    split.body_line.saturating_sub(2),
                    &[format!("last_reviewed: {value}")],
                ),
            }
        }
        None => lines.insert_after(
            0,
            &[
                "---".to_string(),
                format!("last_reviewed: {value}"),
                "---".to_string(),
            ],
        ),
    }
    Ok(lines.text())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Date {
        Date::new(2026, 12, 7).unwrap()
    }

    #[test]
    fn the_key_is_replaced_where_it_stands_with_its_quoting() {
        let text = "---\ntitle: Restart  # keep me\nlast_reviewed: '2025-01-01'\nowners: [\"@sre\"]\n---\n# Restart\n";
        assert_eq!(
            mark(text, day()).unwrap(),
            "---\ntitle: Restart  # keep me\nlast_reviewed: '2026-12-07'\nowners: [\"@sre\"]\n---\n# Restart\n"
        );
        let plain = "---\nlast_reviewed: 2025-01-01\n---\nBody\n";
        assert_eq!(
            mark(plain, day()).unwrap(),
            "---\nlast_reviewed: 2026-12-07\n---\nBody\n"
        );
    }

    #[test]
    fn a_missing_key_goes_at_the_end_of_the_front_matter() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\n# A\r\n";
        assert_eq!(
            mark(text, day()).unwrap(),
            "\u{feff}---\r\ntitle: A\r\nlast_reviewed: 2026-12-07\r\n---\r\n# A\r\n"
        );
    }

    #[test]
    fn a_page_without_front_matter_gets_one() {
        assert_eq!(
            mark("# A\n\nText.\n", day()).unwrap(),
            "---\nlast_reviewed: 2026-12-07\n---\n# A\n\nText.\n"
        );
        assert_eq!(
            mark("", day()).unwrap(),
            "---\nlast_reviewed: 2026-12-07\n---\n"
        );
    }

    #[test]
    fn toml_and_broken_front_matter_are_refused() {
        assert_eq!(
            mark("+++\ntitle = 'A'\n+++\n# A\n", day()),
            Err(MarkError::Toml)
        );
        assert!(matches!(
            mark("---\ntitle: [a\n---\n# A\n", day()),
            Err(MarkError::FrontMatter(..))
        ));
    }
}
