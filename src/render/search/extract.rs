//! A rendered page's HTML as the plain text search indexes and quotes, with where each
//! heading starts, so a result can link to the section that matched.
//!
//! This reads only the HTML sadoc's markdown renderer writes (and the raw HTML authors put in
//! pages): tags are dropped, entities decoded, block boundaries become spaces, and the text of
//! `<script>`, `<style>` and heading-anchor links is left out. It never fails: anything it does
//! not understand is text.

/// A heading of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Where its text starts, in UTF-16 code units (what the browser's string indexes count).
    pub offset: usize,
    /// Its anchor id.
    pub id: String,
    /// Its text.
    pub title: String,
}

/// A page's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    /// The body text, whitespace collapsed.
    pub body: String,
    /// The headings that have an id, in order.
    pub headings: Vec<Heading>,
}

/// Tags whose start or end separates words.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "br",
    "pre",
    "blockquote",
    "table",
    "dt",
    "dd",
    "section",
    "figure",
    "figcaption",
    "hr",
];

/// Extracts the text of an HTML fragment.
pub fn extract(html: &str) -> Text {
    extract_up_to(html, usize::MAX)
}

/// The text of an HTML fragment, reading only until the body has at least `limit` bytes (a
/// page's description needs its first sentences, not the whole page).
pub fn extract_up_to(html: &str, limit: usize) -> Text {
    let mut out = Builder::default();
    let mut rest = html;
    // Depth inside elements whose text is not content (script, style, heading anchors).
    let mut skip: Option<&'static str> = None;
    let mut heading: Option<(usize, String, usize)> = None;
    while let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) {
        if skip.is_none() {
            out.text(&rest[..lt]);
        }
        if out.body.len() >= limit {
            rest = "";
            break;
        }
        let after = &rest[lt..];
        let Some(gt) = tag_end(after) else {
            if skip.is_none() {
                out.text(after);
            }
            rest = "";
            break;
        };
        let tag = &after[1..gt];
        rest = &after[gt + 1..];
        if let Some(comment) = tag.strip_prefix("!--") {
            // `<!-- … -->` may contain `>`: skip to its real end.
            if !comment.ends_with("--") {
                rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            }
            continue;
        }
        let closing = tag.starts_with('/');
        let name = tag_name(tag.trim_start_matches('/'));
        if let Some(until) = skip {
            if closing && name == until {
                skip = None;
            }
            continue;
        }
        match &*name {
            "script" | "style" if !closing => {
                skip = Some(if name == "script" { "script" } else { "style" })
            }
            // The title is indexed on its own; a diagram's source is notation, not prose.
            "h1" if !closing => skip = Some("h1"),
            "pre" if !closing && attribute(tag, "class") == Some("mermaid") => skip = Some("pre"),
            "a" if !closing
                && attribute(tag, "class")
                    .is_some_and(|c| c.split(' ').any(|c| c == "heading-anchor")) =>
            {
                skip = Some("a");
            }
            _ => {}
        }
        if name != "span" && BLOCK_TAGS.contains(&&*name) {
            out.separate();
        }
        if is_heading(&name) && name != "h1" {
            if closing {
                if let Some((offset, id, start)) = heading.take() {
                    let title = out.body[start..].trim().to_string();
                    out.headings.push(Heading { offset, id, title });
                }
            } else if let Some(id) = attribute(tag, "id") {
                let gap = usize::from(out.pending_space && !out.body.is_empty());
                heading = Some((out.utf16_len + gap, decode(id).into_owned(), out.body.len()));
            }
        }
    }
    if skip.is_none() {
        out.text(rest);
    }
    let mut text = Text {
        body: out.body,
        headings: out.headings,
    };
    let trimmed = text.body.trim_end().len();
    text.body.truncate(trimmed);
    text
}

/// Collects text with collapsed whitespace and its length in UTF-16 units.
#[derive(Default)]
struct Builder {
    body: String,
    headings: Vec<Heading>,
    utf16_len: usize,
    pending_space: bool,
}

impl Builder {
    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let decoded = decode(raw);
        let text = decoded.as_ref();
        let mut i = 0;
        // Runs of non-space characters are copied whole.
        while i < text.len() {
            let (space, len, _) = char_at(text, i);
            if space {
                self.pending_space = true;
                i += len;
                continue;
            }
            if self.pending_space && !self.body.is_empty() {
                self.body.push(' ');
                self.utf16_len += 1;
            }
            self.pending_space = false;
            let start = i;
            while i < text.len() {
                let (space, len, units) = char_at(text, i);
                if space {
                    break;
                }
                self.utf16_len += units;
                i += len;
            }
            self.body.push_str(&text[start..i]);
        }
    }

    fn separate(&mut self) {
        self.pending_space = true;
    }
}

/// Whether the character at byte `i` of `text` is white space, and its length in bytes and in
/// UTF-16 units (ASCII is classified by its byte, without decoding).
fn char_at(text: &str, i: usize) -> (bool, usize, usize) {
    match text.as_bytes()[i] {
        b if b.is_ascii() => (matches!(b, b'\t'..=b'\r' | b' '), 1, 1),
        _ => {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8(), c.len_utf16())
        }
    }
}

