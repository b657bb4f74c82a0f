//! mkdocs-material's blog plugin, as a load step: posts (the pages of `post_dir`) are published
//! at the URLs the plugin gives them (`blog/2024/01/31/slug/`, from `post_url_format`), and
//! the pages the plugin generates — the blog's index with each post's excerpt (the text before
//! `<!-- more -->`), its further pages, the archive by year and a page per category — are
//! written as markdown and loaded as documents, so links, search and navigation treat them as
//! any page.
//!
//! Each post shows its date, authors (from `.authors.yml`) and categories under its title.
//! Drafts (`draft: true`) are built but left out of the listings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::load::project::Project;
use crate::model::decision::Adr;
use crate::model::{Doc, Layout};
use crate::util::diag::Diagnostic;
use crate::util::paths;

/// `blog:` — the blog plugin's settings, under its names.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct BlogConfig {
    /// The blog's folder, in the docs folder.
    pub blog_dir: String,
    /// The posts' folder (`{blog}` is `blog_dir`).
    pub post_dir: String,
    /// A post's URL below the blog: `{date}`, `{slug}`, `{categories}`, `{file}`.
    pub post_url_format: String,
    /// How `{date}` is written in a post's URL (`yyyy`, `MM`, `dd`).
    pub post_url_date_format: String,
    /// What ends a post's excerpt.
    pub post_excerpt_separator: String,
    /// An archive page per year.
    pub archive: bool,
    /// An archive page's URL below the blog.
    pub archive_url_format: String,
    /// How `{date}` is written in an archive page's URL.
    pub archive_url_date_format: String,
    /// A page per category.
    pub categories: bool,
    /// A category page's URL below the blog.
    pub categories_url_format: String,
    /// The authors' file (`{blog}` is `blog_dir`), in the docs folder.
    pub authors_file: String,
    /// Posts on each page of a listing.
    pub pagination_per_page: usize,
    /// A listing's further pages, below it.
    pub pagination_url_format: String,
}

impl Default for BlogConfig {
    fn default() -> Self {
        BlogConfig {
            blog_dir: "blog".into(),
            post_dir: "{blog}/posts".into(),
            post_url_format: "{date}/{slug}".into(),
            post_url_date_format: "yyyy/MM/dd".into(),
            post_excerpt_separator: "<!-- more -->".into(),
            archive: true,
            archive_url_format: "archive/{date}".into(),
            archive_url_date_format: "yyyy".into(),
            categories: true,
            categories_url_format: "category/{slug}".into(),
            authors_file: "{blog}/.authors.yml".into(),
            pagination_per_page: 10,
            pagination_url_format: "page/{page}".into(),
        }
    }
}

/// A post, as the listings show it.
#[derive(Debug, Clone)]
struct Post {
    doc: usize,
    source: String,
    title: String,
    /// `YYYY-MM-DD`.
    date: String,
    authors: Vec<String>,
    categories: Vec<String>,
    excerpt: String,
    /// The post has more than its excerpt.
    more: bool,
    draft: bool,
}

/// A generated page: its source path (where no file is) and markdown.
type Generated = (String, String);

/// Turns a generated page (source path, markdown, whether it is a folder's index) into a
/// document, as the loader parses any page.
pub type Parse<'a> = &'a dyn Fn(&str, &str, bool) -> (Doc, Option<Adr>, Vec<Diagnostic>);

