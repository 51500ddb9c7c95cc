#![no_main]

// yrs's decoder panics on some malformed frames, and the room (like `frame_applies`) catches that and refuses
// the frame. libfuzzer-sys's own hook would abort on a caught panic too, so it is replaced by a silent one: a
// panic that is not caught still aborts (libfuzzer-sys checks); `cargo test` replaying the corpus
// (app/domain/tests/fuzz_corpus.rs) prints its message.
libfuzzer_sys::fuzz_target!(
    init: std::panic::set_hook(Box::new(|_| {})),
    |data: &[u8]| accord_domain::properties::frame_applies(data)
);
