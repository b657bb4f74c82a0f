//! Rendering: from the model and the rendered markdown to every file of the site, in memory.
//!
//! Each page is rendered independently and in parallel with a typed context
//! ([`context::PageContext`]); navigation, breadcrumbs and neighbours come from the
//! [`tree::Tree`] built once. Theme assets are added under content-hashed names and files that
//! pages reference are scheduled for copying. Template failures become diagnostics.

pub mod code_map;
pub mod context;
pub mod decisions;
pub mod markdown;
pub mod nav;
pub mod sad_pages;
pub mod search;
pub mod site;
pub mod theme;
pub mod tree;

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::load::project::Project;
use crate::model::{DocKind, Layout, Model};
use crate::render::markdown::resolve::Target;
use crate::render::markdown::{Rendered, TocEntry};
use crate::render::site::Site;
use crate::util::diag::Diagnostic;
use crate::util::paths;

use context::{PageContext, PageInfo, SiteContext};
use decisions::Decisions;
use sad_pages::SadPages;
use theme::Theme;
use tree::{Labels, Source, Tree};

/// What rendering needs.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The project.
    pub project: &'a Project,
    /// Its documents.
    pub model: &'a Model,
    /// Where things go.
    pub layout: &'a Layout,
    /// The rendered markdown of each document, aligned with `model.docs`.
    pub rendered: &'a [Rendered<Target>],
    /// The theme.
    pub theme: &'a Theme,
    /// The SAD's completeness, for its report page.
    pub completeness: &'a crate::model::completeness::Completeness,
    /// Links to code on the repository host.
    pub permalinks: &'a crate::load::permalink::Permalinks,
    /// The project's files, for the code map.
    pub code_files: &'a crate::load::code::CodeFiles,
    /// Who changed each document and when.
    pub history: &'a crate::load::history::History,
}

