//! Layout: where each source file appears in the built site (DESIGN §4).
//!
//! Page URLs mirror source paths relative to the configured folders: `docs/adr/0007-x.md` is
//! published as `adr/0007-x.html` (`urls: flat`) or `adr/0007-x/` (`urls: pretty`). A folder
//! configured outside `docs.dir` is published under `adr/` or `sad/`. Files outside every
//! configured folder that pages reference (an image in the repository root) go under `_files/`.

use serde::{Deserialize, Serialize};

use crate::util::paths;

/// Which configured folder a file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// Under `sad.dir`.
    Sad,
    /// Under `adr.dir`.
    Adr,
    /// Under `docs.dir` but neither of the above.
    Docs,
}

/// A configured folder and the site folder it is published to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    /// Source folder, relative to the project root (`""` is the root itself).
    pub dir: String,
    /// Site folder it is published to (`""` is the site root).
    pub prefix: String,
    /// What it holds.
    pub section: Section,
    /// The package whose ADR folder this is (`adr.packages`); `None` for the configured three.
    pub package: Option<String>,
}

/// Where a page is written and how it is linked to, both relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SitePage {
    /// The file written, e.g. `adr/0007-x.html` or `adr/0007-x/index.html`.
    pub file: String,
    /// The URL used in links, percent-encoded, e.g. `adr/0007-x.html` or `adr/0007-x/`.
    pub url: String,
}

/// The mapping from source paths to site paths.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Configured folders, most specific first.
    roots: Vec<Root>,
    urls: UrlStyle,
    /// `docs.dir`.
    docs: String,
}

/// How page URLs look.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UrlStyle {
    /// `adr/0007-use-kafka.html`: works everywhere, including `file://`.
    #[default]
    Flat,
    /// `adr/0007-use-kafka/`: needs a host that serves `index.html` for folders.
    Pretty,
}

/// Site folder of files found outside every configured folder.
pub const EXTERNAL_FILES: &str = "_files";

impl Layout {
    /// The layout of a project whose documentation, SAD and ADR folders are `docs`, `sad`
    /// and `adr` (project-relative; `""` is the project folder).
    pub fn new(docs: &str, sad: &str, adr: &str, urls: UrlStyle) -> Layout {
        let docs = docs.to_string();
        let prefix_for = |dir: &str, fallback: &str| match paths::strip_dir(dir, &docs) {
            Some(rel) => rel.to_string(),
            None => fallback.to_string(),
        };
        let roots = vec![
            Root {
                dir: adr.to_string(),
                prefix: prefix_for(adr, "adr"),
                section: Section::Adr,
                package: None,
            },
            Root {
                dir: sad.to_string(),
                prefix: prefix_for(sad, "sad"),
                section: Section::Sad,
                package: None,
            },
            Root {
                dir: docs.clone(),
                prefix: String::new(),
                section: Section::Docs,
                package: None,
            },
        ];
        let mut layout = Layout { roots, urls, docs };
        layout.sort();
        layout
    }

    /// Adds the ADR folders of a monorepo's packages (`adr.packages`): each is published
    /// where it lies under `docs.dir`, else under `adr/<package>/`.
    pub fn with_adr_packages(
        mut self,
        packages: &std::collections::BTreeMap<String, String>,
    ) -> Layout {
        let adr_prefix = self.root(Section::Adr).prefix.clone();
        for (name, dir) in packages {
            let prefix = match paths::strip_dir(dir, &self.docs) {
                Some(rel) => rel.to_string(),
                None => join(&adr_prefix, name),
            };
            self.roots.push(Root {
                dir: dir.clone(),
                prefix,
                section: Section::Adr,
                package: Some(name.clone()),
            });
        }
        self.sort();
        self
    }

    /// Most specific folder first; on a tie the order of insertion (ADR, SAD, docs) wins.
    fn sort(&mut self) {
        self.roots.sort_by_key(|r| {
            std::cmp::Reverse(if r.dir.is_empty() {
                0
            } else {
                r.dir.matches('/').count() + 1
            })
        });
    }

    /// The configured folders, most specific first.
    pub fn roots(&self) -> &[Root] {
        &self.roots
    }

    /// The root of a section (for ADRs, `adr.dir`, not a package's folder).
    pub fn root(&self, section: Section) -> &Root {
        self.roots
            .iter()
            .find(|r| r.section == section && r.package.is_none())
            .unwrap_or(&self.roots[0])
    }

    /// The configured folder a source path lies in, if any.
    pub fn root_of(&self, source: &str) -> Option<&Root> {
        self.roots.iter().find(|r| paths::is_within(source, &r.dir))
    }

    /// The site path of any source file (`docs/img/a.png` → `img/a.png`).
    pub fn site_path(&self, source: &str) -> String {
        match self.root_of(source) {
            Some(root) => {
                let rel = paths::strip_dir(source, &root.dir).unwrap_or(source);
                join(&root.prefix, rel)
            }
            None => join(EXTERNAL_FILES, source),
        }
    }

    /// The source paths a site path may be published from, most specific folder first
    /// (`img/a.png` → `docs/img/a.png`); none for generated folders such as `_files/`.
    pub fn sources_of(&self, site: &str) -> Vec<String> {
        self.roots
            .iter()
            .filter_map(|root| {
                let rel = if root.prefix.is_empty() {
                    site
                } else {
                    paths::strip_dir(site, &root.prefix)?
                };
                Some(join(&root.dir, rel))
            })
            .collect()
    }

    /// Where the page of a markdown source goes. `is_index` marks a folder's index page
    /// (`index.md`, or `README.md` without an `index.md` beside it).
    pub fn page(&self, source: &str, is_index: bool) -> SitePage {
        let site = self.site_path(source);
        if is_index {
            self.folder_page(paths::parent(&site))
        } else {
            let without_ext = match site.rfind('.') {
                Some(i) if i > site.rfind('/').map_or(0, |s| s + 1) => &site[..i],
                _ => site.as_str(),
            };
            match self.urls {
                UrlStyle::Flat => {
                    let file = format!("{without_ext}.html");
                    SitePage {
                        url: paths::encode_path(&file),
                        file,
                    }
                }
                UrlStyle::Pretty => SitePage {
                    file: format!("{without_ext}/index.html"),
                    url: paths::encode_path(&format!("{without_ext}/")),
                },
            }
        }
    }

    /// A generated page at a site path without extension (`sad/completeness`).
    pub fn generated_page(&self, site_node: &str) -> SitePage {
        match self.urls {
            UrlStyle::Flat => {
                let file = format!("{site_node}.html");
                SitePage {
                    url: paths::encode_path(&file),
                    file,
                }
            }
            UrlStyle::Pretty => SitePage {
                file: format!("{site_node}/index.html"),
                url: paths::encode_path(&format!("{site_node}/")),
            },
        }
    }

    /// The index page of a site folder (`""` is the site root).
    pub fn folder_page(&self, site_folder: &str) -> SitePage {
        let file = join(site_folder, "index.html");
        let url = match self.urls {
            UrlStyle::Flat => file.clone(),
            UrlStyle::Pretty if site_folder.is_empty() => "./".to_string(),
            UrlStyle::Pretty => format!("{site_folder}/"),
        };
        SitePage {
            file,
            url: paths::encode_path(&url),
        }
    }
}

fn join(prefix: &str, rel: &str) -> String {
    match (prefix.is_empty(), rel.is_empty()) {
        (true, _) => rel.to_string(),
        (false, true) => prefix.to_string(),
        (false, false) => format!("{prefix}/{rel}"),
    }
}
