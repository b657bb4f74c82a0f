//! Which commits `sadoc check` compares (DESIGN §6): explicit `--base`/`--head`; else GitLab's
//! merge-request variables (merged results and merge trains compare with the target branch,
//! detached pipelines with the diff base); else GitHub's pull-request merge commit (`HEAD^1`);
//! else where the current branch left the default branch. The diff is always the net diff of
//! the two commits, never a sum of per-commit changes.

use git2::Oid;
use serde::Serialize;

use crate::load::git::{GitError, Repo};

/// The two commits compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Range {
    /// The base commit.
    pub base: String,
    /// The head commit.
    pub head: String,
    /// How the range was chosen, for the log.
    pub how: String,
    #[serde(skip)]
    /// The base commit id.
    pub base_oid: Oid,
    #[serde(skip)]
    /// The head commit id.
    pub head_oid: Oid,
}

/// What to compare, or why there is nothing to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// A range of commits.
    Range(Range),
    /// No range (a pipeline on the default branch): only the checks without a diff run.
    None(String),
}

/// Chooses the range. `env` reads environment variables; `default_branch` is the configured
/// branch name, if any.
pub fn select(
    repo: &Repo,
    base: Option<&str>,
    head: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    default_branch: Option<&str>,
) -> Result<Selection, GitError> {
    let var = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    let head_rev = head
        .map(str::to_string)
        .or_else(|| var("CI_COMMIT_SHA"))
        .unwrap_or_else(|| "HEAD".to_string());
    if let Some(base) = base {
        return range(repo, base, &head_rev, "--base/--head".to_string());
    }
    let in_mr = var("CI_PIPELINE_SOURCE").as_deref() == Some("merge_request_event")
        || var("CI_MERGE_REQUEST_IID").is_some();
    if in_mr {
        let event = var("CI_MERGE_REQUEST_EVENT_TYPE").unwrap_or_default();
        if matches!(event.as_str(), "merged_result" | "merge_train")
            && let Some(target) = var("CI_MERGE_REQUEST_TARGET_BRANCH_SHA")
        {
            return range(
                repo,
                &target,
                &head_rev,
                format!(
                    "GitLab {} pipeline, target branch..merge commit",
                    event.replace('_', " ")
                ),
            );
        }
        if let Some(diff_base) = var("CI_MERGE_REQUEST_DIFF_BASE_SHA") {
            return range(
                repo,
                &diff_base,
                &head_rev,
                "GitLab merge request, diff base..commit".to_string(),
            );
        }
    }
    if matches!(
        var("GITHUB_EVENT_NAME").as_deref(),
        Some("pull_request" | "pull_request_target")
    ) {
        let head = repo.resolve(&head_rev)?;
        let base = repo.first_parent(head)?;
        return Ok(Selection::Range(Range {
            base: base.to_string(),
            head: head.to_string(),
            how: "GitHub pull request, HEAD^1..HEAD".to_string(),
            base_oid: base,
            head_oid: head,
        }));
    }
    let branch_hint = var("CI_DEFAULT_BRANCH");
    let Some((branch, tip)) = repo.default_branch(branch_hint.as_deref().or(default_branch)) else {
        return Ok(Selection::None(
            "no default branch to compare with; pass --base REV".to_string(),
        ));
    };
    let head = repo.resolve(&head_rev)?;
    if head == tip {
        return Ok(Selection::None(format!(
            "`{head_rev}` is the tip of `{branch}`: only the checks without a diff run"
        )));
    }
    let base = repo.merge_base(head, tip)?;
    Ok(Selection::Range(Range {
        base: base.to_string(),
        head: head.to_string(),
        // The base shown beside this text is the merge base.
        how: format!("since the branch left `{branch}`, from their merge base"),
        base_oid: base,
        head_oid: head,
    }))
}

fn range(repo: &Repo, base: &str, head: &str, how: String) -> Result<Selection, GitError> {
    let base_oid = repo.resolve(base)?;
    let head_oid = repo.resolve(head)?;
    Ok(Selection::Range(Range {
        base: base_oid.to_string(),
        head: head_oid.to_string(),
        how,
        base_oid,
        head_oid,
    }))
}
