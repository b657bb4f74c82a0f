//! The GitLab CI template (`ci/sadoc.gitlab-ci.yml`), run for real with `gitlab-ci-local` in
//! shell mode on a real git repository: merge-request pipelines with and without drift, the
//! opt-out label, the default branch, and which jobs each pipeline has.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{Project, Repo, repo_root};

/// `gitlab-ci-local`: `SADOC_GITLAB_CI_LOCAL`, else on the PATH, else where `.ci/run` installs
/// it.
pub fn gitlab_ci_local() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("SADOC_GITLAB_CI_LOCAL").map(PathBuf::from),
        Some(PathBuf::from("gitlab-ci-local")),
        std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(".cache/sadoc-tools/node_modules/.bin/gitlab-ci-local")),
    ];
    for candidate in candidates.into_iter().flatten() {
        let runs = Command::new(&candidate)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if runs {
            return Some(candidate);
        }
    }
    crate::tools::available("gitlab-ci-local", &["--version"]);
    None
}

/// A repository whose code `src/**` is governed by ADR-0001, using the template the way users
/// do (here included locally; users include it from sadoc's project).
fn project() -> (Project, Repo) {
    let template = std::fs::read_to_string(repo_root().join("ci/sadoc.gitlab-ci.yml")).unwrap();
    let p = Project::new()
        .file(".gitlab-ci.yml", "include:\n  - local: ci/sadoc.gitlab-ci.yml\n")
        .file("ci/sadoc.gitlab-ci.yml", &template)
        .file(".gitignore", ".gitlab-ci-local/\npublic/\n*.json\n*.xml\nsadoc-check.md\n")
        .file("sadoc.yml", "title: Shop\ncheck: { fail_on: warning }\n")
        .file(
            "docs/adr/0001-use-rust.md",
            "---\nstatus: accepted\ngoverns: [\"src/**\"]\n---\n# Use Rust\n\nWe write the services in Rust.\n",
        )
        .file("src/main.rs", "fn main() {}\n")
        .file("README.md", "# shop\n");
    let repo = p.git_init();
    (p, repo)
}

/// The project on a merge-request branch whose one commit changes governed code without its
/// ADR, and the base commit.
fn drifting_merge_request() -> (Project, String) {
    let (p, repo) = project();
    let base = repo.head();
    repo.branch("faster-ingest");
    std::fs::write(p.path("src/main.rs"), "fn main() { ingest(); }\n").unwrap();
    repo.commit("Ingest faster");
    (p, base)
}

/// What a pipeline run left: its exit code, its log, and the artifacts of each job.
struct Pipeline {
    code: i32,
    log: String,
    artifacts: PathBuf,
}

impl Pipeline {
    fn artifact(&self, job: &str, file: &str) -> String {
        let path = self.artifacts.join(job).join(file);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", path.display(), self.log))
    }

    fn artifact_path(&self, job: &str, file: &str) -> PathBuf {
        self.artifacts.join(job).join(file)
    }

    fn result(&self, job: &str) -> &str {
        job_result(&self.log, job)
    }
}

/// A job's result line at the end of a gitlab-ci-local log: PASS, WARN (allowed failure) or
/// FAIL.
pub fn job_result<'a>(log: &'a str, job: &str) -> &'a str {
    log.lines()
        .map(str::trim)
        .find_map(|l| {
            let mut words = l.split_whitespace();
            let result = words.next()?;
            (words.next() == Some(job) && matches!(result, "PASS" | "WARN" | "FAIL"))
                .then_some(result)
        })
        .unwrap_or_else(|| panic!("no result for {job} in\n{log}"))
}

/// Gives the pipeline GitLab's variables: each as `--variable`, and named in
/// `--ignore-predefined-vars` so that gitlab-ci-local lets them override its own.
pub fn pass_variables<K: AsRef<str>, V: AsRef<str>>(command: &mut Command, variables: &[(K, V)]) {
    let names: Vec<&str> = variables.iter().map(|(k, _)| k.as_ref()).collect();
    command.arg("--ignore-predefined-vars").arg(names.join(","));
    for (key, value) in variables {
        command
            .arg("--variable")
            .arg(format!("{}={}", key.as_ref(), value.as_ref()));
    }
}

