//! ADR metadata in every format (adr-tools, MADR front matter, log4brains bullets, plain):
//! any text loaded as an ADR, under a numbered and a date-named file name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sadoc::Config;
use sadoc::parsers::{adr_metadata as adr, parse_text};

fuzz_target!(|text: &str| {
    let Ok(config) = Config::parse("title: Fuzz\n", "sadoc.yml") else {
        return;
    };
    let layout = config.layout();
    let options = adr::Options {
        statuses: &config.adr.statuses,
        date_order: config.adr.date_order,
    };
    for source in ["docs/adr/0007-use-kafka.md", "docs/adr/20240102-use-kafka.md"] {
        let _ = parse_text(&layout, source, text, false, options);
    }
});
