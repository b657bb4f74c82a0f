//! A versioned site on S3: each version's files under `<prefix><version>/`, each alias's
//! redirect pages under `<prefix><alias>/`, `<prefix>versions.json` in mike's format and
//! `<prefix>index.html` leading to the default version.
//!
//! `versions.json` is shared by every pipeline that publishes a version, so it is changed by
//! read–modify–write with S3's conditional writes: the edit is applied to what was read and
//! written only if the object still has the ETag it was read with (`If-Match`; `If-None-Match:
//! *` for the first version). When another pipeline wrote in between, the write is refused and
//! the edit is applied again to what that pipeline wrote. A server that ignores the conditions
//! is caught by reading the file back: when it is not what was written and the edit no longer
//! holds, the edit is applied again. Either way two versions published at the same moment both
//! end up in the file. An edit that changes nothing writes nothing.

use std::time::Duration;

use super::plan::Prefix;
use super::s3::{Bucket, S3Error, Target};
use super::tls::Roots;
use super::versions::{Version, VersionError, Versions, default_of, redirect_page};
use super::{DeployError, Options, Outcome, Progress, SiteFile, Source};

/// The file mike and sadoc keep the versions in.
pub const VERSIONS_FILE: &str = "versions.json";

/// How many times an edit is applied before giving up on a file others keep changing.
const ATTEMPTS: usize = 12;

/// A versioned site's versions and default, as read.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// The versions.
    pub versions: Versions,
    /// The version (or alias) the prefix's `index.html` leads to.
    pub default: Option<String>,
}

/// What an edit did.
#[derive(Debug, Clone, Default)]
pub struct Updated {
    /// The versions after it.
    pub state: State,
    /// Whether `versions.json` was written (an edit that changed nothing writes nothing).
    pub wrote_versions: bool,
    /// Whether the root `index.html` was written.
    pub wrote_default: bool,
    /// How many times the edit was applied again because another writer came first.
    pub retries: usize,
    /// Whether the server ignores conditional writes (then two writers at the same moment can
    /// still lose one's edit; see [`update`]).
    pub unconditional: bool,
}

/// An edit of the versions: changes them and says which version should be the default
/// afterwards (`None`: leave it).
pub type Edit<'a> =
    dyn Fn(&mut Versions, Option<&str>) -> Result<Option<String>, VersionError> + 'a;

/// Reads the versions and the default under `prefix` (`""` or `docs/`).
pub async fn read(bucket: &Bucket, prefix: &str) -> Result<(State, Option<String>), DeployError> {
    let key = format!("{prefix}{VERSIONS_FILE}");
    let (versions, etag) = match bucket.get(&key).await? {
        Some((bytes, etag)) => {
            let text = String::from_utf8_lossy(&bytes);
            let versions = Versions::parse(&text).map_err(|e| {
                DeployError::Other(format!(
                    "`{key}`: {e}\n  help: fix or remove the file; sadoc never overwrites a versions.json it cannot read"
                ))
            })?;
            (versions, Some(etag))
        }
        None => (Versions::default(), None),
    };
    let default = match bucket.get(&format!("{prefix}index.html")).await? {
        Some((bytes, _)) => default_of(&String::from_utf8_lossy(&bytes)),
        None => None,
    };
    Ok((State { versions, default }, etag))
}

