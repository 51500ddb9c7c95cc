//! Whether the database server answers (stores on `ws://` only). When its connection breaks, SurrealDB's
//! client reconnects by itself and holds the queries sent meanwhile until it has, then runs them: a write sent
//! while the server is gone would wait for its return and then land, long after the person was answered. So a
//! task asks the server every second, and while it does not answer, queries are refused at once, unsent. A
//! server busy with a burst answers its question late but answers other queries meanwhile: any answer counts.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

const EVERY: Duration = Duration::from_secs(1);
/// Questions left unanswered, one a second, before the server counts as gone: a slow moment is not an outage.
const MISSED: u32 = 2;

#[derive(Debug)]
pub struct Reach {
    up: AtomicBool,
    /// When any query was last answered, in milliseconds after `since`.
    heard: std::sync::atomic::AtomicU64,
    since: std::time::Instant,
    /// Wakes the queries waiting for an answer when the server is found gone.
    gone: tokio::sync::Notify,
}

impl Reach {
    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::SeqCst)
    }

    /// A query was answered: the server is there, if busy.
    pub fn answered(&self) {
        self.heard.fetch_max(self.since.elapsed().as_millis() as u64, Ordering::Relaxed);
    }

    fn heard_within(&self, window: Duration) -> bool {
        let heard = Duration::from_millis(self.heard.load(Ordering::Relaxed));
        self.since.elapsed().saturating_sub(heard) < window
    }

    /// Resolves when the server is found gone; `enable` it before checking `is_up`, so no wake-up is missed.
    pub fn gone(&self) -> tokio::sync::futures::Notified<'_> {
        self.gone.notified()
    }

    fn lost(&self) {
        if self.up.swap(false, Ordering::SeqCst) {
            tracing::error!("the database server does not answer: queries are refused until it does");
        }
        self.gone.notify_waiters();
    }

    /// Starts asking `db` whether it answers, one question at a time (the client holds unsent ones until it
    /// reconnects, so they would pile up); the task ends with the store.
    pub(super) fn watch(db: Weak<super::engine::Db>) -> Arc<Reach> {
        let reach = Arc::new(Reach {
            up: AtomicBool::new(true),
            heard: Default::default(),
            since: std::time::Instant::now(),
            gone: tokio::sync::Notify::new(),
        });
        let watched = reach.clone();
        tokio::spawn(async move {
            let mut asking: Option<tokio::task::JoinHandle<bool>> = None;
            let mut missed = 0;
            loop {
                tokio::time::sleep(EVERY).await;
                if let Some(question) = asking.take_if(|q| q.is_finished()) {
                    if question.await.unwrap_or(false) {
                        missed = 0;
                        if !watched.up.swap(true, Ordering::SeqCst) {
                            tracing::warn!("the database server answers again");
                        }
                    } else {
                        missed += 1;
                    }
                } else if asking.is_some() {
                    // Its question waits behind others; answers to those show the server is there.
                    missed = if watched.heard_within(EVERY) { 0 } else { missed + 1 };
                }
                if missed >= MISSED {
                    watched.lost();
                }
                if asking.is_none() {
                    let Some(db) = db.upgrade() else { return };
                    asking =
                        Some(tokio::spawn(async move { db.query("RETURN 1", serde_json::json!({})).await.is_ok() }));
                }
            }
        });
        reach
    }
}
