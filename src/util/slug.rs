//! Heading anchors: stable, readable ids that keep non-Latin scripts.
//!
//! Ids follow GitLab's rules, which is where most readers will also see the same markdown:
//! lower-cased, letters (of any script), digits, `_` and `-` kept, spaces become `-`, other
//! punctuation is dropped and runs of `-` collapse. Repeated headings get `-1`, `-2`, ….

use std::collections::HashSet;

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
