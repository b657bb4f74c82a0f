//! `sadoc adr show`: one record's metadata and relations, and with `--history` the commits
//! that changed its status or relations.

use crate::edit::Workspace;
use crate::model::decision::Adr;

/// Prints a record's metadata and relations, every value in one column.
pub(super) fn show(workspace: &Workspace<'_>, index: usize) {
    let adr: &Adr = workspace.adr(index);
    let adrs = &workspace.model().adrs.adrs;
    let status_text = adr
        .status_text
        .as_deref()
        .filter(|t| !t.eq_ignore_ascii_case(adr.status.as_str()))
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    let mut rows: Vec<(String, String)> = vec![
        ("file".to_string(), workspace.source(index).to_string()),
        ("status".to_string(), format!("{}{status_text}", adr.status)),
    ];
    if let Some(date) = adr.date {
        rows.push(("date".to_string(), date.to_string()));
    }
    for (name, list) in [
        ("deciders", &adr.deciders),
        ("consulted", &adr.consulted),
        ("informed", &adr.informed),
        ("tags", &adr.tags),
    ] {
        if !list.is_empty() {
            rows.push((name.to_string(), list.join(", ")));
        }
    }
    for relation in &adr.relations {
        let other = &adrs[relation.target];
        let note = if relation.stated {
            ""
        } else {
            " (stated only by the other ADR)"
        };
        rows.push((
            relation.kind.label().to_lowercase(),
            format!("{} {}{note}", workspace.label(other), other.title),
        ));
    }
    println!("{} {}", workspace.label(adr), adr.title);
    // Every value starts in one column, after the longest label and its colon.
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    for (label, value) in rows {
        println!("  {:<width$}{value}", format!("{label}:"));
    }
}

/// The commits that changed a record's status or relations, one line each.
pub(super) fn history(
    workspace: &Workspace<'_>,
    project: &crate::load::project::Project,
    index: usize,
) {
    let source = workspace.source(index);
    let Some(record) =
        crate::load::status_history::of_record(project, &workspace.loaded.layout, source)
    else {
        println!("  history: none (the project is not in a git repository)");
        return;
    };
    if record.changes.is_empty() {
        println!("  history: none (no commit has this file yet)");
    } else {
        println!("  history:");
    }
    let repo = project.config.repo.as_ref();
    for change in &record.changes {
        let what = match change.from {
            Some(from) if from != change.status => format!("{from} → {}", change.status),
            Some(_) => String::new(),
            None => format!("recorded {}", change.status),
        };
        let relations = change
            .added
            .iter()
            .map(|r| format!("+ {r}"))
            .chain(change.removed.iter().map(|r| format!("- {r}")));
        let what: Vec<String> = std::iter::once(what)
            .filter(|w| !w.is_empty())
            .chain(relations)
            .collect();
        let request = change
            .merge_request
            .as_ref()
            .map(|m| match repo.and_then(|r| m.url(r)) {
                Some(url) => format!("  {} {url}", m.reference()),
                None => format!("  {}", m.reference()),
            })
            .unwrap_or_default();
        println!(
            "    {}  {}  {}  {}{request}",
            change
                .date
                .map_or("????-??-??".to_string(), |d| d.to_string()),
            &change.commit[..8.min(change.commit.len())],
            what.join(", "),
            change.author,
        );
    }
    if let Some(boundary) = &record.shallow_boundary {
        println!(
            "  note: the clone is shallow: the history before commit {boundary} is not here (`git fetch --unshallow`)"
        );
    }
}
