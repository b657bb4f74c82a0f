//! Watching the project: file-system events in, classified [`Event`]s out.
//!
//! [`classify`] is a pure function from changed paths to what they mean for the site, so it is
//! tested without a file system: `sadoc.yml`, a theme file, a markdown page, another file
//! in the documentation folders, a file pages insert as a snippet, or nothing (the output, hidden files, editor swap and backup
//! files, tools' temporary files, paths that came and went within the batch, code outside the
//! documentation folders). [`Watcher`] turns `notify`'s events into
//! batches: it waits until the project has been quiet for a moment, so an editor's
//! write-rename-delete dance becomes one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::load::walk::is_markdown;
use crate::util::paths::relative;

/// What a changed path means for the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Event {
    /// `sadoc.yml` changed: read it again and rebuild everything.
    Config,
    /// A file of the theme folder changed: reload the theme, render every page again.
    Theme,
    /// A markdown page changed, appeared or disappeared (its project-relative path).
    Page(String),
    /// Another file in the documentation folders (an image, a PDF…).
    File(String),
    /// A file pages insert as a snippet (anywhere in the project).
    Snippet(String),
}

/// Where things are, for classifying paths. All paths are absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The project root.
    pub root: PathBuf,
    /// The configuration files (`sadoc.yml`, and an `mkdocs.yml` it extends), and the files
    /// every page's macros may read (`include_yaml`, the Python module).
    pub config_files: Vec<PathBuf>,
    /// Folders every page may read from (the macros' `include_dir`): a change there rebuilds
    /// everything, as a configuration change does.
    pub config_dirs: Vec<PathBuf>,
    /// The theme folder, when there is one.
    pub theme_dir: Option<PathBuf>,
    /// The documentation folders (`docs.dir`, `sad.dir`, `adr.dir`).
    pub doc_dirs: Vec<PathBuf>,
    /// Folders never read (the build output).
    pub exclude: Vec<PathBuf>,
    /// Files pages insert as snippets.
    pub snippets: BTreeSet<PathBuf>,
    /// Names of folders never read (`docs.skip_folders`).
    pub skip_folders: Vec<String>,
}

/// Where a path stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presence {
    /// It is there now.
    pub exists: bool,
    /// The last build read it (a document, a file or a folder of the project).
    pub known: bool,
}

/// What changed paths mean for the site, without duplicates, in a stable order. `presence`
/// says where each path stands: a path that is neither there nor one the last build read came
/// and went within the batch (an editor's or a tool's temporary file) and means nothing.
pub fn classify(
    scope: &Scope,
    paths: &[PathBuf],
    presence: &dyn Fn(&Path) -> Presence,
) -> Vec<Event> {
    let mut events = BTreeSet::new();
    for path in paths {
        let Presence { exists, known } = presence(path);
        if !exists && !known {
            continue;
        }
        if let Some(event) = classify_one(scope, path, known) {
            events.insert(event);
        }
    }
    events.into_iter().collect()
}

fn classify_one(scope: &Scope, path: &Path, known: bool) -> Option<Event> {
    if scope.config_files.iter().any(|f| f == path) {
        return Some(Event::Config);
    }
    if scope.config_dirs.iter().any(|d| path.starts_with(d))
        && !scope.exclude.iter().any(|dir| path.starts_with(dir))
        && !is_editor_scratch(&path.file_name()?.to_string_lossy())
    {
        return Some(Event::Config);
    }
    if scope.exclude.iter().any(|dir| path.starts_with(dir)) {
        return None;
    }
    let name = path.file_name()?.to_string_lossy();
    if is_editor_scratch(&name) && !known {
        return None;
    }
    if let Some(theme) = &scope.theme_dir
        && path.starts_with(theme)
    {
        return Some(Event::Theme);
    }
    if scope.snippets.contains(path) {
        return relative(&scope.root, path).map(Event::Snippet);
    }
    if !scope.doc_dirs.iter().any(|dir| path.starts_with(dir)) {
        return None;
    }
    let source = relative(&scope.root, path)?;
    let never_read = source
        .split('/')
        .any(|part| part.starts_with('.') || scope.skip_folders.iter().any(|s| s == part));
    if never_read {
        return None;
    }
    if is_markdown(&source) {
        Some(Event::Page(source))
    } else {
        Some(Event::File(source))
    }
}

