//! A document of the genre (resolution, recommendations, final document, заключение, protocol): header,
//! statistics, sections of items, and the votes it records. Every text is kept as its authors wrote it; the
//! structure is laid over it. Items and sections carry stable ids so comments, amendments and the
//! collaborative text can refer to them.

use crate::date::Date;
use crate::event::EventKind;
use crate::statistics::Statistics;
use crate::text::{self, FieldError, Problem};
use serde::{Deserialize, Serialize};
use std::fmt;

mod base;
mod kind;
pub use base::Base;
pub use kind::{DocumentKind, Layout, SectionKind};

pub const ITEM_MAX: usize = 10_000;
pub const ADDRESSEE_MAX: usize = 500;
pub const LEAD_IN_MAX: usize = 1_000;
pub const HEADER_FIELD_MAX: usize = 300;
pub const ITEMS_MAX: usize = 1_000;
pub const COLUMNS_MAX: usize = 20;

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

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    #[serde(default)]
    pub kind: DocumentKind,
    /// The heading as written: «РЕКОМЕНДАЦИИ», «Резолюция», «ПРОТОКОЛ».
    pub doc_kind: String,
    pub event_kind: Option<EventKind>,
    /// The words naming the body or event, in the genitive: «семинара по обмену опытом», «публичных
    /// слушаний по вопросу», «о результатах публичных слушаний по проекту».
    pub event_line: String,
    /// The event's or question's title without its quotes.
    pub title: String,
    /// «№ 3», «№71/1».
    #[serde(default)]
    pub number: String,
    /// The date as written: «27 января 2021 г.», «от 28.01.2021», «20.10.2017г.»; read by [`Header::dates`].
    #[serde(default)]
    pub date: String,
    /// The place as written: «г. Благовещенск», «Москва», «п. Теплое, ул. Школьная, д. 2».
    #[serde(default)]
    pub place: String,
}

/// A line of the header, edited as a whole (its value in the shared document is one string).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderField {
    DocKind,
    EventLine,
    Title,
    Number,
    Date,
    Place,
}

impl HeaderField {
    /// In the order the header prints them.
    pub const ALL: [HeaderField; 6] = [
        HeaderField::DocKind,
        HeaderField::EventLine,
        HeaderField::Title,
        HeaderField::Number,
        HeaderField::Date,
        HeaderField::Place,
    ];

    pub fn code(self) -> &'static str {
        match self {
            HeaderField::DocKind => "doc_kind",
            HeaderField::EventLine => "event_line",
            HeaderField::Title => "title",
            HeaderField::Number => "number",
            HeaderField::Date => "date",
            HeaderField::Place => "place",
        }
    }

    pub fn of(self, header: &Header) -> &str {
        match self {
            HeaderField::DocKind => &header.doc_kind,
            HeaderField::EventLine => &header.event_line,
            HeaderField::Title => &header.title,
            HeaderField::Number => &header.number,
            HeaderField::Date => &header.date,
            HeaderField::Place => &header.place,
        }
    }

    /// Sets the line, spaces squashed; a header that would not validate is left as it was.
    pub fn set(self, header: &mut Header, value: &str) -> Result<(), FieldError> {
        let mut candidate = header.clone();
        let slot = match self {
            HeaderField::DocKind => &mut candidate.doc_kind,
            HeaderField::EventLine => &mut candidate.event_line,
            HeaderField::Title => &mut candidate.title,
            HeaderField::Number => &mut candidate.number,
            HeaderField::Date => &mut candidate.date,
            HeaderField::Place => &mut candidate.place,
        };
        *slot = text::squash_spaces(value);
        candidate.validate()?;
        *header = candidate;
        Ok(())
    }
}

