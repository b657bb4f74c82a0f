//! `sadoc.yml`: the project configuration, parsed and validated.
//!
//! Every table has a real default and rejects unknown keys, so a typo such as `ard:` is an error
//! that names the key and the file instead of a silently ignored setting. Parsing does no I/O
//! beyond what the caller hands in; finding the file is [`crate::load::project`]'s job.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub use crate::model::layout::UrlStyle;
pub use crate::model::sad::SadProfile;
pub use crate::model::viewpoint::ViewpointConfig;

mod colour;
mod tables;
pub use crate::model::owners::FolderOwners;
pub use crate::model::review::ReviewConfig;
pub use colour::HeaderColour;
pub use tables::*;

/// The whole `sadoc.yml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Site title (required).
    pub title: String,
    /// Public URL of the site, used only for `sitemap.xml` and canonical links.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The repository hosting the project, for permalinks and "edit this page".
    #[serde(default)]
    pub repo: Option<RepoConfig>,
    /// Where the Software Architecture Document lives.
    #[serde(default)]
    pub sad: SadConfig,
    /// Where the Architecture Decision Records live.
    #[serde(default)]
    pub adr: AdrConfig,
    /// Where other documentation lives.
    #[serde(default)]
    pub docs: DocsConfig,
    /// Team-defined viewpoints beside the built-in ones.
    #[serde(default)]
    pub viewpoints: Vec<ViewpointConfig>,
    /// Settings of `sadoc check`.
    #[serde(default)]
    pub check: CheckConfig,
    /// Settings of `sadoc deploy`.
    #[serde(default)]
    pub deploy: DeployConfig,
    /// Theme overrides.
    #[serde(default)]
    pub theme: ThemeConfig,
    /// How diagrams other than Mermaid are drawn.
    #[serde(default)]
    pub diagrams: DiagramsConfig,
    /// What builds keep between runs.
    #[serde(default)]
    pub cache: CacheConfig,
    /// URL style of the output.
    #[serde(default)]
    pub urls: UrlStyle,
    /// Language of the theme's UI strings.
    #[serde(default)]
    pub lang: Lang,
    /// Document glob → code globs, for documents that cannot carry front matter.
    #[serde(default)]
    pub governs: BTreeMap<String, Vec<String>>,
    /// Options of the markdown dialect.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// An explicit navigation (MkDocs' `nav:` shape, paths from the project root); without
    /// it the navigation follows the folders.
    #[serde(default)]
    pub nav: Option<Vec<crate::model::nav::NavEntry>>,
    /// An `mkdocs.yml` whose settings this file extends (its keys win).
    #[serde(default)]
    pub mkdocs: Option<String>,
    /// A workspace's member projects: folders (globs from this file's folder) each holding a
    /// `sadoc.yml` (or `mkdocs.yml`). With it, this project builds the portal over them.
    #[serde(default)]
    pub projects: Vec<String>,
    /// This project's short name in a workspace: its folder in the portal and the `name:` of
    /// `name:ADR-0003` references (default: from its folder's name).
    #[serde(default)]
    pub name: Option<String>,
    /// Warnings fail `sadoc build` and `sadoc deploy`, as `--strict` makes them (MkDocs'
    /// `strict: true`).
    #[serde(default)]
    pub strict: bool,
    /// How serious each kind of link problem is (MkDocs' `validation:`).
    #[serde(default)]
    pub validation: ValidationConfig,
    /// A blog, as mkdocs-material's blog plugin makes one (`plugins: [blog]` in MkDocs
    /// projects).
    #[serde(default)]
    pub blog: Option<crate::load::blog::BlogConfig>,
    /// Owners per folder, for documents whose front matter names none (before CODEOWNERS).
    #[serde(default)]
    pub owners: FolderOwners,
    /// How often documents are reviewed.
    #[serde(default)]
    pub review: ReviewConfig,
    /// Whether the site is built as one version of a versioned site (`sadoc versions
    /// deploy` sets it; never read from the file): its pages get the version selector.
    #[serde(skip)]
    pub versioned: bool,
}

