//! A native load generator for y-websocket servers, for the scenarios where ../shared/bench/collab's Node
//! generator saturates. Same method and the same JSON line (its `summarize.py` renders both): per room, clients
//! `[0, full)` keep a synced `yrs` document and measure sender→receiver propagation of stamped edits (a stamp
//! `[sent µs, seq]` in map `stamps`, written in the same transaction as the text edit); the others are light:
//! they handshake and receive every broadcast without applying it, and light writers type blind.
//!
//! cargo run --release -p server --example collab_load -- --url=ws://127.0.0.1:3000/ws/doc --room-names=a,b
//!     --token=T --rooms=1 --clients=200 --full=10 --duration=30 --interval-ms=200 --server-pid=PID
//!
//! `--protocol=hocuspocus` speaks Hocuspocus's framing (each message after the document's name, an empty token
//! first) to a Hocuspocus server at `--url`; otherwise the room goes after the URL, or where it says `{room}`.
//!
//! Several servers (`make bench-cluster`): `--url=U1,U2` puts client `i` on server `i % 2`, and the propagation
//! between clients on different servers is reported apart (`crossLatencyMs`). With `--kill-pid=PID --kill-at=S`,
//! the server with that process id (the last URL) is killed (SIGKILL) `S` seconds into the window; its clients
//! connect to the first URL at once, and the time from the kill until each has synced there is `failoverMs`.

use futures_util::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message as Ws;
use yrs::encoding::read::Cursor;
use yrs::sync::{Message, MessageReader, SyncMessage};
use yrs::types::EntryChange;
use yrs::types::Observable;
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{Any, Doc, GetString, Map, Out, ReadTxn, Text, Transact, Update};

struct Cfg {
    label: String,
    hocuspocus: bool,
    urls: Vec<String>,
    rooms: Vec<String>,
    token: String,
    clients: usize,
    writers: usize,
    full: usize,
    duration: f64,
    interval_ms: f64,
    warmup: f64,
    reconnect_fraction: f64,
    offline_ms: u64,
    server_pid: Option<u32>,
    kill: Option<(String, f64)>,
}

fn cfg() -> Cfg {
    let args: HashMap<String, String> = std::env::args()
        .skip(1)
        .filter_map(|a| a.strip_prefix("--").and_then(|a| a.split_once('=')).map(|(k, v)| (k.into(), v.into())))
        .collect();
    let get = |k: &str, d: &str| args.get(k).cloned().unwrap_or_else(|| d.to_string());
    let num = |k: &str, d: f64| get(k, &d.to_string()).parse::<f64>().unwrap_or(d);
    let rooms = num("rooms", 1.0) as usize;
    let names: Vec<String> = get("room-names", "").split(',').filter(|s| !s.is_empty()).map(String::from).collect();
    let clients = num("clients", 10.0) as usize;
    Cfg {
        label: get("label", "native"),
        hocuspocus: get("protocol", "yws") == "hocuspocus",
        urls: get("url", "ws://127.0.0.1:3000/ws/doc").split(',').map(String::from).collect(),
        rooms: (0..rooms).map(|i| names.get(i).cloned().unwrap_or_else(|| format!("room-{i}"))).collect(),
        token: get("token", ""),
        clients,
        writers: num("writers", clients as f64) as usize,
        full: num("full", 10.0) as usize,
        duration: num("duration", 30.0),
        interval_ms: num("interval-ms", 200.0),
        warmup: num("warmup", 2.0),
        reconnect_fraction: num("reconnect-fraction", 0.0),
        offline_ms: num("offline-ms", 3000.0) as u64,
        server_pid: args.get("server-pid").and_then(|p| p.parse().ok()),
        kill: args.get("kill-pid").map(|pid| (pid.clone(), num("kill-at", 10.0))),
    }
}

