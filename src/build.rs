//! The build pipeline: load → render markdown → render pages → check, all in memory.
//!
//! [`build`] never writes anything; it returns the [`Site`] and every diagnostic, and the caller
//! decides whether the site may be written (no errors, and no warnings under `--strict`).
//! [`build_into`] renders into a site the caller made, such as one staged beside the output
//! folder ([`Site::staged_for`]): its files go to disk as they are rendered, but the output
//! itself is only replaced when the caller writes the site.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::check;
use crate::diag::{self, Diagnostic};
use crate::highlight::{self, Highlighter};
use crate::links::{Resolver, Target};
use crate::load;
use crate::markdown::{Markdown, Rendered};
use crate::model::{Layout, Model, SitePage};
use crate::permalink::Permalinks;
use crate::project::Project;
use crate::render::{self, theme::Theme};
use crate::site::Site;

/// The result of a build.
#[derive(Debug)]
pub struct Built {
    /// Every output file, in memory.
    pub site: Site,
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The documents.
    pub model: Model,
    /// Where things went.
    pub layout: Layout,
    /// Each document's rendered markdown (links, anchors, sections), aligned with the model.
    pub rendered: Vec<Rendered<Target>>,
    /// The SAD's completeness.
    pub completeness: check::sad::Completeness,
    /// The project's files at HEAD (or in the working tree).
    pub code_files: check::code::CodeFiles,
    /// Number of documents rendered.
    pub pages: usize,
    /// How long the build took.
    pub elapsed: Duration,
    /// How long each stage took.
    pub timings: Timings,
}

/// Builds the site of `project` in memory. `exclude` lists absolute folders never to read as
/// sources (the output folder).
pub fn build(project: &Project, exclude: &[PathBuf]) -> Built {
    build_into(project, exclude, Site::new())
}

/// [`build`] into `site` (see [`Site::staged_for`]).
pub fn build_into(project: &Project, exclude: &[PathBuf], site: Site) -> Built {
    let options = Options {
        highlighter: &Highlighter::new().with_plantuml(project.config.diagrams.plantuml.as_deref()),
        history: true,
        search: true,
        keep_highlights: false,
    };
    build_using_into(project, exclude, &options, site)
}

/// How to build, beyond the project.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The highlighter: [`Highlighter::plain`] for checks, which discard the HTML, or one kept
    /// between builds so unchanged code blocks are not highlighted again.
    pub highlighter: &'a Highlighter,
    /// Read who changed each page from git (pages show it; checks do not need it).
    pub history: bool,
    /// Build the search index (the site needs it; checks do not).
    pub search: bool,
    /// Keep the highlighter's caches for later builds; otherwise they are freed once the
    /// markdown is rendered, for the stages after it.
    pub keep_highlights: bool,
}

/// [`build`] with options.
pub fn build_using(project: &Project, exclude: &[PathBuf], options: &Options<'_>) -> Built {
    build_using_into(project, exclude, options, Site::new())
}

fn build_using_into(
    project: &Project,
    exclude: &[PathBuf],
    options: &Options<'_>,
    site: Site,
) -> Built {
    let started = Instant::now();
    let mut timings = Timings::default();
    let load::Loaded {
        model,
        layout,
        mut diagnostics,
        doc_problems,
    } = load::load(project, exclude);
    diagnostics.extend(doc_problems.into_values().flatten());
    let stages = Stages::new(project, &layout, options.highlighter);
    timings.lap("load");
    let all: Vec<usize> = (0..model.docs.len()).collect();
    let rendered = stages.markdown(&model, &layout, &all);
    if !options.keep_highlights {
        options.highlighter.forget();
    }
    timings.lap("markdown");
    let (sad_findings, completeness) = check::sad::check(&model, &rendered, &project.config);
    diagnostics.extend(sad_findings);
    let code_files = check::code::CodeFiles::list(project, stages.git.as_ref());
    timings.lap("SAD checks, code files");
    let (history, shallow) = if options.history {
        stages.history()
    } else {
        Default::default()
    };
    diagnostics.extend(shallow);
    timings.lap("git history");
    let site = match &load_theme(project) {
        Ok(theme) => {
            let inputs = render::Inputs {
                project,
                model: &model,
                layout: &layout,
                rendered: &rendered,
                theme,
                completeness: &completeness,
                permalinks: &stages.permalinks,
                code_files: &code_files,
                history: &history,
            };
            let tree = render::tree(&inputs);
            // The search index reads only the rendered markdown: it is built beside the pages,
            // so neither waits on the other's sequential parts.
            let storage = site.storage();
            let ((mut site, problems), index) = rayon::join(
                || render::render_site_with(&inputs, &tree, site),
                || {
                    options
                        .search
                        .then(|| render::search_index_into(&inputs, &tree, &storage))
                },
            );
            diagnostics.extend(problems);
            timings.lap("pages and search index");
            if let Some(index) = index {
                render::install_search_index(&mut site, index);
                timings.lap("search files");
            }
            site
        }
        Err(problems) => {
            diagnostics.extend(problems.iter().cloned());
            site
        }
    };
    diagnostics.extend(stages.checks(&model, &rendered, &code_files, &site));
    timings.lap("link checks");
    diag::sort(&mut diagnostics);
    Built {
        site,
        diagnostics,
        pages: model.docs.len(),
        rendered,
        completeness,
        code_files,
        model,
        layout,
        elapsed: started.elapsed(),
        timings,
    }
}

