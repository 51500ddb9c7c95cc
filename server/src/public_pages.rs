//! Pages of adopted and rejected documents as anonymous readers get them, kept for a minute or until an event
//! of their document, on this server or another sharing its store (`Rooms::subscribe_every`): such a document
//! seldom changes, and its page is what most visitors open. A kept page is served with a fresh
//! CSP nonce written into it, so no two responses share one. Signed-in readers (whose pages show their name
//! and their part in the event) and every other page are rendered as usual.

use app::store::Store;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const KEEP: Duration = Duration::from_secs(60);
const CAPACITY: usize = 256;
const LARGEST: usize = 4 * 1024 * 1024;

#[derive(Clone)]
pub struct PublicPages {
    store: Store,
    shelf: Arc<Mutex<Shelf>>,
}

#[derive(Default)]
struct Shelf {
    pages: HashMap<String, Kept>,
    /// When each document last had an event: a page rendered before it is not kept.
    changed: HashMap<app::ids::DocumentId, Instant>,
    /// When events were last missed (the listener lagged): as if every document had one.
    missed: Option<Instant>,
}

struct Kept {
    document: app::ids::DocumentId,
    html: Arc<str>,
    nonce: String,
    at: Instant,
}

impl PublicPages {
    pub fn new(store: Store, rooms: &app::rooms::Rooms) -> PublicPages {
        let kept = PublicPages { store, shelf: Arc::default() };
        let mut events = rooms.subscribe_every();
        let shelf = Arc::downgrade(&kept.shelf);
        tokio::spawn(async move {
            use tokio::sync::broadcast::error::RecvError;
            loop {
                let changed = match events.recv().await {
                    Ok((document, _)) => Some(document),
                    Err(RecvError::Lagged(_)) => None,
                    Err(RecvError::Closed) => return,
                };
                let Some(shelf) = shelf.upgrade() else { return };
                let mut shelf = shelf.lock().unwrap_or_else(|e| e.into_inner());
                let now = Instant::now();
                shelf.changed.retain(|_, at| at.elapsed() < KEEP);
                match changed {
                    Some(document) => {
                        shelf.pages.retain(|_, k| k.document != document);
                        shelf.changed.insert(document, now);
                    }
                    None => {
                        shelf.pages.clear();
                        shelf.missed = Some(now);
                    }
                }
            }
        });
        kept
    }

    fn get(&self, key: &str) -> Option<(Arc<str>, String)> {
        let shelf = self.shelf.lock().unwrap_or_else(|e| e.into_inner());
        shelf.pages.get(key).filter(|k| k.at.elapsed() < KEEP).map(|k| (k.html.clone(), k.nonce.clone()))
    }

    /// Keeps a page rendered from `rendered` on, unless its document had an event since.
    fn put(&self, key: String, document: app::ids::DocumentId, html: &str, nonce: String, rendered: Instant) {
        let mut shelf = self.shelf.lock().unwrap_or_else(|e| e.into_inner());
        let since = |at: Option<&Instant>| at.is_some_and(|at| *at >= rendered);
        if since(shelf.changed.get(&document)) || since(shelf.missed.as_ref()) {
            return;
        }
        let pages = &mut shelf.pages;
        if pages.len() >= CAPACITY {
            pages.retain(|_, k| k.at.elapsed() < KEEP);
        }
        if pages.len() >= CAPACITY {
            let oldest = pages.iter().min_by_key(|(_, k)| k.at).map(|(key, _)| key.clone());
            if let Some(oldest) = oldest {
                pages.remove(&oldest);
            }
        }
        pages.insert(key, Kept { document, html: html.into(), nonce, at: Instant::now() });
    }
}

/// The key (URL and language) and document id of a request that may be served from the kept pages.
fn keepable(request: &Request) -> Option<(String, app::ids::DocumentId)> {
    if request.method() != Method::GET {
        return None;
    }
    let id = request.uri().path().strip_prefix("/documents/")?;
    if id.is_empty() || id.len() > 40 || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let cookies = request.headers().get(header::COOKIE).and_then(|c| c.to_str().ok()).unwrap_or("");
    if app::cookies::value(cookies, app::auth::SESSION_COOKIE).is_some() {
        return None;
    }
    let lang = app::i18n::Lang::from_cookie_header(cookies).code();
    Some((format!("{lang} {}", request.uri()), app::ids::DocumentId::new(id)))
}

pub async fn serve(State(kept): State<PublicPages>, request: Request, next: Next) -> Response {
    let Some((key, id)) = keepable(&request) else { return next.run(request).await };
    let slot = request.extensions().get::<app::PageNonce>().cloned();
    if let (Some((html, old)), Some(slot)) = (kept.get(&key), &slot) {
        let nonce = leptos::nonce::Nonce::new().to_string();
        // 128 random bits: the old nonce occurs only where the render put it.
        let html = html.replace(&old, &nonce);
        *slot.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(nonce);
        return ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    }
    let rendered = Instant::now();
    let response = next.run(request).await;
    let nonce = slot.and_then(|s| s.0.lock().unwrap_or_else(|e| e.into_inner()).clone());
    let (Some(nonce), StatusCode::OK) = (nonce, response.status()) else { return response };
    if !kept.store.document(&id).await.is_ok_and(|row| row.state.is_public()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, LARGEST).await {
        Ok(bytes) => {
            if let Ok(html) = std::str::from_utf8(&bytes) {
                kept.put(key, id, html, nonce, rendered);
            }
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
