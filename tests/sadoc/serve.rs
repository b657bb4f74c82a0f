//! `sadoc serve`: a real server on an ephemeral port, a real HTTP client, the real file
//! watcher, and the reload event stream as a browser receives it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::harness::Project;

const DEADLINE: Duration = Duration::from_secs(20);

/// A running `sadoc serve`; killed when dropped.
struct Server {
    child: Child,
    url: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(p: &Project, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sadoc"))
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .current_dir(&p.root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sadoc serve");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let (send, started) = mpsc::channel();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://") {
                    let url: String = line[at..]
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_string();
                    let _ = send.send(url);
                }
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let url = started
            .recv_timeout(DEADLINE)
            .unwrap_or_else(|_| panic!("sadoc serve did not start:\n{}", log.lock().unwrap()));
        Server { child, url, log }
    }

    fn agent(&self) -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into()
    }

    /// GET a path: status, content type, body.
    fn get(&self, path: &str) -> (u16, String, String) {
        let url = format!("{}{}", self.url, path.trim_start_matches('/'));
        let mut response = self.agent().get(&url).call().expect("GET");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        (status, content_type, body)
    }

    /// Polls `path` until `check` accepts the response, or fails after the deadline.
    fn wait_for(&self, path: &str, what: &str, check: impl Fn(u16, &str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (status, _, body) = self.get(path);
            if check(status, &body) {
                return body;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "{path}: {what} did not happen; last status {status}\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the server's log says `text` (it is written just after a reload is sent).
    fn wait_for_log(&self, text: &str) {
        let started = Instant::now();
        while !self.log().contains(text) {
            assert!(
                started.elapsed() < DEADLINE,
                "the log never said {text:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Connects to the event stream, as the reload script does.
    fn events(&self) -> Events {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let response = agent
            .get(&format!("{}__sadoc/events", self.url))
            .call()
            .expect("connect to the event stream");
        assert_eq!(
            response.headers().get("content-type").unwrap(),
            "text/event-stream"
        );
        let reader = response.into_body().into_reader();
        let (send, receive) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(reader).lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ")
                    && send.send((event.clone(), data.to_string())).is_err()
                {
                    return;
                }
            }
        });
        let events = Events { receive };
        // The stream opens with the current errors.
        events.next("errors");
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server-sent events one client receives.
struct Events {
    receive: mpsc::Receiver<(String, String)>,
}

impl Events {
    /// The data of the next event named `name` (others are skipped).
    fn next(&self, name: &str) -> serde_json::Value {
        let started = Instant::now();
        loop {
            let left = DEADLINE.saturating_sub(started.elapsed());
            let (event, data) = self
                .receive
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no `{name}` event"));
            if event == name {
                return serde_json::from_str(&data).expect("event data is JSON");
            }
        }
    }
}

/// A raw request, for paths an HTTP client library would normalise.
fn raw_get(url: &str, path: &str) -> (u16, String) {
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

fn project() -> Project {
    Project::new()
        .file(
            "docs/index.md",
            "# Architecture\n\nSee [the pipeline](pipeline.md) and [ingest](guides/ingest.md).\n",
        )
        .file(
            "docs/pipeline.md",
            "# Pipeline\n\nThe pipeline moves data.\n\n## Stages\n\nThree stages.\n",
        )
        .file("docs/guides/ingest.md", "# Ingest guide\n\nHow to ingest.\n")
        .file("docs/adr/0001-use-kafka.md", "# 1. Use Kafka\n\n## Status\n\nAccepted\n\n## Decision\n\nKafka, see [pipeline](../pipeline.md).\n")
}

/// Saves a file the way many editors do: write a temporary file beside it, then rename it over.
fn save_atomically(p: &Project, path: &str, text: &str) {
    let target = p.path(path);
    let temp = target.with_file_name(format!(
        ".{}.tmp",
        target.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &target).unwrap();
}

#[test]
fn the_site_is_served_from_memory_with_the_reload_script() {
    let p = project();
    let server = Server::start(&p, &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "loopback by default: {}",
        server.url
    );
    let (status, content_type, body) = server.get("/");
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert!(
        body.contains("<script src=\"/__sadoc/reload.js\"></script></body>"),
        "{body}"
    );
    let (status, content_type, body) = server.get("/pipeline.html");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/html; charset=utf-8")
    );
    assert!(body.contains("Three stages."));
    let css = body
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.ends_with(".css"))
        .expect("a stylesheet link")
        .to_string();
    let (status, content_type, _) = server.get(&css);
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/css; charset=utf-8")
    );
    let (status, _, script) = server.get("/__sadoc/reload.js");
    assert_eq!(status, 200);
    assert!(script.contains("new EventSource(\"/__sadoc/events\")"));
    let (status, _, _) = server.get("/adr");
    assert_eq!(status, 301, "a folder without its slash is redirected");
    assert!(!p.path("site").exists(), "serve writes nothing");

    // `sadoc build` output never carries the script.
    p.build(&[]).expect_code(0);
    assert!(!p.site("pipeline.html").contains("__sadoc"));
}

#[test]
fn an_edited_page_is_rendered_again_and_its_browsers_reload() {
    let p = project();
    let server = Server::start(&p, &[]);
    let events = server.events();
    std::fs::write(
        p.path("docs/pipeline.md"),
        "# Pipeline\n\nThe pipeline moves data fast.\n\n## Stages\n\nFour stages.\n",
    )
    .unwrap();
    let reload = events.next("reload");
    assert_eq!(reload["all"], false);
    assert_eq!(
        reload["files"],
        serde_json::json!(["pipeline.html"]),
        "only the edited page changed"
    );
    let body = server.get("/pipeline.html").2;
    assert!(body.contains("Four stages."), "{body}");
    server.wait_for_log("docs/pipeline.md changed: pages (1 page rendered, 1 file changed)");

    // An editor's atomic save is one change too.
    save_atomically(&p, "docs/pipeline.md", "# Pipeline\n\nFive stages.\n");
    let reload = events.next("reload");
    assert_eq!(reload["files"], serde_json::json!(["pipeline.html"]));
    assert!(server.get("/pipeline.html").2.contains("Five stages."));

    // A new title changes every page's navigation.
    std::fs::write(
        p.path("docs/pipeline.md"),
        "# Data pipeline\n\nFive stages.\n",
    )
    .unwrap();
    let reload = events.next("reload");
    let files: Vec<&str> = reload["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(
        files.contains(&"guides/ingest.html") && files.contains(&"pipeline.html"),
        "{files:?}"
    );
    assert!(
        server
            .get("/guides/ingest.html")
            .2
            .contains("Data pipeline")
    );
}

#[test]
fn a_changed_snippet_renders_the_pages_that_insert_it_again() {
    let p = project()
        .file("src/settings.py", "TOPIC = \"orders\"\n")
        .file(
            "docs/config.md",
            "# Config\n\n```python\n--8<-- \"src/settings.py\"\n```\n",
        );
    let server = Server::start(&p, &[]);
    assert!(server.get("/config.html").2.contains("orders"));
    let events = server.events();
    std::fs::write(p.path("src/settings.py"), "TOPIC = \"payments\"\n").unwrap();
    let reload = events.next("reload");
    assert_eq!(
        reload["files"],
        serde_json::json!(["config.html"]),
        "only the page inserting it"
    );
    assert!(server.get("/config.html").2.contains("payments"));
    server.wait_for_log("src/settings.py changed");
}

/// A file the pages' macros include (mkdocs-macros' `include_dir`) is not a page or a snippet
/// of one page: a change to it renders the pages again with the new text.
#[test]
fn a_changed_macros_include_renders_the_pages_again() {
    let p = Project::empty()
        .file(
            "mkdocs.yml",
            "site_name: Team\nuse_directory_urls: false\nplugins:\n  - macros:\n      include_dir: partials\n",
        )
        .file("partials/topic.md", "The topic is orders.\n")
        .file("docs/index.md", "# Home\n\n{% include 'topic.md' %}\n");
    let server = Server::start(&p, &[]);
    assert!(server.get("/index.html").2.contains("The topic is orders."));
    std::fs::write(p.path("partials/topic.md"), "The topic is payments.\n").unwrap();
    server.wait_for("/index.html", "the new include", |_, body| {
        body.contains("The topic is payments.")
    });
}

#[test]
fn renamed_new_and_deleted_pages_update_the_site_and_its_navigation() {
    let p = project();
    let server = Server::start(&p, &[]);
    std::fs::rename(
        p.path("docs/guides/ingest.md"),
        p.path("docs/guides/loading.md"),
    )
    .unwrap();
    server.wait_for("/guides/ingest.html", "404 after the rename", |s, _| {
        s == 404
    });
    let (status, content_type, body) = server.get("/guides/ingest.html");
    assert_eq!(
        (status, content_type.as_str()),
        (404, "text/html; charset=utf-8")
    );
    assert!(
        body.contains("__sadoc/reload.js"),
        "the 404 page reloads when the page comes back"
    );
    server.wait_for("/guides/loading.html", "the renamed page", |s, b| {
        s == 200 && b.contains("How to ingest.")
    });
    let listing = server.get("/guides/").2;
    assert!(
        listing.contains("loading.html"),
        "the folder's listing follows the rename: {listing}"
    );

    std::fs::create_dir_all(p.path("docs/runbooks")).unwrap();
    std::fs::write(p.path("docs/runbooks/replay.md"), "# Replay a topic\n").unwrap();
    server.wait_for("/runbooks/replay.html", "a page in a new folder", |s, _| {
        s == 200
    });

    std::fs::remove_file(p.path("docs/pipeline.md")).unwrap();
    server.wait_for("/pipeline.html", "404 after the deletion", |s, _| s == 404);
    // The links to it are now broken, and the log says so.
    let started = Instant::now();
    while !server.log().contains("broken link") {
        assert!(started.elapsed() < DEADLINE, "{}", server.log());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn broken_front_matter_is_shown_in_the_browser_and_the_server_keeps_serving() {
    let p = project();
    let server = Server::start(&p, &[]);
    let events = server.events();
    std::fs::write(
        p.path("docs/pipeline.md"),
        "---\ntitle: [unclosed\n---\n# Pipeline\n",
    )
    .unwrap();
    let errors = events.next("errors");
    let first = &errors[0];
    assert_eq!(first["location"], "docs/pipeline.md:2:8", "{errors:#}");
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid front matter")
    );
    assert_eq!(first["help"], "fix the YAML between the `---` lines");
    assert_eq!(server.get("/").0, 200, "still serving");

    std::fs::write(
        p.path("docs/pipeline.md"),
        "---\ntitle: Pipeline\n---\n# Pipeline\n\nFixed.\n",
    )
    .unwrap();
    let errors = events.next("errors");
    assert_eq!(
        errors,
        serde_json::json!([]),
        "fixing the file clears the overlay"
    );
    server.wait_for("/pipeline.html", "the fixed page", |s, b| {
        s == 200 && b.contains("Fixed.")
    });

    // A broken sadoc.yml keeps the last configuration and says why.
    let config = std::fs::read_to_string(p.path("sadoc.yml")).unwrap();
    std::fs::write(p.path("sadoc.yml"), "title: [\n").unwrap();
    let errors = events.next("errors");
    assert!(
        errors[0]["location"]
            .as_str()
            .unwrap()
            .starts_with("sadoc.yml"),
        "{errors:#}"
    );
    std::fs::write(
        p.path("sadoc.yml"),
        config.replace("Test Architecture", "Renamed Architecture"),
    )
    .unwrap();
    assert_eq!(events.next("errors"), serde_json::json!([]));
    server.wait_for("/", "the new title", |_, b| {
        b.contains("Renamed Architecture")
    });
}

#[test]
fn paths_that_try_to_leave_the_site_are_not_found() {
    let p = project().file("docs/secret.txt", "not linked from any page");
    let server = Server::start(&p, &[]);
    for path in [
        "/../sadoc.yml",
        "/%2e%2e/sadoc.yml",
        "/%2E%2E%2Fsadoc.yml",
        "/..%2F..%2Fetc%2Fpasswd",
        "/guides/..%5c..%5csadoc.yml",
        "/guides\\..\\..\\sadoc.yml",
        "//etc/passwd",
        "/docs/pipeline.md",
        "/secret.txt",
        "/pipeline.html%00",
    ] {
        let (status, response) = raw_get(&server.url, path);
        assert_eq!(status, 404, "{path}: {response}");
        assert!(!response.contains("title: Test"), "{path} leaked sadoc.yml");
        assert!(!response.contains("root:"), "{path} leaked /etc/passwd");
    }
    let (status, _) = raw_get(&server.url, "/pipeline.html");
    assert_eq!(status, 200);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let p = project();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    p.run(&["serve", "--port", &port])
        .expect_code(2)
        .expect_stderr("is already in use")
        .expect_stderr("--port");
}

#[test]
fn theme_edits_render_every_page_again() {
    let p = project()
        .file(
            "sadoc.yml",
            "title: Test Architecture\ntheme: { dir: theme }\n",
        )
        .file("theme/assets/team.css", ".team-banner { color: teal; }\n");
    let server = Server::start(&p, &[]);
    let events = server.events();
    std::fs::create_dir_all(p.path("theme/templates")).unwrap();
    let page = std::fs::read_to_string(
        crate::harness::repo_root().join("themes/default/templates/page.html"),
    )
    .unwrap();
    std::fs::write(
        p.path("theme/templates/page.html"),
        page.replacen(
            "<header class=\"page-header\">",
            "<p class=\"team-banner\">Team banner</p><header class=\"page-header\">",
            1,
        ),
    )
    .unwrap();
    let reload = events.next("reload");
    assert!(reload["files"].as_array().unwrap().len() >= 4, "{reload:#}");
    assert!(server.get("/pipeline.html").2.contains("Team banner"));
}

/// Every term of the search index the server serves now (`None` when the index was replaced
/// while it was being read: its old shards are gone).
fn served_terms(server: &Server) -> Option<Vec<String>> {
    let read = |path: &str| {
        let (status, _, body) = server.get(path);
        (status == 200).then_some(body)
    };
    let meta = crate::harness::search_payload(&read("search/index.js")?)?;
    crate::harness::search_terms(&meta, read)
}

#[test]
fn search_finds_an_edit_right_after_the_reload() {
    let p = project();
    let server = Server::start(&p, &[]);
    let events = server.events();
    let knows = |server: &Server| {
        served_terms(server).is_some_and(|t| t.contains(&"zebracorn".to_string()))
    };
    assert!(!knows(&server));
    std::fs::write(
        p.path("docs/pipeline.md"),
        "# Pipeline\n\nA zebracorn stage.\n",
    )
    .unwrap();
    let reload = events.next("reload");
    assert_eq!(
        reload["files"],
        serde_json::json!(["pipeline.html"]),
        "search files reload no page"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !knows(&server) {
        assert!(
            std::time::Instant::now() < deadline,
            "the index never learned the edit"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// `sadoc serve` counts pages as `sadoc build` does, and a tool's temporary file (here the real
/// `sed -i`, which writes `sedXXXXXX` beside the page and renames it over) is not a change of
/// its own: only the page is logged.
#[test]
fn pages_are_counted_as_build_counts_them_and_temporary_files_are_not_sources() {
    let p = project();
    let built = p.build(&[]);
    let build_line = built
        .stderr
        .lines()
        .find(|l| l.starts_with("built "))
        .unwrap()
        .to_string();
    // `built 4 pages (N files) into …`
    let counts = build_line
        .strip_prefix("built ")
        .and_then(|l| l.split(" into").next())
        .unwrap()
        .to_string();
    let server = Server::start(&p, &[]);
    // The log may not hold the line yet when the server's URL is known: wait for it.
    server.wait_for_log(&format!("serving {counts} at "));
    let events = server.events();
    let sed = std::process::Command::new("sed")
        .args(["-i", "s/three stages/Three stages, checked/I"])
        .arg(p.path("docs/pipeline.md"))
        .status()
        .expect("sed runs");
    assert!(sed.success());
    let reload = events.next("reload");
    assert_eq!(reload["files"], serde_json::json!(["pipeline.html"]));
    server.wait_for_log("docs/pipeline.md changed: pages (1 page rendered");
    // A temporary file that appears and goes in one batch, and one a tool left behind.
    let temp = p.path("docs/.tmpAb12Cd");
    std::fs::write(&temp, "x").unwrap();
    std::fs::remove_file(&temp).unwrap();
    std::fs::write(p.path("docs/sedQ9x2Lz"), "left by a killed sed").unwrap();
    // A later real edit: the log shows it alone.
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(
        p.path("docs/guides/ingest.md"),
        "# Ingest guide\n\nHow to ingest now.\n",
    )
    .unwrap();
    server.wait_for_log("docs/guides/ingest.md changed:");
    let log = server.log();
    assert!(
        !log.contains("sed") && !log.contains(".tmp"),
        "temporary files are not logged as changes:\n{log}"
    );
}
