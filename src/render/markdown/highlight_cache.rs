//! Highlighted code blocks kept between builds, in a cache folder a CI job can carry from one
//! pipeline to the next (GitLab's `cache:`), so a rebuild highlights only the blocks it has
//! not seen.
//!
//! A block is kept under a hash of sadoc's version, its language as written and its code: the
//! same block in the same language always gives the same HTML for a given sadoc (the syntax
//! definitions and themes are compiled in). The file holds the blocks LZ4-compressed with a
//! checksum (a damaged block is a block not found, highlighted again and replaced), each with
//! the number of the last build that used it; saving keeps the blocks this build used and then
//! the most recently used others, up to [`MAX_BYTES`], so the folder cannot grow without bound.
//! Blocks a build adds go to a temporary file in the folder as they come, not to memory: a
//! cold 10,000-page build adds about 24 MB of them. A file that cannot be read (missing,
//! another version, truncated) is an empty cache: a cache only ever saves time, and the next
//! save replaces it.

use std::collections::HashMap;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use sha2::{Digest, Sha256};

/// The cache file's name in the cache folder; the number changes with the file's layout (2:
/// each block carries a checksum).
pub const FILE: &str = "highlight-v2.bin";
/// Files of earlier layouts, removed when the cache is saved (a CI cache would carry them on).
const OLD_FILES: &[&str] = &["highlight-v1.bin"];
/// The most compressed HTML a cache file keeps (the 10,000-page benchmark corpus, 30,000
/// blocks, needs about a fifth of it).
pub const MAX_BYTES: usize = 128 << 20;
const MAGIC: &[u8; 8] = b"SADOCHL1";
/// What a block's HTML depends on besides its language and code: the build of sadoc (its
/// version, and the sources that make the HTML's form).
const VERSION: &str = crate::util::cache_file::BUILD;

use crate::util::cache_file::{self, Added, Key, Reader, len32};

/// A block as the file keeps it.
struct Stored {
    /// The highlighted HTML, LZ4-compressed; `None`: the language is not one sadoc highlights.
    html: Option<Box<[u8]>>,
    /// The last build (counted by saves) that used it.
    generation: u32,
    /// Whether this build used it.
    used: AtomicBool,
    /// Whether it did not read back whole (then it is highlighted again and replaced).
    damaged: AtomicBool,
}

/// What the file held when it was first needed.
#[derive(Default)]
struct Loaded {
    blocks: HashMap<Key, Stored>,
    generation: u32,
}

/// The persistent cache of highlighted blocks of one project (or workspace); share it between
/// the builds of one command and [`BlockCache::save`] it at the end.
pub struct BlockCache {
    dir: PathBuf,
    /// The file as read, until a save writes another one (then read again when next asked).
    loaded: RwLock<Option<Arc<Loaded>>>,
    added: Mutex<Added>,
    hits: AtomicUsize,
}

impl std::fmt::Debug for BlockCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockCache")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// What a save did, for `sadoc build -v`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Saved {
    /// Blocks this build found in the cache.
    pub hits: usize,
    /// Blocks this build highlighted and added.
    pub added: usize,
    /// Blocks the file holds now.
    pub kept: usize,
    /// Blocks dropped to stay under [`MAX_BYTES`].
    pub dropped: usize,
    /// The file's size in bytes (0 when nothing had to be written).
    pub bytes: u64,
    /// No block was looked up or added (every document's markdown was reused, or none has
    /// code): the file was neither read nor written.
    pub untouched: bool,
}

impl BlockCache {
    /// The cache kept in `dir` (nothing is read until a block is looked up).
    pub fn open(dir: impl Into<PathBuf>) -> BlockCache {
        BlockCache {
            dir: dir.into(),
            loaded: RwLock::new(None),
            added: Mutex::new(Added::default()),
            hits: AtomicUsize::new(0),
        }
    }

