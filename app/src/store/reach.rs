//! Whether the database server answers (stores on `ws://` only). When its connection breaks, SurrealDB's
//! client reconnects by itself and holds the queries sent meanwhile until it has, then runs them: a write sent
//! while the server is gone would wait for its return and then land, long after the person was answered. So a
//! task asks the server every second, and while it does not answer, queries are refused at once, unsent. A
//! server busy with a burst answers its question late but answers other queries meanwhile: any answer counts.
//! A server can also go quiet for seconds while it is there (a debug build under a burst of writes did, on two
//! cores): so after `MISSED` silent seconds the task knocks on the server's port, and only a port that does not
//! take the connection means gone at once; a server that takes it is busy, and counts as gone only after `HUNG`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

const EVERY: Duration = Duration::from_secs(1);
/// Questions left unanswered, one a second, before the task knocks on the server's port.
const MISSED: u32 = 2;
/// Silent seconds after which a server whose port still takes connections counts as gone all the same (hung).
const HUNG: u32 = 15;

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

    /// Starts asking `db`, the database server at `url`, whether it answers, one question at a time (the client
    /// holds unsent ones until it reconnects, so they would pile up); the task ends with the store.
    pub(super) fn watch(db: Weak<super::engine::Db>, url: &str) -> Arc<Reach> {
        let port = Port::of(url);
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
                if missed >= HUNG || (missed >= MISSED && !port.takes_connections().await) {
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

/// The server's TCP address, as the connection string names it.
#[derive(Debug)]
struct Port {
    host: String,
    port: u16,
}

impl Port {
    fn of(url: &str) -> Port {
        let uri = url.parse::<http::Uri>().ok();
        let host = uri.as_ref().and_then(|u| u.host()).unwrap_or("localhost");
        let tls = uri.as_ref().and_then(|u| u.scheme_str()) == Some("wss");
        let port = uri.as_ref().and_then(|u| u.port_u16()).unwrap_or(if tls { 443 } else { 80 });
        Port { host: host.trim_start_matches('[').trim_end_matches(']').to_string(), port }
    }

    /// Whether a TCP connection to the server is taken within `EVERY`: a killed server's port refuses at once, an
    /// unreachable machine's does not answer, and a busy server's operating system still takes it.
    async fn takes_connections(&self) -> bool {
        let connect = tokio::net::TcpStream::connect((self.host.as_str(), self.port));
        matches!(tokio::time::timeout(EVERY, connect).await, Ok(Ok(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::Port;

    #[test]
    fn the_port_is_read_from_the_connection_string() {
        let at = |url| {
            let p = Port::of(url);
            (p.host, p.port)
        };
        assert_eq!(at("ws://127.0.0.1:8000"), ("127.0.0.1".to_string(), 8000));
        assert_eq!(at("ws://db-host:8000/rpc"), ("db-host".to_string(), 8000));
        assert_eq!(at("wss://db.example.ru"), ("db.example.ru".to_string(), 443));
        assert_eq!(at("ws://[::1]:8000"), ("::1".to_string(), 8000));
    }

    #[tokio::test]
    async fn a_listening_port_takes_connections_and_a_closed_one_does_not() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("ws://{}", listener.local_addr().unwrap());
        assert!(Port::of(&url).takes_connections().await);
        drop(listener);
        assert!(!Port::of(&url).takes_connections().await);
    }
}
