//! The build pipeline: load → render markdown → render pages → check, all in memory.
//!
//! [`build`] never writes anything; it returns the [`Site`] and every diagnostic, and the caller
//! decides whether the site may be written (no errors, and no warnings under `--strict`).

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
}

/// How to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Highlight code blocks (off for checks, which discard the HTML).
    pub highlight: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { highlight: true }
    }
}

/// Builds the site of `project` in memory. `exclude` lists absolute folders never to read as
/// sources (the output folder).
pub fn build(project: &Project, exclude: &[PathBuf]) -> Built {
    build_with(project, exclude, Options::default())
}

/// [`build`] with options.
pub fn build_with(project: &Project, exclude: &[PathBuf], options: Options) -> Built {
    let started = Instant::now();
    let load::Loaded {
        model,
        layout,
        mut diagnostics,
    } = load::load(project, exclude);

    let generated = generated_pages(project, &layout);
    let git = crate::git::Repo::discover(&project.root);
    let commit = crate::permalink::current_commit(git.as_ref(), &|k| std::env::var(k).ok());
    let permalinks = Permalinks::new(project.config.repo.as_ref(), commit, git.as_ref());
    let highlighter = if options.highlight {
        Highlighter::new()
    } else {
        Highlighter::plain()
    };
    let markdown = Markdown::default();
    let rendered: Vec<Rendered<Target>> = model
        .docs
        .par_iter()
        .map(|doc| {
            let resolver = Resolver {
                model: &model,
                layout: &layout,
                root: &project.root,
                permalinks: &permalinks,
                from_source: &doc.source,
                from_file: &doc.page.file,
                generated: &generated,
            };
            markdown.render(&doc.body, doc.body_line, &highlighter, &resolver)
        })
        .collect();

    let (sad_findings, completeness) = check::sad::check(&model, &rendered, &project.config);
    let code_files = check::code::CodeFiles::list(project, git.as_ref());
    diagnostics.extend(sad_findings);
    let site = match load_theme(project) {
        Ok(theme) => {
            let (site, problems) = render::render_site(&render::Inputs {
                project,
                model: &model,
                layout: &layout,
                rendered: &rendered,
                theme: &theme,
                completeness: &completeness,
                permalinks: &permalinks,
                code_files: &code_files,
            });
            diagnostics.extend(problems);
            site
        }
        Err(problems) => {
            diagnostics.extend(problems);
            Site::new()
        }
    };
    diagnostics.extend(check::links::check(&model, &rendered, &|p| {
        site.contains(p)
    }));
    let digits = usize::from(project.config.adr.digits);
    diagnostics.extend(check::adr::check(&model, digits));
    diagnostics.extend(check::code::check(
        project,
        &model,
        &rendered,
        &code_files,
        git.as_ref(),
    ));
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

fn load_theme(project: &Project) -> Result<Theme, Vec<Diagnostic>> {
    let config = &project.config;
    let dir = config.theme.dir.as_ref().map(|d| project.path(d));
    if let (Some(path), Some(shown)) = (&dir, &config.theme.dir) {
        if !path.is_dir() {
            return Err(vec![
                Diagnostic::error(
                    "theme/missing",
                    crate::project::CONFIG_FILE,
                    format!("`theme.dir` is `{shown}`, which is not a folder"),
                )
                .with_help("create the folder or remove `theme.dir`"),
            ]);
        }
    }
    Theme::load(
        dir.as_deref(),
        config.theme.dir.as_deref().unwrap_or("theme"),
        config.lang,
        vec![(
            "highlight.css".to_string(),
            highlight::stylesheet().into_bytes(),
        )],
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
