//! Jinja in pages, as the mkdocs-macros plugin renders it: a page's text goes through the
//! template engine before anything reads it as markdown, so every later stage (titles, links,
//! checks, the rendered page) sees the text MkDocs' site was made from.
//!
//! The engine is MiniJinja (with Python's string and dict methods from minijinja-contrib),
//! set up as mkdocs-macros sets up Jinja2: `{% include %}` and `{% import %}` read from
//! `include_dir`, the project's own delimiters (`j2_*`), and what an undefined variable
//! renders as (`on_undefined`). Templates see mkdocs-macros' variables: `extra:` at the top
//! level and as `extra`, `config`, `page` (and the page's front matter at the top level),
//! `git`, `environment`, `plugin`, `now()` and `fix_url()`.
//!
//! Macros written in Python (`main.py`, `modules:`) are not run: each name the module defines
//! is one warning, and an expression that uses it is left as written, as an undefined
//! variable is with `on_undefined: keep` (mkdocs-macros' default). A page whose template
//! cannot be rendered is built as written, with a warning at its line (an error with
//! `on_error_fail`).

mod python;
mod values;

use std::collections::HashSet;
use std::sync::LazyLock;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior, Value};
use regex::Regex;
use serde_json::{Map, Value as Json, json};

use crate::load::config::MacrosConfig;
use crate::load::project::Project;
use crate::util::diag::Diagnostic;
use crate::util::glob::CodeGlob;
use crate::util::paths;

/// What rendering a page needs to know about it.
#[derive(Debug, Clone, Copy)]
pub struct PageInfo<'a> {
    /// The source path, from the project root (for messages).
    pub source: &'a str,
    /// The source path from the docs folder (MkDocs' `page.file.src_path`).
    pub src_path: &'a str,
    /// The page's URL from the site root, without a leading `/` (MkDocs' `page.url`).
    pub url: &'a str,
    /// Its title as far as the text says (front matter `title:`, else its first `# heading`).
    pub title: &'a str,
    /// Whether it is the site's home page.
    pub is_homepage: bool,
    /// Its front matter, every key.
    pub meta: &'a Map<String, Json>,
    /// The line of the file where the body starts.
    pub body_line: u32,
}

/// The project's template engine and settings, made once per load.
pub struct Engine {
    env: Environment<'static>,
    /// The docs folder, from the project root: pages' `src_path` counts from it.
    docs_dir: String,
    keep_undefined: bool,
    on_error_fail: bool,
    render_by_default: bool,
    /// `force_render_paths`, matched against paths from the docs folder.
    force: Vec<CodeGlob>,
    /// The names every page sees (variables, functions and filters of the engine).
    known: HashSet<String>,
    /// Names defined by the Python module, which sadoc does not run.
    python: HashSet<String>,
    delimiters: Delimiters,
    /// Left-as-written expressions: `{{ name… }}` of the project's delimiters.
    expression: Regex,
    /// `{% raw %}…{% endraw %}` and comments, never rewritten.
    verbatim: Regex,
}

/// The project's Jinja delimiters.
#[derive(Debug, Clone)]
struct Delimiters {
    block: (String, String),
    variable: (String, String),
    comment: (String, String),
}

/// A page's text after its macros.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rendered {
    /// The page has no macros to render, or is not rendered (`render_macros: false`).
    Unchanged,
    /// The text the markdown stages read instead.
    Text(String),
}

