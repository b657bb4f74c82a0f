//! Code globs (`governs:` patterns): any pattern, matched against any path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sadoc::parsers::CodeGlob;

fuzz_target!(|input: (&str, &str)| {
    let (pattern, path) = input;
    if let Ok(glob) = CodeGlob::new(pattern) {
        let _ = glob.is_match(path);
        let _ = glob.specificity();
        let _ = glob.literal_prefix();
    }
});
