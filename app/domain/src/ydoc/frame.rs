//! A y-websocket frame as the server reads it: decoded whole, before any of it is applied.

use std::collections::HashMap;
use std::sync::Arc;
use yrs::encoding::read::{Cursor, Error, Read};
use yrs::sync::protocol::{MSG_AUTH, MSG_AWARENESS, MSG_QUERY_AWARENESS, MSG_SYNC, PERMISSION_DENIED};
use yrs::sync::{AwarenessUpdate, Message, MessageReader, SyncMessage};
use yrs::updates::decoder::{Decode, Decoder, DecoderV1};
use yrs::{Any, ClientID, IdSet, ReadTxn, StateVector, TransactionMut, Update, WriteTxn, ID};

use super::nesting::Nesting;
use super::Roots;

/// A message of a frame, decoded, a document update too.
pub enum Incoming {
    /// A client's sync step 1: what it has.
    StateVector(StateVector),
    /// Sync step 2 or an update.
    Update(Received),
    Awareness(AwarenessUpdate),
    AwarenessQuery,
    /// Auth and custom messages: nothing for the server to do.
    Ignored,
}

/// A client's update as read, with the number of shared types it creates (a bound on how much deeper it
/// nests the draft's types: `Nesting`).
pub struct Received {
    pub update: Update,
    types: usize,
}

/// The messages of one frame. yrs's decoder panics on some malformed input (an overflow, an assertion: found by
/// fuzzing); such a frame is its sender's mistake, refused like any other, and must not end the room.
pub fn read(data: &[u8]) -> Result<Vec<Incoming>, String> {
    std::panic::catch_unwind(|| decode(data)).map_err(|_| "the decoder panicked".to_string())?
}

/// How deep a value in a draft may nest: arrays and maps in arrays and maps. yrs decodes a value by recursion, a
/// call per level, on the server and in the browser's editor alike: a 20 kB frame of 10 000 levels overflowed a
/// worker's stack and aborted the whole process (found by a second read). Accord's drafts hold no nested
/// values at all; 64 levels leave room for the JSON-like values other Yjs clients store.
pub const MAX_VALUE_DEPTH: usize = 64;

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
                let mut decoder = Bounded { inner: DecoderV1::from(&update[..]), types: 0 };
                let update = Update::decode(&mut decoder).map_err(|e| e.to_string())?;
                Incoming::Update(Received { update, types: decoder.types })
            }
            Message::Awareness(update) => Incoming::Awareness(update),
            Message::AwarenessQuery => Incoming::AwarenessQuery,
            Message::Auth(_) | Message::Custom(..) => Incoming::Ignored,
        });
    }
    Ok(messages)
}

/// yrs's decoder of an update, except that a value is read by `value`, which bounds its depth and its
/// declared sizes, and that shared types are counted. yrs reads a count of entries and reserves room for them
/// before it reads one, and recurses without a bound; its decoder is a trait, so only these are replaced.
struct Bounded<'a> {
    inner: DecoderV1<'a>,
    types: usize,
}

/// Reads a value as `yrs::Any::decode` does, refusing one nested deeper than `MAX_VALUE_DEPTH` or declaring
/// more entries than the bytes left could hold.
fn value(decoder: &mut DecoderV1, depth: usize) -> Result<Any, Error> {
    let rest = decoder.read_to_end()?;
    let tag = match rest.first() {
        Some(&tag @ (ANY_ARRAY | ANY_MAP)) => tag,
        _ => return Any::decode(decoder),
    };
    if depth >= MAX_VALUE_DEPTH {
        return Err(Error::Custom("a value nested too deep".into()));
    }
    let left = rest.len();
    decoder.read_u8()?;
    let len: usize = decoder.read_var()?;
    // An array's entry takes a byte at least, a map's two (its key's length and its value's tag).
    if len > left / if tag == ANY_MAP { 2 } else { 1 } {
        return Err(Error::Custom("a value declares more entries than it holds".into()));
    }
    if tag == ANY_ARRAY {
        let entries = (0..len).map(|_| value(decoder, depth + 1)).collect::<Result<Vec<_>, _>>()?;
        Ok(Any::Array(entries.into()))
    } else {
        // Grown as entries are read: a reservation per level would multiply by the depth.
        let mut entries = HashMap::new();
        for _ in 0..len {
            let key = decoder.read_string()?.to_owned();
            entries.insert(key, value(decoder, depth + 1)?);
        }
        Ok(Any::Map(entries.into()))
    }
}

