//! The code map: every governed code path, as a tree of the repository's folders and files,
//! with the views, elements and decisions that govern it and how many files it covers at the
//! commit being built.

use std::collections::BTreeMap;

use super::context::{CodeLink, CodeNode, Governor, PatternEntry};
use super::tree::Tree;
use crate::load::code::CodeFiles;
use crate::load::permalink::Permalinks;
use crate::model::Model;
use crate::model::governance::Origin;

/// Builds the code map. Every path in it is from the repository root, folders and patterns
/// alike (one coordinate system, wherever `sadoc.yml` sits); a pattern that names one file puts
/// that file in the tree, not a folder of its name.
pub fn code_map<'a>(
    model: &'a Model,
    tree: &'a Tree,
    files: &CodeFiles,
    permalinks: &Permalinks,
) -> Vec<CodeNode<'a>> {
    // Keyed by the pattern from the repository root: `/services/**` and `services/**` written
    // in a project at the root are one entry.
    let mut by_pattern: BTreeMap<String, PatternEntry<'a>> = BTreeMap::new();
    let mut places: BTreeMap<String, (String, bool)> = BTreeMap::new();
    for rule in &model.governance.rules {
        let Some(entry) = tree.entry_of_doc(rule.doc).map(|e| &tree.entries[e]) else {
            continue;
        };
        let adr = model.adr_of(rule.doc);
        let shown = rule.glob.repo_pattern().trim_start_matches('/').to_string();
        let pattern = by_pattern.entry(shown.clone()).or_insert_with(|| {
            let link = code_link(permalinks, &rule.glob.pattern, &model.governance.prefix);
            let count = files.matching(&rule.glob).count();
            // A pattern without wildcards that matches exactly the file it names is a file.
            let literal = rule.glob.repo_prefix();
            let is_file = rule.glob.is_literal()
                && count == 1
                && files
                    .matching(&rule.glob)
                    .next()
                    .is_some_and(|f| crate::util::paths::to_repo(&files.prefix, f) == literal);
            places.insert(shown.clone(), (literal, is_file));
            PatternEntry {
                pattern: shown.clone(),
                written: Vec::new(),
                url: link.url,
                files: count,
                governors: Vec::new(),
            }
        });
        let written = rule.glob.pattern.trim().to_string();
        if written != shown && !pattern.written.contains(&written) {
            pattern.written.push(written);
        }
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
        let (literal, is_file) = places.remove(&pattern).unwrap_or_default();
        let segments: Vec<&str> = literal.split('/').filter(|s| !s.is_empty()).collect();
        let mut node = &mut root;
        let mut path = String::new();
        for (i, segment) in segments.iter().enumerate() {
            path = if path.is_empty() {
                segment.to_string()
            } else {
                format!("{path}/{segment}")
            };
            let index = match node.children.iter().position(|c| c.name == *segment) {
                Some(i) => i,
                None => {
                    node.children.push(CodeNode {
                        name: segment.to_string(),
                        path: path.clone(),
                        is_file: is_file && i + 1 == segments.len(),
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
            patterns: root.patterns,
            ..CodeNode::default()
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
