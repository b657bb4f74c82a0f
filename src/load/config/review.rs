//! `review:` and `owners:` of `sadoc.yml`: how often documents are reviewed and who owns them,
//! for the whole project and per folder.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// How often a document is reviewed: a number of days, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum Every {
    /// Every this many days.
    Days(u32),
    /// No review is due (`never`, `off`, `false`).
    Never,
}

impl Every {
    /// Reads `180d`, `26w`, `6m` (30-day months), `1y` (365 days), a bare number of days, or
    /// `never`/`off`.
    pub fn parse(text: &str) -> Result<Every, String> {
        let t = text.trim().to_ascii_lowercase();
        if matches!(t.as_str(), "never" | "off" | "false" | "no") {
            return Ok(Every::Never);
        }
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (number, unit) = t.split_at(split);
        let number: u32 = number.parse().map_err(|_| {
            format!("`{text}` is not an interval: write it as `180d`, `26w`, `6m` or `1y`")
        })?;
        let days = match unit.trim() {
            "" | "d" | "day" | "days" => number,
            "w" | "week" | "weeks" => number * 7,
            "m" | "mo" | "month" | "months" => number * 30,
            "y" | "year" | "years" => number * 365,
            other => {
                return Err(format!(
                    "`{other}` in `{text}` is not a unit: use d (days), w (weeks), m (months) or y (years)"
                ));
            }
        };
        if days == 0 {
            return Err(format!(
                "`{text}` is no time at all: write `never` to turn review off"
            ));
        }
        Ok(Every::Days(days))
    }

    /// The days between reviews, unless never.
    pub fn days(self) -> Option<u32> {
        match self {
            Every::Days(d) => Some(d),
            Every::Never => None,
        }
    }
}

impl fmt::Display for Every {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Every::Days(d) => write!(f, "{d}d"),
            Every::Never => f.write_str("never"),
        }
    }
}

impl From<Every> for String {
    fn from(every: Every) -> String {
        every.to_string()
    }
}

impl<'de> Deserialize<'de> for Every {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Every, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Days(u32),
            Switch(bool),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Days(0) | Raw::Switch(false) => Ok(Every::Never),
            Raw::Days(n) => Ok(Every::Days(n)),
            Raw::Switch(true) => Err(serde::de::Error::custom(
                "`true` says no interval: write one such as `180d`",
            )),
            Raw::Text(text) => Every::parse(&text).map_err(serde::de::Error::custom),
        }
    }
}

/// `review:`
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewConfig {
    /// How often every document is reviewed (none by default).
    pub every: Option<Every>,
    /// Per folder (project paths; the longest that holds a document wins): `docs/runbooks: 90d`.
    pub folders: BTreeMap<String, Every>,
    /// How long before its date a review counts as due (default 30 days).
    pub due_within: Option<Every>,
}

impl ReviewConfig {
    /// Whether any document has an interval from `sadoc.yml`.
    pub fn is_set(&self) -> bool {
        self.every.is_some_and(|e| e != Every::Never)
            || self.folders.values().any(|e| *e != Every::Never)
    }

    /// Days before the due date from which a review is due.
    pub fn due_within_days(&self) -> u32 {
        self.due_within.and_then(Every::days).unwrap_or(30)
    }
}

/// `owners:` — owners per folder: `docs/ingest: ["@data/ingest-team"]` (one name or a list).
pub type FolderOwners = BTreeMap<String, OwnerList>;

/// One owner or a list of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct OwnerList(pub Vec<String>);

impl<'de> Deserialize<'de> for OwnerList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<OwnerList, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Many(Vec<String>),
        }
        Ok(OwnerList(match Raw::deserialize(d)? {
            Raw::One(one) => one.split_whitespace().map(str::to_string).collect(),
            Raw::Many(many) => many,
        }))
    }
}

/// The value for `path` among per-folder values: the longest folder holding it (`""` or `.`
/// holds everything).
pub fn by_folder<'a, T>(folders: &'a BTreeMap<String, T>, path: &str) -> Option<&'a T> {
    folders
        .iter()
        .filter_map(|(folder, value)| {
            let folder = folder
                .trim_end_matches("/**")
                .trim_end_matches('/')
                .trim_start_matches("./");
            let folder = if folder == "." { "" } else { folder };
            crate::util::paths::is_within(path, folder).then_some((folder.len(), value))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_as_people_write_them() {
        assert_eq!(Every::parse("180d"), Ok(Every::Days(180)));
        assert_eq!(Every::parse("26w"), Ok(Every::Days(182)));
        assert_eq!(Every::parse("6m"), Ok(Every::Days(180)));
        assert_eq!(Every::parse("1y"), Ok(Every::Days(365)));
        assert_eq!(Every::parse("90 days"), Ok(Every::Days(90)));
        assert_eq!(Every::parse("never"), Ok(Every::Never));
        assert!(Every::parse("0d").unwrap_err().contains("never"));
        assert!(
            Every::parse("6 fortnights")
                .unwrap_err()
                .contains("not a unit")
        );
        assert!(Every::parse("soon").unwrap_err().contains("180d"));
        let yaml: ReviewConfig = serde_saphyr::from_str(
            "every: 180d\nfolders: { docs/runbooks: 90, docs/adr/: never }\n",
        )
        .unwrap();
        assert_eq!(yaml.every, Some(Every::Days(180)));
        assert_eq!(yaml.folders["docs/runbooks"], Every::Days(90));
        assert_eq!(yaml.folders["docs/adr/"], Every::Never);
    }

    #[test]
    fn the_longest_folder_wins() {
        let mut folders = BTreeMap::new();
        folders.insert("docs".to_string(), 1);
        folders.insert("docs/runbooks/".to_string(), 2);
        folders.insert("docs/runbooks/db/**".to_string(), 3);
        assert_eq!(by_folder(&folders, "docs/guide.md"), Some(&1));
        assert_eq!(by_folder(&folders, "docs/runbooks/restart.md"), Some(&2));
        assert_eq!(
            by_folder(&folders, "docs/runbooks/db/failover.md"),
            Some(&3)
        );
        assert_eq!(by_folder(&folders, "adr/0001-x.md"), None);
        assert_eq!(by_folder(&folders, "docs-old/x.md"), None);
    }
}
