//! Bad input: every malformed file gets a clear message with its path (and line where there is
//! one), the right exit code, no panic, and the previous output stays intact.

use crate::harness::Project;

/// Builds once with good content so there is previous output to protect.
fn with_previous_output(p: &Project) -> String {
    p.build(&[]).expect_code(0);
    p.site("good.html")
}

fn good() -> Project {
    Project::new().file("docs/good.md", "# Good\n")
}

#[test]
fn malformed_front_matter_yaml() {
    let p = good();
    let before = with_previous_output(&p);
    std::fs::write(
        p.path("docs/bad.md"),
        "---\ntitle: ok\ntags: [a, b\n---\n# Bad\n",
    )
    .unwrap();
    let run = p.build(&[]);
    run.expect_code(1)
        .expect_stderr("docs/bad.md:3:7: error: invalid front matter: unclosed bracket")
        .expect_stderr("error: invalid front matter")
        .expect_stderr("help: fix the YAML between the `---` lines");
    assert_eq!(p.site("good.html"), before);
}

#[test]
fn front_matter_that_is_not_a_mapping_is_ignored_with_a_warning() {
    let p = Project::new().file("docs/list.md", "---\n- a\n- b\n---\n# List\n");
    p.build(&[]).expect_code(0).expect_stderr(
        "docs/list.md:2:1: warning: front matter must be a mapping of `key: value` lines, not a list; sadoc ignores it on this page",
    );
    assert!(p.site("list.html").contains("<h1"));
}

#[test]
fn front_matter_with_wrong_value_types_ignores_that_key() {
    let p = Project::new().file("docs/a.md", "---\ntitle: ok\nelements: 42\n---\n# A\n");
    p.build(&[]).expect_code(0).expect_stderr(
        "docs/a.md:3:1: warning: front matter key `elements` holds a number, but sadoc expects a list; the key is ignored",
    );
    assert!(
        p.site("a.html").contains("<title>ok"),
        "{}",
        p.site("a.html")
    );
}

#[test]
fn unclosed_front_matter() {
    let p = Project::new().file("docs/a.md", "---\ntitle: x\n# A\n");
    p.build(&[]).expect_code(1).expect_stderr(
        "docs/a.md:1:1: error: front matter opened with `---` on line 1 is never closed",
    );
}

#[test]
fn unknown_kind_is_a_warning_on_its_line() {
    let p = Project::new().file("docs/a.md", "---\ntitle: A\nkind: veiw\n---\n# A\n");
    p.build(&[]).expect_code(0).expect_stderr(
        "docs/a.md:3: warning: unknown kind `veiw` (did you mean `view`?); expected one of roadmap, overview, view",
    )
    .expect_stderr("built 1 page (");
}

#[test]
fn byte_order_mark_and_crlf_line_endings() {
    let p = Project::new()
        .bytes(
            "docs/bom.md",
            b"\xef\xbb\xbf---\r\ntitle: With BOM\r\n---\r\n# Heading\r\n\r\n[broken](nope.md)\r\n",
        )
        .bytes("docs/old-mac.md", b"# Old\r\rtext\r");
    let run = p.build(&[]);
    run.expect_code(0)
        .expect_stderr("docs/bom.md:6:1: warning: broken link `nope.md`");
    let page = p.site("bom.html");
    assert!(page.contains("<title>With BOM · Test Architecture</title>"));
    assert!(!page.contains('\u{feff}'));
    assert!(!page.contains('\r'));
}

#[test]
fn invalid_utf8() {
    let p = Project::new().bytes("docs/latin1.md", b"# Caf\xe9\n\nok\n");
    p.build(&[])
        .expect_code(1)
        .expect_stderr("docs/latin1.md:1:6: error: the file is not valid UTF-8")
        .expect_stderr("help: save the file as UTF-8");
}

