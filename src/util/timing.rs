//! How long each step of a command took, and the process's peak memory after it: what `sadoc
//! build -v` and `sadoc check -v` print, and what the benchmarks read to say where time goes.

use std::time::{Duration, Instant};

/// One step: its name, how long it took, and the peak resident memory in bytes when it ended
/// (where the system tells it).
pub type Stage = (&'static str, Duration, Option<u64>);

/// How long each step took, in order, with the peak memory after each.
#[derive(Debug, Clone)]
pub struct Timings {
    /// Each step, in order.
    pub stages: Vec<Stage>,
    last: Instant,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            stages: Vec::new(),
            last: Instant::now(),
        }
    }
}

impl Timings {
    /// Ends the step `name`, started when the previous one ended.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.last, peak_memory()));
        self.last = now;
    }
}

/// The steps as one line: `load 12 ms (peak 40 MB), markdown 80 ms (peak 52 MB)`.
pub fn summary(stages: &[Stage]) -> String {
    stages
        .iter()
        .map(|(name, took, peak)| match peak {
            Some(bytes) => format!(
                "{name} {} ms (peak {} MB)",
                took.as_millis(),
                bytes / 1_000_000
            ),
            None => format!("{name} {} ms", took.as_millis()),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The peak resident memory of this process so far, in bytes (Linux: `VmHWM`).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}