/// Publishes the posts at their URLs, adds the blog's generated pages to `docs`, and returns
/// what is wrong (a post without a date). `parse` turns generated markdown into a document.
pub fn apply(
    project: &Project,
    layout: &Layout,
    docs: &mut Vec<(Doc, Option<Adr>)>,
    parse: Parse<'_>,
) -> Vec<Diagnostic> {
    let Some(config) = &project.config.blog else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let docs_dir = project.config.docs.dir.as_str();
    let blog = paths::join(docs_dir, &config.blog_dir).unwrap_or_else(|| config.blog_dir.clone());
    let post_dir = config.post_dir.replace("{blog}", &config.blog_dir);
    let post_dir = paths::join(docs_dir, &post_dir).unwrap_or(post_dir);
    let authors = read_authors(project, docs_dir, config);
    let mut posts = Vec::new();
    for (i, (doc, _)) in docs.iter().enumerate() {
        if doc.is_index || !paths::is_within(&doc.source, &post_dir) {
            continue;
        }
        let meta = doc.front.meta.map();
        let Some(date) = post_date(meta) else {
            problems.push(
                Diagnostic::warning(
                    "blog/date",
                    doc.source.clone(),
                    "this blog post has no `date:`; it keeps its own URL and is left out of the blog's listings",
                )
                .at_line(1)
                .with_help("add `date: YYYY-MM-DD` to its front matter"),
            );
            continue;
        };
        let title = doc
            .front
            .title
            .clone()
            .or_else(|| crate::load::macros::first_heading(&doc.body).map(str::to_string))
            .unwrap_or_else(|| paths::humanize(paths::stem(&doc.source)));
        let (excerpt, more) = excerpt(&doc.body, &config.post_excerpt_separator);
        let excerpt = rebase_links(&excerpt, &doc.source);
        posts.push(Post {
            doc: i,
            source: doc.source.clone(),
            title,
            date,
            authors: strings(meta.get("authors"))
                .into_iter()
                .map(|id| authors.get(&id).cloned().unwrap_or(id))
                .collect(),
            categories: strings(meta.get("categories")),
            excerpt,
            more,
            draft: meta.get("draft").and_then(Json::as_bool) == Some(true),
        });
    }
    // Newest first, as the plugin lists them.
    posts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    let slug_of = |text: &str| crate::util::slug::Style::PymdownxLower.slug(text, "-");
    let category_source = |name: &str| {
        let path = config
            .categories_url_format
            .replace("{slug}", &slug_of(name));
        paths::join(&blog, &format!("{}.md", path.trim_matches('/'))).unwrap_or_default()
    };
    for post in &posts {
        let (doc, _) = &mut docs[post.doc];
        let meta = doc.front.meta.map();
        let slug = meta
            .get("slug")
            .and_then(Json::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| slug_of(&post.title));
        let path = config
            .post_url_format
            .replace(
                "{date}",
                &format_date(&post.date, &config.post_url_date_format),
            )
            .replace("{slug}", &slug)
            .replace("{file}", paths::stem(&post.source))
            .replace(
                "{categories}",
                &post
                    .categories
                    .first()
                    .map(|c| slug_of(c))
                    .unwrap_or_default(),
            );
        let at = paths::join(&blog, &format!("{}.md", path.trim_matches('/')))
            .unwrap_or_else(|| post.source.clone());
        doc.page = layout.page(&at, false);
        let line = meta_line(post, &post.source, config.categories, &category_source);
        doc.body = after_title(&doc.body, &line);
    }
    let listed: Vec<&Post> = posts.iter().filter(|p| !p.draft).collect();
    let mut generated: Vec<Generated> = Vec::new();
    // The index, and its further pages.
    let index = paths::join(&blog, "index.md").unwrap_or_default();
    let pages = pages_of(&listed, config.pagination_per_page);
    for (n, chunk) in pages.iter().enumerate() {
        let source = if n == 0 {
            index.clone()
        } else {
            let path = config
                .pagination_url_format
                .replace("{page}", &(n + 1).to_string());
            paths::join(&blog, &format!("{}/index.md", path.trim_matches('/'))).unwrap_or_default()
        };
        let list = listing(chunk, &source, config.categories, &category_source);
        let nav = pagination(&pages, n, &index, &blog, config);
        match docs.iter_mut().find(|(d, _)| d.source == source) {
            Some((doc, _)) => doc.body = format!("{}\n\n{list}{nav}", doc.body.trim_end()),
            None if n == 0 => generated.push((source, format!("# Blog\n\n{list}{nav}"))),
            None => generated.push((source, format!("# Blog, page {}\n\n{list}{nav}", n + 1))),
        }
    }
    if config.archive {
        let mut years: BTreeMap<String, Vec<&Post>> = BTreeMap::new();
        for post in &listed {
            years
                .entry(format_date(&post.date, &config.archive_url_date_format))
                .or_default()
                .push(post);
        }
        for (year, posts) in years.iter().rev() {
            let path = config.archive_url_format.replace("{date}", year);
            let source =
                paths::join(&blog, &format!("{}.md", path.trim_matches('/'))).unwrap_or_default();
            let list = listing(posts, &source, config.categories, &category_source);
            generated.push((source, format!("# {year}\n\n{list}")));
        }
    }
    if config.categories {
        let mut names: BTreeMap<String, Vec<&Post>> = BTreeMap::new();
        for post in &listed {
            for name in &post.categories {
                names.entry(name.clone()).or_default().push(post);
            }
        }
        for (name, posts) in &names {
            let source = category_source(name);
            let list = listing(posts, &source, true, &category_source);
            generated.push((source, format!("# {name}\n\n{list}")));
        }
    }
    for (source, text) in generated {
        if docs.iter().any(|(d, _)| d.source == source) {
            continue;
        }
        let is_index = paths::file_name(&source) == "index.md";
        let (doc, adr, found) = parse(&source, &text, is_index);
        problems.extend(found);
        docs.push((doc, adr));
    }
    problems
}