impl Engine {
    /// The engine of `project`, when its configuration turns macros on, and what setting it up
    /// found: a missing include folder or YAML file, names defined in Python.
    pub fn new(project: &Project) -> (Option<Engine>, Vec<Diagnostic>) {
        let Some(config) = &project.config.markdown.macros else {
            return (None, Vec::new());
        };
        let mut notes = Vec::new();
        let shown = config_shown(project);
        let warn = |message: String, help: &str| {
            Diagnostic::warning("macros/config", shown.clone(), message).with_help(help.to_string())
        };
        let delimiters = Delimiters::of(config);
        let mut env = Environment::new();
        minijinja_contrib::add_to_environment(&mut env);
        env.set_unknown_method_callback(minijinja_contrib::pycompat::unknown_method_callback);
        if let Some(syntax) = delimiters.syntax() {
            match syntax {
                Ok(syntax) => env.set_syntax(syntax),
                Err(e) => notes.push(warn(
                    format!("the macros delimiters (`j2_*_string`) cannot be used: {e}; Jinja's own are used"),
                    "give each of block, variable and comment a start and end that differ",
                )),
            }
        }
        let keep_undefined = match config.on_undefined.as_str() {
            "keep" => {
                env.set_undefined_behavior(UndefinedBehavior::Lenient);
                true
            }
            "silent" => {
                env.set_undefined_behavior(UndefinedBehavior::Lenient);
                false
            }
            "lax" => {
                env.set_undefined_behavior(UndefinedBehavior::Chainable);
                false
            }
            "strict" => {
                env.set_undefined_behavior(UndefinedBehavior::Strict);
                false
            }
            other => {
                notes.push(warn(
                    format!("`on_undefined` is `{other}`; undefined variables are kept as written (`keep`)"),
                    "use keep, silent, lax or strict",
                ));
                env.set_undefined_behavior(UndefinedBehavior::Lenient);
                true
            }
        };
        let docs_dir = project.config.docs.dir.clone();
        let include_dir = config
            .include_dir
            .clone()
            .unwrap_or_else(|| docs_dir.clone());
        let include_path = project.path(&include_dir);
        if !include_path.is_dir() {
            notes.push(warn(
                format!("the macros `include_dir` `{include_dir}` is not a folder; `{{% include %}}` finds nothing"),
                "create the folder or fix `include_dir`",
            ));
        }
        env.set_loader(minijinja::path_loader(include_path));
        let mut globals = config.variables.clone();
        for file in &config.include_yaml {
            match values::include_yaml(project, file) {
                Ok(Some((key, content))) => match (key, content) {
                    (Some(key), content) => {
                        globals.insert(key, content);
                    }
                    (None, Json::Object(map)) => globals.extend(map),
                    (None, _) => {}
                },
                Ok(None) => {}
                Err(message) => notes.push(warn(message, "fix the file or `include_yaml`")),
            }
        }
        globals.insert("extra".into(), Json::Object(config.variables.clone()));
        globals.insert("config".into(), Json::Object(config.config.clone()));
        globals.insert(
            "plugin".into(),
            serde_json::to_value(config).unwrap_or_default(),
        );
        globals.insert("git".into(), values::git(project));
        globals.insert("environment".into(), values::environment());
        let mut known: HashSet<String> = globals.keys().cloned().collect();
        for (name, value) in globals {
            env.add_global(name, Value::from(Serde(value)));
        }
        env.add_function("now", values::now);
        env.add_function("fix_url", values::fix_url);
        known.extend(env.globals().map(|(name, _)| name.to_string()));
        known.extend(
            [
                "now",
                "fix_url",
                "page",
                "range",
                "dict",
                "namespace",
                "loop",
                "self",
            ]
            .map(String::from),
        );
        let (python, found) = python::defined(project, config);
        notes.extend(found);
        let force = config
            .force_render_paths
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|p| CodeGlob::new(p.trim_start_matches('/')).ok())
            .collect();
        let expression = Regex::new(&format!(
            r"(?s){}-?\s*([A-Za-z_][A-Za-z0-9_]*).*?-?{}",
            regex::escape(&delimiters.variable.0),
            regex::escape(&delimiters.variable.1)
        ))
        .expect("escaped delimiters make a valid regex");
        let verbatim = Regex::new(&format!(
            r"(?s){bs}-?\s*raw\s*-?{be}.*?{bs}-?\s*endraw\s*-?{be}|{cs}.*?{ce}",
            bs = regex::escape(&delimiters.block.0),
            be = regex::escape(&delimiters.block.1),
            cs = regex::escape(&delimiters.comment.0),
            ce = regex::escape(&delimiters.comment.1),
        ))
        .expect("escaped delimiters make a valid regex");
        let engine = Engine {
            env,
            docs_dir,
            keep_undefined,
            on_error_fail: config.on_error_fail,
            render_by_default: config.render_by_default,
            force,
            known,
            python,
            delimiters,
            expression,
            verbatim,
        };
        (Some(engine), notes)
    }

    /// The path of `source` from the docs folder.
    pub fn src_path<'s>(&self, source: &'s str) -> &'s str {
        paths::strip_dir(source, &self.docs_dir)
            .map(|p| p.trim_start_matches('/'))
            .unwrap_or(source)
    }

    /// Renders the macros of one page's body. `Err` is the problem that kept it from being
    /// rendered: the page is then built as written.
    pub fn render(&self, page: &PageInfo<'_>, body: &str) -> Result<Rendered, Diagnostic> {
        match page.meta.get("render_macros").and_then(Json::as_bool) {
            Some(false) => return Ok(Rendered::Unchanged),
            Some(true) => {}
            None if self.render_by_default => {}
            None => {
                if !self.force.iter().any(|g| g.is_match(page.src_path)) {
                    return Ok(Rendered::Unchanged);
                }
            }
        }
        // Text without any delimiter renders as itself (but for Jinja dropping one final
        // newline, which no markdown reader sees): most pages stop here.
        if !self.delimiters.any_in(body) {
            return Ok(Rendered::Unchanged);
        }
        let context = page_context(page);
        let kept = self.left_as_written(page, body, &context)?;
        let text = kept.as_deref().unwrap_or(body);
        let rendered = self
            .env
            .render_str(text, Value::from(Serde(Json::Object(context))))
            .map_err(|e| self.problem(page, &e))?;
        Ok(Rendered::Text(rendered))
    }

    /// The body with each expression that uses an undefined name (with `keep`) or a name
    /// defined in Python wrapped in `raw`, so that it shows as written; `None` when there is
    /// none.
    fn left_as_written(
        &self,
        page: &PageInfo<'_>,
        body: &str,
        context: &Map<String, Json>,
    ) -> Result<Option<String>, Diagnostic> {
        if !self.keep_undefined && self.python.is_empty() {
            return Ok(None);
        }
        let template = self
            .env
            .template_from_str(body)
            .map_err(|e| self.problem(page, &e))?;
        let undeclared = template.undeclared_variables(false);
        let keep: HashSet<&str> = undeclared
            .iter()
            .map(String::as_str)
            .filter(|name| {
                self.python.contains(*name)
                    || (self.keep_undefined
                        && !self.known.contains(*name)
                        && !context.contains_key(*name))
            })
            .collect();
        if keep.is_empty() {
            return Ok(None);
        }
        let (bs, be) = &self.delimiters.block;
        let mut out = String::with_capacity(body.len() + 64);
        let mut at = 0;
        let verbatim: Vec<(usize, usize)> = self
            .verbatim
            .find_iter(body)
            .map(|m| (m.start(), m.end()))
            .collect();
        for m in self.expression.captures_iter(body) {
            let (Some(all), Some(name)) = (m.get(0), m.get(1)) else {
                continue;
            };
            let inside = verbatim
                .iter()
                .any(|(s, e)| all.start() >= *s && all.start() < *e);
            if inside || !keep.contains(name.as_str()) || all.start() < at {
                continue;
            }
            out.push_str(&body[at..all.start()]);
            out.push_str(&format!("{bs} raw {be}{}{bs} endraw {be}", all.as_str()));
            at = all.end();
        }
        out.push_str(&body[at..]);
        Ok(Some(out))
    }

    /// The diagnostic of a template that could not be rendered.
    fn problem(&self, page: &PageInfo<'_>, e: &minijinja::Error) -> Diagnostic {
        let message = format!(
            "the page's macros cannot be rendered: {}; it is built as written",
            e.detail().unwrap_or(&e.kind().to_string())
        );
        let d = if self.on_error_fail {
            Diagnostic::error("macros/error", page.source, message)
        } else {
            Diagnostic::warning("macros/error", page.source, message)
        };
        let d = d.with_help(
            "fix the Jinja at that line, or put text Jinja should not read between `{% raw %}` and `{% endraw %}`",
        );
        // Lines of a rewritten body are the page's: `raw` is added within lines.
        match e.line() {
            Some(line) => d.at_line(page.body_line + (line as u32).saturating_sub(1)),
            None => d,
        }
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("docs_dir", &self.docs_dir)
            .field("delimiters", &self.delimiters)
            .field("python", &self.python)
            .finish_non_exhaustive()
    }
}