/// Files editors and tools write beside the one being saved: swap files, backups, lock files
/// and the temporary files of an atomic save (vim's `4913` and `.swp`, emacs' `#a.md#` and
/// `.#a.md`, JetBrains' `___jb_tmp___`, gedit's `.goutputstream-`, Kate's `.kate-swp`,
/// LibreOffice's `.~lock.…#`, `sed -i`'s `sedAB12cd`, the `.tmpAB12cd` names of Rust's and
/// Python's temporary files, and `*.tmp`).
fn is_editor_scratch(name: &str) -> bool {
    // mkstemp's six random letters and digits: not a word (`sedentary` is a name).
    let random_after = |prefix: &str| {
        name.strip_prefix(prefix).is_some_and(|rest| {
            rest.len() == 6
                && rest.chars().all(|c| c.is_ascii_alphanumeric())
                && !rest.chars().all(|c| c.is_ascii_lowercase())
        })
    };
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".kate-swp")
        || name.starts_with(".#")
        || name.starts_with(".~lock.")
        || name.starts_with('#') && name.ends_with('#')
        || name.contains(".goutputstream-")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == "4913"
        || random_after("sed")
        || random_after(".tmp")
        || random_after("tmp")
}

/// How long the project must be quiet before a batch of changes is handed on.
pub const QUIET: Duration = Duration::from_millis(25);
/// The longest a batch waits while changes keep coming.
pub const MAX_WAIT: Duration = Duration::from_millis(500);

/// Watches the project and hands on batches of changed paths.
pub struct Watcher {
    watcher: RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    watched: Vec<(PathBuf, RecursiveMode)>,
}

impl Watcher {
    /// Starts watching nothing; call [`Watcher::watch`].
    pub fn new() -> Result<Watcher> {
        let (send, events) = mpsc::channel();
        let watcher = notify::recommended_watcher(move |event| {
            let _ = send.send(event);
        })
        .context("cannot watch the project for changes")?;
        Ok(Watcher {
            watcher,
            events,
            watched: Vec::new(),
        })
    }

    /// Watches `root`'s own entries (`sadoc.yml`, new folders) and `dirs` recursively,
    /// replacing what was watched before.
    pub fn watch(&mut self, root: &Path, dirs: &[PathBuf]) -> Result<()> {
        let mut wanted = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
        wanted.extend(dirs.iter().map(|d| (d.clone(), RecursiveMode::Recursive)));
        if wanted == self.watched {
            return Ok(());
        }
        for (path, _) in std::mem::take(&mut self.watched) {
            let _ = self.watcher.unwatch(&path);
        }
        for (path, mode) in &wanted {
            self.watcher
                .watch(path, *mode)
                .with_context(|| format!("cannot watch `{}` for changes", path.display()))?;
        }
        self.watched = wanted;
        Ok(())
    }

    /// Waits for the next batch of changed paths: blocks until something changes, then until
    /// the project has been quiet for [`QUIET`] (at most [`MAX_WAIT`]). `None` when the
    /// watcher stopped.
    pub fn next_batch(&self) -> Option<Vec<PathBuf>> {
        match self.next_batch_within(None) {
            Batch::Paths(paths) => Some(paths),
            Batch::Idle | Batch::Closed => None,
        }
    }

