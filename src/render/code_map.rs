//! The code map: every governed code path, as a folder tree, with the views, elements and
//! decisions that govern it and how many files it covers at the commit being built.

use std::collections::BTreeMap;

use super::context::{CodeLink, CodeNode, Governor, PatternEntry};
use super::tree::Tree;
use crate::load::code::CodeFiles;
use crate::load::permalink::Permalinks;
use crate::model::Model;
use crate::model::governance::Origin;

/// Builds the code map.
pub fn code_map<'a>(
    model: &'a Model,
    tree: &'a Tree,
    files: &CodeFiles,
    permalinks: &Permalinks,
) -> Vec<CodeNode<'a>> {
    let mut by_pattern: BTreeMap<String, PatternEntry<'a>> = BTreeMap::new();
    let mut folders: BTreeMap<String, String> = BTreeMap::new();
    for rule in &model.governance.rules {
        let Some(entry) = tree.entry_of_doc(rule.doc).map(|e| &tree.entries[e]) else {
            continue;
        };
        let adr = model.adr_of(rule.doc);
        folders
            .entry(rule.glob.pattern.clone())
            .or_insert_with(|| rule.glob.repo_prefix());
        let pattern = by_pattern
            .entry(rule.glob.pattern.clone())
            .or_insert_with(|| {
                let link = code_link(permalinks, &rule.glob.pattern, &model.governance.prefix);
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
    for (pattern, entry) in by_pattern {
        // The tree is drawn from the repository root, wherever the project sits.
        let prefix = folders.remove(&pattern).unwrap_or_default();
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

/// A governed pattern with a link to the folder (or file) it names, at the built commit; the
/// pattern is read for a project `prefix` folders below the repository root.
pub fn code_link(permalinks: &Permalinks, pattern: &str, prefix: &str) -> CodeLink {
    let url = crate::util::glob::CodeGlob::in_repo(pattern, prefix)
        .ok()
        .and_then(|glob| {
            let literal = glob.repo_prefix();
            if literal.is_empty() {
                return None;
            }
            let path = crate::util::paths::from_repo(prefix, &literal);
            // A pattern without wildcards whose last part has an extension names a file.
            let is_file =
                glob.is_literal() && crate::util::paths::file_name(&literal).contains('.');
            if is_file {
                permalinks.file(&path, None)
            } else {
                permalinks.folder(&path)
            }
        });
    CodeLink {
        pattern: pattern.to_string(),
        url,
    }
}
