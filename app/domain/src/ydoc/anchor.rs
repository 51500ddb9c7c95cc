//! Ranges of an item's text that stay on the same words while others edit: a pair of `yrs` sticky indices.
//! The start sticks to the first character of the range (after it) and the end to the last (before it), so
//! text typed at either edge stays outside; a deleted edge resolves to where it was. Encoded as base64 of the v1 encoding, so the browser resolves them too.

use super::Roots;
use crate::document::ItemId;
use base64::Engine;
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Assoc, GetString, IndexedSequence, ReadTxn, StickyIndex, Text, TextRef};

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Anchor {
    pub start: String,
    pub end: String,
}

/// Where an anchor stands now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// UTF-16 offsets into the item's text and the words between them.
    Range { start: u32, end: u32, words: String },
    /// The words (or the whole item) were deleted.
    Removed,
}

/// The `Y.Text` of an item's wording.
pub fn item_text<T: ReadTxn>(txn: &T, roots: &Roots, id: &ItemId) -> Option<TextRef> {
    super::Field::Text(id.clone()).text(txn, roots)
}

/// Anchors `start..end` (UTF-16) of an item's text; None for an empty range or one outside the text.
pub fn anchor<T: ReadTxn>(txn: &T, roots: &Roots, item: &ItemId, start: u32, end: u32) -> Option<Anchor> {
    let text = item_text(txn, roots, item)?;
    if start >= end || end > text.len(txn) {
        return None;
    }
    let first = text.sticky_index(txn, start, Assoc::After)?;
    let last = text.sticky_index(txn, end, Assoc::Before)?;
    let b64 = |i: &StickyIndex| base64::engine::general_purpose::STANDARD.encode(i.encode_v1());
    Some(Anchor { start: b64(&first), end: b64(&last) })
}

fn decode(b64: &str) -> Option<StickyIndex> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    StickyIndex::decode_v1(&bytes).ok()
}

/// Resolves an anchor against the text as it stands. `item` is the item it was made in: if the item is
/// gone, so are the words.
pub fn resolve<T: ReadTxn>(txn: &T, roots: &Roots, item: &ItemId, anchor: &Anchor) -> Place {
    let Some(text) = item_text(txn, roots, item) else { return Place::Removed };
    let (Some(first), Some(last)) = (decode(&anchor.start), decode(&anchor.end)) else { return Place::Removed };
    let (Some(a), Some(b)) = (first.get_offset(txn), last.get_offset(txn)) else { return Place::Removed };
    let all = text.get_string(txn);
    let units: Vec<u16> = all.encode_utf16().collect();
    let (start, end) = (a.index.min(units.len() as u32), b.index.min(units.len() as u32));
    if end <= start {
        return Place::Removed;
    }
    let words = String::from_utf16_lossy(&units[start as usize..end as usize]);
    Place::Range { start, end, words }
}
