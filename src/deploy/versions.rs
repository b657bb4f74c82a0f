//! The versions of a versioned site, as mike keeps them: `versions.json` at the prefix, a list
//! of `{"version", "title", "aliases"}` (plus mike's optional `properties`, kept as they are),
//! newest first; the default version is the one the prefix's `index.html` leads to.
//!
//! Everything here is pure: reading and writing the file, the edits `sadoc versions` makes
//! (deploy a version with aliases, move an alias, retitle, delete, set the default) and the
//! rules they keep — names are safe path segments, an alias is never a version's name and never
//! on two versions, the default is never deleted without a new one. An existing mike site's
//! file is read and extended, never rewritten from scratch: entries sadoc does not touch keep
//! every field.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

/// One version of the site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    /// Its folder under the prefix (`1.2`).
    pub version: String,
    /// What the selector shows (`1.2 (LTS)`); the version when not given.
    pub title: String,
    /// Other names that lead to it (`latest`, `stable`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// mike's free-form properties, kept as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<serde_json::Value>,
}

/// Why an edit of the versions cannot be made. Each is found before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionError {
    /// A name that is not a safe path segment.
    BadName { kind: &'static str, name: String },
    /// An alias that is a version's name.
    AliasIsVersion { alias: String },
    /// A version name that is an alias of another version.
    VersionIsAlias { version: String, of: String },
    /// No such version (or alias).
    Unknown { name: String, known: Vec<String> },
    /// Deleting the default version without naming a new default.
    DeletesDefault { version: String },
    /// The file cannot be read.
    Unreadable { message: String },
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionError::BadName { kind, name } => write!(
                f,
                "`{name}` is not a safe {kind} name: use letters, digits and `.`, `_`, `-`, `+` (not `.` or `..` alone, at most 100 characters)"
            ),
            VersionError::AliasIsVersion { alias } => write!(
                f,
                "`{alias}` is a version, so it cannot be an alias: pick another alias, or delete version `{alias}` first"
            ),
            VersionError::VersionIsAlias { version, of } => write!(
                f,
                "`{version}` is an alias of version `{of}`, so it cannot be a version: move the alias first (`sadoc versions alias OTHER {version}`)"
            ),
            VersionError::Unknown { name, known } => {
                write!(f, "there is no version or alias `{name}`")?;
                if known.is_empty() {
                    write!(f, "; no version is published yet")
                } else {
                    write!(f, "; the versions are {}", known.join(", "))
                }
            }
            VersionError::DeletesDefault { version } => write!(
                f,
                "`{version}` is the default version: name the new default first (`sadoc versions set-default OTHER`), then delete it"
            ),
            VersionError::Unreadable { message } => {
                write!(f, "versions.json cannot be read: {message}")
            }
        }
    }
}

impl std::error::Error for VersionError {}

/// Checks that `name` can be a folder under the prefix and part of a URL.
pub fn check_name(name: &str, kind: &'static str) -> Result<(), VersionError> {
    let safe = !name.is_empty()
        && name.len() <= 100
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'));
    if safe {
        Ok(())
    } else {
        Err(VersionError::BadName {
            kind,
            name: name.to_string(),
        })
    }
}

/// Every version of a site.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Versions {
    list: Vec<Version>,
}

/// What [`Versions::deploy`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deployed {
    /// Whether the version is new.
    pub new: bool,
    /// Aliases taken from other versions: (alias, the version it left).
    pub moved: Vec<(String, String)>,
}

impl Versions {
    /// Reads `versions.json` (an empty text is no versions).
    pub fn parse(text: &str) -> Result<Versions, VersionError> {
        if text.trim().is_empty() {
            return Ok(Versions::default());
        }
        let list: Vec<Version> =
            serde_json::from_str(text).map_err(|e| VersionError::Unreadable {
                message: e.to_string(),
            })?;
        let mut versions = Versions { list: Vec::new() };
        for v in list {
            if versions.find(&v.version).is_some() {
                return Err(VersionError::Unreadable {
                    message: format!("`{}` is listed twice", v.version),
                });
            }
            versions.list.push(v);
        }
        versions.sort();
        Ok(versions)
    }

