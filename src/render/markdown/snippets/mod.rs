//! Snippets (`pymdownx.snippets`): `--8<-- "file"` lines replaced by the file they name, before
//! anything else reads the page, so a snippet can be markdown, code inside a fence, or the
//! abbreviations every page shares.
//!
//! Forms: one line `--8<-- "file.md"` (indented: every inserted line gets the indent), a block
//! of file names between two `--8<--` lines, line ranges (`file.py:3:8`, `file.py:3`,
//! `file.py::8`, several after commas) and named sections (`file.py:setup`, between
//! `--8<-- [start:setup]` and `--8<-- [end:setup]` lines, whatever comment they stand in).
//! `;--8<--` is an escaped, literal line. Names are looked up under each base folder in turn and
//! must stay inside the project; a missing file, section or a snippet that includes itself is an
//! error at the `--8<--` line. Included files are expanded too.

use std::sync::LazyLock;

use regex::Regex;

use super::Problem;

mod select;
use crate::util::paths;
use select::{select, split_spec};

/// The page with its snippets inserted, and where each of its lines came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    /// The expanded markdown.
    pub text: String,
    /// For each line of `text`: the 0-based source line (the `--8<--` line for inserted ones)
    /// and the bytes removed from its start (always 0 here).
    pub lines: Vec<(u32, u32)>,
    /// Missing files and sections, at the line that names them.
    pub problems: Vec<Problem>,
    /// Every project file inserted, for rebuilding the page when one changes.
    pub files: Vec<String>,
    /// Every part of a file inserted: the page then governs exactly those lines.
    pub regions: Vec<Region>,
}

/// The lines of a file a page shows as a snippet.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Region {
    /// The file (a project path; `../` for code beside the project).
    pub path: String,
    /// The lines shown, 1-based and inclusive, as the file is now (section markers excluded).
    pub spans: Vec<(u32, u32)>,
    /// The snippet as written (`src/app.py:main`).
    pub spec: String,
    /// The page line of the `--8<--` that names it (0-based in the body, like problems).
    pub line: u32,
}

/// Where snippets are looked up, and how they are read.
pub struct Snippets<'a> {
    /// Base folders, relative to the project root (`""` is the root).
    pub bases: &'a [String],
    /// Files appended to every page (shared abbreviations, links).
    pub auto_append: &'a [String],
    /// Reads a project file; `Err` says why it cannot be read (missing: `Err(None)`).
    pub read: &'a dyn Fn(&str) -> Result<String, Option<String>>,
    /// How many folders a snippet's path may climb above the project and stay in the
    /// repository (code beside the project).
    pub up: usize,
    /// Follow a code block made of a code file's lines with a link to those lines (a permalink
    /// at the built commit, where the repository host is known).
    pub source_links: bool,
    /// A snippet that is not found is an error (pymdownx.snippets' `check_paths: true`, and
    /// sadoc's default); otherwise a warning, and nothing is inserted, as MkDocs does.
    pub check_paths: bool,
}

static LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^([ \t]*)(;*)-+8<-+[ \t]+(?:"([^"]+)"|'([^']+)')[ \t]*$"#).expect("valid regex")
});
static BLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([ \t]*)(;*)-+8<-+[ \t]*$").expect("valid regex"));
static MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"-+8<-+[ \t]+\[(start|end):([\w-]+)\]").expect("valid regex"));

/// How deep snippets may include snippets.
const MAX_DEPTH: usize = 16;
/// The most text snippets may make of one page (a snippet included many times, or snippets
/// that double at every level, would otherwise grow without bound).
const MAX_EXPANDED: usize = 64 << 20;

