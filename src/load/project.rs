//! Finding the project: the folder holding `sadoc.yml` — or, for an MkDocs project that has
//! none, `mkdocs.yml` — searched upward from where sadoc runs.
//!
//! A [`Project`] is the root folder plus its parsed [`Config`]; every later stage takes one.
//! A `sadoc.yml` that says `mkdocs: mkdocs.yml` extends that file's settings. Nothing here
//! reads documentation files.

use std::path::{Path, PathBuf};

use crate::load::config::{Config, ConfigError};
use crate::load::mkdocs;

/// The name of the configuration file that marks a project root.
pub const CONFIG_FILE: &str = "sadoc.yml";

/// A project: its root folder and configuration.
#[derive(Debug, Clone)]
pub struct Project {
    /// Absolute path of the folder holding the configuration.
    pub root: PathBuf,
    /// Absolute path of the configuration file.
    pub config_path: PathBuf,
    /// The parsed configuration.
    pub config: Config,
    /// The configuration's text, for the lines of findings about it.
    pub config_text: String,
    /// What reading `mkdocs.yml` found: settings mapped (info) and not mapped (warnings).
    pub notes: Vec<crate::util::diag::Diagnostic>,
    /// Where the project folder sits below the root of its git repository (`""` at the
    /// root); `None` outside git, where the project folder is the root code paths are named
    /// from — or, for a workspace's member, the workspace's folder (set when the workspace is
    /// opened).
    pub repo_prefix: Option<String>,
    /// Its place in a workspace, when it is built as one's member or portal: where the other
    /// members' pages are, for links into them.
    pub membership: Option<crate::model::workspace::Membership>,
    /// Pages sadoc writes itself rather than reads (a workspace portal's home, combined
    /// decision log and code map), by source path; a file on disk at the same path wins.
    pub generated: std::collections::BTreeMap<String, String>,
}

/// Why no project could be opened.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// No `sadoc.yml` (or `mkdocs.yml`) in the start folder or above.
    #[error(
        "no {CONFIG_FILE} (or mkdocs.yml) found in `{}` or any parent folder\n  help: run `sadoc init` to create a project there, or pass --config PATH",
        start.display()
    )]
    NotFound {
        /// Where the search started.
        start: PathBuf,
    },
    /// The configuration file exists but could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The configuration file is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
}

impl Project {
    /// Where `sadoc build` writes by default: `site/` beside the configuration file (as MkDocs'
    /// `site_dir`), which is the project root unless an `mkdocs.yml` reads docs from above.
    pub fn output_dir(&self) -> PathBuf {
        self.config_path.parent().unwrap_or(&self.root).join("site")
    }

    /// Finds `sadoc.yml` in `start` or the nearest parent folder that has one (or, in a folder
    /// without one, `mkdocs.yml`), and loads it.
    pub fn discover(start: &Path) -> Result<Project, ProjectError> {
        let start = absolute(start);
        let mut dir = Some(start.as_path());
        while let Some(d) = dir {
            let candidates = std::iter::once(CONFIG_FILE).chain(mkdocs::FILE_NAMES.iter().copied());
            for name in candidates {
                let candidate = d.join(name);
                if candidate.is_file() {
                    return Project::open(&candidate);
                }
            }
            dir = d.parent();
        }
        Err(ProjectError::NotFound { start })
    }

