//! Link checking: every internal link must lead to a page, file or anchor that exists.
//!
//! Broken links are warnings (so `sadoc build --strict` fails on them, as `mkdocs --strict`
//! does), each with the file, line and column of the link and a suggestion where one is
//! obvious.

use crate::model::{DocKind, Model};
use crate::render::markdown::resolve::Target;
use crate::render::markdown::{LinkRef, Rendered};
use crate::util::diag::Diagnostic;
use crate::util::paths;
use crate::util::slug;

/// Checks the links of one page.
pub fn check_doc(
    model: &Model,
    rendered: &[Rendered<Target>],
    doc: usize,
    site_has: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    // Templates hold placeholders such as `yyyymmdd-xxx.md`, not links.
    if model.docs[doc].kind == DocKind::Template {
        return Vec::new();
    }
    let source = &model.docs[doc].source;
    let problems = rendered[doc].problems.iter().map(|p| {
        let d = if p.error {
            Diagnostic::error(p.code, source.clone(), p.message.clone())
        } else {
            Diagnostic::warning(p.code, source.clone(), p.message.clone())
        };
        d.at(p.line, 1).with_help(p.help)
    });
    rendered[doc]
        .links
        .iter()
        .filter_map(|link| {
            check_link(model, rendered, doc, source, link, site_has)
                .map(|d| d.at(link.line, link.column))
        })
        .chain(problems)
        .collect()
}

fn check_link(
    model: &Model,
    rendered: &[Rendered<Target>],
    from: usize,
    source: &str,
    link: &LinkRef<Target>,
    site_has: &dyn Fn(&str) -> bool,
) -> Option<Diagnostic> {
    let dest = &link.dest;
    match &link.target {
        Target::External | Target::Empty | Target::File { .. } | Target::Repo { .. } => None,
        Target::Anchor(fragment) => missing_anchor(&rendered[from].anchors, fragment).map(|help| {
            let d = Diagnostic::warning(
                "link/anchor",
                source,
                format!("broken link `{dest}`: this page has no heading or anchor `#{fragment}`"),
            );
            with_optional_help(d, help)
        }),
        Target::Page { doc, fragment } => {
            let fragment = fragment.as_deref()?;
            missing_anchor(&rendered[*doc].anchors, fragment).map(|help| {
                let target = &model.docs[*doc].source;
                let d = Diagnostic::warning(
                    "link/anchor",
                    source,
                    format!(
                        "broken link `{dest}`: `{target}` has no heading or anchor `#{fragment}`"
                    ),
                );
                with_optional_help(d, help)
            })
        }
        Target::Generated { file } => (!site_has(file)).then(|| {
            Diagnostic::warning(
                "link/broken",
                source,
                format!("broken link `{dest}`: sadoc generates no such page here"),
            )
        }),
        Target::Folder { site_folder } => {
            let index = if site_folder.is_empty() {
                "index.html".to_string()
            } else {
                format!("{site_folder}/index.html")
            };
            (!site_has(&index)).then(|| {
                Diagnostic::warning(
                    "link/broken",
                    source,
                    format!("broken link `{dest}`: the folder has no pages"),
                )
                .with_help("link to a page in the folder instead")
            })
        }
        Target::Missing { path } => {
            // As MkDocs tells them apart (its `validation.links`): a link from the root, a
            // link whose last part names no file (`guide/setup/`), and one to a missing file.
            let written = dest.split(['#', '?']).next().unwrap_or_default();
            let code = if written.starts_with('/') {
                "link/absolute"
            } else if !paths::file_name(written.trim_end_matches('/')).contains('.')
                || written.ends_with('/')
            {
                "link/unrecognized"
            } else {
                "link/broken"
            };
            let d = Diagnostic::warning(
                code,
                source,
                format!("broken link `{dest}`: `{path}` does not exist"),
            );
            let stem = paths::stem(path).to_ascii_lowercase();
            let folder = paths::parent(path);
            if (stem == "index" || stem == "readme") && model.dirs.contains(folder) {
                let written = dest.rsplit_once('/').map_or("./", |(dir, _)| dir);
                return Some(d.with_help(format!(
                    "link to the folder (`{written}/`) instead; sadoc generates its index page"
                )));
            }
            let from = &model.docs[from].source;
            Some(match similar_doc(model, path) {
                Some(other) => {
                    // As the link would be written, then where that is in the project.
                    let written = crate::render::markdown::resolve::relative_url(from, other);
                    let suffix = dest.find(['#', '?']).map_or("", |at| &dest[at..]);
                    d.with_help(format!("did you mean `{written}{suffix}` (`{other}`)?"))
                }
                None => d.with_help("create the file or fix the link"),
            })
        }
        Target::OutsideDocs { path } => Some(
            Diagnostic::warning(
                "link/outside-docs",
                source,
                format!("link `{dest}` points to `{path}`, outside the documentation folders"),
            )
            .with_help("set `repo.url` in sadoc.yml so such links go to the repository host"),
        ),
        Target::Member { .. } => None,
        Target::MemberMissing { reason } => Some(
            Diagnostic::warning(
                "link/broken",
                source,
                format!("broken link `{dest}`: {reason}"),
            )
            .with_help("write `project:ADR-NNNN` with a project name of the workspace's portal"),
        ),
        Target::Escapes => Some(
            Diagnostic::warning(
                "link/escapes",
                source,
                format!("link `{dest}` leads outside the repository; it was not followed"),
            )
            .with_help(
                "link to files inside the repository (outside git: inside the project folder), or use a full https:// URL",
            ),
        ),
    }
}

