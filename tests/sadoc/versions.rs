//! `sadoc versions` (issue 40) against real S3-compatible servers on 127.0.0.1: a site per
//! release under the prefix, aliases as redirect pages, `versions.json` in mike's format, the
//! root leading to the default; concurrent publications both recorded; a mike site extended.

use crate::harness::{Project, Run};
use crate::s3::Server;

fn site(title: &str) -> Project {
    Project::new()
        .file("sadoc.yml", &format!("title: {title}\n"))
        .file(
            "docs/index.md",
            "# Shop\n\nSee [the pipeline](guide/pipeline.md).\n",
        )
        .file(
            "docs/guide/pipeline.md",
            "# Pipeline\n\nIngest, then load.\n",
        )
}

fn versions(p: &Project, server: &Server, args: &[&str]) -> Run {
    let mut all = vec!["versions"];
    all.extend_from_slice(args);
    all.extend_from_slice(&[
        "--endpoint",
        &server.endpoint,
        "--bucket",
        "docs",
        "--prefix",
        "arch",
    ]);
    let env = server.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    p.run_with_env(&p.root, &all, &env)
}

/// The version names `versions.json` lists, in its order.
fn version_names(server: &Server) -> Vec<String> {
    versions_json(server)
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v["version"].as_str().unwrap_or("").to_string())
        .collect()
}

fn versions_json(server: &Server) -> serde_json::Value {
    let text = server
        .text("docs", "arch/versions.json")
        .expect("versions.json");
    serde_json::from_str(&text).expect("valid JSON")
}

#[test]
fn three_versions_with_aliases_a_default_titles_and_a_deletion() {
    let Some(server) = Server::seaweed() else {
        return;
    };
    server.bucket("docs");
    let p = site("Shop");
    versions(&p, &server, &["deploy", "1.0"]).expect_code(0);
    versions(
        &p,
        &server,
        &["deploy", "1.1", "stable", "--title", "1.1 (LTS)"],
    )
    .expect_code(0);
    versions(&p, &server, &["deploy", "2.0", "latest"]).expect_code(0);
    assert_eq!(
        versions_json(&server),
        serde_json::json!([
            {"version": "2.0", "title": "2.0", "aliases": ["latest"]},
            {"version": "1.1", "title": "1.1 (LTS)", "aliases": ["stable"]},
            {"version": "1.0", "title": "1.0", "aliases": []}
        ])
    );
    let keys = server.keys("docs");
    for key in [
        "arch/1.0/index.html",
        "arch/2.0/guide/pipeline.html",
        "arch/latest/guide/pipeline.html",
        "arch/index.html",
    ] {
        assert!(keys.iter().any(|k| k == key), "{key} in {keys:?}");
    }
    let redirect = server
        .text("docs", "arch/latest/guide/pipeline.html")
        .unwrap();
    assert!(
        redirect.contains("url=../../2.0/guide/pipeline.html"),
        "{redirect}"
    );
    // The first version is the default until another is made so.
    let root = server.text("docs", "arch/index.html").unwrap();
    assert!(root.contains("url=1.0/"), "{root}");
    versions(&p, &server, &["set-default", "latest"]).expect_code(0);
    assert!(
        server
            .text("docs", "arch/index.html")
            .unwrap()
            .contains("url=2.0/")
    );
    let list = versions(&p, &server, &["list"]);
    list.expect_code(0);
    assert_eq!(
        list.stdout, "* 2.0 [latest]\n  1.1 \"1.1 (LTS)\" [stable]\n  1.0\n",
        "{}",
        list.stdout
    );
    versions(&p, &server, &["retitle", "1.0", "1.0 (old)"]).expect_code(0);
    versions(&p, &server, &["alias", "1.1", "latest"]).expect_code(0);
    assert!(
        server
            .text("docs", "arch/latest/index.html")
            .unwrap()
            .contains("url=../1.1/"),
        "the alias's pages follow it"
    );
    // Deleting the default is refused; another version goes with its files only.
    versions(&p, &server, &["delete", "2.0"])
        .expect_code(2)
        .expect_stderr("is the default version");
    versions(&p, &server, &["delete", "1.0"]).expect_code(0);
    let keys = server.keys("docs");
    assert!(!keys.iter().any(|k| k.starts_with("arch/1.0/")), "{keys:?}");
    assert!(keys.iter().any(|k| k.starts_with("arch/1.1/")), "{keys:?}");
    assert_eq!(
        versions_json(&server),
        serde_json::json!([
            {"version": "2.0", "title": "2.0", "aliases": []},
            {"version": "1.1", "title": "1.1 (LTS)", "aliases": ["stable", "latest"]}
        ])
    );
}

