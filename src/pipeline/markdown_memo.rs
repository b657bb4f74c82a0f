//! Each document's rendered markdown kept between builds in the build cache folder, with what
//! it read from outside the document, so that a rebuild renders again only the documents whose
//! markdown would come out different.
//!
//! A document's rendered markdown follows from its text, the dialect the configuration sets,
//! the glossary's terms, and what its links and snippets found: where each link led (another
//! page and its URL, a folder, a file copied into the site, a permalink at the commit being
//! built, nothing) and what each snippet file held. The first three make the entry's key (a
//! SHA-256, with the document's path and page); the others are recorded while the document
//! renders — every link resolved and every snippet file read, with the answer — and asked
//! again before an entry is used: an entry whose link now leads elsewhere, or whose snippet
//! file changed, is not used, and the document is rendered again. So adding a page, renaming
//! one or moving to another commit renders again only the documents that link to what
//! changed. Documents with problems (a snippet that cannot be read, a diagram that cannot be
//! drawn) are not kept: they render, and report, every build.

use std::cell::RefCell;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::outline::{Section, SectionState, Table};
use crate::model::{Doc, Model};
use crate::render::markdown::resolve::Target;
use crate::render::markdown::snippets::Region;
use crate::render::markdown::terms::GlossaryUse;
use crate::render::markdown::{LinkKind, LinkRef, LinkResolver, PackedHtml, Rendered, TocEntry};
use crate::util::memo::{Key, Kind, Memo, Saved};

/// The file's name in the cache folder; the number changes with the file's layout.
pub const FILE: &str = "markdown-v1.bin";
/// The most compressed entries the file keeps (the 10,000-page benchmark corpus needs about
/// a third of it).
pub const MAX_BYTES: usize = 256 << 20;
const KIND: Kind = Kind {
    file: FILE,
    magic: b"SADOCMD1",
    // The dialect, highlighting and the entry's layout come with the build.
    version: crate::util::cache_file::BUILD,
    max_bytes: MAX_BYTES,
    replaces: &[],
};

/// The rendered markdown of earlier builds' documents (kept as `util::memo` keeps records).
#[derive(Debug)]
pub struct MarkdownMemo(Memo);

impl MarkdownMemo {
    /// The entries kept in `dir` (nothing is read until one is looked up).
    pub fn open(dir: impl Into<PathBuf>) -> MarkdownMemo {
        MarkdownMemo(Memo::open(KIND, dir))
    }

    /// Writes the entries this build used or added (see `util::memo`).
    pub fn save(&self) -> Result<Saved, String> {
        self.0.save()
    }
}

/// What every document of one build renders with besides its own text, hashed: the dialect
/// (and highlighting) as configured, and the glossary's terms.
#[derive(Debug, Clone, Copy)]
pub(super) struct Setting([u8; 32]);

impl Setting {
    /// `dialect` describes the markdown options and highlighting whole (their `Debug` forms).
    pub(super) fn new(dialect: &str, glossary: Option<&crate::model::glossary::Glossary>) -> Self {
        let mut hasher = Sha256::new();
        part(&mut hasher, dialect.as_bytes());
        if let Some(glossary) = glossary {
            part(&mut hasher, glossary.pattern.as_str().as_bytes());
            let mut terms: Vec<_> = glossary.by_key.iter().collect();
            terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
            part(&mut hasher, format!("{terms:?}").as_bytes());
        }
        Setting(hasher.finalize().into())
    }
}

