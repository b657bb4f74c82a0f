//! `mkdocs.yml` as a configuration source: an MkDocs (or mkdocs-material) project builds as it
//! is, and `sadoc init --from mkdocs` writes the equivalent `sadoc.yml`.
//!
//! The file is read leniently, as MkDocs' own loader would: `!ENV` tags are resolved from the
//! environment, `!!python/name:` and other tags are read as plain values, and keys sadoc has no
//! use for are named in a finding rather than refused. What it means is translated into the
//! keys of `sadoc.yml` ([`Import::config`]); every setting is either mapped (an info finding,
//! shown by `init` and `-v`) or named as not mapped (a warning, once each, saying what sadoc
//! does instead where it has an equivalent). Nothing here is an error except YAML that cannot
//! be read and a missing `site_name`.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value, json};

use crate::model::nav::NavEntry;
use crate::util::diag::{Diagnostic, Severity};
use crate::util::paths;

mod notes;
mod text;

use notes::{COVERED_PLUGINS, SUPPORTED_EXTENSIONS, extension_name, extension_note, plugin_note};
use text::{exclude_patterns, resolve_env};

/// The names MkDocs reads its configuration from, in the order it looks for them.
pub const FILE_NAMES: &[&str] = &["mkdocs.yml", "mkdocs.yaml"];

/// `mkdocs.yml` translated.
#[derive(Debug, Clone, Default)]
pub struct Import {
    /// The equivalent `sadoc.yml`, as a YAML mapping.
    pub config: Map<String, Value>,
    /// What was mapped (info) and what was not (warnings), at their lines in `mkdocs.yml`.
    pub findings: Vec<Diagnostic>,
}

/// Why `mkdocs.yml` could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based line, when known.
    pub line: Option<u64>,
    /// 1-based column, when known.
    pub column: Option<u64>,
    /// What is wrong.
    pub message: String,
}

/// Reads `mkdocs.yml` (its text, and the project-relative name it is shown as). `exists` tells
/// whether a project-relative folder exists, to find the ADRs. `config_dir` is the file's folder
/// from the project root: `""`, unless `docs_dir` climbs out of it (`hack/mkdocs.yml` with
/// `docs_dir: ../docs`), when the project root is the folder `docs_dir` climbs to
/// ([`climb_of_docs_dir`]) and paths MkDocs reads from the file's folder are joined to it.
pub fn import(
    text: &str,
    shown: &str,
    env: &dyn Fn(&str) -> Option<String>,
    exists: &dyn Fn(&str) -> bool,
    config_dir: &str,
) -> Result<Import, ImportError> {
    let text = resolve_env(text.strip_prefix('\u{feff}').unwrap_or(text), env);
    let value: Value = serde_saphyr::from_str(&text).map_err(|e| {
        let location = e.location();
        ImportError {
            line: location.map(|l| l.line()),
            column: location.map(|l| l.column()),
            message: crate::util::yaml::message(&e),
        }
    })?;
    let Value::Object(mk) = value else {
        return Err(ImportError {
            line: Some(1),
            column: Some(1),
            message: "mkdocs.yml must be a mapping of `key: value` lines".to_string(),
        });
    };
    let lines = crate::load::front_matter::key_lines(&text, 1);
    let mut import = Importer {
        shown,
        lines: &lines,
        config_dir,
        out: Import::default(),
    };
    // MkDocs' link validation by default: a missing page warns, the rest are notes.
    import.set(
        &["validation", "links"],
        json!({"not_found": "warn", "anchors": "info", "absolute_links": "info", "unrecognized_links": "info"}),
    );
    // Python-Markdown expands tabs and empties blank lines before it parses anything.
    import.set(&["markdown", "python_markdown"], json!(true));
    // MkDocs always runs `toc`: its ids and its depth, unless the file says otherwise.
    import.set(&["markdown", "toc", "slugify"], json!("ascii"));
    import.set(&["markdown", "toc", "depth"], json!(6));
    import.read(&mk, exists)?;
    if let Some(style) = text::slugify_style(&text) {
        import.set(
            &["markdown", "toc", "slugify"],
            serde_json::to_value(style).unwrap_or_default(),
        );
        import.mapped("markdown_extensions", "markdown.toc.slugify");
    }
    Ok(import.out)
}

