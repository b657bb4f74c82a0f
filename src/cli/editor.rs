//! The user's editor, opened on a record `sadoc adr new` just wrote, as adr-tools opens it.

use std::path::Path;

use super::{Globals, shown};

/// Opens the new record in the user's editor, as adr-tools does: `$VISUAL`, else `$EDITOR`,
/// run by the shell (so `code --wait` works); never in CI (`CI` set), where no one is there to
/// edit. An editor that fails is reported; the record stays written.
pub(super) fn edit(globals: &Globals, file: &Path) {
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    let editor = ["VISUAL", "EDITOR"]
        .into_iter()
        .filter_map(std::env::var_os)
        .find(|e| !e.is_empty());
    let Some(editor) = editor.filter(|_| !in_ci) else {
        return;
    };
    let mut script = editor.clone();
    script.push(" \"$1\"");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .arg("sh")
        .arg(file)
        .status();
    let failed = match status {
        Ok(s) if s.success() => return,
        Ok(s) => format!("exited with {s}"),
        Err(e) => format!("could not be started: {e}"),
    };
    if !globals.quiet {
        eprintln!(
            "warning: the editor `{}` {failed}; the record is written at {}",
            editor.to_string_lossy(),
            shown(file)
        );
    }
}
