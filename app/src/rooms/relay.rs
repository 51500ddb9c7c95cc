//! Events across servers: several Accord servers on one database server tell each other's open pages what
//! changed through the store (table `announcement`). Each server stores what it announces, gathered for
//! `GATHER` into one write, and reads what the others stored every `EVERY`. Read by polling, not by LIVE
//! SELECT, which a SurrealDB cluster delivers only on the node where the write happened. A page hears of a
//! change on another server within `GATHER` + `EVERY` + a query or two.

use super::Inner;
use crate::ids::DocumentId;
use crate::live_update::LiveUpdate;
use crate::store::Store;
use std::collections::HashSet;
use std::sync::Weak;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

const GATHER: Duration = Duration::from_millis(50);
const EVERY: Duration = Duration::from_millis(200);
/// How often a server deletes announcements every page has heard of (`Store::forget_announcements`).
const FORGET_EVERY: Duration = Duration::from_secs(20);

/// This server's side of the relay: what it announces goes in here.
pub(super) struct Relay {
    outbox: mpsc::UnboundedSender<(DocumentId, LiveUpdate)>,
}

impl Relay {
    /// Starts the tasks that store this server's announcements and read the others'; they end with `rooms`.
    pub(super) fn start(store: Store, origin: String, rooms: Weak<Inner>) -> Relay {
        let (outbox, queue) = mpsc::unbounded_channel();
        tokio::spawn(write(store.clone(), origin.clone(), queue));
        tokio::spawn(read(store, origin, rooms));
        Relay { outbox }
    }

    pub(super) fn announce(&self, key: &DocumentId, update: LiveUpdate) {
        let _ = self.outbox.send((key.clone(), update));
    }
}

async fn write(store: Store, origin: String, mut queue: mpsc::UnboundedReceiver<(DocumentId, LiveUpdate)>) {
    let mut taken = Vec::new();
    while queue.recv_many(&mut taken, 4096).await > 0 {
        let rows: HashSet<(DocumentId, &str)> = taken.drain(..).map(|(key, update)| (key, update.word())).collect();
        let rows: Vec<_> = rows.into_iter().collect();
        if let Err(e) = store.announce(&origin, &rows).await {
            // Pages that miss it fetch everything again when their stream reconnects.
            tracing::error!("announcements for other servers not stored: {e}");
        }
        tokio::time::sleep(GATHER).await;
    }
}

async fn read(store: Store, origin: String, rooms: Weak<Inner>) {
    let mut after = loop {
        match store.database_now().await {
            Ok(now) => break now,
            Err(_) => tokio::time::sleep(EVERY).await,
        }
    };
    // What the last reading returned: the next one reads the overlap again, and skips these.
    let mut read: HashSet<String> = HashSet::new();
    let mut forgotten = Instant::now();
    loop {
        tokio::time::sleep(EVERY).await;
        let Some(rooms) = rooms.upgrade() else { return };
        match store.announcements_after(&after).await {
            Ok(rows) => {
                let mut returned = HashSet::with_capacity(rows.len());
                for row in rows {
                    after = row.at.clone();
                    returned.insert(row.id.clone());
                    if read.contains(&row.id) || row.origin == origin {
                        continue;
                    }
                    if let Some(update) = LiveUpdate::from_word(&row.word) {
                        rooms.events.publish(&row.document, update);
                        if update == LiveUpdate::Stage {
                            tokio::spawn(follow_stage(super::Rooms { inner: rooms.clone() }, row.document.clone()));
                        }
                    }
                }
                // A row the overlap no longer reaches cannot be read again.
                read = returned;
            }
            Err(e) => tracing::error!("announcements of other servers not read: {e}"),
        }
        if forgotten.elapsed() > FORGET_EVERY {
            forgotten = Instant::now();
            if let Err(e) = store.forget_announcements().await {
                tracing::error!("old announcements not deleted: {e}");
            }
        }
    }
}

/// Another server moved a document's stage: this server's room of it lets typing in or not as the stage says.
/// Until then the store refuses what is typed here (`Store::append_update`).
async fn follow_stage(rooms: super::Rooms, key: DocumentId) {
    match rooms.store().document(&key).await {
        Ok(row) => rooms.set_editable(&key, row.state == accord_domain::State::Drafting).await,
        Err(e) => tracing::warn!(document = %key, "the stage moved on another server, not read here: {e}"),
    }
}
