//! What a deploy will do, decided before anything is written: which files to upload, which are
//! already there, which remote objects are stale.
//!
//! Pure functions over plain data, so every rule is unit-tested: a prefix is always a folder
//! (`mr-12` is `mr-12/` and never touches `mr-123/`); a file is unchanged when the object's
//! ETag is the MD5 of its bytes (single-part uploads without KMS) or, where ETags are not MD5s,
//! when the deploy manifest recorded the same MD5; stale objects are deleted only when asked,
//! never outside the prefix, and at the bucket root never under a merge-request preview prefix
//! (`mr-<number>/`), which has its own lifecycle.

use std::collections::{BTreeMap, BTreeSet};

/// The name of the manifest object kept under the prefix when the bucket's ETags are not MD5s.
pub const MANIFEST: &str = ".sadoc-manifest.json";

/// A key prefix, always empty or ending with `/`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prefix(String);

impl Prefix {
    /// Normalises a prefix as written (`mr-12`, `/docs/arch/`, ``): no leading `/`, one
    /// trailing `/`, no empty, `.` or `..` segments, no backslashes.
    pub fn new(raw: &str) -> Result<Prefix, String> {
        let trimmed = raw.trim().trim_matches('/');
        if trimmed.is_empty() {
            return Ok(Prefix(String::new()));
        }
        if trimmed.contains('\\') {
            return Err(format!("the prefix `{raw}` contains a backslash; use `/`"));
        }
        if trimmed
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
        {
            return Err(format!(
                "the prefix `{raw}` has an empty, `.` or `..` part; write a folder such as `mr-12/`"
            ));
        }
        Ok(Prefix(format!("{trimmed}/")))
    }

    /// The prefix as keys start with it (`""` or `mr-12/`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is the bucket root.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The key of a site file under this prefix.
    pub fn key(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }

    /// Whether a key lies under this prefix.
    pub fn contains(&self, key: &str) -> bool {
        key.starts_with(&self.0)
    }
}

/// A file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Local {
    /// Its path in the site (`adr/index.html`).
    pub path: String,
    /// The hex MD5 of its bytes.
    pub md5: String,
    /// Its size in bytes.
    pub size: u64,
}

/// An object found under the prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    /// Its key.
    pub key: String,
    /// Its ETag, without quotes.
    pub etag: String,
    /// Its size in bytes.
    pub size: u64,
}

/// Why a file is uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// No object has its key.
    New,
    /// The object's content differs.
    Changed,
}

/// One upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// The site file.
    pub path: String,
    /// The object key.
    pub key: String,
    /// Why.
    pub reason: Reason,
    /// Its size in bytes.
    pub size: u64,
}

/// What a deploy will do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Files to upload.
    pub uploads: Vec<Upload>,
    /// Files already there with the same content.
    pub unchanged: usize,
    /// Stale objects to delete (with `--delete`).
    pub deletes: Vec<String>,
    /// Stale objects left alone (without `--delete`, or preview prefixes at the root).
    pub kept: Vec<String>,
}

impl Plan {
    /// Bytes to upload.
    pub fn bytes(&self) -> u64 {
        self.uploads.iter().map(|u| u.size).sum()
    }
}

