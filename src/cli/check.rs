//! `sadoc check`: documentation drift and lint for merge requests (DESIGN §6).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::{EXIT_FINDINGS, EXIT_OK, Globals, shown};
use crate::build;
use crate::check::finding::{Check, Finding};
use crate::check::range::{self, Selection};
use crate::check::{drift, suggest};
use crate::config::{Config, FailOn};
use crate::git::{Change, ChangeKind, Repo};
use crate::permalink::{Permalinks, current_commit};
use crate::project::CONFIG_FILE;
use crate::report::{self, CompletenessJson, Report, Summary};

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
        other => bail!(
            "unknown format `{other}`\n  help: use text, json, codequality, junit, markdown or github"
        ),
    };
    Ok((format, path))
}

/// Runs `sadoc check`.
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
    let config = &project.config;
    let checks: Vec<Check> = if args.checks.is_empty() {
        Check::ALL.to_vec()
    } else {
        args.checks.clone()
    };
    let env = |k: &str| std::env::var(k).ok();
    // Drift needs the repository; the other checks also run outside one.
    let repo = match Repo::open(&project.root) {
        Ok(repo) => Some(repo),
        Err(error) if checks.contains(&Check::Drift) || args.suggest || args.fix => {
            return Err(error.into());
        }
        Err(_) => None,
    };
    let selection = match &repo {
        Some(repo) => range::select(
            repo,
            args.base.as_deref(),
            args.head.as_deref(),
            &env,
            config.repo.as_ref().map(|r| r.branch.as_str()),
        )?,
        None => Selection::None(
            "not in a git repository: only the checks without a diff run".to_string(),
        ),
    };
    let built = build::build(
        project.clone(),
        build::Options::check(),
        crate::site::Site::new(),
    );
    let mut notices: Vec<String> = Vec::new();
    let mut drift_checked = false;
    let mut findings: Vec<Finding> = built
        .diagnostics
        .iter()
        .cloned()
        .map(Finding::from_diagnostic)
        .filter(|f| checks.contains(&f.check))
        .collect();
    let (range, no_range) = match &selection {
        Selection::Range(r) => (Some(r), None),
        Selection::None(why) => (None, Some(why.as_str())),
    };
    if let (Some(repo), Some(r)) = (&repo, range) {
        let changes = project_changes(repo, r)?;
        if checks.contains(&Check::Drift) {
            let outcome = run_drift(repo, r, &built, config, &changes, &env)?;
            notices.extend(outcome.notices);
            drift_checked = outcome.checked;
            findings.extend(outcome.findings);
        }
        if args.suggest || args.fix {
            suggest_fixes(
                &project,
                &built,
                &changes,
                args.fix,
                &mut findings,
                &mut notices,
            )?;
        }
    }
    findings.sort_by(|a, b| {
        (a.check, &a.diagnostic.path, a.diagnostic.line).cmp(&(
            b.check,
            &b.diagnostic.path,
            b.diagnostic.line,
        ))
    });
    let fail_on = match args.fail_on {
        Some(FailLevel::Warning) => FailOn::Warning,
        Some(FailLevel::Error) => FailOn::Error,
        Some(FailLevel::Never) => FailOn::Never,
        None => config.check.fail_on,
    };
    let summary = Summary::of(&findings, fail_on);
    let report = Report {
        version: 1,
        sadoc: env!("CARGO_PKG_VERSION"),
        project: &config.title,
        range,
        no_range,
        checks: checks.clone(),
        notices: &notices,
        findings: &findings,
        summary,
        completeness: checks
            .contains(&Check::Sad)
            .then(|| CompletenessJson::new(&built.facts.completeness, &built.model))
            .flatten(),
        drift_checked,
    };
    // Link to the commit under review: an explicit --head, else what the build links to (in a
    // merged-results pipeline the source branch, not the temporary merge commit).
    let commit = match (&args.head, range) {
        (Some(_), Some(r)) => Some(r.head.clone()),
        _ => current_commit(repo.as_ref(), &env),
    };
    let permalinks = Permalinks::new(config.repo.as_ref(), commit, repo.as_ref());
    let repo_path = |p: &str| {
        repo.as_ref()
            .map_or_else(|| p.to_string(), |r| r.repo_path(p))
    };
    for (format, path) in &formats {
        let text = match format {
            Format::Text => report::text(&report, globals.verbose),
            Format::Json => report::json(&report),
            Format::CodeQuality => report::codequality(&report, &repo_path),
            Format::Junit => report::junit(&report),
            Format::Markdown => report::markdown(&report, &permalinks, &config.check.skip_label),
            Format::Github => {
                if let Ok(summary_file) = std::env::var("GITHUB_STEP_SUMMARY") {
                    let body = report::markdown(&report, &permalinks, &config.check.skip_label);
                    let _ = append(&PathBuf::from(summary_file), &body);
                }
                report::github(&report, &repo_path)
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
    Ok(ExitCode::from(if report.summary.failed {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }))
}

/// The net changes of the range, with project-relative paths; files outside the project are
/// left out (a rename from outside it is an addition).
fn project_changes(repo: &Repo, r: &range::Range) -> Result<Vec<Change>> {
    Ok(repo
        .diff(r.base_oid, r.head_oid)?
        .into_iter()
        .filter_map(|mut c| {
            c.path = repo.project_path(&c.path)?.to_string();
            c.old_path = c
                .old_path
                .and_then(|p| repo.project_path(&p).map(str::to_string));
            if c.kind == ChangeKind::Renamed && c.old_path.is_none() {
                c.kind = ChangeKind::Added;
            }
            Some(c)
        })
        .collect())
}

/// Drift over the range, with the merge request's labels, the range's commit trailers and
/// `sadoc.yml`'s `governs:` as it was at the base.
fn run_drift(
    repo: &Repo,
    r: &range::Range,
    built: &build::Built,
    config: &Config,
    changes: &[Change],
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<drift::Outcome> {
    let commits = repo.commits(r.base_oid, r.head_oid)?;
    let labels: Vec<String> = env("CI_MERGE_REQUEST_LABELS")
        .map(|l| {
            l.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let base_governs = changes
        .iter()
        .any(|c| c.path == CONFIG_FILE)
        .then(|| repo.read_at(r.base_oid, &repo.repo_path(CONFIG_FILE)))
        .flatten()
        .map(|bytes| {
            Config::parse(&String::from_utf8_lossy(&bytes), CONFIG_FILE)
                .map(|c| c.governs)
                .unwrap_or_default()
        });
    Ok(drift::check(
        &built.model,
        config,
        &drift::Input {
            changes,
            commits: &commits,
            labels: &labels,
            base_governs: base_governs.as_ref(),
        },
    ))
}

/// Computes the edits that follow renamed files, attaches them to the drift findings they fix,
/// and with `fix` applies them.
fn suggest_fixes(
    project: &crate::project::Project,
    built: &build::Built,
    changes: &[Change],
    fix: bool,
    findings: &mut [Finding],
    notices: &mut Vec<String>,
) -> Result<()> {
    let read = |path: &str| std::fs::read_to_string(project.path(path)).ok();
    let edits = suggest::suggest(
        &built.model,
        &built.rendered,
        changes,
        &built.facts.code_files,
        &read,
    );
    for edit in &edits {
        let diff = edit.diff();
        let mut attached = 0;
        for f in findings.iter_mut().filter(|f| {
            f.check == Check::Drift
                && f.change
                    .as_ref()
                    .is_some_and(|c| edit.follows.contains(&c.path))
        }) {
            match &mut f.suggestion {
                Some(existing) => existing.push_str(&diff),
                None => f.suggestion = Some(diff.clone()),
            }
            f.line_changes.extend(edit.line_changes());
            attached += 1;
        }
        if attached == 0 && !fix {
            notices.push(format!(
                "suggested edit of `{}` (its governed files moved):\n{diff}",
                edit.file
            ));
        }
        if fix {
            crate::write::replace(&project.path(&edit.file), edit.after.as_bytes())
                .with_context(|| format!("cannot apply the edit to `{}`", edit.file))?;
            notices.push(format!(
                "applied: updated `{}` to follow {}",
                edit.file,
                edit.follows.join(", ")
            ));
        }
    }
    if edits.is_empty() {
        notices.push(
            "no edits to suggest: no governed file or linked code file was renamed".to_string(),
        );
    }
    Ok(())
}

fn append(path: &PathBuf, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}
