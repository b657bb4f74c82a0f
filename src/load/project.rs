//! Finding the project: the folder holding `sadoc.yml`, searched upward from where sadoc runs.
//!
//! A [`Project`] is the root folder plus its parsed [`Config`]; every later stage takes one.
//! Nothing here reads documentation files.

use std::path::{Path, PathBuf};

use crate::load::config::{Config, ConfigError};

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
}

/// Why no project could be opened.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// No `sadoc.yml` in the start folder or above.
    #[error(
        "no {CONFIG_FILE} found in `{}` or any parent folder\n  help: run `sadoc init` to create a project there, or pass --config PATH",
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
    /// Finds `sadoc.yml` in `start` or the nearest parent folder that has one, and loads it.
    pub fn discover(start: &Path) -> Result<Project, ProjectError> {
        let start = absolute(start);
        let mut dir = Some(start.as_path());
        while let Some(d) = dir {
            let candidate = d.join(CONFIG_FILE);
            if candidate.is_file() {
                return Project::open(&candidate);
            }
            dir = d.parent();
        }
        Err(ProjectError::NotFound { start })
    }

    /// Loads the project whose configuration file is `config_path`.
    pub fn open(config_path: &Path) -> Result<Project, ProjectError> {
        let config_path = absolute(config_path);
        let bytes = std::fs::read(&config_path).map_err(|source| ProjectError::Read {
            path: config_path.clone(),
            source,
        })?;
        let shown = config_path.display().to_string();
        let text = String::from_utf8(bytes).map_err(|e| ConfigError {
            path: shown.clone(),
            line: None,
            column: None,
            message: format!(
                "the file is not valid UTF-8 (byte {}); save it as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        })?;
        let config = Config::parse(&text, &shown)?;
        let root = config_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Ok(Project {
            root,
            config_path,
            config,
            config_text: text,
        })
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

/// Makes a path absolute against the current directory without resolving symlinks.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