struct Importer<'a> {
    shown: &'a str,
    lines: &'a std::collections::BTreeMap<String, u32>,
    /// The file's folder from the project root (`""` but when `docs_dir` climbs out of it).
    config_dir: &'a str,
    out: Import,
}

impl Importer<'_> {
    fn finding(&mut self, severity: Severity, key: &str, message: String) {
        let mut d = Diagnostic::new(severity, "mkdocs/config", self.shown, message);
        if let Some(line) = self.lines.get(key.split('.').next().unwrap_or(key)) {
            d = d.at_line(*line);
        }
        self.out.findings.push(d);
    }

    fn mapped(&mut self, key: &str, to: &str) {
        self.finding(Severity::Info, key, format!("`{key}` → `{to}`"));
    }

    fn not_mapped(&mut self, key: &str, message: String) {
        self.finding(Severity::Warning, key, message);
    }

    fn set(&mut self, path: &[&str], value: Value) {
        let Some((last, parents)) = path.split_last() else {
            return;
        };
        let mut map = &mut self.out.config;
        for key in parents {
            let slot = map
                .entry(key.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            let Value::Object(inner) = slot else {
                return;
            };
            map = inner;
        }
        map.insert(last.to_string(), value);
    }

    fn read(
        &mut self,
        mk: &Map<String, Value>,
        exists: &dyn Fn(&str) -> bool,
    ) -> Result<(), ImportError> {
        let text = |key: &str| mk.get(key).and_then(Value::as_str).map(str::to_string);
        let Some(title) = text("site_name").filter(|t| !t.trim().is_empty()) else {
            return Err(ImportError {
                line: None,
                column: None,
                message: "`site_name` is required (MkDocs requires it too)".to_string(),
            });
        };
        self.set(&["title"], json!(title));
        self.mapped("site_name", "title");
        // `docs_dir` counts from the file's folder, and may climb out of it.
        let written = text("docs_dir").unwrap_or_else(|| "docs".to_string());
        let docs_dir = paths::join(self.config_dir, written.trim())
            .filter(|_| !written.trim().starts_with('/'))
            .unwrap_or_else(|| {
                self.not_mapped(
                    "docs_dir",
                    format!("`docs_dir` is `{written}`, outside the repository folders sadoc reads; `docs` is read instead"),
                );
                paths::join(self.config_dir, "docs").unwrap_or_else(|| "docs".to_string())
            });
        self.set(&["docs", "dir"], json!(docs_dir));
        self.set(&["docs", "copy_unlinked"], json!(true));
        // MkDocs reads every folder but hidden ones, `templates/` at the top (its default
        // `exclude_docs`) and what `exclude_docs` adds.
        self.set(&["docs", "skip_folders"], json!([]));
        let templates = paths::join(&docs_dir, "templates/**").unwrap_or_default();
        self.set(&["docs", "exclude"], json!([templates]));
        self.mapped("docs_dir", "docs.dir");
        self.layout(&docs_dir, exists);
        // MkDocs publishes `page/` unless told otherwise.
        self.set(&["urls"], json!("pretty"));
        let in_docs = |p: &str| paths::join(&docs_dir, p).unwrap_or_else(|| p.to_string());
        for (key, value) in mk {
            match key.as_str() {
                "site_name" | "docs_dir" => {}
                "site_url" => {
                    if let Some(url) = value.as_str().filter(|u| !u.is_empty()) {
                        self.set(&["base_url"], json!(url));
                        self.mapped("site_url", "base_url");
                    }
                }
                "use_directory_urls" => {
                    let pretty = value.as_bool().unwrap_or(true);
                    self.set(&["urls"], json!(if pretty { "pretty" } else { "flat" }));
                    self.mapped("use_directory_urls", "urls");
                }
                "repo_url" => self.repo(value, mk.get("edit_uri")),
                "edit_uri" | "repo_name" => {}
                "nav" => self.nav(value, &docs_dir),
                "theme" => self.theme(value, &in_docs),
                "extra_css" | "extra_javascript" => {
                    let files: Vec<Value> = value
                        .as_array()
                        .map(|items| {
                            items
                                .iter()
                                .filter_map(|i| {
                                    i.as_str().or_else(|| i.get("path").and_then(Value::as_str))
                                })
                                .map(|p| json!(p))
                                .collect()
                        })
                        .unwrap_or_default();
                    self.set(&["theme", key], Value::Array(files));
                    self.mapped(key, &format!("theme.{key}"));
                }
                "exclude_docs" => {
                    let patterns = exclude_patterns(value.as_str().unwrap_or_default(), &docs_dir);
                    let (kept, negated): (Vec<_>, Vec<_>) =
                        patterns.into_iter().partition(|p| !p.starts_with('!'));
                    let templates = paths::join(&docs_dir, "templates/**").unwrap_or_default();
                    let all: Vec<String> = std::iter::once(templates).chain(kept).collect();
                    self.set(&["docs", "exclude"], json!(all));
                    self.mapped("exclude_docs", "docs.exclude");
                    for pattern in negated {
                        self.not_mapped(
                            "exclude_docs",
                            format!("`exclude_docs` pattern `{pattern}` re-includes files; sadoc's `docs.exclude` has no negation, so it is left out"),
                        );
                    }
                }
                "not_in_nav" => self.finding(
                    Severity::Info,
                    key,
                    "`not_in_nav`: sadoc builds pages left out of `nav` without a message"
                        .to_string(),
                ),
                "markdown_extensions" => self.extensions(value, &in_docs),
                "plugins" => {
                    for (name, options) in entries(value) {
                        if name == "macros" {
                            self.macros(&options, mk, &docs_dir, exists);
                        }
                        if name.trim_start_matches("material/") == "blog" {
                            self.blog(&options);
                        }
                        let severity =
                            if COVERED_PLUGINS.contains(&name.trim_start_matches("material/")) {
                                Severity::Info
                            } else {
                                Severity::Warning
                            };
                        self.finding(severity, "plugins", plugin_note(&name));
                    }
                }
                "site_dir" => {
                    if value
                        .as_str()
                        .is_some_and(|d| d.trim_end_matches('/') != "site")
                    {
                        self.not_mapped(
                            key,
                            format!("`site_dir` is `{}`; sadoc writes to `site` unless given `--out {}`", value.as_str().unwrap_or_default(), value.as_str().unwrap_or_default()),
                        );
                    }
                }
                "strict" => {
                    self.set(&["strict"], json!(value.as_bool().unwrap_or(false)));
                    self.mapped("strict", "strict");
                }
                "validation" => self.validation(value),
                "hooks" => self.not_mapped(
                    key,
                    "MkDocs `hooks` (Python) are not run by sadoc".to_string(),
                ),
                "extra" | "site_description" | "site_author" | "copyright" | "watch"
                | "dev_addr" | "remote_branch" | "remote_name" | "extra_templates" => self.finding(
                    Severity::Info,
                    key,
                    format!("`{key}` has no sadoc equivalent and is not used"),
                ),
                other => self.not_mapped(
                    other,
                    format!("`{other}` is not an MkDocs setting sadoc knows; it is ignored"),
                ),
            }
        }
        Ok(())
    }

    /// The `macros` plugin's settings as `markdown.macros`, with the variables its templates
    /// see: `extra:` and the whole file as `config`. Its folders count from where MkDocs runs,
    /// which is the file's folder or one above it (`mkdocs build -f hack/mkdocs.yml` from the
    /// repository's root): the first of those that has the folder.
    fn macros(
        &mut self,
        options: &Value,
        mk: &Map<String, Value>,
        docs_dir: &str,
        exists: &dyn Fn(&str) -> bool,
    ) {
        let mut settings = options.as_object().cloned().unwrap_or_default();
        let include_dir = match settings.get("include_dir").and_then(Value::as_str) {
            Some(dir) if !dir.trim().is_empty() => {
                let mut base = self.config_dir.to_string();
                loop {
                    let candidate = paths::join(&base, dir.trim());
                    if candidate.as_deref().is_some_and(exists) || base.is_empty() {
                        break candidate.unwrap_or_else(|| dir.to_string());
                    }
                    base = paths::parent(&base).to_string();
                }
            }
            _ => docs_dir.to_string(),
        };
        settings.insert("include_dir".into(), json!(include_dir));
        if let Some(Value::Array(files)) = settings.get("include_yaml").cloned() {
            let join = |f: &str| paths::join(self.config_dir, f).unwrap_or_else(|| f.to_string());
            let files: Vec<Value> = files
                .iter()
                .map(|f| match f {
                    Value::String(f) => json!(join(f)),
                    Value::Object(m) => Value::Object(
                        m.iter()
                            .map(|(k, v)| (k.clone(), json!(join(v.as_str().unwrap_or_default()))))
                            .collect(),
                    ),
                    other => other.clone(),
                })
                .collect();
            settings.insert("include_yaml".into(), Value::Array(files));
        }
        // Settings of later mkdocs-macros versions sadoc does not know are left out, not refused.
        let known = serde_json::to_value(crate::load::config::MacrosConfig::default())
            .ok()
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        settings.retain(|k, _| known.contains_key(k));
        let extra = mk.get("extra").and_then(Value::as_object).cloned();
        settings.insert("variables".into(), Value::Object(extra.unwrap_or_default()));
        settings.insert("config".into(), Value::Object(mk.clone()));
        self.set(&["markdown", "macros"], Value::Object(settings));
        self.mapped("plugins", "markdown.macros");
    }

    /// The blog plugin's settings as `blog`, those sadoc knows (the rest keep their defaults).
    fn blog(&mut self, options: &Value) {
        let mut settings = options.as_object().cloned().unwrap_or_default();
        let known = serde_json::to_value(crate::load::blog::BlogConfig::default())
            .ok()
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        settings.retain(|k, v| {
            known
                .get(k)
                .is_some_and(|d| std::mem::discriminant(d) == std::mem::discriminant(v))
        });
        self.set(&["blog"], Value::Object(settings));
        self.mapped("plugins", "blog");
    }

    /// The SAD and ADR folders inside `docs_dir`: `sad/`, and the first ADR folder name in use.
    fn layout(&mut self, docs_dir: &str, exists: &dyn Fn(&str) -> bool) {
        let inside = |name: &str| paths::join(docs_dir, name).unwrap_or_else(|| name.to_string());
        self.set(&["sad", "dir"], json!(inside("sad")));
        let adr = [
            "adr",
            "adrs",
            "decisions",
            "architecture/decisions",
            "architecture/adr",
            "decision-records",
        ]
        .iter()
        .map(|name| inside(name))
        .find(|dir| exists(dir))
        .unwrap_or_else(|| inside("adr"));
        self.set(&["adr", "dir"], json!(adr));
    }

    /// `validation:`: the levels of link problems, from `validation.links` or the shorthand
    /// that sets links and nav at once (`validation: {anchors: warn}`).
    fn validation(&mut self, value: &Value) {
        let level = |v: &Value| match v.as_str() {
            Some("warn") => Some("warn"),
            Some("info") => Some("info"),
            Some("ignore") => Some("ignore"),
            _ => None,
        };
        let keys = [
            "not_found",
            "anchors",
            "absolute_links",
            "unrecognized_links",
        ];
        for source in [Some(value), value.get("links")].into_iter().flatten() {
            for key in keys {
                if let Some(l) = source.get(key).and_then(level) {
                    self.set(&["validation", "links", key], json!(l));
                }
            }
        }
        self.mapped("validation", "validation.links");
    }

    fn repo(&mut self, url: &Value, edit_uri: Option<&Value>) {
        let Some(url) = url.as_str().filter(|u| !u.is_empty()) else {
            return;
        };
        self.set(&["repo", "url"], json!(url.trim_end_matches('/')));
        self.mapped("repo_url", "repo.url");
        static BRANCH: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^/?(?:-/)?(?:edit|blob|src)/([^/]+)/").expect("valid regex")
        });
        if let Some(edit) = edit_uri.and_then(Value::as_str)
            && let Some(c) = BRANCH.captures(edit)
        {
            self.set(&["repo", "branch"], json!(&c[1]));
            self.mapped("edit_uri", "repo.branch");
        }
    }

    fn nav(&mut self, value: &Value, docs_dir: &str) {
        match serde_json::from_value::<Vec<NavEntry>>(value.clone()) {
            Ok(nav) => {
                let nav = NavEntry::map_paths(nav, &|p| {
                    paths::join(docs_dir, p).unwrap_or_else(|| p.to_string())
                });
                self.set(&["nav"], serde_json::to_value(nav).unwrap_or_default());
                self.mapped("nav", "nav (paths from the project root)");
            }
            Err(e) => self.not_mapped(
                "nav",
                format!("`nav` cannot be read ({e}); the navigation follows the folders"),
            ),
        }
    }

    fn theme(&mut self, value: &Value, in_docs: &dyn Fn(&str) -> String) {
        let name = value
            .as_str()
            .or_else(|| value.get("name").and_then(Value::as_str))
            .unwrap_or("mkdocs");
        self.finding(
            Severity::Info,
            "theme",
            format!("theme `{name}` → sadoc's default theme (navigation, search, dark mode, tabs and admonitions as in Material)"),
        );
        // Material draws its header in the palette's primary colour, indigo unless told.
        if name == "material" {
            self.set(&["theme", "primary"], json!("indigo"));
        }
        let Some(theme) = value.as_object() else {
            return;
        };
        for (key, value) in theme {
            match key.as_str() {
                "palette" if name == "material" => self.palette(value),
                "features" => {
                    let annotate = value
                        .as_array()
                        .is_some_and(|f| f.iter().any(|f| f.as_str() == Some("content.code.annotate")));
                    if annotate {
                        self.set(&["markdown", "code_annotations"], json!(true));
                        self.mapped("theme.features", "markdown.code_annotations");
                    }
                }
                "name" | "palette" | "font" | "icon" | "static_templates" => {}
                "language" | "locale" => match value.as_str() {
                    Some(lang @ ("en" | "ko")) => {
                        self.set(&["lang"], json!(lang));
                        self.mapped("theme.language", "lang");
                    }
                    Some(other) => self.not_mapped(
                        "theme",
                        format!("`theme.language` is `{other}`; sadoc's theme has UI strings in English and Korean, so it uses English (translate with `theme.dir`/i18n)"),
                    ),
                    None => {}
                },
                "logo" | "favicon" => {
                    if let Some(path) = value.as_str().filter(|p| !p.contains("://")) {
                        self.set(&["theme", key], json!(in_docs(path)));
                        self.mapped(&format!("theme.{key}"), &format!("theme.{key}"));
                    }
                }
                "custom_dir" => self.not_mapped(
                    "theme",
                    "`theme.custom_dir` holds Jinja overrides for MkDocs themes; sadoc's templates are Tera files with other names, so it is not used (see the theme guide)".to_string(),
                ),
                other => self.finding(Severity::Info, "theme", format!("`theme.{other}` is not used")),
            }
        }
    }

    /// `theme.palette` (one mapping, or a list of schemes the reader toggles between): the
    /// first scheme's primary colour colours the header.
    fn palette(&mut self, value: &Value) {
        let first = match value {
            Value::Array(schemes) => schemes.iter().find(|s| s.get("primary").is_some()),
            other => Some(other),
        };
        let Some(primary) = first.and_then(|s| s.get("primary")).and_then(Value::as_str) else {
            return;
        };
        if crate::load::config::HeaderColour::parse(primary).is_some() {
            self.set(&["theme", "primary"], json!(primary));
            self.mapped("theme.palette.primary", "theme.primary");
        } else {
            self.not_mapped(
                "theme",
                format!("`theme.palette.primary` is `{primary}`: a custom colour is set in CSS, which sadoc does not read; the header is indigo (set `theme.primary` to a hex colour)"),
            );
        }
    }

    fn extensions(&mut self, value: &Value, in_docs: &dyn Fn(&str) -> String) {
        for (name, options) in entries(value) {
            let name = extension_name(&name).to_string();
            match name.as_str() {
                "pymdownx.snippets" => {
                    // `!relative $config_dir` / `$docs_dir` (MkDocs 1.5) name those folders.
                    let config_dir = self.config_dir;
                    let folder = |p: &str| match p {
                        "$config_dir" if config_dir.is_empty() => ".".to_string(),
                        "$config_dir" => config_dir.to_string(),
                        "$docs_dir" => in_docs(""),
                        other => {
                            paths::join(config_dir, other).unwrap_or_else(|| other.to_string())
                        }
                    };
                    let base: Vec<String> = match options.get("base_path") {
                        Some(Value::String(one)) => vec![folder(one)],
                        Some(Value::Array(many)) => {
                            many.iter().filter_map(Value::as_str).map(folder).collect()
                        }
                        _ => vec![".".to_string()],
                    };
                    self.set(&["markdown", "snippets", "base_path"], json!(base));
                    if let Some(Value::Array(files)) = options.get("auto_append") {
                        // auto_append names are looked up under the base paths, like any snippet.
                        let files: Vec<&str> = files.iter().filter_map(Value::as_str).collect();
                        self.set(&["markdown", "snippets", "auto_append"], json!(files));
                    }
                    // pymdownx.snippets inserts nothing for a missing file unless told to fail.
                    let check = options.get("check_paths").and_then(Value::as_bool) == Some(true);
                    self.set(&["markdown", "snippets", "check_paths"], json!(check));
                    if options.get("url_download").and_then(Value::as_bool) == Some(true) {
                        self.not_mapped("markdown_extensions", "`pymdownx.snippets: url_download` is not supported: sadoc never downloads snippets".to_string());
                    }
                    self.mapped("markdown_extensions", "markdown.snippets");
                }
                "toc" => {
                    match options.get("permalink") {
                        Some(Value::String(symbol)) if !symbol.is_empty() => {
                            self.set(&["markdown", "permalink"], json!(symbol));
                            self.mapped("markdown_extensions", "markdown.permalink");
                        }
                        Some(Value::Bool(true)) => {
                            self.set(&["markdown", "permalink"], json!("¶"));
                            self.mapped("markdown_extensions", "markdown.permalink");
                        }
                        _ => {}
                    }
                    match options.get("toc_depth") {
                        Some(Value::Number(n)) => {
                            self.set(&["markdown", "toc", "depth"], json!(n));
                            self.mapped("markdown_extensions", "markdown.toc.depth");
                        }
                        Some(Value::String(range)) => {
                            let depth = range
                                .parse::<u8>()
                                .map_or_else(|_| json!(range), |n| json!(n));
                            self.set(&["markdown", "toc", "depth"], depth);
                            self.mapped("markdown_extensions", "markdown.toc.depth");
                        }
                        _ => {}
                    }
                    if let Some(separator) = options.get("separator").and_then(Value::as_str) {
                        self.set(&["markdown", "toc", "separator"], json!(separator));
                        self.mapped("markdown_extensions", "markdown.toc.separator");
                    }
                }
                "pymdownx.highlight" | "codehilite" => {
                    if options.get("linenums").and_then(Value::as_bool) == Some(true) {
                        self.set(&["markdown", "linenums"], json!(true));
                        self.mapped("markdown_extensions", "markdown.linenums");
                    }
                }
                "pymdownx.emoji" => {
                    let folders: Vec<Value> = options
                        .get("options")
                        .and_then(|o| o.get("custom_icons"))
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(|d| {
                            json!(paths::join(self.config_dir, d).unwrap_or_else(|| d.to_string()))
                        })
                        .collect();
                    if !folders.is_empty() {
                        self.set(&["markdown", "custom_icons"], Value::Array(folders));
                        self.mapped("markdown_extensions", "markdown.custom_icons");
                    }
                }
                "pymdownx.inlinehilite" => {
                    self.set(&["markdown", "inline_highlight"], json!(true));
                    self.mapped("markdown_extensions", "markdown.inline_highlight");
                }
                "smarty" => {
                    self.set(&["markdown", "smart_punctuation"], json!(true));
                    self.mapped("markdown_extensions", "markdown.smart_punctuation");
                }
                n if SUPPORTED_EXTENSIONS.contains(&n) => {}
                n => self.not_mapped("markdown_extensions", extension_note(n)),
            }
        }
    }
}

