//! Where a new record goes and what it is written from: its folder (`adr.dir` or a
//! package's), its name (the next number, or the date in a date-named log) and its template
//! (asked for, the log's own, or a built-in one in the log's style).

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};

use super::{Workspace, join, template};
use crate::model::decision::{Adr, Format};

impl Workspace<'_> {
    /// The template a new record is filled from. Asked for by name or path (`--template`,
    /// `ADR_TEMPLATE`), it is that; otherwise `adr.template`, where `nygard` (the default)
    /// follows the log as its own tool would: the ADR folder's `templates/template.md`
    /// (adr-tools), the folder's `template.md` in a date-named log (log4brains), or MADR 2's
    /// bullets when most records are written so.
    pub(super) fn template(
        &self,
        asked: Option<&str>,
        date_named: bool,
        folder: &Folder,
    ) -> Result<Template> {
        let builtin = |text: &str| Template {
            style: template::Style::Braces,
            status: template::Style::Braces.default_status(text).to_string(),
            text: text.to_string(),
        };
        let choice = asked.unwrap_or(&self.project.config.adr.template);
        let own = match choice {
            "madr" => return Ok(builtin(template::MADR)),
            "nygard" | "adr-tools" if asked.is_some() => return Ok(builtin(template::NYGARD)),
            "nygard" | "adr-tools" => {
                // A package's own template first, then the log's (as log4brains looks).
                let mut dirs = vec![folder.dir.as_str()];
                if folder.package.is_some() {
                    dirs.push(&self.project.config.adr.dir);
                }
                let adr_tools = dirs.iter().map(|d| join(d, "templates/template.md"));
                let log4brains = dirs
                    .iter()
                    .map(|d| join(d, "template.md"))
                    .filter(|_| date_named);
                let found = adr_tools
                    .chain(log4brains)
                    .find(|t| self.project.path(t).is_file());
                if let Some(found) = found {
                    found
                } else if self.mostly_bullets() {
                    return Ok(builtin(template::BULLETS));
                } else {
                    return Ok(builtin(template::NYGARD));
                }
            }
            path => path.to_string(),
        };
        let full = self.project.path(&own);
        let text = std::fs::read_to_string(&full).with_context(|| {
            format!(
                "cannot read the ADR template `{}`\n  help: `adr.template` is nygard, madr or a path relative to the project root",
                crate::util::paths::shown(&full)
            )
        })?;
        let style = template::Style::of(&text);
        Ok(Template {
            status: style.default_status(&text).to_string(),
            style,
            text,
        })
    }

    /// Whether most records of the log keep their metadata in bullets (MADR 2, log4brains).
    pub(super) fn mostly_bullets(&self) -> bool {
        let adrs = &self.model().adrs.adrs;
        let bullets = adrs.iter().filter(|a| a.format == Format::Bullets).count();
        bullets * 2 > adrs.len()
    }

    /// The folder of `package` (`adr.packages`), or `adr.dir`.
    pub(super) fn folder(&self, package: Option<&str>) -> Result<Folder> {
        let adr = &self.project.config.adr;
        let Some(name) = package else {
            return Ok(Folder {
                dir: adr.dir.clone(),
                package: None,
            });
        };
        match adr.packages.get(name) {
            Some(dir) => Ok(Folder {
                dir: dir.clone(),
                package: Some(name.to_string()),
            }),
            None if adr.packages.is_empty() => bail!(
                "no package `{name}`: `adr.packages` in sadoc.yml names none\n  help: add `packages: {{ {name}: path/to/its/adr }}` under `adr:`"
            ),
            None => bail!(
                "no package `{name}` in `adr.packages`\n  help: {}the packages are {}",
                crate::util::spelling::did_you_mean(name, adr.packages.keys().map(String::as_str))
                    .map(|d| format!("{d} "))
                    .unwrap_or_default(),
                adr.packages
                    .keys()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// How the new ADR is named: the next number after the highest one (in the padding the
    /// collection uses), or the date when the collection is date-named (log4brains).
    pub(super) fn naming(&self, date: &str, folder: &Folder) -> Result<Naming> {
        let all = &self.model().adrs.adrs;
        // The records of the folder the new one goes in; a folder without any follows the log.
        let here: Vec<&Adr> = all
            .iter()
            .filter(|a| self.package_of(a) == folder.package.as_deref())
            .collect();
        let adrs: Vec<&Adr> = if here.is_empty() {
            all.iter().collect()
        } else {
            here
        };
        let dated = adrs.iter().filter(|a| a.id.date.is_some()).count();
        let numbered = adrs.iter().filter(|a| a.id.number.is_some()).count();
        if dated > numbered {
            return Ok(Naming {
                number: None,
                id: date.replace('-', ""),
            });
        }
        let next = match adrs.iter().filter_map(|a| a.id.number).max() {
            None => 1,
            Some(n) => n.checked_add(1).with_context(|| {
                format!("the log's highest number is {n}, the last one sadoc can count to; no next number exists
  help: name the record by date, or renumber the log")
            })?,
        };
        let mut widths: BTreeMap<usize, usize> = BTreeMap::new();
        for a in &adrs {
            if let Some(d) = &a.id.digits {
                *widths.entry(d.len()).or_default() += 1;
            }
        }
        let width = widths
            .iter()
            .max_by_key(|(w, n)| (**n, **w))
            .map_or(self.digits(), |(w, _)| *w);
        Ok(Naming {
            number: Some(next),
            id: format!("{next:0width$}"),
        })
    }
}

pub(super) struct Naming {
    pub(super) number: Option<u32>,
    pub(super) id: String,
}

/// The folder a new record goes in: `adr.dir`, or a package's (`adr.packages`).
pub(super) struct Folder {
    pub(super) dir: String,
    pub(super) package: Option<String>,
}

/// A template to fill: its text, its placeholders, and the initial status in its style.
pub(super) struct Template {
    pub(super) text: String,
    pub(super) style: template::Style,
    pub(super) status: String,
}
