//! Acronyms SAD documents use that the glossary does not define: the glossary's acronyms
//! are read once per build, each document is checked alone (one note per document).

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::load::config::Config;
use crate::model::completeness::{has_sad, is_sad_doc};
use crate::model::{DocKind, Model};
use crate::render::markdown::Rendered;
use crate::render::markdown::resolve::Target;
use crate::util::diag::{Diagnostic, Severity};
use crate::util::fence::Fences;

/// What looks like an acronym.
static ACRONYM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z][A-Z0-9]{1,5}s?\b").expect("valid regex"));

/// The glossary and the acronyms it defines.
#[derive(Debug, Clone)]
pub struct Glossary {
    /// The glossary's document.
    pub(super) doc: usize,
    defined: HashSet<String>,
}

impl Glossary {
    /// The SAD's glossary, when it has one.
    pub fn find(model: &Model, rendered: &[Rendered<Target>], config: &Config) -> Option<Glossary> {
        if !has_sad(model, &config.sad.dir) {
            return None;
        }
        let glossary = (0..model.docs.len())
            .find(|&d| is_sad_doc(model, d) && model.docs[d].kind == DocKind::Glossary)?;
        let mut defined: HashSet<String> = HashSet::new();
        for table in &rendered[glossary].tables {
            for row in &table.rows {
                if let Some(term) = row.first() {
                    for m in ACRONYM.find_iter(term) {
                        defined.insert(m.as_str().trim_end_matches('s').to_string());
                    }
                }
            }
        }
        for s in &rendered[glossary].sections {
            for m in ACRONYM.find_iter(&s.title) {
                defined.insert(m.as_str().to_string());
            }
        }
        for line in model.docs[glossary].body.lines() {
            for m in ACRONYM.find_iter(line.split(':').next().unwrap_or("")) {
                defined.insert(m.as_str().to_string());
            }
        }
        Some(Glossary {
            doc: glossary,
            defined,
        })
    }
}

pub(super) fn acronyms(model: &Model, glossary: &Glossary, d: usize, out: &mut Vec<Diagnostic>) {
    static CODE_OR_URL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"`[^`]*`|\]\([^)]*\)|https?://\S+|<[^>]+>").expect("valid regex")
    });
    const COMMON: &[&str] = &[
        "TBD", "TODO", "OK", "NB", "AND", "OR", "NOT", "II", "III", "IV", "VI",
    ];
    let defined = &glossary.defined;
    let doc = &model.docs[d];
    let mut missing: BTreeMap<String, u32> = BTreeMap::new();
    // Scan the text as the renderer sees it (admonition bodies dedented), outside code and
    // outside the template's guidance boxes.
    let rewritten = crate::render::markdown::blocks::rewrite(&doc.body);
    let (text, map) = match &rewritten {
        Some(r) => (r.text.as_str(), Some(&r.lines)),
        None => (doc.body.as_str(), None),
    };
    let mut fences = Fences::new();
    let mut in_guidance = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("<div class=\"admonition guidance") {
            in_guidance = true;
            continue;
        }
        if in_guidance && line.starts_with("</div>") {
            in_guidance = false;
            continue;
        }
        if fences.line(line) || in_guidance {
            continue;
        }
        let source_line = map.and_then(|m| m.get(i)).map_or(i as u32, |(l, _)| *l);
        let prose = CODE_OR_URL.replace_all(line, " ");
        for m in ACRONYM.find_iter(&prose) {
            let word = m.as_str();
            let base = word
                .strip_suffix('s')
                .filter(|b| b.len() >= 2)
                .unwrap_or(word);
            // An abbreviation the page defines (`*[CDC]: …`) is defined too.
            let on_page = rewritten
                .as_ref()
                .is_some_and(|r| r.abbreviations.iter().any(|(a, _)| a == base || a == word));
            if COMMON.contains(&base)
                || base.chars().all(|c| c.is_ascii_digit())
                || defined.contains(base)
                || on_page
            {
                continue;
            }
            missing
                .entry(base.to_string())
                .or_insert(doc.body_line + source_line);
        }
    }
    if let Some(first) = missing.values().min().copied() {
        let list: Vec<&str> = missing.keys().map(String::as_str).collect();
        out.push(
            Diagnostic::new(
                Severity::Info,
                "sad/acronym",
                doc.source.clone(),
                format!("acronyms not in the glossary: {}", list.join(", ")),
            )
            .at_line(first)
            .with_help(format!(
                "define them in `{}`",
                model.docs[glossary.doc].source
            )),
        );
    }
}
