//! The search index a build writes under `search/`: every document, with its title, kind and
//! status, in small content-named files; unchanged pages keep their files between builds. How
//! it answers queries is tested in a real browser (`browser.rs`).

use crate::harness::{Project, search_payload, search_terms};

/// The JSON a search script hands to `__sadocSearch(name, json)`.
fn payload(script: &str) -> serde_json::Value {
    search_payload(script).expect("a search index script")
}

fn project() -> Project {
    Project::new()
        .file("docs/index.md", "# Home\n\nWelcome.\n")
        .file(
            "docs/guides/onboarding.md",
            "# 온보딩\n\n## 카프카 토픽 재처리\n\n데이터를 다시 읽습니다.\n",
        )
        .file(
            "docs/adr/0007-use-kafka.md",
            "# 7. Use Kafka\n\n## Status\n\nAccepted\n\n## Decision\n\nKafka carries events.\n",
        )
        .file("docs/adr/template.md", "# NUMBER. TITLE\n")
}

fn documents(p: &Project) -> Vec<serde_json::Value> {
    let meta = payload(&p.site("search/index.js"));
    meta["chunks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|hash| hash.as_str())
        .flat_map(|hash| {
            let chunk = payload(&p.site(&format!("search/d/{hash}.js")));
            chunk.as_array().unwrap().clone()
        })
        .filter(|doc| !doc.is_null())
        .collect()
}

#[test]
fn every_document_is_indexed_with_title_kind_and_status() {
    let p = project();
    p.build(&["--strict"]).expect_code(0);
    let meta = payload(&p.site("search/index.js"));
    assert_eq!(meta["v"], 2);
    let docs = documents(&p);
    let rows: Vec<(String, String, String, Option<String>)> = docs
        .iter()
        .map(|d| {
            (
                d[0].as_str().unwrap().to_string(),
                d[1].as_str().unwrap().to_string(),
                d[2].as_str().unwrap().to_string(),
                d[3].as_str().map(str::to_string),
            )
        })
        .collect();
    assert!(rows.contains(&(
        "adr/0007-use-kafka.html".into(),
        "ADR-0007: Use Kafka".into(),
        "adr".into(),
        Some("accepted".into())
    )));
    assert!(rows.contains(&(
        "guides/onboarding.html".into(),
        "온보딩".into(),
        "page".into(),
        None
    )));
    assert!(
        !rows.iter().any(|r| r.0.contains("template")),
        "ADR templates are not searchable: {rows:?}"
    );
    // Each document's fragment holds its text and headings, for excerpts and section links.
    let onboarding = docs.iter().find(|d| d[1] == "온보딩").unwrap();
    let fragment = payload(&p.site(&format!("search/f/{}.js", onboarding[4].as_str().unwrap())));
    assert_eq!(fragment["t"], "카프카 토픽 재처리 데이터를 다시 읽습니다.");
    assert_eq!(
        fragment["h"][0],
        serde_json::json!([0, "카프카-토픽-재처리", "카프카 토픽 재처리"])
    );
}

#[test]
fn korean_text_is_indexed_as_bigrams_in_sorted_shards() {
    let p = project();
    p.build(&[]).expect_code(0);
    let meta = payload(&p.site("search/index.js"));
    let terms = search_terms(&meta, |path| Some(p.site(path))).expect("every shard");
    for term in [
        "데이", "이터", "터를", "재처", "처리", "kafka", "0007", "7", "accepted",
    ] {
        assert!(terms.contains(&term.to_string()), "{term} in {terms:?}");
    }
    assert!(!terms.contains(&"the".to_string()));
}

#[test]
fn an_edit_changes_only_that_pages_fragment() {
    let p = project();
    p.build(&[]).expect_code(0);
    let fragments = |p: &Project| -> Vec<String> {
        p.site_files()
            .into_iter()
            .filter(|f| f.starts_with("search/f/"))
            .collect()
    };
    let before = fragments(&p);
    assert_eq!(before.len(), 3);
    std::fs::write(p.path("docs/index.md"), "# Home\n\nWelcome back.\n").unwrap();
    p.build(&[]).expect_code(0);
    let after = fragments(&p);
    assert_eq!(
        after.len(),
        3,
        "old fragments are not left behind: {after:?}"
    );
    assert_eq!(after.iter().filter(|f| before.contains(f)).count(), 2);
}

#[test]
fn the_search_box_finds_the_index_from_any_page() {
    let p = project();
    p.build(&[]).expect_code(0);
    assert!(
        p.site("index.html")
            .contains("<div class=\"search\" role=\"search\" data-root=\"\"")
    );
    let nested = p.site("guides/onboarding.html");
    assert!(nested.contains("data-root=\"../\""), "{nested}");
    assert!(
        nested.contains("<script src=\"../assets/search."),
        "{nested}"
    );
}

/// A word of letters only, one per number.
fn word(mut n: usize) -> String {
    let mut w = String::from("q");
    loop {
        w.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            return w;
        }
    }
}

