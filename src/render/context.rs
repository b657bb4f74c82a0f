//! Typed template contexts: exactly what each template may use, as plain structs.
//!
//! Templates get these instead of string-keyed JSON maps, so a theme author can read the
//! fields here (and in the docs) and a typo in Rust is a compile error. URLs in contexts are
//! relative to the site root; templates prefix them with `root`, the relative path from the
//! current page back to the root, so the site works under any prefix and from `file://`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{FrontMatter, Section};
use crate::render::markdown::TocEntry;

pub use super::adr_context::{AdrInfo, AdrLink, AdrRow, LogInfo, RelationGroup, TimelineGroup};
use super::theme::Strings;
use crate::model::completeness::Cell;

/// What every page knows about the site.
#[derive(Debug, Serialize)]
pub struct SiteContext<'a> {
    /// One version of a versioned site: pages show the version selector.
    pub versioned: bool,
    /// Site title.
    pub title: &'a str,
    /// `<html lang>` value.
    pub lang: &'static str,
    /// Public URL of the site, if configured.
    pub base_url: Option<&'a str>,
    /// Content-hashed asset paths by name (`site.assets["sadoc.css"]`).
    pub assets: &'a BTreeMap<String, String>,
    /// URL of the home page.
    pub home_url: &'a str,
    /// sadoc's version.
    pub version: &'static str,
    /// The UI strings `search.js` shows, as JSON.
    pub search_strings: String,
    /// Site path of the favicon.
    pub favicon: Option<&'a str>,
    /// Site path of the logo (`theme.logo`).
    pub logo: Option<&'a str>,
    /// The header's colours (`theme.primary`), when it has its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<HeaderColours<'a>>,
    /// Stylesheets after the theme's (`theme.extra_css`): site paths or URLs, with whether
    /// each is a URL.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra_css: Vec<(&'a str, bool)>,
    /// Scripts (`theme.extra_javascript`): site paths or URLs, with whether each is a URL.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra_javascript: Vec<(&'a str, bool)>,
    /// Whether the navigation is the one `nav:` configures (sections, external links).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub configured_nav: bool,
    /// Open Graph locale (`en_US`, `ko_KR`).
    pub locale: &'static str,
    /// Where the search index is, from the site root: `""`, or `../` for a member built into
    /// a workspace's portal (one index over every member).
    pub search_root: &'static str,
    /// The workspace's portal, for a member of one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal: Option<PortalLink<'a>>,
}

/// The header's background and text colours (CSS colours).
#[derive(Debug, Serialize)]
pub struct HeaderColours<'a> {
    /// Its background.
    pub background: &'a str,
    /// Its text and icons.
    pub foreground: &'a str,
}

/// A link from a member's pages to its workspace's portal.
#[derive(Debug, Serialize)]
pub struct PortalLink<'a> {
    /// The portal home, from the member's site root.
    pub url: &'static str,
    /// The workspace's title.
    pub title: &'a str,
}

/// A link to another page.
#[derive(Debug, Clone, Serialize)]
pub struct LinkContext<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its URL, relative to the site root.
    pub url: &'a str,
}

/// One item of the navigation, windowed around the current page.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem<'a> {
    /// Title.
    pub title: &'a str,
    /// URL, relative to the site root.
    pub url: &'a str,
    /// Whether this is the current page.
    pub active: bool,
    /// Whether the current page is inside it (or it is the current page).
    pub on_path: bool,
    /// Whether its children are listed.
    pub open: bool,
    /// Whether it is a folder.
    pub is_folder: bool,
    /// Whether it leads to another site (its URL is absolute); configured navigation only.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
    /// Whether it is a configured section without a page of its own (it leads nowhere).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub section: bool,
    /// A short label (ADR status).
    pub badge: Option<&'a str>,
    /// Listed children.
    pub children: Vec<NavItem<'a>>,
    /// How many children were left out of the listing.
    pub more: usize,
}

/// One item of a folder listing or of the home page.
#[derive(Debug, Clone, Serialize)]
pub struct ListItem<'a> {
    /// Title.
    pub title: &'a str,
    /// What the page is: `page`, `folder`, `decision-log`, `views`, `completeness`,
    /// `code-map` (a home card without pages to list says what its page is for).
    pub kind: &'static str,
    /// URL, relative to the site root.
    pub url: &'a str,
    /// Whether it is a folder.
    pub is_folder: bool,
    /// A short label (ADR status).
    pub badge: Option<&'a str>,
    /// Its own children (home page sections only).
    pub children: Vec<ListItem<'a>>,
    /// How many children were left out.
    pub more: usize,
}

