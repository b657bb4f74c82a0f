//! What sadoc says about the parts of an MkDocs configuration it does not act on: each
//! plugin's equivalent (or that there is none), which markdown extensions it renders, and
//! what an unsupported extension's syntax shows as.

/// Plugins whose work sadoc does itself: naming them is information, not a warning, so a
/// strict build of an unchanged `mkdocs.yml` passes.
pub(super) const COVERED_PLUGINS: &[&str] = &[
    "search",
    "offline",
    "minify",
    "optimize",
    "privacy",
    "section-index",
    "mermaid2",
    "git-revision-date-localized",
    "git-revision-date",
    "git-authors",
    "git-committers",
    "same-dir",
    "macros",
    "blog",
];

/// What sadoc does about a plugin it does not run.
pub(super) fn plugin_note(name: &str) -> String {
    let name = name.trim_start_matches("material/");
    let instead = match name {
        "search" => "sadoc builds its own search index into every site",
        "tags" => "sadoc reads `tags:` in front matter and filters the decision log by them",
        "awesome-pages" => "`.pages` files are not read; write the order in `nav:`",
        "literate-nav" => {
            "wildcard entries of `nav:` (`tutorials/*`) are read, but nav files (`SUMMARY.md`) are not; write the order in `nav:`"
        }
        "same-dir" => "a `docs_dir` of `.` (the project's own folder) is built as it is",
        "section-index" => {
            "section index pages are built in: a section whose first entry is its `index.md` links to it"
        }
        "macros" => {
            "sadoc renders its Jinja itself (`markdown.macros`); macros written in Python (`main.py`, `modules:`) are not run and their calls are left as written"
        }
        "git-revision-date-localized" | "git-revision-date" => {
            "sadoc shows each page's last-updated date from git itself"
        }
        "git-authors" | "git-committers" => "sadoc lists each page's authors from git itself",
        "minify" | "optimize" => "sadoc's output needs no minifying step",
        "offline" => "sadoc sites work from `file://` as they are",
        "mermaid2" => "Mermaid diagrams in ```mermaid fences are drawn by sadoc's theme",
        "glightbox" => "images are shown as they are, without a lightbox",
        "redirects" => "redirects are not generated; keep old URLs working on the host",
        "mkdocstrings" => "API documentation is not generated from docstrings",
        "blog" => {
            "sadoc builds the blog itself (`blog`): posts at their dated URLs, the index with excerpts, archive and category pages; RSS, author profiles and read times are not made"
        }
        "social" => "social cards are not generated; `og:` tags are written",
        "privacy" => "sadoc's theme loads nothing from other hosts",
        "i18n" | "static-i18n" => "one language per site (`lang:` in sadoc.yml)",
        "include-markdown" => "use snippets (`--8<-- \"file\"`) instead",
        "drawio" | "drawio-exporter" | "kroki" | "plantuml-markdown" => {
            "PlantUML is drawn with `diagrams.plantuml`; other diagram tools are not run"
        }
        _ => "it is not run",
    };
    format!("MkDocs plugin `{name}` is not run by sadoc: {instead}")
}

/// A markdown extension's name without the `markdown.extensions.` prefix.
pub(super) fn extension_name(name: &str) -> &str {
    name.strip_prefix("markdown.extensions.").unwrap_or(name)
}

/// Markdown extensions whose syntax sadoc renders.
pub(super) const SUPPORTED_EXTENSIONS: &[&str] = &[
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "tables",
    "toc",
    "meta",
    "md_in_html",
    "sane_lists",
    "fenced_code",
    "codehilite",
    "extra",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.snippets",
    "pymdownx.highlight",
    "pymdownx.tasklist",
    "pymdownx.mark",
    "pymdownx.caret",
    "pymdownx.tilde",
    "pymdownx.keys",
    "pymdownx.emoji",
    "pymdownx.betterem",
    "pymdownx.magiclink",
    "pymdownx.saneheaders",
    "pymdownx.extra",
    "material.extensions.preview",
];

/// What an unsupported markdown extension's syntax renders as.
pub(super) fn extension_note(name: &str) -> String {
    let shows = match name {
        "pymdownx.arithmatex" => "math (`$…$`, `$$…$$`) shows as written, not typeset",
        "pymdownx.critic" => "critic marks (`{++ ++}`, `{-- --}`) show as written",
        "pymdownx.smartsymbols" => "`(c)`, `-->` and similar stay as typed",
        "pymdownx.progressbar" => "progress bars (`[=50%]`) show as written",
        "pymdownx.escapeall" => "backslash escapes follow CommonMark",
        "nl2br" => "single line breaks do not become `<br>`",
        "wikilinks" => "`[[Page]]` links show as written",
        n if n.starts_with("pymdownx.blocks") => "`///` blocks show as written",
        _ => "its syntax, if any, shows as written",
    };
    format!("markdown extension `{name}` is not supported by sadoc: {shows}")
}
