//! The journal of drafts (table `edit`): who changed what and when, written by a document's room.

use super::{valid_key, Store};
use crate::error::AppError;
use crate::ids::DocumentId;
use accord_domain::journal::{Change, Place};
use accord_domain::ItemId;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::time::Duration;

/// One stretch of editing as the history shows it: authors by name, times as stored (RFC 3339).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditRow {
    pub started: String,
    pub ended: String,
    pub authors: Vec<String>,
    pub changes: Vec<StoredChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredChange {
    pub place: String,
    pub before: String,
    pub after: String,
    /// The item or section id; entries written before migration 11 have none.
    #[serde(default)]
    pub at: Option<String>,
}

impl StoredChange {
    pub fn change(&self) -> Option<Change> {
        let place = Place::from_code(&self.place)?;
        let at = self.at.as_deref().and_then(ItemId::parse);
        Some(Change { place, before: self.before.clone(), after: self.after.clone(), at })
    }
}

impl Store {
    /// Records a stretch of editing that began `started_ago` and ended `ended_ago` before now.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn append_edit(
        &self,
        key: &DocumentId,
        authors: &[String],
        started_ago: Duration,
        ended_ago: Duration,
        changes: &[Change],
    ) -> Result<(), AppError> {
        let changes: Vec<StoredChange> = changes
            .iter()
            .map(|c| StoredChange {
                place: c.place.code(),
                before: c.before.clone(),
                after: c.after.clone(),
                at: c.at.as_ref().map(ToString::to_string),
            })
            .collect();
        self.run(
            "CREATE edit SET document = type::record('document', $key),
               authors = $authors.map(|$a| type::record('user', $a)),
               started = time::now() - duration::from_millis($started), ended = time::now() - duration::from_millis($ended),
               changes = $changes RETURN NONE",
            json!({
                "key": key, "authors": authors, "changes": changes,
                "started": started_ago.as_millis() as u64, "ended": ended_ago.as_millis() as u64,
            }),
        )
        .await
    }

    /// The journal of a document, newest first, each entry's authors by name in alphabetical order.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn edits(&self, key: &DocumentId, limit: usize) -> Result<Vec<EditRow>, AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        let mut rows: Vec<EditRow> = self
            .rows(
                "SELECT <string> started AS started, <string> ended AS ended, authors.map(|$a| $a.name) AS authors,
                   changes FROM edit WHERE document = type::record('document', $key) ORDER BY started DESC LIMIT $limit",
                json!({ "key": key, "limit": limit }),
            )
            .await?;
        rows.iter_mut().for_each(|r| r.authors.sort());
        Ok(rows)
    }
}
