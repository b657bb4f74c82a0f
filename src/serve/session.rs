//! A build kept in memory between edits, rebuilt as little as each edit needs.
//!
//! `sadoc serve` opens a [`Session`] (one full build) and hands it the [`Event`]s the watcher
//! classified. An edit to one page's body re-reads that file, re-renders its markdown and
//! re-renders its page and the pages whose backlinks it changes; the checks run again over the
//! whole model, which is cheap next to rendering. A new title re-renders every page (navigation
//! shows it) but no markdown; a theme edit re-renders every page; a changed front matter, a new
//! or deleted file, `sadoc.yml` or the glossary (whose terms every document's markdown links)
//! rebuilds everything, reusing the highlighted code blocks.
//! Each update says which site files changed, so only browsers showing them reload.
//!
//! The session never writes files and never stops on a bad input: problems are diagnostics,
//! and the last good site stays served.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use super::search_job::SearchJob;
use super::watch::Event;
use crate::load::project::Project;
use crate::model::DocKind;
use crate::pipeline::{self, Edit, Pipeline};
use crate::render::markdown::Rendered;
use crate::render::markdown::resolve::Target;
use crate::render::site::{Content, Site};
use crate::render::tree::Source;
use crate::util::diag::{Diagnostic, Severity};

/// What an update did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// How much was rebuilt, for the log: `full rebuild`, `theme`, `all pages`, `pages`.
    pub how: &'static str,
    /// How many pages were rendered again.
    pub pages: usize,
    /// Site files whose content changed, appeared or disappeared.
    pub changed: BTreeSet<String>,
    /// How long it took.
    pub elapsed: Duration,
}

/// What one update did, before it is timed.
struct Outcome {
    how: &'static str,
    pages: usize,
    changed: BTreeSet<String>,
}

impl Outcome {
    fn new(how: &'static str, pages: usize, changed: BTreeSet<String>) -> Outcome {
        Outcome {
            how,
            pages,
            changed,
        }
    }
}

/// A project built in memory and kept up to date.
pub struct Session {
    config_path: PathBuf,
    pipeline: Pipeline,
    /// Why `sadoc.yml` could not be read again, while the previous configuration stays in use.
    config_problem: Option<Diagnostic>,
    /// Each page's fingerprint (everything it shows but its content), by site file, once an
    /// edit needed them.
    fingerprints: Option<BTreeMap<String, u64>>,
    /// Counts the changes to the pages: the search index reflects the pages of one count.
    pages_version: u64,
    /// The count of the pages the served search index was built from.
    index_version: u64,
}

impl Session {
    /// Builds `project` in memory. `exclude` lists absolute folders never read as sources.
    pub fn open(project: Project, exclude: Vec<PathBuf>) -> Session {
        let env = |k: &str| std::env::var(k).ok();
        let options = pipeline::Options::preview(exclude).with_cache(&project, &env);
        let cache = options.clone();
        let mut pipeline = Pipeline::new(project, options, Site::new());
        pipeline.run();
        // The first build's blocks and search entries make the next session start fast; a
        // cache that cannot be written only costs that time, so the preview does not stop for
        // it. (Rebuilds after an edit index only the pages it changed.)
        let _ = cache.save_cache();
        Session {
            config_path: pipeline.project().config_path.clone(),
            pipeline,
            config_problem: None,
            fingerprints: None,
            pages_version: 0,
            index_version: 0,
        }
    }

    /// Builds the search index again when pages were edited since it was built, and returns
    /// the search files that changed. `sadoc serve` does this off its main thread with
    /// [`Session::search_job`] and [`Session::install_search`].
    pub fn refresh_search(&mut self) -> Option<BTreeSet<String>> {
        let job = self.search_job()?;
        Some(self.install_search(job.run()))
    }

    /// When pages were edited since the search index was built: the work of building it
    /// again, with its own copy of the pages, to run on any thread.
    pub fn search_job(&mut self) -> Option<SearchJob> {
        if self.index_version == self.pages_version {
            return None;
        }
        Some(SearchJob::new(
            self.pipeline.search_pages(),
            self.pages_version,
        ))
    }

