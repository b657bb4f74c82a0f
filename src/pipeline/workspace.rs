//! Building a workspace: every member through the same pipeline as a project built alone,
//! each into its own folder of one site, then the portal (the root project with its generated
//! home, decision log and code map) around them, and one search index over everything.
//!
//! Members are built one after another — each build already uses every core — and their
//! problems are named from the workspace root.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::load::workspace::Workspace;
use crate::pipeline::{Options, build};
use crate::render::portal::{AdrFacts, MemberFacts, RuleFacts};
use crate::render::site::Site;
use crate::util::diag::Diagnostic;
use crate::util::paths;

/// The result of a workspace build.
#[derive(Debug)]
pub struct WorkspaceBuilt {
    /// Every output file: the portal at the root, each member under its name.
    pub site: Site,
    /// Every problem, paths from the workspace root.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages per member, in member order.
    pub members: Vec<(String, usize)>,
    /// Pages in all (the portal's included).
    pub pages: usize,
    /// How long it took.
    pub elapsed: Duration,
}

/// Builds the portal of `workspace` into `site` with `options` (never reading its `exclude`,
/// the output; every member shares its syntax definitions and block cache).
pub fn build_workspace(workspace: &Workspace, options: Options, site: Site) -> WorkspaceBuilt {
    let started = Instant::now();
    let links = Arc::new(workspace.links());
    let mut diagnostics = Vec::new();
    let mut search_pages = Vec::new();
    let mut facts = Vec::new();
    let mut member_sites = Vec::new();
    let mut pages = 0;
    for (i, member) in workspace.members.iter().enumerate() {
        let mut project = member.project.clone();
        project.membership = Some(workspace.membership(&links, Some(i), true));
        let options = Options {
            search: false,
            keep_search_pages: true,
            ..options.clone()
        };
        let built = build(project, options, site.nested(&member.name));
        pages += built.pages;
        diagnostics.extend(built.diagnostics.iter().cloned().map(|mut d| {
            d.path = paths::join(&member.dir, &d.path).unwrap_or(d.path);
            d
        }));
        let base = format!("{}/", member.name);
        search_pages.extend(built.search_pages.iter().cloned().map(|mut p| {
            p.url = format!("{base}{}", p.url);
            p
        }));
        facts.push(member_facts(member, &built));
        member_sites.push((base, built.site));
    }
    let mut root = workspace.root.clone();
    root.membership = Some(workspace.membership(&links, None, true));
    let layout = root.config.layout();
    let docs_dir = layout.root(crate::model::layout::Section::Docs).dir.clone();
    let has_own_home = ["index.md", "README.md", "readme.md"].iter().any(|n| {
        root.path(&paths::join(&docs_dir, n).unwrap_or_default())
            .is_file()
    });
    root.generated =
        crate::render::portal::pages(&root.config.title, &docs_dir, has_own_home, &facts);
    let mut exclude = options.exclude.clone();
    exclude.extend(workspace.members.iter().map(|m| m.project.root.clone()));
    let options = Options {
        search: false,
        keep_search_pages: true,
        exclude,
        ..options
    };
    let memo = options.search_memo.clone();
    let portal = build(root, options, site);
    pages += portal.pages;
    diagnostics.extend(portal.diagnostics.iter().cloned());
    let mut site = portal.site;
    search_pages.extend(portal.search_pages);
    let storage = site.storage();
    let index = crate::render::search::build_into(
        &search_pages,
        &|path, script| storage.store(path, script.into_bytes()),
        memo.as_deref(),
    );
    crate::render::install_search_index(&mut site, index);
    for (base, member_site) in member_sites {
        // A member named like a folder of the portal (`search`, `assets`) would overwrite it.
        if let Some(taken) = site.paths().find(|p| p.starts_with(&base)) {
            diagnostics.push(
                Diagnostic::error(
                    "build/workspace",
                    crate::load::project::CONFIG_FILE,
                    format!(
                        "project `{}` would be published in `{base}`, where the portal has `{taken}`",
                        base.trim_end_matches('/')
                    ),
                )
                .with_help("give the project another `name:` in its sadoc.yml"),
            );
            continue;
        }
        for (path, content) in member_site.into_files() {
            site.put(format!("{base}{path}"), content);
        }
    }
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    WorkspaceBuilt {
        site,
        diagnostics,
        members: workspace
            .members
            .iter()
            .map(|m| m.name.clone())
            .zip(facts.iter().map(|f| f.pages))
            .collect(),
        pages,
        elapsed: started.elapsed(),
    }
}

/// What the portal shows of a built member.
fn member_facts(
    member: &crate::load::workspace::Member,
    built: &crate::pipeline::Built,
) -> MemberFacts {
    let model = &built.model;
    let from_root = |source: &str| paths::join(&member.dir, source).unwrap_or_default();
    let adrs = model
        .adrs
        .adrs
        .iter()
        .map(|adr| AdrFacts {
            label: adr.id.label(),
            title: adr.title.clone(),
            status: adr.status.as_str().to_string(),
            date: adr.date.map(|d| d.to_string()),
            source: from_root(&model.docs[adr.doc].source),
        })
        .collect();
    let rules = model
        .governance
        .rules
        .iter()
        .map(|rule| RuleFacts {
            code: rule.glob.repo_pattern(),
            doc: from_root(&model.docs[rule.doc].source),
            title: model.title(rule.doc, built.rendered[rule.doc].h1.as_deref()),
        })
        .collect();
    MemberFacts {
        name: member.name.clone(),
        title: member.project.config.title.clone(),
        dir: member.dir.clone(),
        pages: built.pages,
        adrs,
        rules,
    }
}