/// A site large enough for many term shards: 400 pages of words from a 6,000-word vocabulary.
fn large() -> Project {
    let mut p = Project::new().file("docs/index.md", "# Home\n");
    let mut seed: u64 = 7;
    for i in 0..400 {
        let words: Vec<String> = (0..60)
            .map(|_| {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                word((seed >> 33) as usize % 6_000)
            })
            .collect();
        p = p.file(
            &format!("docs/p/{i}.md"),
            &format!("# {}\n\n{}\n", word(10_000 + i), words.join(" ")),
        );
    }
    p
}

/// The search files of the site, by kind (`t`, `d`, `f`).
fn search_files(p: &Project, kind: &str) -> Vec<String> {
    p.site_files()
        .into_iter()
        .filter(|f| f.starts_with(&format!("search/{kind}/")))
        .collect()
}

/// The term shards holding any of `words`.
fn shards_with(p: &Project, words: &[&str]) -> Vec<String> {
    search_files(p, "t")
        .into_iter()
        .filter(|f| {
            let data = payload(&p.site(f));
            data["terms"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| words.contains(&t.as_str().unwrap()))
        })
        .collect()
}

#[test]
fn adding_or_editing_a_page_changes_only_the_shards_that_hold_its_words() {
    let p = large();
    p.build(&[]).expect_code(0);
    let shards = search_files(&p, "t");
    let chunks = search_files(&p, "d");
    assert!(shards.len() >= 5, "{} shards", shards.len());
    assert!(chunks.len() >= 4, "{} chunks", chunks.len());

    // A new page: its three words are new terms.
    std::fs::write(p.path("docs/zoo.md"), "# Quokka\n\nnarwhal zebrafish\n").unwrap();
    p.build(&[]).expect_code(0);
    let new_shards: Vec<String> = search_files(&p, "t")
        .into_iter()
        .filter(|s| !shards.contains(s))
        .collect();
    let holding = shards_with(&p, &["quokka", "narwhal", "zebrafish"]);
    assert!(!new_shards.is_empty());
    assert!(
        new_shards.iter().all(|s| holding.contains(s)),
        "changed shards {new_shards:?} hold the new page's words ({holding:?})"
    );
    let new_chunks = search_files(&p, "d")
        .into_iter()
        .filter(|c| !chunks.contains(c))
        .count();
    assert!(new_chunks <= 2, "{new_chunks} document chunks changed");

    // An edit adding one word to a page changes the shard of that word (and the page's
    // chunk and fragment), nothing else.
    let shards = search_files(&p, "t");
    let page = p.path("docs/p/17.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{}aardvark\n", text)).unwrap();
    p.build(&[]).expect_code(0);
    let changed: Vec<String> = search_files(&p, "t")
        .into_iter()
        .filter(|s| !shards.contains(s))
        .collect();
    assert_eq!(changed, shards_with(&p, &["aardvark"]));
}