/// Feeds serialised bytes to a hasher.
struct HashWriter(std::hash::DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(&mut self.0, buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How many recent decisions the generated home page shows.
const RECENT_DECISIONS: usize = 8;
/// How many pages of each section the generated home page lists.
const HOME_SECTION_ITEMS: usize = 8;

/// The site tree of a build: every page, its title and place. Pages are rendered against it.
pub fn tree(inputs: &Inputs<'_>) -> Tree {
    let strings = &inputs.theme.strings;
    Tree::build(
        inputs.model,
        inputs.layout,
        inputs.rendered,
        Labels {
            code_map: &strings.code_map,
            views: &strings.views,
            completeness: &strings.completeness,
            site_title: &inputs.project.config.title,
            architecture: &strings.architecture,
            decision_log: &strings.decision_log,
        },
    )
}

/// Renders every page of `tree` into `site` (empty, in memory or staged: each page is stored
/// as soon as it is rendered, so a staged site never holds them all), adds the assets and the
/// files pages link to; returns the site and the template problems.
pub fn render_site(inputs: &Inputs<'_>, tree: &Tree, mut site: Site) -> (Site, Vec<Diagnostic>) {
    let Inputs {
        project,
        layout,
        rendered,
        theme,
        ..
    } = *inputs;
    let (pages, mut problems) = render_pages_into(inputs, tree, &|_| true, &|file, html| {
        let content = site.store(&file, html.into_bytes());
        (file, content)
    });
    for doc in rendered {
        for link in &doc.links {
            if let Target::File { source } = &link.target {
                site.copy(layout.site_path(source), project.path(source));
            }
        }
    }
    let has_diagrams = rendered.iter().any(|r| r.has_mermaid);
    for asset in &theme.assets {
        if !has_diagrams && theme::is_diagram_asset(&asset.name) {
            continue;
        }
        site.insert(asset.path.clone(), asset.bytes.clone());
    }
    for (file, content) in pages {
        site.put(file, content);
    }
    let assets = theme.asset_paths();
    let site_ctx = site_context(inputs, tree, &assets);
    match not_found_page(inputs, &site_ctx) {
        Ok(html) => site.insert("404.html", html),
        Err(d) => problems.push(d),
    }
    if let Some(base) = &project.config.base_url {
        site.insert("sitemap.xml", sitemap(base, tree));
    }
    dedup_template_errors(&mut problems);
    (site, problems)
}

/// Puts `index` into `site` in place of the previous search index.
pub fn install_search_index(site: &mut Site, index: crate::render::search::Index) {
    let stale: Vec<String> = site
        .paths()
        .filter(|p| p.starts_with("search/"))
        .map(str::to_string)
        .collect();
    for path in stale {
        site.remove(&path);
    }
    for (path, content) in index.files {
        site.put(path, content);
    }
}

/// The search index of the site's documents, its files stored with `storage` as they are
/// made (see [`Site::storage`]).
pub fn search_index(
    inputs: &Inputs<'_>,
    tree: &Tree,
    storage: &crate::render::site::Storage,
) -> crate::render::search::Index {
    crate::render::search::build_into(&search_pages(inputs, tree), &|path, script| {
        storage.store(path, script.into_bytes())
    })
}

/// The pages search indexes: every document (generated listings are not indexed: they only
/// repeat titles).
pub fn search_pages<'a>(inputs: &Inputs<'a>, tree: &Tree) -> Vec<crate::render::search::Page<'a>> {
    let model = inputs.model;
    tree.entries
        .iter()
        .filter_map(|entry| {
            let (Source::Doc(d) | Source::AdrLog { intro: Some(d) }) = entry.source else {
                return None;
            };
            let doc = &model.docs[d];
            let adr = model.adr_of(d);
            let kind = match doc.kind {
                DocKind::Template => return None,
                DocKind::View | DocKind::Packet => "view",
                DocKind::Adr => "adr",
                DocKind::Page | DocKind::AdrIndex => "page",
                _ => "sad",
            };
            Some(crate::render::search::Page {
                url: entry.page.url.clone(),
                title: match adr {
                    Some(adr)
                        if adr.id.number.is_some() && matches!(entry.source, Source::Doc(_)) =>
                    {
                        format!("{}: {}", adr.id.label(), entry.title)
                    }
                    _ => entry.title.clone(),
                },
                kind,
                status: adr.map(|a| a.status.as_str().to_string()),
                html: Cow::Borrowed(&inputs.rendered[d].html),
            })
        })
        .collect()
}

fn site_context<'a>(
    inputs: &Inputs<'a>,
    tree: &'a Tree,
    assets: &'a BTreeMap<String, String>,
) -> SiteContext<'a> {
    let config = &inputs.project.config;
    SiteContext {
        title: &config.title,
        lang: config.lang.tag(),
        base_url: config.base_url.as_deref(),
        assets,
        home_url: &tree.entries[tree.root].page.url,
        version: env!("CARGO_PKG_VERSION"),
        search_strings: inputs.theme.strings.search_json(),
        favicon: named_asset(assets, "site-favicon.").or_else(|| named_asset(assets, "favicon.")),
        logo: named_asset(assets, "logo."),
        locale: config.lang.locale(),
    }
}

/// The site path of the asset whose name starts with `stem` (`logo.` finds `logo.svg`).
fn named_asset<'a>(assets: &'a BTreeMap<String, String>, stem: &str) -> Option<&'a str> {
    assets
        .iter()
        .find(|(name, _)| name.starts_with(stem))
        .map(|(_, path)| path.as_str())
}

/// How many characters of a page's text make its description.
const DESCRIPTION_CHARS: usize = 160;

