//! Operations shared by server functions, the command line and the demo seed (server only).

pub mod access;
pub mod ballots;
pub mod discussion;
pub mod imports;
pub mod notices;
pub mod registry;

use crate::error::AppError;
use crate::model::DocumentRow;
use crate::rooms::Rooms;
use crate::store::Store;
use accord_domain::{Document, EventKind, Item, ItemId, Section, SectionKind};

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
        cells: Vec::new(),
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
                addressee: String::new(),
                columns: Vec::new(),
                items: vec![paragraph],
                vote: None,
            },
        ),
    }
    Ok(doc)
}

/// The document as it stands in its shared text, as readers see it. The row's cached reading and revision
/// are replaced by the shared text's.
pub async fn current_document(rooms: &Rooms, row: &mut DocumentRow) -> Result<Document, AppError> {
    Ok(current_reading(rooms, row, false).await?.0)
}

/// As `current_document`, with the room's reading beside it (its full state too, if `state`).
pub async fn current_reading(
    rooms: &Rooms,
    row: &mut DocumentRow,
    state: bool,
) -> Result<(Document, crate::rooms::Reading), AppError> {
    let reading = match state {
        true => rooms.read(&row.id).await?,
        false => rooms.read_document(&row.id).await?,
    };
    row.revision = reading.seq;
    row.document = reading.document.clone();
    Ok((effective_document(rooms.store(), row, reading.document.clone()).await?, reading))
}
