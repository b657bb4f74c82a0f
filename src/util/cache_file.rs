//! What the build cache's files have in common: the folder that ignores itself in git, the
//! records a build adds, written to a temporary file in the folder as they come (a cold
//! build adds tens of megabytes of them, which memory need not hold), and the reading of
//! length-prefixed little-endian records.
//!
//! The highlighted blocks (`render::markdown::highlight_cache`) and the search entries
//! (`render::search::memo`) each lay out their own records with these.

use std::collections::HashSet;
use std::io::{BufWriter, Write as _};
use std::path::Path;

/// The build of sadoc that made a cache file: its version and a digest of the sources it was
/// built from (a file another build made is not read: its records may differ).
pub const BUILD: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("SADOC_SOURCE_DIGEST"));

/// What identifies a record: the first 16 bytes of a SHA-256.
pub type Key = [u8; 16];

/// Creates the cache folder with a `.gitignore` that ignores it: a cache is never committed
/// by accident. Temporary files a killed sadoc left in it are removed.
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(
            &ignore,
            "# Created by sadoc: a build cache, never committed.\n*\n",
        )?;
    }
    remove_leftovers(dir, LEFTOVER_AGE);
    Ok(())
}

/// The prefix of the cache's temporary files.
const TEMP_PREFIX: &str = ".tmp";

/// How old an unlocked temporary file must be to count as left over: a file another sadoc has
/// just created may not be locked yet.
const LEFTOVER_AGE: std::time::Duration = std::time::Duration::from_secs(10);

/// A temporary file in the cache folder `dir`, locked for as long as it is open: a sadoc
/// process that is killed (a `serve` stopped with Ctrl+C twice, a cancelled CI job) drops the
/// lock with the process, and the next one that saves the cache removes the file.
pub fn temp_file(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let file = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)?;
    // Where files cannot be locked, leftovers are found by their age alone.
    let _ = file.as_file().try_lock();
    Ok(file)
}

