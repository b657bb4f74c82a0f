//! The ADR lifecycle: creating records, changing their status, linking them.
//!
//! This is the only code that changes users' ADR files. It works from the same model the site
//! is built from, finds every position to edit with the loader's own parser, creates new files
//! exclusively and replaces edited ones atomically, and touches only the lines it must: the
//! rest of a file stays byte for byte as it was.

pub mod adr_text;
mod find;
pub mod init;
mod placement;
mod request;
pub mod review_mark;
pub mod template;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use crate::load::project::Project;
use crate::load::{self, Loaded, adr_metadata as adr_load};
use crate::model::Model;
use crate::model::decision::{Adr, Format, RelationKind, Status, StatusPlace};
use crate::render::markdown::resolve as links;
use crate::util::{paths, write};
use adr_text::{Lines, RelationLine};
pub use request::{NewAdr, NewLink};

/// A project's ADRs, loaded, ready to be changed.
pub struct Workspace<'p> {
    project: &'p Project,
    /// The loaded project.
    pub loaded: Loaded,
    sources: HashMap<usize, String>,
}

/// What a command did, for the user.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The file created, if any (absolute).
    pub created: Option<PathBuf>,
    /// Files changed (absolute) and what changed in each.
    pub changed: Vec<(PathBuf, String)>,
    /// Files left as they are until the new record is accepted, and what will change then.
    pub pending: Vec<(PathBuf, String)>,
}

impl<'p> Workspace<'p> {
    /// Loads the project.
    pub fn open(project: &'p Project) -> Workspace<'p> {
        let loaded = load::load(project, &[project.output_dir()]);
        let sources = loaded.model.adr_sources();
        Workspace {
            project,
            loaded,
            sources,
        }
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.loaded.model
    }

    fn options(&self) -> adr_load::Options<'_> {
        adr_load::Options {
            statuses: &self.project.config.adr.statuses,
            date_order: self.project.config.adr.date_order,
        }
    }

    fn digits(&self) -> usize {
        usize::from(self.project.config.adr.digits)
    }

    /// The package (`adr.packages`) an ADR's folder belongs to, if any.
    pub fn package_of(&self, adr: &Adr) -> Option<&str> {
        self.loaded
            .layout
            .root_of(&self.model().docs[adr.doc].source)
            .and_then(|r| r.package.as_deref())
    }

    /// How lists name an ADR: its label (`0007`, `use-lunr`), after its package as log4brains
    /// names it (`package1/use-lunr`).
    pub fn label(&self, adr: &Adr) -> String {
        match self.package_of(adr) {
            Some(package) => format!("{package}/{}", adr.id.label()),
            None => adr.id.label(),
        }
    }

    /// The ADR at `index`.
    pub fn adr(&self, index: usize) -> &Adr {
        &self.model().adrs.adrs[index]
    }

    /// The source path of the ADR at `index`.
    pub fn source(&self, index: usize) -> &str {
        &self.model().docs[self.adr(index).doc].source
    }

    fn link_text(&self, adr: &Adr) -> String {
        match adr.id.number {
            Some(n) => format!("{n}. {}", adr.title),
            None => adr.title.clone(),
        }
    }

    fn reference(&self, adr: &Adr, source: &str) -> String {
        match &adr.id.digits {
            Some(d) => format!("ADR-{d}"),
            None => paths::file_name(source).to_string(),
        }
    }

