//! The command line: argument parsing (clap derive) and one module per command.
//!
//! This is the only layer that prints. Commands return an [`ExitCode`] following DESIGN §5:
//! 0 ok, 1 findings at or above the fail level, 2 usage or configuration error, 3 git
//! environment problem. Errors returned from [`run`] are usage/configuration errors (exit 2).

mod adr;
mod adr_show;
mod affected;
mod build;
mod check;
mod code;
mod config;
#[cfg(feature = "deploy")]
mod deploy;
mod editor;
mod init;
mod model;
mod review;
#[cfg(feature = "serve")]
mod serve;
#[cfg(feature = "deploy")]
mod versions;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

use crate::load::project::Project;
use crate::util::diag::Diagnostic;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings at or above the fail level.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage or configuration error.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: git environment problem (not a repository, a commit missing from a shallow clone).
pub const EXIT_GIT: u8 = 3;

/// sadoc's version and the commit it was built from (`0.1.0 (1a2b3c4d5e6f)`; `unknown` when
/// built outside git without `SADOC_BUILD_COMMIT`).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("SADOC_COMMIT"), ")");

/// sadoc turns architecture documentation (an SEI Views and Beyond SAD and numbered ADRs,
/// in markdown) into a static website, and keeps it honest in merge requests.
#[derive(Debug, Parser)]
#[command(
    name = "sadoc",
    version = VERSION,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Run as if sadoc was started in DIR.
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub directory: Option<PathBuf>,
    /// Use this configuration file instead of searching for sadoc.yml.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Print only problems, no progress or summary.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Also print notes (information that never fails a build).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site: render every page, check links, write the output atomically.
    Build(build::Args),
    /// Create a new project: sadoc.yml, a starter SAD, ADR 0001 and a CI job.
    Init(init::Args),
    /// Architecture decision records: new, list, show, status, link, lint.
    Adr(adr::Args),
    /// The projects of a workspace a change touches (their documents or governed code).
    Affected(affected::Args),
    /// Which views and decisions govern a code path.
    Code(code::Args),
    /// The architecture model as data: `sadoc model export --format json|structurizr|dot`.
    Model(model::Args),
    /// Record that documents were reviewed (`review mark PATH`).
    Review(review::Args),
    /// Print the reference of every sadoc.yml key: its default and what it does.
    Config(config::Args),
    /// Check a merge request: governed code changed without its documents, and documentation lint.
    Check(check::Args),
    /// Preview the site: build, serve from memory, rebuild on save, reload the browser.
    #[cfg(feature = "serve")]
    Serve(serve::Args),
    /// Publish the site to an S3 bucket, uploading only what changed.
    #[cfg(feature = "deploy")]
    Deploy(deploy::Args),
    /// A site per release on S3 (mike's layout): deploy, list, delete, alias, retitle, set-default.
    #[cfg(feature = "deploy")]
    Versions(versions::Args),
    /// Print the shell completion script, e.g. `sadoc completions bash > ~/.local/share/bash-completion/completions/sadoc`.
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

/// Options shared by every command, resolved against `-C`.
#[derive(Debug, Clone)]
pub struct Globals {
    /// The folder relative paths are resolved against.
    pub base: PathBuf,
    /// Explicit configuration file.
    pub config: Option<PathBuf>,
    /// Print only problems.
    pub quiet: bool,
    /// Also print notes.
    pub verbose: bool,
}

impl Globals {
    /// A path given on the command line, resolved against `-C`.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        self.base.join(path)
    }

    /// Opens the project: the explicit `--config`, else the nearest `sadoc.yml` at or above
    /// `dir` (or the base folder); a workspace's member knows its workspace.
    pub fn project(&self, dir: Option<&Path>) -> Result<Project> {
        let project = match &self.config {
            Some(config) => Project::open(&self.resolve(config))?,
            None => {
                let start = dir.map_or_else(|| self.base.clone(), |d| self.resolve(d));
                Project::discover(&start)?
            }
        };
        Ok(with_workspace(project))
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let globals = Globals {
        base: match &cli.directory {
            Some(d) => cwd.join(d),
            None => cwd,
        },
        config: cli.config,
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Build(args) => build::run(&globals, args),
        Command::Init(args) => init::run(&globals, args),
        Command::Adr(args) => adr::run(&globals, args),
        Command::Affected(args) => affected::run(&globals, args),
        Command::Code(args) => code::run(&globals, args),
        Command::Model(args) => model::run(&globals, args),
        Command::Review(args) => review::run(&globals, args),
        Command::Config(args) => Ok(config::run(args)),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "sadoc", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(args) => check::run(&globals, args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(&globals, args),
        #[cfg(feature = "deploy")]
        Command::Deploy(args) => deploy::run(&globals, args),
        #[cfg(feature = "deploy")]
        Command::Versions(args) => versions::run(&globals, args),
    }
}

/// Prints diagnostics to stderr, one per line (with help lines). Notes (information) are
/// printed only with `--verbose`; otherwise their number is.
pub fn print_diagnostics(globals: &Globals, diagnostics: &[Diagnostic]) {
    let mut notes = 0;
    for d in diagnostics {
        if d.severity == crate::util::diag::Severity::Info && !globals.verbose {
            notes += 1;
        } else {
            eprintln!("{d}");
        }
    }
    if notes > 0 && !globals.quiet {
        let s = if notes == 1 { "" } else { "s" };
        eprintln!("{notes} note{s} not shown (run with --verbose to see them)");
    }
}

pub use crate::util::paths::shown;

/// A project that is a workspace's member, built alone, still links into the other members
/// (with the URLs they have in the portal).
fn with_workspace(mut project: crate::load::project::Project) -> crate::load::project::Project {
    if let Some((workspace, index)) = crate::load::workspace::Workspace::containing(&project) {
        if project.repo_prefix.is_none() {
            project
                .repo_prefix
                .clone_from(&workspace.members[index].project.repo_prefix);
        }
        let links = std::sync::Arc::new(workspace.links());
        project.membership = Some(workspace.membership(&links, Some(index), false));
    }
    project
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_command_line_is_well_formed() {
        // clap's own checks (unique argument names, `--version` not shadowed, …), which it
        // otherwise runs only when a command is first parsed.
        <super::Cli as clap::CommandFactory>::command().debug_assert();
    }
}
