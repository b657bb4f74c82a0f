//! Client-side search: an index split into small files, so that a first query on a
//! 10,000-page site downloads a few shards instead of one huge index (ADR 0017).
//!
//! The index lives under `search/` in the site:
//! - `search/index.js`: the only file with a fixed name; lists the term shards (the first term
//!   of each, in sorted order) and the document chunks by their content hashes (`null` for a
//!   chunk without documents).
//! - `search/t/<hash>.js`: term shards: sorted terms and, for each, its postings (document
//!   numbers and weights, varint-encoded in a URL-safe alphabet).
//! - `search/d/<hash>.js`: document chunks: for each slot of the chunk's range, `null` or the
//!   document's URL, title, kind, status and fragment hash.
//! - `search/f/<hash>.js`: one page's text and headings, loaded only for the results shown,
//!   to quote an excerpt and link to the matching section.
//!
//! Every file is a script calling `__sadocSearch(name, data)`, loaded with a `<script>` tag,
//! so search also works from `file://`, where browsers refuse `fetch`. Files other than
//! `index.js` are named by their content and cached forever. A document's number is its slot
//! in a table hashed by URL and shards end at terms chosen by their hash, so adding or editing
//! a page changes its fragment, its chunk, the shards holding its words and `index.js`, and an
//! incremental deploy uploads only those.
//!
//! Each page's terms and fragment can be kept between builds ([`memo`]): a rebuild reads again
//! only the pages whose text changed.
//!
//! This module only builds the files; the browser side is `themes/default/assets/search.js`.

mod entry;
pub mod extract;
mod layout;
pub mod memo;
pub mod tokens;

use rayon::prelude::*;
use serde::Serialize;

use crate::render::markdown::PackedHtml;
use crate::render::site::Content;
use entry::Entry;
use layout::{CHUNK_SLOTS, Postings, Slots, shard_bounds};

/// A page to index.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    /// Its URL relative to the site root.
    pub url: String,
    /// Its title as results show it.
    pub title: String,
    /// What it is: `view`, `adr`, `sad` (another SAD document) or `page`.
    pub kind: &'static str,
    /// An ADR's status.
    pub status: Option<String>,
    /// Its rendered markdown (owned when the index is built on another thread).
    pub html: std::borrow::Cow<'a, PackedHtml>,
}

impl Page<'_> {
    /// The page with its own copy of the HTML, to index on another thread.
    pub fn into_owned(self) -> Page<'static> {
        Page {
            url: self.url,
            title: self.title,
            kind: self.kind,
            status: self.status,
            html: std::borrow::Cow::Owned(self.html.into_owned()),
        }
    }
}

/// The site path of the index's entry point, the only search file without a content hash.
pub const ENTRY: &str = "search/index.js";
/// The index format, checked by the browser side.
const VERSION: u32 = 2;

/// The built index: its files by site path, and figures for reports and benchmarks.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Every file, by site path, as the store given to [`build_into`] kept it.
    pub files: Vec<(String, Content)>,
    /// Number of distinct terms.
    pub terms: usize,
    /// Number of term shards.
    pub shards: usize,
}

/// One indexed page: its terms with weights, and its fragment file (already stored) and the
/// fragment's hash.
struct Indexed {
    /// The page's distinct terms, sorted, each followed by `\n` (one allocation per page: a
    /// large site has millions of term occurrences).
    terms: String,
    /// The weight of each term, in the same order.
    weights: Vec<u32>,
    /// The fragment file: its site path and content.
    file: (String, Content),
    hash: String,
}

impl Indexed {
    fn terms(&self) -> impl Iterator<Item = (&str, u32)> {
        self.terms
            .split_terminator('\n')
            .zip(self.weights.iter().copied())
    }
}

/// Keeps a file of the index (its site path and script) and says where it is.
pub type Store<'s> = dyn Fn(&str, String) -> Content + Sync + 's;

