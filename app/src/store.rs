//! The SurrealDB store behind Accord (server only): the connection, numbered migrations, and the helpers every
//! query uses. The queries themselves live in one module per table they are about (`documents`, `events`,
//! `comments`, `versions`, `audit`, …), one method each. Every query binds its parameters; no user text is
//! spliced into SurrealQL.

use crate::error::AppError;
use anyhow::Context;
use engine::{on_db, Db};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

mod accounts;
pub mod amendments;
pub mod announcements;
mod attempts;
mod audit;
pub mod ballots;
pub mod comments;
mod documents;
mod engine;
mod events;
mod invitations;
pub mod journal;
mod members;
mod migrations;
pub mod notices;
pub mod pending_imports;
mod presence;
mod reach;
mod read_marks;
pub mod registry;
mod shared_text;
pub mod stances;
pub mod versions;
mod wal_tail;

pub use engine::Caches;
pub use shared_text::{Append, Clock, LogTail, LoggedUpdate, SharedText, TailedUpdate};

#[derive(Clone)]
pub struct Store {
    /// Shared, not cloned: each clone of a `Surreal` handle is a session of its own, which a database server
    /// counts (SurrealDB attaches at most 256 to a connection, then refuses with «Method not allowed»).
    db: std::sync::Arc<Db>,
    /// For a database server: whether it answers.
    reach: Option<std::sync::Arc<reach::Reach>>,
    /// Registry searches answered lately, kept while the registry is unchanged.
    found: std::sync::Arc<registry::Found>,
}

/// A random record key: 12 lowercase letters and digits.
pub fn new_key() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = fastrand::Rng::new();
    (0..12).map(|_| ALPHABET[rng.usize(..ALPHABET.len())] as char).collect()
}

/// Keys come from URLs: only what `new_key` makes is looked up.
pub fn valid_key(key: impl AsRef<str>) -> bool {
    let key = key.as_ref();
    !key.is_empty() && key.len() <= 40 && key.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Runs `attempt` again while the store refuses it as a conflict with another transaction on the same rows
/// (two servers, or two requests, writing them at once), after a short random pause that grows each time; the
/// last conflict after eight tries.
async fn again_on_conflict<T, F, Fut>(mut attempt: F) -> Result<T, StoreError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, StoreError>>,
{
    let mut tries = 1u64;
    loop {
        match attempt().await {
            Err(e) if e.is_conflict() && tries < 8 => {
                tokio::time::sleep(std::time::Duration::from_millis(fastrand::u64(5..25) * tries)).await;
                tries += 1;
            }
            done => return done,
        }
    }
}

/// The response, or its telling error. In a failed transaction every other statement reports only that it
/// was not executed; the SDK's `check` gives the first error, which may be one of those.
fn checked(mut response: surrealdb::IndexedResults) -> Result<surrealdb::IndexedResults, surrealdb::Error> {
    let mut errors: Vec<(usize, surrealdb::Error)> = response.take_errors().into_iter().collect();
    errors.sort_by_key(|(statement, _)| *statement);
    let not_executed =
        |e: &surrealdb::Error| matches!(e.query_details(), Some(surrealdb::types::QueryError::NotExecuted));
    let telling = errors.iter().position(|(_, e)| !not_executed(e)).unwrap_or(0);
    match errors.into_iter().nth(telling) {
        Some((_, e)) => Err(e),
        None => Ok(response),
    }
}

/// A store call that failed: the statement it ran and SurrealDB's error, or a row that did not read. It
/// reaches people as `AppError::StoreUnavailable` when it was not sent to a database server that does not
/// answer, as `AppError::StoreSilent` when that server went silent after it was sent, otherwise as
/// `AppError::Unexpected`, logged with its cause where a store method hands it on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("`{query}` failed: {source}")]
    Query {
        query: String,
        #[source]
        source: Box<surrealdb::Error>,
    },
    #[error("a row of `{query}` does not read: {source}")]
    Row {
        query: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("`{query}` not sent: the database server does not answer")]
    Unreachable { query: String },
    /// Sent, then the server was found gone: the client library holds it and runs it if the server returns.
    #[error("`{query}` sent, but the database server stopped answering")]
    Unanswered { query: String },
}

