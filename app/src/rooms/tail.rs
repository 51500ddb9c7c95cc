//! Co-drafting across servers: every server keeps its own room for an open document, and the rooms exchange
//! their updates through the store. Each room appends what it makes to the document's log (numbered by the
//! store, `Store::append_update`) and reads the other servers' updates after the last number it holds
//! (`Store::log_after`). A read is prompted by a LIVE SELECT of the logs' counts on this database server, and,
//! because a SurrealDB cluster delivers that only on the node where the write happened, by reading the counts
//! of every open document every `POLL`. Presence goes the same way, by polling only: each server stores the
//! awareness of its own connections (table `presence`) and reads the others' every `PRESENCE_EVERY`.
//! On the embedded store none of this runs.

use super::{Command, Inner};
use crate::ids::DocumentId;
use crate::store::Store;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use futures_util::StreamExt;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

const POLL: Duration = Duration::from_millis(500);
const PRESENCE_EVERY: Duration = Duration::from_millis(250);
/// A server's presence row is written at most this often per document.
const PRESENCE_GATHER: Duration = Duration::from_millis(100);

/// What the other servers' updates bring a room.
pub(super) struct Remote {
    /// The compacted state, when the log was compacted past what the room holds.
    pub state: Option<Vec<u8>>,
    pub updates: Vec<Vec<u8>>,
    /// The room now holds every update up to this number.
    pub through: i64,
}

/// The open documents' latest known log numbers, for the rooms' readers to wait on.
#[derive(Default)]
pub(super) struct Clocks(std::sync::Mutex<HashMap<DocumentId, watch::Sender<i64>>>);

impl Clocks {
    fn raise(&self, key: &DocumentId, last: i64) {
        if let Some(clock) = self.0.lock().unwrap_or_else(|p| p.into_inner()).get(key) {
            clock.send_if_modified(|known| {
                let raised = last > *known;
                *known = (*known).max(last);
                raised
            });
        }
    }

    fn open(&self) -> Vec<DocumentId> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).keys().cloned().collect()
    }
}

/// Starts the server's watch of every log's count (LIVE SELECT and polling) and its reading of presence; the
/// tasks end with `rooms`.
pub(super) fn start(store: Store, origin: String, rooms: Weak<Inner>) {
    tokio::spawn(watch_live(store.clone(), rooms.clone()));
    tokio::spawn(poll_clocks(store.clone(), rooms.clone()));
    tokio::spawn(read_presence(store, origin, rooms));
}

