//! How text becomes search terms, the same way at build time and in the browser
//! (`themes/default/assets/search.js` mirrors this file; change both together).
//!
//! Words of alphabetic scripts are runs of letters and digits, lowercased. Text in scripts
//! written without spaces between words (Chinese, Japanese) or with particles attached to words
//! (Korean: 데이터를, 데이터는) becomes overlapping character bigrams, as Lucene's CJK analyzer
//! does: a query's bigrams must all be present, so 데이터 finds 데이터를 and 플랫폼 finds
//! 데이터플랫폼, with no dictionary to ship.

/// Words too common to be worth an index entry or a query term.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "that", "the", "this", "to", "was", "with",
];

/// Terms longer than this many characters (hashes, base64) are not indexed.
pub const MAX_TERM_CHARS: usize = 40;

/// Whether `c` belongs to a script that is split into bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF      // Hangul Jamo
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xA960..=0xA97F    // Hangul Jamo extended A
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xD7B0..=0xD7FF    // Hangul Jamo extended B
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x2FA1F  // CJK extensions B–F, compatibility supplement
    )
}

/// A word character of an alphabetic script.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// The index terms of text, in order (with repeats), handed to `term`.
pub fn terms(text: &str, mut term: impl FnMut(&str)) {
    let mut lower = String::new();
    let mut emit = |token: &str, cjk: bool| {
        if cjk {
            bigrams(token, &mut term);
            return;
        }
        // Most tokens are ASCII and already lower case: they are handed on as they are.
        let word = if token.is_ascii() {
            if token.bytes().any(|b| b.is_ascii_uppercase()) {
                lower.clear();
                lower.push_str(token);
                lower.make_ascii_lowercase();
                lower.as_str()
            } else {
                token
            }
        } else {
            lower.clear();
            lower.push_str(&token.to_lowercase());
            lower.as_str()
        };
        if (word.len() > MAX_TERM_CHARS && word.chars().count() > MAX_TERM_CHARS)
            || is_stop_word(word)
        {
            return;
        }
        term(word);
        if word.len() > 1 && word.starts_with('0') && word.bytes().all(|b| b.is_ascii_digit()) {
            let trimmed = word.trim_start_matches('0');
            term(if trimmed.is_empty() { "0" } else { trimmed });
        }
    };
    // Runs of word characters of one kind (CJK or not) are tokens. ASCII is classified by its
    // byte; only other characters are decoded.
    let bytes = text.as_bytes();
    let mut start: Option<(usize, bool)> = None;
    let mut i = 0;
    while i < bytes.len() {
        let (kind, len) = match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric().then_some(false), 1),
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                let kind = if is_cjk(c) {
                    Some(true)
                } else if is_word(c) {
                    Some(false)
                } else {
                    None
                };
                (kind, c.len_utf8())
            }
        };
        match (start, kind) {
            (Some((s, cjk)), Some(k)) if k != cjk => {
                emit(&text[s..i], cjk);
                start = Some((i, k));
            }
            (Some(_), Some(_)) => {}
            (None, Some(k)) => start = Some((i, k)),
            (Some((s, cjk)), None) => {
                emit(&text[s..i], cjk);
                start = None;
            }
            (None, None) => {}
        }
        i += len;
    }
    if let Some((s, cjk)) = start {
        emit(&text[s..], cjk);
    }
}

/// Whether `word` (lower case) is one of [`STOP_WORDS`]: none is longer than four bytes.
fn is_stop_word(word: &str) -> bool {
    word.len() <= 4 && STOP_WORDS.contains(&word)
}

/// A CJK run's overlapping bigrams (a single character stands alone).
pub fn bigrams(run: &str, mut term: impl FnMut(&str)) {
    let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).collect();
    if starts.len() == 1 {
        term(run);
        return;
    }
    for pair in 0..starts.len() - 1 {
        let end = starts.get(pair + 2).copied().unwrap_or(run.len());
        term(&run[starts[pair]..end]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        terms(text, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn words_are_lowercased_and_stop_words_dropped() {
        assert_eq!(
            all("Use the Kafka-based S3_bucket!"),
            ["use", "kafka", "based", "s3", "bucket"]
        );
    }

    #[test]
    fn numbers_with_leading_zeros_are_also_found_without() {
        assert_eq!(all("ADR-0007"), ["adr", "0007", "7"]);
        assert_eq!(all("000"), ["000", "0"]);
    }

    #[test]
    fn korean_becomes_bigrams_so_particles_do_not_hide_words() {
        assert_eq!(all("데이터를 저장"), ["데이", "이터", "터를", "저장"]);
        // A query's bigrams are a subset of the text's: 데이터 is found in 데이터를.
        let query = all("데이터");
        assert!(query.iter().all(|t| all("데이터를").contains(t)));
        assert_eq!(all("S3버킷"), ["s3", "버킷"]);
        assert_eq!(all("결"), ["결"]);
    }

    #[test]
    fn japanese_and_chinese_too() {
        assert_eq!(all("東京都"), ["東京", "京都"]);
        assert_eq!(all("カフカ"), ["カフ", "フカ"]);
    }

    #[test]
    fn very_long_tokens_are_skipped() {
        assert!(all(&"x".repeat(41)).is_empty());
    }

    #[test]
    fn other_scripts_are_lowercased_and_split_where_their_kind_changes() {
        assert_eq!(
            all("ÉCOLE Straße ΣΟΦΊΑ İstanbul Ⅻ ١٢٣"),
            ["école", "straße", "σοφία", "i̇stanbul", "ⅻ", "١٢٣"]
        );
        assert_eq!(
            all("Daten-Plattform데이터API"),
            ["daten", "plattform", "데이", "이터", "api"]
        );
        assert_eq!(all("naïve café—ok"), ["naïve", "café", "ok"]);
        assert_eq!(all("The THIS tHaT wordy"), ["wordy"]);
    }

    #[test]
    fn stop_words_are_short() {
        // `is_stop_word` compares only words of up to four bytes.
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 4 && w.is_ascii()));
    }
}
