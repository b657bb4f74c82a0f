//! Checks: turning what loading and rendering saw into findings.
//!
//! Checks never read files or parse markdown again; they work on the model and on the links
//! and anchors each page reported while it was rendered. Findings are [`Diagnostic`]s.
//!
//! Most findings are about one document and follow from its own text and links: broken links
//! and anchors, `ADR-NNNN` references, unfinished SAD pages and ADRs, acronyms. [`DocChecks`] runs those
//! per document, so `sadoc serve` re-checks only the documents an edit touched; the rest
//! (the decision log, SAD completeness, governed code) look at the project as a whole.
//!
//! [`Diagnostic`]: crate::util::diag::Diagnostic

pub mod acronyms;
pub mod adr_prompts;
pub mod ci_reports;
pub mod code;
pub mod decision_changes;
pub mod decision_log;
pub mod drift;
pub mod finding;
pub mod links;
pub mod range;
pub mod report;
pub mod review;
pub mod sad_findings;
pub mod stale;
pub mod suggest;
pub mod view_pictures;

use std::collections::HashSet;

use rayon::prelude::*;

use crate::load::config::Config;
use crate::model::Model;
use crate::render::markdown::Rendered;
use crate::render::markdown::resolve::Target;
use crate::util::diag::Diagnostic;

/// Lowers or drops link problems as `validation.links` says (warnings stay warnings).
fn apply_validation(links: &crate::load::config::LinkValidation, out: &mut Vec<Diagnostic>) {
    use crate::load::config::Level;
    out.retain_mut(|d| match links.level(d.code) {
        Some(Level::Ignore) => false,
        Some(Level::Info) if d.severity == crate::util::diag::Severity::Warning => {
            d.severity = crate::util::diag::Severity::Info;
            true
        }
        _ => true,
    });
}

/// The checks of single documents, with what they share computed once.
pub struct DocChecks<'a> {
    model: &'a Model,
    rendered: &'a [Rendered<Target>],
    config: &'a Config,
    glossary: Option<sad_findings::Glossary>,
    adr_numbers: HashSet<u32>,
    prompts: adr_prompts::Prompts,
}

impl<'a> DocChecks<'a> {
    /// Prepares the checks of the documents of `model`.
    pub fn new(model: &'a Model, rendered: &'a [Rendered<Target>], config: &'a Config) -> Self {
        DocChecks {
            model,
            rendered,
            config,
            glossary: sad_findings::Glossary::find(model, rendered, config),
            adr_numbers: code::adr_numbers(model),
            prompts: adr_prompts::Prompts::new(model, config),
        }
    }

    /// The findings about document `doc`. `site_has` says whether the site has a file.
    pub fn run(&self, doc: usize, site_has: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
        let mut out = links::check_doc(self.model, self.rendered, doc, site_has);
        out.extend(code::check_doc(self.model, &self.adr_numbers, doc));
        out.extend(sad_findings::check_doc(
            self.model,
            self.rendered,
            self.config,
            self.glossary.as_ref(),
            doc,
        ));
        out.extend(self.prompts.check_doc(self.model, doc));
        out.extend(view_pictures::check_doc(self.model, doc));
        apply_validation(&self.config.validation.links, &mut out);
        out
    }

    /// The findings about every document, in document order.
    pub fn all(&self, site_has: &(dyn Fn(&str) -> bool + Sync)) -> Vec<Vec<Diagnostic>> {
        (0..self.model.docs.len())
            .into_par_iter()
            .map(|doc| self.run(doc, site_has))
            .collect()
    }
}
