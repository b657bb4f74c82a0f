//! Loading: from the files of a project to its [`Model`], collecting every problem on the way.
//!
//! Loading reads each markdown file once, decodes it, splits and parses its front matter and
//! decides what kind of document it is. It never stops at the first bad file: problems become
//! [`Diagnostic`]s and the rest of the project still loads, so one run reports them all.

pub mod adr_fields;
pub mod adr_metadata;
pub mod blog;
pub mod code;
mod collisions;
pub mod config;
pub mod custom_icons;
pub mod decode;
pub mod front_matter;
pub mod git;
pub mod history;
pub mod macros;
pub mod merge_request;
pub mod mkdocs;
pub mod permalink;
pub mod project;
pub mod review_history;
pub mod status_history;
pub mod walk;
pub mod workspace;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::load::project::Project;
use crate::model::decision::Adr;
use crate::model::{Doc, DocKind, FrontMatter, Layout, Model, Section};
use crate::util::diag::Diagnostic;
use crate::util::paths;

/// The result of loading a project.
#[derive(Debug)]
pub struct Loaded {
    /// Every document that could be read.
    pub model: Model,
    /// Where things go in the site.
    pub layout: Layout,
    /// Problems of the project as a whole: the walk, colliding pages, nothing found.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems of each document (reading, decoding, front matter, ADR metadata), by source
    /// path, so that reloading one file replaces exactly its own.
    pub doc_problems: BTreeMap<String, Vec<Diagnostic>>,
    /// The template engine pages went through (`markdown.macros`), for reloading them.
    pub macros: Option<std::sync::Arc<macros::Engine>>,
    /// The project's own icons (`markdown.custom_icons`), by shortcode name.
    pub custom_icons: std::sync::Arc<BTreeMap<String, String>>,
}

impl Loaded {
    /// Every problem found while loading.
    pub fn all_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .chain(self.doc_problems.values().flatten())
    }
}

/// One loaded document, with its ADR data when it is an ADR.
type LoadedDoc = (Doc, Option<Adr>);

