//! Rendering: from the model and the rendered markdown to every file of the site, in memory.
//!
//! Each page is rendered independently and in parallel with a typed context
//! ([`context::PageContext`]); navigation, breadcrumbs and neighbours come from the
//! [`tree::Tree`] built once. Theme assets are added under content-hashed names and files that
//! pages reference are scheduled for copying. Template failures become diagnostics.

pub mod adr_context;
pub mod adr_tools;
pub mod code_map;
pub mod configured_nav;
pub mod context;
pub mod decisions;
pub mod markdown;
pub mod model_export;
pub mod nav;
pub mod nav_html;
pub mod page_memo;
mod pages;
pub mod portal;
pub mod review_page;
pub mod sad_pages;
pub mod search;
pub mod site;
pub mod status_timeline;
pub mod theme;
pub mod tree;
pub mod view_diagram;

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::load::project::Project;
use crate::model::{DocKind, Layout, Model};
use crate::render::markdown::Rendered;
use crate::render::markdown::resolve::Target;
use crate::render::site::Site;
use crate::util::diag::Diagnostic;
use crate::util::paths;

use context::SiteContext;
use decisions::Decisions;
use pages::Pages;
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
    /// How each decision's status changed, aligned with the decision log.
    pub status_history: &'a [Vec<crate::load::status_history::StatusChange>],
    /// Which documents are due for review.
    pub reviews: &'a crate::model::review::Reviews,
    /// Pages rendered by earlier builds, kept between builds.
    pub page_memo: Option<&'a page_memo::PageMemo>,
}

/// The site tree of a build: every page, its title and place. Pages are rendered against it.
pub fn tree(inputs: &Inputs<'_>) -> Tree {
    let strings = &inputs.theme.strings;
    let mut tree = Tree::build(
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
            review: (!inputs.reviews.docs.is_empty()).then_some(strings.review.as_str()),
        },
    );
    if let Some(nav) = inputs.project.config.nav.as_deref() {
        let configured = configured_nav::configure(&tree, inputs.model, nav);
        for (entry, title) in &configured.titles {
            // The SAD's roadmap stays "Architecture" in listings; its page takes the title.
            let entry = &mut tree.entries[*entry];
            if entry.label == entry.title {
                entry.label.clone_from(title);
            }
            entry.title.clone_from(title);
        }
        tree.configured = Some(configured);
    }
    tree
}

/// How much of each page [`render_site`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageOutput {
    /// Every page through the theme's templates, as the site shows it.
    Html,
    /// Only each page's file name, empty: for runs that read which files the site has (to
    /// check links) and never show a page (`sadoc check`).
    Names,
}

