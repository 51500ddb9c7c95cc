//! The co-drafted text of a document: a compacted yrs state and the log of updates after it.

use super::{valid_key, Store};
use crate::error::AppError;
use crate::ids::DocumentId;
use accord_domain::Document;
use serde::Deserialize;
use serde_json::{json, Value};

/// What a room is loaded from: the compacted state (absent for documents created before the shared text
/// existed), the sequence number it covers, the updates after it in order, and the structured cache.
#[derive(Debug, Deserialize)]
pub struct SharedText {
    pub ystate: Option<String>,
    pub yseq: i64,
    #[serde(default)]
    pub updates: Vec<LoggedUpdate>,
    pub document: Document,
}

#[derive(Debug, Deserialize)]
pub struct LoggedUpdate {
    pub seq: i64,
    pub data: String,
}

impl Store {
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn shared_text(&self, key: &DocumentId) -> Result<SharedText, AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        self.one(
            "SELECT ystate, yseq, \
               { header: header, statistics: statistics, sections: sections, vote: vote } AS document, \
               (SELECT seq, data FROM doc_update WHERE document = $parent.id AND seq > $parent.yseq ORDER BY seq) \
                 AS updates \
             FROM type::record('document', $key)",
            json!({ "key": key }),
        )
        .await?
        .ok_or(AppError::NotFound)
    }

    /// Appends one update; the unique index refuses a second writer of the same sequence number.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key, seq = %seq))]
    pub async fn append_update(&self, key: &DocumentId, seq: i64, data: &str) -> Result<(), AppError> {
        self.run(
            "CREATE doc_update SET document = type::record('document', $key), seq = $seq, data = $data RETURN NONE",
            json!({ "key": key, "seq": seq, "data": data }),
        )
        .await
    }

    /// Replaces the log up to `seq` by the state it leads to, and refreshes the structured cache. A compaction
    /// older than the stored one changes nothing.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key, seq = %seq))]
    pub async fn compact(&self, key: &DocumentId, seq: i64, state: &str, doc: &Document) -> Result<(), AppError> {
        self.run(
            "BEGIN TRANSACTION;
                 UPDATE type::record('document', $key) SET ystate = $state, yseq = $seq, header = $d.header,
                   statistics = $d.statistics, sections = $d.sections, vote = $d.vote, updated_at = time::now()
                   WHERE yseq <= $seq RETURN NONE;
                 DELETE doc_update WHERE document = type::record('document', $key) AND seq <= $seq;
                 COMMIT TRANSACTION;",
            json!({ "key": key, "seq": seq, "state": state, "d": Self::document_content(&doc.clipped()) }),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn log_length(&self, key: &DocumentId) -> Result<usize, AppError> {
        let n: Option<Value> = self
            .one(
                "SELECT count() AS n FROM doc_update WHERE document = type::record('document', $key) GROUP ALL",
                json!({ "key": key }),
            )
            .await?;
        Ok(n.and_then(|v| v["n"].as_u64()).unwrap_or(0) as usize)
    }
}
