//! `sadoc init`: create a project without overwriting anything.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::{EXIT_OK, EXIT_USAGE, Globals, shown};
use crate::edit::init;

/// Arguments of `sadoc init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to create the project in (default: the current folder).
    pub dir: Option<PathBuf>,
    /// Site title (default: from the folder name).
    #[arg(long)]
    pub title: Option<String>,
    /// Structure of the starter SAD.
    #[arg(long, value_enum, default_value_t = Profile::ViewsAndBeyond)]
    pub profile: Profile,
}

/// The SAD structures `sadoc init` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Profile {
    /// SEI Views and Beyond: roadmap, overview, views, mapping, rationale, glossary.
    ViewsAndBeyond,
    /// arc42's twelve sections.
    Arc42,
}

/// Runs `sadoc init`.
pub fn run(globals: &Globals, args: Args) -> Result<ExitCode> {
    let dir = crate::load::project::absolute(
        &args
            .dir
            .map_or_else(|| globals.base.clone(), |d| globals.resolve(&d)),
    );
    let title = args.title.unwrap_or_else(|| init::default_title(&dir));
    let profile = match args.profile {
        Profile::ViewsAndBeyond => crate::load::config::SadProfile::ViewsAndBeyond,
        Profile::Arc42 => crate::load::config::SadProfile::Arc42,
    };
    let plan = init::plan(&dir, &title, &crate::util::date::today(), profile);
    if !plan.conflicts.is_empty() {
        for conflict in &plan.conflicts {
            eprintln!("error: `{}` already exists", shown(&dir.join(conflict)));
        }
        eprintln!(
            "nothing was written: sadoc init never overwrites files\n  help: move those files away, or run `sadoc init` in another folder"
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let written = init::write(&dir, &plan)?;
    if !globals.quiet {
        for path in &written {
            eprintln!("created {}", shown(path));
        }
        if let Some(include) = &plan.ci_include {
            eprintln!(
                "\n`.gitlab-ci.yml` already exists and was left alone; add these lines to it:\n\n{include}"
            );
        }
        eprintln!(
            "\nnext: run `sadoc build` in `{}` and open site/index.html",
            shown(&dir)
        );
    }
    Ok(ExitCode::from(EXIT_OK))
}
