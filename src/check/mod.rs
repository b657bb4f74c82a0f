//! Checks: turning what loading and rendering saw into findings.
//!
//! Checks never read files or parse markdown again; they work on the model and on the links
//! and anchors each page reported while it was rendered. Findings are [`Diagnostic`]s.
//!
//! [`Diagnostic`]: crate::diag::Diagnostic

pub mod adr;
pub mod code;
pub mod drift;
pub mod finding;
pub mod links;
pub mod range;
pub mod sad;
pub mod suggest;
