//! What a pipeline is set up with: the [`Options`] a command builds with, the theme it renders
//! with, the output folders it may not replace, and how long each stage took.

use std::path::{Path, PathBuf};

use super::markdown_memo::MarkdownMemo;
use crate::load::project::Project;
use crate::render::markdown::highlight;
use crate::render::markdown::highlight_cache::BlockCache;
use crate::render::page_memo::PageMemo;
use crate::render::search::memo::SearchMemo;
use crate::render::theme::Theme;
use crate::util::diag::Diagnostic;

/// How to build, beyond the project.
#[derive(Debug, Clone)]
pub struct Options {
    /// Absolute folders never to read as sources (the output folder).
    pub exclude: Vec<PathBuf>,
    /// Highlight code blocks; checks, which discard the HTML, do not.
    pub highlight: bool,
    /// Read who changed each page from git (pages show it; checks do not need it).
    pub history: bool,
    /// Build the search index (the site needs it; checks do not).
    pub search: bool,
    /// Render pages through the theme; checks only need to know which pages there are.
    pub pages: crate::render::PageOutput,
    /// Hand out the pages search would index ([`crate::pipeline::Built::search_pages`]), for
    /// a workspace's one index over every member.
    pub keep_search_pages: bool,
    /// The syntax definitions highlighting uses: builds given the same value load them once.
    pub syntaxes: highlight::Syntaxes,
    /// Highlighted blocks kept between builds (the caller saves it when the build is done).
    pub block_cache: Option<std::sync::Arc<BlockCache>>,
    /// Each page's search entry kept between builds, in the same folder (saved likewise).
    pub search_memo: Option<std::sync::Arc<SearchMemo>>,
    /// Each document's rendered markdown kept between builds (saved likewise).
    pub markdown_memo: Option<std::sync::Arc<MarkdownMemo>>,
    /// Each page's HTML kept between builds (saved likewise).
    pub page_memo: Option<std::sync::Arc<PageMemo>>,
}

impl Options {
    /// A whole site, as `sadoc build` makes it, never reading `exclude` (the output folder).
    pub fn site(exclude: Vec<PathBuf>) -> Options {
        Options {
            exclude,
            highlight: true,
            history: true,
            search: true,
            pages: crate::render::PageOutput::Html,
            keep_search_pages: false,
            syntaxes: highlight::Syntaxes::default(),
            block_cache: None,
            search_memo: None,
            markdown_memo: None,
            page_memo: None,
        }
    }

    /// What `sadoc check` needs: the model, the markdown's links and the findings; no
    /// highlighting, history, search, or pages through the theme (which pages there are is
    /// all links need; template problems are `sadoc build`'s).
    pub fn check() -> Options {
        Options {
            exclude: Vec::new(),
            highlight: false,
            history: false,
            search: false,
            pages: crate::render::PageOutput::Names,
            keep_search_pages: false,
            syntaxes: highlight::Syntaxes::default(),
            block_cache: None,
            search_memo: None,
            markdown_memo: None,
            page_memo: None,
        }
    }

    /// These options, keeping highlighted blocks and search entries in `project`'s cache
    /// folder (see [`Project::cache_dir`]) unless its configuration turns the cache off.
    pub fn with_cache(self, project: &Project, env: &dyn Fn(&str) -> Option<String>) -> Options {
        let dir = project.cache_dir(env);
        Options {
            block_cache: dir
                .as_ref()
                .map(|dir| std::sync::Arc::new(BlockCache::open(dir))),
            search_memo: dir
                .as_ref()
                .map(|dir| std::sync::Arc::new(SearchMemo::open(dir))),
            markdown_memo: dir
                .as_ref()
                .map(|dir| std::sync::Arc::new(MarkdownMemo::open(dir))),
            page_memo: dir.map(|dir| std::sync::Arc::new(PageMemo::open(dir))),
            ..self
        }
    }

