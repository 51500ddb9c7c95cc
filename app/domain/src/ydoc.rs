//! The resolution as one `yrs` document, the form in which it is co-drafted.
//!
//! Layout, readable by any Yjs client:
//! - map `header`: the header's fields as strings ("" for none): `kind`, `doc_kind`, `event_kind`,
//!   `event_line`, `title`, `number`, `date`, `place` (documents saved before the family of kinds have
//!   `starts_on`, `ends_on` and `city` instead, read as a date and «г. city»);
//! - map `meta`: `statistics` and `vote` as JSON strings, `lineage` (a random id fixed at creation, so a
//!   browser never merges a saved copy into a different document that reuses the id);
//! - array `sections`: maps `{id, kind, lead_in: Text, addressee: Text, columns: JSON, vote: JSON,
//!   items: [ {id, text: Text, addressee: Text, depth, cell0: Text, cell1: Text, …} ]}` (cells only in
//!   table rows).
//!
//! Field keys of the editor (`item:ID:text`, `section:ID:addressee`, `item:ID:cell2`) name these texts: see
//! [`Field`]. This module is the one place that knows the layout's keys.
//!
//! Offsets are UTF-16 code units, as in Yjs and in the browser's text fields.

use crate::date::Date;
use crate::document::{Document, DocumentKind, Header, Item, ItemId, Section, SectionKind, VoteResult};
use crate::event::EventKind;
use crate::statistics::Statistics;
use yrs::updates::decoder::Decode;
use yrs::{
    Any, Array, ArrayPrelim, ArrayRef, Doc, GetString, Map, MapPrelim, MapRef, Number, OffsetKind, Options, Out,
    ReadTxn, Text, TextPrelim, TextRef, Transact, TransactionMut,
};

pub const HEADER: &str = "header";
pub const META: &str = "meta";
pub const SECTIONS: &str = "sections";

/// The keys of a section's and an item's map; nothing outside this module spells them.
mod key {
    pub const ID: &str = "id";
    pub const KIND: &str = "kind";
    pub const LEAD_IN: &str = "lead_in";
    pub const ADDRESSEE: &str = "addressee";
    pub const COLUMNS: &str = "columns";
    pub const VOTE: &str = "vote";
    pub const ITEMS: &str = "items";
    pub const TEXT: &str = "text";
    pub const DEPTH: &str = "depth";
}

/// A document with the offsets Yjs uses.
pub fn new_doc() -> Doc {
    Doc::with_options(Options { offset_kind: OffsetKind::Utf16, ..Options::default() })
}

pub fn new_doc_with_client(client_id: u64) -> Doc {
    Doc::with_options(Options {
        offset_kind: OffsetKind::Utf16,
        client_id: yrs::ClientID::new(client_id),
        ..Options::default()
    })
}

/// The three root types of a resolution.
#[derive(Clone)]
pub struct Roots {
    pub header: MapRef,
    pub meta: MapRef,
    pub sections: ArrayRef,
}

impl Roots {
    pub fn of(doc: &Doc) -> Roots {
        Roots {
            header: doc.get_or_insert_map(HEADER),
            meta: doc.get_or_insert_map(META),
            sections: doc.get_or_insert_array(SECTIONS),
        }
    }
}

/// The full state of a new shared document holding `document`.
pub fn encode(document: &Document, lineage: &str) -> Vec<u8> {
    let doc = new_doc();
    let roots = Roots::of(&doc);
    let mut txn = doc.transact_mut();
    roots.meta.insert(&mut txn, "lineage", lineage);
    reconcile(&mut txn, &roots, document);
    txn.encode_state_as_update_v1(&yrs::StateVector::default())
}

/// Reads a stored state back into a structured document.
pub fn decode(state: &[u8]) -> Result<Document, yrs::encoding::read::Error> {
    let doc = new_doc();
    let roots = Roots::of(&doc);
    let update = yrs::Update::decode_v1(state)?;
    let mut txn = doc.transact_mut();
    txn.apply_update(update).map_err(|_| yrs::encoding::read::Error::UnexpectedValue)?;
    Ok(read(&txn, &roots))
}

pub fn lineage<T: ReadTxn>(txn: &T, roots: &Roots) -> String {
    text_of(txn, &roots.meta, "lineage")
}

fn text_of<T: ReadTxn>(txn: &T, map: &MapRef, key: &str) -> String {
    match map.get(txn, key) {
        Some(Out::YText(t)) => t.get_string(txn),
        Some(Out::Any(Any::String(s))) => s.to_string(),
        _ => String::new(),
    }
}

