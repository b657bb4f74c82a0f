//! The model: every document of a project as plain data, with no I/O.
//!
//! Loading (`crate::load`) builds a [`Model`] once; checking and rendering only read it.
//! Documents are the SAD's pages and views, the ADRs and any other page; each knows where it
//! came from (`source`, relative to the project root) and where it goes in the site (`page`).

pub mod adr_templates;
pub mod completeness;
pub mod decision;
pub mod front;
pub mod glossary;
pub mod governance;
pub mod layout;
pub mod nav;
pub mod outline;
pub mod owners;
pub mod review;
pub mod sad;
pub mod view_graph;
pub mod viewpoint;
pub mod workspace;

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

pub use front::{Element, FrontMatter, MappingTable, Relation};
pub use layout::{Layout, Section, SitePage};

/// What a document is, per DESIGN §3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    /// The SAD's documentation roadmap (its `index.md`).
    Roadmap,
    /// Architecture background / system overview.
    Overview,
    /// A view.
    View,
    /// A view packet (a part of a view).
    Packet,
    /// Mapping between views.
    Mapping,
    /// Rationale.
    Rationale,
    /// Glossary and acronyms.
    Glossary,
    /// Any other page of the SAD.
    SadPage,
    /// An architecture decision record.
    Adr,
    /// The introduction of the decision log (the ADR folder's `index.md` or `README.md`).
    AdrIndex,
    /// A template for new ADRs kept in the ADR folder (`template.md`, `0000-template.md`).
    Template,
    /// Any other page.
    Page,
}

impl DocKind {
    /// Parses a front-matter `kind:` value.
    pub fn parse(s: &str) -> Option<DocKind> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "roadmap" => DocKind::Roadmap,
            "overview" | "background" => DocKind::Overview,
            "view" => DocKind::View,
            "packet" | "view-packet" => DocKind::Packet,
            "mapping" => DocKind::Mapping,
            "rationale" => DocKind::Rationale,
            "glossary" | "directory" => DocKind::Glossary,
            "sad" | "sad-page" => DocKind::SadPage,
            "adr" | "decision" => DocKind::Adr,
            "page" => DocKind::Page,
            _ => return None,
        })
    }

    /// The kinds a front matter `kind:` may name, for messages.
    pub const NAMES: &'static str =
        "roadmap, overview, view, packet, mapping, rationale, glossary, sad-page, adr, page";

    /// The identifier used in templates and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Roadmap => "roadmap",
            DocKind::Overview => "overview",
            DocKind::View => "view",
            DocKind::Packet => "packet",
            DocKind::Mapping => "mapping",
            DocKind::Rationale => "rationale",
            DocKind::Glossary => "glossary",
            DocKind::SadPage => "sad-page",
            DocKind::Adr => "adr",
            DocKind::AdrIndex => "adr-index",
            DocKind::Template => "adr-template",
            DocKind::Page => "page",
        }
    }

    /// Position in the SAD's reading order (roadmap first, glossary last).
    pub fn sad_rank(self) -> u8 {
        match self {
            DocKind::Roadmap => 0,
            DocKind::Overview => 1,
            DocKind::View | DocKind::Packet => 2,
            DocKind::Mapping => 3,
            DocKind::Rationale => 4,
            DocKind::Glossary => 5,
            _ => 6,
        }
    }
}

/// One markdown document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Source path relative to the project root, `/`-separated.
    pub source: String,
    /// Where it is published.
    pub page: SitePage,
    /// Whether it is its folder's index page (`index.md`, or `README.md` without one).
    pub is_index: bool,
    /// Which configured folder it belongs to.
    pub section: Section,
    /// What it is.
    pub kind: DocKind,
    /// Its front matter (default when it has none).
    pub front: FrontMatter,
    /// The markdown after the front matter: no BOM, `\n` line endings.
    pub body: String,
    /// The 1-based line of the source file on which `body` starts.
    pub body_line: u32,
}

/// What a model is built from (see [`Model::into_parts`]).
#[derive(Debug)]
pub struct Parts {
    /// Each document with its ADR data.
    pub docs: Vec<(Doc, Option<decision::Adr>)>,
    /// The other files found.
    pub files: BTreeSet<String>,
    /// The folders found.
    pub dirs: BTreeSet<String>,
}

