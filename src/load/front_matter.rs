//! Splitting a page into its YAML front matter and its markdown body, and parsing the former.
//!
//! Front matter is a block that starts on the first line with `---` and ends at the next line
//! that is `---` or `...`. Positions in YAML errors are translated back to lines of the file.

use crate::model::FrontMatter;
use crate::model::front::Meta;

/// A page split into front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, if the page has front matter.
    pub yaml: Option<&'a str>,
    /// The 1-based line of the file on which the YAML starts.
    pub yaml_line: u32,
    /// The markdown body.
    pub body: &'a str,
    /// The 1-based line of the file on which the body starts.
    pub body_line: u32,
    /// Whether the page starts with a TOML block between `+++` lines (Hugo), which sadoc
    /// skips without reading.
    pub toml: bool,
}

/// A problem with front matter, at a 1-based position in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// Line in the file.
    pub line: u32,
    /// Column in the file.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

fn is_fence(line: &str, closing: bool) -> bool {
    let line = line.trim_end();
    line == "---" || (closing && line == "...")
}

/// Splits `text` (already decoded: `\n` line endings, no BOM).
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let no_front = Split {
        yaml: None,
        yaml_line: 1,
        body: text,
        body_line: 1,
        toml: false,
    };
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() == "+++" {
        return Ok(skip_toml(text, first_end).unwrap_or(no_front));
    }
    if !is_fence(&text[..first_end], false) {
        return Ok(no_front);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    let mut line_no = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if is_fence(&text[pos..end], true) {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: Some(&text[yaml_start..pos]),
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
                toml: false,
            });
        }
        pos = end + 1;
        line_no += 1;
    }
    Err(FrontMatterError {
        line: 1,
        column: 1,
        message:
            "front matter opened with `---` on line 1 is never closed; add a `---` line after it"
                .to_string(),
    })
}

/// The page after a Hugo TOML block that opens on its first line (ending at `first_end`), or
/// `None` when the block is never closed (then the page is all body).
fn skip_toml(text: &str, first_end: usize) -> Option<Split<'_>> {
    let mut pos = first_end + 1;
    let mut line_no = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "+++" {
            return Some(Split {
                yaml: None,
                yaml_line: 2,
                body: &text[(end + 1).min(text.len())..],
                body_line: line_no + 1,
                toml: true,
            });
        }
        pos = end + 1;
        line_no += 1;
    }
    None
}

/// Front matter as read: the typed keys, and the keys sadoc owns that were left out because
/// they hold something else (another generator's meaning of the same name).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// The typed front matter (every key is also in its `meta`).
    pub front: FrontMatter,
    /// One warning per ignored key, at the key's line.
    pub ignored: Vec<FrontMatterError>,
}

