//! Attribute lists (Python-Markdown's `attr_list`): `{ #id .class key="value" }` after a link,
//! an image or at the end of a paragraph sets that element's attributes. Headings get theirs
//! from pulldown-cmark, which reads the same syntax.

use std::sync::LazyLock;

use regex::Regex;

use crate::util::escape_html;

/// The attributes of one element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attrs {
    /// `#id`.
    pub id: Option<String>,
    /// `.class`, in order.
    pub classes: Vec<String>,
    /// `key=value` pairs, in order.
    pub pairs: Vec<(String, String)>,
}

static LIST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\{:?[ \t]*([^{}\n]*?)[ \t]*\}").expect("valid regex"));
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"#([\w:.-]+)|\.([\w-]+)|([\w:-]+)=(?:"([^"]*)"|'([^']*)'|([^\s"']+))"#)
        .expect("valid regex")
});

/// Element attributes that must never come from page text: event handlers and `style` are
/// kept out so a page cannot inject script through an attribute list.
fn allowed(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    !key.starts_with("on") && key != "style" && key != "href" && key != "src"
}

/// Reads an attribute list at the start of `text`: the attributes and the bytes it spans.
/// `None` when `text` does not start with one, or when it holds anything that is not an
/// attribute (so `{not attributes}` stays text).
pub fn parse_start(text: &str) -> Option<(Attrs, usize)> {
    let c = LIST.captures(text)?;
    let inner = c.get(1)?.as_str();
    let mut attrs = Attrs::default();
    let mut covered = 0;
    for item in ITEM.captures_iter(inner) {
        let whole = item.get(0)?;
        if !inner[covered..whole.start()].trim().is_empty() {
            return None;
        }
        covered = whole.end();
        if let Some(id) = item.get(1) {
            attrs.id = Some(id.as_str().to_string());
        } else if let Some(class) = item.get(2) {
            attrs.classes.push(class.as_str().to_string());
        } else if let Some(key) = item.get(3) {
            let value = item
                .get(4)
                .or_else(|| item.get(5))
                .or_else(|| item.get(6))
                .map_or("", |m| m.as_str());
            if allowed(key.as_str()) {
                attrs
                    .pairs
                    .push((key.as_str().to_string(), value.to_string()));
            }
        }
    }
    if !inner[covered..].trim().is_empty() || (covered == 0 && !inner.trim().is_empty()) {
        return None;
    }
    Some((attrs, c.get(0)?.end()))
}

impl Attrs {
    /// The start of an opening tag with these attributes, left open for the caller to end
    /// (`<a href="…" title="…" class="…"`): `url` goes in `url_attr`, `title` when not empty.
    pub fn open_tag(&self, tag: &str, url_attr: &str, url: &str, title: &str) -> String {
        let title = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape_html(title))
        };
        format!(
            "<{tag} {url_attr}=\"{}\"{title}{}",
            escape_html(url),
            self.html()
        )
    }

    /// The attributes as HTML, with a leading space (`" id=\"x\" class=\"a b\""`).
    pub fn html(&self) -> String {
        let mut out = String::new();
        if let Some(id) = &self.id {
            out.push_str(&format!(" id=\"{}\"", escape_html(id)));
        }
        if !self.classes.is_empty() {
            out.push_str(&format!(
                " class=\"{}\"",
                escape_html(&self.classes.join(" "))
            ));
        }
        for (key, value) in &self.pairs {
            out.push_str(&format!(" {}=\"{}\"", escape_html(key), escape_html(value)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_classes_and_pairs() {
        let (a, len) =
            parse_start("{ #top .md-button .primary target=_blank title=\"Go\" } rest").unwrap();
        assert_eq!(
            len,
            "{ #top .md-button .primary target=_blank title=\"Go\" }".len()
        );
        assert_eq!(
            a.html(),
            " id=\"top\" class=\"md-button primary\" target=\"_blank\" title=\"Go\""
        );
        assert!(parse_start("{: .note }").is_some());
    }

    #[test]
    fn other_braces_stay_text_and_handlers_are_dropped() {
        assert!(parse_start("{not attributes}").is_none());
        assert!(parse_start("{ .a b }").is_none());
        let (a, _) = parse_start("{ onclick=\"x()\" style=\"y\" .c }").unwrap();
        assert_eq!(a.html(), " class=\"c\"");
    }
}
