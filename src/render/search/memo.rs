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

use std::collections::HashMap;
use std::io::{BufWriter, Write as _};

use crate::util::cache_file::{self, Added, Reader, len32};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

/// The file's name in the cache folder; the number changes with the file's layout.
pub const FILE: &str = "search-v1.bin";
/// The most compressed entries the file keeps (the 10,000-page benchmark corpus needs about
/// a fifth of it).
pub const MAX_BYTES: usize = 128 << 20;
const MAGIC: &[u8; 8] = b"SADOCSR1";
/// What an entry depends on besides the page: sadoc's version (tokenising, weights, the
/// fragment's form).
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What identifies a page's entry.
pub use crate::util::cache_file::Key;

pub use super::entry::Entry;

/// The entries of earlier builds, and those this build used or made.
///
/// Memory holds where each entry is in the file, not the entries: a page's entry is read from
/// the file when the page asks for it, and entries this build makes go to a temporary file in
/// the folder as they come. Saving copies the used entries from the old file and the new ones
/// from the temporary file into the next.
pub struct SearchMemo {
    dir: PathBuf,
    /// The file as found when first needed, less the entries this build used since.
    loaded: Mutex<Option<Stored>>,
    /// Where the entries this build used are in that file.
    used: Mutex<HashMap<Key, Span>>,
    added: Mutex<Added>,
    hits: AtomicUsize,
}

/// Where an entry's packed bytes are in the file: offset and length.
type Span = (u64, usize);

/// The file as found: its handle and where each entry is.
#[derive(Default)]
struct Stored {
    file: Option<std::fs::File>,
    entries: HashMap<Key, Span>,
}

impl Stored {
    /// The packed bytes at `span`.
    fn read(&mut self, (offset, len): Span) -> Option<Vec<u8>> {
        use std::io::{Read as _, Seek as _};
        let file = self.file.as_mut()?;
        file.seek(std::io::SeekFrom::Start(offset)).ok()?;
        let mut packed = vec![0; len];
        file.read_exact(&mut packed).ok()?;
        Some(packed)
    }
}

impl std::fmt::Debug for SearchMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchMemo")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// What a save did, for `sadoc build -v`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Saved {
    /// Pages whose entry this build found.
    pub hits: usize,
    /// Pages this build read and added.
    pub added: usize,
    /// Entries the file holds now.
    pub kept: usize,
}

