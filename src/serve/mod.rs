//! `sadoc serve`: a live preview that rebuilds what an edit changed and reloads the browsers
//! showing it.
//!
//! Three parts, each with one job: [`watch`] turns file-system events into classified
//! [`watch::Event`]s, [`session`] keeps the build in memory and updates it, [`http`] serves the
//! site from memory and pushes reload and error events. [`Preview`] wires them together; it
//! prints nothing, and hands each update to the caller to report.

pub mod http;
pub mod session;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};

use crate::diag::Diagnostic;
use crate::project::Project;
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
        let exclude: Vec<PathBuf> = vec![project.root.join("site")];
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
        while let Some(paths) = self.watcher.next_batch() {
            let events = watch::classify(&self.session.scope(), &paths);
            if events.is_empty() {
                continue;
            }
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
            // The edited pages are in the browser: now bring search up to date. Pages load
            // the index when a search starts, so none reloads for it.
            if self.session.refresh_search().is_some() {
                self.shared.replace_site(self.session.site().clone());
            }
        }
        Ok(())
    }
}

fn problems(diagnostics: &[Diagnostic]) -> Vec<http::Problem> {
    session::errors(diagnostics)
        .into_iter()
        .map(http::Problem::new)
        .collect()
}
