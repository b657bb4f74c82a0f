//! A build kept in memory between edits, rebuilt as little as each edit needs.
//!
//! `sadoc serve` opens a [`Session`] (one full build) and hands it the [`Event`]s the watcher
//! classified. An edit to one page's body re-reads that file, re-renders its markdown and
//! re-renders its page and the pages whose backlinks it changes; the checks run again over the
//! whole model, which is cheap next to rendering. A new title re-renders every page (navigation
//! shows it) but no markdown; a theme edit re-renders every page; a changed front matter, a new
//! or deleted file, or `sadoc.yml` rebuilds everything, reusing the highlighted code blocks.
//! Each update says which site files changed, so only browsers showing them reload.
//!
//! The session never writes files and never stops on a bad input: problems are diagnostics,
//! and the last good site stays served.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::watch::Event;
use crate::build::{Stages, load_theme};
use crate::check;
use crate::diag::{self, Diagnostic, Severity};
use crate::highlight::Highlighter;
use crate::links::Target;
use crate::load;
use crate::markdown::Rendered;
use crate::model::adr::Adr;
use crate::model::{DocKind, Layout, Model};
use crate::project::Project;
use crate::render::{self, theme::Theme, tree::Source, tree::Tree};
use crate::site::{Content, Site};

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

/// The model and everything built from it.
struct State {
    model: Model,
    layout: Layout,
    rendered: Vec<Rendered<Target>>,
    tree: Option<Tree>,
    completeness: check::sad::Completeness,
    code_files: check::code::CodeFiles,
    /// Who changed each document and when (read at full builds).
    history: crate::history::History,
    site: Site,
    /// Problems of the project as a whole found while loading.
    load_problems: Vec<Diagnostic>,
    /// Problems of each document found while loading it.
    doc_problems: BTreeMap<String, Vec<Diagnostic>>,
    /// Template problems, by the site file whose rendering failed.
    template_problems: BTreeMap<String, Diagnostic>,
    /// The SAD's findings about the project as a whole.
    sad_problems: Vec<Diagnostic>,
    /// The findings about each document alone, aligned with the model's documents.
    doc_checks: Vec<Vec<Diagnostic>>,
    /// Each page's fingerprint (everything it shows but its content), by site file, once an
    /// edit needed them.
    fingerprints: Option<BTreeMap<String, u64>>,
    /// The other findings about the project as a whole.
    project_checks: Vec<Diagnostic>,
    /// Every problem, sorted.
    diagnostics: Vec<Diagnostic>,
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
    project: Project,
    exclude: Vec<PathBuf>,
    highlighter: Highlighter,
    /// The theme, read again when a theme file or `sadoc.yml` changes.
    theme: Result<Theme, Vec<Diagnostic>>,
    /// Why `sadoc.yml` could not be read again, while the previous configuration stays in use.
    config_problem: Option<Diagnostic>,
    state: State,
    /// Counts the changes to the pages: the search index reflects the pages of one count.
    pages_version: u64,
    /// The count of the pages the served search index was built from.
    index_version: u64,
}

impl Session {
    /// Builds `project` in memory. `exclude` lists absolute folders never read as sources.
    pub fn open(project: Project, exclude: Vec<PathBuf>) -> Session {
        let highlighter =
            Highlighter::new().with_plantuml(project.config.diagrams.plantuml.as_deref());
        let theme = load_theme(&project);
        let state = full_build(&project, &exclude, &highlighter, &theme);
        Session {
            config_path: project.config_path.clone(),
            project,
            exclude,
            highlighter,
            theme,
            config_problem: None,
            state,
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
        let stages = Stages::new(&self.project, &self.state.layout, &self.highlighter);
        let pages = self.with_inputs(&stages, |inputs, tree| {
            render::search_pages(inputs, tree)
                .into_iter()
                .map(crate::search::Page::into_owned)
                .collect()
        });
        Some(SearchJob {
            pages,
            version: self.pages_version,
        })
    }

    /// Serves a search index built by a [`SearchJob`]; returns the files that changed. An index
    /// built before later edits is still a consistent one (those edits made another job due);
    /// one older than the served index (a full rebuild made a new one) is dropped.
    pub fn install_search(
        &mut self,
        (index, version): (crate::search::Index, u64),
    ) -> BTreeSet<String> {
        if version <= self.index_version {
            return BTreeSet::new();
        }
        self.index_version = version;
        let before = self.state.site.clone();
        render::install_search_index(&mut self.state.site, index);
        changed_files(&before, &self.state.site)
    }

    /// A full build or render made pages and their search index together.
    fn indexed_with_pages(&mut self) {
        self.pages_version += 1;
        self.index_version = self.pages_version;
    }

    /// The project as last read.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The site as last built.
    pub fn site(&self) -> &Site {
        &self.state.site
    }

    /// Every problem of the last build, sorted, with a `sadoc.yml` that could not be read
    /// first.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.config_problem
            .iter()
            .chain(&self.state.diagnostics)
            .cloned()
            .collect()
    }

