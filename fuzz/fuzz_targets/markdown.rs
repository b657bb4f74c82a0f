//! The markdown renderer (admonitions, alerts, fences, footnotes, tables, raw HTML) with link
//! rewriting: every link and image goes through a resolver that rewrites `.md` targets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sadoc::parsers::{Highlighter, LinkKind, LinkResolver, Markdown};

struct Rewrite;

impl LinkResolver for Rewrite {
    type Target = bool;
    fn resolve(&self, dest: &str, _kind: LinkKind) -> (Option<String>, bool) {
        match dest.split_once(".md") {
            Some((path, rest)) => (Some(format!("{path}.html{rest}")), true),
            None => (None, false),
        }
    }
}

fuzz_target!(|text: &str| {
    thread_local! {
        static HIGHLIGHTER: Highlighter = Highlighter::new();
    }
    HIGHLIGHTER.with(|highlighter| {
        let rendered = Markdown::default().render(text, 1, highlighter, &Rewrite);
        assert!(rendered.links.len() <= text.len());
    });
});