/// What the jobs' image holds, as far as installing sadoc goes.
#[derive(Clone, Copy, PartialEq)]
enum Image {
    /// The `sadoc` under test is on the PATH.
    WithSadoc,
    /// No `sadoc` anywhere on the PATH: the template must install it.
    WithoutSadoc,
    /// Neither `sadoc` nor `cargo`.
    WithoutSadocOrCargo,
}

/// Runs the pipeline (or `--list`s it) with GitLab's variables, from a clean state.
fn run(tool: &Path, p: &Project, args: &[&str], variables: &[(&str, &str)]) -> Pipeline {
    let _ = std::fs::remove_dir_all(p.path(".gitlab-ci-local"));
    run_in(Image::WithSadoc, tool, p, args, variables)
}

/// Runs the pipeline in an image of that kind, keeping what earlier runs left (GitLab's cache).
fn run_in(
    image: Image,
    tool: &Path,
    p: &Project,
    args: &[&str],
    variables: &[(&str, &str)],
) -> Pipeline {
    let sadoc = PathBuf::from(env!("CARGO_BIN_EXE_sadoc"));
    let host = std::env::var_os("PATH").unwrap_or_default();
    let kept = std::env::split_paths(&host).filter(|dir| match image {
        Image::WithSadoc => true,
        Image::WithoutSadoc => !dir.join("sadoc").exists(),
        Image::WithoutSadocOrCargo => !dir.join("sadoc").exists() && !dir.join("cargo").exists(),
    });
    let path = match image {
        Image::WithSadoc => {
            std::env::join_paths(std::iter::once(sadoc.parent().unwrap().to_path_buf()).chain(kept))
        }
        _ => std::env::join_paths(kept),
    }
    .unwrap();

    let mut command = Command::new(tool);
    command
        .current_dir(&p.root)
        .env("PATH", &path)
        .args(["--force-shell-executor", "--shell-isolation"]);
    // The job gets the image's PATH as a variable too, so nothing the shell executor or the
    // machine's own shell setup adds (a `~/.cargo/bin`) can put back what the image lacks.
    let path = path.to_string_lossy().into_owned();
    let mut variables: Vec<(&str, &str)> = variables.to_vec();
    if image != Image::WithSadoc && !variables.iter().any(|(k, _)| *k == "PATH") {
        variables.push(("PATH", &path));
    }
    // An image without cargo has no `~/.cargo` either: the template's fallback
    // `$HOME/.cargo/bin` must not find the machine's.
    let home = tempfile::tempdir().expect("temp dir");
    let home_path = home.path().display().to_string();
    if image == Image::WithoutSadocOrCargo && !variables.iter().any(|(k, _)| *k == "HOME") {
        variables.push(("HOME", &home_path));
    }
    pass_variables(&mut command, &variables);
    command.args(args);
    // The tests may themselves run in a CI job: its variables must not leak into the pipeline.
    for (key, _) in std::env::vars() {
        if key.starts_with("CI_") || key.starts_with("GITLAB_") || key.starts_with("GITHUB_") {
            command.env_remove(key);
        }
    }
    let out = command.output().expect("gitlab-ci-local runs");
    Pipeline {
        code: out.status.code().unwrap_or(-1),
        log: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        artifacts: p.path(".gitlab-ci-local/artifacts"),
    }
}

fn merge_request<'a>(base: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut variables = vec![
        ("CI_PIPELINE_SOURCE", "merge_request_event"),
        ("CI_MERGE_REQUEST_EVENT_TYPE", "detached"),
        ("CI_MERGE_REQUEST_DIFF_BASE_SHA", base),
        ("CI_MERGE_REQUEST_IID", "7"),
    ];
    variables.extend_from_slice(extra);
    variables
}

