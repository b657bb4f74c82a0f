//! `sadoc check`: documentation drift and lint for merge requests (DESIGN §6).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::{EXIT_FINDINGS, EXIT_OK, Globals, shown};
use crate::check::finding::Check;
use crate::check::{ci_reports, report};
use crate::load::config::FailOn;
use crate::pipeline::check::{self, CheckOptions};

/// Arguments of `sadoc check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Base commit of the range (default: from the CI environment, else the merge base with the
    /// default branch).
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Head commit of the range (default: `CI_COMMIT_SHA`, else HEAD).
    #[arg(long, value_name = "REV")]
    pub head: Option<String>,
    /// Checks to run, comma-separated (default: all).
    #[arg(long, value_delimiter = ',', value_enum)]
    pub checks: Vec<Check>,
    /// Output format, repeatable; `FORMAT=PATH` writes to a file: text, json, codequality,
    /// junit, markdown, github.
    #[arg(long = "format", value_name = "FORMAT[=PATH]")]
    pub formats: Vec<String>,
    /// Lowest severity that fails (default: `check.fail_on` in sadoc.yml).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailLevel>,
    /// Print the edits that follow renamed files (governs patterns, code links) as diffs.
    #[arg(long)]
    pub suggest: bool,
    /// Apply those edits to the files.
    #[arg(long, conflicts_with = "suggest")]
    pub fix: bool,
    /// Post the markdown report as the merge request's note, editing sadoc's earlier one
    /// (GitLab; token in `SADOC_GITLAB_TOKEN`). A failure to post is a warning.
    #[cfg(feature = "deploy")]
    #[arg(long)]
    pub post_note: bool,
    /// The same as a pull-request comment on GitHub (token in `GITHUB_TOKEN`).
    #[cfg(feature = "deploy")]
    #[arg(long)]
    pub post_comment: bool,
}

/// Fail levels on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailLevel {
    /// Warnings and errors fail.
    Warning,
    /// Errors fail.
    Error,
    /// Nothing fails.
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    CodeQuality,
    Junit,
    Markdown,
    Github,
}

fn parse_format(spec: &str) -> Result<(Format, Option<PathBuf>)> {
    let (name, path) = match spec.split_once('=') {
        Some((n, p)) => (n, Some(PathBuf::from(p))),
        None => (spec, None),
    };
    let format = match name.trim().to_ascii_lowercase().as_str() {
        "text" => Format::Text,
        "json" => Format::Json,
        "codequality" | "code-quality" | "gitlab" => Format::CodeQuality,
        "junit" => Format::Junit,
        "markdown" | "md" => Format::Markdown,
        "github" => Format::Github,
        other => {
            let names = ["text", "json", "codequality", "junit", "markdown", "github"];
            let guess = crate::util::spelling::did_you_mean(other, names)
                .map(|d| format!("{d} "))
                .unwrap_or_default();
            bail!(
                "unknown format `{other}`\n  help: {guess}use text, json, codequality, junit, markdown or github"
            )
        }
    };
    Ok((format, path))
}

/// Runs `sadoc check`: parses the formats, runs the check, writes each report.
pub fn run(globals: &Globals, args: Args) -> Result<ExitCode> {
    let formats: Vec<(Format, Option<PathBuf>)> = if args.formats.is_empty() {
        vec![(Format::Text, None)]
    } else {
        args.formats
            .iter()
            .map(|f| parse_format(f))
            .collect::<Result<_>>()?
    };
    let project = globals.project(None)?;
    let env = |k: &str| std::env::var(k).ok();
    let options = CheckOptions {
        base: args.base,
        head: args.head,
        checks: args.checks,
        fail_on: args.fail_on.map(|level| match level {
            FailLevel::Warning => FailOn::Warning,
            FailLevel::Error => FailOn::Error,
            FailLevel::Never => FailOn::Never,
        }),
        suggest: args.suggest,
        fix: args.fix,
        env: &env,
    };
    let report = if project.config.projects.is_empty() {
        check::run(&project, &options)?
    } else {
        let workspace = crate::load::workspace::Workspace::open(project)?;
        check::run_workspace(&workspace, &options)?
    };
    if globals.verbose && !report.stages.is_empty() {
        eprintln!("stages: {}", crate::util::timing::summary(&report.stages));
    }
    for (format, path) in &formats {
        let text = match format {
            Format::Text => report::text(&report, globals.verbose),
            Format::Json => report::json(&report),
            Format::CodeQuality => ci_reports::codequality(&report),
            Format::Junit => ci_reports::junit(&report),
            Format::Markdown => ci_reports::markdown(&report),
            Format::Github => {
                if let Ok(summary_file) = std::env::var("GITHUB_STEP_SUMMARY") {
                    let _ = append(&PathBuf::from(summary_file), &ci_reports::markdown(&report));
                }
                ci_reports::github(&report)
            }
        };
        match path {
            Some(path) => {
                let path = globals.resolve(path);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).ok();
                }
                std::fs::write(&path, text)
                    .with_context(|| format!("cannot write `{}`", shown(&path)))?;
                if !globals.quiet {
                    eprintln!("wrote {}", shown(&path));
                }
            }
            None => print!("{text}"),
        }
    }
    #[cfg(feature = "deploy")]
    post_note(globals, &report, args.post_note, args.post_comment, &env);
    Ok(ExitCode::from(if report.summary.failed {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }))
}