    /// The folders the watcher should watch (recursively): the documentation folders and the
    /// theme folder, those that exist.
    pub fn watched_dirs(&self) -> Vec<PathBuf> {
        let config = &self.project.config;
        let mut dirs: Vec<PathBuf> = Vec::new();
        for dir in [&config.docs.dir, &config.sad.dir, &config.adr.dir]
            .into_iter()
            .chain(config.theme.dir.as_ref())
        {
            let path = self.project.path(dir);
            if path.is_dir() && !dirs.iter().any(|d| path.starts_with(d)) {
                dirs.retain(|d| !d.starts_with(&path));
                dirs.push(path);
            }
        }
        // Documentation at the project root: watch its folders but not `.git`, `target` or
        // `node_modules`, which can hold more folders than the system lets a process watch.
        // The root itself is watched without its folders by the watcher.
        let root = &self.project.root;
        if dirs.iter().any(|d| d == root) {
            dirs.retain(|d| d != root);
            let children = std::fs::read_dir(root).into_iter().flatten().flatten();
            for entry in children {
                let name = entry.file_name().to_string_lossy().into_owned();
                let skipped = name.starts_with('.')
                    || crate::load::walk::SKIPPED_DIRS.contains(&name.as_str());
                let path = entry.path();
                if !skipped
                    && path.is_dir()
                    && !self.exclude.contains(&path)
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
        let config = &self.project.config;
        super::watch::Scope {
            root: self.project.root.clone(),
            config_file: self.config_path.clone(),
            theme_dir: config.theme.dir.as_ref().map(|d| self.project.path(d)),
            doc_dirs: [&config.docs.dir, &config.sad.dir, &config.adr.dir]
                .into_iter()
                .map(|d| self.project.path(d))
                .collect(),
            exclude: self.exclude.clone(),
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
        Update {
            how,
            pages,
            changed,
            elapsed: started.elapsed(),
        }
    }

    fn apply(&mut self, events: &[Event]) -> Outcome {
        if events.contains(&Event::Config) {
            return self.reopen();
        }
        let pages: Vec<&str> = events
            .iter()
            .filter_map(|e| match e {
                Event::Page(source) => Some(source.as_str()),
                _ => None,
            })
            .collect();
        let structure_changed = events.iter().any(|e| match e {
            Event::Page(source) => {
                self.state.model.doc_index(source).is_none() || !self.project.path(source).is_file()
            }
            // Copied files are read when served; only a file appearing or disappearing
            // changes which links resolve.
            Event::File(source) => {
                let path = self.project.path(source);
                let exists = path.is_file();
                let known = self.state.model.files.contains(source);
                // A folder moved, appeared or disappeared: its files did too.
                let folder = path.is_dir() || self.state.model.dirs.contains(source);
                exists != known || folder
            }
            _ => false,
        });
        if structure_changed {
            return self.rebuild();
        }
        if events.contains(&Event::Theme) {
            self.theme = load_theme(&self.project);
            return self.rerender_all("theme");
        }
        if pages.is_empty() {
            return self.files_changed(events);
        }
        let pages: Vec<String> = pages.into_iter().map(str::to_string).collect();
        self.edit_pages(&pages)
    }

    /// `sadoc.yml` changed: read it again and rebuild everything; if it cannot be read, keep
    /// the previous configuration and report why.
    fn reopen(&mut self) -> Outcome {
        match Project::open(&self.config_path) {
            Ok(project) => {
                self.project = project;
                self.config_problem = None;
                self.theme = load_theme(&self.project);
                self.rebuild()
            }
            Err(error) => {
                let text = error.to_string();
                let (message, help) = match text.split_once("\n  help: ") {
                    Some((m, h)) => (m.to_string(), Some(h.to_string())),
                    None => (text, None),
                };
                let mut d =
                    Diagnostic::error("config/invalid", crate::project::CONFIG_FILE, message);
                if let Some(help) = help {
                    d = d.with_help(help);
                }
                self.config_problem = Some(d);
                Outcome::new("configuration kept", 0, BTreeSet::new())
            }
        }
    }

    fn rebuild(&mut self) -> Outcome {
        let fresh = full_build(&self.project, &self.exclude, &self.highlighter, &self.theme);
        self.indexed_with_pages();
        let old = std::mem::replace(&mut self.state, fresh);
        let pages = self.state.tree.as_ref().map_or(0, |t| t.entries.len());
        Outcome::new(
            "full rebuild",
            pages,
            changed_files(&old.site, &self.state.site),
        )
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
        let mut changed = BTreeSet::new();
        for (d, r) in self.state.rendered.iter().enumerate() {
            let shows = r.links.iter().any(|l| {
                matches!(&l.target, Target::File { source } if sources.contains(source.as_str()))
            });
            if shows {
                changed.insert(self.state.model.docs[d].page.file.clone());
            }
        }
        for source in sources {
            let file = self.state.layout.site_path(source);
            if self.state.site.contains(&file) {
                changed.insert(file);
            }
        }
        Outcome::new("files", 0, changed)
    }

    /// Renders every page again from the current markdown (new titles, a theme edit).
    fn rerender_all(&mut self, how: &'static str) -> Outcome {
        self.indexed_with_pages();
        let stages = Stages::new(&self.project, &self.state.layout, &self.highlighter);
        let state = &mut self.state;
        let (sad, completeness) =
            check::sad::check(&state.model, &state.rendered, &self.project.config);
        state.completeness = completeness;
        let Ok(theme) = &self.theme else {
            let problems = self.theme.as_ref().err().cloned().unwrap_or_default();
            state.template_problems = problems.into_iter().map(|d| (d.path.clone(), d)).collect();
            state.sad_problems = sad;
            assemble(state);
            return Outcome::new(how, 0, BTreeSet::new());
        };
        let inputs = render::Inputs {
            project: &self.project,
            model: &state.model,
            layout: &state.layout,
            rendered: &state.rendered,
            theme,
            completeness: &state.completeness,
            permalinks: &stages.permalinks,
            code_files: &state.code_files,
            history: &state.history,
        };
        let tree = render::tree(&inputs);
        let (mut site, problems) = render::render_site_with(&inputs, &tree, Site::new());
        render::add_search_index(&mut site, &inputs, &tree);
        let pages = tree.entries.len();
        state.template_problems = problems.into_iter().map(|d| (d.path.clone(), d)).collect();
        let old = std::mem::replace(&mut state.site, site);
        state.tree = Some(tree);
        state.fingerprints = None;
        state.sad_problems = sad;
        run_checks(state, &stages, &self.project.config, None);
        assemble(state);
        Outcome::new(how, pages, changed_files(&old, &state.site))
    }

    /// Pages whose files still exist and whose documents are known changed: read them again,
    /// render their markdown, and render the pages whose output they change. A changed body
    /// touches its own page and the pages whose backlinks it changes; a changed title, front
    /// matter or ADR status is found in every page that shows it by comparing each page's
    /// fingerprint (everything it shows but its content) before and after.
    fn edit_pages(&mut self, sources: &[String]) -> Outcome {
        let options = load::adr_options(&self.project.config);
        let stages = Stages::new(&self.project, &self.state.layout, &self.highlighter);
        let mut edits: Vec<Edit> = Vec::new();
        for source in sources {
            let model = &self.state.model;
            let Some(i) = model.doc_index(source) else {
                return self.rebuild();
            };
            let old = &model.docs[i];
            let (loaded, problems) = load::load_doc(
                &self.project,
                &self.state.layout,
                source,
                old.is_index,
                options,
            );
            let Some((doc, adr)) = loaded else {
                return self.rebuild();
            };
            if doc.page != old.page || adr.is_some() != model.adr_of(i).is_some() {
                return self.rebuild();
            }
            let same_adr = match (model.adr_of(i), &adr) {
                (Some(old), Some(new)) => same_decision(old, new),
                _ => true,
            };
            let rendered = stages.markdown_of(model, &self.state.layout, &doc);
            edits.push(Edit {
                doc: i,
                model_changed: doc.front != old.front || doc.kind != old.kind || !same_adr,
                new: doc,
                adr,
                rendered,
                problems,
            });
        }
        let state = &self.state;
        let model_changed = edits.iter().any(|e| e.model_changed);
        let titles_changed = edits
            .iter()
            .any(|e| e.rendered.h1 != state.rendered[e.doc].h1);
        let glossary = edits.iter().any(|e| {
            state.model.docs[e.doc].kind == DocKind::Glossary || e.new.kind == DocKind::Glossary
        });
        if glossary || self.theme.is_err() || state.tree.is_none() {
            apply_edits(&mut self.state, &self.project, edits);
            return self.rerender_all("all pages");
        }
        // What every page shows now, when the edit may change pages other than its own.
        let compare = model_changed || titles_changed;
        if compare && state.fingerprints.is_none() {
            let fingerprints = self.with_inputs(&stages, |inputs, tree| {
                Some(render::fingerprints(inputs, tree, &|_| true))
            });
            self.state.fingerprints = fingerprints;
        }
        // Backlinks ("cited by", decisions citing a view) follow the links a page makes, and
        // links into a page whose anchors changed may break or heal.
        let mut affected: BTreeSet<usize> = BTreeSet::new();
        let mut anchors_changed: BTreeSet<usize> = BTreeSet::new();
        for edit in &edits {
            let old = &self.state.rendered[edit.doc];
            affected.insert(edit.doc);
            affected.extend(page_targets(old).symmetric_difference(&page_targets(&edit.rendered)));
            if old.anchors != edit.rendered.anchors {
                anchors_changed.insert(edit.doc);
            }
        }
        let is_sad = edits
            .iter()
            .any(|e| self.state.model.sad.view_of(e.doc).is_some() || is_sad_kind(e.new.kind));
        let edited: Vec<usize> = edits.iter().map(|e| e.doc).collect();
        let copied = apply_edits(&mut self.state, &self.project, edits);
        if compare {
            let old_files: Vec<String> = self.tree_files();
            let tree = self.with_inputs(&stages, |inputs, _| Some(render::tree(inputs)));
            self.state.tree = tree;
            if self.tree_files() != old_files {
                return self.rerender_all("all pages");
            }
        }
        let state = &self.state;
        let (sad, completeness) =
            check::sad::check(&state.model, &state.rendered, &self.project.config);
        let (Ok(theme), Some(tree)) = (&self.theme, &state.tree) else {
            return self.rerender_all("all pages");
        };
        let inputs = render::Inputs {
            project: &self.project,
            model: &state.model,
            layout: &state.layout,
            rendered: &state.rendered,
            theme,
            completeness: &completeness,
            permalinks: &stages.permalinks,
            code_files: &state.code_files,
            history: &state.history,
        };
        let shows_edit = |e: usize| match tree.entries[e].source {
            Source::Doc(d) | Source::AdrLog { intro: Some(d) } => affected.contains(&d),
            Source::Completeness | Source::ViewsOverview => is_sad,
            _ => false,
        };
        let (which, fingerprints): (BTreeSet<usize>, Option<BTreeMap<String, u64>>) = if compare {
            let now = render::fingerprints(&inputs, tree, &|_| true);
            let before = state.fingerprints.as_ref();
            let which = (0..tree.entries.len())
                .filter(|&e| {
                    let file = &tree.entries[e].page.file;
                    shows_edit(e) || before.and_then(|b| b.get(file)) != now.get(file)
                })
                .collect();
            (which, Some(now))
        } else {
            let which: BTreeSet<usize> =
                (0..tree.entries.len()).filter(|&e| shows_edit(e)).collect();
            // Only these pages show something new: update their fingerprints.
            let fingerprints = state.fingerprints.clone().map(|mut all| {
                all.extend(render::fingerprints(&inputs, tree, &|e| which.contains(&e)));
                all
            });
            (which, fingerprints)
        };
        // Template problems are reported under the page's source, or its file for generated
        // pages: forget those of the pages rendered again.
        let rerendered: BTreeSet<String> = which
            .iter()
            .flat_map(|&e| {
                let entry = &tree.entries[e];
                let source = match entry.source {
                    Source::Doc(d) | Source::AdrLog { intro: Some(d) } => {
                        Some(state.model.docs[d].source.clone())
                    }
                    _ => None,
                };
                std::iter::once(entry.page.file.clone()).chain(source)
            })
            .collect();
        let (pages, problems) = render::render_pages(&inputs, tree, &|e| which.contains(&e));
        let count = pages.len();
        let state = &mut self.state;
        state.fingerprints = fingerprints;
        state.completeness = completeness;
        state.sad_problems = sad;
        state
            .template_problems
            .retain(|file, _| !rerendered.contains(file));
        for problem in problems {
            state
                .template_problems
                .insert(problem.path.clone(), problem);
        }
        let mut changed: BTreeSet<String> = copied.into_iter().collect();
        for (file, html) in pages {
            if state.site.bytes(&file) != Some(html.as_bytes()) {
                changed.insert(file.clone());
                state.site.insert(file, html);
            }
        }
        let mut recheck: BTreeSet<usize> = edited.into_iter().collect();
        if !anchors_changed.is_empty() {
            for (d, r) in state.rendered.iter().enumerate() {
                if page_targets(r).iter().any(|t| anchors_changed.contains(t)) {
                    recheck.insert(d);
                }
            }
        }
        run_checks(state, &stages, &self.project.config, Some(&recheck));
        assemble(state);
        self.pages_version += 1;
        Outcome::new(
            if compare { "pages compared" } else { "pages" },
            count,
            changed,
        )
    }

    /// Runs `f` with the render inputs and the tree of the current state, when the theme and
    /// the tree are there.
    fn with_inputs<R: Default>(
        &self,
        stages: &Stages<'_>,
        f: impl FnOnce(&render::Inputs<'_>, &Tree) -> R,
    ) -> R {
        let state = &self.state;
        let (Ok(theme), Some(tree)) = (&self.theme, &state.tree) else {
            return R::default();
        };
        let inputs = render::Inputs {
            project: &self.project,
            model: &state.model,
            layout: &state.layout,
            rendered: &state.rendered,
            theme,
            completeness: &state.completeness,
            permalinks: &stages.permalinks,
            code_files: &state.code_files,
            history: &state.history,
        };
        f(&inputs, tree)
    }

    /// The site files of the current tree's pages, in order.
    fn tree_files(&self) -> Vec<String> {
        self.state
            .tree
            .as_ref()
            .map(|t| t.entries.iter().map(|e| e.page.file.clone()).collect())
            .unwrap_or_default()
    }
}

/// The pages to index, copied out of a session so the index can be built while the session
/// goes on serving and rebuilding.
#[derive(Debug)]
pub struct SearchJob {
    pages: Vec<crate::search::Page<'static>>,
    version: u64,
}

impl SearchJob {
    /// Builds the index; returns it with the version of the pages it reflects, for
    /// [`Session::install_search`].
    pub fn run(self) -> (crate::search::Index, u64) {
        (crate::search::build(&self.pages), self.version)
    }
}

/// Puts edited documents, their ADR data, markdown and problems into the state, and
/// derives the model again when what spans documents may have changed. Returns the site
/// files copied for new links to files, or removed because nothing links to them any more.
fn apply_edits(state: &mut State, project: &Project, edits: Vec<Edit>) -> Vec<String> {
    let mut rederive = false;
    let mut copied = Vec::new();
    let mut dropped: BTreeSet<String> = BTreeSet::new();
    for edit in edits {
        rederive |= edit.model_changed;
        let source = edit.new.source.clone();
        if edit.problems.is_empty() {
            state.doc_problems.remove(&source);
        } else {
            state.doc_problems.insert(source, edit.problems);
        }
        for link in &edit.rendered.links {
            if let Target::File { source } = &link.target {
                let file = state.layout.site_path(source);
                if !state.site.contains(&file) {
                    state.site.copy(file.clone(), project.path(source));
                    copied.push(file);
                }
            }
        }
        state.model.docs[edit.doc] = edit.new;
        let old = std::mem::replace(&mut state.rendered[edit.doc], edit.rendered);
        dropped.extend(file_targets(&old));
        if let (Some(a), Some(new)) = (state.model.adrs.of_doc(edit.doc), edit.adr) {
            let stored = &mut state.model.adrs.adrs[a];
            if edit.model_changed {
                *stored = Adr {
                    doc: stored.doc,
                    ..new
                };
            } else {
                stored.status_line = new.status_line;
                stored.heading_line = new.heading_line;
                stored.places = new.places;
            }
        }
    }
    // A file no page links to any more is not part of the site.
    let linked: BTreeSet<String> = state.rendered.iter().flat_map(file_targets).collect();
    for source in dropped.difference(&linked) {
        let file = state.layout.site_path(source);
        if state.site.remove(&file) {
            copied.push(file);
        }
    }
    if rederive {
        let model = std::mem::take(&mut state.model);
        state.model = load::rebuild_model(model, &project.config);
    }
    copied
}

/// The files a page links to (copied into the site), by source path.
fn file_targets(r: &Rendered<Target>) -> BTreeSet<String> {
    r.links
        .iter()
        .filter_map(|l| match &l.target {
            Target::File { source } => Some(source.clone()),
            _ => None,
        })
        .collect()
}

/// One re-read document.
struct Edit {
    doc: usize,
    new: crate::model::Doc,
    adr: Option<Adr>,
    rendered: Rendered<Target>,
    problems: Vec<Diagnostic>,
    /// Its front matter or ADR data changed, not only its body.
    model_changed: bool,
}

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

/// Runs the project's checks, and the checks of the documents `docs` (all when `None`).
fn run_checks(
    state: &mut State,
    stages: &Stages<'_>,
    config: &crate::config::Config,
    docs: Option<&BTreeSet<usize>>,
) {
    state.project_checks = stages.project_checks(&state.model, &state.rendered, &state.code_files);
    let checks = check::DocChecks::new(&state.model, &state.rendered, config);
    let site = &state.site;
    match docs {
        None => state.doc_checks = checks.all(&|p| site.contains(p)),
        Some(docs) => {
            for &d in docs {
                state.doc_checks[d] = checks.run(d, &|p| site.contains(p));
            }
        }
    }
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

/// Whether two readings of an ADR say the same: everything the site shows of it, not where in
/// the file it stands.
fn same_decision(old: &Adr, new: &Adr) -> bool {
    old.id == new.id
        && old.title == new.title
        && old.status == new.status
        && old.status_text == new.status_text
        && old.date == new.date
        && old.date_text == new.date_text
        && old.deciders == new.deciders
        && old.consulted == new.consulted
        && old.informed == new.informed
        && old.tags == new.tags
        && old.format == new.format
        && old.heading_number == new.heading_number
        && old.raw_relations == new.raw_relations
}

/// Builds everything, keeping the parts later updates reuse.
fn full_build(
    project: &Project,
    exclude: &[PathBuf],
    highlighter: &Highlighter,
    theme: &Result<Theme, Vec<Diagnostic>>,
) -> State {
    let load::Loaded {
        model,
        layout,
        diagnostics: load_problems,
        doc_problems,
    } = load::load(project, exclude);
    let stages = Stages::new(project, &layout, highlighter);
    let all: Vec<usize> = (0..model.docs.len()).collect();
    let rendered = stages.markdown(&model, &layout, &all);
    let (sad, completeness) = check::sad::check(&model, &rendered, &project.config);
    let code_files = check::code::CodeFiles::list(project, stages.git.as_ref());
    let (history, shallow) = stages.history();
    let mut load_problems = load_problems;
    load_problems.extend(shallow);
    let mut state = State {
        model,
        layout,
        rendered,
        tree: None,
        completeness,
        code_files,
        history,
        site: Site::new(),
        load_problems,
        doc_problems,
        template_problems: BTreeMap::new(),
        sad_problems: sad,
        doc_checks: Vec::new(),
        fingerprints: None,
        project_checks: Vec::new(),
        diagnostics: Vec::new(),
    };
    match theme {
        Ok(theme) => {
            let inputs = render::Inputs {
                project,
                model: &state.model,
                layout: &state.layout,
                rendered: &state.rendered,
                theme,
                completeness: &state.completeness,
                permalinks: &stages.permalinks,
                code_files: &state.code_files,
                history: &state.history,
            };
            let tree = render::tree(&inputs);
            let (mut site, problems) = render::render_site_with(&inputs, &tree, Site::new());
            render::add_search_index(&mut site, &inputs, &tree);
            state.site = site;
            state.tree = Some(tree);
            state.template_problems = problems.into_iter().map(|d| (d.path.clone(), d)).collect();
        }
        Err(problems) => {
            state.template_problems = problems
                .iter()
                .map(|d| (d.path.clone(), d.clone()))
                .collect();
        }
    }
    run_checks(&mut state, &stages, &project.config, None);
    assemble(&mut state);
    state
}

/// Puts every problem of the state together, sorted.
fn assemble(state: &mut State) {
    let mut all: Vec<Diagnostic> = state.load_problems.clone();
    all.extend(state.doc_problems.values().flatten().cloned());
    all.extend(state.sad_problems.iter().cloned());
    all.extend(state.template_problems.values().cloned());
    all.extend(state.project_checks.iter().cloned());
    all.extend(state.doc_checks.iter().flatten().cloned());
    diag::sort(&mut all);
    state.diagnostics = all;
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