#[test]
fn a_merge_request_with_drift_is_flagged_in_the_widget_and_the_log() {
    let Some(tool) = gitlab_ci_local() else {
        return;
    };
    let (p, base) = drifting_merge_request();

    let pipeline = run(&tool, &p, &[], &merge_request(&base, &[]));
    assert_eq!(
        pipeline.code, 0,
        "an allowed failure does not fail the pipeline:\n{}",
        pipeline.log
    );
    assert_eq!(pipeline.result("sadoc-check"), "WARN", "{}", pipeline.log);
    assert_eq!(pipeline.result("sadoc-build"), "PASS");
    assert!(
        pipeline
            .log
            .contains("Drift: 1 changed file is governed by documents this change does not update"),
        "{}",
        pipeline.log
    );
    assert!(
        pipeline
            .log
            .contains("warning: src/main.rs  [modified +1 −1]")
    );
    assert!(
        pipeline.log.contains("Docs-Not-Needed: <reason>"),
        "the log says how to opt out"
    );

    let quality: serde_json::Value =
        serde_json::from_str(&pipeline.artifact("sadoc-check", "gl-code-quality-report.json"))
            .unwrap();
    assert_eq!(quality.as_array().unwrap().len(), 1, "{quality:#}");
    assert_eq!(quality[0]["check_name"], "sadoc/drift");
    assert_eq!(quality[0]["location"]["path"], "src/main.rs");
    assert_eq!(quality[0]["severity"], "major");
    let junit = pipeline.artifact("sadoc-check", "sadoc-junit.xml");
    assert!(junit.contains("<failure type=\"warning\""), "{junit}");
    crate::tools::validate_json(
        &crate::tools::schema("tests/schemas/gitlab-codequality.schema.json"),
        &pipeline.artifact_path("sadoc-check", "gl-code-quality-report.json"),
    );
    crate::tools::validate_xml(
        &crate::tools::schema("tests/schemas/junit.xsd"),
        &pipeline.artifact_path("sadoc-check", "sadoc-junit.xml"),
    );
    let note = pipeline.artifact("sadoc-check", "sadoc-check.md");
    assert!(note.starts_with("<!-- sadoc:check -->"));
    assert!(
        note.contains("| `src/main.rs` | modified +1 −1 |"),
        "{note}"
    );
    assert!(
        pipeline
            .artifact("sadoc-build", "public/index.html")
            .contains("<html")
    );

    // One label opts the merge request out, and the log says so.
    let pipeline = run(
        &tool,
        &p,
        &["sadoc-check"],
        &merge_request(
            &base,
            &[("CI_MERGE_REQUEST_LABELS", "backend,docs-not-needed")],
        ),
    );
    assert_eq!(pipeline.result("sadoc-check"), "PASS", "{}", pipeline.log);
    assert!(
        pipeline
            .log
            .contains("drift check skipped: the merge request has the label `docs-not-needed`")
    );
    assert_eq!(
        pipeline.artifact("sadoc-check", "gl-code-quality-report.json"),
        "[]"
    );
}

#[test]
fn a_merge_request_that_updates_its_decision_is_clean() {
    let Some(tool) = gitlab_ci_local() else {
        return;
    };
    let (p, repo) = project();
    let base = repo.head();
    repo.branch("faster-ingest");
    std::fs::write(p.path("src/main.rs"), "fn main() { ingest(); }\n").unwrap();
    let adr = std::fs::read_to_string(p.path("docs/adr/0001-use-rust.md")).unwrap();
    std::fs::write(
        p.path("docs/adr/0001-use-rust.md"),
        adr + "\nIngest runs in the same binary.\n",
    )
    .unwrap();
    repo.commit("Ingest faster, and say so in ADR-0001");

    let pipeline = run(&tool, &p, &[], &merge_request(&base, &[]));
    assert_eq!(pipeline.code, 0, "{}", pipeline.log);
    assert_eq!(pipeline.result("sadoc-check"), "PASS", "{}", pipeline.log);
    assert!(pipeline.log.contains(
        "No drift: every changed file that a document governs changed together with its documents."
    ));
    assert_eq!(
        pipeline.artifact("sadoc-check", "gl-code-quality-report.json"),
        "[]"
    );
    let junit = pipeline.artifact("sadoc-check", "sadoc-junit.xml");
    assert!(!junit.contains("<failure"), "{junit}");
    crate::tools::validate_xml(
        &crate::tools::schema("tests/schemas/junit.xsd"),
        &pipeline.artifact_path("sadoc-check", "sadoc-junit.xml"),
    );
}

