//! The secret ballot box's writer. A secret vote writes two rows: the roll's (who voted) and the box's (what
//! was chosen). Written alone, they would be one commit of two rows, and storage keeps each commit's order
//! and moment (the write-ahead log, an LSM tree's sequence numbers) long after the rows are read back in
//! random order. So the votes cast within `GATHER` are written together: one transaction holding every
//! voter's roll row and the box rows in shuffled order. Each vote still commits with its roll row, and is
//! acknowledged only after the commit, so nothing acknowledged is lost or half-written; a commit of k votes
//! pairs no voter with a choice better than 1 in k.

use crate::error::AppError;
use crate::ids::{BallotId, UserId};
use crate::store::Store;
use accord_domain::ballot::Choice;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::oneshot;

/// How long the first vote of a batch waits for others. Long enough for a hall voting together to share
/// commits, short enough that «Голос принят» still follows the click.
const GATHER: Duration = Duration::from_millis(400);

#[derive(Default)]
pub struct Urn {
    waiting: Mutex<Vec<Waiting>>,
}

struct Waiting {
    user: UserId,
    choice: Choice,
    answer: oneshot::Sender<Result<(), AppError>>,
    /// The ballot's gate, held open for votes until the batch is written: no count runs in between, even if
    /// the voter's request is dropped meanwhile.
    _together: Together,
}

pub type Together = Arc<tokio::sync::OwnedRwLockReadGuard<()>>;

impl Urn {
    /// Puts `user`'s vote in the next batch and answers once that batch is committed.
    pub async fn cast(
        self: &Arc<Self>,
        store: &Store,
        ballot: &BallotId,
        user: &UserId,
        choice: Choice,
        together: Together,
    ) -> Result<(), AppError> {
        let (answer, answered) = oneshot::channel();
        let first = {
            let mut waiting = self.waiting.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            waiting.push(Waiting { user: user.clone(), choice, answer, _together: together });
            waiting.len() == 1
        };
        if first {
            // A task of its own: the batch is written even if this request is dropped meanwhile.
            let (urn, store, ballot) = (self.clone(), store.clone(), ballot.clone());
            tokio::spawn(async move {
                tokio::time::sleep(GATHER).await;
                urn.write(&store, &ballot).await;
            });
        }
        answered.await.unwrap_or(Err(AppError::Unexpected))
    }

    async fn write(&self, store: &Store, ballot: &BallotId) {
        let batch = std::mem::take(&mut *self.waiting.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        let votes: Vec<(UserId, Choice)> = batch.iter().map(|w| (w.user.clone(), w.choice)).collect();
        tracing::debug!(ballot = %ballot, votes = votes.len(), "writing a batch of secret votes");
        let written = store.cast_secret(ballot, &votes, &mut shuffler()).await;
        for w in batch {
            let answer = match &written {
                Ok(refused) if refused.contains(&w.user) => Err(AppError::AlreadyVoted),
                Ok(_) => Ok(()),
                Err(e) => Err(e.clone()),
            };
            let _ = w.answer.send(answer);
        }
    }
}

/// The box order must not be guessable from anything stored, so it is drawn from the system's randomness.
fn shuffler() -> fastrand::Rng {
    let mut seed = [0u8; 8];
    match getrandom::fill(&mut seed) {
        Ok(()) => fastrand::Rng::with_seed(u64::from_le_bytes(seed)),
        Err(_) => fastrand::Rng::new(),
    }
}
