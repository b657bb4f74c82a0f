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
fn front_matter_that_is_not_a_mapping() {
    let p = Project::new().file("docs/list.md", "---\n- a\n- b\n---\n# List\n");
    p.build(&[]).expect_code(1).expect_stderr(
        "docs/list.md:2:1: error: front matter must be a mapping of `key: value` lines",
    );
}

#[test]
fn front_matter_with_wrong_value_types() {
    let p = Project::new().file("docs/a.md", "---\ntitle: ok\nelements: 42\n---\n# A\n");
    p.build(&[]).expect_code(1).expect_stderr("docs/a.md:3:");
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
        "docs/a.md:3: warning: unknown kind `veiw`; expected one of roadmap, overview, view",
    );
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