impl Delimiters {
    fn of(config: &MacrosConfig) -> Delimiters {
        let or = |value: &Option<String>, default: &str| {
            value
                .as_deref()
                .filter(|v| !v.is_empty())
                .unwrap_or(default)
                .to_string()
        };
        Delimiters {
            block: (
                or(&config.j2_block_start_string, "{%"),
                or(&config.j2_block_end_string, "%}"),
            ),
            variable: (
                or(&config.j2_variable_start_string, "{{"),
                or(&config.j2_variable_end_string, "}}"),
            ),
            comment: (
                or(&config.j2_comment_start_string, "{#"),
                or(&config.j2_comment_end_string, "#}"),
            ),
        }
    }

    /// The syntax, when it is not Jinja's own.
    fn syntax(&self) -> Option<Result<SyntaxConfig, minijinja::Error>> {
        let default = self.block == ("{%".into(), "%}".into())
            && self.variable == ("{{".into(), "}}".into())
            && self.comment == ("{#".into(), "#}".into());
        (!default).then(|| {
            SyntaxConfig::builder()
                .block_delimiters(self.block.0.clone(), self.block.1.clone())
                .variable_delimiters(self.variable.0.clone(), self.variable.1.clone())
                .comment_delimiters(self.comment.0.clone(), self.comment.1.clone())
                .build()
        })
    }

