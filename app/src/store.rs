//! The SurrealDB store behind Accord (server only): connection, numbered migrations, and one method per query.
//! Every query binds its parameters; no user text is spliced into SurrealQL.

use crate::error::AppError;
use crate::model::{DocumentRow, DocumentSummary, EventRow, UserRow};
use accord_domain::{Document, Event, State};
use anyhow::Context;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use surrealdb::engine::any::{self, Any};
use surrealdb::Surreal;

mod accounts;
pub mod ballots;
pub mod discussion;
pub mod journal;
mod members;
mod migrations;
pub mod registry;
mod shared_text;

pub use shared_text::{LoggedUpdate, SharedText};

#[derive(Debug, serde::Deserialize)]
pub struct PendingImport {
    pub source: String,
    pub file_name: String,
    pub event: Option<String>,
    pub user: Option<String>,
}

#[derive(Clone)]
pub struct Store {
    db: Surreal<Any>,
}

/// A random record key: 12 lowercase letters and digits.
pub fn new_key() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = fastrand::Rng::new();
    (0..12).map(|_| ALPHABET[rng.usize(..ALPHABET.len())] as char).collect()
}

/// Keys come from URLs: only what `new_key` makes is looked up.
fn valid_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 40 && key.chars().all(|c| c.is_ascii_alphanumeric())
}

fn unexpected(e: impl std::fmt::Display) -> AppError {
    tracing::error!("store: {e}");
    AppError::Unexpected
}

/// Removes `null`s so that absent optional fields are stored as NONE, as `option<…>` fields require.
fn without_nulls(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.retain(|_, x| !x.is_null());
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

/// A unique index refused the write (a duplicate e-mail, a second membership).
fn is_unique_violation(e: &surrealdb::Error) -> bool {
    e.to_string().contains("already contains")
}

/// The first state of a document's shared text, base64 as stored.
fn shared_state(doc: &Document) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(accord_domain::ydoc::encode(doc, &new_key()))
}

fn parse<T: DeserializeOwned>(v: Value) -> Result<T, AppError> {
    serde_json::from_value(v).map_err(unexpected)
}

const DOCUMENT_FIELDS: &str = "record::id(id) AS id, record::id(event) AS event_id, state, imported, revision, \
    statistics_source = 'register' AS register_statistics, \
    { header: header, statistics: statistics, sections: sections, vote: vote } AS document";

/// The fields an event is created with, from `$e` (see `Store::event_content`).
const EVENT_SET: &str = "kind = $e.kind, title = $e.title, starts_on = <datetime> $e.starts_on, \
    ends_on = IF $e.ends_on THEN <datetime> $e.ends_on END, city = $e.city, organiser = $e.organiser, \
    description = $e.description";

/// The fields a document is created with, from `$d` (see `Store::document_content`), `$state`, `$imported`, `$source`.
const DOCUMENT_SET: &str = "state = $state, imported = $imported, revision = 0, header = $d.header, \
    statistics = $d.statistics, sections = $d.sections, vote = $d.vote, source = $source, ystate = $ystate";

/// Makes `$organiser` (when given) the organiser of the event `$key`.
const ORGANISER_MEMBER: &str = "IF $organiser THEN (CREATE member SET event = type::record('event', $key),
      user = type::record('user', $organiser.id), role = 'organiser', full_name = $organiser.name,
      organisation = '', category = 'other', region = '' RETURN NONE) END;";

fn organiser_vars(organiser: Option<&UserRow>) -> Option<Value> {
    organiser.map(|u| json!({ "id": u.id, "name": u.name }))
}

const SUMMARY_FIELDS: &str = "record::id(id) AS id, record::id(event) AS event_id, header.title AS title, \
    header.doc_kind AS doc_kind, header.kind AS kind, state, imported";

