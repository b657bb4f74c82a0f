//! Splitting a page into its YAML front matter and its markdown body, and parsing the former.
//!
//! Front matter is a block that starts on the first line with `---` and ends at the next line
//! that is `---` or `...`. Positions in YAML errors are translated back to lines of the file.

use crate::model::FrontMatter;

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
    };
    let first_end = text.find('\n').unwrap_or(text.len());
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

/// Parses the YAML of a front matter block that starts on line `yaml_line` of the file.
pub fn parse(yaml: &str, yaml_line: u32) -> Result<FrontMatter, FrontMatterError> {
    if yaml
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(FrontMatter::default());
    }
    let mut front: FrontMatter = serde_saphyr::from_str(yaml).map_err(|e| {
        let location = e.location();
        let line = location.map_or(1, |l| l.line() as u32);
        let column = location.map_or(1, |l| l.column() as u32);
        let mut message = crate::util::yaml::message(&e);
        if line == 1 && column == 1 && message.starts_with("expected a mapping") {
            message = "front matter must be a mapping of `key: value` lines, not a list or a single value".to_string();
        } else {
            message = format!("invalid front matter: {message}");
        }
        FrontMatterError {
            line: yaml_line + line.saturating_sub(1),
            column,
            message,
        }
    })?;
    front.key_lines = key_lines(yaml, yaml_line);
    // The typed parse succeeded, so the block is a mapping; keep every key for themes.
    if let Ok(meta) = serde_saphyr::from_str::<serde_json::Map<String, serde_json::Value>>(yaml) {
        front.meta = meta;
    }
    Ok(front)
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
    fn unclosed_front_matter_is_an_error() {
        assert_eq!(split("---\ntitle: A\n# Body\n").unwrap_err().line, 1);
    }

    #[test]
    fn yaml_errors_point_at_file_lines() {
        let e = parse("title: A\ntags: [a\n", 2).unwrap_err();
        assert!(e.line >= 3, "{e:?}");
        let e = parse("- a\n- b\n", 2).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("must be a mapping"), "{}", e.message);
    }

    #[test]
    fn values_are_read_leniently() {
        let f = parse(
            "title: 2024\ntags: kafka\nowners: [a, 1]\ndate: 2020-01-02\nnav_order: 3\n",
            2,
        )
        .unwrap();
        assert_eq!(f.title.as_deref(), Some("2024"));
        assert_eq!(f.tags, vec!["kafka"]);
        assert_eq!(f.owners, vec!["a", "1"]);
        assert_eq!(f.date.as_deref(), Some("2020-01-02"));
        assert_eq!(f.meta["nav_order"], serde_json::json!(3));
    }
}
