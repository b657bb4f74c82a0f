//! sadoc turns an architecture-documentation repository — an SEI "Views and Beyond" Software
//! Architecture Document and numbered Architecture Decision Records, in markdown — into a fast,
//! self-contained static website, and checks it in every merge request.
//!
//! The folders are the pipeline, in the order data flows through it, each importing only the
//! ones before it in this list:
//!
//! - [`util`]: leaf helpers every stage shares (diagnostics, paths, globs, dates, HTML escaping,
//!   content hashes, atomic writes);
//! - [`model`]: the plain data of a project — documents, decisions, the SAD's views — and the
//!   facts derived from them (governance, completeness);
//! - [`load`]: finding the project and reading its files, configuration, code files and git
//!   history into a [`model::Model`];
//! - [`render`]: each document's markdown, then every page, asset and search file of the
//!   [`render::site::Site`], held in memory or staged beside the output and swapped in atomically;
//! - [`check`]: turning what loading and rendering saw into findings, and drift reports;
//! - [`pipeline`]: the [`pipeline::Pipeline`] that runs those stages, and the one-shot runs
//!   `sadoc build` and `sadoc check` make of it;
//! - [`edit`]: what writes a project's sources (`sadoc init`, `sadoc adr new/status/link`);
//! - [`serve`] and [`deploy`]: a live preview over one kept pipeline, and publishing to S3;
//! - [`cli`]: the `sadoc` command, the only part that prints.

pub mod check;
pub mod cli;
#[cfg(feature = "deploy")]
pub mod deploy;
pub mod edit;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub mod util;

pub use load::project;
pub use render::site;
