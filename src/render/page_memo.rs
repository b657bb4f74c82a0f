//! Each page's HTML kept between builds in the build cache folder, so that a rebuild runs the
//! templates only for the pages that would come out different.
//!
//! A page is its template applied to its context, and the context is everything the template
//! can read: the site's strings and assets, the page's title, navigation, breadcrumbs,
//! neighbours, who changed it, its ADR data, and its document's HTML. A page is kept under a
//! SHA-256 of all of it — the templates' text, the template's name, the context serialised
//! as the template gets it (without the document's HTML) and the document's packed HTML and
//! first heading (from which its content and description follow) — so a page whose
//! navigation lists a new page, whose neighbour's title changed, or whose document changed
//! finds no entry and is rendered again. Pages with content sadoc draws with partial
//! templates (a view's element catalog, a mapping's tables) are always rendered: their
//! content follows from other documents. A theme whose templates read the environment or the
//! clock (`get_env`, `now`) keeps no pages.
//!
//! A page's navigation is most of its HTML and is in its key already (the key is made from
//! it): a page is kept without it, and the navigation the key was made from goes back in when
//! the page is read, so a rebuild unpacks half the bytes.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::context::SiteContext;
use super::theme::Strings;

use crate::util::memo::{Key, Kind, Memo, Saved};

/// The file's name in the cache folder; the number changes with the file's layout.
pub const FILE: &str = "pages-v2.bin";
/// The most compressed pages the file keeps.
pub const MAX_BYTES: usize = 256 << 20;
const KIND: Kind = Kind {
    file: FILE,
    magic: b"SADOCPG2",
    version: crate::util::cache_file::BUILD,
    max_bytes: MAX_BYTES,
    replaces: &["pages-v1.bin"],
};

/// The pages of earlier builds (kept as `util::memo` keeps records).
#[derive(Debug)]
pub struct PageMemo(Memo);

impl PageMemo {
    /// The pages kept in `dir` (nothing is read until one is looked up).
    pub fn open(dir: impl Into<PathBuf>) -> PageMemo {
        PageMemo(Memo::open(KIND, dir))
    }

    /// The page kept under `key`, if an earlier build made it and it reads back whole, with
    /// `nav` (the navigation HTML the key was made from) put back where it was.
    pub fn get(&self, key: &Key, nav: &str) -> Option<String> {
        let record = self.0.get(key)?;
        let (&tag, rest) = record.split_first()?;
        match tag {
            WHOLE => String::from_utf8(rest.to_vec()).ok(),
            WITHOUT_NAV => {
                let (at, rest) = rest.split_first_chunk::<8>()?;
                let at = usize::try_from(u64::from_le_bytes(*at)).ok()?;
                let (before, after) = (rest.get(..at)?, &rest[at..]);
                let mut html = Vec::with_capacity(rest.len() + nav.len());
                html.extend_from_slice(before);
                html.extend_from_slice(nav.as_bytes());
                html.extend_from_slice(after);
                String::from_utf8(html).ok()
            }
            _ => None,
        }
    }

    /// Keeps the page `html` under `key` for the next build, LZ4-compressed (the file is what
    /// GitLab's cache uploads), without `nav` (the navigation HTML the key was made from)
    /// when the page shows it.
    pub fn put(&self, key: &Key, html: &str, nav: &str) {
        let found = (!nav.is_empty())
            .then(|| memchr::memmem::find(html.as_bytes(), nav.as_bytes()))
            .flatten();
        let mut record = Vec::with_capacity(html.len() + 9);
        match found {
            Some(at) => {
                record.push(WITHOUT_NAV);
                record.extend_from_slice(&(at as u64).to_le_bytes());
                record.extend_from_slice(&html.as_bytes()[..at]);
                record.extend_from_slice(&html.as_bytes()[at + nav.len()..]);
            }
            None => {
                record.push(WHOLE);
                record.extend_from_slice(html.as_bytes());
            }
        }
        self.0.put(key, &record);
    }

    /// Writes the pages this build used or added (see `util::memo`).
    pub fn save(&self) -> Result<Saved, String> {
        self.0.save()
    }
}

/// A record holding the whole page.
const WHOLE: u8 = 0;
/// A record holding where the navigation goes, then the page without it.
const WITHOUT_NAV: u8 = 1;

/// What every page of a build shows alike — the site's context and the theme's strings —
/// hashed once: each page's key holds this digest, and its context leaves them out.
pub(super) struct Shared {
    pub(super) digest: [u8; 32],
}