/// Loads every document of `project`. `exclude` lists absolute folders never to read (the build
/// output).
pub fn load(project: &Project, exclude: &[PathBuf]) -> Loaded {
    let config = &project.config;
    let layout = config.layout();
    let mut exclude = exclude.to_vec();
    if let Some(theme) = &config.theme.dir {
        exclude.push(project.path(theme));
    }
    let dirs = walk_roots(&layout);
    let mut found = walk::walk(&project.root, &dirs, &exclude, &config.docs.skip_folders);
    let mut diagnostics = std::mem::take(&mut found.diagnostics);
    diagnostics.extend(project.notes.iter().cloned());
    for dir in &dirs {
        let path = project.path(dir);
        if let Some((link, target)) = paths::dangling_link(&project.root, &path) {
            let shown = paths::relative(&project.root, &link).unwrap_or_else(|| dir.to_string());
            diagnostics.push(
                Diagnostic::error(
                    "load/dangling-link",
                    shown.clone(),
                    format!(
                        "`{shown}` is a symbolic link to `{}`, which does not exist: nothing in `{dir}` can be read",
                        target.display()
                    ),
                )
                .with_help("create the link's target, or point the folder's setting in the configuration elsewhere"),
            );
        }
    }
    excluded(config, &mut found, &mut diagnostics);
    for source in project.generated.keys() {
        if found.markdown.insert(source.clone()) {
            let mut dir = paths::parent(source);
            while !dir.is_empty() && found.dirs.insert(dir.to_string()) {
                dir = paths::parent(dir);
            }
        }
    }

    let options = adr_options(config);
    let (macros, notes) = macros::Engine::new(project);
    diagnostics.extend(notes);
    let (custom_icons, notes) = custom_icons::read(project);
    diagnostics.extend(notes);
    let results: Vec<(Option<LoadedDoc>, Vec<Diagnostic>)> = found
        .markdown
        .par_iter()
        .map(|source| {
            let is_index = is_index(source, &found.markdown);
            load_doc(project, &layout, source, is_index, options, macros.as_ref())
        })
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut doc_problems = BTreeMap::new();
    for (source, (doc, problems)) in found.markdown.iter().zip(results) {
        docs.extend(doc);
        if !problems.is_empty() {
            doc_problems.insert(source.clone(), problems);
        }
    }
    let parse = |source: &str, text: &str, is_index: bool| {
        parse_text(&layout, source, text, is_index, options)
    };
    let blog_problems = blog::apply(project, &layout, &mut docs, &parse);
    diagnostics.extend(blog_problems);
    for (doc, _) in &docs {
        let mut dir = paths::parent(&doc.source);
        while !dir.is_empty() && found.dirs.insert(dir.to_string()) {
            dir = paths::parent(dir);
        }
    }
    diagnostics.extend(collisions::collisions(docs.iter().map(|(d, _)| d)));
    // No page is never a success, whatever notes the configuration had.
    if docs.is_empty() && doc_problems.is_empty() {
        let looked: Vec<String> = dirs
            .iter()
            .map(|d| {
                if d.is_empty() {
                    ".".to_string()
                } else {
                    (*d).to_string()
                }
            })
            .collect();
        let config_file = project
            .config_path
            .strip_prefix(&project.root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| crate::load::project::CONFIG_FILE.to_string());
        let help = if config_file.ends_with(crate::load::project::CONFIG_FILE) {
            "check `docs.dir`, `sad.dir` and `adr.dir` in sadoc.yml"
        } else {
            "check `docs_dir` in mkdocs.yml (it counts from the file's folder)"
        };
        diagnostics.push(
            Diagnostic::error(
                "load/empty",
                config_file,
                format!("no markdown files found in `{}`", looked.join("`, `")),
            )
            .with_help(help),
        );
    }
    let mut model = Model::new(docs, found.files, found.dirs);
    relate(&mut model, config, project.code_prefix());
    model.owners = codeowners(project);
    model.folder_owners = project.config.owners.clone();
    Loaded {
        model,
        layout,
        diagnostics,
        doc_problems,
        macros: macros.map(std::sync::Arc::new),
        custom_icons: std::sync::Arc::new(custom_icons),
    }
}

/// Drops the files `docs.exclude` names from what the walk found.
fn excluded(
    config: &crate::load::config::Config,
    found: &mut walk::Found,
    problems: &mut Vec<Diagnostic>,
) {
    if config.docs.exclude.is_empty() {
        return;
    }
    let mut globs = Vec::new();
    for pattern in &config.docs.exclude {
        match crate::util::glob::CodeGlob::new(pattern) {
            Ok(glob) => globs.push(glob),
            Err(e) => problems.push(
                Diagnostic::warning(
                    "config/exclude",
                    crate::load::project::CONFIG_FILE,
                    format!(
                        "`docs.exclude` pattern `{pattern}` is not a valid glob: {}",
                        e.reason
                    ),
                )
                .with_help("fix the pattern; it is ignored until then"),
            ),
        }
    }
    let keep = |path: &String| !globs.iter().any(|g| g.is_match(path));
    found.markdown.retain(keep);
    found.files.retain(keep);
}

/// The repository's CODEOWNERS (in GitLab's places, then GitHub's), or none.
fn codeowners(project: &Project) -> crate::model::owners::CodeOwners {
    use crate::model::owners::{CodeOwners, LOCATIONS};
    // The repository root: the project folder less the folders it sits below.
    let depth = project
        .code_prefix()
        .split('/')
        .filter(|p| !p.is_empty())
        .count();
    let mut root = project.root.clone();
    for _ in 0..depth {
        root.pop();
    }
    LOCATIONS
        .iter()
        .find_map(|(path, flavor)| {
            let text = std::fs::read_to_string(root.join(path)).ok()?;
            Some(CodeOwners::parse(path, &text, *flavor))
        })
        .unwrap_or_default()
}

