//! `sadoc.yml`: any text loaded as the configuration.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sadoc::Config;

fuzz_target!(|text: &str| {
    let _ = Config::parse(text, "sadoc.yml");
});