impl StoreError {
    /// Names the failed statement by its first 120 characters, whitespace folded.
    fn query(sql: &str) -> impl FnOnce(surrealdb::Error) -> StoreError + '_ {
        move |source| StoreError::Query { query: statement(sql), source: Box::new(source) }
    }

    fn row(sql: &str) -> impl FnOnce(serde_json::Error) -> StoreError + '_ {
        move |source| StoreError::Row { query: statement(sql), source }
    }

    fn db(&self) -> Option<&surrealdb::Error> {
        match self {
            StoreError::Query { source, .. } => Some(source.as_ref()),
            StoreError::Row { .. } | StoreError::Unreachable { .. } | StoreError::Unanswered { .. } => None,
        }
    }

    /// A unique index refused the write (a duplicate e-mail, a second membership). SurrealDB 3.3 gives this
    /// no kind of its own (`surrealdb-idx` turns `IndexExists` into an internal error), so its message is the
    /// only sign of it.
    fn is_unique_violation(&self) -> bool {
        self.db().is_some_and(|e| e.message().contains("already contains"))
    }

    /// The statement's own `THROW` with this message.
    fn is_thrown(&self, message: &str) -> bool {
        self.db().is_some_and(|e| e.is_thrown() && e.message().contains(message))
    }

    /// Two transactions wrote the same keys at once; running again may succeed.
    fn is_conflict(&self) -> bool {
        self.db()
            .and_then(|e| e.query_details())
            .is_some_and(|d| matches!(d, surrealdb::types::QueryError::TransactionConflict))
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        tracing::error!(error = %e, "store call failed");
        match e {
            StoreError::Unreachable { .. } => AppError::StoreUnavailable,
            StoreError::Unanswered { .. } => AppError::StoreSilent,
            _ => AppError::Unexpected,
        }
    }
}

