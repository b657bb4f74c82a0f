//! `sadoc model export`: the architecture model as JSON, Structurizr DSL or Graphviz DOT.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Subcommand, ValueEnum};

use super::{EXIT_OK, Globals, shown};
use crate::render::model_export::Export;

/// Arguments of `sadoc model`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: ModelCommand,
}

/// The `sadoc model` commands.
#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Print every view, element, relation, decision and governed path.
    Export {
        /// The format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// Formats of `sadoc model export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON, for catalogs such as Backstage or DataHub.
    Json,
    /// A Structurizr DSL workspace (opens in Structurizr or LikeC4).
    Structurizr,
    /// Graphviz DOT (`| dot -Tsvg`).
    Dot,
}

/// Runs `sadoc model`.
pub fn run(globals: &Globals, args: Args) -> Result<ExitCode> {
    let ModelCommand::Export { format, out } = args.command;
    let project = globals.project(None)?;
    let loaded = crate::load::load(&project, &[project.output_dir()]);
    let export = Export::of(&loaded.model, &project.config.title);
    let text = match format {
        Format::Json => export.json(),
        Format::Structurizr => export.structurizr(),
        Format::Dot => export.dot(),
    };
    match out {
        Some(path) => {
            let path = globals.resolve(&path);
            // A new file gets the usual mode; an existing one is replaced whole, atomically.
            if path.exists() {
                crate::util::write::replace(&path, text.as_bytes())
            } else {
                crate::util::write::create_new(&path, text.as_bytes()).map_err(Into::into)
            }
            .with_context(|| format!("cannot write `{}`", shown(&path)))?;
            if !globals.quiet {
                eprintln!("wrote {}", shown(&path));
            }
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::from(EXIT_OK))
}