    /// Creates a new ADR; records the relations on both sides.
    pub fn new_adr(&self, request: &NewAdr) -> Result<Outcome> {
        // A title is one line: line breaks, carriage returns and tabs in it (pasted text,
        // `$(…)` in a shell) are spaces, so nothing typed as a title becomes a section.
        let title = request
            .title
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let title = title.as_str();
        if title.is_empty() {
            bail!("the title is empty\n  help: sadoc adr new \"Use Kafka for events\"");
        }
        // Every relation: the ADR, what the new one states, what that one states back.
        let mut relations: Vec<(RelationKind, usize, Option<RelationKind>)> = Vec::new();
        for target in self.resolve_all(&request.supersedes)? {
            relations.push((
                RelationKind::Supersedes,
                target,
                Some(RelationKind::SupersededBy),
            ));
        }
        for target in self.resolve_all(&request.amends)? {
            relations.push((RelationKind::Amends, target, Some(RelationKind::AmendedBy)));
        }
        for link in &request.links {
            self.check_verb(&link.verb)?;
            let kind = RelationKind::parse(&link.verb);
            let reverse = match &link.reverse {
                Some(r) => {
                    self.check_verb(r)?;
                    Some(RelationKind::parse(r))
                }
                None => kind.reverse(),
            };
            relations.push((kind, self.find(&link.target)?, reverse));
        }
        let date = match &request.date {
            Some(d) => adr_load::parse_date(d, crate::load::config::DateOrder::Dmy)
                .with_context(|| format!("cannot read the date `{d}`; write it as YYYY-MM-DD"))?
                .to_string(),
            None => crate::util::date::today(),
        };
        let slug = template::slug(title);
        let folder = self.folder(request.package.as_deref())?;
        let naming = self.naming(&date, &folder)?;
        let file = format!("{}-{slug}.md", naming.id);
        let source = join(&folder.dir, &file);
        let path = self.project.path(&source);
        if path.exists() {
            bail!(
                "`{}` already exists; sadoc never overwrites a file\n  help: choose another title",
                crate::util::paths::shown(&path)
            );
        }
        let template = self.template(
            request.template.as_deref(),
            naming.number.is_none(),
            &folder,
        )?;
        let status = request.status.clone().unwrap_or(template.status.clone());
        self.check_status(&status)?;
        // Match the template's style: adr-tools writes `Accepted`, MADR `accepted`.
        let status = if template.status.starts_with(char::is_uppercase) {
            capitalise(&status)
        } else {
            status
        };
        let mut text = template::fill_in(
            &template.text,
            template.style,
            &template::Fill {
                number: naming.number,
                id: &naming.id,
                title,
                slug: &slug,
                date: &date,
                status: &status,
            },
        );
        for (kind, target, _) in &relations {
            let (kind, target) = (kind.clone(), *target);
            let other = self.adr(target);
            let other_source = self.source(target);
            text = self.edit_text(&source, &text, |lines, adr| {
                adr_text::add_relation(
                    lines,
                    adr,
                    &RelationLine {
                        kind: &kind,
                        link_text: &self.link_text(other),
                        link_target: &links::relative_url(&source, other_source),
                        reference: &self.reference(other, other_source),
                    },
                );
            })?;
        }
        write::create_new(&path, text.as_bytes())
            .with_context(|| format!("cannot create `{}`", crate::util::paths::shown(&path)))?;
        let mut outcome = Outcome {
            created: Some(path),
            ..Outcome::default()
        };
        // The new record's identity, as the old ones will refer to it.
        let new_adr = Adr {
            id: adr_load::identity(&source),
            title: title.to_string(),
            ..self.placeholder_adr()
        };
        // A proposed record supersedes nothing yet: the older one keeps its status (its page
        // says "proposed to be superseded by") until this one is accepted.
        let in_force = !matches!(
            adr_load::normalise_status(&status, &self.project.config.adr.statuses).status,
            Status::Proposed | Status::Rejected
        );
        for (_, target, reverse) in relations {
            let change = match reverse {
                None => continue,
                Some(RelationKind::SupersededBy) if !in_force => {
                    outcome.pending.push((
                        self.project.path(self.source(target)),
                        format!(
                            "superseded by {} once it is accepted (`sadoc adr status {} accepted`)",
                            self.reference(&new_adr, &source),
                            new_adr
                                .id
                                .number
                                .map_or_else(|| new_adr.id.slug.clone(), |n| n.to_string())
                        ),
                    ));
                    continue;
                }
                Some(RelationKind::SupersededBy) => {
                    self.mark_superseded(target, &new_adr, &source)?
                }
                Some(kind) => self.add_relation_to(target, kind, &new_adr, &source)?,
            };
            outcome.changed.push(change);
        }
        Ok(outcome)
    }

    /// Sets the status of an ADR, where its file keeps it.
    pub fn set_status(&self, index: usize, status: &str) -> Result<Outcome> {
        self.check_status(status)?;
        let adr = self.adr(index);
        let written = match adr.format {
            Format::Nygard | Format::Plain => capitalise(status),
            Format::FrontMatter | Format::Bullets => status.to_string(),
        };
        let source = self.source(index).to_string();
        let before = adr
            .status_text
            .clone()
            .unwrap_or_else(|| "no status".to_string());
        self.edit_file(&source, |lines, adr| {
            adr_text::set_status(lines, adr, &written)
        })?;
        let mut outcome = Outcome {
            created: None,
            changed: vec![(
                self.project.path(&source),
                format!("status: {before} → {written}"),
            )],
            pending: Vec::new(),
        };
        // Accepting a record puts its supersessions in force: the records it supersedes become
        // superseded in the same change.
        let normalised =
            adr_load::normalise_status(status, &self.project.config.adr.statuses).status;
        if !matches!(normalised, Status::Proposed | Status::Rejected) {
            outcome.changed.extend(self.mark_supersessions(index)?);
        }
        Ok(outcome)
    }

