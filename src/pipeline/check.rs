//! `sadoc check` as a library call: the pipeline's findings, and drift over the commits of a
//! merge request, as one [`Report`].
//!
//! [`run`] opens the repository, picks the range the CI environment (or the caller) names,
//! builds the project with [`Options::check`] (no highlighting, history or search), runs drift
//! and the suggested edits that follow renamed files, and decides failure with the one
//! [`FailOn`] policy. It prints nothing and writes only what `--fix` asks it to; the CLI picks
//! the formats and writes the report files. It lives beside the pipeline because it runs one,
//! as [`super::build`] does; `check/` holds the findings the pipeline's check stage makes.

use anyhow::{Context, Result};

use super::{Built, Options, build};
use crate::check::finding::{Check, Finding};
use crate::check::range::{self, Selection};
use crate::check::report::{CompletenessJson, Report, Summary};
use crate::check::{drift, suggest};
use crate::load::config::{Config, FailOn};
use crate::load::git::{Change, Repo};
use crate::load::permalink::{Permalinks, current_commit};
use crate::load::project::{CONFIG_FILE, Project};
use crate::render::site::Site;
use crate::util::paths;

/// What to check, beyond the project.
pub struct CheckOptions<'a> {
    /// Base commit of the range (default: from the CI environment, else the merge base with
    /// the default branch).
    pub base: Option<String>,
    /// Head commit of the range (default: `CI_COMMIT_SHA`, else HEAD).
    pub head: Option<String>,
    /// The checks to run (empty: all but `review`).
    pub checks: Vec<Check>,
    /// The lowest severity that fails (default: `check.fail_on` in sadoc.yml).
    pub fail_on: Option<FailOn>,
    /// Attach the edits that follow renamed files to the findings they fix.
    pub suggest: bool,
    /// Apply those edits to the files.
    pub fix: bool,
    /// The environment (CI variables): `std::env::var` in the CLI.
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

