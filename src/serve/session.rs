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
    site: Site,
    /// Problems of the project as a whole found while loading.
    load_problems: Vec<Diagnostic>,
    /// Problems of each document found while loading it.
    doc_problems: BTreeMap<String, Vec<Diagnostic>>,
    /// Template problems, by the site file whose rendering failed.
    template_problems: BTreeMap<String, Diagnostic>,
    /// Every problem, sorted.
    diagnostics: Vec<Diagnostic>,
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
}

impl Session {
    /// Builds `project` in memory. `exclude` lists absolute folders never read as sources.
    pub fn open(project: Project, exclude: Vec<PathBuf>) -> Session {
        let highlighter = Highlighter::new();
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
        }
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
        let before = self.state.site.clone();
        let (how, pages) = self.apply(events);
        let changed = changed_files(&before, &self.state.site);
        Update {
            how,
            pages,
            changed,
            elapsed: started.elapsed(),
        }
    }

    fn apply(&mut self, events: &[Event]) -> (&'static str, usize) {
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
            return ("files", 0);
        }
        let pages: Vec<String> = pages.into_iter().map(str::to_string).collect();
        self.edit_pages(&pages)
    }

    /// `sadoc.yml` changed: read it again and rebuild everything; if it cannot be read, keep
    /// the previous configuration and report why.
    fn reopen(&mut self) -> (&'static str, usize) {
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
                ("configuration kept", 0)
            }
        }
    }

    fn rebuild(&mut self) -> (&'static str, usize) {
        self.state = full_build(&self.project, &self.exclude, &self.highlighter, &self.theme);
        (
            "full rebuild",
            self.state.tree.as_ref().map_or(0, |t| t.entries.len()),
        )
    }

    /// Renders every page again from the current markdown (new titles, a theme edit).
    fn rerender_all(&mut self, how: &'static str) -> (&'static str, usize) {
        let stages = Stages::new(&self.project, &self.state.layout, &self.highlighter);
        let state = &mut self.state;
        let (sad, completeness) =
            check::sad::check(&state.model, &state.rendered, &self.project.config);
        state.completeness = completeness;
        let Ok(theme) = &self.theme else {
            let problems = self.theme.as_ref().err().cloned().unwrap_or_default();
            state.template_problems = problems.into_iter().map(|d| (d.path.clone(), d)).collect();
            assemble(state, sad, Vec::new());
            return (how, 0);
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
        };
        let tree = render::tree(&inputs);
        let (site, problems) = render::render_site_with(&inputs, &tree);
        let pages = tree.entries.len();
        state.template_problems = problems.into_iter().map(|d| (d.path.clone(), d)).collect();
        state.site = site;
        state.tree = Some(tree);
        let checks = stages.checks(
            &state.model,
            &state.rendered,
            &state.code_files,
            &state.site,
        );
        assemble(state, sad, checks);
        (how, pages)
    }

    /// Pages whose files still exist and whose documents are known changed: re-read them, and
    /// re-render them and the pages that show something of them.
    fn edit_pages(&mut self, sources: &[String]) -> (&'static str, usize) {
        let options = load::adr_options(&self.project.config);
        let mut edited: Vec<usize> = Vec::new();
        for source in sources {
            let Some(i) = self.state.model.doc_index(source) else {
                return self.rebuild();
            };
            let old = &self.state.model.docs[i];
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
            let same_adr = match (self.state.model.adr_of(i), &adr) {
                (None, None) => true,
                (Some(old), Some(new)) => same_decision(old, new),
                _ => false,
            };
            if doc.front != old.front || doc.kind != old.kind || doc.page != old.page || !same_adr {
                return self.rebuild();
            }
            self.state.model.docs[i] = doc;
            if let (Some(a), Some(new)) = (self.state.model.adrs.of_doc(i), adr) {
                let stored = &mut self.state.model.adrs.adrs[a];
                stored.status_line = new.status_line;
                stored.heading_line = new.heading_line;
                stored.places = new.places;
            }
            if problems.is_empty() {
                self.state.doc_problems.remove(source);
            } else {
                self.state.doc_problems.insert(source.clone(), problems);
            }
            edited.push(i);
        }
        let stages = Stages::new(&self.project, &self.state.layout, &self.highlighter);
        let fresh = stages.markdown(&self.state.model, &self.state.layout, &edited);
        let mut titles_changed = false;
        let mut affected: BTreeSet<usize> = BTreeSet::new();
        let mut all_pages = false;
        for (&i, new) in edited.iter().zip(fresh) {
            let old = std::mem::replace(&mut self.state.rendered[i], new);
            let new = &self.state.rendered[i];
            titles_changed |= old.h1 != new.h1;
            affected.insert(i);
            // Backlinks ("cited by", decisions citing a view) follow the links it makes.
            let targets = |r: &Rendered<Target>| -> BTreeSet<usize> {
                r.links
                    .iter()
                    .filter_map(|l| match &l.target {
                        Target::Page { doc, .. } => Some(*doc),
                        _ => None,
                    })
                    .collect()
            };
            affected.extend(targets(&old).symmetric_difference(&targets(new)));
            all_pages |= self.state.model.docs[i].kind == DocKind::Glossary;
            for link in &new.links {
                if let Target::File { source } = &link.target {
                    self.state.site.copy(
                        self.state.layout.site_path(source),
                        self.project.path(source),
                    );
                }
            }
        }
        if titles_changed || all_pages || self.state.tree.is_none() || self.theme.is_err() {
            return self.rerender_all("all pages");
        }
        let is_sad = edited.iter().any(|&i| {
            self.state.model.sad.view_of(i).is_some() || is_sad_kind(self.state.model.docs[i].kind)
        });
        let (
            Ok(theme),
            State {
                tree: Some(tree), ..
            },
        ) = (&self.theme, &self.state)
        else {
            return self.rerender_all("all pages");
        };
        let state = &self.state;
        let (sad, completeness) =
            check::sad::check(&state.model, &state.rendered, &self.project.config);
        let which = |e: usize| match tree.entries[e].source {
            Source::Doc(d) | Source::AdrLog { intro: Some(d) } => affected.contains(&d),
            Source::Completeness | Source::ViewsOverview => is_sad,
            _ => false,
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
        };
        // Template problems are reported under the page's source, or its file for generated
        // pages: forget those of the pages rendered again.
        let rerendered: BTreeSet<String> = (0..tree.entries.len())
            .filter(|&e| which(e))
            .flat_map(|e| {
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
        let (pages, problems) = render::render_pages(&inputs, tree, &which);
        let count = pages.len();
        let state = &mut self.state;
        state.completeness = completeness;
        state
            .template_problems
            .retain(|file, _| !rerendered.contains(file));
        for problem in problems {
            state
                .template_problems
                .insert(problem.path.clone(), problem);
        }
        for (file, html) in pages {
            state.site.insert(file, html);
        }
        let checks = stages.checks(
            &state.model,
            &state.rendered,
            &state.code_files,
            &state.site,
        );
        assemble(state, sad, checks);
        ("pages", count)
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
    let mut state = State {
        model,
        layout,
        rendered,
        tree: None,
        completeness,
        code_files,
        site: Site::new(),
        load_problems,
        doc_problems,
        template_problems: BTreeMap::new(),
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
            };
            let tree = render::tree(&inputs);
            let (site, problems) = render::render_site_with(&inputs, &tree);
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
    let checks = stages.checks(
        &state.model,
        &state.rendered,
        &state.code_files,
        &state.site,
    );
    assemble(&mut state, sad, checks);
    state
}

/// Puts every problem of the state together, sorted.
fn assemble(state: &mut State, sad: Vec<Diagnostic>, checks: Vec<Diagnostic>) {
    let mut all: Vec<Diagnostic> = state.load_problems.clone();
    all.extend(state.doc_problems.values().flatten().cloned());
    all.extend(sad);
    all.extend(state.template_problems.values().cloned());
    all.extend(checks);
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
