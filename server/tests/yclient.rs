//! A y-websocket client built on `yrs`, as a test would drive one: connects, syncs both ways, edits, goes
//! offline and back. It keeps its document across connections, as a browser tab does.
#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message as Ws;
use yrs::encoding::read::Cursor;
use yrs::sync::{Message, MessageReader, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{Doc, ReadTxn, Transact, Update};

pub struct YClient {
    pub doc: Doc,
    url: String,
    headers: Vec<(String, String)>,
    link: Option<Link>,
    /// The server said this connection may not edit.
    pub denied: Arc<AtomicBool>,
    pub awareness_seen: Arc<AtomicUsize>,
    /// Updates the server sent on (not sync replies).
    pub updates_seen: Arc<AtomicUsize>,
    pub closed_by_server: Arc<Mutex<Option<u16>>>,
}

struct Link {
    out: mpsc::UnboundedSender<Ws>,
    synced: Arc<AtomicBool>,
    alive: Arc<AtomicBool>,
}

fn encode(message: Message) -> Ws {
    Ws::Binary(message.encode_v1().into())
}

impl YClient {
    /// Every item's text in this client's copy of the document, in order.
    pub fn item_texts(&self) -> Vec<yrs::TextRef> {
        use yrs::{Array, Map, Out};
        let roots = accord_domain::ydoc::Roots::of(&self.doc);
        let txn = self.doc.transact();
        let mut out = Vec::new();
        for section in roots.sections.iter(&txn) {
            let Out::YMap(section) = section else { continue };
            let Some(Out::YArray(items)) = section.get(&txn, "items") else { continue };
            for item in items.iter(&txn) {
                if let Out::YMap(item) = item {
                    if let Some(Out::YText(text)) = item.get(&txn, "text") {
                        out.push(text);
                    }
                }
            }
        }
        out
    }

    pub fn new(url: &str, client_id: u64) -> YClient {
        YClient {
            doc: accord_domain::ydoc::new_doc_with_client(client_id),
            url: url.to_string(),
            headers: Vec::new(),
            link: None,
            denied: Arc::default(),
            awareness_seen: Arc::default(),
            updates_seen: Arc::default(),
            closed_by_server: Arc::default(),
        }
    }

    /// Where the next `connect` goes (another server, as a load balancer would send it after one died).
    pub fn set_url(&mut self, url: &str) {
        self.url = url.to_string();
    }

    pub fn header(mut self, name: &str, value: &str) -> YClient {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Opens a connection and waits for the server's half of the sync (its step 2).
    pub async fn connect(&mut self) -> Result<(), String> {
        let mut request = self.url.as_str().into_client_request().map_err(|e| e.to_string())?;
        for (name, value) in &self.headers {
            request.headers_mut().insert(
                tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        let (socket, _) = tokio_tungstenite::connect_async(request).await.map_err(|e| e.to_string())?;
        let (mut sink, mut stream) = socket.split();
        let (out, mut outbox) = mpsc::unbounded_channel::<Ws>();
        let synced = Arc::new(AtomicBool::new(false));
        let alive = Arc::new(AtomicBool::new(true));
        tokio::spawn({
            let alive = alive.clone();
            async move {
                while let Some(message) = outbox.recv().await {
                    if sink.send(message).await.is_err() {
                        break;
                    }
                }
                let _ = sink.close().await;
                alive.store(false, Ordering::SeqCst);
            }
        });
        let sv = self.doc.transact().state_vector();
        let _ = out.send(encode(Message::Sync(SyncMessage::SyncStep1(sv))));
        tokio::spawn({
            let (doc, out, synced, alive) = (self.doc.clone(), out.clone(), synced.clone(), alive.clone());
            let (denied, seen, closed) =
                (self.denied.clone(), self.awareness_seen.clone(), self.closed_by_server.clone());
            let updates_seen = self.updates_seen.clone();
            async move {
                while let Some(Ok(frame)) = stream.next().await {
                    let data = match frame {
                        Ws::Binary(data) => data,
                        Ws::Close(frame) => {
                            *closed.lock().unwrap() = Some(frame.map(|f| u16::from(f.code)).unwrap_or(1005));
                            break;
                        }
                        _ => continue,
                    };
                    let mut decoder = DecoderV1::new(Cursor::new(&data));
                    for message in MessageReader::new(&mut decoder) {
                        match message.expect("the server sends well-formed messages") {
                            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                                let update = doc.transact().encode_state_as_update_v1(&sv);
                                let _ = out.send(encode(Message::Sync(SyncMessage::SyncStep2(update))));
                            }
                            Message::Sync(SyncMessage::SyncStep2(u)) => {
                                doc.transact_mut().apply_update(Update::decode_v1(&u).unwrap()).unwrap();
                                synced.store(true, Ordering::SeqCst);
                            }
                            Message::Sync(SyncMessage::Update(u)) => {
                                doc.transact_mut().apply_update(Update::decode_v1(&u).unwrap()).unwrap();
                                updates_seen.fetch_add(1, Ordering::SeqCst);
                            }
                            Message::Auth(Some(_)) => denied.store(true, Ordering::SeqCst),
                            Message::Awareness(_) => {
                                seen.fetch_add(1, Ordering::SeqCst);
                            }
                            _ => {}
                        }
                    }
                }
                alive.store(false, Ordering::SeqCst);
            }
        });
        let link = Link { out, synced: synced.clone(), alive };
        self.link = Some(link);
        for _ in 0..500 {
            if synced.load(Ordering::SeqCst) {
                return Ok(());
            }
            if !self.is_connected() {
                return Err(format!("closed: {:?}", self.closed_by_server.lock().unwrap()));
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Err("no sync step 2 within 5 s".into())
    }

    pub fn is_connected(&self) -> bool {
        self.link.as_ref().is_some_and(|l| l.alive.load(Ordering::SeqCst))
    }

    pub fn disconnect(&mut self) {
        if let Some(link) = self.link.take() {
            let _ = link.out.send(Ws::Close(None));
        }
    }

    /// Sends raw bytes as one frame (to test what the server does with garbage).
    pub fn send_raw(&self, data: Vec<u8>) {
        if let Some(link) = &self.link {
            let _ = link.out.send(Ws::Binary(data.into()));
        }
    }

    pub fn send_awareness(&self, json: &str) {
        let mut clients = std::collections::HashMap::new();
        clients
            .insert(self.doc.client_id(), yrs::sync::awareness::AwarenessUpdateEntry { clock: 1, json: json.into() });
        if let Some(link) = &self.link {
            let _ = link.out.send(encode(Message::Awareness(yrs::sync::AwarenessUpdate { clients })));
        }
    }

    /// Changes the document locally and, when connected, sends the change.
    pub fn change(&self, f: impl FnOnce(&mut yrs::TransactionMut)) {
        let update = {
            let mut txn = self.doc.transact_mut();
            f(&mut txn);
            txn.encode_update_v1()
        };
        if let Some(link) = &self.link {
            let _ = link.out.send(encode(Message::Sync(SyncMessage::Update(update))));
        }
    }

    pub fn document(&self) -> accord_domain::Document {
        let roots = accord_domain::ydoc::Roots::of(&self.doc);
        accord_domain::ydoc::read(&self.doc.transact(), &roots)
    }
}
