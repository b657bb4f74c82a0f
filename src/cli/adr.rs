//! `sadoc adr`: create, list, show, change and lint architecture decision records.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use serde::Serialize;

use super::{EXIT_FINDINGS, EXIT_OK, Globals, print_diagnostics, shown};
use crate::check;
use crate::edit::{NewAdr, NewLink, Outcome, Workspace};
use crate::model::decision::Status;
use crate::util::diag::{self, Counts, Diagnostic};

/// Arguments of `sadoc adr`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder, or a project's name in a workspace (default: the project found from
    /// the current folder upward; at a workspace's root it must be given).
    #[arg(long, global = true, value_name = "NAME|DIR")]
    pub project: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: AdrCommand,
}

/// The `sadoc adr` commands.
#[derive(Debug, Subcommand)]
pub enum AdrCommand {
    /// Create the next ADR from the configured template and print its path.
    New {
        /// Title of the decision.
        #[arg(required = true, num_args = 1..)]
        title: Vec<String>,
        /// An ADR the new one supersedes (number, file name or title); repeatable.
        #[arg(long, short = 's', value_name = "ADR")]
        supersedes: Vec<String>,
        /// An ADR the new one amends; repeatable.
        #[arg(long, short = 'a', value_name = "ADR")]
        amends: Vec<String>,
        /// A relation of your own, as adr-tools writes it: "5:Amends:Amended by" (the ADR, the
        /// relation the new one states, the one the ADR states back); repeatable.
        #[arg(long, short = 'l', value_name = "TARGET:LINK:REVERSE-LINK")]
        link: Vec<String>,
        /// Initial status (default: proposed).
        #[arg(long)]
        status: Option<String>,
        /// Template: nygard, madr or a path (default: `adr.template` in sadoc.yml).
        #[arg(long)]
        template: Option<String>,
        /// Date of the decision, YYYY-MM-DD (default: `ADR_DATE`, else today).
        #[arg(long)]
        date: Option<String>,
        /// Write it in this package's ADR folder (`adr.packages` in sadoc.yml; log4brains'
        /// packages).
        #[arg(long, short = 'p', value_name = "NAME")]
        package: Option<String>,
        /// Do not open $VISUAL or $EDITOR on the new record (it is never opened when CI is set).
        #[arg(long)]
        no_edit: bool,
    },
    /// List the ADRs.
    List {
        /// Only ADRs with this status (proposed, accepted, rejected, deprecated, superseded, unknown).
        #[arg(long)]
        status: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show one ADR's metadata and relations.
    Show {
        /// The ADR: number, file name or title.
        adr: String,
        /// Also the commits that changed its status or relations, with their merge requests.
        #[arg(long)]
        history: bool,
    },
    /// Change an ADR's status in its file.
    Status {
        /// The ADR: number, file name or title.
        adr: String,
        /// The new status.
        status: String,
    },
    /// Link two ADRs, e.g. `sadoc adr link 12 Amends 10 "Amended by"`; the reverse relation is
    /// inferred for supersedes/amends.
    Link {
        /// The ADR that states the relation.
        from: String,
        /// The relation (Supersedes, Amends, or your own verb such as Clarifies).
        relation: String,
        /// The other ADR.
        to: String,
        /// The relation seen from the other ADR (default: inferred).
        reverse: Option<String>,
    },
    /// Check the ADRs only: numbering, statuses, dates, relations.
    Lint {
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Print what adr-tools' `adr generate` prints, for READMEs and scripts built on it.
    Generate {
        /// What to generate.
        #[command(subcommand)]
        what: Generate,
    },
}

/// What `sadoc adr generate` writes.
#[derive(Debug, Subcommand)]
pub enum Generate {
    /// A markdown list of the records (adr-tools' `adr generate toc`).
    Toc {
        /// A markdown file printed before the list.
        #[arg(short = 'i', value_name = "INTRO")]
        intro: Option<PathBuf>,
        /// A markdown file printed after the list.
        #[arg(short = 'o', value_name = "OUTRO")]
        outro: Option<PathBuf>,
        /// Put before each record's file name in its link.
        #[arg(short = 'p', value_name = "LINK_PREFIX", default_value = "")]
        prefix: String,
    },
    /// A Graphviz graph of the records' order and relations (adr-tools' `adr generate graph`;
    /// `| dot -Tsvg > graph.svg`).
    Graph {
        /// Put before each record's link.
        #[arg(short = 'p', value_name = "LINK_PREFIX", default_value = "")]
        prefix: String,
        /// The extension of the documents the links lead to.
        #[arg(short = 'e', value_name = "LINK_EXTENSION", default_value = ".html")]
        extension: String,
    },
}

/// Output formats of `adr list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns for people.
    Table,
    /// A JSON array for scripts.
    Json,
    /// One path per line, as adr-tools' `adr list` prints them (`for f in $(sadoc adr list
    /// --format paths)`).
    Paths,
}

/// Runs `sadoc adr`.
pub fn run(globals: &Globals, args: Args) -> Result<ExitCode> {
    let project = project(globals, args.project.as_deref())?;
    let adr_dir = project.path(&project.config.adr.dir);
    if let Some((link, target)) = crate::util::paths::dangling_link(&project.root, &adr_dir) {
        anyhow::bail!(
            "`{}` is a symbolic link to `{}`, which does not exist, so the ADR folder `{}` can be neither read nor created\n  help: create the link's target, or point `adr.dir` in {} at the folder the records are in",
            shown(&link),
            target.display(),
            shown(&adr_dir),
            shown(&project.config_path)
        );
    }
    // Commands that write read the records after taking the ADR folder's lock, so a record
    // another process is creating at the same moment is seen and its number not reused.
    let writes = matches!(
        args.command,
        AdrCommand::New { .. } | AdrCommand::Status { .. } | AdrCommand::Link { .. }
    );
    let _lock = if writes {
        Some(crate::util::write::lock_dir(
            &project.path(&project.config.adr.dir),
        )?)
    } else {
        None
    };
    let workspace = Workspace::open(&project);
    match args.command {
        AdrCommand::New {
            title,
            supersedes,
            amends,
            link,
            status,
            template,
            date,
            package,
            no_edit,
        } => {
            // adr-tools' `ADR_TEMPLATE` names a template as `--template` does.
            let template = template.or_else(|| {
                std::env::var_os("ADR_TEMPLATE")
                    .filter(|t| !t.is_empty())
                    .map(|t| {
                        globals
                            .resolve(Path::new(&t))
                            .to_string_lossy()
                            .into_owned()
                    })
            });
            // adr-tools' `ADR_DATE` dates the record as `--date` does.
            let date = date.or_else(|| std::env::var("ADR_DATE").ok().filter(|d| !d.is_empty()));
            let outcome = workspace.new_adr(&NewAdr {
                title: title.join(" "),
                supersedes,
                amends,
                links: link
                    .iter()
                    .map(|l| NewLink::parse(l))
                    .collect::<Result<_>>()?,
                status,
                template,
                date,
                package,
            })?;
            drop(_lock);
            if let Some(created) = outcome.created.as_deref().filter(|_| !no_edit) {
                super::editor::edit(globals, created);
            }
            report(globals, &outcome);
        }
        AdrCommand::List { status, format } => {
            list(&workspace, &project, status.as_deref(), format)?
        }
        AdrCommand::Generate { what } => generate(globals, &project, what)?,
        AdrCommand::Show { adr, history } => {
            let index = workspace.find(&adr)?;
            super::adr_show::show(&workspace, index);
            if history {
                super::adr_show::history(&workspace, &project, index);
            }
        }
        AdrCommand::Status { adr, status } => {
            let outcome = workspace.set_status(workspace.find(&adr)?, &status)?;
            report(globals, &outcome);
        }
        AdrCommand::Link {
            from,
            relation,
            to,
            reverse,
        } => {
            let outcome = workspace.link(
                workspace.find(&from)?,
                &relation,
                workspace.find(&to)?,
                reverse.as_deref(),
            )?;
            if outcome.changed.is_empty() && !globals.quiet {
                eprintln!("both ADRs already say so; nothing changed");
            }
            report(globals, &outcome);
        }
        AdrCommand::Lint { strict } => return Ok(lint(globals, &workspace, &project, strict)),
    }
    Ok(ExitCode::from(EXIT_OK))
}

fn report(globals: &Globals, outcome: &Outcome) {
    if let Some(created) = &outcome.created {
        // The path goes to stdout so scripts can open it: `$EDITOR "$(sadoc adr new …)"`.
        println!("{}", shown(created));
    }
    if !globals.quiet {
        for (path, what) in &outcome.changed {
            eprintln!("updated {}: {what}", shown(path));
        }
        for (path, what) in &outcome.pending {
            eprintln!("left {} as it is: {what}", shown(path));
        }
    }
}

#[derive(Serialize)]
struct ListItem<'a> {
    id: String,
    number: Option<u32>,
    title: &'a str,
    status: Status,
    status_text: Option<&'a str>,
    date: Option<String>,
    path: &'a str,
    deciders: &'a [String],
    tags: &'a [String],
    relations: Vec<ListRelation>,
}