    /// The cache folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn loaded(&self) -> Arc<Loaded> {
        if let Some(loaded) = &*self.loaded.read().unwrap_or_else(|e| e.into_inner()) {
            return Arc::clone(loaded);
        }
        let mut slot = self.loaded.write().unwrap_or_else(|e| e.into_inner());
        Arc::clone(
            slot.get_or_insert_with(|| Arc::new(read(&self.dir.join(FILE)).unwrap_or_default())),
        )
    }

    /// Whether blocks were added since the last save (a live preview saves only then).
    pub fn has_added(&self) -> bool {
        !self
            .added
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .keys
            .is_empty()
    }

    /// The block's HTML when the file had it: `Some(None)` for a language sadoc does not
    /// highlight, `None` when the block is not in the cache. (A block added by this build is
    /// not looked up again: the highlighter's line cache makes a repeat cheap.)
    pub fn get(&self, lang: &str, code: &str) -> Option<Option<String>> {
        let loaded = self.loaded();
        let stored = loaded.blocks.get(&key(lang, code))?;
        let Some(found) = unpack(stored.html.as_deref()) else {
            stored.damaged.store(true, Ordering::Relaxed);
            return None;
        };
        stored.used.store(true, Ordering::Relaxed);
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(found)
    }

    /// Keeps the block's HTML (`None`: not highlighted) for the next build.
    pub fn put(&self, lang: &str, code: &str, html: Option<&str>) {
        let key = key(lang, code);
        let loaded = self.loaded();
        if loaded
            .blocks
            .get(&key)
            .is_some_and(|s| !s.damaged.load(Ordering::Relaxed))
        {
            return;
        }
        let mut record = Vec::new();
        push_record(
            &mut record,
            &key,
            loaded.generation.wrapping_add(1),
            html.map(|h| cache_file::pack(h.as_bytes())).as_deref(),
        );
        self.added
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(&self.dir, key, &record, MAX_BYTES);
    }

    /// Writes the blocks this build used or added, then the most recently used others, up to
    /// [`MAX_BYTES`]; writes nothing when the file already holds exactly what it should.
    pub fn save(&self) -> Result<Saved, String> {
        let failed = |e: &dyn std::fmt::Display| {
            format!(
                "cannot write the highlight cache in `{}`: {e}",
                self.dir.display()
            )
        };
        let read = self
            .loaded
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_some();
        if !read && !self.has_added() {
            return Ok(Saved {
                untouched: true,
                ..Saved::default()
            });
        }
        let loaded = self.loaded();
        let mut added = std::mem::take(&mut *self.added.lock().unwrap_or_else(|e| e.into_inner()));
        if let Some(problem) = &added.problem {
            return Err(failed(problem));
        }
        let hits = self.hits.load(Ordering::Relaxed);
        let unused = loaded
            .blocks
            .values()
            .filter(|s| !s.used.load(Ordering::Relaxed))
            .count();
        if added.keys.is_empty() && unused == 0 {
            return Ok(Saved {
                hits,
                kept: loaded.blocks.len(),
                ..Saved::default()
            });
        }
        let generation = loaded.generation.wrapping_add(1);
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        put_str(&mut out, VERSION);
        out.extend_from_slice(&generation.to_le_bytes());
        let mut bytes = out.len() + added.bytes;
        let mut rest: Vec<(&Key, &Stored, u32)> = loaded
            .blocks
            .iter()
            .filter(|(k, s)| !s.damaged.load(Ordering::Relaxed) && !added.keys.contains(*k))
            .map(|(k, s)| {
                let used = s.used.load(Ordering::Relaxed);
                (k, s, if used { generation } else { s.generation })
            })
            .collect();
        rest.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(b.0)));
        let mut tail = Vec::new();
        let mut kept = added.keys.len();
        for (key, stored, used) in &rest {
            let before = tail.len();
            push_record(&mut tail, key, *used, stored.html.as_deref());
            if bytes + tail.len() > MAX_BYTES {
                tail.truncate(before);
                break;
            }
            kept += 1;
        }
        bytes += tail.len();
        let mut write = || -> std::io::Result<()> {
            cache_file::create_dir(&self.dir)?;
            for old in OLD_FILES {
                let _ = std::fs::remove_file(self.dir.join(old));
            }
            let mut file = BufWriter::new(cache_file::temp_file(&self.dir)?);
            file.write_all(&out)?;
            added.copy_into(&mut file)?;
            file.write_all(&tail)?;
            let file = file.into_inner().map_err(|e| e.into_error())?;
            file.persist(self.dir.join(FILE)).map_err(|e| e.error)?;
            Ok(())
        };
        write().map_err(|e| failed(&e))?;
        // The file now holds what was added: a later lookup or save reads it again (a live
        // preview saves more than once).
        *self.loaded.write().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(Saved {
            hits,
            added: added.keys.len(),
            kept,
            dropped: loaded.blocks.len() + added.keys.len() - kept,
            bytes: bytes as u64,
            untouched: false,
        })
    }
}

