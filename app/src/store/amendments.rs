//! Table `amendment`: proposed changes to a document's items, numbered per document, and the decisions on them.

use super::stances::StanceRecord;
use super::{Store, TIME};
use crate::error::AppError;
use crate::ids::{AmendmentId, DocumentId, UserId};
use crate::model::UserRow;
use accord_domain::discussion::{Change, Decision};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Clone, Debug, Deserialize)]
pub struct AmendmentRecord {
    pub id: AmendmentId,
    pub number: i64,
    pub change: Change,
    pub base: String,
    pub justification: String,
    pub author: UserId,
    pub author_name: String,
    pub status: Decision,
    pub reason: String,
    pub decided_name: String,
    pub result: Option<String>,
    pub created_at: String,
    #[serde(default)]
    pub stances: Vec<StanceRecord>,
}

fn amendment_fields() -> String {
    format!(
        "record::id(id) AS id, number, change, base, justification, record::id(author) AS author, author_name, \
         status, reason, decided_name, result, time::format(created_at, {TIME}) AS created_at, \
         (SELECT record::id(user) AS user, value FROM stance WHERE subject = $parent.id) AS stances"
    )
}

impl Store {
    /// Records an amendment under the next number of its document (the unique index settles races).
    #[tracing::instrument(level = "debug", skip_all, fields(document = %document))]
    pub async fn add_amendment(
        &self,
        document: &DocumentId,
        change: &Change,
        base: &str,
        justification: &str,
        author: &UserRow,
    ) -> Result<AmendmentId, AppError> {
        let key = super::new_key();
        for _ in 0..5 {
            let result = self
                .query(
                    "LET $n = (SELECT VALUE number FROM amendment WHERE document = type::record('document', $document)
                       ORDER BY number DESC LIMIT 1)[0] ?? 0;
                     CREATE type::record('amendment', $key) SET document = type::record('document', $document),
                       number = $n + 1, change = $change, base = $base, justification = $justification,
                       author = type::record('user', $author), author_name = $author_name RETURN NONE;",
                    super::without_nulls(json!({
                        "key": key, "document": document, "change": change, "base": base,
                        "justification": justification, "author": author.id, "author_name": author.name,
                    })),
                )
                .await;
            match result {
                Ok(_) => return Ok(key.into()),
                Err(e) if e.is_unique_violation() => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Conflict)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(document = %document))]
    pub async fn amendments_of(&self, document: &DocumentId) -> Result<Vec<AmendmentRecord>, AppError> {
        let sql = format!(
            "SELECT {} FROM amendment WHERE document = type::record('document', $document) ORDER BY number",
            amendment_fields()
        );
        self.rows(&sql, json!({ "document": document })).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn amendment(&self, key: &AmendmentId) -> Result<(DocumentId, AmendmentRecord), AppError> {
        self.with_document("amendment", key.as_str(), &amendment_fields()).await
    }

    /// Records the decision on an amendment still open; false if someone decided it first.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn decide_amendment(
        &self,
        key: &AmendmentId,
        decision: Decision,
        reason: &str,
        by: &str,
        result: Option<&str>,
    ) -> Result<bool, AppError> {
        let rows: Vec<Value> = self
            .rows(
                "UPDATE type::record('amendment', $key) SET status = $status, reason = $reason, decided_name = $by,
                   decided_at = time::now(), result = $result WHERE status = 'open' RETURN record::id(id) AS id",
                json!({ "key": key, "status": decision.code(), "reason": reason, "by": by, "result": result }),
            )
            .await?;
        Ok(!rows.is_empty())
    }
}
