//! The site tree: every page of the site, real or generated, arranged by folder.
//!
//! Built once per build from the model. Navigation, breadcrumbs, previous/next links and folder
//! listings are all read from it, so no page ever walks the whole model. Folders that have no
//! index page of their own get a generated one; the ADR folder always gets the decision log;
//! the site root gets a home page when `docs/index.md` does not exist.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::model::{DocKind, Layout, Model, Section, SitePage};
use crate::render::markdown::Rendered;
use crate::render::markdown::resolve::Target;
use crate::util::paths;

/// What a page of the site is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A document, by index into [`Model::docs`].
    Doc(usize),
    /// The generated home page.
    Home,
    /// The decision log, with the ADR folder's own index page as its introduction.
    AdrLog {
        /// The introduction document.
        intro: Option<usize>,
    },
    /// A generated folder listing.
    Folder,
    /// The SAD's views grouped by viewtype (replaces the `views/` folder's listing).
    ViewsOverview,
    /// The SAD's completeness report.
    Completeness,
    /// Governed code paths and who governs them.
    CodeMap,
    /// The documents due for review, by owner.
    Review,
}

/// One page of the site.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Title of the page.
    pub title: String,
    /// Title in navigation and listings (the SAD's roadmap appears as its section).
    pub label: String,
    /// Where it is published.
    pub page: SitePage,
    /// Its place in the tree: the site path without extension, or the folder for index pages.
    pub node: String,
    /// Whether it is a folder's index.
    pub is_folder: bool,
    /// Which configured folder it is in.
    pub section: Option<Section>,
    /// A short label shown beside the title (an ADR's status).
    pub badge: Option<String>,
    #[serde(skip)]
    /// What it is made from.
    pub source: Source,
}

/// The site tree.
#[derive(Debug, Clone)]
pub struct Tree {
    /// Every page.
    pub entries: Vec<Entry>,
    /// Children of each entry, in reading order.
    pub children: Vec<Vec<usize>>,
    /// Parent of each entry (`None` for the root).
    pub parent: Vec<Option<usize>>,
    /// The root entry (the home page).
    pub root: usize,
    /// Depth-first reading order, for previous/next.
    pub order: Vec<usize>,
    /// Position of each entry in `order`.
    pub position: Vec<usize>,
    /// The configured navigation, when `nav:` gives one.
    pub configured: Option<ConfiguredNav>,
    by_doc: Vec<Option<usize>>,
}

/// Titles of generated pages, in the site's language.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// The views overview.
    pub views: &'a str,
    /// The completeness report.
    pub completeness: &'a str,
    /// The code map.
    pub code_map: &'a str,
    /// The site title (home page).
    pub site_title: &'a str,
    /// The SAD folder.
    pub architecture: &'a str,
    /// The ADR folder.
    pub decision_log: &'a str,
    /// The Review page's title, when any document is under review (else it has none).
    pub review: Option<&'a str>,
}

/// The title of a document: an ADR's title (without its number), else front matter, else its
/// first `# heading`.
pub fn doc_title(model: &Model, rendered: &[Rendered<Target>], i: usize) -> Option<String> {
    if let Some(adr) = model.adr_of(i) {
        return Some(adr.title.clone());
    }
    let doc = &model.docs[i];
    doc.front
        .title
        .clone()
        .or_else(|| rendered[i].h1.clone())
        .filter(|t| !t.trim().is_empty())
}

/// An entry of the configured navigation (`nav:`), resolved against the site.
#[derive(Debug, Clone)]
pub struct NavNode {
    /// The title shown.
    pub title: String,
    /// The URL: relative to the site root, absolute for links, empty for a section without
    /// an index page.
    pub url: String,
    /// The site entry it leads to.
    pub entry: Option<usize>,
    /// Whether it leads to another site.
    pub external: bool,
    /// What a section holds.
    pub children: Vec<NavNode>,
}

/// The configured navigation of a site, and the reading order it gives.
#[derive(Debug, Clone, Default)]
pub struct ConfiguredNav {
    /// The top-level entries.
    pub nodes: Vec<NavNode>,
    /// The pages in navigation order, for previous/next.
    pub order: Vec<usize>,
    /// Position of each entry in `order`.
    pub position: HashMap<usize, usize>,
    /// Entries naming no page of the project.
    pub missing: Vec<String>,
    /// The pages `nav:` gives a title (`- Pull Requests: pr.md`): that is their title, as in
    /// MkDocs, before front matter's and the first heading's.
    pub titles: Vec<(usize, String)>,
    /// The pages whose first place in `nav:` is inside a section: the home page there is not
    /// titled by the site's name alone, as in mkdocs-material.
    pub in_section: std::collections::HashSet<usize>,
}

