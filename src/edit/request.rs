//! What `sadoc adr new` is asked for: the title, the relations (adr-tools' `-s` and `-l`
//! among them), the status, template, date and package.

use anyhow::{Result, bail};

/// What `sadoc adr new` is asked for.
#[derive(Debug, Clone, Default)]
pub struct NewAdr {
    /// Title.
    pub title: String,
    /// ADRs the new one supersedes.
    pub supersedes: Vec<String>,
    /// ADRs the new one amends.
    pub amends: Vec<String>,
    /// Links of the team's own, as adr-tools' `-l TARGET:LINK:REVERSE-LINK`: the ADR, the
    /// relation the new one states, and the one the ADR states back (inferred when `None`).
    pub links: Vec<NewLink>,
    /// Initial status (default: proposed).
    pub status: Option<String>,
    /// Template: `nygard`, `madr` or a path (default: `adr.template`).
    pub template: Option<String>,
    /// Date, `YYYY-MM-DD` (default: today).
    pub date: Option<String>,
    /// The package (`adr.packages`) whose folder the record goes in; `None` for `adr.dir`.
    pub package: Option<String>,
}

/// A relation `sadoc adr new -l` asks for.
#[derive(Debug, Clone, Default)]
pub struct NewLink {
    /// The other ADR (number, file name, path or title).
    pub target: String,
    /// The relation the new ADR states (`Amends`, `Clarifies`).
    pub verb: String,
    /// The relation the other ADR states back (`Amended by`); inferred when `None`.
    pub reverse: Option<String>,
}

impl NewLink {
    /// Reads adr-tools' `TARGET:LINK:REVERSE-LINK` (`5:Amends:Amended by`); the reverse may be
    /// left out (`5:Amends`) where sadoc can infer it.
    pub fn parse(text: &str) -> Result<NewLink> {
        let mut parts = text.splitn(3, ':').map(str::trim);
        let (Some(target), Some(verb)) = (parts.next(), parts.next()) else {
            bail!(
                "`{text}` is not a link\n  help: write it as adr-tools does, TARGET:LINK:REVERSE-LINK, e.g. \"5:Amends:Amended by\""
            );
        };
        if target.is_empty() || verb.is_empty() {
            bail!(
                "`{text}` names no ADR or no relation\n  help: write it as TARGET:LINK:REVERSE-LINK, e.g. \"5:Amends:Amended by\""
            );
        }
        Ok(NewLink {
            target: target.to_string(),
            verb: verb.to_string(),
            reverse: parts.next().filter(|r| !r.is_empty()).map(str::to_string),
        })
    }
}