fn statement(sql: &str) -> String {
    let folded = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    match folded.char_indices().nth(120) {
        Some((at, _)) => format!("{}…", &folded[..at]),
        None => folded,
    }
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

fn parse<T: DeserializeOwned>(sql: &str, v: Value) -> Result<T, StoreError> {
    serde_json::from_value(v).map_err(StoreError::row(sql))
}

/// How the discussion's tables show a time: RFC 3339 in UTC, to the second.
const TIME: &str = "'%Y-%m-%dT%H:%M:%SZ'";

/// Why a restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum Restore {
    #[error("the store already holds data: a backup is restored into an empty store")]
    NotEmpty,
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

impl Store {
    /// Connects to `url` (`surrealkv://data/accord`, `mem://`, `ws://host:8000`) and applies migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Store> {
        Store::connect_as(url, None, Caches::default()).await
    }

    /// Connects, to a database server (`ws://`, `wss://`) as its root user `login` (user and password) when given;
    /// an on-disk store with `caches`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn connect_as(url: &str, login: Option<(&str, &str)>, caches: Caches) -> anyhow::Result<Store> {
        let db = Db::open(url, caches).await?;
        let remote = url.starts_with("ws://") || url.starts_with("wss://");
        if let Some((user, pass)) = login.filter(|_| remote) {
            let root = surrealdb::opt::auth::Root { username: user.to_string(), password: pass.to_string() };
            let db = db.remote().context("only a database server is signed in to")?;
            db.signin(root).await.with_context(|| format!("cannot sign in to {url} as {user}"))?;
        }
        // Servers starting at once on one database server may each create the namespace, the database and the
        // migrations' table at the same moment; all but one then meet a conflict, and try again.
        let mut attempt = 0;
        while let Err(e) = on_db!(&db, d => d.use_ns("accord").use_db("accord").await) {
            attempt += 1;
            if attempt == 5 {
                return Err(e).context("cannot select the namespace");
            }
            tokio::time::sleep(std::time::Duration::from_millis(fastrand::u64(50..250))).await;
        }
        let db = std::sync::Arc::new(db);
        let reach = remote.then(|| reach::Reach::watch(std::sync::Arc::downgrade(&db), url));
        let store = Store { db, reach, found: Default::default() };
        let mut attempt = 0;
        while let Err(e) = on_db!(&*store.db, d => migrations::apply(d).await) {
            attempt += 1;
            if attempt == 5 {
                return Err(e);
            }
            tracing::warn!("migrations, again: {e:#}");
            tokio::time::sleep(std::time::Duration::from_millis(fastrand::u64(50..250))).await;
        }
        Ok(store)
    }

    /// Whether the store is a database server, which other Accord servers may share (`rooms::relay`).
    pub fn is_shared(&self) -> bool {
        self.reach.is_some()
    }

    /// Writes the whole store, its schema and every record, as SurrealQL to `path` (SurrealDB's export).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn backup(&self, path: &std::path::Path) -> anyhow::Result<()> {
        on_db!(&*self.db, d => d.export(path).await)
            .with_context(|| format!("cannot write the backup to {}", path.display()))
    }

    /// The same backup as a stream of bytes (what the running server sends `accord backup`).
    pub async fn backup_stream(&self) -> anyhow::Result<surrealdb::method::Backup> {
        on_db!(&*self.db, d => d.export(()).await).context("cannot read the store for a backup")
    }

    /// Restores a backup into the store at `url`, which must hold nothing yet: the backup brings its own schema
    /// and migration records, and the migrations then bring it up to this version.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn restore(url: &str, path: &std::path::Path, caches: Caches) -> Result<Store, Restore> {
        let db = Db::open(url, caches).await?;
        on_db!(&db, d => d.use_ns("accord").use_db("accord").await).context("cannot select the namespace")?;
        let mut info = db.query("INFO FOR DB", json!({})).await.context("cannot read the store's tables")?;
        let tables: Option<Value> = info.take(0).context("cannot read the store's tables")?;
        let defined = tables.as_ref().and_then(|t| t["tables"].as_object()).is_some_and(|t| !t.is_empty());
        if defined {
            return Err(Restore::NotEmpty);
        }
        on_db!(&db, d => d.import(path).await).with_context(|| format!("cannot restore {}", path.display()))?;
        on_db!(&db, d => migrations::apply(d).await)?;
        Ok(Store { db: std::sync::Arc::new(db), reach: None, found: Default::default() })
    }

    /// On a database server, a query waits this long for its answer.
    const ANSWER_WITHIN: std::time::Duration = std::time::Duration::from_secs(15);

    /// Runs `sql`; every statement must succeed. On a database server that does not answer, it is not sent;
    /// one found gone after it was sent is `Unanswered` (the client may still run it when the server returns).
    async fn query(&self, sql: &str, vars: Value) -> Result<surrealdb::IndexedResults, StoreError> {
        let sent = self.db.query(sql, without_nulls(vars));
        let Some(reach) = &self.reach else {
            return sent.await.and_then(checked).map_err(StoreError::query(sql));
        };
        let gone = reach.gone();
        tokio::pin!(gone);
        gone.as_mut().enable();
        if !reach.is_up() {
            return Err(StoreError::Unreachable { query: statement(sql) });
        }
        let unanswered = || StoreError::Unanswered { query: statement(sql) };
        tokio::select! {
            answered = sent => match answered {
                Err(e) if e.is_connection() => Err(unanswered()),
                answered => {
                    reach.answered();
                    answered.and_then(checked).map_err(StoreError::query(sql))
                }
            },
            _ = gone => Err(unanswered()),
            _ = tokio::time::sleep(Self::ANSWER_WITHIN) => Err(unanswered()),
        }
    }

    /// The rows of statement `index` of a response to `sql`.
    fn take<T: DeserializeOwned>(
        sql: &str,
        response: &mut surrealdb::IndexedResults,
        index: usize,
    ) -> Result<Vec<T>, StoreError> {
        let rows: Vec<Value> = response.take(index).map_err(StoreError::query(sql))?;
        rows.into_iter().map(|row| parse(sql, row)).collect()
    }

    async fn rows<T: DeserializeOwned>(&self, sql: &str, vars: Value) -> Result<Vec<T>, AppError> {
        let mut response = self.query(sql, vars).await?;
        Ok(Self::take(sql, &mut response, 0)?)
    }

    /// Runs statements whose results are not needed; any failing statement fails the call.
    async fn run(&self, sql: &str, vars: Value) -> Result<(), AppError> {
        self.query(sql, vars).await?;
        Ok(())
    }

    async fn one<T: DeserializeOwned>(&self, sql: &str, vars: Value) -> Result<Option<T>, AppError> {
        Ok(self.rows(sql, vars).await?.into_iter().next())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn is_empty(&self) -> Result<bool, AppError> {
        let n: Option<Value> = self.one("SELECT count() AS n FROM event GROUP ALL", json!({})).await?;
        Ok(n.and_then(|v| v["n"].as_u64()).unwrap_or(0) == 0)
    }

    /// A comment or an amendment (`table`), read with `fields`, and the key of its document.
    async fn with_document<T: serde::de::DeserializeOwned>(
        &self,
        table: &str,
        key: &str,
        fields: &str,
    ) -> Result<(crate::ids::DocumentId, T), AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        let sql = format!("SELECT record::id(document) AS document, {fields} FROM type::record($table, $key)");
        let row: Value = self.one(&sql, json!({ "table": table, "key": key })).await?.ok_or(AppError::NotFound)?;
        let document = row["document"].as_str().unwrap_or_default().into();
        Ok((document, parse(&sql, row)?))
    }

    /// The rows of the last statement of `sql`, as stored: for tests that inspect the store directly.
    pub async fn inspect(&self, sql: &str) -> Result<Vec<Value>, AppError> {
        let mut response = self.query(sql, json!({})).await?;
        let last = response.num_statements().saturating_sub(1);
        Ok(Self::take(sql, &mut response, last)?)
    }

    /// Every row of a table, as stored (for tests and benchmarks that inspect the store directly).
    #[tracing::instrument(level = "debug", skip_all, fields(table = %table))]
    pub async fn table_rows(&self, table: &str) -> Result<Vec<Value>, AppError> {
        self.rows("SELECT * FROM type::table($table)", json!({ "table": table })).await
    }
}