/// Applies `edit` to the versions under `prefix`, with conditional writes and retries (see the
/// module's description), and points the root `index.html` at the default it names.
pub async fn update(
    bucket: &Bucket,
    prefix: &str,
    edit: &Edit<'_>,
) -> Result<Updated, DeployError> {
    let key = format!("{prefix}{VERSIONS_FILE}");
    let mut retries = 0;
    let mut unconditional = false;
    for attempt in 0..ATTEMPTS {
        let (state, etag) = read(bucket, prefix).await?;
        let mut versions = state.versions.clone();
        let new_default = match edit(&mut versions, state.default.as_deref()) {
            Ok(new_default) => new_default,
            // A deletion another writer made first, after our first attempt lost the race.
            Err(VersionError::Unknown { .. }) if attempt > 0 => None,
            Err(e) => return Err(DeployError::Other(e.to_string())),
        };
        let mut updated = Updated {
            retries,
            unconditional,
            ..Updated::default()
        };
        if versions != state.versions {
            if attempt == 0 {
                updated.unconditional = !honours_conditions(bucket, prefix).await?;
            }
            let text = versions.to_json();
            let written = bucket
                .put_if(
                    &key,
                    text.clone().into_bytes(),
                    "application/json",
                    etag.as_deref(),
                )
                .await?;
            let holds = written
                && match bucket.get(&key).await? {
                    Some((bytes, _)) => bytes == text.as_bytes(),
                    None => false,
                };
            unconditional = updated.unconditional;
            if !holds {
                retries += 1;
                backoff(attempt).await;
                continue;
            }
            updated.wrote_versions = true;
        }
        let default = new_default.or(state.default.clone());
        if let Some(target) = &default
            && state.default.as_deref() != Some(target.as_str())
        {
            let page = redirect_page(&format!("{target}/"));
            bucket
                .put_if_any(
                    &format!("{prefix}index.html"),
                    page.into_bytes(),
                    "text/html; charset=utf-8",
                )
                .await?;
            updated.wrote_default = true;
        }
        updated.state = State { versions, default };
        return Ok(updated);
    }
    Err(DeployError::Other(format!(
        "`{key}` kept changing: {ATTEMPTS} attempts to write it each found another writer had come first\n  help: run the command again when the other pipelines are done"
    )))
}

/// Whether the server refuses a write whose condition fails: a probe object under the prefix
/// is written, then written again with `If-None-Match: *`, which must be refused. (Probing
/// `versions.json` itself could undo another writer's edit.)
async fn honours_conditions(bucket: &Bucket, prefix: &str) -> Result<bool, DeployError> {
    let key = format!("{prefix}.sadoc-conditional-probe");
    bucket
        .put_if_any(&key, b"probe".to_vec(), "text/plain")
        .await?;
    Ok(!bucket
        .put_if(&key, b"probe".to_vec(), "text/plain", None)
        .await?)
}

/// Waits a little longer after each lost race, with jitter so two writers part.
async fn backoff(attempt: usize) {
    let jitter = u64::from(std::process::id() % 37)
        + (std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| u64::from(d.subsec_micros()) % 50)
            .unwrap_or(0));
    let base = 25u64 << attempt.min(5);
    tokio::time::sleep(Duration::from_millis(base + jitter)).await;
}

impl From<VersionError> for DeployError {
    fn from(e: VersionError) -> Self {
        DeployError::Other(e.to_string())
    }
}

impl Bucket {
    /// Puts one small object (a redirect page) unconditionally.
    pub async fn put_if_any(
        &self,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<(), S3Error> {
        let md5 = super::md5_hex(&bytes);
        self.put(key, bytes, content_type, "no-cache", &md5)
            .await
            .map(|_| ())
    }
}

/// The versions and default under `prefix`.
pub fn state(target: &Target, prefix: &Prefix) -> Result<State, DeployError> {
    super::runtime()?.block_on(async {
        let bucket = Bucket::connect(target, &Roots::load()).await;
        Ok(read(&bucket, prefix.as_str()).await?.0)
    })
}

/// Applies `edit` to the versions under `prefix` (see [`update`]).
pub fn edit(target: &Target, prefix: &Prefix, edit: &Edit<'_>) -> Result<Updated, DeployError> {
    super::runtime()?.block_on(async {
        let bucket = Bucket::connect(target, &Roots::load()).await;
        update(&bucket, prefix.as_str(), edit).await
    })
}

/// What a version's publication asks for.
#[derive(Debug, Clone)]
pub struct Release {
    /// Its name (`1.2`).
    pub version: String,
    /// Its aliases (`latest`).
    pub aliases: Vec<String>,
    /// Its title in the selector (default: kept, or the name).
    pub title: Option<String>,
    /// Make it the default (a first version always is).
    pub make_default: bool,
}

/// What publishing a version did.
#[derive(Debug, Clone)]
pub struct Published {
    /// The version's own files.
    pub files: Outcome,
    /// Each alias's redirect pages.
    pub aliases: Vec<(String, Outcome)>,
    /// The versions afterwards.
    pub updated: Updated,
}

/// The edit a release makes: the version with its aliases and title, and the default.
fn release_edit(
    release: &Release,
) -> impl Fn(&mut Versions, Option<&str>) -> Result<Option<String>, VersionError> + '_ {
    move |versions, default| {
        versions.deploy(&release.version, release.title.as_deref(), &release.aliases)?;
        Ok((release.make_default || default.is_none()).then(|| release.version.clone()))
    }
}

