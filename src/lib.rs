//! sadoc turns an architecture-documentation repository — an SEI "Views and Beyond" Software
//! Architecture Document and numbered Architecture Decision Records, in markdown — into a fast,
//! self-contained static website, and checks it in every merge request.
//!
//! The folders are the pipeline, in the order data flows through it, each importing only the
//! ones before it in this list:
//!
//! - `util`: leaf helpers every stage shares (diagnostics, paths, globs, dates, HTML escaping,
//!   content hashes, atomic writes);
//! - [`model`]: the plain data of a project — documents, decisions, the SAD's views — and the
//!   facts derived from them (governance, completeness);
//! - `load`: finding the project and reading its files, configuration, code files and git
//!   history into a [`model::Model`];
//! - `render`: each document's markdown, then every page, asset and search file of the
//!   [`site::Site`], held in memory or staged beside the output and swapped in atomically;
//! - `check`: turning what loading and rendering saw into findings, and drift reports;
//! - [`pipeline`]: the [`pipeline::Pipeline`] that runs those stages, and the one-shot runs
//!   `sadoc build` and `sadoc check` make of it;
//! - `edit`: what writes a project's sources (`sadoc init`, `sadoc adr new/status/link`);
//! - [`serve`] and `deploy`: a live preview over one kept pipeline, and publishing to S3;
//! - [`cli`]: the `sadoc` command, the only part that prints.

// Without `serve` (the fuzz targets' build) the pipeline's incremental methods and the
// search index's reload path have no caller; they are not dead in the default build.
#![cfg_attr(not(feature = "serve"), allow(dead_code, unused_imports))]

pub(crate) mod check;
pub mod cli;
#[cfg(feature = "deploy")]
pub(crate) mod deploy;
pub(crate) mod edit;
pub(crate) mod load;
pub mod model;
pub mod pipeline;
pub(crate) mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub(crate) mod util;

// The public surface: a project, the pipeline that builds it (and `sadoc check`'s run), the
// site it makes, the serve session, the model, and the types their results are made of. The
// rest of the crate is private to it.
pub use check::finding::{Check, Finding};
pub use check::report::Report;
pub use load::code::CodeFiles;
pub use load::config::{Config, FailOn};
pub use load::git::GitError;
pub use load::history::History;
pub use load::project;
pub use render::markdown::Rendered;
pub use render::markdown::resolve::Target;
pub use render::site;
pub use render::view_diagram;
pub use util::diag;

/// The parsers that read untrusted text, for the fuzz targets (`fuzz/`) and the robustness
/// tests: not a stable interface.
#[doc(hidden)]
pub mod parsers {
    pub use crate::load::adr_metadata;
    pub use crate::load::front_matter;
    pub use crate::load::parse_text;
    pub use crate::render::markdown::highlight::Highlighter;
    pub use crate::render::markdown::{LinkKind, LinkResolver, Markdown};
    pub use crate::util::glob::CodeGlob;
}
