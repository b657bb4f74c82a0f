//! An explicit navigation, as `nav:` in `sadoc.yml` or `mkdocs.yml` writes it: pages in order,
//! with optional titles, sections holding more entries, and external links.
//!
//! The YAML shape is MkDocs': each entry is a path (`adr/index.md`), a one-key map from a title
//! to a path or URL (`Home: index.md`, `GitLab: https://…`), or a one-key map from a title to a
//! list of entries (a section). Paths are project-relative here; the MkDocs reader prefixes
//! `docs_dir`.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// One entry of an explicit navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavEntry {
    /// A page of the project.
    Page {
        /// The title in the navigation (the page's own title when absent).
        title: Option<String>,
        /// Project-relative path of its source.
        path: String,
    },
    /// A link to another site.
    Link {
        /// The title.
        title: String,
        /// The URL.
        url: String,
    },
    /// A titled group of entries.
    Section {
        /// The title.
        title: String,
        /// What it holds.
        children: Vec<NavEntry>,
    },
}

/// Whether a nav target is a URL rather than a path.
pub fn is_url(target: &str) -> bool {
    target.contains("://") || target.starts_with("mailto:") || target.starts_with('/')
}

impl NavEntry {
    /// The entry for a path or URL with an optional title.
    fn target(title: Option<String>, target: String) -> NavEntry {
        match title {
            Some(title) if is_url(&target) => NavEntry::Link { title, url: target },
            None if is_url(&target) => NavEntry::Link {
                title: target.clone(),
                url: target,
            },
            title => NavEntry::Page {
                title,
                path: target,
            },
        }
    }

    /// Every page path of the navigation, in order.
    pub fn pages(entries: &[NavEntry]) -> Vec<&str> {
        let mut out = Vec::new();
        for entry in entries {
            match entry {
                NavEntry::Page { path, .. } => out.push(path.as_str()),
                NavEntry::Section { children, .. } => out.extend(NavEntry::pages(children)),
                NavEntry::Link { .. } => {}
            }
        }
        out
    }

    /// The same navigation with every page path changed by `f`.
    pub fn map_paths(entries: Vec<NavEntry>, f: &dyn Fn(&str) -> String) -> Vec<NavEntry> {
        entries
            .into_iter()
            .map(|entry| match entry {
                NavEntry::Page { title, path } => NavEntry::Page {
                    title,
                    path: f(&path),
                },
                NavEntry::Section { title, children } => NavEntry::Section {
                    title,
                    children: NavEntry::map_paths(children, f),
                },
                link => link,
            })
            .collect()
    }
}

impl<'de> Deserialize<'de> for NavEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Target(String),
            Titled(std::collections::BTreeMap<String, Value>),
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Value {
            Target(String),
            Children(Vec<NavEntry>),
        }
        match Raw::deserialize(d).map_err(|_| {
            de::Error::custom(
                "a nav entry is a path (`page.md`), `Title: page.md`, `Title: https://…` or `Title:` with a list of entries",
            )
        })? {
            Raw::Target(target) => Ok(NavEntry::target(None, target)),
            Raw::Titled(map) => {
                if map.len() != 1 {
                    return Err(de::Error::custom(format!(
                        "a nav entry has one title, this one has {}: {}",
                        map.len(),
                        map.keys().cloned().collect::<Vec<_>>().join(", ")
                    )));
                }
                let Some((title, value)) = map.into_iter().next() else {
                    return Err(de::Error::custom("a nav entry needs a title"));
                };
                Ok(match value {
                    Value::Target(target) => NavEntry::target(Some(title), target),
                    Value::Children(children) => NavEntry::Section { title, children },
                })
            }
        }
    }
}

impl Serialize for NavEntry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            NavEntry::Page { title: None, path } => s.serialize_str(path),
            NavEntry::Page {
                title: Some(title),
                path,
            } => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry(title, path)?;
                map.end()
            }
            NavEntry::Link { title, url } => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry(title, url)?;
                map.end()
            }
            NavEntry::Section { title, children } => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry(title, children)?;
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mkdocs_shapes_read_and_write_back() {
        let yaml = "- index.md\n- Guide:\n  - guide/index.md\n  - Setup: guide/setup.md\n- GitLab: https://gitlab.com/x\n";
        let nav: Vec<NavEntry> = serde_saphyr::from_str(yaml).unwrap();
        assert_eq!(
            nav,
            [
                NavEntry::Page {
                    title: None,
                    path: "index.md".into()
                },
                NavEntry::Section {
                    title: "Guide".into(),
                    children: vec![
                        NavEntry::Page {
                            title: None,
                            path: "guide/index.md".into()
                        },
                        NavEntry::Page {
                            title: Some("Setup".into()),
                            path: "guide/setup.md".into()
                        },
                    ]
                },
                NavEntry::Link {
                    title: "GitLab".into(),
                    url: "https://gitlab.com/x".into()
                },
            ]
        );
        let json = serde_json::to_value(&nav).unwrap();
        let back: Vec<NavEntry> = serde_json::from_value(json).unwrap();
        assert_eq!(back, nav);
        assert_eq!(
            NavEntry::pages(&nav),
            ["index.md", "guide/index.md", "guide/setup.md"]
        );
    }

    #[test]
    fn a_map_with_two_titles_is_refused() {
        let e = serde_saphyr::from_str::<Vec<NavEntry>>("- {A: a.md, B: b.md}\n").unwrap_err();
        assert!(e.to_string().contains("one title"), "{e}");
    }
}
