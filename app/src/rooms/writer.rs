//! A room's writer: stores the room's updates in the order the room made them and tells the room how far it has
//! stored, under which number of the document's log (readings and form edits wait for it). Updates that queued
//! up while a write was in flight are merged into one row, so a busy room costs one store write per write's
//! duration, not one per edit. After a write a writer also gathers updates for a pause (`Log::pause`), so that
//! the edits of those milliseconds go into one row: on its own store always, on a shared store only while the
//! server is busy (`Pace`). The first edit after a quiet spell is stored at once.
//!
//! A compaction rewrites the document's row and deletes the log it covers: many times an append's work. It runs
//! beside the appends, not before them, so that no append (and, on a shared store, no relay) waits for it; it
//! covers only updates already stored, and touches none of the rows an append writes.

use crate::error::AppError;
use crate::ids::DocumentId;
use crate::store::Store;
use accord_domain::Document;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// A writer's pause when the store is its own, after every write. The room sends each update on before it is stored, so the
/// pause delays no relay; what someone waits for ends it (`gather`). Measured at native 20 × 20 (README,
/// Benchmarks, «Co-drafting»): the server used 85.5 % of a core with 4 ms, 42.9 with 50, 33.6–37.0 with 100 and
/// 28.3–28.8 with 250, and its p99 did not grow.
const PAUSE_ALONE: Duration = Duration::from_millis(250);
/// With other servers on the store: their clients see an update only once it is stored (README, «Co-drafting»:
/// 4 ms against 10 ms took the p99 at 1 × 100 from 21.8 to 14.0 ms when every relay waited for it).
const PAUSE_SHARED: Duration = Duration::from_millis(4);
/// Updates taken in by all writers together per `PACE_WINDOW`: above this the server is busy.
const BUSY_UPDATES: u32 = 75;
const PACE_WINDOW: Duration = Duration::from_secs(1);

pub(super) enum Write {
    Update {
        /// The room's number of the batch that made it.
        made: i64,
        data: Vec<u8>,
        /// Typed by a client, not made by the server.
        typed: bool,
    },
    Compact {
        seq: i64,
        state: Vec<u8>,
        document: Box<Document>,
    },
    /// Answered once everything before it is stored, with the log number of the last update stored.
    Ack(oneshot::Sender<Result<i64, AppError>>),
    Flush(oneshot::Sender<()>),
    Journal(super::journal::Entry),
    /// A reading waits for what is queued: store it without a pause.
    Hurry,
}

/// Where a room's writer stores.
pub(super) struct Log {
    pub key: DocumentId,
    /// This server process (`Rooms::origin`).
    pub origin: String,
    /// The last log number the room knows of.
    pub floor: i64,
    /// Other servers may append to the same log: what is typed is stored only while the stage lets it.
    pub shared: bool,
}

impl Log {
    /// How long the writer gathers updates after storing `taken` of them, if at all. On its own store it always
    /// does: no relay waits for the store there. On a shared store only while the server is busy, since every
    /// relay waits for it.
    fn pause(&self, pace: &Pace, taken: u32) -> Option<Duration> {
        if !self.shared {
            Some(PAUSE_ALONE)
        } else {
            pace.took(taken).then_some(PAUSE_SHARED)
        }
    }
}

/// What the writer has stored: up to which of the room's batches, under which log number, and the update it
/// stored (those batches' updates merged), which a room on a shared store sends on as one frame.
#[derive(Debug, PartialEq)]
pub(super) struct Stored {
    pub made: i64,
    pub number: i64,
    pub update: Vec<u8>,
}

/// How many updates all rooms' writers took in lately (not how many rows they wrote, which the pause itself
/// lowers), the server's load as its writers see it; it decides the pause on a shared store, where every relay
/// waits for the store. As
/// PostgreSQL's `commit_delay` waits only when `commit_siblings` transactions are active: a pause for group
/// commit only pays when there are others to group. Measured (README, «Co-drafting» benchmarks): with a pause
/// after every write an edit in a quiet room waited up to 10 ms for nothing; with none, a busy server wrote a row
/// and sent a frame per edit and spent almost three times the CPU.
#[derive(Default)]
pub(super) struct Pace(std::sync::Mutex<Windows>);

#[derive(Default)]
struct Windows {
    started: Option<Instant>,
    this: u32,
    last: u32,
}

impl Pace {
    /// Counts `updates` taken in; true while this window or the last held more than `BUSY_UPDATES`.
    fn took(&self, updates: u32) -> bool {
        self.took_at(updates, Instant::now())
    }

