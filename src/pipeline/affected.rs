//! `sadoc affected`: which members of a workspace a change touches — their own files (the
//! documents, the configuration) or code their documents govern — so that CI checks and builds
//! only those.
//!
//! Governance is read from each member's documents (the load stage only: nothing is rendered).
//! Without a range (a pipeline on the default branch) every member counts as affected.

use anyhow::{Context, Result};
use serde::Serialize;

use crate::check::range::{self, Selection};
use crate::load::git::Repo;
use crate::load::workspace::Workspace;
use crate::util::paths;

/// One affected member and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Affected {
    /// The member's name.
    pub name: String,
    /// Its folder from the workspace root.
    pub dir: String,
    /// Its configuration file, from the repository root (what `sadoc --config` takes in CI).
    pub config: String,
    /// Why it is affected, one line per reason.
    pub reasons: Vec<String>,
}

/// The answer, with the range compared.
#[derive(Debug, Clone, Serialize)]
pub struct AffectedReport {
    /// The range compared, when there was one.
    pub range: Option<range::Range>,
    /// Why there was none (then every member is affected).
    pub no_range: Option<String>,
    /// The affected members, in workspace order.
    pub affected: Vec<Affected>,
    /// Every member's name, affected or not.
    pub members: Vec<String>,
}

/// Which members of `workspace` the range `base..head` (or the one CI variables give) affects.
pub fn affected(
    workspace: &Workspace,
    base: Option<&str>,
    head: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<AffectedReport> {
    let repo = Repo::open(&workspace.root.root)?;
    let branch = workspace
        .root
        .config
        .repo
        .as_ref()
        .map(|r| r.branch.as_str());
    let selection = range::select(&repo, base, head, env, branch)?;
    let changes = match &selection {
        Selection::Range(r) => Some(repo.diff(r.base_oid, r.head_oid)?),
        Selection::None(_) => None,
    };
    let mut out = Vec::new();
    for member in &workspace.members {
        let project = &member.project;
        let prefix = project.code_prefix();
        let config = paths::to_repo(
            prefix,
            &crate::util::paths::relative(&project.root, &project.config_path).unwrap_or_default(),
        );
        let mut reasons = Vec::new();
        match &changes {
            None => reasons.push("no range to compare: every project counts".to_string()),
            Some(changes) => {
                let loaded = crate::load::load(project, &[project.output_dir()]);
                let governance = &loaded.model.governance;
                for change in changes {
                    for path in std::iter::once(&change.path).chain(change.old_path.as_ref()) {
                        if paths::is_within(path, prefix) {
                            reasons.push(format!("`{path}` changed in the project's folder"));
                        } else if let Some(rule) = governance
                            .governing(&paths::from_repo(prefix, path))
                            .first()
                        {
                            let doc = &loaded.model.docs[rule.doc].source;
                            reasons.push(format!(
                                "`{path}` changed; `{doc}` governs it (`{}`)",
                                rule.glob.pattern
                            ));
                        }
                    }
                }
                reasons.dedup();
            }
        }
        if !reasons.is_empty() {
            out.push(Affected {
                name: member.name.clone(),
                dir: member.dir.clone(),
                config,
                reasons,
            });
        }
    }
    let (range, no_range) = match selection {
        Selection::Range(r) => (Some(r), None),
        Selection::None(why) => (None, Some(why)),
    };
    Ok(AffectedReport {
        range,
        no_range,
        affected: out,
        members: workspace.members.iter().map(|m| m.name.clone()).collect(),
    })
}

/// The child pipeline that checks and builds each affected member: the CI template's own
/// variables and install job (`.sadoc`), and two jobs per member. `template` is the text of
/// `ci/sadoc.gitlab-ci.yml`.
pub fn child_pipeline(report: &AffectedReport, template: &str) -> Result<String> {
    let parsed: serde_json::Value =
        serde_saphyr::from_str(template).context("the CI template is not valid YAML")?;
    let mut out = serde_json::Map::new();
    for key in ["variables", ".sadoc"] {
        if let Some(value) = parsed.get(key) {
            out.insert(key.to_string(), value.clone());
        }
    }
    let range_args = report
        .range
        .as_ref()
        .map(|r| format!(" --base {} --head {}", r.base, r.head))
        .unwrap_or_default();
    for member in &report.affected {
        let name = &member.name;
        let config = &member.config;
        out.insert(
            format!("sadoc-check:{name}"),
            serde_json::json!({
                "extends": ".sadoc",
                "stage": "test",
                "variables": { "GIT_DEPTH": "0" },
                "script": [format!(
                    "sadoc --config \"{config}\" check{range_args} --format text --format codequality=gl-code-quality-report-{name}.json --format junit=sadoc-junit-{name}.xml --format markdown=sadoc-check-{name}.md $SADOC_CHECK_ARGS"
                )],
                "allow_failure": { "exit_codes": [1] },
                "artifacts": {
                    "when": "always",
                    "expire_in": "1 week",
                    "paths": [
                        format!("sadoc-check-{name}.md"),
                        format!("gl-code-quality-report-{name}.json"),
                        format!("sadoc-junit-{name}.xml"),
                    ],
                    "reports": {
                        "codequality": format!("gl-code-quality-report-{name}.json"),
                        "junit": format!("sadoc-junit-{name}.xml"),
                    },
                },
            }),
        );
        out.insert(
            format!("sadoc-build:{name}"),
            serde_json::json!({
                "extends": ".sadoc",
                "stage": "build",
                "variables": {
                    "GIT_DEPTH": "0",
                    "SADOC_CACHE_DIR": ".sadoc-build-cache",
                },
                // The template's two caches: the installed sadoc, and the highlighted blocks
                // every project's build shares (kept by their code).
                "cache": [
                    { "key": "sadoc-$SADOC_VERSION", "paths": [".sadoc-cache/"], "when": "always" },
                    { "key": "sadoc-build-$SADOC_VERSION", "paths": [".sadoc-build-cache/"], "when": "always" },
                ],
                "script": [format!(
                    "sadoc --config \"{config}\" build $SADOC_BUILD_ARGS --out public/{name}"
                )],
                "artifacts": {
                    "name": format!("architecture-{name}-$CI_COMMIT_REF_SLUG"),
                    "paths": [format!("public/{name}/")],
                    "expire_in": "1 week",
                },
            }),
        );
    }
    if report.affected.is_empty() {
        // A child pipeline needs a job; this one says why there is nothing to do.
        out.insert(
            "sadoc-nothing-affected".to_string(),
            serde_json::json!({
                "image": "$SADOC_IMAGE",
                "stage": "test",
                "script": ["echo \"sadoc: this change touches no project's documents or governed code\""],
            }),
        );
    }
    // Written as JSON, which is YAML: GitLab reads it as it reads any CI file.
    let mut text = String::from(
        "# Generated by `sadoc affected --format gitlab-ci`: one check and one build job per\n# project of the workspace this change affects. Do not edit; it is made anew each pipeline.\n",
    );
    text.push_str(&serde_json::to_string_pretty(&serde_json::Value::Object(
        out,
    ))?);
    text.push('\n');
    Ok(text)
}