/// Derives what spans documents: the SAD's views and who governs which code.
fn relate(model: &mut Model, config: &crate::load::config::Config, prefix: &str) {
    let viewpoints = crate::model::viewpoint::Viewpoints::new(&config.viewpoints);
    model.sad = crate::model::sad::Sad::new(model, viewpoints);
    model.governance = crate::model::governance::Governance::new(model, &config.governs, prefix);
}

/// The model built again from its documents after some of them were replaced in place: ADR
/// relations, views and governance are derived anew; documents keep their indices.
pub fn rebuild_model(model: Model, project: &Project) -> Model {
    let parts = model.into_parts();
    let mut model = Model::new(parts.docs, parts.files, parts.dirs);
    relate(&mut model, &project.config, project.code_prefix());
    model.owners = codeowners(project);
    model.folder_owners = project.config.owners.clone();
    model
}

/// Options for reading ADR metadata, from the configuration.
pub fn adr_options(config: &crate::load::config::Config) -> adr_metadata::Options<'_> {
    adr_metadata::Options {
        statuses: &config.adr.statuses,
        date_order: config.adr.date_order,
    }
}

/// The configured folders to walk, without folders already inside another one.
pub(crate) fn walk_roots(layout: &Layout) -> Vec<&str> {
    let all: Vec<&str> = layout.roots().iter().map(|r| r.dir.as_str()).collect();
    let mut dirs: Vec<&str> = Vec::new();
    for (i, dir) in all.iter().enumerate() {
        let covered = all
            .iter()
            .enumerate()
            .any(|(j, other)| j != i && paths::is_within(dir, other) && (dir != other || j < i));
        if !covered {
            dirs.push(dir);
        }
    }
    dirs
}

