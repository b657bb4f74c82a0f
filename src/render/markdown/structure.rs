//! The structure of a page that checks need: its sections (what each heading's section holds)
//! and its tables (as text), collected while the page is rendered.
//!
//! A SAD view must have certain sections, each with real content: not empty, not "TBD", and
//! not only the template's guidance. A mapping between views is a table whose cells name
//! elements. Both are recorded here as plain data, so the checks never parse the page again.

pub use crate::model::outline::{Section, SectionState, Table};

/// What an open section's text has shown so far: enough to classify it when it closes.
#[derive(Debug, Default)]
struct Open {
    index: usize,
    /// Bytes of text seen (only the first [`TEXT_LIMIT`] are read).
    seen: usize,
    /// Words seen, counting up to four (a "not applicable" section has at most three).
    words: usize,
    /// The first three words.
    first: Vec<String>,
    /// A `TBD` or `TODO` word was seen.
    placeholder: bool,
    has_media: bool,
    has_guidance: bool,
}

/// Collects sections while a page's events go by.
#[derive(Debug, Default)]
pub struct Sections {
    done: Vec<Section>,
    open: Vec<Open>,
    in_guidance: bool,
}

const TEXT_LIMIT: usize = 4096;

impl Sections {
    /// A heading starts a section, closing the open ones of the same or a deeper level.
    pub fn heading(&mut self, level: u8, id: &str, title: &str, line: u32) {
        self.close_from(level);
        self.open.push(Open {
            index: self.done.len(),
            ..Open::default()
        });
        self.done.push(Section {
            level,
            id: id.to_string(),
            title: title.to_string(),
            line,
            state: SectionState::Empty,
            has_diagram: false,
            html_end: None,
        });
    }

    /// Text of the page (outside headings).
    pub fn text(&mut self, text: &str) {
        if self.in_guidance {
            for open in &mut self.open {
                open.has_guidance = true;
            }
            return;
        }
        if self.open.iter().all(|o| o.seen >= TEXT_LIMIT) {
            return;
        }
        // Words matter only until a section has four, and for `TBD`/`TODO`: most text is
        // not split at all. When it is, each text is split once for every open section
        // (headings nest).
        let counting = self.open.iter().any(|o| o.seen < TEXT_LIMIT && o.words < 4);
        // One search for the letter both markers start with.
        let marked = memchr::memchr_iter(b'T', text.as_bytes())
            .any(|i| text[i + 1..].starts_with("BD") || text[i + 1..].starts_with("ODO"));
        let words = text
            .split(|c: char| !(c.is_alphanumeric() || c == '/'))
            .filter(|w| !w.is_empty());
        if counting || marked {
            for word in words {
                let placeholder = word == "TBD" || word == "TODO";
                let mut still_counting = false;
                for open in self.open.iter_mut().filter(|o| o.seen < TEXT_LIMIT) {
                    open.placeholder |= placeholder;
                    if open.words < 3 {
                        open.first.push(word.to_string());
                    }
                    open.words = (open.words + 1).min(4);
                    still_counting |= open.words < 4;
                }
                if !marked && !still_counting {
                    break;
                }
            }
        }
        for open in &mut self.open {
            open.seen += text.len() + 1;
        }
    }

    /// Non-text content: a table, a code block, an image.
    pub fn media(&mut self) {
        if self.in_guidance {
            return;
        }
        for open in &mut self.open {
            open.has_media = true;
        }
    }

    /// A diagram (also counts as content).
    pub fn diagram(&mut self) {
        if self.in_guidance {
            return;
        }
        for open in &mut self.open {
            open.has_media = true;
            self.done[open.index].has_diagram = true;
        }
    }

    /// Raw HTML: tracks the template's guidance boxes and notices images and SVG.
    pub fn html(&mut self, html: &str) {
        let trimmed = html.trim_start();
        if trimmed.starts_with("<div class=\"admonition guidance") {
            self.in_guidance = true;
            return;
        }
        if self.in_guidance && trimmed.starts_with("</div>") {
            self.in_guidance = false;
            return;
        }
        if html.contains("<img") || html.contains("<svg") || html.contains("<picture") {
            self.diagram();
        }
    }

