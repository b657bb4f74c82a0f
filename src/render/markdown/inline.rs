//! The inline syntax PyMdown adds to text, which pulldown-cmark leaves as text: `==mark==`,
//! `^^insert^^`, `^sup^`, `~sub~` inside a word (`H~2~O`; between words pulldown-cmark's own
//! subscript does it), keys (`++ctrl+alt+del++`), emoji shortcodes (`:smile:`, from the
//! `emojis` crate's gemoji names) and abbreviations (`*[HTML]: …` on the page or appended to
//! every page), which get an `<abbr title>`.
//!
//! Icon shortcodes (`:material-check:`, `:octicons-…:`, `:fontawesome-…:`, `:simple-…:`, and a
//! project's own) become the icon's SVG in a `<span class="twemoji">`, as mkdocs-material
//! writes them, with the classes and attributes of an attribute list right after them
//! (`:material-check:{ .lg .middle }`); an icon that does not exist stays as text, and the page
//! reports it.

use std::sync::LazyLock;

use regex::Regex;

use super::icons::Icons;
use crate::util::escape_html;

/// A piece of a text event after inline syntax: text to escape, or markup to write as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Plain text.
    Text(String),
    /// HTML.
    Html(String),
}

/// The abbreviations of a page.
#[derive(Debug, Default)]
pub struct Abbreviations {
    /// Abbreviation → title, longest first.
    entries: Vec<(String, String)>,
    matcher: Option<Regex>,
}

impl Abbreviations {
    /// Abbreviations from `definitions` (later ones win, as in Python-Markdown).
    pub fn new(definitions: &[(String, String)]) -> Abbreviations {
        let mut entries: Vec<(String, String)> = Vec::new();
        for (abbr, title) in definitions {
            entries.retain(|(a, _)| a != abbr);
            if !abbr.is_empty() {
                entries.push((abbr.clone(), title.clone()));
            }
        }
        entries.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        // Escaped alternatives always compile; only a list too large for the regex size
        // limit does not, and then abbreviations are left unmarked rather than failing.
        let matcher = (!entries.is_empty())
            .then(|| {
                let alternatives: Vec<String> =
                    entries.iter().map(|(a, _)| regex::escape(a)).collect();
                Regex::new(&format!(r"(?:^|\b)({})(?:\b|$)", alternatives.join("|"))).ok()
            })
            .flatten();
        Abbreviations { entries, matcher }
    }

    fn title(&self, abbr: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(a, _)| a == abbr)
            .map(|(_, t)| t.as_str())
    }
}

static MARKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"==([^\s=](?:[^=]*?[^\s=])?)==",
        r"|\^\^([^\s^](?:[^^]*?[^\s^])?)\^\^",
        r"|\^([^\s^]+)\^",
        r"|\b~([^\s~]+)~",
        r"|\+\+([A-Za-z0-9][\w-]*(?:\+[A-Za-z0-9][\w-]*)*)\+\+",
        r"|:([a-z0-9_+-]+):",
    ))
    .expect("valid regex")
});

/// Whether `text` may hold inline syntax: a cheap test before any regex, true only when a
/// marker character appears twice (`==`, `^…^`, `~…~`, `++…++`, `:…:`).
pub fn may_have(text: &str, abbreviations: &Abbreviations) -> bool {
    if abbreviations.matcher.is_some() {
        return true;
    }
    // One vectorised search per marker: most text has none, and every document's text passes
    // here.
    let bytes = text.as_bytes();
    [b'=', b'^', b'~', b'+', b':']
        .iter()
        .any(|&marker| memchr::memchr_iter(marker, bytes).nth(1).is_some())
}

/// Splits `text` into pieces; `None` when nothing in it is inline syntax. Icon shortcodes of
/// icons that do not exist are added to `unknown_icons`.
pub fn split(
    text: &str,
    abbreviations: &Abbreviations,
    icons: &Icons,
    unknown_icons: &mut Vec<String>,
) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut plain = String::new();
    let mut last = 0;
    let mut found = false;
    for c in MARKS.captures_iter(text) {
        let Some(whole) = c.get(0) else {
            continue;
        };
        if whole.start() < last {
            continue; // inside an icon's attribute list
        }
        let mut end = whole.end();
        let html = if let Some(m) = c.get(1) {
            Some(format!("<mark>{}</mark>", escape_html(m.as_str())))
        } else if let Some(m) = c.get(2) {
            Some(format!("<ins>{}</ins>", escape_html(m.as_str())))
        } else if let Some(m) = c.get(3) {
            Some(format!("<sup>{}</sup>", escape_html(m.as_str())))
        } else if let Some(m) = c.get(4) {
            Some(format!("<sub>{}</sub>", escape_html(m.as_str())))
        } else if let Some(m) = c.get(5) {
            Some(keys(m.as_str()))
        } else if let Some(m) = c.get(6) {
            let (html, attrs_len) = shortcode(m.as_str(), &text[whole.end()..], icons);
            end += attrs_len;
            if html.is_none()
                && is_icon(m.as_str(), icons)
                && !unknown_icons.iter().any(|u| u == m.as_str())
            {
                unknown_icons.push(m.as_str().to_string());
            }
            html
        } else {
            None
        };
        if let Some(html) = html {
            found = true;
            plain.push_str(&text[last..whole.start()]);
            abbreviate(&plain, abbreviations, &mut pieces);
            plain.clear();
            pieces.push(Piece::Html(html));
            last = end;
        } else if c.get(6).is_some_and(|m| is_icon(m.as_str(), icons))
            && let Some((_, len)) = super::attrs::parse_start(&text[whole.end()..])
        {
            // An icon kept as text: its attribute list (`{ .lg .middle }`) styles nothing.
            found = true;
            plain.push_str(&text[last..whole.end()]);
            last = whole.end() + len;
        }
    }
    plain.push_str(&text[last..]);
    let before = pieces.len();
    abbreviate(&plain, abbreviations, &mut pieces);
    found |= pieces.len() > before + 1 || matches!(pieces.last(), Some(Piece::Html(_)));
    found.then_some(pieces)
}