    /// Whether `text` has any start delimiter.
    fn any_in(&self, text: &str) -> bool {
        [&self.block.0, &self.variable.0, &self.comment.0]
            .iter()
            .any(|start| memchr::memmem::find(text.as_bytes(), start.as_bytes()).is_some())
    }
}

/// The variables of one page: `page`, and its front matter at the top level.
fn page_context(page: &PageInfo<'_>) -> Map<String, Json> {
    let mut context = page.meta.clone();
    let name = paths::stem(page.src_path);
    context.insert(
        "page".into(),
        json!({
            "title": page.title,
            "url": page.url,
            "abs_url": format!("/{}", page.url),
            "is_homepage": page.is_homepage,
            "meta": page.meta,
            "file": {
                "src_path": page.src_path,
                "src_uri": page.src_path,
                "name": name,
                "url": page.url,
            },
        }),
    );
    context
}

/// What the pages' macros read besides them, which a change to means rendering every page
/// again: the include folder, and the `include_yaml` files and Python module as files.
pub fn inputs(project: &Project) -> (Vec<std::path::PathBuf>, Vec<std::path::PathBuf>) {
    let Some(config) = &project.config.markdown.macros else {
        return (Vec::new(), Vec::new());
    };
    let dir = config
        .include_dir
        .as_deref()
        .unwrap_or(&project.config.docs.dir);
    let config_dir = project.config_path.parent().unwrap_or(&project.root);
    let files = config
        .include_yaml
        .iter()
        .filter_map(include_yaml_entry)
        .map(|(_, file)| project.path(&file))
        .chain([
            config_dir.join(format!("{}.py", config.module_name)),
            config_dir.join(&config.module_name).join("__init__.py"),
        ])
        .collect();
    // The docs folder itself (mkdocs-macros' default) would make every edit a full rebuild:
    // its pages are reloaded one by one as pages.
    let docs = crate::util::paths::is_within(dir, &project.config.docs.dir);
    let dirs = if docs {
        Vec::new()
    } else {
        vec![project.path(dir)]
    };
    (files, dirs)
}

/// The configuration file as messages name it.
fn config_shown(project: &Project) -> String {
    project
        .config_path
        .strip_prefix(&project.root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| crate::load::project::CONFIG_FILE.to_string())
}

/// What `include_yaml` entries name, as `(key, file)`.
pub(crate) fn include_yaml_entry(entry: &Json) -> Option<(Option<String>, String)> {
    match entry {
        Json::String(file) => Some((None, file.clone())),
        Json::Object(map) => map
            .iter()
            .next()
            .and_then(|(k, v)| v.as_str().map(|f| (Some(k.clone()), f.to_string()))),
        _ => None,
    }
}

/// The first `# heading` of a body, as the page's title before it is rendered.
pub fn first_heading(body: &str) -> Option<&str> {
    static H1: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^#[ \t]+(.+?)[ \t#]*$").expect("valid regex"));
    H1.captures(body).and_then(|c| c.get(1)).map(|m| m.as_str())
}
