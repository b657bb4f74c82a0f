//! Per-page navigation, breadcrumbs and listings, read from the [`Tree`].
//!
//! The navigation of a page shows the top-level sections, the SAD's documents, and the folders
//! on the way to the current page. Long folders are windowed around the current page (at most
//! [`WINDOW`] items, with a "more" count linking to the folder page), so the work and the HTML
//! per page stay bounded however large the site grows.

use super::context::{LinkContext, ListItem, NavItem};
use super::tree::NavNode;
use super::tree::{Source, Tree};
use crate::model::Section;

/// The most children listed under one navigation item.
pub const WINDOW: usize = 50;

/// The navigation for the page `current`: the configured one when `nav:` gives one, else the
/// folders.
pub fn nav(tree: &Tree, current: usize) -> Vec<NavItem<'_>> {
    if let Some(configured) = &tree.configured {
        return configured_items(&configured.nodes, current, 1).0;
    }
    let mut path = tree.ancestors(current);
    path.push(current);
    let root = tree.root;
    items(tree, root, current, &path, 1)
}

fn items<'t>(
    tree: &'t Tree,
    parent: usize,
    current: usize,
    path: &[usize],
    depth: usize,
) -> Vec<NavItem<'t>> {
    let children = &tree.children[parent];
    let (start, end) = window(children, path);
    children[start..end]
        .iter()
        .map(|&i| {
            let e = &tree.entries[i];
            let on_path = path.contains(&i);
            let always_open = depth == 1 && e.section == Some(Section::Sad) && e.is_folder;
            let open = !tree.children[i].is_empty() && (on_path || always_open);
            let more = if open {
                tree.children[i].len().saturating_sub(WINDOW)
            } else {
                0
            };
            NavItem {
                title: &e.label,
                url: &e.page.url,
                active: i == current,
                on_path,
                open,
                is_folder: e.is_folder,
                external: false,
                section: false,
                badge: e.badge.as_deref(),
                children: if open {
                    items(tree, i, current, path, depth + 1)
                } else {
                    Vec::new()
                },
                more,
            }
        })
        .collect()
}

/// The items of configured navigation `nodes` for page `current`, and whether `current` is
/// among them. Sections on the way to the page and top-level sections are open.
fn configured_items(nodes: &[NavNode], current: usize, depth: usize) -> (Vec<NavItem<'_>>, bool) {
    let mut found = false;
    let items = nodes
        .iter()
        .map(|node| {
            let (children, inside) = configured_items(&node.children, current, depth + 1);
            let active = node.entry == Some(current);
            let on_path = active || inside;
            found |= on_path;
            let open = !node.children.is_empty() && (on_path || depth == 1);
            NavItem {
                title: &node.title,
                url: &node.url,
                active,
                on_path,
                open,
                is_folder: !node.children.is_empty(),
                external: node.external,
                section: node.url.is_empty(),
                badge: None,
                children: if open { children } else { Vec::new() },
                more: 0,
            }
        })
        .collect();
    (items, found)
}

/// The slice of `children` to list: all of them, or [`WINDOW`] around the one on the path.
fn window(children: &[usize], path: &[usize]) -> (usize, usize) {
    if children.len() <= WINDOW {
        return (0, children.len());
    }
    let active = children.iter().position(|c| path.contains(c)).unwrap_or(0);
    let start = active
        .saturating_sub(WINDOW / 2)
        .min(children.len() - WINDOW);
    (start, start + WINDOW)
}

/// The folders above `current`, from the home page down.
pub fn breadcrumbs(tree: &Tree, current: usize) -> Vec<LinkContext<'_>> {
    tree.ancestors(current)
        .into_iter()
        .map(|i| link(tree, i))
        .collect()
}

/// A link to an entry.
pub fn link(tree: &Tree, i: usize) -> LinkContext<'_> {
    let e = &tree.entries[i];
    LinkContext {
        title: &e.label,
        url: &e.page.url,
    }
}

/// The children of a folder entry, for its listing page.
pub fn listing(tree: &Tree, folder: usize) -> Vec<ListItem<'_>> {
    tree.children[folder]
        .iter()
        .map(|&i| list_item(tree, i, Vec::new(), 0))
        .collect()
}

/// The top-level sections for the home page, each with its first `per_section` pages.
pub fn sections(tree: &Tree, per_section: usize) -> Vec<ListItem<'_>> {
    tree.children[tree.root]
        .iter()
        .filter(|&&i| !matches!(tree.entries[i].source, Source::Home))
        .map(|&i| {
            let all = &tree.children[i];
            let shown = all
                .iter()
                .take(per_section)
                .map(|&c| list_item(tree, c, Vec::new(), 0))
                .collect();
            list_item(tree, i, shown, all.len().saturating_sub(per_section))
        })
        .collect()
}

fn list_item<'t>(
    tree: &'t Tree,
    i: usize,
    children: Vec<ListItem<'t>>,
    more: usize,
) -> ListItem<'t> {
    let e = &tree.entries[i];
    ListItem {
        title: &e.label,
        kind: match e.source {
            Source::Doc(_) => "page",
            Source::Home => "home",
            Source::AdrLog { .. } => "decision-log",
            Source::Folder => "folder",
            Source::ViewsOverview => "views",
            Source::Completeness => "completeness",
            Source::CodeMap => "code-map",
            Source::Review => "review",
        },
        url: &e.page.url,
        is_folder: e.is_folder,
        badge: e.badge.as_deref(),
        children,
        more,
    }
}
