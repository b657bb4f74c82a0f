//! The theme: tera templates, static assets and UI strings, built in and overridable.
//!
//! The default theme in `themes/default/` is embedded in the binary. A project may set
//! `theme.dir` to a folder with the same layout (`templates/`, `assets/`, `i18n/`); each file
//! there replaces the built-in file of the same name, and new assets are added. Assets are
//! published under content-hashed names (`assets/sadoc.3f9a1c2e.css`) so they can be cached
//! forever; templates find them through `site.assets["sadoc.css"]`.

use crate::util::content_hash;
use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};
use serde::{Deserialize, Serialize};
use tera::Tera;

use crate::load::config::Lang;
use crate::util::diag::Diagnostic;

static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// One static file of the theme.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The name templates use, e.g. `sadoc.css`.
    pub name: String,
    /// The content-hashed site path, e.g. `assets/sadoc.3f9a1c2e.css`.
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// The UI strings of the theme, in the configured language.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[allow(missing_docs)]
pub struct Strings {
    pub home: String,
    pub architecture: String,
    pub decision_log: String,
    pub decisions: String,
    pub on_this_page: String,
    pub previous: String,
    pub next: String,
    pub edit_page: String,
    pub menu: String,
    pub toggle_theme: String,
    pub skip_to_content: String,
    pub copy: String,
    pub copied: String,
    pub status: String,
    pub date: String,
    pub deciders: String,
    pub owners: String,
    pub tags: String,
    pub number: String,
    pub title: String,
    pub all: String,
    pub more: String,
    pub in_this_folder: String,
    pub recent_decisions: String,
    pub documents: String,
    pub no_decisions: String,
    pub consulted: String,
    pub informed: String,
    pub superseded_notice: String,
    pub superseded_by: String,
    pub proposed_successors: String,
    pub in_review: String,
    pub proposed_in: String,
    pub review: String,
    pub reviewed: String,
    pub review_overdue: String,
    pub review_due: String,
    pub review_current: String,
    pub review_unknown: String,
    pub no_owner: String,
    pub version: String,
    pub version_outdated: String,
    pub overdue: String,
    pub due_soon: String,
    pub status_history: String,
    pub recorded: String,
    pub history_starts: String,
    pub deprecated_notice: String,
    pub rejected_notice: String,
    pub cited_by: String,
    pub history: String,
    pub views: String,
    pub completeness: String,
    pub viewtype: String,
    pub viewpoint: String,
    pub elements: String,
    pub relations_of_elements: String,
    pub generated_picture: String,
    pub element: String,
    pub type_label: String,
    pub responsibility: String,
    pub code: String,
    pub from: String,
    pub relation: String,
    pub to: String,
    pub parent_view: String,
    pub packets: String,
    pub related_views: String,
    pub decisions_cited: String,
    pub cited_by_decisions: String,
    pub governs: String,
    pub required_documents: String,
    pub sections_of_views: String,
    pub state_done: String,
    pub state_na: String,
    pub state_unfinished: String,
    pub state_missing: String,
    pub no_problems: String,
    pub problems_found: String,
    pub sections_to_write: String,
    pub other_viewpoints: String,
    pub code_map: String,
    pub code_map_intro: String,
    pub files: String,
    pub file: String,
    pub anywhere: String,
    pub diagram_open: String,
    pub diagram_close: String,
    pub zoom_in: String,
    pub zoom_out: String,
    pub zoom_fit: String,
    pub timeline: String,
    pub relations: String,
    pub undated: String,
    pub sort_by: String,
    pub not_found_title: String,
    pub not_found_text: String,
    pub back_home: String,
    pub generated_by: String,
    pub last_updated: String,
    pub updated_by: String,
    pub page_history: String,
    pub date_unknown: String,
    pub date_uncommitted: String,
    pub and_more: String,
    pub search: String,
    pub search_placeholder: String,
    pub search_no_results: String,
    pub search_more: String,
    pub search_unavailable: String,
    pub search_file_hint: String,
    pub kind_view: String,
    pub kind_adr: String,
    pub kind_sad: String,
    pub kind_page: String,
}

