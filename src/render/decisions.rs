//! What the decision log and ADR pages show, computed once per build from the ADR model: log
//! rows, each ADR's relations and citing pages, the timeline and the relation graph.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use super::context::{
    AdrInfo, AdrLink, AdrRow, LinkContext, LogInfo, RelationGroup, TimelineGroup,
};
use super::status_timeline;
use super::tree::Tree;
use crate::load::config::RepoConfig;
use crate::load::status_history::StatusChange;
use crate::model::Model;
use crate::model::decision::{Adr, RelationKind, Status};
use crate::render::markdown::Rendered;
use crate::render::markdown::resolve::{Target, relative_url};
use crate::util::escape_html;

/// What the status as written says beyond the status itself, as plain text for the header:
/// `Accepted (documenting an existing thing)` says more than `accepted`; `Superseded by
/// [4. Store…](0004-store….md)` says nothing the linked successor does not, so only what
/// follows the reference is kept (`Superseded by ADR-0009. We moved on in 2020.` →
/// `We moved on in 2020.`). Never markdown: links become their text.
fn status_note(adr: &Adr) -> Option<String> {
    static SUPERSEDED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)^\W*(superseded|superceded|replaced)(\s+by)?(\s*(\[[^\]]*\]\([^)]*\)|\[\[[^\]]*\]\]|adr[-_ ]?\d+|#?\d+)[,;]?)*[\s.,;:!]*",
        )
        .expect("valid regex")
    });
    let text = adr.status_text.as_deref()?;
    let rest = if adr.status == Status::Superseded {
        SUPERSEDED.replace(text, "").into_owned()
    } else {
        text.to_string()
    };
    let plain = crate::load::adr_metadata::plain(&rest);
    let word = plain
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    (!word.is_empty() && word != adr.status.as_str()).then_some(plain)
}

/// The decision-log data of a build.
pub struct Decisions<'a> {
    model: &'a Model,
    tree: &'a Tree,
    /// One row per ADR, in log order (aligned with `model.adrs.adrs`).
    pub rows: Vec<AdrRow<'a>>,
    cited_by: HashMap<usize, Vec<usize>>,
    history: StatusHistory<'a>,
}

/// How each ADR's status changed, from git, and where its pages link commits.
#[derive(Clone, Copy, Default)]
pub struct StatusHistory<'a> {
    /// Aligned with the log (empty outside a repository).
    pub changes: &'a [Vec<StatusChange>],
    pub repo: Option<&'a RepoConfig>,
    /// A shallow clone's boundary, before which nothing is known.
    pub shallow_boundary: Option<&'a str>,
}