/// A document's git history, as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    /// `YYYY-MM-DD` of the last commit that changed it; `None` when unknown (older than a
    /// shallow clone, or not committed yet).
    pub updated: Option<String>,
    /// Its authors, most commits first (at most five).
    pub authors: Vec<String>,
    /// How many more authors there are.
    pub more_authors: usize,
    /// Why `updated` is unknown: `shallow` (older than a shallow clone) or `uncommitted`.
    pub unknown_because: Option<&'static str>,
    /// The file's history on the repository host.
    pub history_url: Option<String>,
}

/// The page being rendered.
#[derive(Debug, Serialize)]
pub struct PageInfo<'a> {
    /// Title.
    pub title: &'a str,
    /// The page's part of the browser's title (`<title>`), before the site's name: front
    /// matter's `title:`, else the page's title; none on the home page, which the site's name
    /// alone titles (unless `nav:` puts it in a section), as in mkdocs-material.
    pub head_title: Option<&'a str>,
    /// URL, relative to the site root.
    pub url: &'a str,
    /// Kind: a document kind, or `home`, `adr-log`, `folder`.
    pub kind: &'a str,
    /// Configured folder it belongs to.
    pub section: Option<Section>,
    /// Source path, for documents.
    pub source: Option<&'a str>,
    /// Link to edit the source on the repository host.
    pub edit_url: Option<String>,
    /// Who last changed the page and when, from git (documents in a repository).
    pub changes: Option<Changes>,
    /// A short status label (ADRs).
    pub badge: Option<&'a str>,
    /// Whether the page has a Mermaid diagram.
    pub has_mermaid: bool,
    /// A one-line summary for search engines and link previews: `description:` in front
    /// matter, else the start of the text.
    pub description: Option<String>,
    /// Front matter, for documents.
    pub front: Option<&'a FrontMatter>,
    /// Who owns the document: its `owners:`, else the repository's CODEOWNERS for its file.
    pub owners: Vec<String>,
    /// The document's own leading `# heading`, as HTML (with its id and anchor link): the h1
    /// the page shows, whatever its title.
    pub heading: Option<String>,
    /// That heading's id.
    pub heading_id: Option<String>,
    /// Whether the content has an h1 further down (then the header adds none, as
    /// mkdocs-material does).
    pub has_h1: bool,
    /// Leave out the table of contents (`hide: [toc]` in front matter, as in Material).
    pub hide_toc: bool,
    /// Leave out the navigation sidebar (`hide: [navigation]`).
    pub hide_nav: bool,
    /// The ADR shown on this page, for ADR pages.
    pub adr: Option<AdrInfo<'a>>,
    /// The view shown on this page, for SAD views.
    pub view: Option<ViewInfo<'a>>,
    /// Its document's review, when it is under review.
    pub review: Option<super::review_page::ReviewInfo>,
}

/// Everything a page template gets.
#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    /// The site (always given to templates; left out of a page's key, which hashes it once
    /// for every page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<&'a SiteContext<'a>>,
    /// UI strings (always given to templates; left out of a page's key likewise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t: Option<&'a Strings>,
    /// Relative path from this page to the site root (`""`, `"../"`, …).
    pub root: String,
    /// The page.
    pub page: PageInfo<'a>,
    /// Rendered markdown (documents, the decision log's introduction).
    pub content: &'a str,
    /// Table of contents.
    pub toc: &'a [TocEntry],
    /// The navigation sidebar's list, as HTML (the markup of the built-in `nav_list` and
    /// `configured_nav_list` macros).
    pub nav_html: String,
    /// The navigation's items, for a theme that lists them its own way: given only when a
    /// template of the theme names `nav` (building them for every page costs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nav: Option<Vec<NavItem<'a>>>,
    /// Folders above the page, from the home page down.
    pub breadcrumbs: Vec<LinkContext<'a>>,
    /// Previous page in reading order.
    pub prev: Option<LinkContext<'a>>,
    /// Next page in reading order.
    pub next: Option<LinkContext<'a>>,
    /// Pages in this folder (folder pages) or top-level sections (home page).
    pub listing: Vec<ListItem<'a>>,
    /// Decisions (the decision log: all; the home page: the most recent).
    pub adrs: Vec<AdrRow<'a>>,
    /// The decision log's tags, timeline and graph (the decision log only).
    pub log: Option<LogInfo<'a>>,
    /// The SAD's views by viewtype (the views overview only).
    pub view_groups: Vec<ViewGroup<'a>>,
    /// The SAD's completeness (the completeness report only).
    pub completeness: Option<CompletenessInfo<'a>>,
    /// Governed code by folder (the code map only).
    pub code_map: Vec<CodeNode<'a>>,
    /// The Review page's documents.
    pub review: Option<super::review_page::ReviewPage<'a>>,
}

