//! Table `read_mark`: when a member last saw a document's discussion, and what is new to them since.

use super::Store;
use crate::error::AppError;
use crate::ids::{DocumentId, UserId};
use serde_json::{json, Value};

impl Store {
    /// Notes that the user has seen the document's discussion now. Two pages of one person may do so at the
    /// same moment; the store then refuses one write as a conflict, which is retried.
    #[tracing::instrument(level = "debug", skip_all, fields(user = %user, document = %document))]
    pub async fn mark_read(&self, user: &UserId, document: &DocumentId) -> Result<(), AppError> {
        let sql = "UPSERT read_mark SET user = type::record('user', $user),
                     document = type::record('document', $document), at = time::now()
                   WHERE user = type::record('user', $user) AND document = type::record('document', $document)
                   RETURN NONE";
        let vars = json!({ "user": user, "document": document });
        super::again_on_conflict(|| self.query(sql, vars.clone())).await?;
        Ok(())
    }

    /// Comments and amendments by others since the user last opened the document.
    #[tracing::instrument(level = "debug", skip_all, fields(user = %user, document = %document))]
    pub async fn unread(&self, user: &UserId, document: &DocumentId) -> Result<u32, AppError> {
        let mut total = 0;
        for table in ["comment", "amendment"] {
            let row: Option<Value> = self
                .one(
                    "SELECT count() AS n FROM type::table($table) WHERE document = type::record('document', $document)
                       AND author != type::record('user', $user)
                       AND created_at > ((SELECT VALUE at FROM read_mark WHERE user = type::record('user', $user)
                         AND document = type::record('document', $document))[0] ?? d'1970-01-01T00:00:00Z')
                     GROUP ALL",
                    json!({ "table": table, "user": user, "document": document }),
                )
                .await?;
            total += row.and_then(|v| v["n"].as_u64()).unwrap_or(0) as u32;
        }
        Ok(total)
    }
}