/// The key of a page's entry: its title, ADR status and packed rendered markdown.
pub fn key(title: &str, status: Option<&str>, packed_html: &[u8]) -> Key {
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
    hasher.update(packed_html);
    let digest = hasher.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

impl SearchMemo {
    /// The entries kept in `dir` (nothing is read until one is looked up).
    pub fn open(dir: impl Into<PathBuf>) -> SearchMemo {
        SearchMemo {
            dir: dir.into(),
            loaded: Mutex::new(None),
            used: Mutex::new(HashMap::new()),
            added: Mutex::new(Added::default()),
            hits: AtomicUsize::new(0),
        }
    }

    /// The entry kept under `key`, if an earlier build made it and it reads back whole.
    pub fn get(&self, key: &Key) -> Option<Entry> {
        let (packed, span) = {
            let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
            let stored =
                loaded.get_or_insert_with(|| index(&self.dir.join(FILE)).unwrap_or_default());
            let span = stored.entries.remove(key)?;
            (stored.read(span)?, span)
        };
        let entry = unpack(&packed)?;
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(*key, span);
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(entry)
    }

    /// Keeps `entry` under `key` for the next build.
    pub fn put(&self, key: &Key, entry: &Entry) {
        let mut record = Vec::new();
        push_record(&mut record, key, &pack(entry));
        self.added
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(&self.dir, *key, &record, MAX_BYTES);
    }

    /// Writes the entries this build used or added (up to [`MAX_BYTES`]), or nothing when the
    /// file already holds exactly those; the next build starts from them.
    pub fn save(&self) -> Result<Saved, String> {
        let failed = |e: &dyn std::fmt::Display| {
            format!(
                "cannot write the search cache in `{}`: {e}",
                self.dir.display()
            )
        };
        let mut added = std::mem::take(&mut *self.added.lock().unwrap_or_else(|e| e.into_inner()));
        let used = std::mem::take(&mut *self.used.lock().unwrap_or_else(|e| e.into_inner()));
        // What was not used is not kept; the next build reads the file afresh.
        let mut stored = self
            .loaded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .unwrap_or_default();
        let unused = stored.entries.len();
        let mut saved = Saved {
            hits: self.hits.swap(0, Ordering::Relaxed),
            added: added.keys.len(),
            kept: used.len() + added.keys.len(),
        };
        if let Some(problem) = &added.problem {
            return Err(failed(problem));
        }
        if added.keys.is_empty() && unused == 0 {
            return Ok(saved);
        }
        let path = self.dir.join(FILE);
        let mut write = || -> std::io::Result<usize> {
            cache_file::create_dir(&self.dir)?;
            let mut out = BufWriter::new(tempfile::NamedTempFile::new_in(&self.dir)?);
            out.write_all(MAGIC)?;
            out.write_all(&len32(VERSION.len()).to_le_bytes())?;
            out.write_all(VERSION.as_bytes())?;
            let mut bytes = MAGIC.len() + 4 + VERSION.len() + added.bytes;
            let mut kept = added.keys.len();
            added.copy_into(&mut out)?;
            // The entries this build used, copied from the file they were read from (still
            // open: the new file replaces it only below).
            let mut keys: Vec<(&Key, &Span)> = used
                .iter()
                .filter(|(k, _)| !added.keys.contains(*k))
                .collect();
            keys.sort_unstable();
            for (key, span) in keys {
                let Some(packed) = stored.read(*span) else {
                    continue;
                };
                let mut record = Vec::new();
                push_record(&mut record, key, &packed);
                if bytes + record.len() > MAX_BYTES {
                    break;
                }
                out.write_all(&record)?;
                bytes += record.len();
                kept += 1;
            }
            let out = out.into_inner().map_err(|e| e.into_error())?;
            out.persist(&path).map_err(|e| e.error)?;
            Ok(kept)
        };
        saved.kept = write().map_err(|e| failed(&e))?;
        Ok(saved)
    }
}

/// An entry as the file keeps it: its key, then the length and bytes of the packed entry.
fn push_record(out: &mut Vec<u8>, key: &Key, packed: &[u8]) {
    out.extend_from_slice(key);
    out.extend_from_slice(&len32(packed.len()).to_le_bytes());
    out.extend_from_slice(packed);
}

/// An entry as the file keeps it: the lengths and bytes of its terms, weights and fragment
/// and their checksum, LZ4-compressed.
fn pack(entry: &Entry) -> Box<[u8]> {
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
    cache_file::pack(&raw)
}

/// The entry of packed bytes; `None` when they do not read back whole (a damaged file).
fn unpack(packed: &[u8]) -> Option<Entry> {
    let raw = cache_file::unpack(packed)?;
    let mut r = Reader(&raw);
    let terms = std::str::from_utf8(r.counted()?).ok()?.to_string();
    let count = r.u32()? as usize;
    let weights = r
        .take(count.checked_mul(4)?)?
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect::<Vec<_>>();
    let fragment = std::str::from_utf8(r.counted()?).ok()?.to_string();
    // The terms and weights must pair up, or the index would be wrong, not just slow.
    (r.is_empty() && terms.split_terminator('\n').count() == weights.len()).then_some(Entry {
        terms,
        weights,
        fragment,
    })
}

/// Where each entry of a memo file is; `None` when the file is missing, of another version or
/// cut short.
fn index(path: &Path) -> Option<Stored> {
    use std::io::{BufReader, Read as _};
    let file = std::fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let mut r = BufReader::new(&file);
    let mut head = [0u8; 12];
    r.read_exact(&mut head).ok()?;
    let version_len = u32::from_le_bytes(head[8..12].try_into().ok()?) as usize;
    let mut version = vec![0; version_len];
    if &head[..8] != MAGIC || r.read_exact(&mut version).is_err() || version != VERSION.as_bytes() {
        return None;
    }
    let mut at = (12 + version_len) as u64;
    let mut entries = HashMap::new();
    while at < size {
        let mut record = [0u8; 20];
        r.read_exact(&mut record).ok()?;
        let key: Key = record[..16].try_into().ok()?;
        let len = u32::from_le_bytes(record[16..].try_into().ok()?) as usize;
        at += 20;
        if at + len as u64 > size {
            return None;
        }
        entries.insert(key, (at, len));
        r.seek_relative(i64::try_from(len).ok()?).ok()?;
        at += len as u64;
    }
    drop(r);
    Some(Stored {
        file: Some(file),
        entries,
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
        }
    }

    #[test]
    fn entries_survive_a_save_and_only_what_the_build_used_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let memo = SearchMemo::open(dir.path());
        let (a, b) = (key("A", None, b"a"), key("B", Some("accepted"), b"b"));
        assert_eq!(memo.get(&a), None);
        memo.put(&a, &entry("one"));
        memo.put(&b, &entry("two"));
        let saved = memo.save().unwrap();
        assert_eq!((saved.hits, saved.added, saved.kept), (0, 2, 2));

        // The next build uses only `a`: `b` is not kept after it.
        let memo = SearchMemo::open(dir.path());
        assert_eq!(memo.get(&a), Some(entry("one")));
        let saved = memo.save().unwrap();
        assert_eq!((saved.hits, saved.added, saved.kept), (1, 0, 1));
        let memo = SearchMemo::open(dir.path());
        assert_eq!(memo.get(&b), None);
        assert_eq!(memo.get(&a), Some(entry("one")));
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
    fn a_damaged_or_foreign_file_is_an_empty_memo() {
        let dir = tempfile::tempdir().unwrap();
        let memo = SearchMemo::open(dir.path());
        let a = key("A", None, b"a");
        memo.put(&a, &entry("one"));
        memo.save().unwrap();
        let path = dir.path().join(FILE);
        let whole = std::fs::read(&path).unwrap();
        for damaged in [
            whole[..whole.len() - 3].to_vec(),
            b"SADOCHL1 not this file".to_vec(),
            Vec::new(),
        ] {
            std::fs::write(&path, &damaged).unwrap();
            assert_eq!(SearchMemo::open(dir.path()).get(&a), None);
        }
        // Bytes that decompress but do not pair terms with weights are no entry either.
        let mut bad = entry("one");
        bad.weights.push(3);
        assert_eq!(unpack(&pack(&bad)), None);
        assert_eq!(unpack(&pack(&entry("one"))), Some(entry("one")));
        // An entry with any byte changed reads as no entry (or, where LZ4 still gives the
        // same bytes, as itself), never as another: LZ4 itself would not notice.
        let packed = pack(&entry("one"));
        for at in 0..packed.len() {
            let mut damaged = packed.to_vec();
            damaged[at] ^= 0x20;
            let got = unpack(&damaged);
            assert!(got.is_none() || got == Some(entry("one")), "byte {at}");
        }
    }
}
