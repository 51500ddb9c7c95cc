//! A record cut short at the end of SurrealKV's write-ahead log is cut off before the store opens.
//!
//! SurrealKV 0.21.4 (the one SurrealDB 3.3.5 takes) writes a batch larger than what is left of a 32 KiB block as
//! several fragments, in several `write`s; a process killed between them leaves the first fragments only. On the
//! next start the engine reads that as a clean end of the log, and then appends the new session's batches after
//! it. On the start after that, it finds a whole record where the rest of the cut one should be, calls the log
//! corrupt and drops every batch after the cut: writes the server had acknowledged are lost after two crashes in
//! a row (seen in `server/tests/soak.rs`, and made on purpose in `server/tests/restart.rs`). The engine keeps
//! no setting for this and SurrealKV 1.x does not build with SurrealDB 3.3.5, so Accord reads the log's framing
//! here (`surrealkv/src/wal/{writer,reader}.rs`) and cuts a torn last record off; a record damaged before the
//! end is left to SurrealKV's own repair.

use std::fs::OpenOptions;
use std::io;
use std::path::{Path, PathBuf};

const BLOCK: usize = 32 * 1024;
const HEADER: usize = 7;

/// What the end of a log holds.
#[derive(Debug, PartialEq, Eq)]
enum Tail {
    /// Every record is whole (or the file ends in a block's zero padding).
    Whole,
    /// The file ends inside a record; the records before `keep` are whole.
    Torn { keep: usize },
    /// A record before the end does not read; SurrealKV repairs that itself.
    Damaged,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Padding,
    Full,
    First,
    Middle,
    Last,
    Compression,
}

impl Kind {
    fn of(byte: u8) -> Option<Kind> {
        Some(match byte {
            0 => Kind::Padding,
            1 => Kind::Full,
            2 => Kind::First,
            3 => Kind::Middle,
            4 => Kind::Last,
            9 => Kind::Compression,
            _ => return None,
        })
    }
}

fn tail(log: &[u8]) -> Tail {
    let mut pos = 0;
    // The end of the last whole record, and whether a record's fragments have begun since.
    let mut keep = 0;
    let mut inside = false;
    let torn = |keep| Tail::Torn { keep };
    while pos < log.len() {
        let left_in_block = BLOCK - pos % BLOCK;
        if left_in_block < HEADER {
            pos += left_in_block;
            continue;
        }
        // With a header's room left in the block the writer never pads: a shorter end is a cut header.
        let Some(header) = log.get(pos..pos + HEADER) else { return torn(keep) };
        let crc = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        let length = u16::from_be_bytes([header[4], header[5]]) as usize;
        let Some(kind) = Kind::of(header[6]) else { return Tail::Damaged };
        if kind == Kind::Padding {
            pos += left_in_block;
            continue;
        }
        if HEADER + length > left_in_block {
            return Tail::Damaged;
        }
        let Some(data) = log.get(pos + HEADER..pos + HEADER + length) else { return torn(keep) };
        let mut hasher = crc32fast::Hasher::new();
        hasher.update(&header[6..7]);
        hasher.update(data);
        if hasher.finalize() != crc {
            return Tail::Damaged;
        }
        pos += HEADER + length;
        match (kind, inside) {
            (Kind::Full | Kind::Compression, false) | (Kind::Last, true) => {
                inside = false;
                keep = pos;
            }
            (Kind::First, false) | (Kind::Middle, true) => inside = true,
            _ => return Tail::Damaged,
        }
    }
    if inside {
        torn(keep)
    } else {
        Tail::Whole
    }
}

/// The segment SurrealKV appends to when it opens the store at `dir`: the highest-numbered `wal/*.wal`.
fn newest_segment(dir: &Path) -> io::Result<Option<PathBuf>> {
    let wal = dir.join("wal");
    let entries = match std::fs::read_dir(&wal) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut newest: Option<(u64, PathBuf)> = None;
    for entry in entries {
        let path = entry?.path();
        let number = path
            .extension()
            .filter(|ext| *ext == "wal")
            .and(path.file_stem())
            .and_then(|stem| stem.to_str()?.parse::<u64>().ok());
        if let Some(number) = number {
            if newest.as_ref().is_none_or(|(n, _)| number > *n) {
                newest = Some((number, path));
            }
        }
    }
    Ok(newest.map(|(_, path)| path))
}

