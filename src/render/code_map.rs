//! The code map: every governed code path, as a folder tree, with the views, elements and
//! decisions that govern it and how many files it covers at the commit being built.

use std::collections::BTreeMap;

use serde::Serialize;

use super::sad_pages::code_link;
use super::tree::Tree;
use crate::load::code::CodeFiles;
use crate::load::permalink::Permalinks;
use crate::model::Model;
use crate::model::governance::Origin;

/// A document governing a pattern.
#[derive(Debug, Clone, Serialize)]
pub struct Governor<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its URL.
    pub url: &'a str,
    /// Its kind (`view`, `adr`, …).
    pub kind: &'static str,
    /// For an ADR: `ADR-0007`.
    pub label: Option<String>,
    /// For an ADR: its status.
    pub status: Option<&'static str>,
    /// The view element the pattern belongs to.
    pub element: Option<String>,
}

/// One governed pattern.
#[derive(Debug, Clone, Serialize)]
pub struct PatternEntry<'a> {
    /// The pattern.
    pub pattern: String,
    /// Its folder or file on the repository host.
    pub url: Option<String>,
    /// How many files it matches.
    pub files: usize,
    /// Who governs it.
    pub governors: Vec<Governor<'a>>,
}

/// A folder of the code map.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CodeNode<'a> {
    /// The folder name (`""` for patterns that apply anywhere).
    pub name: String,
    /// The folder path.
    pub path: String,
    /// Patterns whose literal part ends here.
    pub patterns: Vec<PatternEntry<'a>>,
    /// Sub-folders.
    pub children: Vec<CodeNode<'a>>,
}

/// Builds the code map.
pub fn code_map<'a>(
    model: &'a Model,
    tree: &'a Tree,
    files: &CodeFiles,
    permalinks: &Permalinks,
) -> Vec<CodeNode<'a>> {
    let mut by_pattern: BTreeMap<String, PatternEntry<'a>> = BTreeMap::new();
    for rule in &model.governance.rules {
        let Some(entry) = tree.entry_of_doc(rule.doc).map(|e| &tree.entries[e]) else {
            continue;
        };
        let adr = model.adr_of(rule.doc);
        let pattern = by_pattern
            .entry(rule.glob.pattern.clone())
            .or_insert_with(|| {
                let link = code_link(permalinks, &rule.glob.pattern);
                PatternEntry {
                    pattern: rule.glob.pattern.clone(),
                    url: link.url,
                    files: files.matching(&rule.glob).count(),
                    governors: Vec::new(),
                }
            });
        pattern.governors.push(Governor {
            title: &entry.title,
            url: &entry.page.url,
            kind: model.docs[rule.doc].kind.as_str(),
            label: adr.map(|a| a.id.label()),
            status: adr.map(|a| a.status.as_str()),
            element: match &rule.origin {
                Origin::Element(id) => Some(id.clone()),
                _ => None,
            },
        });
    }
    let mut root = CodeNode::default();
    for (_, entry) in by_pattern {
        let prefix = crate::util::glob::CodeGlob::new(&entry.pattern)
            .map(|g| g.literal_prefix())
            .unwrap_or_default();
        let mut node = &mut root;
        let mut path = String::new();
        for segment in prefix.split('/').filter(|s| !s.is_empty()) {
            path = if path.is_empty() {
                segment.to_string()
            } else {
                format!("{path}/{segment}")
            };
            let index = match node.children.iter().position(|c| c.name == segment) {
                Some(i) => i,
                None => {
                    node.children.push(CodeNode {
                        name: segment.to_string(),
                        path: path.clone(),
                        ..CodeNode::default()
                    });
                    node.children.len() - 1
                }
            };
            node = &mut node.children[index];
        }
        node.patterns.push(entry);
    }
    let mut top = Vec::new();
    if !root.patterns.is_empty() {
        top.push(CodeNode {
            name: String::new(),
            path: String::new(),
            patterns: root.patterns,
            children: Vec::new(),
        });
    }
    top.extend(root.children);
    top
}
