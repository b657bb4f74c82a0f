//! Text-level translations of `mkdocs.yml`: `!ENV` tags resolved before the YAML is read,
//! and `exclude_docs`' gitignore lines turned into project-relative globs.

use std::sync::LazyLock;

use regex::Regex;

use crate::util::paths;

/// Replaces `!ENV NAME` and `!ENV [NAME, OTHER, default]` by the first variable set, else the
/// default (the last item of a list of two or more), else null — as MkDocs' loader does.
pub(super) fn resolve_env(text: &str, env: &dyn Fn(&str) -> Option<String>) -> String {
    static ENV: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"!ENV\s+(\[[^\]\n]*\]|[^\s#,\]}]+)"#).expect("valid regex"));
    if !text.contains("!ENV") {
        return text.to_string();
    }
    ENV.replace_all(text, |c: &regex::Captures<'_>| {
        let spec = &c[1];
        let items: Vec<String> = match spec.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            Some(list) => list
                .split(',')
                .map(|i| i.trim().trim_matches(['"', '\'']).to_string())
                .filter(|i| !i.is_empty())
                .collect(),
            None => vec![spec.trim_matches(['"', '\'']).to_string()],
        };
        let (names, default) = match items.len() {
            0 => (&items[..], None),
            1 => (&items[..], None),
            n => (&items[..n - 1], items.last()),
        };
        let value = names
            .iter()
            .find_map(|n| env(n))
            .or_else(|| default.cloned());
        match value {
            Some(v) => serde_json::to_string(&v).unwrap_or_default(),
            None => "null".to_string(),
        }
    })
    .into_owned()
}

/// `exclude_docs` (gitignore lines relative to `docs_dir`) as project-relative globs; negated
/// lines keep their `!`.
pub(super) fn exclude_patterns(lines: &str, docs_dir: &str) -> Vec<String> {
    lines
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let (neg, line) = match line.strip_prefix('!') {
                Some(rest) => ("!", rest),
                None => ("", line),
            };
            let dir_only = line.ends_with('/');
            let line = line.trim_end_matches('/');
            let anchored = line.starts_with('/') || line.contains('/');
            let line = line.trim_start_matches('/');
            let mut glob = if anchored {
                paths::join(docs_dir, line).unwrap_or_else(|| line.to_string())
            } else {
                paths::join(docs_dir, &format!("**/{line}")).unwrap_or_else(|| line.to_string())
            };
            if dir_only {
                glob.push_str("/**");
            }
            format!("{neg}{glob}")
        })
        .collect()
}
