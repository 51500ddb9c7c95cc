//! How the store is opened. An on-disk SurrealKV store is built here, with Accord's own cache sizes; any other
//! connection string (`mem://`, `ws://…`) is opened by the SDK.
//!
//! The SDK's `any::connect` gives SurrealKV no settings, so the engine sizes itself from the machine: on
//! 24 GiB an 11 GiB block cache and memtables of 1 GiB, of which up to three are held at once and every write
//! stays in memory until one fills. Neither the connection string (its keys become `datastore_*`, which
//! SurrealKV does not read) nor `SURREAL_*` variables reach these on the embedded path in 3.3.5; the
//! datastore builder's `with_config` does, and the SDK serves a datastore built that way.

use anyhow::Context;
use std::future::Future;
use std::pin::Pin;
use surrealdb::engine::any::{self, Any};
use surrealdb::engine::local::Db as Local;
use surrealdb::Surreal;

const MIB: u64 = 1 << 20;

/// SurrealKV's memory: what it keeps of the data it read, and how much it writes to memory before it
/// flushes to disk. `ACCORD_DB_CACHE_MB` and `ACCORD_DB_MEMTABLE_MB`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caches {
    pub block_cache: u64,
    /// Also the largest transaction the store accepts: a transaction that does not fit is refused.
    pub memtable: u64,
}

impl Default for Caches {
    /// Accord's whole store is tens of megabytes for a region's year of events; a backup restored in one
    /// go (`accord restore` opens the store with these sizes too) is written statement by statement.
    fn default() -> Self {
        Caches { block_cache: 64 * MIB, memtable: 64 * MIB }
    }
}

impl Caches {
    /// The sizes in MiB, where given and whole; the defaults otherwise. Below 1 MiB SurrealKV cannot hold a
    /// single block or a page of the registry in one transaction.
    pub fn from_mib(block_cache: Option<&str>, memtable: Option<&str>) -> Caches {
        let mib = |v: Option<&str>, default: u64| {
            v.and_then(|v| v.trim().parse::<u64>().ok()).filter(|m| *m >= 1).map_or(default, |m| m * MIB)
        };
        let d = Caches::default();
        Caches { block_cache: mib(block_cache, d.block_cache), memtable: mib(memtable, d.memtable) }
    }
}

/// One connection, of either kind: the SDK's methods are the same for both.
pub(super) enum Db {
    Any(Surreal<Any>),
    Local(Surreal<Local>),
}

/// Runs `$body` with `$db` bound to the connection, whichever kind it is.
macro_rules! on_db {
    ($handle:expr, $db:ident => $body:expr) => {
        match $handle {
            $crate::store::engine::Db::Any($db) => $body,
            $crate::store::engine::Db::Local($db) => $body,
        }
    };
}
pub(super) use on_db;

pub(super) type Answer<'a> = Pin<Box<dyn Future<Output = surrealdb::Result<surrealdb::IndexedResults>> + Send + 'a>>;

impl Db {
    pub(super) async fn open(url: &str, caches: Caches) -> anyhow::Result<Db> {
        let opened: anyhow::Result<Db> = if url.starts_with("surrealkv://") {
            surrealkv(url, caches).await.map(Db::Local)
        } else {
            any::connect(url).await.map(Db::Any).map_err(Into::into)
        };
        opened.with_context(|| format!("cannot open the store at {url}"))
    }

    pub(super) fn query<'a>(&'a self, sql: &'a str, vars: serde_json::Value) -> Answer<'a> {
        on_db!(self, db => Box::pin(std::future::IntoFuture::into_future(db.query(sql).bind(vars))))
    }

    /// The SDK's connection to a database server (for `Reach`, which asks it whether it answers).
    pub(super) fn remote(&self) -> Option<&Surreal<Any>> {
        match self {
            Db::Any(db) => Some(db),
            Db::Local(_) => None,
        }
    }
}

/// What `surrealdb_engine_local::connect` does for `any::connect`, with the cache sizes given.
async fn surrealkv(url: &str, caches: Caches) -> anyhow::Result<Surreal<Local>> {
    let dir = std::path::Path::new(url.trim_start_matches("surrealkv://").split('?').next().unwrap_or_default());
    let cut =
        super::wal_tail::cut_torn_tail(dir).with_context(|| format!("cannot read the log of {}", dir.display()))?;
    if let Some(bytes) = cut {
        tracing::warn!(bytes, "the store's log ended inside a write a crash cut short; that write is dropped");
    }
    let config = surrealdb_cnf::ConfigMap::empty()
        .with_key_value("surrealkv_block_cache_capacity", caches.block_cache.to_string())
        .with_key_value("surrealkv_max_memtable_size", caches.memtable.to_string());
    // The rooms' watch of the logs' counts is a LIVE SELECT: its notifications come through this channel.
    let (notify, notifications) = surrealdb::channel::bounded(surrealdb_cnf::NOTIFICATIONS_CHANNEL_SIZE);
    let datastore = surrealdb_core::kvs::Datastore::builder()
        .with_config(config)
        .with_notify(notify)
        // As the SDK does: maintenance writes before the version key is stored would make a new store look
        // like one from before that key.
        .without_maintenance_tasks()
        .build_with_path(url)
        .await?;
    datastore.check_version().await?;
    datastore.bootstrap().await?;
    datastore.start_maintenance_tasks();
    Ok(Surreal::<Local>::unstable_from_datastore(datastore, Some(notifications)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_in_mib_and_nonsense_keeps_the_default() {
        let d = Caches::default();
        assert_eq!(Caches::from_mib(Some("128"), Some(" 16 ")), Caches { block_cache: 128 * MIB, memtable: 16 * MIB });
        assert_eq!(Caches::from_mib(Some("lots"), Some("0")), d);
        assert_eq!(Caches::from_mib(None, Some("-5")), d);
    }

    fn temp_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("accord-engine-{}", crate::store::new_key()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The memtable's size bounds a transaction: a store opened with 1 MiB refuses 4 MB written at once,
    /// which the default accepts. So the setting reaches SurrealKV.
    #[tokio::test]
    async fn the_memtable_size_reaches_surrealkv() {
        const SQL: &str = "BEGIN TRANSACTION;
             FOR $i IN 0..4000 { CREATE filler SET text = string::repeat('я', 500) RETURN NONE; };
             COMMIT TRANSACTION;";
        let dir = temp_dir();
        let small = Caches { memtable: MIB, ..Default::default() };
        let url = format!("surrealkv://{}", dir.join("small").display());
        let db = Db::open(&url, small).await.unwrap();
        on_db!(&db, d => d.use_ns("t").use_db("t").await).unwrap();
        let refused = db.query(SQL, serde_json::json!({})).await.and_then(|r| r.check());
        assert!(refused.is_err(), "1 MiB memtable took 4 MB in one transaction");
        let url = format!("surrealkv://{}", dir.join("default").display());
        let db = Db::open(&url, Caches::default()).await.unwrap();
        on_db!(&db, d => d.use_ns("t").use_db("t").await).unwrap();
        db.query(SQL, serde_json::json!({})).await.and_then(|r| r.check()).unwrap();
        std::fs::remove_dir_all(dir).ok();
    }
}
