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
    std::panic::catch_unwind(|| decode(data)).map_err(|_| "the decoder panicked".to_string())?
}

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

    /// A frame whose payload declares more entries than it has bytes is refused before yrs reserves room.
    #[test]
    fn counts_that_do_not_fit_are_refused() {
        let huge = [0x80, 0x80, 0x80, 0x80, 0x02]; // 2^29 as a variable-length number
        for (frame, what) in [
            ([&[0u8, 0, 5][..], &huge].concat(), "a state vector of 2^29 clients"),
            ([&[0u8, 2, 5][..], &huge].concat(), "an update of 2^29 clients"),
            ([&[1u8, 5][..], &huge].concat(), "an awareness update of 2^29 clients"),
            ([&[3u8, 0, 1, 0][..], &[0, 2, 5], &huge].concat(), "the same after an awareness query and a step 1"),
        ] {
            assert_eq!(read(&frame).err().as_deref(), Some("a payload declares more entries than it holds"), "{what}");
        }
        assert!(counts_fit(&[0, 0, 3, 1, 7, 9]), "one client in three bytes fits");
    }
}