fn number<T: ReadTxn>(txn: &T, map: &MapRef, key: &str) -> i64 {
    match map.get(txn, key) {
        Some(Out::Any(Any::Number(Number::Int(n)))) => n,
        Some(Out::Any(Any::Number(Number::Float(n)))) => n as i64,
        _ => 0,
    }
}

fn json<T: ReadTxn, V: serde::de::DeserializeOwned>(txn: &T, map: &MapRef, key: &str) -> Option<V> {
    match map.get(txn, key) {
        Some(Out::Any(Any::String(s))) => serde_json::from_str(&s).ok(),
        _ => None,
    }
}

/// The structured document a shared document holds. Unknown or malformed parts (a stock client may write
/// anything) read as empty rather than failing: the text stays readable.
pub fn read<T: ReadTxn>(txn: &T, roots: &Roots) -> Document {
    let h = |key: &str| match roots.header.get(txn, key) {
        Some(Out::Any(Any::String(s))) => s.to_string(),
        _ => String::new(),
    };
    let legacy = roots.header.get(txn, "date").is_none();
    let date = if legacy {
        let mut header = Header::default();
        header.set_dates(Date::parse_iso(&h("starts_on")), Date::parse_iso(&h("ends_on")));
        header.date
    } else {
        h("date")
    };
    let place = match (legacy, h("city")) {
        (true, city) if !city.is_empty() => format!("г.\u{a0}{city}"),
        _ => h("place"),
    };
    let doc_kind = h("doc_kind");
    let header = Header {
        kind: DocumentKind::from_code(&h("kind"))
            .or_else(|| DocumentKind::opening(&doc_kind).map(|(k, _)| k))
            .unwrap_or_default(),
        doc_kind,
        event_kind: EventKind::from_code(&h("event_kind")),
        event_line: h("event_line"),
        title: h("title"),
        number: h("number"),
        date,
        place,
    };
    let statistics: Statistics = json(txn, &roots.meta, "statistics").unwrap_or_default();
    let vote: Option<VoteResult> = json(txn, &roots.meta, "vote");
    let sections = sections(txn, roots).filter_map(|map| read_section(txn, &map)).collect();
    Document { header, statistics, sections, vote }
}

