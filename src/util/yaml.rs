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

/// A serde message made plain (unknown keys listed in backticks, positions dropped).
pub fn clean(raw: &str) -> String {
    static POSITION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r" at line \d+, column \d+$").expect("valid regex"));
    static UNKNOWN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^unknown field `([^`]*)`, expected (?:one of )?(.*)$").expect("valid regex")
    });
    static UNKNOWN_VARIANT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^unknown variant `([^`]*)`, expected (?:one of )?(.*)$").expect("valid regex")
    });
    static DUPLICATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^duplicate mapping key: (.*?), set DuplicateKeyPolicy.*$")
            .expect("valid regex")
    });
    let text = raw.lines().next().unwrap_or_default().trim();
    let text = POSITION.replace(text, "");
    if let Some(c) = UNKNOWN.captures(&text) {
        let keys = expected_list(&c[2]);
        let expected: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        let guess = crate::util::spelling::did_you_mean(&c[1], keys.iter().copied())
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        return format!(
            "unknown key `{}`{guess}; expected one of {}",
            &c[1],
            expected.join(", ")
        );
    }
    if let Some(c) = UNKNOWN_VARIANT.captures(&text) {
        let values = expected_list(&c[2]);
        let guess = crate::util::spelling::did_you_mean(&c[1], values.iter().copied())
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        return format!(
            "unknown value `{}`{guess}; expected one of {}",
            &c[1],
            listed.join(", ")
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

/// The names in serde's "expected" list: `` `a` ``, `` `a` or `b` ``, `` `a`, `b`, `c` ``.
fn expected_list(text: &str) -> Vec<&str> {
    text.split(", ")
        .flat_map(|part| part.split(" or "))
        .map(|k| k.trim().trim_matches('`'))
        .filter(|k| !k.is_empty())
        .collect()
}

/// Writes `value` as block-style YAML (mappings and lists indented by two spaces; every
/// scalar written as JSON, which YAML reads as the same value). Keys of the top mapping come in
/// `order` first, the rest after them.
pub fn to_yaml(value: &serde_json::Value, order: &[&str]) -> String {
    let mut out = String::new();
    match value {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by_key(|k| order.iter().position(|o| o == k).unwrap_or(order.len()));
            for key in keys {
                write_entry(&mut out, 0, key, &map[key.as_str()]);
            }
        }
        other => write_value(&mut out, 0, other),
    }
    out
}

fn scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s)
            if !s.is_empty()
                && s.chars().all(|c| c.is_alphanumeric() || "/._-".contains(c))
                && !matches!(
                    s.as_str(),
                    "true" | "false" | "null" | "yes" | "no" | "on" | "off"
                )
                && !s.starts_with(['-', '.'])
                && s.parse::<f64>().is_err() =>
        {
            s.clone()
        }
        other => other.to_string(),
    }
}

fn key(key: &str) -> String {
    scalar(&serde_json::Value::String(key.to_string()))
}

fn write_entry(out: &mut String, indent: usize, name: &str, value: &serde_json::Value) {
    let pad = " ".repeat(indent);
    match value {
        serde_json::Value::Object(map) if !map.is_empty() => {
            out.push_str(&format!("{pad}{}:\n", key(name)));
            for (k, v) in map {
                write_entry(out, indent + 2, k, v);
            }
        }
        serde_json::Value::Array(items) if !items.is_empty() => {
            out.push_str(&format!("{pad}{}:\n", key(name)));
            write_value(out, indent + 2, value);
        }
        other => out.push_str(&format!("{pad}{}: {}\n", key(name), scalar(other))),
    }
}

fn write_value(out: &mut String, indent: usize, value: &serde_json::Value) {
    let pad = " ".repeat(indent);
    match value {
        serde_json::Value::Array(items) if !items.is_empty() => {
            for item in items {
                match item {
                    serde_json::Value::Object(map) if !map.is_empty() => {
                        let mut first = true;
                        for (k, v) in map {
                            let mut entry = String::new();
                            write_entry(&mut entry, indent + 2, k, v);
                            if first {
                                out.push_str(&format!("{pad}- {}", &entry[indent + 2..]));
                                first = false;
                            } else {
                                out.push_str(&entry);
                            }
                        }
                    }
                    serde_json::Value::Array(inner) if !inner.is_empty() => {
                        out.push_str(&format!("{pad}-\n"));
                        write_value(out, indent + 2, item);
                    }
                    other => out.push_str(&format!("{pad}- {}\n", scalar(other))),
                }
            }
        }
        serde_json::Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                write_entry(out, indent, k, v);
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn values_written_as_yaml_read_back_the_same() {
        let value = serde_json::json!({
            "title": "Data: \"Platform\"",
            "nav": [{"Home": "docs/index.md"}, {"Guide": ["docs/a.md", {"B": "docs/b.md"}]}, "docs/c.md"],
            "docs": {"dir": "docs", "exclude": ["docs/**/*.tmp"], "copy_unlinked": true, "max": 3},
            "empty": [],
            "word": "yes"
        });
        let yaml = super::to_yaml(&value, &["title"]);
        assert!(yaml.starts_with("title: "), "{yaml}");
        let back: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
        assert_eq!(back, value, "{yaml}");
    }

    #[test]
    fn unknown_field_lists_keys_in_backticks() {
        assert_eq!(
            clean("unknown field `ard`, expected one of title, adr at line 2, column 1"),
            "unknown key `ard` (did you mean `adr`?); expected one of `title`, `adr`"
        );
        assert_eq!(
            clean("unknown field `colour`, expected `title` or `adr`"),
            "unknown key `colour`; expected one of `title`, `adr`"
        );
    }

    #[test]
    fn unknown_values_of_a_closed_list_suggest_the_closest() {
        assert_eq!(
            clean("unknown variant `warnings`, expected one of `warning`, `error`, `never`"),
            "unknown value `warnings` (did you mean `warning`?); expected one of `warning`, `error`, `never`"
        );
        assert_eq!(
            clean("unknown variant `prety`, expected `flat` or `pretty`"),
            "unknown value `prety` (did you mean `pretty`?); expected one of `flat`, `pretty`"
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