/// The tag bytes of an array and a map in yrs's encoding of a value (`Any`).
const ANY_ARRAY: u8 = 117;
const ANY_MAP: u8 = 118;

impl Read for Bounded<'_> {
    fn read_exact(&mut self, len: usize) -> Result<&[u8], Error> {
        self.inner.read_exact(len)
    }
    fn read_u8(&mut self) -> Result<u8, Error> {
        self.inner.read_u8()
    }
}

impl Decoder for Bounded<'_> {
    fn read_any(&mut self) -> Result<Any, Error> {
        value(&mut self.inner, 0)
    }
    fn reset_ds_cur_val(&mut self) {
        self.inner.reset_ds_cur_val()
    }
    fn read_ds_clock(&mut self) -> Result<u32, Error> {
        self.inner.read_ds_clock()
    }
    fn read_ds_len(&mut self) -> Result<u32, Error> {
        self.inner.read_ds_len()
    }
    fn read_left_id(&mut self) -> Result<ID, Error> {
        self.inner.read_left_id()
    }
    fn read_right_id(&mut self) -> Result<ID, Error> {
        self.inner.read_right_id()
    }
    fn read_client(&mut self) -> Result<ClientID, Error> {
        self.inner.read_client()
    }
    fn read_info(&mut self) -> Result<u8, Error> {
        self.inner.read_info()
    }
    fn read_parent_info(&mut self) -> Result<bool, Error> {
        self.inner.read_parent_info()
    }
    /// Read once for every shared type an update creates, and for nothing else.
    fn read_type_ref(&mut self) -> Result<u8, Error> {
        self.types += 1;
        self.inner.read_type_ref()
    }
    fn read_len(&mut self) -> Result<u32, Error> {
        self.inner.read_len()
    }
    fn read_json(&mut self) -> Result<Any, Error> {
        self.inner.read_json()
    }
    fn read_key(&mut self) -> Result<Arc<str>, Error> {
        self.inner.read_key()
    }
    fn read_to_end(&mut self) -> Result<&[u8], Error> {
        self.inner.read_to_end()
    }
}

/// Whether `update` has blocks of a client that start past what `known` has of that client. Yjs would hold
/// them until the gap is filled; yrs 0.28 integrates some of them at once and then leaves them out of the
/// transaction's own update, so the room would hold text it neither stores nor sends (found by fuzzing). A
/// client over one ordered connection sends such an update only in a reconnection race; refused, it
/// reconnects and syncs whole.
fn leaves_a_gap(update: &Update, known: &StateVector) -> bool {
    update.state_vector_lower().iter().any(|(client, &clock)| clock > known.get(client))
}

/// Whether a draft that has `known` takes `update`: refused when it leaves a gap or does not survive its own
/// encoding; taken, it is `true` when it adds blocks or deletions (which makes its sender one of the draft's
/// authors).
fn admit(update: &Update, known: &StateVector) -> Result<bool, &'static str> {
    if leaves_a_gap(update, known) {
        return Err("update out of order");
    }
    if !survives_encoding(update) {
        return Err("malformed update");
    }
    Ok(update.extends(known) || !update.delete_set().is_empty())
}

