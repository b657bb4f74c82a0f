//! `sadoc.yml`: any text loaded as the configuration.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sadoc::load::config::Config;

fuzz_target!(|text: &str| {
    let _ = Config::parse(text, "sadoc.yml");
});
