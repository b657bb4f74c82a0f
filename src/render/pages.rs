//! One page of the site: the typed context a template gets — navigation, breadcrumbs,
//! neighbours, the decisions and views it shows, who changed it — and its content: the
//! document's HTML with a view's element catalog or a mapping's tables drawn by their
//! templates. Pages render in parallel against what [`Pages`] holds for the whole build.

use std::borrow::Cow;

use super::context::{self, PageContext, PageInfo, SiteContext};
use super::decisions::Decisions;
use super::sad_pages::SadPages;
use super::tree::{Source, Tree};
use super::{Inputs, nav, nav_html, theme};
use crate::model::Model;
use crate::render::markdown::resolve::Target;
use crate::render::markdown::{Rendered, TocEntry};
use crate::util::diag::Diagnostic;
use crate::util::paths;

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
    let meta = &model.docs[d].front.meta;
    if let Some(serde_json::Value::String(text)) = meta
        .may_have("description")
        .then(|| meta.get("description"))
        .flatten()
    {
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

/// Whether front matter's `hide:` list (mkdocs-material's) names `part`.
fn hides(front: &crate::model::FrontMatter, part: &str) -> bool {
    if !front.meta.may_have("hide") {
        return false;
    }
    match front.meta.get("hide") {
        Some(serde_json::Value::Array(items)) => items.iter().any(|i| i.as_str() == Some(part)),
        Some(serde_json::Value::String(one)) => one == part,
        _ => false,
    }
}

/// What a page's context is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Made {
    /// Rendering the page: everything, its document's content too.
    Page,
    /// [`Pages::fingerprint`]: everything but the content.
    Fingerprint,
    /// [`Pages::memo_key`]: everything but the content and what every page shows alike.
    Key,
}

/// Everything shared by the pages of one build.
pub(super) struct Pages<'a> {
    pub(super) inputs: &'a Inputs<'a>,
    pub(super) tree: &'a Tree,
    pub(super) site: &'a SiteContext<'a>,
    pub(super) decisions: &'a Decisions<'a>,
    pub(super) sad: &'a SadPages<'a>,
    /// What every page's key holds in common, hashed once (see [`Pages::memo_key`]).
    pub(super) shared: &'a super::page_memo::Shared,
    /// Problems of the partial templates pages include (their pages render without them).
    pub(super) problems: std::sync::Mutex<Vec<Diagnostic>>,
}