/// Expands the snippets of `body`; `None` when it has none and nothing is appended.
pub fn expand(body: &str, snippets: &Snippets<'_>) -> Option<Expanded> {
    let marked = |line: &str| {
        let t = line.trim_start_matches([' ', '\t', ';']);
        t.starts_with('-') && t.contains("8<")
    };
    // Most pages have no `8<`: a whole-text search (vectorised) says so before any walk over
    // the lines.
    if snippets.auto_append.is_empty() && !(body.contains("8<") && body.lines().any(marked)) {
        return None;
    }
    let mut out = Expanded {
        text: String::with_capacity(body.len() + 256),
        lines: Vec::new(),
        problems: Vec::new(),
        files: Vec::new(),
        regions: Vec::new(),
    };
    let mut chain = Vec::new();
    let mut ctx = Context {
        snippets,
        out: &mut out,
        chain: &mut chain,
        found: false,
        fences: crate::util::fence::Fences::new(),
        source: None,
    };
    let last = body.lines().count().saturating_sub(1) as u32;
    ctx.lines(body, None);
    if !snippets.auto_append.is_empty() {
        ctx.found = true;
        ctx.push("", last);
        for file in snippets.auto_append {
            ctx.insert(file, "", last);
        }
    }
    ctx.found.then_some(out)
}

struct Context<'s, 'o> {
    snippets: &'s Snippets<'s>,
    out: &'o mut Expanded,
    /// The files being inserted, outermost first (to refuse cycles).
    chain: &'o mut Vec<String>,
    found: bool,
    /// The page's code fences, to follow a fenced snippet with its source.
    fences: crate::util::fence::Fences,
    /// The source link to write when the open fence closes.
    source: Option<String>,
}

impl Context<'_, '_> {
    fn push(&mut self, line: &str, source: u32) {
        self.out.text.push_str(line);
        self.out.text.push('\n');
        self.out.lines.push((source, 0));
    }

    /// Copies `text` line by line, inserting its snippets. `at` is the page line every line
    /// stands for (inside a snippet), or `None` on the page itself.
    fn lines(&mut self, text: &str, at: Option<(u32, &str)>) {
        let mut block: Option<String> = None;
        for (i, line) in text.lines().enumerate() {
            let (source, indent) = at.map_or((i as u32, ""), |(l, indent)| (l, indent));
            if at.is_some() && MARKER.is_match(line) {
                continue;
            }
            if at.is_none() {
                let was_open = self.fences.is_open();
                self.fences.line(line);
                if was_open && !self.fences.is_open() {
                    self.push(line, source);
                    if let Some(link) = self.source.take() {
                        self.push("", source);
                        self.push(&link, source);
                    }
                    continue;
                }
            }
            if let Some(c) = BLOCK.captures(line) {
                if !c[2].is_empty() {
                    self.found = true;
                    self.push(
                        &format!("{indent}{}{}", &c[1], &line[c[1].len() + 1..]),
                        source,
                    );
                    continue;
                }
                self.found = true;
                match block.take() {
                    Some(_) => {}
                    None => block = Some(format!("{indent}{}", &c[1])),
                }
                continue;
            }
            if let Some(block_indent) = &block {
                let name = line.trim();
                if !name.is_empty() && !name.starts_with(';') {
                    let block_indent = block_indent.clone();
                    self.insert(name, &block_indent, source);
                }
                continue;
            }
            if let Some(c) = LINE.captures(line) {
                self.found = true;
                let name = c.get(3).or_else(|| c.get(4)).map_or("", |m| m.as_str());
                if !c[2].is_empty() {
                    // Escaped: the line itself, one `;` fewer.
                    self.push(
                        &format!("{indent}{}{}", &c[1], &line[c[1].len() + 1..]),
                        source,
                    );
                    continue;
                }
                let nested = format!("{indent}{}", &c[1]);
                self.insert(name, &nested, source);
                continue;
            }
            self.push(&format!("{indent}{line}"), source);
        }
    }

