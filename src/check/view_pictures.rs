//! Hand-drawn pictures kept honest: a view's Mermaid flowcharts and PlantUML diagrams are read
//! (parsed, never run) and compared with the elements the view declares. A node the elements
//! lack, and an element no picture shows, are warnings at the picture's line, naming the
//! element; a node matches an element by id or by name.
//!
//! Only pictures that draw elements are compared: flowcharts (`flowchart`, `graph`) and
//! PlantUML component, deployment and C4 diagrams. Sequence diagrams, Gantt charts and the like
//! are left alone, and so are views that declare no elements.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::Model;
use crate::render::markdown::diagram::PLANTUML_LANGUAGES;
use crate::util::diag::Diagnostic;
use crate::util::fence::Fences;

/// A node of a hand-drawn picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PictureNode {
    /// Its id in the picture's source.
    pub id: String,
    /// Its label, when it has one.
    pub label: Option<String>,
    /// The 1-based line of the file where it first appears.
    pub line: u32,
    /// Whether it is a frame around other nodes (a Mermaid `subgraph`): it shows the element it
    /// matches, but a frame that matches none is just a grouping, not a finding.
    pub group: bool,
}

/// A picture of a view: the line of its fence and its nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// The 1-based line of its opening fence.
    pub line: u32,
    /// Its nodes, each once, in order of appearance.
    pub nodes: Vec<PictureNode>,
}

/// The pictures in a document's markdown that draw elements; `first_line` is the file line of
/// the markdown's first line.
pub fn pictures(markdown: &str, first_line: u32) -> Vec<Picture> {
    let mut out = Vec::new();
    let mut fences = Fences::new();
    // The open block: its language, the line of its fence, and its lines with their numbers.
    type Block<'t> = (String, u32, Vec<(u32, &'t str)>);
    let mut block: Option<Block<'_>> = None;
    for (i, line) in markdown.lines().enumerate() {
        let number = first_line + i as u32;
        let was_open = fences.is_open();
        let in_fence = fences.line(line);
        match (&mut block, was_open, fences.is_open()) {
            (None, false, true) => {
                let info = line.trim_start().trim_start_matches(['`', '~']).trim();
                let lang = info
                    .trim_start_matches('{')
                    .trim_start_matches('.')
                    .split([' ', '}', ','])
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                block = Some((lang, number, Vec::new()));
            }
            (Some(_), true, false) => {
                if let Some((lang, line, lines)) = block.take() {
                    let nodes = match lang.as_str() {
                        "mermaid" => mermaid_nodes(&lines),
                        l if PLANTUML_LANGUAGES.contains(&l) => plantuml_nodes(&lines),
                        _ => None,
                    };
                    if let Some(nodes) = nodes {
                        out.push(Picture { line, nodes });
                    }
                }
            }
            (Some((_, _, lines)), true, true) if in_fence => lines.push((number, line)),
            _ => {}
        }
    }
    out
}

/// The nodes of a Mermaid flowchart; `None` for any other kind of Mermaid diagram.
fn mermaid_nodes(lines: &[(u32, &str)]) -> Option<Vec<PictureNode>> {
    static LINK_TEXT: LazyLock<Regex> = LazyLock::new(|| {
        // `-- text -->`, `== text ==>`, `-. text .->`: the text between the link's two halves.
        Regex::new(r"(--|==|-\.)\s+[^-=.|>\n][^|\n]*?\s*(-->|---|==>|===|\.->|\.-)")
            .expect("valid regex")
    });
    let mut body = lines.iter().skip_while(|(_, l)| {
        let t = l.trim();
        t.is_empty() || t.starts_with("%%")
    });
    // A `---` config block may come first.
    let mut first = body.next()?;
    if first.1.trim() == "---" {
        for line in body.by_ref() {
            if line.1.trim() == "---" {
                break;
            }
        }
        first = body.find(|(_, l)| !l.trim().is_empty())?;
    }
    let head = first.1.trim().to_ascii_lowercase();
    if !(head.starts_with("flowchart") || head.starts_with("graph")) {
        return None;
    }
    let mut nodes: Vec<PictureNode> = Vec::new();
    for &(number, raw) in body {
        let line = raw.split("%%").next().unwrap_or("");
        for statement in line.split(';') {
            let statement = LINK_TEXT.replace_all(statement, "$2");
            let trimmed = statement.trim();
            let keyword = trimmed.split_whitespace().next().unwrap_or("");
            if keyword == "subgraph" {
                subgraph(trimmed["subgraph".len()..].trim(), number, &mut nodes);
                continue;
            }
            if trimmed.is_empty()
                || matches!(
                    keyword,
                    "subgraph"
                        | "end"
                        | "style"
                        | "classDef"
                        | "class"
                        | "click"
                        | "linkStyle"
                        | "direction"
                        | "accTitle"
                        | "accDescr"
                        | "accTitle:"
                        | "accDescr:"
                )
                || trimmed.starts_with('}')
            {
                continue;
            }
            scan_statement(trimmed, number, &mut nodes);
        }
    }
    Some(nodes)
}