    fn close_from(&mut self, level: u8) {
        while let Some(open) = self.open.last() {
            if self.done[open.index].level < level {
                break;
            }
            if let Some(open) = self.open.pop() {
                self.done[open.index].state = classify(&open);
            }
        }
    }

    /// Every section, in page order.
    pub fn finish(mut self) -> Vec<Section> {
        self.close_from(0);
        self.done
    }
}

fn classify(open: &Open) -> SectionState {
    if open.placeholder {
        return SectionState::Placeholder;
    }
    if !open.has_media && open.words <= 3 {
        let plain = open.first.join(" ").to_lowercase();
        match plain.as_str() {
            "" if open.has_guidance => return SectionState::GuidanceOnly,
            "" => return SectionState::Empty,
            "n/a" | "na" | "none" | "not applicable" | "none yet" | "nothing" => {
                return SectionState::NotApplicable;
            }
            _ => {}
        }
    }
    SectionState::Content
}

/// Collects a table's cells while its events go by.
#[derive(Debug, Default)]
pub struct TableBuilder {
    table: Option<Table>,
    in_head: bool,
    cell: Option<(String, Option<usize>)>,
    row: Vec<String>,
}

impl TableBuilder {
    /// A table starts.
    pub fn start(&mut self, line: u32) {
        self.table = Some(Table {
            line,
            header: Vec::new(),
            header_links: Vec::new(),
            rows: Vec::new(),
        });
    }

    /// Whether a table is being collected.
    pub fn active(&self) -> bool {
        self.table.is_some()
    }

    /// The header row starts or ends.
    pub fn head(&mut self, inside: bool) {
        self.in_head = inside;
    }

    /// A cell starts.
    pub fn cell_start(&mut self) {
        self.cell = Some((String::new(), None));
    }

    /// Text inside the current cell.
    pub fn text(&mut self, text: &str) {
        if let Some((cell, _)) = &mut self.cell {
            cell.push_str(text);
        }
    }

    /// A link (by its index in the page's links) inside the current cell.
    pub fn link(&mut self, index: usize) {
        if let Some((_, link)) = &mut self.cell {
            link.get_or_insert(index);
        }
    }

    /// The current cell ends.
    pub fn cell_end(&mut self) {
        let Some((text, link)) = self.cell.take() else {
            return;
        };
        let text = text.trim().to_string();
        match (&mut self.table, self.in_head) {
            (Some(table), true) => {
                table.header.push(text);
                table.header_links.push(link);
            }
            _ => self.row.push(text),
        }
    }

    /// The text of the current body row's first cell, once that cell ended.
    pub fn first_cell(&self) -> Option<&str> {
        self.row.first().map(String::as_str)
    }

    /// A body row ends.
    pub fn row_end(&mut self) {
        if let Some(table) = &mut self.table
            && !self.row.is_empty()
        {
            table.rows.push(std::mem::take(&mut self.row));
        }
    }

    /// The table ends; returns it.
    pub fn end(&mut self) -> Option<Table> {
        self.table.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(text: &str) -> SectionState {
        let mut s = Sections::default();
        s.heading(2, "x", "X", 1);
        s.text(text);
        s.finish()[0].state
    }

    #[test]
    fn section_states() {
        assert_eq!(state(""), SectionState::Empty);
        assert_eq!(state("N/A"), SectionState::NotApplicable);
        assert_eq!(state("None."), SectionState::NotApplicable);
        assert_eq!(state("TBD"), SectionState::Placeholder);
        assert_eq!(
            state("The catalog is TODO for now."),
            SectionState::Placeholder
        );
        assert_eq!(
            state("Todo lists are fine in prose."),
            SectionState::Content
        );
        assert_eq!(state("Real words."), SectionState::Content);
    }

    #[test]
    fn nested_sections_share_their_content() {
        let mut s = Sections::default();
        s.heading(2, "a", "A", 1);
        s.heading(3, "b", "B", 3);
        s.text("text");
        s.heading(2, "c", "C", 5);
        s.html("<div class=\"admonition guidance\"><p class=\"admonition-title\">How</p>\n");
        s.text("guidance words");
        s.html("</div>\n");
        let done = s.finish();
        assert_eq!(done[0].state, SectionState::Content, "A holds B's text");
        assert_eq!(done[2].state, SectionState::GuidanceOnly);
    }
}