impl Header {
    /// The header of a new document of `kind` for an event: its heading, the event's words, title, dates and
    /// place.
    pub fn for_event(event: &crate::event::Event, kind: DocumentKind) -> Header {
        let mut header = Header {
            kind,
            doc_kind: kind.heading().to_string(),
            event_kind: Some(event.kind),
            event_line: event.kind.genitive().to_string(),
            title: event.title.clone(),
            place: crate::importer::place_of_city(&event.city),
            ..Header::default()
        };
        header.set_dates(Some(event.starts_on), event.ends_on);
        header
    }

    /// The first and, for a range, the last day the date names.
    pub fn dates(&self) -> Option<(Date, Option<Date>)> {
        Date::find_range_in(&self.date)
    }

    pub fn starts_on(&self) -> Option<Date> {
        self.dates().map(|(start, _)| start)
    }

    pub fn ends_on(&self) -> Option<Date> {
        self.dates().and_then(|(_, end)| end)
    }

    /// Writes the dates in the genre's form; an unchanged date keeps its wording.
    pub fn set_dates(&mut self, starts_on: Option<Date>, ends_on: Option<Date>) {
        if self.dates() == starts_on.map(|s| (s, ends_on)) {
            return;
        }
        self.date = match (starts_on, ends_on) {
            (Some(s), Some(e)) if e != s => format!("{} — {}", s.russian(), e.russian()),
            (Some(s), _) => s.russian(),
            (None, _) => String::new(),
        };
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        text::optional("doc_kind", &self.doc_kind, HEADER_FIELD_MAX)?;
        text::optional("event_line", &self.event_line, HEADER_FIELD_MAX)?;
        text::optional("title", &self.title, HEADER_FIELD_MAX)?;
        text::optional("number", &self.number, HEADER_FIELD_MAX)?;
        text::optional("date", &self.date, HEADER_FIELD_MAX)?;
        text::optional("place", &self.place, HEADER_FIELD_MAX)?;
        if let Some((start, Some(end))) = self.dates() {
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
    /// The sentence or heading that opens the section: «Участники семинара рекомендуют:», «СЛУШАЛИ:».
    #[serde(default)]
    pub lead_in: String,
    /// The addressee heading the items stand under, in the dative: «Правительству Российской Федерации».
    #[serde(default)]
    pub addressee: String,
    /// A table's column headings.
    #[serde(default)]
    pub columns: Vec<String>,
    pub items: Vec<Item>,
    /// The vote the text records on this section («ГОЛОСОВАЛИ:» after «РЕШИЛИ:»).
    #[serde(default)]
    pub vote: Option<VoteResult>,
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
    /// A table row's cells, one per column; empty for every other item.
    #[serde(default)]
    pub cells: Vec<String>,
}

impl Section {
    /// The marker printed before each item: «1.», «1.1.» in numbered sections, «—» in bulleted ones, none
    /// for paragraphs and rows.
    pub fn markers(&self) -> Vec<String> {
        let (mut top, mut sub) = (0, 0);
        self.items
            .iter()
            .map(|item| match (self.kind.layout(), item.depth) {
                // A sub-item with no item above it is numbered as an item.
                (Layout::Numbers, depth) if depth == 0 || top == 0 => {
                    top += 1;
                    sub = 0;
                    format!("{top}.")
                }
                (Layout::Numbers, _) => {
                    sub += 1;
                    format!("{top}.{sub}.")
                }
                (Layout::Bullets, _) => "—".to_string(),
                (Layout::Paragraphs | Layout::Rows, _) => String::new(),
            })
            .collect()
    }

    /// A table as it is printed: the headings and each item's cells, all as wide as the widest row; an item
    /// that is not a row keeps its words in the first cell. The reading view and the exports print this.
    pub fn printed_table(&self) -> (Vec<String>, Vec<(&Item, Vec<String>)>) {
        let width = self.items.iter().map(|i| i.cells.len()).chain([self.columns.len(), 1]).max().unwrap_or(1);
        let fill = |cells: &[String]| (0..width).map(|k| cells.get(k).cloned().unwrap_or_default()).collect::<Vec<_>>();
        let rows = self
            .items
            .iter()
            .map(|item| match item.cells.is_empty() {
                true => (item, fill(&[item.full_text()])),
                false => (item, fill(&item.cells)),
            })
            .collect();
        (fill(&self.columns), rows)
    }

    /// Whom an item is addressed to: its own addressee, else the heading it stands under.
    pub fn addressee_of<'a>(&'a self, item: &'a Item) -> &'a str {
        if item.addressee.is_empty() {
            &self.addressee
        } else {
            &item.addressee
        }
    }

    pub fn new(kind: SectionKind, lead_in: String, rng: &mut fastrand::Rng) -> Section {
        let columns =
            if kind == SectionKind::Table { TABLE_COLUMNS.iter().map(|c| c.to_string()).collect() } else { Vec::new() };
        Section {
            id: ItemId::random(rng),
            kind,
            lead_in,
            addressee: String::new(),
            columns,
            items: Vec::new(),
            vote: None,
        }
    }
}

/// The columns a new table starts with: the proposals table of a заключение.
pub const TABLE_COLUMNS: [&str; 4] = ["№", "Предложение", "Кем внесено", "Решение"];

impl Item {
    pub fn new(text: String, rng: &mut fastrand::Rng) -> Item {
        Item { id: ItemId::random(rng), text, addressee: String::new(), depth: 0, cells: Vec::new() }
    }

    pub fn row(cells: Vec<String>, rng: &mut fastrand::Rng) -> Item {
        Item { id: ItemId::random(rng), text: String::new(), addressee: String::new(), depth: 0, cells }
    }

    /// The item as one sentence: the addressee, then the text; a row's cells joined by « | ».
    pub fn full_text(&self) -> String {
        if !self.cells.is_empty() {
            self.cells.join(" | ")
        } else if self.addressee.is_empty() {
            self.text.clone()
        } else {
            format!("{} {}", self.addressee, self.text)
        }
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        if !self.cells.is_empty() {
            if self.cells.iter().all(|c| c.trim().is_empty()) {
                return Err(FieldError::new("cells", Problem::Empty));
            }
            return self.cells.iter().try_for_each(|c| text::optional("cells", c, ITEM_MAX));
        }
        text::required("text", &self.text, ITEM_MAX)?;
        text::optional("addressee", &self.addressee, ADDRESSEE_MAX)
    }
}

/// The result written in the document: «Голосовали: «ЗА» — 25 чел., «Против» — нет, «Воздержались» — нет».
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteResult {
    pub in_favour: Option<u32>,
    pub against: Option<u32>,
    pub abstained: Option<u32>,
    /// The text said «единогласно».
    #[serde(default)]
    pub unanimous: bool,
    /// The lines as the document wrote them; empty when Accord wrote the result (a ballot's count).
    #[serde(default)]
    pub wording: String,
}

impl VoteResult {
    /// The vote as the document prints it: its own wording, else the genre's line.
    pub fn line(&self) -> String {
        if self.wording.is_empty() {
            self.genre_line()
        } else {
            self.wording.clone()
        }
    }

    /// The genre's line, with «нет» for zero.
    pub fn genre_line(&self) -> String {
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
    /// The vote that adopted the whole document.
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
        let current = &self.sections[si].items[ii];
        let candidate =
            Item { text: text::squash_spaces(text), addressee: text::squash_spaces(addressee), ..current.clone() };
        candidate.validate().map_err(EditError::Invalid)?;
        self.sections[si].items[ii] = candidate;
        Ok(())
    }

    /// Replaces a table row's cells: at most as many as its table has columns, the row filled out to them.
    /// Only a table's rows have cells.
    pub fn set_cells(&mut self, id: &ItemId, cells: &[String]) -> Result<(), EditError> {
        let (si, ii) = self.locate(id)?;
        if self.sections[si].kind != SectionKind::Table {
            return Err(EditError::Invalid(FieldError::new("cells", Problem::Unknown)));
        }
        let width = self.sections[si].columns.len().max(1);
        if cells.len() > width {
            return Err(EditError::Invalid(FieldError::new("cells", Problem::TooLong { max: width })));
        }
        let mut candidate = self.sections[si].items[ii].clone();
        candidate.cells =
            (0..width).map(|k| cells.get(k).map(|c| text::squash_spaces(c)).unwrap_or_default()).collect();
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
        let item = Item::new(text::squash_spaces(text), rng);
        item.validate().map_err(EditError::Invalid)?;
        let id = item.id.clone();
        self.sections[si].items.push(item);
        Ok(id)
    }

    /// Adds an empty item (an empty row in a table) to a section, after `after` or at the end, as the live
    /// editor does before the words are typed. Returns its id.
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
        let section = &mut self.sections[si];
        let mut item = if section.kind == SectionKind::Table {
            Item::row(vec![String::new(); section.columns.len().max(1)], rng)
        } else {
            Item::new(String::new(), rng)
        };
        let items = &mut section.items;
        let at = after.and_then(|a| items.iter().position(|i| &i.id == a)).map_or(items.len(), |i| i + 1);
        item.depth = after.and_then(|a| items.iter().find(|i| &i.id == a)).map_or(0, |i| i.depth);
        let id = item.id.clone();
        items.insert(at, item);
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
        let section = Section::new(kind, kind.default_lead_in(self.header.event_kind), rng);
        let id = section.id.clone();
        self.sections.push(section);
        id
    }

    /// Changes a section's kind and lead-in. A section that becomes a table gets the default columns and
    /// its items become one-cell rows; a table that becomes anything else turns its rows into text.
    pub fn set_section(&mut self, id: &ItemId, kind: SectionKind, lead_in: &str) -> Result<(), EditError> {
        let si = self.section_index(id)?;
        let lead_in = text::squash_spaces(lead_in);
        text::optional("lead_in", &lead_in, LEAD_IN_MAX).map_err(EditError::Invalid)?;
        let section = &mut self.sections[si];
        match (section.kind == SectionKind::Table, kind == SectionKind::Table) {
            (false, true) => {
                if section.columns.is_empty() {
                    section.columns = TABLE_COLUMNS.iter().map(|c| c.to_string()).collect();
                }
                let width = section.columns.len();
                for item in &mut section.items {
                    let mut cells = vec![String::new(); width];
                    cells[width.min(2) - 1] = item.full_text();
                    (item.text, item.addressee) = (String::new(), String::new());
                    item.cells = cells;
                }
            }
            (true, false) => {
                let joined = |cells: &[String]| {
                    cells.iter().filter(|c| !c.trim().is_empty()).cloned().collect::<Vec<_>>().join(" — ")
                };
                for item in &mut section.items {
                    item.text = joined(&item.cells);
                    item.cells.clear();
                }
                // The headings stay as words of the section: its first item.
                let headings = joined(&section.columns);
                if !headings.is_empty() {
                    let mut first = Item::new(headings, &mut fastrand::Rng::with_seed(section.items.len() as u64));
                    while section.items.iter().any(|i| i.id == first.id) {
                        first.id = ItemId(format!("{}x", first.id.0));
                    }
                    section.items.insert(0, first);
                }
                section.columns.clear();
            }
            _ => {}
        }
        section.kind = kind;
        section.lead_in = lead_in;
        Ok(())
    }

    /// The addressee heading a section's items stand under (recommendations grouped by addressee).
    pub fn set_section_addressee(&mut self, id: &ItemId, addressee: &str) -> Result<(), EditError> {
        let si = self.section_index(id)?;
        let addressee = text::squash_spaces(addressee);
        text::optional("addressee", &addressee, ADDRESSEE_MAX).map_err(EditError::Invalid)?;
        self.sections[si].addressee = addressee;
        Ok(())
    }

    /// A table's column headings; each row keeps one cell per column.
    pub fn set_columns(&mut self, id: &ItemId, columns: &[String]) -> Result<(), EditError> {
        let si = self.section_index(id)?;
        if self.sections[si].kind != SectionKind::Table {
            return Err(EditError::Invalid(FieldError::new("columns", Problem::Unknown)));
        }
        let columns: Vec<String> = columns.iter().map(|c| text::squash_spaces(c)).collect();
        if columns.is_empty() {
            return Err(EditError::Invalid(FieldError::new("columns", Problem::Empty)));
        }
        if columns.len() > COLUMNS_MAX {
            return Err(EditError::Invalid(FieldError::new("columns", Problem::TooLong { max: COLUMNS_MAX })));
        }
        for c in &columns {
            text::optional("columns", c, HEADER_FIELD_MAX).map_err(EditError::Invalid)?;
        }
        let section = &mut self.sections[si];
        for item in &mut section.items {
            item.cells.resize(columns.len(), String::new());
        }
        section.columns = columns;
        Ok(())
    }

    /// Removes a table's column and every row's cell in it; a table keeps at least one column.
    pub fn remove_column(&mut self, id: &ItemId, at: usize) -> Result<(), EditError> {
        let si = self.section_index(id)?;
        let section = &mut self.sections[si];
        if section.kind != SectionKind::Table || at >= section.columns.len() || section.columns.len() < 2 {
            return Err(EditError::Invalid(FieldError::new("columns", Problem::Unknown)));
        }
        section.columns.remove(at);
        for item in section.items.iter_mut().filter(|i| at < i.cells.len()) {
            item.cells.remove(at);
        }
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

    /// Every vote the text records: the document's, then each section's.
    pub fn recorded_votes(&self) -> impl Iterator<Item = &VoteResult> {
        self.vote.iter().chain(self.sections.iter().filter_map(|s| s.vote.as_ref())).filter(|v| !v.is_empty())
    }

    /// An empty draft: its header and the sections its kind starts with.
    pub fn blank(header: Header, rng: &mut fastrand::Rng) -> Document {
        let mut doc = Document { header, ..Document::default() };
        for &kind in doc.header.kind.blank_sections() {
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
        let h = &mut doc.header;
        for field in [&mut h.doc_kind, &mut h.event_line, &mut h.title, &mut h.number, &mut h.date, &mut h.place] {
            clip(field, HEADER_FIELD_MAX);
        }
        doc.sections.truncate(ITEMS_MAX);
        let mut budget = ITEMS_MAX;
        for s in &mut doc.sections {
            clip(&mut s.lead_in, LEAD_IN_MAX);
            clip(&mut s.addressee, ADDRESSEE_MAX);
            s.columns.truncate(COLUMNS_MAX);
            for c in &mut s.columns {
                clip(c, HEADER_FIELD_MAX);
            }
            s.items.truncate(budget);
            budget -= s.items.len();
            for i in &mut s.items {
                clip(&mut i.text, ITEM_MAX);
                clip(&mut i.addressee, ADDRESSEE_MAX);
                i.cells.truncate(COLUMNS_MAX);
                for c in &mut i.cells {
                    clip(c, ITEM_MAX);
                }
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
    fn a_header_line_is_set_squashed_and_refused_whole() {
        let mut header = Header { date: "20 октября 2021 г.".into(), ..Header::default() };
        HeaderField::Title.set(&mut header, "  Об  опыте ").unwrap();
        assert_eq!(HeaderField::Title.of(&header), "Об опыте");
        let before = header.clone();
        let long = "я".repeat(HEADER_FIELD_MAX + 1);
        assert!(HeaderField::Place.set(&mut header, &long).is_err());
        assert_eq!(header, before);
        let codes: Vec<&str> = HeaderField::ALL.iter().map(|f| f.code()).collect();
        assert_eq!(codes, ["doc_kind", "event_line", "title", "number", "date", "place"]);
    }

    #[test]
    fn blank_draft_has_the_three_list_sections() {
        let (d, _) = doc();
        let kinds: Vec<_> = d.sections.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [SectionKind::Findings, SectionKind::Problems, SectionKind::Recommendations]);
        let protocol = Header { kind: DocumentKind::Protocol, ..Header::default() };
        let kinds: Vec<_> =
            Document::blank(protocol, &mut fastrand::Rng::with_seed(1)).sections.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [SectionKind::Agenda, SectionKind::Heard, SectionKind::Speeches, SectionKind::Decisions]);
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
        let mut v = VoteResult { in_favour: Some(25), against: Some(0), abstained: Some(0), ..VoteResult::default() };
        assert_eq!(v.line(), "Голосовали: «ЗА» — 25\u{a0}чел., «Против» — нет, «Воздержались» — нет");
        v.wording = "За – 25, против – 0".into();
        assert_eq!(v.line(), "За – 25, против – 0", "a recorded vote prints as it was written");
    }

    #[test]
    fn tables_keep_a_cell_per_column() {
        let (mut d, mut rng) = doc();
        let table = d.add_section(SectionKind::Table, &mut rng);
        let row = d.insert_blank_item(&table, None, &mut rng).unwrap();
        assert_eq!(d.find_item(&row).unwrap().1.cells.len(), TABLE_COLUMNS.len());
        d.set_cells(&row, &["1".into(), "Изменить  зону".into()]).unwrap();
        assert_eq!(d.find_item(&row).unwrap().1.cells, ["1", "Изменить зону", "", ""]);
        d.set_columns(&table, &["№".into(), "Предложение".into()]).unwrap();
        assert_eq!(d.find_item(&row).unwrap().1.full_text(), "1 | Изменить зону");
        assert!(d.set_cells(&row, &[String::new(), " ".into()]).is_err(), "a row says something");
        let rec = d.sections[2].items.first().map(|i| i.id.clone());
        let rec = rec.unwrap_or_else(|| d.add_item(&d.sections[2].id.clone(), "Пункт.", &mut rng).unwrap());
        assert!(d.set_cells(&rec, &["1".into()]).is_err(), "only a table's rows have cells");
        assert!(d.set_columns(&d.sections[2].id.clone(), &["№".into()]).is_err(), "only a table has columns");
        d.remove_column(&table, 0).unwrap();
        assert_eq!(d.find_item(&row).unwrap().1.cells, ["Изменить зону"]);
        assert!(d.remove_column(&table, 0).is_err(), "a table keeps a column");
        d.set_columns(&table, &["№".into(), "Предложение".into()]).unwrap();
        d.set_cells(&row, &["1".into(), "Изменить зону".into()]).unwrap();
        d.set_section(&table, SectionKind::Other, "").unwrap();
        assert_eq!(d.find_item(&row).unwrap().1.text, "1 — Изменить зону");
        let other = d.sections.iter().find(|s| s.id == table).unwrap();
        assert_eq!(other.items[0].text, "№ — Предложение", "the headings stay as words");
    }

    #[test]
    fn dates_are_read_from_their_wording_and_kept_when_unchanged() {
        let mut h = Header { date: "от 28.01.2021".into(), ..Header::default() };
        assert_eq!(h.starts_on(), Date::new(2021, 1, 28));
        h.set_dates(Date::new(2021, 1, 28), None);
        assert_eq!(h.date, "от 28.01.2021");
        h.set_dates(Date::new(2021, 1, 27), Date::new(2021, 1, 28));
        assert_eq!(h.date, "27\u{a0}января 2021\u{a0}г. — 28\u{a0}января 2021\u{a0}г.");
        assert_eq!(h.ends_on(), Date::new(2021, 1, 28));
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
