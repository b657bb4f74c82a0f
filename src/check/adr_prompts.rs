//! ADRs that still hold a template's prompts: "What is the issue that we're seeing…" left
//! under `## Context` by `sadoc adr new`, or a `{Describe the context…}` placeholder of a
//! MADR or log4brains template.
//!
//! The same rule as the SAD template's guidance (ADR 0011): a note, never a failure, shown by
//! `sadoc build -v`, `sadoc check -v` and `sadoc adr lint`, at the prompt's line. The prompts
//! are the paragraphs of the templates new records come from: the built-in adr-tools and MADR
//! templates, every template kept in the ADR folder and the one `adr.template` names. A
//! paragraph wholly inside `{…}` or `[…]` (not a link) is a placeholder whatever template it
//! came from. Checks read the model only: no file is opened here.

use std::collections::HashSet;

use crate::load::config::Config;
use crate::model::{DocKind, Model, adr_templates};
use crate::util::diag::{Diagnostic, Severity};
use crate::util::fence::Fences;

/// The prompts of the templates a project's records may come from.
#[derive(Debug, Default)]
pub struct Prompts {
    paragraphs: HashSet<String>,
    /// Finds any prompt's first two words in a text: most records hold none, and are not
    /// split into paragraphs at all.
    starts: Option<regex::Regex>,
}

impl Prompts {
    /// The prompts of the built-in templates and of the project's own (templates in the ADR
    /// folder, and the file `adr.template` names when it is one of the documents).
    pub fn new(model: &Model, config: &Config) -> Prompts {
        let mut prompts = Prompts::default();
        for text in [
            adr_templates::NYGARD,
            adr_templates::NYGARD_EARLIER,
            adr_templates::MADR,
            adr_templates::BULLETS,
        ] {
            prompts.add_template(text);
        }
        for doc in &model.docs {
            if doc.kind == DocKind::Template || doc.source == config.adr.template {
                prompts.add_template(&doc.body);
            }
        }
        prompts.index();
        prompts
    }

    /// Builds the search for the prompts' first two words (an alternation: one pass).
    fn index(&mut self) {
        let starts: std::collections::BTreeSet<String> = self
            .paragraphs
            .iter()
            .map(|p| {
                let words: Vec<String> = p.split_whitespace().take(2).map(regex::escape).collect();
                words.join(r"\s+")
            })
            .filter(|w| !w.is_empty())
            .collect();
        self.starts = (!starts.is_empty())
            .then(|| regex::Regex::new(&starts.into_iter().collect::<Vec<_>>().join("|")).ok())
            .flatten();
    }

    /// Whether `text` may hold a prompt: one's first two words, or a line opening with `{` or
    /// `[`.
    fn may_hold(&self, text: &str) -> bool {
        text.starts_with(['{', '['])
            || memchr::memmem::find(text.as_bytes(), b"\n{").is_some()
            || memchr::memmem::find(text.as_bytes(), b"\n[").is_some()
            || self.starts.as_ref().is_none_or(|re| re.is_match(text))
    }

    fn add_template(&mut self, text: &str) {
        for paragraph in paragraphs(text) {
            // A paragraph with a placeholder (`Date: {{date}}`) is filled in by `adr new`.
            if !paragraph.text.contains("{{") {
                self.paragraphs.insert(paragraph.text);
            }
        }
    }

    /// Whether a paragraph (normalised) is a prompt or a placeholder.
    fn is_prompt(&self, text: &str) -> bool {
        self.paragraphs.contains(text) || is_placeholder(text)
    }

    /// The prompts left in ADR `doc`, one note per section.
    pub fn check_doc(&self, model: &Model, doc: usize) -> Vec<Diagnostic> {
        let d = &model.docs[doc];
        if d.kind != DocKind::Adr || !self.may_hold(&d.body) {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut reported: HashSet<Option<String>> = HashSet::new();
        for paragraph in paragraphs(&d.body) {
            if !self.is_prompt(&paragraph.text) || !reported.insert(paragraph.section.clone()) {
                continue;
            }
            let quoted = quote(&paragraph.text);
            let message = match &paragraph.section {
                Some(section) => {
                    format!("section `{section}` still holds the template's prompt “{quoted}”")
                }
                None => format!("the record still holds the template's prompt “{quoted}”"),
            };
            out.push(
                Diagnostic::new(
                    Severity::Info,
                    "adr/unfilled-prompt",
                    d.source.clone(),
                    message,
                )
                .at_line(d.body_line + paragraph.line)
                .with_help("replace the prompt with this decision's own text"),
            );
        }
        out
    }
}

/// A paragraph of markdown: its text with whitespace collapsed, the heading it is under and its
/// 0-based line in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Paragraph {
    text: String,
    section: Option<String>,
    line: u32,
}

