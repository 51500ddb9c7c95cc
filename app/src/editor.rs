//! The live editor of a draft: the component (rendered on the server, hydrated in the browser) and, in the
//! browser only, the session that binds its fields to the shared `yrs` text over the y-websocket protocol.

mod live_editor;
#[cfg(feature = "hydrate")]
mod session;

pub use accord_domain::ydoc::Field;
pub use live_editor::LiveEditor;

use accord_domain::document::{Direction, EditError, HeaderField};
use accord_domain::text::{FieldError, Problem};
use accord_domain::{Document, DocumentKind, ItemId, SectionKind, VoteResult};
use serde::Deserialize;

/// Where this browser keeps its copy of a draft, saved by the live editor as it changes.
pub fn saved_copy_key(doc_id: &crate::ids::DocumentId) -> String {
    format!("accord:doc:{doc_id}")
}

/// A change of the document's structure, made by a button of the editor.
#[derive(Clone, Debug)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum Op {
    AddItem {
        section: ItemId,
        after: Option<ItemId>,
    },
    RemoveItem(ItemId),
    MoveItem(ItemId, Direction),
    Depth(ItemId, u8),
    AddSection(SectionKind),
    RemoveSection(ItemId),
    MoveSection(ItemId, Direction),
    Kind(ItemId, SectionKind),
    /// A table's column headings.
    Columns(ItemId, ColumnEdit),
    /// A line of the header, as a whole: its value is one string in the shared document, so the last change wins.
    Header(HeaderField, String),
    DocumentKind(DocumentKind),
    /// The vote line of a section (`Some`) or of the whole document, as typed; empty for none.
    Vote(Option<ItemId>, String),
}

/// A change to a table's columns. The headings are one value in the shared document (the last writer wins
/// the list), so each change is made to the headings as they stand when it is applied, not as the page showed
/// them: two people renaming two columns both keep their heading.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum ColumnEdit {
    Rename(usize, String),
    /// A new, empty column at the end.
    Add,
    /// A column and every row's cell in it; a table keeps at least one column.
    Remove(usize),
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
            Op::Columns(id, edit) => {
                let refused = || EditError::Invalid(FieldError::new("columns", Problem::Unknown));
                let section =
                    doc.sections.iter().find(|s| s.id == id).ok_or_else(|| EditError::UnknownId(id.to_string()))?;
                let mut columns = section.columns.clone();
                match edit {
                    ColumnEdit::Rename(at, heading) => *columns.get_mut(at).ok_or_else(refused)? = heading,
                    ColumnEdit::Add => columns.push(String::new()),
                    ColumnEdit::Remove(at) => return doc.remove_column(&id, at).map(|_| None),
                }
                // The domain refuses columns on anything but a table: the kind may have changed under the page.
                doc.set_columns(&id, &columns)?
            }
            Op::Header(field, value) => field.set(&mut doc.header, &value).map_err(EditError::Invalid)?,
            Op::DocumentKind(kind) => doc.header.kind = kind,
            Op::Vote(section, wording) => {
                let vote = vote_of(&wording).map_err(EditError::Invalid)?;
                match section {
                    Some(id) => {
                        let at = doc.sections.iter().position(|s| s.id == id);
                        doc.sections[at.ok_or_else(|| EditError::UnknownId(id.to_string()))?].vote = vote
                    }
                    None => doc.vote = vote,
                }
            }
        }
        Ok(None)
    }
}

/// The vote a typed line gives: none for an empty line, an error for words that are not a vote.
pub fn vote_of(wording: &str) -> Result<Option<VoteResult>, FieldError> {
    if wording.trim().is_empty() {
        return Ok(None);
    }
    accord_domain::text::optional("vote", wording, accord_domain::document::LEAD_IN_MAX)?;
    accord_domain::importer::read_vote(wording).map(Some).ok_or_else(|| FieldError::new("vote", Problem::Unknown))
}

