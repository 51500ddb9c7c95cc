//! How deep shared types nest in a draft (maps in arrays in maps…), and the bound a room keeps on it.
//!
//! yrs deletes a shared type and everything it holds by recursion, a call per level, on the server and in every
//! browser's editor: maps nested 10 000 deep, then deleted, overflowed a 2 MiB stack and aborted the process
//! (measured). An editor can nest types a little more with every update, so the bound is on the draft; and one
//! update can nest types and delete them at once, so one that could pass the bound is tried on a copy that counts
//! what it deleted.

use std::collections::HashMap;
use yrs::branch::{BranchID, BranchPtr};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Assoc, Map, MapRef, Out, ReadTxn, StateVector, StickyIndex, Transact, TransactionMut, Update, WriteTxn, ID};

/// How deep types may nest, a root counting as one. Accord's layout nests five deep (`LAYOUT_DEPTH`); 64 leave
/// room for what other Yjs editors build, far below what overflows a stack.
pub const MAX_TYPE_DEPTH: usize = 64;

/// How deep the layout of a draft nests: `sections`, a section, its `items`, an item, its text.
pub const LAYOUT_DEPTH: usize = 5;

/// The deepest nesting of shared types in a document, walked with a stack of its own: a recursive walk would
/// overflow on the very documents it is there to find. Deleted types are not walked, as yrs does not recurse
/// into them.
pub fn deepest<T: ReadTxn>(txn: &T) -> usize {
    let mut stack: Vec<(Out, usize)> = txn.root_refs().map(|(_, root)| (root, 1)).collect();
    let mut deepest = 0;
    while let Some((out, depth)) = stack.pop() {
        let Some(branch) = out.try_branch().map(BranchPtr::from) else { continue };
        deepest = deepest.max(depth);
        // Whatever its kind, a type holds other types as entries (a map, an element's attributes) or in its
        // sequence (an array, a text's embeds, an element's children).
        let map = MapRef::from(branch);
        let held = map.iter(txn).map(|(_, out)| out).chain(super::entries(txn, branch));
        stack.extend(held.filter(|out| out.try_branch().is_some()).map(|out| (out, depth + 1)));
    }
    deepest
}

/// A bound on how deep a draft's types nest, kept by the room that applies its updates: an update creating `n`
/// types nests at most `n` levels deeper. When the bound would pass `MAX_TYPE_DEPTH`, the draft is walked and
/// the bound made exact; only when even that would pass is the update tried on a copy of the draft.
pub struct Nesting {
    bound: usize,
}

impl Nesting {
    /// The bound of a draft as loaded. The layout's depth is its floor: the server's own edits create types at
    /// that depth without passing through `admit`.
    pub fn of<T: ReadTxn>(txn: &T) -> Nesting {
        Nesting { bound: deepest(txn).max(LAYOUT_DEPTH) }
    }

    /// Whether `update`, creating `types` shared types, keeps the draft `txn` holds within `MAX_TYPE_DEPTH`.
    /// Nothing is applied to `txn`. An update the draft holds pending is not counted here: the room refuses it
    /// once applied (`frame::apply`).
    pub fn admit(&mut self, txn: &TransactionMut, update: &Update, types: usize) -> Result<(), &'static str> {
        if self.bound + types <= MAX_TYPE_DEPTH {
            self.bound += types;
            return Ok(());
        }
        let now = deepest(txn).max(LAYOUT_DEPTH);
        if now + types <= MAX_TYPE_DEPTH {
            self.bound = now + types;
            return Ok(());
        }
        let after = tried_on_a_copy(txn, update).max(LAYOUT_DEPTH);
        if after > MAX_TYPE_DEPTH {
            self.bound = now;
            return Err("shared types nested too deep");
        }
        self.bound = after;
        Ok(())
    }
}