/// The paragraphs of `text` outside code fences and HTML comments; headings end paragraphs and
/// are not paragraphs themselves.
fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut fences = Fences::new();
    let mut section: Option<String> = None;
    let mut current: Option<Paragraph> = None;
    let mut in_comment = false;
    let flush = |current: &mut Option<Paragraph>, out: &mut Vec<Paragraph>| {
        if let Some(p) = current.take().filter(|p| !p.text.is_empty()) {
            out.push(p);
        }
    };
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if fences.line(line) {
            flush(&mut current, &mut out);
            continue;
        }
        if in_comment || trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            flush(&mut current, &mut out);
            continue;
        }
        if let Some(title) = heading(trimmed) {
            flush(&mut current, &mut out);
            section = Some(title.to_string());
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut current, &mut out);
            continue;
        }
        let words = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
        match &mut current {
            Some(p) => {
                p.text.push(' ');
                p.text.push_str(&words);
            }
            None => {
                current = Some(Paragraph {
                    text: words,
                    section: section.clone(),
                    line: i as u32,
                })
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

/// The title of an ATX heading line (`## Context` → `Context`).
fn heading(line: &str) -> Option<&str> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    (rest.is_empty() || rest.starts_with([' ', '\t']))
        .then(|| rest.trim().trim_end_matches('#').trim())
}

/// A paragraph wholly inside braces or brackets, of several words: `{Describe the context…}`,
/// `[Describe the context and problem statement…]`. A link (`[text](url)`, `[text][ref]`) is
/// not one.
fn is_placeholder(text: &str) -> bool {
    let wrapped = (text.starts_with('{') && text.ends_with('}'))
        || (text.starts_with('[') && text.ends_with(']'));
    wrapped
        && text.split_whitespace().count() >= 3
        && !text.contains("](")
        && !text.contains("][")
        && !text.contains("]:")
}

/// The start of a prompt, for a message.
fn quote(text: &str) -> String {
    const WORDS: usize = 10;
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= WORDS {
        text.to_string()
    } else {
        format!("{} …", words[..WORDS].join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompts() -> Prompts {
        let mut p = Prompts::default();
        p.add_template(adr_templates::NYGARD);
        p.add_template(adr_templates::NYGARD_EARLIER);
        p.add_template(adr_templates::MADR);
        p.index();
        p
    }

    #[test]
    fn records_without_a_prompt_word_are_not_split() {
        let p = prompts();
        assert!(!p.may_hold("# 1. X\n\n## Context\n\nKafka keeps events.\n"));
        assert!(p.may_hold("## Context\n\nWhat is the issue that we're seeing?\n"));
        assert!(p.may_hold("## Context\n\n{Describe it}\n"));
    }

    #[test]
    fn paragraphs_know_their_section_and_line() {
        let text = "# 1. T\n\n## Context\n\nfirst line\nsecond  line\n\n```\n## not a heading\n```\nafter\n";
        let found = paragraphs(text);
        assert_eq!(
            found,
            [
                Paragraph {
                    text: "first line second line".into(),
                    section: Some("Context".into()),
                    line: 4
                },
                Paragraph {
                    text: "after".into(),
                    section: Some("Context".into()),
                    line: 10
                },
            ]
        );
    }

    #[test]
    fn the_built_in_prompts_are_known_and_filled_in_text_is_not() {
        let p = prompts();
        assert!(p.is_prompt(
            "What is the issue that we're seeing that is motivating this decision or change?"
        ));
        assert!(p.is_prompt("* Option 1 * Option 2"));
        assert!(!p.is_prompt("We need a message broker that keeps events for a week."));
        // The filled-in lines of a template are not prompts.
        assert!(!p.paragraphs.iter().any(|t| t.contains("{{")));
    }

    #[test]
    fn bracketed_placeholders_are_prompts_but_links_are_not() {
        let p = Prompts::default();
        assert!(p.is_prompt("{Describe the context and problem statement}"));
        assert!(p.is_prompt("[Describe the context and problem statement, e.g. as a story.]"));
        assert!(!p.is_prompt("[ADR-0003](0003-x.md) explains why"));
        assert!(!p.is_prompt("[the whole log][log]"));
        assert!(!p.is_prompt("{x}"));
    }
}
