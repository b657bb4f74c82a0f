//! Each page's search entry kept between builds, beside the highlighted blocks in the build
//! cache folder, so a rebuild reads again only the pages whose text changed.
//!
//! A page's entry — its terms with their weights and its fragment (the text results quote) —
//! follows from its title, its ADR status and its rendered markdown alone; reading that text
//! out of the HTML and splitting it into terms was about a quarter of an unchanged rebuild. An
//! entry is kept under a SHA-256 of sadoc's version, the title, the status and the packed
//! HTML, so any change to what it is made of finds no entry and the page is read again. The
//! file holds the entries this build used or added (a site's pages are what its next build
//! needs), LZ4-compressed, at most [`MAX_BYTES`]; the 10,000-page benchmark corpus needs 55 MB. A file that cannot be read (missing, another
//! version, damaged) is an empty cache: the index comes out the same, only slower.

use crate::util::cache_file::{Reader, len32};
use crate::util::memo::{Kind, Memo};
use std::path::PathBuf;

use sha2::{Digest, Sha256};

/// The file's name in the cache folder; the number changes with the file's layout.
pub const FILE: &str = "search-v2.bin";
/// The most compressed entries the file keeps (the 10,000-page benchmark corpus needs about
/// a fifth of it).
pub const MAX_BYTES: usize = 128 << 20;
/// What an entry depends on besides the page: sadoc's build (tokenising, weights, the
/// fragment's form).
const VERSION: &str = crate::util::cache_file::BUILD;
const KIND: Kind = Kind {
    file: FILE,
    magic: b"SADOCSR2",
    version: VERSION,
    max_bytes: MAX_BYTES,
    replaces: &["search-v1.bin"],
};

/// What identifies a page's entry.
pub use crate::util::cache_file::Key;

pub use super::entry::Entry;
pub use crate::util::memo::Saved;

/// The index files made from all pages' entries (the shards, chunks and `index.js`), under
/// a key of every page's URL, kind and entry.
pub const ASSEMBLY_FILE: &str = "search-index-v1.bin";
const ASSEMBLY: Kind = Kind {
    file: ASSEMBLY_FILE,
    magic: b"SADOCSI1",
    version: VERSION,
    max_bytes: MAX_BYTES,
    replaces: &[],
};

/// The entries of earlier builds, and those this build used or made (read from the file
/// when a page asks for its entry, as `util::memo` keeps records); and the index files the last
/// build made of them.
#[derive(Debug)]
pub struct SearchMemo {
    entries: Memo,
    assembly: Memo,
}

/// The index files made from all pages' entries, as kept.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(super) struct Assembled {
    /// Each file's site path and script.
    pub(super) files: Vec<(String, String)>,
    /// Distinct terms.
    pub(super) terms: usize,
    /// Term shards.
    pub(super) shards: usize,
}

