//! The links of a page as the walker meets them: markdown links and images (written by hand
//! when an attribute list gives them attributes; an image with attributes collects its alt
//! text first), and the `href`, `src` and `id` attributes of raw HTML. Each is resolved, its
//! position recorded and its destination rewritten.

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use super::Walker;
use crate::render::markdown::raw_html;
use crate::render::markdown::{LinkKind, LinkRef, LinkResolver};
use crate::util::escape_html;

impl<'a, R: LinkResolver> Walker<'a, '_, R> {
    /// A link or an image opens (event `index` of the page, at byte `offset`).
    pub(super) fn start_link(&mut self, tag: Tag<'a>, offset: usize, index: usize) {
        match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.no_terms(true);
                let dest_url = if link_type == LinkType::Email {
                    dest_url
                } else {
                    self.link(dest_url, offset, LinkKind::Link)
                };
                if let Some(attrs) = self.link_attrs.remove(&index) {
                    let href = if link_type == LinkType::Email {
                        format!("mailto:{dest_url}")
                    } else {
                        dest_url.to_string()
                    };
                    let open = attrs.open_tag("a", "href", &href, &title);
                    self.push(Event::InlineHtml(format!("{open}>").into()));
                    return;
                }
                self.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.no_terms(true);
                self.sections.diagram();
                self.in_image += 1;
                let dest_url = self.link(dest_url, offset, LinkKind::Image);
                if let Some(attrs) = self.link_attrs.remove(&index) {
                    let open = attrs.open_tag("img", "src", &dest_url, &title);
                    self.image = Some((open, String::new()));
                    return;
                }
                self.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            other => self.push(Event::Start(other)),
        }
    }

    /// Resolves a link, records it, and returns the `href` to write.
    pub(super) fn link(&mut self, dest: CowStr<'a>, offset: usize, kind: LinkKind) -> CowStr<'a> {
        let (line, column) = self.positions.at(offset);
        let (href, target) = self.resolver.resolve(&dest, kind);
        self.links.push(LinkRef {
            dest: dest.to_string(),
            line,
            column,
            target,
        });
        self.table.link(self.links.len() - 1);
        match href {
            Some(h) => CowStr::from(h),
            None => dest,
        }
    }

    /// Records the `id`s raw HTML defines and rewrites the links it makes, skipping comments.
    pub(super) fn raw_html(&mut self, html: CowStr<'a>, offset: usize) -> CowStr<'a> {
        let attributes = raw_html::attributes(&html, &mut self.in_html_comment);
        let mut result = String::new();
        let mut last = 0;
        for attr in attributes {
            let (kind, value) = match attr {
                raw_html::Attr::Anchor(range) => {
                    self.anchors.push(html[range].to_string());
                    continue;
                }
                raw_html::Attr::Link(kind, range) => (kind, range),
            };
            let dest = &html[value.clone()];
            let (line, column) = self.positions.at(offset + value.start);
            let (href, target) = self.resolver.resolve_in_html(dest, kind);
            self.links.push(LinkRef {
                dest: dest.to_string(),
                line,
                column,
                target,
            });
            if let Some(href) = href {
                result.push_str(&html[last..value.start]);
                result.push_str(&escape_html(&href));
                last = value.end;
            }
        }
        if last == 0 {
            return html;
        }
        result.push_str(&html[last..]);
        CowStr::from(result)
    }
}
