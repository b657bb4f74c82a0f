//! The names a project's Python macros module defines, read from its text (nothing is run):
//! `@env.macro` and `@env.filter` functions, `env.macro(f, "name")`, and
//! `env.variables["name"] = …`. sadoc does not run Python, so each is one warning at the line
//! that defines it, and the engine leaves every expression using one as written. Installed
//! modules (`modules:`, pluglets) cannot be read at all: each is one warning.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::load::config::MacrosConfig;
use crate::load::project::Project;
use crate::util::diag::Diagnostic;

/// A name the module defines, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Defined {
    pub(super) name: String,
    pub(super) what: &'static str,
    pub(super) line: u32,
}

/// The names the project's module defines, and one warning for each (and for each installed
/// module).
pub(super) fn defined(
    project: &Project,
    config: &MacrosConfig,
) -> (HashSet<String>, Vec<Diagnostic>) {
    let mut names = HashSet::new();
    let mut notes = Vec::new();
    let config_dir = project
        .config_path
        .parent()
        .unwrap_or(&project.root)
        .to_path_buf();
    let module = config.module_name.trim();
    let candidates = [
        config_dir.join(format!("{module}.py")),
        config_dir.join(module).join("__init__.py"),
    ];
    for path in candidates {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let shown = path
            .strip_prefix(&project.root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| path.display().to_string());
        for d in scan(&text) {
            notes.push(
                Diagnostic::warning(
                    "macros/python",
                    shown.clone(),
                    format!(
                        "{} `{}` is defined in Python, which sadoc does not run: where a page uses it, the expression is left as written",
                        d.what, d.name
                    ),
                )
                .at_line(d.line)
                .with_help("write it as a Jinja macro in a file of `include_dir` and `{% import %}` it, or as a variable in `extra:`"),
            );
            names.insert(d.name);
        }
        break;
    }
    for module in &config.modules {
        notes.push(
            Diagnostic::warning(
                "macros/python",
                super::config_shown(project),
                format!("macros module `{module}` (Python) is not run by sadoc: what it defines is undefined in pages"),
            )
            .with_help("write its macros in Jinja in a file of `include_dir`, or its values in `extra:`"),
        );
    }
    (names, notes)
}

/// What a module's text defines.
pub(super) fn scan(text: &str) -> Vec<Defined> {
    static DECORATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)^[ \t]*@\w+\.(macro|filter)\b[^\n]*\n(?:[ \t]*@[^\n]*\n)*[ \t]*(?:async[ \t]+)?def[ \t]+(\w+)")
            .expect("valid regex")
    });
    static CALLED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?m)^[ \t]*\w+\.(macro|filter)\(\s*(\w+)\s*(?:,\s*(?:name\s*=\s*)?['"](\w+)['"]\s*)?\)"#)
            .expect("valid regex")
    });
    static VARIABLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?m)^[ \t]*\w+\.variables(?:\[['"](\w+)['"]\]|\.(\w+))\s*="#)
            .expect("valid regex")
    });
    let line_of = |offset: usize| text[..offset].matches('\n').count() as u32 + 1;
    let mut found = Vec::new();
    for c in DECORATED.captures_iter(text) {
        let what = if &c[1] == "macro" { "macro" } else { "filter" };
        if let Some(name) = c.get(2) {
            found.push(Defined {
                name: name.as_str().to_string(),
                what,
                line: line_of(name.start()),
            });
        }
    }
    for c in CALLED.captures_iter(text) {
        let what = if &c[1] == "macro" { "macro" } else { "filter" };
        if let Some(name) = c.get(3).or_else(|| c.get(2)) {
            found.push(Defined {
                name: name.as_str().to_string(),
                what,
                line: line_of(name.start()),
            });
        }
    }
    for c in VARIABLE.captures_iter(text) {
        if let Some(name) = c.get(1).or_else(|| c.get(2)) {
            found.push(Defined {
                name: name.as_str().to_string(),
                what: "variable",
                line: line_of(name.start()),
            });
        }
    }
    found.sort_by_key(|d| d.line);
    found.dedup_by(|a, b| a.name == b.name);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macros_filters_and_variables_of_a_module_are_found_with_their_lines() {
        let text = "def define_env(env):\n    env.variables['release'] = '1.2'\n    env.variables.team = 'data'\n\n    @env.macro\n    def button(label, url):\n        return f'<a>{label}</a>'\n\n    @env.filter\n    @functools.cache\n    def shout(x):\n        return x.upper()\n\n    env.macro(helper, 'aid')\n";
        let found: Vec<(String, &str, u32)> = scan(text)
            .into_iter()
            .map(|d| (d.name, d.what, d.line))
            .collect();
        assert_eq!(
            found,
            vec![
                ("release".to_string(), "variable", 2),
                ("team".to_string(), "variable", 3),
                ("button".to_string(), "macro", 6),
                ("shout".to_string(), "filter", 11),
                ("aid".to_string(), "macro", 14),
            ]
        );
    }
}
