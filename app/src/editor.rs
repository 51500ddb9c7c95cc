//! The live editor of a draft: the component (rendered on the server, hydrated in the browser) and, in the
//! browser only, the session that binds its fields to the shared `yrs` text over the y-websocket protocol.

mod live_editor;
#[cfg(feature = "hydrate")]
mod session;

pub use live_editor::LiveEditor;

use accord_domain::document::{Direction, EditError};
use accord_domain::{Document, ItemId, SectionKind};
use serde::Deserialize;

/// A change of the document's structure, made by a button of the editor.
#[derive(Clone, Debug)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum Op {
    AddItem { section: ItemId, after: Option<ItemId> },
    RemoveItem(ItemId),
    MoveItem(ItemId, Direction),
    Depth(ItemId, u8),
    AddSection(SectionKind),
    RemoveSection(ItemId),
    MoveSection(ItemId, Direction),
    Kind(ItemId, SectionKind),
}

impl Op {
    /// Applies the change; returns the id of a new item, which the editor focuses.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub fn apply(self, doc: &mut Document, rng: &mut fastrand::Rng) -> Result<Option<ItemId>, EditError> {
        match self {
            Op::AddItem { section, after } => return doc.insert_blank_item(&section, after.as_ref(), rng).map(Some),
            Op::RemoveItem(id) => doc.remove_item(&id)?,
            Op::MoveItem(id, direction) => doc.move_item(&id, direction)?,
            Op::Depth(id, depth) => doc.set_depth(&id, depth)?,
            Op::AddSection(kind) => {
                doc.add_section(kind, rng);
            }
            Op::RemoveSection(id) => doc.remove_section(&id)?,
            Op::MoveSection(id, direction) => doc.move_section(&id, direction)?,
            Op::Kind(id, kind) => {
                let lead_in = doc.sections.iter().find(|s| s.id == id).map(|s| s.lead_in.clone()).unwrap_or_default();
                doc.set_section(&id, kind, &lead_in)?
            }
        }
        Ok(None)
    }
}

/// The connection as the editor shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Connecting,
    Online,
    /// Edits stay in the browser and are merged when the connection is back.
    Offline,
}

/// Somebody else in the document, from their awareness state.
#[derive(Clone, Debug, PartialEq)]
pub struct Peer {
    pub client: u64,
    pub name: String,
    /// The field they are in (see `field_key`) and their selection in it, in UTF-16 offsets.
    pub field: Option<String>,
    pub anchor: u32,
    pub head: u32,
}

/// An awareness state as Accord writes it; `user` follows the convention of Yjs editors.
#[derive(Debug, Default, Deserialize, serde::Serialize)]
pub struct PresenceState {
    #[serde(default)]
    pub user: PresenceUser,
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub anchor: u32,
    #[serde(default)]
    pub head: u32,
}

#[derive(Debug, Default, Deserialize, serde::Serialize)]
pub struct PresenceUser {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub color: String,
}

/// The key of an editable field: `item:ID:text`, `item:ID:addressee`, `section:ID:lead_in`.
pub fn field_key(kind: &str, id: &str, field: &str) -> String {
    format!("{kind}:{id}:{field}")
}

/// A colour per client, readable on white, the same in every browser. Pages show it through the classes
/// `peer-0`…`peer-7` of the stylesheet (the page's security policy allows no inline styles); the hex value
/// goes into awareness for stock Yjs editors.
const PALETTE: [&str; 8] = ["#b3261e", "#1b6e3a", "#1f4fa8", "#8a4b00", "#6b2c91", "#006d77", "#a4136b", "#4d5b00"];

pub fn colour(client: u64) -> &'static str {
    PALETTE[(client % PALETTE.len() as u64) as usize]
}

pub fn peer_class(client: u64) -> String {
    format!("peer-{}", client % PALETTE.len() as u64)
}

/// Moves a caret across a change another person made to the same text.
pub fn shift(pos: u32, at: u32, deleted: u32, inserted: u32) -> u32 {
    if pos <= at {
        pos
    } else if pos >= at + deleted {
        pos - deleted + inserted
    } else {
        at + inserted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_move_with_remote_changes() {
        assert_eq!(shift(5, 0, 0, 3), 8, "text typed before the caret pushes it on");
        assert_eq!(shift(5, 5, 0, 3), 5, "text typed at the caret stays after it");
        assert_eq!(shift(5, 7, 2, 0), 5, "changes after the caret do not move it");
        assert_eq!(shift(5, 2, 6, 1), 3, "a caret inside a deleted range lands after the replacement");
        assert_eq!(shift(9, 2, 6, 1), 4);
    }

    #[test]
    fn structure_ops_change_the_document() {
        let mut rng = fastrand::Rng::with_seed(3);
        let mut doc = Document::blank(accord_domain::Header { title: "T".into(), ..Default::default() }, &mut rng);
        let rec = doc.sections[2].id.clone();
        let first = Op::AddItem { section: rec.clone(), after: None }.apply(&mut doc, &mut rng).unwrap().unwrap();
        let second = Op::AddItem { section: rec.clone(), after: Some(first.clone()) }
            .apply(&mut doc, &mut rng)
            .unwrap()
            .unwrap();
        Op::Depth(second.clone(), 1).apply(&mut doc, &mut rng).unwrap();
        assert_eq!(doc.sections[2].markers(), ["1.", "1.1."]);
        Op::MoveItem(second.clone(), Direction::Up).apply(&mut doc, &mut rng).unwrap();
        assert_eq!(doc.sections[2].items[0].id, second);
        Op::Kind(rec.clone(), SectionKind::Findings).apply(&mut doc, &mut rng).unwrap();
        assert_eq!(doc.sections[2].kind, SectionKind::Findings);
        assert!(Op::RemoveItem(ItemId::parse("nothere").unwrap()).apply(&mut doc, &mut rng).is_err());
        Op::RemoveSection(rec).apply(&mut doc, &mut rng).unwrap();
        assert_eq!(doc.sections.len(), 2);
    }

    #[test]
    fn presence_reads_stock_yjs_states() {
        let p: PresenceState = serde_json::from_str(r#"{"user":{"name":"Y","color":"red"},"cursor":null}"#).unwrap();
        assert_eq!(p.user.name, "Y");
        assert_eq!(p.field, None);
    }
}