    /// Serves a search index built by a [`SearchJob`]; returns the files that changed. An index
    /// built before later edits is still a consistent one (those edits made another job due);
    /// one older than the served index (a full rebuild made a new one) is dropped.
    pub fn install_search(
        &mut self,
        (index, version): (crate::render::search::Index, u64),
    ) -> BTreeSet<String> {
        if version <= self.index_version {
            return BTreeSet::new();
        }
        self.index_version = version;
        let before = self.pipeline.site().clone();
        self.pipeline.install_search(index);
        changed_files(&before, self.pipeline.site())
    }

    /// A full build or render made pages and their search index together.
    fn indexed_with_pages(&mut self) {
        self.pages_version += 1;
        self.index_version = self.pages_version;
    }

    /// The project as last read.
    pub fn project(&self) -> &Project {
        self.pipeline.project()
    }

    /// The site as last built.
    pub fn site(&self) -> &Site {
        self.pipeline.site()
    }

    /// How many pages the documents make, counted as `sadoc build` counts them.
    pub fn pages(&self) -> usize {
        self.pipeline.pages()
    }

    /// Every problem of the last build, sorted, with a `sadoc.yml` that could not be read
    /// first.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.config_problem
            .iter()
            .cloned()
            .chain(self.pipeline.diagnostics())
            .collect()
    }

    /// The folders the watcher should watch (recursively): the documentation folders, the
    /// theme folder and the folders of snippet files, those that exist.
    pub fn watched_dirs(&self) -> Vec<PathBuf> {
        let project = self.project();
        let config = &project.config;
        let mut dirs: Vec<PathBuf> = Vec::new();
        let sources = config.source_dirs();
        for dir in sources
            .iter()
            .map(|(_, d)| *d)
            .chain(config.theme.dir.as_deref())
        {
            let path = project.path(dir);
            if path.is_dir() && !dirs.iter().any(|d| path.starts_with(d)) {
                dirs.retain(|d| !d.starts_with(&path));
                dirs.push(path);
            }
        }
        let snippet_dirs: BTreeSet<PathBuf> = self
            .pipeline
            .rendered
            .iter()
            .flat_map(|r| &r.snippet_files)
            .filter_map(|s| project.path(s).parent().map(PathBuf::from))
            .collect();
        let (_, macro_dirs) = crate::load::macros::inputs(project);
        for path in snippet_dirs.into_iter().chain(macro_dirs) {
            if path.is_dir() && !dirs.iter().any(|d| path.starts_with(d)) {
                dirs.push(path);
            }
        }
        // Documentation at the project root: watch its folders but not `.git`, `target` or
        // `node_modules`, which can hold more folders than the system lets a process watch.
        // The root itself is watched without its folders by the watcher.
        let root = &project.root;
        if dirs.iter().any(|d| d == root) {
            dirs.retain(|d| d != root);
            let children = std::fs::read_dir(root).into_iter().flatten().flatten();
            for entry in children {
                let name = entry.file_name().to_string_lossy().into_owned();
                let skipped =
                    name.starts_with('.') || project.config.docs.skip_folders.contains(&name);
                let path = entry.path();
                if !skipped
                    && path.is_dir()
                    && !self.pipeline.exclude().contains(&path)
                    && !dirs.contains(&path)
                {
                    dirs.push(path);
                }
            }
        }
        dirs
    }

    /// What the watcher needs to classify events.
    pub fn scope(&self) -> super::watch::Scope {
        let project = self.project();
        let config = &project.config;
        let (macro_files, macro_dirs) = crate::load::macros::inputs(project);
        super::watch::Scope {
            root: project.root.clone(),
            // `sadoc.yml`, the `mkdocs.yml` it extends and what macros read.
            config_files: std::iter::once(self.config_path.clone())
                .chain(config.mkdocs.as_ref().map(|m| project.path(m)))
                .chain(macro_files)
                .collect(),
            config_dirs: macro_dirs,
            theme_dir: config.theme.dir.as_ref().map(|d| project.path(d)),
            doc_dirs: config
                .source_dirs()
                .into_iter()
                .map(|(_, d)| project.path(d))
                .collect(),
            exclude: self.pipeline.exclude().to_vec(),
            snippets: self
                .pipeline
                .rendered
                .iter()
                .flat_map(|r| &r.snippet_files)
                .map(|s| project.path(s))
                .collect(),
            skip_folders: config.docs.skip_folders.clone(),
        }
    }

    /// Where `path` stands: whether it is there now and whether the last build read it (a
    /// document, a file or a folder), for classifying a watcher's batch.
    pub fn presence(&self, path: &std::path::Path) -> super::watch::Presence {
        let model = &self.pipeline.model;
        let known = crate::util::paths::relative(&self.project().root, path).is_some_and(|rel| {
            model.doc_index(&rel).is_some()
                || model.files.contains(&rel)
                || model.dirs.contains(&rel)
        });
        super::watch::Presence {
            exists: path.exists(),
            known,
        }
    }

    /// Brings the site up to date with `events`.
    pub fn update(&mut self, events: &[Event]) -> Update {
        let started = Instant::now();
        let Outcome {
            how,
            pages,
            changed,
        } = self.apply(events);
        // Blocks the edit highlighted are kept for the next session and build, as the first
        // build's are; a cache that cannot be written only costs that time later.
        if let Some(cache) = self.pipeline.block_cache().filter(|c| c.has_added()) {
            let _ = cache.save();
        }
        Update {
            how,
            pages,
            changed,
            elapsed: started.elapsed(),
        }
    }

    /// Decides which stages `events` need, and runs them.
    fn apply(&mut self, events: &[Event]) -> Outcome {
        if events.contains(&Event::Config) {
            return self.reopen();
        }
        let mut pages: Vec<String> = events
            .iter()
            .filter_map(|e| match e {
                Event::Page(source) => Some(source.clone()),
                _ => None,
            })
            .collect();
        // A snippet changed: the pages that insert it are edited too.
        for event in events {
            if let Event::Snippet(snippet) = event {
                let p = &self.pipeline;
                for (d, r) in p.rendered.iter().enumerate() {
                    if r.snippet_files.contains(snippet) && !pages.contains(&p.model.docs[d].source)
                    {
                        pages.push(p.model.docs[d].source.clone());
                    }
                }
            }
        }
        let (project, model) = (self.pipeline.project(), &self.pipeline.model);
        let structure_changed = events.iter().any(|e| match e {
            Event::Page(source) => {
                model.doc_index(source).is_none() || !project.path(source).is_file()
            }
            // Copied files are read when served; only a file appearing or disappearing
            // changes which links resolve.
            Event::File(source) => {
                let path = project.path(source);
                let exists = path.is_file();
                let known = model.files.contains(source);
                // A folder moved, appeared or disappeared: its files did too.
                let folder = path.is_dir() || model.dirs.contains(source);
                exists != known || folder
            }
            _ => false,
        });
        if structure_changed {
            return self.rebuild();
        }
        if events.contains(&Event::Theme) {
            self.pipeline.reload_theme();
            return self.rerender_all("theme");
        }
        if pages.is_empty() {
            return self.files_changed(events);
        }
        self.edit_pages(&pages)
    }

    /// `sadoc.yml` changed: read it again and rebuild everything; if it cannot be read, keep
    /// the previous configuration and report why.
    fn reopen(&mut self) -> Outcome {
        match Project::open(&self.config_path) {
            Ok(project) => {
                self.pipeline.reconfigure(project);
                self.config_problem = None;
                self.rebuild()
            }
            Err(error) => {
                let text = error.to_string();
                let (message, help) = match text.split_once("\n  help: ") {
                    Some((m, h)) => (m.to_string(), Some(h.to_string())),
                    None => (text, None),
                };
                let mut d =
                    Diagnostic::error("config/invalid", crate::load::project::CONFIG_FILE, message);
                if let Some(help) = help {
                    d = d.with_help(help);
                }
                self.config_problem = Some(d);
                Outcome::new("configuration kept", 0, BTreeSet::new())
            }
        }
    }

    /// Runs every stage again.
    fn rebuild(&mut self) -> Outcome {
        let before = self.pipeline.site().clone();
        self.pipeline.run();
        self.fingerprints = None;
        self.indexed_with_pages();
        let pages = self.tree_pages();
        Outcome::new("full rebuild", pages, changed_files(&before, self.site()))
    }

    /// How many pages the site tree has (the documents' and the generated ones).
    fn tree_pages(&self) -> usize {
        self.pipeline.tree.as_ref().map_or(0, |t| t.entries.len())
    }

    /// Files pages link to changed in place: they are read when served, so only the pages
    /// showing them reload.
    fn files_changed(&self, events: &[Event]) -> Outcome {
        let sources: BTreeSet<&str> = events
            .iter()
            .filter_map(|e| match e {
                Event::File(s) => Some(s.as_str()),
                _ => None,
            })
            .collect();
        let p = &self.pipeline;
        let mut changed = BTreeSet::new();
        for (d, r) in p.rendered.iter().enumerate() {
            if file_targets(r).iter().any(|s| sources.contains(s.as_str())) {
                changed.insert(p.model.docs[d].page.file.clone());
            }
        }
        for source in sources {
            let file = p.layout.site_path(source);
            if p.site().contains(&file) {
                changed.insert(file);
            }
        }
        Outcome::new("files", 0, changed)
    }

    /// Renders every page again from the current markdown (new titles, a theme edit): the
    /// facts, render and check stages.
    fn rerender_all(&mut self, how: &'static str) -> Outcome {
        self.indexed_with_pages();
        self.pipeline.refresh_links();
        let before = self.pipeline.site().clone();
        self.pipeline.facts();
        self.pipeline.render();
        self.pipeline.check(None);
        self.fingerprints = None;
        let pages = self.tree_pages();
        Outcome::new(how, pages, changed_files(&before, self.site()))
    }

    /// Pages whose files still exist and whose documents are known changed: read them again,
    /// render their markdown, and render the pages whose output they change. A changed body
    /// touches its own page and the pages whose backlinks it changes; a changed title, front
    /// matter or ADR status is found in every page that shows it by comparing each page's
    /// fingerprint (everything it shows but its content) before and after. About 100 lines on
    /// purpose: it is the session's one decision, read in the order it is made.
    fn edit_pages(&mut self, sources: &[String]) -> Outcome {
        self.pipeline.refresh_links();
        let mut edits: Vec<Edit> = Vec::new();
        for source in sources {
            let Some(edit) = self.pipeline.reload(source) else {
                return self.rebuild();
            };
            edits.push(edit);
        }
        let p = &self.pipeline;
        let model_changed = edits.iter().any(|e| e.model_changed);
        let titles_changed = edits.iter().any(|e| e.rendered.h1 != p.rendered[e.doc].h1);
        let glossary = edits.iter().any(|e| {
            p.model.docs[e.doc].kind == DocKind::Glossary || e.new.kind == DocKind::Glossary
        });
        // The glossary's terms are linked in every document's markdown.
        if glossary {
            return self.rebuild();
        }
        if p.theme.is_err() || p.tree.is_none() {
            self.pipeline.apply(edits);
            return self.rerender_all("all pages");
        }
        // What every page shows now, when the edit may change pages other than its own.
        let compare = model_changed || titles_changed;
        if compare && self.fingerprints.is_none() {
            self.fingerprints = p.fingerprints(&|_| true);
        }
        // Backlinks ("cited by", decisions citing a view) follow the links a page makes, and
        // links into a page whose anchors changed may break or heal.
        let mut affected: BTreeSet<usize> = BTreeSet::new();
        let mut anchors_changed: BTreeSet<usize> = BTreeSet::new();
        for edit in &edits {
            let old = &p.rendered[edit.doc];
            affected.insert(edit.doc);
            affected.extend(page_targets(old).symmetric_difference(&page_targets(&edit.rendered)));
            if old.anchors != edit.rendered.anchors {
                anchors_changed.insert(edit.doc);
            }
        }
        let is_sad = edits
            .iter()
            .any(|e| p.model.sad.view_of(e.doc).is_some() || is_sad_kind(e.new.kind));
        let edited: Vec<usize> = edits.iter().map(|e| e.doc).collect();
        let copied = self.pipeline.apply(edits);
        if compare {
            let old_files = self.tree_files();
            self.pipeline.tree = self.pipeline.fresh_tree();
            if self.tree_files() != old_files {
                return self.rerender_all("all pages");
            }
        }
        self.pipeline.facts();
        let Some(tree) = &self.pipeline.tree else {
            return self.rerender_all("all pages");
        };
        let shows_edit = |e: usize| match tree.entries[e].source {
            Source::Doc(d) | Source::AdrLog { intro: Some(d) } => affected.contains(&d),
            Source::Completeness | Source::ViewsOverview => is_sad,
            _ => false,
        };
        let which: BTreeSet<usize> = if compare {
            let now = self.pipeline.fingerprints(&|_| true).unwrap_or_default();
            let before = self.fingerprints.as_ref();
            let which = (0..tree.entries.len())
                .filter(|&e| {
                    let file = &tree.entries[e].page.file;
                    shows_edit(e) || before.and_then(|b| b.get(file)) != now.get(file)
                })
                .collect();
            self.fingerprints = Some(now);
            which
        } else {
            let which: BTreeSet<usize> =
                (0..tree.entries.len()).filter(|&e| shows_edit(e)).collect();
            // Only these pages show something new: update their fingerprints.
            if let Some(all) = &mut self.fingerprints {
                all.extend(
                    self.pipeline
                        .fingerprints(&|e| which.contains(&e))
                        .unwrap_or_default(),
                );
            }
            which
        };
        let (count, rendered) = self.pipeline.render_pages(&|e| which.contains(&e));
        let mut changed: BTreeSet<String> = copied.into_iter().collect();
        changed.extend(rendered);
        let mut recheck: BTreeSet<usize> = edited.into_iter().collect();
        if !anchors_changed.is_empty() {
            for (d, r) in self.pipeline.rendered.iter().enumerate() {
                if page_targets(r).iter().any(|t| anchors_changed.contains(t)) {
                    recheck.insert(d);
                }
            }
        }
        self.pipeline.check(Some(&recheck));
        self.pages_version += 1;
        Outcome::new(
            if compare { "pages compared" } else { "pages" },
            count,
            changed,
        )
    }

    /// The site files of the current tree's pages, in order.
    fn tree_files(&self) -> Vec<String> {
        self.pipeline
            .tree
            .as_ref()
            .map(|t| t.entries.iter().map(|e| e.page.file.clone()).collect())
            .unwrap_or_default()
    }
}