/// The listing of `posts` on the page `from` (a source path): each post's title linked, its
/// date, authors and categories, its excerpt, and a link to the rest.
fn listing(
    posts: &[&Post],
    from: &str,
    categories: bool,
    category_source: &dyn Fn(&str) -> String,
) -> String {
    let mut out = String::new();
    for post in posts {
        let link = paths::relative_url(from, &post.source);
        out.push_str(&format!(
            "## [{}]({link})\n\n",
            escape_brackets(&post.title)
        ));
        out.push_str(&meta_line(post, from, categories, category_source));
        out.push_str("\n\n");
        if !post.excerpt.trim().is_empty() {
            out.push_str(from_listing(&post.excerpt, from).trim());
            out.push_str("\n\n");
        }
        if post.more {
            out.push_str(&format!("[Continue reading]({link})\n\n"));
        }
    }
    out
}

/// A post's date, authors and categories as a line of markdown, its links written from `from`.
fn meta_line(
    post: &Post,
    from: &str,
    categories: bool,
    category_source: &dyn Fn(&str) -> String,
) -> String {
    let mut parts = vec![long_date(&post.date)];
    if !post.authors.is_empty() {
        parts.push(post.authors.join(", "));
    }
    if !post.categories.is_empty() {
        let names: Vec<String> = post
            .categories
            .iter()
            .map(|c| {
                if categories {
                    format!(
                        "[{}]({})",
                        escape_brackets(c),
                        paths::relative_url(from, &category_source(c))
                    )
                } else {
                    c.clone()
                }
            })
            .collect();
        parts.push(format!("in {}", names.join(", ")));
    }
    format!("_{}_", parts.join(" · "))
}

/// Links to a listing's other pages.
fn pagination(
    pages: &[Vec<&Post>],
    n: usize,
    index: &str,
    blog: &str,
    config: &BlogConfig,
) -> String {
    if pages.len() < 2 {
        return String::new();
    }
    let source = |i: usize| {
        if i == 0 {
            index.to_string()
        } else {
            let path = config
                .pagination_url_format
                .replace("{page}", &(i + 1).to_string());
            paths::join(blog, &format!("{}/index.md", path.trim_matches('/'))).unwrap_or_default()
        }
    };
    let from = source(n);
    let links: Vec<String> = (0..pages.len())
        .map(|i| {
            if i == n {
                format!("**{}**", i + 1)
            } else {
                format!("[{}]({})", i + 1, paths::relative_url(&from, &source(i)))
            }
        })
        .collect();
    format!("Pages: {}\n", links.join(" "))
}

/// Pages of at most `per` posts (one page, perhaps empty, at least).
fn pages_of<'p>(posts: &[&'p Post], per: usize) -> Vec<Vec<&'p Post>> {
    let per = per.max(1);
    let mut pages: Vec<Vec<&Post>> = posts.chunks(per).map(<[&Post]>::to_vec).collect();
    if pages.is_empty() {
        pages.push(Vec::new());
    }
    pages
}

/// The body with `line` after its first `# heading` (or first, without one).
fn after_title(body: &str, line: &str) -> String {
    let mut out = String::with_capacity(body.len() + line.len() + 2);
    let mut placed = false;
    let mut in_fence = false;
    for l in body.split_inclusive('\n') {
        out.push_str(l);
        let t = l.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !placed && !in_fence && t.starts_with("# ") {
            if !l.ends_with('\n') {
                out.push('\n');
            }
            out.push('\n');
            out.push_str(line);
            out.push('\n');
            placed = true;
        }
    }
    if !placed {
        return format!("{line}\n\n{body}");
    }
    out
}