    /// Marks superseded the records ADR `index` states it supersedes and that do not say so yet.
    fn mark_supersessions(&self, index: usize) -> Result<Vec<(PathBuf, String)>> {
        let by = self.adr(index).clone();
        let source = self.source(index).to_string();
        let mut changed = Vec::new();
        for r in by.relations.iter().filter(|r| r.stated) {
            if r.kind != RelationKind::Supersedes {
                continue;
            }
            let marked = self.adr(r.target).relations.iter().any(|back| {
                back.target == index && back.stated && back.kind == RelationKind::SupersededBy
            });
            if !marked {
                changed.push(self.mark_superseded(r.target, &by, &source)?);
            }
        }
        Ok(changed)
    }

    /// Puts every supersession in force whose successor is accepted (or later deprecated or
    /// superseded itself) but whose predecessor an edit left unmarked — what `sadoc check
    /// --fix` does for records accepted in a merge request by hand.
    pub fn mark_accepted_supersessions(&self) -> Result<Vec<(PathBuf, String)>> {
        let mut changed = Vec::new();
        for index in 0..self.model().adrs.adrs.len() {
            if self.model().adrs.supersedes_in_force(index) {
                changed.extend(self.mark_supersessions(index)?);
            }
        }
        Ok(changed)
    }

    /// Records that `from` relates to `to` (`Amends`, `Supersedes`, a custom verb), and the
    /// reverse relation in `to`. Superseding also sets the superseded ADR's status.
    pub fn link(
        &self,
        from: usize,
        verb: &str,
        to: usize,
        reverse: Option<&str>,
    ) -> Result<Outcome> {
        if from == to {
            bail!("an ADR cannot be linked to itself");
        }
        self.check_verb(verb)?;
        if let Some(reverse) = reverse {
            self.check_verb(reverse)?;
        }
        let kind = RelationKind::parse(verb);
        let reverse = reverse.map(RelationKind::parse).or_else(|| kind.reverse());
        let mut outcome = Outcome::default();
        for (a, kind, b) in [(from, Some(kind), to), (to, reverse, from)] {
            let Some(kind) = kind else {
                continue;
            };
            let stated = self
                .adr(a)
                .relations
                .iter()
                .any(|r| r.stated && r.target == b && r.kind == kind);
            if stated {
                continue;
            }
            let (other, other_source) = (self.adr(b).clone(), self.source(b).to_string());
            let change = if kind == RelationKind::SupersededBy {
                self.mark_superseded(a, &other, &other_source)?
            } else {
                self.add_relation_to(a, kind, &other, &other_source)?
            };
            outcome.changed.push(change);
        }
        Ok(outcome)
    }

    /// Sets `target`'s status to "superseded by" `by`, in its file's own convention. A record
    /// already superseded by another keeps that and gets a second "Superseded by" line, as
    /// adr-tools writes it, so no back-link is lost.
    fn mark_superseded(
        &self,
        target: usize,
        by: &Adr,
        by_source: &str,
    ) -> Result<(PathBuf, String)> {
        let superseded = self.adr(target).status == crate::model::decision::Status::Superseded
            && self
                .adr(target)
                .relations
                .iter()
                .any(|r| r.kind == RelationKind::SupersededBy && r.stated);
        if superseded {
            return self.add_relation_to(target, RelationKind::SupersededBy, by, by_source);
        }
        let source = self.source(target).to_string();
        let link = format!(
            "[{}]({})",
            self.link_text(by),
            links::relative_url(&source, by_source)
        );
        let reference = self.reference(by, by_source);
        let adr = self.adr(target);
        let status = match (adr.format, adr.places.status) {
            (_, StatusPlace::FrontMatter(_)) => format!("superseded by {reference}"),
            (_, StatusPlace::Line(_)) => format!("superseded by {link}"),
            (Format::FrontMatter, StatusPlace::Missing) if adr.places.front_end.is_some() => {
                format!("superseded by {reference}")
            }
            _ => format!("Superseded by {link}"),
        };
        self.edit_file(&source, |lines, adr| {
            adr_text::set_status(lines, adr, &status)
        })?;
        Ok((self.project.path(&source), format!("status → {status}")))
    }

    fn add_relation_to(
        &self,
        target: usize,
        kind: RelationKind,
        other: &Adr,
        other_source: &str,
    ) -> Result<(PathBuf, String)> {
        let source = self.source(target).to_string();
        let link_text = self.link_text(other);
        self.edit_file(&source, |lines, adr| {
            adr_text::add_relation(
                lines,
                adr,
                &RelationLine {
                    kind: &kind,
                    link_text: &link_text,
                    link_target: &links::relative_url(&source, other_source),
                    reference: &self.reference(other, other_source),
                },
            );
        })?;
        Ok((
            self.project.path(&source),
            format!(
                "added `{} {}`",
                kind.label(),
                self.reference(other, other_source)
            ),
        ))
    }

