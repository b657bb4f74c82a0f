//! Writing users' files safely.
//!
//! New files are created exclusively, so an existing file is never overwritten, even one that
//! appeared a moment ago. Edited files are written to a temporary file beside them and renamed
//! over the original, so a crash leaves either the old or the new content, never half of it.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, Result};

/// Creates `path` with `bytes`; fails with [`io::ErrorKind::AlreadyExists`] if it exists.
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
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