/// Every document of a project and the other files beside them.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// All documents, sorted by source path.
    pub docs: Vec<Doc>,
    /// The ADRs among them, in log order, with their relations.
    pub adrs: decision::AdrLog,
    /// The SAD's views, their viewpoints and references (set by the loader).
    pub sad: sad::Sad,
    /// Which documents govern which code (set by the loader).
    pub governance: governance::Governance,
    /// The repository's CODEOWNERS (set by the loader; empty when there is none).
    pub owners: owners::CodeOwners,
    /// Owners per folder from `sadoc.yml`'s `owners:` (project paths; set by the loader).
    pub folder_owners: owners::FolderOwners,
    /// Every other file found in the configured folders (images, PDFs, …), by source path.
    pub files: BTreeSet<String>,
    /// Every folder found in the configured folders, by source path.
    pub dirs: BTreeSet<String>,
    by_source: HashMap<String, usize>,
}

impl Model {
    /// Who owns document `doc`: its front matter's `owners:`, else its folder's in
    /// `sadoc.yml`, else the repository's CODEOWNERS for its file.
    pub fn owners_of_doc(&self, doc: usize) -> Vec<String> {
        let d = &self.docs[doc];
        if !d.front.owners.is_empty() {
            return d.front.owners.clone();
        }
        if let Some(owners) = crate::util::paths::by_folder(&self.folder_owners, &d.source) {
            return owners.0.clone();
        }
        self.owners.of(&crate::util::paths::to_repo(
            &self.governance.prefix,
            &d.source,
        ))
    }

    /// Builds the model from documents (each with its ADR data, if it is one) and the other
    /// files found beside them.
    pub fn new(
        mut docs: Vec<(Doc, Option<decision::Adr>)>,
        files: BTreeSet<String>,
        dirs: BTreeSet<String>,
    ) -> Model {
        docs.sort_by(|a, b| a.0.source.cmp(&b.0.source));
        let mut adrs = Vec::new();
        let mut sources = HashMap::new();
        let docs: Vec<Doc> = docs
            .into_iter()
            .enumerate()
            .map(|(i, (doc, adr))| {
                if let Some(mut adr) = adr {
                    adr.doc = i;
                    sources.insert(i, doc.source.clone());
                    adrs.push(adr);
                }
                doc
            })
            .collect();
        let by_source = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.source.clone(), i))
            .collect();
        Model {
            adrs: decision::AdrLog::new(adrs, &sources),
            sad: sad::Sad::default(),
            governance: governance::Governance::default(),
            owners: owners::CodeOwners::default(),
            folder_owners: Default::default(),
            docs,
            files,
            dirs,
            by_source,
        }
    }

    /// Takes the documents (each with its ADR data, relations cleared) and the other files and
    /// folders back out, to build the model again after documents changed.
    pub fn into_parts(self) -> Parts {
        let mut adrs: HashMap<usize, decision::Adr> = self
            .adrs
            .adrs
            .into_iter()
            .map(|mut a| {
                a.relations.clear();
                (a.doc, a)
            })
            .collect();
        let docs = self
            .docs
            .into_iter()
            .enumerate()
            .map(|(i, d)| (d, adrs.remove(&i)))
            .collect();
        Parts {
            docs,
            files: self.files,
            dirs: self.dirs,
        }
    }

    /// The ADR data of a document, if it is an ADR.
    pub fn adr_of(&self, doc: usize) -> Option<&decision::Adr> {
        self.adrs.of_doc(doc).map(|i| &self.adrs.adrs[i])
    }

    /// A document's title for messages: the ADR's title, else `title:` in its front matter,
    /// else its first `# heading` (`h1`, as its markdown rendered it), else its humanized
    /// file name.
    pub fn title(&self, doc: usize, h1: Option<&str>) -> String {
        if let Some(adr) = self.adr_of(doc) {
            return adr.title.clone();
        }
        let d = &self.docs[doc];
        d.front
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| h1.map(str::to_string))
            .unwrap_or_else(|| crate::util::paths::humanize(crate::util::paths::stem(&d.source)))
    }

    /// Source paths of the ADRs' documents, by document index.
    pub fn adr_sources(&self) -> HashMap<usize, String> {
        self.adrs
            .adrs
            .iter()
            .map(|a| (a.doc, self.docs[a.doc].source.clone()))
            .collect()
    }

    /// The index of the document loaded from `source`.
    pub fn doc_index(&self, source: &str) -> Option<usize> {
        self.by_source.get(source).copied()
    }

    /// The document loaded from `source`.
    pub fn doc(&self, source: &str) -> Option<&Doc> {
        self.doc_index(source).map(|i| &self.docs[i])
    }
}
