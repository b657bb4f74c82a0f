//! What a highlighted token is called in the page: one short class per token, Pygments' names
//! (`k` keyword, `s` string, `c` comment, `nf` function name…), and the stylesheet that
//! colours them.
//!
//! syntect's parser gives each piece of a line the whole stack of TextMate scopes it is in
//! (`source.python meta.statement.import keyword.control.import.from`); written out as nested
//! spans with one class per scope part, that markup was more than half of every page with code.
//! A theme colours a token by its most specific scope, so a token needs only the class its
//! innermost meaningful scope gives: [`Classes::of`] walks the stack from the inside out past
//! the scopes that only group (`meta`, `source`, a string's quotes) to the first one the table
//! names. Adjacent tokens of one class share a span, white space never opens one, and every line
//! closes what it opened. The names are the ones MkDocs (Pygments) pages use, so a team's own
//! stylesheet for `.highlight .k` reads the same classes here. Colours come from the same two
//! syntect themes as before, resolved once for each class's scope.

use std::collections::HashMap;

use std::str::FromStr as _;
use syntect::highlighting::{FontStyle, Highlighter, Style, ThemeSet};

use syntect::parsing::{Scope, ScopeStack, ScopeStackOp};

const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";

/// What a scope means for the token inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The token is of this class.
    Class(&'static str),
    /// The token is plain text, whatever the scopes around it say.
    Plain,
    /// The scope only groups: the scope around it decides.
    Through,
}

/// Scope prefixes and what they make a token, with the scope the stylesheet colours the class
/// by. The longest prefix that matches a scope (whole dot-separated parts) decides.
const TABLE: &[(&str, Role)] = &[
    ("comment", Role::Class("c")),
    ("string", Role::Class("s")),
    ("string.regexp", Role::Class("sr")),
    ("constant", Role::Class("no")),
    ("constant.numeric", Role::Class("m")),
    ("constant.character", Role::Class("sc")),
    ("constant.character.escape", Role::Class("se")),
    ("constant.language", Role::Class("kc")),
    ("keyword", Role::Class("k")),
    ("keyword.control.import", Role::Class("kn")),
    ("keyword.declaration", Role::Class("kd")),
    ("keyword.operator", Role::Class("o")),
    ("keyword.operator.word", Role::Class("ow")),
    ("keyword.operator.logical", Role::Class("ow")),
    ("storage", Role::Class("k")),
    ("storage.type", Role::Class("kt")),
    ("storage.modifier", Role::Class("kd")),
    ("storage.type.string", Role::Class("s")),
    ("entity.name", Role::Class("nx")),
    ("entity.name.function", Role::Class("nf")),
    ("entity.name.class", Role::Class("nc")),
    ("entity.name.struct", Role::Class("nc")),
    ("entity.name.enum", Role::Class("nc")),
    ("entity.name.union", Role::Class("nc")),
    ("entity.name.trait", Role::Class("nc")),
    ("entity.name.interface", Role::Class("nc")),
    ("entity.name.type", Role::Class("nc")),
    ("entity.name.namespace", Role::Class("nn")),
    ("entity.name.module", Role::Class("nn")),
    ("entity.name.constant", Role::Class("no")),
    ("entity.name.label", Role::Class("nl")),
    ("entity.name.tag", Role::Class("nt")),
    ("entity.name.section", Role::Class("gh")),
    ("entity.other.attribute-name", Role::Class("na")),
    ("entity.other.inherited-class", Role::Class("nc")),
    ("support", Role::Class("nb")),
    ("support.class", Role::Class("nc")),
    ("support.constant", Role::Class("no")),
    ("support.variable", Role::Class("nv")),
    ("variable", Role::Through),
    ("variable.parameter", Role::Class("nv")),
    ("variable.language", Role::Class("bp")),
    ("variable.function", Role::Class("nf")),
    ("variable.other.constant", Role::Class("no")),
    ("punctuation", Role::Plain),
    ("punctuation.definition.string", Role::Through),
    ("punctuation.definition.comment", Role::Through),
    ("punctuation.definition.heading", Role::Through),
    ("punctuation.definition.bold", Role::Through),
    ("punctuation.definition.italic", Role::Through),
    ("punctuation.definition.raw", Role::Through),
    ("punctuation.definition.inserted", Role::Through),
    ("punctuation.definition.deleted", Role::Through),
    ("punctuation.definition.changed", Role::Through),
    ("punctuation.definition.range", Role::Through),
    ("punctuation.definition.from-file", Role::Through),
    ("punctuation.definition.to-file", Role::Through),
    ("punctuation.definition.separator", Role::Through),
    ("punctuation.definition.annotation", Role::Through),
    ("meta.annotation", Role::Class("nd")),
    ("meta.annotation.arguments", Role::Plain),
    ("variable.annotation", Role::Class("nd")),
    ("entity.name.function.decorator", Role::Class("nd")),
    ("markup.heading", Role::Class("gh")),
    ("markup.bold", Role::Class("gs")),
    ("markup.italic", Role::Class("ge")),
    ("markup.inserted", Role::Class("gi")),
    ("markup.deleted", Role::Class("gd")),
    ("markup.changed", Role::Class("gu")),
    ("markup.raw", Role::Class("sb")),
    ("markup.quote", Role::Class("c")),
    ("markup.underline.link", Role::Class("nl")),
    ("meta.diff.range", Role::Class("gu")),
    ("meta.diff.header", Role::Class("gh")),
    ("invalid", Role::Class("err")),
];

