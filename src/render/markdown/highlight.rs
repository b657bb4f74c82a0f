//! Syntax highlighting at build time: code blocks become HTML with a short CSS class per token
//! ([`token_class`](super::token_class)).
//!
//! A build's [`Highlighting`] holds what every thread shares: syntect's syntax definitions
//! (loaded on first use, so a site without code blocks never pays for them), the block cache
//! and the PlantUML command. Regular expressions run on Oniguruma (ADR 0026). Colours live in a
//! stylesheet generated from two themes, light and dark, so the page switches with the
//! reader's colour scheme. A language syntect does not know is shown as plain, escaped code.
//!
//! Each line is kept by its syntax, its text and the parser's state before it: a line parsed
//! in the same state always gives the same HTML and the same state after, so lines that recur
//! across blocks (imports, braces, common statements, template code, the same snippet on many
//! pages) are parsed once. Oniguruma's parse states cannot cross threads, so each thread's
//! [`Highlighter`] keeps its own lines, for its share of the documents; the output is exactly
//! what parsing every line would give (a test compares them).
//!
//! Across builds, whole blocks are kept on disk ([`BlockCache`], ADR 0026): a rebuild in a CI
//! job that keeps the cache folder highlights only the blocks it has not seen, and never loads
//! the syntax definitions when it has seen them all.

use crate::render::markdown::highlight_cache::BlockCache;
use crate::util::escape_html;
use std::cell::RefCell;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::OnceLock;

use crate::render::markdown::token_class::Classes;
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

pub use crate::render::markdown::token_class::stylesheet;

/// The syntax definitions, loaded on first use (about a tenth of a second) and shared by every
/// highlighter made with the same value: the builds of a workspace's members load them once.
#[derive(Clone, Default)]
pub struct Syntaxes(std::sync::Arc<OnceLock<SyntaxSet>>);

impl std::fmt::Debug for Syntaxes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "Syntaxes(loaded)"
        } else {
            "Syntaxes(not loaded)"
        })
    }
}

/// How a build highlights: the syntax definitions, the block cache and PlantUML command every
/// thread shares. Each thread highlights with its own [`Highlighter`] made from it.
#[derive(Default)]
pub struct Highlighting {
    syntaxes: Syntaxes,
    /// Escape code without highlighting it (for runs that check pages and discard the HTML).
    plain: bool,
    /// Draws PlantUML blocks, when a command is configured.
    plantuml: Option<crate::render::markdown::diagram::PlantUml>,
    /// Whole blocks highlighted by earlier builds, kept on disk.
    blocks: Option<std::sync::Arc<BlockCache>>,
}

/// Highlights code blocks on one thread: the build's `Highlighting` and a cache of the lines
/// this highlighter has parsed. Oniguruma's parse states cannot cross threads, so each thread
/// (each share of a build's documents) keeps its own lines.
pub struct Highlighter {
    shared: std::sync::Arc<Highlighting>,
    /// Highlighted lines by syntax, state and text.
    lines: RefCell<foldhash::HashMap<LineKey, std::rc::Rc<Line>>>,
    /// The class of each scope stack.
    classes: RefCell<Classes>,
    /// How many lines the cache keeps before it starts over.
    max_lines: usize,
}

/// How many lines a highlighter keeps before it starts over (~1 KB each): a build gives each
/// thread a share of the documents, so this bounds the memory per thread, not per build.
const MAX_LINES: usize = 1 << 16;
/// Lines longer than this are not cached (minified code, data): they rarely recur.
const MAX_CACHED_LINE: usize = 400;

/// What identifies a highlighted line: a hash of its syntax and the parser's and scope
/// stack's state before it, and a hash of its text (the text itself is kept in the [`Line`]
/// and compared, so a lookup allocates nothing).
type LineKey = (u64, u64);

/// A highlighted line: its text, its HTML (which closes every span it opens), and the states
/// after it with their hash (the key of the next line).
#[derive(Debug)]
struct Line {
    text: Box<str>,
    html: Box<str>,
    parse: ParseState,
    scopes: ScopeStack,
    state_after: u64,
}

/// Feeds `Debug` output to a hasher without building the string.
struct HashFmt<'h>(&'h mut DefaultHasher);

impl std::fmt::Write for HashFmt<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

/// A hash of the parser's state for `syntax`: syntect's states implement Eq and Debug but not
/// Hash, and their Debug form is complete. Formatting it is the dear part of a line found in
/// the cache, so it is done only after a line that was parsed; a line found gives the hash of
/// the state after it.
fn state_hash(syntax: &str, parse: &ParseState, scopes: &ScopeStack) -> u64 {
    use std::fmt::Write as _;
    let mut hasher = DefaultHasher::new();
    syntax.hash(&mut hasher);
    let _ = write!(HashFmt(&mut hasher), "{parse:?}|{scopes:?}");
    hasher.finish()
}

fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher as _;
    foldhash::fast::FixedState::default().hash_one(text)
}

impl std::fmt::Debug for Highlighting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighting").finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter").finish_non_exhaustive()
    }
}

impl Default for Highlighter {
    fn default() -> Highlighter {
        Highlighting::default().shared().highlighter()
    }
}

/// The language named by a fenced code block's info string (`rust title="x"` → `rust`,
/// `{.python}` → `python`).
pub fn language(info: &str) -> &str {
    info.trim()
        .trim_start_matches('{')
        .trim_start()
        .trim_start_matches('.')
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{' || c == '}')
        .next()
        .unwrap_or("")
}

impl Highlighting {
    /// Highlighting with these syntax definitions (loaded on first use).
    pub fn with_syntaxes(syntaxes: Syntaxes) -> Highlighting {
        Highlighting {
            syntaxes,
            ..Highlighting::default()
        }
    }

    /// Highlighting that only escapes code: for `sadoc check`, which reads what pages link to
    /// and never shows their HTML.
    pub fn plain() -> Highlighting {
        Highlighting {
            plain: true,
            ..Highlighting::default()
        }
    }

    /// This highlighting, drawing PlantUML blocks with `command` (`diagrams.plantuml`).
    pub fn with_plantuml(mut self, command: Option<&str>) -> Highlighting {
        self.plantuml = command.and_then(crate::render::markdown::diagram::PlantUml::new);
        self
    }

    /// This highlighting, looking blocks up in (and adding them to) `cache` before
    /// highlighting them.
    pub fn with_block_cache(mut self, cache: Option<std::sync::Arc<BlockCache>>) -> Highlighting {
        self.blocks = cache;
        self
    }

    /// Shared between threads.
    pub fn shared(self) -> std::sync::Arc<Highlighting> {
        std::sync::Arc::new(self)
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes
            .0
            .get_or_init(SyntaxSet::load_defaults_newlines)
    }
}

/// Makes the highlighters of one build's threads.
pub trait HighlighterFor {
    /// A highlighter for one thread, with an empty line cache.
    fn highlighter(&self) -> Highlighter;
}

impl HighlighterFor for std::sync::Arc<Highlighting> {
    fn highlighter(&self) -> Highlighter {
        Highlighter {
            shared: self.clone(),
            lines: RefCell::new(foldhash::HashMap::default()),
            classes: RefCell::new(Classes::default()),
            max_lines: MAX_LINES,
        }
    }
}

impl Highlighter {
    /// A highlighter of its own; syntax definitions are loaded on first use.
    pub fn new() -> Highlighter {
        Highlighter::default()
    }

