//! Navigation: the SAD in reading order, the decision log, other pages by folder;
//! breadcrumbs, previous/next and tables of contents.

use crate::harness::Project;

fn nav_titles(html: &str) -> Vec<String> {
    let start = html.find("<nav id=\"sidebar\"").unwrap();
    let end = start + html[start..].find("</nav>").unwrap();
    let re = regex::Regex::new(r#"<span class="nav-title">([^<]*)</span>"#).unwrap();
    re.captures_iter(&html[start..end])
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn sad_comes_first_in_roadmap_order_then_the_log_then_other_pages() {
    let p = Project::fixture("build/basic");
    p.build(&[]).expect_code(0);
    let titles = nav_titles(&p.site("sad/views/alpha.html"));
    assert_eq!(
        titles,
        [
            "Architecture",
            "Overview",
            "Views",
            "Beta view",
            "Alpha view",
            "Glossary",
            "Completeness",
            "Decision log",
            "Guides",
        ],
        "views follow the order the roadmap links them in; the log is collapsed"
    );
    let titles = nav_titles(&p.site("adr/0002-second.html"));
    let log = titles.iter().position(|t| t == "Decision log").unwrap();
    assert!(titles[log + 1].contains("First decision"), "{titles:?}");
    assert_eq!(
        titles[log + 2],
        "Second decision",
        "the log opens on an ADR page"
    );
}

#[test]
fn current_page_is_marked() {
    let p = Project::fixture("build/basic");
    p.build(&[]).expect_code(0);
    let page = p.site("sad/views/beta.html");
    assert!(page.contains("<a href=\"../../sad/views/beta.html\" aria-current=\"page\">"));
}

#[test]
fn breadcrumbs_and_neighbours() {
    let p = Project::fixture("build/basic");
    p.build(&[]).expect_code(0);
    let page = p.site("sad/views/alpha.html");
    assert!(page.contains("<li><a href=\"../../index.html\">Welcome</a></li><li><a href=\"../../sad/index.html\">Architecture</a></li><li><a href=\"../../sad/views/index.html\">Views</a></li>"), "{page}");
    assert!(page.contains("rel=\"prev\" href=\"../../sad/views/beta.html\""));
    assert!(page.contains("rel=\"next\" href=\"../../sad/glossary.html\""));
}

#[test]
fn table_of_contents_lists_h2_and_h3() {
    let p = Project::new().file(
        "docs/a.md",
        "# T\n\n## One\n\n### One point one\n\n#### Too deep\n\n## Two\n",
    );
    p.build(&[]).expect_code(0);
    let page = p.site("a.html");
    assert!(page.contains("<li class=\"toc-level-2\"><a href=\"#one\">One</a></li>"));
    assert!(
        page.contains(
            "<li class=\"toc-level-3\"><a href=\"#one-point-one\">One point one</a></li>"
        )
    );
    assert!(!page.contains("href=\"#too-deep\">Too deep</a></li>"));
}

#[test]
fn generated_folder_pages_list_their_contents() {
    let p = Project::fixture("build/basic");
    p.build(&[]).expect_code(0);
    let guides = p.site("guides/index.html");
    assert!(guides.contains("<h1>Guides</h1>"));
    assert!(guides.contains("href=\"../guides/setup.html\">Setup</a>"));
    assert!(guides.contains("href=\"../guides/deep/index.html\">Deep</a>"));
}

#[test]
fn long_folders_are_windowed_in_the_navigation() {
    let mut p = Project::new();
    for i in 1..=120 {
        p = p.file(
            &format!("docs/adr/{i:04}-decision-{i}.md"),
            &format!("---\ntitle: Decision {i}\n---\nText.\n"),
        );
    }
    p.build(&[]).expect_code(0);
    let page = p.site("adr/0100-decision-100.html");
    let titles = nav_titles(&page);
    assert!(titles.contains(&"Decision 100".to_string()));
    assert!(!titles.contains(&"Decision 1".to_string()));
    assert!(titles.len() <= 52, "{} items", titles.len());
    assert!(page.contains("+70 more"));
}
