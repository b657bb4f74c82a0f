//! The live preview's search index, built off the session: the pages copied out so the index
//! can be built on another thread while the session goes on serving and rebuilding.

/// The pages to index, copied out of a session so the index can be built while the session
/// goes on serving and rebuilding.
#[derive(Debug)]
pub struct SearchJob {
    pages: Vec<crate::render::search::Page<'static>>,
    version: u64,
}

impl SearchJob {
    /// The job for `pages`, as of the session's pages `version`.
    pub fn new(pages: Vec<crate::render::search::Page<'static>>, version: u64) -> SearchJob {
        SearchJob { pages, version }
    }

    /// Builds the index; returns it with the version of the pages it reflects, for
    /// [`super::session::Session::install_search`].
    pub fn run(self) -> (crate::render::search::Index, u64) {
        (crate::render::search::build(&self.pages), self.version)
    }
}