/// Removes the temporary files in `dir` that no process holds open and locked (their writer is
/// gone) and that are older than `age`. What cannot be read or removed is left alone.
pub fn remove_leftovers(dir: &Path, age: std::time::Duration) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|elapsed| elapsed >= age);
        let Ok(file) = std::fs::File::open(entry.path()) else {
            continue;
        };
        let unlocked = match file.try_lock() {
            Ok(()) => true,
            Err(std::fs::TryLockError::WouldBlock) => false,
            Err(std::fs::TryLockError::Error(_)) => true,
        };
        if old && unlocked {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Records a build added, in a temporary file of the cache folder until the cache is saved.
#[derive(Default)]
pub struct Added {
    file: Option<BufWriter<tempfile::NamedTempFile>>,
    /// What the temporary file starts with (the cache file's header, so that the file can
    /// become the cache file as it is).
    header: Vec<u8>,
    /// The keys of the records written.
    pub keys: HashSet<Key>,
    /// Their bytes in all.
    pub bytes: usize,
    /// Why records could not be kept, when they could not (then none more are).
    pub problem: Option<String>,
}

impl Added {
    /// Records for a temporary file that starts with `header`.
    pub fn with_header(header: Vec<u8>) -> Added {
        Added {
            header,
            ..Added::default()
        }
    }

    /// Appends `record` under `key` to the temporary file in `dir` (made on first use), unless
    /// `key` is there already or the records would pass `max_bytes`.
    pub fn push(&mut self, dir: &Path, key: Key, record: &[u8], max_bytes: usize) {
        self.push_parts(dir, key, &[record], max_bytes);
    }

    /// [`Added::push`] for a record given in parts, written one after the other.
    pub fn push_parts(&mut self, dir: &Path, key: Key, parts: &[&[u8]], max_bytes: usize) {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        if self.problem.is_some() || self.bytes + len > max_bytes || self.keys.contains(&key) {
            return;
        }
        if self.file.is_none() {
            let made = std::fs::create_dir_all(dir)
                .and_then(|()| temp_file(dir))
                .map(BufWriter::new)
                .and_then(|mut file| file.write_all(&self.header).map(|()| file));
            match made {
                Ok(file) => self.file = Some(file),
                Err(e) => {
                    self.problem = Some(e.to_string());
                    return;
                }
            }
        }
        let written = self
            .file
            .as_mut()
            .map(|f| parts.iter().try_for_each(|part| f.write_all(part)));
        match written {
            Some(Err(e)) => self.problem = Some(e.to_string()),
            _ => {
                self.keys.insert(key);
                self.bytes += len;
            }
        }
    }

    /// Copies the records written into `out` (once: the temporary file goes with it).
    pub fn copy_into(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        if let Some(pending) = self.file.take() {
            let mut pending = pending.into_inner().map_err(|e| e.into_error())?;
            std::io::Seek::seek(
                &mut pending,
                std::io::SeekFrom::Start(self.header.len() as u64),
            )?;
            std::io::copy(&mut pending, out)?;
        }
        Ok(())
    }

    /// The temporary file, header and records written, to append to (once).
    pub fn take_file(&mut self) -> Option<BufWriter<tempfile::NamedTempFile>> {
        self.file.take()
    }
}

/// `raw` LZ4-compressed with a checksum of it: LZ4 has none, and a damaged byte in a cache
/// file must make its record unreadable, not different.
pub fn pack(raw: &[u8]) -> Box<[u8]> {
    let mut packed = lz4_flex::compress_prepend_size(raw);
    packed.extend_from_slice(&checksum(raw).to_le_bytes());
    packed.into_boxed_slice()
}

/// The bytes [`pack`] packed; `None` when they do not decompress or their checksum differs.
pub fn unpack(packed: &[u8]) -> Option<Vec<u8>> {
    let at = packed.len().checked_sub(8)?;
    let raw = lz4_flex::decompress_size_prepended(&packed[..at]).ok()?;
    let sum: [u8; 8] = packed[at..].try_into().ok()?;
    (checksum(&raw).to_le_bytes() == sum).then_some(raw)
}

/// `raw` with a checksum of it, not compressed: what [`unseal`] reads (a memo writes the
/// parts without joining them).
#[cfg(test)]
pub fn seal(raw: &[u8]) -> Vec<u8> {
    let mut sealed = Vec::with_capacity(raw.len() + 8);
    sealed.extend_from_slice(raw);
    sealed.extend_from_slice(&checksum(raw).to_le_bytes());
    sealed
}

/// The bytes [`seal`] sealed; `None` when their checksum differs.
pub fn unseal(mut sealed: Vec<u8>) -> Option<Vec<u8>> {
    let at = sealed.len().checked_sub(8)?;
    let sum: [u8; 8] = sealed[at..].try_into().ok()?;
    sealed.truncate(at);
    (checksum(&sealed).to_le_bytes() == sum).then_some(sealed)
}

/// The checksum [`pack`] and [`seal`] keep with the bytes.
pub fn checksum(raw: &[u8]) -> u64 {
    use std::hash::BuildHasher as _;
    foldhash::fast::FixedState::with_seed(0x5ad0_c5ea_4c40_0001).hash_one(raw)
}

/// A length as the files write it (four bytes, little-endian).
pub fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reads records from bytes; every read is `None` past the end.
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    /// The next four bytes as a little-endian number.
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// A length, then that many bytes.
    pub fn counted(&mut self) -> Option<&'a [u8]> {
        let len = self.u32()? as usize;
        self.take(len)
    }

    /// Whether every byte was read.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_records_are_kept_once_within_the_bound_and_copied_out() {
        let dir = tempfile::tempdir().unwrap();
        let mut added = Added::default();
        added.push(dir.path(), [1; 16], b"one", 10);
        added.push(dir.path(), [1; 16], b"again", 10);
        added.push(dir.path(), [2; 16], b"two", 10);
        added.push(dir.path(), [3; 16], b"too long", 10);
        assert_eq!(added.keys.len(), 2);
        assert_eq!(added.bytes, 6);
        let mut out = Vec::new();
        added.copy_into(&mut out).unwrap();
        assert_eq!(out, b"onetwo");
    }

    #[test]
    fn reads_stop_at_the_end() {
        let mut r = Reader(&[3, 0, 0, 0, b'a', b'b']);
        assert_eq!(r.counted(), None);
        let mut r = Reader(&[2, 0, 0, 0, b'a', b'b']);
        assert_eq!(r.counted(), Some(&b"ab"[..]));
        assert!(r.is_empty());
        assert_eq!(r.u32(), None);
    }

    #[test]
    fn a_packed_record_with_any_byte_changed_does_not_unpack() {
        let raw = b"<span class=\"k\">fn</span> main() {}\n".repeat(3);
        let packed = pack(&raw);
        assert_eq!(unpack(&packed).as_deref(), Some(&raw[..]));
        // Unreadable, or the very same bytes (a length prefix that only grew, a match offset
        // moved by a whole period of repeated text): never other bytes.
        for at in 0..packed.len() {
            for flip in [0x01, 0x20, 0x80] {
                let mut damaged = packed.to_vec();
                damaged[at] ^= flip;
                let got = unpack(&damaged);
                assert!(
                    got.is_none() || got.as_deref() == Some(&raw[..]),
                    "byte {at} ^ {flip:#x}"
                );
            }
        }
        assert_eq!(unpack(&pack(b"")).as_deref(), Some(&b""[..]));
        let sealed = seal(&raw);
        assert_eq!(unseal(sealed.clone()).as_deref(), Some(&raw[..]));
        for at in 0..sealed.len() {
            let mut damaged = sealed.clone();
            damaged[at] ^= 0x20;
            assert_eq!(unseal(damaged), None, "byte {at}");
        }
    }

    #[test]
    fn temporary_files_whose_writer_is_gone_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let held = temp_file(dir.path()).unwrap();
        // A file a killed process left: not locked by anyone.
        let left = dir.path().join(".tmpAbC123");
        std::fs::write(&left, "half a cache").unwrap();
        let mine = dir.path().join("markdown-v1.bin");
        std::fs::write(&mine, "cache").unwrap();
        remove_leftovers(dir.path(), std::time::Duration::ZERO);
        assert!(!left.exists(), "left over");
        assert!(
            held.path().exists(),
            "still being written: its lock is held"
        );
        assert!(mine.exists(), "not a temporary file");
        // Too young to tell: kept.
        std::fs::write(&left, "just made").unwrap();
        remove_leftovers(dir.path(), std::time::Duration::from_secs(3600));
        assert!(left.exists());
    }

    #[test]
    fn the_folder_ignores_itself() {
        let dir = tempfile::tempdir().unwrap();
        create_dir(&dir.path().join("c")).unwrap();
        let ignore = std::fs::read_to_string(dir.path().join("c/.gitignore")).unwrap();
        assert_eq!(ignore.lines().last(), Some("*"));
    }
}
