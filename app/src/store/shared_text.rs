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

impl SharedText {
    /// The shared document it holds, and the sequence number of the last update in it.
    pub fn to_doc(&self) -> Result<(yrs::Doc, i64), AppError> {
        use accord_domain::ydoc;
        use base64::engine::general_purpose::STANDARD as BASE64;
        use base64::Engine;
        use yrs::updates::decoder::Decode;
        use yrs::{Transact, Update};
        let unexpected = |e: &dyn std::fmt::Display| AppError::unexpected("a stored shared text", e);
        let apply = |txn: &mut yrs::TransactionMut, bytes: &[u8]| -> Result<(), AppError> {
            let update = Update::decode_v1(bytes).map_err(|e| unexpected(&e))?;
            txn.apply_update(update).map_err(|e| unexpected(&e))
        };
        let doc = ydoc::new_doc();
        let mut seq = self.yseq;
        {
            let mut txn = doc.transact_mut();
            match &self.ystate {
                Some(state) => apply(&mut txn, &BASE64.decode(state).map_err(|e| unexpected(&e))?)?,
                // A document from before the shared text: its structured form becomes the first state.
                None => apply(&mut txn, &ydoc::encode(&self.document, &super::new_key()))?,
            }
            for logged in &self.updates {
                apply(&mut txn, &BASE64.decode(&logged.data).map_err(|e| unexpected(&e))?)?;
                seq = logged.seq;
            }
        }
        Ok((doc, seq))
    }
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
