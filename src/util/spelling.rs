//! "Did you mean …?": the word of a closed vocabulary (statuses, relation verbs, configuration
//! keys and values, page names) closest to one a user mistyped.
//!
//! One rule for every vocabulary, so a typo gets the same kind of answer wherever it is made:
//! compared without case, a candidate is close when its Damerau–Levenshtein distance (a swap of
//! two neighbours counts once) is at most a third of the longer word (at least one edit), or when
//! the word is the start of exactly one candidate. The closest wins; a tie between different
//! candidates suggests nothing rather than a guess. It says nothing of words that are already
//! right: callers ask only after an exact lookup failed.

/// The candidate closest to `word`, when one is close enough to suggest.
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word = normalise(word);
    if word.is_empty() {
        return None;
    }
    let word_len = word.chars().count();
    let mut best: Option<(usize, &'a str)> = None;
    let mut tie = false;
    let mut starts: Vec<&'a str> = Vec::new();
    for candidate in candidates {
        let normal = normalise(candidate);
        if normal.is_empty() {
            continue;
        }
        if word_len >= 3 && normal.starts_with(&word) && !starts.contains(&candidate) {
            starts.push(candidate);
        }
        let distance = strsim::damerau_levenshtein(&word, &normal);
        let longer = word_len.max(normal.chars().count());
        if distance > (longer / 3).max(1) {
            continue;
        }
        match best {
            Some((d, c)) if d == distance && normalise(c) != normal => tie = true,
            Some((d, _)) if d <= distance => {}
            _ => {
                best = Some((distance, candidate));
                tie = false;
            }
        }
    }
    match best {
        Some((_, c)) if !tie => Some(c),
        Some(_) => None,
        None if starts.len() == 1 => Some(starts[0]),
        None => None,
    }
}

/// The help line for a mistyped word: `did you mean `x`?`, when there is a close one.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

fn normalise(word: &str) -> String {
    word.trim()
        .chars()
        .map(|c| if c == '_' || c == '-' { ' ' } else { c })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUSES: &[&str] = &[
        "proposed",
        "accepted",
        "rejected",
        "deprecated",
        "superseded",
    ];

    #[test]
    fn one_typo_finds_the_word() {
        assert_eq!(
            closest("acepted", STATUSES.iter().copied()),
            Some("accepted")
        );
        assert_eq!(
            closest("Acceptd", STATUSES.iter().copied()),
            Some("accepted")
        );
        assert_eq!(
            closest("porposed", STATUSES.iter().copied()),
            Some("proposed")
        );
        assert_eq!(
            closest("superceded", STATUSES.iter().copied()),
            Some("superseded")
        );
        assert_eq!(closest("fail-on", ["fail_on", "ignore"]), Some("fail_on"));
    }

    #[test]
    fn far_words_and_ties_suggest_nothing() {
        assert_eq!(closest("banana", STATUSES.iter().copied()), None);
        assert_eq!(closest("", STATUSES.iter().copied()), None);
        // `ab` is one edit from both.
        assert_eq!(closest("ab", ["aa", "bb"]), None);
    }

    #[test]
    fn the_start_of_one_word_is_enough() {
        assert_eq!(
            closest("depre", STATUSES.iter().copied()),
            Some("deprecated")
        );
        assert_eq!(closest("supers", ["supersedes", "superseded by"]), None);
    }

    #[test]
    fn the_help_line_names_the_word() {
        assert_eq!(
            did_you_mean("acepted", STATUSES.iter().copied()).as_deref(),
            Some("did you mean `accepted`?")
        );
    }
}
