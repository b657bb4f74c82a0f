//! Heading anchors: stable, readable ids that keep non-Latin scripts.
//!
//! sadoc's own ids follow GitLab's rules, which is where most readers will also see the same
//! markdown: lower-cased, letters (of any script), digits, `_` and `-` kept, spaces become `-`,
//! other punctuation is dropped and runs of `-` collapse. Repeated headings get `-1`, `-2`, ….
//!
//! An MkDocs project keeps the ids its readers' links already use: those of Python-Markdown's
//! `toc` extension ([`Style::Ascii`], its default; [`Style::Unicode`], `slugify_unicode`) or of
//! `pymdownx.slugs.slugify` ([`Style::Pymdownx`]), with the separator it sets, and repeated
//! headings numbered `_1`, `_2`, … as `toc`'s `unique` does.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

/// How heading text becomes an id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Style {
    /// sadoc's own: GitLab's rules, `-1` for repeats.
    #[default]
    Sadoc,
    /// Python-Markdown's `toc.slugify` (MkDocs' default): accents folded to ASCII (NFKD), other
    /// letters dropped.
    Ascii,
    /// Python-Markdown's `toc.slugify_unicode`: letters of every script kept.
    Unicode,
    /// `pymdownx.slugs.slugify()`: letters of every script, case kept, each space a separator.
    Pymdownx,
    /// `pymdownx.slugs.slugify(case="lower")`.
    PymdownxLower,
    /// `pymdownx.slugs.slugify(case="lower-ascii")` (GitHub's: only ASCII letters lowered).
    PymdownxLowerAscii,
    /// `pymdownx.slugs.slugify(case="fold")`.
    PymdownxFold,
}

impl Style {
    /// The id for a heading's text, before it is made unique.
    pub fn slug(self, text: &str, separator: &str) -> String {
        match self {
            Style::Sadoc => slugify(text),
            Style::Ascii => python_markdown(text, separator, false),
            Style::Unicode => python_markdown(text, separator, true),
            Style::Pymdownx => pymdownx(text, separator, |t| t.to_string()),
            Style::PymdownxLower | Style::PymdownxFold => {
                pymdownx(text, separator, str::to_lowercase)
            }
            Style::PymdownxLowerAscii => pymdownx(text, separator, str::to_ascii_lowercase),
        }
    }

    /// Whether repeats are numbered as Python-Markdown does (`_1`) rather than `-1`, and an
    /// empty id is allowed to become `_1`.
    pub fn python(self) -> bool {
        self != Style::Sadoc
    }
}

