//! sadoc's release pipeline (the `release-*` jobs of `.gitlab-ci.yml`, which run
//! `ci/release.sh`), run by gitlab-ci-local on this checkout as a tag pipeline: the wheels and
//! the static binary are built and checked, and the publishing jobs skip cleanly without
//! tokens. With a token the wheels go to a real package index (pypiserver, started here). With a job token they talk to a local server that follows GitLab's documented REST
//! API v4 endpoints (GitLab 17 documentation: generic packages, `PUT
//! /projects/:id/packages/generic/:package_name/:package_version/:file_name` with a `JOB-TOKEN`
//! header; releases, `POST /projects/:id/releases` with `name`, `tag_name`, `description` and
//! `assets.links`): no GitLab can run on these machines, so that small, strict server stands in.
//!
//! The jobs compile nothing new: `.ci/run` builds this commit's release (`ci/release.sh build`)
//! before the tests and names it in `SADOC_RELEASE_DIST`; the jobs share its Cargo target
//! folder, so their builds are up to date. Without it the test says why it skipped.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::repo_root;
use crate::http::{Request, Server};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What `.ci/run` built, or `None` (after saying why, or failing in CI).
pub fn release_dist() -> Option<PathBuf> {
    let dist = std::env::var_os("SADOC_RELEASE_DIST").map(PathBuf::from);
    match dist {
        Some(dist) if dist.join("SHA256SUMS").is_file() => Some(dist),
        _ => {
            assert!(
                std::env::var_os("SADOC_REQUIRE_TOOLS").is_none(),
                "SADOC_RELEASE_DIST must name the output of `ci/release.sh build` (.ci/run sets it)"
            );
            eprintln!(
                "skipped: no release build (run `ci/release.sh build DIR` and set SADOC_RELEASE_DIST=DIR; .ci/run does)"
            );
            None
        }
    }
}

struct Run {
    code: i32,
    log: String,
}

impl Run {
    fn result(&self, job: &str) -> &str {
        crate::gitlab_ci::job_result(&self.log, job)
    }
}

/// Runs release jobs of sadoc's own pipeline in this checkout, as a pipeline for `tag`.
fn run_release(tool: &Path, dist: &Path, tag: &str, jobs: &[&str], extra: &[(&str, &str)]) -> Run {
    let root = repo_root();
    let _ = std::fs::remove_dir_all(root.join(".gitlab-ci-local"));
    // The release build of .ci/run lives in its target folder, next to `dist`.
    let target = dist.parent().expect("dist is inside the target folder");
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cargo"));
    let maturin = std::env::var_os("MATURIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("maturin"));
    let mut variables: Vec<(String, String)> = vec![
        ("CI_COMMIT_TAG".into(), tag.into()),
        ("CARGO_TARGET_DIR".into(), target.display().to_string()),
        ("CARGO_HOME".into(), cargo_home.display().to_string()),
        ("MATURIN".into(), maturin.display().to_string()),
    ];
    variables.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let mut command = Command::new(tool);
    command.current_dir(&root).arg("--force-shell-executor");
    crate::gitlab_ci::pass_variables(&mut command, &variables);
    command.args(jobs);
    for (key, _) in std::env::vars() {
        if key.starts_with("CI_") || key.starts_with("GITLAB_") || key == "PYPI_TOKEN" {
            command.env_remove(key);
        }
    }
    let out = command.output().expect("gitlab-ci-local runs");
    let _ = std::fs::remove_dir_all(root.join(".gitlab-ci-local"));
    Run {
        code: out.status.code().unwrap_or(-1),
        log: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// The packaging tools `.ci/run` installs (maturin, uv, pypiserver).
fn packaging_tool(name: &str) -> Option<PathBuf> {
    let tools = std::env::var_os("SADOC_TOOLS_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/sadoc-tools"))
        })?;
    let path = tools.join("packaging-venv/bin").join(name);
    if path.is_file() {
        return Some(path);
    }
    crate::tools::available(name, &["--version"]).then(|| PathBuf::from(name))
}