/// Why a client's update was not taken.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// Refused with nothing of it left in the draft: the sender's connection closes.
    Sender(&'static str),
    /// Applied, it left the draft in a state yrs cannot read (`ydoc::lists_hold_only_maps`) and withdrawing it
    /// did not mend that (no input is known to): the room must close without storing or sending anything of
    /// its batch, and load the draft again from the store.
    Draft(&'static str),
}

/// Applies a client's update to the draft `txn` holds, or refuses it with nothing of it left in the draft.
/// Refused unapplied when `admit` or `Nesting::admit` refuse it. Refused after its blocks are integrated, and
/// those blocks withdrawn (deleted), when yrs takes them only in part, when they put text into a list, or when
/// yrs holds some of them until blocks the draft lacks arrive: the room's clients only ever build on what the
/// room sent them, so those would wait for blocks that never come, and their types would escape the draft's
/// `Nesting`. (After a crash took back what a room had sent, a client that types before its resync builds on
/// what the new room lacks: refused, it reconnects and resyncs.) Its deletions are applied last, once its blocks stay. Taken, it is `true` when it makes its
/// sender one of the draft's authors.
pub fn apply(
    txn: &mut TransactionMut,
    roots: &Roots,
    nesting: &mut Nesting,
    received: Received,
) -> Result<bool, Refusal> {
    let authored = admit(&received.update, &txn.state_vector()).map_err(Refusal::Sender)?;
    nesting.admit(txn, &received.update, received.types).map_err(Refusal::Sender)?;
    let (blocks, deletions) = parts(&received.update).ok_or(Refusal::Sender("malformed update"))?;
    // Only what the draft lacks is this update's to withdraw: it may also carry blocks the draft holds.
    let inserted = beyond(blocks.insertions(false), &txn.state_vector());
    if let Some(reason) = integrate(txn, roots, blocks) {
        return Err(withdraw(txn, roots, &inserted, reason));
    }
    if !beyond(deletions.delete_set().clone(), &txn.state_vector()).is_empty() {
        return Err(withdraw(txn, roots, &inserted, "update deletes what the draft lacks"));
    }
    if txn.apply_update(deletions).is_err() {
        return Err(withdraw(txn, roots, &inserted, "update cannot be applied"));
    }
    Ok(authored)
}

/// The ids of `ids` past what `known` has of their clients.
fn beyond(mut ids: IdSet, known: &StateVector) -> IdSet {
    let clients: Vec<ClientID> = ids.client_ids().collect();
    for client in clients {
        ids.remove_range(&yrs::block::BlockRange::new(ID::new(client, 0), known.get(&client)));
    }
    ids
}

/// An update that deletes `ids` and holds no blocks: an update's v1 encoding with no clients' blocks.
fn deleting(ids: &IdSet) -> Option<Update> {
    use yrs::updates::encoder::Encode;
    Update::decode_v1(&[&[0], &ids.encode_v1()[..]].concat()).ok()
}

/// An update's blocks and its deletions, as two updates. yrs keeps an update's parts to itself; its v1
/// encoding writes the blocks and then the delete set, which is encoded alone the same way.
fn parts(update: &Update) -> Option<(Update, Update)> {
    use yrs::updates::encoder::Encode;
    let whole = update.encode_v1();
    let deletions = update.delete_set().encode_v1();
    let blocks = whole.strip_suffix(&deletions[..])?;
    let blocks = Update::decode_v1(&[blocks, &[0]].concat()).ok()?;
    Some((blocks, deleting(update.delete_set())?))
}

/// Integrates an update's blocks into the draft, or says why they may not stay there.
fn integrate(txn: &mut TransactionMut, roots: &Roots, blocks: Update) -> Option<&'static str> {
    if txn.apply_update(blocks).is_err() {
        // yrs stops at a block it cannot integrate (a parent that is no type), the blocks before it integrated.
        Some("update cannot be applied")
    } else if !super::lists_hold_only_maps(txn, roots) {
        Some("an update putting text into a list")
    } else if txn.prune_pending().is_some() {
        Some("update builds on what the draft lacks")
    } else {
        None
    }
}

