//! Where an event of the parsed text stands in the source file: its line and column, for
//! links and diagnostics (the front matter and admonition rewriting shift lines; `map` undoes
//! that).

/// Maps byte offsets of the parsed text back to positions in the source file.
pub(super) struct Positions<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    map: Option<&'a [(u32, u32)]>,
    body_line: u32,
    /// The last position asked for (byte offset, line index, columns in chars): links come
    /// in order, so counting goes on from there and a long line of links stays linear.
    last: std::cell::Cell<(usize, usize, u32)>,
}

impl<'a> Positions<'a> {
    /// `map` gives, for each line of `text`, its 0-based source line and the bytes removed
    /// from its start (admonition bodies are dedented); `body_line` is the file line of `text`'s
    /// first line.
    pub(super) fn new(text: &'a str, map: Option<&'a [(u32, u32)]>, body_line: u32) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Positions {
            text,
            line_starts,
            map,
            body_line,
            last: std::cell::Cell::new((0, 0, 0)),
        }
    }

    /// The 1-based line and column in the file of a byte offset in `text`.
    pub(super) fn at(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let index = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let (last_offset, last_index, last_chars) = self.last.get();
        let (start, before) = if last_index == index && last_offset <= offset {
            (last_offset, last_chars)
        } else {
            (self.line_starts[index], 0)
        };
        let chars = before
            + self
                .text
                .get(start..offset)
                .map_or(0, |s| s.chars().count()) as u32;
        self.last.set((offset, index, chars));
        let (line, shift) = match self.map {
            Some(map) => map.get(index).copied().unwrap_or((index as u32, 0)),
            None => (index as u32, 0),
        };
        (self.body_line + line, chars + 1 + shift)
    }
}