/// How long each stage of a build took, in order, and the process's peak memory when it ended
/// (`sadoc build --verbose` prints them).
#[derive(Debug, Clone)]
pub struct Timings {
    /// Each stage's name, duration, and the peak resident memory in bytes when it ended (where
    /// the system tells it).
    pub stages: Vec<(&'static str, Duration, Option<u64>)>,
    last: Instant,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            stages: Vec::new(),
            last: Instant::now(),
        }
    }
}

impl Timings {
    /// Ends the stage `name`, started when the previous one ended.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.last, peak_memory()));
        self.last = now;
    }
}

/// The peak resident memory of this process so far, in bytes (Linux: `VmHWM`).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// What the stages of one build share: the repository, permalinks, the pages sadoc generates,
/// and the highlighter. `sadoc serve` makes one per rebuild and runs only the stages
/// an edit needs.
pub struct Stages<'a> {
    /// The project.
    pub project: &'a Project,
    /// The repository, when the project is in one.
    pub git: Option<crate::git::Repo>,
    /// Links to code at the commit being built.
    pub permalinks: Permalinks,
    /// Generated pages documents may link to, by the source path they are linked as.
    pub generated: HashMap<String, SitePage>,
    highlighter: &'a Highlighter,
}

impl<'a> Stages<'a> {
    /// Prepares the stages for `project`.
    pub fn new(project: &'a Project, layout: &Layout, highlighter: &'a Highlighter) -> Stages<'a> {
        let git = crate::git::Repo::discover(&project.root);
        let commit = crate::permalink::current_commit(git.as_ref(), &|k| std::env::var(k).ok());
        let permalinks = Permalinks::new(project.config.repo.as_ref(), commit, git.as_ref());
        Stages {
            project,
            permalinks,
            generated: generated_pages(project, layout),
            git,
            highlighter,
        }
    }

    /// Who changed each document and when, from one walk over the history, and a warning when
    /// the clone is too shallow to tell for every page.
    pub fn history(&self) -> (crate::history::History, Option<Diagnostic>) {
        let Some(git) = &self.git else {
            return (crate::history::History::default(), None);
        };
        let config = &self.project.config;
        let dirs = [
            config.docs.dir.as_str(),
            config.sad.dir.as_str(),
            config.adr.dir.as_str(),
        ];
        let history = crate::history::collect(git, &dirs);
        let warning = history.shallow_boundary.as_ref().map(|boundary| {
            Diagnostic::warning(
                "git/shallow",
                crate::project::CONFIG_FILE,
                format!(
                    "the clone is shallow (history stops at commit {boundary}): pages last changed before it show their date as unknown"
                ),
            )
            .with_help("fetch the whole history: `git fetch --unshallow`, or `GIT_DEPTH: 0` in the CI job")
        });
        (history, warning)
    }

    /// Renders the markdown of the documents `docs` (indices into `model.docs`), in parallel.
    pub fn markdown(
        &self,
        model: &Model,
        layout: &Layout,
        docs: &[usize],
    ) -> Vec<Rendered<Target>> {
        let markdown = Markdown::default();
        let (root, permalinks, generated, highlighter) = (
            &self.project.root,
            &self.permalinks,
            &self.generated,
            self.highlighter,
        );
        docs.par_iter()
            .map(|&i| {
                let doc = &model.docs[i];
                let resolver = Resolver {
                    model,
                    layout,
                    root,
                    permalinks,
                    from_source: &doc.source,
                    from_file: &doc.page.file,
                    generated,
                };
                markdown.render(&doc.body, doc.body_line, highlighter, &resolver)
            })
            .collect()
    }

    /// Renders the markdown of a document that is not (yet) in `model`, as `model` would link it.
    pub fn markdown_of(
        &self,
        model: &Model,
        layout: &Layout,
        doc: &crate::model::Doc,
    ) -> Rendered<Target> {
        let resolver = Resolver {
            model,
            layout,
            root: &self.project.root,
            permalinks: &self.permalinks,
            from_source: &doc.source,
            from_file: &doc.page.file,
            generated: &self.generated,
        };
        Markdown::default().render(&doc.body, doc.body_line, self.highlighter, &resolver)
    }

    /// The checks of the project as a whole that need the rendered site: the decision log and
    /// the code the documents govern.
    pub fn project_checks(
        &self,
        model: &Model,
        rendered: &[Rendered<Target>],
        code_files: &check::code::CodeFiles,
    ) -> Vec<Diagnostic> {
        let mut out = check::adr::check(model, usize::from(self.project.config.adr.digits));
        out.extend(check::code::check(
            self.project,
            model,
            rendered,
            code_files,
            self.git.as_ref(),
        ));
        out
    }

    /// Every check that needs the rendered site: the project's and each document's.
    pub fn checks(
        &self,
        model: &Model,
        rendered: &[Rendered<Target>],
        code_files: &check::code::CodeFiles,
        site: &Site,
    ) -> Vec<Diagnostic> {
        let mut out = self.project_checks(model, rendered, code_files);
        let docs = check::DocChecks::new(model, rendered, &self.project.config);
        out.extend(docs.all(&|p| site.contains(p)).into_iter().flatten());
        out
    }
}

