//! `sadoc adr`: the lifecycle of decision records, in a real git repository.

use crate::harness::Project;

fn project() -> Project {
    Project::new().file(
        "docs/adr/0001-record-architecture-decisions.md",
        "# 1. Record architecture decisions\n\nDate: 2025-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nWe need to record decisions.\n",
    )
}

#[test]
fn new_adrs_get_the_next_numbers_and_print_their_path() {
    let p = project();
    let _repo = p.git_init();
    let first = p.run(&["adr", "new", "Use", "Kafka", "for", "events"]);
    first.expect_code(0);
    assert_eq!(first.stdout, "docs/adr/0002-use-kafka-for-events.md\n");
    let second = p.run(&["adr", "new", "Café & crème: naming things!"]);
    assert_eq!(second.stdout, "docs/adr/0003-cafe-creme-naming-things.md\n");
    let korean = p.run(&["adr", "new", "카프카 도입"]);
    assert_eq!(korean.stdout, "docs/adr/0004-카프카-도입.md\n");
    let text = std::fs::read_to_string(p.path("docs/adr/0002-use-kafka-for-events.md")).unwrap();
    assert!(
        text.starts_with(
            "# 2. Use Kafka for events\n\nDate: 2025-11-25\n\n## Status\n\nProposed\n\n## Context\n"
        ),
        "{text}"
    );
    p.build(&["--strict"]).expect_code(0);
}

#[test]
fn numbers_are_never_reused_and_follow_the_collections_padding() {
    let p = Project::new()
        .file("docs/adr/001-a.md", "# 1. A\n\n## Status\n\nAccepted\n")
        .file("docs/adr/007-b.md", "# 7. B\n\n## Status\n\nAccepted\n");
    p.run(&["adr", "new", "C"]).expect_code(0);
    assert!(
        p.path("docs/adr/008-c.md").is_file(),
        "after the highest number, three digits like the others"
    );
}

#[test]
fn new_refuses_to_overwrite_an_existing_file() {
    // Date-named collections can collide: the same title on the same day.
    let p = Project::new().file(
        "docs/adr/20201016-use-slugs.md",
        "# Use slugs\n\n- Status: accepted\n",
    );
    let run = p.run(&["adr", "new", "Use slugs", "--date", "2020-10-16"]);
    run.expect_code(2).expect_stderr(
        "`docs/adr/20201016-use-slugs.md` already exists; sadoc never overwrites a file",
    );
    assert_eq!(
        std::fs::read_to_string(p.path("docs/adr/20201016-use-slugs.md")).unwrap(),
        "# Use slugs\n\n- Status: accepted\n"
    );
}

/// A proposed record that supersedes another leaves the other as it is (its page says
/// "proposed to be superseded by", lint is clean); accepting it marks the other superseded in
/// the same change, editing only its status: CRLF and every other byte are kept (issue 39).
#[test]
fn superseding_edits_only_the_status_of_the_old_record_once_accepted() {
    let p = project().file(
        "docs/adr/0002-use-json.md",
        "# 2. Use JSON\r\n\r\nDate: 2025-02-03\r\n\r\n## Status\r\n\r\n**Accepted**\r\n\r\n## Context\r\n\r\nSpaces  and\ttabs stay.   \r\n",
    );
    let repo = p.git_init();
    let before = repo.committed("docs/adr/0002-use-json.md");
    let run = p.run(&[
        "adr",
        "new",
        "Use Avro",
        "--supersedes",
        "2",
        "--date",
        "2025-03-04",
    ]);
    run.expect_code(0).expect_stderr(
        "left docs/adr/0002-use-json.md as it is: superseded by ADR-0003 once it is accepted (`sadoc adr status 3 accepted`)",
    );
    assert_eq!(
        std::fs::read(p.path("docs/adr/0002-use-json.md")).unwrap(),
        before,
        "a proposal changes nothing in the record it would supersede"
    );
    let new = std::fs::read_to_string(p.path("docs/adr/0003-use-avro.md")).unwrap();
    assert!(new.contains("Date: 2025-03-04"));
    assert!(
        new.contains("## Status\n\nProposed\n\nSupersedes [2. Use JSON](0002-use-json.md)\n"),
        "{new}"
    );
    p.run(&["adr", "lint", "--strict"]).expect_code(0);
    p.build(&["--strict"]).expect_code(0);
    let page = p.site("adr/0002-use-json.html");
    assert!(page.contains("adr-status-accepted"), "still accepted");
    assert!(
        page.contains("proposed to be superseded by <a href=\"../adr/0003-use-avro.html\">"),
        "{page}"
    );

    p.run(&["adr", "status", "3", "accepted"])
        .expect_code(0)
        .expect_stderr("updated docs/adr/0003-use-avro.md: status: Proposed → Accepted")
        .expect_stderr(
            "updated docs/adr/0002-use-json.md: status → Superseded by [3. Use Avro](0003-use-avro.md)",
        );
    let after = std::fs::read(p.path("docs/adr/0002-use-json.md")).unwrap();
    let expected = String::from_utf8(before).unwrap().replace(
        "**Accepted**",
        "Superseded by [3. Use Avro](0003-use-avro.md)",
    );
    assert_eq!(
        String::from_utf8(after).unwrap(),
        expected,
        "CRLF and every other byte are kept"
    );
    let changed: Vec<String> = repo
        .changed_files()
        .into_iter()
        .filter(|f| f.starts_with("docs/"))
        .collect();
    assert_eq!(
        changed,
        ["docs/adr/0002-use-json.md", "docs/adr/0003-use-avro.md"]
    );
    p.run(&["adr", "lint", "--strict"]).expect_code(0);
}

