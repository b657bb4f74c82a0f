//! `sadoc deploy`: publishes the built site to an S3 bucket, uploading only what changed.
//!
//! A deploy plans first ([`plan`]: pure, from the site's files and one listing of the prefix)
//! and then executes the plan against the bucket ([`s3`]): uploads in parallel (each a single
//! `PutObject` with its content type and cache policy), then, only with `--delete` and only
//! under the prefix, removes stale objects. When an upload fails (after the client's retries),
//! no new uploads start, the ones in flight finish, and the run reports every object that was
//! not uploaded; running it again uploads what is left, because the plan compares contents.
//! This module prints nothing: progress and results are handed to the caller. [`note`] posts
//! `sadoc check`'s merge-request note over the same TLS stack.

pub mod note;
pub mod plan;
pub mod s3;
pub mod tls;
pub mod versioned;
pub mod versions;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use md5::{Digest, Md5};
use rayon::prelude::*;

use crate::render::site::{Content, MARKER, Site};
use plan::{Local, Plan, Prefix};
use s3::{Bucket, S3Error, Target};
use tls::Roots;

/// The hex MD5 of bytes (what S3 reports as the ETag of a single-part upload).
pub fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where a site file's bytes are.
#[derive(Debug, Clone)]
pub enum Source {
    /// In memory (a page sadoc rendered).
    Memory(Arc<[u8]>),
    /// On disk (a file copied from the project, or a file of a built folder).
    Disk(PathBuf),
}

/// One file to publish.
#[derive(Debug, Clone)]
pub struct SiteFile {
    /// Its path in the site.
    pub path: String,
    /// Its bytes.
    pub source: Source,
}

impl SiteFile {
    fn bytes(&self) -> std::io::Result<Vec<u8>> {
        match &self.source {
            Source::Memory(bytes) => Ok(bytes.to_vec()),
            Source::Disk(path) => std::fs::read(path),
        }
    }
}

/// The files of a site built in memory.
pub fn files_of_site(site: &Site) -> Vec<SiteFile> {
    site.paths()
        .filter_map(|path| {
            let source = match site.get(path)? {
                Content::Bytes(bytes) => Source::Memory(bytes.clone()),
                Content::Copy(from) | Content::Written(from) => Source::Disk(from.clone()),
            };
            Some(SiteFile {
                path: path.to_string(),
                source,
            })
        })
        .collect()
}

/// The files of a folder `sadoc build` wrote (it must hold sadoc's marker, which is not
/// published).
pub fn files_of_dir(dir: &Path) -> Result<Vec<SiteFile>, String> {
    if !dir.join(MARKER).is_file() {
        return Err(format!(
            "`{}` is not a site sadoc built (it has no `{MARKER}`)\n  help: run `sadoc build --out {}` first, or deploy without --out to build now",
            dir.display(),
            dir.display()
        ));
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let path = relative.to_string_lossy().replace('\\', "/");
        if path == MARKER {
            continue;
        }
        files.push(SiteFile {
            path,
            source: Source::Disk(entry.path().to_path_buf()),
        });
    }
    Ok(files)
}

/// How to deploy.
#[derive(Debug, Clone)]
pub struct Options {
    /// Bucket, region, endpoint.
    pub target: Target,
    /// The key prefix (a folder).
    pub prefix: Prefix,
    /// Delete stale objects under the prefix.
    pub delete: bool,
    /// Print the plan only.
    pub dry_run: bool,
    /// Uploads in flight at once.
    pub concurrency: usize,
    /// Configure the bucket's website hosting.
    pub website: bool,
    /// Create the bucket (with website hosting) when it does not exist.
    pub create_bucket: bool,
    /// The site's public URL, when configured (`base_url`).
    pub base_url: Option<String>,
}

/// Progress of the uploads.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// Uploads finished (or failed).
    pub done: usize,
    /// Uploads planned.
    pub total: usize,
    /// Bytes uploaded.
    pub bytes: u64,
    /// The key just finished.
    pub key: &'a str,
}

/// What a deploy did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The plan it followed.
    pub plan: Plan,
    /// Objects uploaded.
    pub uploaded: usize,
    /// Bytes uploaded.
    pub bytes: u64,
    /// Objects deleted.
    pub deleted: usize,
    /// Uploads that failed: key and why.
    pub failures: Vec<(String, String)>,
    /// Uploads not attempted because an earlier one failed.
    pub not_attempted: Vec<String>,
    /// Where the site can be read.
    pub url: String,
    /// Whether the bucket was missing and created (a dry run: would be).
    pub created_bucket: bool,
}