/// A post's excerpt (its text before the separator, without its title), and whether there is
/// more.
fn excerpt(body: &str, separator: &str) -> (String, bool) {
    let (head, more) = match body.find(separator) {
        Some(at) => (&body[..at], true),
        None => (body, false),
    };
    let mut out = String::new();
    let mut titled = false;
    for line in head.lines() {
        if !titled && line.starts_with("# ") {
            titled = true;
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    // Headings of the excerpt sit below the listing's post titles.
    let out = out
        .lines()
        .map(|l| {
            if l.starts_with('#') {
                format!("#{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    (out, more)
}

/// The excerpt with its relative links (`[x](../a.md)`, `![x](img.png)`) written from the
/// project root, `{root}/…`, to be written again from each listing page ([`from_listing`]).
fn rebase_links(excerpt: &str, post: &str) -> String {
    static LINK: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\]\(([^)\s]+)").expect("valid regex"));
    LINK.replace_all(excerpt, |c: &regex::Captures<'_>| {
        let target = &c[1];
        let relative = !target.contains("://")
            && !target.starts_with('#')
            && !target.starts_with('/')
            && !target.starts_with("mailto:");
        match paths::join(paths::parent(post), target).filter(|_| relative) {
            Some(from_root) => format!("]({ROOT}{from_root}"),
            None => c[0].to_string(),
        }
    })
    .into_owned()
}

/// Marks a link of an excerpt written from the project root.
const ROOT: &str = "\u{E002}";

/// An excerpt's links written from the listing page `from`.
fn from_listing(excerpt: &str, from: &str) -> String {
    if !excerpt.contains(ROOT) {
        return excerpt.to_string();
    }
    let mut out = String::with_capacity(excerpt.len());
    let mut rest = excerpt;
    while let Some(at) = rest.find(ROOT) {
        out.push_str(&rest[..at]);
        let after = &rest[at + ROOT.len()..];
        let end = after.find([')', ' ', '\t', '\n']).unwrap_or(after.len());
        out.push_str(&paths::relative_url(from, &after[..end]));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// A post's date from its front matter (`date: 2024-01-31`, or `date: {created: …}`), as
/// `YYYY-MM-DD`.
fn post_date(meta: &serde_json::Map<String, Json>) -> Option<String> {
    let date = meta.get("date")?;
    let text = match date {
        Json::Object(m) => m.get("created")?.as_str()?.to_string(),
        other => other.as_str()?.to_string(),
    };
    let day = text.get(..10)?;
    let part = |r: std::ops::Range<usize>| day.get(r).and_then(|p| p.parse().ok());
    let (year, month, d) = (part(0..4)?, part(5..7)?, part(8..10)?);
    let valid = day.as_bytes()[4] == b'-' && day.as_bytes()[7] == b'-';
    crate::util::date::Date::new(year, month as u8, d as u8)
        .filter(|_| valid)
        .map(|date| date.to_string())
}

/// A list of strings from front matter (a list, or one string).
fn strings(value: Option<&Json>) -> Vec<String> {
    match value {
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        Some(Json::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The authors' names by id, from the authors' file.
fn read_authors(
    project: &Project,
    docs_dir: &str,
    config: &BlogConfig,
) -> BTreeMap<String, String> {
    let file = config.authors_file.replace("{blog}", &config.blog_dir);
    let path = project.path(&paths::join(docs_dir, &file).unwrap_or(file));
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    let Ok(value) = serde_saphyr::from_str::<Json>(&text) else {
        return BTreeMap::new();
    };
    value
        .get("authors")
        .and_then(Json::as_object)
        .map(|authors| {
            authors
                .iter()
                .map(|(id, a)| {
                    let name = a.get("name").and_then(Json::as_str).unwrap_or(id);
                    (id.clone(), name.to_string())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `YYYY-MM-DD` in a date format of the plugin's (`yyyy/MM/dd`).
fn format_date(date: &str, format: &str) -> String {
    let (y, m, d) = (&date[..4], &date[5..7], &date[8..10]);
    format.replace("yyyy", y).replace("MM", m).replace("dd", d)
}

/// `YYYY-MM-DD` as the plugin's `long` format writes it in English: `January 31, 2024`.
fn long_date(date: &str) -> String {
    let month: usize = date[5..7].parse().unwrap_or(1);
    let day: u32 = date[8..10].parse().unwrap_or(1);
    format!(
        "{} {day}, {}",
        crate::util::date::MONTHS[(month + 11) % 12],
        &date[..4]
    )
}

/// Text for a link's label.
fn escape_brackets(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_end_at_the_separator_without_the_title() {
        let (text, more) = excerpt(
            "# Hello\n\nFirst.\n\n## Part\n\n<!-- more -->\n\nRest.\n",
            "<!-- more -->",
        );
        assert_eq!(text.trim(), "First.\n\n### Part");
        assert!(more);
        assert!(!excerpt("# Hi\n\nAll.\n", "<!-- more -->").1);
    }

    #[test]
    fn dates_format_as_the_plugin_writes_them() {
        assert_eq!(format_date("2024-01-31", "yyyy/MM/dd"), "2024/01/31");
        assert_eq!(format_date("2024-01-31", "yyyy"), "2024");
        assert_eq!(long_date("2024-01-31"), "January 31, 2024");
        let meta: serde_json::Map<String, Json> =
            serde_json::from_str(r#"{"date": {"created": "2023-12-01 10:00"}}"#).unwrap();
        assert_eq!(post_date(&meta).as_deref(), Some("2023-12-01"));
    }

    #[test]
    fn the_meta_line_goes_under_the_title() {
        assert_eq!(after_title("# T\n\nText\n", "M"), "# T\n\nM\n\nText\n");
        assert_eq!(after_title("Text\n", "M"), "M\n\nText\n");
    }
}