/// Whether an ETag is the MD5 of the object (a single-part upload without KMS encryption).
pub fn etag_is_md5(etag: &str) -> bool {
    etag.len() == 32 && etag.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether a key belongs to the versioned site under the prefix: its `versions.json`, the
/// conditional-write probe, or the folder of one of its versions or aliases (`versioned`, read
/// from that `versions.json`). A deploy never deletes them: they have their own commands.
fn in_versions(prefix: &Prefix, key: &str, versioned: &[String]) -> bool {
    let Some(rest) = key.strip_prefix(prefix.as_str()) else {
        return false;
    };
    if versioned.is_empty() {
        return false;
    }
    rest == "versions.json"
        || rest == ".sadoc-conditional-probe"
        || rest
            .split_once('/')
            .is_some_and(|(folder, _)| versioned.iter().any(|v| v == folder))
}

/// Whether a key at the bucket root belongs to a merge-request preview (`mr-12/…`).
fn is_preview(key: &str) -> bool {
    key.split_once('/')
        .and_then(|(first, _)| first.strip_prefix("mr-"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Plans a deploy of `local` files to `prefix`, where `remote` objects were listed and
/// `manifest` maps keys to the MD5s recorded by earlier deploys.
pub fn plan(
    prefix: &Prefix,
    local: &[Local],
    remote: &[Remote],
    manifest: &BTreeMap<String, String>,
    delete: bool,
    versioned: &[String],
) -> Plan {
    let remote: BTreeMap<&str, &Remote> = remote
        .iter()
        .filter(|r| prefix.contains(&r.key))
        .map(|r| (r.key.as_str(), r))
        .collect();
    let mut plan = Plan::default();
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    for file in local {
        let key = prefix.key(&file.path);
        let same = remote.get(key.as_str()).map(|r| {
            let recorded = if etag_is_md5(&r.etag) {
                Some(r.etag.to_ascii_lowercase())
            } else {
                manifest.get(&key).cloned()
            };
            r.size == file.size && recorded.as_deref() == Some(file.md5.as_str())
        });
        match same {
            Some(true) => plan.unchanged += 1,
            found => plan.uploads.push(Upload {
                path: file.path.clone(),
                key: key.clone(),
                reason: if found.is_some() {
                    Reason::Changed
                } else {
                    Reason::New
                },
                size: file.size,
            }),
        }
        wanted.insert(key);
    }
    let manifest_key = prefix.key(MANIFEST);
    for key in remote.keys() {
        if wanted.contains(*key) || *key == manifest_key {
            continue;
        }
        let protected =
            (prefix.is_root() && is_preview(key)) || in_versions(prefix, key, versioned);
        if delete && !protected {
            plan.deletes.push((*key).to_string());
        } else {
            plan.kept.push((*key).to_string());
        }
    }
    plan
}

/// How long browsers and CDNs may keep a file: HTML and other entry points are revalidated on
/// every visit, content-hashed assets are kept for a year, everything else for five minutes.
pub fn cache_control(path: &str) -> &'static str {
    let name = crate::util::paths::file_name(path);
    let extension = crate::util::paths::extension(path);
    // The search index's entry point names the shards of the current build: like a page, it
    // must be fresh (the shards it names are content-hashed and kept for a year).
    if matches!(extension.as_str(), "html" | "htm" | "xml" | "json" | "txt")
        || path == crate::render::search::ENTRY
    {
        return "no-cache";
    }
    if is_content_hashed(name) {
        return "public, max-age=31536000, immutable";
    }
    "public, max-age=300"
}

/// `sadoc.3fe9e5cb.js`: a name with a hex hash of 8 or more digits before its extension.
fn is_content_hashed(name: &str) -> bool {
    let mut parts = name.rsplit('.');
    let _extension = parts.next();
    parts
        .next()
        .is_some_and(|h| h.len() >= 8 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(path: &str, md5: &str, size: u64) -> Local {
        Local {
            path: path.into(),
            md5: md5.into(),
            size,
        }
    }

    fn remote(key: &str, etag: &str, size: u64) -> Remote {
        Remote {
            key: key.into(),
            etag: etag.into(),
            size,
        }
    }

    const A: &str = "0cc175b9c0f1b6a831c399e269772661";
    const B: &str = "92eb5ffee6ae2fec3ad71c777531578f";

    #[test]
    fn prefixes_are_folders() {
        assert_eq!(Prefix::new("mr-12").unwrap().as_str(), "mr-12/");
        assert_eq!(Prefix::new("/docs/arch/").unwrap().as_str(), "docs/arch/");
        assert!(Prefix::new("").unwrap().is_root());
        assert!(Prefix::new("/").unwrap().is_root());
        assert!(Prefix::new("a/../b").is_err());
        assert!(Prefix::new("a//b").is_err());
        assert!(Prefix::new("a\\b").is_err());
        let p = Prefix::new("mr-12").unwrap();
        assert!(p.contains("mr-12/index.html"));
        assert!(!p.contains("mr-123/index.html"));
    }

    #[test]
    fn new_changed_unchanged_and_stale() {
        let p = Prefix::new("mr-12").unwrap();
        let files = [
            local("index.html", A, 1),
            local("a.html", A, 1),
            local("b.html", B, 1),
        ];
        let objects = [
            remote("mr-12/index.html", A, 1),
            remote("mr-12/a.html", B, 1),
            remote("mr-12/old.html", A, 1),
            remote("mr-123/index.html", A, 1),
        ];
        let plan = plan(&p, &files, &objects, &BTreeMap::new(), true, &[]);
        assert_eq!(plan.unchanged, 1);
        let uploads: Vec<(&str, Reason)> = plan
            .uploads
            .iter()
            .map(|u| (u.key.as_str(), u.reason))
            .collect();
        assert_eq!(
            uploads,
            [
                ("mr-12/a.html", Reason::Changed),
                ("mr-12/b.html", Reason::New)
            ]
        );
        assert_eq!(plan.deletes, ["mr-12/old.html"], "never outside the prefix");
        let without = super::plan(&p, &files, &objects, &BTreeMap::new(), false, &[]);
        assert!(without.deletes.is_empty());
        assert_eq!(without.kept, ["mr-12/old.html"]);
    }

    #[test]
    fn etags_that_are_not_md5s_use_the_manifest() {
        let p = Prefix::new("").unwrap();
        let files = [local("index.html", A, 1), local("x.html", B, 1)];
        let objects = [
            remote("index.html", "9b2cf535f27731c974343645a3985328-2", 1),
            remote("x.html", "kms-etag-not-md5-at-all-00000000", 1),
            remote(MANIFEST, A, 10),
        ];
        let manifest = BTreeMap::from([("index.html".to_string(), A.to_string())]);
        let plan = plan(&p, &files, &objects, &manifest, true, &[]);
        assert_eq!(plan.unchanged, 1);
        assert_eq!(plan.uploads[0].key, "x.html");
        assert!(plan.deletes.is_empty(), "the manifest is not stale");
    }

    #[test]
    fn previews_survive_a_root_delete() {
        let p = Prefix::new("").unwrap();
        let objects = [
            remote("mr-7/index.html", A, 1),
            remote("mr-x/index.html", A, 1),
            remote("gone.html", A, 1),
        ];
        let plan = plan(&p, &[], &objects, &BTreeMap::new(), true, &[]);
        assert_eq!(plan.deletes, ["gone.html", "mr-x/index.html"]);
        assert_eq!(plan.kept, ["mr-7/index.html"]);
    }

    #[test]
    fn a_size_difference_is_a_change() {
        let p = Prefix::new("").unwrap();
        let plan = plan(
            &p,
            &[local("a", A, 2)],
            &[remote("a", A, 1)],
            &BTreeMap::new(),
            false,
            &[],
        );
        assert_eq!(plan.uploads[0].reason, Reason::Changed);
    }

    #[test]
    fn a_versioned_site_under_the_prefix_keeps_its_versions() {
        let p = Prefix::new("docs").unwrap();
        let objects = [
            remote("docs/versions.json", A, 1),
            remote("docs/1.0/index.html", A, 1),
            remote("docs/latest/index.html", A, 1),
            remote("docs/1.0x/index.html", A, 1),
            remote("docs/old.html", A, 1),
        ];
        let versions = ["1.0".to_string(), "latest".to_string()];
        let plan = plan(&p, &[], &objects, &BTreeMap::new(), true, &versions);
        assert_eq!(plan.deletes, ["docs/1.0x/index.html", "docs/old.html"]);
        assert_eq!(plan.kept.len(), 3);
    }

    #[test]
    fn cache_policy() {
        assert_eq!(cache_control("index.html"), "no-cache");
        assert_eq!(cache_control("sitemap.xml"), "no-cache");
        assert_eq!(cache_control("search/index.js"), "no-cache");
        assert_eq!(
            cache_control("search/t/0123456789abcdef.js"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control("assets/sadoc.3fe9e5cb.js"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("images/context.svg"), "public, max-age=300");
        assert_eq!(cache_control("assets/logo.svg"), "public, max-age=300");
    }
}