/// Deletes the blocks a refused update integrated (`inserted`, its blocks' ids) and drops those yrs holds
/// pending. Deleted, text in a list is skipped by every reading of it, as any deleted entry is.
fn withdraw(txn: &mut TransactionMut, roots: &Roots, inserted: &IdSet, reason: &'static str) -> Refusal {
    let withdrawn = deleting(inserted).is_some_and(|deletion| txn.apply_update(deletion).is_ok());
    txn.prune_pending();
    if withdrawn && super::lists_hold_only_maps(txn, roots) {
        Refusal::Sender(reason)
    } else {
        Refusal::Draft(reason)
    }
}

/// Whether yrs encodes `update` into bytes that decode to the same update. yrs 0.28 decodes some forged updates
/// (blocks a draft already holds, deleted, under a parent that is no type) that it then encodes into bytes its
/// own decoder refuses or reads as another update; taken into a draft, such an update made the room's stored
/// update unreadable or unappliable, or yrs panic on a later sync (found by fuzzing). An update a Yjs client
/// writes survives. Compared by what the update holds and by the length of its encoding, not byte for byte:
/// the entries of a map value are encoded in the order of a hash map, which differs between two decodings.
fn survives_encoding(update: &Update) -> bool {
    use yrs::updates::encoder::Encode;
    let bytes = update.encode_v1();
    // Read only: a panic leaves nothing half-changed.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Update::decode_v1(&bytes).is_ok_and(|again| {
            again.state_vector() == update.state_vector()
                && again.delete_set() == update.delete_set()
                && again.encode_v1().len() == bytes.len()
        })
    }))
    .unwrap_or(false)
}

