//! `sadoc versions`: a site per release on S3, with aliases and a default, in mike's layout
//! (`versions.json`, a folder per version, the root leading to the default).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

use super::{EXIT_OK, Globals};
use crate::deploy::plan::Prefix;
use crate::deploy::versioned::{self, Release};
use crate::deploy::{DeployError, Options};

/// Arguments of `sadoc versions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    place: Place,
}

/// Where the versioned site is (default: `deploy:` in sadoc.yml).
#[derive(Debug, clap::Args)]
struct Place {
    /// Bucket (default: `deploy.bucket`).
    #[arg(long, global = true)]
    bucket: Option<String>,
    /// Key prefix the versions sit under (default: `deploy.prefix`).
    #[arg(long, global = true)]
    prefix: Option<String>,
    /// Region (default: `deploy.region`, else the AWS environment, else us-east-1).
    #[arg(long, global = true)]
    region: Option<String>,
    /// An S3-compatible endpoint instead of AWS (default: `deploy.endpoint`).
    #[arg(long, global = true, value_name = "URL")]
    endpoint: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the project and publish it as VERSION, with ALIASES leading to it.
    Deploy {
        /// The version (`1.2`): a folder under the prefix.
        #[arg(value_name = "VERSION")]
        name: String,
        /// Other names for it (`latest`, `stable`): each moves here from the version that had it.
        aliases: Vec<String>,
        /// Its title in the version selector (default: kept, or the version).
        #[arg(long)]
        title: Option<String>,
        /// Make it the default version, the one the prefix's root leads to (a first version
        /// always is).
        #[arg(long)]
        default: bool,
        /// Publish this folder built by `sadoc build --out` instead of building now.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Treat warnings as errors when building.
        #[arg(long)]
        strict: bool,
        /// Uploads in flight at once.
        #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
        concurrency: u16,
    },
    /// List the versions, newest first, with their aliases; the default is marked.
    List {
        /// Print `versions.json` as it is.
        #[arg(long)]
        json: bool,
    },
    /// Remove a version: its folder, its aliases' folders and its entry (never the default).
    Delete {
        /// The version (or one of its aliases).
        #[arg(value_name = "VERSION")]
        name: String,
    },
    /// Point ALIAS at VERSION (moving it from the version that has it).
    Alias {
        /// The version.
        #[arg(value_name = "VERSION")]
        name: String,
        /// The alias.
        alias: String,
    },
    /// Change the title the selector shows for VERSION.
    Retitle {
        /// The version.
        #[arg(value_name = "VERSION")]
        name: String,
        /// The new title.
        title: String,
    },
    /// Make VERSION the default: the prefix's root leads to it.
    SetDefault {
        /// The version (or an alias).
        #[arg(value_name = "VERSION")]
        name: String,
    },
}