/// Adds a `subgraph` frame: `id[Title]`, `id`, `"Title"` or `Title with spaces`.
fn subgraph(text: &str, line: u32, nodes: &mut Vec<PictureNode>) {
    if text.is_empty() {
        return;
    }
    let (id, label) = match text.find('[') {
        Some(open) if text.ends_with(']') => (
            text[..open].trim().to_string(),
            Some(
                text[open + 1..text.len() - 1]
                    .trim()
                    .trim_matches('"')
                    .to_string(),
            ),
        ),
        _ => (text.trim_matches('"').to_string(), None),
    };
    if !nodes.iter().any(|n| n.id == id) {
        nodes.push(PictureNode {
            id,
            label,
            line,
            group: true,
        });
    }
}

/// Adds the nodes of one flowchart statement (`a[A] & b --> c((C)) -->|x| d`).
fn scan_statement(text: &str, line: u32, nodes: &mut Vec<PictureNode>) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        // An id.
        let start = i;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            let id_char = c.is_alphanumeric()
                || c == '_'
                || (c == '.' && next.is_some_and(|n| n.is_alphanumeric()))
                || (c == '-' && next.is_some_and(|n| n.is_alphanumeric()));
            if !id_char {
                break;
            }
            i += 1;
        }
        if i == start {
            // Not a node here (a stray character): skip it.
            i += 1;
            continue;
        }
        let id: String = chars[start..i].iter().collect();
        let mut label = None;
        if let Some(&open) = chars.get(i)
            && matches!(open, '[' | '(' | '{' | '>')
        {
            let (text, end) = shape_text(&chars, i);
            label = Some(text);
            i = end;
        }
        // `:::class`.
        if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
            i += 2;
            while i < chars.len() && chars[i] == ':' {
                i += 1;
            }
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '-')
            {
                i += 1;
            }
        }
        add(nodes, id, label, line);
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        // What joins it to the next node: `&`, or a link with its arrowheads and `|text|`.
        if chars.get(i) == Some(&'&') {
            i += 1;
            continue;
        }
        let link_start = i;
        while i < chars.len() && matches!(chars[i], '-' | '=' | '.' | '<' | '>' | '~') {
            i += 1;
        }
        if i > link_start {
            if matches!(chars.get(i), Some('o' | 'x'))
                && chars.get(i + 1).is_none_or(|c| c.is_whitespace())
            {
                i += 1;
            }
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            if chars.get(i) == Some(&'|') {
                i += 1;
                while i < chars.len() && chars[i] != '|' {
                    i += 1;
                }
                i += 1;
            }
            continue;
        }
        // Anything else ends the statement.
        break;
    }
}

/// The label of a shape starting at `chars[open]` and the index after it: brackets balanced,
/// quotes respected, the shape's own marks (`[(`, `{{`, `/`, quotes) taken off.
fn shape_text(chars: &[char], open: usize) -> (String, usize) {
    let mut depth = 0i32;
    let mut i = open;
    let mut quoted = false;
    if chars[open] == '>' {
        // The asymmetric shape `>label]`.
        i += 1;
        depth = 1;
    }
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            match c {
                '[' | '(' | '{' => depth += 1,
                ']' | ')' | '}' => depth -= 1,
                _ => {}
            }
        }
        i += 1;
        if depth == 0 {
            break;
        }
    }
    let inner: String = chars[open..i].iter().collect();
    let label = inner
        .trim_start_matches(['[', '(', '{', '>', '/', '\\'])
        .trim_end_matches([']', ')', '}', '/', '\\'])
        .trim()
        .trim_matches('"')
        .trim()
        .to_string();
    (label, i)
}

