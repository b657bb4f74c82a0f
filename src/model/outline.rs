//! A document's outline as rendering saw it: each section, what it holds, and whether it has
//! a diagram; and its tables, as text. The markdown stage fills it; completeness and the SAD checks read it, so nothing
//! after rendering parses a page again.

use serde::Serialize;

/// What a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionState {
    /// Real content.
    Content,
    /// Says it does not apply: "N/A", "None", "Not applicable".
    NotApplicable,
    /// Marked unfinished: contains "TBD" or "TODO".
    Placeholder,
    /// Holds only the template's guidance (`!!! guidance` boxes).
    GuidanceOnly,
    /// Nothing at all.
    Empty,
}

/// One section of a page: a heading and everything up to the next heading of the same or a
/// higher level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Heading level (1–6).
    pub level: u8,
    /// Anchor id of the heading.
    pub id: String,
    /// Heading text.
    pub title: String,
    /// 1-based line of the heading in the file.
    pub line: u32,
    /// What it holds.
    pub state: SectionState,
    /// Whether it contains a diagram: an image, inline SVG, or a Mermaid/PlantUML/Graphviz block.
    pub has_diagram: bool,
    /// The byte offset in the page's rendered HTML just after its heading, where generated
    /// content for the section goes (none for a heading inside a footnote).
    #[serde(skip)]
    pub html_end: Option<usize>,
}

/// A table of a page, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Table {
    /// 1-based line of the table in the file.
    pub line: u32,
    /// Header cells.
    pub header: Vec<String>,
    /// For each header cell, the index (into the page's links) of the first link in it.
    pub header_links: Vec<Option<usize>>,
    /// Body rows.
    pub rows: Vec<Vec<String>>,
}
