//! A project's own icons for icon shortcodes: the SVG files of the folders
//! `markdown.custom_icons` names (pymdownx.emoji's `custom_icons`, usually `overrides/.icons`),
//! named as mkdocs-material names them — the path from the folder without `.svg`, `/` read as
//! `-` (`.icons/brand/logo.svg` is `:brand-logo:`).

use std::collections::BTreeMap;

use crate::load::project::Project;
use crate::util::diag::Diagnostic;

/// The project's icons by shortcode name, and a warning for each folder that is not there.
pub fn read(project: &Project) -> (BTreeMap<String, String>, Vec<Diagnostic>) {
    let mut icons = BTreeMap::new();
    let mut problems = Vec::new();
    for dir in &project.config.markdown.custom_icons {
        let root = project.path(dir);
        if !root.is_dir() {
            problems.push(
                Diagnostic::warning(
                    "markdown/icons",
                    crate::load::project::CONFIG_FILE,
                    format!("the custom icons folder `{dir}` does not exist; its icons are shown as text"),
                )
                .with_help("fix the path in `markdown.custom_icons` (pymdownx.emoji's `custom_icons`)"),
            );
            continue;
        }
        for entry in walkdir::WalkDir::new(&root)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "svg") {
                continue;
            }
            let Ok(rel) = path
                .with_extension("")
                .strip_prefix(&root)
                .map(|r| r.to_path_buf())
            else {
                continue;
            };
            let name = rel.to_string_lossy().replace(['/', '\\'], "-");
            if let Ok(svg) = std::fs::read_to_string(path) {
                // As written (a final newline too, as mkdocs-material inserts it); the first folder
                // listed wins, as in mkdocs-material's index.
                icons.entry(name).or_insert(svg);
            }
        }
    }
    (icons, problems)
}
