//! `sadoc deploy`: build (or take a built folder), plan against the bucket, upload what
//! changed, delete what is stale when asked, print the site's URL.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{EXIT_FINDINGS, EXIT_OK, Globals, print_diagnostics};
use crate::deploy::plan::{Prefix, Reason};
use crate::deploy::s3::Target;
use crate::deploy::{self, DeployError, Options, Outcome, Progress};
use crate::load::config::DeployConfig;
use crate::pipeline;
use crate::util::diag::Counts;

/// Arguments of `sadoc deploy`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder (default: the one found from the current folder upward).
    pub dir: Option<PathBuf>,
    /// Bucket (default: `deploy.bucket`).
    #[arg(long)]
    pub bucket: Option<String>,
    /// Key prefix, always a folder: `mr-12` publishes under `mr-12/` (default: `deploy.prefix`).
    #[arg(long)]
    pub prefix: Option<String>,
    /// Region (default: `deploy.region`, else the AWS environment, else us-east-1).
    #[arg(long)]
    pub region: Option<String>,
    /// An S3-compatible endpoint instead of AWS; uses path-style addressing (default:
    /// `deploy.endpoint`).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Delete objects under the prefix that the site no longer has.
    #[arg(long)]
    pub delete: bool,
    /// Allow --delete at the bucket root (merge-request previews, `mr-N/`, are kept).
    #[arg(long, requires = "delete")]
    pub delete_root: bool,
    /// Uploads in flight at once.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Configure the bucket for static website hosting (index.html, 404.html).
    #[arg(long)]
    pub website: bool,
    /// Create the bucket when it does not exist, with website hosting (a first deploy, or an
    /// S3-compatible server). Who may read it is the bucket's policy: set it yourself.
    #[arg(long)]
    pub create_bucket: bool,
    /// Publish this folder built by `sadoc build --out` instead of building now.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Treat warnings as errors when building.
    #[arg(long)]
    pub strict: bool,
    /// Delete everything under this prefix and publish nothing (a preview's stop job). Works
    /// without a project when --bucket is given; publishing options are ignored.
    #[arg(long, value_name = "PREFIX", conflicts_with = "prefix")]
    pub remove_prefix: Option<String>,
}

/// Runs `sadoc deploy`.
pub fn run(globals: &Globals, args: Args) -> Result<ExitCode> {
    if let Some(raw) = &args.remove_prefix {
        return remove(globals, &args, raw);
    }
    let project = globals.project(args.dir.as_deref())?;
    let config = &project.config.deploy;
    let target = target(&args, config)?;
    let prefix = Prefix::new(args.prefix.as_deref().unwrap_or(&config.prefix))
        .map_err(anyhow::Error::msg)?;
    if args.delete && prefix.is_root() && !args.delete_root {
        bail!(
            "--delete at the bucket root would delete every object the site does not have\n  help: deploy under a --prefix, or add --delete-root if the bucket holds only this site (previews under `mr-N/` are kept)"
        );
    }
    let files = match built_files(globals, &project, args.out.as_deref(), args.strict)? {
        Ok(files) => files,
        Err(code) => return Ok(code),
    };
    let options = Options {
        target,
        prefix,
        delete: args.delete,
        dry_run: args.dry_run,
        concurrency: usize::from(args.concurrency),
        website: args.website,
        create_bucket: args.create_bucket,
        base_url: project.config.base_url.clone(),
    };
    let bar = (!globals.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} files {bytes} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let report = |p: &Progress<'_>| match &bar {
        Some(bar) => {
            bar.set_length(p.total as u64);
            bar.set_position(p.done as u64);
            bar.set_message(p.key.to_string());
        }
        None if !globals.quiet => {
            // Plain lines in CI: every tenth of the way, and the last one.
            let step = (p.total / 10).max(1);
            if p.done.is_multiple_of(step) || p.done == p.total {
                eprintln!("uploaded {}/{} files ({})", p.done, p.total, size(p.bytes));
            }
        }
        None => {}
    };
    let outcome = deploy::deploy(&files, &options, &report).map_err(setup_error);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let outcome = outcome?;
    if args.dry_run {
        print_plan(&outcome, &options);
        return Ok(ExitCode::from(EXIT_OK));
    }
    Ok(ExitCode::from(summary(globals, &outcome, &options)))
}

/// The files to publish: the folder `--out` names (built by `sadoc build --out`), else the
/// project built now; `Err` with the exit code when the build fails (nothing is uploaded).
pub(super) fn built_files(
    globals: &Globals,
    project: &crate::load::project::Project,
    out: Option<&std::path::Path>,
    strict: bool,
) -> Result<std::result::Result<Vec<deploy::SiteFile>, ExitCode>> {
    Ok(Ok(match out {
        Some(out) => {
            let dir = globals.resolve(out);
            deploy::files_of_dir(&dir).map_err(anyhow::Error::msg)?
        }
        None => {
            let exclude = vec![project.output_dir()];
            let site = crate::render::site::Site::new();
            // A workspace publishes its whole portal; a member, its site with its portal links.
            let env = |k: &str| std::env::var(k).ok();
            let options = pipeline::Options::site(exclude).with_cache(project, &env);
            let cache = options.clone();
            let (site, diagnostics) = if project.config.projects.is_empty() {
                let project = project.clone();
                let built = pipeline::build(project, options, site);
                (built.site, built.diagnostics)
            } else {
                let workspace = crate::load::workspace::Workspace::open(project.clone())?;
                let built = pipeline::workspace::build_workspace(&workspace, options, site);
                (built.site, built.diagnostics)
            };
            for problem in cache.save_cache().problems() {
                eprintln!("warning: {problem}");
            }
            print_diagnostics(globals, &diagnostics);
            let counts = Counts::of(&diagnostics);
            if crate::load::config::FailOn::strict(strict || project.config.strict).fails(&counts) {
                eprintln!("deploy stopped: the build failed ({counts}); nothing was uploaded");
                return Ok(Err(ExitCode::from(EXIT_FINDINGS)));
            }
            deploy::files_of_site(&site)
        }
    }))
}

