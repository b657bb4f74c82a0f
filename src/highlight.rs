//! Syntax highlighting at build time: code blocks become HTML with CSS classes.
//!
//! syntect's syntax definitions are loaded once per [`Highlighter`] (lazily, so a site without
//! code blocks never pays for them) and shared by every page rendered in parallel. Colours live
//! in a stylesheet generated from two themes, light and dark, so the page switches with the
//! reader's colour scheme. A language syntect does not know is shown as plain, escaped code.
//!
//! Highlighting dominates build time, so each highlighted block is kept by its language and
//! content: the same snippet on many pages is highlighted once, and `sadoc serve`, which keeps
//! its highlighter between rebuilds, only highlights blocks that changed.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Mutex, OnceLock};

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";

/// Highlights code blocks; create one per build and share it.
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
    /// Escape code without highlighting it (for runs that check pages and discard the HTML).
    plain: bool,
    /// Highlighted blocks by language and content.
    cache: Mutex<HashMap<BlockKey, std::sync::Arc<str>>>,
    /// Draws PlantUML blocks, when a command is configured.
    plantuml: Option<crate::diagram::PlantUml>,
}

/// What identifies a highlighted block: its language and a hash and length of its code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct BlockKey {
    lang: String,
    hash: u64,
    len: usize,
}

impl BlockKey {
    fn new(lang: &str, code: &str) -> BlockKey {
        let mut hasher = DefaultHasher::new();
        code.hash(&mut hasher);
        BlockKey {
            lang: lang.to_string(),
            hash: hasher.finish(),
            len: code.len(),
        }
    }
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter").finish_non_exhaustive()
    }
}

/// The language named by a fenced code block's info string (`rust title="x"` → `rust`,
/// `{.python}` → `python`).
pub fn language(info: &str) -> &str {
    info.trim()
        .trim_start_matches('{')
        .trim_start_matches('.')
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{' || c == '}')
        .next()
        .unwrap_or("")
}

impl Highlighter {
    /// A highlighter; syntax definitions are loaded on first use.
    pub fn new() -> Highlighter {
        Highlighter::default()
    }

    /// A highlighter that only escapes code: for `sadoc check`, which reads what pages link to
    /// and never shows their HTML.
    pub fn plain() -> Highlighter {
        Highlighter {
            plain: true,
            ..Highlighter::default()
        }
    }

    /// This highlighter, drawing PlantUML blocks with `command` (`diagrams.plantuml`).
    pub fn with_plantuml(mut self, command: Option<&str>) -> Highlighter {
        self.plantuml = command.and_then(crate::diagram::PlantUml::new);
        self
    }

    /// A PlantUML block: the drawn SVG, or the code with a notice saying why it is not drawn;
    /// and the problem to report when drawing failed.
    pub fn plantuml(&self, lang: &str, code: &str) -> (String, Option<String>) {
        if self.plain {
            return (self.block(lang, code), None);
        }
        let Some(plantuml) = &self.plantuml else {
            let notice = "<p class=\"diagram-notice\">PlantUML diagram shown as its source: set \
                <code>diagrams.plantuml</code> in sadoc.yml to a local <code>plantuml</code> command \
                to draw it (sadoc sends nothing over the network).</p>\n";
            return (format!("{notice}{}", self.block(lang, code)), None);
        };
        match plantuml.svg(code) {
            Ok(svg) => (
                format!("<figure class=\"diagram plantuml\">{svg}</figure>\n"),
                None,
            ),
            Err(problem) => {
                let notice = format!(
                    "<p class=\"diagram-notice diagram-error\">PlantUML diagram not drawn: {}</p>\n",
                    escape_html(&problem)
                );
                (format!("{notice}{}", self.block(lang, code)), Some(problem))
            }
        }
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// The `<pre>` block for `code` in `lang` (a language name or file extension). Unknown or
    /// empty languages give plain, escaped code.
    pub fn block(&self, lang: &str, code: &str) -> String {
        let class = lang
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || *c == '+' || *c == '#')
            .collect::<String>();
        if !lang.is_empty()
            && !self.plain
            && let Some(html) = self.cached(lang, code)
        {
            return format!(
                "<pre class=\"hl-code\"><code class=\"language-{class}\">{html}</code></pre>\n"
            );
        }
        let lang_attr = if class.is_empty() {
            String::new()
        } else {
            format!(" class=\"language-{class}\"")
        };
        format!(
            "<pre class=\"hl-code\"><code{lang_attr}>{}</code></pre>\n",
            escape_html(code)
        )
    }

