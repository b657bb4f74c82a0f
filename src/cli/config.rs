//! `sadoc config`: the configuration reference, carried in the binary.
//!
//! A new project's `sadoc.yml` points here, so the reference a team reads always matches the
//! sadoc that reads their file, offline and without knowing where sadoc's repository lives.
//! It is the same page as `docs/guide/configuration.md`, printed as markdown.

use std::process::ExitCode;

use super::EXIT_OK;

/// The configuration guide, as written in sadoc's documentation.
pub const REFERENCE: &str = include_str!("../../docs/guide/configuration.md");

/// Arguments of `sadoc config`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Prints the reference of every `sadoc.yml` key.
pub fn run(_args: Args) -> ExitCode {
    print!("{REFERENCE}");
    ExitCode::from(EXIT_OK)
}
