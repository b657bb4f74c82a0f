//! The tables of `sadoc.yml` below the top level (`repo:`, `sad:`, `adr:`, `docs:`, `check:`,
//! `deploy:`, `theme:`, `diagrams:`, `markdown:`, `lang:`), each with its real default and
//! rejecting unknown keys.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::decision::Status;
use crate::model::sad::SadProfile;

/// `markdown:`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Where `--8<--` snippets are found.
    pub snippets: SnippetsConfig,
    /// Number the lines of every code block (a block's own `linenums="N"` still wins).
    pub linenums: bool,
    /// The text of the anchor link after each heading (MkDocs' `toc: permalink`).
    pub permalink: String,
    /// The table of contents and heading ids (MkDocs' `toc` options).
    pub toc: TocConfig,
    /// Read pages as Python-Markdown and SuperFences read them where they differ from
    /// CommonMark in ways a reader sees: tabs become spaces to the next multiple of four and
    /// lines of only spaces become empty before parsing, code blocks lose their leading and
    /// trailing blank lines (as Pygments strips them), and a fence whose header SuperFences
    /// does not accept (```` ```console$ ls ````) is text. On for MkDocs projects.
    pub python_markdown: bool,
    /// Typographic punctuation, as Python-Markdown's `smarty`: curly quotes, `--` an en
    /// dash, `---` an em dash, `...` an ellipsis.
    pub smart_punctuation: bool,
    /// Inline code starting with `#!lang ` or `:::lang ` is highlighted as `lang`, as
    /// pymdownx.inlinehilite does (on in MkDocs projects that list it).
    pub inline_highlight: bool,
    /// Markers in every code block's comments (`# (1)`) show the notes of the ordered list
    /// after the block, as mkdocs-material's `content.code.annotate` (a block's own
    /// `{ .annotate }` turns them on for it alone).
    pub code_annotations: bool,
    /// Folders of the project's own icons for icon shortcodes, from the project root
    /// (pymdownx.emoji's `custom_icons`): `brand/logo.svg` in one is `:brand-logo:`.
    pub custom_icons: Vec<String>,
    /// Jinja in pages, as the mkdocs-macros plugin renders it (off unless set; on in MkDocs
    /// projects that list the `macros` plugin).
    pub macros: Option<MacrosConfig>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            snippets: SnippetsConfig::default(),
            linenums: false,
            permalink: "#".to_string(),
            toc: TocConfig::default(),
            python_markdown: false,
            smart_punctuation: false,
            inline_highlight: false,
            code_annotations: false,
            custom_icons: Vec::new(),
            macros: None,
        }
    }
}

/// `markdown.macros:` — mkdocs-macros' settings, under its own names, and the variables its
/// templates see.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct MacrosConfig {
    /// The folder `{% include %}` and `{% import %}` name files from, relative to the project
    /// root (mkdocs-macros: relative to where MkDocs runs; default the docs folder).
    pub include_dir: Option<String>,
    /// YAML files whose keys become variables, relative to the project root; `{key: file}`
    /// puts a file's content under `key`.
    pub include_yaml: Vec<serde_json::Value>,
    /// What an undefined variable renders as: `keep` (as written), `silent` (nothing),
    /// `lax` (nothing, also for attributes of undefined values) or `strict` (an error).
    pub on_undefined: String,
    /// A page whose macros fail to render fails the build (else a warning, and the page is
    /// built as written).
    pub on_error_fail: bool,
    /// Render every page (else only pages with `render_macros: true` or in
    /// `force_render_paths`).
    pub render_by_default: bool,
    /// Pages always rendered, as gitignore-style patterns relative to the docs folder, one per
    /// line.
    pub force_render_paths: String,
    /// The Python module of macros (`main`: `main.py` or `main/`), which sadoc does not run:
    /// the names it defines are named in warnings and their calls left as written.
    pub module_name: String,
    /// Installed macro modules (pluglets), which sadoc does not run.
    pub modules: Vec<String>,
    /// Jinja's delimiters, when the project changed them (`[[`, `]]`…).
    pub j2_block_start_string: Option<String>,
    pub j2_block_end_string: Option<String>,
    pub j2_variable_start_string: Option<String>,
    pub j2_variable_end_string: Option<String>,
    pub j2_comment_start_string: Option<String>,
    pub j2_comment_end_string: Option<String>,
    /// Variables every page sees at the top level (MkDocs' `extra:`), also as `extra`.
    pub variables: serde_json::Map<String, serde_json::Value>,
    /// The `config` variable (the whole `mkdocs.yml` in MkDocs projects).
    pub config: serde_json::Map<String, serde_json::Value>,
}

