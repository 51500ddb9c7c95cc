//! The fuzz targets' corpus (`fuzz/corpus/<target>`: seeds, inputs the fuzzer kept for new coverage, and every
//! crash it found), replayed through the same promises on the stable toolchain by plain `cargo test`.

use accord_domain::properties;
use std::panic::{catch_unwind, AssertUnwindSafe};

fn replay(target: &str, promise: fn(&[u8])) {
    let dir = format!("{}/fuzz/corpus/{target}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}")).flatten().collect();
    files.sort_by_key(|f| f.file_name());
    assert!(!files.is_empty(), "{dir} is empty");
    let broken: Vec<String> = files
        .iter()
        .filter(|f| {
            let data = std::fs::read(f.path()).unwrap();
            catch_unwind(AssertUnwindSafe(|| promise(&data))).is_err()
        })
        .map(|f| f.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(broken.is_empty(), "{target}: {} of {} inputs break the promise: {broken:?}", broken.len(), files.len());
}

#[test]
fn the_import_corpus_keeps_every_word() {
    replay("import", properties::import_keeps_every_word);
}

#[test]
fn the_markdown_corpus_round_trips() {
    replay("markdown", properties::markdown_round_trip);
}

#[test]
fn the_frame_corpus_applies() {
    replay("frame", properties::frame_applies);
}