/// A block as the file keeps it: key, generation, then `1`, length and the compressed HTML,
/// or `0` for a block that is not highlighted.
fn push_record(out: &mut Vec<u8>, key: &Key, generation: u32, html: Option<&[u8]>) {
    out.extend_from_slice(key);
    out.extend_from_slice(&generation.to_le_bytes());
    match html {
        Some(html) => {
            out.push(1);
            out.extend_from_slice(&len32(html.len()).to_le_bytes());
            out.extend_from_slice(html);
        }
        None => out.push(0),
    }
}

fn key(lang: &str, code: &str) -> Key {
    let mut hasher = Sha256::new();
    hasher.update(VERSION.as_bytes());
    hasher.update([0]);
    hasher.update(lang.as_bytes());
    hasher.update([0]);
    hasher.update(code.as_bytes());
    let digest = hasher.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// The HTML of a stored block (`Some(None)`: not highlighted); `None` when it does not
/// decompress.
fn unpack(html: Option<&[u8]>) -> Option<Option<String>> {
    match html {
        None => Some(None),
        Some(packed) => Some(Some(String::from_utf8(cache_file::unpack(packed)?).ok()?)),
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&len32(s.len()).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// Reads a cache file; `None` when it is missing, of another version or damaged.
fn read(path: &Path) -> Option<Loaded> {
    let bytes = std::fs::read(path).ok()?;
    let mut r = Reader(&bytes);
    if r.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let version_len = r.u32()? as usize;
    if r.take(version_len)? != VERSION.as_bytes() {
        return None;
    }
    let generation = r.u32()?;
    let mut blocks = HashMap::new();
    while !r.is_empty() {
        let key: Key = r.take(16)?.try_into().ok()?;
        let used = r.u32()?;
        let html = match r.take(1)?[0] {
            0 => None,
            1 => {
                let len = r.u32()? as usize;
                Some(r.take(len)?.into())
            }
            _ => return None,
        };
        blocks.insert(
            key,
            Stored {
                html,
                generation: used,
                used: AtomicBool::new(false),
                damaged: AtomicBool::new(false),
            },
        );
    }
    Some(Loaded { blocks, generation })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_survive_a_save_and_a_new_cache_finds_them() {
        let dir = tempfile::tempdir().unwrap();
        let cache = BlockCache::open(dir.path());
        assert_eq!(cache.get("rust", "fn main() {}\n"), None);
        cache.put("rust", "fn main() {}\n", Some("<span>fn</span>"));
        cache.put("klingon", "qapla'\n", None);
        let saved = cache.save().unwrap();
        assert_eq!((saved.added, saved.kept), (2, 2));
        assert!(dir.path().join(".gitignore").is_file());

        let again = BlockCache::open(dir.path());
        assert_eq!(
            again.get("rust", "fn main() {}\n"),
            Some(Some("<span>fn</span>".to_string()))
        );
        assert_eq!(again.get("klingon", "qapla'\n"), Some(None));
        assert_eq!(
            again.get("python", "fn main() {}\n"),
            None,
            "keyed by language"
        );
        // Everything used, nothing new: nothing to write.
        assert_eq!(again.save().unwrap().bytes, 0);
    }

    #[test]
    fn a_cache_saved_twice_keeps_what_each_save_added() {
        let dir = tempfile::tempdir().unwrap();
        let cache = BlockCache::open(dir.path());
        cache.put("rust", "one\n", Some("<b>one</b>"));
        assert!(cache.has_added());
        assert_eq!(cache.save().unwrap().added, 1);
        assert!(!cache.has_added());
        // A live preview goes on with the same cache, and saves again after an edit.
        assert_eq!(
            cache.get("rust", "one\n"),
            Some(Some("<b>one</b>".to_string()))
        );
        cache.put("rust", "one\n", Some("<b>one</b>"));
        assert!(
            !cache.has_added(),
            "a block the file holds is not added again"
        );
        cache.put("rust", "two\n", Some("<b>two</b>"));
        assert_eq!(cache.save().unwrap().added, 1);

        let again = BlockCache::open(dir.path());
        assert_eq!(
            again.get("rust", "one\n"),
            Some(Some("<b>one</b>".to_string()))
        );
        assert_eq!(
            again.get("rust", "two\n"),
            Some(Some("<b>two</b>".to_string()))
        );
    }

    #[test]
    fn a_damaged_file_is_an_empty_cache_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let cache = BlockCache::open(dir.path());
        cache.put("rust", "a\n", Some("a"));
        cache.save().unwrap();
        let path = dir.path().join(FILE);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        let damaged = BlockCache::open(dir.path());
        assert_eq!(damaged.get("rust", "a\n"), None);
        damaged.put("rust", "b\n", Some("b"));
        damaged.save().unwrap();
        assert_eq!(
            BlockCache::open(dir.path()).get("rust", "b\n"),
            Some(Some("b".to_string()))
        );
    }

    #[test]
    fn a_block_with_a_damaged_byte_is_not_found_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let cache = BlockCache::open(dir.path());
        cache.put("rust", "a\n", Some("<span class=\"k\">a</span>"));
        cache.put("rust", "b\n", Some("b"));
        cache.save().unwrap();
        let path = dir.path().join(FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        // The last byte of the file belongs to the last record's packed HTML.
        let last = bytes.len() - 1;
        bytes[last] ^= 0x01;
        std::fs::write(&path, &bytes).unwrap();
        let damaged = BlockCache::open(dir.path());
        let (a, b) = (damaged.get("rust", "a\n"), damaged.get("rust", "b\n"));
        assert_eq!(
            [&a, &b].iter().filter(|found| found.is_none()).count(),
            1,
            "exactly the damaged block is missing: {a:?} {b:?}"
        );
        let (lang, code, html) = if a.is_none() {
            ("rust", "a\n", "<span class=\"k\">a</span>")
        } else {
            ("rust", "b\n", "b")
        };
        damaged.put(lang, code, Some(html));
        damaged.save().unwrap();
        let next = BlockCache::open(dir.path());
        assert_eq!(next.get(lang, code), Some(Some(html.to_string())));
        assert_eq!(
            read(&path).unwrap().blocks.len(),
            2,
            "replaced, not doubled"
        );
    }

    #[test]
    fn unused_blocks_are_kept_after_the_used_ones_and_age_out_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = BlockCache::open(dir.path());
        first.put("rust", "old\n", Some("old"));
        first.put("rust", "kept\n", Some("kept"));
        first.save().unwrap();
        let second = BlockCache::open(dir.path());
        assert!(second.get("rust", "kept\n").is_some());
        second.put("rust", "new\n", Some("new"));
        let saved = second.save().unwrap();
        assert_eq!((saved.hits, saved.added, saved.kept), (1, 1, 3));
        let loaded = read(&dir.path().join(FILE)).unwrap();
        let generation = |code: &str| loaded.blocks[&key("rust", code)].generation;
        assert_eq!(generation("kept\n"), generation("new\n"));
        assert!(generation("old\n") < generation("new\n"));
    }
}