/// Pushes `text` with its abbreviations marked up.
fn abbreviate(text: &str, abbreviations: &Abbreviations, pieces: &mut Vec<Piece>) {
    if text.is_empty() {
        return;
    }
    let Some(matcher) = &abbreviations.matcher else {
        pieces.push(Piece::Text(text.to_string()));
        return;
    };
    let mut last = 0;
    for c in matcher.captures_iter(text) {
        let Some(m) = c.get(1) else {
            continue;
        };
        let Some(title) = abbreviations.title(m.as_str()) else {
            continue;
        };
        if m.start() > last {
            pieces.push(Piece::Text(text[last..m.start()].to_string()));
        }
        pieces.push(Piece::Html(format!(
            "<abbr title=\"{}\">{}</abbr>",
            escape_html(title),
            escape_html(m.as_str())
        )));
        last = m.end();
    }
    if last < text.len() {
        pieces.push(Piece::Text(text[last..].to_string()));
    }
}

/// `ctrl+alt+del` as keyboard keys.
fn keys(spec: &str) -> String {
    let keys: Vec<String> = spec
        .split('+')
        .map(|key| {
            let lower = key.to_ascii_lowercase();
            let (class, label) = match lower.as_str() {
                "ctrl" | "control" => ("control", "Ctrl".to_string()),
                "alt" | "option" => ("alt", "Alt".to_string()),
                "shift" => ("shift", "Shift".to_string()),
                "cmd" | "command" | "meta" => ("command", "Cmd".to_string()),
                "win" | "windows" | "super" => ("windows", "Win".to_string()),
                "del" | "delete" => ("delete", "Del".to_string()),
                "enter" | "return" => ("enter", "Enter".to_string()),
                "esc" | "escape" => ("escape", "Esc".to_string()),
                "tab" => ("tab", "Tab".to_string()),
                "space" => ("space", "Space".to_string()),
                "backspace" => ("backspace", "Backspace".to_string()),
                "up" | "arrow-up" => ("arrow-up", "↑".to_string()),
                "down" | "arrow-down" => ("arrow-down", "↓".to_string()),
                "left" | "arrow-left" => ("arrow-left", "←".to_string()),
                "right" | "arrow-right" => ("arrow-right", "→".to_string()),
                other if other.len() == 1 => ("", other.to_ascii_uppercase()),
                other => ("", crate::util::paths::humanize(other)),
            };
            let class = if class.is_empty() {
                String::new()
            } else {
                format!(" class=\"key-{class}\"")
            };
            format!("<kbd{class}>{}</kbd>", escape_html(&label))
        })
        .collect();
    format!(
        "<span class=\"keys\">{}</span>",
        keys.join("<span>+</span>")
    )
}

/// Emoji by their Unicode name written as a shortcode (`man_raising_hand`), for the names
/// Twemoji and EmojiOne indexes use where gemoji's differ (`raising_hand_man`).
static BY_NAME: LazyLock<std::collections::HashMap<String, &'static emojis::Emoji>> =
    LazyLock::new(|| {
        emojis::iter()
            .map(|e| {
                let name: String = e
                    .name()
                    .chars()
                    .filter_map(|c| match c {
                        ' ' | '-' => Some('_'),
                        c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
                        _ => None,
                    })
                    .collect();
                (name, e)
            })
            .collect()
    });

/// The emoji or icon of a shortcode (`None`: kept as text), and the length of the attribute
/// list after an icon that styles it (`after` is the text after the shortcode).
fn shortcode(name: &str, after: &str, icons: &Icons) -> (Option<String>, usize) {
    if let Some(emoji) = emojis::get_by_shortcode(name).or_else(|| BY_NAME.get(name).copied()) {
        let html = format!(
            "<span class=\"emoji\" title=\":{name}:\">{}</span>",
            emoji.as_str()
        );
        return (Some(html), 0);
    }
    let Some(svg) = icons.svg(name) else {
        return (None, 0);
    };
    let (mut attrs, len) = super::attrs::parse_start(after).unwrap_or_default();
    attrs.classes.insert(0, "twemoji".to_string());
    (Some(format!("<span{}>{svg}</span>", attrs.html())), len)
}