/// Builds the search index of `pages` (numbered in the order given), held in memory.
pub fn build(pages: &[Page<'_>]) -> Index {
    build_into(
        pages,
        &|_, script| Content::Bytes(script.into_bytes().into()),
        None,
    )
}

/// Builds the search index of `pages`, handing each file to `store` as soon as it is made
/// (a large site's page fragments add up to tens of megabytes: a staged site writes them
/// out instead of holding them).
///
/// The files are laid out so that a one-page edit changes few of them: a document's number is
/// its slot in a table hashed by its URL (adding a page does not renumber the others), term
/// shards end after terms chosen by their own hash (adding a term does not move the other
/// shards' bounds), and each document chunk holds a fixed range of slots.
///
/// With `memo`, a page whose entry an earlier build kept is not read again, and every page's
/// entry is kept for the next build (the caller saves it).
pub fn build_into(pages: &[Page<'_>], store: &Store<'_>, memo: Option<&memo::SearchMemo>) -> Index {
    let keys: Option<Vec<memo::Key>> = memo.map(|_| {
        pages
            .par_iter()
            .map(|page| memo::key(&page.title, page.status.as_deref(), page.html.digest()))
            .collect()
    });
    let indexed: Vec<Indexed> = pages
        .par_iter()
        .with_max_len(super::PAGES_PER_JOB)
        .enumerate()
        .map(|(i, page)| {
            let (Some(memo), Some(keys)) = (memo, &keys) else {
                return indexed(entry::of(page), store);
            };
            let key = &keys[i];
            let entry = memo.get(key).unwrap_or_else(|| {
                let entry = entry::of(page);
                memo.put(key, &entry);
                entry
            });
            indexed(entry, store)
        })
        .collect();
    // The shards, chunks and `index.js` follow from each page's URL, kind and entry, in order:
    // an earlier build's are used when all of those are the same.
    let assembly = memo.zip(keys.as_ref()).map(|(memo, keys)| {
        let parts = pages
            .iter()
            .zip(keys)
            .map(|(p, k)| (p.url.as_str(), p.kind, k));
        (memo, memo::assembly_key(pages.len(), parts))
    });
    if let Some((memo, key)) = &assembly
        && let Some(kept) = memo.assembled(key)
    {
        let mut files: Vec<(String, Content)> = kept
            .files
            .into_iter()
            .map(|(path, script)| {
                let content = store(&path, script);
                (path, content)
            })
            .collect();
        files.extend(indexed.into_iter().map(|page| page.file));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files.dedup_by(|a, b| a.0 == b.0);
        return Index {
            files,
            terms: kept.terms,
            shards: kept.shards,
        };
    }
    let mut made: Vec<(String, String)> = Vec::new();
    let mut store_made = |path: &str, script: String| {
        if assembly.is_some() {
            made.push((path.to_string(), script.clone()));
        }
        store(path, script)
    };
    let slots = Slots::of(pages);
    // Postings are gathered in document order, so each term's are encoded as they come: a few
    // bytes each rather than eight.
    let mut postings: foldhash::HashMap<&str, Postings> = foldhash::HashMap::default();
    for &page in &slots.order {
        let doc = slots.slot[page];
        for (term, weight) in indexed[page].terms() {
            postings.entry(term).or_default().push(doc, weight);
        }
    }
    let mut encoded: Vec<(&str, String)> = postings
        .into_iter()
        .map(|(term, list)| (term, list.encoded))
        .collect();
    encoded.par_sort_unstable_by(|a, b| utf16_cmp(a.0, b.0));

    let mut files = Vec::new();
    let mut shard_list: Vec<(String, String)> = Vec::new();
    for shard in shard_bounds(&encoded) {
        let shard = &encoded[shard];
        let body = serde_json::json!({
            "terms": shard.iter().map(|(t, _)| t).collect::<Vec<_>>(),
            "postings": shard.iter().map(|(_, p)| p).collect::<Vec<_>>(),
        });
        let ((path, script), hash) = script_file("t", &body);
        files.push((path.clone(), store_made(&path, script)));
        shard_list.push((shard[0].0.to_string(), hash));
    }

    let term_count = encoded.len();
    drop(encoded);
    let mut by_slot: Vec<Option<usize>> = vec![None; slots.size];
    for (page, &slot) in slots.slot.iter().enumerate() {
        by_slot[slot as usize] = Some(page);
    }
    let mut chunk_hashes: Vec<Option<String>> = Vec::new();
    for chunk in by_slot.chunks(CHUNK_SLOTS) {
        let used = chunk
            .iter()
            .rposition(Option::is_some)
            .map_or(0, |last| last + 1);
        if used == 0 {
            chunk_hashes.push(None);
            continue;
        }
        let entries: Vec<Option<DocEntry<'_>>> = chunk[..used]
            .iter()
            .map(|page| {
                page.map(|i| {
                    let page = &pages[i];
                    DocEntry(
                        &page.url,
                        &page.title,
                        page.kind,
                        page.status.as_deref(),
                        &indexed[i].hash,
                    )
                })
            })
            .collect();
        let ((path, script), hash) = script_file("d", &entries);
        files.push((path.clone(), store_made(&path, script)));
        chunk_hashes.push(Some(hash));
    }
    files.extend(indexed.into_iter().map(|page| page.file));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);

    let meta = serde_json::json!({
        "v": VERSION,
        "docs": pages.len(),
        "chunk": CHUNK_SLOTS,
        "chunks": chunk_hashes,
        "shards": shard_list,
    });
    files.push((
        ENTRY.to_string(),
        store_made(ENTRY, script("index", &meta.to_string())),
    ));
    if let Some((memo, key)) = &assembly {
        memo.keep_assembled(
            key,
            &memo::Assembled {
                files: made,
                terms: term_count,
                shards: shard_list.len(),
            },
        );
    }
    Index {
        files,
        terms: term_count,
        shards: shard_list.len(),
    }
}

/// A document chunk's entry: `[url, title, kind, status, fragment]`.
#[derive(Serialize)]
struct DocEntry<'a>(&'a str, &'a str, &'a str, Option<&'a str>, &'a str);