/// Python's `\w` in a `str` pattern: letters and digits of any script, and `_`.
fn word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `markdown.extensions.toc.slugify`: (NFKD and ASCII only, unless `unicode`), characters
/// that are not word characters, whitespace or `-` dropped, surrounding whitespace stripped,
/// lower-cased, and runs of the separator and whitespace made one separator.
fn python_markdown(text: &str, separator: &str, unicode: bool) -> String {
    let folded: String = if unicode {
        text.to_string()
    } else {
        icu_normalizer::DecomposingNormalizerBorrowed::new_nfkd()
            .normalize(text)
            .chars()
            .filter(char::is_ascii)
            .collect()
    };
    let kept: String = folded
        .chars()
        .filter(|&c| word(c) || c.is_whitespace() || c == '-')
        .collect();
    let lower = kept.trim().to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut in_run = false;
    let mut rest = lower.as_str();
    while let Some(c) = rest.chars().next() {
        let sep_here = !separator.is_empty() && rest.starts_with(separator);
        if sep_here || c.is_whitespace() {
            if !in_run {
                out.push_str(separator);
                in_run = true;
            }
            rest = &rest[if sep_here {
                separator.len()
            } else {
                c.len_utf8()
            }..];
        } else {
            out.push(c);
            in_run = false;
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// `pymdownx.slugs._uslugify`: surrounding whitespace stripped, the case changed, characters
/// that are not word characters, `-` or a space dropped, and each space a separator.
fn pymdownx(text: &str, separator: &str, case: impl Fn(&str) -> String) -> String {
    case(text.trim())
        .chars()
        .filter(|&c| word(c) || c == '-' || c == ' ')
        .map(|c| {
            if c == ' ' {
                separator.to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The anchor id for a heading's text (`"Élément Catalog"` → `"élément-catalog"`,
/// `"결정 기록"` → `"결정-기록"`).
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            out.push(c);
        } else if (c == '-' || c.is_whitespace()) && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The ids already used on one page, to keep new ones unique.
#[derive(Debug, Default)]
pub struct Ids {
    used: HashSet<String>,
    /// For each base, the suffix to try next: a page repeating one heading thousands of times
    /// stays linear.
    next: std::collections::HashMap<String, u32>,
}

impl Ids {
    /// Reserves an id the author chose (`{#custom}`); returns it unchanged.
    pub fn reserve(&mut self, id: &str) -> String {
        self.used.insert(id.to_string());
        id.to_string()
    }

    /// A unique id based on `base`, numbered as `style` numbers repeats.
    pub fn unique_in(&mut self, base: &str, style: Style) -> String {
        if !style.python() {
            return self.unique(base);
        }
        // Python-Markdown's `toc.unique`: `base_1`, `base_2`…; an id that already ends in
        // `_N` counts on from N; an empty id is taken.
        if !base.is_empty() && self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let (stem, mut count) = match base.rsplit_once('_') {
            Some((stem, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                (stem.to_string(), n.parse::<u32>().unwrap_or(0))
            }
            _ => (base.to_string(), 0),
        };
        let next = self.next.entry(format!("{stem}\u{0}_")).or_insert(0);
        count = count.max(*next);
        loop {
            count = count.saturating_add(1);
            let candidate = format!("{stem}_{count}");
            if self.used.insert(candidate.clone()) || count == u32::MAX {
                *next = count;
                return candidate;
            }
        }
    }

    /// A unique id based on `base`.
    pub fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let next = self.next.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next = next.saturating_add(1);
            if self.used.insert(candidate.clone()) || *next == u32::MAX {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_of_any_script() {
        assert_eq!(slugify("Element Catalog"), "element-catalog");
        assert_eq!(slugify("결정 기록 (ADR)"), "결정-기록-adr");
        assert_eq!(slugify("  C&C — Pipeline view  "), "cc-pipeline-view");
        assert_eq!(slugify("snake_case id"), "snake_case-id");
        assert_eq!(slugify("???"), "section");
    }

    #[test]
    fn repeated_headings_get_numbered() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("rationale"), "rationale");
        assert_eq!(ids.unique("rationale"), "rationale-1");
        assert_eq!(ids.unique("rationale"), "rationale-2");
    }

    #[test]
    fn python_markdown_slugs_and_numbering() {
        let slug = |style: Style, t: &str| style.slug(t, "-");
        assert_eq!(slug(Style::Ascii, "Héllo Wörld & Co."), "hello-world-co");
        assert_eq!(slug(Style::Ascii, "결정 기록"), "");
        assert_eq!(slug(Style::Ascii, "Use x -- now"), "use-x-now");
        assert_eq!(slug(Style::Ascii, "  Spaced   out  "), "spaced-out");
        assert_eq!(slug(Style::Unicode, "결정 기록 (ADR)"), "결정-기록-adr");
        assert_eq!(Style::Ascii.slug("a  b-c", "_"), "a_b-c");
        assert_eq!(
            Style::PymdownxLower.slug("Héllo  Wörld!", "-"),
            "héllo--wörld"
        );
        assert_eq!(Style::Pymdownx.slug("Keep Case", "-"), "Keep-Case");
        assert_eq!(Style::PymdownxLowerAscii.slug("ÉCOLE A", "-"), "École-a");
        let mut ids = Ids::default();
        assert_eq!(ids.unique_in("example", Style::Ascii), "example");
        assert_eq!(ids.unique_in("example", Style::Ascii), "example_1");
        assert_eq!(ids.unique_in("example", Style::Ascii), "example_2");
        assert_eq!(ids.unique_in("", Style::Ascii), "_1");
        assert_eq!(ids.unique_in("", Style::Ascii), "_2");
        assert_eq!(ids.unique_in("example_1", Style::Ascii), "example_3");
    }

    #[test]
    fn numbering_skips_ids_taken_by_the_author() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.reserve("a-1"), "a-1");
        assert_eq!(ids.unique("a"), "a-2");
        assert_eq!(ids.unique("a-1"), "a-1-1");
        let last = (0..10_000).map(|_| ids.unique("b")).last();
        assert_eq!(last.as_deref(), Some("b-9999"));
    }
}
