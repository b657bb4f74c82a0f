//! Link resolution: what a link in a page points to, and the relative `href` it becomes.
//!
//! Authors link between markdown files (`../adr/0007-use-kafka.md#consequences`), to images
//! beside them and to code elsewhere in the repository. A [`Resolver`] answers, for one page,
//! where each such link leads in the site, without reading any file: the walk already knows
//! every page, file and folder. Only a link to something outside the documentation folders
//! costs a file-system lookup, and a link that climbs out of the project is refused before any.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Layout, Model};
use crate::render::markdown::{LinkKind, LinkResolver};
use crate::util::paths;

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Target {
    /// An absolute URL (`https:`, `mailto:`, …); not checked.
    External,
    /// An empty destination.
    Empty,
    /// An anchor on the same page (decoded, without `#`).
    Anchor(String),
    /// Another page, by index into [`Model::docs`], and an optional anchor on it.
    Page {
        /// Index of the document.
        doc: usize,
        /// Decoded anchor, without `#`.
        fragment: Option<String>,
    },
    /// A folder without an index page of its own; the site has a generated one.
    Folder {
        /// The folder, relative to the site root.
        site_folder: String,
    },
    /// A page sadoc generates (the SAD's completeness report), linked as `completeness.md`.
    Generated {
        /// Its site file.
        file: String,
    },
    /// A file that is copied into the site.
    File {
        /// Its source path.
        source: String,
    },
    /// A file outside the documentation folders, linked on the repository host.
    Repo {
        /// Its project path.
        path: String,
    },
    /// A project path that does not exist.
    Missing {
        /// The path the link resolves to.
        path: String,
    },
    /// An existing file outside the documentation folders, with no repository configured.
    OutsideDocs {
        /// Its project path.
        path: String,
    },
    /// A page of another project of the workspace (a relative link to its markdown, or
    /// `name:ADR-0003`).
    Member {
        /// Its URL from the portal root.
        url: String,
    },
    /// A `name:ADR-NNNN` reference that names no project or no ADR of it.
    MemberMissing {
        /// What is wrong.
        reason: String,
    },
    /// A path that climbs out of the repository (outside git: the project); it was not followed.
    Escapes,
}

/// Resolves the links of one page.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    /// The project's documents.
    pub model: &'a Model,
    /// Where things are published.
    pub layout: &'a Layout,
    /// Absolute project root, for the few lookups outside the walked folders.
    pub root: &'a Path,
    /// How many folders a link may climb above the project root and stay in the repository
    /// (code beside the project is linked on the repository host).
    pub up: usize,
    /// Links to code on the repository host.
    pub permalinks: &'a crate::load::permalink::Permalinks,
    /// Source path of the page whose links are resolved.
    pub from_source: &'a str,
    /// Site file of that page.
    pub from_file: &'a str,
    /// The project's place in a workspace, for links into other members.
    pub workspace: Option<&'a crate::model::workspace::Membership>,
    /// Pages sadoc generates, by the source path a link would use (`docs/sad/completeness.md`).
    pub generated: &'a HashMap<String, crate::model::SitePage>,
    /// How the page takes part in the glossary.
    pub glossary: Option<super::terms::GlossaryUse<'a>>,
}

static SCHEME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z][A-Za-z0-9+.-]*:").expect("valid regex"));

/// File extensions copied into the site even from outside the documentation folders.
const ASSET_EXTENSIONS: &[&str] = &[
    "png",
    "jpg",
    "jpeg",
    "gif",
    "svg",
    "webp",
    "avif",
    "ico",
    "bmp",
    "pdf",
    "mp4",
    "webm",
    "mp3",
    "drawio",
    "excalidraw",
];

pub use crate::util::paths::relative_url;