    /// Inserts the snippet `spec` (`file`, `file:3:8`, `file:section`) at page line `source`.
    fn insert(&mut self, spec: &str, indent: &str, source: u32) {
        if spec.contains("://") {
            self.problem(
                source,
                "markdown/snippet",
                false,
                format!("snippet `{spec}` is a URL; sadoc does not download snippets, so the line is left out"),
                "copy the file into the repository and name it by its path",
            );
            return;
        }
        if self.out.text.len() > MAX_EXPANDED {
            self.problem(
                source,
                "markdown/snippet",
                true,
                format!("snippet `{spec}` is not inserted: snippets already make this page larger than {} MB", MAX_EXPANDED >> 20),
                "insert fewer or smaller snippets",
            );
            return;
        }
        let (name, selection) = split_spec(spec);
        let Some((path, text)) = self.find(name, source) else {
            return;
        };
        let text = match select(&text, selection) {
            Ok((text, spans)) => {
                let code = !matches!(paths::extension(&path).as_str(), "md" | "markdown");
                if self.snippets.source_links
                    && self.chain.is_empty()
                    && self.fences.is_open()
                    && code
                    && let (Some(first), Some(last)) = (spans.first(), spans.last())
                {
                    let lines = if first.0 == last.1 {
                        format!("L{}", first.0)
                    } else {
                        format!("L{}-L{}", first.0, last.1)
                    };
                    self.source = Some(format!(
                        "<p class=\"snippet-source\"><a href=\"/{}#{lines}\">{}</a></p>",
                        paths::encode_path(&path),
                        crate::util::escape_html(&path)
                    ));
                }
                self.out.regions.push(Region {
                    path: path.clone(),
                    spans,
                    spec: spec.to_string(),
                    line: source,
                });
                text
            }
            Err(message) => {
                self.problem(
                    source,
                    "markdown/snippet",
                    true,
                    format!("snippet `{spec}`: {message}"),
                    "add the `--8<-- [start:name]` and `--8<-- [end:name]` lines to the file, or fix the name",
                );
                return;
            }
        };
        if self.chain.contains(&path) {
            self.problem(
                source,
                "markdown/snippet",
                true,
                format!(
                    "snippet `{name}` includes itself (through {})",
                    self.chain.join(" → ")
                ),
                "remove the `--8<--` line that closes the cycle",
            );
            return;
        }
        if self.chain.len() >= MAX_DEPTH {
            self.problem(
                source,
                "markdown/snippet",
                true,
                format!("snippet `{name}` is not inserted: snippets nest more than {MAX_DEPTH} deep here"),
                "insert the innermost files directly",
            );
            return;
        }
        if !self.out.files.contains(&path) {
            self.out.files.push(path.clone());
        }
        self.chain.push(path);
        self.lines(&text, Some((source, indent)));
        self.chain.pop();
    }

    /// The project path and text of snippet `name`, from the first base folder that has it.
    fn find(&mut self, name: &str, source: u32) -> Option<(String, String)> {
        let mut tried = Vec::new();
        for base in self.snippets.bases {
            let Some(path) = paths::join_up(base, name, self.snippets.up) else {
                self.problem(
                    source,
                    "markdown/snippet",
                    true,
                    format!("snippet `{name}` is outside the repository; it was not read"),
                    "snippets must be files inside the repository (outside git: the project)",
                );
                return None;
            };
            match (self.snippets.read)(&path) {
                Ok(text) => return Some((path, text)),
                Err(None) => tried.push(path),
                Err(Some(why)) => {
                    self.problem(
                        source,
                        "markdown/snippet",
                        true,
                        format!("snippet `{path}` cannot be read: {why}"),
                        "check the file",
                    );
                    return None;
                }
            }
        }
        let check_paths = self.snippets.check_paths;
        self.problem(
            source,
            "markdown/snippet",
            check_paths,
            format!(
                "snippet `{name}` not found (looked for {})",
                tried.join(", ")
            ),
            "fix the file name, or add its folder to `markdown.snippets.base_path`",
        );
        None
    }

