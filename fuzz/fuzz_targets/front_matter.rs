//! Front matter: splitting any text at its `---` lines, then parsing the YAML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sadoc::parsers::front_matter;

fuzz_target!(|text: &str| {
    if let Ok(split) = front_matter::split(text)
        && let Some(yaml) = split.yaml
    {
        let _ = front_matter::parse(yaml, split.yaml_line);
        let _ = front_matter::key_lines(yaml, split.yaml_line);
    }
});