#[derive(Default)]
struct Stats {
    latencies_us: Mutex<Vec<u64>>,
    cross_us: Mutex<Vec<u64>>,
    failover_us: Mutex<Vec<u64>>,
    resync_us: Mutex<Vec<u64>>,
    edits: AtomicU64,
    stamped_full: AtomicU64,
    stamped_light: AtomicU64,
    frames_in: AtomicU64,
    bytes_in: AtomicU64,
    frames_out: AtomicU64,
    connect_failures: AtomicU64,
    unexpected_closes: AtomicU64,
    reconnects_ok: AtomicU64,
    last_frame_us: AtomicU64,
}

fn micros(t0: Instant) -> u64 {
    t0.elapsed().as_micros() as u64
}

/// Hocuspocus's message types beyond y-websocket's: its answer to a sync step, and authentication's outcome.
const HP_SYNC_REPLY: u8 = 4;
const HP_AUTH: u8 = 2;
const HP_AUTHENTICATED: u8 = 2;

/// A message as the server reads it: after `prefix`, which for Hocuspocus names the document.
fn frame(prefix: &[u8], m: Message) -> Ws {
    let mut data = prefix.to_vec();
    data.extend(m.encode_v1());
    Ws::Binary(data.into())
}

/// One client: connects, syncs, and keeps receiving until `stop`; returns the text it holds (full clients).
struct Client {
    id: usize,
    room: String,
    full: bool,
    writer: bool,
    doc: Doc,
}

type Sink = futures_util::stream::SplitSink<
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    Ws,
>;

impl Client {
    /// What goes before each of this client's messages: the document's name for Hocuspocus, nothing otherwise.
    fn prefix(&self, cfg: &Cfg) -> Vec<u8> {
        use yrs::encoding::write::Write;
        let mut prefix = Vec::new();
        if cfg.hocuspocus {
            prefix.write_string(&self.room);
        }
        prefix
    }

    /// The server this client is put on (an index into `Cfg::urls`).
    fn server(&self, cfg: &Cfg) -> usize {
        self.id % cfg.urls.len()
    }

    async fn connect(&self, cfg: &Cfg, stats: &Arc<Stats>, t0: Instant) -> Option<(Sink, tokio::task::JoinHandle<()>)> {
        self.connect_to(&cfg.urls[self.server(cfg)], cfg, stats, t0).await
    }

