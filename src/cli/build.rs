//! `sadoc build`: render the site, report every problem, and write the output only when the
//! build passed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{EXIT_FINDINGS, EXIT_OK, Globals, print_diagnostics, shown};
use crate::load::config::FailOn;
use crate::pipeline;
use crate::util::diag::Counts;

/// Arguments of `sadoc build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder (default: the one found from the current folder upward).
    pub dir: Option<PathBuf>,
    /// Treat warnings (broken links, …) as errors.
    #[arg(long)]
    pub strict: bool,
    /// Output folder (default: `site/` in the project).
    #[arg(long, short, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Build one version of a versioned site (for `sadoc versions deploy --out`): pages get the
    /// version selector and the banner that points readers of older versions to the latest.
    #[arg(long)]
    pub versioned: bool,
}

/// Runs `sadoc build`.
pub fn run(globals: &Globals, args: Args) -> Result<ExitCode> {
    let mut project = globals.project(args.dir.as_deref())?;
    project.config.versioned |= args.versioned;
    // `strict: true` in the configuration (MkDocs' `strict`) is `--strict` for every build.
    let config_strict = project.config.strict;
    let out = match &args.out {
        Some(out) => crate::load::project::absolute(&globals.resolve(out)),
        None => project.output_dir(),
    };
    if let Err(message) = pipeline::check_output_dir(&project, &out) {
        bail!(message);
    }
    let site = crate::render::site::Site::staged_for(&out)?;
    let env = |k: &str| std::env::var(k).ok();
    let options = pipeline::Options::site(vec![out.clone()]).with_cache(&project, &env);
    let cache = options.clone();
    let (site, diagnostics, what, elapsed, stages) = if project.config.projects.is_empty() {
        let built = pipeline::build(project, options, site);
        let what = crate::util::plural(built.pages, "page");
        let stages = crate::util::timing::summary(&built.timings.stages);
        (built.site, built.diagnostics, what, built.elapsed, stages)
    } else {
        let workspace = crate::load::workspace::Workspace::open(project)?;
        let built = pipeline::workspace::build_workspace(&workspace, options, site);
        let members: Vec<String> = built
            .members
            .iter()
            .map(|(name, pages)| format!("{name} {pages}"))
            .collect();
        let what = format!(
            "the portal of {} ({}), {}",
            crate::util::plural(built.members.len(), "project"),
            members.join(", "),
            crate::util::plural(built.pages, "page")
        );
        (
            built.site,
            built.diagnostics,
            what,
            built.elapsed,
            String::new(),
        )
    };
    print_diagnostics(globals, &diagnostics);
    // The build cache is worth keeping whether or not the build passed.
    let saved = cache.save_cache();
    for problem in saved.problems() {
        eprintln!("warning: {problem}");
    }
    let dir = cache.block_cache.as_ref().map(|c| c.dir().to_path_buf());
    let cache_lines = cache_lines(&saved, dir.as_deref());
    let counts = Counts::of(&diagnostics);
    if failed(args.strict || config_strict, &counts, &out) {
        return Ok(ExitCode::from(EXIT_FINDINGS));
    }
    let files = site.len();
    site.write(&out)?;
    if !globals.quiet {
        eprintln!(
            "built {what} ({}) into `{}` in {} ms{}",
            crate::util::plural(files, "file"),
            shown(&out),
            elapsed.as_millis(),
            with_counts(&counts)
        );
        if globals.verbose && !stages.is_empty() {
            eprintln!("stages: {stages}");
        }
        if globals.verbose {
            for line in cache_lines {
                eprintln!("{line}");
            }
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}

/// What `build -v` says the build cache reused and kept, file by file.
fn cache_lines(saved: &pipeline::CacheSaved, dir: Option<&std::path::Path>) -> Vec<String> {
    let mut lines = Vec::new();
    if let (Some(Ok(saved)), Some(dir)) = (&saved.blocks, dir) {
        lines.push(if saved.untouched {
            format!("highlight cache `{}`: no block to highlight", shown(dir))
        } else {
            format!(
                "highlight cache `{}`: {} blocks reused, {} added, {} kept{}",
                shown(dir),
                saved.hits,
                saved.added,
                saved.kept,
                if saved.dropped > 0 {
                    format!(", {} dropped (over {} MB)", saved.dropped, MAX_CACHE_MB)
                } else {
                    String::new()
                }
            )
        });
    }
    for (what, saved) in [
        ("markdown", &saved.markdown),
        ("page", &saved.pages),
        ("search", &saved.search),
    ] {
        if let Some(Ok(saved)) = saved {
            lines.push(format!(
                "{what} cache: {} pages reused, {} added, {} kept",
                saved.hits, saved.added, saved.kept
            ));
        }
    }
    lines
}

const MAX_CACHE_MB: usize = crate::render::markdown::highlight_cache::MAX_BYTES >> 20;

/// Whether the build fails (`--strict`: on warnings too); says so, and that the previous
/// output stays.
fn failed(strict: bool, counts: &Counts, out: &std::path::Path) -> bool {
    if !FailOn::strict(strict).fails(counts) {
        return false;
    }
    let why = if counts.errors == 0 {
        " (strict: warnings are errors)"
    } else {
        ""
    };
    eprintln!(
        "build failed: {counts}{why}; the previous output in `{}` was left untouched",
        shown(out)
    );
    true
}

fn with_counts(counts: &Counts) -> String {
    match (counts.warnings, counts.compatibility) {
        (0, _) => String::new(),
        (_, 0) => format!(" with {counts}"),
        (_, n) => format!(
            " with {counts} ({n} about MkDocs input sadoc does not act on, which `--strict` does not fail on)"
        ),
    }
}
