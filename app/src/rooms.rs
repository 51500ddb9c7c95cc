//! Live rooms of co-drafted documents (server only).
//!
//! One task per open document owns its `yrs` document and awareness. It takes what connections and server
//! functions send in batches: everything that arrived while it was busy is applied in one transaction, and the
//! resulting update is handed to the room's writer (`writer.rs`), which stores the room's updates in order,
//! merging what queued up meanwhile into one row. On its own store the room sends the update on at once, one
//! message per connection, so the store holds a prefix of what was sent: a crash takes back at most the updates
//! still being stored, which the client that typed them, and every editor they were sent to, holds and gives
//! back when it reconnects; a server that is stopped stores them first (`settle_open`). With other
//! servers on the store it sends the update on once stored (`room::Relay`). The readings pages are made from,
//! and the answers to form edits, wait until what they show is stored. If a write fails the room closes, and the
//! clients resend what the store lacks when they reconnect. A room without connections unloads itself after
//! `Settings::idle`, compacting its log into a snapshot.
//!
//! The log is numbered by the store (`Store::append_update`), not by the room: with several Accord servers on one
//! database server, each keeps its own room of an open document, and each room reads the others' updates from
//! the log (`tail`). A reading's revision is a log number, so it names the same text on every server.

mod commit;
mod events;
mod journal;
mod relay;
mod room;
mod tail;
mod writer;

use crate::error::AppError;
use crate::ids::{DocumentId, UserId};
use crate::store::Store;
use accord_domain::Document;
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot, Mutex};

#[derive(Clone, Debug)]
pub struct Settings {
    /// How long a room without connections stays loaded.
    pub idle: Duration,
    /// Updates in the log after which the room writes a snapshot.
    pub compact_every: i64,
    /// Frames waiting for one connection before it is dropped as too slow (it reconnects and resyncs).
    pub send_queue: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { idle: Duration::from_secs(30), compact_every: 500, send_queue: 2048 }
    }
}