/// A `sadoc.yml` that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// The config file as the user should see it.
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<u64>,
    /// 1-based column, when known.
    pub column: Option<u64>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.path, self.message),
            (Some(l), None) => write!(f, "{}:{l}: {}", self.path, self.message),
            _ => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl Config {
    /// Where this configuration publishes each source folder.
    pub fn layout(&self) -> crate::model::Layout {
        crate::model::Layout::new(&self.docs.dir, &self.sad.dir, &self.adr.dir, self.urls)
            .with_adr_packages(&self.adr.packages)
    }

    /// Every folder documents are read from: `docs.dir`, `sad.dir`, `adr.dir` and the ADR
    /// folders of `adr.packages`, with the key each comes from.
    pub fn source_dirs(&self) -> Vec<(String, &str)> {
        let mut dirs = vec![
            ("docs.dir".to_string(), self.docs.dir.as_str()),
            ("sad.dir".to_string(), self.sad.dir.as_str()),
            ("adr.dir".to_string(), self.adr.dir.as_str()),
        ];
        for (name, dir) in &self.adr.packages {
            dirs.push((format!("adr.packages.{name}"), dir.as_str()));
        }
        dirs
    }

    /// Parses and validates the text of a `sadoc.yml`; `path` is only used in messages.
    pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
        let error = |line, column, message: String| ConfigError {
            path: path.to_string(),
            line,
            column,
            message,
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            return Err(error(
                None,
                None,
                "the file is empty; it needs at least a `title:` line".to_string(),
            ));
        }
        let mut config: Config = serde_saphyr::from_str(text).map_err(|e| {
            let location = e.location();
            error(
                location.map(|l| l.line()),
                location.map(|l| l.column()),
                crate::util::yaml::message(&e),
            )
        })?;
        config.validate().map_err(|m| error(None, None, m))?;
        Ok(config)
    }

    /// Reads a configuration from an already parsed value (an `mkdocs.yml` translated, or
    /// `sadoc.yml` merged over one); `path` names it in errors.
    pub fn from_value(value: serde_json::Value, path: &str) -> Result<Config, ConfigError> {
        let error = |message: String| ConfigError {
            path: path.to_string(),
            line: None,
            column: None,
            message,
        };
        let mut config: Config = serde_json::from_value(value)
            .map_err(|e| error(crate::util::yaml::clean(&e.to_string())))?;
        config.validate().map_err(error)?;
        Ok(config)
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.title.trim().is_empty() {
            return Err("`title` must not be empty".to_string());
        }
        if !(1..=9).contains(&self.adr.digits) {
            return Err(format!(
                "`adr.digits` is {}; it must be between 1 and 9",
                self.adr.digits
            ));
        }
        for (key, dir) in [
            ("sad.dir", &mut self.sad.dir),
            ("adr.dir", &mut self.adr.dir),
            ("docs.dir", &mut self.docs.dir),
        ] {
            *dir = crate::util::paths::clean_config_dir(dir).ok_or_else(|| {
                format!("`{key}` is `{dir}`; it must be a folder inside the project (no `..`, not absolute)")
            })?;
        }
        for (name, dir) in self.adr.packages.iter_mut() {
            let valid_name = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if !valid_name {
                return Err(format!(
                    "`adr.packages` has a package named `{name}`; a package's name is letters, digits, `-`, `_` and `.`"
                ));
            }
            *dir = crate::util::paths::clean_config_dir(dir).ok_or_else(|| {
                format!("`adr.packages.{name}` is `{dir}`; it must be a folder inside the project (no `..`, not absolute)")
            })?;
        }
        if let Some(theme_dir) = &self.theme.dir
            && crate::util::paths::clean_config_dir(theme_dir).is_none()
        {
            return Err(format!(
                "`theme.dir` is `{theme_dir}`; it must be a folder inside the project"
            ));
        }
        self.adr.statuses = std::mem::take(&mut self.adr.statuses)
            .into_iter()
            .map(|(word, status)| (word.trim().to_lowercase(), status))
            .collect();
        if let Some(url) = &mut self.base_url
            && !url.ends_with('/')
        {
            url.push('/');
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_defaults() {
        let c = Config::parse("title: Arch\n", "sadoc.yml").unwrap();
        assert_eq!(c.sad.dir, "docs/sad");
        assert_eq!(c.adr.dir, "docs/adr");
        assert_eq!(c.adr.digits, 4);
        assert_eq!(c.urls, UrlStyle::Flat);
    }

    #[test]
    fn unknown_key_is_named_with_its_position() {
        let e = Config::parse("title: Arch\nard: { dir: x }\n", "sadoc.yml").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("`ard`"), "{e}");
    }

    #[test]
    fn unknown_nested_key_is_named() {
        let e = Config::parse("title: Arch\nadr:\n  dri: x\n", "sadoc.yml").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("`dri`"), "{e}");
    }

    #[test]
    fn dirs_are_normalised_and_must_stay_inside() {
        let c = Config::parse("title: A\ndocs: { dir: ./docs/ }\n", "sadoc.yml").unwrap();
        assert_eq!(c.docs.dir, "docs");
        let e = Config::parse("title: A\nadr: { dir: ../x }\n", "sadoc.yml").unwrap_err();
        assert!(e.message.contains("adr.dir"), "{e}");
    }
}

#[cfg(test)]
mod layout_tests {
    use crate::load::config::Config;
    use crate::model::layout::*;

    fn layout(yaml: &str) -> Layout {
        Config::parse(yaml, "sadoc.yml").unwrap().layout()
    }

    #[test]
    fn pages_mirror_sources_relative_to_docs() {
        let l = layout("title: T\n");
        assert_eq!(
            l.page("docs/adr/0007-use-kafka.md", false),
            SitePage {
                file: "adr/0007-use-kafka.html".into(),
                url: "adr/0007-use-kafka.html".into()
            }
        );
        assert_eq!(l.page("docs/index.md", true).file, "index.html");
        assert_eq!(l.page("docs/sad/README.md", true).file, "sad/index.html");
        assert_eq!(l.root_of("docs/adr/x.md").unwrap().section, Section::Adr);
        assert_eq!(l.root_of("docs/sad/x.md").unwrap().section, Section::Sad);
        assert_eq!(l.root_of("docs/x.md").unwrap().section, Section::Docs);
        assert!(l.root_of("src/x.rs").is_none());
    }

    #[test]
    fn pretty_urls_end_in_a_slash() {
        let l = layout("title: T\nurls: pretty\n");
        let p = l.page("docs/adr/0007-use-kafka.md", false);
        assert_eq!(p.file, "adr/0007-use-kafka/index.html");
        assert_eq!(p.url, "adr/0007-use-kafka/");
        assert_eq!(l.folder_page("").url, "./");
    }

    #[test]
    fn folders_outside_docs_get_their_own_prefix() {
        let l = layout("title: T\nadr: { dir: adr }\ndocs: { dir: docs }\n");
        assert_eq!(l.page("adr/0001-x.md", false).file, "adr/0001-x.html");
        assert_eq!(l.site_path("images/a.png"), "_files/images/a.png");
    }

    #[test]
    fn spaces_are_encoded_in_urls_but_not_in_files() {
        let l = layout("title: T\n");
        let p = l.page("docs/my page.md", false);
        assert_eq!(p.file, "my page.html");
        assert_eq!(p.url, "my%20page.html");
    }
}
