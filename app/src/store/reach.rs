//! Whether the database server answers (stores on `ws://` only). When its connection breaks, SurrealDB's
//! client reconnects by itself and holds the queries sent meanwhile until it has, then runs them: a write sent
//! while the server is gone would wait for its return and then land, long after the person was answered. So a
//! task asks the server every second, and while it does not answer, queries are refused at once, unsent.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;
use surrealdb::engine::any::Any;
use surrealdb::Surreal;

const EVERY: Duration = Duration::from_secs(1);
const ANSWER_WITHIN: Duration = Duration::from_secs(2);

#[derive(Debug)]
pub struct Reach {
    up: AtomicBool,
    /// Wakes the queries waiting for an answer when the server is found gone.
    gone: tokio::sync::Notify,
}

impl Reach {
    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::SeqCst)
    }

    /// A query went unanswered: refuse the next ones until the server answers again.
    pub fn lost(&self) {
        if self.up.swap(false, Ordering::SeqCst) {
            tracing::error!("the database server does not answer: writes are refused until it does");
        }
        self.gone.notify_waiters();
    }

    /// Resolves when the server is found gone.
    pub async fn gone(&self) {
        self.gone.notified().await
    }

    /// Starts asking `db` whether it answers; the task ends with the store.
    pub fn watch(db: Weak<Surreal<Any>>) -> Arc<Reach> {
        let reach = Arc::new(Reach { up: AtomicBool::new(true), gone: tokio::sync::Notify::new() });
        let watched = reach.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(EVERY).await;
                let Some(db) = db.upgrade() else { return };
                let answered = tokio::time::timeout(ANSWER_WITHIN, db.query("RETURN 1")).await;
                drop(db);
                if matches!(answered, Ok(Ok(_))) {
                    if !watched.up.swap(true, Ordering::SeqCst) {
                        tracing::warn!("the database server answers again");
                    }
                } else {
                    watched.lost();
                }
            }
        });
        reach
    }
}