/// A record accepted by an edit (in a merge request) that did not mark the one it supersedes:
/// lint says so and how to fix it; rejecting a proposal leaves nothing pending.
#[test]
fn an_accepted_successor_whose_predecessor_is_unmarked_is_reported() {
    let p = project();
    p.run(&["adr", "new", "Use Avro", "-s", "1"]).expect_code(0);
    let path = p.path("docs/adr/0002-use-avro.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("Proposed", "Accepted", 1)).unwrap();
    p.run(&["adr", "lint"])
        .expect_code(0)
        .expect_stderr("ADR-0001 is superseded by ADR-0002 but its status is Accepted")
        .expect_stderr("help: `sadoc adr status 2 accepted` marks it superseded by ADR-0002");
    p.run(&["adr", "status", "2", "accepted"]).expect_code(0);
    p.run(&["adr", "lint", "--strict"]).expect_code(0);

    // The same edit in a merge request, fixed by `sadoc check --fix`.
    let r = project();
    r.run(&["adr", "new", "Use Avro", "-s", "1"]).expect_code(0);
    let repo = r.git_init();
    let path = r.path("docs/adr/0002-use-avro.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("Proposed", "Accepted", 1)).unwrap();
    repo.commit("Accept ADR 2");
    r.run(&["check", "--checks", "adr", "--fix", "--base", "HEAD~1"])
        .expect_stdout("fixed docs/adr/0001-record-architecture-decisions.md: status → Superseded by [2. Use Avro](0002-use-avro.md)");
    r.run(&["adr", "lint", "--strict"]).expect_code(0);

    let q = project();
    q.run(&["adr", "new", "Use Avro", "-s", "1"]).expect_code(0);
    q.run(&["adr", "status", "2", "rejected"]).expect_code(0);
    q.run(&["adr", "lint", "--strict"]).expect_code(0);
    q.build(&[]).expect_code(0);
    assert!(
        !q.site("adr/0001-record-architecture-decisions.html")
            .contains("proposed to be superseded")
    );
}

#[test]
fn amending_and_custom_links_are_written_on_both_sides() {
    let p = project();
    let _repo = p.git_init();
    p.run(&["adr", "new", "B", "--amends", "1"]).expect_code(0);
    let old =
        std::fs::read_to_string(p.path("docs/adr/0001-record-architecture-decisions.md")).unwrap();
    assert!(
        old.contains("## Status\n\nAccepted\n\nAmended by [2. B](0002-b.md)\n\n## Context"),
        "{old}"
    );
    p.run(&["adr", "link", "2", "Clarifies", "1", "Clarified by"])
        .expect_code(0);
    let old =
        std::fs::read_to_string(p.path("docs/adr/0001-record-architecture-decisions.md")).unwrap();
    assert!(old.contains("Clarified by [2. B](0002-b.md)"));
    let new = std::fs::read_to_string(p.path("docs/adr/0002-b.md")).unwrap();
    assert!(new.contains(
        "Clarifies [1. Record architecture decisions](0001-record-architecture-decisions.md)"
    ));
    let again = p.run(&["adr", "link", "2", "Clarifies", "1", "Clarified by"]);
    again
        .expect_code(0)
        .expect_stderr("both ADRs already say so; nothing changed");
    p.run(&["adr", "lint", "--strict"]).expect_code(0);
}

#[test]
fn madr_front_matter_is_edited_in_place() {
    let p = Project::new().file(
        "docs/adr/0001-a.md",
        "---\n# a comment that stays\nstatus: accepted\ndate: 2024-01-01\n---\n# A\n\nBody.\n",
    );
    p.run(&[
        "adr",
        "new",
        "B",
        "--template",
        "madr",
        "--supersedes",
        "ADR-0001",
    ])
    .expect_code(0);
    let new = std::fs::read_to_string(p.path("docs/adr/0002-b.md")).unwrap();
    assert!(
        new.starts_with("---\nstatus: proposed\ndate: 2025-11-25\ndecision-makers: []\nconsulted: []\ninformed: []\nsupersedes: [ADR-0001]\n---\n\n# B\n"),
        "{new}"
    );
    p.run(&["adr", "status", "2", "accepted"]).expect_code(0);
    let new = std::fs::read_to_string(p.path("docs/adr/0002-b.md")).unwrap();
    assert!(new.starts_with("---\nstatus: accepted\n"));
    let old = std::fs::read_to_string(p.path("docs/adr/0001-a.md")).unwrap();
    assert_eq!(
        old,
        "---\n# a comment that stays\nstatus: superseded by ADR-0002\ndate: 2024-01-01\n---\n# A\n\nBody.\n"
    );
    p.run(&["adr", "lint", "--strict"]).expect_code(0);
}

#[test]
fn log4brains_collections_get_date_named_records_and_bullet_edits() {
    let p = Project::new().file(
        "docs/adr/20200926-use-numbers.md",
        "# Use numbers\n\n- Status: accepted\n- Date: 2020-09-26\n\n## Context\n",
    );
    let run = p.run(&[
        "adr",
        "new",
        "Use slugs",
        "--date",
        "2020-10-16",
        "--supersedes",
        "use-numbers",
        "--status",
        "accepted",
    ]);
    run.expect_code(0);
    assert_eq!(run.stdout, "docs/adr/20201016-use-slugs.md\n");
    let old = std::fs::read_to_string(p.path("docs/adr/20200926-use-numbers.md")).unwrap();
    assert!(
        old.contains(
            "- Status: superseded by [Use slugs](20201016-use-slugs.md)\n- Date: 2020-09-26\n"
        ),
        "{old}"
    );
    p.run(&["adr", "lint", "--strict"]).expect_code(0);
}

#[test]
fn status_changes_in_place_and_rejects_unknown_words() {
    let p = project();
    p.run(&["adr", "status", "ADR-0001", "deprecated"])
        .expect_code(0)
        .expect_stderr("status: Accepted → Deprecated");
    let text =
        std::fs::read_to_string(p.path("docs/adr/0001-record-architecture-decisions.md")).unwrap();
    assert!(text.contains("## Status\n\nDeprecated\n\n## Context"));
    p.run(&["adr", "status", "1", "aproved"])
        .expect_code(2)
        .expect_stderr("unknown status `aproved`");
    p.run(&["adr", "status", "42", "accepted"])
        .expect_code(2)
        .expect_stderr("no ADR `42`");
}

#[test]
fn a_status_is_added_where_there_was_none() {
    let p = Project::new().file("docs/adr/0001-a.md", "# A\n\n## Context\n\nText.\n");
    p.run(&["adr", "status", "1", "accepted"]).expect_code(0);
    let text = std::fs::read_to_string(p.path("docs/adr/0001-a.md")).unwrap();
    assert_eq!(
        text,
        "# A\n\n## Status\n\nAccepted\n\n## Context\n\nText.\n"
    );
}

#[test]
fn list_and_show() {
    let p = project();
    p.run(&[
        "adr",
        "new",
        "Use Kafka",
        "--status",
        "accepted",
        "--date",
        "2025-05-06",
    ])
    .expect_code(0);
    let table = p.run(&["adr", "list"]);
    table.expect_code(0);
    insta::assert_snapshot!(table.stdout, @r"
    ID        STATUS      DATE        TITLE
    ADR-0001  accepted    2025-01-02  Record architecture decisions
    ADR-0002  accepted    2025-05-06  Use Kafka
    ");
    let filtered = p.run(&["adr", "list", "--status", "proposed"]);
    assert_eq!(filtered.stdout.lines().count(), 1);
    let show = p.run(&["adr", "show", "use kafka"]);
    show.expect_code(0);
    assert!(show.stdout.starts_with("ADR-0002 Use Kafka\n  file:   docs/adr/0002-use-kafka.md\n  status: accepted\n  date:   2025-05-06\n"), "{}", show.stdout);
}

#[test]
fn lint_reports_adr_findings_and_fails_only_when_asked() {
    let p = project()
        .file("docs/adr/0002-a.md", "# 2. A\n\n## Status\n\nAccepted\n")
        .file("docs/adr/0002-b.md", "# 2. B\n\n## Status\n\nAccepted\n");
    let repo = p.git_init();
    repo.commit_all("two branches both created 0002");
    p.run(&["adr", "lint"])
        .expect_code(0)
        .expect_stderr("ADR number 2 is used by 2 files")
        .expect_stderr("3 ADRs checked: 0 errors, 2 warnings");
    p.run(&["adr", "lint", "--strict"]).expect_code(1);
}

#[test]
fn adr_new_in_parallel_processes_never_gives_two_records_one_number() {
    let p = project();
    let titles: Vec<String> = (0..8).map(|i| format!("Parallel decision {i}")).collect();
    let runs: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = titles
            .iter()
            .map(|title| scope.spawn(|| p.run(&["adr", "new", title])))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut numbers = Vec::new();
    for run in &runs {
        run.expect_code(0);
        let path = run.stdout.trim();
        let name = path.rsplit('/').next().unwrap();
        numbers.push(name[..4].to_string());
    }
    numbers.sort();
    let expected: Vec<String> = (2..=9).map(|n| format!("{n:04}")).collect();
    assert_eq!(numbers, expected, "each process took its own number");
    let files = std::fs::read_dir(p.path("docs/adr")).unwrap().count();
    assert_eq!(files, 9, "eight new records beside the first, nothing else");
}

#[test]
fn mistyped_statuses_and_relation_verbs_get_the_word_they_resemble() {
    let p = project();
    let _repo = p.git_init();
    p.run(&["adr", "new", "Use Kafka"]).expect_code(0);
    p.run(&["adr", "status", "2", "acepted"])
        .expect_code(2)
        .expect_stderr("unknown status `acepted`")
        .expect_stderr("did you mean `accepted`?");
    p.run(&["adr", "list", "--status", "superseeded"])
        .expect_code(2)
        .expect_stderr("did you mean `superseded`?");
    p.run(&["adr", "link", "2", "Superseeds", "1"])
        .expect_code(2)
        .expect_stderr("did you mean `Supersedes`?");
    // A verb of the team's own is written; one typo away from it is refused.
    p.run(&["adr", "link", "2", "Clarifies", "1"])
        .expect_code(0);
    p.run(&["adr", "link", "2", "Clarifes", "1"])
        .expect_code(2)
        .expect_stderr("did you mean `Clarifies`?");
    let text = std::fs::read_to_string(p.path("docs/adr/0002-use-kafka.md")).unwrap();
    assert!(
        !text.contains("Superseeds") && !text.contains("Clarifes"),
        "{text}"
    );
    // A record with a mistyped status reads as unknown, with the suggestion.
    std::fs::write(
        p.path("docs/adr/0003-x.md"),
        "# 3. X\n\n## Status\n\nAcceptd\n\n## Context\n\nBecause.\n",
    )
    .unwrap();
    p.run(&["adr", "lint"])
        .expect_stderr("docs/adr/0003-x.md:5: warning: unknown status `Acceptd`")
        .expect_stderr("did you mean `accepted`?");
}

#[test]
fn show_aligns_every_field_and_lint_reports_unfilled_template_prompts() {
    let p = project().file(
        "docs/adr/0002-madr.md",
        "---\nstatus: accepted\ndate: 2025-03-04\ndecision-makers: [Ann]\nconsulted: [Carol]\n---\n# MADR\n\n## Context and Problem Statement\n\n{Describe the context and problem statement, e.g., in free form using two to three sentences.}\n",
    );
    let _repo = p.git_init();
    let show = p.run(&["adr", "show", "2"]);
    show.expect_code(0);
    assert!(
        show.stdout.contains("\n  consulted: Carol\n"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout.contains("\n  deciders:  Ann\n"),
        "{}",
        show.stdout
    );
    let new = p.run(&["adr", "new", "Use Kafka"]);
    new.expect_code(0);
    let lint = p.run(&["adr", "lint"]);
    lint.expect_code(0)
        .expect_stderr("docs/adr/0003-use-kafka.md:11: info: section `Context` still holds the template's prompt “The issue motivating this decision, and any context that influences …”")
        .expect_stderr("docs/adr/0003-use-kafka.md:15: info: section `Decision` still holds the template's prompt")
        .expect_stderr("docs/adr/0003-use-kafka.md:19: info: section `Consequences` still holds the template's prompt")
        .expect_stderr("docs/adr/0002-madr.md:11: info: section `Context and Problem Statement` still holds the template's prompt “{Describe the context")
        .expect_stderr("3 ADRs checked: 0 errors, 0 warnings, 4 notes")
        .refute_stderr("0001-record");
    // The same notes in `build -v`; a fresh record still builds strictly (notes never fail).
    p.build(&["-v"]).expect_stderr(
        "docs/adr/0003-use-kafka.md:11: info: section `Context` still holds the template's prompt",
    );
    p.build(&["--strict"]).expect_code(0);
    // Once written, the note goes.
    let path = p.path("docs/adr/0003-use-kafka.md");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "The issue motivating this decision, and any context that influences or constrains the decision.",
        "Services need events that outlive a restart.",
    );
    std::fs::write(&path, text).unwrap();
    p.run(&["adr", "lint"])
        .refute_stderr("section `Context` still holds")
        .expect_stderr("3 ADRs checked: 0 errors, 0 warnings, 3 notes");
}

/// adr-tools' logs spell it `Superceded by` / `Supercedes` (its `adr new -s` wrote that for
/// years): such a record is superseded, its successor supersedes it, and a strict lint of the
/// log as adr-tools left it passes (issue 37, defect 1). With the real adr-tools installed
/// (Debian's `adr-tools`, as `.ci/run` installs it), the same holds for a log it writes now.
#[test]
fn adr_tools_spelling_reads_as_superseded() {
    let p = Project::empty()
        .file("sadoc.yml", "title: T\nadr: { dir: doc/adr }\n")
        .file(
            "doc/adr/0001-one.md",
            "# 1. One\n\nDate: 2016-02-12\n\n## Status\n\nSuperceded by [2. Two](0002-two.md)\n\n## Context\n\nC.\n",
        )
        .file(
            "doc/adr/0002-two.md",
            "# 2. Two\n\nDate: 2016-02-13\n\n## Status\n\nAccepted\n\nSupercedes [1. One](0001-one.md)\n\n## Context\n\nC.\n",
        );
    let listed = p.run(&["adr", "list", "--status", "superseded"]);
    listed.expect_code(0);
    assert!(
        listed.stdout.contains("ADR-0001  superseded"),
        "{}",
        listed.stdout
    );
    p.run(&["adr", "lint", "--strict"]).expect_code(0);
    p.build(&["--strict"]).expect_code(0);
    let page = p.site("adr/0001-one.html");
    assert!(
        page.contains("adr-status-superseded") && page.contains("href=\"../adr/0002-two.html\""),
        "superseded, by ADR-0002: {page}"
    );

    if !crate::tools::available("adr", &["help"]) {
        eprintln!("skipped: adr-tools is not installed");
        return;
    }
    let q = Project::empty().file("sadoc.yml", "title: T\nadr: { dir: doc/adr }\n");
    let adr = |args: &[&str]| crate::tools::adr(&q.root, args, &[]);
    adr(&["init", "doc/adr"]);
    adr(&["new", "One"]);
    adr(&["new", "-s", "2", "Two"]);
    let listed = q.run(&["adr", "list"]);
    listed.expect_code(0);
    assert!(
        listed.stdout.contains("ADR-0002  superseded"),
        "{}",
        listed.stdout
    );
    assert!(
        listed.stdout.contains("ADR-0003  accepted"),
        "{}",
        listed.stdout
    );
    q.run(&["adr", "lint", "--strict"]).expect_code(0);
}

/// Superseding a record twice keeps both back-links, written as adr-tools writes them, and lint
/// stays clean (issue 37, defect 2: the second replaced the first, and lint then asked for a
/// link that swapped it back). With adr-tools installed, its file is compared byte for byte.
#[test]
fn superseding_twice_keeps_both_back_links() {
    let p = Project::empty().file("sadoc.yml", "title: T\nadr: { dir: doc/adr }\n");
    p.git_init();
    for args in [
        &["adr", "new", "One", "--date", "2026-01-02"][..],
        &["adr", "new", "-s", "1", "Two", "--date", "2026-01-02"],
        &["adr", "new", "-s", "1", "Three", "--date", "2026-01-02"],
        // Accepted, the proposals put their supersessions in force.
        &["adr", "status", "2", "accepted"],
        &["adr", "status", "3", "accepted"],
    ] {
        p.run(args).expect_code(0);
    }
    let one = std::fs::read_to_string(p.path("doc/adr/0001-one.md")).unwrap();
    let status = |text: &str| -> String {
        let start = text.find("## Status").expect("a status section");
        let end = text[start..]
            .find("## Context")
            .map_or(text.len(), |e| start + e);
        text[start..end].to_string()
    };
    assert_eq!(
        status(&one),
        "## Status\n\nSuperseded by [2. Two](0002-two.md)\n\nSuperseded by [3. Three](0003-three.md)\n\n"
    );
    let lint = p.run(&["adr", "lint", "--strict"]);
    lint.expect_code(0).refute_stderr(": warning:");

    if !crate::tools::available("adr", &["help"]) {
        eprintln!("skipped: adr-tools is not installed");
        return;
    }
    let q = Project::empty();
    for args in [
        &["init", "doc/adr"][..],
        &["new", "One"],
        &["new", "-s", "2", "Two"],
        &["new", "-s", "2", "Three"],
    ] {
        crate::tools::adr(&q.root, args, &[]);
    }
    let theirs = std::fs::read_to_string(q.path("doc/adr/0002-one.md")).unwrap();
    assert_eq!(
        status(&theirs)
            .replace("[3. Two](0003-two.md)", "[2. Two](0002-two.md)")
            .replace("[4. Three](0004-three.md)", "[3. Three](0003-three.md)"),
        status(&one),
        "the Status section as adr-tools writes it (its log starts with its own record 1)"
    );
}

/// A title is one line: a line break or carriage return in it is a space, so a title cannot
/// write a section into the record (issue 37, defect 4).
#[test]
fn a_title_with_line_breaks_stays_one_line() {
    let p = project();
    let _repo = p.git_init();
    let run = p.run(&["adr", "new", "x\n## Status\n\nAccepted\r\nand\rmore"]);
    run.expect_code(0);
    let path = run.stdout.trim().to_string();
    assert!(
        path.ends_with("0002-x-status-accepted-and-more.md"),
        "{path}"
    );
    let text = std::fs::read_to_string(p.path(&path)).unwrap();
    assert!(
        text.starts_with("# 2. x ## Status Accepted and more\n"),
        "{text}"
    );
    assert_eq!(
        text.matches("## Status").count(),
        2,
        "the title's and the template's: {text}"
    );
    let listed = p.run(&["adr", "list", "--status", "proposed"]);
    assert!(
        listed.stdout.contains("ADR-0002  proposed"),
        "{}",
        listed.stdout
    );
}

/// A note after `Superseded by […]` is not the status (the record stays superseded), and a
/// status added to a record without a Status section goes before its first section, leaving
/// the text under the title where it was (issue 37, defect 5).
#[test]
fn notes_after_a_relation_and_added_statuses_keep_their_places() {
    let p = Project::empty()
        .file("sadoc.yml", "title: T\nadr: { dir: doc/adr }\n")
        .file(
            "doc/adr/0001-one.md",
            "# 1. One\n\n## Status\n\nSuperseded by [2. Two](0002-two.md)\n\nWe moved on in 2020.\n\n## Context\n\nC.\n",
        )
        .file(
            "doc/adr/0002-two.md",
            "# 2. Two\n\n## Status\n\nAccepted\n\nSupersedes [1. One](0001-one.md)\n",
        )
        .file(
            "doc/adr/0003-three.md",
            "# 3. Three\n\nDate: 2020-01-02\n\nAn introduction.\n\n## Context\n\nBody text.\n",
        );
    let _repo = p.git_init();
    let listed = p.run(&["adr", "list"]);
    assert!(
        listed.stdout.contains("ADR-0001  superseded"),
        "{}",
        listed.stdout
    );
    p.run(&["adr", "status", "3", "accepted"]).expect_code(0);
    assert_eq!(
        std::fs::read_to_string(p.path("doc/adr/0003-three.md")).unwrap(),
        "# 3. Three\n\nDate: 2020-01-02\n\nAn introduction.\n\n## Status\n\nAccepted\n\n## Context\n\nBody text.\n"
    );
    let listed = p.run(&["adr", "list"]);
    assert!(
        listed.stdout.contains("ADR-0003  accepted"),
        "{}",
        listed.stdout
    );
}

/// Numbers of ten digits are numbers (issue 37, defect 6): after `999999999-x.md` the next is
/// `1000000000`, after `1000000000-x.md` it is `1000000001` (not `0001` again), and after the
/// highest number sadoc can count to, `adr new` says so instead of reusing one.
#[test]
fn ten_digit_numbers_count_on() {
    let p = Project::empty()
        .file("sadoc.yml", "title: T\nadr: { dir: doc/adr }\n")
        .file(
            "doc/adr/999999999-x.md",
            "# 999999999. X\n\n## Status\n\nAccepted\n",
        );
    let _repo = p.git_init();
    let first = p.run(&["adr", "new", "Next"]);
    first.expect_code(0);
    assert!(
        first.stdout.trim().ends_with("doc/adr/1000000000-next.md"),
        "{}",
        first.stdout
    );
    let second = p.run(&["adr", "new", "After"]);
    assert!(
        second
            .stdout
            .trim()
            .ends_with("doc/adr/1000000001-after.md"),
        "{}",
        second.stdout
    );
    let p = Project::empty()
        .file("sadoc.yml", "title: T\nadr: { dir: doc/adr }\n")
        .file(
            "doc/adr/4294967295-last.md",
            "# 4294967295. Last\n\n## Status\n\nAccepted\n",
        );
    let _repo = p.git_init();
    p.run(&["adr", "new", "Beyond"])
        .expect_code(2)
        .expect_stderr("no next number exists");
    assert_eq!(
        std::fs::read_dir(p.path("doc/adr")).unwrap().count(),
        1,
        "nothing written"
    );
}

/// An ADR folder that is a symbolic link to nothing is named as such by every `adr` command
/// and by the build, instead of "File exists" or an empty list with exit 0 (issue 37,
/// defect 7).
#[cfg(unix)]
#[test]
fn a_dangling_link_as_the_adr_folder_is_named() {
    let p = Project::empty()
        .file("sadoc.yml", "title: T\nadr: { dir: doc/adr }\n")
        .file("docs/index.md", "# Home\n");
    std::fs::create_dir_all(p.path("doc")).unwrap();
    std::os::unix::fs::symlink("../nowhere/adr", p.path("doc/adr")).unwrap();
    let _repo = p.git_init();
    for args in [&["adr", "new", "X"][..], &["adr", "list"]] {
        p.run(args).expect_code(2).expect_stderr(
            "`doc/adr` is a symbolic link to `../nowhere/adr`, which does not exist",
        );
    }
    assert!(!p.path("nowhere").exists(), "nothing was created");
    p.build(&[]).expect_code(1).expect_stderr(
        "doc/adr: error: `doc/adr` is a symbolic link to `../nowhere/adr`, which does not exist",
    );
}

/// Records `adr new` writes get the mode any new file gets under the umask (0644 with the
/// usual 022), not 0600 (issue 37, defect 3).
#[cfg(unix)]
#[test]
fn new_records_get_the_usual_file_mode() {
    use std::os::unix::fs::PermissionsExt;
    let p = project();
    let _repo = p.git_init();
    let run = p.run(&["adr", "new", "Readable by the team"]);
    run.expect_code(0);
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let probe = p.path("docs/adr/probe");
    std::fs::File::create(&probe).unwrap();
    assert_eq!(mode(&p.path(run.stdout.trim())), mode(&probe));
    assert_ne!(
        mode(&probe),
        0o600,
        "the test's umask makes new files shared"
    );
}

/// `sadoc adr generate toc|graph` print what adr-tools' `adr generate` prints, byte for byte:
/// on a log the real adr-tools wrote (supersede, a link of its own verb, a title with quotes
/// and ampersands) and on one sadoc wrote, with intro, outro, prefix and extension.
#[test]
fn generate_toc_and_graph_print_what_adr_tools_prints() {
    if !crate::tools::available("adr", &["help"]) {
        eprintln!("skipped: adr-tools is not installed");
        return;
    }
    let adr = |p: &Project, args: &[&str]| crate::tools::adr(&p.root, args, &[]);
    let theirs = Project::empty()
        .file("sadoc.yml", "title: T\nadr: { dir: doc/adr }\n")
        .file("intro.md", "Our decisions.\n")
        .file("outro.md", "See also the [runbook](runbook.md).\n");
    adr(&theirs, &["init", "doc/adr"]);
    adr(&theirs, &["new", "Use Kafka & \"Debezium\""]);
    adr(&theirs, &["new", "-s", "2", "Use Pulsar"]);
    adr(
        &theirs,
        &[
            "new",
            "-l",
            "3:Clarifies:Clarified by",
            "Partition by tenant",
        ],
    );
    let ours = Project::empty()
        .file("sadoc.yml", "title: T\nadr: { dir: doc/adr }\n")
        .file("intro.md", "Our decisions.\n")
        .file("outro.md", "");
    ours.git_init();
    for args in [
        &["adr", "new", "One", "--date", "2026-01-02"][..],
        &["adr", "new", "-s", "1", "Two", "--date", "2026-01-02"],
        &["adr", "new", "-a", "2", "Three", "--date", "2026-01-02"],
    ] {
        ours.run(args).expect_code(0);
    }
    for p in [&theirs, &ours] {
        for args in [
            &["generate", "toc"][..],
            &[
                "generate", "toc", "-i", "intro.md", "-o", "outro.md", "-p", "doc/adr/",
            ],
            &["generate", "graph"],
            &[
                "generate",
                "graph",
                "-p",
                "https://x.example/adr/",
                "-e",
                ".pdf",
            ],
        ] {
            let expected = adr(p, args);
            let mut sadoc_args = vec!["adr"];
            sadoc_args.extend_from_slice(args);
            let run = p.run(&sadoc_args);
            run.expect_code(0);
            assert_eq!(run.stdout, expected, "sadoc adr {}", args.join(" "));
        }
    }
}

/// In a log named by date (log4brains), `adr new` writes the next record in that log's way:
/// named `YYYYMMDD-slug.md`, from the folder's `template.md` (its first heading the title, its
/// `Status` and `Date` bullets filled, the other prompts left for the author), or, without
/// one, in MADR 2's bullets as the log's records are.
#[test]
fn date_named_logs_get_records_in_their_own_style() {
    let template = "# [short title of solved problem and solution]\n\n- Status: [draft | proposed | rejected | accepted | deprecated | … | superseded by [xxx](yyyymmdd-xxx.md)] <!-- optional -->\n- Deciders: [list everyone involved in the decision] <!-- optional -->\n- Date: [YYYY-MM-DD when the decision was last updated] <!-- optional -->\n\n## Context and Problem Statement\n\n[Describe the context and problem statement]\n";
    let record = "# Use Lunr for search\n\n- Status: accepted\n- Date: 2020-11-03\n\n## Context and Problem Statement\n\nSearch.\n";
    let with_template = Project::new()
        .file("docs/adr/template.md", template)
        .file("docs/adr/20201103-use-lunr-for-search.md", record);
    let run = with_template.run(&[
        "adr",
        "new",
        "Use Tantivy for search",
        "--date",
        "2026-12-07",
        "-s",
        "lunr",
    ]);
    run.expect_code(0);
    assert_eq!(run.stdout, "docs/adr/20261207-use-tantivy-for-search.md\n");
    let new = std::fs::read_to_string(with_template.path(run.stdout.trim())).unwrap();
    assert_eq!(
        new,
        "# Use Tantivy for search\n\n- Status: proposed\n- Deciders: [list everyone involved in the decision] <!-- optional -->\n- Date: 2026-12-07\n- Supersedes: [Use Lunr for search](20201103-use-lunr-for-search.md)\n\n## Context and Problem Statement\n\n[Describe the context and problem statement]\n"
    );
    with_template
        .run(&["adr", "status", "use-tantivy-for-search", "accepted"])
        .expect_code(0);
    let old =
        std::fs::read_to_string(with_template.path("docs/adr/20201103-use-lunr-for-search.md"))
            .unwrap();
    assert!(
        old.starts_with("# Use Lunr for search\n\n- Status: superseded by [Use Tantivy for search](20261207-use-tantivy-for-search.md)\n"),
        "{old}"
    );
    with_template.build(&["--strict"]).expect_code(0);

    let without = Project::new().file("docs/adr/20201103-use-lunr-for-search.md", record);
    let run = without.run(&["adr", "new", "Use Tantivy", "--date", "2026-12-07"]);
    run.expect_code(0);
    let new = std::fs::read_to_string(without.path(run.stdout.trim())).unwrap();
    assert!(
        new.starts_with("# Use Tantivy\n\n- Status: proposed\n- Date: 2026-12-07\n\n## Context and Problem Statement\n"),
        "{new}"
    );
}

/// The shared corpus's log4brains log (when present) is extended with `adr new` and read back:
/// the new record is named by date, written from the log's template, and supersedes as
/// log4brains would.
#[test]
fn the_log4brains_corpus_is_extended_and_read_back() {
    let corpora = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let log = corpora.join("thomvaill__log4brains/docs/adr");
    if !log.is_dir() {
        eprintln!("skipped: {} is absent", log.display());
        return;
    }
    let p = Project::empty();
    crate::harness::copy_dir(&log, &p.path("docs/adr"));
    p.git_init();
    p.run(&["init"])
        .expect_code(0)
        .expect_stderr("adopted the decision log in docs/adr");
    let before = p.run(&["adr", "list", "--format", "json"]);
    let before: serde_json::Value = serde_json::from_str(&before.stdout).unwrap();
    let run = p.run(&[
        "adr",
        "new",
        "Use Rust for the CLI",
        "--date",
        "2026-12-07",
        "-s",
        "Use Lunr",
    ]);
    run.expect_code(0);
    assert_eq!(run.stdout, "docs/adr/20261207-use-rust-for-the-cli.md\n");
    let new = std::fs::read_to_string(p.path(run.stdout.trim())).unwrap();
    assert!(
        new.starts_with("# Use Rust for the CLI\n\n- Status: proposed\n"),
        "{new}"
    );
    let after = p.run(&["adr", "list", "--format", "json"]);
    let after: serde_json::Value = serde_json::from_str(&after.stdout).unwrap();
    let after = after.as_array().unwrap();
    assert_eq!(after.len(), before.as_array().unwrap().len() + 1);
    let lunr = after
        .iter()
        .find(|a| a["title"] == "Use Lunr for search")
        .unwrap();
    assert_eq!(lunr["status"], "accepted", "until the proposal is accepted");
    let rust = after
        .iter()
        .find(|a| a["title"] == "Use Rust for the CLI")
        .unwrap();
    assert_eq!(rust["status"], "proposed");
    p.run(&["adr", "status", "use-rust-for-the-cli", "accepted"])
        .expect_code(0);
    let accepted = p.run(&["adr", "list", "--format", "json"]);
    let accepted: serde_json::Value = serde_json::from_str(&accepted.stdout).unwrap();
    let lunr = accepted
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Use Lunr for search")
        .unwrap();
    assert_eq!(lunr["status"], "superseded");
    assert_eq!(rust["date"], "2026-12-07");
}

/// `adr new` opens the new record in `$VISUAL` (else `$EDITOR`) as adr-tools does, run by the
/// shell so an editor with arguments works; never when `CI` is set or with `--no-edit`; an
/// editor that fails is a warning and the record stays written.
#[test]
fn new_records_open_in_the_users_editor_outside_ci() {
    let p = project();
    let editor = p.path("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Edited with %s.\\n' \"$1\" >> \"$2\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let command = format!("{} --flag", editor.display());
    let run = p.run_with_env(
        &p.root,
        &["adr", "new", "Use Kafka"],
        &[("EDITOR", &command)],
    );
    run.expect_code(0);
    assert_eq!(run.stdout, "docs/adr/0002-use-kafka.md\n");
    let text = std::fs::read_to_string(p.path("docs/adr/0002-use-kafka.md")).unwrap();
    assert!(text.ends_with("Edited with --flag.\n"), "{text}");
    // VISUAL wins over EDITOR.
    p.run_with_env(
        &p.root,
        &["adr", "new", "Use Pulsar"],
        &[("EDITOR", "false"), ("VISUAL", &command)],
    )
    .expect_code(0);
    let text = std::fs::read_to_string(p.path("docs/adr/0003-use-pulsar.md")).unwrap();
    assert!(text.ends_with("Edited with --flag.\n"), "{text}");
    for (args, env) in [
        (
            &["adr", "new", "In CI"][..],
            &[("EDITOR", command.as_str()), ("CI", "true")][..],
        ),
        (
            &["adr", "new", "Not now", "--no-edit"],
            &[("EDITOR", command.as_str())],
        ),
    ] {
        let run = p.run_with_env(&p.root, args, env);
        run.expect_code(0);
        let text = std::fs::read_to_string(p.path(run.stdout.trim())).unwrap();
        assert!(!text.contains("Edited"), "{args:?}: {text}");
    }
    let run = p.run_with_env(
        &p.root,
        &["adr", "new", "Broken editor"],
        &[("EDITOR", "false")],
    );
    run.expect_code(0)
        .expect_stderr("warning: the editor `false` exited with");
    assert!(p.path("docs/adr/0006-broken-editor.md").is_file());
}

/// References as adr-tools users type them: a path (from shell completion, relative to where
/// the command runs), part of a file name or title; several matches are a question, not a
/// guess; `-l` is adr-tools' `TARGET:LINK:REVERSE-LINK`, and a malformed one says how to write it.
#[test]
fn references_by_path_and_part_and_links_as_adr_tools_takes_them() {
    let p = project()
        .file(
            "docs/adr/0002-use-kafka.md",
            "# 2. Use Kafka\n\nDate: 2025-01-03\n\n## Status\n\nAccepted\n",
        )
        .file(
            "docs/adr/0003-use-kafka-streams.md",
            "# 3. Use Kafka Streams\n\nDate: 2025-01-04\n\n## Status\n\nAccepted\n",
        );
    std::fs::create_dir_all(p.path("docs/sub")).unwrap();
    p.run_in(
        &p.path("docs/sub"),
        &["adr", "show", "../adr/0002-use-kafka.md"],
    )
    .expect_code(0)
    .expect_stdout("Use Kafka");
    p.run(&["adr", "show", "./docs/adr/0003-use-kafka-streams.md"])
        .expect_code(0)
        .expect_stdout("Use Kafka Streams");
    p.run(&["adr", "show", "streams"])
        .expect_code(0)
        .expect_stdout("Use Kafka Streams");
    p.run(&["adr", "show", "kafka"])
        .expect_code(2)
        .expect_stderr("`kafka` matches 2 ADRs: `docs/adr/0002-use-kafka.md`, `docs/adr/0003-use-kafka-streams.md`")
        .expect_stderr("help: name one by its number or file name");
    p.run(&["adr", "show", "9"])
        .expect_code(2)
        .expect_stderr("no ADR `9`");
    p.run(&["adr", "new", "-l", "2", "X"])
        .expect_code(2)
        .expect_stderr("`2` is not a link")
        .expect_stderr("TARGET:LINK:REVERSE-LINK");
    assert!(!p.path("docs/adr/0004-x.md").exists(), "nothing written");
    p.run(&["adr", "new", "-l", "streams:Amends", "Y"])
        .expect_code(0);
    let old = std::fs::read_to_string(p.path("docs/adr/0003-use-kafka-streams.md")).unwrap();
    assert!(
        old.contains("\nAmended by [4. Y](0004-y.md)\n"),
        "the reverse inferred: {old}"
    );
}

/// Editing MADR front matter keeps the quoting the file uses, for the status and for lists.
#[test]
fn front_matter_edits_keep_the_files_quoting() {
    let p = Project::new()
        .file(
            "docs/adr/0001-a.md",
            "---\nstatus: \"accepted\"\nsupersedes: ['ADR-0000']\n---\n# A\n",
        )
        .file("docs/adr/0002-b.md", "---\nstatus: 'proposed'\n---\n# B\n");
    p.run(&[
        "adr",
        "new",
        "--template",
        "madr",
        "-s",
        "1",
        "C",
        "--status",
        "accepted",
    ])
    .expect_code(0);
    p.run(&["adr", "status", "2", "accepted"]).expect_code(0);
    p.run(&["adr", "link", "1", "Amends", "2"]).expect_code(0);
    assert_eq!(
        std::fs::read_to_string(p.path("docs/adr/0001-a.md")).unwrap(),
        "---\nstatus: \"superseded by ADR-0003\"\nsupersedes: ['ADR-0000']\namends: [ADR-0002]\n---\n# A\n"
    );
    assert_eq!(
        std::fs::read_to_string(p.path("docs/adr/0002-b.md")).unwrap(),
        "---\nstatus: 'accepted'\namended-by: [ADR-0001]\n---\n# B\n"
    );
}

/// `sadoc completions SHELL` prints a completion script its shell accepts, with the commands
/// and options of this sadoc.
#[test]
fn completions_for_each_shell() {
    let p = Project::empty();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = p.run(&["completions", shell]);
        run.expect_code(0);
        assert!(run.stdout.contains("sadoc"), "{shell}");
        assert!(
            run.stdout.contains("supersedes"),
            "{shell}: adr new's options"
        );
    }
    let bash = p.run(&["completions", "bash"]).stdout;
    let script = p.path("sadoc.bash");
    std::fs::write(&script, bash).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("source {} && complete -p sadoc", script.display()))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(String::from_utf8_lossy(&check.stdout).contains("-F _sadoc sadoc"));
    p.run(&["completions", "tcsh"])
        .expect_code(2)
        .expect_stderr("possible values: bash");
}

/// log4brains' packages (`adr.packages`, which `sadoc init` reads from `.log4brains.yml`): their
/// records join the decision log, named `package/label` as log4brains names them, are built into
/// pages, and `adr new --package NAME` writes the next record in the package's folder from its
/// own template (else the log's), naming it by date as the package's records are.
#[test]
fn log4brains_packages_join_the_log_and_get_their_records() {
    let p = Project::empty()
        .file(
            ".log4brains.yml",
            "---\nproject:\n  name: shop\n  tz: Europe/Paris\n  adrFolder: ./docs/adr\n\n  packages:\n    - name: billing\n      path: ./packages/billing\n      adrFolder: ./packages/billing/adr\n",
        )
        .file(
            "docs/adr/20200101-use-markdown.md",
            "# Use Markdown\n\n- Status: accepted\n- Date: 2020-01-01\n\n## Context and Problem Statement\n\nC.\n",
        )
        .file(
            "docs/adr/template.md",
            "# [title]\n\n- Status: [proposed | accepted]\n- Date: [YYYY-MM-DD]\n\n## Context and Problem Statement\n\n[context]\n",
        )
        .file(
            "packages/billing/adr/20200101-use-markdown.md",
            "# Use Markdown for billing\n\n- Status: accepted\n- Date: 2020-01-01\n\n## Context and Problem Statement\n\nC.\n",
        )
        .file(
            "packages/billing/adr/template.md",
            "# [title]\n\n- Date: [YYYY-MM-DD]\n- Owner: billing team\n\n## Context\n\n[context]\n",
        );
    p.git_init();
    p.run(&["init"]).expect_code(0);
    let config = std::fs::read_to_string(p.path("sadoc.yml")).unwrap();
    assert!(
        config.contains("packages: { billing: packages/billing/adr }"),
        "{config}"
    );
    let list = p.run(&["adr", "list"]);
    list.expect_code(0);
    assert!(
        list.stdout.contains("\nbilling/use-markdown "),
        "{}",
        list.stdout
    );
    let run = p.run(&[
        "adr",
        "new",
        "--package",
        "billing",
        "Use Stripe",
        "--date",
        "2026-12-07",
        "-s",
        "billing/use-markdown",
    ]);
    run.expect_code(0);
    assert_eq!(run.stdout, "packages/billing/adr/20261207-use-stripe.md\n");
    assert_eq!(
        std::fs::read_to_string(p.path(run.stdout.trim())).unwrap(),
        "# Use Stripe\n\n- Status: proposed\n- Date: 2026-12-07\n- Supersedes: [Use Markdown for billing](20200101-use-markdown.md)\n- Owner: billing team\n\n## Context\n\n[context]\n"
    );
    let global = std::fs::read_to_string(p.path("docs/adr/20200101-use-markdown.md")).unwrap();
    assert!(
        global.contains("- Status: accepted\n"),
        "the global record is untouched"
    );
    let site = p.build(&[]);
    site.expect_code(0);
    assert!(
        p.path("site/adr/billing/20261207-use-stripe.html")
            .is_file()
    );
    let log = std::fs::read_to_string(p.path("site/adr/index.html")).unwrap();
    assert!(
        log.contains("Use Stripe"),
        "the package's records are in the log"
    );
    p.run(&["adr", "new", "--package", "biling", "X"])
        .expect_code(2)
        .expect_stderr("no package `biling` in `adr.packages`")
        .expect_stderr("did you mean `billing`?");
}

/// log4brains' own read-only test project (in the shared corpus, with the packages its
/// `.log4brains.yml` names): every record of the global log and of both packages is read, and
/// a package's record is found by log4brains' `package/slug`.
#[test]
fn the_log4brains_test_project_with_packages_is_read() {
    let corpora = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let project = corpora.join("thomvaill__log4brains/packages/core/integration-tests/ro-project");
    if !project.is_dir() {
        eprintln!("skipped: {} is absent", project.display());
        return;
    }
    let p = Project::copy_of(&project).file(
        ".log4brains.yml",
        "---\nproject:\n  name: ro\n  adrFolder: ./docs/adr\n  packages:\n    - name: package1\n      adrFolder: ./packages/package1/adr\n    - name: package2\n      adrFolder: ./packages/package2/adr\n",
    );
    p.git_init();
    p.run(&["init"]).expect_code(0);
    let run = p.run(&["adr", "list", "--format", "json"]);
    run.expect_code(0);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    let records = |dir: &str| {
        std::fs::read_dir(project.join(dir))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".md"))
            .filter(|e| e.file_name() != "template.md")
            .count()
    };
    assert_eq!(
        ids.len(),
        records("docs/adr") + records("packages/package1/adr") + records("packages/package2/adr"),
        "{ids:?}"
    );
    assert!(ids.contains(&"package1/first-adr"), "{ids:?}");
    assert!(ids.contains(&"first-adr"), "{ids:?}");
    p.run(&["adr", "show", "package2/links-to-another-package"])
        .expect_code(0)
        .expect_stdout("Links to another package");
    p.build(&[]).expect_code(0);
}