#[test]
fn binary_file_with_a_markdown_name() {
    let p = Project::new().bytes("docs/image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    p.build(&[])
        .expect_code(1)
        .expect_stderr("docs/image.md: error: the file is binary");
}

#[test]
fn empty_file() {
    let p = Project::new().file("docs/empty.md", "");
    p.build(&[])
        .expect_code(0)
        .expect_stderr("docs/empty.md: warning: the page is empty");
    assert!(p.site("empty.html").contains("<h1>Empty</h1>"));
}

#[test]
fn a_five_megabyte_page_builds() {
    let paragraph =
        "Lorem ipsum dolor sit amet, **consectetur** adipiscing elit. `code` [link](#top)\n\n";
    let mut body = String::from("# Big\n\n");
    let mut n = 0;
    while body.len() < 5 * 1024 * 1024 {
        n += 1;
        if n % 50 == 0 {
            body.push_str(&format!("## Section {n}\n\n"));
        }
        body.push_str(paragraph);
    }
    let p = Project::new().file("docs/big.md", &body);
    p.build(&["--strict"]).expect_code(0);
    assert!(p.site("big.html").len() > 5 * 1024 * 1024);
}

#[test]
fn a_link_to_a_missing_page_or_anchor() {
    let p = Project::new().file("docs/a.md", "# A\n\n[x](b.md) [y](#nope)\n");
    p.build(&[])
        .expect_code(0)
        .expect_stderr("docs/a.md:3:1: warning: broken link `b.md`")
        .expect_stderr("docs/a.md:3:11: warning: broken link `#nope`");
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    let p = good();
    std::fs::create_dir_all(p.path("docs/loop")).unwrap();
    std::os::unix::fs::symlink("..", p.path("docs/loop/back")).unwrap();
    let run = p.build(&[]);
    run.expect_code(0)
        .expect_stderr("docs/loop/back: warning: symlink loop");
    assert!(p.site_has("good.html"));
}

#[cfg(unix)]
#[test]
fn symlink_pointing_outside_the_project_is_not_followed() {
    let p = good();
    let outside = p.root.parent().unwrap().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.md"), "# Secret\n").unwrap();
    std::os::unix::fs::symlink(&outside, p.path("docs/linked")).unwrap();
    p.build(&[])
        .expect_code(0)
        .expect_stderr("docs/linked: warning: symlink points outside the project; not followed");
    assert!(!p.site_has("linked/secret.html"));
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let p = good().file("docs/locked.md", "# Locked\n");
    std::fs::set_permissions(
        p.path("docs/locked.md"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    if std::fs::read(p.path("docs/locked.md")).is_ok() {
        eprintln!("skipped: running as a user who can read any file (root)");
        return;
    }
    p.build(&[])
        .expect_code(1)
        .expect_stderr("docs/locked.md: error: cannot read the file");
}

#[test]
fn two_sources_for_one_page() {
    let p = Project::new()
        .file("docs/a.md", "# A\n")
        .file("docs/a.markdown", "# Also A\n");
    p.build(&[])
        .expect_code(1)
        .expect_stderr("are all published as `a.html`");
}

#[test]
fn no_markdown_at_all() {
    let p = Project::new();
    p.build(&[])
        .expect_code(1)
        .expect_stderr("sadoc.yml: error: no markdown files found in `docs`")
        .expect_stderr("help: check `docs.dir`, `sad.dir` and `adr.dir` in sadoc.yml");
}

#[test]
fn hostile_markdown_does_not_panic() {
    let nested_quotes = "> ".repeat(500) + "deep\n";
    let nested_lists: String = (0..300)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    let headings: String = (0..2000)
        .map(|i| format!("## Heading\n\n[l](#heading-{i})\n\n"))
        .collect();
    let p = Project::new()
        .file("docs/quotes.md", &nested_quotes)
        .file("docs/lists.md", &nested_lists)
        .file("docs/headings.md", &headings)
        .file(
            "docs/weird.md",
            "!!! \n!!!note\n??? \n    x\n```\nunclosed fence\n<div\n[a](<b c.md>)\n[x]: <>\n",
        )
        .file(
            "docs/html.md",
            "<a href=\"\n<img src=\n<!-- unclosed comment\n[ok](nope.md)\n",
        );
    let run = p.build(&[]);
    assert!(run.code == 0 || run.code == 1, "{run:?}");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(p.site_has("headings.html"));
}

/// Every folder of `tests/fixtures/bad/` is a project with malformed input and a file `expect`:
/// `exit N` on its first line, then lines the build's error output must contain, in any order.
#[test]
fn every_bad_fixture_exits_with_its_code_and_messages() {
    let root = crate::harness::fixtures().join("bad");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "{cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let expect = std::fs::read_to_string(root.join(case).join("expect"))
            .unwrap_or_else(|_| panic!("tests/fixtures/bad/{case}/expect is missing"));
        let mut lines = expect.lines();
        let code: i32 = lines
            .next()
            .and_then(|l| l.strip_prefix("exit "))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{case}/expect must start with `exit N`"));
        let p = Project::fixture(&format!("bad/{case}"));
        let run = p.build(&[]);
        if run.code != code {
            failures.push(format!("{case}: exit {} instead of {code}", run.code));
        }
        if run.stderr.contains("panicked") {
            failures.push(format!("{case}: panicked"));
        }
        for line in lines.filter(|l| !l.trim().is_empty()) {
            if !run.stderr.contains(line) {
                failures.push(format!("{case}: no `{line}`"));
            }
        }
        if !failures.is_empty() && failures.iter().any(|f| f.starts_with(case.as_str())) {
            eprintln!("--- {case} stderr:\n{}", run.stderr);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_page_above_the_size_limit_is_refused_unread() {
    let p = good();
    let before = with_previous_output(&p);
    let big = "word ".repeat(10_000_000) + "\n"; // 50 MB
    std::fs::write(p.path("docs/dump.md"), format!("# Dump\n\n{big}")).unwrap();
    p.build(&[])
        .expect_code(1)
        .expect_stderr("docs/dump.md: error: the file is 50.0 MB, more than the 16 MB a page may be; it was not read")
        .expect_stderr("raise `docs.max_page_mb` in sadoc.yml");
    assert_eq!(p.site("good.html"), before, "the previous output is kept");
}

#[test]
fn the_page_size_limit_is_configurable() {
    let p = good()
        .file("sadoc.yml", "title: T\ndocs: { max_page_mb: 1 }\n")
        .file(
            "docs/big.md",
            &("# Big\n\n".to_string() + &"text ".repeat(400_000)),
        );
    p.build(&[])
        .expect_code(1)
        .expect_stderr("docs/big.md: error: the file is 2.0 MB, more than the 1 MB a page may be");
    std::fs::write(p.path("sadoc.yml"), "title: T\ndocs: { max_page_mb: 3 }\n").unwrap();
    p.build(&[]).expect_code(0);
    assert!(p.site_has("big.html"));
}

#[test]
fn very_deep_nesting_builds_without_overflowing_the_stack() {
    let quotes = "> ".repeat(20_000) + "deep\n";
    let lists: String = (0..2_000)
        .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
        .collect();
    let mixed: String = (0..5_000).map(|_| "> - ").collect::<String>() + "x\n";
    let p = good()
        .file("docs/quotes.md", &quotes)
        .file("docs/lists.md", &lists)
        .file("docs/mixed.md", &mixed);
    let run = p.build(&[]);
    run.expect_code(0);
    assert!(p.site("quotes.html").contains("deep"));
    assert!(p.site("lists.html").contains("item 1999"));
}

#[test]
fn ten_thousand_headings_on_one_page() {
    let page: String = (0..10_000)
        .map(|i| format!("## Heading\n\nText {i}, see [the first](#heading).\n\n"))
        .collect();
    let p = good().file("docs/long.md", &format!("# Long\n\n{page}"));
    p.build(&["--strict"]).expect_code(0);
    let html = p.site("long.html");
    assert!(
        html.contains("id=\"heading-9999\""),
        "every repeated heading gets its own id"
    );
}

#[test]
fn names_differing_only_in_case_are_a_warning() {
    let p = good()
        .file("docs/Guide.md", "# Guide\n")
        .file("docs/guide.md", "# guide\n");
    if p.path("docs/GUIDE.md").exists() {
        eprintln!("skipped: this file system ignores case");
        return;
    }
    p.build(&[])
        .expect_code(0)
        .expect_stderr("docs/Guide.md: warning: `docs/Guide.md`, `docs/guide.md` are published as `Guide.html`, `guide.html`, which differ only in case");
    p.build(&["--strict"]).expect_code(1);
}

#[cfg(unix)]
#[test]
fn windows_reserved_names_and_characters_build_and_link() {
    // As in any URL, a link writes `?` as `%3F` and starts a name with a colon in it with `./`.
    let p = good()
        .file(
            "docs/con.md",
            "# Con\n\nSee [colon](./a:b.md) and [question](why%3F.md).\n",
        )
        .file("docs/a:b.md", "# Colon\n")
        .file("docs/why?.md", "# Question\n\nBack to [con](con.md).\n");
    p.build(&["--strict"]).expect_code(0);
    let con = p.site("con.html");
    assert!(
        con.contains("href=\"a%3Ab.html\""),
        "a `:` is escaped, or `a:b.html` would read as a URL of scheme `a`: {con}"
    );
    assert!(con.contains("href=\"why%3F.html\""), "{con}");
    assert!(
        !con.contains("href=\"a:b"),
        "the menu escapes it too: {con}"
    );
    assert!(p.site_has("why?.html") && p.site_has("a:b.html"));
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_reported_as_unreadable() {
    // Unlike a file without read permission, this cannot be read even by root (CI runs as root).
    let p = good();
    std::os::unix::fs::symlink("nowhere.md", p.path("docs/gone.md")).unwrap();
    let run = p.build(&[]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.expect_stderr("docs/gone.md");
}

#[test]
fn names_with_spaces_hashes_percents_and_unicode_link_escaped() {
    let p = Project::fixture("bad/odd-file-names");
    p.build(&["--strict"]).expect_code(0);
    let html = p.site("with space.html");
    for href in ["hash%23tag.html", "100%25.html", "with%20space.html"] {
        assert!(html.contains(&format!("href=\"{href}\"")), "{href}");
    }
    assert!(p.site_has("hash#tag.html") && p.site_has("100%.html") && p.site_has("카프카.html"));
}
