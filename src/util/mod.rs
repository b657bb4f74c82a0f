//! Small helpers every stage shares and that know nothing of sadoc's pipeline: diagnostics,
//! paths, globs, dates, YAML positions, MIME types, code-fence tracking, HTML escaping, content
//! hashes, atomic writes, parallel work with state per thread and "did you mean" suggestions. Nothing here imports another part of the crate.

pub mod cache_file;
pub mod date;
pub mod diag;
pub mod fence;
pub mod glob;
pub mod memo;
pub mod mime;
pub mod paths;
pub mod shares;
pub mod slug;
pub mod spelling;
pub mod timing;
pub mod write;
pub mod yaml;

/// A count with its noun, singular for one: `1 page`, `3 pages` (nouns with a plain `s`).
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped_html(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape_html`] does.
pub fn push_escaped_html(out: &mut String, text: &str) {
    let mut last = 0;
    // The characters escaped are ASCII: the text between them is copied in runs.
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// A 64-bit FNV-1a hash, for content-hashed file names.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
