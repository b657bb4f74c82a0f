//! Which documents govern which code: the `governs:` globs of documents and of view elements,
//! and the `governs:` table of `sadoc.yml` for documents that cannot carry front matter.
//!
//! Built once per run; `sadoc check`, `sadoc code`, the code map and the pages all ask it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Model;
use crate::util::glob::{CodeGlob, GlobError};

/// Where a rule was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "name")]
pub enum Origin {
    /// The document's own `governs:`.
    Document,
    /// The `governs:` of one of a view's elements (its id).
    Element(String),
    /// `sadoc.yml`'s `governs:`, under this document glob.
    Config(String),
    /// One section of the document (its heading id): front matter `sections:`, or a
    /// `<!-- governs: ... -->` line under the heading.
    Section(String),
}

/// One document governing one code path pattern.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The governing document (index into [`Model::docs`]).
    pub doc: usize,
    /// The code pattern (compiled once, shared by every rule that states it).
    pub glob: std::sync::Arc<CodeGlob>,
    /// Where it was written.
    pub origin: Origin,
}

/// How `sadoc check` treats a document whose governed code changed without it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Drift {
    /// Report it at the default severity.
    #[default]
    Default,
    /// Report it as an error.
    Fail,
    /// Report it as a warning.
    Warn,
    /// Do not report it.
    Off,
}

impl Drift {
    /// Parses `fail`, `warn` (or `warning`) or `off`.
    pub fn parse(text: &str) -> Option<Drift> {
        match text.trim().to_ascii_lowercase().as_str() {
            "fail" | "error" => Some(Drift::Fail),
            "warn" | "warning" => Some(Drift::Warn),
            "off" | "false" | "no" | "none" => Some(Drift::Off),
            _ => None,
        }
    }
}

/// A pattern that could not be used, and where it was written.
#[derive(Debug, Clone)]
pub struct BadPattern {
    /// The document (or `None` for `sadoc.yml`).
    pub doc: Option<usize>,
    /// What is wrong.
    pub error: GlobError,
}

/// Every governing rule of a project.
#[derive(Debug, Clone, Default)]
pub struct Governance {
    /// All rules, in document order.
    pub rules: Vec<Rule>,
    /// Patterns that could not be compiled.
    pub bad: Vec<BadPattern>,
    /// Document globs of `sadoc.yml` that match no document.
    pub unmatched_doc_globs: Vec<String>,
    /// Where the project sits below the repository root.
    pub prefix: String,
    /// The rules by pattern: each distinct pattern once, with the rules that state it (a
    /// monorepo's many documents share a few patterns; a path is matched once per pattern).
    by_pattern: Vec<Vec<usize>>,
    /// The compiled pattern of each text, while rules are added.
    compiled: std::collections::HashMap<String, usize>,
}

impl Governance {
    /// Collects the rules of every document and of the configuration's `governs:` table
    /// (document glob → code patterns). Code patterns are read for a project `prefix` folders
    /// below the repository root ([`CodeGlob::in_repo`]).
    pub fn new(model: &Model, table: &BTreeMap<String, Vec<String>>, prefix: &str) -> Governance {
        let mut g = Governance {
            prefix: prefix.to_string(),
            ..Governance::default()
        };
        for (i, doc) in model.docs.iter().enumerate() {
            for pattern in &doc.front.governs {
                g.add(i, pattern, Origin::Document);
            }
            for (id, section) in &doc.front.sections {
                let id = id.trim().trim_start_matches('#');
                for pattern in &section.governs {
                    g.add(i, pattern, Origin::Section(id.to_string()));
                }
            }
            for (id, patterns) in directives(&doc.body) {
                for pattern in patterns {
                    let origin = match &id {
                        Some(id) => Origin::Section(id.clone()),
                        None => Origin::Document,
                    };
                    g.add(i, &pattern, origin);
                }
            }
            for element in &doc.front.elements {
                let id = element
                    .id
                    .clone()
                    .or_else(|| element.name.clone())
                    .unwrap_or_default();
                for pattern in &element.governs {
                    g.add(i, pattern, Origin::Element(id.clone()));
                }
            }
        }
        // Each of the table's document globs is matched against every document: on a large
        // site, the globs are matched side by side.
        let matched: Vec<Result<Vec<usize>, GlobError>> = {
            use rayon::prelude::*;
            let table: Vec<&String> = table.keys().collect();
            table
                .par_iter()
                .map(|doc_glob| {
                    let glob = CodeGlob::new(doc_glob)?;
                    Ok((0..model.docs.len())
                        .filter(|&i| glob.is_match(&model.docs[i].source))
                        .collect())
                })
                .collect()
        };
        for ((doc_glob, patterns), docs) in table.iter().zip(matched) {
            let docs = match docs {
                Ok(docs) => docs,
                Err(error) => {
                    g.bad.push(BadPattern { doc: None, error });
                    continue;
                }
            };
            if docs.is_empty() {
                g.unmatched_doc_globs.push(doc_glob.clone());
            }
            for doc in docs {
                for pattern in patterns {
                    g.add(doc, pattern, Origin::Config(doc_glob.clone()));
                }
            }
        }
        g.compiled = std::collections::HashMap::new();
        g
    }

