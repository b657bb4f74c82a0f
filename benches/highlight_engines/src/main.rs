//! Highlights every fenced code block of the markdown files under a folder with syntect, as
//! sadoc does (classed HTML, its language aliases), one block after another on one thread,
//! and prints the time, the number of blocks and lines, and one line per block with a hash of
//! its HTML, so two builds (Oniguruma and fancy-regex) can be compared block by block.
//!
//! Usage: highlight-engines <docs-dir> <hashes-out>  (DUMP_BLOCK=N: also the Nth block's HTML)

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::time::Instant;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn alias(lang: &str) -> &str {
    match lang {
        "shell" | "console" | "zsh" | "shell-session" => "bash",
        "yml" => "yaml",
        "jsonc" | "json5" => "json",
        "ts" | "typescript" | "tsx" => "js",
        other => other,
    }
}

/// The fenced blocks of a markdown text: (language, code).
fn blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let fence = if trimmed.starts_with("```") {
            "```"
        } else if trimmed.starts_with("~~~") {
            "~~~"
        } else {
            continue;
        };
        let lang = trimmed[3..].trim().split_whitespace().next().unwrap_or("").to_string();
        let mut code = String::new();
        for l in lines.by_ref() {
            if l.trim_start().starts_with(fence) {
                break;
            }
            code.push_str(l);
            code.push('\n');
        }
        out.push((lang, code));
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (docs, hashes) = (&args[0], &args[1]);
    let mut all = Vec::new();
    let mut files: Vec<_> = walkdir::WalkDir::new(docs)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        all.extend(blocks(&text));
    }
    let load = Instant::now();
    let syntaxes = SyntaxSet::load_defaults_newlines();
    let loaded = load.elapsed();
    let started = Instant::now();
    let mut out = std::io::BufWriter::new(std::fs::File::create(hashes).unwrap());
    let (mut highlighted, mut lines) = (0, 0);
    // DUMP_BLOCK=N writes the HTML of the Nth block (from 0) beside the hashes.
    let dump: Option<usize> = std::env::var("DUMP_BLOCK").ok().and_then(|n| n.parse().ok());
    for (i, (lang, code)) in all.iter().enumerate() {
        let Some(syntax) = syntaxes.find_syntax_by_token(alias(lang)) else {
            writeln!(out, "{lang}\tplain").unwrap();
            continue;
        };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(
            syntax,
            &syntaxes,
            ClassStyle::SpacedPrefixed { prefix: "hl-" },
        );
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).unwrap();
            lines += 1;
        }
        let html = generator.finalize();
        if dump == Some(i) {
            std::fs::write(format!("{hashes}.block.html"), &html).unwrap();
        }
        let mut h = DefaultHasher::new();
        html.hash(&mut h);
        writeln!(out, "{lang}\t{:016x}", h.finish()).unwrap();
        highlighted += 1;
    }
    let took = started.elapsed();
    println!(
        "{} blocks ({highlighted} highlighted, {lines} lines): {:.3} s highlighting, {:.3} s loading the syntaxes",
        all.len(),
        took.as_secs_f64(),
        loaded.as_secs_f64()
    );
}