impl Tree {
    /// Builds the tree of every page of the site.
    pub fn build(
        model: &Model,
        layout: &Layout,
        rendered: &[Rendered<Target>],
        labels: Labels<'_>,
    ) -> Tree {
        let mut builder = Builder {
            layout,
            labels,
            adr_root: layout.root(Section::Adr).prefix.clone(),
            sad_root: layout.root(Section::Sad).prefix.clone(),
            entries: Vec::new(),
            folder_entry: BTreeMap::new(),
        };
        let by_doc = (0..model.docs.len())
            .map(|i| Some(builder.add_doc(model, rendered, i)))
            .collect();
        builder.add_sad_pages(model);
        builder.add_code_map(model);
        builder.add_review_page();
        builder.add_missing_folders(model.docs.iter().any(|d| d.kind == DocKind::Adr));
        let Builder {
            entries,
            folder_entry,
            sad_root,
            adr_root,
            ..
        } = builder;

        let n = entries.len();
        let root = folder_entry[""];
        let mut parent = vec![None; n];
        let mut children = vec![Vec::new(); n];
        for (i, e) in entries.iter().enumerate().filter(|(i, _)| *i != root) {
            let p = folder_entry
                .get(paths::parent(&e.node))
                .copied()
                .unwrap_or(root);
            parent[i] = Some(p);
            children[p].push(i);
        }
        let keys = SortKeys::new(model, rendered, &entries, &sad_root, &adr_root);
        for list in &mut children {
            list.sort_by(|&a, &b| keys.key(a).cmp(keys.key(b)));
        }
        let order = reading_order(root, &children);
        let mut position = vec![0; n];
        for (pos, &i) in order.iter().enumerate() {
            position[i] = pos;
        }
        Tree {
            entries,
            children,
            parent,
            root,
            order,
            position,
            configured: None,
            by_doc,
        }
    }

    /// The entry of a document.
    pub fn entry_of_doc(&self, doc: usize) -> Option<usize> {
        self.by_doc.get(doc).copied().flatten()
    }

    /// The ancestors of an entry, from the root down, without the entry itself.
    pub fn ancestors(&self, mut i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        while let Some(p) = self.parent[i] {
            out.push(p);
            i = p;
        }
        out.reverse();
        out
    }

    /// The entries before and after `i` in reading order (the configured navigation's, when
    /// there is one: pages left out of it have no neighbours).
    pub fn neighbours(&self, i: usize) -> (Option<usize>, Option<usize>) {
        if let Some(nav) = &self.configured {
            let Some(&pos) = nav.position.get(&i) else {
                return (None, None);
            };
            let prev = pos.checked_sub(1).map(|p| nav.order[p]);
            return (prev, nav.order.get(pos + 1).copied());
        }
        let pos = self.position[i];
        let prev = pos.checked_sub(1).map(|p| self.order[p]);
        let next = self.order.get(pos + 1).copied();
        (prev, next)
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Depth-first order of the tree below `root`.
fn reading_order(root: usize, children: &[Vec<usize>]) -> Vec<usize> {
    let mut order = Vec::with_capacity(children.len());
    let mut stack = vec![root];
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(children[i].iter().rev());
    }
    order
}

/// Collects the entries of the tree: one per document, then one per folder without an index.
struct Builder<'a> {
    layout: &'a Layout,
    labels: Labels<'a>,
    adr_root: String,
    sad_root: String,
    entries: Vec<Entry>,
    folder_entry: BTreeMap<String, usize>,
}

