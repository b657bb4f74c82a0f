//! `sadoc deploy` against real S3-compatible servers on 127.0.0.1: SeaweedFS for uploads,
//! ETags, deletes, credentials and failures; s3rver for website hosting that browses.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::harness::{Project, Run};
use crate::s3::Server;

/// A small site with pages, an image and a stylesheet asset.
fn site() -> Project {
    Project::new()
        .file("docs/index.md", "# Shop\n\nSee [the pipeline](pipeline.md) and [runbooks](runbooks/).\n\n![context](img/context.svg)\n")
        .file("docs/pipeline.md", "# Pipeline\n\nIngest, then load.\n")
        .file("docs/runbooks/replay.md", "# Replay\n\nBack to [the pipeline](../pipeline.md).\n")
        .file("docs/runbooks/rotate.md", "# Rotate\n")
        .file("docs/img/context.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
}

fn deploy(p: &Project, server: &Server, bucket: &str, args: &[&str]) -> Run {
    let mut all = vec!["deploy", "--endpoint", &server.endpoint, "--bucket", bucket];
    all.extend_from_slice(args);
    let env = server.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    p.run_with_env(&p.root, &all, &env)
}

fn summary(run: &Run) -> &str {
    run.stderr
        .lines()
        .find(|l| l.starts_with("deployed to bucket"))
        .unwrap_or_else(|| panic!("no summary in:\n{}", run.stderr))
}

#[test]
fn deploys_upload_only_what_changed_with_types_and_cache_headers() {
    let Some(server) = Server::seaweed() else {
        return;
    };
    server.bucket("site");
    let p = site();

    let dry = deploy(&p, &server, "site", &["--prefix", "mr-7", "--dry-run"]);
    dry.expect_code(0);
    assert!(
        dry.stdout.contains("upload  mr-7/index.html  (new,"),
        "{}",
        dry.stdout
    );
    assert!(server.keys("site").is_empty(), "a dry run changes nothing");

    let first = deploy(&p, &server, "site", &["--prefix", "mr-7"]);
    first.expect_code(0);
    p.build(&[]).expect_code(0);
    let count = p
        .site_files()
        .iter()
        .filter(|f| !f.ends_with(".sadoc-output"))
        .count();
    assert!(
        summary(&first).contains(&format!("{count} uploaded")),
        "{}",
        first.stderr
    );
    assert_eq!(
        first.stdout.trim(),
        format!("{}/site/mr-7/", server.endpoint),
        "the site's URL"
    );
    let keys = server.keys("site");
    assert!(keys.iter().all(|k| k.starts_with("mr-7/")), "{keys:?}");
    assert!(keys.contains(&"mr-7/img/context.svg".to_string()));
    assert!(!keys.iter().any(|k| k.ends_with(".sadoc-output")));

    let second = deploy(&p, &server, "site", &["--prefix", "mr-7/"]);
    assert!(
        summary(&second).contains(&format!(": 0 uploaded (0 B), {count} unchanged, 0 deleted")),
        "{}",
        second.stderr
    );

    std::fs::write(
        p.path("docs/runbooks/rotate.md"),
        "# Rotate\n\nRotate the keys monthly.\n",
    )
    .unwrap();
    // The edited page, and the few search files that hold its text: its fragment, its
    // document chunk, the shards of its terms and the index's entry point.
    let plan = deploy(&p, &server, "site", &["--prefix", "mr-7", "--dry-run"]);
    let uploads: Vec<&str> = plan
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("upload  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let (search, pages): (Vec<&str>, Vec<&str>) =
        uploads.iter().partition(|k| k.starts_with("mr-7/search/"));
    assert_eq!(pages, ["mr-7/runbooks/rotate.html"], "{}", plan.stdout);
    assert!(search.contains(&"mr-7/search/index.js"), "{search:?}");
    assert!(search.len() <= 6, "a handful of search files: {search:?}");
    let third = deploy(&p, &server, "site", &["--prefix", "mr-7"]);
    assert!(
        summary(&third).contains(&format!(": {} uploaded", uploads.len())),
        "only what the edit changed: {}",
        third.stderr
    );

    for (key, content_type, cache) in [
        ("mr-7/index.html", "text/html; charset=utf-8", "no-cache"),
        (
            "mr-7/img/context.svg",
            "image/svg+xml",
            "public, max-age=300",
        ),
        (
            "mr-7/search/index.js",
            "text/javascript; charset=utf-8",
            "no-cache",
        ),
    ] {
        assert_eq!(
            server.headers("site", key),
            (content_type.to_string(), cache.to_string()),
            "{key}"
        );
    }
    let css = keys
        .iter()
        .find(|k| k.starts_with("mr-7/assets/sadoc.") && k.ends_with(".css"))
        .expect("the theme stylesheet");
    assert_eq!(
        server.headers("site", css),
        (
            "text/css; charset=utf-8".to_string(),
            "public, max-age=31536000, immutable".to_string()
        )
    );

    // A page deleted from the site goes with --delete, and only then.
    std::fs::remove_file(p.path("docs/runbooks/rotate.md")).unwrap();
    deploy(&p, &server, "site", &["--prefix", "mr-7"]).expect_code(0);
    assert!(
        server
            .keys("site")
            .contains(&"mr-7/runbooks/rotate.html".to_string())
    );
    let deleted = deploy(&p, &server, "site", &["--prefix", "mr-7", "--delete"]);
    deleted.expect_code(0);
    assert!(
        !server
            .keys("site")
            .contains(&"mr-7/runbooks/rotate.html".to_string())
    );
    // With the page went the search files earlier deploys left behind: the prefix now holds
    // exactly the site.
    p.build(&[]).expect_code(0);
    let mut expected: Vec<String> = p
        .site_files()
        .iter()
        .filter(|f| !f.ends_with(".sadoc-output"))
        .map(|f| format!("mr-7/{f}"))
        .collect();
    expected.sort();
    let mut keys = server.keys("site");
    keys.sort();
    assert_eq!(keys, expected, "{}", deleted.stderr);

    // A site built earlier can be deployed as it is.
    p.build(&["--out", "public"]).expect_code(0);
    let from_dir = deploy(
        &p,
        &server,
        "site",
        &["--prefix", "mr-7", "--out", "public"],
    );
    assert!(
        summary(&from_dir).contains(": 0 uploaded"),
        "{}",
        from_dir.stderr
    );
    deploy(&p, &server, "site", &["--prefix", "mr-7", "--out", "docs"])
        .expect_code(2)
        .expect_stderr("is not a site sadoc built");
}

#[test]
fn deletes_stay_inside_the_prefix_and_setup_errors_are_clear() {
    let Some(server) = Server::seaweed() else {
        return;
    };
    server.bucket("site");
    let p = site();
    for key in [
        "mr-12/stale.html",
        "mr-123/keep.html",
        "other.html",
        "mr-1/index.html",
    ] {
        server.put("site", key, "x");
    }
    let run = deploy(&p, &server, "site", &["--prefix", "mr-12"]);
    assert!(
        summary(&run).contains("1 stale left (use --delete to remove)"),
        "{}",
        run.stderr
    );
    let run = deploy(&p, &server, "site", &["--prefix", "mr-12", "--delete"]);
    assert!(summary(&run).contains(", 1 deleted"), "{}", run.stderr);
    let keys: BTreeSet<String> = server.keys("site").into_iter().collect();
    assert!(!keys.contains("mr-12/stale.html"));
    for neighbour in ["mr-123/keep.html", "other.html", "mr-1/index.html"] {
        assert!(
            keys.contains(neighbour),
            "{neighbour} is outside the prefix"
        );
    }

    deploy(&p, &server, "site", &["--delete"])
        .expect_code(2)
        .expect_stderr("--delete at the bucket root")
        .expect_stderr("--delete-root");
    let run = deploy(&p, &server, "site", &["--delete", "--delete-root"]);
    run.expect_code(0);
    let keys: BTreeSet<String> = server.keys("site").into_iter().collect();
    assert!(!keys.contains("other.html"), "stale at the root");
    assert!(
        keys.contains("mr-12/index.html")
            && keys.contains("mr-123/keep.html")
            && keys.contains("mr-1/index.html"),
        "previews survive a root deploy: {keys:?}"
    );

    let run = deploy(&p, &server, "site", &["--remove-prefix", "mr-12"]);
    run.expect_code(0).expect_stderr("removed");
    let keys: BTreeSet<String> = server.keys("site").into_iter().collect();
    assert!(!keys.iter().any(|k| k.starts_with("mr-12/")));
    assert!(keys.contains("mr-123/keep.html") && keys.contains("index.html"));

    let env = [
        ("AWS_ACCESS_KEY_ID", "not-a-key"),
        ("AWS_SECRET_ACCESS_KEY", "wrong"),
        ("AWS_REGION", "us-east-1"),
    ];
    p.run_with_env(
        &p.root,
        &[
            "deploy",
            "--endpoint",
            &server.endpoint,
            "--bucket",
            "site",
            "--prefix",
            "x",
        ],
        &env,
    )
    .expect_code(2)
    .expect_stderr("check the AWS credentials");
    deploy(&p, &server, "site-that-is-not-there", &["--prefix", "x"])
        .expect_code(2)
        .expect_stderr("bucket `site-that-is-not-there` does not exist");
    p.run(&["deploy", "--prefix", "x"])
        .expect_code(2)
        .expect_stderr("no bucket to deploy to");
}

#[test]
fn a_server_lost_mid_deploy_names_what_is_missing_and_a_rerun_completes() {
    let Some(mut server) = Server::seaweed() else {
        return;
    };
    server.bucket("site");
    let mut p = site();
    for i in 0..150 {
        p = p.file(
            &format!("docs/many/page-{i:03}.md"),
            &format!("# Page {i}\n\n{}\n", "Words. ".repeat(200)),
        );
    }
    p.build(&["--out", "public"]).expect_code(0);
    let env = server.env();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_sadoc"))
        .args([
            "deploy",
            "--endpoint",
            &server.endpoint,
            "--bucket",
            "site",
            "--out",
            "public",
            "--concurrency",
            "1",
        ])
        .current_dir(&p.root)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while server.keys("site").len() < 10 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the deploy did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    server.stop();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("was not uploaded"),
        "the failed object is named: {stderr}"
    );
    assert!(stderr.contains("deploy incomplete:"), "{stderr}");
    assert!(stderr.contains("run `sadoc deploy` again"), "{stderr}");

    server.start();
    let run = deploy(&p, &server, "site", &["--out", "public"]);
    run.expect_code(0);
    let line = summary(&run);
    assert!(
        !line.contains(": 0 uploaded"),
        "the rest is uploaded: {line}"
    );
    assert!(
        !line.contains(" 0 unchanged"),
        "what was there is kept: {line}"
    );
    let again = deploy(&p, &server, "site", &["--out", "public"]);
    assert!(summary(&again).contains(": 0 uploaded"), "{}", again.stderr);
}

#[test]
fn a_preview_with_website_hosting_browses() {
    let Some(server) = Server::s3rver() else {
        return;
    };
    server.bucket("web");
    let p = site();
    deploy(&p, &server, "web", &["--prefix", "mr-42", "--website"]).expect_code(0);
    let base = format!("{}/web/mr-42/", server.endpoint);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let get = |url: &str| -> (u16, String, String) {
        let mut response = agent.get(url).call().unwrap();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        (
            response.status().as_u16(),
            location,
            response.body_mut().read_to_string().unwrap_or_default(),
        )
    };
    let (status, location, _) = get(&format!("{}/web/mr-42", server.endpoint));
    assert_eq!(status, 302, "a folder without its slash is redirected");
    assert!(location.ends_with("/web/mr-42/"), "{location}");
    // Follow every link of every page; each must resolve.
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue = vec![base.clone()];
    while let Some(url) = queue.pop() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let (status, _, body) = get(&url);
        assert_eq!(status, 200, "{url}");
        if !(url.ends_with('/') || url.ends_with(".html")) {
            continue;
        }
        for attr in ["href=\"", "src=\""] {
            for rest in body.split(attr).skip(1) {
                let link = rest.split('"').next().unwrap_or("");
                if link.is_empty()
                    || link.starts_with('#')
                    || link.contains("://")
                    || link.starts_with("mailto:")
                {
                    continue;
                }
                let link = link.split('#').next().unwrap();
                let dir = &url[..url.rfind('/').unwrap() + 1];
                let mut parts: Vec<&str> = dir
                    .trim_start_matches(&server.endpoint)
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .collect();
                for part in link.split('/') {
                    match part {
                        ".." => {
                            parts.pop();
                        }
                        "." | "" => {}
                        p => parts.push(p),
                    }
                }
                let mut target = format!("{}/{}", server.endpoint, parts.join("/"));
                if link.ends_with('/') {
                    target.push('/');
                }
                assert!(
                    target.starts_with(&base),
                    "{url} links outside the preview: {link}"
                );
                queue.push(target);
            }
        }
    }
    assert!(seen.len() >= 8, "crawled {seen:?}");
    let (status, _, _) = get(&format!("{base}no-such-page.html"));
    assert_eq!(status, 404);
}