/// A real package index on 127.0.0.1: pypiserver, taking uploads only from `__token__` with
/// the password `pypi-token-42` (an htpasswd file, as its documentation describes).
struct Index {
    url: String,
    packages: tempfile::TempDir,
    child: Child,
}

impl Drop for Index {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn package_index() -> Option<Index> {
    let program = packaging_tool("pypi-server")?;
    if !crate::tools::available("openssl", &["version"]) {
        return None;
    }
    let packages = tempfile::tempdir().unwrap();
    let hash = Command::new("openssl")
        .args(["passwd", "-apr1", "pypi-token-42"])
        .output()
        .unwrap();
    let htpasswd = packages.path().join(".htpasswd");
    std::fs::write(
        &htpasswd,
        format!("__token__:{}", String::from_utf8_lossy(&hash.stdout)),
    )
    .unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(program)
        .args([
            "run",
            "-i",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-a",
            "update",
            "-P",
        ])
        .arg(&htpasswd)
        .arg(packages.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("pypi-server starts");
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "pypi-server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(Index {
        url: format!("http://127.0.0.1:{port}/"),
        packages,
        child,
    })
}

/// The wheels in a folder, sorted.
fn wheels(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".whl"))
        .collect();
    names.sort();
    names
}

/// A stand-in for GitLab's API: project 42, job token `job-token-42`; answers 401 to any other
/// token, 404 to any other path, 400 to a release without its required fields.
fn gitlab() -> Server {
    Server::start(|r: &Request| {
        if r.header("job-token") != Some("job-token-42") {
            return (401, br#"{"message":"401 Unauthorized"}"#.to_vec());
        }
        let package = format!("/api/v4/projects/42/packages/generic/sadoc/{VERSION}/");
        match (r.method.as_str(), r.target.as_str()) {
            ("PUT", path) if path.starts_with(&package) && !r.body.is_empty() => {
                (201, br#"{"message":"201 Created"}"#.to_vec())
            }
            ("POST", "/api/v4/projects/42/releases") => {
                let release: serde_json::Value =
                    serde_json::from_slice(&r.body).unwrap_or_default();
                let links = release["assets"]["links"].as_array();
                let complete = release["tag_name"].is_string()
                    && release["name"].is_string()
                    && links.is_some_and(|links| {
                        links
                            .iter()
                            .all(|l| l["name"].is_string() && l["url"].is_string())
                    });
                if complete {
                    (201, r.body.clone())
                } else {
                    (
                        400,
                        br#"{"message":"tag_name, name or a link is missing"}"#.to_vec(),
                    )
                }
            }
            _ => (404, br#"{"message":"404 Not Found"}"#.to_vec()),
        }
    })
}

/// A tag pipeline builds the packages and checks them (static binary in an empty root, the
/// wheel in a fresh venv); without tokens the publishing jobs say what they would need and
/// pass; with the job token the binary goes to the package registry and the release links it;
/// a tag that is not Cargo.toml's version fails before anything is built.
#[test]
fn a_version_tag_builds_checks_and_publishes_the_release() {
    let Some(tool) = crate::gitlab_ci::gitlab_ci_local() else {
        return;
    };
    let Some(dist) = release_dist() else {
        return;
    };
    let tag = format!("v{VERSION}");
    let all = [
        "release-build",
        "release-package",
        "release-pypi",
        "release-gitlab",
    ];

    // The jobs work in this checkout (so Cargo finds its build up to date) and leave `dist/`
    // there, as in GitLab, where the next jobs get it as an artifact.
    let _ = std::fs::remove_dir_all(repo_root().join("dist"));
    let run = run_release(&tool, &dist, &tag, &all, &[]);
    assert_eq!(run.code, 0, "{}", run.log);
    for job in all {
        assert_eq!(run.result(job), "PASS", "{job}:\n{}", run.log);
    }
    for said in [
        "runs and builds the example strictly in an empty root",
        "manylinux wheel: sadoc",
        "installs offline and builds the example strictly",
        "musllinux_1_2_x86_64.whl): carries the static binary; pip installs it",
        "aarch64.whl): sadoc",
        "under qemu; builds the example strictly",
        "skipped: uploading to the package registry needs CI_JOB_TOKEN",
        "skipped: publishing the wheels needs PYPI_TOKEN",
        "skipped: creating the GitLab release needs CI_JOB_TOKEN",
    ] {
        assert!(run.log.contains(said), "`{said}` not in\n{}", run.log);
    }

    // With the job token: the binary and its checksums are uploaded, then the release made.
    let server = gitlab();
    let api = format!("{}/api/v4", server.url);
    let jobs = ["release-package", "release-gitlab"];
    let run = run_release(
        &tool,
        &dist,
        &tag,
        &jobs,
        &[
            ("CI_JOB_TOKEN", "job-token-42"),
            ("CI_API_V4_URL", &api),
            ("CI_PROJECT_ID", "42"),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.log);
    let requests = server.requests();
    let binary = format!("sadoc-{VERSION}-x86_64-unknown-linux-musl");
    let seen: Vec<(String, String)> = requests
        .iter()
        .map(|r| (r.method.clone(), r.target.clone()))
        .collect();
    let package = format!("/api/v4/projects/42/packages/generic/sadoc/{VERSION}");
    assert_eq!(
        seen,
        [
            ("PUT".to_string(), format!("{package}/{binary}")),
            ("PUT".to_string(), format!("{package}/SHA256SUMS")),
            (
                "POST".to_string(),
                "/api/v4/projects/42/releases".to_string()
            ),
        ],
        "{}",
        run.log
    );
    let uploaded = &requests[0].body;
    assert_eq!(
        uploaded,
        &std::fs::read(dist.join(&binary)).unwrap(),
        "the uploaded binary is the one checked"
    );
    let release: serde_json::Value = serde_json::from_slice(&requests[2].body).unwrap();
    assert_eq!(release["tag_name"], tag.as_str());
    assert_eq!(release["name"], format!("sadoc {VERSION}").as_str());
    assert_eq!(
        release["assets"]["links"][0]["url"],
        format!("{api}/projects/42/packages/generic/sadoc/{VERSION}/{binary}").as_str()
    );
    assert_eq!(release["assets"]["links"][0]["link_type"], "package");

    // A token GitLab refuses fails the job with GitLab's message.
    let run = run_release(
        &tool,
        &dist,
        &tag,
        &["release-package"],
        &[
            ("CI_JOB_TOKEN", "expired"),
            ("CI_API_V4_URL", &api),
            ("CI_PROJECT_ID", "42"),
        ],
    );
    assert_eq!(run.result("release-package"), "FAIL", "{}", run.log);
    assert!(run.log.contains("401 Unauthorized"), "{}", run.log);

    // Publishing: uv uploads the three wheels to a real index with its token; a wrong token
    // fails the job and uploads nothing.
    if let (Some(index), Some(uv)) = (package_index(), packaging_tool("uv")) {
        let uv = uv.display().to_string();
        let publish = |token: &str| {
            run_release(
                &tool,
                &dist,
                &tag,
                &["release-pypi"],
                &[("PYPI_TOKEN", token), ("PYPI_URL", &index.url), ("UV", &uv)],
            )
        };
        let refused = publish("not-the-token");
        assert_eq!(refused.result("release-pypi"), "FAIL", "{}", refused.log);
        assert!(
            refused.log.contains("401") || refused.log.contains("403"),
            "the index refused the token:\n{}",
            refused.log
        );
        assert!(wheels(index.packages.path()).is_empty());
        let published = publish("pypi-token-42");
        assert_eq!(
            published.result("release-pypi"),
            "PASS",
            "{}",
            published.log
        );
        assert!(
            published
                .log
                .contains(&format!("published 3 wheels to {}", index.url))
        );
        assert_eq!(wheels(index.packages.path()), wheels(&dist));
    }

    // The tag names another version than Cargo.toml: nothing is built.
    let run = run_release(&tool, &dist, "v9.9.9", &["release-build"], &[]);
    assert_eq!(run.result("release-build"), "FAIL", "{}", run.log);
    assert!(
        run.log.contains(&format!(
            "the tag is v9.9.9 but Cargo.toml says version {VERSION}"
        )),
        "{}",
        run.log
    );
    let _ = std::fs::remove_dir_all(repo_root().join("dist"));
}
