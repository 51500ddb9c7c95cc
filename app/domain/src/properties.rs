//! The promises every input from outside is held to, as functions that panic when one is broken. The fuzz
//! targets (`app/domain/fuzz`) and the replay of their corpus (`tests/fuzz_corpus.rs`) call these; the
//! property tests use the same rule for lost words (`importer::lost_words`).

use crate::importer::{self, lost_words};
use crate::markdown;
use crate::ydoc::frame::{self, Incoming, Refusal};
use crate::ydoc::nesting::Nesting;
use crate::ydoc::{self, Roots};
use std::sync::OnceLock;
use yrs::sync::Awareness;
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, StateVector, Transact, Update};

/// Any text imports, and every word of it is in what was read.
pub fn import_keeps_every_word(data: &[u8]) {
    let source = String::from_utf8_lossy(data);
    let read = importer::import_with(&source, &mut fastrand::Rng::with_seed(0));
    if let Some(lost) = lost_words(&source, &read.document).first() {
        panic!("{lost}\n---\n{}", markdown::export(&read.document));
    }
}

/// Whatever the importer reads from any text, exported to Markdown, imports back to the same document.
pub fn markdown_round_trip(data: &[u8]) {
    let source = String::from_utf8_lossy(data);
    let mut rng = fastrand::Rng::with_seed(0);
    let first = importer::import_with(&source, &mut rng).document;
    let exported = markdown::export(&first);
    let back = importer::import_with(&exported, &mut rng).document;
    assert_eq!(back.without_ids(), first.without_ids(), "markdown:\n{exported}");
}

/// A frame as a client may send it, applied to a draft as a co-drafting room applies it (`app/src/rooms/room.rs`):
/// reading stops at a message that does not read, leaves a gap, does not survive its own encoding
/// or nests types too deep (`frame::apply`), or does not apply, and what came before it is kept. A room closes
/// without storing or sending anything of a batch when an update leaves a draft yrs cannot read even once
/// withdrawn (`frame::Refusal::Draft`), when yrs panics in it or when its update would not read back (no input
/// is known to reach any of the three). Any other update the room would store, applied again after a
/// restart, gives the same document.
pub fn frame_applies(data: &[u8]) {
    let Ok(messages) = frame::read(data) else { return };
    let doc = ydoc::new_doc_with_client(1);
    let roots = Roots::of(&doc);
    doc.transact_mut().apply_update(Update::decode_v1(seed_state()).expect("the seed decodes")).expect("applies");
    let mut awareness = Awareness::new(doc.clone());
    let mut nesting = Nesting::of(&doc.transact());
    let batch = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut txn = doc.transact_mut();
        for message in messages {
            match message {
                Incoming::StateVector(sv) => drop(txn.encode_state_as_update_v1(&sv)),
                Incoming::Update(received) => match frame::apply(&mut txn, &roots, &mut nesting, received) {
                    Ok(_) => {}
                    Err(Refusal::Sender(_)) => break,
                    Err(Refusal::Draft(_)) => return None,
                },
                Incoming::Awareness(update) => drop(awareness.apply_update_summary(update)),
                Incoming::AwarenessQuery => drop(awareness.update()),
                Incoming::Ignored => {}
            }
        }
        Some(txn.encode_update_v1())
    }));
    let Ok(Some(stored)) = batch else { return };
    let document = ydoc::read(&doc.transact(), &roots);
    if !frame::reads_back(&stored) {
        return;
    }
    let reloaded = ydoc::new_doc_with_client(2);
    {
        let mut txn = reloaded.transact_mut();
        txn.apply_update(Update::decode_v1(seed_state()).expect("the seed decodes")).expect("applies");
        let update = Update::decode_v1(&stored).expect("the stored update decodes");
        txn.apply_update(update).expect("the stored update applies");
    }
    let roots = Roots::of(&reloaded);
    assert_eq!(ydoc::read(&reloaded.transact(), &roots), document, "reloaded from the stored update");
}

/// The draft frames are applied to: a short resolution written by client 1, the same bytes on every run (the
/// server's tests send it to a live room before a corpus frame that needs it).
pub fn seed_state() -> &'static [u8] {
    static STATE: OnceLock<Vec<u8>> = OnceLock::new();
    STATE.get_or_init(|| {
        let source = "РЕЗОЛЮЦИЯ\nкруглого стола «Город для всех»\n\nУчастники рекомендуют:\n\nАдминистрации города:\n1. Создать совет.\n2. Провести слушания.";
        let document = importer::import_with(source, &mut fastrand::Rng::with_seed(1)).document;
        let doc = ydoc::new_doc_with_client(1);
        let roots = Roots::of(&doc);
        let mut txn = doc.transact_mut();
        ydoc::reconcile(&mut txn, &roots, &document);
        txn.encode_state_as_update_v1(&StateVector::default())
    })
}
