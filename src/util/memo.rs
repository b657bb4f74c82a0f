//! A file of keyed records kept between builds in the build cache folder: what every memo of
//! the build cache (each page's search entry, each document's rendered markdown, each page's
//! HTML) has in common.
//!
//! Memory holds where each record is in the file, not the records: a record is read from the
//! file when it is asked for, and the records a build adds go to a temporary file in the
//! folder as they come. Saving copies the records this build used from the old file, and the
//! new ones from the temporary file, into the next file, which replaces the old one: a file
//! holds what the last build needed (a site's pages are what its next build needs), at most
//! a bound of compressed bytes. Every record is LZ4-compressed with a checksum: a file that
//! cannot be read (missing, another version, cut short) is an empty memo, and a damaged
//! record is no record, never a different one.

use std::collections::HashMap;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::cache_file::{self, Added, len32};

/// What identifies a record.
pub use super::cache_file::Key;

/// What one kind of memo file is: its name in the cache folder, the eight bytes it starts
/// with, the version of what its records are made by, and the most compressed bytes it keeps.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// The file's name; the number in it changes with the file's layout.
    pub file: &'static str,
    /// The bytes the file starts with.
    pub magic: &'static [u8; 8],
    /// What made the records (sadoc's version, and what else changes them): a file written
    /// by another is an empty memo.
    pub version: &'static str,
    /// The most compressed bytes the file keeps.
    pub max_bytes: usize,
    /// Files of earlier layouts this one replaces: removed when it is saved, so a CI cache
    /// does not carry them on.
    pub replaces: &'static [&'static str],
}

/// The records of earlier builds, and those this build used or made.
pub struct Memo {
    kind: Kind,
    dir: PathBuf,
    /// The file as found when first needed, less the records this build used since.
    loaded: Mutex<Option<Stored>>,
    /// Where the records this build used are in that file.
    used: Mutex<HashMap<Key, Span>>,
    added: Mutex<Added>,
    hits: AtomicUsize,
}

/// Where a record's packed bytes are in the file: offset and length.
type Span = (u64, usize);

/// The last byte of a record's bytes: LZ4-compressed with a checksum ([`cache_file::pack`]),
/// or as it is followed by its checksum ([`cache_file::checksum`]).
const PACKED: u8 = 1;
const SEALED: u8 = 0;

/// The file as found: its handle (shared: records are read from it at their offset, by any
/// thread at once) and where each record is.
#[derive(Default)]
struct Stored {
    file: Option<std::sync::Arc<std::fs::File>>,
    records: HashMap<Key, Span>,
}

impl Stored {
    /// The packed bytes at `span`.
    fn read(&self, span: Span) -> Option<Vec<u8>> {
        read_at(self.file.as_deref()?, span)
    }
}

/// The bytes of `file` at `span`, without moving its position (so threads need not take
/// turns).
fn read_at(file: &std::fs::File, (offset, len): Span) -> Option<Vec<u8>> {
    let mut packed = vec![0; len];
    #[cfg(unix)]
    std::os::unix::fs::FileExt::read_exact_at(file, &mut packed, offset).ok()?;
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < len {
            let n = std::os::windows::fs::FileExt::seek_read(
                file,
                &mut packed[done..],
                offset + done as u64,
            )
            .ok()?;
            if n == 0 {
                return None;
            }
            done += n;
        }
    }
    Some(packed)
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("file", &self.kind.file)
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// What a save did, for `sadoc build -v`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Saved {
    /// Records this build found.
    pub hits: usize,
    /// Records this build made and added.
    pub added: usize,
    /// Records the file holds now.
    pub kept: usize,
}

impl Memo {
    /// The records of `kind` kept in `dir` (nothing is read until one is looked up).
    pub fn open(kind: Kind, dir: impl Into<PathBuf>) -> Memo {
        Memo {
            kind,
            dir: dir.into(),
            loaded: Mutex::new(None),
            used: Mutex::new(HashMap::new()),
            added: Mutex::new(Added::with_header(header(&kind))),
            hits: AtomicUsize::new(0),
        }
    }

