//! adr-tools' generated outputs, as `adr generate toc` and `adr generate graph` write them,
//! byte for byte, so READMEs and scripts built on them keep working: a markdown list of the
//! records, and a Graphviz graph of their order and the relations their Status sections state.
//!
//! adr-tools reads the files (`NNNN-*.md` in the log's folder, in name order), so these do
//! too: a record's title is its first line without `# `, and a relation is a Status line
//! `Verb [text](NNNN-….md)` whose verb does not end in " by".

/// A record as adr-tools sees it: its file name and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// The file name (`0002-use-kafka.md`).
    pub file: &'a str,
    /// The whole file.
    pub text: &'a str,
}

/// Whether adr-tools lists a file name: `NNNN-….md`.
pub fn listed(file: &str) -> bool {
    let digits = file.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && file[digits..].starts_with('-') && file.ends_with(".md") && !file.contains('/')
}

/// `adr generate toc [-i INTRO] [-o OUTRO] [-p PREFIX]`: `intro` and `outro` are the texts of
/// those files (an empty one is left out, as adr-tools does).
pub fn toc(
    records: &[Record<'_>],
    intro: Option<&str>,
    outro: Option<&str>,
    prefix: &str,
) -> String {
    let mut out = String::from("# Architecture Decision Records\n\n");
    if let Some(intro) = intro.filter(|t| !t.is_empty()) {
        out.push_str(intro);
        out.push('\n');
    }
    for record in sorted(records) {
        out.push_str(&format!(
            "* [{}]({prefix}{})\n",
            title(record.text),
            record.file
        ));
    }
    if let Some(outro) = outro.filter(|t| !t.is_empty()) {
        out.push('\n');
        out.push_str(outro);
    }
    out
}

/// `adr generate graph [-p PREFIX] [-e EXTENSION]` (the extension `.html` by default).
pub fn graph(records: &[Record<'_>], prefix: &str, extension: &str) -> String {
    let records = sorted(records);
    let mut out = String::from("digraph {\n  node [shape=plaintext];\n  subgraph {\n");
    for record in &records {
        let n = index(record.file);
        let stem = record.file.strip_suffix(".md").unwrap_or(record.file);
        out.push_str(&format!(
            "    _{n} [label=\"{}\"; URL=\"{prefix}{stem}{extension}\"];\n",
            title(record.text)
        ));
        if n > 1 {
            out.push_str(&format!(
                "    _{} -> _{n} [style=\"dotted\", weight=1];\n",
                n - 1
            ));
        }
    }
    out.push_str("  }\n");
    for record in &records {
        let n = index(record.file);
        for (target, verb) in links(record.text) {
            out.push_str(&format!(
                "  _{n} -> _{target} [label=\"{verb}\", weight=0]\n"
            ));
        }
    }
    out.push_str("}\n");
    out
}

/// The records adr-tools lists, in name order.
fn sorted<'r, 'a>(records: &'r [Record<'a>]) -> Vec<&'r Record<'a>> {
    let mut listed: Vec<&Record<'_>> = records.iter().filter(|r| listed(r.file)).collect();
    listed.sort_by(|a, b| a.file.cmp(b.file));
    listed
}

/// The first line without its first two characters (`# `), as `cut -c 3-` leaves it.
fn title(text: &str) -> String {
    let first = text.lines().next().unwrap_or("");
    first.chars().skip(2).collect()
}

/// A file's number, without leading zeros.
fn index(file: &str) -> u64 {
    file.split('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The relations a record's Status section states (`Supersedes [2. x](0002-x.md)`), as
/// (target number, verb), those whose verb ends in " by" left out.
fn links(text: &str) -> Vec<(u64, String)> {
    let mut found = Vec::new();
    let mut in_status = false;
    for line in text.lines() {
        if line.starts_with("## Status") {
            in_status = true;
            continue;
        }
        if !in_status {
            continue;
        }
        if line.starts_with('#') {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        // `^(.+) \[.*\]\(0*([1-9][0-9]*).*\)`, greedy as sed reads it.
        let Some(open) = line.rfind("](") else {
            continue;
        };
        let Some(bracket) = line[..open].find(" [") else {
            continue;
        };
        let verb = &line[..bracket];
        let target = line[open + 2..].trim_start_matches('0');
        let digits: String = target.chars().take_while(char::is_ascii_digit).collect();
        if verb.is_empty() || verb.ends_with(" by") || digits.is_empty() || !line.ends_with(')') {
            continue;
        }
        if let Ok(n) = digits.parse() {
            found.push((n, verb.to_string()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> Vec<Record<'static>> {
        vec![
            Record {
                file: "0002-one.md",
                text: "# 2. One\n\n## Status\n\nSuperseded by [3. Two](0003-two.md)\n\n## Context\n",
            },
            Record {
                file: "0001-record.md",
                text: "# 1. Record\n\n## Status\n\nAccepted\n",
            },
            Record {
                file: "0003-two.md",
                text: "# 3. Two\n\n## Status\n\nAccepted\n\nSupersedes [2. One](0002-one.md)\n\n## Context\n",
            },
            Record {
                file: "README.md",
                text: "# Not a record\n",
            },
        ]
    }

    #[test]
    fn the_toc_lists_records_in_name_order() {
        assert_eq!(
            toc(&log(), Some("Intro.\n"), Some("Outro.\n"), "doc/adr/"),
            "# Architecture Decision Records\n\nIntro.\n\n* [1. Record](doc/adr/0001-record.md)\n* [2. One](doc/adr/0002-one.md)\n* [3. Two](doc/adr/0003-two.md)\n\nOutro.\n"
        );
    }

    #[test]
    fn the_graph_follows_order_and_stated_relations() {
        assert_eq!(
            graph(&log(), "", ".html"),
            "digraph {\n  node [shape=plaintext];\n  subgraph {\n    _1 [label=\"1. Record\"; URL=\"0001-record.html\"];\n    _2 [label=\"2. One\"; URL=\"0002-one.html\"];\n    _1 -> _2 [style=\"dotted\", weight=1];\n    _3 [label=\"3. Two\"; URL=\"0003-two.html\"];\n    _2 -> _3 [style=\"dotted\", weight=1];\n  }\n  _3 -> _2 [label=\"Supersedes\", weight=0]\n}\n"
        );
    }
}
