//! The build cache: highlighted code blocks kept in `.cache/sadoc/` (or `SADOC_CACHE_DIR`) so
//! a rebuild highlights only the blocks it has not seen, and gives exactly the same site.
//! (Each document's rendered markdown is kept there too, so an unchanged document is not
//! rendered at all: the tests of the blocks remove that file to reach them; see
//! `warm_builds.rs`.)

use std::collections::BTreeMap;

use crate::harness::Project;

fn project() -> Project {
    Project::new()
        .file(
            "docs/index.md",
            "# Home\n\n```rust\nfn main() {\n    println!(\"hi\");\n}\n```\n\n```python\nimport os\nprint(os.getcwd())\n```\n",
        )
        .file(
            "docs/runbooks/rotate.md",
            "# Rotate\n\n```yaml\nkeys:\n  rotate: monthly\n```\n\n```klingon\nQapla'\n```\n\n```rust\nfn main() {\n    println!(\"hi\");\n}\n```\n",
        )
}

/// Every file of the built site, by path.
fn site(p: &Project) -> BTreeMap<String, Vec<u8>> {
    p.site_files()
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(p.path("site").join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn a_rebuild_reuses_the_highlighted_blocks_and_gives_the_same_site() {
    let p = project();
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("highlight cache `.cache/sadoc`: 0 blocks reused, 4 added, 4 kept");
    assert!(p.path(".cache/sadoc/highlight-v2.bin").is_file());
    // The folder ignores itself: a cache is never committed by accident.
    assert_eq!(
        std::fs::read_to_string(p.path(".cache/sadoc/.gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("*")
    );
    let cold = site(&p);
    assert!(
        String::from_utf8_lossy(&cold["index.html"]).contains("<span class=\"kn\">import</span>"),
        "highlighted"
    );
    forget_rendered_markdown(&p);
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("5 blocks reused, 0 added, 4 kept");
    assert_eq!(
        site(&p),
        cold,
        "a warm build gives exactly the cold build's site"
    );
    // With the documents' markdown kept as well, no block is even looked up.
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("markdown cache: 2 pages reused, 0 added, 2 kept")
        .expect_stderr("highlight cache `.cache/sadoc`: no block to highlight");
    assert_eq!(site(&p), cold);

    // A new block is added; the others are still reused.
    forget_rendered_markdown(&p);
    std::fs::write(p.path("docs/new.md"), "# New\n\n```bash\necho new\n```\n").unwrap();
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("5 blocks reused, 1 added, 5 kept");
}

/// Removes the documents' rendered markdown from the cache, so that the next build renders
/// every document and looks its code blocks up.
fn forget_rendered_markdown(p: &Project) {
    std::fs::remove_file(p.path(".cache/sadoc/markdown-v1.bin")).unwrap();
}

#[test]
fn the_cache_folder_can_be_moved_or_turned_off() {
    let p = project();
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = elsewhere.path().join("sadoc-cache");
    p.run_with_env(
        &p.path(""),
        &["build"],
        &[("SADOC_CACHE_DIR", dir.to_str().unwrap())],
    )
    .expect_code(0);
    assert!(dir.join("highlight-v2.bin").is_file());
    assert!(!p.path(".cache").exists());

    let off = project().file(
        "sadoc.yml",
        "title: T\ndocs: { dir: docs }\ncache: { enabled: false }\n",
    );
    off.build(&["--strict"]).expect_code(0);
    assert!(!off.path(".cache").exists());
    assert!(
        off.site("index.html")
            .contains("<span class=\"kn\">import</span>")
    );
}

#[test]
fn a_damaged_cache_is_rebuilt_not_fatal() {
    let p = project();
    p.build(&[]).expect_code(0);
    let cold = site(&p);
    let file = p.path(".cache/sadoc/highlight-v2.bin");
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&file, bytes).unwrap();
    forget_rendered_markdown(&p);
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("0 blocks reused, 4 added, 4 kept");
    assert_eq!(site(&p), cold);
    std::fs::write(&file, b"not a cache").unwrap();
    forget_rendered_markdown(&p);
    p.build(&["--strict"]).expect_code(0);
    assert_eq!(site(&p), cold);
}

#[test]
fn blocks_a_live_preview_highlights_after_an_edit_are_kept_for_the_next_build() {
    use sadoc::serve::session::Session;
    use sadoc::serve::watch::classify;
    let p = project();
    let project = sadoc::project::Project::open(&p.path("sadoc.yml")).unwrap();
    let mut session = Session::open(project, vec![p.path("site")]);
    // The first build's four blocks are saved when the preview starts; this edit adds one.
    let page = p.path("docs/new.md");
    std::fs::write(&page, "# New\n\n```bash\necho new\n```\n").unwrap();
    let events = classify(&session.scope(), &[page], &|p| session.presence(p));
    session.update(&events);
    drop(session);
    // The other documents' markdown is kept from the preview's first build; the new page is
    // rendered, and its block is found.
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("1 blocks reused, 0 added, 5 kept");
}

#[test]
fn a_rebuild_reuses_each_unchanged_pages_search_entry_and_gives_the_same_index() {
    let p = project();
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("search cache: 0 pages reused, 2 added, 2 kept");
    assert!(p.path(".cache/sadoc/search-v2.bin").is_file());
    let cold = site(&p);
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("search cache: 2 pages reused, 0 added, 2 kept");
    assert_eq!(site(&p), cold, "the same site, search files included");

    // An edited page is read again (its new word is found); the other page is reused, and
    // the entry of the page's old text is not kept.
    std::fs::write(
        p.path("docs/runbooks/rotate.md"),
        "# Rotate\n\nRotate the zanzibar keys monthly.\n",
    )
    .unwrap();
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("search cache: 1 pages reused, 1 added, 2 kept");
    let warm = site(&p);
    let shards: String = warm
        .iter()
        .filter(|(path, _)| path.starts_with("search/t/"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(shards.contains("\"zanzibar\""), "{shards}");

    // Without the cache, the same files.
    let fresh = tempfile::tempdir().unwrap();
    p.run_with_env(
        &p.path(""),
        &["build"],
        &[("SADOC_CACHE_DIR", fresh.path().to_str().unwrap())],
    )
    .expect_code(0);
    assert_eq!(site(&p), warm);
}

#[test]
fn a_damaged_search_cache_is_an_empty_one() {
    let p = project();
    p.build(&[]).expect_code(0);
    let cold = site(&p);
    let file = p.path(".cache/sadoc/search-v2.bin");
    let mut bytes = std::fs::read(&file).unwrap();
    // A flipped byte inside an entry, then a cut file: neither gives a wrong index.
    let at = bytes.len() - 10;
    bytes[at] ^= 0xff;
    std::fs::write(&file, &bytes).unwrap();
    p.build(&["-v"]).expect_code(0);
    assert_eq!(site(&p), cold);
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&file, bytes).unwrap();
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("search cache: 0 pages reused, 2 added, 2 kept");
    assert_eq!(site(&p), cold);
}

/// A sadoc killed while it wrote the cache (a stopped `serve`, a cancelled CI job) leaves a
/// temporary file in the cache folder; the next build that saves the cache removes it, but
/// never one another sadoc is still writing (it holds it locked).
#[test]
fn temporary_files_a_killed_sadoc_left_in_the_cache_are_removed() {
    let p = project();
    p.build(&[]).expect_code(0);
    let dir = p.path(".cache/sadoc");
    let left = dir.join(".tmpKiLl3d");
    std::fs::write(&left, "half a cache file").unwrap();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&left)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
    // One that another process is writing: open and locked.
    let busy = dir.join(".tmpBu5y01");
    std::fs::write(&busy, "being written").unwrap();
    let writer = std::fs::File::open(&busy).unwrap();
    writer.lock().unwrap();
    writer.set_modified(an_hour_ago).ok();
    // A new page: this build has something to add, so it saves the cache.
    std::fs::write(p.path("docs/new.md"), "# New\n\n```toml\na = 1\n```\n").unwrap();
    p.build(&[]).expect_code(0);
    assert!(!left.exists(), "the leftover is removed");
    assert!(busy.exists(), "a file being written is kept");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert_eq!(names, [".tmpBu5y01"], "the build leaves none of its own");
}