/// A code path a document governs.
#[derive(Debug, Clone, Serialize)]
pub struct CodeLink {
    /// The glob as written.
    pub pattern: String,
    /// The folder or file on the repository host, when a repository is configured.
    pub url: Option<String>,
}

/// What a view's page shows about it.
#[derive(Debug, Clone, Serialize)]
pub struct ViewInfo<'a> {
    /// The view's id.
    pub id: &'a str,
    /// `module`, `cnc` or `allocation`.
    pub viewtype: Option<&'static str>,
    /// The viewtype as shown.
    pub viewtype_label: Option<&'static str>,
    /// The viewpoint's id.
    pub viewpoint: Option<&'a str>,
    /// Whether the viewpoint is the team's own.
    pub custom_viewpoint: bool,
    /// The view this packet refines.
    pub parent: Option<LinkContext<'a>>,
    /// Packets refining this view.
    pub children: Vec<LinkContext<'a>>,
    /// Related views.
    pub related: Vec<LinkContext<'a>>,
    /// ADRs the view cites (front matter `adrs:` or links).
    pub cites: Vec<AdrLink<'a>>,
    /// ADRs whose text links to this view.
    pub cited_by: Vec<AdrLink<'a>>,
    /// Code paths the view and its elements govern.
    pub governs: Vec<CodeLink>,
}

/// One cell of the completeness matrix.
#[derive(Debug, Clone, Serialize)]
pub struct CellInfo {
    /// `done`, `not-applicable`, `unfinished`, `missing` or `not-required`.
    pub state: Cell,
    /// Where to go to fix it (relative to the site root).
    pub url: Option<String>,
}

/// One required document of the report.
#[derive(Debug, Clone, Serialize)]
pub struct KindInfo<'a> {
    /// The kind or section.
    pub label: &'a str,
    /// How it stands.
    pub state: Cell,
    /// The documents that fulfil it.
    pub docs: Vec<LinkContext<'a>>,
}

/// One view row of the report.
#[derive(Debug, Clone, Serialize)]
pub struct ViewRowInfo<'a> {
    /// The view's title.
    pub title: &'a str,
    /// Its URL.
    pub url: &'a str,
    /// Its viewpoint.
    pub viewpoint: Option<&'a str>,
    /// One cell per column.
    pub cells: Vec<CellInfo>,
}

/// The completeness report page.
#[derive(Debug, Clone, Serialize)]
pub struct CompletenessInfo<'a> {
    /// `views-and-beyond` or `arc42`.
    pub profile: &'a str,
    /// Required documents.
    pub kinds: Vec<KindInfo<'a>>,
    /// Section columns.
    pub columns: &'a [String],
    /// View rows.
    pub views: Vec<ViewRowInfo<'a>>,
    /// Number of SAD findings (see the build output or `sadoc check`).
    pub problems: usize,
    /// Number of required view sections still to write.
    pub unfinished: usize,
}

/// A view in the overview, with its packets.
#[derive(Debug, Clone, Serialize)]
pub struct ViewItem<'a> {
    /// Title.
    pub title: &'a str,
    /// URL.
    pub url: &'a str,
    /// Viewpoint id.
    pub viewpoint: Option<&'a str>,
    /// Number of declared elements.
    pub elements: usize,
    /// Packets refining it.
    pub children: Vec<ViewItem<'a>>,
}

