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
        .flat_map(|hash| {
            let chunk = payload(&p.site(&format!("search/d/{}.js", hash.as_str().unwrap())));
            chunk.as_array().unwrap().clone()
        })
        .collect()
}

#[test]
fn every_document_is_indexed_with_title_kind_and_status() {
    let p = project();
    p.build(&["--strict"]).expect_code(0);
    let meta = payload(&p.site("search/index.js"));
    assert_eq!(meta["v"], 1);
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