/// Over HTTPS a deploy trusts the certificates the system offers (here `SSL_CERT_FILE`, as a
/// company CA is installed) besides the Mozilla roots compiled in; a server whose certificate
/// no trusted root signed is refused with an error that says so, and nothing is uploaded.
#[test]
fn deploys_over_https_trust_the_system_roots_and_refuse_unknown_certificates() {
    let Some((server, ca)) = Server::s3rver_tls("site") else {
        return;
    };
    let p = site();
    let empty = p.root.join("no-certificates.pem");
    std::fs::write(&empty, "").unwrap();
    let run = |cert_file: &std::path::Path| {
        let mut env = server.env();
        env.push(("SSL_CERT_FILE", cert_file.display().to_string()));
        env.push((
            "SSL_CERT_DIR",
            p.root.join("no-such-dir").display().to_string(),
        ));
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        p.run_with_env(
            &p.root,
            &["deploy", "--endpoint", &server.endpoint, "--bucket", "site"],
            &env,
        )
    };

    let refused = run(&empty);
    assert_ne!(refused.code, 0, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("sent a certificate sadoc does not trust (invalid peer certificate"),
        "{}",
        refused.stderr
    );
    assert!(
        refused
            .stderr
            .contains("put its PEM certificate in the file SSL_CERT_FILE names"),
        "the error says what to do:\n{}",
        refused.stderr
    );
    assert!(!refused.stderr.contains("panicked"), "{}", refused.stderr);
    assert!(server.stored_keys("site").is_empty());

    let trusted = run(&ca);
    trusted.expect_code(0);
    assert!(
        server
            .stored_keys("site")
            .contains(&"index.html".to_string()),
        "{:?}\n{}",
        server.stored_keys("site"),
        trusted.stderr
    );
}