/// Checks `project`: every finding of the selected checks, drift over the range, the suggested
/// edits, and whether the check failed.
pub fn run(project: &Project, options: &CheckOptions<'_>) -> Result<Report> {
    let config = &project.config;
    let env = options.env;
    let checks: Vec<Check> = if options.checks.is_empty() {
        Check::DEFAULT.to_vec()
    } else {
        options.checks.clone()
    };
    let edits = options.suggest || options.fix;
    // `--fix` first marks the records that accepted successors supersede (accepted by an edit
    // that left them unmarked), so the findings are those of the fixed files.
    let mut fixed: Vec<String> = Vec::new();
    if options.fix && checks.contains(&Check::Adr) && project.path(&config.adr.dir).is_dir() {
        let _lock = crate::util::write::lock_dir(&project.path(&config.adr.dir))?;
        let workspace = crate::edit::Workspace::open(project);
        for (path, what) in workspace.mark_accepted_supersessions()? {
            fixed.push(format!(
                "fixed {}: {what}",
                crate::util::paths::shown(&path)
            ));
        }
    }
    // Drift needs the repository; the other checks also run outside one.
    let repo = match Repo::open(&project.root) {
        Ok(repo) => Some(repo),
        Err(error) if checks.contains(&Check::Drift) || edits => return Err(error.into()),
        Err(_) => None,
    };
    let selection = match &repo {
        Some(repo) => range::select(
            repo,
            options.base.as_deref(),
            options.head.as_deref(),
            &env,
            config.repo.as_ref().map(|r| r.branch.as_str()),
        )?,
        None => Selection::None(
            "not in a git repository: only the checks without a diff run, and code paths are named from the project folder (it is the root for `/` patterns)".to_string(),
        ),
    };
    let mut timings = crate::util::timing::Timings::default();
    timings.lap("repository and range");
    let (range, no_range) = match selection {
        Selection::Range(r) => (Some(r), None),
        Selection::None(why) => (None, Some(why)),
    };
    let (built, changes) = std::thread::scope(|scope| {
        // The diff needs only the repository: it runs on a thread of its own (with its own
        // handle on the repository) while the project builds.
        let diff = range.as_ref().filter(|_| repo.is_some()).map(|r| {
            scope.spawn(|| {
                let repo = Repo::open(&project.root)?;
                project_changes(&repo, r)
            })
        });
        // Reviews need the history (last edits, trailers): read beside the documents when
        // sadoc.yml sets intervals.
        let build_options = Options {
            history: checks.contains(&Check::Review) && config.review.is_set(),
            ..Options::check()
        };
        let built = build(project.clone(), build_options, Site::new());
        let changes = diff.map(|thread| {
            thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (built, changes)
    });
    let mut stages = std::mem::take(&mut timings.stages);
    stages.extend(built.timings.stages.iter().cloned());
    timings = crate::util::timing::Timings::default();
    let mut notices: Vec<String> = fixed;
    let mut drift_checked = false;
    let mut findings: Vec<Finding> = built
        .diagnostics
        .iter()
        .cloned()
        .map(Finding::from_diagnostic)
        .filter(|f| checks.contains(&f.check))
        .collect();
    if checks.contains(&Check::Review) {
        findings.extend(
            super::check_decisions::review_findings(&built, repo.as_ref())
                .into_iter()
                .map(Finding::from_diagnostic),
        );
        timings.lap("reviews");
    }
    let mut fix = None;
    let mut decisions = Vec::new();
    if let (Some(repo), Some(r), Some(changes)) = (&repo, &range, changes) {
        let changes = changes?;
        timings.lap("diff (beside the build)");
        decisions = super::check_decisions::decision_changes(repo, r, &built, &changes);
        let mut mention_edits = Vec::new();
        if checks.contains(&Check::Drift) {
            let member = project
                .membership
                .as_ref()
                .filter(|m| m.is_member())
                .map(|m| (m.name.as_str(), m.dir.as_str()));
            let outcome = run_drift(repo, r, &built, config, &changes, &env, member)?;
            timings.lap("drift");
            notices.extend(outcome.notices);
            drift_checked = outcome.checked;
            findings.extend(outcome.findings);
            if drift_checked {
                let h1s: Vec<Option<&str>> =
                    built.rendered.iter().map(|r| r.h1.as_deref()).collect();
                let head_text = |path: &str| {
                    repo.read_at(r.head_oid, &repo.repo_path(path))
                        .and_then(|b| String::from_utf8(b).ok())
                };
                let files = &built.facts.code_files.files;
                let exists = |path: &str| {
                    let dir = format!("{path}/");
                    files.binary_search_by(|f| f.as_str().cmp(path)).is_ok()
                        || files
                            .get(files.partition_point(|f| f.as_str() < dir.as_str()))
                            .is_some_and(|f| f.starts_with(&dir))
                };
                let docs: std::collections::HashSet<String> = built
                    .model
                    .docs
                    .iter()
                    .map(|d| repo.repo_path(&d.source))
                    .collect();
                let used = |names: &[String]| {
                    repo.find_tokens(r.head_oid, names, &|p| docs.contains(p), 64 << 20)
                };
                let head = crate::check::stale::Head {
                    text: &head_text,
                    exists: &exists,
                    used: &used,
                };
                let (stale, stale_edits) =
                    crate::check::stale::check(&built.model, &changes, &h1s, &head);
                findings.extend(stale);
                mention_edits = stale_edits;
                timings.lap("stale mentions");
            }
        }
        fix = attach_edits(
            project,
            &built,
            &changes,
            mention_edits,
            EditMode {
                diffs: edits,
                apply: options.fix,
            },
            &mut findings,
            &mut notices,
        )?;
        timings.lap("suggested edits");
    }
    findings.sort_by(|a, b| {
        (a.check, &a.diagnostic.path, a.diagnostic.line).cmp(&(
            b.check,
            &b.diagnostic.path,
            b.diagnostic.line,
        ))
    });
    let fail_on = options.fail_on.unwrap_or(config.check.fail_on);
    // Link to the commit under review: an explicit head, else what the build links to (in a
    // merged-results pipeline the source branch, not the temporary merge commit).
    let commit = match (&options.head, &range) {
        (Some(_), Some(r)) => Some(r.head.clone()),
        _ => current_commit(repo.as_ref(), &env),
    };
    let completeness = checks
        .contains(&Check::Sad)
        .then(|| CompletenessJson::new(&built.facts.completeness, &built.model))
        .flatten();
    // The build holds every document and its markdown's facts: freeing them is a tenth of a
    // second at 10,000 documents that the report does not need to wait for.
    drop_in_background(built);
    Ok(Report {
        version: 1,
        sadoc: env!("CARGO_PKG_VERSION"),
        project: config.title.clone(),
        summary: Summary::of(&findings, fail_on),
        completeness,
        range,
        no_range,
        checks,
        notices,
        findings,
        decisions,
        fix,
        drift_checked,
        permalinks: Permalinks::new(config.repo.as_ref(), commit, repo.as_ref()),
        skip_label: config.check.skip_label.clone(),
        repo_prefix: repo.as_ref().map(|r| r.prefix.clone()).unwrap_or_default(),
        stages: {
            stages.extend(timings.stages);
            stages
        },
    })
}

/// Frees `value` on another thread (here, if none can be started). A process that ends first
/// leaves the memory to the system, which is faster still.
fn drop_in_background<T: Send + 'static>(value: T) {
    // When no thread starts, the closure, and `value` with it, is dropped right here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// The net changes of the range, with project paths: every file of the repository counts,
/// those beside the project named with `../`.
fn project_changes(repo: &Repo, r: &range::Range) -> Result<Vec<Change>> {
    Ok(repo
        .diff(r.base_oid, r.head_oid)?
        .into_iter()
        .map(|mut c| {
            c.path = repo.project_path(&c.path);
            c.old_path = c.old_path.map(|p| repo.project_path(&p));
            c
        })
        .collect())
}

/// Drift over the range, with the merge request's labels, the range's commit trailers and
/// `sadoc.yml`'s `governs:` as it was at the base.
fn run_drift(
    repo: &Repo,
    r: &range::Range,
    built: &Built,
    config: &Config,
    changes: &[Change],
    env: &dyn Fn(&str) -> Option<String>,
    member: Option<(&str, &str)>,
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
            member,
            labels: &labels,
            base_governs: base_governs.as_ref(),
            h1s: &built
                .rendered
                .iter()
                .map(|r| r.h1.as_deref())
                .collect::<Vec<_>>(),
            snippets: &snippet_uses(built),
            sections: &built
                .rendered
                .iter()
                .map(|r| {
                    r.sections
                        .iter()
                        .map(|s| (s.id.clone(), s.level, s.line))
                        .collect()
                })
                .collect::<Vec<_>>(),
        },
    ))
}

