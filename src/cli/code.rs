//! `sadoc code PATH`: which documents govern a code path.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{EXIT_FINDINGS, EXIT_OK, Globals};
use crate::model::governance::Origin;

/// Arguments of `sadoc code`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Code paths (files or folders), relative to the current folder.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Runs `sadoc code`: prints the governing documents of each path, most specific first; exits
/// with 1 when a path has none.
pub fn run(globals: &Globals, args: Args) -> Result<ExitCode> {
    let project = globals.project(None)?;
    // Loaded and its markdown read (for titles), as `sadoc check` builds it.
    let mut pipeline = crate::pipeline::Pipeline::new(
        project.clone(),
        crate::pipeline::Options {
            exclude: vec![project.output_dir()],
            ..crate::pipeline::Options::check()
        },
        crate::render::site::Site::new(),
    );
    pipeline.load();
    pipeline.markdown();
    let model = &pipeline.model;
    let mut ungoverned = 0;
    for path in &args.paths {
        let absolute = crate::load::project::absolute(&globals.resolve(path));
        let Some(relative) = crate::util::paths::relative(&project.root, &absolute) else {
            bail!(
                "`{}` is outside the project `{}`\n  help: governed paths are relative to the folder of sadoc.yml",
                path.display(),
                project.root.display()
            );
        };
        // A folder is governed by what governs the files inside it.
        let probe = if absolute.is_dir() {
            format!("{}/.", relative.trim_end_matches('/'))
        } else {
            relative.clone()
        };
        let rules = model.governance.governing(&probe);
        if rules.is_empty() {
            ungoverned += 1;
            println!("{relative}: no document governs it");
            continue;
        }
        println!("{relative}");
        for rule in rules {
            let doc = &model.docs[rule.doc];
            let what = match model.adr_of(rule.doc) {
                Some(adr) => format!("{} {} ({})", adr.id.label(), adr.title, adr.status),
                None => format!(
                    "{} ({})",
                    model.title(rule.doc, pipeline.rendered[rule.doc].h1.as_deref()),
                    doc.kind.as_str()
                ),
            };
            let via = match &rule.origin {
                Origin::Document => String::new(),
                Origin::Element(id) => format!(", element `{id}`"),
                Origin::Config(glob) => format!(", sadoc.yml for `{glob}`"),
                Origin::Section(id) => format!(", section `#{id}`"),
            };
            println!("  {}  {what}  [{}{via}]", doc.source, rule.glob.pattern);
        }
    }
    Ok(ExitCode::from(if ungoverned > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }))
}