impl Builder<'_> {
    /// Adds the entry of document `i`; returns its index.
    fn add_doc(&mut self, model: &Model, rendered: &[Rendered<Target>], i: usize) -> usize {
        let doc = &model.docs[i];
        let site = self.layout.site_path(&doc.source);
        let node = if doc.is_index {
            paths::parent(&site).to_string()
        } else {
            match site.rfind('.') {
                Some(dot) if dot > site.rfind('/').map_or(0, |s| s + 1) => site[..dot].to_string(),
                _ => site.clone(),
            }
        };
        let is_log = doc.is_index && node == self.adr_root && doc.section == Section::Adr;
        let source = if is_log {
            Source::AdrLog { intro: Some(i) }
        } else {
            Source::Doc(i)
        };
        let title = match doc_title(model, rendered, i) {
            Some(title) => title,
            None if is_log => self.labels.decision_log.to_string(),
            None if doc.is_index && node.is_empty() => self.labels.site_title.to_string(),
            None => paths::humanize(paths::file_name(&node)),
        };
        let label = if doc.kind == DocKind::Roadmap && doc.is_index && node == self.sad_root {
            self.labels.architecture.to_string()
        } else {
            title.clone()
        };
        let badge = model.adr_of(i).map(|a| a.status.as_str().to_string());
        let index = self.entries.len();
        if doc.is_index {
            self.folder_entry.insert(node.clone(), index);
        }
        self.entries.push(Entry {
            title,
            label,
            page: doc.page.clone(),
            node,
            is_folder: doc.is_index,
            section: Some(doc.section),
            badge,
            source,
        });
        index
    }

    /// The SAD's generated pages: the views overview (at the `views/` folder's index, unless
    /// the project has its own) and the completeness report.
    fn add_sad_pages(&mut self, model: &Model) {
        let has_sad = model.docs.iter().any(|d| d.section == Section::Sad);
        if !has_sad {
            return;
        }
        let taken: std::collections::HashSet<String> =
            self.entries.iter().map(|e| e.page.file.clone()).collect();
        let views_node = join(&self.sad_root, "views");
        let views_page = self.layout.folder_page(&views_node);
        if !model.sad.views.is_empty() && !taken.contains(&views_page.file) {
            self.folder_entry
                .insert(views_node.clone(), self.entries.len());
            self.entries.push(Entry {
                title: self.labels.views.to_string(),
                label: self.labels.views.to_string(),
                page: views_page,
                node: views_node,
                is_folder: true,
                section: Some(Section::Sad),
                badge: None,
                source: Source::ViewsOverview,
            });
        }
        let report_node = join(&self.sad_root, "completeness");
        let report_page = self.layout.generated_page(&report_node);
        if !taken.contains(&report_page.file) {
            self.entries.push(Entry {
                title: self.labels.completeness.to_string(),
                label: self.labels.completeness.to_string(),
                page: report_page,
                node: report_node,
                is_folder: false,
                section: Some(Section::Sad),
                badge: None,
                source: Source::Completeness,
            });
        }
    }

    /// The Review page, at the site root, when any document is under review.
    fn add_review_page(&mut self) {
        let Some(title) = self.labels.review else {
            return;
        };
        let page = self.layout.generated_page("review");
        if self.entries.iter().any(|e| e.page.file == page.file) {
            return;
        }
        self.entries.push(Entry {
            title: title.to_string(),
            label: title.to_string(),
            page,
            node: "review".to_string(),
            is_folder: false,
            section: None,
            badge: None,
            source: Source::Review,
        });
    }

    /// The code map, at the site root, when any document governs code.
    fn add_code_map(&mut self, model: &Model) {
        if model.governance.rules.is_empty() {
            return;
        }
        let page = self.layout.generated_page("code");
        if self.entries.iter().any(|e| e.page.file == page.file) {
            return;
        }
        self.entries.push(Entry {
            title: self.labels.code_map.to_string(),
            label: self.labels.code_map.to_string(),
            page,
            node: "code".to_string(),
            is_folder: false,
            section: None,
            badge: None,
            source: Source::CodeMap,
        });
    }

    /// Every folder above a page needs an index page: generates the missing ones (the home
    /// page, the decision log, folder listings).
    fn add_missing_folders(&mut self, has_adrs: bool) {
        let mut folders: BTreeMap<String, Option<Section>> = BTreeMap::new();
        for e in &self.entries {
            let mut node = if e.is_folder {
                e.node.as_str()
            } else {
                paths::parent(&e.node)
            };
            loop {
                folders.entry(node.to_string()).or_insert(e.section);
                if node.is_empty() {
                    break;
                }
                node = paths::parent(node);
            }
        }
        if has_adrs {
            folders
                .entry(self.adr_root.clone())
                .or_insert(Some(Section::Adr));
        }
        folders.entry(String::new()).or_insert(None);
        for (folder, section) in folders {
            if self.folder_entry.contains_key(&folder) {
                continue;
            }
            // With pretty URLs `getting-started.md` is published as `getting-started/`, the
            // folder's own URL: that page is the folder's index, and none is generated.
            let page = self.layout.folder_page(&folder);
            if let Some(i) = self
                .entries
                .iter()
                .position(|e| !e.is_folder && e.page.file == page.file)
            {
                self.entries[i].is_folder = true;
                self.folder_entry.insert(folder, i);
                continue;
            }
            let (title, source, section) = if folder == self.adr_root && has_adrs {
                (
                    self.labels.decision_log,
                    Source::AdrLog { intro: None },
                    Some(Section::Adr),
                )
            } else if folder.is_empty() {
                (self.labels.site_title, Source::Home, None)
            } else if folder == self.sad_root {
                (self.labels.architecture, Source::Folder, Some(Section::Sad))
            } else {
                ("", Source::Folder, section)
            };
            let title = if title.is_empty() {
                paths::humanize(paths::file_name(&folder))
            } else {
                title.to_string()
            };
            self.folder_entry.insert(folder.clone(), self.entries.len());
            self.entries.push(Entry {
                label: title.clone(),
                title,
                page: self.layout.folder_page(&folder),
                node: folder,
                is_folder: true,
                section,
                badge: None,
                source,
            });
        }
    }
}

