//! Server-pushed events of documents: one broadcast channel per document with listeners, dropped with the
//! last of them, and one for every document (what keeps copies of pages listens there). An event only names
//! what changed; pages fetch the rest through server functions, which check permissions as always.

use crate::ids::DocumentId;
use crate::live_update::LiveUpdate;
use std::collections::HashMap;
use std::sync::Mutex;
use tokio::sync::broadcast;

pub(super) struct Hub {
    channels: Mutex<HashMap<DocumentId, broadcast::Sender<LiveUpdate>>>,
    every: broadcast::Sender<(DocumentId, LiveUpdate)>,
}

impl Default for Hub {
    fn default() -> Hub {
        Hub { channels: Mutex::default(), every: broadcast::channel(256).0 }
    }
}

impl Hub {
    pub fn publish(&self, key: &DocumentId, update: LiveUpdate) {
        let _ = self.every.send((key.clone(), update));
        let mut channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(channel) = channels.get(key) {
            if channel.send(update).is_err() {
                channels.remove(key);
            }
        }
    }

    pub fn subscribe(&self, key: &DocumentId) -> broadcast::Receiver<LiveUpdate> {
        let mut channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        channels.retain(|_, c| c.receiver_count() > 0);
        channels.entry(key.clone()).or_insert_with(|| broadcast::channel(64).0).subscribe()
    }

    pub fn subscribe_every(&self) -> broadcast::Receiver<(DocumentId, LiveUpdate)> {
        self.every.subscribe()
    }
}
