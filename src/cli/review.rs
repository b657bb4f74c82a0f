//! `sadoc review`: records that documents were reviewed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Subcommand;

use super::Globals;
use crate::edit::review_mark::{MarkError, mark};
use crate::util::date::Date;
use crate::util::paths::shown;

/// `sadoc review` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: ReviewCommand,
}

#[derive(Debug, Subcommand)]
enum ReviewCommand {
    /// Write `last_reviewed:` with today's date into documents' front matter, every other
    /// byte kept.
    Mark {
        /// The documents: paths, or ADRs by number or title.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The date of the review (default: today, or `SOURCE_DATE_EPOCH`'s day).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
}

/// Runs `sadoc review`.
pub fn run(globals: &Globals, args: Args) -> Result<ExitCode> {
    match args.command {
        ReviewCommand::Mark { paths, date } => {
            let date = match date {
                Some(text) => parse_date(&text)?,
                None => Date::today(),
            };
            let files = paths
                .iter()
                .map(|p| file_of(globals, p))
                .collect::<Result<Vec<_>>>()?;
            // Every file is read and edited before any is written: one bad file changes none.
            let mut edits = Vec::new();
            for file in &files {
                let text = std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read `{}`", shown(file)))?;
                let edited = mark(&text, date).map_err(|e| match e {
                    MarkError::Toml => anyhow::anyhow!(
                        "`{}` starts with TOML front matter (`+++`), which sadoc does not write into\n  help: add `last_reviewed: {date}` to it by hand",
                        shown(file)
                    ),
                    MarkError::FrontMatter(line, message) => anyhow::anyhow!(
                        "{}:{line}: the front matter cannot be read ({message}); nothing was written\n  help: fix the YAML, then run the command again",
                        shown(file)
                    ),
                })?;
                edits.push((file, text, edited));
            }
            for (file, before, after) in edits {
                if before == after {
                    if !globals.quiet {
                        println!("unchanged {} (last_reviewed: {date})", shown(file));
                    }
                    continue;
                }
                crate::util::write::replace(file, after.as_bytes())?;
                if !globals.quiet {
                    println!("marked {}: last_reviewed: {date}", shown(file));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn parse_date(text: &str) -> Result<Date> {
    match Date::parse_iso(text) {
        Some(date) if date.to_string() == text.trim() => Ok(date),
        _ => bail!("`{text}` is not a date\n  help: write it as YYYY-MM-DD"),
    }
}

/// The file a command-line argument names: a path (from the current folder, else from the
/// project's), else an ADR by number or title.
fn file_of(globals: &Globals, arg: &Path) -> Result<PathBuf> {
    let direct = globals.resolve(arg);
    if direct.is_file() {
        return Ok(direct);
    }
    let project = globals.project(None)?;
    let in_project = project.root.join(arg);
    if in_project.is_file() {
        return Ok(in_project);
    }
    let workspace = crate::edit::Workspace::open(&project);
    let reference = arg.to_string_lossy();
    match workspace.find(&reference) {
        Ok(index) => Ok(project.path(workspace.source(index))),
        Err(_) => bail!(
            "`{}` is neither a file nor an ADR of this project\n  help: give the document's path, e.g. `sadoc review mark docs/runbooks/restart.md`",
            arg.display()
        ),
    }
}