/// Where a tag that starts `text` (with `<`) ends: the `>` outside quotes.
fn tag_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 1;
    loop {
        // Jump from quote to quote: a highlighted block is mostly `<span class="…">` tags.
        let at = from + memchr::memchr3(b'>', b'"', b'\'', bytes.get(from..)?)?;
        match bytes[at] {
            b'>' => return Some(at),
            quote => from = at + 2 + memchr::memchr(quote, &bytes[at + 1..])?,
        }
    }
}

fn tag_name(tag: &str) -> std::borrow::Cow<'_, str> {
    // Names are ASCII: they end at the first ASCII space, `/` or `>`; a tag with another
    // character before that is split by characters, as any text would be.
    let bytes = tag.as_bytes();
    let end = bytes
        .iter()
        .position(|&b| !b.is_ascii() || matches!(b, b'\t'..=b'\r' | b' ' | b'/' | b'>'))
        .unwrap_or(bytes.len());
    let name = match bytes.get(end) {
        Some(b) if !b.is_ascii() => tag
            .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .next()
            .unwrap_or(""),
        _ => &tag[..end],
    };
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(name.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The value of attribute `name` in a tag's text (`a href="x" class="y"`).
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before_ok = i > 0 && rest.as_bytes()[i - 1].is_ascii_whitespace();
        let after = &rest[i + name.len()..];
        if before_ok && let Some(value) = after.strip_prefix('=') {
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                let value = &value[1..];
                return value.find(quote).map(|end| &value[..end]);
            }
            let end = value
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(value.len());
            return Some(&value[..end]);
        }
        rest = &rest[i + name.len()..];
    }
    None
}

/// Decodes the HTML entities sadoc and authors write (named basics and numeric ones).
fn decode(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(';').map(|i| i + 1).filter(|&i| i <= 10);
        let decoded = end.and_then(|end| entity(&rest[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_and_blocks_separate_words() {
        let text = extract(
            "<h2 id=\"why\">Why<a class=\"heading-anchor\" href=\"#why\">#</a></h2><p>Use <strong>Kafka</strong> &amp; S3.</p><ul><li>one</li><li>two</li></ul>",
        );
        assert_eq!(text.body, "Why Use Kafka & S3. one two");
        assert_eq!(
            text.headings,
            vec![Heading {
                offset: 0,
                id: "why".into(),
                title: "Why".into()
            }]
        );
    }

    #[test]
    fn heading_offsets_count_utf16_units() {
        let text = extract("<p>😀 데이터</p><h2 id=\"결정\">결정</h2><p>x</p>");
        assert_eq!(text.body, "😀 데이터 결정 x");
        // 😀 is two UTF-16 units, then " 데이터 " is five.
        assert_eq!(text.headings[0].offset, 7);
        assert_eq!(text.headings[0].id, "결정");
    }

    #[test]
    fn scripts_styles_and_comments_are_not_text() {
        let text =
            extract("a<script>var x = '<p>';</script>b<style>p{}</style>c<!-- <p>hidden</p> -->d");
        assert_eq!(text.body, "abcd");
    }

    #[test]
    fn the_title_and_diagram_sources_are_not_body_text() {
        let text = extract(
            "<h1 id=\"t\">Title</h1><p>Body</p><pre class=\"mermaid\">graph LR; a--&gt;b</pre><p>end</p>",
        );
        assert_eq!(text.body, "Body end");
    }

    #[test]
    fn a_prefix_of_the_text_can_be_read_alone() {
        let html = "<p>First sentence.</p><p>Second one.</p><p>Third.</p>";
        assert_eq!(extract_up_to(html, 5).body, "First sentence.");
        assert_eq!(extract_up_to(html, 1000), extract(html));
    }

    #[test]
    fn broken_html_is_text_not_a_panic() {
        assert_eq!(extract("a < b and <unclosed").body, "a < b and <unclosed");
        assert_eq!(
            extract("&bogus; &#xZZ; &#99999999; &").body,
            "&bogus; &#xZZ; &#99999999; &"
        );
    }

    #[test]
    fn any_white_space_separates_words_once() {
        let text = extract("<p>a\u{a0}\u{2003}b\t\u{b}c\u{3000}데이터 😀x</p><h2 id=\"h\">H</h2>");
        assert_eq!(text.body, "a b c 데이터 😀x H");
        // `a b c 데이터 ` is 10 units, `😀x` 3 (the emoji is two), then the space before H.
        assert_eq!(text.headings[0].offset, 14);
    }

    #[test]
    fn tag_names_end_where_the_name_does() {
        assert_eq!(tag_name("DIV class=\"x\""), "div");
        assert_eq!(tag_name("br/"), "br");
        assert_eq!(tag_name("p\nid=a"), "p");
        assert_eq!(tag_name("h2"), "h2");
        // A non-ASCII space ends a name too, as it ends any word.
        assert_eq!(tag_name("li\u{a0}x"), "li");
        assert_eq!(tag_name("dé x"), "dé");
    }
}