/// Runs `sadoc versions`.
pub fn run(globals: &Globals, args: Args) -> Result<ExitCode> {
    let project = globals.project(None).ok();
    let config = project
        .as_ref()
        .map(|p| p.config.deploy.clone())
        .unwrap_or_default();
    let target = super::deploy::target_of(
        &args.place.bucket,
        &args.place.region,
        &args.place.endpoint,
        &config,
    )?;
    let prefix = Prefix::new(args.place.prefix.as_deref().unwrap_or(&config.prefix))
        .map_err(anyhow::Error::msg)?;
    let say = |line: String| {
        if !globals.quiet {
            println!("{line}");
        }
    };
    match args.command {
        Command::List { json } => {
            let state = versioned::state(&target, &prefix).map_err(setup)?;
            if json {
                print!("{}", state.versions.to_json());
                return Ok(ExitCode::from(EXIT_OK));
            }
            if state.versions.list().is_empty() {
                println!("no versions under `{}` yet", prefix.as_str());
            }
            let default = state
                .default
                .as_deref()
                .and_then(|d| state.versions.find(d))
                .map(|v| v.version.clone());
            for v in state.versions.list() {
                let mark = if default.as_deref() == Some(v.version.as_str()) {
                    "*"
                } else {
                    " "
                };
                let title = if v.title != v.version {
                    format!(" \"{}\"", v.title)
                } else {
                    String::new()
                };
                let aliases = if v.aliases.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", v.aliases.join(", "))
                };
                println!("{mark} {}{title}{aliases}", v.version);
            }
        }
        Command::Deploy {
            name: version,
            aliases,
            title,
            default,
            out,
            strict,
            concurrency,
        } => {
            let Some(project) = &project else {
                anyhow::bail!(
                    "no sadoc.yml found to build\n  help: run it in the project, or pass --out with a built site"
                );
            };
            // Names first: a bad one is refused before anything is built or uploaded.
            crate::deploy::versions::check_name(&version, "version")?;
            for alias in &aliases {
                crate::deploy::versions::check_name(alias, "alias")?;
            }
            // Built as one version of a versioned site: its pages get the selector, and their
            // canonical links and sitemap name the default version's pages (this one when it
            // becomes the default), so search engines send readers to the current one.
            let mut project = project.clone();
            project.config.versioned = true;
            if let Some(base) = &project.config.base_url {
                let state = versioned::state(&target, &prefix).map_err(setup)?;
                let canonical = match state
                    .default
                    .as_deref()
                    .and_then(|d| state.versions.find(d))
                {
                    Some(current) if !default => current.version.clone(),
                    _ => version.clone(),
                };
                project.config.base_url =
                    Some(format!("{}/{canonical}/", base.trim_end_matches('/')));
            }
            let project = &project;
            let files = match super::deploy::built_files(globals, project, out.as_deref(), strict)?
            {
                Ok(files) => files,
                Err(code) => return Ok(code),
            };
            let options = Options {
                target,
                prefix: prefix.clone(),
                delete: true,
                dry_run: false,
                concurrency: usize::from(concurrency),
                website: false,
                create_bucket: false,
                base_url: None,
            };
            let release = Release {
                version: version.clone(),
                aliases,
                title,
                make_default: default,
            };
            let published =
                versioned::publish(&files, &options, &release, &|_| {}).map_err(setup)?;
            let f = &published.files;
            say(format!(
                "published {version} under `{}{version}/`: {} uploaded, {} unchanged, {} deleted",
                prefix.as_str(),
                f.uploaded,
                f.plan.unchanged,
                f.deleted
            ));
            for (alias, outcome) in &published.aliases {
                say(format!(
                    "  alias {alias}: {} redirect pages uploaded, {} unchanged",
                    outcome.uploaded, outcome.plan.unchanged
                ));
            }
            let u = &published.updated;
            say(format!(
                "{}versions.json {}{}",
                prefix.as_str(),
                if u.wrote_versions {
                    "updated"
                } else {
                    "unchanged"
                },
                if u.retries > 0 {
                    format!(" (after {} other writers came first)", u.retries)
                } else {
                    String::new()
                }
            ));
            if u.wrote_default {
                say(format!("the default version is now {version}"));
            }
            warn_unconditional(u);
        }
        Command::Delete { name: version } => {
            let (gone, removed) = versioned::delete(&target, &prefix, &version).map_err(setup)?;
            say(format!(
                "deleted {} ({removed} objects under `{}{}/` and its aliases' folders)",
                gone.version,
                prefix.as_str(),
                gone.version
            ));
        }
        Command::Alias {
            name: version,
            alias,
        } => {
            crate::deploy::versions::check_name(&alias, "alias")?;
            let state = versioned::state(&target, &prefix).map_err(setup)?;
            let to = state.versions.existing(&version)?.version.clone();
            // The alias's folder of redirect pages follows the version's pages.
            let pages = version_pages(&target, &prefix, &to)?;
            let options = Options {
                target: target.clone(),
                prefix: Prefix::new(&format!("{}{alias}", prefix.as_str()))
                    .map_err(anyhow::Error::msg)?,
                delete: true,
                dry_run: false,
                concurrency: 16,
                website: false,
                create_bucket: false,
                base_url: None,
            };
            let mut moving = state.versions.clone();
            moving.alias(&to, &alias)?;
            crate::deploy::deploy(&versioned::redirects(&pages, &to), &options, &|_| {})
                .map_err(setup)?;
            let updated = versioned::edit(&target, &prefix, &|versions, _| {
                versions.alias(&to, &alias)?;
                Ok(None)
            })
            .map_err(setup)?;
            warn_unconditional(&updated);
            say(format!("{alias} now leads to {to}"));
        }
        Command::Retitle {
            name: version,
            title,
        } => {
            let updated = versioned::edit(&target, &prefix, &|versions, _| {
                versions.retitle(&version, &title)?;
                Ok(None)
            })
            .map_err(setup)?;
            warn_unconditional(&updated);
            say(format!("{version} is titled \"{title}\""));
        }
        Command::SetDefault { name: version } => {
            let state = versioned::state(&target, &prefix).map_err(setup)?;
            let to = state.versions.existing(&version)?.version.clone();
            versioned::edit(&target, &prefix, &|versions, _| {
                versions.existing(&to)?;
                Ok(Some(to.clone()))
            })
            .map_err(setup)?;
            say(format!(
                "the default version is now {to}: `{}index.html` leads to it",
                prefix.as_str()
            ));
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}

/// The pages a published version has (as empty files: only their paths matter for an alias's
/// redirect pages).
fn version_pages(
    target: &crate::deploy::s3::Target,
    prefix: &Prefix,
    version: &str,
) -> Result<Vec<crate::deploy::SiteFile>> {
    let folder = format!("{}{version}/", prefix.as_str());
    let keys = versioned::keys_under(target, &folder).map_err(setup)?;
    Ok(keys
        .into_iter()
        .filter_map(|k| k.strip_prefix(&folder).map(str::to_string))
        .map(|path| crate::deploy::SiteFile {
            path,
            source: crate::deploy::Source::Memory(std::sync::Arc::from(Vec::new())),
        })
        .collect())
}

/// The server took a write whose condition failed: say what that risks and what to do.
fn warn_unconditional(updated: &versioned::Updated) {
    if updated.unconditional {
        eprintln!(
            "warning: this S3 server ignores conditional writes (If-Match / If-None-Match): sadoc read versions.json back and found its edit, but two pipelines writing it at the same moment can still lose one's version\n  help: publish versions one at a time (GitLab: `resource_group: sadoc-versions` on the job), or use a server with conditional writes (AWS S3, SeaweedFS, MinIO)"
        );
    }
}

/// Setup problems (credentials, bucket, endpoint) and refused edits are usage errors (exit 2).
fn setup(e: DeployError) -> anyhow::Error {
    anyhow::Error::msg(e.to_string())
}