/// Bucket, region and endpoint: the options, else `deploy:` in sadoc.yml.
fn target(args: &Args, config: &DeployConfig) -> Result<Target> {
    target_of(&args.bucket, &args.region, &args.endpoint, config)
}

/// Bucket, region and endpoint from options, else `deploy:` in sadoc.yml.
pub(super) fn target_of(
    bucket: &Option<String>,
    region: &Option<String>,
    endpoint: &Option<String>,
    config: &DeployConfig,
) -> Result<Target> {
    let Some(bucket) = bucket.clone().or_else(|| config.bucket.clone()) else {
        bail!("no bucket to deploy to\n  help: pass --bucket, or set `deploy.bucket` in sadoc.yml");
    };
    Ok(Target {
        bucket,
        region: region.clone().or_else(|| config.region.clone()),
        endpoint: endpoint.clone().or_else(|| config.endpoint.clone()),
    })
}

/// `--remove-prefix`: the stop job of a preview, which runs without a checkout, so the project
/// is optional when the options name the bucket.
fn remove(globals: &Globals, args: &Args, raw: &str) -> Result<ExitCode> {
    let config = match globals.project(args.dir.as_deref()) {
        Ok(project) => project.config.deploy,
        Err(_) if args.bucket.is_some() => DeployConfig::default(),
        Err(e) => return Err(e),
    };
    let target = target(args, &config)?;
    let prefix = Prefix::new(raw).map_err(anyhow::Error::msg)?;
    let removed = deploy::remove_prefix(&target, &prefix, args.dry_run).map_err(setup_error)?;
    let verb = if args.dry_run {
        "would remove"
    } else {
        "removed"
    };
    if globals.quiet && !args.dry_run {
        return Ok(ExitCode::from(EXIT_OK));
    }
    eprintln!(
        "{verb} {removed} objects under `{}` in bucket `{}`",
        prefix.as_str(),
        target.bucket
    );
    Ok(ExitCode::from(EXIT_OK))
}

/// Setup problems (credentials, bucket, endpoint) are usage errors (exit 2).
fn setup_error(e: DeployError) -> anyhow::Error {
    anyhow::Error::msg(e.to_string())
}

fn print_plan(outcome: &Outcome, options: &Options) {
    let plan = &outcome.plan;
    for upload in &plan.uploads {
        let why = match upload.reason {
            Reason::New => "new",
            Reason::Changed => "changed",
        };
        println!("upload  {}  ({why}, {})", upload.key, size(upload.size));
    }
    for key in &plan.deletes {
        println!("delete  {key}");
    }
    if outcome.created_bucket {
        eprintln!(
            "dry run: bucket `{}` does not exist; --create-bucket would create it with website hosting",
            options.target.bucket
        );
    }
    eprintln!(
        "dry run: would upload {} files ({}), keep {} unchanged, delete {}{}; bucket `{}`, prefix `{}`",
        plan.uploads.len(),
        size(plan.bytes()),
        plan.unchanged,
        plan.deletes.len(),
        if plan.kept.is_empty() {
            String::new()
        } else {
            format!(", leave {} stale (no --delete)", plan.kept.len())
        },
        options.target.bucket,
        options.prefix.as_str()
    );
}

/// The failures (always), then the summary and the site's URL unless `--quiet`: a quiet deploy
/// prints only problems.
fn summary(globals: &Globals, outcome: &Outcome, options: &Options) -> u8 {
    for (key, error) in &outcome.failures {
        eprintln!("error: `{key}` was not uploaded: {error}");
    }
    if !outcome.failures.is_empty() || !outcome.not_attempted.is_empty() {
        let missing = outcome.failures.len() + outcome.not_attempted.len();
        let shown_keys: Vec<&str> = outcome
            .not_attempted
            .iter()
            .take(10)
            .map(String::as_str)
            .collect();
        if !shown_keys.is_empty() {
            eprintln!(
                "not attempted after the failure: {}{}",
                shown_keys.join(", "),
                if outcome.not_attempted.len() > 10 {
                    ", …"
                } else {
                    ""
                }
            );
        }
        eprintln!(
            "deploy incomplete: {} uploaded, {missing} not uploaded, nothing deleted\n  help: run `sadoc deploy` again; it uploads only what is missing or changed",
            outcome.uploaded
        );
        return EXIT_FINDINGS;
    }
    if globals.quiet {
        return EXIT_OK;
    }
    if outcome.created_bucket {
        eprintln!(
            "created bucket `{}` with website hosting (index.html for folders, 404.html for missing pages); who may read it is its policy, which sadoc does not change",
            options.target.bucket
        );
    }
    let kept = if outcome.plan.kept.is_empty() {
        String::new()
    } else {
        format!(
            ", {} stale left (use --delete to remove)",
            outcome.plan.kept.len()
        )
    };
    eprintln!(
        "deployed to bucket `{}`{}: {} uploaded ({}), {} unchanged, {} deleted{kept}",
        options.target.bucket,
        if options.prefix.is_root() {
            String::new()
        } else {
            format!(" under `{}`", options.prefix.as_str())
        },
        outcome.uploaded,
        size(outcome.bytes),
        outcome.plan.unchanged,
        outcome.deleted
    );
    println!("{}", outcome.url);
    EXIT_OK
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} kB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}