#[test]
fn bad_names_are_refused_before_anything_is_written() {
    let Some(server) = Server::seaweed() else {
        return;
    };
    server.bucket("docs");
    let p = site("Shop");
    versions(&p, &server, &["deploy", "../1.0"])
        .expect_code(2)
        .expect_stderr("is not a safe version name");
    versions(&p, &server, &["deploy", "1.0", "a/b"])
        .expect_code(2)
        .expect_stderr("is not a safe alias name");
    versions(&p, &server, &["deploy", "1.0", "1.0"])
        .expect_code(2)
        .expect_stderr("cannot be an alias");
    assert!(server.keys("docs").is_empty(), "{:?}", server.keys("docs"));
    versions(&p, &server, &["deploy", "1.0"]).expect_code(0);
    versions(&p, &server, &["deploy", "2.0", "1.0"])
        .expect_code(2)
        .expect_stderr("`1.0` is a version, so it cannot be an alias");
    assert!(
        !server
            .keys("docs")
            .iter()
            .any(|k| k.starts_with("arch/2.0/"))
    );
}

#[test]
fn redeploying_a_version_unchanged_uploads_nothing_and_leaves_versions_json() {
    let Some(server) = Server::seaweed() else {
        return;
    };
    server.bucket("docs");
    let p = site("Shop");
    versions(&p, &server, &["deploy", "1.0", "latest"]).expect_code(0);
    let again = versions(&p, &server, &["deploy", "1.0", "latest"]);
    again.expect_code(0);
    assert!(again.stdout.contains(": 0 uploaded,"), "{}", again.stdout);
    assert!(
        again.stdout.contains("versions.json unchanged"),
        "{}",
        again.stdout
    );
}

#[test]
fn two_pipelines_publishing_at_once_are_both_recorded() {
    let Some(server) = Server::seaweed() else {
        return;
    };
    server.bucket("docs");
    let a = site("A");
    let b = site("B");
    versions(&a, &server, &["deploy", "0.9"]).expect_code(0);
    for round in 0..3 {
        let (va, vb) = (format!("{round}.1"), format!("{round}.2"));
        std::thread::scope(|s| {
            let one = s.spawn(|| versions(&a, &server, &["deploy", &va]));
            let two = s.spawn(|| versions(&b, &server, &["deploy", &vb]));
            one.join().unwrap().expect_code(0);
            two.join().unwrap().expect_code(0);
        });
        let names = version_names(&server);
        assert!(
            names.contains(&va) && names.contains(&vb),
            "round {round}: {names:?}"
        );
    }
}