/// A document's summary: `description:` in its front matter, else its text after the title,
/// cut at a word near 160 characters. `html` is the document's, unpacked.
fn description(
    model: &Model,
    rendered: &[Rendered<Target>],
    d: usize,
    html: &str,
) -> Option<String> {
    if let Some(serde_json::Value::String(text)) = model.docs[d].front.meta.get("description") {
        return Some(text.trim().to_string()).filter(|t| !t.is_empty());
    }
    // Four bytes a character at most: enough text for the description, read no further.
    let text = crate::render::search::extract::extract_up_to(html, DESCRIPTION_CHARS * 4 + 64);
    let mut body = text.body.as_str();
    if let Some(h1) = &rendered[d].h1 {
        body = body.strip_prefix(h1.as_str()).unwrap_or(body).trim_start();
    }
    if body.is_empty() {
        return None;
    }
    let cut = body.char_indices().nth(DESCRIPTION_CHARS).map(|(i, _)| i);
    Some(match cut {
        None => body.to_string(),
        Some(i) => {
            let end = body[..i].rfind(' ').filter(|&s| s > i / 2).unwrap_or(i);
            format!("{}…", body[..end].trim_end())
        }
    })
}

/// A fingerprint of the pages of `tree` that `which` selects, by site file: a hash of what the
/// page shows except its document's content.
pub fn fingerprints(
    inputs: &Inputs<'_>,
    tree: &Tree,
    which: &(dyn Fn(usize) -> bool + Sync),
) -> BTreeMap<String, u64> {
    with_pages(inputs, tree, |pages| {
        (0..tree.entries.len())
            .into_par_iter()
            .filter(|&i| which(i))
            .map(|i| (tree.entries[i].page.file.clone(), pages.fingerprint(i)))
            .collect()
    })
}

/// Renders the pages of `tree` that `which` selects (by entry index), in parallel: their site
/// files and HTML, and the template problems.
pub fn render_pages(
    inputs: &Inputs<'_>,
    tree: &Tree,
    which: &(dyn Fn(usize) -> bool + Sync),
) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    render_pages_into(inputs, tree, which, &|file, html| (file, html))
}

/// [`render_pages`], handing each page's site file and HTML to `keep` as soon as it is
/// rendered (on the rendering thread) and returning what `keep` returns.
fn render_pages_into<T: Send>(
    inputs: &Inputs<'_>,
    tree: &Tree,
    which: &(dyn Fn(usize) -> bool + Sync),
    keep: &(dyn Fn(String, String) -> T + Sync),
) -> (Vec<T>, Vec<Diagnostic>) {
    with_pages(inputs, tree, |renderer| {
        let results: Vec<Result<T, Diagnostic>> = (0..tree.entries.len())
            .into_par_iter()
            .filter(|&i| which(i))
            .map(|i| renderer.render(i).map(|(file, html)| keep(file, html)))
            .collect();
        let mut pages = Vec::with_capacity(results.len());
        let mut problems = renderer.take_problems();
        for result in results {
            match result {
                Ok(page) => pages.push(page),
                Err(d) => problems.push(d),
            }
        }
        (pages, problems)
    })
}

/// Runs `f` with what the pages of one build share.
fn with_pages<R>(inputs: &Inputs<'_>, tree: &Tree, f: impl FnOnce(&Pages<'_>) -> R) -> R {
    let assets = inputs.theme.asset_paths();
    let site_ctx = site_context(inputs, tree, &assets);
    let decisions = Decisions::new(inputs.model, tree, inputs.rendered);
    let sad = SadPages::new(
        inputs.model,
        tree,
        inputs.rendered,
        inputs.completeness,
        inputs.permalinks,
    );
    f(&Pages {
        inputs,
        tree,
        site: &site_ctx,
        decisions: &decisions,
        sad: &sad,
        problems: std::sync::Mutex::new(Vec::new()),
    })
}

/// Everything shared by the pages of one build.
struct Pages<'a> {
    inputs: &'a Inputs<'a>,
    tree: &'a Tree,
    site: &'a SiteContext<'a>,
    decisions: &'a Decisions<'a>,
    sad: &'a SadPages<'a>,
    /// Problems of the partial templates pages include (their pages render without them).
    problems: std::sync::Mutex<Vec<Diagnostic>>,
}

