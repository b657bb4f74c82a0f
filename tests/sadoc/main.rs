//! sadoc's integration tests: one test binary, one module per feature. Each test builds a real
//! project in a temporary folder with the real `sadoc` binary and checks what a user would see.

mod harness;
mod http;
#[cfg(feature = "deploy")]
mod s3;
mod tools;

mod adr;
mod adr_cli;
mod adr_tools_parity;
mod bad_input;
mod browser;
mod build;
mod cache;
mod check;
mod config;
mod corpora;
#[cfg(feature = "deploy")]
mod deploy;
mod diagrams;
mod dogfood;
mod front_matter;
mod gitlab_ci;
mod history;
#[cfg(feature = "serve")]
mod incremental;
mod init;
mod links;
mod markdown;
mod mkdocs;
mod mkdocs_extras;
mod mkdocs_parity;
mod monorepo;
mod navigation;
mod note;
mod owners;
mod release;
mod review;
mod robustness;
mod sad;
mod search;
mod section_drift;
#[cfg(feature = "serve")]
mod serve;
mod snippet_drift;
mod stale_mentions;
mod status_history;
mod theme;
mod version;
mod versions;
mod view_pictures;
mod warm_builds;