/// Cuts a torn last record off the log of the store at `dir`, before the store is opened; the bytes cut off,
/// if any. They were never acknowledged: a batch counts once its last fragment is written and synced.
/// Only while holding the store's lock (SurrealKV's `LOCK`, an `flock` as `fs2` takes it): a server running on the
/// store (`accord backup` is run beside it) may be writing a record at that moment, and its log is not torn.
pub(super) fn cut_torn_tail(dir: &Path) -> io::Result<Option<u64>> {
    let Some(segment) = newest_segment(dir)? else { return Ok(None) };
    let lock = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(dir.join("LOCK"))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    let log = std::fs::read(&segment)?;
    let Tail::Torn { keep } = tail(&log) else { return Ok(None) };
    let file = OpenOptions::new().write(true).open(&segment)?;
    file.set_len(keep as u64)?;
    file.sync_all()?;
    Ok(Some((log.len() - keep) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A log written as SurrealKV's writer writes one: records split at block ends, blocks padded when fewer
    /// than a header's bytes are left.
    #[derive(Default)]
    struct Log(Vec<u8>);

    impl Log {
        fn physical(&mut self, kind: u8, data: &[u8]) {
            let mut hasher = crc32fast::Hasher::new();
            hasher.update(&[kind]);
            hasher.update(data);
            self.0.extend_from_slice(&hasher.finalize().to_be_bytes());
            self.0.extend_from_slice(&(data.len() as u16).to_be_bytes());
            self.0.push(kind);
            self.0.extend_from_slice(data);
        }

        fn record(&mut self, mut data: &[u8]) -> &mut Self {
            let mut first = true;
            loop {
                let left = BLOCK - self.0.len() % BLOCK;
                if left < HEADER {
                    self.0.resize(self.0.len() + left, 0);
                    continue;
                }
                let n = data.len().min(BLOCK - self.0.len() % BLOCK - HEADER);
                let last = n == data.len();
                let kind = match (first, last) {
                    (true, true) => 1,
                    (true, false) => 2,
                    (false, false) => 3,
                    (false, true) => 4,
                };
                self.physical(kind, &data[..n]);
                data = &data[n..];
                first = false;
                if last {
                    return self;
                }
            }
        }
    }

    fn batch(len: usize, seed: u8) -> Vec<u8> {
        (0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect()
    }

    #[test]
    fn whole_records_and_padding_are_left_alone() {
        let mut log = Log::default();
        log.record(&batch(BLOCK - HEADER - 3, 1));
        assert_eq!(tail(&log.0), Tail::Whole);
        // Three bytes left in the block: the writer pads them when it writes again.
        log.0.resize(BLOCK - 1, 0);
        assert_eq!(tail(&log.0), Tail::Whole);
        log.record(&batch(100, 2)).record(&batch(70_000, 3));
        assert_eq!(log.0[BLOCK - 3..BLOCK], [0, 0, 0]);
        assert_eq!(tail(&log.0), Tail::Whole);
        assert_eq!(tail(&[]), Tail::Whole);
    }

    #[test]
    fn a_record_cut_anywhere_is_cut_off_at_the_end_of_the_one_before() {
        let mut log = Log::default();
        log.record(&batch(5_000, 1));
        let keep = log.0.len();
        log.record(&batch(80_000, 2));
        let whole = log.0.len();
        for cut in [keep + 1, keep + 6, keep + 7, keep + 100, BLOCK, BLOCK + 3, BLOCK + 7, 2 * BLOCK + 9, whole - 1] {
            assert_eq!(tail(&log.0[..cut]), Tail::Torn { keep }, "cut at {cut}");
        }
        assert_eq!(tail(&log.0), Tail::Whole);
    }

    #[test]
    fn a_cut_record_is_found_before_the_next_session_writes_after_it() {
        let mut log = Log::default();
        log.record(&batch(5_000, 1));
        let keep = log.0.len();
        log.record(&batch(40_000, 2));
        log.0.truncate(BLOCK);
        assert_eq!(tail(&log.0), Tail::Torn { keep });
        // Had it not been cut, the next session's record after it makes the log unreadable from there on.
        log.record(&batch(10, 3));
        assert_eq!(tail(&log.0), Tail::Damaged);
    }

    #[test]
    fn a_damaged_record_before_the_end_is_not_touched() {
        let mut log = Log::default();
        log.record(&batch(100, 1)).record(&batch(100, 2));
        log.0[120] ^= 0xff;
        assert_eq!(tail(&log.0), Tail::Damaged);
    }

    #[test]
    fn the_newest_segment_is_cut_and_the_others_are_not() {
        let dir = std::env::temp_dir().join(format!("accord-wal-{}", crate::store::new_key()));
        std::fs::create_dir_all(dir.join("wal")).unwrap();
        let mut old = Log::default();
        old.record(&batch(40_000, 1));
        old.0.truncate(BLOCK + 10);
        let mut new = Log::default();
        new.record(&batch(300, 2));
        let keep = new.0.len();
        new.record(&batch(40_000, 3));
        new.0.truncate(BLOCK + 10);
        let path = |n: u64| dir.join("wal").join(format!("{n:020}.wal"));
        std::fs::write(path(9), &old.0).unwrap();
        std::fs::write(path(10), &new.0).unwrap();
        std::fs::write(dir.join("wal").join("notes.txt"), b"x").unwrap();
        let held = std::fs::File::create(dir.join("LOCK")).unwrap();
        held.lock().unwrap();
        assert_eq!(cut_torn_tail(&dir).unwrap(), None, "a running server's log is left alone");
        assert_eq!(std::fs::metadata(path(10)).unwrap().len(), (BLOCK + 10) as u64);
        held.unlock().unwrap();
        assert_eq!(cut_torn_tail(&dir).unwrap(), Some((BLOCK + 10 - keep) as u64));
        assert_eq!(std::fs::metadata(path(10)).unwrap().len(), keep as u64);
        assert_eq!(std::fs::metadata(path(9)).unwrap().len(), (BLOCK + 10) as u64);
        assert_eq!(cut_torn_tail(&dir).unwrap(), None);
        assert_eq!(cut_torn_tail(&dir.join("absent")).unwrap(), None);
        std::fs::remove_dir_all(dir).ok();
    }
}