/// Each class and the scope its colours are read from in a theme.
const STYLED_BY: &[(&str, &str)] = &[
    ("c", "comment.line"),
    ("s", "string.quoted.double"),
    ("sr", "string.regexp"),
    ("no", "constant.other"),
    ("m", "constant.numeric"),
    ("sc", "constant.character"),
    ("se", "constant.character.escape"),
    ("kc", "constant.language"),
    ("k", "keyword.control"),
    ("kn", "keyword.control.import"),
    ("kd", "storage.modifier"),
    ("o", "keyword.operator"),
    ("ow", "keyword.operator.word"),
    ("kt", "storage.type"),
    ("nx", "entity.name"),
    ("nf", "entity.name.function"),
    ("nc", "entity.name.class"),
    ("nn", "entity.name.namespace"),
    ("nl", "entity.name.label"),
    ("nt", "entity.name.tag"),
    ("na", "entity.other.attribute-name"),
    ("nb", "support.function"),
    ("nv", "variable.parameter"),
    ("bp", "variable.language"),
    ("nd", "entity.name.function.decorator"),
    ("gh", "markup.heading"),
    ("gs", "markup.bold"),
    ("ge", "markup.italic"),
    ("gi", "markup.inserted"),
    ("gd", "markup.deleted"),
    ("gu", "markup.changed"),
    ("sb", "markup.raw"),
    ("err", "invalid"),
];

fn role_of(scope: Scope) -> Role {
    let name = scope.build_string();
    let mut best: Option<(usize, Role)> = None;
    for (prefix, role) in TABLE {
        let matches = name == *prefix
            || (name.starts_with(prefix) && name.as_bytes().get(prefix.len()) == Some(&b'.'));
        if matches && best.is_none_or(|(len, _)| prefix.len() > len) {
            best = Some((prefix.len(), *role));
        }
    }
    best.map_or(Role::Through, |(_, role)| role)
}

/// The class of each scope stack, with what each scope means kept as it is first seen (one
/// per highlighter thread).
#[derive(Debug, Default)]
pub struct Classes {
    roles: HashMap<Scope, Role, foldhash::fast::FixedState>,
}

