//! `sadoc serve` rebuilds only what an edit needs. Whatever it skips, the result must be the
//! site and the problems a full `sadoc build` gives for the same files: after every edit
//! below, each file of the preview's site and each diagnostic is compared with a fresh build.

use sadoc::pipeline;
use sadoc::project::Project as SadocProject;
use sadoc::serve::session::Session;
use sadoc::serve::watch::{Event, classify};
use sadoc::site::{Content, Site};

use crate::harness::Project;

/// A small shop: a roadmap, an overview, a pipeline view governing code, a glossary, two ADRs
/// (one citing the view), a guide with code and an image, and the code the view governs.
fn project() -> Project {
    Project::fixture("serve/shop")
}

struct Preview {
    p: Project,
    session: Session,
}

impl Preview {
    fn open(p: Project) -> Preview {
        let project = SadocProject::open(&p.path("sadoc.yml")).unwrap();
        let session = Session::open(project, vec![p.path("site")]);
        let preview = Preview { p, session };
        preview.assert_like_a_full_build("the first build");
        preview
    }

    /// Writes files, hands the session what the watcher would, and compares with a build.
    fn edit(
        &mut self,
        what: &str,
        files: &[(&str, Option<&str>)],
    ) -> sadoc::serve::session::Update {
        let mut paths = Vec::new();
        for (path, text) in files {
            let full = self.p.path(path);
            match text {
                Some(text) => {
                    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                    std::fs::write(&full, text).unwrap();
                }
                None => std::fs::remove_file(&full).unwrap(),
            }
            paths.push(full);
        }
        let events: Vec<Event> =
            classify(&self.session.scope(), &paths, &|p| self.session.presence(p));
        let update = self.session.update(&events);
        // `sadoc serve` brings search up to date right after the reload.
        self.session.refresh_search();
        self.assert_like_a_full_build(what);
        update
    }

    fn assert_like_a_full_build(&self, what: &str) {
        let project = SadocProject::open(&self.p.path("sadoc.yml")).unwrap();
        let options = pipeline::Options::site(vec![self.p.path("site")]);
        let built = pipeline::build(project, options, Site::new());
        let preview = self.session.site();
        let files: Vec<&str> = built.site.paths().collect();
        let preview_files: Vec<&str> = preview.paths().collect();
        assert_eq!(preview_files, files, "{what}: the same files");
        for path in files {
            match (preview.get(path), built.site.get(path)) {
                (Some(Content::Bytes(a)), Some(Content::Bytes(b))) => assert!(
                    a == b,
                    "{what}: `{path}` differs from a full build\n--- preview\n{}\n--- build\n{}",
                    String::from_utf8_lossy(a),
                    String::from_utf8_lossy(b)
                ),
                (a, b) => assert_eq!(a, b, "{what}: `{path}`"),
            }
        }
        let shown = |ds: &[sadoc::diag::Diagnostic]| -> Vec<String> {
            let mut all: Vec<String> = ds.iter().map(ToString::to_string).collect();
            all.sort();
            all
        };
        assert_eq!(
            shown(&self.session.diagnostics()),
            shown(&built.diagnostics),
            "{what}: the same problems"
        );
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.p.path(path)).unwrap()
    }
}

#[test]
fn every_kind_of_edit_gives_what_a_full_build_gives() {
    let mut v = Preview::open(project());

    let update = v.edit(
        "a body edit",
        &[("docs/guide.md", Some("---\ntitle: Guide\n---\n# Guide\n\nNew words.\n\n```rust\nfn main() { run(); }\n```\n"))],
    );
    assert_eq!(update.how, "pages");
    assert_eq!(
        update.changed.iter().collect::<Vec<_>>(),
        ["guide.html", "img/d.svg"],
        "the page, and the image it no longer shows"
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

    let update = v.edit(
        "a heading title (the page's title) changes",
        &[("docs/sad/overview.md", Some("---\nkind: overview\n---\n# System overview\n\nThe shop sells things over HTTP and FTP.\n"))],
    );
    assert!(update.changed.len() > 2, "{update:?}");

    let update = v.edit(
        "a front-matter title changes",
        &[(
            "docs/guide.md",
            Some("---\ntitle: Developer guide\n---\n# Guide\n\nNew words.\n"),
        )],
    );
    assert_eq!(update.how, "pages compared", "no full rebuild for a title");

    let adr = v.read("docs/adr/0002-use-postgres.md");
    let update = v.edit(
        "an ADR's status changes",
        &[(
            "docs/adr/0002-use-postgres.md",
            Some(&adr.replace("Proposed", "Accepted")),
        )],
    );
    assert!(
        update.changed.contains("adr/index.html"),
        "the decision log shows statuses: {update:?}"
    );
    assert_eq!(update.how, "pages compared");

    v.edit(
        "an ADR supersedes another",
        &[
            (
                "docs/adr/0002-use-postgres.md",
                Some(&adr.replace(
                    "Proposed",
                    "Accepted\n\nSupersedes [ADR 1](0001-use-kafka.md)",
                )),
            ),
            (
                "docs/adr/0001-use-kafka.md",
                Some(
                    &v.read("docs/adr/0001-use-kafka.md")
                        .replace("Accepted", "Superseded by [ADR 2](0002-use-postgres.md)"),
                ),
            ),
        ],
    );

    v.edit(
        "a page starts citing a decision",
        &[("docs/guide.md", Some("---\ntitle: Developer guide\n---\n# Guide\n\nSee [ADR-0002](adr/0002-use-postgres.md).\n"))],
    );

    v.edit(
        "a view's front matter changes",
        &[(
            "docs/sad/views/pipeline.md",
            Some(&view.replace("adrs: [ADR-0001]", "adrs: [ADR-0001, ADR-0002]")),
        )],
    );

    v.edit(
        "the glossary defines a new term",
        &[("docs/sad/glossary.md", Some("---\nkind: glossary\n---\n# Glossary\n\n| Term | Meaning |\n|---|---|\n| HTTP | The web's protocol. |\n| FTP | File transfer. |\n"))],
    );

    v.edit(
        "broken front matter",
        &[("docs/guide.md", Some("---\ntitle: [oops\n---\n# Guide\n"))],
    );
    v.edit(
        "fixed again",
        &[(
            "docs/guide.md",
            Some("---\ntitle: Guide\n---\n# Guide\n\n![diagram](img/d.svg)\n"),
        )],
    );

    v.edit(
        "a new page",
        &[(
            "docs/runbooks/replay.md",
            Some("# Replay\n\nSee the [guide](../guide.md).\n"),
        )],
    );
    v.edit("a deleted page", &[("docs/runbooks/replay.md", None)]);
    v.edit(
        "a new image",
        &[(
            "docs/img/e.svg",
            Some("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        )],
    );
    v.edit(
        "a page links to it",
        &[(
            "docs/guide.md",
            Some("---\ntitle: Guide\n---\n# Guide\n\n![e](img/e.svg)\n"),
        )],
    );
    v.edit(
        "sadoc.yml changes",
        &[(
            "sadoc.yml",
            Some("title: Shop 2\nrepo: { url: https://gitlab.example.com/shop/p }\n"),
        )],
    );
}