    /// The record kept under `key`, if an earlier build made it and it reads back whole.
    /// A record is handed out once per build.
    pub fn get(&self, key: &Key) -> Option<Vec<u8>> {
        let (file, span) = {
            let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
            let stored = loaded.get_or_insert_with(|| {
                index(&self.dir.join(self.kind.file), &self.kind).unwrap_or_default()
            });
            let span = stored.records.remove(key)?;
            (stored.file.clone()?, span)
        };
        let mut bytes = read_at(&file, span)?;
        let raw = match bytes.pop() {
            Some(PACKED) => cache_file::unpack(&bytes)?,
            Some(SEALED) => cache_file::unseal(bytes)?,
            _ => return None,
        };
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(*key, span);
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(raw)
    }

    /// Keeps `raw` under `key` for the next build, LZ4-compressed.
    pub fn put(&self, key: &Key, raw: &[u8]) {
        self.add(key, &[&cache_file::pack(raw), &[PACKED]]);
    }

    /// Keeps `raw` under `key` for the next build as it is (bytes that do not compress, or
    /// that compress slower than they are written and read).
    pub fn put_uncompressed(&self, key: &Key, raw: &[u8]) {
        self.add(
            key,
            &[raw, &cache_file::checksum(raw).to_le_bytes(), &[SEALED]],
        );
    }

    /// Adds the record of `payload` (given in parts) under `key`.
    fn add(&self, key: &Key, payload: &[&[u8]]) {
        let len = len32(payload.iter().map(|p| p.len()).sum()).to_le_bytes();
        let mut parts: Vec<&[u8]> = vec![key, &len];
        parts.extend_from_slice(payload);
        self.added
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_parts(&self.dir, *key, &parts, self.kind.max_bytes);
    }

