//! The navigation sidebar's HTML, written by sadoc rather than by a template macro.
//!
//! Every page carries a navigation of up to a few hundred items. Tera evaluated the theme's
//! `nav_list` macro item by item for each page (a lookup per field, a call per folder): a fifth
//! of an unchanged 10,000-page rebuild. Written here, it is the same markup as the built-in
//! macros of `macros.html` (which stay, for themes that list [`NavItem`]s their own way), and
//! templates get it as `nav_html`.

use std::fmt::Write;

use super::context::NavItem;
use crate::util::{escape_html, push_escaped_html};

/// The navigation list of one page: `items` (from [`super::nav::nav`]), with links made
/// relative by `root` (the page's way back to the site root), `more` the theme's word for the
/// items a windowed folder leaves out, and `configured` whether the items are the navigation
/// `nav:` configures (sections and external links, no badges).
pub fn nav_html(items: &[NavItem<'_>], root: &str, more: &str, configured: bool) -> String {
    let mut out = String::with_capacity(64 + items.len() * 160);
    let root = escape_html(root);
    let more = escape_html(more);
    list(&mut out, items, &root, &more, configured);
    out
}

/// One `<ul>`, as the macros write it (the same spacing, so pages do not change).
fn list(out: &mut String, items: &[NavItem<'_>], root: &str, more: &str, configured: bool) {
    out.push_str("\n<ul>");
    for item in items {
        out.push_str("\n  <li class=\"nav-item");
        if item.active {
            out.push_str(" active");
        }
        if item.on_path {
            out.push_str(" on-path");
        }
        if item.is_folder {
            out.push_str(" folder");
        }
        out.push_str("\">\n    ");
        if configured && item.section {
            out.push_str("<span class=\"nav-section\"><span class=\"nav-title\">");
            push_escaped_html(out, item.title);
            out.push_str("</span></span>");
        } else if configured && item.external {
            out.push_str("<a href=\"");
            push_escaped_html(out, item.url);
            out.push_str("\" rel=\"external\"><span class=\"nav-title\">");
            push_escaped_html(out, item.title);
            out.push_str("</span></a>");
        } else {
            out.push_str("<a href=\"");
            out.push_str(root);
            push_escaped_html(out, item.url);
            out.push('"');
            if item.active {
                out.push_str(" aria-current=\"page\"");
            }
            out.push_str("><span class=\"nav-title\">");
            push_escaped_html(out, item.title);
            out.push_str("</span>");
            if let (false, Some(badge)) = (configured, item.badge) {
                let badge = escape_html(badge);
                let _ = write!(
                    out,
                    "<span class=\"badge status-{badge}\" title=\"{badge}\">{badge}</span>"
                );
            }
            out.push_str("</a>");
        }
        if !item.children.is_empty() {
            list(out, &item.children, root, more, configured);
        }
        if !configured && item.more > 0 {
            out.push_str("<a class=\"nav-more\" href=\"");
            out.push_str(root);
            push_escaped_html(out, item.url);
            let _ = write!(out, "\">+{} {more}</a>", item.more);
        }
        out.push_str("\n  </li>");
    }
    out.push_str("\n</ul>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item<'a>(title: &'a str, url: &'a str) -> NavItem<'a> {
        NavItem {
            title,
            url,
            active: false,
            on_path: false,
            open: false,
            is_folder: false,
            external: false,
            section: false,
            badge: None,
            children: Vec::new(),
            more: 0,
        }
    }

    /// The built-in macros, rendered by Tera as before: the HTML written here must be theirs.
    fn by_macro(items: &[NavItem<'_>], root: &str, configured: bool) -> String {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(vec![
            (
                "macros.html",
                include_str!("../../themes/default/templates/macros.html"),
            ),
            (
                "nav.html",
                "{% import \"macros.html\" as m -%}{% if configured %}{{ m::configured_nav_list(items=nav, root=root, t=t) }}{% else %}{{ m::nav_list(items=nav, root=root, t=t) }}{% endif %}",
            ),
        ])
        .expect("the built-in macros parse");
        let mut context = tera::Context::new();
        context.insert("nav", items);
        context.insert("root", root);
        context.insert("configured", &configured);
        context.insert("t", &serde_json::json!({ "more": "more <items>" }));
        tera.render("nav.html", &context)
            .expect("the macros render")
    }

    #[test]
    fn folder_navigation_is_the_markup_of_the_built_in_macro() {
        let mut adrs = item("Decision log", "adr/index.html");
        adrs.is_folder = true;
        adrs.on_path = true;
        adrs.open = true;
        adrs.more = 12;
        let mut current = item("Use <Kafka> & \"friends\"", "adr/0002-kafka.html");
        current.active = true;
        current.on_path = true;
        current.badge = Some("accepted");
        let mut old = item("Old", "adr/0001-old.html");
        old.badge = Some("superseded");
        adrs.children = vec![old, current];
        let mut sad = item("Architecture", "sad/index.html");
        sad.is_folder = true;
        let items = vec![sad, adrs, item("Guide", "guide.html")];
        for root in ["", "../", "../../"] {
            assert_eq!(
                nav_html(&items, root, "more <items>", false),
                by_macro(&items, root, false)
            );
        }
    }

    #[test]
    fn configured_navigation_is_the_markup_of_the_built_in_macro() {
        let mut section = item("Runbooks", "");
        section.section = true;
        section.is_folder = true;
        section.open = true;
        section.on_path = true;
        let mut page = item("Restart", "runbooks/restart.html");
        page.active = true;
        page.on_path = true;
        section.children = vec![page];
        let mut external = item("Status page", "https://status.example.com/?a=1&b=2");
        external.external = true;
        let items = vec![section, external, item("Home", "index.html")];
        assert_eq!(
            nav_html(&items, "../", "more <items>", true),
            by_macro(&items, "../", true)
        );
    }

    #[test]
    fn an_empty_navigation_is_an_empty_list() {
        assert_eq!(nav_html(&[], "", "more", false), by_macro(&[], "", false));
    }
}
