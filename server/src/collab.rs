//! `/ws/doc/{id}`: the y-websocket endpoint of a document. The upgrade decides who may join and whether
//! they may edit; the room (`app::rooms`) does the rest. One WebSocket frame carries one message.

use crate::application::Shared;
use accord_domain::Action;
use app::error::AppError;
use app::ids::{DocumentId, UserId};
use app::rooms::{Outgoing, Rooms};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use std::time::{Duration, Instant};

/// Limits of one connection.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The largest message: a client back from a long time offline sends all its edits at once.
    pub max_message: usize,
    /// Messages per second, on average, and the burst allowed above it.
    pub rate: f64,
    pub burst: f64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_message: 4 * 1024 * 1024, rate: 200.0, burst: 1000.0 }
    }
}

#[derive(Deserialize)]
pub struct Params {
    token: Option<String>,
}

pub async fn upgrade(
    ws: WebSocketUpgrade,
    State(shared): State<Shared>,
    Path(id): Path<DocumentId>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    match admit(&shared, &id, params.token.as_deref(), &headers).await {
        Ok((editor, user)) => {
            let (rooms, limits) = (shared.rooms.clone(), shared.limits);
            // Small buffers: tungstenite's defaults (128 KiB each way) would dominate the memory of a connection;
            // a message larger than the read buffer still arrives, the buffer grows for it.
            ws.max_message_size(limits.max_message)
                .max_frame_size(limits.max_message)
                .read_buffer_size(4 * 1024)
                .write_buffer_size(16 * 1024)
                .on_upgrade(move |socket| serve(socket, rooms, id, editor, user, limits))
        }
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::FORBIDDEN);
            (status, e.to_string()).into_response()
        }
    }
}

/// Who may join: the session's or the token's user, by their role in the document's event; returns whether
/// they may edit, and who they are. A cookie is only taken from a page of this site (a WebSocket is not bound by CORS).
async fn admit(
    shared: &Shared,
    id: &DocumentId,
    token: Option<&str>,
    headers: &HeaderMap,
) -> Result<(bool, Option<UserId>), AppError> {
    let store = &shared.store;
    let user = match token {
        Some(token) => {
            let row = store.document(id).await?;
            Some(
                store
                    .token_user(&app::auth::token_hash(token), id, &row.event_id)
                    .await?
                    .ok_or(AppError::Unauthenticated)?,
            )
        }
        None => {
            if !crate::security::same_origin(headers) {
                return Err(AppError::Forbidden);
            }
            let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or("");
            match app::cookies::value(cookies, app::auth::SESSION_COOKIE) {
                Some(token) => store.session_user(&app::auth::token_hash(token)).await?,
                None => None,
            }
        }
    };
    let access = app::services::access::authorize(store, user, id, Action::ReadDocument).await?;
    Ok((access.allows(Action::EditText(access.row.state)), access.user.map(|u| u.id)))
}

/// A token bucket: `rate` per second, `burst` at most.
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn take(&mut self, limits: &Limits) -> bool {
        let now = Instant::now();
        self.tokens = (self.tokens + now.duration_since(self.at).as_secs_f64() * limits.rate).min(limits.burst);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

fn close(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame { code, reason: reason.into() }))
}

async fn serve(socket: WebSocket, rooms: Rooms, id: DocumentId, editor: bool, user: Option<UserId>, limits: Limits) {
    let mut conn = match rooms.join(&id, editor, user).await {
        Ok(conn) => conn,
        Err(e) => {
            tracing::warn!(document = %id, "cannot open the room: {e}");
            let (mut sink, _) = socket.split();
            let _ = sink.send(close(1011, "room unavailable")).await;
            return;
        }
    };
    let (mut sink, mut stream) = socket.split();
    let mut bucket = Bucket { tokens: limits.burst, at: Instant::now() };
    let mut ping = tokio::time::interval(Duration::from_secs(30));
    ping.tick().await;
    loop {
        tokio::select! {
            incoming = stream.next() => match incoming {
                Some(Ok(Message::Binary(data))) => {
                    if !bucket.take(&limits) {
                        let _ = sink.send(close(1008, "too many messages")).await;
                        break;
                    }
                    if !conn.send(data).await {
                        let _ = sink.send(close(1012, "room restarting")).await;
                        break;
                    }
                }
                Some(Ok(Message::Text(_))) => {
                    let _ = sink.send(close(1003, "binary messages only")).await;
                    break;
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
            },
            outgoing = conn.outgoing.recv() => {
                let mut next = outgoing;
                let mut sent = 0;
                // Everything already queued goes out with one flush.
                loop {
                    match next {
                        Some(Outgoing::Frame(data)) => {
                            if sink.feed(Message::Binary(data)).await.is_err() {
                                return;
                            }
                        }
                        Some(Outgoing::Close(code, reason)) => {
                            let _ = sink.send(close(code, reason)).await;
                            return;
                        }
                        None => {
                            let _ = sink.send(close(1013, "too slow, reconnect")).await;
                            return;
                        }
                    }
                    sent += 1;
                    if sent >= 64 {
                        break;
                    }
                    match conn.outgoing.try_recv() {
                        Ok(more) => next = Some(more),
                        Err(_) => break,
                    }
                }
                if sink.flush().await.is_err() {
                    break;
                }
            }
            _ = ping.tick() => {
                if sink.send(Message::Ping(Default::default())).await.is_err() {
                    break;
                }
            }
        }
    }
}