/// Publishes `files` as version `release.version` under `options.prefix`: its files under
/// `<prefix><version>/` (uploading only what changed, deleting what it no longer has there),
/// redirect pages under each alias's folder, then `versions.json` and the root page. Names and
/// aliases are checked against the published versions before anything is uploaded.
pub fn publish(
    files: &[SiteFile],
    options: &Options,
    release: &Release,
    progress: &(dyn Fn(&Progress<'_>) + Sync),
) -> Result<Published, DeployError> {
    let mut current = state(&options.target, &options.prefix)?;
    release_edit(release)(&mut current.versions, current.default.as_deref())?;
    let under = |name: &str| -> Result<Options, DeployError> {
        let prefix = Prefix::new(&format!("{}{name}", options.prefix.as_str()))
            .map_err(DeployError::Other)?;
        Ok(Options {
            prefix,
            delete: true,
            website: false,
            create_bucket: false,
            ..options.clone()
        })
    };
    let own = super::deploy(files, &under(&release.version)?, progress)?;
    let mut aliases = Vec::new();
    for alias in &release.aliases {
        let pages = redirects(files, &release.version);
        aliases.push((
            alias.clone(),
            super::deploy(&pages, &under(alias)?, progress)?,
        ));
    }
    let edit = release_edit(release);
    let updated = super::runtime()?.block_on(async {
        let bucket = Bucket::connect(&options.target, &Roots::load()).await;
        update(&bucket, options.prefix.as_str(), &edit).await
    })?;
    Ok(Published {
        files: own,
        aliases,
        updated,
    })
}

/// An alias's folder: for every page of the version, a page that leads to it (keeping the
/// reader's fragment). Redirect pages work on S3 website endpoints and behind CloudFront over
/// the REST endpoint alike, and a link into an alias keeps working when the alias moves.
pub fn redirects(files: &[SiteFile], version: &str) -> Vec<SiteFile> {
    files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            let depth = f.path.matches('/').count() + 1;
            let page = f.path.strip_suffix("index.html").unwrap_or(&f.path);
            let target = format!("{}{version}/{page}", "../".repeat(depth));
            SiteFile {
                path: f.path.clone(),
                source: Source::Memory(redirect_page(&target).into_bytes().into()),
            }
        })
        .collect()
}

/// Removes `version` from `versions.json` (refused for the default), then its files and its
/// aliases' folders. Returns the version removed and how many objects went.
pub fn delete(
    target: &Target,
    prefix: &Prefix,
    version: &str,
) -> Result<(Version, usize), DeployError> {
    let current = state(target, prefix)?;
    let gone = current
        .versions
        .clone()
        .delete(version, current.default.as_deref())?;
    let name = gone.version.clone();
    edit(target, prefix, &|versions, default| {
        versions.delete(&name, default)?;
        Ok(None)
    })?;
    let mut removed = 0;
    for folder in std::iter::once(&gone.version).chain(&gone.aliases) {
        let folder =
            Prefix::new(&format!("{}{folder}", prefix.as_str())).map_err(DeployError::Other)?;
        removed += super::remove_prefix(target, &folder, false)?;
    }
    Ok((gone, removed))
}

/// Every key under `folder` (a key prefix ending in `/`).
pub fn keys_under(target: &Target, folder: &str) -> Result<Vec<String>, DeployError> {
    super::runtime()?.block_on(async {
        let bucket = Bucket::connect(target, &Roots::load()).await;
        Ok(bucket
            .list(folder)
            .await?
            .into_iter()
            .map(|r| r.key)
            .collect())
    })
}
