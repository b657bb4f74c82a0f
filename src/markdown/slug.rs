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
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .unwrap_or_else(|| base.to_string())
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
}