/// Why a deploy could not run.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    /// The bucket, credentials or endpoint are wrong.
    #[error(transparent)]
    Setup(S3Error),
    /// Something else went wrong.
    #[error("{0}")]
    Other(String),
}

impl From<S3Error> for DeployError {
    fn from(e: S3Error) -> Self {
        if e.is_setup() {
            DeployError::Setup(e)
        } else {
            DeployError::Other(e.to_string())
        }
    }
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, DeployError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| DeployError::Other(format!("cannot start the upload runtime: {e}")))
}

/// Plans and (unless it is a dry run) executes a deploy of `files`.
pub fn deploy(
    files: &[SiteFile],
    options: &Options,
    progress: &(dyn Fn(&Progress<'_>) + Sync),
) -> Result<Outcome, DeployError> {
    let local: Vec<Local> = files
        .par_iter()
        .map(|f| {
            let bytes = f
                .bytes()
                .map_err(|e| format!("cannot read `{}`: {e}", f.path))?;
            Ok(Local {
                path: f.path.clone(),
                md5: md5_hex(&bytes),
                size: bytes.len() as u64,
            })
        })
        .collect::<Result<_, String>>()
        .map_err(DeployError::Other)?;
    runtime()?.block_on(async {
        let bucket = Bucket::connect(&options.target, &Roots::load()).await;
        let prefix = &options.prefix;
        let (remote, created_bucket) = match bucket.list(prefix.as_str()).await {
            Err(S3Error::NoBucket(_)) if options.create_bucket => {
                if !options.dry_run {
                    bucket.create().await?;
                }
                (Vec::new(), true)
            }
            listed => (listed?, false),
        };
        let manifest_key = prefix.key(plan::MANIFEST);
        let needs_manifest = remote
            .iter()
            .any(|r| r.key == manifest_key || !plan::etag_is_md5(&r.etag));
        let manifest = if needs_manifest {
            bucket.manifest(&manifest_key).await?
        } else {
            Default::default()
        };
        // A versioned site under the prefix (`sadoc versions`) keeps its versions.
        let versions_key = prefix.key(versioned::VERSIONS_FILE);
        let versioned = if options.delete && remote.iter().any(|r| r.key == versions_key) {
            match bucket.get(&versions_key).await? {
                Some((bytes, _)) => versions::Versions::parse(&String::from_utf8_lossy(&bytes))
                    .map(|v| {
                        v.list()
                            .iter()
                            .flat_map(|v| std::iter::once(v.version.clone()).chain(v.aliases.clone()))
                            .collect()
                    })
                    .map_err(|e| {
                        DeployError::Other(format!(
                            "`{versions_key}`: {e}\n  help: sadoc does not --delete under a prefix whose versions.json it cannot read"
                        ))
                    })?,
                None => Vec::new(),
            }
        } else {
            Vec::new()
        };
        let plan = plan::plan(prefix, &local, &remote, &manifest, options.delete, &versioned);
        let url = site_url(options, bucket.region());
        let mut outcome = Outcome {
            plan,
            uploaded: 0,
            bytes: 0,
            deleted: 0,
            failures: Vec::new(),
            not_attempted: Vec::new(),
            url,
            created_bucket,
        };
        if options.dry_run {
            return Ok(outcome);
        }
        let etags = upload(&bucket, files, &local, options, &mut outcome, progress).await?;
        if outcome.failures.is_empty() {
            if !outcome.plan.deletes.is_empty() {
                bucket.delete(&outcome.plan.deletes).await?;
                outcome.deleted = outcome.plan.deletes.len();
            }
            // Where the bucket's ETags are not MD5s (KMS encryption), the next deploy needs
            // the MD5s recorded.
            if needs_manifest || etags.iter().any(|e| !plan::etag_is_md5(e)) {
                let files = local
                    .iter()
                    .map(|l| (prefix.key(&l.path), l.md5.clone()))
                    .collect();
                if files != manifest {
                    bucket.put_manifest(&manifest_key, files).await?;
                }
            }
            if options.website || created_bucket {
                bucket.website("404.html").await?;
            }
        }
        Ok(outcome)
    })
}

/// Uploads the plan's files, `options.concurrency` at a time; returns the ETags S3 gave.
async fn upload(
    bucket: &Bucket,
    files: &[SiteFile],
    local: &[Local],
    options: &Options,
    outcome: &mut Outcome,
    progress: &(dyn Fn(&Progress<'_>) + Sync),
) -> Result<Vec<String>, DeployError> {
    use futures_util::stream::{self, StreamExt as _};
    let by_path: std::collections::HashMap<&str, (&SiteFile, &Local)> = files
        .iter()
        .zip(local)
        .map(|(f, l)| (f.path.as_str(), (f, l)))
        .collect();
    let total = outcome.plan.uploads.len();
    let stop = AtomicBool::new(false);
    let done = AtomicUsize::new(0);
    let bytes = AtomicU64::new(0);
    let results: Vec<(String, Result<Option<String>, S3Error>)> =
        stream::iter(outcome.plan.uploads.iter())
            .map(|up| {
                let (file, info) = by_path[up.path.as_str()];
                let (stop, done, bytes) = (&stop, &done, &bytes);
                async move {
                    if stop.load(Ordering::SeqCst) {
                        return (up.key.clone(), Ok(None));
                    }
                    let result = match file.bytes() {
                        Ok(data) => {
                            bucket
                                .put(
                                    &up.key,
                                    data,
                                    crate::util::mime::content_type(&up.path),
                                    plan::cache_control(&up.path),
                                    &info.md5,
                                )
                                .await
                        }
                        Err(e) => Err(S3Error::Other(format!("cannot read `{}`: {e}", up.path))),
                    };
                    match &result {
                        Ok(_) => {
                            bytes.fetch_add(up.size, Ordering::SeqCst);
                        }
                        Err(_) => stop.store(true, Ordering::SeqCst),
                    }
                    let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                    progress(&Progress {
                        done: n,
                        total,
                        bytes: bytes.load(Ordering::SeqCst),
                        key: &up.key,
                    });
                    (up.key.clone(), result.map(Some))
                }
            })
            .buffer_unordered(options.concurrency.max(1))
            .collect()
            .await;
    let mut etags = Vec::new();
    for (key, result) in results {
        match result {
            Ok(Some(etag)) => {
                outcome.uploaded += 1;
                etags.push(etag);
            }
            Ok(None) => outcome.not_attempted.push(key),
            Err(e) if e.is_setup() && outcome.uploaded == 0 && outcome.failures.is_empty() => {
                return Err(DeployError::Setup(e));
            }
            Err(e) => outcome.failures.push((key, e.to_string())),
        }
    }
    outcome.bytes = bytes.load(Ordering::SeqCst);
    outcome.failures.sort();
    outcome.not_attempted.sort();
    Ok(etags)
}

/// Removes every object under a (non-root) prefix: the stop job of a merge-request preview.
/// Returns how many objects were (or, with `dry_run`, would be) removed.
pub fn remove_prefix(
    target: &Target,
    prefix: &Prefix,
    dry_run: bool,
) -> Result<usize, DeployError> {
    if prefix.is_root() {
        return Err(DeployError::Other(
            "--remove-prefix needs a prefix such as `mr-12/`; it never empties a bucket"
                .to_string(),
        ));
    }
    runtime()?.block_on(async {
        let bucket = Bucket::connect(target, &Roots::load()).await;
        let keys: Vec<String> = bucket
            .list(prefix.as_str())
            .await?
            .into_iter()
            .map(|r| r.key)
            .filter(|k| prefix.contains(k))
            .collect();
        if !dry_run {
            bucket.delete(&keys).await?;
        }
        Ok(keys.len())
    })
}

/// Where the deployed site can be read: `base_url`, else the custom endpoint's path-style
/// URL, else the bucket's S3 website endpoint.
fn site_url(options: &Options, region: &str) -> String {
    let prefix = options.prefix.as_str();
    if let Some(base) = &options.base_url {
        return format!("{}/{prefix}", base.trim_end_matches('/'));
    }
    let bucket = &options.target.bucket;
    if let Some(endpoint) = &options.target.endpoint {
        return format!("{}/{bucket}/{prefix}", endpoint.trim_end_matches('/'));
    }
    // Older regions name the website endpoint with a dash, newer ones with a dot.
    const DASH: &[&str] = &[
        "us-east-1",
        "us-west-1",
        "us-west-2",
        "eu-west-1",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-northeast-1",
        "sa-east-1",
        "us-gov-west-1",
    ];
    let separator = if DASH.contains(&region) { '-' } else { '.' };
    format!("http://{bucket}.s3-website{separator}{region}.amazonaws.com/{prefix}")
}