/// The field a new item is typed into: a row's first cell, else the item's text.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn first_field(doc: &Document, id: &ItemId) -> String {
    match doc.find_item(id) {
        Some((_, item)) if !item.cells.is_empty() => Field::Cell(id.clone(), 0).key(),
        _ => Field::Text(id.clone()).key(),
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
    /// The field they are in (see `Field::key`) and their selection in it, in UTF-16 offsets.
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

/// A colour per client, readable on white, the same in every browser. Pages show it through the classes
/// `peer-0`…`peer-7` of the stylesheet (the page's security policy allows no inline styles); the hex value
/// goes into awareness for stock Yjs editors.
const PALETTE: [&str; 8] = ["#b3261e", "#1b6e3a", "#1f4fa8", "#8a4b00", "#6b2c91", "#006d77", "#a4136b", "#4d5b00"];

/// What a key pressed in an item's text does to the item, as the help popover lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Ctrl+Enter: a new item after this one, where the caret goes.
    AddAfter,
    /// Alt+↑ / Alt+↓.
    Move(Direction),
    /// Alt+→ / Alt+←: a sub-item, or back (numbered and dashed lists only).
    Indent,
    Outdent,
    /// Ctrl+Shift+Backspace.
    Delete,
}

/// The keys of a `keydown` in an item's text, as the browser names them (`KeyboardEvent.key`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Keys<'a> {
    pub key: &'a str,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Shortcut {
    pub fn of(k: Keys<'_>) -> Option<Shortcut> {
        match (k.key, k.ctrl, k.alt, k.shift) {
            ("Enter", true, false, false) => Some(Shortcut::AddAfter),
            ("ArrowUp", false, true, false) => Some(Shortcut::Move(Direction::Up)),
            ("ArrowDown", false, true, false) => Some(Shortcut::Move(Direction::Down)),
            ("ArrowRight", false, true, false) => Some(Shortcut::Indent),
            ("ArrowLeft", false, true, false) => Some(Shortcut::Outdent),
            ("Backspace", true, false, true) => Some(Shortcut::Delete),
            _ => None,
        }
    }

    /// The change it makes to item `id` of `section` at `depth`; none where it does not apply (a sub-item
    /// of a sub-item, a paragraph's depth).
    pub fn op(self, section: &ItemId, id: &ItemId, depth: u8, list: bool) -> Option<Op> {
        match self {
            Shortcut::AddAfter => Some(Op::AddItem { section: section.clone(), after: Some(id.clone()) }),
            Shortcut::Move(direction) => Some(Op::MoveItem(id.clone(), direction)),
            Shortcut::Indent => (list && depth == 0).then(|| Op::Depth(id.clone(), 1)),
            Shortcut::Outdent => (list && depth == 1).then(|| Op::Depth(id.clone(), 0)),
            Shortcut::Delete => Some(Op::RemoveItem(id.clone())),
        }
    }
}

/// A piece of what is drawn over a field for the others in it: words in transparent ink (shaded in a person's
/// colour where they have selected them), or a person's caret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    Words { text: String, selected_by: Option<u64> },
    Caret { client: u64, name: String },
}

/// The others' selections and carets over `text` (offsets in UTF-16 units, clamped to the text), in order.
pub fn overlay(text: &str, peers: &[Peer]) -> Vec<Overlay> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let clamp = |n: u32| (n as usize).min(units.len());
    let span = |p: &Peer| {
        let (a, h) = (clamp(p.anchor), clamp(p.head));
        (a.min(h), a.max(h))
    };
    let mut cuts: Vec<usize> = vec![0, units.len()];
    for p in peers {
        let (s, e) = span(p);
        cuts.extend([s, e, clamp(p.head)]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let carets_at = |at: usize| {
        peers
            .iter()
            .filter(move |p| clamp(p.head) == at)
            .map(|p| Overlay::Caret { client: p.client, name: p.name.clone() })
    };
    let mut out = Vec::new();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        out.extend(carets_at(a));
        let selected_by =
            peers.iter().find(|p| span(p).0 <= a && b <= span(p).1 && span(p).0 < span(p).1).map(|p| p.client);
        out.push(Overlay::Words { text: String::from_utf16_lossy(&units[a..b]), selected_by });
    }
    out.extend(carets_at(units.len()));
    out
}

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
mod shortcut_tests {
    use super::*;