/// Parses the YAML of a front matter block that starts on line `yaml_line` of the file.
///
/// Only YAML that cannot be parsed is an error. A block that is not a mapping, or a key sadoc
/// owns that holds another type (Jekyll's `title:` map, Docusaurus' `tags:` of objects, a
/// boolean `status:`), is a warning: the key is ignored for sadoc's purposes and kept in `meta`.
pub fn parse(yaml: &str, yaml_line: u32) -> Result<Parsed, FrontMatterError> {
    if yaml
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(Parsed::default());
    }
    let key_lines = key_lines(yaml, yaml_line);
    // Read typed from the text, not from a generic value: scalars keep their meaning for
    // sadoc's keys (`drift: off` is the word "off", where a generic value would make it a
    // boolean). A block mapping whose keys all hold what sadoc expects (nearly every page)
    // is read once; its generic keys wait until a theme asks for them.
    if starts_block_mapping(yaml)
        && let Ok(mut front) = serde_saphyr::from_str::<FrontMatter>(yaml)
    {
        front.key_lines = key_lines;
        front.meta = Meta::from_yaml(yaml);
        return Ok(Parsed {
            front,
            ignored: Vec::new(),
        });
    }
    let value: serde_json::Value = serde_saphyr::from_str(yaml).map_err(|e| {
        let location = e.location();
        FrontMatterError {
            line: yaml_line + location.map_or(1, |l| l.line() as u32).saturating_sub(1),
            column: location.map_or(1, |l| l.column() as u32),
            message: format!("invalid front matter: {}", crate::util::yaml::message(&e)),
        }
    })?;
    let serde_json::Value::Object(meta) = value else {
        return Ok(Parsed {
            front: FrontMatter::default(),
            ignored: vec![FrontMatterError {
                line: yaml_line,
                column: 1,
                message: format!(
                    "front matter must be a mapping of `key: value` lines, not {}; sadoc ignores it on this page",
                    type_name(&value)
                ),
            }],
        });
    };
    let mut ignored = Vec::new();
    let mut front = match serde_saphyr::from_str::<FrontMatter>(yaml) {
        Ok(front) => front,
        Err(_) => {
            // Some key holds a type sadoc does not expect: find which, one key at a time.
            let chunks = key_chunks(yaml);
            let mut kept = String::with_capacity(yaml.len());
            for (key, chunk) in &chunks {
                match serde_saphyr::from_str::<FrontMatter>(chunk) {
                    Ok(_) => kept.push_str(chunk),
                    Err(e) => {
                        let value = meta.get(key).unwrap_or(&serde_json::Value::Null);
                        ignored.push(FrontMatterError {
                            line: key_lines.get(key).copied().unwrap_or(yaml_line),
                            column: 1,
                            message: foreign_key_message(
                                key,
                                value,
                                &crate::util::yaml::message(&e),
                            ),
                        });
                    }
                }
            }
            serde_saphyr::from_str(&kept).unwrap_or_default()
        }
    };
    front.key_lines = key_lines;
    front.meta = Meta::new(meta);
    Ok(Parsed { front, ignored })
}

