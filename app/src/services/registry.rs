//! Putting adopted documents' recommendations into the registry (server only).

use crate::error::AppError;
use crate::ids::DocumentId;
use crate::model::EventRow;
use crate::rooms::Rooms;
use crate::store::Store;
use accord_domain::{Document, State};

/// Lists `doc`'s recommendations under its event's city and year.
pub async fn publish_document(
    store: &Store,
    id: &DocumentId,
    event: &EventRow,
    doc: &Document,
) -> Result<(), AppError> {
    let title = if doc.header.title.trim().is_empty() { event.event.title.clone() } else { doc.header.title.clone() };
    let year = Some(i64::from(event.event.starts_on.year()));
    let entries = accord_domain::registry::entries(doc);
    store.publish_recommendations(id, &event.id, &title, &event.event.city, year, &entries).await
}

/// Lists an adopted document's recommendations as its shared text holds them; other states list nothing.
pub async fn publish(rooms: &Rooms, id: &DocumentId) -> Result<(), AppError> {
    let store = rooms.store();
    let mut row = store.document(id).await?;
    if row.state != State::Adopted {
        return Ok(());
    }
    let doc = super::current_document(rooms, &mut row).await?;
    let event = store.event(&row.event_id).await?;
    publish_document(store, id, &event, &doc).await
}

/// Adopted documents stored before the registry existed are listed once at start-up.
pub async fn backfill(rooms: &Rooms) -> Result<usize, AppError> {
    let missing = rooms.store().adopted_without_registry().await?;
    let mut listed = 0;
    for id in &missing {
        match publish(rooms, id).await {
            Ok(()) => listed += 1,
            // Another server starting at once on the same database server may have listed it meanwhile.
            Err(e) if rooms.store().adopted_without_registry().await?.contains(id) => return Err(e),
            Err(_) => {}
        }
    }
    Ok(listed)
}
