//! Writing users' files safely.
//!
//! New files are created exclusively, so an existing file is never overwritten, even one that
//! appeared a moment ago. Edited files are written to a temporary file beside them and renamed
//! over the original, so a crash leaves either the old or the new content, never half of it.
//! Commands that pick a number or edit several records first [`lock_dir`] the folder, so two
//! sadoc processes (two terminals, parallel CI jobs) take turns instead of both taking the
//! next number.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, Result};

/// Creates `path` with `bytes`; fails with [`io::ErrorKind::AlreadyExists`] if it exists.
///
/// The bytes go to a temporary file beside `path` first, which is then linked into place only
/// if nothing is there yet: an interrupted write never leaves a half-written file, and a file
/// that appeared a moment ago is never replaced. Where the file system cannot do that (no hard
/// links), the file is created exclusively and written in place.
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let mut temp = new_file_builder(".sadoc-new-").tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    match temp.persist_noclobber(path) {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Err(e.error),
        Err(_) => {
            let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
            file.write_all(bytes)?;
            file.sync_all()
        }
    }
}

/// A temporary-file builder whose files get the mode any new file gets (0666 less the
/// process's umask, as `touch` or an editor makes them), not the 0600 of a private temporary
/// file: a created record or configuration is readable as every other file of the repository.
fn new_file_builder(prefix: &str) -> tempfile::Builder<'_, '_> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The mode is given to open(2), which takes the umask away from it.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder
}

/// Replaces the content of an existing file: writes a temporary file in the same folder, keeps
/// the original's permissions, then renames it over the original.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".sadoc-edit-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("cannot write a temporary file in `{}`", dir.display()))?;
    if let Ok(meta) = fs::metadata(path) {
        let _ = fs::set_permissions(temp.path(), meta.permissions());
    }
    temp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot replace `{}`", path.display()))?;
    Ok(())
}

/// An exclusive lock on a folder, released when dropped (or when the process ends, however it
/// ends: the operating system drops it, so a crash leaves no stale lock behind).
#[derive(Debug)]
pub struct DirLock {
    _file: Option<fs::File>,
}

/// How long [`lock_dir`] waits for another process before giving up.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Locks `dir` (created if missing) against other sadoc processes that lock it, waiting for
/// them up to a minute. Where the system cannot lock a folder (Windows opens folders only with
/// special flags) this returns an empty lock: exclusive creation still keeps every file safe.
pub fn lock_dir(dir: &Path) -> Result<DirLock> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let Ok(file) = fs::File::open(dir) else {
        return Ok(DirLock { _file: None });
    };
    let started = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(DirLock { _file: Some(file) }),
            Err(fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(fs::TryLockError::WouldBlock) => anyhow::bail!(
                "another sadoc process has been editing `{}` for over a minute\n  help: wait for it to finish, or stop it",
                dir.display()
            ),
            // A file system without locks: go on without one.
            Err(fs::TryLockError::Error(_)) => return Ok(DirLock { _file: None }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_new_never_replaces_a_file_and_leaves_no_temporary_files() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("adr/0002-x.md");
        create_new(&path, b"first").unwrap();
        let err = create_new(&path, b"second").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["0002-x.md"], "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn created_files_get_the_usual_mode_not_a_private_one() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("new.md");
        create_new(&path, b"x").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // Whatever the umask, others' read bit follows it as for any new file; with the
        // common 022 (and 002) umasks, the file is readable by all.
        let probe = tmp.path().join("probe");
        fs::write(&probe, "x").unwrap();
        let usual = fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, usual,
            "{mode:o} is the mode `fs::write` gives ({usual:o})"
        );
    }

    #[test]
    fn replace_keeps_the_permissions_and_leaves_no_temporary_files() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("0001-a.md");
        fs::write(&path, "old").unwrap();
        let before = fs::metadata(&path).unwrap().permissions();
        replace(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::metadata(&path).unwrap().permissions(), before);
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_second_lock_on_a_folder_waits_for_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let first = lock_dir(tmp.path()).unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        let dir = tmp.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            let _second = lock_dir(&dir).unwrap();
            sender.send(()).unwrap();
        });
        assert!(
            receiver
                .recv_timeout(std::time::Duration::from_millis(200))
                .is_err(),
            "the second lock is not taken while the first is held"
        );
        drop(first);
        receiver
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("the second lock is taken once the first is dropped");
        waiter.join().unwrap();
    }
}