/// A page's entry with its fragment file stored.
fn indexed(entry: Entry, store: &Store<'_>) -> Indexed {
    let hash = format!("{:016x}", entry.hash);
    let path = format!("search/f/{hash}.js");
    let file = store(&path, script(&format!("f/{hash}"), &entry.fragment));
    Indexed {
        terms: entry.terms,
        weights: entry.weights,
        file: (path, file),
        hash,
    }
}

/// Compares strings as JavaScript does (by UTF-16 code units), so the browser's binary
/// search agrees with the build's order.
pub fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// A script file under `search/<folder>/` named by its content: its site path and contents,
/// and the hash.
fn script_file(folder: &str, body: &impl Serialize) -> ((String, String), String) {
    let json = serde_json::to_string(body).unwrap_or_default();
    let hash = format!("{:016x}", crate::util::content_hash(json.as_bytes()));
    let path = format!("search/{folder}/{hash}.js");
    let contents = script(&format!("{folder}/{hash}"), &json);
    ((path, contents), hash)
}

/// A script that hands `json` to the page's search under `name`.
fn script(name: &str, json: &str) -> String {
    // Exactly as long as it needs to be: a large site holds every fragment's script at once.
    let parts = ["__sadocSearch(\"", name, "\",", json, ");\n"];
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::layout::ALPHABET;
    use super::*;

    /// The index's files and their scripts, as built in memory.
    fn scripts(index: &Index) -> Vec<(String, String)> {
        index
            .files
            .iter()
            .map(|(path, content)| match content {
                Content::Bytes(bytes) => (path.clone(), String::from_utf8(bytes.to_vec()).unwrap()),
                other => panic!("{path} not in memory: {other:?}"),
            })
            .collect()
    }

    /// Decodes postings as `search.js` does.
    fn decode(encoded: &str) -> Vec<(u32, u32)> {
        let mut values = Vec::new();
        let mut value = 0u32;
        let mut shift = 0;
        for b in encoded.bytes() {
            let digit = ALPHABET.iter().position(|&a| a == b).unwrap() as u32;
            value |= (digit & 31) << shift;
            if digit & 32 != 0 {
                shift += 5;
            } else {
                values.push(value);
                value = 0;
                shift = 0;
            }
        }
        let mut doc = 0;
        values
            .chunks(2)
            .map(|pair| {
                doc += pair[0];
                (doc, pair[1])
            })
            .collect()
    }

    /// The data of a search script (`__sadocSearch("name",{...});`).
    fn data(script: &str) -> serde_json::Value {
        let json = script
            .split_once(',')
            .unwrap()
            .1
            .trim_end()
            .trim_end_matches(");");
        serde_json::from_str(json).unwrap()
    }

    /// The terms of a shard's data.
    fn terms(data: &serde_json::Value) -> Vec<&str> {
        data["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect()
    }

    #[test]
    fn postings_round_trip() {
        let list = vec![(0, 1), (3, 20), (40, 1), (100_000, 70_000)];
        let mut postings = Postings::default();
        for &(doc, weight) in &list {
            postings.push(doc, weight);
        }
        assert_eq!(decode(&postings.encoded), list);
    }

    fn page(url: &str, title: &str, html: &'static str) -> Page<'static> {
        Page {
            url: url.into(),
            title: title.into(),
            kind: "page",
            status: None,
            html: std::borrow::Cow::Owned(html.into()),
        }
    }

    #[test]
    fn shards_hold_sorted_terms_and_the_meta_lists_their_first_terms() {
        let pages = vec![
            page("a.html", "Kafka", "<p>zebra apple 데이터를</p>"),
            page("b.html", "Other", "<p>apple</p>"),
        ];
        let index = build(&pages);
        let files = scripts(&index);
        let meta = &files.iter().find(|f| f.0 == "search/index.js").unwrap().1;
        assert!(meta.starts_with("__sadocSearch(\"index\",{"), "{meta}");
        assert!(meta.contains("\"shards\":[[\"apple\","), "{meta}");
        let shard = files.iter().find(|f| f.0.starts_with("search/t/")).unwrap();
        let value = data(&shard.1);
        let terms = terms(&value);
        assert_eq!(
            terms,
            ["apple", "kafka", "other", "zebra", "데이", "이터", "터를"]
        );
        let slots = Slots::of(&pages);
        let (a, b) = (slots.slot[0], slots.slot[1]);
        let apple = decode(value["postings"][0].as_str().unwrap());
        assert_eq!(apple, [(a.min(b), 1), (a.max(b), 1)]);
        let kafka = decode(value["postings"][1].as_str().unwrap());
        assert_eq!(kafka, [(a, entry::TITLE_WEIGHT)]);
    }

    fn numbered(n: usize) -> Vec<Page<'static>> {
        (0..n)
            .map(|i| Page {
                url: format!("p/{i}.html"),
                title: format!("Page {i}"),
                kind: "page",
                status: None,
                html: std::borrow::Cow::Owned(format!("<p>word{i} common</p>").as_str().into()),
            })
            .collect()
    }

    #[test]
    fn document_numbers_depend_on_the_set_of_urls_and_barely_move_when_one_is_added() {
        let pages = numbered(500);
        let slots = Slots::of(&pages);
        assert_eq!(slots.size, 1024);
        let mut taken: Vec<u32> = slots.slot.clone();
        taken.sort_unstable();
        taken.dedup();
        assert_eq!(taken.len(), 500, "one slot per page");
        let mut reversed = pages.clone();
        reversed.reverse();
        let again = Slots::of(&reversed);
        for (i, page) in pages.iter().enumerate() {
            let j = reversed.iter().position(|p| p.url == page.url).unwrap();
            assert_eq!(slots.slot[i], again.slot[j], "{}", page.url);
        }
        let mut more = pages.clone();
        more.push(page("new.html", "New", "<p>x</p>"));
        let after = Slots::of(&more);
        let moved = (0..500).filter(|&i| after.slot[i] != slots.slot[i]).count();
        assert!(moved <= 3, "{moved} pages renumbered");
    }

    #[test]
    fn an_unchanged_page_keeps_its_fragment_file() {
        let one = build(&[
            page("a.html", "A", "<p>same</p>"),
            page("b.html", "B", "<p>x</p>"),
        ]);
        let two = build(&[
            page("a.html", "A", "<p>same</p>"),
            page("b.html", "B", "<p>y</p>"),
        ]);
        let fragments = |i: &Index| -> Vec<String> {
            i.files
                .iter()
                .filter(|f| f.0.starts_with("search/f/"))
                .map(|f| f.0.clone())
                .collect()
        };
        let (a, b) = (fragments(&one), fragments(&two));
        assert_eq!(a.iter().filter(|f| b.contains(f)).count(), 1);
    }

    /// Arbitrary text, HTML-ish or not: indexing never panics and every shard stays sorted.
    #[test]
    fn any_input_indexes_without_a_panic() {
        const PIECES: &[&str] = &[
            "<",
            ">",
            "</",
            "<h2 id=\"",
            "\">",
            "</h2>",
            "&",
            "&#x",
            ";",
            "&amp;",
            "<script>",
            "<!--",
            "-->",
            "'",
            "\"",
            " ",
            "\n",
            "데이터",
            "를",
            "😀",
            "\u{FF5E}",
            "\u{20000}",
            "Kafka",
            "0007",
            "a",
            "\u{301}",
            "<pre class=\"mermaid\">",
            "<a class=\"heading-anchor\">",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut htmls = Vec::new();
        for _ in 0..300 {
            let len = next() % 40;
            htmls.push(
                (0..len)
                    .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                    .collect::<String>(),
            );
        }
        let pages: Vec<Page<'_>> = htmls
            .iter()
            .enumerate()
            .map(|(i, html)| Page {
                url: format!("p{i}.html"),
                title: html.chars().take(10).collect(),
                kind: "page",
                status: None,
                html: std::borrow::Cow::Owned(html.as_str().into()),
            })
            .collect();
        let index = build(&pages);
        for (path, script) in &scripts(&index) {
            if path.starts_with("search/t/") {
                let value = data(script);
                let terms = terms(&value);
                assert!(
                    terms.windows(2).all(|w| utf16_cmp(w[0], w[1]).is_lt()),
                    "{terms:?}"
                );
            }
        }
    }

    #[test]
    fn utf16_order_puts_supplementary_characters_where_javascript_does() {
        // U+FF5E sorts before U+20000 by code point, after it by UTF-16 unit (U+20000 is a
        // surrogate pair starting with 0xD840).
        assert_eq!(
            utf16_cmp("\u{FF5E}", "\u{20000}"),
            std::cmp::Ordering::Greater
        );
    }
}