    fn add(&mut self, doc: usize, pattern: &str, origin: Origin) {
        // A pattern stated by many documents is compiled once.
        if let Some(&group) = self.compiled.get(pattern) {
            let first = self.by_pattern[group][0];
            let glob = self.rules[first].glob.clone();
            self.by_pattern[group].push(self.rules.len());
            self.rules.push(Rule { doc, glob, origin });
            return;
        }
        match CodeGlob::in_repo(pattern, &self.prefix) {
            Ok(glob) => {
                self.compiled
                    .insert(pattern.to_string(), self.by_pattern.len());
                self.by_pattern.push(vec![self.rules.len()]);
                self.rules.push(Rule {
                    doc,
                    glob: std::sync::Arc::new(glob),
                    origin,
                });
            }
            Err(error) => self.bad.push(BadPattern {
                doc: Some(doc),
                error,
            }),
        }
    }

    /// The rules matching a project path, most specific first.
    pub fn governing(&self, path: &str) -> Vec<&Rule> {
        let mut matching: Vec<usize> = self
            .by_pattern
            .iter()
            .filter(|group| self.rules[group[0]].glob.is_match(path))
            .flatten()
            .copied()
            .collect();
        // In document order, as the rules were stated, before the most specific go first.
        matching.sort_unstable();
        let mut found: Vec<&Rule> = matching.into_iter().map(|r| &self.rules[r]).collect();
        crate::util::glob::most_specific_first(&mut found, |r| &r.glob);
        found
    }

    /// The documents governing a path, most specific first, each once.
    pub fn documents(&self, path: &str) -> Vec<usize> {
        let mut docs = Vec::new();
        for rule in self.governing(path) {
            if !docs.contains(&rule.doc) {
                docs.push(rule.doc);
            }
        }
        docs
    }

    /// The rules a document states (its own, its elements', and the configuration's for it).
    pub fn of_doc(&self, doc: usize) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(move |r| r.doc == doc)
    }
}

static DIRECTIVE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^\s*<!--\s*governs:\s*(.*?)\s*-->\s*$").expect("valid regex")
});
static HEADING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$").expect("valid regex")
});
static CUSTOM_ID: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\{[^}]*#([\w-]+)[^}]*\}\s*$").expect("valid regex")
});

/// The `<!-- governs: a/**, b.tf -->` lines of a body (outside code fences), each with the id
/// of the heading above it (`None` above the first heading: the whole document).
fn directives(body: &str) -> Vec<(Option<String>, Vec<String>)> {
    if !body.contains("governs:") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut heading: Option<String> = None;
    let mut fences = crate::util::fence::Fences::new();
    for line in body.lines() {
        if fences.line(line) {
            continue;
        }
        if let Some(c) = HEADING.captures(line) {
            let title = &c[1];
            heading = Some(match CUSTOM_ID.captures(title) {
                Some(id) => id[1].to_string(),
                None => crate::util::slug::slugify(title),
            });
            continue;
        }
        if let Some(c) = DIRECTIVE.captures(line) {
            let patterns = c[1]
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            out.push((heading.clone(), patterns));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::directives;

    #[test]
    fn directives_belong_to_the_heading_above() {
        let body = "<!-- governs: README.md -->\n# Guide\n\n## Rollout {#roll}\n<!-- governs: deploy/**, infra/*.tf -->\n```\n<!-- governs: not/this -->\n```\n## Data contracts\n<!--governs: schemas/** -->\n";
        assert_eq!(
            directives(body),
            vec![
                (None, vec!["README.md".to_string()]),
                (
                    Some("roll".to_string()),
                    vec!["deploy/**".to_string(), "infra/*.tf".to_string()]
                ),
                (
                    Some("data-contracts".to_string()),
                    vec!["schemas/**".to_string()]
                ),
            ]
        );
    }
}
