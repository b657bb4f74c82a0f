//! Rendered HTML held compressed while it waits for its page.
//!
//! A build renders every document's markdown before it renders any page: pages need every
//! title, link and anchor of the site. So each document's HTML waits in memory until its page
//! is written and its search entry built, and highlighted code makes that HTML several times
//! the size of its source (345 MB for the 10,000-page benchmark corpus). LZ4 shrinks it about
//! fourfold at well over a gigabyte a second each way, which keeps a 10,000-page build under
//! DESIGN's 500 MB (ADR 0020). Readers unpack one document at a time.

use std::fmt;

/// An HTML fragment, LZ4-compressed, with a digest that identifies it (build caches key what
/// follows from the HTML by it, rather than hash the HTML again each time).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct PackedHtml {
    bytes: Box<[u8]>,
    digest: [u8; 16],
}

impl PackedHtml {
    /// Packs `html`.
    pub fn new(html: &str) -> PackedHtml {
        let bytes = lz4_flex::compress_prepend_size(html.as_bytes()).into_boxed_slice();
        PackedHtml {
            digest: digest(&bytes),
            bytes,
        }
    }

    /// The first 16 bytes of a SHA-256 of the packed bytes (the same HTML always packs to the
    /// same bytes).
    pub fn digest(&self) -> &[u8; 16] {
        &self.digest
    }

    /// The HTML, unpacked.
    pub fn unpack(&self) -> String {
        // Only `new` makes the bytes, from a `str`: they always unpack, to UTF-8.
        let bytes = lz4_flex::decompress_size_prepended(&self.bytes).unwrap_or_default();
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// HTML packed by an earlier build: `bytes` are what [`PackedHtml::packed`] gave (a build
    /// cache hands them back whole, checked by its checksum).
    pub fn from_packed(bytes: Vec<u8>, digest: [u8; 16]) -> PackedHtml {
        PackedHtml {
            bytes: bytes.into_boxed_slice(),
            digest,
        }
    }

    /// The packed bytes (the same HTML always packs to the same bytes).
    pub fn packed(&self) -> &[u8] {
        &self.bytes
    }

    /// How many bytes it takes packed.
    pub fn packed_len(&self) -> usize {
        self.bytes.len()
    }
}

fn digest(packed: &[u8]) -> [u8; 16] {
    use sha2::Digest as _;
    let full = sha2::Sha256::digest(packed);
    let mut digest = [0u8; 16];
    digest.copy_from_slice(&full[..16]);
    digest
}

impl From<&str> for PackedHtml {
    fn from(html: &str) -> PackedHtml {
        PackedHtml::new(html)
    }
}

impl fmt::Debug for PackedHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PackedHtml").field(&self.unpack()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_unpacks_to_what_was_packed() {
        for html in [
            "",
            "<p>x</p>",
            "<h1 id=\"ü\">Übersicht — 概要 🚀</h1>\n<p>Text &amp; more</p>\n",
        ] {
            assert_eq!(PackedHtml::new(html).unpack(), html);
        }
    }

    #[test]
    fn highlighted_code_packs_several_times_smaller() {
        let line = "<span class=\"hl-source hl-rust\"><span class=\"hl-keyword\">let</span> \
                    <span class=\"hl-variable\">x</span> = 1;</span>\n";
        let html = line.repeat(500);
        let packed = PackedHtml::new(&html);
        assert!(
            packed.packed_len() * 4 < html.len(),
            "{}",
            packed.packed_len()
        );
        assert_eq!(packed.unpack(), html);
    }
}