impl Resolver<'_> {
    fn href(&self, to_url: &str, query: &str, fragment: Option<&str>) -> String {
        let mut href = relative_url(self.from_file, to_url);
        href.push_str(query);
        if let Some(f) = fragment {
            href.push('#');
            href.push_str(f);
        }
        href
    }

    /// The relative `href` from this page, inside its member's folder of the portal, to a
    /// portal URL.
    fn member_href(
        &self,
        workspace: &crate::model::workspace::Membership,
        url: &str,
        fragment: Option<&str>,
    ) -> String {
        let from = format!("{}{}", workspace.site_base(), self.from_file);
        let mut href = relative_url(&from, url);
        if let Some(f) = fragment {
            href.push('#');
            href.push_str(f);
        }
        href
    }

    /// What a URL reaches when the browser resolves it from this page's own URL, as it does
    /// the URLs of raw HTML in an MkDocs site (`<img src="../../assets/x.png">` on the page
    /// `guide/setup/`): a published file or a page. `None` for anything else, and for URLs
    /// from the server's root, which depend on where the site is hosted.
    fn in_site(&self, dest: &str) -> Option<Target> {
        let (rest, fragment) = match dest.split_once('#') {
            Some((rest, fragment)) => (rest, Some(paths::percent_decode(fragment))),
            None => (dest, None),
        };
        let path = rest.split_once('?').map_or(rest, |(p, _)| p);
        if path.starts_with('/') || path.is_empty() {
            return None;
        }
        let site = paths::join(paths::parent(self.from_file), &paths::percent_decode(path))?;
        if let Some(source) = self
            .layout
            .sources_of(&site)
            .into_iter()
            .find(|s| self.model.files.contains(s))
        {
            return Some(Target::File { source });
        }
        let folder = site.trim_end_matches('/');
        let doc = self.model.docs.iter().position(|d| {
            let file = d.page.file.as_str();
            file == site
                || file
                    .strip_suffix("index.html")
                    .map(|f| f.trim_end_matches('/'))
                    == Some(folder)
        })?;
        Some(Target::Page { doc, fragment })
    }

    fn page_target(&self, path: &str) -> Option<usize> {
        if let Some(i) = self.model.doc_index(path) {
            return Some(i);
        }
        // A link written against the published site to a page that exists: `x.html`, or
        // `x/` (MkDocs' pretty URL of `x.md`) where no folder `x` is.
        if !paths::file_name(path).contains('.') && !self.model.dirs.contains(path) {
            return ["md", "markdown"]
                .iter()
                .find_map(|ext| self.model.doc_index(&format!("{path}.{ext}")));
        }
        let stem = path.strip_suffix(".html")?;
        ["md", "markdown"]
            .iter()
            .find_map(|ext| self.model.doc_index(&format!("{stem}.{ext}")))
    }

    fn folder_index(&self, dir: &str) -> Option<usize> {
        [
            "index.md",
            "index.markdown",
            "README.md",
            "readme.md",
            "README.markdown",
        ]
        .iter()
        .find_map(|name| {
            let source = if dir.is_empty() {
                (*name).to_string()
            } else {
                format!("{dir}/{name}")
            };
            self.model.doc_index(&source)
        })
    }
}