impl Classes {
    /// The class of a token in `stack`, if it has one.
    pub fn of(&mut self, stack: &ScopeStack) -> Option<&'static str> {
        for scope in stack.as_slice().iter().rev() {
            let role = *self.roles.entry(*scope).or_insert_with(|| role_of(*scope));
            match role {
                Role::Class(class) => return Some(class),
                Role::Plain => return None,
                Role::Through => {}
            }
        }
        None
    }

    /// The HTML of one line: `text` (with its line ending) cut at the parser's `ops`, each
    /// piece escaped inside the span of its class. `scopes` is the stack before the line and is
    /// left as it is after it. Every span is closed before the line ends.
    pub fn line_html(
        &mut self,
        text: &str,
        ops: &[(usize, ScopeStackOp)],
        scopes: &mut ScopeStack,
    ) -> Result<String, syntect::parsing::ScopeError> {
        let body = text.trim_end_matches(['\n', '\r']);
        let mut out = Spans {
            html: String::with_capacity(text.len() + 48),
            open: None,
            blank_from: None,
        };
        let mut class = self.of(scopes);
        let mut at = 0;
        for (pos, op) in ops {
            let pos = (*pos).min(body.len());
            if pos > at {
                out.push(&body[at..pos], class);
                at = pos;
            }
            scopes.apply(op)?;
            class = self.of(scopes);
        }
        if at < body.len() {
            out.push(&body[at..], class);
        }
        out.close();
        out.html.push_str(&text[body.len()..]);
        Ok(out.html)
    }
}

/// A line's HTML as it is written: the class of the span open, and where the white space
/// after its last piece starts (which goes outside the span if the next piece is of another
/// class).
struct Spans {
    html: String,
    open: Option<&'static str>,
    blank_from: Option<usize>,
}

impl Spans {
    /// Adds `piece` in the span of `class`, closing and opening spans only where the class
    /// changes; white space waits for the next piece to know which span it belongs to.
    fn push(&mut self, piece: &str, class: Option<&'static str>) {
        if piece.bytes().all(|b| b == b' ' || b == b'\t') {
            if self.open.is_some() && self.blank_from.is_none() {
                self.blank_from = Some(self.html.len());
            }
            self.html.push_str(piece);
            return;
        }
        if class != self.open {
            self.close();
            if let Some(class) = class {
                self.html.push_str("<span class=\"");
                self.html.push_str(class);
                self.html.push_str("\">");
            }
            self.open = class;
        }
        self.blank_from = None;
        crate::util::push_escaped_html(&mut self.html, piece);
    }

    /// Closes the open span before the white space that followed its last piece.
    fn close(&mut self) {
        if self.open.take().is_some() {
            let at = self.blank_from.take().unwrap_or(self.html.len());
            self.html.insert_str(at, "</span>");
        }
    }
}

/// The stylesheet for highlighted code: the light theme by default, the dark theme when the
/// page is in dark mode (`data-theme="dark"` on `<html>`, or the system preference without it).
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let mut css = String::from("/* Generated by sadoc from syntect's themes. */\n");
    if let Some(light) = themes.themes.get(LIGHT_THEME) {
        push_rules(&mut css, light, "");
    }
    if let Some(dark) = themes.themes.get(DARK_THEME) {
        push_rules(&mut css, dark, "html[data-theme=\"dark\"] ");
        css.push_str("@media (prefers-color-scheme: dark) {\n");
        push_rules(&mut css, dark, "html:not([data-theme=\"light\"]) ");
        css.push_str("}\n");
    }
    css
}

/// One rule for the code's own colours and one for each class, complete (colour, weight,
/// slant, background) so that a dark rule overrides everything the light one set.
fn push_rules(css: &mut String, theme: &syntect::highlighting::Theme, prefix: &str) {
    let highlighter = Highlighter::new(theme);
    let plain = highlighter.get_default();
    css.push_str(&format!(
        "{prefix}.hl-code {{ color: {}; }}\n",
        hex(plain.foreground)
    ));
    for (class, scope) in STYLED_BY {
        let Ok(scopes) = ScopeStack::from_str(scope) else {
            continue;
        };
        let style = highlighter.style_for_stack(scopes.as_slice());
        css.push_str(&format!(
            "{prefix}.hl-code .{class} {{ {} }}\n",
            declarations(&style, &plain)
        ));
    }
}

/// A class's style as CSS declarations: every property, so one theme's rule replaces the
/// other's.
fn declarations(style: &Style, plain: &Style) -> String {
    let font = style.font_style;
    let background = if style.background == plain.background {
        "transparent".to_string()
    } else {
        hex(style.background)
    };
    format!(
        "color: {}; background-color: {background}; font-weight: {}; font-style: {}; text-decoration: {};",
        hex(style.foreground),
        if font.contains(FontStyle::BOLD) {
            "bold"
        } else {
            "normal"
        },
        if font.contains(FontStyle::ITALIC) {
            "italic"
        } else {
            "normal"
        },
        if font.contains(FontStyle::UNDERLINE) {
            "underline"
        } else {
            "none"
        },
    )
}