#[test]
fn the_default_branch_gives_the_widget_its_baseline() {
    let Some(tool) = gitlab_ci_local() else {
        return;
    };
    let (p, _repo) = project();
    let pipeline = run(&tool, &p, &[], &[]);
    assert_eq!(pipeline.code, 0, "{}", pipeline.log);
    assert_eq!(pipeline.result("sadoc-check"), "PASS", "{}", pipeline.log);
    assert!(
        pipeline.log.contains("sadoc check: no range to compare"),
        "{}",
        pipeline.log
    );
    assert_eq!(
        pipeline.artifact("sadoc-check", "gl-code-quality-report.json"),
        "[]"
    );
    assert_eq!(pipeline.result("sadoc-build"), "PASS");
}

#[test]
fn the_build_job_keeps_highlighted_blocks_in_gitlabs_cache() {
    let Some(tool) = gitlab_ci_local() else {
        return;
    };
    let (p, repo) = project();
    std::fs::write(
        p.path("docs/runbook.md"),
        "# Runbook\n\n```bash\nkubectl rollout restart deploy/shop\n```\n",
    )
    .unwrap();
    repo.commit("A runbook");
    let variables = [("SADOC_BUILD_ARGS", "--strict -v")];
    let first = run(&tool, &p, &["sadoc-build"], &variables);
    assert_eq!(first.result("sadoc-build"), "PASS", "{}", first.log);
    assert!(
        first.log.contains("0 blocks reused, 1 added, 1 kept"),
        "{}",
        first.log
    );
    // The next pipeline finds the first page's rendered markdown, and the new page's block,
    // in the job's cache (gitlab-ci-local keeps GitLab's caches between runs as a runner
    // does).
    std::fs::write(
        p.path("docs/again.md"),
        "# Again\n\n```bash\nkubectl rollout restart deploy/shop\n```\n",
    )
    .unwrap();
    repo.commit("The same command again");
    let second = run_in(Image::WithSadoc, &tool, &p, &["sadoc-build"], &variables);
    assert_eq!(second.result("sadoc-build"), "PASS", "{}", second.log);
    assert!(
        second.log.contains("1 blocks reused, 0 added, 1 kept"),
        "{}",
        second.log
    );
    assert!(
        second.log.contains("pages reused, 1 added"),
        "{}",
        second.log
    );
    for page in ["public/runbook.html", "public/again.html"] {
        assert!(
            second
                .artifact("sadoc-build", page)
                .contains("<span class=\"nf\">kubectl</span>")
        );
    }
}