impl Pages<'_> {
    /// The problems the partial templates had so far.
    pub(super) fn take_problems(&self) -> Vec<Diagnostic> {
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
    pub(super) fn render(&self, i: usize) -> Result<(String, String), Diagnostic> {
        let entry = &self.tree.entries[i];
        self.with_context(i, Made::Page, |template, context| {
            self.inputs
                .theme
                .render(template, &*context)
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
    pub(super) fn fingerprint(&self, i: usize) -> u64 {
        self.with_context(i, Made::Fingerprint, |template, context| {
            let mut hasher = HashWriter(std::hash::DefaultHasher::new());
            std::hash::Hash::hash(template, &mut hasher.0);
            // Serialising into a hasher cannot fail; a context that could not be serialised
            // would fail to render too.
            let _ = serde_json::to_writer(&mut hasher, &*context);
            std::hash::Hasher::finish(&hasher.0)
        })
    }

    /// The key page `i` is kept under between builds (see [`super::page_memo`]); `None` when
    /// it is not kept: the theme reads the environment, or the page's content is drawn from
    /// other documents (a view's element catalog, a mapping's tables).
    /// With the key comes the navigation HTML it was made from, which the kept page leaves
    /// out.
    pub(super) fn memo_key(&self, i: usize) -> Option<(crate::util::memo::Key, String)> {
        let model = self.inputs.model;
        let theme_id = self.inputs.theme.id.as_ref()?;
        let doc = match self.tree.entries[i].source {
            Source::Doc(d) | Source::AdrLog { intro: Some(d) } => Some(d),
            _ => None,
        };
        if doc.is_some_and(|d| {
            model.sad.view_of(d).is_some() || !model.docs[d].front.mapping.is_empty()
        }) {
            return None;
        }
        self.with_context(i, Made::Key, |template, context| {
            let mut key = super::page_memo::KeyHasher::new(theme_id, template);
            // What every page shows alike (the site, the strings) is hashed once (the context
            // leaves them out); the navigation, most of the context, as it is
            // rather than escaped into JSON; the front matter's own keys as their YAML rather
            // than read from it.
            key.part(&self.shared.digest);
            let nav = std::mem::take(&mut context.nav_html);
            key.part(nav.as_bytes());
            if let Some(front) = context.page.front.take() {
                let mut typed = front.clone();
                typed.meta = crate::model::front::Meta::default();
                serde_json::to_writer(&mut key, &typed).ok()?;
                match front.meta.yaml() {
                    Some(yaml) => key.part(yaml.as_bytes()),
                    None => serde_json::to_writer(&mut key, &*front.meta).ok()?,
                }
            }
            serde_json::to_writer(&mut key, context).ok()?;
            // The content and the description follow from the document's HTML and title.
            if let Some(d) = doc {
                let rendered = &self.inputs.rendered[d];
                key.part(rendered.html.digest());
                match &rendered.h1 {
                    Some(h1) => key.part(h1.as_bytes()),
                    None => key.part(&[0xff]),
                }
            }
            Some((key.finish(), nav))
        })
    }

    /// Whether entry `i` is the site's home page, titled by the site's name alone: the root
    /// page, unless `nav:` places it in a section.
    fn is_homepage(&self, i: usize) -> bool {
        let tree = self.tree;
        i == tree.root
            && !tree
                .configured
                .as_ref()
                .is_some_and(|c| c.in_section.contains(&i))
    }

    /// Builds the context of page `i` (with its document's content, or an empty one) and hands
    /// it with the template's name to `f`. Longer than 100 lines on purpose: it is one struct
    /// literal, every field a template can read filled in one place, in the order of the type.
    fn with_context<R>(
        &self,
        i: usize,
        made: Made,
        f: impl FnOnce(&'static str, &mut PageContext<'_>) -> R,
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
            Source::Review => ("review.html", "review", None),
        };
        let html = doc
            .filter(|_| made == Made::Page)
            .map(|d| rendered[d].html.unpack());
        let (heading, content) = match (doc, &html) {
            (Some(d), Some(html)) => self.content(d, html, &entry.page.file),
            _ => (None, Cow::Borrowed("")),
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
        let root = paths::root_prefix(&entry.page.file);
        let nav = nav::nav(tree, i);
        let nav_html =
            nav_html::nav_html(&nav, &root, &theme.strings.more, self.site.configured_nav);
        let (site, t) = match made {
            Made::Key => (None, None),
            Made::Page | Made::Fingerprint => (Some(self.site), Some(&theme.strings)),
        };
        let mut context = PageContext {
            site,
            t,
            root,
            page: PageInfo {
                title: &entry.title,
                head_title: doc_ref
                    .and_then(|d| d.front.title.as_deref())
                    .or_else(|| (!self.is_homepage(i)).then_some(entry.title.as_str())),
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
                owners: doc.map(|d| model.owners_of_doc(d)).unwrap_or_default(),
                heading_id: heading.and_then(heading_id),
                heading: heading.map(str::to_string),
                has_h1: content.contains("<h1"),
                hide_toc: doc_ref.is_some_and(|d| hides(&d.front, "toc")),
                hide_nav: doc_ref.is_some_and(|d| hides(&d.front, "navigation")),
                adr: match entry.source {
                    Source::Doc(d) => model.adrs.of_doc(d).map(|a| {
                        let mut info = decisions.info(a);
                        info.governs = self.sad.governs(d);
                        info
                    }),
                    _ => None,
                },
                view,
                review: doc.and_then(|d| {
                    let reviews = self.inputs.reviews;
                    reviews.of(d).map(|r| super::review_page::info(reviews, r))
                }),
            },
            content: &content,
            toc,
            nav_html,
            nav: theme.lists_nav_items.then_some(nav),
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
                Source::CodeMap => super::code_map::code_map(
                    model,
                    tree,
                    self.inputs.code_files,
                    self.inputs.permalinks,
                ),
                _ => Vec::new(),
            },
            review: matches!(entry.source, Source::Review)
                .then(|| super::review_page::page(model, tree, self.inputs.reviews)),
        };
        f(template, &mut context)
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

    /// A document's HTML as the page shows it: its leading `<h1>` apart (the template puts it
    /// in the page's header), with a view's element catalog or a mapping's tables (glossary
    /// terms were linked by the markdown stage).
    /// `html` is the document's, unpacked.
    fn content<'h>(
        &self,
        doc: usize,
        html: &'h str,
        page_file: &str,
    ) -> (Option<&'h str>, Cow<'h, str>) {
        let Inputs {
            model,
            rendered,
            theme,
            ..
        } = *self.inputs;
        let root = paths::root_prefix(page_file);
        let original = html;
        let mut html = Cow::Borrowed(html);
        if let Some(v) = model.sad.view_of(doc) {
            let sections = &rendered[doc].sections;
            // What goes where, by byte offset in the document's own HTML.
            let mut inserts: Vec<(usize, usize, String)> = Vec::new();
            let placeholder = original.find(PICTURE_PLACEHOLDER);
            if let Some(picture) = self.sad.picture(
                v,
                sections,
                placeholder.is_some(),
                &theme.strings.generated_picture,
            ) {
                let (at, removed) = match placeholder {
                    Some(at) => (at, PICTURE_PLACEHOLDER.len()),
                    None => (picture_place(original, sections), 0),
                };
                inserts.push((at, removed, picture));
            }
            if let Some(catalog) = self.sad.catalog(v) {
                let catalog = self.partial("catalog.html", doc, &root, catalog);
                let (at, text) = catalog_place(original, sections, catalog, &theme.strings);
                inserts.push((at, 0, text));
            }
            if !inserts.is_empty() {
                // From the last to the first, so earlier offsets still hold.
                inserts.sort_by_key(|(at, _, _)| std::cmp::Reverse(*at));
                let mut out = original.to_string();
                for (at, removed, text) in inserts {
                    out.replace_range(at..at + removed, &text);
                }
                html = Cow::Owned(out);
            }
        }
        // The catalog goes after a section heading, never before the h1: the h1 is found in
        // the document's own HTML.
        let (heading, _) = split_leading_h1(original);
        let mut html = match html {
            Cow::Borrowed(h) => Cow::Borrowed(split_leading_h1(h).1),
            Cow::Owned(h) => Cow::Owned(split_leading_h1(&h).1.to_string()),
        };
        let tables = self.sad.mapping_tables(doc);
        if !tables.is_empty() {
            let tables = self.partial("mapping.html", doc, &root, tables);
            html = Cow::Owned(format!("{tables}{html}"));
        }
        (heading, html)
    }
}

/// Where a view's text asks for its generated picture.
const PICTURE_PLACEHOLDER: &str = "<!-- sadoc:diagram -->";

/// Where a view's generated picture goes: right after its "Primary Presentation" heading, else
/// before its first section after the title, else at the end.
fn picture_place(html: &str, sections: &[crate::model::outline::Section]) -> usize {
    let after_heading = |key: &str| {
        sections
            .iter()
            .filter(|s| s.level >= 2)
            .find(|s| crate::model::completeness::section_key(&s.title) == key)
            .and_then(|s| s.html_end)
            .filter(|&end| html.is_char_boundary(end))
    };
    after_heading("primary presentation")
        .or_else(|| {
            // Before the first h2: its heading starts where the text before it ends.
            html.find("<h2").filter(|&at| html.is_char_boundary(at))
        })
        .unwrap_or(html.len())
}

/// Where the generated element catalog goes and its text: right after the page's "Element
/// Catalog" heading (where the markdown stage saw it end), or in a new section at the end when
/// it has none.
fn catalog_place(
    html: &str,
    sections: &[crate::model::outline::Section],
    catalog: String,
    strings: &theme::Strings,
) -> (usize, String) {
    let end = sections
        .iter()
        .filter(|s| s.level >= 2)
        .find(|s| crate::model::completeness::section_key(&s.title) == "element catalog")
        .and_then(|s| s.html_end)
        .filter(|&end| html.is_char_boundary(end));
    match end {
        Some(end) => (end, catalog),
        None => {
            let title = crate::util::escape_html(&strings.elements);
            (
                html.len(),
                format!("<h2 id=\"element-catalog\">{title}</h2>\n{catalog}"),
            )
        }
    }
}

/// The content's leading `<h1>` (when the content starts with one) and the rest: the template
/// shows that heading in the page's header, with the page's metadata under it.
fn split_leading_h1(html: &str) -> (Option<&str>, &str) {
    let trimmed = html.trim_start();
    if trimmed.starts_with("<h1")
        && let Some(end) = trimmed.find("</h1>")
    {
        return (
            Some(&trimmed[..end + 5]),
            trimmed[end + 5..].trim_start_matches('\n'),
        );
    }
    (None, html)
}

/// The `id` of a heading's opening tag.
fn heading_id(h1: &str) -> Option<String> {
    let open = &h1[..h1.find('>')?];
    let start = open.find(" id=\"")? + 5;
    let len = open[start..].find('"')?;
    Some(open[start..start + len].to_string())
}
