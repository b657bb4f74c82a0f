//! The pages of a workspace's portal, written as markdown sources that the portal's own
//! pipeline renders like any other page (same theme, search, link checks): the home listing
//! the projects, the decision log of every project (filterable by project), and the code map
//! of every project.
//!
//! Links are relative paths to the members' markdown, which the workspace's link table turns
//! into their pages' URLs — so a link that leads nowhere is a broken-link finding like any.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::util::escape_html;
use crate::util::paths;

/// What the portal shows of one member.
#[derive(Debug, Clone, Default)]
pub struct MemberFacts {
    /// Its name (its folder in the portal).
    pub name: String,
    /// Its title.
    pub title: String,
    /// Its folder from the workspace root.
    pub dir: String,
    /// Its number of pages.
    pub pages: usize,
    /// Its ADRs, in log order.
    pub adrs: Vec<AdrFacts>,
    /// Its governing rules.
    pub rules: Vec<RuleFacts>,
}

/// One ADR of a member.
#[derive(Debug, Clone)]
pub struct AdrFacts {
    /// `ADR-0003`.
    pub label: String,
    /// Its title.
    pub title: String,
    /// `accepted`, `proposed`, …
    pub status: String,
    /// Its date (`2026-01-31`).
    pub date: Option<String>,
    /// Its source, from the workspace root.
    pub source: String,
}

/// One governing rule of a member.
#[derive(Debug, Clone)]
pub struct RuleFacts {
    /// The code, from the repository root (`/services/orders/**`).
    pub code: String,
    /// The governing document, from the workspace root.
    pub doc: String,
    /// Its title.
    pub title: String,
}

/// The portal's generated pages, by source path of the portal project: the home (`index.md`
/// in `docs_dir`, or `projects.md` when the portal has its own home), `decisions.md` and
/// `code-map.md`.
pub fn pages(
    title: &str,
    docs_dir: &str,
    has_own_home: bool,
    members: &[MemberFacts],
) -> BTreeMap<String, String> {
    // Links are written from `docs_dir` back to the workspace root.
    let up = "../".repeat(docs_dir.split('/').filter(|s| !s.is_empty()).count());
    let link = |path: &str| paths::encode_path(&format!("{up}{path}"));
    let home_name = if has_own_home {
        "projects.md"
    } else {
        "index.md"
    };
    let mut out = BTreeMap::new();

    let mut home = format!("---\ntitle: {}\n---\n\n", yaml_string(title));
    if has_own_home {
        home.push_str("# Projects\n\n");
    } else {
        let _ = writeln!(home, "# {}\n", markdown_text(title));
    }
    let adrs: usize = members.iter().map(|m| m.adrs.len()).sum();
    let _ = writeln!(
        home,
        "{} projects, {} decisions. See the [decision log](decisions.md) of every project and the [code map](code-map.md).\n",
        members.len(),
        adrs
    );
    home.push_str("| Project | Folder | Pages | Decisions |\n|---|---|--:|--:|\n");
    for m in members {
        let _ = writeln!(
            home,
            "| [{}]({}) | `{}` | {} | {} |",
            markdown_text(&m.title),
            link(&m.dir),
            m.dir,
            m.pages,
            m.adrs.len()
        );
    }
    out.insert(paths::join(docs_dir, home_name).unwrap_or_default(), home);

    let mut log = String::from(
        "---\ntitle: Decision log\ndescription: Every architecture decision of every project.\n---\n\n# Decision log\n\n",
    );
    if adrs == 0 {
        log.push_str("No project has recorded a decision yet.\n");
    } else {
        log.push_str(
            "<div class=\"project-filter\" role=\"group\" aria-label=\"Project\" hidden>\n",
        );
        let _ = writeln!(
            log,
            "<button type=\"button\" class=\"filter active\" data-project=\"\">all <span class=\"count\">{adrs}</span></button>"
        );
        for m in members.iter().filter(|m| !m.adrs.is_empty()) {
            let _ = writeln!(
                log,
                "<button type=\"button\" class=\"filter\" data-project=\"{}\">{} <span class=\"count\">{}</span></button>",
                escape_html(&m.name),
                escape_html(&m.name),
                m.adrs.len()
            );
        }
        log.push_str("</div>\n<div class=\"table-wrap\">\n<table class=\"adr-log\">\n<thead><tr><th>Project</th><th class=\"num\">ADR</th><th>Title</th><th>Status</th><th>Date</th></tr></thead>\n<tbody>\n");
        let mut n = 0;
        for m in members {
            for adr in &m.adrs {
                n += 1;
                let _ = writeln!(
                    log,
                    "<tr data-project=\"{name}\" data-status=\"{status}\" data-number=\"{n}\" data-title=\"{title_l}\" data-date=\"{date}\"><td>{name}</td><td class=\"num\">{label}</td><td><a href=\"{href}\">{title}</a></td><td><span class=\"badge status-{status}\">{status}</span></td><td>{date}</td></tr>",
                    name = escape_html(&m.name),
                    status = escape_html(&adr.status),
                    title_l = escape_html(&adr.title.to_lowercase()),
                    date = escape_html(adr.date.as_deref().unwrap_or("")),
                    label = escape_html(&adr.label),
                    href = escape_html(&link(&adr.source)),
                    title = escape_html(&adr.title),
                );
            }
        }
        log.push_str("</tbody>\n</table>\n</div>\n");
    }
    out.insert(
        paths::join(docs_dir, "decisions.md").unwrap_or_default(),
        log,
    );

    let mut map = String::from(
        "---\ntitle: Code map\ndescription: The code every project's documents govern, from the repository root.\n---\n\n# Code map\n\n",
    );
    let mut rows: Vec<(&str, &MemberFacts, &RuleFacts)> = members
        .iter()
        .flat_map(|m| m.rules.iter().map(move |r| (r.code.as_str(), m, r)))
        .collect();
    rows.sort_by(|a, b| (a.0, &a.1.name).cmp(&(b.0, &b.1.name)));
    rows.dedup_by(|a, b| a.0 == b.0 && a.2.doc == b.2.doc);
    if rows.is_empty() {
        map.push_str("No document governs code yet (`governs:`).\n");
    } else {
        map.push_str("| Code | Project | Governed by |\n|---|---|---|\n");
        for (code, m, rule) in rows {
            let _ = writeln!(
                map,
                "| `{}` | {} | [{}]({}) |",
                code.replace('|', "\\|"),
                markdown_text(&m.name),
                markdown_text(&rule.title),
                link(&rule.doc)
            );
        }
    }
    out.insert(
        paths::join(docs_dir, "code-map.md").unwrap_or_default(),
        map,
    );
    out
}