    /// A PlantUML block: the drawn SVG, or the code with a notice saying why it is not drawn;
    /// and the problem to report when drawing failed.
    pub fn plantuml(&self, lang: &str, code: &str) -> (String, Option<String>) {
        if self.shared.plain {
            return (self.block(lang, code), None);
        }
        let Some(plantuml) = &self.shared.plantuml else {
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

    /// The `<pre>` block for `code` in `lang` (a language name or file extension). Unknown or
    /// empty languages give plain, escaped code.
    pub fn block(&self, lang: &str, code: &str) -> String {
        let class = lang
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || *c == '+' || *c == '#')
            .collect::<String>();
        if !lang.is_empty()
            && !self.shared.plain
            && let Some(html) = self.cached_highlight(lang, code)
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

    /// The highlighted spans of inline code in `lang`, without a block around them; `None`
    /// for an unknown language (or plain highlighting).
    pub fn inline(&self, lang: &str, code: &str) -> Option<String> {
        if lang.is_empty() || self.shared.plain {
            return None;
        }
        let html = self.highlight(lang, code)?;
        let html = html.trim_end_matches('\n');
        Some(
            html.strip_prefix("<span class=\"line\">")
                .and_then(|h| h.strip_suffix("</span>"))
                .unwrap_or(html)
                .to_string(),
        )
    }

    /// The block from the persistent cache, else highlighted (and added to it).
    fn cached_highlight(&self, lang: &str, code: &str) -> Option<String> {
        let Some(cache) = &self.shared.blocks else {
            return self.highlight(lang, code);
        };
        if let Some(html) = cache.get(lang, code) {
            return html;
        }
        let html = self.highlight(lang, code);
        cache.put(lang, code, html.as_deref());
        html
    }

    fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        let syntaxes = self.shared.syntaxes();
        let token = alias(lang);
        let syntax = syntaxes
            .find_syntax_by_token(token)
            .or_else(|| syntaxes.find_syntax_by_token(&token.to_ascii_lowercase()))?;
        let mut parse = ParseState::new(syntax);
        let mut scopes = ScopeStack::new();
        let mut html = String::with_capacity(code.len() * 4);
        let mut lines = self.lines.borrow_mut();
        let mut classes = self.classes.borrow_mut();
        let mut state = state_hash(&syntax.name, &parse, &scopes);
        let mut found: Option<std::rc::Rc<Line>> = None;
        for text in LinesWithEndings::from(code) {
            let key = (text.len() <= MAX_CACHED_LINE).then(|| (state, text_hash(text)));
            if let Some(line) = key
                .as_ref()
                .and_then(|k| lines.get(k))
                .filter(|line| &*line.text == text)
            {
                html.push_str(&line.html);
                state = line.state_after;
                // The states are copied out only if a line after it must be parsed.
                found = Some(std::rc::Rc::clone(line));
                continue;
            }
            if let Some(line) = found.take() {
                parse = line.parse.clone();
                scopes = line.scopes.clone();
            }
            let ops = parse.parse_line(text, syntaxes).ok()?;
            let line_html = classes.line_html(text, &ops, &mut scopes).ok()?;
            html.push_str(&line_html);
            state = state_hash(&syntax.name, &parse, &scopes);
            if let Some(key) = key {
                if lines.len() >= self.max_lines {
                    lines.clear();
                }
                lines.insert(
                    key,
                    std::rc::Rc::new(Line {
                        text: text.into(),
                        html: line_html.into(),
                        parse: parse.clone(),
                        scopes: scopes.clone(),
                        state_after: state,
                    }),
                );
            }
        }
        Some(html)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = Highlighter::new().block("rust", "fn main() {}\n");
        assert!(
            html.contains("<span class=\"kt\">fn</span> <span class=\"nf\">main</span>"),
            "{html}"
        );
        assert!(html.contains("language-rust"), "{html}");
    }

    /// What parsing every line gives, without the line cache.
    fn reference(lang: &str, code: &str) -> String {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let syntax = syntaxes.find_syntax_by_token(lang).unwrap();
        let mut parse = ParseState::new(syntax);
        let mut scopes = ScopeStack::new();
        let mut classes = Classes::default();
        let mut html = String::new();
        for line in LinesWithEndings::from(code) {
            let ops = parse.parse_line(line, &syntaxes).unwrap();
            html.push_str(&classes.line_html(line, &ops, &mut scopes).unwrap());
        }
        html
    }

    #[test]
    fn cached_lines_give_exactly_what_parsing_every_line_gives() {
        let snippets = [
            (
                "rust",
                "/* a\nfn main() {}\n*/\nfn main() {}\nlet s = \"x\ny\";\nfn main() {}\n",
            ),
            (
                "python",
                "def f():\n    '''doc\n    def f():\n    '''\n    return 1\ndef f():\n",
            ),
            ("yaml", "a: |\n  b: 1\n  c\nb: 1\n"),
            ("sql", "SELECT 1; -- x\n/* SELECT 1;\n*/ SELECT 1;\n"),
            (
                "html",
                "<script>\nvar a = '<b>';\n</script>\n<b>x</b>\nvar a = '<b>';\n",
            ),
        ];
        let highlighter = Highlighter::new();
        for (lang, code) in snippets {
            let want = reference(lang, code);
            assert_eq!(
                highlighter.highlight(lang, code).unwrap(),
                want,
                "{lang}, first time"
            );
            // Every line now comes from the cache, in the states it was seen in.
            assert_eq!(
                highlighter.highlight(lang, code).unwrap(),
                want,
                "{lang}, cached"
            );
        }
    }

    #[test]
    fn a_new_line_after_cached_ones_is_parsed_in_the_state_they_left() {
        let highlighter = Highlighter::new();
        let first = "/* open\nstill comment\n";
        highlighter.highlight("rust", first).unwrap();
        // The first two lines come from the cache; the third is parsed inside the comment
        // they left open, then a known line follows in the state the new one left.
        let code = "/* open\nstill comment\nfn inside() {}\n*/ fn after() {}\nstill comment\n";
        assert_eq!(
            highlighter.highlight("rust", code).unwrap(),
            reference("rust", code)
        );
    }

    #[test]
    fn the_line_cache_stays_within_its_budget_and_output_does_not_change() {
        let highlighter = Highlighter {
            max_lines: 2,
            ..Highlighter::default()
        };
        let code: String = (0..200).map(|i| format!("let x{i} = \"{i}\";\n")).collect();
        for _ in 0..2 {
            assert_eq!(
                highlighter.highlight("rust", &code).unwrap(),
                reference("rust", &code)
            );
        }
        assert!(highlighter.lines.borrow().len() <= 2);
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
}