/// How deep types nest in a copy of the draft `txn` holds, once `update` is applied to it, counting the types the
/// update deleted as deep as they were: an update can nest types and delete them at once, and every editor it
/// is sent to deletes them by recursion (found by a second read). The copy keeps what is deleted (`skip_gc`).
fn tried_on_a_copy(txn: &TransactionMut, update: &Update) -> usize {
    let copy = yrs::Doc::with_options(yrs::Options { skip_gc: true, ..yrs::Options::default() });
    if let Ok(state) = Update::decode_v1(&txn.encode_state_as_update_v1(&StateVector::default())) {
        let _ = copy.transact_mut().apply_update(state);
    }
    // A transaction of its own: its deletions are the update's.
    let mut copied = copy.transact_mut();
    if let Ok(update) = Update::decode_v1(&update.encode_v1()) {
        let _ = copied.apply_update(update);
    }
    copied.prune_pending();
    let mut depths = HashMap::new();
    let deleted = copied.delete_set().clone();
    let deepest_deleted = deleted
        .iter()
        .flat_map(|(&client, ranges)| ranges.iter().flat_map(|r| r.clone()).map(move |clock| ID::new(client, clock)))
        .filter(|id| BranchID::get_nested(&copied, id).is_some())
        .map(|id| depth_of(&copied, id, &mut depths))
        .max()
        .unwrap_or(0);
    deepest(&copied).max(deepest_deleted)
}

