//! `sadoc serve`: a live preview that rebuilds what an edit changed and reloads the browsers
//! showing it.
//!
//! Three parts, each with one job: [`watch`] turns file-system events into classified
//! [`watch::Event`]s, [`session`] keeps the build in memory and updates it, [`http`] serves the
//! site from memory and pushes reload and error events. [`Preview`] wires them together; it
//! prints nothing, and hands each update to the caller to report.

pub mod http;
mod search_job;
pub mod session;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};

use crate::load::project::Project;
use crate::util::diag::Diagnostic;
use session::{Session, Update};

/// How to serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Inject the reload script into pages.
    pub reload: bool,
}

/// One update, for the caller to report.
#[derive(Debug)]
pub struct Report<'a> {
    /// What changed on disk.
    pub events: &'a [watch::Event],
    /// What the rebuild did.
    pub update: &'a Update,
    /// Every problem of the project now.
    pub diagnostics: &'a [Diagnostic],
}

/// A running preview: the site built, served and watched.
pub struct Preview {
    session: Session,
    shared: Arc<http::Shared>,
    watcher: watch::Watcher,
    address: SocketAddr,
}

impl Preview {
    /// Binds the address, builds the project and starts serving it.
    pub fn start(project: Project, options: Options) -> Result<Preview> {
        let listener = match TcpListener::bind((options.bind, options.port)) {
            Ok(listener) => listener,
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => bail!(
                "port {} on {} is already in use\n  help: pass --port with another number, or --port 0 for any free port",
                options.port,
                options.bind
            ),
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("cannot listen on {}:{}", options.bind, options.port)
                });
            }
        };
        let address = listener
            .local_addr()
            .context("cannot read the server address")?;
        let exclude: Vec<PathBuf> = vec![project.output_dir()];
        let session = Session::open(project, exclude);
        let shared = http::Shared::new(
            session.site().clone(),
            problems(&session.diagnostics()),
            options.reload,
        );
        http::spawn(listener, shared.clone())?;
        let mut watcher = watch::Watcher::new()?;
        watcher.watch(&session.project().root, &session.watched_dirs())?;
        Ok(Preview {
            session,
            shared,
            watcher,
            address,
        })
    }

    /// The URL of the site.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// Every problem of the current build.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.session.diagnostics()
    }

    /// The current build's site.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Watches the project until the watcher stops, rebuilding and publishing after each batch
    /// of changes and handing each update to `report`.
    pub fn run(&mut self, mut report: impl FnMut(&Report<'_>)) -> Result<()> {
        // The search index is built again on another thread after edits, so that it never
        // delays the next reload; it is installed when it is done (pages load the index when
        // a search starts, so none reloads for it).
        let mut indexing: Option<std::thread::JoinHandle<(crate::render::search::Index, u64)>> =
            None;
        loop {
            let wait = indexing.as_ref().map(|_| INDEX_POLL);
            let paths = match self.watcher.next_batch_within(wait) {
                watch::Batch::Closed => break,
                watch::Batch::Idle => Vec::new(),
                watch::Batch::Paths(paths) => paths,
            };
            let events =
                watch::classify(&self.session.scope(), &paths, &|p| self.session.presence(p));
            if !events.is_empty() {
                let update = self.session.update(&events);
                let diagnostics = self.session.diagnostics();
                self.shared.publish(
                    self.session.site().clone(),
                    problems(&diagnostics),
                    update.changed.iter().cloned().collect(),
                );
                // A new configuration may name other folders.
                self.watcher
                    .watch(&self.session.project().root, &self.session.watched_dirs())?;
                report(&Report {
                    events: &events,
                    update: &update,
                    diagnostics: &diagnostics,
                });
            }
            if indexing.as_ref().is_some_and(|job| job.is_finished())
                && let Some(job) = indexing.take()
                && let Ok(index) = job.join()
            {
                self.session.install_search(index);
                self.shared.replace_site(self.session.site().clone());
            }
            if indexing.is_none()
                && let Some(job) = self.session.search_job()
            {
                // On a pool of its own: in rayon's global pool the job's tasks would queue
                // ahead of the next edit's rendering.
                indexing = Some(std::thread::spawn(
                    move || match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
                        Ok(pool) => pool.install(|| job.run()),
                        Err(_) => job.run(),
                    },
                ));
            }
        }
        Ok(())
    }
}

/// How often the loop looks whether a search index being built is done.
const INDEX_POLL: std::time::Duration = std::time::Duration::from_millis(50);

fn problems(diagnostics: &[Diagnostic]) -> Vec<http::Problem> {
    session::errors(diagnostics)
        .into_iter()
        .map(http::Problem::new)
        .collect()
}