/// Whether a shortcode names an icon: of one of mkdocs-material's sets, or the project's own.
fn is_icon(name: &str, icons: &Icons) -> bool {
    super::icons::is_bundled_set(name) || icons.custom.contains_key(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_may_hold_inline_syntax_only_when_a_marker_appears_twice() {
        let none = Abbreviations::default();
        for text in [
            "==mark==",
            "a ^sup^",
            "H~2~O",
            "++ctrl++",
            ":smile:",
            "a = b = c",
        ] {
            assert!(may_have(text, &none), "{text}");
        }
        for text in [
            "",
            "plain words",
            "a = b",
            "x^2 + y",
            "time: now",
            "~ + ^ = :",
        ] {
            assert!(!may_have(text, &none), "{text}");
        }
        // Abbreviations can be anywhere.
        let abbr = Abbreviations::new(&[("API".to_string(), "interface".to_string())]);
        assert!(may_have("plain words", &abbr));
    }

    fn html(text: &str, abbr: &[(&str, &str)]) -> String {
        let defs: Vec<(String, String)> = abbr
            .iter()
            .map(|(a, t)| (a.to_string(), t.to_string()))
            .collect();
        let a = Abbreviations::new(&defs);
        let mut unknown = Vec::new();
        match split(text, &a, &Icons::default(), &mut unknown) {
            None => format!("(none) {text}"),
            Some(pieces) => pieces
                .into_iter()
                .map(|p| match p {
                    Piece::Text(t) => escape_html(&t),
                    Piece::Html(h) => h,
                })
                .collect(),
        }
    }

    #[test]
    fn marks_inserts_super_and_subscripts() {
        assert_eq!(
            html("a ==hi== ^^new^^ 2^10^ H~2~O", &[]),
            "a <mark>hi</mark> <ins>new</ins> 2<sup>10</sup> H<sub>2</sub>O"
        );
        assert_eq!(html("a == b == c, x^y", &[]), "(none) a == b == c, x^y");
    }

    #[test]
    fn keys_and_emoji() {
        assert_eq!(
            html("Press ++ctrl+alt+del++ :smile:", &[]),
            "Press <span class=\"keys\"><kbd class=\"key-control\">Ctrl</kbd><span>+</span><kbd class=\"key-alt\">Alt</kbd><span>+</span><kbd class=\"key-delete\">Del</kbd></span> <span class=\"emoji\" title=\":smile:\">😄</span>"
        );
        assert_eq!(
            html("C++ and C++ at 12:30:00", &[]),
            "(none) C++ and C++ at 12:30:00"
        );
    }

    #[test]
    fn twemoji_names_and_icon_attribute_lists() {
        assert_eq!(
            html(":man_raising_hand: :thumbsup:", &[]),
            "<span class=\"emoji\" title=\":man_raising_hand:\">🙋\u{200d}♂\u{fe0f}</span> <span class=\"emoji\" title=\":thumbsup:\">👍</span>"
        );
        assert_eq!(
            html(":material-no-such-clock:{ .lg .middle } Fast", &[]),
            ":material-no-such-clock: Fast",
            "an icon that does not exist is text, its attribute list dropped"
        );
    }

    #[test]
    fn icons_become_their_svg_with_their_attribute_list_and_unknown_ones_stay_text() {
        let a = Abbreviations::new(&[]);
        let mut unknown = Vec::new();
        let pieces = split(
            "ok :material-check:{ .lg .middle } :octicons-nope-16: :material-check:",
            &a,
            &Icons::default(),
            &mut unknown,
        )
        .expect("icons are inline syntax");
        let html: String = pieces
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => escape_html(&t),
                Piece::Html(h) => h,
            })
            .collect();
        assert!(
            html.starts_with("ok <span class=\"twemoji lg middle\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path d=\"M21 7 9 19"),
            "{html}"
        );
        assert!(
            html.contains("</svg></span> :octicons-nope-16: <span class=\"twemoji\"><svg"),
            "{html}"
        );
        assert_eq!(unknown, ["octicons-nope-16"]);
    }

    #[test]
    fn abbreviations_match_whole_words() {
        assert_eq!(
            html(
                "The HTML and XHTML specs, HTML5.",
                &[("HTML", "Hyper Text")]
            ),
            "The <abbr title=\"Hyper Text\">HTML</abbr> and XHTML specs, HTML5."
        );
        assert_eq!(
            html("A W3C doc ==x==", &[("W3C", "World Wide Web Consortium")]),
            "A <abbr title=\"World Wide Web Consortium\">W3C</abbr> doc <mark>x</mark>"
        );
    }
}