fn read_section<T: ReadTxn>(txn: &T, map: &MapRef) -> Option<Section> {
    let id = ItemId::parse(&text_of(txn, map, key::ID))?;
    let kind = SectionKind::from_code(&text_of(txn, map, key::KIND)).unwrap_or(SectionKind::Other);
    let items = match map.get(txn, key::ITEMS) {
        Some(Out::YArray(items)) => entries(txn, items.as_ref().into())
            .filter_map(|out| match out {
                Out::YMap(item) => read_item(txn, &item),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some(Section {
        id,
        kind,
        lead_in: text_of(txn, map, key::LEAD_IN),
        addressee: text_of(txn, map, key::ADDRESSEE),
        columns: json(txn, map, key::COLUMNS).unwrap_or_default(),
        items,
        vote: json(txn, map, key::VOTE),
    })
}

/// The map key of a table row's cell in column `k` (from 0).
fn cell_key(k: usize) -> String {
    format!("cell{k}")
}

/// A text of the layout that an editor's field is bound to. Its key (`item:ID:text`, `section:ID:lead_in`,
/// `item:ID:cell2`) names the field in the page and in presence messages.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    LeadIn(ItemId),
    SectionAddressee(ItemId),
    Text(ItemId),
    Addressee(ItemId),
    /// A table row's cell in column `k` (from 0).
    Cell(ItemId, usize),
}

impl Field {
    pub fn key(&self) -> String {
        match self {
            Field::LeadIn(id) => format!("section:{id}:{}", key::LEAD_IN),
            Field::SectionAddressee(id) => format!("section:{id}:{}", key::ADDRESSEE),
            Field::Text(id) => format!("item:{id}:{}", key::TEXT),
            Field::Addressee(id) => format!("item:{id}:{}", key::ADDRESSEE),
            Field::Cell(id, k) => format!("item:{id}:{}", cell_key(*k)),
        }
    }

    pub fn parse(field_key: &str) -> Option<Field> {
        let mut parts = field_key.splitn(3, ':');
        let (part, id, name) = (parts.next()?, ItemId::parse(parts.next()?)?, parts.next()?);
        Some(match (part, name) {
            ("section", key::LEAD_IN) => Field::LeadIn(id),
            ("section", key::ADDRESSEE) => Field::SectionAddressee(id),
            ("item", key::TEXT) => Field::Text(id),
            ("item", key::ADDRESSEE) => Field::Addressee(id),
            ("item", cell) => {
                Field::Cell(id, cell.strip_prefix("cell")?.parse().ok().filter(|k| *k < crate::document::COLUMNS_MAX)?)
            }
            _ => return None,
        })
    }

    /// The `Y.Text` this field is bound to, if its section or item is there.
    pub fn text<T: ReadTxn>(&self, txn: &T, roots: &Roots) -> Option<TextRef> {
        let (map, name) = match self {
            Field::LeadIn(id) => (section_map(txn, roots, id)?, key::LEAD_IN.to_string()),
            Field::SectionAddressee(id) => (section_map(txn, roots, id)?, key::ADDRESSEE.to_string()),
            Field::Text(id) => (item_map(txn, roots, id)?, key::TEXT.to_string()),
            Field::Addressee(id) => (item_map(txn, roots, id)?, key::ADDRESSEE.to_string()),
            Field::Cell(id, k) => (item_map(txn, roots, id)?, cell_key(*k)),
        };
        match map.get(txn, &name) {
            Some(Out::YText(text)) => Some(text),
            _ => None,
        }
    }
}

/// What a list of shared values holds (or a text's embedded values), read entry by entry. yrs's own reading of
/// a list (`Array::iter`, `get`, `remove_range`) counts a text entry by its length in the draft's offsets
/// (UTF-16) but yields it by characters: a forged update that puts a character beyond the BMP into a list
/// makes every such reading spin for good (found by a second read). A text's diff walks entries one by one.
pub fn entries<T: ReadTxn>(txn: &T, list: yrs::branch::BranchPtr) -> impl Iterator<Item = Out> {
    TextRef::from(list).diff(txn, yrs::types::text::YChange::identity).into_iter().map(|diff| diff.insert)
}

/// Whether the layout's lists (`sections`, each section's `items`) hold nothing but maps, as every editor
/// writes them. A draft where they hold more cannot be read or edited by yrs (`entries`).
pub fn lists_hold_only_maps<T: ReadTxn>(txn: &T, roots: &Roots) -> bool {
    let only_maps = |list: &ArrayRef| entries(txn, list.as_ref().into()).all(|out| matches!(out, Out::YMap(_)));
    only_maps(&roots.sections)
        && entries(txn, roots.sections.as_ref().into()).all(|section| match section {
            Out::YMap(section) => match section.get(txn, key::ITEMS) {
                Some(Out::YArray(items)) => only_maps(&items),
                _ => true,
            },
            _ => false,
        })
}

fn sections<'a, T: ReadTxn>(txn: &'a T, roots: &'a Roots) -> impl Iterator<Item = MapRef> + 'a {
    entries(txn, roots.sections.as_ref().into()).filter_map(|out| match out {
        Out::YMap(map) => Some(map),
        _ => None,
    })
}

fn section_map<T: ReadTxn>(txn: &T, roots: &Roots, id: &ItemId) -> Option<MapRef> {
    sections(txn, roots).find(|section| text_of(txn, section, key::ID) == id.as_str())
}

fn item_map<T: ReadTxn>(txn: &T, roots: &Roots, id: &ItemId) -> Option<MapRef> {
    sections(txn, roots).find_map(|section| {
        let Some(Out::YArray(items)) = section.get(txn, key::ITEMS) else { return None };
        entries(txn, items.as_ref().into()).find_map(|item| match item {
            Out::YMap(item) if text_of(txn, &item, key::ID) == id.as_str() => Some(item),
            _ => None,
        })
    })
}

fn read_item<T: ReadTxn>(txn: &T, map: &MapRef) -> Option<Item> {
    let cells = (0..crate::document::COLUMNS_MAX)
        .map_while(|k| map.get(txn, &cell_key(k)).map(|_| text_of(txn, map, &cell_key(k))))
        .collect();
    Some(Item {
        id: ItemId::parse(&text_of(txn, map, key::ID))?,
        text: text_of(txn, map, key::TEXT),
        addressee: text_of(txn, map, key::ADDRESSEE),
        depth: number(txn, map, key::DEPTH).clamp(0, 1) as u8,
        cells,
    })
}

/// The `Y.Text` an editor's field key names (see [`Field`]).
pub fn field_text<T: ReadTxn>(txn: &T, roots: &Roots, field_key: &str) -> Option<TextRef> {
    Field::parse(field_key)?.text(txn, roots)
}

/// Changes the shared document into `target` with the fewest operations: texts by one splice each, sections
/// and items matched by id, so concurrent edits elsewhere in the document survive.
pub fn reconcile(txn: &mut TransactionMut, roots: &Roots, target: &Document) {
    let h = &target.header;
    let fields = [
        ("kind", h.kind.code().to_string()),
        ("doc_kind", h.doc_kind.clone()),
        ("event_kind", h.event_kind.map(|k| k.code().to_string()).unwrap_or_default()),
        ("event_line", h.event_line.clone()),
        ("title", h.title.clone()),
        ("number", h.number.clone()),
        ("date", h.date.clone()),
        ("place", h.place.clone()),
    ];
    for (key, value) in fields {
        set_string(txn, &roots.header, key, &value);
    }
    set_string(txn, &roots.meta, "statistics", &serde_json::to_string(&target.statistics).unwrap_or_default());
    set_json(txn, &roots.meta, "vote", target.vote.as_ref());
    reconcile_list(txn, &roots.sections, &target.sections, |s| &s.id, reconcile_section, section_prelim);
}

/// A value stored as JSON under `key`, or no key for `None`.
fn set_json<V: serde::Serialize>(txn: &mut TransactionMut, map: &MapRef, key: &str, value: Option<&V>) {
    match value {
        Some(value) => set_string(txn, map, key, &serde_json::to_string(value).unwrap_or_default()),
        None => {
            if map.get(txn, key).is_some() {
                map.remove(txn, key);
            }
        }
    }
}

fn set_string(txn: &mut TransactionMut, map: &MapRef, key: &str, value: &str) {
    let same = matches!(map.get(txn, key), Some(Out::Any(Any::String(s))) if &*s == value);
    if !same {
        map.insert(txn, key, value);
    }
}

fn id_at<T: ReadTxn>(txn: &T, array: &ArrayRef, index: u32) -> Option<String> {
    match array.get(txn, index) {
        Some(Out::YMap(map)) => Some(text_of(txn, &map, key::ID)),
        _ => None,
    }
}

/// Matches the maps of `array` to `target` by id: removes the missing, inserts the new, moves the reordered
/// (a move is a removal and an insertion of the target's content), and updates the rest in place.
fn reconcile_list<V>(
    txn: &mut TransactionMut,
    array: &ArrayRef,
    target: &[V],
    id: impl Fn(&V) -> &ItemId,
    update: impl Fn(&mut TransactionMut, &MapRef, &V),
    prelim: impl Fn(&V) -> MapPrelim,
) {
    let wanted: std::collections::HashSet<&str> = target.iter().map(|v| id(v).as_str()).collect();
    for index in (0..array.len(txn)).rev() {
        if !id_at(txn, array, index).is_some_and(|i| wanted.contains(i.as_str())) {
            array.remove(txn, index);
        }
    }
    for (index, value) in target.iter().enumerate() {
        let index = index as u32;
        let want = id(value).as_str();
        if id_at(txn, array, index).as_deref() != Some(want) {
            let later = (index + 1..array.len(txn)).find(|&j| id_at(txn, array, j).as_deref() == Some(want));
            if let Some(j) = later {
                array.remove(txn, j);
            }
            array.insert(txn, index, prelim(value));
        } else if let Some(Out::YMap(map)) = array.get(txn, index) {
            update(txn, &map, value);
        }
    }
    let len = array.len(txn);
    if len > target.len() as u32 {
        array.remove_range(txn, target.len() as u32, len - target.len() as u32);
    }
}

fn section_prelim(section: &Section) -> MapPrelim {
    let items: Vec<MapPrelim> = section.items.iter().map(item_prelim).collect();
    let mut map = vec![
        (key::ID.to_string(), yrs::In::from(section.id.as_str())),
        (key::KIND.to_string(), yrs::In::from(section.kind.code())),
        (key::LEAD_IN.to_string(), yrs::In::from(TextPrelim::new(section.lead_in.as_str()))),
        (key::ADDRESSEE.to_string(), yrs::In::from(TextPrelim::new(section.addressee.as_str()))),
        (key::ITEMS.to_string(), yrs::In::from(ArrayPrelim::from(items))),
    ];
    if !section.columns.is_empty() {
        map.push((
            key::COLUMNS.to_string(),
            yrs::In::from(serde_json::to_string(&section.columns).unwrap_or_default()),
        ));
    }
    if let Some(vote) = &section.vote {
        map.push((key::VOTE.to_string(), yrs::In::from(serde_json::to_string(vote).unwrap_or_default())));
    }
    map.into_iter().collect()
}

fn item_prelim(item: &Item) -> MapPrelim {
    let mut map = vec![
        (key::ID.to_string(), yrs::In::from(item.id.as_str())),
        (key::TEXT.to_string(), yrs::In::from(TextPrelim::new(item.text.as_str()))),
        (key::ADDRESSEE.to_string(), yrs::In::from(TextPrelim::new(item.addressee.as_str()))),
        (key::DEPTH.to_string(), yrs::In::from(item.depth as i64)),
    ];
    for (k, cell) in item.cells.iter().enumerate() {
        map.push((cell_key(k), yrs::In::from(TextPrelim::new(cell.as_str()))));
    }
    map.into_iter().collect()
}

fn reconcile_section(txn: &mut TransactionMut, map: &MapRef, section: &Section) {
    set_string(txn, map, key::KIND, section.kind.code());
    set_text(txn, map, key::LEAD_IN, &section.lead_in);
    set_text(txn, map, key::ADDRESSEE, &section.addressee);
    set_json(txn, map, key::COLUMNS, Some(&section.columns).filter(|c| !c.is_empty()));
    set_json(txn, map, key::VOTE, section.vote.as_ref());
    let items = match map.get(txn, key::ITEMS) {
        Some(Out::YArray(items)) => items,
        _ => map.insert(txn, key::ITEMS, ArrayPrelim::default()),
    };
    reconcile_list(txn, &items, &section.items, |i| &i.id, reconcile_item, item_prelim);
}

fn reconcile_item(txn: &mut TransactionMut, map: &MapRef, item: &Item) {
    set_text(txn, map, key::TEXT, &item.text);
    set_text(txn, map, key::ADDRESSEE, &item.addressee);
    if number(txn, map, key::DEPTH) != item.depth as i64 {
        map.insert(txn, key::DEPTH, item.depth as i64);
    }
    for (k, cell) in item.cells.iter().enumerate() {
        set_text(txn, map, &cell_key(k), cell);
    }
    for k in item.cells.len()..crate::document::COLUMNS_MAX {
        if map.get(txn, &cell_key(k)).is_none() {
            break;
        }
        map.remove(txn, &cell_key(k));
    }
}

fn set_text(txn: &mut TransactionMut, map: &MapRef, key: &str, value: &str) {
    match map.get(txn, key) {
        Some(Out::YText(text)) => splice(txn, &text, value),
        _ => {
            map.insert(txn, key, TextPrelim::new(value));
        }
    }
}

/// Replaces the text by `new` with one deletion and one insertion around the common prefix and suffix.
pub fn splice(txn: &mut TransactionMut, text: &TextRef, new: &str) {
    let old = text.get_string(txn);
    if let Some(edit) = Splice::between(&old, new) {
        if edit.delete > 0 {
            text.remove_range(txn, edit.at, edit.delete);
        }
        if !edit.insert.is_empty() {
            text.insert(txn, edit.at, &edit.insert);
        }
    }
}

/// One contiguous change from an old text to a new one, in UTF-16 offsets.
#[derive(Debug, PartialEq, Eq)]
pub struct Splice {
    pub at: u32,
    pub delete: u32,
    pub insert: String,
}

impl Splice {
    pub fn between(old: &str, new: &str) -> Option<Splice> {
        if old == new {
            return None;
        }
        let prefix: usize = old.chars().zip(new.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a.len_utf8()).sum();
        let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
        let suffix: usize = old_rest
            .chars()
            .rev()
            .zip(new_rest.chars().rev())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.len_utf8())
            .sum();
        let removed = &old_rest[..old_rest.len() - suffix];
        let inserted = &new_rest[..new_rest.len() - suffix];
        Some(Splice { at: utf16_len(&old[..prefix]), delete: utf16_len(removed), insert: inserted.to_string() })
    }
}

pub fn utf16_len(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}

pub mod anchor;
pub mod frame;
pub mod nesting;

#[cfg(test)]
mod tests;