/// How many folders `docs_dir` climbs above the folder of `mkdocs.yml` (`../docs`: 1), read
/// from the file's text before it is imported: the project root is that many folders up.
pub fn climb_of_docs_dir(text: &str) -> usize {
    static DOCS_DIR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r##"(?m)^docs_dir:[ \t]*['"]?([^'"#\r\n]+)"##).expect("valid regex")
    });
    let Some(c) = DOCS_DIR.captures(text) else {
        return 0;
    };
    let mut depth: isize = 0;
    let mut climb: isize = 0;
    for segment in c[1].trim().split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                depth -= 1;
                climb = climb.max(-depth);
            }
            _ => depth += 1,
        }
    }
    climb.max(0) as usize
}

/// `(name, options)` of a list or mapping of plugins or extensions.
fn entries(value: &Value) -> Vec<(String, Value)> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter_map(|item| match item {
                Value::String(name) => Some((name.clone(), Value::Null)),
                Value::Object(map) => map.iter().next().map(|(n, o)| (n.clone(), o.clone())),
                _ => None,
            })
            .collect(),
        Value::Object(map) => map.iter().map(|(n, o)| (n.clone(), o.clone())).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Import {
        let env = |name: &str| (name == "SITE").then(|| "https://docs.example.com/".to_string());
        import(text, "mkdocs.yml", &env, &|d| d == "docs/decisions", "").unwrap()
    }

    #[test]
    fn a_material_config_maps_onto_sadoc_keys() {
        let i = run(concat!(
            "site_name: Platform\n",
            "site_url: !ENV [SITE, https://fallback/]\n",
            "repo_url: https://gitlab.example.com/data/platform\n",
            "edit_uri: -/edit/trunk/docs/\n",
            "theme:\n  name: material\n  language: ko\n  custom_dir: overrides\n",
            "nav:\n  - Home: index.md\n  - Guide:\n    - guide/index.md\n  - GitLab: https://gitlab.com\n",
            "exclude_docs: |\n  drafts/\n  *.tmp\n  /secret.md\n",
            "markdown_extensions:\n  - toc:\n      permalink: true\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n  - pymdownx.snippets:\n      base_path: [docs/includes]\n      auto_append: [abbreviations.md]\n  - pymdownx.arithmatex\n",
            "plugins:\n  - search\n  - awesome-pages\n",
        ));
        let c = &i.config;
        assert_eq!(c["title"], "Platform");
        assert_eq!(c["base_url"], "https://docs.example.com/");
        assert_eq!(c["repo"]["branch"], "trunk");
        assert_eq!(c["lang"], "ko");
        assert_eq!(c["adr"]["dir"], "docs/decisions");
        assert_eq!(c["urls"], "pretty", "use_directory_urls is true by default");
        assert_eq!(c["markdown"]["permalink"], "¶");
        assert_eq!(c["nav"][0]["Home"], "docs/index.md");
        assert_eq!(c["nav"][1]["Guide"][0], "docs/guide/index.md");
        assert_eq!(c["nav"][2]["GitLab"], "https://gitlab.com");
        assert_eq!(
            c["docs"]["exclude"],
            json!([
                "docs/templates/**",
                "docs/**/drafts/**",
                "docs/**/*.tmp",
                "docs/secret.md"
            ]),
            "MkDocs always leaves out `templates/` at the top of docs_dir"
        );
        assert_eq!(
            c["markdown"]["snippets"]["base_path"],
            json!(["docs/includes"])
        );
        let warnings: Vec<String> = i
            .findings
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| format!("{}: {}", d.line.unwrap_or(0), d.message))
            .collect();
        assert_eq!(warnings.len(), 3, "{warnings:#?}");
        assert!(warnings.iter().any(|w| w.contains("custom_dir")));
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("`pymdownx.arithmatex` is not supported"))
        );
        assert!(i.findings.iter().any(|d| d.severity == Severity::Info
            && d.message.contains(
                "plugin `search` is not run by sadoc: sadoc builds its own search index"
            )));
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("27: ") && w.contains("`awesome-pages`")),
            "{warnings:#?}"
        );
        let config: crate::load::config::Config =
            serde_json::from_value(Value::Object(i.config.clone())).unwrap();
        assert_eq!(config.title, "Platform");
    }

    #[test]
    fn relative_tags_name_the_config_and_docs_folders() {
        let i = run(
            "site_name: S\ndocs_dir: src/docs\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [!relative $config_dir, !relative $docs_dir, includes]\n",
        );
        assert_eq!(
            i.config["markdown"]["snippets"]["base_path"],
            json!([".", "src/docs", "includes"])
        );
    }

    #[test]
    fn env_tags_resolve_like_mkdocs() {
        let env = |name: &str| (name == "B").then(|| "b".to_string());
        assert_eq!(
            resolve_env("x: !ENV A\ny: !ENV [A, B, d]\nz: !ENV [A, d]\n", &env),
            "x: null\ny: \"b\"\nz: \"d\"\n"
        );
    }

    #[test]
    fn site_name_is_required() {
        let e = import("docs_dir: docs\n", "mkdocs.yml", &|_| None, &|_| false, "").unwrap_err();
        assert!(e.message.contains("site_name"));
    }
}
