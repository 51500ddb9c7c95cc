#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| accord_domain::properties::import_keeps_every_word(data));
