//! A rebuild from the build cache — each document's rendered markdown, each page's HTML, each
//! page's search entry and the index made of them, kept from the last build — gives exactly
//! the site and the problems a build without the cache gives, whatever changed in between:
//! after every edit below, a build that reads and saves the cache is compared, file by file
//! and problem by problem, with one that has none.

use std::path::{Path, PathBuf};

use sadoc::pipeline;
use sadoc::project::Project as SadocProject;
use sadoc::site::{Content, Site};

use crate::harness::Project;

/// What a build gave: its files and its problems (as shown).
struct Built {
    files: Vec<(String, Vec<u8>)>,
    problems: Vec<String>,
}

/// A project built after each edit, warm (with a cache that lives across the edits) and
/// cold (without one).
struct Warm {
    p: Project,
    cache: tempfile::TempDir,
}

impl Warm {
    fn new(p: Project) -> Warm {
        let warm = Warm {
            p,
            cache: tempfile::tempdir().unwrap(),
        };
        warm.assert_like_a_cold_build("the first build");
        warm
    }

    fn build(&self, cache: Option<&Path>) -> Built {
        let project = SadocProject::open(&self.p.path("sadoc.yml")).unwrap();
        let mut options = pipeline::Options::site(vec![self.p.path("site")]);
        if let Some(dir) = cache {
            let dir = dir.to_string_lossy().into_owned();
            let env = move |k: &str| (k == "SADOC_CACHE_DIR").then(|| dir.clone());
            options = options.with_cache(&project, &env);
        }
        let built = pipeline::build(project, options.clone(), Site::new());
        let saved = options.save_cache();
        assert!(saved.problems().is_empty(), "{:?}", saved.problems());
        let files = built
            .site
            .paths()
            .map(|path| {
                let bytes = match built.site.get(path) {
                    Some(Content::Bytes(bytes)) => bytes.to_vec(),
                    Some(Content::Copy(file) | Content::Written(file)) => {
                        std::fs::read(file).unwrap()
                    }
                    other => panic!("{path}: {other:?}"),
                };
                (path.to_string(), bytes)
            })
            .collect();
        let mut problems: Vec<String> = built.diagnostics.iter().map(ToString::to_string).collect();
        problems.sort();
        Built { files, problems }
    }

    /// Writes (or with `None` removes) files, then compares a warm build with a cold one.
    fn edit(&self, what: &str, files: &[(&str, Option<&str>)]) {
        for (path, text) in files {
            let full = self.p.path(path);
            match text {
                Some(text) => {
                    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                    std::fs::write(&full, text).unwrap();
                }
                None => std::fs::remove_file(&full).unwrap(),
            }
        }
        self.assert_like_a_cold_build(what);
    }

    fn assert_like_a_cold_build(&self, what: &str) {
        let warm = self.build(Some(self.cache.path()));
        let cold = self.build(None);
        let names = |b: &Built| b.files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(names(&warm), names(&cold), "{what}: the same files");
        for ((path, a), (_, b)) in warm.files.iter().zip(&cold.files) {
            assert!(
                a == b,
                "{what}: `{path}` differs from a build without the cache\n--- warm\n{}\n--- cold\n{}",
                String::from_utf8_lossy(a),
                String::from_utf8_lossy(b)
            );
        }
        assert_eq!(warm.problems, cold.problems, "{what}: the same problems");
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.p.path(path)).unwrap()
    }

    fn cache_file(&self, name: &str) -> PathBuf {
        self.cache.path().join(name)
    }
}