impl Store {
    /// Connects to `url` (`surrealkv://data/accord`, `mem://`, `ws://host:8000`) and applies migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Store> {
        let db = any::connect(url).await.with_context(|| format!("cannot open the store at {url}"))?;
        db.use_ns("accord").use_db("accord").await.context("cannot select the namespace")?;
        let store = Store { db };
        migrations::apply(&store.db).await?;
        Ok(store)
    }

    async fn rows<T: DeserializeOwned>(&self, sql: &str, vars: Value) -> Result<Vec<T>, AppError> {
        let mut response = self.db.query(sql).bind(without_nulls(vars)).await.map_err(unexpected)?;
        let rows: Vec<Value> = response.take(0).map_err(unexpected)?;
        rows.into_iter().map(parse).collect()
    }

    /// Runs statements whose results are not needed; any failing statement fails the call.
    async fn run(&self, sql: &str, vars: Value) -> Result<(), AppError> {
        self.db.query(sql).bind(without_nulls(vars)).await.and_then(|r| r.check()).map_err(unexpected)?;
        Ok(())
    }

    async fn one<T: DeserializeOwned>(&self, sql: &str, vars: Value) -> Result<Option<T>, AppError> {
        Ok(self.rows(sql, vars).await?.into_iter().next())
    }

    pub async fn is_empty(&self) -> Result<bool, AppError> {
        let n: Option<Value> = self.one("SELECT count() AS n FROM event GROUP ALL", json!({})).await?;
        Ok(n.and_then(|v| v["n"].as_u64()).unwrap_or(0) == 0)
    }

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

    const EVENT_FIELDS: &'static str = "record::id(id) AS id, kind, title, \
        time::format(starts_on, '%Y-%m-%d') AS starts_on, \
        IF ends_on THEN time::format(ends_on, '%Y-%m-%d') ELSE NONE END AS ends_on, city, organiser, description";

    /// Creates an event; its creator, when there is one, becomes its first organiser in the same transaction.
    pub async fn create_event(&self, event: &Event, organiser: Option<&UserRow>) -> Result<String, AppError> {
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
        Ok(key)
    }

    pub async fn events(&self) -> Result<Vec<EventRow>, AppError> {
        let sql = format!("SELECT {} FROM event ORDER BY starts_on DESC, title", Self::EVENT_FIELDS);
        self.rows(&sql, json!({})).await
    }

    pub async fn event(&self, key: &str) -> Result<EventRow, AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        let sql = format!("SELECT {} FROM type::record('event', $key)", Self::EVENT_FIELDS);
        self.one(&sql, json!({ "key": key })).await?.ok_or(AppError::NotFound)
    }

    /// The role of a user in every event they belong to.
    pub async fn roles_of(&self, user: &str) -> Result<Vec<(String, accord_domain::Role)>, AppError> {
        let rows: Vec<Value> = self
            .rows(
                "SELECT record::id(event) AS event, role FROM member WHERE user = type::record('user', $user)",
                json!({ "user": user }),
            )
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some((r["event"].as_str()?.to_string(), accord_domain::Role::from_code(r["role"].as_str()?)?))
            })
            .collect())
    }

    pub async fn documents(&self) -> Result<Vec<DocumentSummary>, AppError> {
        let sql = format!("SELECT {SUMMARY_FIELDS}, created_at FROM document ORDER BY created_at DESC");
        self.rows(&sql, json!({})).await
    }

    /// Adopted and rejected documents, newest first, one page (from 1) of them, and how many there are.
    pub async fn public_documents(&self, page: u32, per_page: u32) -> Result<(Vec<DocumentSummary>, u64), AppError> {
        let sql = format!(
            "SELECT {SUMMARY_FIELDS}, created_at FROM document WHERE state IN ['adopted', 'rejected']
               ORDER BY created_at DESC LIMIT $limit START $start;
             SELECT count() AS n FROM document WHERE state IN ['adopted', 'rejected'] GROUP ALL;"
        );
        let vars = json!({ "limit": per_page, "start": (page.max(1) - 1) as u64 * per_page as u64 });
        let mut response = self.db.query(sql).bind(vars).await.map_err(unexpected)?;
        let rows: Vec<Value> = response.take(0).map_err(unexpected)?;
        let count: Vec<Value> = response.take(1).map_err(unexpected)?;
        let total = count.first().and_then(|v| v["n"].as_u64()).unwrap_or(0);
        Ok((rows.into_iter().map(parse).collect::<Result<_, _>>()?, total))
    }

    pub async fn documents_of(&self, event: &str) -> Result<Vec<DocumentSummary>, AppError> {
        let sql = format!(
            "SELECT {SUMMARY_FIELDS}, created_at FROM document WHERE event = type::record('event', $key) \
             ORDER BY created_at"
        );
        self.rows(&sql, json!({ "key": event })).await
    }

    pub async fn document(&self, key: &str) -> Result<DocumentRow, AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        let sql = format!("SELECT {DOCUMENT_FIELDS} FROM type::record('document', $key)");
        self.one(&sql, json!({ "key": key })).await?.ok_or(AppError::NotFound)
    }

    fn document_content(doc: &Document) -> Value {
        json!({
            "header": doc.header,
            "statistics": doc.statistics,
            "sections": doc.sections,
            "vote": doc.vote,
        })
    }

    pub async fn create_document(
        &self,
        event: &str,
        state: State,
        imported: bool,
        doc: &Document,
        source: Option<&str>,
    ) -> Result<String, AppError> {
        let key = new_key();
        self.db
            .query(format!(
                "CREATE type::record('document', $key) SET event = type::record('event', $event), {DOCUMENT_SET} \
                 RETURN NONE"
            ))
            .bind(without_nulls(json!({
                "key": key, "event": event, "state": state, "imported": imported,
                "d": Self::document_content(doc), "source": source, "ystate": shared_state(doc),
            })))
            .await
            .and_then(|r| r.check())
            .map_err(unexpected)?;
        Ok(key)
    }

    /// Creates an event and its document in one transaction: both are saved or neither is.
    pub async fn create_event_with_document(
        &self,
        event: &Event,
        organiser: Option<&UserRow>,
        state: State,
        imported: bool,
        doc: &Document,
        source: Option<&str>,
    ) -> Result<(String, String), AppError> {
        event.validate()?;
        let (event_key, doc_key) = (new_key(), new_key());
        self.db
            .query(format!(
                "BEGIN TRANSACTION;
                 CREATE type::record('event', $event_key) SET {EVENT_SET} RETURN NONE;
                 LET $key = $event_key;
                 {ORGANISER_MEMBER}
                 CREATE type::record('document', $doc_key) SET event = type::record('event', $event_key), {DOCUMENT_SET}
                   RETURN NONE;
                 COMMIT TRANSACTION;"
            ))
            .bind(without_nulls(json!({
                "event_key": event_key, "doc_key": doc_key, "e": Self::event_content(event), "state": state,
                "imported": imported, "d": Self::document_content(doc), "source": source,
                "organiser": organiser_vars(organiser), "ystate": shared_state(doc),
            })))
            .await
            .and_then(|r| r.check())
            .map_err(unexpected)?;
        Ok((event_key, doc_key))
    }

    pub async fn source_of(&self, key: &str) -> Result<Option<String>, AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        let row: Option<Value> =
            self.one("SELECT source FROM type::record('document', $key)", json!({ "key": key })).await?;
        Ok(row.ok_or(AppError::NotFound)?["source"].as_str().map(str::to_string))
    }

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