/// Whether the first line of `yaml` that is not blank or a comment is a `key:` of a block
/// mapping (not a list item, a flow collection or a scalar, which a typed read could take
/// for something else: serde reads a struct from a list, field by field). Quoted or
/// non-ASCII keys are read the careful way, which gives the same result.
fn starts_block_mapping(yaml: &str) -> bool {
    let Some(line) = yaml
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    else {
        return false;
    };
    // A plain key starts with a letter, digit or `_`; anything else takes the careful path.
    let first = line.as_bytes()[0];
    (first.is_ascii_alphanumeric() || first == b'_')
        && line
            .split_once(':')
            .is_some_and(|(_, rest)| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// The text of each top-level key of a block mapping: its line and the indented lines,
/// comments and list items that follow it.
fn key_chunks(yaml: &str) -> Vec<(String, String)> {
    let mut chunks: Vec<(String, String)> = Vec::new();
    for line in yaml.split_inclusive('\n') {
        let top = !line.starts_with([' ', '\t', '#', '-', '\n', '\r']) && !line.trim().is_empty();
        let key = top.then(|| line.split_once(':')).flatten();
        match (key, chunks.last_mut()) {
            (Some((key, _)), _) => chunks.push((
                key.trim().trim_matches(['"', '\'']).to_string(),
                line.to_string(),
            )),
            (None, Some((_, chunk))) => chunk.push_str(line),
            (None, None) => {}
        }
    }
    chunks
}

/// The warning for a key sadoc owns holding another type: what it holds, what sadoc expected.
fn foreign_key_message(key: &str, value: &serde_json::Value, error: &str) -> String {
    let expected = match error {
        e if e.contains(", expected ") => e.split_once(", expected ").map_or(e, |(_, x)| x),
        e if e.starts_with("expected a list") => "a list",
        e if e.starts_with("expected a mapping") => "a mapping of `key: value` lines",
        e if e.starts_with("invalid boolean") => "a boolean (`true` or `false`)",
        _ => "another type",
    };
    let holds = match value {
        serde_json::Value::Array(items) => {
            match items.iter().find(|i| i.is_object() || i.is_array()) {
                Some(item) => format!("a list of {}s", type_name(item).trim_start_matches("a ")),
                None => "a list".to_string(),
            }
        }
        other => type_name(other).to_string(),
    };
    let expected = match value {
        serde_json::Value::Array(_) if holds != "a list" => format!("each item to be {expected}"),
        _ => expected.to_string(),
    };
    format!(
        "front matter key `{key}` holds {holds}, but sadoc expects {expected}; the key is ignored on this page (kept for themes)"
    )
}

/// How a YAML value is described to users.
fn type_name(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "nothing",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "text",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "a map",
    }
}

/// The 1-based file line of every top-level `key:` of a front matter block starting on line
/// `yaml_line`.
pub fn key_lines(yaml: &str, yaml_line: u32) -> std::collections::BTreeMap<String, u32> {
    let mut lines = std::collections::BTreeMap::new();
    for (i, line) in yaml.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        if let Some((key, _)) = line.split_once(':') {
            let key = key.trim().trim_matches(['"', '\'']);
            if !key.is_empty() {
                lines.entry(key.to_string()).or_insert(yaml_line + i as u32);
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_body() {
        let s = split("---\ntitle: A\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# Title\n---\n").unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn hugo_toml_front_matter_is_skipped() {
        let s = split("+++\ntitle = \"A\"\n+++\n# Body\n").unwrap();
        assert!(s.toml);
        assert_eq!((s.body, s.body_line), ("# Body\n", 4));
        assert!(!split("+++\nnot closed\n").unwrap().toml);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert_eq!(split("---\ntitle: A\n# Body\n").unwrap_err().line, 1);
    }

    #[test]
    fn yaml_errors_point_at_file_lines() {
        let e = parse("title: A\ntags: [a\n", 2).unwrap_err();
        assert!(e.line >= 3, "{e:?}");
        let p = parse("- a\n- b\n", 2).unwrap();
        assert_eq!(p.ignored[0].line, 2);
        assert!(
            p.ignored[0].message.contains("must be a mapping"),
            "{}",
            p.ignored[0].message
        );
    }

    #[test]
    fn values_are_read_leniently() {
        let f = parse(
            "title: 2024\ntags: kafka\nowners: [a, 1]\ndate: 2020-01-02\nnav_order: 3\n",
            2,
        )
        .unwrap()
        .front;
        assert_eq!(f.title.as_deref(), Some("2024"));
        assert_eq!(f.tags, vec!["kafka"]);
        assert_eq!(f.owners, vec!["a", "1"]);
        assert_eq!(f.date.as_deref(), Some("2020-01-02"));
        assert_eq!(f.meta["nav_order"], serde_json::json!(3));
    }

    #[test]
    fn every_key_is_kept_for_themes_as_yaml_reads_it() {
        let f = parse(
            "title: A\ndrift: off\nnav_order: 3\nextra: [1, {a: b}]\nbase: &b 1\nalias: *b\n",
            2,
        )
        .unwrap()
        .front;
        assert_eq!(f.drift.as_deref(), Some("off"));
        let meta = serde_json::to_value(&f.meta).unwrap();
        assert_eq!(
            meta,
            serde_json::json!({
                "title": "A", "drift": false, "nav_order": 3,
                "extra": [1, {"a": "b"}], "base": 1, "alias": 1,
            })
        );
        // A key sadoc owns holding another type is kept there too.
        let p = parse("title: {en: A}\nnav_order: 3\n", 2).unwrap();
        assert_eq!(p.front.title, None);
        assert_eq!(p.front.meta["title"], serde_json::json!({"en": "A"}));
        assert_eq!(p.ignored[0].line, 2);
    }

    #[test]
    fn a_key_given_twice_is_an_error_at_its_second_line() {
        for yaml in ["title: A\nnav: 1\nnav: 2\n", "nav: 1\ntitle: A\ntitle: B\n"] {
            let e = parse(yaml, 2).unwrap_err();
            assert_eq!(e.line, 4, "{yaml:?}: {e:?}");
            assert!(e.message.contains("duplicate key"), "{}", e.message);
        }
    }

    #[test]
    fn blocks_that_are_not_mappings_are_ignored_with_a_warning() {
        for (yaml, what) in [
            ("~\n", "nothing"),
            ("hello\n", "text"),
            ("[a, b]\n", "a list"),
            ("- title\n- kind\n", "a list"),
        ] {
            let p = parse(yaml, 2).unwrap();
            assert_eq!(p.front, FrontMatter::default(), "{yaml:?}");
            assert!(
                p.ignored[0].message.contains(&format!("not {what};")),
                "{yaml:?}: {}",
                p.ignored[0].message
            );
        }
        assert_eq!(
            parse("{title: A}\n", 2).unwrap().front.title.as_deref(),
            Some("A")
        );
    }
}