#[test]
fn a_mike_site_is_read_and_extended_never_overwritten() {
    let Some(server) = Server::seaweed() else {
        return;
    };
    server.bucket("docs");
    let mike = r#"[{"version": "1.0", "title": "1.0 (mike)", "aliases": ["latest"], "properties": {"eol": "2026-12-31"}}]"#;
    server.put("docs", "arch/versions.json", mike);
    server.put("docs", "arch/1.0/index.html", "<html>mike's 1.0</html>");
    server.put(
        "docs",
        "arch/index.html",
        "<!DOCTYPE html>\n<html><head><noscript><meta http-equiv=\"refresh\" content=\"1; url=latest/\" /></noscript></head></html>\n",
    );
    let p = site("Shop");
    versions(&p, &server, &["deploy", "2.0", "latest"]).expect_code(0);
    assert_eq!(
        versions_json(&server),
        serde_json::json!([
            {"version": "2.0", "title": "2.0", "aliases": ["latest"]},
            {"version": "1.0", "title": "1.0 (mike)", "aliases": [], "properties": {"eol": "2026-12-31"}}
        ])
    );
    assert_eq!(
        server.text("docs", "arch/1.0/index.html").as_deref(),
        Some("<html>mike's 1.0</html>"),
        "mike's version is left as it is"
    );
    assert!(
        server
            .text("docs", "arch/index.html")
            .unwrap()
            .contains("url=latest/"),
        "mike's default (an alias) stays the default"
    );
    let list = versions(&p, &server, &["list"]);
    assert!(
        list.stdout.starts_with("* 2.0 [latest]\n"),
        "{}",
        list.stdout
    );
    versions(&p, &server, &["delete", "latest"])
        .expect_code(2)
        .expect_stderr("is the default version");
}

/// s3rver takes writes whose condition fails (SeaweedFS refuses them with 412): sadoc still
/// reads its edit back, and says what the server cannot promise.
#[test]
fn a_server_without_conditional_writes_gets_a_warning_and_a_checked_edit() {
    let Some(server) = Server::s3rver() else {
        return;
    };
    server.bucket("docs");
    let p = site("Shop");
    versions(&p, &server, &["deploy", "1.0"]).expect_code(0);
    let second = versions(&p, &server, &["deploy", "2.0", "latest"]);
    second
        .expect_code(0)
        .expect_stderr("this S3 server ignores conditional writes")
        .expect_stderr("resource_group");
    assert_eq!(version_names(&server), ["2.0", "1.0"]);
    // SeaweedFS honours them: no warning.
    let Some(seaweed) = Server::seaweed() else {
        return;
    };
    seaweed.bucket("docs");
    versions(&p, &seaweed, &["deploy", "1.0"]).expect_code(0);
    versions(&p, &seaweed, &["deploy", "2.0"])
        .expect_code(0)
        .refute_stderr("ignores conditional writes");
}

#[test]
fn older_versions_point_search_engines_at_the_default() {
    let Some(server) = Server::seaweed() else {
        return;
    };
    server.bucket("docs");
    let p = site("Shop").file(
        "sadoc.yml",
        "title: Shop\nbase_url: https://docs.example.com/arch/\n",
    );
    versions(&p, &server, &["deploy", "2.0", "latest"]).expect_code(0);
    versions(&p, &server, &["deploy", "1.9"]).expect_code(0);
    let old = server.text("docs", "arch/1.9/guide/pipeline.html").unwrap();
    assert!(
        old.contains("<link rel=\"canonical\" href=\"https://docs.example.com/arch/2.0/guide/pipeline.html\">"),
        "{old}"
    );
    let sitemap = server.text("docs", "arch/1.9/sitemap.xml").unwrap();
    assert!(
        sitemap.contains("https://docs.example.com/arch/2.0/guide/pipeline.html"),
        "{sitemap}"
    );
    let current = server.text("docs", "arch/2.0/guide/pipeline.html").unwrap();
    assert!(current.contains("href=\"https://docs.example.com/arch/2.0/guide/pipeline.html\""));
}

#[test]
fn a_plain_deploy_with_delete_keeps_the_versions_under_its_prefix() {
    let Some(server) = Server::seaweed() else {
        return;
    };
    server.bucket("docs");
    let p = site("Shop");
    versions(&p, &server, &["deploy", "1.0", "latest"]).expect_code(0);
    let env = server.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    p.run_with_env(
        &p.root,
        &[
            "deploy",
            "--endpoint",
            &server.endpoint,
            "--bucket",
            "docs",
            "--prefix",
            "arch",
            "--delete",
        ],
        &env,
    )
    .expect_code(0);
    let keys = server.keys("docs");
    for kept in [
        "arch/versions.json",
        "arch/1.0/index.html",
        "arch/latest/guide/pipeline.html",
    ] {
        assert!(
            keys.iter().any(|k| k == kept),
            "{kept} was deleted: {keys:?}"
        );
    }
}
