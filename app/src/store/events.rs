//! Table `event`: creating an event (alone, or with its first document) and its first organiser, reading
//! events, and whether observers may comment.

use super::documents::{shared_state, DOCUMENT_SET};
use super::{new_key, valid_key, Store};
use crate::error::AppError;
use crate::ids::{DocumentId, EventId};
use crate::model::{EventRow, UserRow};
use accord_domain::{Document, Event, State};
use serde_json::{json, Value};

/// The fields an event is created with, from `$e` (see `Store::event_content`).
const EVENT_SET: &str = "kind = $e.kind, title = $e.title, starts_on = <datetime> $e.starts_on, \
    ends_on = IF $e.ends_on THEN <datetime> $e.ends_on END, city = $e.city, organiser = $e.organiser, \
    description = $e.description";

/// Makes `$organiser` (when given) the organiser of the event `$key`.
const ORGANISER_MEMBER: &str = "IF $organiser THEN (CREATE member SET event = type::record('event', $key),
      user = type::record('user', $organiser.id), role = 'organiser', full_name = $organiser.name,
      organisation = '', category = 'other', region = '' RETURN NONE) END;";

fn organiser_vars(organiser: Option<&UserRow>) -> Option<Value> {
    organiser.map(|u| json!({ "id": u.id, "name": u.name }))
}

impl Store {
    fn event_content(event: &Event) -> Value {
        json!({
            "kind": event.kind,
            "title": event.title,
            "starts_on": event.starts_on.iso(),
            "ends_on": event.ends_on.map(|d| d.iso()),
            "city": event.city,
            "organiser": event.organiser,
            "description": event.description,
        })
    }

    const EVENT_FIELDS: &'static str = "record::id(id) AS id, { kind: kind, title: title, \
        starts_on: time::format(starts_on, '%Y-%m-%d'), \
        ends_on: IF ends_on THEN time::format(ends_on, '%Y-%m-%d') ELSE NONE END, city: city, organiser: organiser, \
        description: description } AS event";

    /// Creates an event; its creator, when there is one, becomes its first organiser in the same transaction.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_event(&self, event: &Event, organiser: Option<&UserRow>) -> Result<EventId, AppError> {
        event.validate()?;
        let key = new_key();
        self.run(
            &format!(
                "BEGIN TRANSACTION;
                 CREATE type::record('event', $key) SET {EVENT_SET} RETURN NONE;
                 {ORGANISER_MEMBER}
                 COMMIT TRANSACTION;"
            ),
            json!({ "key": key, "e": Self::event_content(event), "organiser": organiser_vars(organiser) }),
        )
        .await?;
        Ok(key.into())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn events(&self) -> Result<Vec<EventRow>, AppError> {
        let sql = format!("SELECT {} FROM event ORDER BY starts_on DESC, title", Self::EVENT_FIELDS);
        self.rows(&sql, json!({})).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn event(&self, key: &EventId) -> Result<EventRow, AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        let sql = format!("SELECT {} FROM type::record('event', $key)", Self::EVENT_FIELDS);
        self.one(&sql, json!({ "key": key })).await?.ok_or(AppError::NotFound)
    }

    /// Creates an event and its document in one transaction: both are saved or neither is.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_event_with_document(
        &self,
        event: &Event,
        organiser: Option<&UserRow>,
        state: State,
        imported: bool,
        doc: &Document,
        source: Option<&str>,
    ) -> Result<(EventId, DocumentId), AppError> {
        event.validate()?;
        let (event_key, doc_key) = (new_key(), new_key());
        self.run(
            &format!(
                "BEGIN TRANSACTION;
                 CREATE type::record('event', $event_key) SET {EVENT_SET} RETURN NONE;
                 LET $key = $event_key;
                 {ORGANISER_MEMBER}
                 CREATE type::record('document', $doc_key) SET event = type::record('event', $event_key), {DOCUMENT_SET}
                   RETURN NONE;
                 COMMIT TRANSACTION;"
            ),
            json!({
                "event_key": event_key, "doc_key": doc_key, "e": Self::event_content(event), "state": state,
                "imported": imported, "d": Self::document_content(doc), "source": source,
                "organiser": organiser_vars(organiser), "ystate": shared_state(doc),
            }),
        )
        .await?;
        Ok((event_key.into(), doc_key.into()))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(event = %event))]
    pub async fn observers_comment(&self, event: &EventId) -> Result<bool, AppError> {
        let row: Option<Value> =
            self.one("SELECT observers_comment FROM type::record('event', $event)", json!({ "event": event })).await?;
        Ok(row.and_then(|v| v["observers_comment"].as_bool()).unwrap_or(false))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(event = %event))]
    pub async fn set_observers_comment(&self, event: &EventId, allowed: bool) -> Result<(), AppError> {
        self.run(
            "UPDATE type::record('event', $event) SET observers_comment = $allowed RETURN NONE",
            json!({ "event": event, "allowed": allowed }),
        )
        .await
    }
}