    async fn connect_to(
        &self,
        base: &str,
        cfg: &Cfg,
        stats: &Arc<Stats>,
        t0: Instant,
    ) -> Option<(Sink, tokio::task::JoinHandle<()>)> {
        let url = match (cfg.hocuspocus, base.contains("{room}")) {
            (true, _) => base.to_string(),
            (false, true) => base.replace("{room}", &self.room),
            (false, false) => format!("{}/{}", base, self.room),
        };
        let url = if cfg.token.is_empty() { url } else { format!("{url}?token={}", cfg.token) };
        let started = micros(t0);
        let (socket, _) = match tokio_tungstenite::connect_async(&url).await {
            Ok(s) => s,
            Err(_) => {
                stats.connect_failures.fetch_add(1, Relaxed);
                return None;
            }
        };
        let (mut sink, mut stream) = socket.split();
        let prefix = self.prefix(cfg);
        let step1 = frame(&prefix, Message::Sync(SyncMessage::SyncStep1(self.doc.transact().state_vector())));
        let (authed_tx, authed_rx) = tokio::sync::oneshot::channel::<()>();
        if cfg.hocuspocus {
            use yrs::encoding::write::Write;
            // A token message with an empty token.
            let mut auth = prefix.clone();
            auth.write_var(HP_AUTH);
            auth.write_var(0u8);
            auth.write_string("");
            sink.send(Ws::Binary(auth.into())).await.ok()?;
        } else {
            sink.send(step1.clone()).await.ok()?;
        }
        let (doc, full, stats2, hocuspocus) = (self.doc.clone(), self.full, stats.clone(), cfg.hocuspocus);
        let (synced_tx, synced_rx) = tokio::sync::oneshot::channel::<Vec<Ws>>();
        let reader = tokio::spawn(async move {
            let mut synced = Some(synced_tx);
            let mut authed = Some(authed_tx);
            let mut replies = Vec::new();
            while let Some(Ok(message)) = stream.next().await {
                let Ws::Binary(data) = message else { continue };
                stats2.frames_in.fetch_add(1, Relaxed);
                stats2.bytes_in.fetch_add(data.len() as u64, Relaxed);
                stats2.last_frame_us.store(micros(t0), Relaxed);
                if !full && synced.is_none() {
                    continue;
                }
                let mut decoder = DecoderV1::new(Cursor::new(&data));
                let messages: Vec<Message> = if hocuspocus {
                    use yrs::encoding::read::Read;
                    let _room = decoder.read_string();
                    match decoder.read_var::<u8>() {
                        Ok(0 | HP_SYNC_REPLY) => {
                            SyncMessage::decode(&mut decoder).map(Message::Sync).into_iter().collect()
                        }
                        Ok(HP_AUTH) => {
                            if decoder.read_var::<u8>().ok() == Some(HP_AUTHENTICATED) {
                                if let Some(tx) = authed.take() {
                                    let _ = tx.send(());
                                }
                            }
                            continue;
                        }
                        _ => continue,
                    }
                } else {
                    MessageReader::new(&mut decoder).flatten().collect()
                };
                for m in messages {
                    match m {
                        Message::Sync(SyncMessage::SyncStep1(sv)) => {
                            let update = doc.transact().encode_state_as_update_v1(&sv);
                            replies.push(frame(&prefix, Message::Sync(SyncMessage::SyncStep2(update))));
                        }
                        Message::Sync(SyncMessage::SyncStep2(u)) => {
                            if full {
                                let _ = doc.transact_mut().apply_update(Update::decode_v1(&u).unwrap());
                            }
                            if let Some(tx) = synced.take() {
                                let _ = tx.send(std::mem::take(&mut replies));
                            }
                        }
                        Message::Sync(SyncMessage::Update(u)) if full => {
                            let _ = doc.transact_mut_with("remote").apply_update(Update::decode_v1(&u).unwrap());
                        }
                        _ => {}
                    }
                }
            }
        });
        if cfg.hocuspocus {
            tokio::time::timeout(Duration::from_secs(30), authed_rx).await.ok()?.ok()?;
            sink.send(step1).await.ok()?;
        }
        let replies = tokio::time::timeout(Duration::from_secs(30), synced_rx).await.ok()?.ok()?;
        for r in replies {
            sink.send(r).await.ok()?;
        }
        stats.resync_us.lock().unwrap().push(micros(t0) - started);
        Some((sink, reader))
    }

    /// Inserts a few characters (or deletes some) and writes a stamp in the same transaction.
    fn edit(&self, rng: &mut fastrand::Rng, seq: u64, t0: Instant) -> Vec<u8> {
        let text = self.doc.get_or_insert_text("text");
        let stamps = self.doc.get_or_insert_map("stamps");
        let mut txn = self.doc.transact_mut();
        let len = text.len(&txn);
        if len > 3 && rng.f64() < 0.1 {
            text.remove_range(&mut txn, rng.u32(..len - 3), 3);
        } else {
            let s: String = (0..4).map(|_| rng.alphanumeric()).collect();
            text.insert(&mut txn, rng.u32(..=len), &s);
        }
        let stamp = Any::from(vec![Any::from(micros(t0) as f64), Any::from(seq as f64)]);
        stamps.insert(&mut txn, self.id.to_string(), stamp);
        txn.encode_update_v1()
    }
}

fn percentiles(mut v: Vec<u64>) -> serde_json::Value {
    v.sort_unstable();
    let p = |q: f64| if v.is_empty() { 0.0 } else { v[((v.len() - 1) as f64 * q).round() as usize] as f64 / 1000.0 };
    serde_json::json!({ "n": v.len(), "p50": p(0.5), "p95": p(0.95), "p99": p(0.99), "p999": p(0.999), "max": p(1.0) })
}

