//! The `sadoc` binary: parse the command line, run it, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;
use sadoc::cli::{self, Cli, EXIT_GIT, EXIT_USAGE};

/// Linux binaries allocate with mimalloc: musl's own allocator makes a parallel build about
/// four times slower (ADR 0023), glibc's 13-20% slower (ADR 0027).
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            if error.downcast_ref::<sadoc::GitError>().is_some() {
                ExitCode::from(EXIT_GIT)
            } else {
                ExitCode::from(EXIT_USAGE)
            }
        }
    }
}
