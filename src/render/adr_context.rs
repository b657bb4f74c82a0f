//! What the decision log and an ADR's page get to show: the template context of decisions,
//! apart from the rest of the page's context so each stays a size one can read.

use serde::Serialize;

use super::context::{CodeLink, LinkContext};
use super::status_timeline::{RequestLink, TimelineEntry};

/// One row of the decision log.
#[derive(Debug, Clone, Serialize)]
pub struct AdrRow<'a> {
    /// How the ADR is referred to: `ADR-0007`, or its slug.
    pub label: String,
    /// The number as written in the file name (`0007`).
    pub number: Option<&'a str>,
    /// Title.
    pub title: &'a str,
    /// URL, relative to the site root.
    pub url: &'a str,
    /// Normalised status (`accepted`, …, `unknown`).
    pub status: &'static str,
    /// The status as written.
    pub status_text: Option<&'a str>,
    /// The decision date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Who decided.
    pub deciders: &'a [String],
    /// Tags.
    pub tags: &'a [String],
    /// The merge request that proposed it, while it is proposed.
    pub proposed_in: Option<RequestLink>,
}

/// A link to an ADR.
#[derive(Debug, Clone, Serialize)]
pub struct AdrLink<'a> {
    /// `ADR-0007`, or the slug.
    pub label: String,
    /// Title.
    pub title: &'a str,
    /// URL, relative to the site root.
    pub url: &'a str,
    /// Normalised status.
    pub status: &'static str,
}

/// The ADRs an ADR relates to in one way (`Supersedes`, `Amended by`, …).
#[derive(Debug, Clone, Serialize)]
pub struct RelationGroup<'a> {
    /// The relation as shown to readers.
    pub label: String,
    /// The other ADRs.
    pub adrs: Vec<AdrLink<'a>>,
}

/// Everything about the ADR a page shows.
#[derive(Debug, Clone, Serialize)]
pub struct AdrInfo<'a> {
    /// `ADR-0007`, or the slug.
    pub label: String,
    /// Normalised status.
    pub status: &'static str,
    /// The status as written.
    pub status_text: Option<&'a str>,
    /// What the status as written says beyond the status and its successors, as plain text.
    pub status_note: Option<String>,
    /// The decision date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Whether the body shows the date as written (an adr-tools `Date:` line): the header
    /// leaves it to the body.
    pub date_in_body: bool,
    /// Who decided.
    pub deciders: &'a [String],
    /// Who was consulted.
    pub consulted: &'a [String],
    /// Who was informed.
    pub informed: &'a [String],
    /// Tags.
    pub tags: &'a [String],
    /// Relations to other ADRs, grouped by kind, but for the successors.
    pub relations: Vec<RelationGroup<'a>>,
    /// The ADRs that replace this one (the status line links them).
    pub superseded_by: Vec<AdrLink<'a>>,
    /// Proposed ADRs that would replace this one once accepted (its status stays as it is
    /// until then).
    pub proposed_successors: Vec<AdrLink<'a>>,
    /// The supersede chain this ADR is part of, oldest first (empty when it is alone or the
    /// chain is only its direct predecessor or successor, which the header shows already).
    pub chain: Vec<AdrLink<'a>>,
    /// This ADR's position in `chain`.
    pub chain_position: usize,
    /// The positions in `chain` of its direct predecessors and successors: the header links
    /// them already, so the chain names them without a second link.
    pub chain_direct: Vec<usize>,
    /// Pages (views, SAD documents) that cite this ADR.
    pub cited_by: Vec<LinkContext<'a>>,
    /// Code paths the ADR governs.
    pub governs: Vec<CodeLink>,
    /// How its status and relations changed, oldest first, from git.
    pub timeline: Vec<TimelineEntry>,
    /// A shallow clone's boundary, before which the timeline knows nothing.
    pub history_boundary: Option<&'a str>,
}

/// ADRs decided in one month, for the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineGroup<'a> {
    /// `YYYY-MM`.
    pub month: String,
    /// The ADRs, oldest first.
    pub adrs: Vec<AdrRow<'a>>,
}

/// The decision log's extra content.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LogInfo<'a> {
    /// Every tag used, sorted, for the tag filter.
    pub tags: Vec<&'a str>,
    /// ADRs by month.
    pub timeline: Vec<TimelineGroup<'a>>,
    /// How many ADRs have no date (and are missing from the timeline).
    pub undated: usize,
    /// The relation graph as inline SVG, when any ADRs are related.
    pub graph: Option<String>,
    /// Whether any ADR names its deciders (else the column is left out).
    pub has_deciders: bool,
}
