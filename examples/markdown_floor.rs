//! The floor sadoc's build is measured against: read every markdown file under a folder, parse
//! and render it with pulldown-cmark (sadoc's options), write the HTML. No templates, links,
//! checks or highlighting: what any static-site generator must at least do.
//!
//! Usage: `cargo run --release --example markdown_floor -- <docs-dir> <out-dir>`
//! (`benches/compare.py` runs it as the "floor" row).

use std::path::Path;

use pulldown_cmark::{Options, Parser, html};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [docs, out] = args.as_slice() else {
        eprintln!("usage: markdown_floor <docs-dir> <out-dir>");
        return std::process::ExitCode::from(2);
    };
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(docs)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let mut body = String::with_capacity(text.len() * 3 / 2);
        html::push_html(&mut body, Parser::new_ext(&text, options));
        let rel = path
            .strip_prefix(docs)
            .unwrap_or(path)
            .with_extension("html");
        let target = Path::new(out).join(rel);
        if let Some(parent) = target.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if std::fs::write(&target, body).is_ok() {
            pages += 1;
        }
    }
    eprintln!("rendered {pages} pages");
    std::process::ExitCode::SUCCESS
}
