//! Documents that would overwrite each other in the site: two sources published at the same
//! site path, or at paths that differ only in case.

use std::collections::HashMap;

use crate::model::Doc;
use crate::util::diag::Diagnostic;

/// Two sources published at the same site path (an error), or at paths that differ only in
/// case (a warning).
pub(super) fn collisions<'a>(docs: impl Iterator<Item = &'a Doc>) -> Vec<Diagnostic> {
    let mut by_file: HashMap<&str, Vec<&Doc>> = HashMap::new();
    for doc in docs {
        by_file.entry(doc.page.file.as_str()).or_default().push(doc);
    }
    let mut out = case_collisions(&by_file);
    for (file, docs) in by_file {
        if docs.len() > 1 {
            let names: Vec<&str> = docs.iter().map(|d| d.source.as_str()).collect();
            for doc in &docs {
                out.push(
                    Diagnostic::error(
                        "load/collision",
                        doc.source.clone(),
                        format!("`{}` are all published as `{file}`", names.join("`, `")),
                    )
                    .with_help("rename all but one of them"),
                );
            }
        }
    }
    out
}

/// Pages whose site paths differ only in case: one replaces the other where file names ignore
/// case (a site copied to macOS or Windows, or read from a checkout there).
fn case_collisions(by_file: &HashMap<&str, Vec<&Doc>>) -> Vec<Diagnostic> {
    let mut by_folded: HashMap<String, Vec<&str>> = HashMap::new();
    for file in by_file.keys() {
        by_folded.entry(file.to_lowercase()).or_default().push(file);
    }
    let mut out = Vec::new();
    for mut files in by_folded.into_values().filter(|f| f.len() > 1) {
        files.sort_unstable();
        let sources: Vec<&str> = files
            .iter()
            .flat_map(|f| by_file[f].iter().map(|d| d.source.as_str()))
            .collect();
        for source in &sources {
            out.push(
                Diagnostic::warning(
                    "load/case-collision",
                    source.to_string(),
                    format!(
                        "`{}` are published as `{}`, which differ only in case: where file names ignore case (macOS, Windows) one replaces the other",
                        sources.join("`, `"),
                        files.join("`, `")
                    ),
                )
                .with_help("rename all but one of them so their names differ by more than case"),
            );
        }
    }
    out
}