/// Views of one viewtype.
#[derive(Debug, Clone, Serialize)]
pub struct ViewGroup<'a> {
    /// `module`, `cnc`, `allocation` or `other`.
    pub viewtype: &'static str,
    /// As shown.
    pub label: &'static str,
    /// Top-level views (not packets) of this viewtype.
    pub views: Vec<ViewItem<'a>>,
}

/// A document governing a pattern.
#[derive(Debug, Clone, Serialize)]
pub struct Governor<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its URL.
    pub url: &'a str,
    /// Its kind (`view`, `adr`, …).
    pub kind: &'static str,
    /// For an ADR: `ADR-0007`.
    pub label: Option<String>,
    /// For an ADR: its status.
    pub status: Option<&'static str>,
    /// The view element the pattern belongs to.
    pub element: Option<String>,
}

/// One governed pattern.
#[derive(Debug, Clone, Serialize)]
pub struct PatternEntry<'a> {
    /// The pattern, from the repository root.
    pub pattern: String,
    /// How the documents wrote it, where that differs (`deploy/**` in a project below the
    /// repository root).
    pub written: Vec<String>,
    /// Its folder or file on the repository host.
    pub url: Option<String>,
    /// How many files it matches.
    pub files: usize,
    /// Who governs it.
    pub governors: Vec<Governor<'a>>,
}

/// A folder of the code map.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CodeNode<'a> {
    /// The folder or file name (`""` for patterns that apply anywhere).
    pub name: String,
    /// Its path from the repository root.
    pub path: String,
    /// Whether it is a file (a pattern that names one file), not a folder.
    pub is_file: bool,
    /// Patterns whose literal part ends here.
    pub patterns: Vec<PatternEntry<'a>>,
    /// Sub-folders.
    pub children: Vec<CodeNode<'a>>,
}

/// A view's element catalog, from its front matter's `elements:` and `relations:`: what the
/// `catalog.html` template shows right after the view's "Element Catalog" heading.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogInfo<'a> {
    /// The elements, as declared.
    pub elements: Vec<ElementInfo<'a>>,
    /// The relations, as declared.
    pub relations: Vec<RelationInfo<'a>>,
}

/// One element of a catalog.
#[derive(Debug, Clone, Serialize)]
pub struct ElementInfo<'a> {
    /// Its anchor is `element-<slug>`.
    pub slug: String,
    /// Its name (its id when it has none).
    pub name: String,
    /// Its id, when it has a name too (shown beside it).
    pub id: Option<String>,
    /// Its type.
    pub kind: &'a str,
    /// Its responsibility.
    pub responsibility: &'a str,
    /// The code it governs.
    pub code: Vec<CodeLink>,
    /// The decisions that govern its code.
    pub decisions: Vec<LinkContext<'a>>,
}

/// One relation of a catalog.
#[derive(Debug, Clone, Serialize)]
pub struct RelationInfo<'a> {
    /// Where it starts.
    pub from: ElementRef,
    /// Its type.
    pub kind: &'a str,
    /// Where it ends.
    pub to: ElementRef,
}

/// An end of a relation: the element's name, and its anchor's slug when the view declares it.
#[derive(Debug, Clone, Serialize)]
pub struct ElementRef {
    /// The element's name, or the id as written when no element has it.
    pub name: String,
    /// The slug of the element's anchor, when the view declares it.
    pub slug: Option<String>,
}

/// One `mapping:` table of a mapping document: what the `mapping.html` template shows before
/// the document's text.
#[derive(Debug, Clone, Serialize)]
pub struct MappingInfo<'a> {
    /// The column headers: the views mapped.
    pub views: Vec<MappingView<'a>>,
    /// The rows, a cell per view.
    pub rows: Vec<&'a [String]>,
}

/// A column of a mapping table.
#[derive(Debug, Clone, Serialize)]
pub struct MappingView<'a> {
    /// The view as named in the front matter.
    pub name: &'a str,
    /// The view it names, when there is one.
    pub link: Option<LinkContext<'a>>,
}

/// What the `catalog.html` and `mapping.html` templates get.
#[derive(Debug, Clone, Serialize)]
pub struct PartialContext<'a, T: Serialize> {
    /// The UI strings.
    pub t: &'a Strings,
    /// The path from the page to the site root (`../` or empty).
    pub root: &'a str,
    /// The catalog or the mapping tables.
    pub data: T,
}