impl Default for MacrosConfig {
    fn default() -> Self {
        MacrosConfig {
            include_dir: None,
            include_yaml: Vec::new(),
            on_undefined: "keep".to_string(),
            on_error_fail: false,
            render_by_default: true,
            force_render_paths: String::new(),
            module_name: "main".to_string(),
            modules: Vec::new(),
            j2_block_start_string: None,
            j2_block_end_string: None,
            j2_variable_start_string: None,
            j2_variable_end_string: None,
            j2_comment_start_string: None,
            j2_comment_end_string: None,
            variables: serde_json::Map::new(),
            config: serde_json::Map::new(),
        }
    }
}

/// `markdown.toc:`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TocConfig {
    /// The heading levels "On this page" lists: `N` for levels 2 to N, or `"T-B"` (MkDocs'
    /// `toc_depth`). The page's h1 is its title, never an entry.
    pub depth: TocDepth,
    /// How heading text becomes an id: `sadoc`, or MkDocs' `ascii` (its default),
    /// `unicode`, `pymdownx`, `pymdownx-lower`, `pymdownx-lower-ascii`, `pymdownx-fold`.
    pub slugify: crate::util::slug::Style,
    /// What joins the words of an id (MkDocs' `toc` `separator`).
    pub separator: String,
}

impl Default for TocConfig {
    fn default() -> Self {
        TocConfig {
            depth: TocDepth::Bottom(3),
            slugify: crate::util::slug::Style::Sadoc,
            separator: "-".to_string(),
        }
    }
}

/// `markdown.toc.depth`: the deepest level, or a `"top-bottom"` range.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum TocDepth {
    /// Levels up to this one.
    Bottom(u8),
    /// `"2-4"`.
    Range(String),
}

impl TocDepth {
    /// The first and last level listed (`None` when the range cannot be read).
    pub fn levels(&self) -> Option<(u8, u8)> {
        match self {
            TocDepth::Bottom(b) => Some((1, *b)),
            TocDepth::Range(r) => {
                let (top, bottom) = r.split_once('-')?;
                Some((top.trim().parse().ok()?, bottom.trim().parse().ok()?))
            }
        }
    }
}

/// `markdown.snippets:`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SnippetsConfig {
    /// Folders snippet names are looked up in, in order, relative to the project root.
    #[serde(deserialize_with = "one_or_many")]
    pub base_path: Vec<String>,
    /// Files appended to every page (shared abbreviations or link definitions).
    pub auto_append: Vec<String>,
    /// A snippet that is not found is an error; `false`: a warning and nothing inserted
    /// (pymdownx.snippets' `check_paths`, `false` in MkDocs projects unless set).
    pub check_paths: bool,
}

impl Default for SnippetsConfig {
    fn default() -> Self {
        SnippetsConfig {
            base_path: vec![".".to_string()],
            auto_append: Vec::new(),
            check_paths: true,
        }
    }
}

/// A list, or one value standing for a one-item list (`base_path: docs`).
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

/// `validation:`, in MkDocs' shape.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ValidationConfig {
    /// Problems of links in pages.
    pub links: LinkValidation,
}

/// `validation.links:`: each kind of link problem is a warning (`warn`, fails `--strict`), a
/// note (`info`) or not reported (`ignore`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinkValidation {
    /// A link to a page or file that does not exist.
    pub not_found: Level,
    /// A link to a heading or anchor the page does not have.
    pub anchors: Level,
    /// A link from the root (`/guide/setup.md`) that leads to nothing.
    pub absolute_links: Level,
    /// A link whose last part names no file (`guide/setup/`) and that leads to nothing, or one
    /// sadoc cannot follow: outside the documentation folders, or out of the repository.
    pub unrecognized_links: Level,
}