#[derive(Serialize)]
struct ListRelation {
    kind: String,
    adr: String,
    stated: bool,
}

/// `adr generate toc|graph`, from the files of the ADR folder as adr-tools reads them.
fn generate(
    globals: &Globals,
    project: &crate::load::project::Project,
    what: Generate,
) -> Result<()> {
    use crate::render::adr_tools::{self, Record};
    use anyhow::Context;
    let dir = project.path(&project.config.adr.dir);
    let mut files: Vec<(String, String)> = Vec::new();
    let entries = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read the ADR folder `{}`", shown(&dir)))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if adr_tools::listed(&name) && entry.path().is_file() {
            let text = std::fs::read_to_string(entry.path())
                .with_context(|| format!("cannot read `{}`", shown(&entry.path())))?;
            files.push((name, text));
        }
    }
    let records: Vec<Record<'_>> = files
        .iter()
        .map(|(file, text)| Record { file, text })
        .collect();
    let read = |path: Option<PathBuf>| -> Result<Option<String>> {
        path.map(|p| {
            let p = globals.resolve(&p);
            std::fs::read_to_string(&p).with_context(|| format!("cannot read `{}`", shown(&p)))
        })
        .transpose()
    };
    let out = match what {
        Generate::Toc {
            intro,
            outro,
            prefix,
        } => adr_tools::toc(
            &records,
            read(intro)?.as_deref(),
            read(outro)?.as_deref(),
            &prefix,
        ),
        Generate::Graph { prefix, extension } => adr_tools::graph(&records, &prefix, &extension),
    };
    print!("{out}");
    Ok(())
}

