//! Workspaces: a `sadoc.yml` whose `projects:` lists member projects (folders, globs) that
//! each keep their own documents, ADR numbering and SAD, built together into one portal.
//!
//! Opening a workspace reads the member configurations and walks their documentation folders
//! to learn where each page is published ([`WorkspaceLinks`]); it parses no document. The same
//! table serves the portal build and a member built alone, so a link into another member gets
//! the same URL either way.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSetBuilder};

use crate::load::project::{CONFIG_FILE, Project, ProjectError};
use crate::model::layout::Section;
use crate::model::workspace::{MemberInfo, Membership, WorkspaceLinks};
use crate::util::paths;

/// A workspace: its root project (the portal's own configuration) and its members.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The project whose `sadoc.yml` lists the members.
    pub root: Project,
    /// The members, in the order of the `projects:` patterns that found them, then by folder.
    pub members: Vec<Member>,
}

/// One member project.
#[derive(Debug, Clone)]
pub struct Member {
    /// Its short name: its folder in the portal, the `name:` of `name:ADR-0003`.
    pub name: String,
    /// Its folder from the workspace root.
    pub dir: String,
    /// The project.
    pub project: Project,
}

/// Why a workspace cannot be opened.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// A `projects:` glob is malformed.
    #[error("`projects` pattern `{pattern}` in `{config}` is not a valid glob: {reason}")]
    Pattern {
        /// The workspace's configuration file.
        config: String,
        /// The pattern.
        pattern: String,
        /// What is wrong.
        reason: String,
    },
    /// No folder matched any pattern.
    #[error(
        "`projects` in `{config}` matches no folder holding a {CONFIG_FILE} (or mkdocs.yml)\n  help: list member folders from the workspace root, e.g. `projects: [\"services/*/docs\"]`"
    )]
    Empty {
        /// The workspace's configuration file.
        config: String,
    },
    /// Two members have the same name.
    #[error(
        "two projects are named `{name}`: `{first}` and `{second}`\n  help: set `name:` in one of their sadoc.yml files"
    )]
    Duplicate {
        /// The name.
        name: String,
        /// One member's folder.
        first: String,
        /// The other's.
        second: String,
    },
    /// A member's name cannot be a folder of the portal.
    #[error(
        "project `{dir}` is named `{name}`, which cannot be a folder of the portal\n  help: set `name:` in its sadoc.yml to letters, digits, `-`, `_` or `.` (not `.` or `..`)"
    )]
    BadName {
        /// The name.
        name: String,
        /// The member's folder.
        dir: String,
    },
    /// A member's configuration is invalid.
    #[error("project `{dir}` of the workspace: {source}")]
    Member {
        /// The member's folder.
        dir: String,
        /// Why it could not be opened.
        source: ProjectError,
    },
}

/// Folders never searched for members.
const SKIPPED: &[&str] = &["node_modules", "target", "site", "public", "__pycache__"];

