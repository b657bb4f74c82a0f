//! The preview server: the site from memory over HTTP, and live-reload events.
//!
//! Every request path is resolved against the site's own file list, after percent-decoding and
//! refusing anything with `..`, `.`, a backslash, a NUL or a second leading slash: no request
//! can name a file outside the site, whatever the encoding. A folder serves its `index.html`;
//! a folder without its trailing slash is redirected to it; anything else is the site's
//! `404.html` with status 404. HTML responses get the reload script, which listens on
//! `/__sadoc/events` (server-sent events) for the files each rebuild changed and for build
//! errors to show over the page.

use std::convert::Infallible;
use std::net::TcpListener;
use std::sync::{Arc, RwLock};

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use tokio::sync::broadcast;
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::BroadcastStream;

use crate::render::site::{Content, Site};
use crate::util::diag::Diagnostic;

/// The path of the reload event stream.
pub const EVENTS_PATH: &str = "/__sadoc/events";
const SCRIPT_PATH: &str = "/__sadoc/reload.js";
const SCRIPT: &str = include_str!("reload.js");
/// Above this many changed files, browsers are told that everything changed.
const MAX_LISTED: usize = 2_000;

/// A build error as the browser overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `path:line:column`.
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
}

impl Problem {
    /// The overlay's form of a diagnostic.
    pub fn new(d: &Diagnostic) -> Problem {
        Problem {
            location: d.location(),
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

/// What the server tells browsers.
#[derive(Debug, Clone)]
enum Message {
    /// These site files changed (all of them, when `all`).
    Reload { all: bool, files: Arc<Vec<String>> },
    /// The current build errors (empty when the build is clean).
    Errors(Arc<Vec<Problem>>),
}

/// The data of a `reload` event.
#[derive(Serialize)]
struct Changed<'a> {
    all: bool,
    files: &'a [String],
}

/// What the server serves, replaced after each rebuild.
pub struct Shared {
    site: RwLock<Arc<Site>>,
    errors: RwLock<Arc<Vec<Problem>>>,
    reload: bool,
    events: broadcast::Sender<Message>,
}

impl Shared {
    /// Serves `site`; with `reload`, HTML pages get the reload script.
    pub fn new(site: Site, errors: Vec<Problem>, reload: bool) -> Arc<Shared> {
        let (events, _) = broadcast::channel(64);
        Arc::new(Shared {
            site: RwLock::new(Arc::new(site)),
            errors: RwLock::new(Arc::new(errors)),
            reload,
            events,
        })
    }

    /// Serves a rebuilt site and tells browsers what changed and which errors there are now.
    pub fn publish(&self, site: Site, errors: Vec<Problem>, changed: Vec<String>) {
        *self
            .site
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(site);
        let errors = Arc::new(errors);
        let previous = std::mem::replace(
            &mut *self
                .errors
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
            errors.clone(),
        );
        if previous != errors {
            let _ = self.events.send(Message::Errors(errors));
        }
        if !changed.is_empty() {
            let all = changed.len() > MAX_LISTED;
            let files = if all { Vec::new() } else { changed };
            let _ = self.events.send(Message::Reload {
                all,
                files: Arc::new(files),
            });
        }
    }

    /// Serves a site whose changes no open page shows (a new search index): no reload.
    pub fn replace_site(&self, site: Site) {
        *self
            .site
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(site);
    }

    fn site(&self) -> Arc<Site> {
        self.site
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn errors(&self) -> Arc<Vec<Problem>> {
        self.errors
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// Serves `shared` on `listener` from a thread of its own; returns when the server is running.
pub fn spawn(listener: TcpListener, shared: Arc<Shared>) -> Result<std::thread::JoinHandle<()>> {
    listener
        .set_nonblocking(true)
        .context("cannot configure the server socket")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    Ok(std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                return;
            };
            let _ = axum::serve(listener, router(shared)).await;
        });
    }))
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .fallback(file)
        .with_state(shared)
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        SCRIPT,
    )
        .into_response()
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<SseEvent, Infallible>>> {
    let receiver = shared.events.subscribe();
    let first = tokio_stream::once(Message::Errors(shared.errors()));
    let rest = BroadcastStream::new(receiver).filter_map(Result::ok);
    let stream = first.chain(rest).map(|message| {
        Ok(match message {
            Message::Reload { all, files } => SseEvent::default().event("reload").data(
                serde_json::to_string(&Changed { all, files: &files })
                    .unwrap_or_else(|_| r#"{"all":true,"files":[]}"#.to_string()),
            ),
            Message::Errors(errors) => SseEvent::default()
                .event("errors")
                .data(serde_json::to_string(&*errors).unwrap_or_else(|_| "[]".to_string())),
        })
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// How a request path maps to the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// This site file.
    File(String),
    /// A folder asked for without its trailing slash: go here.
    Redirect(String),
    /// Nothing (or a path that tries to leave the site).
    NotFound,
}

/// Resolves a request path (as sent, percent-encoded) against the site's files.
pub fn resolve(site: &Site, raw: &str) -> Resolved {
    let decoded = crate::util::paths::percent_decode(raw);
    let Some(rest) = decoded.strip_prefix('/') else {
        return Resolved::NotFound;
    };
    let unsafe_path = rest.starts_with('/')
        || rest.contains(['\\', '\0'])
        || rest.split('/').any(|part| part == ".." || part == ".");
    if unsafe_path {
        return Resolved::NotFound;
    }
    let key = if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_string()
    };
    if site.contains(&key) {
        return Resolved::File(key);
    }
    if !rest.is_empty() && !rest.ends_with('/') && site.contains(&format!("{rest}/index.html")) {
        return Resolved::Redirect(format!("{}/", raw.trim_end_matches('/')));
    }
    Resolved::NotFound
}

async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let site = shared.site();
    match resolve(&site, uri.path()) {
        Resolved::File(key) => match read(&site, &key) {
            Some(bytes) => respond(&shared, StatusCode::OK, &key, bytes),
            None => not_found(&shared, &site),
        },
        Resolved::Redirect(location) => (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Resolved::NotFound => not_found(&shared, &site),
    }
}

fn not_found(shared: &Shared, site: &Site) -> Response {
    match read(site, "404.html") {
        Some(bytes) => respond(shared, StatusCode::NOT_FOUND, "404.html", bytes),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn read(site: &Site, key: &str) -> Option<Vec<u8>> {
    match site.get(key)? {
        Content::Bytes(bytes) => Some(bytes.to_vec()),
        // Files pages link to are read when asked for, so an edited image shows at once.
        Content::Copy(path) | Content::Written(path) => std::fs::read(path).ok(),
    }
}

fn respond(shared: &Shared, status: StatusCode, key: &str, mut bytes: Vec<u8>) -> Response {
    let content_type = crate::util::mime::content_type(key);
    if shared.reload && content_type.starts_with("text/html") {
        bytes = inject(bytes);
    }
    let mut response = (status, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Adds the reload script before `</body>` (or at the end).
fn inject(html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    let text = String::from_utf8_lossy(&html);
    let at = text
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + tag.len());
    out.push_str(&text[..at]);
    out.push_str(&tag);
    out.push_str(&text[at..]);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        let mut site = Site::new();
        site.insert("index.html", "home");
        site.insert("adr/index.html", "log");
        site.insert("adr/0001-x.html", "one");
        site.insert("한글/문서.html", "k");
        site
    }

    #[test]
    fn paths_resolve_to_site_files() {
        let s = site();
        assert_eq!(resolve(&s, "/"), Resolved::File("index.html".into()));
        assert_eq!(
            resolve(&s, "/adr/"),
            Resolved::File("adr/index.html".into())
        );
        assert_eq!(resolve(&s, "/adr"), Resolved::Redirect("/adr/".into()));
        assert_eq!(
            resolve(&s, "/adr/0001-x.html"),
            Resolved::File("adr/0001-x.html".into())
        );
        assert_eq!(
            resolve(&s, "/%ED%95%9C%EA%B8%80/%EB%AC%B8%EC%84%9C.html"),
            Resolved::File("한글/문서.html".into())
        );
        assert_eq!(resolve(&s, "/missing.html"), Resolved::NotFound);
    }

    #[test]
    fn nothing_leaves_the_site() {
        let s = site();
        for path in [
            "/../sadoc.yml",
            "/adr/../index.html",
            "/%2e%2e/sadoc.yml",
            "/%2E%2E%2Fsadoc.yml",
            "/adr/%2e%2e/%2e%2e/etc/passwd",
            "/..%5c..%5csadoc.yml",
            "/adr\\..\\index.html",
            "//etc/passwd",
            "/./index.html",
            "/index.html%00.png",
            "relative",
        ] {
            assert_eq!(resolve(&s, path), Resolved::NotFound, "{path}");
        }
    }

    #[test]
    fn the_script_goes_before_the_body_ends() {
        let html = inject(b"<html><body><p>x</p></BODY></html>".to_vec());
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<html><body><p>x</p><script src=\"/__sadoc/reload.js\"></script></BODY></html>"
        );
    }
}
