//! Small helpers every stage shares and that know nothing of sadoc's pipeline: diagnostics,
//! paths, globs, dates, YAML positions, MIME types, code-fence tracking, HTML escaping, content
//! hashes and atomic writes. Nothing here imports another part of the crate.

pub mod date;
pub mod diag;
pub mod fence;
pub mod glob;
pub mod mime;
pub mod paths;
pub mod write;
pub mod yaml;