fn append(path: &PathBuf, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// Posts the report as the merge request's note (`--post-note`, GitLab) or the pull request's
/// comment (`--post-comment`, GitHub). Never fails the check: problems are warnings.
#[cfg(feature = "deploy")]
fn post_note(
    globals: &Globals,
    report: &crate::check::report::Report,
    gitlab: bool,
    github: bool,
    env: &dyn Fn(&str) -> Option<String>,
) {
    use crate::deploy::note::{Posted, Target, post};
    let hosts = [(gitlab, Target::gitlab(env)), (github, Target::github(env))];
    for (wanted, target) in hosts {
        if !wanted {
            continue;
        }
        let (body, in_sync) = ci_reports::note(report);
        let posted = target.and_then(|target| {
            let roots = crate::deploy::tls::Roots::load();
            post(&target, ci_reports::NOTE_MARKER, &body, in_sync, &roots).map(|p| (target, p))
        });
        // On GitLab, the edits of lines the merge request changed go on those lines too.
        if let Ok((target, _)) = &posted
            && target.host == crate::deploy::note::Host::Gitlab
        {
            post_suggestions(globals, report, target, env);
        }
        match posted {
            Ok((target, posted)) if !globals.quiet => {
                let what = match target.host {
                    crate::deploy::note::Host::Gitlab => "merge-request note",
                    crate::deploy::note::Host::Github => "pull-request comment",
                };
                match posted {
                    Posted::Created(id) => eprintln!("posted the {what} ({id})"),
                    Posted::Updated(id) => eprintln!("updated the {what} ({id})"),
                    Posted::Unchanged(id) => eprintln!("the {what} ({id}) is up to date"),
                    Posted::Skipped => {
                        eprintln!("no {what} posted: no findings and no earlier note")
                    }
                }
            }
            Ok(_) => {}
            Err(why) => eprintln!("warning: {why}"),
        }
    }
}

/// Posts the edits of lines the merge request changed as suggestions on those lines.
#[cfg(feature = "deploy")]
fn post_suggestions(
    globals: &Globals,
    report: &crate::check::report::Report,
    target: &crate::deploy::note::Target,
    env: &dyn Fn(&str) -> Option<String>,
) {
    use crate::deploy::note::LineSuggestion;
    let mut suggestions: Vec<LineSuggestion> = Vec::new();
    for f in &report.findings {
        for c in f.line_changes.iter().filter(|c| c.in_diff) {
            let path = report.repo_path(&c.file);
            if !suggestions
                .iter()
                .any(|s| s.path == path && s.line == c.line)
            {
                suggestions.push(LineSuggestion {
                    path,
                    line: c.line,
                    text: c.text.clone(),
                    why: f.diagnostic.message.clone(),
                });
            }
        }
    }
    if suggestions.is_empty() {
        return;
    }
    let head = env("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA")
        .filter(|s| !s.is_empty())
        .or_else(|| report.range.as_ref().map(|r| r.head.clone()));
    let roots = crate::deploy::tls::Roots::load();
    match crate::deploy::note::post_suggestions(target, &suggestions, head.as_deref(), &roots) {
        Ok(done) if !globals.quiet => {
            if done.posted > 0 {
                eprintln!(
                    "posted {} suggestion{} on lines of the merge request's diff",
                    done.posted,
                    if done.posted == 1 { "" } else { "s" }
                );
            }
            if done.existing > 0 {
                eprintln!(
                    "{} suggestion{} already on {} lines",
                    done.existing,
                    if done.existing == 1 { " is" } else { "s are" },
                    if done.existing == 1 { "its" } else { "their" }
                );
            }
        }
        Ok(_) => {}
        Err(why) => eprintln!("warning: {why}"),
    }
}