impl Shared {
    pub(super) fn new(site: &SiteContext<'_>, strings: &Strings) -> Self {
        let mut hasher = KeyHasher {
            sha: Sha256::new(),
            pending: Vec::new(),
        };
        // Serialising into a hasher cannot fail.
        let _ = serde_json::to_writer(&mut hasher, &(site, strings));
        Shared {
            digest: hasher.sha_of_all(),
        }
    }
}

/// What a page's key is made of, fed in parts. Serialised contexts come in many small
/// pieces: they are gathered before they are hashed.
pub(super) struct KeyHasher {
    sha: Sha256,
    pending: Vec<u8>,
}

/// How many bytes [`KeyHasher`] gathers before it hashes them.
const GATHER: usize = 16 << 10;

impl KeyHasher {
    /// A key for a page of the theme `theme_id` rendered with `template`.
    pub(super) fn new(theme_id: &[u8; 32], template: &str) -> KeyHasher {
        let mut hasher = KeyHasher {
            sha: Sha256::new(),
            pending: Vec::with_capacity(GATHER),
        };
        hasher.sha.update(theme_id);
        hasher.part(template.as_bytes());
        hasher
    }

    /// Adds `bytes` with their length first, so where one part ends counts.
    pub(super) fn part(&mut self, bytes: &[u8]) {
        self.add(&(bytes.len() as u64).to_le_bytes());
        self.add(bytes);
    }

    fn add(&mut self, bytes: &[u8]) {
        if self.pending.len() + bytes.len() > GATHER {
            self.sha.update(&self.pending);
            self.pending.clear();
        }
        if bytes.len() >= GATHER {
            self.sha.update(bytes);
        } else {
            self.pending.extend_from_slice(bytes);
        }
    }

    /// The whole hash.
    fn sha_of_all(mut self) -> [u8; 32] {
        self.sha.update(&self.pending);
        self.sha.finalize().into()
    }

    /// The key.
    pub(super) fn finish(mut self) -> Key {
        self.sha.update(&self.pending);
        let digest = self.sha.finalize();
        let mut key = [0u8; 16];
        key.copy_from_slice(&digest[..16]);
        key
    }
}

impl std::io::Write for KeyHasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.add(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeps `pages` (key, HTML, navigation) in a memo, saves it, and reads them back from a
    /// memo opened afresh, as the next build does.
    fn kept_and_read(pages: &[([u8; 16], &str, &str)], read_nav: &str) -> Vec<Option<String>> {
        let dir = tempfile::tempdir().unwrap();
        let memo = PageMemo::open(dir.path());
        for (key, html, nav) in pages {
            memo.put(key, html, nav);
        }
        memo.save().unwrap();
        let next = PageMemo::open(dir.path());
        pages
            .iter()
            .map(|(key, _, _)| next.get(key, read_nav))
            .collect()
    }

    #[test]
    fn a_page_comes_back_whole_with_its_navigation_put_back() {
        let nav = "<nav><a href=\"../a/\">A</a><a href=\"../b/\">B</a></nav>";
        let html = format!("<html><body>{nav}<main>é content</main></body></html>");
        // The navigation appears twice: the first place is cut, and only that one.
        let twice = format!("{nav}<p>x</p>{nav}");
        let read = kept_and_read(&[([1; 16], &html, nav), ([2; 16], &twice, nav)], nav);
        assert_eq!(read, [Some(html), Some(twice)]);
    }

    #[test]
    fn a_page_that_does_not_show_its_navigation_is_kept_whole() {
        let html = "<html><body><main>no menu here</main></body></html>";
        let read = kept_and_read(
            &[([3; 16], html, "<nav>menu</nav>"), ([4; 16], html, "")],
            "",
        );
        assert_eq!(read, [Some(html.to_string()), Some(html.to_string())]);
    }

    #[test]
    fn a_record_cut_where_the_page_is_shorter_reads_as_missing() {
        let dir = tempfile::tempdir().unwrap();
        let memo = PageMemo::open(dir.path());
        let mut record = vec![WITHOUT_NAV];
        record.extend_from_slice(&1000u64.to_le_bytes());
        record.extend_from_slice(b"short");
        memo.0.put(&[5; 16], &record);
        memo.0.put(&[6; 16], &[9, 1, 2]);
        memo.save().unwrap();
        let next = PageMemo::open(dir.path());
        assert_eq!(next.get(&[5; 16], "<nav/>"), None);
        assert_eq!(next.get(&[6; 16], "<nav/>"), None);
    }
}