/// Pages sadoc generates that documents may link to as if they were markdown files: the SAD's
/// completeness report (`<sad.dir>/completeness.md`).
fn generated_pages(project: &Project, layout: &Layout) -> HashMap<String, SitePage> {
    let sad = layout.root(crate::model::Section::Sad);
    let mut pages = HashMap::new();
    let source = if sad.dir.is_empty() {
        "completeness.md".to_string()
    } else {
        format!("{}/completeness.md", sad.dir)
    };
    let node = if sad.prefix.is_empty() {
        "completeness".to_string()
    } else {
        format!("{}/completeness", sad.prefix)
    };
    if project.path(&sad.dir).is_dir() {
        pages.insert(source, layout.generated_page(&node));
    }
    pages
}

/// The project's theme: the built-in one with `theme.dir`'s files over it.
pub fn load_theme(project: &Project) -> Result<Theme, Vec<Diagnostic>> {
    let config = &project.config;
    let dir = config.theme.dir.as_ref().map(|d| project.path(d));
    if let (Some(path), Some(shown)) = (&dir, &config.theme.dir)
        && !path.is_dir()
    {
        return Err(vec![
            Diagnostic::error(
                "theme/missing",
                crate::project::CONFIG_FILE,
                format!("`theme.dir` is `{shown}`, which is not a folder"),
            )
            .with_help("create the folder or remove `theme.dir`"),
        ]);
    }
    let mut extra = vec![(
        "highlight.css".to_string(),
        highlight::stylesheet().into_bytes(),
    )];
    let mut problems = Vec::new();
    for (key, stem, configured) in [
        ("logo", "logo", &config.theme.logo),
        ("favicon", "site-favicon", &config.theme.favicon),
    ] {
        let Some(path) = configured else { continue };
        match std::fs::read(project.path(path)) {
            Ok(bytes) => {
                let extension = crate::paths::extension(path);
                extra.push((format!("{stem}.{extension}"), bytes));
            }
            Err(e) => problems.push(
                Diagnostic::error(
                    "theme/missing",
                    crate::project::CONFIG_FILE,
                    format!("`theme.{key}` is `{path}`, which cannot be read: {e}"),
                )
                .with_help("give a path relative to the folder of sadoc.yml, or remove the key"),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Theme::load(
        dir.as_deref(),
        config.theme.dir.as_deref().unwrap_or("theme"),
        config.lang,
        extra,
    )
}

/// Why an output folder may not be used.
pub fn check_output_dir(project: &Project, out: &Path) -> Result<(), String> {
    let out = crate::project::absolute(out);
    let mut protected = vec![("the project folder", project.root.clone())];
    let config = &project.config;
    for (what, dir) in [
        ("docs.dir", &config.docs.dir),
        ("sad.dir", &config.sad.dir),
        ("adr.dir", &config.adr.dir),
    ] {
        protected.push((what, project.path(dir)));
    }
    for (what, dir) in protected {
        if dir.starts_with(&out) {
            return Err(format!(
                "the output folder `{}` would replace {what} (`{}`)\n  help: choose an --out outside your sources, such as `site/`",
                out.display(),
                dir.display()
            ));
        }
    }
    Ok(())
}