    /// The file's text, as mike writes it (two-space indents), newest first.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.list).unwrap_or_else(|_| "[]".into());
        text.push('\n');
        text
    }

    /// The versions, newest first (development versions — names not starting with a digit or
    /// `v` and a digit — before releases, as mike orders them).
    pub fn list(&self) -> &[Version] {
        &self.list
    }

    /// The version `name` names: itself, or the version it is an alias of.
    pub fn find(&self, name: &str) -> Option<&Version> {
        self.list.iter().find(|v| v.version == name).or_else(|| {
            self.list
                .iter()
                .find(|v| v.aliases.iter().any(|a| a == name))
        })
    }

    fn names(&self) -> Vec<String> {
        self.list.iter().map(|v| v.version.clone()).collect()
    }

    fn sort(&mut self) {
        self.list
            .sort_by(|a, b| version_order(&b.version, &a.version));
    }

    /// Adds or updates `version` with `aliases` (moved from the versions that had them) and
    /// `title` (kept when not given; the version's name for a new one).
    pub fn deploy(
        &mut self,
        version: &str,
        title: Option<&str>,
        aliases: &[String],
    ) -> Result<Deployed, VersionError> {
        check_name(version, "version")?;
        for alias in aliases {
            check_name(alias, "alias")?;
            if alias == version || self.list.iter().any(|v| &v.version == alias) {
                return Err(VersionError::AliasIsVersion {
                    alias: alias.clone(),
                });
            }
        }
        if let Some(of) = self
            .list
            .iter()
            .find(|v| v.aliases.iter().any(|a| a == version))
        {
            return Err(VersionError::VersionIsAlias {
                version: version.to_string(),
                of: of.version.clone(),
            });
        }
        let mut deployed = Deployed::default();
        for other in self.list.iter_mut().filter(|v| v.version != version) {
            other.aliases.retain(|a| {
                let moves = aliases.contains(a);
                if moves {
                    deployed.moved.push((a.clone(), other.version.clone()));
                }
                !moves
            });
        }
        match self.list.iter_mut().find(|v| v.version == version) {
            Some(existing) => {
                if let Some(title) = title {
                    existing.title = title.to_string();
                }
                for alias in aliases {
                    if !existing.aliases.contains(alias) {
                        existing.aliases.push(alias.clone());
                    }
                }
            }
            None => {
                deployed.new = true;
                self.list.push(Version {
                    version: version.to_string(),
                    title: title.unwrap_or(version).to_string(),
                    aliases: aliases.to_vec(),
                    properties: None,
                });
                self.sort();
            }
        }
        Ok(deployed)
    }

    /// Points `alias` at `version` (moving it from another version).
    pub fn alias(&mut self, version: &str, alias: &str) -> Result<Deployed, VersionError> {
        let target = self.existing(version)?.version.clone();
        self.deploy(&target, None, &[alias.to_string()])
    }

    /// Gives `version` a new title.
    pub fn retitle(&mut self, version: &str, title: &str) -> Result<(), VersionError> {
        let target = self.existing(version)?.version.clone();
        if let Some(v) = self.list.iter_mut().find(|v| v.version == target) {
            v.title = title.to_string();
        }
        Ok(())
    }

    /// Removes `version` and its aliases; `default` is the current default (a version or an
    /// alias, as mike's root page may name either), which is never deleted this way.
    pub fn delete(
        &mut self,
        version: &str,
        default: Option<&str>,
    ) -> Result<Version, VersionError> {
        let target = self.existing(version)?.version.clone();
        let default = default
            .and_then(|d| self.find(d))
            .map(|v| v.version.as_str());
        if default == Some(target.as_str()) {
            return Err(VersionError::DeletesDefault { version: target });
        }
        let (gone, kept): (Vec<Version>, Vec<Version>) = std::mem::take(&mut self.list)
            .into_iter()
            .partition(|v| v.version == target);
        self.list = kept;
        gone.into_iter().next().ok_or(VersionError::Unknown {
            name: target,
            known: self.names(),
        })
    }

    /// The version `name` names, or an error listing the versions.
    pub fn existing(&self, name: &str) -> Result<&Version, VersionError> {
        self.find(name).ok_or_else(|| VersionError::Unknown {
            name: name.to_string(),
            known: self.names(),
        })
    }
}