    /// Loads the project whose configuration file is `config_path` (`sadoc.yml`, or any
    /// `mkdocs.yml`).
    pub fn open(config_path: &Path) -> Result<Project, ProjectError> {
        let config_path = absolute(config_path);
        let text = read_text(&config_path)?;
        let config_folder = config_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let mut root = config_folder.clone();
        let shown = config_path.display().to_string();
        let is_mkdocs = config_path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| mkdocs::FILE_NAMES.contains(&n));
        let (config, notes) = if is_mkdocs {
            // `hack/mkdocs.yml` with `docs_dir: ../docs`: the project is the folder above.
            let climb = mkdocs::climb_of_docs_dir(&text);
            if let Some(up) = config_folder.ancestors().nth(climb) {
                root = up.to_path_buf();
            }
            let import = import_mkdocs(&root, &config_path, &text)?;
            let config = Config::from_value(serde_json::Value::Object(import.config), &shown)?;
            (config, import.findings)
        } else {
            let config = Config::parse(&text, &shown)?;
            match config.mkdocs.clone() {
                None => (config, Vec::new()),
                Some(mkdocs_file) => {
                    let path = crate::util::paths::clean_config_dir(&mkdocs_file)
                        .map(|p| root.join(p))
                        .ok_or_else(|| ConfigError {
                            path: shown.clone(),
                            line: None,
                            column: None,
                            message: format!(
                                "`mkdocs` is `{mkdocs_file}`; it must be a file inside the project"
                            ),
                        })?;
                    let mk_text = read_text(&path)?;
                    let import = import_mkdocs(&root, &path, &mk_text)?;
                    let own: serde_json::Value = serde_saphyr::from_str(&text).unwrap_or_default();
                    let mut merged = serde_json::Value::Object(import.config);
                    merge(&mut merged, own);
                    let config = Config::from_value(merged, &shown)?;
                    (config, import.findings)
                }
            }
        };
        let repo_prefix = crate::load::git::prefix_of(&root);
        Ok(Project {
            root,
            config_path,
            config,
            config_text: text,
            notes,
            repo_prefix,
            membership: None,
            generated: std::collections::BTreeMap::new(),
        })
    }

    /// Where the project sits below the repository root, for naming code (`""` at the root and
    /// outside git).
    pub fn code_prefix(&self) -> &str {
        self.repo_prefix.as_deref().unwrap_or("")
    }

    /// How many folders a project path may climb (`../`) and stay inside the repository.
    pub fn code_depth(&self) -> usize {
        let prefix = self.code_prefix();
        if prefix.is_empty() {
            0
        } else {
            prefix.split('/').count()
        }
    }

    /// The folder builds keep their cache in (`cache.dir`, or `SADOC_CACHE_DIR` from `env`);
    /// `None` when `cache.enabled` is false.
    pub fn cache_dir(&self, env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
        let cache = &self.config.cache;
        if !cache.enabled {
            return None;
        }
        match env("SADOC_CACHE_DIR").filter(|d| !d.is_empty()) {
            Some(dir) => Some(absolute(Path::new(&dir))),
            None => Some(self.path(&cache.dir)),
        }
    }

    /// Absolute path of a project-relative, `/`-separated path.
    pub fn path(&self, relative: &str) -> PathBuf {
        if relative.is_empty() {
            self.root.clone()
        } else {
            self.root.join(relative)
        }
    }
}

/// Reads a configuration file as UTF-8.
fn read_text(path: &Path) -> Result<String, ProjectError> {
    let bytes = std::fs::read(path).map_err(|source| ProjectError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        ProjectError::Config(ConfigError {
            path: path.display().to_string(),
            line: None,
            column: None,
            message: format!(
                "the file is not valid UTF-8 (byte {}); save it as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        })
    })
}

/// Reads the `mkdocs.yml` at `path` of the project at `root`.
fn import_mkdocs(root: &Path, path: &Path, text: &str) -> Result<mkdocs::Import, ProjectError> {
    let shown = crate::util::paths::shown(path.strip_prefix(root).unwrap_or(path));
    let env = |name: &str| std::env::var(name).ok();
    let exists = |dir: &str| root.join(dir).is_dir();
    let config_dir = path
        .parent()
        .and_then(|folder| folder.strip_prefix(root).ok())
        .map(|rel| rel.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    mkdocs::import(text, &shown, &env, &exists, &config_dir).map_err(|e| {
        ProjectError::Config(ConfigError {
            path: path.display().to_string(),
            line: e.line,
            column: e.column,
            message: e.message,
        })
    })
}

/// Merges `over` into `base`: mappings key by key, anything else replaced.
fn merge(base: &mut serde_json::Value, over: serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(base), serde_json::Value::Object(over)) => {
            for (key, value) in over {
                match base.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, over) => *base = over,
    }
}

/// Makes a path absolute against the current directory without resolving symlinks.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
