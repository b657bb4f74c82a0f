//! What search keeps of one page: its distinct terms with their weights (the title's count
//! most, then headings', then the body's) and the fragment of its text that results quote,
//! with where each heading starts. An entry follows from the page's title, ADR status and
//! rendered HTML alone, which is what lets [`super::memo`] keep it between builds.

use serde::Serialize;

use super::{Page, extract, tokens};

/// How much a term counts where it appears.
pub(super) const TITLE_WEIGHT: u32 = 20;
const HEADING_WEIGHT: u32 = 5;
const BODY_WEIGHT: u32 = 1;
/// A fragment keeps at most this many characters of text (the excerpt comes from them).
const FRAGMENT_CHARS: usize = 30_000;

/// A page's search entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its distinct terms, sorted, each followed by `\n` (one allocation per page: a large
    /// site has millions of term occurrences).
    pub terms: String,
    /// The weight of each term, in the same order.
    pub weights: Vec<u32>,
    /// The fragment, as JSON.
    pub fragment: String,
    /// The fragment's hash, which names its file.
    pub hash: u64,
}

/// A page's fragment as it is served.
#[derive(Serialize)]
struct Fragment<'a> {
    /// Text.
    t: &'a str,
    /// Headings: `[offset, id, title]`.
    h: Vec<(usize, &'a str, &'a str)>,
}

/// The entry of `page`: its text read out of its HTML, split into terms and weighed, and the
/// fragment its results quote.
pub(super) fn of(page: &Page<'_>) -> Entry {
    let html = page.html.unpack();
    let text = extract::extract(&html);
    let mut weights: foldhash::HashMap<String, u32> = foldhash::HashMap::default();
    let mut add = |source: &str, weight: u32| {
        tokens::terms(source, |term| match weights.get_mut(term) {
            Some(w) => *w = w.saturating_add(weight),
            None => {
                weights.insert(term.to_string(), weight);
            }
        });
    };
    add(&page.title, TITLE_WEIGHT);
    if let Some(status) = &page.status {
        add(status, BODY_WEIGHT);
    }
    for heading in &text.headings {
        add(&heading.title, HEADING_WEIGHT);
    }
    add(&text.body, BODY_WEIGHT);
    let mut sorted: Vec<(String, u32)> = weights.into_iter().collect();
    sorted.sort_unstable();
    let mut terms = String::with_capacity(sorted.iter().map(|(t, _)| t.len() + 1).sum());
    let mut term_weights = Vec::with_capacity(sorted.len());
    for (term, weight) in sorted {
        terms.push_str(&term);
        terms.push('\n');
        term_weights.push(weight);
    }

    // A text of at most FRAGMENT_CHARS bytes has at most as many characters: kept whole.
    let cut = match text.body.len() {
        len if len <= FRAGMENT_CHARS => len,
        len => text
            .body
            .char_indices()
            .nth(FRAGMENT_CHARS)
            .map_or(len, |(i, _)| i),
    };
    let kept = &text.body[..cut];
    let kept_units: usize = if kept.is_ascii() {
        kept.len()
    } else {
        kept.chars().map(char::len_utf16).sum()
    };
    let fragment = Fragment {
        t: kept,
        h: text
            .headings
            .iter()
            .filter(|h| h.offset < kept_units)
            .map(|h| (h.offset, h.id.as_str(), h.title.as_str()))
            .collect(),
    };
    let fragment = serde_json::to_string(&fragment).unwrap_or_default();
    Entry {
        terms,
        weights: term_weights,
        hash: crate::util::content_hash(fragment.as_bytes()),
        fragment,
    }
}
