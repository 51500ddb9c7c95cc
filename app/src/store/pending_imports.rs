//! Table `pending_import`: an uploaded text staged between its preview and its import.

use super::{new_key, valid_key, without_nulls, Store};
use crate::error::AppError;
use crate::ids::{EventId, ImportId, UserId};
use serde_json::json;

#[derive(Debug, serde::Deserialize)]
pub struct PendingImport {
    pub source: String,
    pub file_name: String,
    pub event: Option<EventId>,
    pub user: Option<UserId>,
}

impl Store {
    #[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
    pub async fn stage_import(
        &self,
        source: &str,
        file_name: &str,
        event: Option<&EventId>,
        user: &UserId,
    ) -> Result<ImportId, AppError> {
        let key = new_key();
        self.query(
            "DELETE pending_import WHERE created_at < time::now() - 1d;
                 CREATE type::record('pending_import', $key) SET source = $source, file_name = $file_name,
                   event = IF $event THEN type::record('event', $event) END, user = type::record('user', $user)
                   RETURN NONE;",
            without_nulls(
                json!({ "key": key, "source": source, "file_name": file_name, "event": event, "user": user }),
            ),
        )
        .await?;
        Ok(key.into())
    }

    /// The staged text, its file name, the event it goes into (if chosen) and who staged it.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn pending_import(&self, key: &ImportId) -> Result<PendingImport, AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        self.one(
            "SELECT source, file_name, IF event THEN record::id(event) END AS event, \
                 IF user THEN record::id(user) END AS user FROM type::record('pending_import', $key)",
            json!({ "key": key }),
        )
        .await?
        .ok_or(AppError::NotFound)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn forget_import(&self, key: &ImportId) -> Result<(), AppError> {
        self.query("DELETE type::record('pending_import', $key)", json!({ "key": key })).await?;
        Ok(())
    }
}