/// Text safe inside markdown link text and table cells.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '|' | '*' | '_' | '`' | '<' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A double-quoted YAML string.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portal_links_members_from_its_docs_folder() {
        let members = vec![MemberFacts {
            name: "orders".into(),
            title: "Orders [v2]".into(),
            dir: "services/orders/docs".into(),
            pages: 3,
            adrs: vec![AdrFacts {
                label: "ADR-0001".into(),
                title: "Use <Kafka>".into(),
                status: "accepted".into(),
                date: Some("2026-01-02".into()),
                source: "services/orders/docs/adr/0001-use-kafka.md".into(),
            }],
            rules: vec![RuleFacts {
                code: "/services/orders/**".into(),
                doc: "services/orders/docs/adr/0001-use-kafka.md".into(),
                title: "Use Kafka".into(),
            }],
        }];
        let pages = pages("Platform", "docs", false, &members);
        let home = &pages["docs/index.md"];
        assert!(
            home.contains(
                "| [Orders \\[v2\\]](../services/orders/docs) | `services/orders/docs` | 3 | 1 |"
            ),
            "{home}"
        );
        let log = &pages["docs/decisions.md"];
        assert!(
            log.contains(
                "href=\"../services/orders/docs/adr/0001-use-kafka.md\">Use &lt;Kafka&gt;</a>"
            ),
            "{log}"
        );
        assert!(log.contains("data-project=\"orders\""));
        assert!(pages["docs/code-map.md"].contains("| `/services/orders/**` | orders | [Use Kafka](../services/orders/docs/adr/0001-use-kafka.md) |"));
        assert!(super::pages("Platform", "docs", true, &members).contains_key("docs/projects.md"));
    }
}
