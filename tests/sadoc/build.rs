//! `sadoc build`: the site's layout, relative URLs, assets, atomic output, `--strict`.

use crate::harness::{Project, urls};

#[test]
fn builds_pages_at_urls_that_mirror_sources() {
    let p = Project::fixture("build/basic");
    p.build(&[]).expect_code(0).expect_stderr("built 10 pages");
    let files = p.site_files();
    for expected in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "sad/index.html",
        "sad/overview.html",
        "sad/views/alpha.html",
        "sad/views/index.html",
        "adr/index.html",
        "adr/0001-first.html",
        "adr/0002-second.html",
        "guides/setup.html",
        "guides/index.html",
        "guides/deep/nested.html",
        "img/context.png",
        ".sadoc-output",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "missing {expected} in {files:?}"
        );
    }
    assert!(
        !p.site_has("img/unused.txt"),
        "only referenced files are copied"
    );
}

#[test]
fn pretty_urls_write_folders_with_index_pages() {
    let p = Project::fixture("build/basic");
    std::fs::write(p.path("sadoc.yml"), "title: Basic\nurls: pretty\n").unwrap();
    p.build(&[]).expect_code(0);
    assert!(p.site_has("adr/0001-first/index.html"));
    assert!(p.site_has("sad/views/alpha/index.html"));
    let adr = p.site("adr/0001-first/index.html");
    assert!(
        adr.contains("href=\"../0002-second/\""),
        "links end in a slash"
    );
}

#[test]
fn every_url_in_the_output_is_relative() {
    let p = Project::fixture("build/basic");
    p.build(&[]).expect_code(0);
    for file in p
        .site_files()
        .iter()
        .filter(|f| f.ends_with(".html") && *f != "404.html")
    {
        for url in urls(&p.site(file)) {
            let external = url.starts_with("https://") || url.starts_with("http://");
            assert!(
                !url.starts_with('/')
                    && (!external
                        || url.contains("gitlab.example.com")
                        || url.contains("docs.example.com")),
                "{file} has a non-relative URL {url}"
            );
        }
    }
}

#[test]
fn relative_links_resolve_to_files_in_the_site() {
    let p = Project::fixture("build/basic");
    p.build(&[]).expect_code(0);
    let site = p.root.join("site");
    for file in p
        .site_files()
        .iter()
        .filter(|f| f.ends_with(".html") && *f != "404.html")
    {
        let dir = std::path::Path::new(file).parent().unwrap().to_path_buf();
        for url in urls(&p.site(file)) {
            if url.starts_with("http") || url.starts_with('#') || url.starts_with("mailto:") {
                continue;
            }
            let path = url.split(['#', '?']).next().unwrap();
            let target = site.join(&dir).join(path);
            assert!(
                target.exists(),
                "{file}: `{url}` leads nowhere ({})",
                target.display()
            );
        }
    }
}

#[test]
fn theme_assets_have_content_hashed_names() {
    let p = Project::fixture("build/basic");
    p.build(&[]).expect_code(0);
    let css: Vec<String> = p
        .site_files()
        .into_iter()
        .filter(|f| f.starts_with("assets/sadoc.") && f.ends_with(".css"))
        .collect();
    assert_eq!(css.len(), 1, "{css:?}");
    assert!(
        regex::Regex::new(r"^assets/sadoc\.[0-9a-f]{8}\.css$")
            .unwrap()
            .is_match(&css[0])
    );
    assert!(p.site("index.html").contains(&css[0]));
    assert!(
        p.site_files()
            .iter()
            .any(|f| f.starts_with("assets/highlight."))
    );
}

#[test]
fn sitemap_lists_absolute_urls_when_base_url_is_set() {
    let p = Project::fixture("build/basic");
    p.build(&[]).expect_code(0);
    let sitemap = p.site("sitemap.xml");
    assert!(sitemap.contains("<loc>https://docs.example.com/basic/adr/0001-first.html</loc>"));
    assert!(sitemap.contains("<loc>https://docs.example.com/basic/index.html</loc>"));
}

