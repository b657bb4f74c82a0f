//! YAML parsing shared by `sadoc.yml` and front matter, with messages written for users.
//!
//! serde-saphyr reports precise positions, but some of its messages speak to developers
//! ("set DuplicateKeyPolicy in Options") or repeat the position. This module turns them into
//! one plain sentence; the caller adds `path:line:col`.

use std::sync::LazyLock;

use regex::Regex;

/// The user-facing sentence for a YAML error, without its position.
pub fn message(error: &serde_saphyr::Error) -> String {
    let raw = error.without_snippet().to_string();
    clean(&raw)
}

fn clean(raw: &str) -> String {
    static POSITION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r" at line \d+, column \d+$").expect("valid regex"));
    static UNKNOWN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^unknown field `([^`]*)`, expected (?:one of )?(.*)$").expect("valid regex")
    });
    static DUPLICATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^duplicate mapping key: (.*?), set DuplicateKeyPolicy.*$")
            .expect("valid regex")
    });
    let text = raw.lines().next().unwrap_or_default().trim();
    let text = POSITION.replace(text, "");
    if let Some(c) = UNKNOWN.captures(&text) {
        let expected: Vec<String> = c[2]
            .split(", ")
            .map(|k| format!("`{}`", k.trim_matches('`')))
            .collect();
        return format!(
            "unknown key `{}`; expected one of {}",
            &c[1],
            expected.join(", ")
        );
    }
    if let Some(c) = DUPLICATE.captures(&text) {
        return format!("duplicate key `{}`; each key may appear once", &c[1]);
    }
    match text.as_ref() {
        "expected mapping start" => "expected a mapping of `key: value` lines here".to_string(),
        "expected sequence start" => "expected a list here (`[a, b]` or `- a` lines)".to_string(),
        "expected string scalar" => "expected a single text value here".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn unknown_field_lists_keys_in_backticks() {
        assert_eq!(
            clean("unknown field `ard`, expected one of title, adr at line 2, column 1"),
            "unknown key `ard`; expected one of `title`, `adr`"
        );
    }

    #[test]
    fn developer_advice_is_replaced() {
        assert_eq!(
            clean(
                "duplicate mapping key: title, set DuplicateKeyPolicy in Options if acceptable at line 2, column 1"
            ),
            "duplicate key `title`; each key may appear once"
        );
    }
}