async fn watch_live(store: Store, rooms: Weak<Inner>) {
    loop {
        match store.watch_clocks().await {
            Ok(clocks) => {
                let mut clocks = std::pin::pin!(clocks);
                while let Some(clock) = clocks.next().await {
                    let Some(rooms) = rooms.upgrade() else { return };
                    rooms.clocks.raise(&clock.document, clock.last);
                }
                tracing::debug!("the live watch of the logs ended; polling until it is back");
            }
            Err(e) => tracing::warn!("no live watch of the logs, polling only: {e}"),
        }
        if rooms.strong_count() == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}

async fn poll_clocks(store: Store, rooms: Weak<Inner>) {
    loop {
        tokio::time::sleep(POLL).await;
        let Some(inner) = rooms.upgrade() else { return };
        let open = inner.clocks.open();
        if open.is_empty() {
            continue;
        }
        match store.log_clocks(&open).await {
            Ok(clocks) => clocks.iter().for_each(|c| inner.clocks.raise(&c.document, c.last)),
            Err(e) => tracing::warn!("the logs' counts not read: {e}"),
        }
    }
}

/// Reads the other servers' updates of one document into its room, from `covered` (the last number the room
/// holds every update up to), whenever the log's count passes it. Ends with the room.
pub(super) async fn follow(
    store: Store,
    rooms: Weak<Inner>,
    key: DocumentId,
    origin: String,
    covered: Arc<AtomicI64>,
    room: mpsc::Sender<Command>,
) {
    let mut clock = {
        let Some(inner) = rooms.upgrade() else { return };
        let mut clocks = inner.clocks.0.lock().unwrap_or_else(|p| p.into_inner());
        clocks.entry(key.clone()).or_insert_with(|| watch::channel(0).0).subscribe()
    };
    // What was asked of the room already: not read again while it takes it in. The first reading is at once:
    // updates may have come between the room's loading and this reader's start.
    let (mut asked, mut first) = (0, true);
    loop {
        let cursor = covered.load(Ordering::Acquire).max(asked);
        if *clock.borrow_and_update() > cursor || first {
            first = false;
            match store.log_after(&key, cursor, &origin).await {
                Ok(tail) => match decode(tail, cursor) {
                    Ok(remote) => {
                        asked = remote.through;
                        if remote.through > cursor && room.send(Command::Remote(remote)).await.is_err() {
                            break;
                        }
                    }
                    Err(e) => tracing::error!(room = %key, "another server's update does not read: {e}"),
                },
                Err(e) => {
                    tracing::warn!(room = %key, "other servers' updates not read: {e}");
                    tokio::time::sleep(POLL).await;
                    first = true;
                    continue;
                }
            }
        }
        tokio::select! {
            changed = clock.changed() => if changed.is_err() { break },
            _ = room.closed() => break,
        }
    }
    if let Some(inner) = rooms.upgrade() {
        let mut clocks = inner.clocks.0.lock().unwrap_or_else(|p| p.into_inner());
        // A room loaded again meanwhile has its own reader waiting on the same clock.
        if clocks.get(&key).is_some_and(|c| c.receiver_count() <= 1) {
            clocks.remove(&key);
        }
    }
}

fn decode(tail: crate::store::LogTail, cursor: i64) -> Result<Remote, base64::DecodeError> {
    let state = tail.ystate.map(|s| BASE64.decode(s)).transpose()?;
    let mut through = cursor.max(tail.yseq);
    let mut updates = Vec::with_capacity(tail.updates.len());
    for update in tail.updates {
        through = through.max(update.seq);
        if let Some(data) = update.data {
            updates.push(BASE64.decode(data)?);
        }
    }
    Ok(Remote { state, updates, through })
}

/// Stores the awareness of one room's own connections for the other servers, the latest at most every
/// `PRESENCE_GATHER`. Ends with the room.
pub(super) async fn write_presence(
    store: Store,
    key: DocumentId,
    origin: String,
    mut latest: mpsc::UnboundedReceiver<Vec<u8>>,
) {
    while let Some(mut data) = latest.recv().await {
        while let Ok(newer) = latest.try_recv() {
            data = newer;
        }
        if let Err(e) = store.put_presence(&key, &origin, &BASE64.encode(data)).await {
            tracing::warn!(room = %key, "presence not stored for other servers: {e}");
        }
        tokio::time::sleep(PRESENCE_GATHER).await;
    }
}

async fn read_presence(store: Store, origin: String, rooms: Weak<Inner>) {
    let mut pruned = std::time::Instant::now();
    loop {
        tokio::time::sleep(PRESENCE_EVERY).await;
        let Some(inner) = rooms.upgrade() else { return };
        let open = inner.clocks.open();
        if !open.is_empty() {
            // Rows read again are taken again without effect: awareness keeps a client's newest state by its clock.
            match store.presence(&open, &origin).await {
                Ok(rows) => {
                    for row in rows {
                        let Ok(data) = BASE64.decode(&row.data) else { continue };
                        let room = inner.open.lock().await.get(&row.document).cloned();
                        if let Some(room) = room {
                            let _ = room.send(Command::Presence(data)).await;
                        }
                    }
                }
                Err(e) => tracing::warn!("other servers' presence not read: {e}"),
            }
        }
        if pruned.elapsed() > Duration::from_secs(60) {
            pruned = std::time::Instant::now();
            if let Err(e) = store.forget_presence().await {
                tracing::warn!("old presence not deleted: {e}");
            }
        }
    }
}
