//! Table `pending_import`: an uploaded text staged between its preview and its import.

use super::{new_key, parse, unexpected, valid_key, without_nulls, Store};
use crate::error::AppError;
use serde_json::{json, Value};

#[derive(Debug, serde::Deserialize)]
pub struct PendingImport {
    pub source: String,
    pub file_name: String,
    pub event: Option<String>,
    pub user: Option<String>,
}

impl Store {
    pub async fn stage_import(
        &self,
        source: &str,
        file_name: &str,
        event: Option<&str>,
        user: &str,
    ) -> Result<String, AppError> {
        let key = new_key();
        self.db
            .query(
                "DELETE pending_import WHERE created_at < time::now() - 1d;
                 CREATE type::record('pending_import', $key) SET source = $source, file_name = $file_name,
                   event = IF $event THEN type::record('event', $event) END, user = type::record('user', $user)
                   RETURN NONE;",
            )
            .bind(without_nulls(
                json!({ "key": key, "source": source, "file_name": file_name, "event": event, "user": user }),
            ))
            .await
            .and_then(|r| r.check())
            .map_err(unexpected)?;
        Ok(key)
    }

    /// The staged text, its file name, the event it goes into (if chosen) and who staged it.
    pub async fn pending_import(&self, key: &str) -> Result<PendingImport, AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        let row: Value = self
            .one(
                "SELECT source, file_name, IF event THEN record::id(event) END AS event, \
                 IF user THEN record::id(user) END AS user FROM type::record('pending_import', $key)",
                json!({ "key": key }),
            )
            .await?
            .ok_or(AppError::NotFound)?;
        parse(row)
    }

    pub async fn forget_import(&self, key: &str) -> Result<(), AppError> {
        self.db
            .query("DELETE type::record('pending_import', $key)")
            .bind(json!({ "key": key }))
            .await
            .and_then(|r| r.check())
            .map_err(unexpected)?;
        Ok(())
    }
}
