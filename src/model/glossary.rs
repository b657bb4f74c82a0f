//! The glossary's terms: the first column of the glossary document's tables, with the second as
//! the definition. The markdown stage reads them from the glossary's outline, then links the
//! first use of each term on every other page to its row.

use std::collections::HashMap;

use regex::Regex;

use super::outline::Table;
use crate::util::slug::slugify;

/// One glossary term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The slug of its row's anchor in the glossary (`term-<slug>`).
    pub slug: String,
    /// Its definition, for the link's tooltip.
    pub definition: String,
    /// For an acronym (`ADR`), the exact spelling text must use.
    pub acronym: Option<String>,
}

/// The terms of a project's glossary.
#[derive(Debug, Clone)]
pub struct Glossary {
    /// The glossary's document.
    pub doc: usize,
    /// Any term, longest first, case-insensitive.
    pub pattern: Regex,
    /// Each term by its lower-case text.
    pub by_key: HashMap<String, Term>,
}

/// Terms longer than this are sentences, not terms.
const MAX_TERM_CHARS: usize = 40;

impl Glossary {
    /// The terms of the tables of document `doc` (the glossary); `None` when it defines none.
    pub fn from_tables(doc: usize, tables: &[Table]) -> Option<Glossary> {
        let mut by_key: HashMap<String, Term> = HashMap::new();
        for table in tables {
            for row in &table.rows {
                let Some(term) = row.first().map(|t| t.trim()) else {
                    continue;
                };
                if term.is_empty() || term.chars().count() > MAX_TERM_CHARS {
                    continue;
                }
                let definition = row.get(1).cloned().unwrap_or_default();
                let acronym = (term.chars().count() >= 2
                    && term
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
                .then(|| term.to_string());
                by_key.insert(
                    term.to_lowercase(),
                    Term {
                        slug: slugify(term),
                        definition,
                        acronym,
                    },
                );
            }
        }
        if by_key.is_empty() {
            return None;
        }
        let mut keys: Vec<&String> = by_key.keys().collect();
        keys.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        let alternation: Vec<String> = keys.iter().map(|k| regex::escape(k)).collect();
        let pattern = Regex::new(&format!("(?i){}", alternation.join("|"))).ok()?;
        Some(Glossary {
            doc,
            pattern,
            by_key,
        })
    }

    /// The term a match of [`Glossary::pattern`] names, when it may be linked there: whole
    /// words only (`before` and `after` are the characters around it), and an acronym only in
    /// its own capitals.
    pub fn term_at(
        &self,
        matched: &str,
        before: Option<char>,
        after: Option<char>,
    ) -> Option<&Term> {
        let term = self.by_key.get(&matched.to_lowercase())?;
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        let wrong_case = term.acronym.as_deref().is_some_and(|a| a != matched);
        (boundary(before) && boundary(after) && !wrong_case).then_some(term)
    }
}
