//! Build script: records the commit sadoc is built from, so `sadoc --version` can say it, and
//! a digest of the sources that make its output, so that a build cache made by another build
//! of sadoc is never read as this one's (`SADOC_SOURCE_DIGEST`).
//!
//! `SADOC_BUILD_COMMIT` wins (a wheel or package built from a source archive, which has no
//! `.git`); otherwise `git rev-parse --short=12 HEAD` in the crate's folder; otherwise
//! `unknown`. Cargo runs this again when HEAD moves (HEAD, the branch it names, packed refs).

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=SADOC_BUILD_COMMIT");
    let commit = std::env::var("SADOC_BUILD_COMMIT")
        .ok()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .or_else(git_commit)
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=SADOC_COMMIT={commit}");
    println!(
        "cargo:rustc-env=SADOC_SOURCE_DIGEST={:016x}",
        source_digest()
    );
}

/// A hash of every file that shapes what sadoc writes: its code, its theme, and the locked
/// versions of its dependencies. Only whether it changes matters, not its value.
fn source_digest() -> u64 {
    use std::hash::{Hash, Hasher};
    let Ok(dir) = std::env::var("CARGO_MANIFEST_DIR") else {
        return 0;
    };
    let dir = Path::new(&dir);
    let mut files = Vec::new();
    for top in ["src", "themes", "icons/icons.bin", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={top}");
        collect(&dir.join(top), &mut files);
    }
    files.sort();
    let mut hasher = std::hash::DefaultHasher::new();
    for file in files {
        file.strip_prefix(dir).unwrap_or(&file).hash(&mut hasher);
        std::fs::read(&file).unwrap_or_default().hash(&mut hasher);
    }
    hasher.finish()
}

/// Every file under `path` (or `path` itself).
fn collect(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    match std::fs::read_dir(path) {
        Ok(entries) => {
            for entry in entries.flatten() {
                collect(&entry.path(), out);
            }
        }
        Err(_) if path.is_file() => out.push(path.to_path_buf()),
        Err(_) => {}
    }
}

/// The commit HEAD names, short, when the crate is built inside a git checkout.
fn git_commit() -> Option<String> {
    let dir = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    let dir = Path::new(&dir);
    let mut watched = vec![git(dir, &["rev-parse", "--git-path", "HEAD"])?];
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.extend(git(dir, &["rev-parse", "--git-path", &branch]));
    }
    watched.extend(git(dir, &["rev-parse", "--git-path", "packed-refs"]));
    // Only files that exist: Cargo counts a missing one as changed, and would rebuild sadoc on
    // every build (a checkout that never packed its refs has no packed-refs).
    for path in watched.iter().map(|p| dir.join(p)).filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    git(dir, &["rev-parse", "--short=12", "HEAD"])
}

/// The trimmed output of a successful `git` command run in `dir`.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}
