//! The one pipeline every command runs: load → markdown → facts → render → search → check.
//!
//! A [`Pipeline`] owns the state of each stage (the model, each document's rendered markdown,
//! the facts derived from them, the site tree and the site) and the problems each stage found,
//! kept apart by stage so that running one stage again replaces exactly its own. `sadoc build`,
//! `sadoc check` and `sadoc deploy` run every stage once ([`Pipeline::run`]); `sadoc serve`
//! keeps one pipeline for the whole session and, after an edit, runs again only the stages (and
//! only the documents and pages) the edit needs — through these same methods, so a preview is
//! always what a full build gives.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::markdown_memo::Setting;
use super::markdown_stage::{LinkContext, MarkdownStage};
use super::setup::{Options, load_theme};
use crate::check;
use crate::load;
use crate::load::project::Project;
use crate::model::DocKind;
use crate::model::completeness::Completeness;
use crate::model::glossary::Glossary;
use crate::model::{Layout, Model};
use crate::render::markdown::highlight::{HighlighterFor, Highlighting};
use crate::render::markdown::resolve::Target;
use crate::render::markdown::{Markdown, Rendered};
use crate::render::site::Site;
use crate::render::{self, theme::Theme, tree::Source, tree::Tree};
use crate::util::diag::{self, Diagnostic};
use crate::util::timing::Timings;