/// How deep the type the item `id` holds nests, a root counting as one, deleted or not; found through its
/// parents (a position's branch is the only way yrs shows an item's parent), each depth kept in `depths`.
fn depth_of<T: ReadTxn>(txn: &T, id: ID, depths: &mut HashMap<ID, usize>) -> usize {
    let mut chain = Vec::new();
    let mut at = id;
    let base = loop {
        if let Some(&depth) = depths.get(&at) {
            break depth;
        }
        chain.push(at);
        let parent = StickyIndex::from_id(at, Assoc::After).get_offset(txn).map(|offset| offset.branch.id());
        match parent {
            Some(BranchID::Nested(parent)) => at = parent,
            _ => break 1,
        }
    };
    for (k, id) in chain.iter().rev().enumerate() {
        depths.insert(*id, base + k + 1);
    }
    base + chain.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ydoc::{self, Roots};
    use yrs::{Array, ArrayPrelim, Doc, MapPrelim, Text, TextPrelim, XmlElementPrelim, XmlFragment};

    /// What client `client` writes with `edit` on top of `base`, as an update.
    fn written_on(base: &Doc, client: u64, edit: impl FnOnce(&Doc)) -> Update {
        let doc = ydoc::new_doc_with_client(client);
        let state = base.transact().encode_state_as_update_v1(&StateVector::default());
        doc.transact_mut().apply_update(Update::decode_v1(&state).unwrap()).unwrap();
        let before = doc.transact().state_vector();
        edit(&doc);
        let update = doc.transact().encode_state_as_update_v1(&before);
        Update::decode_v1(&update).unwrap()
    }

    /// `n` maps, each in the one before, under the innermost map of root `m`.
    fn nested_maps(base: &Doc, client: u64, n: usize) -> Update {
        written_on(base, client, |doc| {
            let mut at = doc.get_or_insert_map("m");
            let mut txn = doc.transact_mut();
            while let Some(Out::YMap(inner)) = at.get(&txn, "k") {
                at = inner;
            }
            for _ in 0..n {
                at = at.insert(&mut txn, "k", MapPrelim::default());
            }
        })
    }

    #[test]
    fn the_layout_nests_as_deep_as_it_says() {
        let doc = ydoc::new_doc();
        doc.transact_mut().apply_update(Update::decode_v1(crate::properties::seed_state()).unwrap()).unwrap();
        assert_eq!(deepest(&doc.transact()), LAYOUT_DEPTH);
    }

    #[test]
    fn every_kind_of_type_is_walked() {
        let doc = ydoc::new_doc();
        let (array, text, fragment) =
            (doc.get_or_insert_array("a"), doc.get_or_insert_text("t"), doc.get_or_insert_xml_fragment("x"));
        let mut txn = doc.transact_mut();
        let inner = array.push_back(&mut txn, ArrayPrelim::default());
        let map = inner.push_back(&mut txn, MapPrelim::default());
        map.insert(&mut txn, "t", TextPrelim::new("слово"));
        assert_eq!(deepest(&txn), 4, "an array, an array in it, a map in that, a text in the map");
        text.insert(&mut txn, 0, "до и после");
        let embedded = text.insert_embed(&mut txn, 3, ArrayPrelim::default());
        let map = embedded.push_back(&mut txn, MapPrelim::default());
        map.insert(&mut txn, "m", MapPrelim::default());
        assert_eq!(deepest(&txn), 4, "a text, an array embedded, a map in it, a map in that");
        let element = fragment.push_back(&mut txn, XmlElementPrelim::empty("p"));
        let inner = element.push_back(&mut txn, XmlElementPrelim::empty("em"));
        let inner = inner.push_back(&mut txn, XmlElementPrelim::empty("b"));
        inner.push_back(&mut txn, XmlElementPrelim::empty("i"));
        assert_eq!(deepest(&txn), 5, "a fragment and four elements, each in the one before");
        drop(txn);
        assert_eq!(deepest(&Doc::new().transact()), 0);
    }

    #[test]
    fn types_nested_too_deep_are_refused_and_the_bound_follows_the_draft() {
        let doc = ydoc::new_doc_with_client(1);
        Roots::of(&doc);
        let mut nesting = Nesting::of(&doc.transact());
        // Updates of 20 maps each, under one another: three are taken (root `m` and 60 levels), the fourth
        // would nest 81 deep.
        for round in 0..4 {
            let update = nested_maps(&doc, 10 + round, 20);
            let mut txn = doc.transact_mut();
            let admitted = nesting.admit(&txn, &update, 20);
            if round < 3 {
                assert_eq!(admitted, Ok(()), "round {round}");
                txn.apply_update(update).unwrap();
            } else {
                assert_eq!(admitted, Err("shared types nested too deep"));
            }
        }
        assert_eq!(deepest(&doc.transact()), 61);
        // Three more levels are taken, a fourth is not.
        let update = nested_maps(&doc, 20, 3);
        assert_eq!(nesting.admit(&doc.transact_mut(), &update, 3), Ok(()));
        doc.transact_mut().apply_update(update).unwrap();
        let one_more = nested_maps(&doc, 21, 1);
        assert_eq!(nesting.admit(&doc.transact_mut(), &one_more, 1), Err("shared types nested too deep"));
        // Beside the deep chain rather than under it, many types are taken: tried on a copy.
        let wide = written_on(&doc, 30, |doc| {
            let array = doc.get_or_insert_array("wide");
            let mut txn = doc.transact_mut();
            for _ in 0..100 {
                array.push_back(&mut txn, MapPrelim::default());
            }
        });
        assert_eq!(nesting.admit(&doc.transact_mut(), &wide, 100), Ok(()));
        assert_eq!(deepest(&doc.transact()), 64, "nothing applied by admitting");
    }

    /// An update that nests types and deletes them at once leaves nothing deep, but every editor it is sent to
    /// deletes them by recursion: counted as deep as they were.
    #[test]
    fn types_nested_and_deleted_at_once_count_as_deep_as_they_were() {
        let doc = ydoc::new_doc_with_client(1);
        Roots::of(&doc);
        let mut nesting = Nesting::of(&doc.transact());
        for (levels, admitted) in [(100, Err("shared types nested too deep")), (63, Ok(()))] {
            // The update that makes them, then the one that deletes them, merged into one.
            let forger = ydoc::new_doc_with_client(40 + levels as u64);
            let root = forger.get_or_insert_map("m");
            let made = {
                let mut txn = forger.transact_mut();
                let mut at = root.insert(&mut txn, "k", MapPrelim::default());
                for _ in 1..levels {
                    at = at.insert(&mut txn, "k", MapPrelim::default());
                }
                txn.encode_update_v1()
            };
            let deleted = {
                let mut txn = forger.transact_mut();
                root.remove(&mut txn, "k");
                txn.encode_update_v1()
            };
            let update = Update::decode_v1(&yrs::merge_updates_v1([made, deleted]).unwrap()).unwrap();
            assert_eq!(nesting.admit(&doc.transact_mut(), &update, levels), admitted, "{levels} levels");
        }
    }
}
