//! Diagrams drawn at build time: PlantUML (and C4-PlantUML) blocks, by a `plantuml` command
//! the team installs and names in `sadoc.yml` (`diagrams.plantuml`). sadoc never sends a
//! diagram over the network: without the command, the block stays code with a notice.
//!
//! Mermaid blocks are not drawn here: the browser draws them with the bundle the site ships.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

/// Code block languages drawn by PlantUML.
pub const PLANTUML_LANGUAGES: &[&str] = &["plantuml", "puml", "c4plantuml"];

/// A drawn SVG, or why the diagram could not be drawn.
type Drawn = Result<Arc<str>, String>;
/// Drawn diagrams by the hash and length of their source.
type Cache = HashMap<(u64, usize), Drawn>;

/// Draws PlantUML blocks with a local command, each distinct block once.
#[derive(Debug, Default)]
pub struct PlantUml {
    /// The command and its leading arguments (`plantuml`, `java -jar plantuml.jar`).
    command: Vec<String>,
    /// Drawn SVGs (or the error) by the hash and length of the block's source.
    cache: Mutex<Cache>,
}

impl PlantUml {
    /// A renderer running `command` (split on whitespace); `None` for an empty command.
    pub fn new(command: &str) -> Option<PlantUml> {
        let command: Vec<String> = command.split_whitespace().map(str::to_string).collect();
        (!command.is_empty()).then(|| PlantUml {
            command,
            cache: Mutex::default(),
        })
    }

    /// The SVG of a block, or why it could not be drawn.
    pub fn svg(&self, source: &str) -> Drawn {
        let mut hasher = DefaultHasher::new();
        source.hash(&mut hasher);
        let key = (hasher.finish(), source.len());
        if let Some(done) = self.lock().get(&key) {
            return done.clone();
        }
        let drawn = self.run(source).map(Arc::from);
        self.lock().insert(key, drawn.clone());
        drawn
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn run(&self, source: &str) -> Result<String, String> {
        let input = if source.contains("@start") {
            source.to_string()
        } else {
            format!("@startuml\n{source}\n@enduml\n")
        };
        let program = &self.command[0];
        let mut child = Command::new(program)
            .args(&self.command[1..])
            .args(["-tsvg", "-pipe", "-charset", "UTF-8"])
            .env("JAVA_TOOL_OPTIONS", "-Djava.awt.headless=true")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run `{program}`: {e}"))?;
        let mut stdin = child.stdin.take().ok_or("no stdin")?;
        // Write from another thread so a large diagram cannot deadlock against its output.
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let output = child
            .wait_with_output()
            .map_err(|e| format!("`{program}` failed: {e}"))?;
        let _ = writer.join();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let svg = stdout.find("<svg").map(|start| &stdout[start..]);
        match svg {
            Some(svg) if output.status.success() => Ok(svg.trim_end().to_string()),
            _ => {
                let stderr = String::from_utf8_lossy(&output.stderr);
                let reason = stderr
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty() && !l.starts_with("Picked up JAVA_TOOL_OPTIONS"))
                    .unwrap_or("the diagram has an error");
                Err(format!(
                    "`{program}` could not draw it ({}): {reason}",
                    output.status
                ))
            }
        }
    }
}