use crate::pipeline::file_targets;

/// The documents a page links to.
fn page_targets(r: &Rendered<Target>) -> BTreeSet<usize> {
    r.links
        .iter()
        .filter_map(|l| match &l.target {
            Target::Page { doc, .. } => Some(*doc),
            _ => None,
        })
        .collect()
}

fn is_sad_kind(kind: DocKind) -> bool {
    matches!(
        kind,
        DocKind::Roadmap
            | DocKind::Overview
            | DocKind::View
            | DocKind::Packet
            | DocKind::Mapping
            | DocKind::Rationale
            | DocKind::Glossary
            | DocKind::SadPage
    )
}

/// The files that differ between two versions of the site.
fn changed_files(before: &Site, after: &Site) -> BTreeSet<String> {
    let mut changed = BTreeSet::new();
    for path in after.paths() {
        let same = match (before.get(path), after.get(path)) {
            (Some(Content::Bytes(a)), Some(Content::Bytes(b))) => {
                std::sync::Arc::ptr_eq(a, b) || a == b
            }
            (Some(Content::Copy(a)), Some(Content::Copy(b))) => a == b,
            (Some(Content::Written(a)), Some(Content::Written(b))) => a == b,
            _ => false,
        };
        if !same {
            changed.insert(path.to_string());
        }
    }
    for path in before.paths() {
        if !after.contains(path) {
            changed.insert(path.to_string());
        }
    }
    changed
}

/// The errors among `diagnostics` (what the browser overlay shows).
pub fn errors(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}