    fn took_at(&self, updates: u32, now: Instant) -> bool {
        let mut w = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match w.started.map(|s| now.saturating_duration_since(s)) {
            Some(age) if age < PACE_WINDOW => {}
            Some(age) if age < 2 * PACE_WINDOW => {
                w.last = std::mem::take(&mut w.this);
                w.started = w.started.map(|s| s + PACE_WINDOW);
            }
            _ => *w = Windows { started: Some(now), this: 0, last: 0 },
        }
        w.this = w.this.saturating_add(updates);
        w.this.max(w.last) > BUSY_UPDATES
    }
}

/// What all rooms' writers share.
pub(super) struct Shared {
    pub pace: Arc<Pace>,
    pub committer: super::commit::Committer,
}

/// Runs until the room drops its sender, telling it through `stored` the last update stored. On a refused write
/// it stops and tells the room through `failed`.
pub(super) async fn run(
    store: Store,
    mut log: Log,
    mut queue: mpsc::UnboundedReceiver<Write>,
    stored: mpsc::UnboundedSender<Stored>,
    failed: oneshot::Sender<()>,
    shared: Shared,
) {
    let Shared { pace, committer } = shared;
    let key = log.key.clone();
    let mut writes = Vec::new();
    let mut compacting = Compacting::default();
    loop {
        if writes.is_empty() && queue.recv_many(&mut writes, GATHERED).await == 0 {
            break;
        }
        let mut pending = Pending::default();
        let mut taken = 0u32;
        let mut error: Option<AppError> = None;
        for write in writes.drain(..) {
            // After a refused write no more text is stored; a form edit waiting for its answer gets the refusal.
            // The journal's entries describe text stored before, and are stored still.
            if let Some(e) = &error {
                match write {
                    Write::Ack(reply) => {
                        let _ = reply.send(Err(e.clone()));
                    }
                    Write::Journal(entry) => store_journal(&store, &key, entry).await,
                    _ => {}
                }
                continue;
            }
            match write {
                Write::Update { made, data, typed } => {
                    taken += 1;
                    pending.updates.push(data);
                    pending.made = made;
                    pending.typed |= typed;
                }
                other => {
                    if let Err(e) = store_updates(&committer, &mut log, &mut pending, &stored).await {
                        if let Write::Ack(reply) = other {
                            let _ = reply.send(Err(e.clone()));
                        }
                        error = Some(e);
                        continue;
                    }
                    match other {
                        Write::Compact { seq, state, document } => match compacting.finish().await {
                            Ok(()) => compacting.start(&store, &key, seq, state, document),
                            Err(e) => error = Some(e),
                        },
                        Write::Ack(reply) => {
                            let _ = reply.send(Ok(log.floor));
                        }
                        Write::Flush(reply) => match compacting.finish().await {
                            Ok(()) => {
                                let _ = reply.send(());
                            }
                            Err(e) => error = Some(e),
                        },
                        Write::Journal(entry) => store_journal(&store, &key, entry).await,
                        Write::Hurry => {}
                        Write::Update { .. } => unreachable!("handled above"),
                    }
                }
            }
        }
        if error.is_none() {
            if let Err(e) = store_updates(&committer, &mut log, &mut pending, &stored).await {
                error = Some(e);
            }
        }
        if error.is_none() && compacting.done() {
            error = compacting.finish().await.err();
        }
        if let Some(e) = error {
            tracing::error!(room = %key, "store write failed: {e}");
            let _ = failed.send(());
            return;
        }
        if let Some(pause) = (taken > 0).then(|| log.pause(&pace, taken)).flatten() {
            gather(&mut queue, &mut writes, pause).await;
        }
    }
    if let Err(e) = compacting.finish().await {
        tracing::error!(room = %key, "compaction failed: {e}");
    }
}

/// Writes taken from the queue at once at most.
const GATHERED: usize = 1024;

/// Takes writes into `writes` for `pause`, or until one comes that is not an update (a form edit, a flush or a
/// reading waits for it; a compaction or a journal entry is rare), or the queue closes.
async fn gather(queue: &mut mpsc::UnboundedReceiver<Write>, writes: &mut Vec<Write>, pause: Duration) {
    let until = tokio::time::Instant::now() + pause;
    loop {
        let before = writes.len();
        tokio::select! {
            _ = tokio::time::sleep_until(until) => return,
            taken = queue.recv_many(writes, GATHERED) => {
                if taken == 0 || writes[before..].iter().any(|w| !matches!(w, Write::Update { .. })) {
                    return;
                }
            }
        }
    }
}

/// The compaction under way, if any: one at a time, each after the one before.
#[derive(Default)]
struct Compacting(Option<tokio::task::JoinHandle<Result<(), AppError>>>);

impl Compacting {
    fn start(&mut self, store: &Store, key: &DocumentId, seq: i64, state: Vec<u8>, document: Box<Document>) {
        let (store, key) = (store.clone(), key.clone());
        self.0 = Some(tokio::spawn(async move {
            let started = Instant::now();
            let compacted = store.compact(&key, seq, &BASE64.encode(state), &document).await;
            tracing::debug!(room = %key, seq, ms = started.elapsed().as_millis() as u64, "compacted");
            compacted
        }));
    }