impl Pages<'_> {
    /// The problems the partial templates had so far.
    fn take_problems(&self) -> Vec<Diagnostic> {
        let mut problems = self
            .problems
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        std::mem::take(&mut *problems)
    }

    /// Renders the partial `template` (`catalog.html`, `mapping.html`) with `data`, for the
    /// page of document `doc`; a template that fails is reported and leaves nothing.
    fn partial(
        &self,
        template: &'static str,
        doc: usize,
        root: &str,
        data: impl serde::Serialize,
    ) -> String {
        let theme = self.inputs.theme;
        let context = context::PartialContext {
            t: &theme.strings,
            root,
            data,
        };
        theme.render(template, &context).unwrap_or_else(|message| {
            let d = Diagnostic::error(
                "render/template",
                self.inputs.model.docs[doc].source.clone(),
                format!("template `{template}` failed: {message}"),
            )
            .with_help("fix the template in theme.dir, or remove it to use the built-in one");
            self.problems
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(d);
            String::new()
        })
    }

    /// Renders page `i` with its template.
    fn render(&self, i: usize) -> Result<(String, String), Diagnostic> {
        let entry = &self.tree.entries[i];
        self.with_context(i, true, |template, context| {
            self.inputs
                .theme
                .render(template, context)
                .map(|html| (entry.page.file.clone(), html))
                .map_err(|message| {
                    let path = match entry.source {
                        Source::Doc(d) | Source::AdrLog { intro: Some(d) } => {
                            self.inputs.model.docs[d].source.clone()
                        }
                        _ => entry.page.file.clone(),
                    };
                    Diagnostic::error(
                        "render/template",
                        path,
                        format!("template `{template}` failed: {message}"),
                    )
                    .with_help(
                        "fix the template in theme.dir, or remove it to use the built-in one",
                    )
                })
        })
    }

    /// A hash of everything page `i` shows except its document's content: when it is the
    /// same after an edit, and the content did not change, the page need not be rendered.
    fn fingerprint(&self, i: usize) -> u64 {
        self.with_context(i, false, |template, context| {
            let mut hasher = HashWriter(std::hash::DefaultHasher::new());
            std::hash::Hash::hash(template, &mut hasher.0);
            // Serialising into a hasher cannot fail; a context that could not be serialised
            // would fail to render too.
            let _ = serde_json::to_writer(&mut hasher, context);
            std::hash::Hasher::finish(&hasher.0)
        })
    }

    /// Builds the context of page `i` (with its document's content, or an empty one) and hands
    /// it with the template's name to `f`.
    fn with_context<R>(
        &self,
        i: usize,
        with_content: bool,
        f: impl FnOnce(&'static str, &PageContext<'_>) -> R,
    ) -> R {
        let Inputs {
            model,
            rendered,
            theme,
            ..
        } = *self.inputs;
        let (tree, decisions) = (self.tree, self.decisions);
        let entry = &tree.entries[i];
        let (template, kind, doc) = match entry.source {
            Source::Doc(d) => ("page.html", model.docs[d].kind.as_str(), Some(d)),
            Source::AdrLog { intro } => ("adr_log.html", "adr-log", intro),
            Source::Home => ("home.html", "home", None),
            Source::Folder => ("folder.html", "folder", None),
            Source::ViewsOverview => ("views.html", "views", None),
            Source::Completeness => ("completeness.html", "completeness", None),
            Source::CodeMap => ("code.html", "code-map", None),
        };
        let html = doc
            .filter(|_| with_content)
            .map(|d| rendered[d].html.unpack());
        let content = match (doc, &html) {
            (Some(d), Some(html)) => self.content(d, html, &entry.page.file),
            _ => Cow::Borrowed(""),
        };
        let toc: &[TocEntry] = match entry.source {
            Source::Doc(d) => &rendered[d].toc,
            _ => &[],
        };
        let doc_ref = doc.map(|d| &model.docs[d]);
        let view = match entry.source {
            Source::Doc(d) => model
                .sad
                .view_of(d)
                .map(|v| self.sad.view_info(v, decisions)),
            _ => None,
        };
        let (prev, next) = tree.neighbours(i);
        let context = PageContext {
            site: self.site,
            t: &theme.strings,
            root: paths::root_prefix(&entry.page.file),
            page: PageInfo {
                title: &entry.title,
                url: &entry.page.url,
                kind,
                section: entry.section,
                source: doc_ref.map(|d| d.source.as_str()),
                edit_url: doc_ref.and_then(|d| self.inputs.permalinks.edit(&d.source)),
                changes: doc_ref.and_then(|d| self.changes(&d.source)),
                badge: entry.badge.as_deref(),
                has_mermaid: doc.is_some_and(|d| rendered[d].has_mermaid),
                description: doc
                    .zip(html.as_deref())
                    .and_then(|(d, html)| description(model, rendered, d, html)),
                front: doc_ref.map(|d| &d.front),
                adr: match entry.source {
                    Source::Doc(d) => model.adrs.of_doc(d).map(|a| {
                        let mut info = decisions.info(a);
                        info.governs = self.sad.governs(d);
                        info
                    }),
                    _ => None,
                },
                view,
            },
            content: &content,
            toc,
            nav: nav::nav(tree, i),
            breadcrumbs: nav::breadcrumbs(tree, i),
            prev: prev.map(|p| nav::link(tree, p)),
            next: next.map(|n| nav::link(tree, n)),
            listing: match entry.source {
                Source::Folder => nav::listing(tree, i),
                Source::Home => nav::sections(tree, HOME_SECTION_ITEMS),
                _ => Vec::new(),
            },
            adrs: match entry.source {
                Source::AdrLog { .. } => decisions.rows.clone(),
                Source::Home => decisions
                    .rows
                    .iter()
                    .rev()
                    .take(RECENT_DECISIONS)
                    .cloned()
                    .collect(),
                _ => Vec::new(),
            },
            log: matches!(entry.source, Source::AdrLog { .. })
                .then(|| decisions.log_info(&entry.page.file)),
            view_groups: match entry.source {
                Source::ViewsOverview => self.sad.overview(),
                _ => Vec::new(),
            },
            completeness: matches!(entry.source, Source::Completeness)
                .then(|| self.sad.completeness()),
            code_map: match entry.source {
                Source::CodeMap => {
                    code_map::code_map(model, tree, self.inputs.code_files, self.inputs.permalinks)
                }
                _ => Vec::new(),
            },
        };
        f(template, &context)
    }

    /// What the page says about who changed its document and when.
    fn changes(&self, source: &str) -> Option<context::Changes> {
        const SHOWN: usize = 5;
        let history = self.inputs.history;
        if !history.is_known() {
            return None;
        }
        let file = history.of(source);
        let authors = file.map(|f| f.authors.as_slice()).unwrap_or_default();
        let updated = file.and_then(|f| f.updated).map(|d| d.to_string());
        let unknown_because = match (&updated, &history.shallow_boundary) {
            (Some(_), _) => None,
            (None, Some(_)) => Some("shallow"),
            (None, None) => Some("uncommitted"),
        };
        Some(context::Changes {
            updated,
            unknown_because,
            authors: authors.iter().take(SHOWN).cloned().collect(),
            more_authors: authors.len().saturating_sub(SHOWN),
            history_url: self.inputs.permalinks.history(source),
        })
    }

    /// A document's HTML as the page shows it: without its leading `<h1>` (the template shows
    /// the title), with a view's element catalog, glossary anchors or links to glossary terms.
    /// `html` is the document's, unpacked.
    fn content<'h>(&self, doc: usize, html: &'h str, page_file: &str) -> Cow<'h, str> {
        let Inputs {
            model,
            rendered,
            theme,
            ..
        } = *self.inputs;
        let root = paths::root_prefix(page_file);
        let mut html = Cow::Borrowed(html);
        if let Some(v) = model.sad.view_of(doc)
            && let Some(catalog) = self.sad.catalog(v)
        {
            let catalog = self.partial("catalog.html", doc, &root, catalog);
            html = Cow::Owned(insert_catalog(
                &html,
                &rendered[doc].sections,
                &catalog,
                &theme.strings,
            ));
        }
        let mut html = match html {
            Cow::Borrowed(h) => Cow::Borrowed(without_leading_h1(h)),
            Cow::Owned(h) => Cow::Owned(without_leading_h1(&h).to_string()),
        };
        let tables = self.sad.mapping_tables(doc);
        if !tables.is_empty() {
            let tables = self.partial("mapping.html", doc, &root, tables);
            html = Cow::Owned(format!("{tables}{html}"));
        }
        if let Some(anchored) = self.sad.anchor_terms(doc, &html) {
            html = Cow::Owned(anchored);
        }
        if let Some(linked) = self.sad.link_terms(doc, page_file, &html) {
            html = Cow::Owned(linked);
        }
        html
    }
}