/// What a connection receives.
#[derive(Debug)]
pub enum Outgoing {
    Frame(Bytes),
    /// The room ends this connection: a malformed message, a refused update flood, or too slow a reader.
    Close(u16, &'static str),
}

/// The document as it stands in its room.
#[derive(Clone, Debug)]
pub struct Reading {
    pub document: Document,
    /// The text's revision: the number of the document's log up to which the room holds every update and none
    /// after, once all it made is stored and nothing changed since the reading was taken; -1 otherwise, which no
    /// form edit matches (`room::Room::revision`).
    pub seq: i64,
    /// The full `yrs` state (v1 update encoding), when asked (`Rooms::read`; not `Rooms::read_document`).
    pub state: Option<Vec<u8>>,
    pub lineage: String,
}

pub type Change = Box<dyn FnOnce(Document) -> Result<Document, AppError> + Send>;

enum Command {
    Join {
        conn: u64,
        editor: bool,
        /// The user behind the connection, named in the journal for what it changes.
        user: Option<String>,
        out: mpsc::Sender<Outgoing>,
        reply: oneshot::Sender<()>,
    },
    Frame {
        conn: u64,
        data: Bytes,
    },
    Leave {
        conn: u64,
    },
    Read {
        reply: oneshot::Sender<Reading>,
        /// With the full shared state.
        state: bool,
    },
    Edit {
        expected_seq: Option<i64>,
        by: Option<String>,
        change: Change,
        reply: oneshot::Sender<Result<i64, AppError>>,
    },
    Lock {
        reply: oneshot::Sender<()>,
    },
    /// The document's stage changed: whether its text may still be typed into.
    Editable(bool),
    /// Other servers' updates, read from the store (`tail`).
    Remote(tail::Remote),
    /// Other servers' connections' awareness (`tail`).
    Presence(Vec<u8>),
    /// Ends the journal's open stretch; answered once it is stored.
    CloseJournal {
        reply: oneshot::Sender<()>,
    },
}

#[derive(Clone)]
pub struct Rooms {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    events: events::Hub,
    settings: Settings,
    open: Mutex<HashMap<DocumentId, mpsc::Sender<Command>>>,
    next_conn: AtomicU64,
    /// On a database server other Accord servers may share: carries events to their pages and theirs here.
    relay: Option<relay::Relay>,
    /// A random name of this server process, stored with what it writes for the others, so it skips its own.
    origin: String,
    /// The open documents' latest log numbers, on a database server other Accord servers may share (`tail`).
    clocks: tail::Clocks,
    /// How busy the rooms' writers are, all together.
    pace: Arc<writer::Pace>,
    /// Where the rooms' writers append, together.
    committer: commit::Committer,
}

/// A joined connection: frames go in through `send`, and what the room sends comes out of `outgoing`.
pub struct Connection {
    conn: u64,
    room: mpsc::Sender<Command>,
    pub outgoing: mpsc::Receiver<Outgoing>,
}

impl Connection {
    /// Hands a frame to the room, waiting while its queue is full. False once the room is gone.
    pub async fn send(&self, data: Bytes) -> bool {
        self.room.send(Command::Frame { conn: self.conn, data }).await.is_ok()
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        let (room, conn) = (self.room.clone(), self.conn);
        if room.try_send(Command::Leave { conn }).is_err() {
            tokio::spawn(async move {
                let _ = room.send(Command::Leave { conn }).await;
            });
        }
    }
}

impl Rooms {
    pub fn new(store: Store, settings: Settings) -> Rooms {
        let origin = crate::store::new_key();
        let inner = Arc::new_cyclic(|rooms| Inner {
            relay: store.is_shared().then(|| {
                tail::start(store.clone(), origin.clone(), rooms.clone());
                relay::Relay::start(store.clone(), origin.clone(), rooms.clone())
            }),
            origin,
            clocks: tail::Clocks::default(),
            pace: Default::default(),
            committer: commit::Committer::start(store.clone()),
            store,
            events: events::Hub::default(),
            settings,
            open: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(1),
        });
        Rooms { inner }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub async fn loaded(&self) -> usize {
        self.inner.open.lock().await.len()
    }

    async fn room(&self, key: &DocumentId) -> Result<mpsc::Sender<Command>, AppError> {
        let mut open = self.inner.open.lock().await;
        if let Some(room) = open.get(key).filter(|r| !r.is_closed()) {
            return Ok(room.clone());
        }
        let store = &self.inner.store;
        let (presence, latest) = mpsc::unbounded_channel();
        let shared = store.is_shared().then_some(presence);
        // The log names the room, not only the process, that appended an update: a room loaded again after a
        // failed write reads back, with their data, updates of the room before it that committed late.
        let origin = format!("{}{}", self.inner.origin, crate::store::new_key());
        let writers = writer::Shared { pace: self.inner.pace.clone(), committer: self.inner.committer.clone() };
        let loaded = room::Room::load(store, key, self.inner.settings.clone(), &origin, shared, writers).await?;
        let (tx, rx) = mpsc::channel(4096);
        open.insert(key.clone(), tx.clone());
        if store.is_shared() {
            let weak = Arc::downgrade(&self.inner);
            let covered = loaded.covered();
            tokio::spawn(tail::follow(store.clone(), weak, key.clone(), origin, covered, tx.clone()));
            tokio::spawn(tail::write_presence(store.clone(), key.clone(), self.inner.origin.clone(), latest));
        }
        tokio::spawn(loaded.run(rx, self.clone()));
        Ok(tx)
    }

    /// Sends a command carrying a reply, loading the room again if it unloaded in between.
    async fn ask<T>(&self, key: &DocumentId, make: impl Fn(oneshot::Sender<T>) -> Command) -> Result<T, AppError> {
        for _ in 0..3 {
            let room = self.room(key).await?;
            let (reply, answer) = oneshot::channel();
            if room.send(make(reply)).await.is_err() {
                continue;
            }
            if let Ok(value) = answer.await {
                return Ok(value);
            }
        }
        Err(AppError::Unexpected)
    }

    pub async fn join(&self, key: &DocumentId, editor: bool, user: Option<UserId>) -> Result<Connection, AppError> {
        let conn = self.inner.next_conn.fetch_add(1, Ordering::Relaxed);
        for _ in 0..3 {
            let room = self.room(key).await?;
            let (out, outgoing) = mpsc::channel(self.inner.settings.send_queue);
            let (reply, answer) = oneshot::channel();
            if room
                .send(Command::Join { conn, editor, user: user.as_ref().map(UserId::to_string), out, reply })
                .await
                .is_err()
            {
                continue;
            }
            if answer.await.is_ok() {
                return Ok(Connection { conn, room, outgoing });
            }
        }
        Err(AppError::Unexpected)
    }

    /// The document and its full shared state, for what works on the shared text itself (anchors, the live
    /// editor's start).
    pub async fn read(&self, key: &DocumentId) -> Result<Reading, AppError> {
        self.ask(key, |reply| Command::Read { reply, state: true }).await
    }

    /// The document without its shared state, whose encoding costs as much as the text is long.
    pub async fn read_document(&self, key: &DocumentId) -> Result<Reading, AppError> {
        self.ask(key, |reply| Command::Read { reply, state: false }).await
    }

    /// Changes the document as a whole (a form edit): `change` gets the current reading and returns the new
    /// one, which is reconciled into the shared text. With `expected_seq`, refuses if the text changed since.
    /// `by` is the user the journal names for it.
    pub async fn edit(
        &self,
        key: &DocumentId,
        expected_seq: Option<i64>,
        by: Option<&UserId>,
        change: impl FnOnce(Document) -> Result<Document, AppError> + Send + 'static,
    ) -> Result<i64, AppError> {
        let (reply, answer) = oneshot::channel();
        let by = by.map(UserId::to_string);
        let mut command = Command::Edit { expected_seq, by, change: Box::new(change), reply };
        // A room that unloaded in between gives the command back; it goes to the room loaded again.
        for _ in 0..3 {
            match self.room(key).await?.send(command).await {
                Ok(()) => return answer.await.unwrap_or(Err(AppError::Unexpected)),
                Err(mpsc::error::SendError(back)) => command = back,
            }
        }
        Err(AppError::Unexpected)
    }

    /// Makes the text of a loaded room read-only (the document left drafting) or writable again. A room not
    /// loaded has nobody to tell; it is loaded writable and connections are admitted by the stage.
    pub async fn set_editable(&self, key: &DocumentId, editable: bool) {
        let room = self.inner.open.lock().await.get(key).cloned();
        if let Some(room) = room {
            let _ = room.send(Command::Editable(editable)).await;
        }
    }

    /// Stores what the open room's journal holds, so the history shows edits up to now. A room not loaded
    /// has stored its journal when it unloaded.
    pub async fn close_journal(&self, key: &DocumentId) {
        let room = self.inner.open.lock().await.get(key).cloned();
        if let Some(room) = room {
            let (reply, answer) = oneshot::channel();
            if room.send(Command::CloseJournal { reply }).await.is_ok() {
                let _ = answer.await;
            }
        }
    }

    /// Tells every open page of a document, on this server and on the others sharing its database server,
    /// that something about it changed, so it fetches what it shows again.
    pub fn publish(&self, key: &DocumentId, update: crate::live_update::LiveUpdate) {
        self.inner.events.publish(key, update);
        if let Some(relay) = &self.inner.relay {
            relay.announce(key, update);
        }
    }

    pub fn subscribe(&self, key: &DocumentId) -> tokio::sync::broadcast::Receiver<crate::live_update::LiveUpdate> {
        self.inner.events.subscribe(key)
    }

    /// Events of every document, from every server sharing the store.
    pub fn subscribe_every(&self) -> tokio::sync::broadcast::Receiver<(DocumentId, crate::live_update::LiveUpdate)> {
        self.inner.events.subscribe_every()
    }

    /// Waits until the room has written everything it holds (used by tests).
    pub async fn settle(&self, key: &DocumentId) -> Result<(), AppError> {
        self.ask(key, |reply| Command::Lock { reply }).await
    }

    /// Waits until every open room has stored everything it holds, loading none: on shutdown, since a room sends
    /// text on before it is stored.
    pub async fn settle_open(&self) {
        let rooms: Vec<mpsc::Sender<Command>> = self.inner.open.lock().await.values().cloned().collect();
        for room in rooms {
            let (reply, answer) = oneshot::channel();
            if room.send(Command::Lock { reply }).await.is_ok() {
                let _ = answer.await;
            }
        }
    }
}