fn add(nodes: &mut Vec<PictureNode>, id: String, label: Option<String>, line: u32) {
    match nodes.iter_mut().find(|n| n.id == id) {
        Some(n) => {
            if n.label.is_none() {
                n.label = label;
            }
        }
        None => nodes.push(PictureNode {
            id,
            label,
            line,
            group: false,
        }),
    }
}

/// The nodes of a PlantUML component, deployment or C4 diagram; `None` for other diagrams
/// (sequence, activity, …), recognised by having no element declarations at all.
fn plantuml_nodes(lines: &[(u32, &str)]) -> Option<Vec<PictureNode>> {
    static DECLARED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"^\s*(?:component|database|queue|node|actor|rectangle|cloud|storage|collections|entity|boundary|control|interface|artifact|file|card|agent|person|usecase|stack|hexagon|process)\s+(?:"([^"]+)"|\[([^\]]+)\]|([\w.\-]+))(?:\s+as\s+"?([\w.\-]+)"?)?"#,
        )
        .expect("valid regex")
    });
    static C4: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"^\s*(?:Person|System|Container|Component)(?:Db|Queue)?(?:_Ext)?\(\s*([\w.\-]+)\s*,\s*"([^"]*)""#,
        )
        .expect("valid regex")
    });
    static BRACKETED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[([^\]\n]+)\]").expect("valid regex"));
    let mut nodes: Vec<PictureNode> = Vec::new();
    for &(number, line) in lines {
        let text = line.trim();
        if text.starts_with('\'') || text.starts_with("@") || text.starts_with('!') {
            continue;
        }
        if let Some(c) = DECLARED.captures(text) {
            let name = c
                .get(1)
                .or(c.get(2))
                .or(c.get(3))
                .map_or("", |m| m.as_str())
                .to_string();
            let id = c
                .get(4)
                .map_or_else(|| name.clone(), |m| m.as_str().to_string());
            add(&mut nodes, id, Some(name), number);
        } else if let Some(c) = C4.captures(text) {
            add(&mut nodes, c[1].to_string(), Some(c[2].to_string()), number);
        } else if text.contains("->") || text.contains("--") || text.contains("..>") {
            for c in BRACKETED.captures_iter(text) {
                add(&mut nodes, c[1].to_string(), Some(c[1].to_string()), number);
            }
        }
    }
    (!nodes.is_empty()).then_some(nodes)
}