fn list(
    workspace: &Workspace<'_>,
    project: &crate::load::project::Project,
    status: Option<&str>,
    format: ListFormat,
) -> Result<()> {
    let wanted = match status {
        Some(s) => Some(Status::parse(s).ok_or_else(|| {
            let guess = crate::util::spelling::did_you_mean(
                s,
                Status::ALL.into_iter().map(|s| s.as_str()),
            )
            .map(|d| format!("{d} "))
            .unwrap_or_default();
            anyhow::anyhow!(
                "unknown status `{s}`\n  help: {guess}use proposed, accepted, rejected, deprecated, superseded or unknown"
            )
        })?),
        None => None,
    };
    let model = workspace.model();
    let adrs = &model.adrs.adrs;
    let items: Vec<ListItem<'_>> = adrs
        .iter()
        .filter(|a| wanted.is_none_or(|w| a.status == w))
        .map(|a| ListItem {
            id: workspace.label(a),
            number: a.id.number,
            title: &a.title,
            status: a.status,
            status_text: a.status_text.as_deref(),
            date: a.date.map(|d| d.to_string()),
            path: &model.docs[a.doc].source,
            deciders: &a.deciders,
            tags: &a.tags,
            relations: a
                .relations
                .iter()
                .map(|r| ListRelation {
                    kind: r.kind.label(),
                    adr: workspace.label(&adrs[r.target]),
                    stated: r.stated,
                })
                .collect(),
        })
        .collect();
    match format {
        ListFormat::Json => println!("{}", serde_json::to_string_pretty(&items)?),
        ListFormat::Paths => {
            for item in &items {
                println!("{}", shown(&project.path(item.path)));
            }
        }
        ListFormat::Table => {
            let id_width = items
                .iter()
                .map(|i| i.id.chars().count())
                .max()
                .unwrap_or(2)
                .max(2);
            println!(
                "{:<id_width$}  {:<10}  {:<10}  TITLE",
                "ID", "STATUS", "DATE"
            );
            for item in &items {
                println!(
                    "{:<id_width$}  {:<10}  {:<10}  {}",
                    item.id,
                    item.status.as_str(),
                    item.date.as_deref().unwrap_or("-"),
                    item.title
                );
            }
        }
    }
    Ok(())
}

