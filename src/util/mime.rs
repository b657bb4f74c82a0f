//! Content types of site files, by extension: what `sadoc serve` answers with, and what a
//! static host must be told when the site is uploaded.

/// The `Content-Type` of a site file. Text types carry `charset=utf-8`; unknown extensions are
/// `application/octet-stream`.
pub fn content_type(path: &str) -> &'static str {
    let extension = crate::util::paths::extension(path);
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" | "markdown" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_by_extension() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("assets/sadoc.1a2b.CSS"),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type("img/x.svg"), "image/svg+xml");
        assert_eq!(
            content_type("search/x.pf_index"),
            "application/octet-stream"
        );
        assert_eq!(content_type("Makefile"), "application/octet-stream");
    }
}