/// A name or id as compared: lower case, no markup, spaces collapsed.
fn key(text: &str) -> String {
    let text = text
        .replace("<br>", " ")
        .replace("<br/>", " ")
        .replace("<br />", " ");
    text.trim_matches(['`', '"', '\''])
        .replace(['`', '*'], "")
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The findings about view document `doc`'s hand-drawn pictures.
pub fn check_doc(model: &Model, doc: usize) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let d = &model.docs[doc];
    if model.sad.view_of(doc).is_none() || d.front.elements.is_empty() {
        return out;
    }
    let pictures = pictures(&d.body, d.body_line);
    if pictures.is_empty() {
        return out;
    }
    // Each element by its id and its name.
    let elements: Vec<(String, Option<String>, BTreeSet<String>)> = d
        .front
        .elements
        .iter()
        .filter_map(|e| {
            let id = e.id.clone().or_else(|| e.name.clone())?;
            let keys: BTreeSet<String> = [Some(&id), e.name.as_ref()]
                .into_iter()
                .flatten()
                .map(|t| key(t))
                .collect();
            Some((id, e.name.clone(), keys))
        })
        .collect();
    // A packet's picture may show the elements of the views it refines.
    let inherited: BTreeSet<String> = model
        .sad
        .view_of(doc)
        .map(|v| model.sad.ancestors(v))
        .unwrap_or_default()
        .into_iter()
        .flat_map(|p| &model.docs[model.sad.views[p].doc].front.elements)
        .flat_map(|e| [e.id.as_deref(), e.name.as_deref()])
        .flatten()
        .map(key)
        .collect();
    let mut shown: BTreeSet<usize> = BTreeSet::new();
    for picture in &pictures {
        for node in &picture.nodes {
            let node_keys: Vec<String> = std::iter::once(&node.id)
                .chain(node.label.as_ref())
                .map(|t| key(t))
                .collect();
            let found = elements
                .iter()
                .position(|(_, _, keys)| node_keys.iter().any(|k| keys.contains(k)));
            match found {
                Some(e) => {
                    shown.insert(e);
                }
                None if node.group || node_keys.iter().any(|k| inherited.contains(k)) => {}
                None => {
                    let shown_as = node.label.clone().unwrap_or_else(|| node.id.clone());
                    out.push(
                        Diagnostic::warning(
                            "sad/picture-not-in-catalog",
                            &d.source,
                            format!(
                                "the picture shows `{shown_as}`, which the view's elements do not declare"
                            ),
                        )
                        .at_line(node.line)
                        .with_help(format!(
                            "declare it under `elements:` (id `{}` or name `{shown_as}`), or take it out of the picture",
                            node.id
                        )),
                    );
                }
            }
        }
    }
    // A picture drawn from the model shows every element.
    let generated = d
        .front
        .diagram
        .as_deref()
        .is_some_and(|g| g.trim().eq_ignore_ascii_case("generated"))
        || d.body.contains("<!-- sadoc:diagram -->");
    let first = pictures[0].line;
    for (i, (id, name, _)) in elements.iter().enumerate() {
        if generated {
            break;
        }
        if shown.contains(&i) {
            continue;
        }
        let named = match name {
            Some(n) if n != id => format!("`{n}` (`{id}`)"),
            _ => format!("`{id}`"),
        };
        out.push(
            Diagnostic::warning(
                "sad/catalog-not-in-picture",
                &d.source,
                format!("element {named} is declared but no picture of the view shows it"),
            )
            .at_line(first)
            .with_help(format!(
                "draw it (with id `{id}` or its name as label), or let sadoc draw the picture from the elements: `diagram: generated`"
            )),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(markdown: &str) -> Vec<(String, Option<String>, u32)> {
        pictures(markdown, 10)
            .into_iter()
            .flat_map(|p| p.nodes)
            .map(|n| (n.id, n.label, n.line))
            .collect()
    }

    #[test]
    fn flowchart_nodes_are_read_with_their_labels_and_lines() {
        let md = "Text\n\n```mermaid\nflowchart LR\n  db[(Orders DB)] -->|WAL| dbz[Debezium]\n  dbz -- Avro events --> topic{{cdc.orders}}\n  topic --> ingest[Ingest] & raw[(Raw zone)]\n  subgraph cloud[AWS]\n    a((A)):::hot --o b>B] -.-> c([C])\n  end\n  style a fill:#f9f\n  click a \"https://x\"\n  x-y --> z %% a comment\n```\n";
        let found = ids(md);
        let names: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|(id, label, _)| (id.as_str(), label.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("db", Some("Orders DB")),
                ("dbz", Some("Debezium")),
                ("topic", Some("cdc.orders")),
                ("ingest", Some("Ingest")),
                ("raw", Some("Raw zone")),
                ("cloud", Some("AWS")),
                ("a", Some("A")),
                ("b", Some("B")),
                ("c", Some("C")),
                ("x-y", None),
                ("z", None),
            ]
        );
        assert_eq!(found[0].2, 14, "file line of its first appearance");
        assert_eq!(found[4].2, 16);
    }

    #[test]
    fn other_mermaid_diagrams_and_code_are_not_pictures() {
        assert!(ids("```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n").is_empty());
        assert!(ids("```rust\nlet a = b --> c;\n```\n").is_empty());
        assert_eq!(
            ids("```mermaid\n---\ntitle: T\n---\ngraph TD\n  A-->B\n```\n").len(),
            2
        );
    }

    #[test]
    fn plantuml_declarations_c4_macros_and_bracketed_components() {
        let md = "```plantuml\n@startuml\ncomponent \"Ingest service\" as ingest\ndatabase Warehouse\n[API] --> [Cache]\nContainerDb(db, \"Orders DB\", \"PostgreSQL\")\n' a comment [X]\n@enduml\n```\n";
        let names: Vec<String> = ids(md).into_iter().map(|(id, _, _)| id).collect();
        assert_eq!(names, ["ingest", "Warehouse", "API", "Cache", "db"]);
        assert!(ids("```plantuml\nAlice -> Bob: hello\n```\n").is_empty());
    }
}