/// What to do with the edits that fix drift findings.
#[derive(Debug, Clone, Copy)]
struct EditMode {
    /// Compute every edit (also those that follow renamed files) and show them as diffs
    /// (`--suggest`, `--fix`); otherwise only stale mentions get their one-line replacement.
    diffs: bool,
    /// Apply them to the working tree (`--fix`).
    apply: bool,
}

/// Computes the edits that fix drift findings and attaches each changed line to the one finding
/// it fixes: a stale mention at that line, else the finding about the renamed file the line
/// follows (preferring one whose documents include the edited file). With `--fix`, applies them
/// and returns what the working tree now holds, to say.
fn attach_edits(
    project: &Project,
    built: &Built,
    changes: &[Change],
    mention_edits: Vec<suggest::LineEdit>,
    mode: EditMode,
    findings: &mut [Finding],
    notices: &mut Vec<String>,
) -> Result<Option<String>> {
    let read = |path: &str| std::fs::read_to_string(project.path(path)).ok();
    let edits = if mode.diffs {
        suggest::suggest(
            &built.model,
            &built.rendered,
            changes,
            &built.facts.code_files,
            &read,
            mention_edits,
        )
    } else {
        suggest::apply(mention_edits, &read)
    };
    let (mut mentions, mut paths) = (0, 0);
    for edit in &edits {
        let mut owned: std::collections::BTreeMap<usize, Vec<u32>> = Default::default();
        let mut unowned = Vec::new();
        for line in &edit.lines {
            match owner(findings, &edit.file, line) {
                Some(i) => owned.entry(i).or_default().push(line.line),
                None => unowned.push(line.line),
            }
        }
        for (i, lines) in owned {
            let f = &mut findings[i];
            if f.diagnostic.code == "drift/stale-mention" {
                mentions += lines.len();
            } else {
                paths += lines.len();
            }
            let in_diff = |line: u32| {
                changes.iter().any(|c| {
                    c.path == edit.file
                        && c.hunks
                            .iter()
                            .any(|&(start, count)| (start..start + count).contains(&line))
                })
            };
            f.line_changes
                .extend(edit.line_changes(&lines).into_iter().map(|mut l| {
                    l.in_diff = in_diff(l.line);
                    l
                }));
            if mode.diffs {
                f.suggestion
                    .get_or_insert_with(String::new)
                    .push_str(&edit.diff_of(&lines));
            }
            f.fixed = mode.apply;
        }
        paths += unowned.len();
        if !unowned.is_empty() && mode.diffs && !mode.apply {
            notices.push(format!(
                "suggested edit of `{}` (its governed files moved):\n{}",
                edit.file,
                edit.diff_of(&unowned)
            ));
        }
        if mode.apply {
            crate::util::write::replace(&project.path(&edit.file), edit.after.as_bytes())
                .with_context(|| format!("cannot apply the edit to `{}`", edit.file))?;
        }
    }
    if mode.diffs && edits.is_empty() {
        notices.push(
            "no edits to suggest: nothing the documents name (governed or linked files, names in inline code) was renamed".to_string(),
        );
    }
    if !mode.apply || edits.is_empty() {
        return Ok(None);
    }
    let mut what = Vec::new();
    if mentions > 0 {
        what.push(crate::util::plural(mentions, "stale mention"));
    }
    if paths > 0 {
        what.push(crate::util::plural(paths, "path to moved code"));
    }
    let files: Vec<String> = edits.iter().map(|e| format!("`{}`", e.file)).collect();
    Ok(Some(format!(
        "--fix updated {} in {}: the working tree changed; review the edits and commit them (the findings above are about the commits checked)",
        what.join(" and "),
        files.join(", ")
    )))
}

