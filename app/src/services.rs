//! Operations shared by server functions, the command line and the demo seed (server only).

use crate::error::AppError;
use crate::store::Store;
use accord_domain::text::Problem;
use accord_domain::{Document, Event, EventKind, State};

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

/// Reads `source` and saves it: adopted (an imported historical record) when it carries a vote result,
/// a draft otherwise. Returns the event and document ids.
pub async fn import_document(store: &Store, source: &str, event: Option<&str>) -> Result<(String, String), AppError> {
    let read = accord_domain::import(source);
    let doc = read.document;
    let state = if doc.vote.is_some() { State::Adopted } else { State::Drafting };
    match event {
        Some(event) => {
            let id = store.create_document(event, state, true, &doc, Some(source)).await?;
            Ok((event.to_string(), id))
        }
        None => {
            let event = event_from_header(&doc)?;
            store.create_event_with_document(&event, state, true, &doc, Some(source)).await
        }
    }
}
