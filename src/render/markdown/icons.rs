//! The icons of mkdocs-material's shortcodes (`:material-check:`, `:octicons-file-code-16:`,
//! `:fontawesome-brands-github:`, `:simple-python:`): the four sets mkdocs-material ships, as
//! it ships them, and a project's own icons (pymdownx.emoji's `custom_icons` folders).
//!
//! The sets are carried in the binary as `icons/icons.bin` (written by `icons/make.py` from
//! mkdocs-material's package; licences in `icons/licenses/`): each set's icons sorted by name
//! and cut into blocks of about 32 KB, each one zlib stream, decompressed the first time a page
//! names an icon in it — a build that uses no icon decompresses nothing, one that uses a few
//! decompresses a few blocks (ADR 0034).

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{Arc, LazyLock, OnceLock};

/// The sets, compressed.
static DATA: &[u8] = include_bytes!("../../../icons/icons.bin");

/// The blocks of [`DATA`], read from its header once: by set, then by first name.
static BLOCKS: LazyLock<Vec<Block>> = LazyLock::new(|| header(DATA));

/// One block of a set: the name of its first icon, where its stream is, and its icons once
/// decompressed.
struct Block {
    set: String,
    first: String,
    stream: std::ops::Range<usize>,
    size: usize,
    icons: OnceLock<Decoded>,
}

/// A block's lines (`name<TAB><svg>`, sorted by name) and where each starts.
struct Decoded {
    text: String,
    lines: Vec<(usize, usize, usize)>,
}

/// The icons a page may name: the bundled sets and the project's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Icons {
    /// The project's icons by shortcode name (`myset-logo`), their SVG.
    pub custom: Arc<BTreeMap<String, String>>,
}

impl Icons {
    /// The SVG of the icon `name` (a shortcode without its colons); the project's own icons
    /// first, as mkdocs-material's index reads them first.
    pub fn svg(&self, name: &str) -> Option<&str> {
        if let Some(svg) = self.custom.get(name) {
            return Some(svg);
        }
        bundled(name)
    }
}

/// Whether `name` names an icon of a bundled set, by its prefix (`material-…`), whether or not
/// the icon exists.
pub fn is_bundled_set(name: &str) -> bool {
    name.split_once('-')
        .is_some_and(|(set, _)| !blocks_of(set).is_empty())
}

/// The blocks of the set `set`.
fn blocks_of(set: &str) -> &'static [Block] {
    let start = BLOCKS.partition_point(|b| b.set.as_str() < set);
    let end = start + BLOCKS[start..].partition_point(|b| b.set == set);
    &BLOCKS[start..end]
}

/// The SVG of a bundled icon.
pub fn bundled(name: &str) -> Option<&'static str> {
    let (prefix, _) = name.split_once('-')?;
    let blocks = blocks_of(prefix);
    // The last block whose first icon sorts before `name`.
    let i = blocks
        .partition_point(|b| b.first.as_str() <= name)
        .checked_sub(1)?;
    let decoded = decoded(&blocks[i]);
    let text = decoded.text.as_str();
    let i = decoded
        .lines
        .binary_search_by(|&(start, tab, _)| text[start..tab].cmp(name))
        .ok()?;
    let (_, tab, end) = decoded.lines[i];
    Some(&text[tab + 1..end])
}

/// The names of a bundled set's icons that start like `name`'s set, for "did you mean".
pub fn names_of_set(name: &str) -> Vec<&'static str> {
    let Some((prefix, _)) = name.split_once('-') else {
        return Vec::new();
    };
    blocks_of(prefix)
        .iter()
        .flat_map(|block| {
            let decoded = decoded(block);
            decoded
                .lines
                .iter()
                .map(|&(start, tab, _)| &decoded.text[start..tab])
        })
        .collect()
}

/// The blocks listed by the header of `data` (`set<TAB>first<TAB>icons<TAB>compressed<TAB>size`
/// after a first line naming the format), by set and first name.
fn header(data: &[u8]) -> Vec<Block> {
    let Some(end) = memchr::memmem::find(data, b"\n\n") else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&data[..end]);
    let mut at = end + 2;
    let mut blocks = Vec::new();
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (Some(set), Some(first), Some(len), Some(size)) = (
            fields.first(),
            fields.get(1),
            fields.get(3).and_then(|n| n.parse::<usize>().ok()),
            fields.get(4).and_then(|n| n.parse::<usize>().ok()),
        ) else {
            break;
        };
        blocks.push(Block {
            set: set.to_string(),
            first: first.to_string(),
            stream: at.min(data.len())..(at + len).min(data.len()),
            size,
            icons: OnceLock::new(),
        });
        at += len;
    }
    blocks.sort_by(|a, b| (&a.set, &a.first).cmp(&(&b.set, &b.first)));
    blocks
}

/// A block's icons, decompressed on first use.
fn decoded(block: &'static Block) -> &'static Decoded {
    block.icons.get_or_init(|| decode(block))
}

/// Decompresses a block and indexes its lines (a damaged stream gives no icons).
fn decode(block: &Block) -> Decoded {
    let mut text = String::with_capacity(block.size);
    let stream = &DATA[block.stream.clone()];
    if flate2::read::ZlibDecoder::new(stream)
        .read_to_string(&mut text)
        .is_err()
    {
        text.clear();
    }
    let mut lines = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.trim_end_matches('\n').len();
        if let Some(tab) = line.find('\t') {
            lines.push((start, start + tab, end));
        }
        start += line.len();
    }
    Decoded { text, lines }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_set_mkdocs_material_ships_is_bundled() {
        for (name, path) in [
            ("material-check", "M21 7 9 19l-5.5-5.5"),
            ("octicons-file-code-16", "<svg"),
            ("fontawesome-brands-github", "<svg"),
            ("fontawesome-solid-house", "<svg"),
            ("simple-python", "<svg"),
        ] {
            let svg = bundled(name).unwrap_or_else(|| panic!("{name} is bundled"));
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
            assert!(svg.contains(path), "{name}: {svg}");
        }
        assert_eq!(bundled("material-no-such-icon"), None);
        assert_eq!(bundled("nosuchset-check"), None);
        assert!(is_bundled_set("material-no-such-icon"));
        assert!(!is_bundled_set("smile"));
        assert!(names_of_set("octicons-x").len() > 500);
    }

    #[test]
    fn every_bundled_icon_is_found_by_its_name() {
        let mut count = 0;
        for set in ["material", "octicons", "fontawesome", "simple"] {
            let names = names_of_set(&format!("{set}-x"));
            assert!(names.windows(2).all(|w| w[0] < w[1]), "{set} is sorted");
            for name in names {
                let svg = bundled(name).unwrap_or_else(|| panic!("{name}"));
                assert!(svg.starts_with("<svg"), "{name}");
                count += 1;
            }
        }
        assert!(count > 14_000, "{count} icons");
    }

    #[test]
    fn a_projects_own_icons_come_first() {
        let icons = Icons {
            custom: Arc::new(BTreeMap::from([(
                "material-check".to_string(),
                "<svg>mine</svg>".to_string(),
            )])),
        };
        assert_eq!(icons.svg("material-check"), Some("<svg>mine</svg>"));
        assert!(icons.svg("material-close").is_some());
    }
}
