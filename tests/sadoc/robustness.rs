//! Random malformed input, property-style: many generated projects go through the whole
//! pipeline in-process, and none may panic. Inputs are built from fragments that have broken
//! parsers before (front matter, ADR headers in every format, links, fences, HTML, unicode,
//! globs), mixed by a seeded generator so a failure names the seed that reproduces it.
//!
//! The budget is a few seconds in `cargo test`; `SADOC_FUZZ_SECONDS=600 cargo test robustness`
//! runs longer, `SADOC_FUZZ_SEED=N` replays one case.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use sadoc::pipeline::{self, Options};
use sadoc::project::Project;
use sadoc::site::Site;

/// xorshift64*: small, seeded, good enough to pick fragments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FRONT: &[&str] = &[
    "---\n",
    "---\ntitle: x\n---\n",
    "---\ntitle: [a, b\n---\n",
    "---\n- a\n---\n",
    "---\nstatus: accepted\ndate: 2025-13-45\n---\n",
    "---\nkind: view\nelements: 3\n---\n",
    "---\ngoverns: [\"**\", \"[\", \"{a,b\"]\n---\n",
    "---\ntags: !!binary aGVsbG8=\n---\n",
    "---\n&a [*a]\n---\n",
    "---\ntitle: \"\\u0000\"\n---\n",
    "\u{feff}---\r\ntitle: crlf\r\n---\r\n",
    "+++\ntitle = 1\n+++\n",
    "---\nsupersedes: 0001\nsuperseded_by: [x, 9999999999999]\n---\n",
    "",
];

const BODY: &[&str] = &[
    "# Title\n",
    "# 7. Numbered title\n",
    "## Status\n\nAccepted\n",
    "## Status\n\nSuperseded by [ADR-0002](0002-x.md)\n",
    "Status: ???\n",
    "* Status: proposed\n* Date: 2025-02-30\n",
    "Date: 31/12/2024\n",
    "## Context\n\ntext\n",
    "[link](missing.md)\n",
    "[anchor](#nowhere)\n",
    "[up](../../../../etc/passwd)\n",
    "[abs](/x.md#y)\n",
    "[code](../src/main.rs#L1-L99999999999)\n",
    "[empty]()\n",
    "<a href=\"",
    "![img](<a b.png>)\n",
    "```rust\nfn main() {}\n```\n",
    "```\nunclosed\n",
    "~~~mermaid\ngraph TD; A-->B\n~~~\n",
    "```plantuml\n@startuml\n@enduml\n```\n",
    "> > > > quote\n",
    "- a\n  - b\n    - c\n",
    "| a | b |\n|---|\n| 1 |\n",
    "!!! note \"x\"\n    body\n",
    "> [!WARNING]\n> alert\n",
    "[^1]\n\n[^1]: note [^1]\n",
    "<!-- ",
    "-->\n",
    "데이터 플랫폼 カフカ 数据\n",
    "\u{0}\u{1}\u{202e}rtl\n",
    "### {#id .class}\n",
    "# Heading {#dup}\n# Heading {#dup}\n",
    "<details><summary>x</summary>\n",
    "\\\n",
    "&#xffffff; &amp &\n",
    "`` ` ``\n",
    "$$\n",
    "***\n---\n___\n",
    "=== \"A\"\n    a\n\n=== \"B\"\n    ```py\n    x\n    ```\n",
    "===+ \"C\"\n\n===! \"D\"\n        deep\n",
    "--8<-- \"docs/a.md\"\n",
    "--8<-- \"docs/a.md:1:2,9:\"\n--8<-- 'docs/a.md:nope'\n",
    "--8<--\ndocs/index.md\n../x\n--8<--\n",
    ";--8<-- \"x\"\n# --8<-- [start:s]\n",
    "```py title=\"t\" linenums=\"0\" hl_lines=\"9-1 x\"\n\"\"\"a\nb\"\"\"\n```\n",
    "[x](a.md){ .c #i k=v onclick=y }\n![i](b.png){ width=\"1\" }\npara\n{: .p }\n",
    "Term\n:   def\n\n*[ABC]: Alpha\nABC ==m== ^^i^^ ~s~ H~2~O x^2^ ++ctrl+x++ :smile: :material-x:\n",
    "[TOC]\n\n## {",
];