/// mike's order of version names: releases compared part by part (numbers as numbers), and
/// development versions (not starting with a digit, or `v` and a digit) newer than any release.
pub fn version_order(a: &str, b: &str) -> Ordering {
    let is_release = |s: &str| {
        let s = s.strip_prefix('v').unwrap_or(s);
        s.starts_with(|c: char| c.is_ascii_digit())
    };
    match (is_release(a), is_release(b)) {
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        _ => {}
    }
    let parts = |s: &str| -> Vec<Part> {
        let mut out = Vec::new();
        let mut chars = s.chars().peekable();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() {
                let mut n = String::new();
                while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    n.push(d);
                    chars.next();
                }
                out.push(Part::Number(n.parse().unwrap_or(u64::MAX)));
            } else if c.is_ascii_alphabetic() {
                let mut w = String::new();
                while let Some(&d) = chars.peek().filter(|d| d.is_ascii_alphabetic()) {
                    w.push(d);
                    chars.next();
                }
                out.push(Part::Word(w));
            } else {
                chars.next();
            }
        }
        out
    };
    parts(a).cmp(&parts(b))
}

/// A part of a version name: numbers compare as numbers, and before words (as LooseVersion).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Number(u64),
    Word(String),
}

/// The page at the prefix's root that leads to the default version (`1.2/`), keeping the
/// reader's fragment. Works on S3 website endpoints and behind CloudFront alike.
pub fn redirect_page(target: &str) -> String {
    let url = crate::util::escape_html(target);
    format!(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting</title>\n<link rel=\"canonical\" href=\"{url}\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n<script>location.replace({js} + location.hash)</script>\n</head>\n<body>\n<p>Redirecting to <a href=\"{url}\">{url}</a>…</p>\n</body>\n</html>\n",
        js = serde_json::to_string(target).unwrap_or_else(|_| "\"\"".into()),
    )
}