impl Workspace {
    /// Opens the workspace whose root project is `root` (its `projects:` is not empty).
    pub fn open(root: Project) -> Result<Workspace, WorkspaceError> {
        let config = root.config_path.display().to_string();
        let mut set = GlobSetBuilder::new();
        for pattern in &root.config.projects {
            let clean = pattern.trim().trim_start_matches("./").trim_matches('/');
            let glob = GlobBuilder::new(clean)
                .literal_separator(true)
                .build()
                .map_err(|e| WorkspaceError::Pattern {
                    config: config.clone(),
                    pattern: pattern.clone(),
                    reason: e.kind().to_string(),
                })?;
            set.add(glob);
        }
        let set = set.build().map_err(|e| WorkspaceError::Pattern {
            config: config.clone(),
            pattern: root.config.projects.join(", "),
            reason: e.to_string(),
        })?;
        let mut members: Vec<(usize, Member)> = Vec::new();
        let walker = walkdir::WalkDir::new(&root.root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0
                    || (e.file_type().is_dir()
                        && !name.starts_with('.')
                        && !SKIPPED.contains(&name.as_ref()))
            });
        for entry in walker.flatten().filter(|e| e.depth() > 0) {
            let Some(dir) = crate::util::paths::relative(&root.root, entry.path()) else {
                continue;
            };
            let Some(order) = set.matches(&dir).into_iter().min() else {
                continue;
            };
            let Some(config_path) = member_config(entry.path()) else {
                continue;
            };
            let mut project =
                Project::open(&config_path).map_err(|source| WorkspaceError::Member {
                    dir: dir.clone(),
                    source,
                })?;
            if root.repo_prefix.is_none() {
                // Outside git, a member names code from the workspace's root.
                project.repo_prefix = Some(dir.clone());
            }
            let name = project
                .config
                .name
                .clone()
                .unwrap_or_else(|| default_name(&dir));
            let valid = !name.is_empty()
                && name != "."
                && name != ".."
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if !valid {
                return Err(WorkspaceError::BadName { name, dir });
            }
            if let Some((_, other)) = members.iter().find(|(_, m)| m.name == name) {
                return Err(WorkspaceError::Duplicate {
                    name,
                    first: other.dir.clone(),
                    second: dir,
                });
            }
            members.push((order, Member { name, dir, project }));
        }
        members.sort_by(|(a, m), (b, n)| (a, &m.dir).cmp(&(b, &n.dir)));
        let members: Vec<Member> = members.into_iter().map(|(_, m)| m).collect();
        if members.is_empty() {
            return Err(WorkspaceError::Empty { config });
        }
        Ok(Workspace { root, members })
    }

    /// The workspace `project` is a member of, found from its folder upward.
    pub fn containing(project: &Project) -> Option<(Workspace, usize)> {
        let mut dir = project.root.parent();
        while let Some(d) = dir {
            let candidate = d.join(CONFIG_FILE);
            if candidate.is_file()
                && let Ok(root) = Project::open(&candidate)
                && !root.config.projects.is_empty()
                && let Ok(workspace) = Workspace::open(root)
                && let Some(i) = workspace
                    .members
                    .iter()
                    .position(|m| same_dir(&m.project.root, &project.root))
            {
                return Some((workspace, i));
            }
            dir = d.parent();
        }
        None
    }

    /// The member named `name`.
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }

    /// Where every member's pages are published in the portal.
    pub fn links(&self) -> WorkspaceLinks {
        let mut links = WorkspaceLinks::default();
        for member in &self.members {
            links.members.push(MemberInfo {
                name: member.name.clone(),
                title: member.project.config.title.clone(),
                dir: member.dir.clone(),
            });
            let base = format!("{}/", member.name);
            let config = &member.project.config;
            let layout = config.layout();
            let found = crate::load::walk::walk(
                &member.project.root,
                &crate::load::walk_roots(&layout),
                &[member.project.root.join("site")],
                &config.docs.skip_folders,
            );
            let home = format!("{base}index.html");
            links.pages.insert(member.dir.clone(), home.clone());
            if let Some(docs) = paths::join(&member.dir, &config.docs.dir) {
                links.pages.entry(docs).or_insert(home);
            }
            for source in &found.markdown {
                let page = layout.page(source, crate::load::is_index(source, &found.markdown));
                let url = format!("{base}{}", page.url);
                if let Some(path) = paths::join(&member.dir, source) {
                    links.pages.insert(path, url.clone());
                }
                let is_adr = layout
                    .root_of(source)
                    .is_some_and(|r| r.section == Section::Adr);
                if is_adr
                    && !crate::load::adr_fields::is_template(source)
                    && let Some(number) = crate::load::adr_fields::identity(source).number
                {
                    links
                        .adrs
                        .entry((member.name.clone(), number))
                        .or_insert(url);
                }
            }
        }
        links
    }

    /// The place in this workspace of member `index` (`None`: the root, the portal itself).
    /// `in_portal` says whether it is built into the portal or alone.
    pub fn membership(
        &self,
        links: &Arc<WorkspaceLinks>,
        index: Option<usize>,
        in_portal: bool,
    ) -> Membership {
        let (name, dir) = match index {
            Some(i) => (self.members[i].name.clone(), self.members[i].dir.clone()),
            None => (String::new(), String::new()),
        };
        Membership {
            name,
            dir,
            links: Arc::clone(links),
            title: self.root.config.title.clone(),
            in_portal,
        }
    }
}

/// The configuration file of a member folder: `sadoc.yml`, else `mkdocs.yml`.
fn member_config(dir: &Path) -> Option<PathBuf> {
    std::iter::once(CONFIG_FILE)
        .chain(crate::load::mkdocs::FILE_NAMES.iter().copied())
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
}

/// A member's default name: its folder's name, or its parent's when the folder is only a
/// `docs` folder (`pipelines/cdc/docs` → `cdc`).
fn default_name(dir: &str) -> String {
    let generic = ["docs", "doc", "documentation", "architecture", "adr", "sad"];
    let segments: Vec<&str> = dir.split('/').collect();
    let name = segments
        .iter()
        .rev()
        .find(|s| !generic.contains(&s.to_ascii_lowercase().as_str()))
        .or(segments.last())
        .copied()
        .unwrap_or("project");
    crate::util::slug::slugify(name)
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::default_name;

    #[test]
    fn members_are_named_for_their_folder() {
        assert_eq!(default_name("services/orders"), "orders");
        assert_eq!(default_name("pipelines/cdc/docs"), "cdc");
        assert_eq!(default_name("docs"), "docs");
    }
}
