//! Building a project: the [`Pipeline`] of stages, the options a command builds with, and
//! what a one-shot build returns.
//!
//! [`build`] never writes anything; it returns the [`Site`] and every diagnostic, and the caller
//! decides whether the site may be written (no errors, and no warnings under `--strict`). A
//! build into a site staged beside the output folder ([`Site::staged_for`]) writes its files as
//! they are rendered, but the output itself is only replaced when the caller writes the site.

pub mod affected;
pub mod check;
mod check_decisions;
mod edits;
mod git_facts;
pub mod markdown_memo;
mod markdown_stage;
mod setup;
mod stages;
pub mod workspace;

pub use crate::util::timing::Timings;
pub(crate) use edits::{Edit, file_targets};
pub use setup::{CacheSaved, Options, check_output_dir, load_theme};
pub use stages::{Facts, Pipeline};

use std::time::{Duration, Instant};

use crate::load::project::Project;
use crate::model::{Layout, Model};
use crate::render::markdown::Rendered;
use crate::render::markdown::resolve::Target;
use crate::render::site::Site;
use crate::util::diag::Diagnostic;

/// The result of a one-shot build.
#[derive(Debug)]
pub struct Built {
    /// The project built.
    pub project: Project,
    /// Every output file, in memory or staged.
    pub site: Site,
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The documents.
    pub model: Model,
    /// Where things went.
    pub layout: Layout,
    /// Each document's rendered markdown (links, anchors, sections), aligned with the model.
    pub rendered: Vec<Rendered<Target>>,
    /// What the build derived: completeness, code files, history.
    pub facts: Facts,
    /// Number of documents rendered.
    pub pages: usize,
    /// How long the build took.
    pub elapsed: Duration,
    /// How long each stage took.
    pub timings: Timings,
    /// The pages search indexes, when [`Options::keep_search_pages`] asked for them.
    pub search_pages: Vec<crate::render::search::Page<'static>>,
}

/// Builds `project` with `options` into `site` (empty: [`Site::new`] in memory, or
/// [`Site::staged_for`] the output folder), running every stage once.
pub fn build(project: Project, options: Options, site: Site) -> Built {
    let started = Instant::now();
    let mut pipeline = Pipeline::new(project, options, site);
    pipeline.run();
    let diagnostics = pipeline.diagnostics();
    let search_pages = if pipeline.options.keep_search_pages {
        pipeline.search_pages()
    } else {
        Vec::new()
    };
    let Pipeline {
        project,
        model,
        layout,
        rendered,
        facts,
        site,
        timings,
        ..
    } = pipeline;
    Built {
        project,
        site,
        diagnostics,
        pages: model.docs.len(),
        model,
        layout,
        rendered,
        facts,
        elapsed: started.elapsed(),
        timings,
        search_pages,
    }
}