    fn problem(
        &mut self,
        line: u32,
        code: &'static str,
        error: bool,
        message: String,
        help: &'static str,
    ) {
        self.out.problems.push(Problem {
            line,
            code,
            error,
            message,
            help,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn run(body: &str, files: &[(&str, &str)], bases: &[&str]) -> Expanded {
        let files: HashMap<String, String> = files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        let read = |p: &str| files.get(p).cloned().ok_or(None);
        let bases: Vec<String> = bases.iter().map(|b| b.to_string()).collect();
        let s = Snippets {
            bases: &bases,
            auto_append: &[],
            read: &read,
            up: 0,
            source_links: false,
            check_paths: true,
        };
        expand(body, &s).expect("has snippets")
    }

    #[test]
    fn a_line_is_replaced_by_the_file_with_its_indent() {
        let e = run(
            "Intro\n\n    --8<-- \"inc/a.md\"\nEnd\n",
            &[("inc/a.md", "one\ntwo\n")],
            &[""],
        );
        assert_eq!(e.text, "Intro\n\n    one\n    two\nEnd\n");
        assert_eq!(e.lines[2], (2, 0));
        assert_eq!(e.lines[4], (3, 0));
        assert_eq!(e.files, ["inc/a.md"]);
    }

    #[test]
    fn ranges_sections_blocks_and_escapes() {
        let code =
            "import x\n# --8<-- [start:main]\ndef main():\n    pass\n# --8<-- [end:main]\nrest\n";
        let e = run(
            "```py\n--8<-- \"src/app.py:main\"\n```\n--8<-- 'src/app.py:1:1,6'\n--8<--\nsrc/app.py::1\n; a comment\n--8<--\n;--8<-- \"kept.md\"\n",
            &[("src/app.py", code)],
            &["", "docs"],
        );
        assert_eq!(
            e.text,
            "```py\ndef main():\n    pass\n```\nimport x\nrest\nimport x\n--8<-- \"kept.md\"\n"
        );
        assert!(e.problems.is_empty(), "{:?}", e.problems);
    }

    #[test]
    fn bases_are_tried_in_order_and_problems_name_the_line() {
        let e = run(
            "a\n--8<-- \"b.md\"\n--8<-- \"gone.md\"\n--8<-- \"../../etc/passwd\"\n--8<-- \"b.md:nope\"\n",
            &[("docs/inc/b.md", "B")],
            &["", "docs/inc"],
        );
        assert!(e.text.starts_with("a\nB\n"), "{}", e.text);
        let lines: Vec<(u32, &str)> = e
            .problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(lines[0].0, 2);
        assert!(
            lines[0]
                .1
                .contains("`gone.md` not found (looked for gone.md, docs/inc/gone.md)"),
            "{lines:?}"
        );
        assert_eq!(lines[1].0, 3);
        assert!(lines[1].1.contains("outside the repository"));
        assert_eq!(lines[2].0, 4);
        assert!(lines[2].1.contains("no section `nope`"));
        assert!(e.problems.iter().all(|p| p.error));
    }

    #[test]
    fn snippets_that_double_at_every_level_stop_at_the_size_limit() {
        let big = "x".repeat(1 << 20);
        let files: Vec<(String, String)> = (0..10)
            .map(|i| {
                (
                    format!("{i}.md"),
                    format!("--8<-- \"{n}.md\"\n--8<-- \"{n}.md\"", n = i + 1),
                )
            })
            .chain([("10.md".to_string(), big)])
            .collect();
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let e = run("--8<-- \"0.md\"\n", &refs, &[""]);
        assert!(
            e.text.len() < (MAX_EXPANDED + (2 << 20)),
            "{}",
            e.text.len()
        );
        assert!(
            e.problems
                .iter()
                .any(|p| p.message.contains("larger than 64 MB"))
        );
    }

    #[test]
    fn nested_snippets_expand_and_cycles_are_refused() {
        let e = run(
            "--8<-- \"a.md\"\n",
            &[
                ("a.md", "A\n--8<-- \"b.md\""),
                ("b.md", "B\n--8<-- \"a.md\""),
            ],
            &[""],
        );
        assert_eq!(e.text, "A\nB\n");
        assert!(
            e.problems[0].message.contains("includes itself"),
            "{:?}",
            e.problems
        );
        assert_eq!(e.problems[0].line, 0);
    }
}