#[test]
fn warnings_pass_without_strict_and_fail_with_it() {
    let p = Project::new().file("docs/a.md", "# A\n\n[gone](missing.md)\n");
    p.build(&[])
        .expect_code(0)
        .expect_stderr("docs/a.md:3:1: warning: broken link `missing.md`");
    assert!(p.site_has("a.html"));
    std::fs::write(p.path("docs/a.md"), "# A changed\n\n[gone](missing.md)\n").unwrap();
    p.build(&["--strict"])
        .expect_code(1)
        .expect_stderr("build failed: 0 errors, 1 warning (strict: warnings are errors)");
    assert!(
        p.site("a.html")
            .contains("<h1 id=\"a\">A<a class=\"heading-anchor\""),
        "the previous output is left untouched"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let p = Project::new().file("docs/a.md", "# Good\n");
    p.build(&[]).expect_code(0);
    let before = p.site("a.html");
    std::fs::write(p.path("docs/a.md"), "---\ntitle: [unclosed\n---\n# Bad\n").unwrap();
    p.build(&[])
        .expect_code(1)
        .expect_stderr("docs/a.md:2:")
        .expect_stderr("the previous output in `site` was left untouched");
    assert_eq!(p.site("a.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(&p.root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".sadoc"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary folders are left behind");
}

#[test]
fn output_replaces_stale_files() {
    let p = Project::new()
        .file("docs/a.md", "# A\n")
        .file("docs/b.md", "# B\n");
    p.build(&[]).expect_code(0);
    assert!(p.site_has("b.html"));
    std::fs::remove_file(p.path("docs/b.md")).unwrap();
    p.build(&[]).expect_code(0);
    assert!(
        !p.site_has("b.html"),
        "deleted pages disappear from the output"
    );
}

#[test]
fn refuses_an_output_folder_it_did_not_write() {
    let p = Project::new()
        .file("docs/a.md", "# A\n")
        .file("precious/notes.txt", "keep me");
    p.build(&["--out", "precious"])
        .expect_code(2)
        .expect_stderr("refusing to replace")
        .expect_stderr("precious");
    assert!(p.path("precious/notes.txt").exists());
}

#[test]
fn refuses_an_output_folder_that_holds_the_sources() {
    let p = Project::new().file("docs/a.md", "# A\n");
    p.build(&["--out", "docs"])
        .expect_code(2)
        .expect_stderr("would replace docs.dir");
    p.build(&["--out", "."])
        .expect_code(2)
        .expect_stderr("would replace the project folder");
    assert!(p.path("docs/a.md").exists());
}

#[test]
fn out_option_writes_elsewhere() {
    let p = Project::new().file("docs/a.md", "# A\n");
    p.build(&["--out", "public/site"]).expect_code(0);
    assert!(p.path("public/site/a.html").is_file());
    assert!(!p.path("site").exists());
}

#[test]
fn generated_home_page_lists_sections_and_recent_decisions() {
    let p = Project::fixture("build/basic");
    std::fs::remove_file(p.path("docs/index.md")).unwrap();
    p.build(&[]).expect_code(0);
    let home = p.site("index.html");
    assert!(home.contains("<h1>Basic Architecture</h1>"));
    assert!(
        home.contains("href=\"sad/index.html\">Architecture</a>"),
        "{home}"
    );
    assert!(home.contains("Recent decisions"));
    assert!(home.contains("First decision"));
}

#[test]
fn decision_log_lists_adrs_in_number_order_with_status() {
    let p = Project::fixture("build/basic");
    p.build(&[]).expect_code(0);
    let log = p.site("adr/index.html");
    let first = log.find("First decision").unwrap();
    let second = log.find("Second decision").unwrap();
    assert!(first < second);
    assert!(log.contains("<td class=\"num\">0001</td>"));
    assert!(log.contains("<span class=\"badge status-accepted\">accepted</span>"));
    assert!(log.contains("<span class=\"badge status-proposed\">proposed</span>"));
    assert!(log.contains("<time datetime=\"2024-01-02\">2024-01-02</time>"));
}

#[test]
fn not_found_page_is_self_contained() {
    let p = Project::fixture("build/basic");
    p.build(&[]).expect_code(0);
    let page = p.site("404.html");
    assert!(page.contains("Page not found"));
    assert!(
        page.contains("<style>"),
        "styles are inlined: the page is served at any depth"
    );
    assert!(
        !page.contains("href=\"assets/") && !page.contains("src=\""),
        "no relative asset links"
    );
    assert!(page.contains("href=\"https://docs.example.com/basic/\""));
}

#[test]
fn edit_links_point_at_the_repository() {
    let p = Project::fixture("build/basic");
    p.build(&[]).expect_code(0);
    assert!(p.site("guides/setup.html").contains(
        "href=\"https://gitlab.example.com/team/basic/-/edit/main/docs/guides/setup.md\""
    ));
}
