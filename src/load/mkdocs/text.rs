//! Text-level translations of `mkdocs.yml`: `!ENV` tags resolved before the YAML is read,
//! `exclude_docs`' gitignore lines turned into project-relative globs, and the Python function
//! the `toc` extension's `slugify` names (a tag the YAML reader cannot keep).

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

/// The heading-id style `toc`'s `slugify:` names with a Python tag
/// (`!!python/name:markdown.extensions.toc.slugify_unicode`,
/// `!!python/object/apply:pymdownx.slugs.slugify` with `kwds: {case: lower}`); `None` when the
/// file names none (MkDocs' default then applies) or one sadoc does not know.
pub(super) fn slugify_style(text: &str) -> Option<crate::util::slug::Style> {
    use crate::util::slug::Style;
    static SLUGIFY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"slugify:\s*!!python/(?:name|object/apply):([\w.]+)").expect("valid regex")
    });
    static CASE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"case:\s*['\x22]?([\w-]+)").expect("valid regex"));
    let found = SLUGIFY.captures(text)?;
    let function = found.get(1)?.as_str();
    let name = function.rsplit('.').next().unwrap_or(function);
    Some(match name {
        "slugify_unicode" => Style::Unicode,
        "slugify" if function.contains("pymdownx") => {
            // The `kwds` mapping follows the tag, on its line or the next few.
            let after = &text[found.get(0)?.end()..];
            let window: String = after.lines().take(4).collect::<Vec<_>>().join("\n");
            match CASE.captures(&window).map(|c| c[1].to_string()).as_deref() {
                Some("lower") => Style::PymdownxLower,
                Some("lower-ascii") => Style::PymdownxLowerAscii,
                Some("fold") => Style::PymdownxFold,
                _ => Style::Pymdownx,
            }
        }
        "slugify" => Style::Ascii,
        "uslugify" | "uslugify_encoded" => Style::PymdownxLower,
        "uslugify_cased" | "uslugify_cased_encoded" => Style::Pymdownx,
        "gfm" | "gfm_encoded" => Style::PymdownxLowerAscii,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::slug::Style;

    #[test]
    fn slugify_tags_name_the_style() {
        assert_eq!(slugify_style("toc:\n  permalink: true\n"), None);
        assert_eq!(
            slugify_style(
                "  - toc:\n      slugify: !!python/name:markdown.extensions.toc.slugify_unicode\n"
            ),
            Some(Style::Unicode)
        );
        assert_eq!(
            slugify_style(
                "      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n"
            ),
            Some(Style::PymdownxLower)
        );
        assert_eq!(
            slugify_style(
                "slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower-ascii}}"
            ),
            Some(Style::PymdownxLowerAscii)
        );
        assert_eq!(
            slugify_style("slugify: !!python/name:pymdownx.slugs.uslugify"),
            Some(Style::PymdownxLower)
        );
    }
}
