//! Ballots while they run (server only).
//!
//! Each open ballot has a gate in this process: votes pass it together (a named vote in its own store
//! transaction, so hundreds run at once; secret votes in shared ones, see `urn`), closing passes it alone. The
//! gate also keeps who has voted and the running tally, so a live tally costs no query on one server. That no
//! vote lands after the count holds in the store, across servers sharing it: closing begins there first, and
//! every vote's transaction conflicts with a close begun meanwhile (`store/ballots.rs`). Then the count is
//! taken from the store, which holds what was acknowledged, and the result stored. A task closes ballots at
//! their deadline, and finishes closes cut short; both live in the store, so they survive a restart.

use crate::error::AppError;
use crate::ids::{BallotId, DocumentId, EventId, UserId};
use crate::live_update::LiveUpdate;
use crate::model::UserRow;
use crate::rooms::Rooms;
use crate::store::ballots::{BallotRecord, BallotResult, ElectorRecord, Via};
use crate::store::Store;
use accord_domain::audit::AuditAction;
use accord_domain::ballot::{self, Choice, Outcome, Subject, Tally, Voter};
use accord_domain::State;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, Notify, RwLock};
use urn::Urn;

mod urn;

/// A close begun this many seconds ago and not finished was cut short (its server stopped): any server finishes it.
const CUT_SHORT_SECS: u32 = 10;

#[derive(Clone)]
pub struct Ballots {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    rooms: Rooms,
    open: Mutex<HashMap<BallotId, Arc<Gate>>>,
    deadline_set: Notify,
}

struct Gate {
    phase: Arc<RwLock<()>>,
    live: std::sync::Mutex<Snapshot>,
    /// Where a secret ballot's votes are written, in batches.
    urn: Arc<Urn>,
}

/// A ballot as it stands: its record, its electors, who took part and how (choices of named ballots only).
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub record: BallotRecord,
    /// The event the ballot's document belongs to.
    pub event: EventId,
    pub electors: HashMap<UserId, ElectorRecord>,
    pub voted: HashMap<UserId, Via>,
    pub choices: HashMap<UserId, Choice>,
    /// Online votes counted so far (for a secret ballot, from its box).
    pub online: Tally,
}

impl Snapshot {
    pub async fn load(store: &Store, key: &BallotId) -> Result<Snapshot, AppError> {
        let record = store.ballot(key).await?;
        let event = store.event_of_ballot(key).await?;
        let electors = store.electors(key).await?.into_iter().map(|e| (e.user.clone(), e)).collect();
        let mut voted = HashMap::new();
        let mut choices = HashMap::new();
        for v in store.voters(key).await? {
            if let (Via::Online, Some(c)) = (v.via, v.choice) {
                choices.insert(v.user.clone(), c);
            }
            voted.insert(v.user, v.via);
        }
        let online =
            if record.rules.secret { store.ballot_box(key).await? } else { Tally::of(choices.values().copied()) };
        Ok(Snapshot { record, event, electors, voted, choices, online })
    }

    pub fn present(&self) -> u32 {
        self.voted.values().filter(|v| **v == Via::Room).count() as u32
    }

    /// The count: online votes and the show of hands; everyone on the roll took part.
    pub fn result(&self) -> BallotResult {
        let tally = self.online.plus(&self.record.hands.unwrap_or_default());
        let took_part = self.voted.len() as u32;
        let eligible = self.record.eligible;
        let decision = ballot::decide(&self.record.rules, eligible, took_part, &tally);
        let voters: Vec<Voter> = self
            .electors
            .values()
            .map(|e| Voter {
                category: e.category,
                took_part: self.voted.contains_key(&e.user),
                choice: self.choices.get(&e.user).copied(),
            })
            .collect();
        BallotResult {
            tally,
            eligible,
            took_part,
            quorum_met: decision.quorum_met,
            outcome: decision.outcome,
            breakdown: ballot::breakdown(&voters, self.record.rules.secret),
        }
    }
}