impl LinkValidation {
    /// The level of a link diagnostic's code, when one applies to it.
    pub fn level(&self, code: &str) -> Option<Level> {
        match code {
            "link/broken" => Some(self.not_found),
            "link/anchor" => Some(self.anchors),
            "link/absolute" => Some(self.absolute_links),
            "link/unrecognized" | "link/outside-docs" | "link/escapes" => {
                Some(self.unrecognized_links)
            }
            _ => None,
        }
    }
}

/// How a kind of problem is reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A warning: fails `--strict`.
    #[default]
    Warn,
    /// A note: shown with `-v`, never fails.
    Info,
    /// Not reported.
    Ignore,
}

/// `repo:`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RepoConfig {
    /// Web URL of the repository, e.g. `https://gitlab.example.com/data/platform`.
    pub url: String,
    /// Hosting software; guessed from the URL when absent.
    #[serde(default)]
    pub kind: Option<RepoKind>,
    /// Default branch.
    #[serde(default = "default_branch")]
    pub branch: String,
    /// URL pattern of a file at a commit, for hosts other than GitLab and GitHub:
    /// `{url}`, `{sha}`, `{path}` and `{lines}` (`L10-L20`) are replaced.
    #[serde(default)]
    pub permalink: Option<String>,
}

fn default_branch() -> String {
    "main".to_string()
}

/// The hosting software of a repository, which decides the shape of its URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RepoKind {
    /// GitLab (`/-/blob/...`).
    Gitlab,
    /// GitHub (`/blob/...`).
    Github,
}

impl RepoConfig {
    /// The configured kind, or the one the URL suggests (GitLab unless it says GitHub).
    pub fn effective_kind(&self) -> RepoKind {
        self.kind.unwrap_or_else(|| {
            if self.url.contains("github") {
                RepoKind::Github
            } else {
                RepoKind::Gitlab
            }
        })
    }

    /// URL of the web editor for a file on the configured branch.
    pub fn edit_url(&self, path: &str) -> String {
        let base = self.url.trim_end_matches('/');
        match self.effective_kind() {
            RepoKind::Gitlab => format!("{base}/-/edit/{}/{path}", self.branch),
            RepoKind::Github => format!("{base}/edit/{}/{path}", self.branch),
        }
    }
}

/// `sad:`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SadConfig {
    /// Folder of the SAD, relative to the project root.
    pub dir: String,
    /// Which SAD structure is expected.
    pub profile: SadProfile,
}

impl Default for SadConfig {
    fn default() -> Self {
        SadConfig {
            dir: "docs/sad".to_string(),
            profile: SadProfile::ViewsAndBeyond,
        }
    }
}

/// `adr:`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdrConfig {
    /// Folder of the ADRs, relative to the project root.
    pub dir: String,
    /// Template for `sadoc adr new`: `nygard`, `madr` or a path.
    pub template: String,
    /// Zero-padded width of ADR numbers in new file names.
    pub digits: u8,
    /// Extra status words: a word as written (any case) → the status it means.
    pub statuses: BTreeMap<String, Status>,
    /// Order of day and month in dates such as `03/04/2021`.
    pub date_order: DateOrder,
    /// Days a record may stay proposed before `adr lint` and the build warn that it awaits a
    /// decision (off when unset).
    pub review_after: Option<u32>,
    /// The ADR folders of a monorepo's packages (log4brains' `packages`): a package's name →
    /// its folder. Their records join the decision log; `adr new --package NAME` writes there.
    pub packages: BTreeMap<String, String>,
}

impl Default for AdrConfig {
    fn default() -> Self {
        AdrConfig {
            dir: "docs/adr".to_string(),
            template: "nygard".to_string(),
            digits: 4,
            statuses: BTreeMap::new(),
            date_order: DateOrder::Dmy,
            review_after: None,
            packages: BTreeMap::new(),
        }
    }
}

/// Order of day and month in numeric dates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// `13/02/2016` is 13 February.
    #[default]
    Dmy,
    /// `02/13/2016` is 13 February.
    Mdy,
}