/// What a scoped thread returned (its panic goes on in the caller).
fn join<T>(side: std::thread::ScopedJoinHandle<'_, T>) -> T {
    side.join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The facts of a build beyond the model that pages show and checks read: the SAD's
/// completeness, the project's code files and who changed each document.
#[derive(Debug, Default)]
pub struct Facts {
    /// The SAD's completeness.
    pub completeness: Completeness,
    /// The project's files at HEAD (or in the working tree).
    pub code_files: crate::load::code::CodeFiles,
    /// Who changed each document and when.
    pub history: crate::load::history::History,
    /// How each decision's status changed, aligned with the decision log.
    pub status_history: Vec<Vec<crate::load::status_history::StatusChange>>,
    /// Which documents are due for review, as of today.
    pub reviews: crate::model::review::Reviews,
    /// What the two above read from git, by path, kept until the history is read again.
    known: super::git_facts::Known,
}

/// The problems found so far, by the stage that found them.
#[derive(Debug, Default)]
struct Problems {
    /// Of the project as a whole, while loading (and a shallow clone's history).
    load: Vec<Diagnostic>,
    /// Of each document, while loading it, by source path.
    docs: BTreeMap<String, Vec<Diagnostic>>,
    /// The SAD's findings about the project as a whole.
    sad: Vec<Diagnostic>,
    /// Template problems, by the site file (or document) whose rendering failed.
    templates: BTreeMap<String, Vec<Diagnostic>>,
    /// The other findings about the project as a whole.
    project: Vec<Diagnostic>,
    /// The findings about each document alone, aligned with the model's documents.
    doc_checks: Vec<Vec<Diagnostic>>,
}

/// A project's build, stage by stage.
pub struct Pipeline {
    pub(crate) project: Project,
    pub(super) options: Options,
    highlighting: std::sync::Arc<Highlighting>,
    /// The theme, read by the first load stage (beside the documents) and again on
    /// [`Pipeline::reload_theme`].
    pub(crate) theme: Result<Theme, Vec<Diagnostic>>,
    /// Whether `theme` was read yet.
    theme_read: bool,
    pub(crate) model: Model,
    pub(crate) layout: Layout,
    /// The repository, when the project is in one.
    git: Option<crate::load::git::Repo>,
    /// The template engine of `markdown.macros`, for documents read again.
    pub(crate) macros: Option<std::sync::Arc<crate::load::macros::Engine>>,
    /// The project's own icons, by shortcode name.
    custom_icons: std::sync::Arc<std::collections::BTreeMap<String, String>>,
    pub(crate) links: Option<LinkContext>,
    pub(crate) rendered: Vec<Rendered<Target>>,
    /// The glossary's terms, read in the markdown stage.
    glossary: Option<Glossary>,
    pub(crate) facts: Facts,
    pub(crate) tree: Option<Tree>,
    pub(crate) site: Site,
    problems: Problems,
    pub(crate) timings: Timings,
}

impl Pipeline {
    /// A pipeline for `project` that will render into `site` (empty; in memory, or staged
    /// beside the output folder with [`Site::staged_for`]). Nothing is read until a stage runs.
    pub fn new(project: Project, options: Options, site: Site) -> Pipeline {
        let highlighting = Pipeline::highlighting(&project, &options);
        Pipeline {
            layout: project.config.layout(),
            project,
            options,
            highlighting,
            theme: Err(Vec::new()),
            theme_read: false,
            model: Model::default(),
            git: None,
            macros: None,
            custom_icons: Default::default(),
            links: None,
            rendered: Vec::new(),
            glossary: None,
            facts: Facts::default(),
            tree: None,
            site,
            problems: Problems::default(),
            timings: Timings::default(),
        }
    }

    /// Runs every stage.
    pub fn run(&mut self) {
        self.timings = Timings::default();
        self.load();
        self.timings.lap("load, code files, git history");
        self.markdown();
        self.timings.lap("markdown");
        self.facts();
        self.timings.lap("facts");
        self.render();
        self.timings.lap("pages and search index");
        self.check(None);
        self.timings.lap("checks");
    }

    /// The project.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The site as last rendered.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// How many pages the documents make: what `sadoc build` and `sadoc serve` both count as
    /// pages (generated listings and assets are counted among the files).
    pub fn pages(&self) -> usize {
        self.model.docs.len()
    }

    /// Every problem found, sorted by file and position.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let p = &self.problems;
        let mut all: Vec<Diagnostic> = p.load.clone();
        all.extend(p.docs.values().flatten().cloned());
        all.extend(p.sad.iter().cloned());
        all.extend(p.templates.values().flatten().cloned());
        all.extend(p.project.iter().cloned());
        all.extend(p.doc_checks.iter().flatten().cloned());
        diag::sort(&mut all);
        all
    }

    /// Load: reads every document into the model, and the code files and git history the
    /// pages and checks need.
    pub fn load(&mut self) {
        let (project, exclude, with_history) =
            (&self.project, &self.options.exclude, self.options.history);
        let read_theme = !self.theme_read;
        let (loaded, (code_files, history), theme) = std::thread::scope(|scope| {
            // Parsing the templates takes as long as loading a thousand documents: it is
            // done beside them.
            let theme_side = read_theme.then(|| scope.spawn(|| load_theme(project)));
            // The repository's files and history do not depend on the documents: they are
            // read on a thread of their own (with its own handle on the repository) while
            // the documents load.
            let git_side = scope.spawn(|| {
                let git = crate::load::git::Repo::discover(&project.root);
                let code_files = crate::load::code::CodeFiles::list(project, git.as_ref());
                (
                    code_files,
                    with_history.then(|| super::git_facts::history(project, git.as_ref())),
                )
            });
            let loaded = load::load(project, exclude);
            let git_side = join(git_side);
            let theme = theme_side.map(join);
            (loaded, git_side, theme)
        });
        if let Some(theme) = theme {
            self.theme = theme;
            self.theme_read = true;
        }
        let load::Loaded {
            model,
            layout,
            diagnostics,
            doc_problems,
            macros,
            custom_icons,
        } = loaded;
        self.macros = macros;
        self.custom_icons = custom_icons;
        self.model = model;
        self.layout = layout;
        self.problems.load = diagnostics;
        self.problems.docs = doc_problems;
        self.refresh_links();
        self.facts.code_files = code_files;
        if let Some((history, shallow)) = history {
            self.facts.history = history;
            self.facts.known.clear();
            self.problems.load.extend(shallow);
        }
    }

    /// Reads the repository's state again (the commit permalinks point at), as a rebuild does.
    pub(crate) fn refresh_links(&mut self) {
        self.git = crate::load::git::Repo::discover(&self.project.root);
        self.links = Some(LinkContext::new(
            &self.project,
            &self.layout,
            self.git.as_ref(),
        ));
    }

    /// Markdown: renders every document's markdown, in parallel.
    ///
    /// The glossary goes first: its tables give the terms the other documents link, which are
    /// rendered after it, in parallel.
    pub fn markdown(&mut self) {
        self.glossary = None;
        let glossary = self
            .model
            .docs
            .iter()
            .position(|d| d.kind == DocKind::Glossary);
        let mut first = glossary.map(|g| self.markdown_stage().render(&self.model.docs[g]));
        if let (Some(g), Some(rendered)) = (glossary, &first) {
            self.glossary = Glossary::from_tables(g, &rendered.tables);
            if self.glossary.is_none() {
                // No terms: no anchors for them either.
                first = Some(self.markdown_stage().render(&self.model.docs[g]));
            }
        }
        let others: Vec<usize> = (0..self.model.docs.len())
            .filter(|&d| Some(d) != glossary)
            .collect();
        let mut rendered = self.render_markdown(&others);
        if let (Some(g), Some(first)) = (glossary, first) {
            rendered.insert(g, first);
        }
        self.rendered = rendered;
    }

    /// How this pipeline highlights, from its project and options.
    fn highlighting(project: &Project, options: &Options) -> std::sync::Arc<Highlighting> {
        if options.highlight {
            Highlighting::with_syntaxes(options.syntaxes.clone())
                .with_plantuml(project.config.diagrams.plantuml.as_deref())
                .with_block_cache(options.block_cache.clone())
                .shared()
        } else {
            Highlighting::plain().shared()
        }
    }

    /// Renders the markdown of the documents `docs` (indices into the model), in parallel:
    /// each thread with its own highlighter, taking small shares of consecutive documents, so
    /// lines that recur between documents are parsed once per thread.
    fn render_markdown(&self, docs: &[usize]) -> Vec<Rendered<Target>> {
        let markdown = self.markdown_stage();
        crate::util::shares::map_with_state(
            docs,
            || markdown.highlighting.highlighter(),
            |highlighter, &i| markdown.render_with(&markdown.model.docs[i], highlighter),
        )
    }

    /// What rendering markdown reads (the repository handle, which threads cannot share, is
    /// not part of it).
    pub(super) fn markdown_stage(&self) -> MarkdownStage<'_> {
        let Some(links) = &self.links else {
            unreachable!("markdown is rendered after loading");
        };
        MarkdownStage {
            project: &self.project,
            model: &self.model,
            layout: &self.layout,
            links,
            highlighting: &self.highlighting,
            glossary: self.glossary.as_ref(),
            memo: self
                .options
                .markdown_memo
                .as_deref()
                .filter(|_| self.options.pages == render::PageOutput::Html)
                .map(|memo| {
                    let config = &self.project.config;
                    let dialect = format!(
                        "{:?}|{}|{:?}|{}|{}",
                        self.dialect(),
                        self.options.highlight,
                        config.diagrams,
                        self.project.code_depth(),
                        links.permalinks.enabled(),
                    );
                    (memo, Setting::new(&dialect, self.glossary.as_ref()))
                }),
            markdown: match self.options.pages {
                render::PageOutput::Html => self.dialect(),
                // Nothing shows a page: its HTML is not kept.
                render::PageOutput::Names if !self.options.search => self.dialect().without_html(),
                render::PageOutput::Names => self.dialect(),
            },
        }
    }

    /// The markdown dialect the configuration asks for, with the project's own icons.
    fn dialect(&self) -> Markdown {
        Markdown::new(&self.project.config.markdown).with_custom_icons(self.custom_icons.clone())
    }

    /// Facts: what follows from the model and the rendered markdown together — the SAD's
    /// completeness — and the SAD's findings about the project as a whole, whose number the
    /// completeness page shows.
    pub fn facts(&mut self) {
        let config = &self.project.config;
        let rendered = &self.rendered;
        let mut completeness = Completeness::new(
            &self.model,
            &|d| rendered[d].sections.as_slice(),
            config.sad.profile,
            &config.sad.dir,
        );
        self.problems.sad =
            check::sad_findings::check(&self.model, rendered, config, &mut completeness);
        self.facts.completeness = completeness;
        let with_history = self.git.as_ref().filter(|_| self.options.history);
        let pages = matches!(self.options.pages, crate::render::PageOutput::Html);
        let (status_history, reviews) = super::git_facts::derive(
            &self.facts.history,
            &mut self.facts.known,
            with_history,
            &self.layout,
            &self.model,
            config,
            pages,
        );
        self.facts.status_history = status_history;
        self.facts.reviews = reviews;
    }

    /// Render: the site tree, every page, the assets and copied files, and — when the options
    /// ask for it — the search index, built beside the pages.
    pub fn render(&mut self) {
        // Without a theme nothing can be rendered: the last site rendered stays.
        let Ok(theme) = &self.theme else {
            let problems = self.theme.as_ref().err().cloned().unwrap_or_default();
            self.problems.templates = by_path(problems);
            self.tree = None;
            return;
        };
        let mut site = std::mem::take(&mut self.site);
        site.clear();
        let inputs = self.inputs(theme);
        let tree = render::tree(&inputs);
        // The search index reads only the rendered markdown: it is built beside the pages,
        // so neither waits on the other's sequential parts.
        let storage = site.storage();
        let ((mut site, problems), index) = rayon::join(
            || render::render_site(&inputs, &tree, site, self.options.pages),
            || {
                self.options.search.then(|| {
                    render::search_index(
                        &inputs,
                        &tree,
                        &storage,
                        self.options.search_memo.as_deref(),
                    )
                })
            },
        );
        if let Some(index) = index {
            render::install_search_index(&mut site, index);
        }
        let mut problems = problems;
        if let Some(nav) = &tree.configured {
            problems.extend(nav.missing.iter().map(|path| {
                Diagnostic::warning(
                    "nav/missing",
                    crate::util::paths::shown(
                        self.project
                            .config_path
                            .strip_prefix(&self.project.root)
                            .unwrap_or(&self.project.config_path),
                    ),
                    format!("`nav` names `{path}`, which is not a page of the project"),
                )
                .with_help("fix the path (from the project root in sadoc.yml, from docs_dir in mkdocs.yml), or remove the entry")
            }));
        }
        self.problems.templates = by_path(problems);
        self.site = site;
        self.tree = Some(tree);
    }

    /// Renders again the pages of the tree that `which` selects (by entry index); returns how
    /// many were rendered and the site files whose content changed.
    pub(crate) fn render_pages(
        &mut self,
        which: &(dyn Fn(usize) -> bool + Sync),
    ) -> (usize, BTreeSet<String>) {
        let (Ok(theme), Some(tree)) = (&self.theme, &self.tree) else {
            return (0, BTreeSet::new());
        };
        let inputs = self.inputs(theme);
        // Template problems are reported under the page's source, or its file for generated
        // pages: forget those of the pages rendered again.
        let rerendered: BTreeSet<String> = (0..tree.entries.len())
            .filter(|&e| which(e))
            .flat_map(|e| {
                let entry = &tree.entries[e];
                let source = match entry.source {
                    Source::Doc(d) | Source::AdrLog { intro: Some(d) } => {
                        Some(self.model.docs[d].source.clone())
                    }
                    _ => None,
                };
                std::iter::once(entry.page.file.clone()).chain(source)
            })
            .collect();
        let (pages, problems) = render::render_pages(&inputs, tree, which);
        let count = pages.len();
        self.problems
            .templates
            .retain(|file, _| !rerendered.contains(file));
        for (path, problems) in by_path(problems) {
            self.problems
                .templates
                .entry(path)
                .or_default()
                .extend(problems);
        }
        let mut changed = BTreeSet::new();
        for (file, html) in pages {
            if self.site.bytes(&file) != Some(html.as_bytes()) {
                changed.insert(file.clone());
                self.site.insert(file, html);
            }
        }
        (count, changed)
    }

    /// A fingerprint of the pages `which` selects, by site file: a hash of everything the page
    /// shows but its document's content (`None` without a theme or tree).
    pub(crate) fn fingerprints(
        &self,
        which: &(dyn Fn(usize) -> bool + Sync),
    ) -> Option<BTreeMap<String, u64>> {
        let (Ok(theme), Some(tree)) = (&self.theme, &self.tree) else {
            return None;
        };
        Some(render::fingerprints(&self.inputs(theme), tree, which))
    }

    /// The site tree the current model and markdown give (`None` without a theme).
    pub(crate) fn fresh_tree(&self) -> Option<Tree> {
        let Ok(theme) = &self.theme else {
            return None;
        };
        Some(render::tree(&self.inputs(theme)))
    }

    /// The pages search indexes, copied out so the index can be built on another thread.
    pub(crate) fn search_pages(&self) -> Vec<crate::render::search::Page<'static>> {
        let (Ok(theme), Some(tree)) = (&self.theme, &self.tree) else {
            return Vec::new();
        };
        render::search_pages(&self.inputs(theme), tree)
            .into_iter()
            .map(crate::render::search::Page::into_owned)
            .collect()
    }

    /// Serves `index` in place of the previous search index.
    pub(crate) fn install_search(&mut self, index: crate::render::search::Index) {
        render::install_search_index(&mut self.site, index);
    }

    /// What rendering reads, from the current state.
    fn inputs<'s>(&'s self, theme: &'s Theme) -> render::Inputs<'s> {
        let Some(links) = &self.links else {
            unreachable!("pages are rendered after loading");
        };
        render::Inputs {
            project: &self.project,
            model: &self.model,
            layout: &self.layout,
            rendered: &self.rendered,
            theme,
            completeness: &self.facts.completeness,
            permalinks: &links.permalinks,
            code_files: &self.facts.code_files,
            history: &self.facts.history,
            status_history: &self.facts.status_history,
            reviews: &self.facts.reviews,
            page_memo: self.options.page_memo.as_deref(),
        }
    }

    /// Check: the project's findings, and those of the documents `docs` (all when `None`).
    pub fn check(&mut self, docs: Option<&BTreeSet<usize>>) {
        let config = &self.project.config;
        let mut project = check::decision_log::check(
            &self.model,
            usize::from(config.adr.digits),
            check::decision_log::review(config),
        );
        project.extend(check::code::check(
            &self.project,
            &self.model,
            &self.rendered,
            &self.facts.code_files,
        ));
        self.problems.project = project;
        let checks = check::DocChecks::new(&self.model, &self.rendered, config);
        let site = &self.site;
        let site_has = |p: &str| site.contains(p);
        match docs {
            Some(docs) if self.problems.doc_checks.len() == self.model.docs.len() => {
                for &d in docs {
                    self.problems.doc_checks[d] = checks.run(d, &site_has);
                }
            }
            _ => self.problems.doc_checks = checks.all(&site_has),
        }
    }

    /// The problems found while loading each document, by source path.
    pub(super) fn doc_problems(&mut self) -> &mut BTreeMap<String, Vec<Diagnostic>> {
        &mut self.problems.docs
    }

    /// Reads the theme again (a theme file changed).
    pub(crate) fn reload_theme(&mut self) {
        self.theme = load_theme(&self.project);
        self.theme_read = true;
    }

    /// Takes a new configuration: the next stages read it (and the theme it names).
    pub(crate) fn reconfigure(&mut self, project: Project) {
        self.project = project;
        self.highlighting = Pipeline::highlighting(&self.project, &self.options);
        self.reload_theme();
    }

    /// The folders never read as sources.
    pub(crate) fn exclude(&self) -> &[PathBuf] {
        &self.options.exclude
    }

    /// The cache of highlighted blocks the builds of this pipeline read and add to.
    pub(crate) fn block_cache(
        &self,
    ) -> Option<&crate::render::markdown::highlight_cache::BlockCache> {
        self.options.block_cache.as_deref()
    }
}

fn by_path(problems: Vec<Diagnostic>) -> BTreeMap<String, Vec<Diagnostic>> {
    let mut out: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for d in problems {
        out.entry(d.path.clone()).or_default().push(d);
    }
    out
}