    /// Saves every file of the build cache these options keep (none when they keep none):
    /// what each save did, or why it could not write.
    pub fn save_cache(&self) -> CacheSaved {
        // Each file is written apart from the others: side by side.
        let ((blocks, search), (markdown, pages)) = rayon::join(
            || {
                rayon::join(
                    || self.block_cache.as_ref().map(|c| c.save()),
                    || self.search_memo.as_ref().map(|m| m.save()),
                )
            },
            || {
                rayon::join(
                    || self.markdown_memo.as_ref().map(|m| m.save()),
                    || self.page_memo.as_ref().map(|m| m.save()),
                )
            },
        );
        CacheSaved {
            blocks,
            search,
            markdown,
            pages,
        }
    }

    /// A live preview: a whole site (its rebuilds find unchanged blocks in the block cache).
    pub fn preview(exclude: Vec<PathBuf>) -> Options {
        Options::site(exclude)
    }
}

/// What saving the build cache did, file by file (`None`: the build kept no such file).
#[derive(Debug)]
pub struct CacheSaved {
    /// The highlighted blocks.
    pub blocks: Option<Result<crate::render::markdown::highlight_cache::Saved, String>>,
    /// The pages' search entries.
    pub search: Option<Result<crate::util::memo::Saved, String>>,
    /// The documents' rendered markdown.
    pub markdown: Option<Result<crate::util::memo::Saved, String>>,
    /// The pages' HTML.
    pub pages: Option<Result<crate::util::memo::Saved, String>>,
}

impl CacheSaved {
    /// Why files could not be written.
    pub fn problems(&self) -> Vec<&str> {
        let search = [&self.search, &self.markdown, &self.pages]
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_ref().err());
        self.blocks
            .iter()
            .filter_map(|r| r.as_ref().err())
            .chain(search)
            .map(String::as_str)
            .collect()
    }
}

/// The project's theme: the built-in one with `theme.dir`'s files over it.
pub fn load_theme(project: &Project) -> Result<Theme, Vec<Diagnostic>> {
    let config = &project.config;
    let dir = config.theme.dir.as_ref().map(|d| project.path(d));
    if let (Some(path), Some(shown)) = (&dir, &config.theme.dir)
        && !path.is_dir()
    {
        return Err(vec![
            Diagnostic::error(
                "theme/missing",
                crate::load::project::CONFIG_FILE,
                format!("`theme.dir` is `{shown}`, which is not a folder"),
            )
            .with_help("create the folder or remove `theme.dir`"),
        ]);
    }
    let mut extra = vec![(
        "highlight.css".to_string(),
        highlight::stylesheet().into_bytes(),
    )];
    let mut problems = Vec::new();
    for (key, stem, configured) in [
        ("logo", "logo", &config.theme.logo),
        ("favicon", "site-favicon", &config.theme.favicon),
    ] {
        let Some(path) = configured else { continue };
        match std::fs::read(project.path(path)) {
            Ok(bytes) => {
                let extension = crate::util::paths::extension(path);
                extra.push((format!("{stem}.{extension}"), bytes));
            }
            Err(e) => problems.push(
                Diagnostic::error(
                    "theme/missing",
                    crate::load::project::CONFIG_FILE,
                    format!("`theme.{key}` is `{path}`, which cannot be read: {e}"),
                )
                .with_help("give a path relative to the folder of sadoc.yml, or remove the key"),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Theme::load(
        dir.as_deref(),
        config.theme.dir.as_deref().unwrap_or("theme"),
        config.lang,
        extra,
    )
}

/// Why an output folder may not be used.
pub fn check_output_dir(project: &Project, out: &Path) -> Result<(), String> {
    let out = crate::load::project::absolute(out);
    let mut protected = vec![("the project folder", project.root.clone())];
    let config = &project.config;
    let dirs = config.source_dirs();
    for (what, dir) in &dirs {
        protected.push((what.as_str(), project.path(dir)));
    }
    for (what, dir) in protected {
        if dir.starts_with(&out) {
            return Err(format!(
                "the output folder `{}` would replace {what} (`{}`)\n  help: choose an --out outside your sources, such as `site/`",
                out.display(),
                dir.display()
            ));
        }
    }
    Ok(())
}
