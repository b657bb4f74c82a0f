//! Each page's HTML kept between builds in the build cache folder, so that a rebuild runs the
//! templates only for the pages that would come out different.
//!
//! A page is its template applied to its context, and the context is everything the template
//! can read: the site's strings and assets, the page's title, navigation, breadcrumbs,
//! neighbours, who changed it, its ADR data, and its document's HTML. A page is kept under a
//! SHA-256 of all of it — the templates' text, the template's name, the context serialised
//! as the template gets it (without the document's HTML) and the document's packed HTML and
//! first heading (from which its content and description follow) — so a page whose
//! navigation lists a new page, whose neighbour's title changed, or whose document changed
//! finds no entry and is rendered again. Pages with content sadoc draws with partial
//! templates (a view's element catalog, a mapping's tables) are always rendered: their
//! content follows from other documents. A theme whose templates read the environment or the
//! clock (`get_env`, `now`) keeps no pages.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::context::SiteContext;
use super::theme::Strings;

use crate::util::memo::{Key, Kind, Memo, Saved};

/// The file's name in the cache folder; the number changes with the file's layout.
pub const FILE: &str = "pages-v1.bin";
/// The most compressed pages the file keeps.
pub const MAX_BYTES: usize = 256 << 20;
const KIND: Kind = Kind {
    file: FILE,
    magic: b"SADOCPG1",
    version: crate::util::cache_file::BUILD,
    max_bytes: MAX_BYTES,
    replaces: &[],
};

/// The pages of earlier builds (kept as `util::memo` keeps records).
#[derive(Debug)]
pub struct PageMemo(Memo);

impl PageMemo {
    /// The pages kept in `dir` (nothing is read until one is looked up).
    pub fn open(dir: impl Into<PathBuf>) -> PageMemo {
        PageMemo(Memo::open(KIND, dir))
    }

    /// The page kept under `key`, if an earlier build made it and it reads back whole.
    pub fn get(&self, key: &Key) -> Option<String> {
        String::from_utf8(self.0.get(key)?).ok()
    }

    /// Keeps the page `html` under `key` for the next build, LZ4-compressed (a third of its
    /// size: the file is what GitLab's cache uploads).
    pub fn put(&self, key: &Key, html: &str) {
        self.0.put(key, html.as_bytes());
    }

    /// Writes the pages this build used or added (see `util::memo`).
    pub fn save(&self) -> Result<Saved, String> {
        self.0.save()
    }
}

/// What every page of a build shows alike — the site's context and the theme's strings —
/// hashed once: each page's key holds this digest, and its context leaves them out.
pub(super) struct Shared {
    pub(super) digest: [u8; 32],
}

impl Shared {
    pub(super) fn new(site: &SiteContext<'_>, strings: &Strings) -> Self {
        let mut hasher = KeyHasher {
            sha: Sha256::new(),
            pending: Vec::new(),
        };
        // Serialising into a hasher cannot fail.
        let _ = serde_json::to_writer(&mut hasher, &(site, strings));
        Shared {
            digest: hasher.sha_of_all(),
        }
    }
}

/// What a page's key is made of, fed in parts. Serialised contexts come in many small
/// pieces: they are gathered before they are hashed.
pub(super) struct KeyHasher {
    sha: Sha256,
    pending: Vec<u8>,
}

/// How many bytes [`KeyHasher`] gathers before it hashes them.
const GATHER: usize = 16 << 10;

impl KeyHasher {
    /// A key for a page of the theme `theme_id` rendered with `template`.
    pub(super) fn new(theme_id: &[u8; 32], template: &str) -> KeyHasher {
        let mut hasher = KeyHasher {
            sha: Sha256::new(),
            pending: Vec::with_capacity(GATHER),
        };
        hasher.sha.update(theme_id);
        hasher.part(template.as_bytes());
        hasher
    }

    /// Adds `bytes` with their length first, so where one part ends counts.
    pub(super) fn part(&mut self, bytes: &[u8]) {
        self.add(&(bytes.len() as u64).to_le_bytes());
        self.add(bytes);
    }

    fn add(&mut self, bytes: &[u8]) {
        if self.pending.len() + bytes.len() > GATHER {
            self.sha.update(&self.pending);
            self.pending.clear();
        }
        if bytes.len() >= GATHER {
            self.sha.update(bytes);
        } else {
            self.pending.extend_from_slice(bytes);
        }
    }

    /// The whole hash.
    fn sha_of_all(mut self) -> [u8; 32] {
        self.sha.update(&self.pending);
        self.sha.finalize().into()
    }

    /// The key.
    pub(super) fn finish(mut self) -> Key {
        self.sha.update(&self.pending);
        let digest = self.sha.finalize();
        let mut key = [0u8; 16];
        key.copy_from_slice(&digest[..16]);
        key
    }
}

impl std::io::Write for KeyHasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.add(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
