//! What rendering one document's markdown reads: the model and layout its links resolve
//! against, the permalinks at the commit being built, the pages sadoc generates, the glossary
//! and the highlighter. The pipeline's markdown stage renders every document with it, and
//! `sadoc serve` the documents an edit touched.

use std::collections::HashMap;

use crate::load::permalink::Permalinks;
use crate::load::project::Project;
use crate::model::DocKind;
use crate::model::glossary::Glossary;
use crate::model::{Doc, Layout, Model, SitePage};
use crate::render::markdown::highlight::{Highlighter, HighlighterFor, Highlighting};
use crate::render::markdown::resolve::relative_url;
use crate::render::markdown::resolve::{Resolver, Target};
use crate::render::markdown::terms::GlossaryUse;
use crate::render::markdown::{Markdown, Rendered};

use super::markdown_memo::{self, MarkdownMemo, Recording, Setting};

/// What markdown rendering resolves links against: permalinks at the commit being built, and
/// the pages sadoc generates that documents may link to.
pub(crate) struct LinkContext {
    pub(crate) permalinks: Permalinks,
    pub(super) generated: HashMap<String, SitePage>,
}

impl LinkContext {
    pub(super) fn new(
        project: &Project,
        layout: &Layout,
        git: Option<&crate::load::git::Repo>,
    ) -> LinkContext {
        let commit = crate::load::permalink::current_commit(git, &|k| std::env::var(k).ok());
        LinkContext {
            permalinks: Permalinks::new(project.config.repo.as_ref(), commit, git),
            generated: generated_pages(project, layout),
        }
    }
}

/// What rendering markdown reads.
pub(super) struct MarkdownStage<'a> {
    pub(super) project: &'a Project,
    pub(super) model: &'a Model,
    pub(super) layout: &'a Layout,
    pub(super) links: &'a LinkContext,
    pub(super) highlighting: &'a std::sync::Arc<Highlighting>,
    /// The glossary's terms, once its markdown is rendered.
    pub(super) glossary: Option<&'a Glossary>,
    /// The dialect, as the configuration sets it (made once for all pages).
    pub(super) markdown: Markdown,
    /// Rendered markdown kept between builds, with what this build renders with.
    pub(super) memo: Option<(&'a MarkdownMemo, Setting)>,
}

impl MarkdownStage<'_> {
    /// Renders the markdown of `doc` as the current model links it (it need not be in it).
    pub(super) fn render(&self, doc: &Doc) -> Rendered<Target> {
        self.render_with(doc, &self.highlighting.highlighter())
    }

    /// Renders the markdown of `doc` with `highlighter` (one per thread).
    pub(super) fn render_with(&self, doc: &Doc, highlighter: &Highlighter) -> Rendered<Target> {
        let model = self.model;
        let is_glossary = doc.kind == DocKind::Glossary
            && model
                .docs
                .iter()
                .find(|d| d.kind == DocKind::Glossary)
                .is_some_and(|g| g.source == doc.source);
        let links_terms = doc.front.glossary_links != Some(false) && doc.kind != DocKind::Template;
        let href = match self.glossary {
            Some(g) if links_terms && !is_glossary => {
                relative_url(&doc.page.file, &model.docs[g.doc].page.url)
            }
            _ => String::new(),
        };
        let glossary = match self.glossary {
            _ if is_glossary => Some(GlossaryUse::Anchor),
            Some(glossary) if links_terms => Some(GlossaryUse::Link {
                glossary,
                href: &href,
            }),
            _ => None,
        };
        let resolver = Resolver {
            model: self.model,
            layout: self.layout,
            root: &self.project.root,
            up: self.project.code_depth(),
            workspace: self.project.membership.as_ref(),
            permalinks: &self.links.permalinks,
            from_source: &doc.source,
            from_file: &doc.page.file,
            generated: &self.links.generated,
            glossary,
        };
        let Some((memo, setting)) = &self.memo else {
            return self
                .markdown
                .render(&doc.body, doc.body_line, highlighter, &resolver);
        };
        let key = markdown_memo::key(setting, doc, glossary.as_ref());
        if let Some(rendered) = memo.get(&key, &resolver, model) {
            return rendered;
        }
        let recording = Recording::new(&resolver, model);
        let rendered = self
            .markdown
            .render(&doc.body, doc.body_line, highlighter, &recording);
        memo.put(&key, &rendered, recording, model);
        rendered
    }
}

/// Pages sadoc generates that documents may link to as if they were markdown files: the SAD's
/// completeness report (`<sad.dir>/completeness.md`).
fn generated_pages(project: &Project, layout: &Layout) -> HashMap<String, SitePage> {
    let sad = layout.root(crate::model::Section::Sad);
    let mut pages = HashMap::new();
    let source = if sad.dir.is_empty() {
        "completeness.md".to_string()
    } else {
        format!("{}/completeness.md", sad.dir)
    };
    let node = if sad.prefix.is_empty() {
        "completeness".to_string()
    } else {
        format!("{}/completeness", sad.prefix)
    };
    if project.path(&sad.dir).is_dir() {
        pages.insert(source, layout.generated_page(&node));
    }
    pages
}
