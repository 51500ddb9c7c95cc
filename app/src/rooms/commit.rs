//! Group commit across rooms: every room's writer appends its rows through one task, which stores what all of
//! them queued meanwhile in one transaction (`Store::append_updates`). Within a room the writer already merges
//! what queued up into one row; across rooms only one transaction can bring their appends together. Measured
//! (README, «Co-drafting»): twenty appends in one transaction cost half the CPU of twenty transactions.

use crate::error::AppError;
use crate::ids::DocumentId;
use crate::store::{Append, Store};
use tokio::sync::{mpsc, oneshot};

/// Appends taken into one transaction at most.
const GROUP: usize = 256;

struct Request {
    key: DocumentId,
    /// The update, base64.
    data: String,
    floor: i64,
    origin: String,
    only_while_drafting: bool,
    reply: oneshot::Sender<Result<i64, AppError>>,
}

impl Request {
    fn append(&self) -> Append<'_> {
        Append {
            data: &self.data,
            floor: self.floor,
            origin: &self.origin,
            only_while_drafting: self.only_while_drafting,
        }
    }
}

/// Where the rooms' writers append; its task ends once every writer has dropped its copy.
#[derive(Clone)]
pub(super) struct Committer {
    queue: mpsc::UnboundedSender<Request>,
    /// For appending alone should the task be gone (a panic in the store): one task must not stop every room.
    store: Store,
}

impl Committer {
    pub(super) fn start(store: Store) -> Committer {
        let (queue, requests) = mpsc::unbounded_channel();
        tokio::spawn(run(store.clone(), requests));
        Committer { queue, store }
    }

    /// `Store::append_update`, in a transaction with whatever other rooms append at the same time.
    pub(super) async fn append(&self, key: &DocumentId, append: Append<'_>) -> Result<i64, AppError> {
        let (reply, answer) = oneshot::channel();
        let request = Request {
            key: key.clone(),
            data: append.data.to_string(),
            floor: append.floor,
            origin: append.origin.to_string(),
            only_while_drafting: append.only_while_drafting,
            reply,
        };
        match self.queue.send(request) {
            Ok(()) => answer.await.unwrap_or(Err(AppError::Unexpected)),
            Err(_) => self.store.append_update(key, append).await,
        }
    }
}

async fn run(store: Store, mut requests: mpsc::UnboundedReceiver<Request>) {
    let mut waiting = Vec::new();
    loop {
        if waiting.is_empty() && requests.recv_many(&mut waiting, GROUP).await == 0 {
            return;
        }
        let group = one_per_document(&mut waiting);
        commit(&store, group).await;
    }
}

/// The requests of distinct documents, in order; a second request for one document waits for the next
/// transaction. (A room's writer waits for each append before the next: two come only from a room whose write
/// failed and the room loaded after it.)
fn one_per_document(waiting: &mut Vec<Request>) -> Vec<Request> {
    let mut seen = std::collections::HashSet::new();
    let (group, later): (Vec<_>, Vec<_>) = waiting.drain(..).partition(|r| seen.insert(r.key.clone()));
    *waiting = later;
    group
}

async fn commit(store: &Store, group: Vec<Request>) {
    if group.len() > 1 {
        let appends: Vec<_> = group.iter().map(|r| (&r.key, r.append())).collect();
        if let Ok(numbers) = store.append_updates(&appends).await {
            for (request, number) in group.into_iter().zip(numbers) {
                let _ = request.reply.send(Ok(number));
            }
            return;
        }
        // One room's refusal (its document left drafting on another server) must not refuse the others: each
        // runs alone, and gets its own answer.
    }
    for request in group {
        let appended = store.append_update(&request.key, request.append()).await;
        let _ = request.reply.send(appended);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use accord_domain::{Document, State};

    /// Appends of several rooms at once are stored together, and each gets its own number; a room whose
    /// document left drafting is refused alone.
    #[tokio::test]
    async fn rooms_appending_at_once_are_answered_each_with_its_own_number_or_refusal() {
        let store = Store::connect("mem://").await.unwrap();
        let event = "e1".into();
        let mut keys = Vec::new();
        for state in [State::Drafting, State::Review, State::Drafting] {
            keys.push(store.create_document(&event, state, false, &Document::default(), None).await.unwrap());
        }
        let committer = Committer::start(store.clone());
        let typed = |floor| Append { data: "AAA=", floor, origin: "a", only_while_drafting: true };
        let (a, b, c) = tokio::join!(
            committer.append(&keys[0], typed(0)),
            committer.append(&keys[1], typed(0)),
            committer.append(&keys[2], typed(9)),
        );
        assert_eq!(a.unwrap(), 1);
        assert!(matches!(b, Err(AppError::NotEditable(_))), "{b:?}");
        assert_eq!(c.unwrap(), 10);
        assert_eq!(store.log_length(&keys[1]).await.unwrap(), 0);
        let (a, c) = tokio::join!(committer.append(&keys[0], typed(0)), committer.append(&keys[2], typed(0)));
        assert_eq!((a.unwrap(), c.unwrap()), (2, 11));
    }

    #[tokio::test]
    async fn with_its_task_gone_a_room_appends_alone() {
        let store = Store::connect("mem://").await.unwrap();
        let key =
            store.create_document(&"e1".into(), State::Drafting, false, &Document::default(), None).await.unwrap();
        let (queue, requests) = mpsc::unbounded_channel();
        drop(requests);
        let committer = Committer { queue, store: store.clone() };
        let append = Append { data: "AAA=", floor: 0, origin: "a", only_while_drafting: true };
        assert_eq!(committer.append(&key, append).await.unwrap(), 1);
        assert_eq!(store.log_length(&key).await.unwrap(), 1);
    }

    #[test]
    fn a_second_request_for_one_document_waits_for_the_next_group() {
        let request = |key: &str| Request {
            key: key.into(),
            data: String::new(),
            floor: 0,
            origin: String::new(),
            only_while_drafting: false,
            reply: oneshot::channel().0,
        };
        let mut waiting = vec![request("a"), request("b"), request("a"), request("c")];
        let group = one_per_document(&mut waiting);
        let keys = |rs: &[Request]| rs.iter().map(|r| r.key.to_string()).collect::<Vec<_>>();
        assert_eq!(keys(&group), ["a", "b", "c"]);
        assert_eq!(keys(&waiting), ["a"]);
    }
}
