//! Where things go in the search index's files: each document's number (its slot in a table
//! hashed by URL), where term shards end (at terms chosen by their hash), and how a term's
//! postings are written. These choices make a one-page edit change few files (index format 2);
//! `super` builds the files with them.

use super::Page;

/// Term shards are cut at about this many bytes.
pub(super) const SHARD_BYTES: usize = 24_000;
/// Slots of the document table per document chunk (about half of them hold a document).
pub(super) const CHUNK_SLOTS: usize = 128;

/// Where each page sits in the document table: an open-addressing table of `size` slots
/// (at least twice the pages, a whole number of chunks), each page at the first free slot
/// from its URL's hash on, placed in the order of those home slots (then URLs). The layout
/// depends only on the set of URLs, never on the order pages come in, and adding or removing
/// a page moves at most the few pages probing past it; the size changes only when the number
/// of pages crosses a power of two.
pub(super) struct Slots {
    /// Each page's slot (its document number in postings), by page index.
    pub(super) slot: Vec<u32>,
    /// The page indices in slot order.
    pub(super) order: Vec<usize>,
    /// The number of slots.
    pub(super) size: usize,
}

impl Slots {
    pub(super) fn of(pages: &[Page<'_>]) -> Slots {
        let wanted = (pages.len() * 2).div_ceil(CHUNK_SLOTS).max(1);
        let size = wanted.next_power_of_two() * CHUNK_SLOTS;
        let home = |page: &Page<'_>| {
            (mix(crate::util::content_hash(page.url.as_bytes())) % size as u64) as usize
        };
        let mut placing: Vec<(usize, usize)> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (home(p), i))
            .collect();
        placing.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| pages[a.1].url.cmp(&pages[b.1].url))
        });
        let mut taken = vec![false; size];
        let mut slot = vec![0u32; pages.len()];
        for (home, page) in placing {
            let mut s = home;
            while taken[s] {
                s = (s + 1) % size;
            }
            taken[s] = true;
            slot[page] = u32::try_from(s).unwrap_or(u32::MAX);
        }
        let mut order: Vec<usize> = (0..pages.len()).collect();
        order.sort_by_key(|&p| slot[p]);
        Slots { slot, order, size }
    }
}

/// Where term shards end (`encoded` sorted by term): after each term whose hash is a multiple
/// of a power of two chosen so that shards average about [`SHARD_BYTES`], so a term added or
/// removed changes only its own shard; a shard that reaches four times that size ends anyway.
pub(super) fn shard_bounds(encoded: &[(&str, String)]) -> Vec<std::ops::Range<usize>> {
    let entry = |(term, postings): &(&str, String)| term.len() + postings.len() + 6;
    let total: usize = encoded.iter().map(entry).sum();
    let shards = (total / SHARD_BYTES).max(1);
    let per_shard = (encoded.len() / shards).max(1);
    // The power of two nearest `per_shard`.
    let upper = per_shard.next_power_of_two();
    let every = if upper / 2 > 0 && per_shard * 3 < upper * 2 {
        upper / 2
    } else {
        upper
    } as u64;
    let mut bounds = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, e) in encoded.iter().enumerate() {
        bytes += entry(e);
        let cut = mix(crate::util::content_hash(e.0.as_bytes())) % every == every - 1;
        if cut || bytes >= 4 * SHARD_BYTES || i + 1 == encoded.len() {
            bounds.push(start..i + 1);
            start = i + 1;
            bytes = 0;
        }
    }
    bounds
}

/// Spreads a hash's bits (the finalizer of splitmix64): FNV's low bits alone are poorly mixed.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The alphabet of encoded postings: 64 URL- and JSON-safe characters, 5 bits of value and a
/// continuation bit each.
pub(super) const ALPHABET: &[u8; 64] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Encodes postings (sorted by document) as varints: document delta, weight, ….
/// A term's postings, encoded: for each document, the gap from the previous one and the
/// term's weight in it, as varints.
#[derive(Default)]
pub(super) struct Postings {
    previous: u32,
    pub(super) encoded: String,
}

impl Postings {
    /// Adds `doc` (after every document added so far) with `weight`.
    pub(super) fn push(&mut self, doc: u32, weight: u32) {
        varint(doc - self.previous, &mut self.encoded);
        varint(weight, &mut self.encoded);
        self.previous = doc;
    }
}

fn varint(mut value: u32, out: &mut String) {
    loop {
        let low = (value & 31) as usize;
        value >>= 5;
        if value == 0 {
            out.push(ALPHABET[low] as char);
            return;
        }
        out.push(ALPHABET[low | 32] as char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_term_changes_only_its_own_shard() {
        let mut entries: Vec<(String, String)> = (0..20_000)
            .map(|i| (format!("term{i:05}"), "a1b2c3d4e5".repeat(3)))
            .collect();
        let shards = |entries: &[(String, String)]| -> Vec<Vec<String>> {
            let view: Vec<(&str, String)> = entries
                .iter()
                .map(|(t, p)| (t.as_str(), p.clone()))
                .collect();
            shard_bounds(&view)
                .into_iter()
                .map(|r| view[r].iter().map(|(t, _)| t.to_string()).collect())
                .collect()
        };
        let before = shards(&entries);
        assert!(before.len() > 10, "{} shards", before.len());
        entries.insert(7_001, ("term07000x".into(), "zz".into()));
        let after = shards(&entries);
        let changed = after.iter().filter(|s| !before.contains(s)).count();
        assert_eq!(changed, 1);
    }
}