    fn done(&self) -> bool {
        self.0.as_ref().is_some_and(|task| task.is_finished())
    }

    async fn finish(&mut self) -> Result<(), AppError> {
        match self.0.take() {
            None => Ok(()),
            Some(task) => task.await.unwrap_or_else(|e| {
                tracing::error!("compaction stopped: {e}");
                Err(AppError::Unexpected)
            }),
        }
    }
}

/// The journal is a record beside the text: a refused entry is logged, the room goes on.
async fn store_journal(store: &Store, key: &DocumentId, entry: super::journal::Entry) {
    let (started, ended) = (entry.started.elapsed(), entry.ended.elapsed());
    if let Err(e) = store.append_edit(key, &entry.authors, started, ended, &entry.changes).await {
        tracing::error!(room = %key, "journal entry not stored: {e}");
    }
}

/// Updates queued up since the last write, stored as one.
#[derive(Default)]
struct Pending {
    updates: Vec<Vec<u8>>,
    made: i64,
    typed: bool,
}

async fn store_updates(
    committer: &super::commit::Committer,
    log: &mut Log,
    pending: &mut Pending,
    stored: &mpsc::UnboundedSender<Stored>,
) -> Result<(), AppError> {
    let data = match pending.updates.len() {
        0 => return Ok(()),
        1 => pending.updates.pop().unwrap_or_default(),
        _ => yrs::merge_updates_v1(pending.updates.drain(..)).map_err(|e| {
            tracing::error!("cannot merge updates: {e}");
            AppError::Unexpected
        })?,
    };
    let typed = std::mem::take(&mut pending.typed);
    pending.updates.clear();
    let append = crate::store::Append {
        data: &BASE64.encode(&data),
        floor: log.floor,
        origin: &log.origin,
        only_while_drafting: typed && log.shared,
    };
    let number = committer.append(&log.key, append).await?;
    log.floor = number;
    let _ = stored.send(Stored { made: pending.made, number, update: data });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use accord_domain::State;
    use yrs::updates::decoder::Decode;
    use yrs::{ReadTxn, StateVector, Transact};

    fn shared(store: &Store) -> Shared {
        Shared { pace: Default::default(), committer: super::super::commit::Committer::start(store.clone()) }
    }

    #[test]
    fn the_server_is_busy_only_while_its_writers_take_in_more_than_the_pace() {
        let pace = Pace::default();
        let t0 = Instant::now();
        let ms = |n: u64| t0 + Duration::from_millis(n);
        // A quiet server: an update now and then.
        assert!((0..BUSY_UPDATES).all(|i| !pace.took_at(1, ms(u64::from(i)))));
        // One more in the same window: busy, and still busy through the next window, which remembers this one.
        assert!(pace.took_at(1, ms(500)));
        assert!(pace.took_at(1, ms(1_500)));
        // Two windows later the burst is forgotten.
        assert!(!pace.took_at(1, ms(2_500)));
        // A long quiet spell starts over; many updates at once count as many.
        assert!(!pace.took_at(1, ms(100_000)));
        assert!(pace.took_at(BUSY_UPDATES, ms(100_001)));
    }

    /// On its own store a writer gathers after every write, the first edit of a quiet server too; on a shared
    /// store only once the server is busy.
    #[test]
    fn a_writer_pauses_alone_always_and_on_a_shared_store_only_when_busy() {
        let log = |shared| Log { key: DocumentId::from("d1"), origin: "a".into(), floor: 0, shared };
        let pace = Pace::default();
        assert_eq!(log(false).pause(&pace, 1), Some(PAUSE_ALONE));
        assert_eq!(log(true).pause(&pace, 1), None);
        assert_eq!(log(true).pause(&pace, BUSY_UPDATES), Some(PAUSE_SHARED));
    }

    /// A pause gathers updates until it ends, and ends early for a write someone waits for or a closed queue.
    #[tokio::test]
    async fn a_pause_ends_early_for_what_someone_waits_for() {
        let update = |made| Write::Update { made, data: vec![0, 0], typed: true };
        let long = Duration::from_secs(3600);
        let (queue, mut inbox) = mpsc::unbounded_channel();
        let mut writes = Vec::new();
        queue.send(update(1)).unwrap();
        let (ack, _answer) = oneshot::channel();
        queue.send(Write::Ack(ack)).unwrap();
        tokio::time::timeout(Duration::from_secs(10), gather(&mut inbox, &mut writes, long))
            .await
            .expect("a form edit ends the pause");
        assert!(matches!(writes[..], [Write::Update { made: 1, .. }, Write::Ack(_)]));

        writes.clear();
        queue.send(update(2)).unwrap();
        queue.send(Write::Hurry).unwrap();
        tokio::time::timeout(Duration::from_secs(10), gather(&mut inbox, &mut writes, long))
            .await
            .expect("a reading ends the pause");
        assert_eq!(writes.len(), 2);

        writes.clear();
        queue.send(update(3)).unwrap();
        queue.send(update(4)).unwrap();
        gather(&mut inbox, &mut writes, Duration::from_millis(20)).await;
        assert_eq!(writes.len(), 2, "updates alone are gathered for the whole pause");

        writes.clear();
        drop(queue);
        tokio::time::timeout(Duration::from_secs(10), gather(&mut inbox, &mut writes, long))
            .await
            .expect("a closed queue ends the pause");
        assert!(writes.is_empty());
    }

    /// Updates that queued up while the writer was busy are stored as one row, which holds them all, and handed
    /// back as one update.
    #[tokio::test]
    async fn updates_queued_together_are_stored_as_one_row() {
        use yrs::{GetString, Text};
        let store = Store::connect("mem://").await.unwrap();
        let key =
            store.create_document(&"e1".into(), State::Drafting, false, &Document::default(), None).await.unwrap();
        let (queue, inbox) = mpsc::unbounded_channel();
        for (made, word) in [(1, "раз"), (2, "два"), (3, "три")] {
            let doc = yrs::Doc::new();
            doc.get_or_insert_text("t").insert(&mut doc.transact_mut(), 0, word);
            let data = doc.transact().encode_state_as_update_v1(&StateVector::default());
            queue.send(Write::Update { made, data, typed: true }).unwrap();
        }
        let (stored_tx, mut stored) = mpsc::unbounded_channel();
        let (failed, _) = oneshot::channel();
        let log = Log { key: key.clone(), origin: "a".into(), floor: 0, shared: false };
        tokio::spawn(run(store.clone(), log, inbox, stored_tx, failed, shared(&store)));

        let Stored { made, number, update } = stored.recv().await.unwrap();
        assert_eq!((made, number), (3, 1));
        let text = store.shared_text(&key).await.unwrap();
        assert_eq!(text.updates.len(), 1);
        let row = BASE64.decode(&text.updates[0].data).unwrap();
        assert_eq!(row, update, "the update handed back is the row stored");
        let doc = yrs::Doc::new();
        let t = doc.get_or_insert_text("t");
        doc.transact_mut().apply_update(yrs::Update::decode_v1(&row).unwrap()).unwrap();
        let read = t.get_string(&doc.transact());
        assert!(["раз", "два", "три"].iter().all(|w| read.contains(w)), "{read}");
        drop(queue);
        assert_eq!(stored.recv().await, None);
    }

    /// Appends queued after a compaction are stored while it runs or after; a flush is answered only once the
    /// compaction before it is stored.
    #[tokio::test]
    async fn a_flush_waits_for_the_compaction_queued_before_it() {
        let store = Store::connect("mem://").await.unwrap();
        let doc = Document::default();
        let key = store.create_document(&"e1".into(), State::Drafting, false, &doc, None).await.unwrap();
        let update = yrs::Doc::new().transact().encode_state_as_update_v1(&StateVector::default());
        let (queue, inbox) = mpsc::unbounded_channel();
        let (stored_tx, mut stored) = mpsc::unbounded_channel();
        let (failed, _) = oneshot::channel();
        let log = Log { key: key.clone(), origin: "a".into(), floor: 0, shared: true };
        tokio::spawn(run(store.clone(), log, inbox, stored_tx, failed, shared(&store)));

        // A log long enough that deleting it takes longer than one append, one row per update: a writer on a
        // shared store does not pause while the server is quiet.
        const LOGGED: i64 = 200;
        for made in 1..=LOGGED {
            queue.send(Write::Update { made, data: update.clone(), typed: true }).unwrap();
            assert_eq!(stored.recv().await.map(|s| (s.made, s.number)), Some((made, made)));
        }
        queue.send(Write::Compact { seq: LOGGED, state: update.clone(), document: Box::new(doc) }).unwrap();
        queue.send(Write::Update { made: LOGGED + 1, data: update, typed: true }).unwrap();
        let (flush, flushed) = oneshot::channel();
        queue.send(Write::Flush(flush)).unwrap();
        flushed.await.unwrap();

        let text = store.shared_text(&key).await.unwrap();
        assert_eq!(text.yseq, LOGGED);
        assert_eq!(text.updates.iter().map(|u| u.seq).collect::<Vec<_>>(), [LOGGED + 1]);
        assert_eq!(stored.recv().await.map(|s| (s.made, s.number)), Some((LOGGED + 1, LOGGED + 1)));
    }
}
