//! External programs some tests drive: schema validators and `gitlab-ci-local`.
//!
//! `.ci/run` installs them and sets `SADOC_REQUIRE_TOOLS=1`, so in CI a missing tool fails the
//! test; elsewhere the test prints why it skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether `program --version` runs; when it does not, panics in CI and otherwise tells the
/// caller to skip.
pub fn available(program: &str, args: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        assert!(
            std::env::var_os("SADOC_REQUIRE_TOOLS").is_none(),
            "`{program}` is required here (SADOC_REQUIRE_TOOLS is set); `.ci/run` installs it"
        );
        eprintln!("skipped: `{program}` is not installed");
    }
    ok
}

/// The schemas the tests validate against.
pub fn schema(name: &str) -> PathBuf {
    super::harness::repo_root().join(name)
}

/// Validates a JSON document against a JSON Schema (draft 2020-12) with Python's `jsonschema`;
/// panics with every error when it does not validate. Returns false when the validator is
/// missing outside CI.
pub fn validate_json(schema: &Path, document: &Path) -> bool {
    if !available("python3", &["-c", "import jsonschema"]) {
        return false;
    }
    let script = "import json, sys, jsonschema\n\
        schema = json.load(open(sys.argv[1]))\n\
        doc = json.load(open(sys.argv[2]))\n\
        v = jsonschema.Draft202012Validator(schema)\n\
        errors = [f'{list(e.absolute_path)}: {e.message}' for e in v.iter_errors(doc)]\n\
        print('\\n'.join(errors)); sys.exit(1 if errors else 0)\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(schema)
        .arg(document)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{} does not match {}:\n{}{}",
        document.display(),
        schema.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

/// Validates an XML document against an XML Schema with `xmllint`.
pub fn validate_xml(schema: &Path, document: &Path) -> bool {
    if !available("xmllint", &["--version"]) {
        return false;
    }
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema)
        .arg(document)
        .output()
        .expect("xmllint runs");
    assert!(
        out.status.success(),
        "{} does not match {}:\n{}",
        document.display(),
        schema.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

/// Runs the real adr-tools (`adr ARGS`) in `dir` with `env`, as a script would (`VISUAL=true`,
/// so no editor opens; no `ADR_TEMPLATE` from the environment); panics with its error output
/// when it fails, and returns its standard output.
pub fn adr(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new("adr")
        .args(args)
        .current_dir(dir)
        .env("VISUAL", "true")
        .env("EDITOR", "true")
        .env_remove("ADR_TEMPLATE")
        .env_remove("ADR_DATE")
        .envs(env.iter().copied())
        .output()
        .expect("adr runs");
    assert!(
        out.status.success(),
        "adr {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("adr prints UTF-8")
}