impl Ballots {
    pub fn new(store: Store, rooms: Rooms) -> Ballots {
        Ballots {
            inner: Arc::new(Inner { store, rooms, open: Mutex::new(HashMap::new()), deadline_set: Notify::new() }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Starts the task that finishes decisions a crash cut short, then closes ballots at their deadlines,
    /// including those that passed while the server was down.
    pub fn watch_deadlines(&self) {
        let ballots = self.clone();
        tokio::spawn(async move {
            if let Err(e) = ballots.finish_decisions().await {
                tracing::error!("finishing decisions cut short: {e}");
            }
            loop {
                let wait = match ballots.close_due().await {
                    Ok(next) => next,
                    Err(e) => {
                        tracing::error!("closing ballots at their deadline: {e}");
                        Duration::from_secs(5)
                    }
                };
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = ballots.inner.deadline_set.notified() => {}
                }
            }
        });
    }

    /// Finishes the decisions a crash cut short: whole-document ballots closed with a decision whose
    /// document is still in voting.
    pub async fn finish_decisions(&self) -> Result<(), AppError> {
        for record in self.inner.store.undecided_ballots().await? {
            let Some(result) = record.result.clone() else { continue };
            tracing::warn!(ballot = %record.id, document = %record.document, "finishing a decision cut short");
            self.decide(&record, &result, None, "по итогам голосования").await?;
        }
        Ok(())
    }

    /// Closes the ballots whose deadline has passed; returns how long until the next one.
    async fn close_due(&self) -> Result<Duration, AppError> {
        for (key, by_name) in self.inner.store.closings_cut_short(CUT_SHORT_SECS).await? {
            // One that cannot be finished now is tried again next time; it holds up no deadline.
            match self.finish_closing(&key, &by_name).await {
                Ok(()) | Err(AppError::BallotClosed) => {}
                Err(e) => tracing::error!(ballot = %key, "a close cut short not finished: {e}"),
            }
        }
        let mut next = 60;
        for (key, left) in self.inner.store.deadlines().await? {
            if left <= 0 {
                match self.close(&key, None).await {
                    Ok(()) | Err(AppError::BallotClosed) => {}
                    Err(e) => return Err(e),
                }
            } else {
                next = next.min(left);
            }
        }
        Ok(Duration::from_secs(next as u64))
    }

    /// A new deadline may be sooner than the one the task sleeps towards.
    pub fn deadline_set(&self) {
        self.inner.deadline_set.notify_one();
    }

    async fn gate(&self, key: &BallotId) -> Result<Arc<Gate>, AppError> {
        let mut open = self.inner.open.lock().await;
        if let Some(gate) = open.get(key) {
            return Ok(gate.clone());
        }
        let snapshot = Snapshot::load(&self.inner.store, key).await?;
        let is_open = snapshot.record.is_open();
        let gate = Arc::new(Gate { phase: Arc::default(), live: std::sync::Mutex::new(snapshot), urn: Arc::default() });
        if is_open {
            open.insert(key.clone(), gate.clone());
        }
        Ok(gate)
    }

    /// The event of an open ballot's document, without a query once the ballot is loaded. An open ballot's
    /// document is in voting: ballots open only then, and all close when the document leaves it.
    pub async fn event_of_open(&self, key: &BallotId) -> Result<EventId, AppError> {
        let gate = self.gate(key).await?;
        let live = gate.live.lock().map_err(|e| AppError::unexpected("a ballot's gate", e))?;
        if !live.record.is_open() {
            return Err(AppError::BallotClosed);
        }
        Ok(live.event.clone())
    }

    /// The ballot as it stands now.
    pub async fn snapshot(&self, key: &BallotId) -> Result<Snapshot, AppError> {
        // Other servers sharing the store take votes this server's gate does not see.
        if self.inner.store.is_shared() {
            return Snapshot::load(&self.inner.store, key).await;
        }
        let gate = self.gate(key).await?;
        let live = gate.live.lock().map_err(|e| AppError::unexpected("a ballot's gate", e))?;
        Ok(live.clone())
    }

    /// Casts `user`'s vote, or changes it where the ballot allows.
    pub async fn vote(&self, key: &BallotId, user: &UserId, choice: Choice) -> Result<DocumentId, AppError> {
        let gate = self.gate(key).await?;
        // Shared with the urn's batch when the vote is secret: the count waits until the batch is written.
        let together = Arc::new(gate.phase.clone().read_owned().await);
        let (document, secret, change) = {
            let mut live = gate.live.lock().map_err(|e| AppError::unexpected("a ballot's gate", e))?;
            if !live.record.is_open() {
                return Err(AppError::BallotClosed);
            }
            if !live.electors.contains_key(user) {
                return Err(AppError::NotEligible);
            }
            let change = match (live.voted.get(user), live.choices.get(user)) {
                (None, _) => {
                    // Held while the store writes, so a second click of the same voter is refused here.
                    live.voted.insert(user.clone(), Via::Online);
                    None
                }
                (Some(Via::Online), Some(previous)) if live.record.rules.revote => Some(*previous),
                _ => return Err(AppError::AlreadyVoted),
            };
            (live.record.document.clone(), live.record.rules.secret, change)
        };
        let store = &self.inner.store;
        let written = match change {
            None if secret => gate.urn.cast(store, key, user, choice, together.clone()).await,
            None => store.cast(key, user, choice).await,
            Some(_) => store.change_vote(key, user, choice).await,
        };
        let refused = {
            let mut live = gate.live.lock().map_err(|e| AppError::unexpected("a ballot's gate", e))?;
            match written {
                Ok(()) => {
                    if let Some(previous) = change {
                        live.online.remove(previous);
                    }
                    live.online.add(choice);
                    if !secret {
                        live.choices.insert(user.clone(), choice);
                    }
                    None
                }
                Err(e) => {
                    if change.is_none() && e != AppError::AlreadyVoted {
                        live.voted.remove(user);
                    }
                    Some(e)
                }
            }
        };
        if let Some(e) = refused {
            return Err(self.refused(key, e).await);
        }
        self.inner.rooms.publish(&document, LiveUpdate::Ballots);
        Ok(document)
    }

    /// A write the store refused: when it found the ballot closed, or the voter on the roll already, on another
    /// server, this server's gate is out of date; it is dropped and loaded again next time.
    async fn refused(&self, key: &BallotId, e: AppError) -> AppError {
        if e == AppError::BallotClosed || (e == AppError::AlreadyVoted && self.inner.store.is_shared()) {
            self.forget_gate(key).await;
        }
        e
    }

    /// Drops this server's gate of a ballot, to be loaded again from the store when next asked for.
    async fn forget_gate(&self, key: &BallotId) {
        self.inner.open.lock().await.remove(key);
    }

    /// Marks voters present in the room (all who have not voted, when `users` is empty) or, with
    /// `present` false, takes one mark back. Not after the show of hands is recorded.
    pub async fn mark_present(&self, key: &BallotId, users: &[UserId], present: bool) -> Result<DocumentId, AppError> {
        let gate = self.gate(key).await?;
        let _together = gate.phase.read().await;
        let (document, chosen) = {
            let mut live = gate.live.lock().map_err(|e| AppError::unexpected("a ballot's gate", e))?;
            if !live.record.is_open() {
                return Err(AppError::BallotClosed);
            }
            if live.record.hands.is_some() {
                return Err(AppError::AlreadyDecided);
            }
            let chosen: Vec<UserId> = if users.is_empty() {
                live.electors.keys().filter(|u| !live.voted.contains_key(*u)).cloned().collect()
            } else {
                users.to_vec()
            };
            for user in &chosen {
                if !live.electors.contains_key(user) {
                    return Err(AppError::NotEligible);
                }
                match (present, live.voted.get(user)) {
                    (true, None) | (false, Some(Via::Room)) => {}
                    (true, Some(_)) => return Err(AppError::AlreadyVoted),
                    (false, _) => return Err(AppError::NotFound),
                }
            }
            for user in &chosen {
                if present {
                    live.voted.insert(user.clone(), Via::Room);
                } else {
                    live.voted.remove(user);
                }
            }
            (live.record.document.clone(), chosen)
        };
        let store = &self.inner.store;
        let written = if present {
            store.mark_present(key, &chosen).await
        } else {
            match chosen.first() {
                Some(user) => store.unmark_present(key, user).await,
                None => Ok(()),
            }
        };
        if let Err(e) = written {
            {
                let Ok(mut live) = gate.live.lock() else { return Err(AppError::Unexpected) };
                for user in &chosen {
                    if present {
                        live.voted.remove(user);
                    } else {
                        live.voted.insert(user.clone(), Via::Room);
                    }
                }
            }
            return Err(self.refused(key, e).await);
        }
        self.inner.rooms.publish(&document, LiveUpdate::Ballots);
        Ok(document)
    }

    /// Records the show of hands among those marked present.
    pub async fn record_hands(&self, key: &BallotId, hands: Tally) -> Result<DocumentId, AppError> {
        let gate = self.gate(key).await?;
        // Alone: no mark may change the number present while it is checked and stored.
        let _alone = gate.phase.write().await;
        let present = {
            let live = gate.live.lock().map_err(|e| AppError::unexpected("a ballot's gate", e))?;
            if !live.record.is_open() {
                return Err(AppError::BallotClosed);
            }
            live.present()
        };
        ballot::check_hands(present, &hands).map_err(|_| AppError::TooManyHands { present })?;
        if !self.inner.store.record_hands(key, &hands).await? {
            // Recorded already, or the ballot was closed on another server: read it again next time.
            self.forget_gate(key).await;
            return Err(AppError::AlreadyDecided);
        }
        let document = {
            let mut live = gate.live.lock().map_err(|e| AppError::unexpected("a ballot's gate", e))?;
            live.record.hands = Some(hands);
            live.record.document.clone()
        };
        self.inner.rooms.publish(&document, LiveUpdate::Ballots);
        Ok(document)
    }

    /// Closes a ballot (`by` is None at a deadline), stores its result, and when it decided the whole
    /// document, writes the vote into the text, moves the document to adopted or rejected and closes the
    /// document's other open ballots.
    pub async fn close(&self, key: &BallotId, by: Option<&UserRow>) -> Result<(), AppError> {
        let by_name = by.map(|u| u.name.clone()).unwrap_or_else(|| "по истечении срока".to_string());
        let (record, result) = self.close_one(key, &by_name).await?;
        self.closed(&record, &result, by, &by_name).await
    }

    /// Finishes a close another server (or this one, before a restart) began and did not finish.
    async fn finish_closing(&self, key: &BallotId, by_name: &str) -> Result<(), AppError> {
        tracing::warn!(ballot = %key, "finishing a close cut short");
        let gate = self.gate(key).await?;
        let (record, result) = {
            let _alone = gate.phase.write().await;
            self.count_and_close(key, &gate).await?
        };
        self.closed(&record, &result, None, by_name).await
    }

    /// What follows a close: the audit log, and the decision carried over to the document.
    async fn closed(
        &self,
        record: &BallotRecord,
        result: &BallotResult,
        by: Option<&UserRow>,
        by_name: &str,
    ) -> Result<(), AppError> {
        let store = &self.inner.store;
        let row = store.document(&record.document).await?;
        let detail = format!(
            "{}: №{} — {:?}, за {}, против {}, воздержались {}",
            record.document,
            record.number,
            result.outcome,
            result.tally.in_favour,
            result.tally.against,
            result.tally.abstained
        );
        store.record(by, Some(&row.event_id), AuditAction::BallotClosed, &detail).await?;
        self.decide(record, result, by, by_name).await
    }

    /// Carries a closed ballot's decision over to its document: closes the document's other open ballots,
    /// writes the vote into the text and moves the document to adopted or rejected. Each step can be taken
    /// again without effect, so a decision a crash cut short is finished at start-up (`finish_decisions`).
    async fn decide(
        &self,
        record: &BallotRecord,
        result: &BallotResult,
        by: Option<&UserRow>,
        by_name: &str,
    ) -> Result<(), AppError> {
        let store = &self.inner.store;
        let decided = match (record.subject, result.outcome) {
            (Subject::Document, Outcome::Adopted) => Some(State::Adopted),
            (Subject::Document, Outcome::Rejected) => Some(State::Rejected),
            _ => None,
        };
        let Some(to) = decided else {
            self.inner.rooms.publish(&record.document, LiveUpdate::Ballots);
            return Ok(());
        };
        for other in store.ballots_of(&record.document).await?.into_iter().filter(|b| b.is_open()) {
            match self.close_one(&other.id, by_name).await {
                Ok(_) | Err(AppError::BallotClosed) => {}
                Err(e) => return Err(e),
            }
        }
        let vote = result.tally.vote_result();
        self.inner
            .rooms
            .edit(&record.document, None, by.map(|u| &u.id), move |mut doc| {
                doc.vote = Some(vote);
                Ok(doc)
            })
            .await?;
        self.inner.rooms.settle(&record.document).await?;
        let step = State::Voting
            .move_to(to, accord_domain::Mover::Ballot)
            .map_err(|e| AppError::unexpected("a ballot's decision", e))?;
        if store.set_state(&record.document, step).await? {
            let event = store.document(&record.document).await?.event_id;
            let detail = format!("{}: {} → {}", record.document, State::Voting.code(), to.code());
            store.record(by, Some(&event), AuditAction::Stage, &detail).await?;
            crate::services::registry::publish(&self.inner.rooms, &record.document).await?;
            crate::services::notices::logged(
                crate::services::notices::decided(store, &record.document, to == State::Adopted).await,
            );
        }
        self.inner.rooms.publish(&record.document, LiveUpdate::Stage);
        Ok(())
    }

    /// Closes a ballot in the store's two steps (`Store::begin_closing`, then the count), which hold across
    /// servers; this server's gate keeps its own votes out meanwhile.
    async fn close_one(&self, key: &BallotId, by: &str) -> Result<(BallotRecord, BallotResult), AppError> {
        let gate = self.gate(key).await?;
        let _alone = gate.phase.write().await;
        let open = gate.live.lock().map_err(|e| AppError::unexpected("a ballot's gate", e))?.record.is_open();
        if !open {
            return Err(AppError::BallotClosed);
        }
        if !self.inner.store.begin_closing(key, by).await? {
            self.forget_gate(key).await;
            return Err(AppError::BallotClosed);
        }
        self.count_and_close(key, &gate).await
    }

    /// The second step of closing: counted from the store, which holds what voters were told was counted and
    /// takes no vote once the close is begun.
    async fn count_and_close(&self, key: &BallotId, gate: &Gate) -> Result<(BallotRecord, BallotResult), AppError> {
        let counted = Snapshot::load(&self.inner.store, key).await?;
        let result = counted.result();
        if !self.inner.store.close_ballot(key, &result).await? {
            self.forget_gate(key).await;
            return Err(AppError::BallotClosed);
        }
        let record = {
            let mut live = gate.live.lock().map_err(|e| AppError::unexpected("a ballot's gate", e))?;
            *live = counted;
            live.record.status = accord_domain::ballot::BallotStatus::Closed;
            live.record.result = Some(result.clone());
            live.record.clone()
        };
        self.forget_gate(key).await;
        Ok((record, result))
    }
}