/// `index.md` is a folder's index page; so is `README.md` when there is no `index.md` beside it.
pub fn is_index(source: &str, all: &std::collections::BTreeSet<String>) -> bool {
    let stem = paths::stem(source);
    if stem.eq_ignore_ascii_case("index") {
        return true;
    }
    if stem.eq_ignore_ascii_case("readme") {
        let dir = paths::parent(source);
        let has_index = ["index.md", "index.markdown"]
            .iter()
            .any(|n| all.contains(&join(dir, n)));
        return !has_index;
    }
    false
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Reads and parses one document, its macros rendered when `macros` is given; `None` when it
/// cannot be read or decoded. Its problems are returned either way.
pub fn load_doc(
    project: &Project,
    layout: &Layout,
    source: &str,
    is_index: bool,
    options: adr_metadata::Options<'_>,
    macros: Option<&macros::Engine>,
) -> (Option<LoadedDoc>, Vec<Diagnostic>) {
    let path = project.path(source);
    let unreadable = |e: std::io::Error| {
        Diagnostic::error(
            "load/unreadable",
            source,
            format!("cannot read the file: {e}"),
        )
        .with_help("check the file's permissions")
    };
    // A page sadoc generates stands where no file does.
    let generated_or = |e: std::io::Error| match project.generated.get(source) {
        Some(text) => {
            let (doc, adr, problems) =
                parse_owned(layout, source, text.clone(), is_index, options, macros);
            (Some((doc, adr)), problems)
        }
        None => (None, vec![unreadable(e)]),
    };
    // One open, one fstat and the reads: no separate lookups of the path.
    let mut file = match std::fs::File::open(&path) {
        Ok(file) => file,
        Err(e) => return generated_or(e),
    };
    let len = match file.metadata() {
        Ok(meta) if meta.is_dir() => return generated_or(std::io::Error::other("it is a folder")),
        Ok(meta) => meta.len(),
        Err(e) => return (None, vec![unreadable(e)]),
    };
    let limit_mb = project.config.docs.max_page_mb;
    if len > u64::from(limit_mb) * 1_000_000 {
        let d = Diagnostic::error(
            "load/too-large",
            source,
            format!(
                "the file is {:.1} MB, more than the {limit_mb} MB a page may be; it was not read",
                len as f64 / 1e6
            ),
        )
        .with_help("split it into smaller pages, move it out of the documentation folders, or raise `docs.max_page_mb` in sadoc.yml");
        return (None, vec![d]);
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    if let Err(e) = std::io::Read::read_to_end(&mut file, &mut bytes) {
        return (None, vec![unreadable(e)]);
    }
    let text = match decode::decode(bytes) {
        Ok(text) => text,
        Err(e) => {
            let mut d = Diagnostic::error("load/encoding", source, e.message()).with_help(e.help());
            if let decode::TextError::InvalidUtf8 { line, column } = e {
                d = d.at(line, column);
            }
            return (None, vec![d]);
        }
    };
    let (doc, adr, problems) = parse_owned(layout, source, text, is_index, options, macros);
    (Some((doc, adr)), problems)
}

/// Builds the document (and its ADR data, if it is an ADR) from decoded text: splits and parses
/// the front matter, decides the kind, reads ADR metadata. Used for files on disk and for ADRs
/// `sadoc adr new` is about to write.
pub fn parse_text(
    layout: &Layout,
    source: &str,
    text: &str,
    is_index: bool,
    options: adr_metadata::Options<'_>,
) -> (Doc, Option<Adr>, Vec<Diagnostic>) {
    parse_owned(layout, source, text.to_string(), is_index, options, None)
}

/// [`parse_text`] of text read from a file: the body keeps the text's allocation (the front
/// matter is cut from its start), so loading copies no page twice.
fn parse_owned(
    layout: &Layout,
    source: &str,
    text: String,
    is_index: bool,
    options: adr_metadata::Options<'_>,
    macros: Option<&macros::Engine>,
) -> (Doc, Option<Adr>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let (front, body_start, body_line) = match front_matter::split(&text) {
        Ok(split) => {
            if split.toml {
                problems.push(
                    Diagnostic::warning(
                        "front-matter/foreign",
                        source,
                        "the `+++` block at the top is TOML front matter (Hugo), which sadoc does not read; the page is built without it",
                    )
                    .at_line(1)
                    .with_help("put the keys sadoc should read (title, tags, governs, …) in YAML between `---` lines"),
                );
            }
            let front = match split.yaml {
                Some(yaml) => match front_matter::parse(yaml, split.yaml_line) {
                    Ok(parsed) => {
                        for ignored in parsed.ignored {
                            problems.push(
                                Diagnostic::warning("front-matter/foreign", source, ignored.message)
                                    .at(ignored.line, ignored.column)
                                    .with_help("rename the key if sadoc should read it, or leave it for the tool that owns it"),
                            );
                        }
                        check_kind(source, &parsed.front, split.yaml_line, &mut problems);
                        parsed.front
                    }
                    Err(e) => {
                        problems.push(
                            Diagnostic::error("front-matter/invalid", source, e.message)
                                .at(e.line, e.column)
                                .with_help("fix the YAML between the `---` lines"),
                        );
                        FrontMatter::default()
                    }
                },
                None => FrontMatter::default(),
            };
            // The body is the text after the front matter.
            (front, text.len() - split.body.len(), split.body_line)
        }
        Err(e) => {
            problems.push(
                Diagnostic::error("front-matter/unclosed", source, e.message).at(e.line, e.column),
            );
            (FrontMatter::default(), 0, 1)
        }
    };
    if text.trim().is_empty() {
        problems.push(
            Diagnostic::warning("load/empty-page", source, "the page is empty")
                .with_help("write something in it, or delete it"),
        );
    }
    let mut body = text;
    body.drain(..body_start);
    let page = layout.page(source, is_index);
    if let Some(engine) = macros {
        let title = front
            .title
            .clone()
            .or_else(|| macros::first_heading(&body).map(str::to_string))
            .unwrap_or_else(|| paths::humanize(paths::stem(source)));
        let info = macros::PageInfo {
            source,
            src_path: engine.src_path(source),
            url: &page.url,
            title: &title,
            is_homepage: is_index && paths::parent(&page.file).is_empty(),
            meta: front.meta.map(),
            body_line,
        };
        match engine.render(&info, &body) {
            Ok(macros::Rendered::Text(text)) => body = text,
            Ok(macros::Rendered::Unchanged) => {}
            Err(problem) => problems.push(problem),
        }
    }
    let section = layout.root_of(source).map_or(Section::Docs, |r| r.section);
    let kind = match front.kind.as_deref().and_then(DocKind::parse) {
        Some(kind) => kind,
        None => match infer_kind(layout, source, section, is_index) {
            DocKind::Adr if adr_metadata::is_template(source) => DocKind::Template,
            kind => kind,
        },
    };
    let doc = Doc {
        source: source.to_string(),
        page,
        is_index,
        section,
        kind,
        front,
        body,
        body_line,
    };
    let adr = (kind == DocKind::Adr).then(|| {
        let (adr, mut found) = adr_metadata::parse(0, &doc, options);
        problems.append(&mut found);
        adr
    });
    (doc, adr, problems)
}

fn check_kind(source: &str, front: &FrontMatter, yaml_line: u32, problems: &mut Vec<Diagnostic>) {
    if let Some(kind) = &front.kind
        && DocKind::parse(kind).is_none()
    {
        let guess = crate::util::spelling::did_you_mean(kind, DocKind::NAMES.split(", "))
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        problems.push(
            Diagnostic::warning(
                "front-matter/kind",
                source,
                format!(
                    "unknown kind `{kind}`{guess}; expected one of {}",
                    DocKind::NAMES
                ),
            )
            .at_line(front.key_lines.get("kind").copied().unwrap_or(yaml_line)),
        );
    }
}

/// The kind of a document from where it is, when its front matter does not say.
fn infer_kind(layout: &Layout, source: &str, section: Section, is_index: bool) -> DocKind {
    let root = layout.root(section);
    let rel = paths::strip_dir(source, &root.dir).unwrap_or(source);
    let at_top = !rel.contains('/');
    match section {
        Section::Adr if is_index && at_top => DocKind::AdrIndex,
        Section::Adr if is_index => DocKind::Page,
        // A README beside an index.md is documentation about the folder, not a decision.
        Section::Adr if paths::stem(source).eq_ignore_ascii_case("readme") => DocKind::Page,
        Section::Adr => DocKind::Adr,
        Section::Sad if is_index && at_top => DocKind::Roadmap,
        Section::Sad => {
            let folders: Vec<&str> = rel.split('/').collect();
            let in_views = folders[..folders.len() - 1]
                .iter()
                .any(|f| f.eq_ignore_ascii_case("views"));
            if in_views {
                return if is_index {
                    DocKind::SadPage
                } else {
                    DocKind::View
                };
            }
            let stem = paths::stem(rel).to_ascii_lowercase();
            let name = stem.trim_start_matches(|c: char| {
                c.is_ascii_digit() || c == '-' || c == '_' || c == '.'
            });
            match name {
                "overview"
                | "background"
                | "system-overview"
                | "architecture-background"
                | "context" => DocKind::Overview,
                "mapping" | "mapping-between-views" | "mappings" => DocKind::Mapping,
                "rationale" => DocKind::Rationale,
                "glossary" | "directory" | "acronyms" | "glossary-and-acronyms" => {
                    DocKind::Glossary
                }
                "roadmap" | "documentation-roadmap" => DocKind::Roadmap,
                _ => DocKind::SadPage,
            }
        }
        Section::Docs => DocKind::Page,
    }
}
