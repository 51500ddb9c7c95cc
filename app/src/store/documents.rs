//! Table `document`: creating a document, reading it and the lists of documents, its stage, where its
//! statistics come from and the text it was imported from. Its shared text lives in `shared_text`.

use super::{new_key, valid_key, Store};
use crate::error::AppError;
use crate::ids::{DocumentId, EventId};
use crate::model::{DocumentRow, DocumentSummary};
use accord_domain::{Document, State};
use serde_json::{json, Value};

const DOCUMENT_FIELDS: &str = "record::id(id) AS id, record::id(event) AS event_id, state, imported, revision, \
    statistics_source = 'register' AS register_statistics, \
    { header: header, statistics: statistics, sections: sections, vote: vote } AS document";

/// The fields a document is created with, from `$d` (see `Store::document_content`), `$state`, `$imported`, `$source`.
pub(super) const DOCUMENT_SET: &str = "state = $state, imported = $imported, revision = 0, header = $d.header, \
    statistics = $d.statistics, sections = $d.sections, vote = $d.vote, source = $source, ystate = $ystate";

const SUMMARY_FIELDS: &str = "record::id(id) AS id, record::id(event) AS event_id, header.title AS title, \
    header.doc_kind AS doc_kind, header.kind AS kind, state, imported";

/// The first state of a document's shared text, base64 as stored.
pub(super) fn shared_state(doc: &Document) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(accord_domain::ydoc::encode(doc, &new_key()))
}

impl Store {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn documents(&self) -> Result<Vec<DocumentSummary>, AppError> {
        let sql = format!("SELECT {SUMMARY_FIELDS}, created_at FROM document ORDER BY created_at DESC");
        self.rows(&sql, json!({})).await
    }

    /// Adopted and rejected documents, newest first, one page (from 1) of them, and how many there are.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn public_documents(&self, page: u32, per_page: u32) -> Result<(Vec<DocumentSummary>, u64), AppError> {
        let sql = format!(
            "SELECT {SUMMARY_FIELDS}, created_at FROM document WHERE state IN ['adopted', 'rejected']
               ORDER BY created_at DESC LIMIT $limit START $start;
             SELECT count() AS n FROM document WHERE state IN ['adopted', 'rejected'] GROUP ALL;"
        );
        let vars = json!({ "limit": per_page, "start": (page.max(1) - 1) as u64 * per_page as u64 });
        let mut response = self.query(&sql, vars).await?;
        let rows = Self::take(&sql, &mut response, 0)?;
        let count: Vec<Value> = Self::take(&sql, &mut response, 1)?;
        let total = count.first().and_then(|v| v["n"].as_u64()).unwrap_or(0);
        Ok((rows, total))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(event = %event))]
    pub async fn documents_of(&self, event: &EventId) -> Result<Vec<DocumentSummary>, AppError> {
        let sql = format!(
            "SELECT {SUMMARY_FIELDS}, created_at FROM document WHERE event = type::record('event', $key) \
             ORDER BY created_at"
        );
        self.rows(&sql, json!({ "key": event })).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn document(&self, key: &DocumentId) -> Result<DocumentRow, AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        let sql = format!("SELECT {DOCUMENT_FIELDS} FROM type::record('document', $key)");
        self.one(&sql, json!({ "key": key })).await?.ok_or(AppError::NotFound)
    }

    pub(super) fn document_content(doc: &Document) -> Value {
        json!({
            "header": doc.header,
            "statistics": doc.statistics,
            "sections": doc.sections,
            "vote": doc.vote,
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(event = %event))]
    pub async fn create_document(
        &self,
        event: &EventId,
        state: State,
        imported: bool,
        doc: &Document,
        source: Option<&str>,
    ) -> Result<DocumentId, AppError> {
        let key = new_key();
        self.run(
            &format!(
                "CREATE type::record('document', $key) SET event = type::record('event', $event), {DOCUMENT_SET} \
                 RETURN NONE"
            ),
            json!({
                "key": key, "event": event, "state": state, "imported": imported,
                "d": Self::document_content(doc), "source": source, "ystate": shared_state(doc),
            }),
        )
        .await?;
        Ok(key.into())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn source_of(&self, key: &DocumentId) -> Result<Option<String>, AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        let row: Option<Value> =
            self.one("SELECT source FROM type::record('document', $key)", json!({ "key": key })).await?;
        Ok(row.ok_or(AppError::NotFound)?["source"].as_str().map(str::to_string))
    }

    /// Moves a document to another stage if it still is in `from`; false if someone moved it first. Run again
    /// when an edit committed meanwhile: both write the log's count (migration 18).
    #[tracing::instrument(level = "debug", skip_all, fields(document = %document))]
    pub async fn set_state(&self, document: &DocumentId, step: accord_domain::Move) -> Result<bool, AppError> {
        const SQL: &str = "UPDATE type::record('document', $document) SET state = $to WHERE state = $from
             RETURN record::id(id) AS id";
        let vars = json!({ "document": document, "from": step.from(), "to": step.to() });
        let mut response = super::again_on_conflict(|| self.query(SQL, vars.clone())).await?;
        let rows: Vec<Value> = Self::take(SQL, &mut response, 0)?;
        Ok(!rows.is_empty())
    }

    /// Where a document's statistics come from: its imported text, or the register of participants.
    #[tracing::instrument(level = "debug", skip_all, fields(document = %document))]
    pub async fn set_statistics_source(&self, document: &DocumentId, register: bool) -> Result<(), AppError> {
        self.run(
            "UPDATE type::record('document', $document) SET statistics_source = $source RETURN NONE",
            json!({ "document": document, "source": if register { "register" } else { "imported" } }),
        )
        .await
    }
}