const NAMES: &[&str] = &[
    "docs/a.md",
    "docs/index.md",
    "docs/adr/0001-a.md",
    "docs/adr/0001-b.md",
    "docs/adr/0002-x.md",
    "docs/adr/README.md",
    "docs/adr/template.md",
    "docs/sad/index.md",
    "docs/sad/views/v.md",
    "docs/sad/glossary.md",
    "docs/with space.md",
    "docs/카프카.md",
    "docs/hash#.md",
    "docs/A.md",
    "docs/adr/99999999999999999999-big.md",
    "docs/adr/adr-003.md",
    "docs/sub/index.markdown",
];

const CONFIG: &[&str] = &[
    "title: T\n",
    "title: T\nadr: { digits: 0 }\n",
    "title: T\nadr: { dir: docs/adr, statuses: { shipped: accepted } }\n",
    "title: T\ngoverns:\n  \"docs/a.md\": [\"src/**\", \"[\", \"{\", \"**/**/**\"]\n",
    "title: T\nsad: { dir: docs/sad, profile: arc42 }\n",
    "title: T\nviewpoints:\n  - id: pipeline\n    base: nope\n",
    "title: T\nurls: pretty\nlang: ko\n",
    "title: [\n",
    "title: T\ncheck: { ignore: [\"[\"] }\n",
    "title: T\ndocs: { max_page_mb: 0 }\n",
    "title: T\nmarkdown: { snippets: { base_path: [docs, \"../..\"], auto_append: [docs/a.md, nope.md] }, linenums: true }\n",
    "title: T\nnav:\n  - docs/a.md\n  - S: [docs/index.md, {X: https://x}]\n  - {A: b, B: c}\n",
];

fn project(rng: &mut Rng, dir: &std::path::Path) {
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(dir.join("sadoc.yml"), rng.pick(CONFIG)).unwrap();
    for _ in 0..1 + rng.below(6) {
        let name = rng.pick(NAMES);
        let mut text = rng.pick(FRONT).to_string();
        for _ in 0..rng.below(12) {
            text.push_str(rng.pick(BODY));
        }
        // Cut at a random character now and then: truncated files are real inputs too.
        if rng.below(4) == 0 {
            let cut = rng.below(text.len() + 1);
            text = text.chars().take(cut).collect();
        }
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn budget() -> Duration {
    let seconds = std::env::var("SADOC_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    Duration::from_secs(seconds)
}

#[test]
fn random_malformed_projects_never_panic() {
    let options = Options {
        history: false,
        ..Options::site(Vec::new())
    };
    let fixed = std::env::var("SADOC_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok());
    let started = Instant::now();
    let mut cases = 0u64;
    while started.elapsed() < budget() || (fixed.is_some() && cases == 0) {
        let seed = fixed.unwrap_or(0x5AD0C + cases);
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let tmp = tempfile::tempdir().unwrap();
        project(&mut rng, tmp.path());
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if let Ok(project) = Project::open(&tmp.path().join("sadoc.yml")) {
                let built = pipeline::build(project, options.clone(), Site::new());
                let _ = built.diagnostics.len();
            }
        }));
        assert!(
            outcome.is_ok(),
            "seed {seed} panicked; replay with SADOC_FUZZ_SEED={seed} cargo test random_malformed"
        );
        cases += 1;
        if fixed.is_some() {
            break;
        }
    }
    eprintln!("{cases} random projects built without a panic");
}

#[test]
fn random_globs_never_panic() {
    let pieces = [
        "*", "**", "?", "[", "]", "{", "}", ",", "/", "a", "\\", "!", ".", "..", "é", "[!a-", "**/",
    ];
    let paths = ["a", "a/b.rs", "src/x/y.py", ".hidden/z", "", "/", "é/ü.md"];
    let mut rng = Rng(0xC0DE);
    let started = Instant::now();
    while started.elapsed() < budget() / 5 {
        let pattern: String = (0..rng.below(10)).map(|_| rng.pick(&pieces)).collect();
        let outcome = catch_unwind(|| {
            if let Ok(glob) = sadoc::parsers::CodeGlob::new(&pattern) {
                for path in paths {
                    let _ = glob.is_match(path);
                }
                let _ = glob.literal_prefix();
            }
        });
        assert!(outcome.is_ok(), "glob `{pattern}` panicked");
    }
}