/// Sort keys of entries among their siblings.
struct SortKeys {
    keys: Vec<(u8, u8, u64, String)>,
}

impl SortKeys {
    fn new(
        model: &Model,
        rendered: &[Rendered<Target>],
        entries: &[Entry],
        sad_root: &str,
        adr_root: &str,
    ) -> SortKeys {
        // Position of each document in the order the SAD roadmap links to it.
        let mut roadmap_order: HashMap<usize, u64> = HashMap::new();
        if let Some(roadmap) = model.docs.iter().position(|d| d.kind == DocKind::Roadmap) {
            for link in &rendered[roadmap].links {
                if let Target::Page { doc, .. } = link.target {
                    let next = roadmap_order.len() as u64;
                    roadmap_order.entry(doc).or_insert(next);
                }
            }
        }
        // The SAD rank of a folder is the lowest rank of the documents inside it.
        let mut folder_rank: HashMap<&str, u8> = HashMap::new();
        for e in entries {
            if let Source::Doc(i) = e.source {
                let rank = model.docs[i].kind.sad_rank();
                let mut node = paths::parent(&e.node);
                loop {
                    let r = folder_rank.entry(node).or_insert(rank);
                    *r = (*r).min(rank);
                    if node.is_empty() {
                        break;
                    }
                    node = paths::parent(node);
                }
            }
        }
        let keys = entries
            .iter()
            .map(|e| {
                let name = paths::file_name(&e.node).to_lowercase();
                let top = paths::parent(&e.node).is_empty();
                if top && e.is_folder && e.node == sad_root && !sad_root.is_empty() {
                    return (0, 0, 0, name);
                }
                if top && e.is_folder && e.node == adr_root && !adr_root.is_empty() {
                    return (1, 0, 0, name);
                }
                if matches!(e.source, Source::CodeMap) {
                    return (1, 0, 1, name);
                }
                if matches!(e.source, Source::Review) {
                    return (1, 0, 2, name);
                }
                let group = if top { 2 } else { 0 };
                match e.section {
                    Some(Section::Sad) => {
                        let (rank, link_pos) = match e.source {
                            Source::Doc(i) => (
                                model.docs[i].kind.sad_rank(),
                                roadmap_order.get(&i).copied().unwrap_or(u64::MAX),
                            ),
                            Source::ViewsOverview => (2, u64::MAX),
                            Source::Completeness => (7, u64::MAX),
                            _ => (
                                folder_rank.get(e.node.as_str()).copied().unwrap_or(6),
                                u64::MAX,
                            ),
                        };
                        (group, rank, link_pos, name)
                    }
                    Some(Section::Adr) => {
                        // ADRs in log order, then other pages, then folders.
                        let position = match e.source {
                            Source::Doc(i) => {
                                model.adrs.of_doc(i).map_or(u64::MAX - 1, |p| p as u64)
                            }
                            _ => u64::MAX,
                        };
                        (group + u8::from(e.is_folder), 0, position, name)
                    }
                    _ => (group + u8::from(e.is_folder), 0, 0, name),
                }
            })
            .collect();
        SortKeys { keys }
    }

    fn key(&self, i: usize) -> &(u8, u8, u64, String) {
        &self.keys[i]
    }
}
