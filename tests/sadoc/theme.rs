//! Theme overrides: any template, asset or UI string can be replaced from `theme.dir`.

use crate::harness::Project;

#[test]
fn templates_assets_and_strings_can_be_overridden() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\ntheme: { dir: theme }\n")
        .file("docs/a.md", "# A\n")
        .file(
            "theme/templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ page.title }} by {{ site.title }}</p>{% endblock content %}",
        )
        .file("theme/assets/extra.css", "body { color: red; }")
        .file("theme/i18n/en.yml", "on_this_page: Contents\nprevious: Back\n");
    p.build(&["--strict"]).expect_code(0);
    let page = p.site("a.html");
    assert!(page.contains("<p class=\"custom\">A by T</p>"), "{page}");
    assert!(
        p.site_files()
            .iter()
            .any(|f| f.starts_with("assets/extra.") && f.ends_with(".css"))
    );
    assert!(
        !p.site_files().iter().any(|f| f.starts_with("theme/")),
        "the theme folder is not content"
    );
}

#[test]
fn korean_ui_strings() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\nlang: ko\n")
        .file("docs/a.md", "# A\n\n## 하나\n\n## 둘\n");
    p.build(&[]).expect_code(0);
    let page = p.site("a.html");
    assert!(page.contains("<html lang=\"ko\">"));
    assert!(page.contains("이 페이지의 내용"));
}

#[test]
fn a_broken_template_is_an_error_naming_it() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\ntheme: { dir: theme }\n")
        .file("docs/a.md", "# A\n")
        .file("theme/templates/page.html", "{% if %}");
    p.build(&[])
        .expect_code(1)
        .expect_stderr("theme/templates/page.html: error:");
    assert!(!p.path("site").exists());
}

#[test]
fn a_template_error_at_render_time_is_reported_once() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\ntheme: { dir: theme }\n")
        .file("docs/a.md", "# A\n")
        .file("docs/b.md", "# B\n")
        .file("theme/templates/page.html", "{{ page.no_such_field.x }}");
    let run = p.build(&[]);
    run.expect_code(1)
        .expect_stderr("template `page.html` failed");
    assert_eq!(
        run.stderr.matches("template `page.html` failed").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_theme_folder_is_reported() {
    let p = Project::new()
        .file("sadoc.yml", "title: T\ntheme: { dir: nope }\n")
        .file("docs/a.md", "# A\n");
    p.build(&[])
        .expect_code(1)
        .expect_stderr("`theme.dir` is `nope`, which is not a folder");
}
