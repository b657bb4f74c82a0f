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
}

/// Runs `sadoc build`.
pub fn run(globals: &Globals, args: Args) -> Result<ExitCode> {
    let project = globals.project(args.dir.as_deref())?;
    let out = match &args.out {
        Some(out) => crate::load::project::absolute(&globals.resolve(out)),
        None => project.root.join("site"),
    };
    if let Err(message) = pipeline::check_output_dir(&project, &out) {
        bail!(message);
    }
    let site = crate::render::site::Site::staged_for(&out)?;
    let built = pipeline::build(project, pipeline::Options::site(vec![out.clone()]), site);
    print_diagnostics(globals, &built.diagnostics);
    let counts = Counts::of(&built.diagnostics);
    let failed = FailOn::strict(args.strict).fails(&counts);
    if failed {
        let why = if counts.errors == 0 {
            " (--strict: warnings are errors)"
        } else {
            ""
        };
        eprintln!(
            "build failed: {counts}{why}; the previous output in `{}` was left untouched",
            shown(&out)
        );
        return Ok(ExitCode::from(EXIT_FINDINGS));
    }
    let files = built.site.len();
    built.site.write(&out)?;
    if !globals.quiet {
        let warnings = if counts.warnings > 0 {
            format!(" with {counts}")
        } else {
            String::new()
        };
        eprintln!(
            "built {} pages ({} files) into `{}` in {} ms{warnings}",
            built.pages,
            files,
            shown(&out),
            built.elapsed.as_millis()
        );
        if globals.verbose {
            let stages: Vec<String> = built
                .timings
                .stages
                .iter()
                .map(|(name, took, peak)| match peak {
                    Some(bytes) => format!(
                        "{name} {} ms (peak {} MB)",
                        took.as_millis(),
                        bytes / 1_000_000
                    ),
                    None => format!("{name} {} ms", took.as_millis()),
                })
                .collect();
            eprintln!("stages: {}", stages.join(", "));
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}
