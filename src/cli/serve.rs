//! `sadoc serve`: build, serve from memory, watch, rebuild what changed, reload browsers.

use std::collections::HashSet;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::{EXIT_OK, Globals, print_diagnostics};
use crate::serve::{Options, Preview, Report, watch::Event};
use crate::util::diag::{Counts, Diagnostic};

/// Arguments of `sadoc serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder (default: the one found from the current folder upward).
    pub dir: Option<PathBuf>,
    /// Port to listen on (0: any free port).
    #[arg(long, short, default_value_t = 3000)]
    pub port: u16,
    /// Address to listen on. Anything but a loopback address exposes the preview to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Do not inject the live-reload script into pages.
    #[arg(long)]
    pub no_reload: bool,
}

/// Runs `sadoc serve` until interrupted.
pub fn run(globals: &Globals, args: Args) -> Result<ExitCode> {
    let project = globals.project(args.dir.as_deref())?;
    if !project.config.projects.is_empty() {
        let names = crate::load::workspace::Workspace::open(project.clone())
            .map(|w| {
                w.members
                    .iter()
                    .map(|m| m.dir.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        anyhow::bail!(
            "`{}` is a workspace: sadoc serve previews one project at a time\n  help: run it in a project's folder ({names}); `sadoc build` here builds the whole portal",
            super::shown(&project.config_path)
        );
    }
    let mut preview = Preview::start(
        project,
        Options {
            bind: args.bind,
            port: args.port,
            reload: !args.no_reload,
        },
    )?;
    let diagnostics = preview.diagnostics();
    print_diagnostics(globals, &diagnostics);
    // The counts `sadoc build` prints, with the same meaning.
    let pages = preview.session().pages();
    let files = preview.session().site().len();
    eprintln!(
        "serving {} ({}) at {}  ({}; Ctrl+C to stop)",
        crate::util::plural(pages, "page"),
        crate::util::plural(files, "file"),
        preview.url(),
        summary(&diagnostics)
    );
    if !args.bind.is_loopback() {
        eprintln!(
            "note: listening on {}, which other machines can reach",
            args.bind
        );
    }
    if args.open {
        open_browser(&preview.url());
    }
    let mut shown: HashSet<String> = diagnostics.iter().map(ToString::to_string).collect();
    preview.run(|report| log_update(globals, report, &mut shown))?;
    Ok(ExitCode::from(EXIT_OK))
}

/// One line per update, then the problems that are new since the last one.
fn log_update(globals: &Globals, report: &Report<'_>, shown: &mut HashSet<String>) {
    let update = report.update;
    let what: Vec<String> = report
        .events
        .iter()
        .take(3)
        .map(|e| match e {
            Event::Config => crate::load::project::CONFIG_FILE.to_string(),
            Event::Theme => "the theme".to_string(),
            Event::Page(p) | Event::File(p) | Event::Snippet(p) => p.clone(),
        })
        .collect();
    let more = report.events.len().saturating_sub(what.len());
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    let fresh: Vec<Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| !shown.contains(&d.to_string()))
        .cloned()
        .collect();
    if !globals.quiet {
        eprintln!(
            "{}{more} changed: {} ({} page{} rendered, {} file{} changed) in {} ms; {}",
            what.join(", "),
            update.how,
            update.pages,
            if update.pages == 1 { "" } else { "s" },
            update.changed.len(),
            if update.changed.len() == 1 { "" } else { "s" },
            update.elapsed.as_millis(),
            summary(report.diagnostics)
        );
    }
    print_diagnostics(globals, &fresh);
    *shown = report.diagnostics.iter().map(ToString::to_string).collect();
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let counts = Counts::of(diagnostics);
    if counts.errors + counts.warnings == 0 {
        "no problems".to_string()
    } else {
        counts.to_string()
    }
}

/// Opens `url` with the platform's opener; failing to is not an error.
fn open_browser(url: &str) {
    let opener: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["cmd", "/C", "start", ""]
    } else {
        &["xdg-open"]
    };
    let spawned = std::process::Command::new(opener[0])
        .args(&opener[1..])
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("note: could not open a browser; open {url} yourself");
    }
}