    fn keys(key: &str, ctrl: bool, alt: bool, shift: bool) -> Option<Shortcut> {
        Shortcut::of(Keys { key, ctrl, alt, shift })
    }

    #[test]
    fn keys_are_shortcuts_only_with_their_modifiers() {
        assert_eq!(keys("Enter", true, false, false), Some(Shortcut::AddAfter));
        assert_eq!(keys("Enter", false, false, false), None, "Enter alone is a new line in the text");
        assert_eq!(keys("Enter", true, false, true), None);
        assert_eq!(keys("ArrowUp", false, true, false), Some(Shortcut::Move(Direction::Up)));
        assert_eq!(keys("ArrowUp", false, false, false), None, "an arrow alone moves the caret");
        assert_eq!(keys("ArrowRight", false, true, false), Some(Shortcut::Indent));
        assert_eq!(keys("Backspace", true, false, true), Some(Shortcut::Delete));
        assert_eq!(keys("Backspace", true, false, false), None, "Ctrl+Backspace deletes a word");
    }

    #[test]
    fn depth_changes_only_where_they_apply() {
        let (section, item) = (ItemId::parse("s1").unwrap(), ItemId::parse("i1").unwrap());
        assert!(matches!(Shortcut::Indent.op(&section, &item, 0, true), Some(Op::Depth(_, 1))));
        assert!(Shortcut::Indent.op(&section, &item, 1, true).is_none());
        assert!(Shortcut::Indent.op(&section, &item, 0, false).is_none(), "a paragraph has no depth");
        assert!(matches!(Shortcut::Outdent.op(&section, &item, 1, true), Some(Op::Depth(_, 0))));
        assert!(Shortcut::Outdent.op(&section, &item, 0, true).is_none());
        assert!(matches!(Shortcut::AddAfter.op(&section, &item, 0, false), Some(Op::AddItem { after: Some(_), .. })));
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
    fn column_ops_rename_add_and_remove_with_the_cells() {
        let mut rng = fastrand::Rng::with_seed(5);
        let mut doc = Document::blank(accord_domain::Header { title: "T".into(), ..Default::default() }, &mut rng);
        Op::AddSection(SectionKind::Table).apply(&mut doc, &mut rng).unwrap();
        let table = doc.sections[3].id.clone();
        let row = Op::AddItem { section: table.clone(), after: None }.apply(&mut doc, &mut rng).unwrap().unwrap();
        assert_eq!(first_field(&doc, &row), format!("item:{row}:cell0"), "a new row is typed into its first cell");
        doc.set_cells(&row, &["1".into(), "Изменить зону".into(), "Иванов".into(), "Учесть".into()]).unwrap();

        Op::Columns(table.clone(), ColumnEdit::Rename(2, "Кем  внесено предложение".into()))
            .apply(&mut doc, &mut rng)
            .unwrap();
        assert_eq!(doc.sections[3].columns[2], "Кем внесено предложение");
        Op::Columns(table.clone(), ColumnEdit::Add).apply(&mut doc, &mut rng).unwrap();
        assert_eq!(doc.sections[3].columns.len(), 5);
        assert_eq!(doc.sections[3].items[0].cells, ["1", "Изменить зону", "Иванов", "Учесть", ""]);
        Op::Columns(table.clone(), ColumnEdit::Rename(4, "Обоснование".into())).apply(&mut doc, &mut rng).unwrap();

        Op::Columns(table.clone(), ColumnEdit::Remove(2)).apply(&mut doc, &mut rng).unwrap();
        assert_eq!(doc.sections[3].columns, ["№", "Предложение", "Решение", "Обоснование"]);
        assert_eq!(
            doc.sections[3].items[0].cells,
            ["1", "Изменить зону", "Учесть", ""],
            "the column's cells go with it"
        );

        let before = doc.clone();
        for edit in [ColumnEdit::Rename(9, "x".into()), ColumnEdit::Remove(4)] {
            assert!(Op::Columns(table.clone(), edit).apply(&mut doc.clone(), &mut rng).is_err(), "no such column");
        }
        let long = ColumnEdit::Rename(0, "я".repeat(accord_domain::document::HEADER_FIELD_MAX + 1));
        assert!(Op::Columns(table.clone(), long).apply(&mut doc.clone(), &mut rng).is_err());
        let findings = doc.sections[0].id.clone();
        assert!(Op::Columns(findings, ColumnEdit::Add).apply(&mut doc, &mut rng).is_err(), "only tables have columns");
        assert_eq!(doc, before);

        for _ in 0..3 {
            Op::Columns(table.clone(), ColumnEdit::Remove(0)).apply(&mut doc, &mut rng).unwrap();
        }
        assert_eq!(doc.sections[3].columns, ["Обоснование"]);
        assert!(Op::Columns(table, ColumnEdit::Remove(0)).apply(&mut doc, &mut rng).is_err(), "one column stays");
    }

    #[test]
    fn header_and_vote_lines_are_set_as_typed_or_refused() {
        let mut rng = fastrand::Rng::with_seed(9);
        let mut doc = Document::blank(accord_domain::Header { title: "T".into(), ..Default::default() }, &mut rng);
        Op::Header(HeaderField::Place, " г.  Хабаровск ".into()).apply(&mut doc, &mut rng).unwrap();
        assert_eq!(doc.header.place, "г. Хабаровск");
        Op::DocumentKind(DocumentKind::Protocol).apply(&mut doc, &mut rng).unwrap();
        assert_eq!(doc.header.kind, DocumentKind::Protocol);
        let section = doc.sections[0].id.clone();
        Op::Vote(Some(section.clone()), "Голосовали: за — 12, против — нет".into()).apply(&mut doc, &mut rng).unwrap();
        let vote = doc.sections[0].vote.clone().unwrap();
        assert_eq!(
            (vote.in_favour, vote.against, vote.line()),
            (Some(12), Some(0), "Голосовали: за — 12, против — нет".into())
        );
        let before = doc.clone();
        assert!(Op::Vote(None, "обсудили и разошлись".into()).apply(&mut doc, &mut rng).is_err());
        assert!(Op::Header(HeaderField::Title, "я".repeat(301)).apply(&mut doc, &mut rng).is_err());
        assert_eq!(doc, before, "a refused line changes nothing");
        Op::Vote(Some(section), " ".into()).apply(&mut doc, &mut rng).unwrap();
        assert_eq!(doc.sections[0].vote, None, "an empty line removes the vote");
    }

    #[test]
    fn others_selections_are_shaded_and_carets_drawn_where_they_are() {
        let peer = |client: u64, anchor: u32, head: u32| Peer {
            client,
            name: format!("p{client}"),
            field: None,
            anchor,
            head,
        };
        let words = |text: &str, selected_by: Option<u64>| Overlay::Words { text: text.into(), selected_by };
        let caret = |client: u64| Overlay::Caret { client, name: format!("p{client}") };
        assert_eq!(overlay("один два", &[peer(1, 5, 5)]), [words("один ", None), caret(1), words("два", None)]);
        // Selected backwards: the caret is where the selection was started from the end.
        assert_eq!(
            overlay("один два три", &[peer(2, 8, 5)]),
            [words("один ", None), caret(2), words("два", Some(2)), words(" три", None)]
        );
        // Two people, their selections overlapping (the first one listed shades the overlap); an offset past
        // the end is clamped to it.
        assert_eq!(
            overlay("абв", &[peer(3, 0, 2), peer(4, 1, 99)]),
            [words("а", Some(3)), words("б", Some(3)), caret(3), words("в", Some(4)), caret(4)]
        );
        assert_eq!(overlay("", &[peer(5, 0, 0)]), [caret(5)]);
    }

    #[test]
    fn presence_reads_stock_yjs_states() {
        let p: PresenceState = serde_json::from_str(r#"{"user":{"name":"Y","color":"red"},"cursor":null}"#).unwrap();
        assert_eq!(p.user.name, "Y");
        assert_eq!(p.field, None);
    }
}