fn proc_cpu_ticks(pid: &str) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

fn proc_rss_kb(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let cfg = Arc::new(cfg());
    let stats = Arc::new(Stats::default());
    let t0 = Instant::now();
    let server = cfg.server_pid.map(|p| p.to_string());
    let rss_base = server.as_deref().and_then(proc_rss_kb);

    let mut clients = Vec::new();
    for (r, room) in cfg.rooms.iter().enumerate() {
        for i in 0..cfg.clients {
            let id = r * cfg.clients + i;
            let c = Arc::new(Client {
                id,
                room: room.clone(),
                full: i < cfg.full,
                writer: i < cfg.writers,
                doc: accord_domain::ydoc::new_doc_with_client(100_000 + id as u64),
            });
            if c.full {
                let stats = stats.clone();
                let me = id.to_string();
                let servers = cfg.urls.len();
                c.doc.get_or_insert_map("stamps").observe("latency", move |txn, event| {
                    if txn.origin().is_none() {
                        return;
                    }
                    let now = micros(t0);
                    for (key, change) in event.keys(txn) {
                        if **key == *me {
                            continue;
                        }
                        if let EntryChange::Inserted(Out::Any(Any::Array(a)))
                        | EntryChange::Updated(_, Out::Any(Any::Array(a))) = change
                        {
                            if let Some(Any::Number(sent)) = a.first() {
                                let sent = match sent {
                                    yrs::Number::Int(i) => *i as u64,
                                    yrs::Number::Float(f) => *f as u64,
                                };
                                stats.latencies_us.lock().unwrap().push(now.saturating_sub(sent));
                                let sender = key.parse::<usize>().unwrap_or(0);
                                if servers > 1 && sender % servers != id % servers {
                                    stats.cross_us.lock().unwrap().push(now.saturating_sub(sent));
                                }
                            }
                        }
                    }
                });
            }
            clients.push(c);
        }
    }
    // Connect, a few at a time.
    let mut links = Vec::new();
    for c in &clients {
        let link = c.connect(&cfg, &stats, t0).await;
        links.push(Arc::new(tokio::sync::Mutex::new(link)));
    }
    stats.resync_us.lock().unwrap().clear();
    let rss_connected = server.as_deref().and_then(proc_rss_kb);
    tokio::time::sleep(Duration::from_secs_f64(cfg.warmup)).await;

    let window_start = Instant::now();
    let (srv_t0, gen_t0) = (server.as_deref().and_then(proc_cpu_ticks), proc_cpu_ticks("self"));
    let (in0, out0, bytes0) =
        (stats.frames_in.load(Relaxed), stats.frames_out.load(Relaxed), stats.bytes_in.load(Relaxed));
    let rss_max = Arc::new(AtomicU64::new(rss_connected.unwrap_or(0)));
    if let Some(pid) = server.clone() {
        let rss_max = rss_max.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                if let Some(kb) = proc_rss_kb(&pid) {
                    rss_max.fetch_max(kb, Relaxed);
                }
            }
        });
    }
    let reconnecting: Vec<bool> =
        (0..clients.len()).map(|i| (i as f64 / clients.len() as f64) < cfg.reconnect_fraction).collect();
    if let Some((pid, at)) = cfg.kill.clone() {
        let (clients, links, cfg, stats) = (clients.clone(), links.clone(), cfg.clone(), stats.clone());
        tokio::spawn(async move {
            tokio::time::sleep_until((window_start + Duration::from_secs_f64(at)).into()).await;
            let _ = std::process::Command::new("kill").args(["-9", &pid]).status();
            let killed = Instant::now();
            let last = cfg.urls.len() - 1;
            for (c, link) in clients.iter().zip(&links).filter(|(c, _)| c.server(&cfg) == last) {
                let (c, link, cfg, stats) = (c.clone(), link.clone(), cfg.clone(), stats.clone());
                tokio::spawn(async move {
                    // Held until connected again: an edit made meanwhile waits, rather than being made unsent.
                    let mut link = link.lock().await;
                    if let Some((mut sink, reader)) = link.take() {
                        let _ = sink.close().await;
                        reader.abort();
                    }
                    *link = c.connect_to(&cfg.urls[0], &cfg, &stats, t0).await;
                    if link.is_some() {
                        stats.failover_us.lock().unwrap().push(killed.elapsed().as_micros() as u64);
                    }
                });
            }
        });
    }
    let mut tasks = Vec::new();
    for (i, c) in clients.iter().enumerate() {
        let (c, link, cfg, stats) = (c.clone(), links[i].clone(), cfg.clone(), stats.clone());
        let reconnect = reconnecting[i];
        tasks.push(tokio::spawn(async move {
            let mut rng = fastrand::Rng::with_seed(i as u64);
            let end = window_start + Duration::from_secs_f64(cfg.duration);
            let drop_at = window_start + Duration::from_secs_f64(cfg.duration * 0.4);
            let mut dropped = false;
            let mut seq = 0;
            loop {
                let wait = cfg.interval_ms * (0.5 + rng.f64());
                tokio::time::sleep(Duration::from_secs_f64(wait / 1000.0)).await;
                let now = Instant::now();
                if now >= end {
                    break;
                }
                if reconnect && !dropped && now >= drop_at {
                    dropped = true;
                    if let Some((mut sink, reader)) = link.lock().await.take() {
                        let _ = sink.close().await;
                        reader.abort();
                    }
                    let (c2, link2, cfg2, stats2) = (c.clone(), link.clone(), cfg.clone(), stats.clone());
                    tokio::spawn(async move {
                        tokio::time::sleep(Duration::from_millis(cfg2.offline_ms)).await;
                        let new = c2.connect(&cfg2, &stats2, t0).await;
                        if new.is_some() {
                            stats2.reconnects_ok.fetch_add(1, Relaxed);
                        }
                        *link2.lock().await = new;
                    });
                }
                if !c.writer {
                    continue;
                }
                seq += 1;
                let update = c.edit(&mut rng, seq, t0);
                stats.edits.fetch_add(1, Relaxed);
                let mut guard = link.lock().await;
                if let Some((sink, _)) = guard.as_mut() {
                    if sink.send(frame(&c.prefix(&cfg), Message::Sync(SyncMessage::Update(update)))).await.is_err() {
                        stats.unexpected_closes.fetch_add(1, Relaxed);
                        *guard = None;
                    } else {
                        stats.frames_out.fetch_add(1, Relaxed);
                        if c.full {
                            stats.stamped_full.fetch_add(1, Relaxed);
                        } else {
                            stats.stamped_light.fetch_add(1, Relaxed);
                        }
                    }
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let window = window_start.elapsed().as_secs_f64();
    let (srv_t1, gen_t1) = (server.as_deref().and_then(proc_cpu_ticks), proc_cpu_ticks("self"));
    let (in1, out1, bytes1) =
        (stats.frames_in.load(Relaxed), stats.frames_out.load(Relaxed), stats.bytes_in.load(Relaxed));
    // Settle: wait until nothing has arrived for 1.5 s (30 s at most).
    let settle_start = Instant::now();
    while micros(t0).saturating_sub(stats.last_frame_us.load(Relaxed)) < 1_500_000
        && settle_start.elapsed().as_secs() < 30
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let settle_ms = settle_start.elapsed().as_millis();
    // Convergence: full clients of a room hold the same text, and a fresh verifier gets it too.
    let (mut converged, mut verified, mut mismatched, mut checked) = (0, 0, 0, 0);
    for (r, room) in cfg.rooms.iter().enumerate() {
        let texts: Vec<String> = clients
            .iter()
            .filter(|c| c.full && c.id / cfg.clients == r)
            .map(|c| c.doc.get_or_insert_text("text").get_string(&c.doc.transact()))
            .collect();
        checked += texts.len();
        mismatched += texts.iter().filter(|t| *t != &texts[0]).count();
        if texts.iter().all(|t| t == &texts[0]) {
            converged += 1;
        }
        let verifier = Client {
            id: 1_000_000 + r,
            room: room.clone(),
            full: true,
            writer: false,
            doc: accord_domain::ydoc::new_doc_with_client(9_000_000 + r as u64),
        };
        if let Some((_, reader)) = verifier.connect(&cfg, &stats, t0).await {
            reader.abort();
            if texts
                .first()
                .is_some_and(|t| *t == verifier.doc.get_or_insert_text("text").get_string(&verifier.doc.transact()))
            {
                verified += 1;
            }
        }
    }
    let ticks = 100.0;
    let cpu = |a: Option<u64>, b: Option<u64>| {
        a.zip(b).map(|(a, b)| ((b - a) as f64 / ticks / window * 1000.0).round() / 10.0)
    };
    let full_per_room = (cfg.full.min(cfg.clients)) as u64;
    let expected = stats.stamped_full.load(Relaxed) * full_per_room.saturating_sub(1)
        + stats.stamped_light.load(Relaxed) * full_per_room;
    let mb = |kb: Option<u64>| kb.map(|k| (k as f64 / 102.4).round() / 10.0);
    let line = serde_json::json!({
        "label": cfg.label, "ok": true, "generator_kind": "native-rust",
        "clientsTotal": clients.len(), "writersTotal": clients.iter().filter(|c| c.writer).count(),
        "editsPerS": ((stats.edits.load(Relaxed) as f64 / window) * 10.0).round() / 10.0,
        "latencyMs": percentiles(std::mem::take(&mut *stats.latencies_us.lock().unwrap())),
        "crossLatencyMs": (cfg.urls.len() > 1).then(|| percentiles(std::mem::take(&mut *stats.cross_us.lock().unwrap()))),
        "failoverMs": cfg.kill.as_ref().map(|_| percentiles(std::mem::take(&mut *stats.failover_us.lock().unwrap()))),
        "expectedDeliveries": expected,
        "msgsInPerS": ((in1 - in0) as f64 / window).round(), "msgsOutPerS": ((out1 - out0) as f64 / window).round(),
        "mbInPerS": (((bytes1 - bytes0) as f64 / window / 1e4).round()) / 100.0,
        "skippedEdits": 0,
        "failed": { "connectFailures": stats.connect_failures.load(Relaxed), "unexpectedCloses": stats.unexpected_closes.load(Relaxed) },
        "reconnect": if cfg.reconnect_fraction > 0.0 { serde_json::json!({
            "planned": reconnecting.iter().filter(|r| **r).count(), "ok": stats.reconnects_ok.load(Relaxed),
            "resyncMs": percentiles(std::mem::take(&mut *stats.resync_us.lock().unwrap())) }) } else { serde_json::Value::Null },
        "settleMs": settle_ms,
        "convergence": { "rooms": cfg.rooms.len(), "roomsConverged": converged, "roomsVerifierMatch": verified,
            "checkedClients": checked, "mismatchedClients": mismatched, "converged": converged == cfg.rooms.len() && verified == cfg.rooms.len() },
        "generator": { "cpuPct": cpu(gen_t0, gen_t1), "eventLoopLagMs": { "p99": 0 } },
        "server": server.as_ref().map(|_| serde_json::json!({
            "cpuPct": cpu(srv_t0, srv_t1), "rssBaseMB": mb(rss_base), "rssConnectedMB": mb(rss_connected),
            "rssMaxMB": mb(Some(rss_max.load(Relaxed))), "rssEndMB": mb(server.as_deref().and_then(proc_rss_kb)) })),
    });
    println!("{line}");
    drop(links);
}