/// The version a root redirect page (sadoc's or mike's) leads to: the first path segment of
/// its refresh target.
pub fn default_of(index_html: &str) -> Option<String> {
    let at = index_html.find("url=")? + 4;
    let rest = &index_html[at..];
    let end = rest.find(['"', '\'', '>', ' ']).unwrap_or(rest.len());
    let target = rest[..end].trim_start_matches("./");
    let first = target.split('/').next()?;
    (check_name(first, "version").is_ok()).then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIKE: &str = r#"[
  {"version": "2.0", "title": "2.0", "aliases": ["latest"]},
  {"version": "1.10", "title": "1.10 (LTS)", "aliases": [], "properties": {"eol": "2027"}},
  {"version": "1.9", "title": "1.9", "aliases": []}
]"#;

    #[test]
    fn a_mike_file_is_read_and_extended_keeping_what_sadoc_does_not_know() {
        let mut v = Versions::parse(MIKE).unwrap();
        let names: Vec<&str> = v.list().iter().map(|v| v.version.as_str()).collect();
        assert_eq!(names, ["2.0", "1.10", "1.9"]);
        let done = v
            .deploy("2.1", None, &["latest".to_string(), "stable".to_string()])
            .unwrap();
        assert!(done.new);
        assert_eq!(done.moved, [("latest".to_string(), "2.0".to_string())]);
        let json: serde_json::Value = serde_json::from_str(&v.to_json()).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                {"version": "2.1", "title": "2.1", "aliases": ["latest", "stable"]},
                {"version": "2.0", "title": "2.0", "aliases": []},
                {"version": "1.10", "title": "1.10 (LTS)", "aliases": [], "properties": {"eol": "2027"}},
                {"version": "1.9", "title": "1.9", "aliases": []}
            ])
        );
    }

    #[test]
    fn development_versions_come_first_and_numbers_compare_as_numbers() {
        let mut v = Versions::default();
        for name in ["1.2", "dev", "1.10", "v2.0", "1.2.1", "main"] {
            v.deploy(name, None, &[]).unwrap();
        }
        let names: Vec<&str> = v.list().iter().map(|v| v.version.as_str()).collect();
        assert_eq!(names, ["main", "dev", "v2.0", "1.10", "1.2.1", "1.2"]);
    }

    #[test]
    fn an_alias_moves_and_is_never_a_version() {
        let mut v = Versions::parse(MIKE).unwrap();
        v.alias("1.10", "latest").unwrap();
        assert!(v.find("latest").is_some_and(|x| x.version == "1.10"));
        assert!(v.list()[0].aliases.is_empty());
        assert_eq!(
            v.deploy("3.0", None, &["1.9".to_string()]),
            Err(VersionError::AliasIsVersion {
                alias: "1.9".to_string()
            })
        );
        assert!(matches!(
            v.deploy("latest", None, &[]),
            Err(VersionError::VersionIsAlias { .. })
        ));
        assert!(matches!(
            v.deploy("3.0", None, &["3.0".to_string()]),
            Err(VersionError::AliasIsVersion { .. })
        ));
    }

    #[test]
    fn unsafe_names_are_refused_before_anything_changes() {
        let before = Versions::parse(MIKE).unwrap();
        for bad in [
            "",
            ".",
            "..",
            "a/b",
            "a\\b",
            "1.0 beta",
            "ü",
            &"x".repeat(101),
        ] {
            let mut v = before.clone();
            assert!(
                matches!(v.deploy(bad, None, &[]), Err(VersionError::BadName { .. })),
                "{bad:?}"
            );
            assert!(
                matches!(
                    v.deploy("3.0", None, &[bad.to_string()]),
                    Err(VersionError::BadName { .. })
                ),
                "{bad:?}"
            );
            assert_eq!(v, before);
        }
        check_name("1.0.0-rc.1+build", "version").unwrap();
    }

    #[test]
    fn deleting_keeps_the_default_and_retitling_follows_aliases() {
        let mut v = Versions::parse(MIKE).unwrap();
        assert_eq!(
            v.delete("latest", Some("2.0")),
            Err(VersionError::DeletesDefault {
                version: "2.0".to_string()
            })
        );
        assert!(matches!(
            v.delete("2.0", Some("latest")),
            Err(VersionError::DeletesDefault { .. })
        ));
        v.retitle("latest", "2.0 (current)").unwrap();
        assert_eq!(v.list()[0].title, "2.0 (current)");
        let gone = v.delete("1.9", Some("2.0")).unwrap();
        assert_eq!(gone.version, "1.9");
        assert_eq!(v.list().len(), 2);
        let err = v.delete("0.1", None).unwrap_err().to_string();
        assert!(err.contains("the versions are 2.0, 1.10"), "{err}");
    }

    #[test]
    fn the_root_page_leads_to_the_default_and_says_which_it_is() {
        let page = redirect_page("2.0/");
        assert!(page.contains("url=2.0/"));
        assert_eq!(default_of(&page).as_deref(), Some("2.0"));
        // mike's own redirect page.
        let mike = "<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset=\"utf-8\">\n    <title>Redirecting</title>\n    <noscript>\n      <meta http-equiv=\"refresh\" content=\"1; url=latest/\" />\n    </noscript>\n    <script>\n      window.location.replace(\"latest/\" + window.location.hash);\n    </script>\n  </head>\n  <body>\n    Redirecting to <a href=\"latest/\">latest/</a>...\n  </body>\n</html>\n";
        assert_eq!(default_of(mike).as_deref(), Some("latest"));
        assert_eq!(default_of("<html>no redirect</html>"), None);
    }

    #[test]
    fn broken_files_are_errors_not_empty_lists() {
        assert!(matches!(
            Versions::parse("{\"version\": 1}"),
            Err(VersionError::Unreadable { .. })
        ));
        assert!(Versions::parse("").unwrap().list().is_empty());
        assert!(matches!(
            Versions::parse(
                r#"[{"version":"1","title":"1","aliases":[]},{"version":"1","title":"1","aliases":[]}]"#
            ),
            Err(VersionError::Unreadable { .. })
        ));
    }
}