/// Renders every page of `tree` into `site` (empty, in memory or staged: each page is stored
/// as soon as it is rendered, so a staged site never holds them all), adds the assets and the
/// files pages link to; returns the site and the template problems.
pub fn render_site(
    inputs: &Inputs<'_>,
    tree: &Tree,
    mut site: Site,
    output: PageOutput,
) -> (Site, Vec<Diagnostic>) {
    let Inputs {
        project,
        layout,
        rendered,
        theme,
        ..
    } = *inputs;
    let storage = site.storage();
    let (pages, mut problems) = match output {
        PageOutput::Html => render_pages_into(inputs, tree, &|_| true, &|file, html| {
            let content = storage.store(&file, html.into_bytes());
            (file, content)
        }),
        PageOutput::Names => (
            tree.entries
                .iter()
                .map(|entry| {
                    let file = entry.page.file.clone();
                    (file.clone(), storage.store(&file, Vec::new()))
                })
                .collect(),
            Vec::new(),
        ),
    };
    for doc in rendered {
        for link in &doc.links {
            if let Target::File { source } = &link.target {
                site.copy(layout.site_path(source), project.path(source));
            }
        }
    }
    let config = &project.config;
    if config.docs.copy_unlinked {
        for file in inputs
            .model
            .files
            .iter()
            .filter(|f| paths::is_within(f, &config.docs.dir))
        {
            site.copy(layout.site_path(file), project.path(file));
        }
    }
    for extra in config
        .theme
        .extra_css
        .iter()
        .chain(&config.theme.extra_javascript)
    {
        if extra.contains("://") || extra.starts_with("//") {
            continue;
        }
        let source = paths::join(&config.docs.dir, extra.trim_start_matches('/'));
        match source.filter(|s| inputs.model.files.contains(s)) {
            Some(source) => site.copy(layout.site_path(&source), project.path(&source)),
            None => problems.push(
                Diagnostic::warning(
                    "theme/extra",
                    crate::load::project::CONFIG_FILE,
                    format!(
                        "`{extra}` (theme.extra_css / extra_javascript) is not a file in `{}`",
                        config.docs.dir
                    ),
                )
                .with_help("fix the path: it is relative to the docs folder"),
            ),
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
    memo: Option<&crate::render::search::memo::SearchMemo>,
) -> crate::render::search::Index {
    crate::render::search::build_into(
        &search_pages(inputs, tree),
        &|path, script| storage.store(path, script.into_bytes()),
        memo,
    )
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
        versioned: config.versioned,
        title: &config.title,
        lang: config.lang.tag(),
        base_url: config.base_url.as_deref(),
        assets,
        home_url: &tree.entries[tree.root].page.url,
        version: env!("CARGO_PKG_VERSION"),
        search_strings: inputs.theme.strings.search_json(),
        favicon: named_asset(assets, "site-favicon.").or_else(|| named_asset(assets, "favicon.")),
        logo: named_asset(assets, "logo."),
        header: config
            .theme
            .primary
            .as_ref()
            .map(|c| crate::render::context::HeaderColours {
                background: &c.background,
                foreground: &c.foreground,
            }),
        extra_css: extra(&config.theme.extra_css),
        extra_javascript: extra(&config.theme.extra_javascript),
        configured_nav: tree.configured.is_some(),
        locale: config.lang.locale(),
        search_root: match &inputs.project.membership {
            Some(m) if m.is_member() && m.in_portal => "../",
            _ => "",
        },
        portal: inputs
            .project
            .membership
            .as_ref()
            .filter(|m| m.is_member())
            .map(|m| crate::render::context::PortalLink {
                url: "../index.html",
                title: &m.title,
            }),
    }
}

/// Extra stylesheets or scripts: each site path or URL, with whether it is a URL.
fn extra(files: &[String]) -> Vec<(&str, bool)> {
    files
        .iter()
        .map(|f| {
            (
                f.trim_start_matches('/'),
                f.contains("://") || f.starts_with("//"),
            )
        })
        .collect()
}

/// The site path of the asset whose name starts with `stem` (`logo.` finds `logo.svg`).
fn named_asset<'a>(assets: &'a BTreeMap<String, String>, stem: &str) -> Option<&'a str> {
    assets
        .iter()
        .find(|(name, _)| name.starts_with(stem))
        .map(|(_, path)| path.as_str())
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
            .with_max_len(PAGES_PER_JOB)
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
        let memo = inputs.page_memo;
        let results: Vec<Result<T, Diagnostic>> = (0..tree.entries.len())
            .into_par_iter()
            .with_max_len(PAGES_PER_JOB)
            .filter(|&i| which(i))
            .map(|i| {
                let Some((memo, (key, nav))) = memo.and_then(|m| Some((m, renderer.memo_key(i)?)))
                else {
                    return renderer.render(i).map(|(file, html)| keep(file, html));
                };
                let file = &tree.entries[i].page.file;
                if let Some(html) = memo.get(&key, &nav) {
                    return Ok(keep(file.clone(), html));
                }
                let (file, html) = renderer.render(i)?;
                memo.put(&key, &html, &nav);
                Ok(keep(file, html))
            })
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

/// At most this many pages go to one parallel job: a thread that is done with its own work
/// (the search index, built beside the pages) finds pages left to take until the last few,
/// rather than waiting while another thread renders a long run of them.
pub(crate) const PAGES_PER_JOB: usize = 4;

/// Runs `f` with what the pages of one build share.
fn with_pages<R>(inputs: &Inputs<'_>, tree: &Tree, f: impl FnOnce(&Pages<'_>) -> R) -> R {
    let assets = inputs.theme.asset_paths();
    let site_ctx = site_context(inputs, tree, &assets);
    let decisions = Decisions::new(
        inputs.model,
        tree,
        inputs.rendered,
        decisions::StatusHistory {
            changes: inputs.status_history,
            repo: inputs.project.config.repo.as_ref(),
            shallow_boundary: inputs.history.shallow_boundary.as_deref(),
        },
    );
    let sad = SadPages::new(
        inputs.model,
        tree,
        inputs.rendered,
        inputs.completeness,
        inputs.permalinks,
    );
    let shared = page_memo::Shared::new(&site_ctx, &inputs.theme.strings);
    f(&Pages {
        inputs,
        tree,
        site: &site_ctx,
        decisions: &decisions,
        sad: &sad,
        shared: &shared,
        problems: std::sync::Mutex::new(Vec::new()),
    })
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
