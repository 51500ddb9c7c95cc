//! The resolution document: header, statistics, sections of items, and the vote that adopted it.
//! Items and sections carry stable ids so comments, amendments and the collaborative text can refer to them.

use crate::date::Date;
use crate::event::EventKind;
use crate::statistics::Statistics;
use crate::text::{self, FieldError, Problem};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const ITEM_MAX: usize = 10_000;
pub const ADDRESSEE_MAX: usize = 500;
pub const LEAD_IN_MAX: usize = 1_000;
pub const HEADER_FIELD_MAX: usize = 300;
pub const ITEMS_MAX: usize = 1_000;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ItemId(String);

impl ItemId {
    /// Eight random lowercase letters and digits: unique within a document in practice, short in URLs.
    pub fn random(rng: &mut fastrand::Rng) -> ItemId {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        ItemId((0..8).map(|_| ALPHABET[rng.usize(..ALPHABET.len())] as char).collect())
    }

    /// Accepts what `random` makes, and nothing that could smuggle markup or queries.
    pub fn parse(s: &str) -> Option<ItemId> {
        (!s.is_empty() && s.len() <= 32 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .then(|| ItemId(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Narrative,
    Findings,
    Problems,
    Recommendations,
    Other,
}

impl SectionKind {
    pub const ALL: [SectionKind; 5] = [
        SectionKind::Narrative,
        SectionKind::Findings,
        SectionKind::Problems,
        SectionKind::Recommendations,
        SectionKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SectionKind::Narrative => "narrative",
            SectionKind::Findings => "findings",
            SectionKind::Problems => "problems",
            SectionKind::Recommendations => "recommendations",
            SectionKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<SectionKind> {
        SectionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Recommendations are numbered; every other list is bulleted; narrative items are paragraphs.
    pub fn is_numbered(self) -> bool {
        self == SectionKind::Recommendations
    }

    pub fn is_list(self) -> bool {
        self != SectionKind::Narrative
    }

    /// The lead-in a new section of this kind starts with.
    pub fn default_lead_in(self, event: Option<EventKind>) -> String {
        let who = match event {
            Some(EventKind::RoundTable) => "Участники круглого стола",
            Some(EventKind::Conference) => "Участники конференции",
            Some(EventKind::PublicHearing) => "Участники публичных слушаний",
            Some(EventKind::Forum) => "Участники форума",
            Some(EventKind::Meeting) => "Участники совещания",
            Some(EventKind::Seminar) => "Участники семинара",
            _ => "Участники",
        };
        match self {
            SectionKind::Narrative => String::new(),
            SectionKind::Findings => format!("{who} отметили:"),
            SectionKind::Problems => format!("{who} выявили ряд проблем:"),
            SectionKind::Recommendations => format!("{who} рекомендуют:"),
            SectionKind::Other => String::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// «РЕКОМЕНДАЦИИ», «РЕЗОЛЮЦИЯ», «ИТОГОВЫЙ ДОКУМЕНТ».
    pub doc_kind: String,
    pub event_kind: Option<EventKind>,
    /// The line naming the event in the genitive: «семинара по обмену опытом».
    pub event_line: String,
    /// The event's title without its quotes.
    pub title: String,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub city: String,
}

impl Header {
    pub fn validate(&self) -> Result<(), FieldError> {
        text::optional("doc_kind", &self.doc_kind, HEADER_FIELD_MAX)?;
        text::optional("event_line", &self.event_line, HEADER_FIELD_MAX)?;
        text::required("title", &self.title, HEADER_FIELD_MAX)?;
        text::optional("city", &self.city, HEADER_FIELD_MAX)?;
        if let (Some(start), Some(end)) = (self.starts_on, self.ends_on) {
            if end < start {
                return Err(FieldError::new("ends_on", Problem::EndsBeforeStart));
            }
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: ItemId,
    pub kind: SectionKind,
    /// The sentence that opens a list: «Участники семинара рекомендуют:». Empty for narrative.
    #[serde(default)]
    pub lead_in: String,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: ItemId,
    /// The words of the item after its addressee.
    pub text: String,
    /// Whom a recommendation is addressed to, in the dative: «Министерству экономики и внешних связей».
    #[serde(default)]
    pub addressee: String,
    /// 0 for a top-level item, 1 for a sub-item («1.1.», «а)»).
    #[serde(default)]
    pub depth: u8,
}

impl Section {
    /// The marker printed before each item: «1.», «1.1.» in numbered sections, «—» in bulleted ones.
    pub fn markers(&self) -> Vec<String> {
        let (mut top, mut sub) = (0, 0);
        self.items
            .iter()
            .map(|item| match (self.kind.is_numbered(), item.depth) {
                (true, 0) => {
                    top += 1;
                    sub = 0;
                    format!("{top}.")
                }
                (true, _) => {
                    sub += 1;
                    format!("{top}.{sub}.")
                }
                (false, _) => "—".to_string(),
            })
            .collect()
    }
}

impl Item {
    /// The item as one sentence: the addressee, then the text.
    pub fn full_text(&self) -> String {
        if self.addressee.is_empty() {
            self.text.clone()
        } else {
            format!("{} {}", self.addressee, self.text)
        }
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        text::required("text", &self.text, ITEM_MAX)?;
        text::optional("addressee", &self.addressee, ADDRESSEE_MAX)
    }
}

/// The result written in the document: «Голосовали: «ЗА» — 25 чел., «Против» — нет, «Воздержались» — нет».
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteResult {
    pub in_favour: Option<u32>,
    pub against: Option<u32>,
    pub abstained: Option<u32>,
    /// The text said «единогласно».
    #[serde(default)]
    pub unanimous: bool,
}

impl VoteResult {
    /// The genre's line, with «нет» for zero.
    pub fn line(&self) -> String {
        fn count(n: u32) -> String {
            if n == 0 {
                "нет".to_string()
            } else {
                format!("{n}\u{a0}чел.")
            }
        }
        let mut parts = Vec::new();
        if self.unanimous {
            parts.push("единогласно".to_string());
        }
        if let Some(n) = self.in_favour {
            parts.push(format!("«ЗА» — {}", count(n)));
        }
        if let Some(n) = self.against {
            parts.push(format!("«Против» — {}", count(n)));
        }
        if let Some(n) = self.abstained {
            parts.push(format!("«Воздержались» — {}", count(n)));
        }
        format!("Голосовали: {}", parts.join(", "))
    }

    pub fn is_empty(&self) -> bool {
        !self.unanimous && self.in_favour.is_none() && self.against.is_none() && self.abstained.is_none()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub header: Header,
    pub statistics: Statistics,
    pub sections: Vec<Section>,
    pub vote: Option<VoteResult>,
}

/// Where a new item goes, or which way an item moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum EditError {
    #[error("no item or section with id {0}")]
    UnknownId(String),
    #[error("invalid field")]
    Invalid(FieldError),
    #[error("the document has too many items")]
    TooManyItems,
}

impl Document {
    pub fn item_count(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }

    pub fn sections_of(&self, kind: SectionKind) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(move |s| s.kind == kind)
    }

    /// All items of one kind of section, in document order.
    pub fn items_of(&self, kind: SectionKind) -> impl Iterator<Item = &Item> {
        self.sections_of(kind).flat_map(|s| s.items.iter())
    }

    pub fn find_item(&self, id: &ItemId) -> Option<(&Section, &Item)> {
        self.sections.iter().find_map(|s| s.items.iter().find(|i| &i.id == id).map(|i| (s, i)))
    }

    fn locate(&self, id: &ItemId) -> Result<(usize, usize), EditError> {
        for (si, s) in self.sections.iter().enumerate() {
            if let Some(ii) = s.items.iter().position(|i| &i.id == id) {
                return Ok((si, ii));
            }
        }
        Err(EditError::UnknownId(id.to_string()))
    }

    fn section_index(&self, id: &ItemId) -> Result<usize, EditError> {
        self.sections.iter().position(|s| &s.id == id).ok_or_else(|| EditError::UnknownId(id.to_string()))
    }

    pub fn set_item(&mut self, id: &ItemId, text: &str, addressee: &str) -> Result<(), EditError> {
        let (si, ii) = self.locate(id)?;
        let candidate = Item {
            id: id.clone(),
            text: text::squash_spaces(text),
            addressee: text::squash_spaces(addressee),
            depth: self.sections[si].items[ii].depth,
        };
        candidate.validate().map_err(EditError::Invalid)?;
        self.sections[si].items[ii] = candidate;
        Ok(())
    }

    /// Adds an item at the end of a section and returns its id.
    pub fn add_item(&mut self, section: &ItemId, text: &str, rng: &mut fastrand::Rng) -> Result<ItemId, EditError> {
        if self.item_count() >= ITEMS_MAX {
            return Err(EditError::TooManyItems);
        }
        let si = self.section_index(section)?;
        let item =
            Item { id: ItemId::random(rng), text: text::squash_spaces(text), addressee: String::new(), depth: 0 };
        item.validate().map_err(EditError::Invalid)?;
        let id = item.id.clone();
        self.sections[si].items.push(item);
        Ok(id)
    }

    /// Adds an empty item to a section, after `after` or at the end, as the live editor does before the
    /// words are typed. Returns its id.
    pub fn insert_blank_item(
        &mut self,
        section: &ItemId,
        after: Option<&ItemId>,
        rng: &mut fastrand::Rng,
    ) -> Result<ItemId, EditError> {
        if self.item_count() >= ITEMS_MAX {
            return Err(EditError::TooManyItems);
        }
        let si = self.section_index(section)?;
        let items = &mut self.sections[si].items;
        let at = after.and_then(|a| items.iter().position(|i| &i.id == a)).map_or(items.len(), |i| i + 1);
        let depth = after.and_then(|a| items.iter().find(|i| &i.id == a)).map_or(0, |i| i.depth);
        let id = ItemId::random(rng);
        items.insert(at, Item { id: id.clone(), text: String::new(), addressee: String::new(), depth });
        Ok(id)
    }

    /// Makes an item a sub-item of the one before it (depth 1) or a top-level item again (depth 0).
    pub fn set_depth(&mut self, id: &ItemId, depth: u8) -> Result<(), EditError> {
        let (si, ii) = self.locate(id)?;
        self.sections[si].items[ii].depth = depth.min(1);
        Ok(())
    }

    pub fn remove_item(&mut self, id: &ItemId) -> Result<(), EditError> {
        let (si, ii) = self.locate(id)?;
        self.sections[si].items.remove(ii);
        Ok(())
    }

    /// Moves an item one place within its section; at either end it stays where it is.
    pub fn move_item(&mut self, id: &ItemId, direction: Direction) -> Result<(), EditError> {
        let (si, ii) = self.locate(id)?;
        let items = &mut self.sections[si].items;
        match direction {
            Direction::Up if ii > 0 => items.swap(ii, ii - 1),
            Direction::Down if ii + 1 < items.len() => items.swap(ii, ii + 1),
            _ => {}
        }
        Ok(())
    }

    pub fn add_section(&mut self, kind: SectionKind, rng: &mut fastrand::Rng) -> ItemId {
        let id = ItemId::random(rng);
        let lead_in = kind.default_lead_in(self.header.event_kind);
        self.sections.push(Section { id: id.clone(), kind, lead_in, items: Vec::new() });
        id
    }

    pub fn set_section(&mut self, id: &ItemId, kind: SectionKind, lead_in: &str) -> Result<(), EditError> {
        let si = self.section_index(id)?;
        let lead_in = text::squash_spaces(lead_in);
        text::optional("lead_in", &lead_in, LEAD_IN_MAX).map_err(EditError::Invalid)?;
        self.sections[si].kind = kind;
        self.sections[si].lead_in = lead_in;
        Ok(())
    }

    pub fn remove_section(&mut self, id: &ItemId) -> Result<(), EditError> {
        let si = self.section_index(id)?;
        self.sections.remove(si);
        Ok(())
    }

    pub fn move_section(&mut self, id: &ItemId, direction: Direction) -> Result<(), EditError> {
        let si = self.section_index(id)?;
        match direction {
            Direction::Up if si > 0 => self.sections.swap(si, si - 1),
            Direction::Down if si + 1 < self.sections.len() => self.sections.swap(si, si + 1),
            _ => {}
        }
        Ok(())
    }

    /// An empty draft for an event: its header and one section of each list kind.
    pub fn blank(header: Header, rng: &mut fastrand::Rng) -> Document {
        let mut doc = Document { header, ..Document::default() };
        for kind in [SectionKind::Findings, SectionKind::Problems, SectionKind::Recommendations] {
            doc.add_section(kind, rng);
        }
        doc
    }

    /// The document cut to the limits the store asserts: a stock Yjs client can write longer texts than the
    /// forms allow, and the cached reading must still be saved.
    pub fn clipped(&self) -> Document {
        fn clip(s: &mut String, max: usize) {
            if s.chars().count() > max {
                *s = s.chars().take(max).collect();
            }
        }
        let mut doc = self.clone();
        for field in [&mut doc.header.doc_kind, &mut doc.header.event_line, &mut doc.header.title, &mut doc.header.city]
        {
            clip(field, HEADER_FIELD_MAX);
        }
        doc.sections.truncate(ITEMS_MAX);
        let mut budget = ITEMS_MAX;
        for s in &mut doc.sections {
            clip(&mut s.lead_in, LEAD_IN_MAX);
            s.items.truncate(budget);
            budget -= s.items.len();
            for i in &mut s.items {
                clip(&mut i.text, ITEM_MAX);
                clip(&mut i.addressee, ADDRESSEE_MAX);
            }
        }
        doc
    }

    /// The same document with every id blanked: what two documents are compared on after a round trip.
    pub fn without_ids(&self) -> Document {
        let blank = ItemId(String::new());
        let mut doc = self.clone();
        for s in &mut doc.sections {
            s.id = blank.clone();
            for i in &mut s.items {
                i.id = blank.clone();
            }
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> (Document, fastrand::Rng) {
        let mut rng = fastrand::Rng::with_seed(7);
        let header = Header { title: "Тест".into(), event_kind: Some(EventKind::Seminar), ..Header::default() };
        (Document::blank(header, &mut rng), rng)
    }

    #[test]
    fn blank_draft_has_the_three_list_sections() {
        let (d, _) = doc();
        let kinds: Vec<_> = d.sections.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [SectionKind::Findings, SectionKind::Problems, SectionKind::Recommendations]);
        assert_eq!(d.sections[2].lead_in, "Участники семинара рекомендуют:");
    }

    #[test]
    fn items_are_added_edited_moved_and_removed_by_id() {
        let (mut d, mut rng) = doc();
        let rec = d.sections[2].id.clone();
        let a = d.add_item(&rec, "первый", &mut rng).unwrap();
        let b = d.add_item(&rec, "второй", &mut rng).unwrap();
        d.set_item(&a, "изучить  опыт\n соседей", "Министерству экономики").unwrap();
        assert_eq!(d.find_item(&a).unwrap().1.full_text(), "Министерству экономики изучить опыт соседей");
        d.move_item(&b, Direction::Up).unwrap();
        assert_eq!(d.sections[2].items[0].id, b);
        d.move_item(&b, Direction::Up).unwrap();
        assert_eq!(d.sections[2].items[0].id, b, "stays at the top");
        d.remove_item(&b).unwrap();
        assert_eq!(d.item_count(), 1);
        assert!(matches!(d.remove_item(&b), Err(EditError::UnknownId(_))));
    }

    #[test]
    fn invalid_edits_change_nothing() {
        let (mut d, mut rng) = doc();
        let rec = d.sections[2].id.clone();
        let a = d.add_item(&rec, "текст", &mut rng).unwrap();
        let before = d.clone();
        assert!(matches!(d.set_item(&a, "   ", ""), Err(EditError::Invalid(_))));
        assert!(matches!(d.set_item(&a, &"я".repeat(ITEM_MAX + 1), ""), Err(EditError::Invalid(_))));
        assert!(matches!(d.add_item(&rec, "", &mut rng), Err(EditError::Invalid(_))));
        assert_eq!(d, before);
    }

    #[test]
    fn vote_line_in_the_genre_words() {
        let v = VoteResult { in_favour: Some(25), against: Some(0), abstained: Some(0), unanimous: false };
        assert_eq!(v.line(), "Голосовали: «ЗА» — 25\u{a0}чел., «Против» — нет, «Воздержались» — нет");
    }

    #[test]
    fn ids_parse_only_safe_text() {
        let mut rng = fastrand::Rng::with_seed(1);
        let id = ItemId::random(&mut rng);
        assert_eq!(ItemId::parse(id.as_str()), Some(id));
        assert_eq!(ItemId::parse("a'; DROP"), None);
        assert_eq!(ItemId::parse(""), None);
    }
}