impl Strings {
    /// The strings `search.js` shows, as JSON for a `data-strings` attribute.
    pub fn search_json(&self) -> String {
        serde_json::json!({
            "no_results": self.search_no_results,
            "more": self.search_more,
            "unavailable": self.search_unavailable,
            "file_hint": self.search_file_hint,
            "kind_view": self.kind_view,
            "kind_adr": self.kind_adr,
            "kind_sad": self.kind_sad,
            "kind_page": self.kind_page,
        })
        .to_string()
    }
}

/// A loaded theme.
pub struct Theme {
    tera: Tera,
    /// Static files, by the name templates use.
    pub assets: Vec<Asset>,
    /// UI strings.
    pub strings: Strings,
    /// Whether a template names `nav`, the navigation's items (the built-in ones use
    /// `nav_html`): pages get the items only then.
    pub lists_nav_items: bool,
    /// A hash of every template, when what they render follows from their context alone (no
    /// template reads the environment): pages rendered by earlier builds may then be kept.
    pub id: Option<[u8; 32]>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("assets", &self.assets.len())
            .finish_non_exhaustive()
    }
}

/// Whether an asset only serves pages with diagrams (the Mermaid bundle, its licence and the
/// script that starts it): the site includes them only when a page has a diagram.
pub fn is_diagram_asset(name: &str) -> bool {
    name.starts_with("mermaid.") || name == "diagrams.js"
}

fn hashed_path(name: &str, bytes: &[u8]) -> String {
    let hash = format!("{:08x}", content_hash(bytes) as u32);
    match name.rfind('.') {
        Some(i) if i > 0 => format!("assets/{}.{hash}{}", &name[..i], &name[i..]),
        _ => format!("assets/{name}.{hash}"),
    }
}

/// Reads the files of an override folder's subfolder, by name; problems become diagnostics.
fn read_override(
    dir: Option<&Path>,
    sub: &str,
    shown: &str,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let Some(dir) = dir else {
        return files;
    };
    let sub_dir = dir.join(sub);
    if !sub_dir.is_dir() {
        return files;
    }
    for entry in walkdir::WalkDir::new(&sub_dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(Diagnostic::error(
                    "theme/unreadable",
                    format!("{shown}/{sub}"),
                    format!("cannot read the theme folder: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(rel) = crate::util::paths::relative(&sub_dir, entry.path()) else {
            continue;
        };
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                files.insert(rel, bytes);
            }
            Err(e) => problems.push(Diagnostic::error(
                "theme/unreadable",
                format!("{shown}/{sub}/{rel}"),
                format!("cannot read: {e}"),
            )),
        }
    }
    files
}

fn builtin(sub: &str) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if let Some(dir) = DEFAULT_THEME.get_dir(sub) {
        collect(dir, sub, &mut files);
    }
    files
}

fn collect(dir: &Dir<'_>, strip: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        let rel = path
            .strip_prefix(strip)
            .map(|p| p.trim_start_matches('/'))
            .unwrap_or(&path)
            .to_string();
        out.insert(rel, file.contents().to_vec());
    }
    for sub in dir.dirs() {
        collect(sub, strip, out);
    }
}

/// Whether a template names the variable `nav` in a tag (`{{ nav }}`, `{% for item in nav %}`,
/// `items=nav`), not as part of another name (`hide_nav`, `site.configured_nav`, `nav_list`).
fn names_nav(template: &str) -> bool {
    static NAV: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\{[{%]-?\s*(?:[^{}]*?[^\w.])?nav\b").expect("valid regex")
    });
    NAV.is_match(template)
}

/// A hash of the templates `sources` (by name, in order); `None` when one calls a function
/// whose answer is not in the page's context (`get_env`, `now`, `get_random`).
fn template_id(sources: &[(String, String)]) -> Option<[u8; 32]> {
    use sha2::Digest as _;
    let mut hasher = sha2::Sha256::new();
    for (name, text) in sources {
        if ["get_env", "now(", "get_random"]
            .iter()
            .any(|f| text.contains(f))
        {
            return None;
        }
        for part in [name, text] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
    }
    Some(hasher.finalize().into())
}