/// `adr.review_after: N`: a record proposed more than N days ago awaits a decision — a warning
/// in `adr lint` and the build, naming the commands that decide it (issue 39, part 3). Off by
/// default. (The tests' day is 2025-11-25.)
#[test]
fn proposals_waiting_longer_than_review_after_are_reported() {
    let records = |p: Project| {
        p.file(
            "docs/adr/0001-old.md",
            "# 1. Old proposal\n\nDate: 2025-09-01\n\n## Status\n\nProposed\n",
        )
        .file(
            "docs/adr/0002-fresh.md",
            "# 2. Fresh proposal\n\nDate: 2025-11-10\n\n## Status\n\nProposed\n",
        )
        .file(
            "docs/adr/0003-decided.md",
            "# 3. Decided long ago\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n",
        )
    };
    let off = records(Project::new());
    off.run(&["adr", "lint", "--strict"]).expect_code(0);
    let on = records(Project::empty().file("sadoc.yml", "title: T\nadr: { review_after: 30 }\n"));
    on.run(&["adr", "lint"])
        .expect_code(0)
        .expect_stderr("docs/adr/0001-old.md:7: warning: ADR-0001 has been proposed for 85 days (since 2025-09-01; `adr.review_after` is 30)")
        .expect_stderr("help: decide it: `sadoc adr status 1 accepted` or `rejected`")
        .refute_stderr("ADR-0002 has been")
        .refute_stderr("ADR-0003 has been");
    on.build(&[])
        .expect_code(0)
        .expect_stderr("ADR-0001 has been proposed for 85 days");
}
