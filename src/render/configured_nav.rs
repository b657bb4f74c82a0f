//! The navigation `nav:` configures, resolved against the site tree: each entry's title, URL
//! and site entry, sections with their index pages, external links, the reading order it
//! gives previous/next, and the entries that name no page. A path with wildcards
//! (`docs/tutorials/*`, as mkdocs-literate-nav reads them) stands for every page it matches,
//! in path order: a titled one is a section of them.

use std::collections::HashMap;

use crate::model::Model;
use crate::model::nav::NavEntry;
use crate::render::tree::{ConfiguredNav, NavNode, Tree};
use crate::util::paths;

/// Resolves the configured navigation against the tree.
pub(crate) fn configure(tree: &Tree, model: &Model, nav: &[NavEntry]) -> ConfiguredNav {
    let by_source: HashMap<&str, usize> = model
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.source.as_str(), i))
        .collect();
    let mut configured = ConfiguredNav::default();
    configured.nodes = nodes(tree, &by_source, nav, &mut configured, 0);
    for (pos, &entry) in configured.order.iter().enumerate() {
        configured.position.entry(entry).or_insert(pos);
    }
    configured
}

/// The pages a nav path with wildcards matches (`*` within a folder, `**` across folders), in
/// path order.
fn matching(by_source: &HashMap<&str, usize>, pattern: &str) -> Vec<String> {
    let Ok(glob) = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
    else {
        return Vec::new();
    };
    let matcher = glob.compile_matcher();
    let mut found: Vec<String> = by_source
        .keys()
        .filter(|source| matcher.is_match(source))
        .map(|source| source.to_string())
        .collect();
    found.sort();
    found
}

fn nodes(
    tree: &Tree,
    by_source: &HashMap<&str, usize>,
    nav: &[NavEntry],
    out: &mut ConfiguredNav,
    depth: usize,
) -> Vec<NavNode> {
    let mut items = Vec::new();
    for entry in nav {
        match entry {
            NavEntry::Page { title, path } if path.contains(['*', '?', '[']) => {
                let matched = matching(by_source, path);
                if matched.is_empty() {
                    out.missing.push(path.clone());
                    continue;
                }
                let pages: Vec<NavEntry> = matched
                    .into_iter()
                    .map(|path| NavEntry::Page { title: None, path })
                    .collect();
                match title {
                    Some(title) => {
                        let section = NavEntry::Section {
                            title: title.clone(),
                            children: pages,
                        };
                        items.extend(nodes(tree, by_source, &[section], out, depth));
                    }
                    None => items.extend(nodes(tree, by_source, &pages, out, depth)),
                }
            }
            NavEntry::Page { title, path } => {
                let path = paths::normalize(path).unwrap_or_else(|| path.clone());
                let Some(e) = by_source
                    .get(path.as_str())
                    .and_then(|&d| tree.entry_of_doc(d))
                else {
                    out.missing.push(path);
                    continue;
                };
                if depth > 0 && !out.order.contains(&e) {
                    out.in_section.insert(e);
                }
                out.order.push(e);
                if let Some(title) = title
                    && !out.titles.iter().any(|(entry, _)| *entry == e)
                {
                    out.titles.push((e, title.clone()));
                }
                items.push(NavNode {
                    title: title
                        .clone()
                        .unwrap_or_else(|| tree.entries[e].label.clone()),
                    url: tree.entries[e].page.url.clone(),
                    entry: Some(e),
                    external: false,
                    children: Vec::new(),
                });
            }
            NavEntry::Link { title, url } => items.push(NavNode {
                title: title.clone(),
                url: url.clone(),
                entry: None,
                external: true,
                children: Vec::new(),
            }),
            NavEntry::Section { title, children } => {
                // A section whose first entry is its untitled index page links to that page.
                let index = match children.first() {
                    Some(NavEntry::Page { title: None, path })
                        if ["index", "readme"]
                            .contains(&paths::stem(path).to_ascii_lowercase().as_str()) =>
                    {
                        by_source
                            .get(path.as_str())
                            .and_then(|&d| tree.entry_of_doc(d))
                    }
                    _ => None,
                };
                if let Some(e) = index {
                    if !out.order.contains(&e) {
                        out.in_section.insert(e);
                    }
                    out.order.push(e);
                }
                let rest = if index.is_some() {
                    &children[1..]
                } else {
                    &children[..]
                };
                let children = nodes(tree, by_source, rest, out, depth + 1);
                items.push(NavNode {
                    title: title.clone(),
                    url: index.map_or_else(String::new, |e| tree.entries[e].page.url.clone()),
                    entry: index,
                    external: false,
                    children,
                });
            }
        }
    }
    items
}