/// The full cause chain of a tera error, one sentence per cause.
pub fn tera_message(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

impl Theme {
    /// Loads the built-in theme with the files of `override_dir` (shown in messages as
    /// `shown`) laid over it, and the UI strings of `lang`.
    pub fn load(
        override_dir: Option<&Path>,
        shown: &str,
        lang: Lang,
        extra_assets: Vec<(String, Vec<u8>)>,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut templates = builtin("templates");
        let overrides = read_override(override_dir, "templates", shown, &mut problems);
        let overridden: Vec<String> = overrides.keys().cloned().collect();
        templates.extend(overrides);
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default escaper also turns `/` into `&#x2F;`, which makes every URL unreadable.
        tera.set_escape_fn(crate::util::escape_html);
        let mut sources = Vec::new();
        for (name, bytes) in &templates {
            match std::str::from_utf8(bytes) {
                Ok(text) => sources.push((name.clone(), text.to_string())),
                Err(_) => problems.push(Diagnostic::error(
                    "theme/encoding",
                    format!("{shown}/templates/{name}"),
                    "the template is not valid UTF-8",
                )),
            }
        }
        let lists_nav_items = sources.iter().any(|(_, text)| names_nav(text));
        let id = template_id(&sources);
        if let Err(e) = tera.add_raw_templates(sources) {
            let culprit = overridden
                .iter()
                .find(|n| tera_message(&e).contains(n.as_str()))
                .map_or_else(|| "theme".to_string(), |n| format!("{shown}/templates/{n}"));
            problems.push(
                Diagnostic::error("theme/template", culprit, tera_message(&e))
                    .with_help("fix the template syntax (tera, similar to Jinja2)"),
            );
        }

        let mut asset_files = builtin("assets");
        asset_files.extend(read_override(override_dir, "assets", shown, &mut problems));
        asset_files.extend(extra_assets);
        let assets = asset_files
            .into_iter()
            .map(|(name, bytes)| Asset {
                path: hashed_path(&name, &bytes),
                name,
                bytes,
            })
            .collect();

        let strings = load_strings(override_dir, shown, lang, &mut problems);
        match strings {
            Some(strings) if problems.is_empty() => Ok(Theme {
                tera,
                assets,
                strings,
                lists_nav_items,
                id,
            }),
            _ => Err(problems),
        }
    }

    /// The site path of every asset, by the name templates use.
    pub fn asset_paths(&self) -> BTreeMap<String, String> {
        self.assets
            .iter()
            .map(|a| (a.name.clone(), a.path.clone()))
            .collect()
    }

    /// Renders a template with a typed context.
    pub fn render(&self, template: &str, context: &impl Serialize) -> Result<String, String> {
        let context = tera::Context::from_serialize(context).map_err(|e| tera_message(&e))?;
        self.tera
            .render(template, &context)
            .map_err(|e| tera_message(&e))
    }
}

fn load_strings(
    override_dir: Option<&Path>,
    shown: &str,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> Option<Strings> {
    let builtin = builtin("i18n");
    let overrides = read_override(override_dir, "i18n", shown, problems);
    let mut merged = serde_json::Map::new();
    let layers = [
        ("en.yml", &builtin, "theme"),
        (&format!("{}.yml", lang.tag()) as &str, &builtin, "theme"),
        ("en.yml", &overrides, shown),
        (&format!("{}.yml", lang.tag()) as &str, &overrides, shown),
    ];
    for (name, files, origin) in layers {
        let Some(bytes) = files.get(name) else {
            continue;
        };
        let text = String::from_utf8_lossy(bytes);
        match serde_saphyr::from_str::<serde_json::Map<String, serde_json::Value>>(&text) {
            Ok(map) => merged.extend(map),
            Err(e) => {
                let mut d = Diagnostic::error(
                    "theme/i18n",
                    format!("{origin}/i18n/{name}"),
                    crate::util::yaml::message(&e),
                );
                if let Some(l) = e.location() {
                    d = d.at(l.line() as u32, l.column() as u32);
                }
                problems.push(d);
            }
        }
    }
    match serde_json::from_value(serde_json::Value::Object(merged)) {
        Ok(strings) => Some(strings),
        Err(e) => {
            problems.push(Diagnostic::error(
                "theme/i18n",
                format!("{shown}/i18n"),
                format!("UI strings are incomplete: {e}"),
            ));
            None
        }
    }
}