#[test]
fn after_every_kind_of_edit_a_warm_build_gives_what_a_cold_build_gives() {
    let v = Warm::new(Project::fixture("serve/shop"));
    for file in [
        "markdown-v1.bin",
        "pages-v2.bin",
        "search-v2.bin",
        "search-index-v1.bin",
    ] {
        assert!(v.cache_file(file).is_file(), "{file}");
    }
    v.edit("nothing", &[]);

    v.edit(
        "a body edit",
        &[("docs/guide.md", Some("---\ntitle: Guide\n---\n# Guide\n\nNew words, see [the overview](sad/overview.md) and [the plan](plan.md).\n\n```rust\nfn main() { run(); }\n```\n"))],
    );
    v.edit(
        "a page a link names appears",
        &[("docs/plan.md", Some("# Plan\n\n## Steps\n\nOne.\n"))],
    );
    v.edit(
        "a file a link names appears where a page was",
        &[("docs/plan.md", None), ("docs/plan.md.txt", Some("x"))],
    );
    let view = v.read("docs/sad/views/pipeline.md");
    v.edit(
        "an anchor that a link needs disappears",
        &[(
            "docs/sad/views/pipeline.md",
            Some(&view.replace("## Stages", "## Steps")),
        )],
    );
    v.edit(
        "and comes back",
        &[("docs/sad/views/pipeline.md", Some(&view))],
    );
    let overview = v.read("docs/sad/overview.md");
    v.edit(
        "a page's title changes (the navigation of every page shows it)",
        &[(
            "docs/sad/overview.md",
            Some(&overview.replacen("# ", "# Renamed: ", 1)),
        )],
    );
    v.edit(
        "a decision's status changes",
        &[(
            "docs/adr/0001-use-kafka.md",
            Some(
                &v.read("docs/adr/0001-use-kafka.md")
                    .replace("Accepted", "Superseded by [ADR 2](0002-use-postgres.md)"),
            ),
        )],
    );
    v.edit(
        "the glossary defines a new term",
        &[("docs/sad/glossary.md", Some("---\nkind: glossary\n---\n# Glossary\n\n| Term | Meaning |\n|---|---|\n| HTTP | The web's protocol. |\n| Guide | A page. |\n"))],
    );
    v.edit(
        "a snippet file appears, then changes",
        &[
            (
                "docs/snippets.md",
                Some("# Snippets\n\n--8<-- \"parts/shared.md\"\n"),
            ),
            ("parts/shared.md", Some("Shared text.\n")),
        ],
    );
    v.edit(
        "the snippet changes",
        &[("parts/shared.md", Some("Other shared text.\n"))],
    );
    v.edit("the snippet goes", &[("parts/shared.md", None)]);
    v.edit(
        "broken front matter",
        &[("docs/guide.md", Some("---\ntitle: [oops\n---\n# Guide\n"))],
    );
    v.edit(
        "a new page at the top",
        &[
            ("docs/guide.md", Some("---\ntitle: Guide\n---\n# Guide\n")),
            ("docs/aaa.md", Some("# AAA\n")),
        ],
    );
    let base = base_template();
    v.edit(
        "a theme template",
        &[
            ("sadoc.yml", Some("title: Shop\nrepo: { url: https://gitlab.example.com/shop/p }\ntheme: { dir: theme }\n")),
            ("theme/templates/base.html", Some(&base.replacen("</footer>", "Our footer</footer>", 1))),
        ],
    );
    v.edit(
        "the template again",
        &[(
            "theme/templates/base.html",
            Some(&base.replacen("</footer>", "Their footer</footer>", 1)),
        )],
    );
    v.edit(
        "the configuration's title",
        &[("sadoc.yml", Some("title: Shop two\nrepo: { url: https://gitlab.example.com/shop/p }\ntheme: { dir: theme }\n"))],
    );
}

#[test]
fn an_unchanged_rebuild_renders_nothing_again() {
    let p = Project::fixture("serve/shop");
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("markdown cache: 0 pages reused, 8 added, 8 kept");
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("markdown cache: 8 pages reused, 0 added, 8 kept")
        .expect_stderr("highlight cache `.cache/sadoc`: no block to highlight")
        .expect_stderr("page cache: 11 pages reused, 0 added, 11 kept")
        .expect_stderr("search cache: 8 pages reused, 0 added, 8 kept");
    // One body edit: that document's markdown and page are made again, nothing else.
    std::fs::write(
        p.path("docs/guide.md"),
        "---\ntitle: Guide\n---\n# Guide\n\nMore.\n",
    )
    .unwrap();
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("markdown cache: 7 pages reused, 1 added, 8 kept");
}

#[test]
fn a_theme_that_reads_the_environment_keeps_no_pages() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\ntheme: { dir: theme }\n")
        .file("docs/index.md", "# Home\n")
        .file(
            "theme/templates/base.html",
            &base_template().replacen(
                "</footer>",
                "{{ get_env(name=\"USER\", default=\"nobody\") }}</footer>",
                1,
            ),
        );
    p.build(&["-v"]).expect_code(0);
    p.build(&["-v"])
        .expect_code(0)
        .expect_stderr("markdown cache: 1 pages reused")
        .refute_stderr("page cache: 1 pages reused");
}

/// The built-in theme's base template, which every page extends.
fn base_template() -> String {
    let path = crate::harness::repo_root().join("themes/default/templates/base.html");
    let base = std::fs::read_to_string(path).unwrap();
    assert!(base.contains("</footer>"));
    base
}
