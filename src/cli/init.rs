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
    /// Write the `sadoc.yml` equivalent to another tool's configuration instead of a new
    /// project (`mkdocs`: the folder's `mkdocs.yml`).
    #[arg(long, value_enum)]
    pub from: Option<From>,
}

/// Configurations `sadoc init --from` translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum From {
    /// MkDocs / mkdocs-material: `mkdocs.yml`.
    Mkdocs,
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
    if args.from == Some(From::Mkdocs) {
        return from_mkdocs(globals, &dir);
    }
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
        if let Some(log) = &plan.adopted {
            eprintln!(
                "adopted the decision log in {} ({}): `adr.dir` points at it, and no second log was started",
                log.dir, log.found_by
            );
        }
        if !plan.gitignore_additions.is_empty() {
            eprintln!(
                "added {} to {}",
                plan.gitignore_additions.join(" and "),
                shown(&dir.join(".gitignore"))
            );
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

/// `sadoc init --from mkdocs`: writes the `sadoc.yml` equivalent to `mkdocs.yml` and says what
/// was mapped and what was not.
fn from_mkdocs(globals: &Globals, dir: &std::path::Path) -> Result<ExitCode> {
    let Some(name) = crate::load::mkdocs::FILE_NAMES
        .iter()
        .find(|n| dir.join(n).is_file())
    else {
        eprintln!(
            "error: no mkdocs.yml in `{}`\n  help: run `sadoc init --from mkdocs` in the folder that holds mkdocs.yml",
            shown(dir)
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| anyhow::anyhow!("cannot read `{}`: {e}", shown(&path)))?;
    let env = |var: &str| std::env::var(var).ok();
    let exists = |d: &str| dir.join(d).is_dir();
    let import = match crate::load::mkdocs::import(&text, name, &env, &exists, "") {
        Ok(import) => import,
        Err(e) => {
            let at = match (e.line, e.column) {
                (Some(l), Some(c)) => format!(":{l}:{c}"),
                (Some(l), None) => format!(":{l}"),
                _ => String::new(),
            };
            eprintln!("{}{at}: error: {}", shown(&path), e.message);
            return Ok(ExitCode::from(super::EXIT_FINDINGS));
        }
    };
    let plan = init::plan_from_mkdocs(dir, &import, name);
    if !plan.conflicts.is_empty() {
        eprintln!(
            "error: `{}` already exists\nnothing was written: sadoc init never overwrites files\n  help: remove or rename it to write a new one from {name}",
            shown(&dir.join(&plan.conflicts[0]))
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let written = init::write(dir, &plan)?;
    if !globals.quiet {
        let (mapped, not): (Vec<_>, Vec<_>) = import
            .findings
            .iter()
            .partition(|d| d.severity == crate::util::diag::Severity::Info);
        eprintln!("mapped from {name}:");
        for d in &mapped {
            eprintln!("  {}", d.message);
        }
        if !not.is_empty() {
            eprintln!("not mapped:");
            for d in &not {
                let line = d.line.map(|l| format!("{name}:{l}: ")).unwrap_or_default();
                eprintln!("  {line}{}", d.message);
            }
        }
        for path in &written {
            eprintln!("created {}", shown(path));
        }
        eprintln!("\nnext: run `sadoc build --strict` in `{}`", shown(dir));
    }
    Ok(ExitCode::from(EXIT_OK))
}
