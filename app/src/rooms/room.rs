//! One open document: its task, its connections, and the y-websocket protocol as a server speaks it.

use super::journal::Journal;
use super::tail::Remote;
use super::writer::{self, Write};
use super::{Command, Outgoing, Reading, Rooms, Settings};
use crate::error::AppError;
use crate::ids::DocumentId;
use crate::store::Store;
use accord_domain::ydoc::frame::{self, Incoming, Refusal};
use accord_domain::ydoc::nesting::Nesting;
use accord_domain::ydoc::{self, Roots};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use bytes::Bytes;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use tokio::sync::mpsc;
use yrs::sync::{Awareness, Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{ClientID, Doc, ReadTxn, StateVector, Transact};

/// Commands taken in one batch at most: bounds the time one batch holds the room.
const BATCH: usize = 1024;
/// Room for commands a room keeps between batches.
const KEPT_BATCH: usize = 32;
/// How often at most a room announces that its text changed (`LiveUpdate::Text`): each announcement has every
/// page that shows the draft as read fetch it again.
const TEXT_ANNOUNCED_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

struct Conn {
    out: mpsc::Sender<Outgoing>,
    editor: bool,
    user: Option<String>,
    /// Awareness client ids this connection has spoken for, removed when it leaves.
    clients: HashSet<ClientID>,
    told_read_only: bool,
}

pub(super) struct Room {
    key: DocumentId,
    settings: Settings,
    doc: Doc,
    roots: Roots,
    nesting: Nesting,
    awareness: Awareness,
    conns: HashMap<u64, Conn>,
    /// False once the document left drafting: every connection reads only, whatever it was admitted as.
    editable: bool,
    /// Batches that changed the text, counted by the room.
    made: i64,
    /// The last batch the writer has stored.
    stored: i64,
    /// The highest number of the document's log the room holds: a reading's revision, which form edits name.
    log: i64,
    /// Every update of the log up to this number is in the room: what a compaction may cover. Read by the room's
    /// reader of other servers' updates (`tail::follow`).
    covered: Arc<AtomicI64>,
    compacted: i64,
    /// Times other servers' updates changed the text here.
    taken: u64,
    /// Since when the room has had nothing of its own to do: with no connections for `Settings::idle`, it unloads.
    /// Other servers' updates and presence do not count.
    quiet_since: std::time::Instant,
    lineage: String,
    writer: mpsc::UnboundedSender<Write>,
    writer_failed: tokio::sync::oneshot::Receiver<()>,
    stored_rx: mpsc::UnboundedReceiver<writer::Stored>,
    /// Readings of the text as of a batch not stored yet (`made`), and on a shared store sync replies too, let go
    /// in order once the writer has stored it: a page or a form edit is made only from stored text, and its
    /// revision names it.
    held: VecDeque<(i64, Held)>,
    /// Whether an update is sent on as soon as it is applied, or only once stored (`Room::load`).
    relay: Relay,
    journal: Journal,
    /// With other servers on the same store: where the awareness of this server's own connections goes for
    /// them (`tail::write_presence`), and every client id it has named there.
    presence: Option<mpsc::UnboundedSender<Vec<u8>>>,
    announced: HashSet<ClientID>,
    /// Text stored here since the last `LiveUpdate::Text`, and when that was.
    text_unannounced: bool,
    text_announced: Option<std::time::Instant>,
}

enum Held {
    /// A sync reply to one connection, on a shared store.
    Reply(u64, Bytes),
    /// The document for a page or a form edit, and where the room stood when it was read.
    Reading(tokio::sync::oneshot::Sender<Reading>, Box<Reading>, ReadAt),
}

/// When the room sends text on.
#[derive(Clone, Copy, PartialEq)]
enum Relay {
    /// As soon as it is applied, and stored in the order made, so the store holds a prefix of what was sent: a
    /// crash can take back only the updates still being stored, which the client that typed them, and every
    /// editor they were sent to, holds and gives back when it reconnects (sync step 2). On the room's own store nothing but a failing disk refuses an
    /// append. Waiting for the store made every edit wait for the writer's group commit, and Accord's p99 1.7–2.3
    /// times Hocuspocus's (README, «Co-drafting»).
    AtOnce,
    /// Only once stored: with other servers on the store, the store, not the room, knows whether the draft is
    /// still in drafting, and refuses an append typed after another server moved it on; text sent before that
    /// refusal would stay on the screens of people voting on a text without it.
    OnceStored,
}

/// The room's counts when a reading was taken: its revision is exact only if nothing changed the text since.
#[derive(Clone, Copy)]
struct ReadAt {
    made: i64,
    taken: u64,
}

/// What one batch produced: replies and awareness sent as soon as the batch is applied, readings let go and form
/// edits answered once the writer has stored its update.
#[derive(Default)]
struct Batch {
    replies: Vec<(u64, Outgoing)>,
    /// Replies carrying the text (sync step 2), sent as the batch's update is (`Relay`).
    text_replies: Vec<(u64, Bytes)>,
    readings: Vec<(tokio::sync::oneshot::Sender<Reading>, Reading, ReadAt)>,
    aware: Vec<ClientID>,
    edits: Vec<(oneshot_reply::Reply, Result<(), AppError>)>,
    drop: Vec<(u64, &'static str)>,
    /// Users whose edits are in this batch.
    authors: Vec<String>,
    /// The journal's open stretch ends with this batch (the text stopped being editable, or someone asked).
    close_journal: bool,
    journal_replies: Vec<tokio::sync::oneshot::Sender<()>>,
    /// Why the draft in memory can no longer be read (`Refusal::Draft`): the batch ends there, and the room
    /// closes without storing or sending any of it.
    unsound: Option<&'static str>,
    /// A client's update is in the batch: on a shared store it is stored only while the stage lets it.
    typed: bool,
    /// What changed the text: the connections whose updates are in the batch, and whether a form edit did.
    senders: HashSet<u64>,
    edited: bool,
}

impl Batch {
    /// The one connection whose update is all the batch changed: it holds the batch's update already.
    fn only_sender(&self) -> Option<u64> {
        match (self.edited, self.senders.len()) {
            (false, 1) => self.senders.iter().next().copied(),
            _ => None,
        }
    }
}

mod oneshot_reply {
    pub type Reply = tokio::sync::oneshot::Sender<Result<i64, crate::error::AppError>>;
}

fn outgoing(message: &Message) -> Outgoing {
    Outgoing::Frame(Bytes::from(message.encode_v1()))
}

impl Room {
    /// Loads a document's room; `presence` is given where other servers share the store.
    pub(super) async fn load(
        store: &Store,
        key: &DocumentId,
        settings: Settings,
        origin: &str,
        presence: Option<mpsc::UnboundedSender<Vec<u8>>>,
        writers: writer::Shared,
    ) -> Result<Room, AppError> {
        let mut stored = store.shared_text(key).await?;
        if stored.ystate.is_none() {
            // A document from before the shared text: its first state, made from its structured form, is stored
            // once; a server loading it at the same moment may have stored its own, and both load that one.
            let (doc, _) = stored.to_doc()?;
            let state = doc.transact().encode_state_as_update_v1(&StateVector::default());
            store.first_state(key, &BASE64.encode(state)).await?;
            stored = store.shared_text(key).await?;
        }
        let (doc, seq) = stored.to_doc()?;
        let roots = Roots::of(&doc);
        let lineage = ydoc::lineage(&doc.transact(), &roots);
        let journal = Journal::new(ydoc::read(&doc.transact(), &roots));
        let nesting = Nesting::of(&doc.transact());
        let awareness = Awareness::new(doc.clone());
        let (writer, queue) = mpsc::unbounded_channel();
        let (failed, writer_failed) = tokio::sync::oneshot::channel();
        let (stored_tx, stored_rx) = mpsc::unbounded_channel();
        let log = writer::Log { key: key.clone(), origin: origin.to_string(), floor: seq, shared: store.is_shared() };
        tokio::spawn(writer::run(store.clone(), log, queue, stored_tx, failed, writers));
        let room = Room {
            key: key.clone(),
            settings,
            doc,
            roots,
            nesting,
            awareness,
            conns: HashMap::new(),
            editable: true,
            made: 0,
            stored: 0,
            log: seq,
            covered: Arc::new(AtomicI64::new(seq)),
            compacted: stored.yseq,
            taken: 0,
            quiet_since: std::time::Instant::now(),
            lineage,
            writer,
            writer_failed,
            stored_rx,
            held: VecDeque::new(),
            relay: if store.is_shared() { Relay::OnceStored } else { Relay::AtOnce },
            journal,
            presence,
            announced: HashSet::new(),
            text_unannounced: false,
            text_announced: None,
        };
        Ok(room)
    }

    pub(super) fn covered(&self) -> Arc<AtomicI64> {
        self.covered.clone()
    }

    /// The log number that names the text as it stands: every update up to it is here, none after it, and all
    /// the room made is stored. None while that is not so (an update being stored, or a gap in what the room
    /// holds of the log).
    fn current_revision(&self) -> Option<i64> {
        let covered = self.covered.load(Ordering::Acquire);
        (self.made == self.stored && covered == self.log).then_some(covered)
    }

    /// A reading's revision: exact when nothing changed the text since it was read and `current_revision` is
    /// known; otherwise one no form edit can match, so that an edit made on it is refused and the page reloaded
    /// (a revision too high would let an edit overwrite words its form never showed).
    fn revision(&self, at: ReadAt) -> i64 {
        match self.current_revision() {
            Some(revision) if at.made == self.made && at.taken == self.taken => revision,
            _ => -1,
        }
    }

    fn cover(&mut self, through: i64) {
        self.covered.fetch_max(through, Ordering::AcqRel);
        self.log = self.log.max(through);
    }

    /// The writer stored the batches up to `made` as log number `number`; on a shared store their update may now
    /// leave the server, as one frame however many batches it merged.
    fn take_stored(&mut self, stored: writer::Stored) {
        let writer::Stored { made, number, update } = stored;
        self.stored = self.stored.max(made);
        self.log = self.log.max(number);
        // The next number after all the room holds; otherwise another server's update came between, and the
        // reader of the log covers both once it has read it.
        let _ = self.covered.compare_exchange(number - 1, number, Ordering::AcqRel, Ordering::Acquire);
        self.text_unannounced = true;
        if self.relay == Relay::OnceStored {
            self.broadcast(Bytes::from(Message::Sync(SyncMessage::Update(update)).encode_v1()), None);
        }
    }

    pub(super) async fn run(mut self, mut inbox: mpsc::Receiver<Command>, rooms: Rooms) {
        // Grown as batches come, and given back after a burst: `BATCH` commands held would cost a room about 70 KB.
        let mut commands = Vec::new();
        loop {
            let journal_due = self.journal.due();
            let unload_at = self.quiet_since + self.settings.idle;
            let text_announce_at =
                self.text_announced.map_or_else(std::time::Instant::now, |at| at + TEXT_ANNOUNCED_EVERY);
            tokio::select! {
                // Other servers hear of it through `Rooms::publish` too; the text typed there is announced there.
                _ = tokio::time::sleep_until(text_announce_at.into()), if self.text_unannounced => {
                    self.text_unannounced = false;
                    self.text_announced = Some(std::time::Instant::now());
                    rooms.publish(&self.key, crate::live_update::LiveUpdate::Text);
                }
                _ = tokio::time::sleep_until(journal_due.unwrap_or_else(std::time::Instant::now).into()), if journal_due.is_some() => {
                    self.close_journal();
                }
                received = inbox.recv_many(&mut commands, BATCH) => match received {
                    0 => break,
                    _ => {
                        if commands.iter().any(|c| !matches!(c, Command::Remote(_) | Command::Presence(_))) {
                            self.quiet_since = std::time::Instant::now();
                        }
                        // yrs panics on some updates it cannot integrate; none is known since the frame checks
                        // (`ydoc::frame`), but if one comes, the document in memory may be half-changed: drop the
                        // room as after a failed write, and its clients resync with one loaded from the store.
                        // So is a batch whose update would not read back from the store, or that an update left
                        // unreadable even once withdrawn (`frame::Refusal::Draft`).
                        let handled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.handle(commands.drain(..))));
                        commands.shrink_to(KEPT_BATCH);
                        if let Err(failed) = handled.unwrap_or(Err("a panic")) {
                            // What the writer holds was made before the batch: stored before a new room loads.
                            tracing::error!(room = %self.key, "closing the room after {failed} in a batch");
                            let mut open = rooms.inner.open.lock().await;
                            let (reply, flushed) = tokio::sync::oneshot::channel();
                            let _ = self.writer.send(Write::Flush(reply));
                            let _ = flushed.await;
                            open.remove(&self.key);
                            return;
                        }
                    }
                },
                _ = tokio::time::sleep_until(unload_at.into()), if self.conns.is_empty() => {
                    {
                        let mut open = rooms.inner.open.lock().await;
                        if !inbox.is_empty() {
                            continue;
                        }
                        self.close_journal();
                        self.compact();
                        let (reply, flushed) = tokio::sync::oneshot::channel();
                        let _ = self.writer.send(Write::Flush(reply));
                        if flushed.await.is_err() {
                            tracing::error!(room = %self.key, "the writer stopped before the room unloaded");
                        }
                        open.remove(&self.key);
                        tracing::debug!(room = %self.key, "unloaded");
                        return;
                    }
                },
                Some(stored) = self.stored_rx.recv() => {
                    self.take_stored(stored);
                    self.release();
                }
                _ = &mut self.writer_failed => {
                    // The store refused a write: what this room holds in memory is not durable. Drop the room
                    // and its connections; clients reconnect to a room loaded from the store and resend.
                    tracing::error!(room = %self.key, "closing the room after a failed store write");
                    rooms.inner.open.lock().await.remove(&self.key);
                    return;
                }
            }
        }
    }

    /// Applies a batch of commands in one transaction; `Err` when a client's update left the draft unreadable
    /// (`Refusal::Draft`) or the batch's update would not read back, and the room must close without storing or
    /// sending it.
    fn handle(&mut self, commands: impl Iterator<Item = Command>) -> Result<(), &'static str> {
        let mut batch = Batch::default();
        let mut locks = Vec::new();
        // A form edit's revision is checked against what is stored so far.
        while let Ok(stored) = self.stored_rx.try_recv() {
            self.take_stored(stored);
        }
        let (others, commands): (Vec<Command>, Vec<Command>) =
            commands.partition(|c| matches!(c, Command::Remote(_) | Command::Presence(_)));
        self.take_others(others, &mut batch);
        let doc = self.doc.clone();
        let update = {
            let mut txn = doc.transact_mut();
            for command in commands {
                match command {
                    Command::Remote(_) | Command::Presence(_) => unreachable!("taken above"),
                    Command::Join { conn, editor, user, out, reply } => {
                        let sv = txn.state_vector();
                        batch.replies.push((conn, outgoing(&Message::Sync(SyncMessage::SyncStep1(sv)))));
                        if let Ok(update) = self.awareness.update() {
                            if !update.clients.is_empty() {
                                batch.replies.push((conn, outgoing(&Message::Awareness(update))));
                            }
                        }
                        let editor = editor && self.editable;
                        let c = Conn { out, editor, user, clients: HashSet::new(), told_read_only: false };
                        self.conns.insert(conn, c);
                        let _ = reply.send(());
                    }
                    Command::Frame { conn, data } => {
                        let Some(editor) = self.conns.get(&conn).map(|c| c.editor) else { continue };
                        if let Err(reason) = self.frame(&mut txn, conn, editor, &data, &mut batch) {
                            batch.drop.push((conn, reason));
                        }
                        if batch.unsound.is_some() {
                            break;
                        }
                    }
                    Command::Leave { conn } => self.leave(conn, &mut batch),
                    Command::Read { reply, state } => {
                        let reading = Reading {
                            document: ydoc::read(&txn, &self.roots),
                            // Set when it is let go, once what it carries is stored (`release`).
                            seq: 0,
                            state: state.then(|| txn.encode_state_as_update_v1(&StateVector::default())),
                            lineage: self.lineage.clone(),
                        };
                        batch.readings.push((reply, reading, ReadAt { made: self.made, taken: self.taken }));
                    }
                    Command::Edit { expected_seq, by, change, reply } => {
                        let current = ydoc::read(&txn, &self.roots);
                        let outcome = match expected_seq {
                            Some(seq) if Some(seq) != self.current_revision() => Err(AppError::Conflict),
                            _ => change(current).map(|target| ydoc::reconcile(&mut txn, &self.roots, &target)),
                        };
                        if outcome.is_ok() {
                            batch.authors.extend(by);
                            batch.edited = true;
                        }
                        batch.edits.push((reply, outcome));
                    }
                    Command::Lock { reply } => locks.push(reply),
                    Command::CloseJournal { reply } => {
                        batch.close_journal = true;
                        batch.journal_replies.push(reply);
                    }
                    Command::Editable(editable) => {
                        batch.close_journal |= !editable;
                        self.editable = editable;
                        if !editable {
                            self.conns.values_mut().for_each(|c| c.editor = false);
                        }
                    }
                }
            }
            txn.encode_update_v1()
        };
        for (conn, reason) in std::mem::take(&mut batch.drop) {
            if let Some(c) = self.conns.get(&conn) {
                let _ = c.out.try_send(Outgoing::Close(1003, reason));
            }
            self.leave(conn, &mut batch);
        }
        // An empty transaction encodes as two zero bytes: no structs, no deletions.
        let changed = update.len() > 2;
        let unsound =
            batch.unsound.or((changed && !frame::reads_back(&update)).then_some("an update that does not read back"));
        if let Some(reason) = unsound {
            // Those waiting for what came before are answered once the writer has stored it.
            for reply in locks {
                let _ = self.writer.send(Write::Flush(reply));
            }
            return Err(reason);
        }
        // Readings and form edits, which name a revision of the log, wait for the store (`held`, `Write::Ack`).
        if changed {
            self.made += 1;
            let typed = batch.typed;
            if self.relay == Relay::AtOnce {
                let message = Bytes::from(Message::Sync(SyncMessage::Update(update.clone())).encode_v1());
                self.broadcast(message, batch.only_sender());
            }
            let _ = self.writer.send(Write::Update { made: self.made, data: update, typed });
            self.journal.touch(std::mem::take(&mut batch.authors), std::time::Instant::now());
        }
        if batch.close_journal {
            self.close_journal();
            for reply in std::mem::take(&mut batch.journal_replies) {
                let _ = self.writer.send(Write::Flush(reply));
            }
        }
        for (reply, outcome) in batch.edits {
            match outcome {
                Ok(()) => {
                    let _ = self.writer.send(Write::Ack(reply));
                }
                Err(e) => {
                    let _ = reply.send(Err(e));
                }
            }
        }
        for (conn, out) in batch.replies {
            self.send(conn, out);
        }
        if !batch.readings.is_empty() && self.stored < self.made {
            let _ = self.writer.send(Write::Hurry);
        }
        for (reply, reading, at) in batch.readings {
            self.held.push_back((self.made, Held::Reading(reply, Box::new(reading), at)));
        }
        for (conn, reply) in batch.text_replies {
            match self.relay {
                Relay::AtOnce => self.send(conn, Outgoing::Frame(reply)),
                Relay::OnceStored => self.held.push_back((self.made, Held::Reply(conn, reply))),
            }
        }
        self.release();
        if !batch.aware.is_empty() {
            self.tell_others_of_presence(&batch.aware);
            if let Ok(update) = self.awareness.update_with_clients(batch.aware) {
                self.broadcast(Bytes::from(Message::Awareness(update).encode_v1()), None);
            }
        }
        if self.log - self.compacted >= self.settings.compact_every {
            self.compact();
        }
        for reply in locks {
            let _ = self.writer.send(Write::Flush(reply));
        }
        Ok(())
    }

    /// Reads one frame. An error ends the connection that sent it, and nothing else.
    fn frame(
        &mut self,
        txn: &mut yrs::TransactionMut,
        conn: u64,
        editor: bool,
        data: &[u8],
        batch: &mut Batch,
    ) -> Result<(), &'static str> {
        /// A client's frame that does not read closes its connection; the decoder's words go to the debug log.
        fn refused(what: &'static str, cause: impl std::fmt::Display) -> &'static str {
            tracing::debug!(%cause, "{what}");
            what
        }
        let messages = frame::read(data).map_err(|e| refused("malformed message", e))?;
        if messages.is_empty() {
            return Err("empty message");
        }
        for message in messages {
            match message {
                Incoming::StateVector(sv) => {
                    let update = txn.encode_state_as_update_v1(&sv);
                    batch
                        .text_replies
                        .push((conn, Bytes::from(Message::Sync(SyncMessage::SyncStep2(update)).encode_v1())));
                }
                Incoming::Update(received) => {
                    if !editor {
                        self.refuse(conn, batch);
                        continue;
                    }
                    batch.typed = true;
                    batch.senders.insert(conn);
                    match frame::apply(txn, &self.roots, &mut self.nesting, received) {
                        Ok(authored) => {
                            if authored {
                                batch.authors.extend(self.conns.get(&conn).and_then(|c| c.user.clone()));
                            }
                        }
                        Err(Refusal::Sender(reason)) => return Err(reason),
                        Err(Refusal::Draft(reason)) => {
                            batch.unsound = Some(reason);
                            return Err(reason);
                        }
                    }
                }
                Incoming::Awareness(update) => {
                    let clients: Vec<ClientID> = update.clients.keys().copied().collect();
                    let summary =
                        self.awareness.apply_update_summary(update).map_err(|e| refused("malformed awareness", e))?;
                    if let Some(c) = self.conns.get_mut(&conn) {
                        c.clients.extend(clients);
                    }
                    if let Some(summary) = summary {
                        batch.aware.extend(summary.added);
                        batch.aware.extend(summary.updated);
                        batch.aware.extend(summary.removed);
                    }
                }
                Incoming::AwarenessQuery => {
                    if let Ok(update) = self.awareness.update() {
                        batch.replies.push((conn, outgoing(&Message::Awareness(update))));
                    }
                }
                Incoming::Ignored => {}
            }
        }
        Ok(())
    }

    /// Tells a read-only connection once why its edits do not land (y-websocket's permission-denied message).
    fn refuse(&mut self, conn: u64, batch: &mut Batch) {
        if let Some(c) = self.conns.get_mut(&conn) {
            if !c.told_read_only {
                c.told_read_only = true;
                batch.replies.push((conn, outgoing(&Message::Auth(Some("read-only".to_string())))));
            }
        }
    }

    fn leave(&mut self, conn: u64, batch: &mut Batch) {
        if let Some(c) = self.conns.remove(&conn) {
            for client in c.clients {
                self.awareness.remove_state(client);
                batch.aware.push(client);
            }
        }
    }

    fn send(&mut self, conn: u64, out: Outgoing) {
        let full = match self.conns.get(&conn) {
            Some(c) => c.out.try_send(out).is_err(),
            None => false,
        };
        if full {
            let mut batch = Batch::default();
            self.leave(conn, &mut batch);
        }
    }

    /// Lets go of what was held whose text is stored, in the order it was made.
    fn release(&mut self) {
        while self.held.front().is_some_and(|(seq, _)| *seq <= self.stored) {
            let Some((_, held)) = self.held.pop_front() else { break };
            match held {
                Held::Reply(conn, message) => self.send(conn, Outgoing::Frame(message)),
                Held::Reading(reply, mut reading, at) => {
                    reading.seq = self.revision(at);
                    let _ = reply.send(*reading);
                }
            }
        }
    }

    /// Sends `message` to every connection but `except`.
    fn broadcast(&mut self, message: Bytes, except: Option<u64>) {
        let slow: Vec<u64> = self
            .conns
            .iter()
            .filter(|(id, _)| Some(**id) != except)
            .filter(|(_, c)| c.out.try_send(Outgoing::Frame(message.clone())).is_err())
            .map(|(id, _)| *id)
            .collect();
        let mut batch = Batch::default();
        for conn in slow {
            // Dropping the sender ends the connection's writer; the client reconnects and resyncs.
            self.leave(conn, &mut batch);
        }
    }

    fn snapshot(&self) -> (Vec<u8>, accord_domain::Document) {
        let txn = self.doc.transact();
        (txn.encode_state_as_update_v1(&StateVector::default()), ydoc::read(&txn, &self.roots))
    }

    /// Ends the journal's open stretch and queues its entry behind the updates it describes.
    fn close_journal(&mut self) {
        if self.journal.due().is_none() {
            return;
        }
        let now = ydoc::read(&self.doc.transact(), &self.roots);
        if let Some(entry) = self.journal.close(&now) {
            let _ = self.writer.send(Write::Journal(entry));
        }
    }

    /// Queues a snapshot of everything so far as covering the log up to `covered` (it may hold more: taking an
    /// update twice changes nothing); the writer stores it after the room's own updates before it.
    fn compact(&mut self) {
        let covered = self.covered.load(Ordering::Acquire);
        if covered <= self.compacted {
            return;
        }
        let (state, document) = self.snapshot();
        let _ = self.writer.send(Write::Compact { seq: covered, state, document: Box::new(document) });
        self.compacted = covered;
    }

    /// Takes in what other servers sent through the store: their updates, already stored and so sent on at
    /// once, and their connections' awareness.
    fn take_others(&mut self, others: Vec<Command>, batch: &mut Batch) {
        let mut through = None;
        let mut updates = Vec::new();
        for command in others {
            match command {
                Command::Remote(Remote { state, updates: more, through: up_to }) => {
                    updates.extend(state);
                    updates.extend(more);
                    through = through.max(Some(up_to));
                }
                Command::Presence(data) => {
                    let update = yrs::sync::AwarenessUpdate::decode_v1(&data);
                    if let Ok(Ok(Some(summary))) = update.map(|u| self.awareness.apply_update_summary(u)) {
                        batch.aware.extend(summary.added.into_iter().chain(summary.updated).chain(summary.removed));
                    }
                }
                _ => {}
            }
        }
        if !updates.is_empty() {
            // The journal names who changed what: this server's open stretch ends before another's text comes in.
            self.close_journal();
            let delta = {
                let mut txn = self.doc.transact_mut();
                for data in updates {
                    match yrs::Update::decode_v1(&data).map(|u| txn.apply_update(u)) {
                        Ok(Ok(())) => {}
                        Ok(Err(e)) => tracing::error!(room = %self.key, "another server's update not applied: {e}"),
                        Err(e) => tracing::error!(room = %self.key, "another server's update does not read: {e}"),
                    }
                }
                txn.encode_update_v1()
            };
            if delta.len() > 2 {
                self.taken += 1;
                let txn = self.doc.transact();
                self.journal.rebase(ydoc::read(&txn, &self.roots));
                self.nesting = Nesting::of(&txn);
                drop(txn);
                self.broadcast(Bytes::from(Message::Sync(SyncMessage::Update(delta)).encode_v1()), None);
            }
        }
        if let Some(through) = through {
            self.cover(through);
        }
    }

    /// Stores the awareness of this server's own connections for the other servers, when it changed.
    fn tell_others_of_presence(&mut self, changed: &[ClientID]) {
        let Some(presence) = &self.presence else { return };
        let own = |c: &ClientID| self.conns.values().any(|conn| conn.clients.contains(c));
        if !changed.iter().any(|c| own(c) || self.announced.contains(c)) {
            return;
        }
        let current: Vec<ClientID> = self.conns.values().flat_map(|c| c.clients.iter().copied()).collect();
        self.announced.extend(current);
        // Clients gone are named too, with no state: the other servers remove them.
        if let Ok(update) = self.awareness.update_with_clients(self.announced.iter().copied()) {
            let _ = presence.send(update.encode_v1());
        }
    }
}