/// The finding an edited line fixes: the stale mention at that line, else the drift finding
/// about the renamed file it follows whose documents include the edited file, else any finding
/// about that renamed file.
fn owner(findings: &[Finding], file: &str, line: &suggest::EditedLine) -> Option<usize> {
    let drift = |f: &&Finding| f.check == Check::Drift;
    let about = |f: &Finding| f.change.as_ref().is_some_and(|c| c.path == line.follows);
    findings
        .iter()
        .position(|f| {
            drift(&f) && f.diagnostic.path == file && f.diagnostic.line == Some(line.line)
        })
        .or_else(|| {
            findings.iter().position(|f| {
                drift(&f)
                    && f.diagnostic.code != "drift/stale-mention"
                    && about(f)
                    && (f.documents.iter().any(|d| d.path == file) || file == CONFIG_FILE)
            })
        })
        .or_else(|| {
            findings
                .iter()
                .position(|f| drift(&f) && f.diagnostic.code != "drift/stale-mention" && about(f))
        })
}

/// `sadoc check` at a workspace root: every member checked as if run in its folder, one report
/// whose paths are named from the workspace root and whose findings name their project.
pub fn run_workspace(
    workspace: &crate::load::workspace::Workspace,
    options: &CheckOptions<'_>,
) -> Result<Report> {
    let links = std::sync::Arc::new(workspace.links());
    let root = &workspace.root;
    let up = root.code_depth();
    let mut merged: Option<Report> = None;
    for (i, member) in workspace.members.iter().enumerate() {
        let mut project = member.project.clone();
        project.membership = Some(workspace.membership(&links, Some(i), true));
        let report = run(&project, options)
            .with_context(|| format!("project `{}` (`{}`)", member.name, member.dir))?;
        let from_root =
            |path: &str| paths::join_up(&member.dir, path, up).unwrap_or_else(|| path.to_string());
        let findings = report.findings.into_iter().map(|mut f| {
            f.project = Some(member.name.clone());
            f.diagnostic.path = from_root(&f.diagnostic.path);
            for d in &mut f.documents {
                d.path = from_root(&d.path);
            }
            if let Some(c) = &mut f.change {
                c.path = from_root(&c.path);
                c.old_path = c.old_path.as_deref().map(from_root);
            }
            for l in &mut f.line_changes {
                l.file = from_root(&l.file);
            }
            // Say it again in the workspace's coordinates, as the groups of the report are.
            if f.diagnostic.code == "drift/undocumented-change"
                && let Some(change) = &f.change
            {
                let (message, help) =
                    crate::check::drift::describe(change, &f.documents, Some(&member.name));
                f.diagnostic.message = message;
                f.diagnostic.help = Some(help);
            }
            f
        });
        let notices = report
            .notices
            .into_iter()
            .map(|n| format!("{}: {n}", member.name));
        let fix = report.fix.map(|f| format!("{}: {f}", member.name));
        match &mut merged {
            None => {
                let mut first = Report {
                    fix,
                    project: root.config.title.clone(),
                    findings: Vec::new(),
                    notices: Vec::new(),
                    completeness: None,
                    skip_label: root.config.check.skip_label.clone(),
                    repo_prefix: root.code_prefix().to_string(),
                    permalinks: report.permalinks.with_prefix(root.code_prefix()),
                    ..report
                };
                first.findings.extend(findings);
                first.notices.extend(notices);
                merged = Some(first);
            }
            Some(all) => {
                all.findings.extend(findings);
                all.notices.extend(notices);
                all.drift_checked |= report.drift_checked;
                all.fix = match (all.fix.take(), fix) {
                    (Some(a), Some(b)) => Some(format!("{a}\n{b}")),
                    (a, b) => a.or(b),
                };
            }
        }
    }
    let mut report = merged.context("the workspace has no projects")?;
    report.findings.sort_by(|a, b| {
        (a.check, &a.diagnostic.path, a.diagnostic.line).cmp(&(
            b.check,
            &b.diagnostic.path,
            b.diagnostic.line,
        ))
    });
    let fail_on = options.fail_on.unwrap_or(root.config.check.fail_on);
    report.summary = Summary::of(&report.findings, fail_on);
    Ok(report)
}

/// The parts of files the documents show as snippets (the snippets of snippets included).
fn snippet_uses(built: &Built) -> Vec<drift::SnippetUse> {
    built
        .rendered
        .iter()
        .enumerate()
        .flat_map(|(doc, r)| {
            r.snippet_regions
                .iter()
                .map(move |region| drift::SnippetUse {
                    doc,
                    path: region.path.clone(),
                    spans: region.spans.clone(),
                    spec: region.spec.clone(),
                })
        })
        .collect()
}