/// `docs:`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DocsConfig {
    /// Folder of all other documentation, relative to the project root.
    pub dir: String,
    /// Pages larger than this many megabytes are refused unread (a generated dump or a
    /// misnamed binary would otherwise make every build slow).
    pub max_page_mb: u32,
    /// Files never read or published: globs of project paths (`docs/drafts/**`).
    pub exclude: Vec<String>,
    /// Publish every other file of the documentation folders, linked or not (as MkDocs does,
    /// for files that stylesheets and scripts load); otherwise only the files pages link to.
    pub copy_unlinked: bool,
    /// Folders of these names are never read, wherever they are (build output and installed
    /// packages beside the documents). An MkDocs project skips none: MkDocs reads every
    /// folder but hidden ones and `exclude_docs`.
    pub skip_folders: Vec<String>,
}

impl Default for DocsConfig {
    fn default() -> Self {
        DocsConfig {
            dir: "docs".to_string(),
            max_page_mb: 16,
            exclude: Vec::new(),
            copy_unlinked: false,
            skip_folders: crate::load::walk::SKIPPED_DIRS
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }
    }
}

/// `check:`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckConfig {
    /// Code globs never reported as drift.
    pub ignore: Vec<String>,
    /// Lowest severity that fails `sadoc check`.
    pub fail_on: FailOn,
    /// Merge-request label that skips the drift check.
    pub skip_label: String,
    /// Code globs whose comments are scanned for `ADR-NNNN` references that do not resolve.
    pub scan_code: Vec<String>,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            ignore: Vec::new(),
            fail_on: FailOn::Error,
            skip_label: "docs-not-needed".to_string(),
            scan_code: Vec::new(),
        }
    }
}

/// The lowest severity that fails a check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Fail on warnings and errors.
    Warning,
    /// Fail on errors only.
    #[default]
    Error,
    /// Never fail.
    Never,
}

impl FailOn {
    /// What `--strict` means for every command: warnings fail too; without it, errors do.
    pub fn strict(strict: bool) -> FailOn {
        if strict {
            FailOn::Warning
        } else {
            FailOn::Error
        }
    }

    /// Whether problems counted as `counts` fail under this policy.
    pub fn fails(self, counts: &crate::util::diag::Counts) -> bool {
        match self {
            FailOn::Never => false,
            FailOn::Error => counts.errors > 0,
            FailOn::Warning => counts.errors + counts.strict_warnings() > 0,
        }
    }
}

/// `deploy:`
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeployConfig {
    /// S3 bucket.
    pub bucket: Option<String>,
    /// Key prefix inside the bucket.
    pub prefix: String,
    /// AWS region.
    pub region: Option<String>,
    /// Custom S3-compatible endpoint.
    pub endpoint: Option<String>,
}

/// `theme:`
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThemeConfig {
    /// Folder whose files override the built-in theme's files of the same name.
    pub dir: Option<String>,
    /// An image shown beside the site title and in link previews (project-relative path).
    pub logo: Option<String>,
    /// The browser tab's icon (project-relative path; the built-in one when unset).
    pub favicon: Option<String>,
    /// Stylesheets every page loads after the theme's: site paths (files in the docs folder)
    /// or URLs.
    pub extra_css: Vec<String>,
    /// Scripts every page loads: site paths or URLs.
    pub extra_javascript: Vec<String>,
    /// The header's colour (mkdocs-material's `palette.primary`): a Material colour name or a
    /// hex colour. Unset: the header is the page's own background.
    pub primary: Option<super::HeaderColour>,
}

/// `diagrams:`
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiagramsConfig {
    /// A local command that draws PlantUML (`plantuml`, `java -jar tools/plantuml.jar`); run as
    /// `<command> -tsvg -pipe`. Unset: PlantUML blocks are shown as code.
    pub plantuml: Option<String>,
}

/// `cache:`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheConfig {
    /// Where builds keep what they can reuse (highlighted code blocks), relative to the folder
    /// of `sadoc.yml`; the environment variable `SADOC_CACHE_DIR` overrides it (a relative
    /// value is read from the current folder).
    pub dir: String,
    /// Whether builds use the cache folder at all.
    pub enabled: bool,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            dir: ".cache/sadoc".to_string(),
            enabled: true,
        }
    }
}

/// Language of the UI strings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Korean.
    Ko,
}

impl Lang {
    /// The BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The Open Graph locale.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::En => "en_US",
            Lang::Ko => "ko_KR",
        }
    }
}