fn with_optional_help(d: Diagnostic, help: Option<String>) -> Diagnostic {
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// `None` when the anchor exists; otherwise `Some(suggestion)`.
fn missing_anchor(anchors: &[String], fragment: &str) -> Option<Option<String>> {
    if fragment.is_empty() || fragment == "top" || anchors.iter().any(|a| a == fragment) {
        return None;
    }
    let slug = slug::slugify(fragment);
    if anchors.contains(&slug) {
        return Some(Some(format!("did you mean `#{slug}`?")));
    }
    Some(None)
}

/// The page a link to the missing path most likely meant: one with the same file name (nearest
/// folder first), the ADR with the same number (`0009-x.md`), else the one whose file name is
/// closest in spelling, in the same folder first (`indx.md` → `index.md`).
fn similar_doc<'a>(model: &'a Model, missing: &str) -> Option<&'a str> {
    let name = paths::file_name(missing);
    let folder = paths::parent(missing);
    let sources = || model.docs.iter().map(|d| d.source.as_str());
    // The more folders two paths share, the nearer they are.
    let shared = |s: &str| {
        paths::parent(s)
            .split('/')
            .zip(folder.split('/'))
            .take_while(|(a, b)| a == b)
            .count()
    };
    if let Some(same_name) = sources()
        .filter(|s| paths::file_name(s).eq_ignore_ascii_case(name))
        .max_by_key(|s| shared(s))
    {
        return Some(same_name);
    }
    let number = crate::load::adr_metadata::identity(missing).number;
    if let Some(n) = number
        && let [adr] = model
            .adrs
            .adrs
            .iter()
            .filter(|a| a.id.number == Some(n))
            .collect::<Vec<_>>()
            .as_slice()
    {
        return Some(model.docs[adr.doc].source.as_str());
    }
    let stem = paths::stem(missing);
    let closest_in = |candidates: Vec<&'a str>| {
        let stems: Vec<&str> = candidates.iter().map(|s| paths::stem(s)).collect();
        let best = crate::util::spelling::closest(stem, stems.iter().copied())?;
        let at = stems.iter().position(|s| *s == best)?;
        Some(candidates[at])
    };
    closest_in(sources().filter(|s| paths::parent(s) == folder).collect())
        .or_else(|| closest_in(sources().collect()))
}