fn hex(color: syntect::highlighting::Color) -> String {
    if color.a == 0xff {
        format!("#{:02x}{:02x}{:02x}", color.r, color.g, color.b)
    } else {
        format!(
            "#{:02x}{:02x}{:02x}{:02x}",
            color.r, color.g, color.b, color.a
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(stack: &str) -> Option<&'static str> {
        Classes::default().of(&ScopeStack::from_str(stack).unwrap())
    }

    #[test]
    fn the_innermost_meaningful_scope_names_the_class() {
        assert_eq!(
            class("source.python meta.statement.import keyword.control.import.from.python"),
            Some("kn")
        );
        assert_eq!(
            class("source.rust meta.function entity.name.function.rust"),
            Some("nf")
        );
        assert_eq!(
            class("source.yaml string.unquoted.plain.out.yaml entity.name.tag.yaml"),
            Some("nt")
        );
        assert_eq!(
            class("source.python meta.qualified-name.python meta.generic-name.python"),
            None
        );
    }

    #[test]
    fn quotes_take_their_strings_class_other_punctuation_is_plain() {
        assert_eq!(
            class(
                "source.python string.quoted.double.python punctuation.definition.string.begin.python"
            ),
            Some("s")
        );
        assert_eq!(
            class(
                "source.python string.quoted.double.python meta.interpolation punctuation.section.interpolation.begin"
            ),
            None
        );
        assert_eq!(class("source.rust punctuation.separator.rust"), None);
    }

    #[test]
    fn a_whole_part_must_match() {
        // `stringy` is not `string`.
        assert_eq!(class("source.x stringy.thing"), None);
        assert_eq!(class("source.x keyword.operator.assignment"), Some("o"));
    }

    #[test]
    fn pieces_share_spans_and_lines_close_theirs() {
        let mut classes = Classes::default();
        let mut scopes = ScopeStack::new();
        let push = |s: &str| ScopeStackOp::Push(Scope::new(s).unwrap());
        let ops = vec![
            (0, push("source.sql")),
            (0, push("keyword.other.sql")),
            (3, ScopeStackOp::Pop(1)),
            (4, push("keyword.other.sql")),
            (8, ScopeStackOp::Pop(1)),
            (9, push("string.quoted.single.sql")),
        ];
        let html = classes
            .line_html("NOT NULL 'a<b\n", &ops, &mut scopes)
            .unwrap();
        assert_eq!(
            html,
            "<span class=\"k\">NOT NULL</span> <span class=\"s\">&#39;a&lt;b</span>\n"
        );
        // The string is still open for the next line, which opens its own span.
        assert_eq!(scopes.as_slice().len(), 2);
        let html = classes
            .line_html("c'\n", &[(2, ScopeStackOp::Pop(1))], &mut scopes)
            .unwrap();
        assert_eq!(html, "<span class=\"s\">c&#39;</span>\n");
    }

    #[test]
    fn stylesheet_colours_classes_in_light_and_dark() {
        let css = stylesheet();
        assert!(css.contains(".hl-code .k {"), "{css}");
        assert!(css.contains(".hl-code .c {"), "{css}");
        assert!(
            css.contains("html[data-theme=\"dark\"] .hl-code .s {"),
            "{css}"
        );
        assert!(css.contains("prefers-color-scheme: dark"));
        // Each theme sets every class completely, so light colours never leak into dark.
        let rules = |prefix: &str| {
            css.lines()
                .filter(|l| l.trim_start().starts_with(&format!("{prefix}.hl-code .")))
                .count()
        };
        assert_eq!(rules(""), STYLED_BY.len());
        assert_eq!(rules("html[data-theme=\"dark\"] "), STYLED_BY.len());
    }

    #[test]
    fn every_class_the_table_gives_is_styled() {
        for (_, role) in TABLE {
            if let Role::Class(class) = role {
                assert!(STYLED_BY.iter().any(|(c, _)| c == class), "{class}");
            }
        }
    }
}
