//! Which record a user means: `7`, `ADR-0007`, a file name, a title, a path as shell
//! completion writes it, log4brains' `package/slug`, or part of a name as adr-tools takes it.

use anyhow::{Result, bail};

use super::Workspace;
use crate::util::paths;

impl Workspace<'_> {
    /// The ADR a user means: a number (`7`, `0007`, `ADR-0007`), a file name or slug, a title,
    /// a path (`doc/adr/0007-x.md`, as shell completion writes it), or, as adr-tools takes
    /// them, part of a file name or title (`-s kafka`). Fails when none or several match:
    /// where adr-tools takes the first of several, sadoc asks which.
    pub fn find(&self, reference: &str) -> Result<usize> {
        let mut found = self.model().adrs.find(reference, &self.sources);
        if found.is_empty() {
            found = self.find_by_path(reference);
        }
        if found.is_empty() {
            found = self.find_by_part(reference);
        }
        match found.as_slice() {
            [one] => Ok(*one),
            [] => bail!(
                "no ADR `{reference}` in `{}`\n  help: `sadoc adr list` shows every ADR",
                self.project.config.adr.dir
            ),
            many => {
                let files: Vec<&str> = many.iter().map(|&i| self.source(i)).collect();
                bail!(
                    "`{reference}` matches {} ADRs: `{}`\n  help: name one by its number or file name",
                    many.len(),
                    files.join("`, `")
                )
            }
        }
    }

    /// ADRs whose source path ends with `reference` taken as a path (`./doc/adr/0001-x.md`,
    /// `adr/0001-x.md`), or whose file name is its last part.
    fn find_by_path(&self, reference: &str) -> Vec<usize> {
        if !reference.contains('/') && !reference.contains(std::path::MAIN_SEPARATOR) {
            return Vec::new();
        }
        // log4brains' `package1/first-adr`: a record of that package, by label, slug or name.
        if let Some((package, rest)) = reference.split_once('/')
            && self.project.config.adr.packages.contains_key(package)
        {
            let rest = rest.trim_end_matches(".md").to_lowercase();
            let found: Vec<usize> = (0..self.model().adrs.adrs.len())
                .filter(|&i| {
                    let adr = self.adr(i);
                    self.package_of(adr) == Some(package)
                        && (adr.id.label().to_lowercase() == rest
                            || adr.id.slug.to_lowercase() == rest
                            || paths::stem(self.source(i)).to_lowercase() == rest)
                })
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
        let wanted = reference.replace('\\', "/");
        let wanted = wanted.trim_start_matches("./");
        let by_suffix: Vec<usize> = (0..self.model().adrs.adrs.len())
            .filter(|&i| {
                let source = self.source(i);
                source == wanted || source.ends_with(&format!("/{wanted}"))
            })
            .collect();
        if !by_suffix.is_empty() {
            return by_suffix;
        }
        let name = paths::file_name(wanted);
        (0..self.model().adrs.adrs.len())
            .filter(|&i| paths::file_name(self.source(i)) == name)
            .collect()
    }

    /// ADRs whose file name or title contains `reference`, ignoring case; a number that names
    /// no ADR matches nothing (`-s 12` is never `0120-x.md`).
    fn find_by_part(&self, reference: &str) -> Vec<usize> {
        let part = reference.trim().to_lowercase();
        if part.is_empty() || part.chars().all(|c| c.is_ascii_digit()) {
            return Vec::new();
        }
        (0..self.model().adrs.adrs.len())
            .filter(|&i| {
                paths::file_name(self.source(i))
                    .to_lowercase()
                    .contains(&part)
                    || self.adr(i).title.to_lowercase().contains(&part)
            })
            .collect()
    }
}
