#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| accord_domain::properties::markdown_round_trip(data));