impl LinkResolver for Resolver<'_> {
    type Target = Target;

    fn glossary(&self) -> Option<super::terms::GlossaryUse<'_>> {
        self.glossary
    }

    fn snippet_up(&self) -> usize {
        self.up
    }

    fn links_code(&self) -> bool {
        self.permalinks.enabled()
    }

    fn read_snippet(&self, path: &str) -> Result<String, Option<String>> {
        let file = self.root.join(path);
        let meta = match std::fs::metadata(&file) {
            Ok(meta) if meta.is_file() => meta,
            Ok(_) => return Err(Some("it is not a file".to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(None),
            Err(e) => return Err(Some(e.to_string())),
        };
        // A symbolic link may lead out of the repository (the project outside git): snippets
        // stay inside it.
        let top = self.root.ancestors().nth(self.up).unwrap_or(self.root);
        let inside = match (file.canonicalize(), top.canonicalize()) {
            (Ok(file), Ok(top)) => file.starts_with(top),
            _ => false,
        };
        if !inside {
            return Err(Some("it leads outside the repository".to_string()));
        }
        if meta.len() > 16 << 20 {
            return Err(Some(format!(
                "it is {} MB; snippets are at most 16 MB",
                meta.len() >> 20
            )));
        }
        let bytes = std::fs::read(&file).map_err(|e| Some(e.to_string()))?;
        crate::load::decode::decode(bytes).map_err(|e| Some(e.message()))
    }

    fn resolve_in_html(&self, dest: &str, kind: LinkKind) -> (Option<String>, Target) {
        let (href, target) = self.resolve(dest, kind);
        if !matches!(target, Target::Missing { .. } | Target::Escapes) {
            return (href, target);
        }
        // Not found from the markdown file: as the browser will read it, kept as written.
        match self.in_site(dest.trim()) {
            Some(found) => (None, found),
            None => (href, target),
        }
    }

    fn resolve(&self, dest: &str, _kind: LinkKind) -> (Option<String>, Target) {
        let dest = dest.trim();
        if dest.is_empty() {
            return (None, Target::Empty);
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            return (None, Target::Anchor(paths::percent_decode(fragment)));
        }
        if let Some(workspace) = self.workspace {
            let (reference, fragment) = dest.split_once('#').unwrap_or((dest, ""));
            match workspace.cross_reference(reference) {
                Some(Ok(url)) => {
                    let url = url.to_string();
                    let fragment = (!fragment.is_empty()).then_some(fragment);
                    return (
                        Some(self.member_href(workspace, &url, fragment)),
                        Target::Member { url },
                    );
                }
                Some(Err(reason)) => return (None, Target::MemberMissing { reason }),
                None => {}
            }
        }
        if dest.starts_with("//") || SCHEME.is_match(dest) {
            return (None, Target::External);
        }
        let (rest, fragment) = match dest.find('#') {
            Some(i) => (&dest[..i], Some(&dest[i + 1..])),
            None => (dest, None),
        };
        let (path_part, query) = match rest.find('?') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let decoded = paths::percent_decode(path_part);
        let (base, reference) = match decoded.strip_prefix('/') {
            Some(from_root) => ("", from_root.to_string()),
            None => (paths::parent(self.from_source), decoded),
        };
        let Some(path) = paths::join_up(base, &reference, self.up) else {
            return (None, Target::Escapes);
        };
        let decoded_fragment = fragment.map(paths::percent_decode);

        if let Some(doc) = self.page_target(&path) {
            let url = &self.model.docs[doc].page.url;
            let href = self.href(url, query, fragment);
            return (
                Some(href),
                Target::Page {
                    doc,
                    fragment: decoded_fragment,
                },
            );
        }
        if self.model.dirs.contains(&path) {
            if let Some(doc) = self.folder_index(&path) {
                let url = &self.model.docs[doc].page.url;
                return (
                    Some(self.href(url, query, fragment)),
                    Target::Page {
                        doc,
                        fragment: decoded_fragment,
                    },
                );
            }
            let site_folder = self.layout.site_path(&path);
            let url = self.layout.folder_page(&site_folder).url;
            return (
                Some(self.href(&url, query, fragment)),
                Target::Folder { site_folder },
            );
        }
        if self.model.files.contains(&path) {
            let url = paths::encode_path(&self.layout.site_path(&path));
            return (
                Some(self.href(&url, query, fragment)),
                Target::File { source: path },
            );
        }
        if let Some(page) = self.generated.get(&path) {
            return (
                Some(self.href(&page.url, query, fragment)),
                Target::Generated {
                    file: page.file.clone(),
                },
            );
        }
        if let Some(workspace) = self.workspace
            && let Some(url) = workspace.page_of(&path)
        {
            let url = url.to_string();
            return (
                Some(self.member_href(workspace, &url, fragment)),
                Target::Member { url },
            );
        }
        let absolute = self.root.join(&path);
        if !absolute.exists() {
            return (None, Target::Missing { path });
        }
        if self.layout.root_of(&path).is_none()
            && !path.starts_with("../")
            && ASSET_EXTENSIONS.contains(&paths::extension(&path).as_str())
            && absolute.is_file()
        {
            let url = paths::encode_path(&self.layout.site_path(&path));
            return (
                Some(self.href(&url, query, fragment)),
                Target::File { source: path },
            );
        }
        let href = if absolute.is_dir() {
            self.permalinks.folder(&path)
        } else {
            self.permalinks.file(&path, fragment)
        };
        match href {
            Some(href) => (Some(href), Target::Repo { path }),
            None => (None, Target::OutsideDocs { path }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::relative_url;

    #[test]
    fn relative_urls_climb_only_as_needed() {
        assert_eq!(relative_url("adr/a.html", "adr/b.html"), "b.html");
        assert_eq!(relative_url("adr/a.html", "sad/b.html"), "../sad/b.html");
        assert_eq!(
            relative_url("blog/index.html", "./"),
            "../",
            "the home page"
        );
        assert_eq!(relative_url("index.html", "./"), "./");
        assert_eq!(relative_url("index.html", "adr/b.html"), "adr/b.html");
        assert_eq!(
            relative_url("sad/views/x.html", "index.html"),
            "../../index.html"
        );
        assert_eq!(relative_url("adr/a/index.html", "adr/b/"), "../b/");
        assert_eq!(relative_url("adr/index.html", "adr/"), "./");
    }
}