#[test]
fn deploy_jobs_follow_the_switch_and_the_pipeline_kind() {
    let Some(tool) = gitlab_ci_local() else {
        return;
    };
    let (p, repo) = project();
    let base = repo.head();
    let jobs = |variables: &[(&str, &str)]| -> Vec<String> {
        run(&tool, &p, &["--list"], variables)
            .log
            .lines()
            .filter(|l| l.starts_with("sadoc-"))
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert_eq!(
        jobs(&[]),
        [
            "sadoc-build build on_success",
            "sadoc-check test on_success"
        ]
    );
    assert_eq!(
        jobs(&[("SADOC_DEPLOY", "true")]),
        [
            "sadoc-build build on_success",
            "sadoc-check test on_success",
            "sadoc-deploy deploy on_success"
        ]
    );
    repo.branch("feature");
    assert_eq!(
        jobs(&merge_request(&base, &[("SADOC_DEPLOY", "true")])),
        [
            "sadoc-build build on_success",
            "sadoc-check test on_success",
            "sadoc-review deploy on_success",
            "sadoc-review-stop deploy manual"
        ]
    );
    assert!(
        jobs(&[]).is_empty(),
        "a branch pipeline outside a merge request runs nothing"
    );
}

/// The deploy jobs publish the default branch at the bucket root and each merge request under
/// `mr-<IID>/` as a preview that browses on a website endpoint (s3rver), and the preview's stop
/// job removes it and nothing else.
#[cfg(feature = "deploy")]
#[test]
fn deploy_jobs_publish_main_and_previews_that_browse() {
    let Some(tool) = gitlab_ci_local() else {
        return;
    };
    let Some(server) = crate::s3::Server::s3rver() else {
        return;
    };
    server.bucket("web");
    let (p, repo) = project();
    let base = repo.head();
    let deploy_args = format!("--endpoint {} --bucket web --website", server.endpoint);
    let mut variables: Vec<(&str, &str)> = vec![
        ("SADOC_DEPLOY", "true"),
        ("SADOC_DEPLOY_ARGS", &deploy_args),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ];
    let env = server.env();
    for (k, v) in &env {
        variables.push((k, v.as_str()));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let status = |path: &str| -> u16 {
        agent
            .get(&format!("{}/web/{path}", server.endpoint))
            .call()
            .unwrap()
            .status()
            .as_u16()
    };

    let pipeline = run(&tool, &p, &[], &variables);
    assert_eq!(pipeline.result("sadoc-deploy"), "PASS", "{}", pipeline.log);
    assert_eq!(status(""), 200, "the default branch is at the site root");
    assert_eq!(status("adr/0001-use-rust.html"), 200);

    repo.branch("faster-ingest");
    let adr = std::fs::read_to_string(p.path("docs/adr/0001-use-rust.md")).unwrap();
    std::fs::write(p.path("docs/adr/0001-use-rust.md"), adr + "\nPreview me.\n").unwrap();
    repo.commit("Say more");
    let mut mr = merge_request(&base, &[]);
    mr.extend(variables.iter().copied());
    let pipeline = run(&tool, &p, &[], &mr);
    assert_eq!(pipeline.result("sadoc-review"), "PASS", "{}", pipeline.log);
    assert_eq!(status("mr-7/"), 200, "the preview browses");
    assert!(
        server
            .keys("web")
            .iter()
            .any(|k| k == "mr-7/adr/0001-use-rust.html")
    );

    let pipeline = run(&tool, &p, &["sadoc-review-stop"], &mr);
    assert_eq!(
        pipeline.result("sadoc-review-stop"),
        "PASS",
        "{}",
        pipeline.log
    );
    assert!(
        !server.keys("web").iter().any(|k| k.starts_with("mr-7/")),
        "the preview is gone"
    );
    assert_eq!(status(""), 200, "the site root is untouched");
}

/// The template installs the release its `SADOC_VERSION` pins; that pin is this crate's version,
/// so the template at a tag installs the sadoc of that tag.
#[test]
fn the_template_pins_this_release() {
    let template = std::fs::read_to_string(repo_root().join("ci/sadoc.gitlab-ci.yml")).unwrap();
    let pinned = template
        .lines()
        .find_map(|l| l.trim().strip_prefix("SADOC_VERSION: "))
        .map(|v| v.trim_matches('"'));
    assert_eq!(pinned, Some(env!("CARGO_PKG_VERSION")));
}

/// In an image without sadoc, a job installs the pinned release from its wheel (here from the
/// wheels `.ci/run` built, through pip's own PIP_* variables, as a private index or a vendored
/// folder would be given), and the next job takes it from GitLab's cache without pip.
#[test]
fn an_image_without_sadoc_installs_the_pinned_wheel_and_caches_it() {
    let Some(tool) = gitlab_ci_local() else {
        return;
    };
    let Some(dist) = crate::release::release_dist() else {
        return;
    };
    let version = env!("CARGO_PKG_VERSION");
    let (p, base) = drifting_merge_request();
    let cargo_home = tempfile::tempdir().unwrap();
    let (dist, cargo_home) = (
        dist.display().to_string(),
        cargo_home.path().display().to_string(),
    );
    let variables = merge_request(
        &base,
        &[
            ("PIP_NO_INDEX", "1"),
            ("PIP_FIND_LINKS", &dist),
            ("CARGO_HOME", &cargo_home),
        ],
    );
    let _ = std::fs::remove_dir_all(p.path(".gitlab-ci-local"));

    let first = run_in(Image::WithoutSadoc, &tool, &p, &["sadoc-check"], &variables);
    assert_eq!(first.result("sadoc-check"), "WARN", "{}", first.log);
    assert!(
        first
            .log
            .contains(&format!("sadoc: {version} from its wheel")),
        "{}",
        first.log
    );
    assert!(first.log.contains(&format!("sadoc {version} (")));
    assert!(
        first
            .log
            .contains("Drift: 1 changed file is governed by documents this change does not update")
    );

    let second = run_in(Image::WithoutSadoc, &tool, &p, &["sadoc-check"], &variables);
    assert_eq!(second.result("sadoc-check"), "WARN", "{}", second.log);
    assert!(
        second
            .log
            .contains(&format!("sadoc: {version} from the cache")),
        "{}",
        second.log
    );
}

/// With `SADOC_BINARY_URL` a job downloads the static binary instead; the job token goes with
/// the request only when the URL is this GitLab's (`CI_SERVER_URL`), never to another host.
#[test]
fn a_binary_url_installs_the_static_binary_and_the_job_token_stays_home() {
    let Some(tool) = gitlab_ci_local() else {
        return;
    };
    let Some(dist) = crate::release::release_dist() else {
        return;
    };
    let version = env!("CARGO_PKG_VERSION");
    let binary =
        std::fs::read(dist.join(format!("sadoc-{version}-x86_64-unknown-linux-musl"))).unwrap();
    let server = crate::http::Server::start(move |r| match r.method.as_str() {
        "GET" => (200, binary.clone()),
        _ => (405, b"{}".to_vec()),
    });
    let (p, _repo) = project();
    let url = format!(
        "{}/api/v4/projects/7/packages/generic/sadoc/{version}/sadoc",
        server.url
    );
    let cargo_home = tempfile::tempdir().unwrap();
    let cargo_home = cargo_home.path().display().to_string();
    for (gitlab, token_sent) in [("https://gitlab.example.com", false), (&*server.url, true)] {
        let pipeline = {
            let _ = std::fs::remove_dir_all(p.path(".gitlab-ci-local"));
            run_in(
                Image::WithoutSadoc,
                &tool,
                &p,
                &["sadoc-check"],
                &[
                    ("SADOC_BINARY_URL", &url),
                    ("CI_SERVER_URL", gitlab),
                    ("CI_JOB_TOKEN", "job-token-secret"),
                    ("CARGO_HOME", &cargo_home),
                ],
            )
        };
        assert_eq!(pipeline.result("sadoc-check"), "PASS", "{}", pipeline.log);
        assert!(
            pipeline
                .log
                .contains(&format!("sadoc: {version} from {url}")),
            "{}",
            pipeline.log
        );
        let request = server.requests().pop().expect("the binary was downloaded");
        assert_eq!(
            request.header("job-token").is_some(),
            token_sent,
            "CI_SERVER_URL {gitlab}: {:?}",
            request.headers
        );
    }
}

/// No sadoc, no wheel on the index, no binary URL, no cargo: the job fails and says what to set.
#[test]
fn an_image_that_cannot_install_sadoc_says_what_to_set() {
    let Some(tool) = gitlab_ci_local() else {
        return;
    };
    let (p, _repo) = project();
    let empty = tempfile::tempdir().unwrap();
    let empty = empty.path().display().to_string();
    let _ = std::fs::remove_dir_all(p.path(".gitlab-ci-local"));
    let pipeline = run_in(
        Image::WithoutSadocOrCargo,
        &tool,
        &p,
        &["sadoc-check"],
        &[
            ("PIP_NO_INDEX", "1"),
            ("PIP_FIND_LINKS", &empty),
            ("CARGO_HOME", &empty),
        ],
    );
    assert_eq!(pipeline.result("sadoc-check"), "FAIL", "{}", pipeline.log);
    assert!(
        pipeline.log.contains(&format!(
            "sadoc: cannot install {}: no wheel on the package index (PIP_INDEX_URL),",
            env!("CARGO_PKG_VERSION")
        )),
        "{}",
        pipeline.log
    );
    assert!(
        pipeline
            .log
            .contains("no SADOC_BINARY_URL, and no cargo in"),
        "{}",
        pipeline.log
    );
}

/// The example monorepo with the template in workspace mode.
fn workspace() -> (Project, Repo) {
    let template = std::fs::read_to_string(repo_root().join("ci/sadoc.gitlab-ci.yml")).unwrap();
    let p = Project::copy_of(&repo_root().join("examples/monorepo"))
        .file(
            ".gitlab-ci.yml",
            "include:\n  - local: ci/sadoc.gitlab-ci.yml\nvariables:\n  SADOC_WORKSPACE: \"true\"\n",
        )
        .file("ci/sadoc.gitlab-ci.yml", &template)
        .file(
            ".gitignore",
            ".gitlab-ci-local/\npublic/\n*.json\n*.xml\n*.md.out\nsadoc-*.md\nsadoc-projects.yml\n",
        );
    let repo = p.git_init();
    (p, repo)
}

#[test]
fn a_workspace_merge_request_checks_and_builds_only_the_projects_it_touches() {
    let Some(tool) = gitlab_ci_local() else {
        return;
    };
    let (p, repo) = workspace();
    let base = repo.head();
    repo.branch("faster-billing");
    std::fs::write(
        p.path("services/billing/src/billing/invoice.py"),
        "def invoice(event):\n    return {\"order\": event[\"id\"], \"fast\": True}\n",
    )
    .unwrap();
    repo.commit("Invoice faster");

    let pipeline = run(&tool, &p, &[], &merge_request(&base, &[]));
    assert_eq!(pipeline.code, 0, "{}", pipeline.log);
    assert_eq!(
        pipeline.result("sadoc-affected"),
        "PASS",
        "{}",
        pipeline.log
    );
    assert_eq!(
        pipeline.result("sadoc-projects"),
        "PASS",
        "{}",
        pipeline.log
    );
    // The child pipeline's jobs: billing's check (which finds the drift: billing's ADR
    // governs the code) and build, and none for the three projects the change leaves alone.
    let child = |job: &str| -> Option<&str> {
        pipeline.log.lines().map(str::trim).find_map(|l| {
            let result = l.split_whitespace().next()?;
            (matches!(result, "PASS" | "WARN" | "FAIL") && l.ends_with(&format!("-> {job}")))
                .then_some(result)
        })
    };
    assert_eq!(
        child("sadoc-check:billing"),
        Some("PASS"),
        "{}",
        pipeline.log
    );
    assert_eq!(
        child("sadoc-build:billing"),
        Some("PASS"),
        "{}",
        pipeline.log
    );
    for other in ["orders", "cdc", "platform"] {
        assert_eq!(
            child(&format!("sadoc-check:{other}")),
            None,
            "{}",
            pipeline.log
        );
        assert_eq!(
            child(&format!("sadoc-build:{other}")),
            None,
            "{}",
            pipeline.log
        );
    }
    assert!(
        pipeline.log.contains("> billing\tservices/billing")
            && pipeline
                .log
                .contains("warning: src/billing/invoice.py  [modified +1 −1]"),
        "{}",
        pipeline.log
    );
    assert!(
        !pipeline.log.lines().any(|l| {
            let l = l.trim();
            (l.starts_with("PASS") || l.starts_with("WARN"))
                && (l.ends_with(" sadoc-check") || l.ends_with(" sadoc-build"))
        }),
        "the whole-workspace jobs do not run in a workspace merge request:\n{}",
        pipeline.log
    );
    // The child jobs' artifacts come back into the checkout, as GitLab would offer them.
    let quality = std::fs::read_to_string(p.path("gl-code-quality-report-billing.json")).unwrap();
    assert!(
        quality.contains("\"path\": \"services/billing/src/billing/invoice.py\""),
        "{quality}"
    );
    assert!(
        std::fs::read_to_string(p.path("public/billing/index.html"))
            .unwrap()
            .contains("<html")
    );
}

#[test]
fn with_sadoc_note_the_check_posts_the_merge_request_note() {
    let Some(tool) = gitlab_ci_local() else {
        return;
    };
    use crate::note::{Api, Notes, TOKEN, api, ours};
    let (p, base) = drifting_merge_request();
    // GitLab's notes API, as a strict stand-in on 127.0.0.1 (see tests/sadoc/note.rs).
    let notes: Notes = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let server = api(Api::Gitlab, std::sync::Arc::clone(&notes));
    let api_url = format!("{}/api/v4", server.url);
    let pipeline = run(
        &tool,
        &p,
        &["sadoc-check"],
        &merge_request(
            &base,
            &[
                ("SADOC_NOTE", "true"),
                ("CI_API_V4_URL", &api_url),
                ("CI_PROJECT_ID", "42"),
                ("SADOC_GITLAB_TOKEN", TOKEN),
            ],
        ),
    );
    assert_eq!(pipeline.result("sadoc-check"), "WARN", "{}", pipeline.log);
    let mine = ours(&notes);
    assert_eq!(mine.len(), 1, "one note: {}", pipeline.log);
    assert!(
        mine[0].1.contains("| `src/main.rs` | modified +1 −1 |"),
        "{}",
        mine[0].1
    );
    // Without the switch, nothing is posted.
    run(
        &tool,
        &p,
        &["sadoc-check"],
        &merge_request(
            &base,
            &[
                ("CI_API_V4_URL", &api_url),
                ("CI_PROJECT_ID", "42"),
                ("SADOC_GITLAB_TOKEN", TOKEN),
            ],
        ),
    );
    assert_eq!(
        server.requests().len(),
        2,
        "one list and one create, from the first run only"
    );
}

/// With SADOC_VERSIONS, a tag vX.Y.Z publishes version X.Y with `latest` as the default and
/// the default branch publishes `dev`; the root deploy job stands aside (SeaweedFS).
#[cfg(feature = "deploy")]
#[test]
fn a_tag_publishes_a_version_and_the_default_branch_dev() {
    let Some(tool) = gitlab_ci_local() else {
        return;
    };
    let Some(server) = crate::s3::Server::seaweed() else {
        return;
    };
    server.bucket("docs");
    let (p, _repo) = project();
    let args = format!("--endpoint {} --bucket docs --prefix arch", server.endpoint);
    let mut variables: Vec<(&str, &str)> = vec![
        ("SADOC_DEPLOY", "true"),
        ("SADOC_VERSIONS", "true"),
        ("SADOC_VERSIONS_ARGS", &args),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ];
    let env = server.env();
    for (k, v) in &env {
        variables.push((k, v.as_str()));
    }
    let listed: Vec<String> = run(&tool, &p, &["--list"], &variables)
        .log
        .lines()
        .filter(|l| l.starts_with("sadoc-"))
        .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
        .collect();
    assert!(listed.contains(&"sadoc-version".to_string()), "{listed:?}");
    assert!(!listed.contains(&"sadoc-deploy".to_string()), "{listed:?}");

    let dev = run(&tool, &p, &["sadoc-version"], &variables);
    assert_eq!(dev.result("sadoc-version"), "PASS", "{}", dev.log);
    let mut tagged = variables.clone();
    tagged.push(("CI_COMMIT_TAG", "v1.2.3"));
    let release = run(&tool, &p, &["sadoc-version"], &tagged);
    assert_eq!(release.result("sadoc-version"), "PASS", "{}", release.log);
    let json: serde_json::Value =
        serde_json::from_str(&server.text("docs", "arch/versions.json").unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"version": "dev", "title": "dev", "aliases": []},
            {"version": "1.2", "title": "1.2", "aliases": ["latest"]}
        ])
    );
    assert!(
        server
            .text("docs", "arch/index.html")
            .unwrap()
            .contains("url=1.2/"),
        "the tag's version is the default"
    );
}