    /// [`Watcher::next_batch`], waiting at most `wait` for the first change (`None`: forever).
    pub fn next_batch_within(&self, wait: Option<Duration>) -> Batch {
        let mut paths = BTreeSet::new();
        let first = match wait {
            None => match self.events.recv() {
                Ok(first) => first,
                Err(_) => return Batch::Closed,
            },
            Some(wait) => match self.events.recv_timeout(wait) {
                Ok(first) => first,
                Err(mpsc::RecvTimeoutError::Timeout) => return Batch::Idle,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Batch::Closed,
            },
        };
        collect(first, &mut paths);
        let started = Instant::now();
        while started.elapsed() < MAX_WAIT {
            match self.events.recv_timeout(QUIET) {
                Ok(event) => collect(event, &mut paths),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        Batch::Paths(paths.into_iter().collect())
    }
}

/// What waiting for changes gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Batch {
    /// These paths changed.
    Paths(Vec<PathBuf>),
    /// Nothing changed in the time given.
    Idle,
    /// The watcher stopped.
    Closed,
}

fn collect(event: notify::Result<notify::Event>, paths: &mut BTreeSet<PathBuf>) {
    if let Ok(event) = event
        && !matches!(event.kind, notify::EventKind::Access(_))
    {
        paths.extend(event.paths);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope {
        Scope {
            root: PathBuf::from("/p"),
            config_files: vec![
                PathBuf::from("/p/sadoc.yml"),
                PathBuf::from("/p/mkdocs.yml"),
            ],
            config_dirs: vec![PathBuf::from("/p/snippets")],
            theme_dir: Some(PathBuf::from("/p/theme")),
            doc_dirs: vec![PathBuf::from("/p/docs"), PathBuf::from("/p/adr")],
            exclude: vec![PathBuf::from("/p/docs/site")],
            snippets: BTreeSet::from([PathBuf::from("/p/src/app.py")]),
            skip_folders: vec!["node_modules".to_string()],
        }
    }

    /// Every path exists, but for those named `gone…` and `old.md` (which the last build read).
    fn events(paths: &[&str]) -> Vec<Event> {
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        let presence = |p: &Path| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            let name = name.unwrap_or_default();
            Presence {
                exists: !name.starts_with("gone") && name != "old.md",
                known: name == "old.md",
            }
        };
        classify(&scope(), &paths, &presence)
    }

    #[test]
    fn pages_files_config_and_theme() {
        assert_eq!(
            events(&[
                "/p/docs/sad/views/a.md",
                "/p/adr/0001-x.markdown",
                "/p/docs/img/a.png",
                "/p/sadoc.yml",
                "/p/theme/templates/page.html",
            ]),
            [
                Event::Config,
                Event::Theme,
                Event::Page("adr/0001-x.markdown".into()),
                Event::Page("docs/sad/views/a.md".into()),
                Event::File("docs/img/a.png".into()),
            ]
        );
    }

    #[test]
    fn an_extended_mkdocs_yml_is_configuration_and_snippets_are_followed() {
        assert_eq!(events(&["/p/mkdocs.yml"]), [Event::Config]);
        assert_eq!(
            events(&["/p/src/app.py", "/p/src/other.py"]),
            [Event::Snippet("src/app.py".into())]
        );
    }

    #[test]
    fn a_file_macros_include_rebuilds_everything() {
        assert_eq!(events(&["/p/snippets/secret.yaml"]), [Event::Config]);
        assert_eq!(events(&["/p/snippets/secret.yaml~"]), []);
    }

    #[test]
    fn what_cannot_change_the_site_is_dropped() {
        assert!(
            events(&[
                "/p/docs/site/index.html",
                "/p/docs/.git/index",
                "/p/docs/.a.md.swp",
                "/p/docs/a.md~",
                "/p/docs/4913",
                "/p/docs/.#a.md",
                "/p/docs/node_modules/x/readme.md",
                "/p/src/main.rs",
                "/p/README.md",
                "/elsewhere/docs/a.md",
            ])
            .is_empty()
        );
    }

    #[test]
    fn temporary_files_of_tools_are_not_sources() {
        assert!(
            events(&[
                "/p/docs/sad/views/sed7FJ5TV",
                "/p/docs/.tmpAb12Cd",
                "/p/docs/tmpx9ZZ01",
                "/p/docs/a.md.kate-swp",
                "/p/docs/.~lock.a.md#",
                // Came and went within the batch: not there now, and no build read it.
                "/p/docs/gone-draft.md",
                "/p/docs/img/gone.png",
            ])
            .is_empty()
        );
        // A page the last build read that is not there now was deleted: that is an event.
        assert_eq!(
            events(&["/p/docs/old.md"]),
            [Event::Page("docs/old.md".into())]
        );
        // Names that only look alike are sources.
        assert_eq!(
            events(&["/p/docs/sedimentation.md", "/p/docs/sedentary"]),
            [
                Event::Page("docs/sedimentation.md".into()),
                Event::File("docs/sedentary".into())
            ]
        );
    }

    #[test]
    fn an_editor_save_is_one_event() {
        assert_eq!(
            events(&[
                "/p/docs/a.md",
                "/p/docs/.a.md.tmp",
                "/p/docs/a.md",
                "/p/docs/a.md.goutputstream-XYZ1"
            ]),
            [Event::Page("docs/a.md".into())]
        );
    }
}