/// Puts the generated element catalog right after the page's "Element Catalog" heading (where
/// the markdown stage saw it end), or in a new section at the end when it has none.
fn insert_catalog(
    html: &str,
    sections: &[crate::model::outline::Section],
    catalog: &str,
    strings: &theme::Strings,
) -> String {
    let end = sections
        .iter()
        .filter(|s| s.level >= 2)
        .find(|s| crate::model::completeness::section_key(&s.title) == "element catalog")
        .and_then(|s| s.html_end)
        .filter(|&end| html.is_char_boundary(end));
    match end {
        Some(end) => format!("{}{catalog}{}", &html[..end], &html[end..]),
        None => {
            let title = crate::util::escape_html(&strings.elements);
            format!("{html}<h2 id=\"element-catalog\">{title}</h2>\n{catalog}")
        }
    }
}

/// The page content without its first `<h1>` when the content starts with it: the template
/// shows the title itself, with the page's metadata under it.
fn without_leading_h1(html: &str) -> &str {
    let trimmed = html.trim_start();
    if trimmed.starts_with("<h1")
        && let Some(end) = trimmed.find("</h1>")
    {
        return trimmed[end + 5..].trim_start_matches('\n');
    }
    html
}

fn not_found_page(inputs: &Inputs<'_>, site_ctx: &SiteContext<'_>) -> Result<String, Diagnostic> {
    #[derive(serde::Serialize)]
    struct NotFound<'a> {
        site: &'a SiteContext<'a>,
        t: &'a theme::Strings,
        inline_css: String,
        home: String,
    }
    let theme = inputs.theme;
    let inline_css = theme
        .assets
        .iter()
        .find(|a| a.name == "sadoc.css")
        .map(|a| String::from_utf8_lossy(&a.bytes).into_owned())
        .unwrap_or_default();
    let home = inputs
        .project
        .config
        .base_url
        .clone()
        .unwrap_or_else(|| "/".to_string());
    theme
        .render(
            "404.html",
            &NotFound {
                site: site_ctx,
                t: &theme.strings,
                inline_css,
                home,
            },
        )
        .map_err(|m| {
            Diagnostic::error(
                "render/template",
                "404.html",
                format!("template `404.html` failed: {m}"),
            )
        })
}

fn sitemap(base: &str, tree: &Tree) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut urls: Vec<&str> = tree.entries.iter().map(|e| e.page.url.as_str()).collect();
    urls.sort_unstable();
    for url in urls {
        let url = if url == "./" { "" } else { url };
        xml.push_str("  <url><loc>");
        xml.push_str(&crate::util::escape_html(&format!("{base}{url}")));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A broken template fails every page the same way; report it once.
fn dedup_template_errors(problems: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    problems.retain(|d| {
        let count = seen.entry(d.message.clone()).or_insert(0);
        *count += 1;
        *count == 1
    });
}
