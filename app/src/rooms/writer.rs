//! A room's writer: stores the room's updates in order and tells the room how far it has stored, so that the
//! room sends each update on only once it is stored. Updates that queued up while a write was in flight are
//! merged into one row, so a busy room costs one store write per write's duration, not one per edit. Form
//! edits are answered only once their update is stored.

use crate::error::AppError;
use crate::ids::DocumentId;
use crate::store::Store;
use accord_domain::Document;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use tokio::sync::{mpsc, oneshot};

const GROUP_COMMIT: std::time::Duration = std::time::Duration::from_millis(10);

pub(super) enum Write {
    Update {
        seq: i64,
        data: Vec<u8>,
    },
    Compact {
        seq: i64,
        state: Vec<u8>,
        document: Box<Document>,
    },
    /// Answered once everything before it is stored.
    Ack {
        seq: i64,
        reply: oneshot::Sender<Result<i64, AppError>>,
    },
    Flush(oneshot::Sender<()>),
    Journal(super::journal::Entry),
}

/// Runs until the room drops its sender, telling it through `stored` the last update stored. On a refused write
/// it stops and tells the room through `failed`.
pub(super) async fn run(
    store: Store,
    key: DocumentId,
    mut queue: mpsc::UnboundedReceiver<Write>,
    stored: mpsc::UnboundedSender<i64>,
    failed: oneshot::Sender<()>,
) {
    let mut writes = Vec::new();
    while queue.recv_many(&mut writes, 1024).await > 0 {
        let mut pending: Vec<Vec<u8>> = Vec::new();
        let mut last_seq = 0;
        let mut error: Option<AppError> = None;
        for write in writes.drain(..) {
            // After a refused write nothing more is stored; a form edit waiting for its answer gets the refusal.
            if let Some(e) = &error {
                if let Write::Ack { reply, .. } = write {
                    let _ = reply.send(Err(e.clone()));
                }
                continue;
            }
            match write {
                Write::Update { seq, data } => {
                    pending.push(data);
                    last_seq = seq;
                }
                other => {
                    if let Err(e) = store_updates(&store, &key, last_seq, &mut pending, &stored).await {
                        if let Write::Ack { reply, .. } = other {
                            let _ = reply.send(Err(e.clone()));
                        }
                        error = Some(e);
                        continue;
                    }
                    match other {
                        Write::Compact { seq, state, document } => {
                            if let Err(e) = store.compact(&key, seq, &BASE64.encode(state), &document).await {
                                error = Some(e);
                            }
                        }
                        Write::Ack { seq, reply } => {
                            let _ = reply.send(Ok(seq));
                        }
                        Write::Flush(reply) => {
                            let _ = reply.send(());
                        }
                        // The journal is a record beside the text: a refused entry is logged, the room goes on.
                        Write::Journal(entry) => {
                            let (started, ended) = (entry.started.elapsed(), entry.ended.elapsed());
                            let stored = store.append_edit(&key, &entry.authors, started, ended, &entry.changes);
                            if let Err(e) = stored.await {
                                tracing::error!(room = %key, "journal entry not stored: {e}");
                            }
                        }
                        Write::Update { .. } => unreachable!("handled above"),
                    }
                }
            }
        }
        if error.is_none() {
            if let Err(e) = store_updates(&store, &key, last_seq, &mut pending, &stored).await {
                error = Some(e);
            }
        }
        if let Some(e) = error {
            tracing::error!(room = %key, "store write failed: {e}");
            let _ = failed.send(());
            return;
        }
        // Group commit: a busy room's edits of the next few milliseconds go into one row.
        tokio::time::sleep(GROUP_COMMIT).await;
    }
}

async fn store_updates(
    store: &Store,
    key: &DocumentId,
    seq: i64,
    pending: &mut Vec<Vec<u8>>,
    stored: &mpsc::UnboundedSender<i64>,
) -> Result<(), AppError> {
    let data = match pending.len() {
        0 => return Ok(()),
        1 => pending.pop().unwrap_or_default(),
        _ => yrs::merge_updates_v1(pending.drain(..)).map_err(|e| {
            tracing::error!("cannot merge updates: {e}");
            AppError::Unexpected
        })?,
    };
    pending.clear();
    store.append_update(key, seq, &BASE64.encode(data)).await?;
    let _ = stored.send(seq);
    Ok(())
}
