//! `sadoc affected`: the members of a workspace that a change touches, as names, JSON, or a
//! GitLab child pipeline that checks and builds only them.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::{EXIT_OK, Globals, shown};
use crate::pipeline::affected::{self, AffectedReport};

/// The CI template, whose install job the child pipeline reuses.
const TEMPLATE: &str = include_str!("../../ci/sadoc.gitlab-ci.yml");

/// Arguments of `sadoc affected`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Base commit of the change (default: the merge request's, from CI variables).
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Head commit (default: `CI_COMMIT_SHA`, else HEAD).
    #[arg(long, value_name = "REV")]
    pub head: Option<String>,
    /// Output format, repeatable; `FORMAT=PATH` writes to a file: text (names, one a line),
    /// json, gitlab-ci (a child pipeline with a check and a build job per affected project).
    #[arg(long = "format", value_name = "FORMAT[=PATH]")]
    pub formats: Vec<String>,
}

/// Runs `sadoc affected`.
pub fn run(globals: &Globals, args: Args) -> Result<ExitCode> {
    let project = globals.project(None)?;
    if project.config.projects.is_empty() {
        bail!(
            "`{}` is not a workspace: it lists no `projects:`\n  help: run sadoc affected where the workspace's sadoc.yml is, or pass --config",
            shown(&project.config_path)
        );
    }
    let workspace = crate::load::workspace::Workspace::open(project)?;
    let env = |k: &str| std::env::var(k).ok();
    let report = affected::affected(&workspace, args.base.as_deref(), args.head.as_deref(), &env)?;
    let formats = if args.formats.is_empty() {
        vec!["text".to_string()]
    } else {
        args.formats
    };
    for spec in &formats {
        let (name, path) = match spec.split_once('=') {
            Some((n, p)) => (n, Some(PathBuf::from(p))),
            None => (spec.as_str(), None),
        };
        let text = match name.trim().to_ascii_lowercase().as_str() {
            "text" => text(&report),
            "json" => serde_json::to_string_pretty(&report)? + "\n",
            "gitlab-ci" | "gitlab" => affected::child_pipeline(&report, TEMPLATE)?,
            other => bail!("unknown format `{other}`\n  help: use text, json or gitlab-ci"),
        };
        match path {
            Some(path) => {
                let path = globals.resolve(&path);
                std::fs::write(&path, text)
                    .with_context(|| format!("cannot write `{}`", shown(&path)))?;
                if !globals.quiet {
                    eprintln!("wrote {}", shown(&path));
                }
            }
            None => print!("{text}"),
        }
    }
    if !globals.quiet {
        match (&report.range, &report.no_range) {
            (Some(r), _) => eprintln!(
                "{} of {} projects affected by {}..{} ({})",
                report.affected.len(),
                report.members.len(),
                &r.base[..r.base.len().min(8)],
                &r.head[..r.head.len().min(8)],
                r.how
            ),
            (None, Some(why)) => eprintln!("{why}: every project counts as affected"),
            (None, None) => {}
        }
        if globals.verbose {
            for a in &report.affected {
                for reason in &a.reasons {
                    eprintln!("  {}: {reason}", a.name);
                }
            }
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}

/// One affected project a line: its name, then its folder.
fn text(report: &AffectedReport) -> String {
    report
        .affected
        .iter()
        .map(|a| format!("{}\t{}\n", a.name, a.dir))
        .collect()
}