/// The key of the index files made from the entries of `count` pages, each given by its URL,
/// kind and entry key, in order.
pub(super) fn assembly_key<'a>(
    count: usize,
    pages: impl Iterator<Item = (&'a str, &'a str, &'a Key)>,
) -> Key {
    let mut hasher = Sha256::new();
    hasher.update((count as u64).to_le_bytes());
    for (url, kind, key) in pages {
        for part in [url.as_bytes(), kind.as_bytes()] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        hasher.update(key);
    }
    let digest = hasher.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// The key of a page's entry: its title, ADR status and rendered markdown (by its digest).
pub fn key(title: &str, status: Option<&str>, html_digest: &[u8]) -> Key {
    let mut hasher = Sha256::new();
    for part in [VERSION.as_bytes(), title.as_bytes()] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    match status {
        Some(status) => {
            hasher.update([1]);
            hasher.update((status.len() as u64).to_le_bytes());
            hasher.update(status.as_bytes());
        }
        None => hasher.update([0]),
    }
    hasher.update(html_digest);
    let digest = hasher.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

impl SearchMemo {
    /// The entries kept in `dir` (nothing is read until one is looked up).
    pub fn open(dir: impl Into<PathBuf>) -> SearchMemo {
        let dir = dir.into();
        SearchMemo {
            assembly: Memo::open(ASSEMBLY, dir.clone()),
            entries: Memo::open(KIND, dir),
        }
    }

    /// The index files kept under `key`.
    pub(super) fn assembled(&self, key: &Key) -> Option<Assembled> {
        bincode::deserialize(&self.assembly.get(key)?).ok()
    }

    /// Keeps the index files `assembled` under `key` for the next build.
    pub(super) fn keep_assembled(&self, key: &Key, assembled: &Assembled) {
        if let Ok(raw) = bincode::serialize(assembled) {
            self.assembly.put(key, &raw);
        }
    }

    /// The entry kept under `key`, if an earlier build made it and it reads back whole.
    pub fn get(&self, key: &Key) -> Option<Entry> {
        unpack(&self.entries.get(key)?)
    }

    /// Keeps `entry` under `key` for the next build.
    pub fn put(&self, key: &Key, entry: &Entry) {
        self.entries.put(key, &raw(entry));
    }

    /// Writes the entries this build used or added (up to [`MAX_BYTES`]), or nothing when the
    /// file already holds exactly those; the next build starts from them.
    pub fn save(&self) -> Result<Saved, String> {
        self.assembly.save()?;
        self.entries.save()
    }
}

/// An entry's bytes: the lengths and bytes of its terms, weights and fragment.
fn raw(entry: &Entry) -> Vec<u8> {
    let mut raw =
        Vec::with_capacity(12 + entry.terms.len() + 4 * entry.weights.len() + entry.fragment.len());
    raw.extend_from_slice(&len32(entry.terms.len()).to_le_bytes());
    raw.extend_from_slice(entry.terms.as_bytes());
    raw.extend_from_slice(&len32(entry.weights.len()).to_le_bytes());
    for weight in &entry.weights {
        raw.extend_from_slice(&weight.to_le_bytes());
    }
    raw.extend_from_slice(&len32(entry.fragment.len()).to_le_bytes());
    raw.extend_from_slice(entry.fragment.as_bytes());
    raw.extend_from_slice(&entry.hash.to_le_bytes());
    raw
}

/// The entry of its bytes; `None` when they do not read back whole.
fn unpack(raw: &[u8]) -> Option<Entry> {
    let mut r = Reader(raw);
    let terms = std::str::from_utf8(r.counted()?).ok()?.to_string();
    let count = r.u32()? as usize;
    let weights = r
        .take(count.checked_mul(4)?)?
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect::<Vec<_>>();
    let fragment = std::str::from_utf8(r.counted()?).ok()?.to_string();
    let hash = u64::from_le_bytes(r.take(8)?.try_into().ok()?);
    // The terms and weights must pair up, or the index would be wrong, not just slow.
    (r.is_empty() && terms.split_terminator('\n').count() == weights.len()).then_some(Entry {
        terms,
        weights,
        fragment,
        hash,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(word: &str) -> Entry {
        Entry {
            terms: format!("alpha\n{word}\n"),
            weights: vec![20, 1],
            fragment: format!("{{\"t\":\"Alpha {word}\",\"h\":[]}}"),
            hash: 7,
        }
    }

    #[test]
    fn entries_survive_a_save() {
        let dir = tempfile::tempdir().unwrap();
        let memo = SearchMemo::open(dir.path());
        let a = key("A", None, b"a");
        memo.put(&a, &entry("one"));
        memo.save().unwrap();
        assert_eq!(SearchMemo::open(dir.path()).get(&a), Some(entry("one")));
    }

    #[test]
    fn anything_an_entry_is_made_of_changes_its_key() {
        let base = key("Title", Some("accepted"), b"<p>x</p>");
        assert_ne!(base, key("Title!", Some("accepted"), b"<p>x</p>"));
        assert_ne!(base, key("Title", Some("rejected"), b"<p>x</p>"));
        assert_ne!(base, key("Title", None, b"<p>x</p>"));
        assert_ne!(base, key("Title", Some("accepted"), b"<p>y</p>"));
        // Where one part ends and the next starts counts.
        assert_ne!(key("ab", None, b"c"), key("a", None, b"bc"));
    }

    #[test]
    fn bytes_that_do_not_pair_terms_with_weights_are_no_entry() {
        let mut bad = entry("one");
        bad.weights.push(3);
        assert_eq!(unpack(&raw(&bad)), None);
        assert_eq!(unpack(&raw(&entry("one"))), Some(entry("one")));
    }
}