    /// Reads an ADR file, applies an edit positioned by the loader's parse of the same bytes,
    /// and replaces the file atomically.
    fn edit_file(&self, source: &str, edit: impl FnOnce(&mut Lines, &Adr)) -> Result<()> {
        let path = self.project.path(source);
        let bytes = std::fs::read(&path)
            .with_context(|| format!("cannot read `{}`", crate::util::paths::shown(&path)))?;
        let raw = String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!(
                "`{}` is not valid UTF-8; sadoc will not edit it\n  help: save it as UTF-8 first",
                crate::util::paths::shown(&path)
            )
        })?;
        let edited = self.edit_text(source, &raw, edit)?;
        write::replace(&path, edited.as_bytes())
    }

    /// Applies an edit to the text of the ADR `source`.
    fn edit_text(
        &self,
        source: &str,
        raw: &str,
        edit: impl FnOnce(&mut Lines, &Adr),
    ) -> Result<String> {
        if raw.replace("\r\n", "").contains('\r') {
            bail!(
                "`{source}` uses old Mac line endings (CR only); convert it to LF or CRLF before sadoc edits it"
            );
        }
        let normalised = raw
            .strip_prefix('\u{feff}')
            .unwrap_or(raw)
            .replace("\r\n", "\n");
        let (_, adr, _) = load::parse_text(
            &self.loaded.layout,
            source,
            &normalised,
            false,
            self.options(),
        );
        let adr = adr.with_context(|| {
            format!("`{source}` is not an ADR (it is a template or an index page)")
        })?;
        let mut lines = Lines::new(raw);
        edit(&mut lines, &adr);
        Ok(lines.text())
    }

    fn resolve_all(&self, references: &[String]) -> Result<Vec<usize>> {
        references.iter().map(|r| self.find(r)).collect()
    }

    /// A relation verb that is neither one sadoc knows nor one the log already uses, but is
    /// one typo away from one of those (`Superseeds`), is refused with the word it resembles:
    /// otherwise it would be written as a new verb of the team's own.
    fn check_verb(&self, verb: &str) -> Result<()> {
        if !matches!(RelationKind::parse(verb), RelationKind::Other(_)) {
            return Ok(());
        }
        let known = [
            RelationKind::Supersedes,
            RelationKind::SupersededBy,
            RelationKind::Amends,
            RelationKind::AmendedBy,
        ]
        .map(|k| k.label());
        let used: BTreeSet<String> = self
            .model()
            .adrs
            .adrs
            .iter()
            .flat_map(|a| &a.relations)
            .filter_map(|r| match &r.kind {
                RelationKind::Other(v) => Some(v.clone()),
                _ => None,
            })
            .collect();
        if used.iter().any(|v| v.eq_ignore_ascii_case(verb.trim())) {
            return Ok(());
        }
        let candidates = known
            .iter()
            .map(String::as_str)
            .chain(used.iter().map(String::as_str));
        let Some(guess) = crate::util::spelling::closest(verb, candidates) else {
            return Ok(());
        };
        if known.iter().any(|k| k == guess) {
            bail!(
                "`{verb}` looks like a misspelling of `{guess}`\n  help: did you mean `{guess}`? sadoc knows Supersedes, Superseded by, Amends and Amended by; a verb of your own (Clarifies, Relates to) must not resemble one of those"
            );
        }
        bail!(
            "`{verb}` looks like a misspelling of `{guess}`, which the decision log already uses\n  help: did you mean `{guess}`? a new verb of your own must not resemble one the log uses"
        )
    }

    fn check_status(&self, status: &str) -> Result<()> {
        let normalised = adr_load::normalise_status(status, &self.project.config.adr.statuses);
        if normalised.status == Status::Unknown {
            bail!(
                "unknown status `{status}`\n  help: {}",
                adr_load::unknown_status_help(status, &self.project.config.adr.statuses)
            );
        }
        Ok(())
    }

    fn placeholder_adr(&self) -> Adr {
        Adr {
            doc: usize::MAX,
            id: adr_load::identity("x.md"),
            title: String::new(),
            status: Status::Proposed,
            status_text: None,
            status_line: None,
            date: None,
            date_text: None,
            deciders: Vec::new(),
            consulted: Vec::new(),
            informed: Vec::new(),
            tags: Vec::new(),
            format: Format::Plain,
            heading_number: None,
            heading_line: None,
            raw_relations: Vec::new(),
            relations: Vec::new(),
            places: Default::default(),
        }
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
