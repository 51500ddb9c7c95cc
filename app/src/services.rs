//! Operations shared by server functions, the command line and the demo seed (server only).

pub mod ballots;
pub mod discussion;
pub mod registry;

use crate::error::AppError;
use crate::model::{DocumentRow, UserRow};
use crate::rooms::Rooms;
use crate::store::Store;
use accord_domain::text::Problem;
use accord_domain::{Document, Event, EventKind, Item, ItemId, Section, SectionKind, State};

/// The event an imported document creates when it is not imported into an existing one.
pub fn event_from_header(doc: &Document) -> Result<Event, AppError> {
    let h = &doc.header;
    if h.title.trim().is_empty() {
        return Err(AppError::invalid("title", Problem::Empty));
    }
    Ok(Event {
        kind: h.event_kind.unwrap_or(EventKind::Other),
        title: h.title.chars().take(accord_domain::event::TITLE_MAX).collect(),
        starts_on: h.starts_on.ok_or(AppError::invalid("starts_on", Problem::BadDate))?,
        ends_on: h.ends_on,
        city: h.city.chars().take(accord_domain::event::CITY_MAX).collect(),
        organiser: String::new(),
        description: String::new(),
    })
}

/// The document as readers see it: when its statistics come from the register, the figures are counted
/// from the event's participants and their paragraph opens the narrative.
pub async fn effective_document(store: &Store, row: &DocumentRow, document: Document) -> Result<Document, AppError> {
    let mut doc = document;
    if !row.register_statistics {
        return Ok(doc);
    }
    let members = store.members_of(&row.event_id).await?;
    let statistics = accord_domain::people::statistics_from(members.iter().map(|m| &m.profile));
    let kind = doc.header.event_kind.unwrap_or(EventKind::Other);
    let paragraph = Item {
        id: ItemId::parse("register-statistics").expect("a valid id"),
        text: statistics.paragraph(kind),
        addressee: String::new(),
        depth: 0,
    };
    doc.statistics = statistics;
    match doc.sections.first_mut().filter(|s| s.kind == SectionKind::Narrative) {
        Some(first) => first.items.insert(0, paragraph),
        None => doc.sections.insert(
            0,
            Section {
                id: ItemId::parse("register-section").expect("a valid id"),
                kind: SectionKind::Narrative,
                lead_in: String::new(),
                items: vec![paragraph],
            },
        ),
    }
    Ok(doc)
}

/// The document as it stands in its shared text, as readers see it. The row's cached reading and revision
/// are replaced by the shared text's.
pub async fn current_document(rooms: &Rooms, row: &mut DocumentRow) -> Result<Document, AppError> {
    Ok(current_reading(rooms, row).await?.0)
}

/// As `current_document`, with the room's reading (its full state) beside it.
pub async fn current_reading(
    rooms: &Rooms,
    row: &mut DocumentRow,
) -> Result<(Document, crate::rooms::Reading), AppError> {
    let reading = rooms.read(&row.id).await?;
    row.revision = reading.seq;
    row.document = reading.document.clone();
    Ok((effective_document(rooms.store(), row, reading.document.clone()).await?, reading))
}

/// Reads `source` and saves it: adopted (an imported historical record) when it carries a vote result,
/// a draft otherwise. Returns the event and document ids.
pub async fn import_document(
    store: &Store,
    source: &str,
    event: Option<&str>,
    importer: Option<&UserRow>,
) -> Result<(String, String), AppError> {
    let read = accord_domain::import(source);
    let doc = read.document;
    let state = if doc.vote.is_some() { State::Adopted } else { State::Drafting };
    let (event, id) = match event {
        Some(event) => {
            let id = store.create_document(event, state, true, &doc, Some(source)).await?;
            (event.to_string(), id)
        }
        None => {
            let event = event_from_header(&doc)?;
            store.create_event_with_document(&event, importer, state, true, &doc, Some(source)).await?
        }
    };
    if state == State::Adopted {
        registry::publish_document(store, &id, &store.event(&event).await?, &doc).await?;
    }
    Ok((event, id))
}