fn lint(
    globals: &Globals,
    workspace: &Workspace<'_>,
    project: &crate::load::project::Project,
    strict: bool,
) -> ExitCode {
    let model = workspace.model();
    let adr_sources: std::collections::HashSet<&str> = model
        .adrs
        .adrs
        .iter()
        .map(|a| model.docs[a.doc].source.as_str())
        .collect();
    let adr_dirs: Vec<&String> = std::iter::once(&project.config.adr.dir)
        .chain(project.config.adr.packages.values())
        .collect();
    let mut findings: Vec<Diagnostic> = workspace
        .loaded
        .all_diagnostics()
        .filter(|d| {
            d.code.starts_with("adr/")
                || adr_sources.contains(d.path.as_str())
                || adr_dirs
                    .iter()
                    .any(|dir| crate::util::paths::is_within(&d.path, dir))
        })
        .cloned()
        .collect();
    findings.extend(check::decision_log::check(
        model,
        usize::from(project.config.adr.digits),
        check::decision_log::review(&project.config),
    ));
    let prompts = check::adr_prompts::Prompts::new(model, &project.config);
    for adr in &model.adrs.adrs {
        findings.extend(prompts.check_doc(model, adr.doc));
    }
    diag::sort(&mut findings);
    // A lint is asked for: its notes (prompts left unfilled, numbering gaps) are shown too.
    let globals = Globals {
        verbose: true,
        ..globals.clone()
    };
    print_diagnostics(&globals, &findings);
    let counts = Counts::of(&findings);
    let notes = findings
        .iter()
        .filter(|d| d.severity == diag::Severity::Info)
        .count();
    eprintln!(
        "{} ADRs checked: {counts}, {notes} note{}",
        model.adrs.adrs.len(),
        if notes == 1 { "" } else { "s" }
    );
    if crate::load::config::FailOn::strict(strict).fails(&counts) {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::from(EXIT_OK)
    }
}

/// The project the ADR commands work on: `--project` (a folder, or a member's name when sadoc
/// runs in a workspace), else the one found upward. A workspace's root has no ADRs of its own:
/// there the project must be named, never guessed.
fn project(
    globals: &Globals,
    named: Option<&std::path::Path>,
) -> Result<crate::load::project::Project> {
    let found = match named {
        Some(name) if !globals.resolve(name).exists() => {
            let root = globals.project(None)?;
            let name = name.to_string_lossy();
            if root.config.projects.is_empty() {
                anyhow::bail!(
                    "`--project {name}`: no such folder, and `{}` is not a workspace whose projects have names",
                    shown(&root.config_path)
                );
            }
            let workspace = crate::load::workspace::Workspace::open(root)?;
            match workspace.member(&name) {
                Some(member) => member.project.clone(),
                None => anyhow::bail!(
                    "the workspace has no project `{name}`\n  help: use one of: {}",
                    member_names(&workspace)
                ),
            }
        }
        other => globals.project(other)?,
    };
    if !found.config.projects.is_empty() {
        let names = crate::load::workspace::Workspace::open(found.clone())
            .map(|w| member_names(&w))
            .unwrap_or_default();
        anyhow::bail!(
            "`{}` is a workspace's root: its projects number their ADRs each on their own\n  help: say which project, e.g. `sadoc adr --project NAME ...` with NAME one of: {names}",
            shown(&found.config_path)
        );
    }
    Ok(found)
}

fn member_names(workspace: &crate::load::workspace::Workspace) -> String {
    workspace
        .members
        .iter()
        .map(|m| m.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
