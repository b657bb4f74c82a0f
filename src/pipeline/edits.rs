//! What `sadoc serve` does between full runs of the pipeline: a document read again and its
//! markdown rendered against the current model, then put into the pipeline's state — its ADR
//! data, its problems, the files its links copy into the site — with the model derived again
//! when what spans documents may have changed. The pages are then rendered again with
//! [`Pipeline::render_pages`], chosen by the session.

use std::collections::BTreeSet;

use super::stages::Pipeline;
use crate::load;
use crate::model::Doc;
use crate::model::decision::Adr;
use crate::render::markdown::Rendered;
use crate::render::markdown::resolve::Target;
use crate::util::diag::Diagnostic;

/// One document read again, with its new markdown: see [`Pipeline::reload`].
pub(crate) struct Edit {
    pub(crate) doc: usize,
    pub(crate) new: Doc,
    pub(crate) adr: Option<Adr>,
    pub(crate) rendered: Rendered<Target>,
    pub(crate) problems: Vec<Diagnostic>,
    /// Its front matter or ADR data changed, not only its body.
    pub(crate) model_changed: bool,
}

impl Pipeline {
    /// Reads the document `source` again and renders its markdown against the current model.
    /// `None` when the edit changes what the model is made of (the file is gone or unreadable,
    /// its page moved, it became or stopped being an ADR): only a full build can follow that.
    pub(crate) fn reload(&self, source: &str) -> Option<Edit> {
        let model = &self.model;
        let i = model.doc_index(source)?;
        // A blog's pages list one another (the index, archive and category pages): a change
        // to one of them is a full build.
        if let Some(blog) = &self.project.config.blog {
            let dir = crate::util::paths::join(&self.project.config.docs.dir, &blog.blog_dir);
            if dir.is_some_and(|d| crate::util::paths::is_within(source, &d)) {
                return None;
            }
        }
        let old = &model.docs[i];
        let options = load::adr_options(&self.project.config);
        let (loaded, problems) = load::load_doc(
            &self.project,
            &self.layout,
            source,
            old.is_index,
            options,
            self.macros.as_deref(),
        );
        let (doc, adr) = loaded?;
        if doc.page != old.page || adr.is_some() != model.adr_of(i).is_some() {
            return None;
        }
        let same_adr = match (model.adr_of(i), &adr) {
            (Some(old), Some(new)) => old.same_decision(new),
            _ => true,
        };
        let rendered = self.markdown_stage().render(&doc);
        Some(Edit {
            doc: i,
            model_changed: doc.front != old.front || doc.kind != old.kind || !same_adr,
            new: doc,
            adr,
            rendered,
            problems,
        })
    }

    /// Puts edited documents, their ADR data, markdown and problems into the state, and
    /// derives the model again when what spans documents may have changed. Returns the site
    /// files copied for new links to files, or removed because nothing links to them any more.
    pub(crate) fn apply(&mut self, edits: Vec<Edit>) -> Vec<String> {
        let mut rederive = false;
        let mut copied = Vec::new();
        let mut dropped: BTreeSet<String> = BTreeSet::new();
        for edit in edits {
            rederive |= edit.model_changed;
            let source = edit.new.source.clone();
            if edit.problems.is_empty() {
                self.doc_problems().remove(&source);
            } else {
                self.doc_problems().insert(source, edit.problems);
            }
            for source in file_targets(&edit.rendered) {
                let file = self.layout.site_path(&source);
                if !self.site.contains(&file) {
                    self.site.copy(file.clone(), self.project.path(&source));
                    copied.push(file);
                }
            }
            self.model.docs[edit.doc] = edit.new;
            let old = std::mem::replace(&mut self.rendered[edit.doc], edit.rendered);
            dropped.extend(file_targets(&old));
            if let (Some(a), Some(new)) = (self.model.adrs.of_doc(edit.doc), edit.adr) {
                let stored = &mut self.model.adrs.adrs[a];
                if edit.model_changed {
                    *stored = Adr {
                        doc: stored.doc,
                        ..new
                    };
                } else {
                    stored.status_line = new.status_line;
                    stored.heading_line = new.heading_line;
                    stored.places = new.places;
                }
            }
        }
        // A file no page links to any more is not part of the site.
        let linked: BTreeSet<String> = self.rendered.iter().flat_map(file_targets).collect();
        for source in dropped.difference(&linked) {
            let file = self.layout.site_path(source);
            if self.site.remove(&file) {
                copied.push(file);
            }
        }
        if rederive {
            let model = std::mem::take(&mut self.model);
            self.model = load::rebuild_model(model, &self.project);
        }
        copied
    }
}

/// The files a page links to (copied into the site), by source path.
pub(crate) fn file_targets(r: &Rendered<Target>) -> BTreeSet<String> {
    r.links
        .iter()
        .filter_map(|l| match &l.target {
            Target::File { source } => Some(source.clone()),
            _ => None,
        })
        .collect()
}