/// Adds `bytes` to `hasher` with their length first, so where one part ends counts.
fn part(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// The key of `doc`'s entry: the build's setting, the document's path, page and text, and
/// how it takes part in the glossary.
pub(super) fn key(setting: &Setting, doc: &Doc, glossary: Option<&GlossaryUse<'_>>) -> Key {
    let mut hasher = Sha256::new();
    hasher.update(setting.0);
    part(&mut hasher, doc.source.as_bytes());
    part(&mut hasher, doc.page.file.as_bytes());
    part(&mut hasher, doc.page.url.as_bytes());
    hasher.update(doc.body_line.to_le_bytes());
    match glossary {
        None => hasher.update([0]),
        Some(GlossaryUse::Anchor) => hasher.update([1]),
        Some(GlossaryUse::Link { href, .. }) => {
            hasher.update([2]);
            part(&mut hasher, href.as_bytes());
        }
    }
    part(&mut hasher, doc.body.as_bytes());
    let digest = hasher.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// Where a link led, in a form that outlives the build: another page by its source path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
enum Lead {
    Page {
        source: String,
        fragment: Option<String>,
    },
    Other(Target),
}

impl Lead {
    fn of(target: &Target, model: &Model) -> Lead {
        match target {
            Target::Page { doc, fragment } => Lead::Page {
                source: model.docs[*doc].source.clone(),
                fragment: fragment.clone(),
            },
            other => Lead::Other(other.clone()),
        }
    }

    /// The target in `model`; `None` when the page is not in it.
    fn target(self, model: &Model) -> Option<Target> {
        match self {
            Lead::Page { source, fragment } => Some(Target::Page {
                doc: model.doc_index(&source)?,
                fragment,
            }),
            Lead::Other(target) => Some(target),
        }
    }
}

/// One link resolved while the document rendered: the destination, its kind, and the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Asked {
    dest: String,
    kind: LinkKind,
    /// Asked for a URL of raw HTML ([`LinkResolver::resolve_in_html`]).
    in_html: bool,
    href: Option<String>,
    lead: Lead,
}

/// What reading one snippet file gave: a hash of its text, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
enum Read {
    Text([u8; 32]),
    Missing,
    Failed(String),
}

impl Read {
    fn of(result: &Result<String, Option<String>>) -> Read {
        match result {
            Ok(text) => Read::Text(Sha256::digest(text.as_bytes()).into()),
            Err(None) => Read::Missing,
            Err(Some(why)) => Read::Failed(why.clone()),
        }
    }
}

/// A resolver that remembers every question the document asked and the answer it got.
pub(super) struct Recording<'r, R> {
    inner: &'r R,
    model: &'r Model,
    asked: RefCell<Vec<Asked>>,
    /// The links asked about so far (the same one gets the same answer within a render).
    seen: RefCell<std::collections::HashSet<(String, LinkKind, bool)>>,
    read: RefCell<Vec<(String, Read)>>,
}

impl<'r, R: LinkResolver<Target = Target>> Recording<'r, R> {
    pub(super) fn new(inner: &'r R, model: &'r Model) -> Self {
        Recording {
            inner,
            model,
            asked: RefCell::new(Vec::new()),
            seen: RefCell::new(std::collections::HashSet::new()),
            read: RefCell::new(Vec::new()),
        }
    }
}

impl<R: LinkResolver<Target = Target>> Recording<'_, R> {
    /// Remembers the first answer to each question.
    fn note(&self, dest: &str, kind: LinkKind, in_html: bool, answer: &(Option<String>, Target)) {
        if self
            .seen
            .borrow_mut()
            .insert((dest.to_string(), kind, in_html))
        {
            self.asked.borrow_mut().push(Asked {
                dest: dest.to_string(),
                kind,
                in_html,
                href: answer.0.clone(),
                lead: Lead::of(&answer.1, self.model),
            });
        }
    }
}

impl<R: LinkResolver<Target = Target>> LinkResolver for Recording<'_, R> {
    type Target = Target;

    fn resolve(&self, dest: &str, kind: LinkKind) -> (Option<String>, Target) {
        let answer = self.inner.resolve(dest, kind);
        self.note(dest, kind, false, &answer);
        answer
    }

    fn resolve_in_html(&self, dest: &str, kind: LinkKind) -> (Option<String>, Target) {
        let answer = self.inner.resolve_in_html(dest, kind);
        self.note(dest, kind, true, &answer);
        answer
    }

    fn read_snippet(&self, path: &str) -> Result<String, Option<String>> {
        let result = self.inner.read_snippet(path);
        self.read
            .borrow_mut()
            .push((path.to_string(), Read::of(&result)));
        result
    }

    fn snippet_up(&self) -> usize {
        self.inner.snippet_up()
    }

    fn links_code(&self) -> bool {
        self.inner.links_code()
    }

    fn glossary(&self) -> Option<GlossaryUse<'_>> {
        self.inner.glossary()
    }
}