    /// Writes the records this build used or added (up to the bound), or nothing when the
    /// file already holds exactly those; the next build starts from them.
    pub fn save(&self) -> Result<Saved, String> {
        let failed = |e: &dyn std::fmt::Display| {
            format!(
                "cannot write the build cache file `{}` in `{}`: {e}",
                self.kind.file,
                self.dir.display()
            )
        };
        let mut added = std::mem::take(&mut *self.added.lock().unwrap_or_else(|e| e.into_inner()));
        let used = std::mem::take(&mut *self.used.lock().unwrap_or_else(|e| e.into_inner()));
        // What was not used is not kept; the next build reads the file afresh.
        let stored = self
            .loaded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .unwrap_or_default();
        let unused = stored.records.len();
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
        let Kind {
            file,
            max_bytes,
            replaces,
            ..
        } = self.kind;
        let path = self.dir.join(file);
        let mut write = || -> std::io::Result<usize> {
            cache_file::create_dir(&self.dir)?;
            for old in replaces {
                let _ = std::fs::remove_file(self.dir.join(old));
            }
            // The records this build added are in a temporary file that starts as the cache
            // file does: it becomes the next file, the used records appended (a cold build
            // copies nothing).
            let header = header(&self.kind);
            let mut bytes = header.len() + added.bytes;
            let mut kept = added.keys.len();
            let mut out = match added.take_file() {
                Some(out) => out,
                None => {
                    let mut out = BufWriter::new(cache_file::temp_file(&self.dir)?);
                    out.write_all(&header)?;
                    out
                }
            };
            // The records this build used, copied from the file they were read from (still
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
                if bytes + record.len() > max_bytes {
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

/// What a file of `kind` starts with: its magic bytes and the version of its records.
fn header(kind: &Kind) -> Vec<u8> {
    let mut header = kind.magic.to_vec();
    header.extend_from_slice(&len32(kind.version.len()).to_le_bytes());
    header.extend_from_slice(kind.version.as_bytes());
    header
}

/// A record as the file keeps it: its key, then the length and bytes of the packed record.
fn push_record(out: &mut Vec<u8>, key: &Key, packed: &[u8]) {
    out.extend_from_slice(key);
    out.extend_from_slice(&len32(packed.len()).to_le_bytes());
    out.extend_from_slice(packed);
}

/// Where each record of a memo file is; `None` when the file is missing, of another kind or
/// version, or cut short.
fn index(path: &Path, kind: &Kind) -> Option<Stored> {
    use std::io::{BufReader, Read as _};
    let file = std::fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let mut r = BufReader::new(&file);
    let mut head = [0u8; 12];
    r.read_exact(&mut head).ok()?;
    let version_len = u32::from_le_bytes(head[8..12].try_into().ok()?) as usize;
    if &head[..8] != kind.magic || version_len != kind.version.len() {
        return None;
    }
    let mut version = vec![0; version_len];
    if r.read_exact(&mut version).is_err() || version != kind.version.as_bytes() {
        return None;
    }
    let mut at = (12 + version_len) as u64;
    let mut records = HashMap::new();
    while at < size {
        let mut record = [0u8; 20];
        r.read_exact(&mut record).ok()?;
        let key: Key = record[..16].try_into().ok()?;
        let len = u32::from_le_bytes(record[16..].try_into().ok()?) as usize;
        at += 20;
        if at + len as u64 > size {
            return None;
        }
        records.insert(key, (at, len));
        r.seek_relative(i64::try_from(len).ok()?).ok()?;
        at += len as u64;
    }
    drop(r);
    Some(Stored {
        file: Some(std::sync::Arc::new(file)),
        records,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIND: Kind = Kind {
        file: "test-v1.bin",
        magic: b"SADOCTS1",
        version: "1",
        max_bytes: 1 << 20,
        replaces: &["test-v0.bin"],
    };

    #[test]
    fn records_survive_a_save_and_only_what_the_build_used_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let memo = Memo::open(KIND, dir.path());
        let (a, b) = ([1; 16], [2; 16]);
        assert_eq!(memo.get(&a), None);
        memo.put(&a, b"one");
        memo.put(&b, b"two");
        let saved = memo.save().unwrap();
        assert_eq!((saved.hits, saved.added, saved.kept), (0, 2, 2));

        // The next build uses only `a`: `b` is not kept after it.
        let memo = Memo::open(KIND, dir.path());
        assert_eq!(memo.get(&a).as_deref(), Some(&b"one"[..]));
        let saved = memo.save().unwrap();
        assert_eq!((saved.hits, saved.added, saved.kept), (1, 0, 1));
        let memo = Memo::open(KIND, dir.path());
        assert_eq!(memo.get(&b), None);
        assert_eq!(memo.get(&a).as_deref(), Some(&b"one"[..]));
        // A file of another kind or version is not read.
        let other = Kind {
            version: "2",
            ..KIND
        };
        assert_eq!(Memo::open(other, dir.path()).get(&a), None);
    }

    #[test]
    fn a_damaged_or_foreign_file_is_an_empty_memo() {
        let dir = tempfile::tempdir().unwrap();
        let memo = Memo::open(KIND, dir.path());
        let a = [1; 16];
        memo.put(&a, b"one");
        memo.put_uncompressed(&[2; 16], b"two");
        memo.save().unwrap();
        assert_eq!(
            Memo::open(KIND, dir.path()).get(&[2; 16]).as_deref(),
            Some(&b"two"[..])
        );
        let path = dir.path().join(KIND.file);
        let whole = std::fs::read(&path).unwrap();
        for damaged in [
            whole[..whole.len() - 3].to_vec(),
            b"SADOCHL1 not this file".to_vec(),
            Vec::new(),
        ] {
            std::fs::write(&path, &damaged).unwrap();
            assert_eq!(Memo::open(KIND, dir.path()).get(&a), None);
        }
    }
}
