//! A y-websocket frame as the server reads it: decoded whole, before any of it is applied.

use yrs::encoding::read::{Cursor, Read};
use yrs::sync::protocol::{MSG_AUTH, MSG_AWARENESS, MSG_QUERY_AWARENESS, MSG_SYNC, PERMISSION_DENIED};
use yrs::sync::{AwarenessUpdate, Message, MessageReader, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::{StateVector, Update};

/// A message of a frame, decoded, a document update too.
pub enum Incoming {
    /// A client's sync step 1: what it has.
    StateVector(StateVector),
    /// Sync step 2 or an update.
    Update(Update),
    Awareness(AwarenessUpdate),
    AwarenessQuery,
    /// Auth and custom messages: nothing for the server to do.
    Ignored,
}

/// The messages of one frame. yrs's decoder panics on some malformed input (an overflow, an assertion: found by
/// fuzzing); such a frame is its sender's mistake, refused like any other, and must not end the room.
pub fn read(data: &[u8]) -> Result<Vec<Incoming>, String> {
    // yrs decodes a value nested in arrays and maps by recursion, a call per level: a 20 kB frame of 10 000
    // levels overflowed a 2 MiB thread stack, which aborts the whole process (found by a second read). Every
    // level starts with an array's or a map's tag byte, so their count bounds the depth; the thread that reads
    // must have `THREAD_STACK` (the server's workers do).
    let tags = data.iter().filter(|&&b| b == ANY_ARRAY || b == ANY_MAP).count();
    if tags > MAX_NESTING_TAGS {
        return Err("a frame nested too deep".into());
    }
    std::panic::catch_unwind(|| decode(data)).map_err(|_| "the decoder panicked".to_string())?
}

/// The tag bytes of a nested array and map in yrs's encoding of a value (`Any`).
const ANY_ARRAY: u8 = 117;
const ANY_MAP: u8 = 118;
/// The stack a thread that reads frames needs: `MAX_NESTING_TAGS` levels at 4 KiB each (measured: under 4 KiB
/// a level in a debug build, under 0.5 KiB in a release one), and room besides.
pub const THREAD_STACK: usize = (MAX_NESTING_TAGS * 4 + 4096) * 1024;
/// Tag bytes past which a frame is refused. The letters «u» and «v» and bytes of encoded numbers have the same
/// values, so a very large frame of another kind can be refused too.
const MAX_NESTING_TAGS: usize = 16_384;

fn decode(data: &[u8]) -> Result<Vec<Incoming>, String> {
    if !counts_fit(data) {
        return Err("a payload declares more entries than it holds".into());
    }
    let mut decoder = DecoderV1::new(Cursor::new(data));
    let mut messages = Vec::new();
    for message in MessageReader::new(&mut decoder) {
        messages.push(match message.map_err(|e| e.to_string())? {
            Message::Sync(SyncMessage::SyncStep1(sv)) => Incoming::StateVector(sv),
            Message::Sync(SyncMessage::SyncStep2(update)) | Message::Sync(SyncMessage::Update(update)) => {
                Incoming::Update(Update::decode_v1(&update).map_err(|e| e.to_string())?)
            }
            Message::Awareness(update) => Incoming::Awareness(update),
            Message::AwarenessQuery => Incoming::AwarenessQuery,
            Message::Auth(_) | Message::Custom(..) => Incoming::Ignored,
        });
    }
    Ok(messages)
}

/// Whether `update` has blocks of a client that start past what `known` has of that client. Yjs would hold
/// them until the gap is filled; yrs 0.28 integrates some of them at once and then leaves them out of the
/// transaction's own update, so the room would hold text it neither stores nor sends (found by fuzzing). A
/// client over one ordered connection sends such an update only in a reconnection race; refused, it
/// reconnects and syncs whole.
pub fn leaves_a_gap(update: &Update, known: &StateVector) -> bool {
    update.state_vector_lower().iter().any(|(client, &clock)| clock > known.get(client))
}

/// Whether the count at the head of every sync and awareness payload of a frame fits in that payload. yrs
/// reserves room for a declared count of clients before it reads one, and a hash map's reservation is written
/// to: a 7-byte frame declaring 2^29 clients had it fill half a gigabyte (found by fuzzing). Hand-written
/// because yrs's reader has no hook between reading a count and reserving for it. A frame this walk cannot
/// follow is left to the decoder, which refuses it.
fn counts_fit(data: &[u8]) -> bool {
    let fits =
        |payload: &[u8]| Cursor::new(payload).read_var::<u64>().map_or(true, |count| count <= payload.len() as u64);
    let mut decoder = Cursor::new(data);
    while decoder.has_content() {
        let payload = match decoder.read_var::<u8>() {
            Ok(MSG_SYNC) => decoder.read_var::<u8>().and_then(|_| decoder.read_buf()),
            Ok(MSG_AWARENESS) => decoder.read_buf(),
            Ok(MSG_AUTH) => match decoder.read_var::<u8>() {
                Ok(PERMISSION_DENIED) => decoder.read_string().map(|_| &[][..]),
                other => other.map(|_| &[][..]),
            },
            Ok(MSG_QUERY_AWARENESS) => Ok(&[][..]),
            Ok(_) => decoder.read_buf().map(|_| &[][..]),
            Err(_) => return true,
        };
        match payload {
            Ok(payload) if !fits(payload) => return false,
            Ok(_) => {}
            Err(_) => return true,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frames on which yrs's decoder panics, found by fuzzing: refused, as any malformed frame.
    #[test]
    fn frames_the_decoder_panics_on_are_refused() {
        let found: [&[u8]; 1] = [&[0, 1, 10, 33, 127, 232, 146, 192, 226, 169, 152, 251, 121]];
        for frame in found {
            assert!(read(frame).is_err(), "{frame:?}");
        }
        assert!(read(&[0, 0, 0]).is_ok(), "a sync step 1 with an empty state vector reads");
    }

    /// A value nested 10 000 levels deep overflowed the stack of the thread that decoded it, and aborted the
    /// process: on a thread with the stack the server's workers have, it reads; one nested deeper than any
    /// frame may be is refused unread.
    #[test]
    fn a_value_nested_deep_reads_on_a_workers_stack() {
        use yrs::updates::encoder::Encode;
        use yrs::{Array, ReadTxn, Transact};
        let doc = yrs::Doc::with_client_id(7);
        let array = doc.get_or_insert_array("a");
        array.push_back(&mut doc.transact_mut(), yrs::Any::Null);
        let update = doc.transact().encode_state_as_update_v1(&StateVector::default());
        // The update holds one value, null (126), in its last block: put a nested one in its place, built by
        // hand (yrs's encoder recurses too): an array holding one array, `depth` times, then null.
        let at = update.iter().rposition(|&b| b == 126).expect("the null");
        let frame = |depth: usize| {
            let value = [[ANY_ARRAY, 1].repeat(depth), vec![126]].concat();
            let forged = [&update[..at], &value[..], &update[at + 1..]].concat();
            Message::Sync(SyncMessage::Update(forged)).encode_v1()
        };
        let deep = frame(MAX_NESTING_TAGS);
        let on_a_worker = std::thread::Builder::new().stack_size(THREAD_STACK).spawn(move || read(&deep).is_ok());
        assert!(on_a_worker.unwrap().join().unwrap(), "{MAX_NESTING_TAGS} levels read");
        assert_eq!(read(&frame(MAX_NESTING_TAGS + 1)).err().as_deref(), Some("a frame nested too deep"));
    }

    /// A frame whose payload declares more entries than it has bytes is refused before yrs reserves room.
    #[test]
    fn counts_that_do_not_fit_are_refused() {
        let huge = [0x80, 0x80, 0x80, 0x80, 0x02]; // 2^29 as a variable-length number
        for (frame, what) in [
            ([&[0u8, 0, 5][..], &huge].concat(), "a state vector of 2^29 clients"),
            ([&[0u8, 2, 5][..], &huge].concat(), "an update of 2^29 clients"),
            ([&[1u8, 5][..], &huge].concat(), "an awareness update of 2^29 clients"),
            (
                [&[3u8, 0, 1, 0][..], &[0, 2, 5], &huge].concat(),
                "the same after an awareness query and an empty step 2",
            ),
        ] {
            assert_eq!(read(&frame).err().as_deref(), Some("a payload declares more entries than it holds"), "{what}");
        }
        assert!(counts_fit(&[0, 0, 3, 1, 7, 9]), "one client in three bytes fits");
    }
}