/// Whether an update a room is about to store reads back. yrs 0.28 can encode the transaction that took a
/// forged update (deleted blocks, overlapping what the draft has, under an unnamed parent) into bytes its own
/// decoder refuses (found by fuzzing): stored, they would leave the draft unloadable.
pub fn reads_back(stored: &[u8]) -> bool {
    Update::decode_v1(stored).is_ok()
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

    /// An update pushing `value` (yrs's encoding of a value, built by hand: yrs's encoder recurses too) to a
    /// root array, as a frame.
    fn frame_with(value: &[u8]) -> Vec<u8> {
        use yrs::updates::encoder::Encode;
        use yrs::{Array, ReadTxn, Transact};
        let doc = yrs::Doc::with_client_id(7);
        let array = doc.get_or_insert_array("a");
        array.push_back(&mut doc.transact_mut(), Any::Null);
        let update = doc.transact().encode_state_as_update_v1(&StateVector::default());
        // The update holds one value, null (126), in its last block: put `value` in its place.
        let at = update.iter().rposition(|&b| b == 126).expect("the null");
        let forged = [&update[..at], value, &update[at + 1..]].concat();
        Message::Sync(SyncMessage::Update(forged)).encode_v1()
    }

    /// A value nested 10 000 levels deep overflowed the stack of the thread that decoded it, and aborted the
    /// process: one nested `MAX_VALUE_DEPTH` levels reads, one level more is refused, and so are 10 000 and
    /// 1 000 000 levels, unread.
    #[test]
    fn a_value_nested_too_deep_is_refused() {
        let nested = |depth: usize, tag: u8| {
            let level: &[u8] = if tag == ANY_ARRAY { &[ANY_ARRAY, 1] } else { &[ANY_MAP, 1, 1, b'k'] };
            [level.repeat(depth), vec![126]].concat()
        };
        for tag in [ANY_ARRAY, ANY_MAP] {
            assert!(read(&frame_with(&nested(MAX_VALUE_DEPTH, tag))).is_ok(), "{MAX_VALUE_DEPTH} levels of {tag}");
            for depth in [MAX_VALUE_DEPTH + 1, 10_000, 1_000_000] {
                let refused = read(&frame_with(&nested(depth, tag))).err();
                assert_eq!(refused.as_deref(), Some("a value nested too deep"), "{depth} levels of {tag}");
            }
        }
    }

    /// A value declaring more entries than the frame has bytes is refused before room is reserved for them.
    #[test]
    fn a_value_declaring_more_entries_than_it_holds_is_refused() {
        for (value, what) in [
            (vec![ANY_MAP, 0x80, 0x80, 0x80, 0x80, 0x02], "a map of 2^29 entries"),
            (vec![ANY_ARRAY, 1, ANY_ARRAY, 0x80, 0x80, 0x80, 0x80, 0x02], "an array of 2^29 entries in an array"),
            (vec![ANY_MAP, 20, 1, b'k', 126], "a map of 20 entries in the rest of a short frame"),
        ] {
            let refused = read(&frame_with(&value)).err();
            assert_eq!(refused.as_deref(), Some("a value declares more entries than it holds"), "{what}");
        }
    }

    /// Values as clients really store them read to the same update as yrs's own decoder gives.
    #[test]
    fn values_read_as_yrs_reads_them() {
        use yrs::types::ToJson;
        use yrs::updates::encoder::Encode;
        use yrs::{Array, Map, ReadTxn, Transact};
        let doc = yrs::Doc::with_client_id(9);
        let (array, map) = (doc.get_or_insert_array("a"), doc.get_or_insert_map("m"));
        let nested = Any::from_json(r#"{"a":[1,2.5,{"b":null,"c":[true,"«слово»"]}],"d":{}}"#).unwrap();
        {
            let mut txn = doc.transact_mut();
            array.push_back(&mut txn, nested.clone());
            array.push_back(
                &mut txn,
                Any::from(vec![Any::Number(yrs::any::Number::Int(1 << 60)), Any::Buffer(vec![1u8, 2].into())]),
            );
            map.insert(&mut txn, "k", nested);
        }
        let update = doc.transact().encode_state_as_update_v1(&StateVector::default());
        let frame = Message::Sync(SyncMessage::Update(update.clone())).encode_v1();
        let Ok(mut messages) = read(&frame) else { panic!("the frame reads") };
        let Some(Incoming::Update(read)) = messages.pop() else { panic!("an update") };
        let contents = |update: Update| {
            let doc = yrs::Doc::new();
            doc.transact_mut().apply_update(update).unwrap();
            let (array, map) = (doc.get_or_insert_array("a"), doc.get_or_insert_map("m"));
            let txn = doc.transact();
            (array.to_json(&txn), map.to_json(&txn))
        };
        assert_eq!(read.types, 0, "values are no shared types");
        assert_eq!(contents(read.update), contents(Update::decode_v1(&update).unwrap()));
    }

    /// Updates as clients write them are admitted: map values of many entries (encoded in a hash map's order),
    /// text, and deletions by two clients.
    #[test]
    fn updates_clients_write_are_admitted() {
        use yrs::{Array, Map, ReadTxn, Text, Transact};
        let doc = yrs::Doc::with_client_id(3);
        let (array, map, text) =
            (doc.get_or_insert_array("a"), doc.get_or_insert_map("m"), doc.get_or_insert_text("t"));
        let value = Any::from_json(r#"{"a":1,"b":[2,3],"c":{"d":"е","f":null,"g":true},"h":"и","k":2.5}"#).unwrap();
        {
            let mut txn = doc.transact_mut();
            array.push_back(&mut txn, value.clone());
            map.insert(&mut txn, "k", value);
            text.insert(&mut txn, 0, "Recommend to the administration");
        }
        let other = yrs::Doc::with_client_id(4);
        let update = doc.transact().encode_state_as_update_v1(&StateVector::default());
        other.transact_mut().apply_update(Update::decode_v1(&update).unwrap()).unwrap();
        text.remove_range(&mut doc.transact_mut(), 0, 4);
        let other_text = other.get_or_insert_text("t");
        other_text.insert(&mut other.transact_mut(), 3, "also ");
        other_text.remove_range(&mut other.transact_mut(), 10, 5);
        let both = yrs::merge_updates_v1([
            doc.transact().encode_state_as_update_v1(&StateVector::default()),
            other.transact().encode_state_as_update_v1(&StateVector::default()),
        ])
        .unwrap();
        for _ in 0..20 {
            let update = Update::decode_v1(&both).unwrap();
            assert_eq!(admit(&update, &StateVector::default()), Ok(true));
        }
    }

    /// The forged updates yrs 0.28 took and then mishandled (found by fuzzing, on the fuzzer's seed draft) are
    /// refused because they do not survive their own encoding.
    #[test]
    fn forged_updates_that_do_not_survive_their_encoding_are_refused() {
        use yrs::{ReadTxn, Transact};
        let found: [&[u8]; 3] = [
            include_bytes!("../../fuzz/corpus/frame/regression-a-stored-update-that-does-not-read-back"),
            include_bytes!("../../fuzz/corpus/frame/regression-a-pending-update-that-does-not-read-back"),
            include_bytes!("../../fuzz/corpus/frame/regression-a-stored-update-that-does-not-apply"),
        ];
        for (k, frame) in found.into_iter().enumerate() {
            let doc = crate::ydoc::new_doc_with_client(1);
            doc.transact_mut().apply_update(Update::decode_v1(crate::properties::seed_state()).unwrap()).unwrap();
            let Ok(messages) = read(frame) else { panic!("frame {k} reads") };
            let Some(Incoming::Update(update)) = messages.into_iter().next() else { panic!("frame {k}: an update") };
            assert_eq!(admit(&update.update, &doc.transact().state_vector()), Err("malformed update"), "frame {k}");
        }
    }

    /// A draft as a room holds it: the fuzzer's seed, applied by client 1.
    fn seeded() -> (yrs::Doc, Roots, Nesting) {
        use yrs::Transact;
        let doc = crate::ydoc::new_doc_with_client(1);
        let roots = Roots::of(&doc);
        doc.transact_mut().apply_update(Update::decode_v1(crate::properties::seed_state()).unwrap()).unwrap();
        let nesting = Nesting::of(&doc.transact());
        (doc, roots, nesting)
    }

    /// The update of client 5 putting `text` into a root of the draft's, `name`, as a text of its own.
    fn text_in_root(name: &str, text: &str) -> Received {
        use yrs::updates::encoder::Encode;
        use yrs::{ReadTxn, Text, Transact};
        let forger = crate::ydoc::new_doc_with_client(5);
        forger.get_or_insert_text(name).insert(&mut forger.transact_mut(), 0, text);
        let update = forger.transact().encode_state_as_update_v1(&StateVector::default());
        let Ok(mut messages) = read(&Message::Sync(SyncMessage::Update(update)).encode_v1()) else { panic!("reads") };
        let Some(Incoming::Update(received)) = messages.pop() else { panic!("an update") };
        received
    }

    /// The draft as an editor reads it, read on a thread that must end within 10 s: a reading of a list
    /// holding text could spin for good.
    fn read_in_time(doc: &yrs::Doc, roots: &Roots) -> crate::document::Document {
        use yrs::Transact;
        let (doc, roots) = (doc.clone(), roots.clone());
        let read = std::thread::spawn(move || crate::ydoc::read(&doc.transact(), &roots));
        let waited = std::time::Instant::now();
        while !read.is_finished() {
            assert!(waited.elapsed().as_secs() < 10, "reading the draft spins");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        read.join().unwrap()
    }

    /// A character beyond the BMP in a list made every reading of the list by yrs spin for good (found by a
    /// second read): such an update is refused, what it put in withdrawn, and the draft reads as before. Text
    /// in a root of no list is no list's.
    #[test]
    fn text_put_into_a_list_is_withdrawn() {
        use yrs::Transact;
        for name in [crate::ydoc::SECTIONS, "elsewhere"] {
            for text in ["😀", "а", "слово 😀 слово"] {
                let (doc, roots, mut nesting) = seeded();
                let before = read_in_time(&doc, &roots);
                let applied = apply(&mut doc.transact_mut(), &roots, &mut nesting, text_in_root(name, text));
                if name == crate::ydoc::SECTIONS {
                    assert_eq!(applied, Err(Refusal::Sender("an update putting text into a list")), "{text}");
                    assert!(crate::ydoc::lists_hold_only_maps(&doc.transact(), &roots), "{text:?} withdrawn");
                    assert_eq!(read_in_time(&doc, &roots), before, "{text:?}: the draft reads as before");
                } else {
                    assert_eq!(applied, Ok(true), "{name}: {text}");
                }
            }
        }
    }

    /// An update whose second block's parent is its first, a text put into the list of sections: yrs integrates
    /// the first and then fails (found by a second read). What it integrated is withdrawn.
    #[test]
    fn an_update_yrs_takes_only_in_part_is_withdrawn() {
        use yrs::encoding::write::Write;
        use yrs::updates::encoder::Encode;
        use yrs::Transact;
        let client = 4242u64;
        let mut u = Vec::new();
        for n in [1, 2, client, 0] {
            u.write_var(n);
        }
        u.push(4);
        u.write_var(1u8);
        u.write_string(crate::ydoc::SECTIONS);
        u.write_string("😀");
        u.push(4);
        u.write_var(0u8);
        u.write_var(client);
        u.write_var(0u8);
        u.write_string("x");
        u.write_var(0u8);
        let Ok(mut messages) = read(&Message::Sync(SyncMessage::Update(u)).encode_v1()) else { panic!("reads") };
        let Some(Incoming::Update(received)) = messages.pop() else { panic!("an update") };
        let (doc, roots, mut nesting) = seeded();
        let before = read_in_time(&doc, &roots);
        let applied = apply(&mut doc.transact_mut(), &roots, &mut nesting, received);
        assert_eq!(applied, Err(Refusal::Sender("update cannot be applied")));
        assert_eq!(read_in_time(&doc, &roots), before);
    }

    /// A refused update's deletions are not applied: not when its blocks are withdrawn, and not when it
    /// deletes blocks the draft lacks besides some it has.
    #[test]
    fn a_refused_update_deletes_nothing() {
        use yrs::updates::encoder::Encode;
        use yrs::{GetString, ReadTxn, Text, Transact};
        let (doc, roots, mut nesting) = seeded();
        let before = read_in_time(&doc, &roots);
        // A copy of the draft that deletes the first item's text and puts text into the list of sections.
        let forger = crate::ydoc::new_doc_with_client(5);
        forger
            .transact_mut()
            .apply_update(Update::decode_v1(&doc.transact().encode_diff_v1(&StateVector::default())).unwrap())
            .unwrap();
        let known = forger.transact().state_vector();
        let forged_roots = Roots::of(&forger);
        {
            let mut txn = forger.transact_mut();
            let id = crate::ydoc::read(&txn, &forged_roots).sections[0].items[0].id.clone();
            let first = crate::ydoc::field_text(&txn, &forged_roots, &format!("item:{}:text", id.as_str())).unwrap();
            let len = first.get_string(&txn).chars().count() as u32;
            first.remove_range(&mut txn, 0, len);
        }
        let deletion = forger.transact().encode_diff_v1(&known);
        forger.get_or_insert_text(crate::ydoc::SECTIONS).insert(&mut forger.transact_mut(), 0, "😀");
        let forged = forger.transact().encode_diff_v1(&known);
        let received = |update: Vec<u8>| {
            let Ok(mut messages) = read(&Message::Sync(SyncMessage::Update(update)).encode_v1()) else { panic!() };
            let Some(Incoming::Update(received)) = messages.pop() else { panic!("an update") };
            received
        };
        let applied = apply(&mut doc.transact_mut(), &roots, &mut nesting, received(forged));
        assert_eq!(applied, Err(Refusal::Sender("an update putting text into a list")));
        assert_eq!(read_in_time(&doc, &roots), before, "the deletion stands");
        // The same deletion, and one of a block no one wrote.
        let mut lacking = IdSet::new();
        lacking.insert(ID::new(ClientID::new(99), 0), 1);
        let lacking = deleting(&lacking).unwrap();
        let both = Update::merge_updates([Update::decode_v1(&deletion).unwrap(), lacking]);
        let applied = apply(&mut doc.transact_mut(), &roots, &mut nesting, received(both.encode_v1()));
        assert_eq!(applied, Err(Refusal::Sender("update deletes what the draft lacks")));
        assert_eq!(read_in_time(&doc, &roots), before, "the deletion stands");
        let applied = apply(&mut doc.transact_mut(), &roots, &mut nesting, received(deletion));
        assert_eq!(applied, Ok(true), "the deletion alone is taken");
        assert_ne!(read_in_time(&doc, &roots), before);
    }

    /// An update that sends along every block the draft holds, and puts text into a list: withdrawing it
    /// deletes only what the draft lacked (found by a second read).
    #[test]
    fn withdrawing_deletes_only_what_the_draft_lacked() {
        use yrs::updates::encoder::Encode;
        use yrs::{ReadTxn, Text, Transact};
        let (doc, roots, mut nesting) = seeded();
        let before = read_in_time(&doc, &roots);
        let forger = crate::ydoc::new_doc_with_client(6);
        let state = doc.transact().encode_state_as_update_v1(&StateVector::default());
        forger.transact_mut().apply_update(Update::decode_v1(&state).unwrap()).unwrap();
        forger.get_or_insert_text(crate::ydoc::SECTIONS).insert(&mut forger.transact_mut(), 0, "😀");
        let whole = forger.transact().encode_state_as_update_v1(&StateVector::default());
        let Ok(mut messages) = read(&Message::Sync(SyncMessage::Update(whole)).encode_v1()) else { panic!() };
        let Some(Incoming::Update(received)) = messages.pop() else { panic!("an update") };
        let applied = apply(&mut doc.transact_mut(), &roots, &mut nesting, received);
        assert_eq!(applied, Err(Refusal::Sender("an update putting text into a list")));
        assert_eq!(read_in_time(&doc, &roots), before, "the draft's own text is kept");
    }

    /// An update nesting the draft's types deeper than `MAX_TYPE_DEPTH` is refused with nothing applied.
    #[test]
    fn types_nested_too_deep_are_refused_unapplied() {
        use crate::ydoc::nesting::{deepest, MAX_TYPE_DEPTH};
        use yrs::updates::encoder::Encode;
        use yrs::{Map, MapPrelim, ReadTxn, Transact};
        let nested = |levels: usize| {
            let forger = crate::ydoc::new_doc_with_client(6);
            let mut at = forger.get_or_insert_map("m");
            let mut txn = forger.transact_mut();
            for _ in 0..levels {
                at = at.insert(&mut txn, "k", MapPrelim::default());
            }
            let update = txn.encode_state_as_update_v1(&StateVector::default());
            let Ok(mut messages) = read(&Message::Sync(SyncMessage::Update(update)).encode_v1()) else { panic!() };
            let Some(Incoming::Update(received)) = messages.pop() else { panic!("an update") };
            assert_eq!(received.types, levels);
            received
        };
        let (doc, roots, mut nesting) = seeded();
        let before = doc.transact().state_vector();
        let refused = apply(&mut doc.transact_mut(), &roots, &mut nesting, nested(MAX_TYPE_DEPTH));
        assert_eq!(refused, Err(Refusal::Sender("shared types nested too deep")));
        assert_eq!(doc.transact().state_vector(), before, "nothing applied");
        let taken = apply(&mut doc.transact_mut(), &roots, &mut nesting, nested(MAX_TYPE_DEPTH - 1));
        assert_eq!(taken, Ok(true));
        assert_eq!(deepest(&doc.transact()), MAX_TYPE_DEPTH);
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
