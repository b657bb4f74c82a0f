//! sadoc turns an architecture-documentation repository — an SEI "Views and Beyond" Software
//! Architecture Document and numbered Architecture Decision Records, in markdown — into a fast,
//! self-contained static website.
//!
//! The library is a pipeline of plain stages: [`project`] finds the configuration, [`load`]
//! reads the files into a [`model::Model`], [`markdown`] and [`render`] turn it into a
//! [`site::Site`] held in memory, [`check`] turns what rendering saw into diagnostics, and
//! [`site`] writes the result atomically. [`build`] runs the whole pipeline; the `sadoc` binary
//! is a thin CLI over it.

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod date;
#[cfg(feature = "deploy")]
pub mod deploy;
pub mod diag;
pub mod diagram;
pub mod git;
pub mod glob;
pub mod highlight;
pub mod history;
pub mod init;
pub mod lifecycle;
pub mod links;
pub mod load;
pub mod markdown;
pub mod mime;
pub mod model;
pub mod paths;
pub mod permalink;
pub mod project;
pub mod render;
pub mod report;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod write;
pub mod yaml;