impl<'a> Decisions<'a> {
    /// Collects the rows and the pages citing each ADR (by a link or front matter `adrs:`).
    pub fn new(
        model: &'a Model,
        tree: &'a Tree,
        rendered: &[Rendered<Target>],
        history: StatusHistory<'a>,
    ) -> Decisions<'a> {
        let rows = model
            .adrs
            .adrs
            .iter()
            .enumerate()
            .map(|(i, adr)| {
                let mut row = row(model, tree, adr);
                if adr.status == Status::Proposed {
                    row.proposed_in = history
                        .changes
                        .get(i)
                        .and_then(|changes| status_timeline::proposed_in(changes, history.repo));
                }
                row
            })
            .collect();
        let sources = model.adr_sources();
        let mut cited: HashMap<usize, BTreeSet<usize>> = HashMap::new();
        for (doc, page) in rendered.iter().enumerate() {
            if model.adr_of(doc).is_some() {
                continue;
            }
            let linked = page.links.iter().filter_map(|l| match l.target {
                Target::Page { doc: target, .. } => model.adrs.of_doc(target),
                _ => None,
            });
            let listed = model.docs[doc]
                .front
                .adrs
                .iter()
                .flat_map(|r| model.adrs.find(r, &sources));
            for adr in linked.chain(listed) {
                cited.entry(adr).or_default().insert(doc);
            }
        }
        let cited_by = cited
            .into_iter()
            .map(|(adr, docs)| {
                let entries = docs
                    .into_iter()
                    .filter_map(|d| tree.entry_of_doc(d))
                    .collect();
                (adr, entries)
            })
            .collect();
        Decisions {
            model,
            tree,
            rows,
            cited_by,
            history,
        }
    }

    /// A link to ADR `adr`.
    pub fn link(&self, adr: usize) -> AdrLink<'a> {
        let row = &self.rows[adr];
        AdrLink {
            label: row.label.clone(),
            title: row.title,
            url: row.url,
            status: row.status,
        }
    }

    /// What the page of ADR `index` shows about it.
    pub fn info(&self, index: usize) -> AdrInfo<'a> {
        let adr = &self.model.adrs.adrs[index];
        let mut groups: BTreeMap<RelationKind, Vec<AdrLink<'a>>> = BTreeMap::new();
        let mut proposed_successors = Vec::new();
        for relation in &adr.relations {
            // A successor only proposed: "proposed to be superseded by", not superseded.
            if relation.kind == RelationKind::SupersededBy
                && !relation.stated
                && !self.model.adrs.supersedes_in_force(relation.target)
            {
                if self.model.adrs.adrs[relation.target].status
                    == crate::model::decision::Status::Proposed
                {
                    proposed_successors.push(self.link(relation.target));
                }
                continue;
            }
            groups
                .entry(relation.kind.clone())
                .or_default()
                .push(self.link(relation.target));
        }
        let superseded_by = groups
            .get(&RelationKind::SupersededBy)
            .cloned()
            .unwrap_or_default();
        let cited_by = self
            .cited_by
            .get(&index)
            .map(|entries| {
                entries
                    .iter()
                    .map(|&e| LinkContext {
                        title: &self.tree.entries[e].title,
                        url: &self.tree.entries[e].page.url,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let chain = self.chain(index);
        let chain_position = chain.iter().position(|&i| i == index).unwrap_or(0);
        // The header says each thing once: the successors in the status line, so not again
        // among the relations, and the chain only when it shows more than the direct links.
        groups.remove(&RelationKind::SupersededBy);
        let direct = adr
            .relations
            .iter()
            .filter(|r| {
                matches!(
                    r.kind,
                    RelationKind::Supersedes | RelationKind::SupersededBy
                )
            })
            .count();
        let shown = chain.len() > direct + 1;
        AdrInfo {
            chain_direct: if shown {
                chain
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| {
                        adr.relations.iter().any(|r| {
                            r.target == **i
                                && matches!(
                                    r.kind,
                                    RelationKind::Supersedes | RelationKind::SupersededBy
                                )
                        })
                    })
                    .map(|(at, _)| at)
                    .collect()
            } else {
                Vec::new()
            },
            chain: if shown {
                chain.iter().map(|&i| self.link(i)).collect()
            } else {
                Vec::new()
            },
            chain_position,
            label: adr.id.label(),
            status: adr.status.as_str(),
            status_text: adr.status_text.as_deref(),
            status_note: status_note(adr),
            date: adr.date.map(|d| d.to_string()),
            date_in_body: adr.places.date_line.is_some(),
            deciders: &adr.deciders,
            consulted: &adr.consulted,
            informed: &adr.informed,
            tags: &adr.tags,
            relations: groups
                .into_iter()
                .map(|(kind, adrs)| RelationGroup {
                    label: kind.label(),
                    adrs,
                })
                .collect(),
            superseded_by,
            proposed_successors,
            cited_by,
            governs: Vec::new(),
            timeline: self
                .history
                .changes
                .get(index)
                .map(|changes| status_timeline::entries(changes, self.history.repo))
                .unwrap_or_default(),
            history_boundary: self.history.shallow_boundary,
        }
    }

    /// The supersede chain through `index`: back along "supersedes" to the oldest record, then
    /// forward along "superseded by" (the first of each, stopping at a loop).
    fn chain(&self, index: usize) -> Vec<usize> {
        let adrs = &self.model.adrs.adrs;
        let step = |i: usize, kind: &RelationKind| {
            adrs[i]
                .relations
                .iter()
                .find(|r| &r.kind == kind)
                .map(|r| r.target)
        };
        let mut seen = BTreeSet::from([index]);
        let mut oldest = index;
        while let Some(previous) = step(oldest, &RelationKind::Supersedes) {
            if !seen.insert(previous) {
                break;
            }
            oldest = previous;
        }
        let mut chain = vec![oldest];
        let mut seen = BTreeSet::from([oldest]);
        let mut current = oldest;
        while let Some(next) = step(current, &RelationKind::SupersededBy) {
            if !seen.insert(next) {
                break;
            }
            chain.push(next);
            current = next;
        }
        if !chain.contains(&index) {
            return vec![index];
        }
        chain
    }

    /// The decision log's tags, timeline and relation graph; `log_file` is the log page's site
    /// file, for the graph's relative links.
    pub fn log_info(&self, log_file: &str) -> LogInfo<'a> {
        let adrs = &self.model.adrs.adrs;
        let tags: BTreeSet<&'a str> = adrs
            .iter()
            .flat_map(|a| a.tags.iter().map(String::as_str))
            .collect();
        let mut months: BTreeMap<String, Vec<AdrRow<'a>>> = BTreeMap::new();
        let mut dated: Vec<(&Adr, &AdrRow<'a>)> = adrs
            .iter()
            .zip(&self.rows)
            .filter(|(a, _)| a.date.is_some())
            .collect();
        dated.sort_by_key(|(a, _)| a.date);
        for (adr, row) in &dated {
            if let Some(date) = adr.date {
                let month = format!("{:04}-{:02}", date.year, date.month);
                months.entry(month).or_default().push((*row).clone());
            }
        }
        LogInfo {
            tags: tags.into_iter().collect(),
            timeline: months
                .into_iter()
                .map(|(month, adrs)| TimelineGroup { month, adrs })
                .collect(),
            undated: adrs.len() - dated.len(),
            graph: self.graph(log_file),
            has_deciders: adrs.iter().any(|a| !a.deciders.is_empty()),
        }
    }

    /// An arc diagram of the relations between ADRs, as inline SVG: related ADRs in log order
    /// from top to bottom, each relation an arc on the left (orange: supersedes, blue: amends,
    /// grey: other), the arrow pointing at the newer record.
    fn graph(&self, log_file: &str) -> Option<String> {
        let adrs = &self.model.adrs.adrs;
        let mut pairs: BTreeMap<(usize, usize), &'static str> = BTreeMap::new();
        for (i, adr) in adrs.iter().enumerate() {
            for r in &adr.relations {
                let (from, to, class) = match &r.kind {
                    RelationKind::Supersedes => (r.target, i, "supersedes"),
                    RelationKind::SupersededBy => (i, r.target, "supersedes"),
                    RelationKind::Amends => (r.target, i, "amends"),
                    RelationKind::AmendedBy => (i, r.target, "amends"),
                    RelationKind::Other(_) => (i.min(r.target), i.max(r.target), "other"),
                };
                pairs.entry((from, to)).or_insert(class);
            }
        }
        if pairs.is_empty() {
            return None;
        }
        let nodes: BTreeSet<usize> = pairs.keys().flat_map(|&(a, b)| [a, b]).collect();
        let row_of: HashMap<usize, usize> =
            nodes.iter().enumerate().map(|(r, &n)| (n, r)).collect();
        const ROW: usize = 26;
        const TOP: usize = 16;
        let span = pairs
            .keys()
            .map(|(a, b)| row_of[a].abs_diff(row_of[b]))
            .max()
            .unwrap_or(1);
        let x0 = 24 + (span * 14).min(220);
        let height = TOP * 2 + nodes.len() * ROW;
        let width = x0 + 620;
        let mut svg = String::new();
        let _ = write!(
            svg,
            "<svg class=\"adr-graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Relations between decisions\">\
<defs><marker id=\"adr-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"context-stroke\"/></marker></defs>"
        );
        for (&(from, to), class) in &pairs {
            let (y1, y2) = (
                TOP + row_of[&from] * ROW + ROW / 2,
                TOP + row_of[&to] * ROW + ROW / 2,
            );
            let bulge = x0 - 10 - (row_of[&from].abs_diff(row_of[&to]) * 14).min(x0 - 14);
            let _ = write!(
                svg,
                "<path class=\"arc {class}\" d=\"M{x},{y1} C{bulge},{y1} {bulge},{y2} {x},{y2}\" marker-end=\"url(#adr-arrow)\"/>",
                x = x0 - 6
            );
        }
        for (r, &n) in nodes.iter().enumerate() {
            let row = &self.rows[n];
            let y = TOP + r * ROW + ROW / 2;
            let href = relative_url(log_file, row.url);
            let _ = write!(
                svg,
                "<a href=\"{}\"><circle class=\"node status-{}\" cx=\"{x0}\" cy=\"{y}\" r=\"5\"/><text x=\"{}\" y=\"{}\"><tspan class=\"label\">{}</tspan> {}</text></a>",
                escape_html(&href),
                row.status,
                x0 + 14,
                y + 5,
                escape_html(&row.label),
                escape_html(row.title)
            );
        }
        svg.push_str("</svg>");
        Some(svg)
    }
}

fn row<'a>(model: &'a Model, tree: &'a Tree, adr: &'a Adr) -> AdrRow<'a> {
    let entry = tree.entry_of_doc(adr.doc).map(|e| &tree.entries[e]);
    AdrRow {
        label: adr.id.label(),
        number: adr.id.digits.as_deref(),
        title: entry.map_or(adr.title.as_str(), |e| e.title.as_str()),
        url: entry.map_or(model.docs[adr.doc].page.url.as_str(), |e| {
            e.page.url.as_str()
        }),
        status: adr.status.as_str(),
        status_text: adr.status_text.as_deref(),
        date: adr.date.map(|d| d.to_string()),
        deciders: &adr.deciders,
        tags: &adr.tags,
        proposed_in: None,
    }
}
