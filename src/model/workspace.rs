//! What a project knows of the workspace it belongs to: where every member's pages are
//! published in the portal, so that a link into another member (a relative path to its
//! markdown, or `orders:ADR-0003`) becomes a working URL and is checked.
//!
//! Plain data, made by `load::workspace` from a walk of each member's folders (no
//! member is parsed for it), shared by every member of one build.

use std::collections::HashMap;

/// One member, as the portal lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberInfo {
    /// Its short name: its folder in the portal, and the `name:` of `name:ADR-0003`.
    pub name: String,
    /// Its title (`title:` of its configuration).
    pub title: String,
    /// Its folder, from the workspace root (`services/orders/docs`).
    pub dir: String,
}

/// Where the pages of every member of a workspace are published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspaceLinks {
    /// The members, in the order of the workspace's `projects:`.
    pub members: Vec<MemberInfo>,
    /// Page URL (from the portal root) of every member page, by source path from the
    /// workspace root; member folders (and their docs folders) lead to the member's home.
    pub pages: HashMap<String, String>,
    /// Page URL of every numbered ADR, by member name and number.
    pub adrs: HashMap<(String, u32), String>,
}

/// A project's place in a workspace.
#[derive(Debug, Clone)]
pub struct Membership {
    /// The member's name (`""` for the workspace root, whose portal is at the site root).
    pub name: String,
    /// Its folder from the workspace root (`""` for the root).
    pub dir: String,
    /// Every member's pages.
    pub links: std::sync::Arc<WorkspaceLinks>,
    /// The workspace's title, for the link back to the portal.
    pub title: String,
    /// Whether the project is built into the portal (which has one search index over every
    /// member), rather than alone.
    pub in_portal: bool,
}

impl Membership {
    /// Whether this is a member's place (not the portal's own).
    pub fn is_member(&self) -> bool {
        !self.name.is_empty()
    }

    /// The folder of the member's site in the portal (`orders/`, or `""` for the root).
    pub fn site_base(&self) -> String {
        if self.name.is_empty() {
            String::new()
        } else {
            format!("{}/", self.name)
        }
    }

    /// The portal URL of a path of this project (project coordinates, `../` allowed), when it
    /// is a page of another member.
    pub fn page_of(&self, project_path: &str) -> Option<&str> {
        let path = crate::util::paths::join(&self.dir, project_path)?;
        self.links.pages.get(&path).map(String::as_str)
    }

    /// The portal URL of `name:ADR-NNNN`; `Err` with what is wrong when the reference looks
    /// like one but names no member or no ADR.
    pub fn cross_reference(&self, reference: &str) -> Option<Result<&str, String>> {
        let (name, rest) = reference.split_once(':')?;
        let digits = rest
            .strip_prefix("ADR-")
            .or_else(|| rest.strip_prefix("adr-"))?;
        let number: u32 = digits.parse().ok()?;
        if !self.links.members.iter().any(|m| m.name == name) {
            let names: Vec<&str> = self.links.members.iter().map(|m| m.name.as_str()).collect();
            return Some(Err(format!(
                "no project `{name}` in the workspace (its projects: {})",
                names.join(", ")
            )));
        }
        Some(
            self.links
                .adrs
                .get(&(name.to_string(), number))
                .map(String::as_str)
                .ok_or_else(|| format!("project `{name}` has no ADR {number}")),
        )
    }
}