/// A first deploy to a bucket that does not exist yet: `--create-bucket` creates it with
/// website hosting, and the site browses at once; `-q` prints nothing but problems.
#[test]
fn a_first_deploy_creates_the_bucket_with_website_hosting_and_quiet_prints_nothing() {
    let Some(server) = Server::s3rver() else {
        return;
    };
    let p = site();
    deploy(&p, &server, "fresh", &[])
        .expect_code(2)
        .expect_stderr("bucket `fresh` does not exist")
        .expect_stderr("--create-bucket");
    let dry = deploy(&p, &server, "fresh", &["--create-bucket", "--dry-run"]);
    dry.expect_code(0)
        .expect_stderr("--create-bucket would create it");
    deploy(&p, &server, "fresh", &[]).expect_code(2);

    let run = deploy(&p, &server, "fresh", &["--create-bucket", "-q"]);
    run.expect_code(0);
    assert_eq!(run.stdout, "", "quiet: no URL");
    assert_eq!(run.stderr, "", "quiet: no progress or summary");
    assert!(server.keys("fresh").contains(&"index.html".to_string()));
    // Website hosting: a folder serves its index.html, a missing page the site's 404 page.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut folder = agent
        .get(&format!("{}/fresh/runbooks/", server.endpoint))
        .call()
        .unwrap();
    assert_eq!(folder.status().as_u16(), 200);
    assert!(
        folder
            .body_mut()
            .read_to_string()
            .unwrap()
            .contains("Replay")
    );
    let missing = agent
        .get(&format!("{}/fresh/no-such-page.html", server.endpoint))
        .call()
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);

    // Again, the bucket exists: nothing to create, nothing to upload.
    let again = deploy(&p, &server, "fresh", &["--create-bucket"]);
    again.expect_code(0).refute_stderr("created bucket");
    assert!(summary(&again).contains(": 0 uploaded"), "{}", again.stderr);
}