    /// The highlighted HTML of a block, from the cache or highlighted now.
    fn cached(&self, lang: &str, code: &str) -> Option<std::sync::Arc<str>> {
        let key = BlockKey::new(lang, code);
        if let Some(html) = self.lock().get(&key) {
            return Some(html.clone());
        }
        let html: std::sync::Arc<str> = self.highlight(lang, code)?.into();
        self.lock().insert(key, html.clone());
        Some(html)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<BlockKey, std::sync::Arc<str>>> {
        // A panic while holding the lock cannot leave the map half-updated: recover it.
        self.cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        let syntaxes = self.syntaxes();
        let token = alias(lang);
        let syntax = syntaxes
            .find_syntax_by_token(token)
            .or_else(|| syntaxes.find_syntax_by_token(&token.to_ascii_lowercase()))?;
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }
}

/// Common names syntect's default set knows under another token.
fn alias(lang: &str) -> &str {
    match lang {
        "shell" | "console" | "zsh" | "shell-session" => "bash",
        "yml" => "yaml",
        "jsonc" | "json5" => "json",
        "ts" | "typescript" | "tsx" => "js",
        other => other,
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The stylesheet for highlighted code: the light theme by default, the dark theme when the page
/// is in dark mode (`data-theme="dark"` on `<html>`, or the system preference without it).
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let light = themes
        .themes
        .get(LIGHT_THEME)
        .and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok())
        .unwrap_or_default();
    let dark = themes
        .themes
        .get(DARK_THEME)
        .and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok())
        .unwrap_or_default();
    let mut css = String::from("/* Generated by sadoc from syntect's themes. */\n");
    css.push_str(&light);
    css.push('\n');
    css.push_str(&scope(&dark, "html[data-theme=\"dark\"]"));
    css.push_str("\n@media (prefers-color-scheme: dark) {\n");
    css.push_str(&scope(&dark, "html:not([data-theme=\"light\"])"));
    css.push_str("}\n");
    css
}

/// Prefixes every selector of a flat stylesheet (no nested blocks) with `prefix`.
fn scope(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut in_comment = false;
    for line in css.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("/*") {
            in_comment = !trimmed.ends_with("*/");
            continue;
        }
        if in_comment {
            in_comment = !trimmed.ends_with("*/");
            continue;
        }
        if let Some(selectors) = trimmed.strip_suffix('{') {
            let scoped: Vec<String> = selectors
                .split(',')
                .map(|s| format!("{prefix} {}", s.trim()))
                .collect();
            out.push_str(&scoped.join(", "));
            out.push_str(" {\n");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = Highlighter::new().block("rust", "fn main() {}\n");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("language-rust"), "{html}");
    }

    #[test]
    fn unknown_language_is_plain_and_escaped() {
        let html = Highlighter::new().block("klingon", "a < b\n");
        assert_eq!(
            html,
            "<pre class=\"hl-code\"><code class=\"language-klingon\">a &lt; b\n</code></pre>\n"
        );
    }

    #[test]
    fn info_strings_name_the_language() {
        assert_eq!(language("rust title=\"x\""), "rust");
        assert_eq!(language("{.python}"), "python");
        assert_eq!(language(""), "");
    }

    #[test]
    fn stylesheet_has_light_and_dark_rules() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        assert!(css.contains("html[data-theme=\"dark\"] .hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