/// A section as the entry keeps it (with where it ends in the HTML, which JSON leaves out).
#[derive(Serialize, Deserialize)]
struct KeptSection {
    level: u8,
    id: String,
    title: String,
    line: u32,
    state: SectionState,
    has_diagram: bool,
    html_end: Option<usize>,
}

/// A document's rendered markdown as the file keeps it, with what it asked.
#[derive(Serialize, Deserialize)]
struct Entry {
    html: Vec<u8>,
    digest: [u8; 16],
    toc: Vec<TocEntry>,
    h1: Option<String>,
    links: Vec<(String, u32, u32, Lead)>,
    anchors: Vec<String>,
    has_mermaid: bool,
    snippet_files: Vec<String>,
    snippet_regions: Vec<Region>,
    sections: Vec<KeptSection>,
    tables: Vec<Table>,
    asked: Vec<Asked>,
    read: Vec<(String, Read)>,
}

impl MarkdownMemo {
    /// The rendered markdown kept under `key`, when every link it resolved still leads where
    /// it did (asked of `resolver`) and every snippet file it read reads the same.
    pub(super) fn get<R: LinkResolver<Target = Target>>(
        &self,
        key: &Key,
        resolver: &R,
        model: &Model,
    ) -> Option<Rendered<Target>> {
        let raw = self.0.get(key)?;
        let entry: Entry = bincode::deserialize(&raw).ok()?;
        for asked in &entry.asked {
            let (href, target) = if asked.in_html {
                resolver.resolve_in_html(&asked.dest, asked.kind)
            } else {
                resolver.resolve(&asked.dest, asked.kind)
            };
            if href != asked.href || Lead::of(&target, model) != asked.lead {
                return None;
            }
        }
        for (path, read) in &entry.read {
            if Read::of(&resolver.read_snippet(path)) != *read {
                return None;
            }
        }
        let links = entry
            .links
            .into_iter()
            .map(|(dest, line, column, lead)| {
                Some(LinkRef {
                    dest,
                    line,
                    column,
                    target: lead.target(model)?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Rendered {
            html: PackedHtml::from_packed(entry.html, entry.digest),
            toc: entry.toc,
            h1: entry.h1,
            links,
            anchors: entry.anchors,
            has_mermaid: entry.has_mermaid,
            problems: Vec::new(),
            snippet_files: entry.snippet_files,
            snippet_regions: entry.snippet_regions,
            sections: entry
                .sections
                .into_iter()
                .map(|s| Section {
                    level: s.level,
                    id: s.id,
                    title: s.title,
                    line: s.line,
                    state: s.state,
                    has_diagram: s.has_diagram,
                    html_end: s.html_end,
                })
                .collect(),
            tables: entry.tables,
        })
    }

    /// Keeps `rendered` under `key` with what `recording` saw it ask; a document with
    /// problems is not kept (it reports them every build).
    pub(super) fn put<R>(
        &self,
        key: &Key,
        rendered: &Rendered<Target>,
        recording: Recording<'_, R>,
        model: &Model,
    ) {
        if !rendered.problems.is_empty() {
            return;
        }
        let entry = Entry {
            html: rendered.html.packed().to_vec(),
            digest: *rendered.html.digest(),
            toc: rendered.toc.clone(),
            h1: rendered.h1.clone(),
            links: rendered
                .links
                .iter()
                .map(|l| (l.dest.clone(), l.line, l.column, Lead::of(&l.target, model)))
                .collect(),
            anchors: rendered.anchors.clone(),
            has_mermaid: rendered.has_mermaid,
            snippet_files: rendered.snippet_files.clone(),
            snippet_regions: rendered.snippet_regions.clone(),
            sections: rendered
                .sections
                .iter()
                .map(|s| KeptSection {
                    level: s.level,
                    id: s.id.clone(),
                    title: s.title.clone(),
                    line: s.line,
                    state: s.state,
                    has_diagram: s.has_diagram,
                    html_end: s.html_end,
                })
                .collect(),
            tables: rendered.tables.clone(),
            asked: recording.asked.into_inner(),
            read: recording.read.into_inner(),
        };
        // Most of an entry is the packed HTML, which does not compress again.
        if let Ok(raw) = bincode::serialize(&entry) {
            self.0.put_uncompressed(key, &raw);
        }
    }
}
