//! Table `version`: a document's text frozen as a numbered version with its SHA-256 when it enters voting.

use super::{valid_key, Store};
use crate::error::AppError;
use crate::ids::DocumentId;
use accord_domain::version::Frozen;
use accord_domain::Move;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Clone, Debug, Deserialize)]
pub struct VersionRecord {
    pub number: u32,
    pub sha256: String,
    pub frozen_by: String,
    pub created_at: String,
}

impl Store {
    /// Makes the move into voting and freezes the text as `frozen`, in one transaction; false if the document
    /// was no longer where the move starts, or its log has updates past `through`, the last one `frozen` holds
    /// (stored meanwhile, through this server or another).
    #[tracing::instrument(level = "debug", skip_all, fields(document = %document))]
    pub async fn freeze(
        &self,
        document: &DocumentId,
        step: Move,
        frozen: &Frozen,
        through: i64,
        by: &str,
    ) -> Result<bool, AppError> {
        let result = self
            .query(
                "BEGIN TRANSACTION;
                 IF ((SELECT VALUE last FROM ONLY type::record('doc_clock', $document) FOR UPDATE) ?? 0) > $through
                   { THROW 'text moved' };
                 LET $moved = (UPDATE type::record('document', $document) SET state = $to, version = $number
                   WHERE state = $from RETURN VALUE id);
                 IF array::len($moved) = 0 { THROW 'moved already' };
                 CREATE version SET document = type::record('document', $document), number = $number,
                   canonical = $canonical, sha256 = $sha256, frozen_by = $by RETURN NONE;
                 COMMIT TRANSACTION;",
                json!({
                    "document": document, "number": frozen.number, "canonical": frozen.canonical,
                    "sha256": frozen.sha256, "by": by, "through": through, "from": step.from(), "to": step.to(),
                }),
            )
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(e) if e.is_thrown("moved already") || e.is_thrown("text moved") || e.is_unique_violation() => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    #[tracing::instrument(level = "debug", skip_all, fields(document = %document))]
    pub async fn versions(&self, document: &DocumentId) -> Result<Vec<VersionRecord>, AppError> {
        self.rows(
            "SELECT number, sha256, frozen_by, <string> created_at AS created_at FROM version
             WHERE document = type::record('document', $document) ORDER BY number",
            json!({ "document": document }),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(document = %document, number = %number))]
    pub async fn version_text(&self, document: &DocumentId, number: u32) -> Result<Option<String>, AppError> {
        if !valid_key(document) {
            return Err(AppError::NotFound);
        }
        let row: Option<Value> = self
            .one(
                "SELECT canonical FROM version WHERE document = type::record('document', $document) AND number = $number",
                json!({ "document": document, "number": number }),
            )
            .await?;
        Ok(row.and_then(|r| r["canonical"].as_str().map(str::to_string)))
    }
}
