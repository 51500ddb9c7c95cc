//! The browser's side of co-drafting: a `yrs` document started from the page's state (and from the copy this
//! browser saved, if any), a WebSocket speaking y-websocket to `/ws/doc/{id}` that reconnects by itself, the
//! fields bound to their texts, and presence through awareness.

use super::live_editor::Editor;
use super::Op;
use super::{colour, Peer, PresenceState, PresenceUser, Status};
use crate::ids::DocumentId;
use crate::model::LiveStart;
use accord_domain::ydoc::{self, Roots, Splice};
use accord_domain::{Document, SectionKind};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BinaryType, HtmlElement, HtmlInputElement, HtmlTextAreaElement, MessageEvent, WebSocket};
use yrs::encoding::read::Cursor;
use yrs::sync::{Awareness, Message, MessageReader, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{GetString, ReadTxn, Transact, Update};

type Handler = Closure<dyn FnMut(JsValue)>;

pub struct Session {
    doc_id: DocumentId,
    lineage: String,
    doc: yrs::Doc,
    roots: Roots,
    awareness: RefCell<Awareness>,
    editor: Editor,
    socket: RefCell<Option<WebSocket>>,
    /// The callbacks of the current socket, kept alive as long as it is.
    handlers: RefCell<Vec<Handler>>,
    fields: RefCell<HashMap<String, HtmlElement>>,
    retries: Cell<u32>,
    focus_next: RefCell<Option<String>>,
    renewal: Cell<Option<IntervalHandle>>,
    this: RefCell<Weak<Session>>,
}

/// Leaving the page closes the socket and detaches its callbacks before they are freed.
impl Drop for Session {
    fn drop(&mut self) {
        if let Some(socket) = self.socket.borrow_mut().take() {
            socket.set_onopen(None);
            socket.set_onmessage(None);
            socket.set_onclose(None);
            let _ = socket.close();
        }
        if let Some(handle) = self.renewal.take() {
            handle.clear();
        }
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn value_of(element: &HtmlElement) -> String {
    if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        area.value()
    } else if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.value()
    } else {
        String::new()
    }
}

fn set_value(element: &HtmlElement, value: &str) {
    if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value)
    } else if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.set_value(value)
    }
}

fn selection_of(element: &HtmlElement) -> (u32, u32) {
    if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        (area.selection_start().ok().flatten().unwrap_or(0), area.selection_end().ok().flatten().unwrap_or(0))
    } else if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        (input.selection_start().ok().flatten().unwrap_or(0), input.selection_end().ok().flatten().unwrap_or(0))
    } else {
        (0, 0)
    }
}

fn set_selection(element: &HtmlElement, start: u32, end: u32) {
    if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        let _ = area.set_selection_range(start, end);
    } else if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        let _ = input.set_selection_range(start, end);
    }
}

fn is_focused(element: &HtmlElement) -> bool {
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    active.is_some_and(|a| a.is_same_node(Some(element)))
}

/// Gives every field of the shared document its text, so typing has somewhere to go: a section saved before
/// sections had addressees, or a row left narrower than its table by edits made at once (a column added
/// while a row was), has no text for the field the page shows. The change is the structural kind: the
/// document read, completed and reconciled.
fn complete(txn: &mut yrs::TransactionMut, roots: &Roots) {
    let mut document = ydoc::read(txn, roots);
    for section in document.sections.iter_mut().filter(|s| s.kind == SectionKind::Table) {
        let width = section.columns.len();
        for row in section.items.iter_mut().filter(|row| row.cells.len() < width) {
            row.cells.resize(width, String::new());
        }
    }
    ydoc::reconcile(txn, roots, &document);
}

impl Session {
    pub(super) fn start(doc_id: &DocumentId, start: &LiveStart, editor: Editor) -> Option<Rc<Session>> {
        let client = (js_sys::Math::random() * u32::MAX as f64) as u64;
        let doc = ydoc::new_doc_with_client(client);
        let roots = Roots::of(&doc);
        {
            let mut txn = doc.transact_mut();
            txn.apply_update(Update::decode_v1(&start.state).ok()?).ok()?;
            // What this browser typed and the server may not have: merged, if it belongs to this document.
            let saved = local_storage().and_then(|s| s.get_item(&super::saved_copy_key(doc_id)).ok().flatten());
            if let Some((lineage, state)) = saved.as_deref().and_then(|s| s.split_once('\n')) {
                if lineage == start.lineage {
                    if let Some(update) = BASE64.decode(state).ok().and_then(|b| Update::decode_v1(&b).ok()) {
                        let _ = txn.apply_update(update);
                    }
                }
            }
        }
        let mut awareness = Awareness::with_clock(doc.clone(), || js_sys::Date::now() as u64);
        let _ = awareness.set_local_state(PresenceState {
            user: PresenceUser { name: start.name.clone(), color: colour(client).to_string() },
            ..PresenceState::default()
        });
        let session = Rc::new(Session {
            doc_id: doc_id.clone(),
            lineage: start.lineage.clone(),
            doc,
            roots,
            awareness: RefCell::new(awareness),
            editor,
            socket: RefCell::new(None),
            handlers: RefCell::new(Vec::new()),
            fields: RefCell::new(HashMap::new()),
            retries: Cell::new(0),
            focus_next: RefCell::new(None),
            renewal: Cell::new(None),
            this: RefCell::new(Weak::new()),
        });
        *session.this.borrow_mut() = Rc::downgrade(&session);
        session.publish();
        session.connect();
        // Others drop a presence not renewed for 30 s.
        let weak = Rc::downgrade(&session);
        let renewal = set_interval_with_handle(
            move || {
                if let Some(s) = weak.upgrade() {
                    s.send_presence();
                }
            },
            Duration::from_secs(15),
        );
        session.renewal.set(renewal.ok());
        Some(session)
    }

    fn weak(&self) -> Weak<Session> {
        self.this.borrow().clone()
    }

    fn connect(&self) {
        let Some(location) = web_sys::window().map(|w| w.location()) else { return };
        let scheme = if location.protocol().ok().as_deref() == Some("https:") { "wss" } else { "ws" };
        let host = location.host().unwrap_or_default();
        let Ok(socket) = WebSocket::new(&format!("{scheme}://{host}/ws/doc/{}", self.doc_id)) else {
            self.schedule_reconnect();
            return;
        };
        socket.set_binary_type(BinaryType::Arraybuffer);
        let weak = self.weak();
        let on_open = Closure::<dyn FnMut(JsValue)>::new({
            let weak = weak.clone();
            move |_| {
                if let Some(s) = weak.upgrade() {
                    s.retries.set(0);
                    s.editor.status.set(Status::Online);
                    let sv = s.doc.transact().state_vector();
                    s.send(Message::Sync(SyncMessage::SyncStep1(sv)));
                    s.send_presence();
                }
            }
        });
        let on_message = Closure::<dyn FnMut(JsValue)>::new({
            let weak = weak.clone();
            move |event: JsValue| {
                let Some(s) = weak.upgrade() else { return };
                let Ok(event) = event.dyn_into::<MessageEvent>() else { return };
                if let Ok(buffer) = event.data().dyn_into::<js_sys::ArrayBuffer>() {
                    s.receive(&js_sys::Uint8Array::new(&buffer).to_vec());
                }
            }
        });
        let on_close = Closure::<dyn FnMut(JsValue)>::new({
            let weak = weak.clone();
            move |_| {
                if let Some(s) = weak.upgrade() {
                    s.socket.borrow_mut().take();
                    s.editor.status.set(Status::Offline);
                    s.editor.peers.set(Vec::new());
                    s.schedule_reconnect();
                }
            }
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        *self.handlers.borrow_mut() = vec![on_open, on_message, on_close];
        *self.socket.borrow_mut() = Some(socket);
    }

    fn schedule_reconnect(&self) {
        let tries = self.retries.get();
        self.retries.set(tries + 1);
        let delay = (250u64 << tries.min(5)).min(5_000);
        let weak = self.weak();
        set_timeout(
            move || {
                if let Some(s) = weak.upgrade() {
                    if s.socket.borrow().is_none() {
                        s.connect();
                    }
                }
            },
            Duration::from_millis(delay),
        );
    }

    fn send(&self, message: Message) {
        if let Some(socket) = self.socket.borrow().as_ref() {
            if socket.ready_state() == WebSocket::OPEN {
                let _ = socket.send_with_u8_array(&message.encode_v1());
            }
        }
    }

    fn receive(&self, data: &[u8]) {
        let mut decoder = DecoderV1::new(Cursor::new(data));
        let messages: Vec<_> = MessageReader::new(&mut decoder).collect();
        for message in messages {
            match message {
                Ok(Message::Sync(SyncMessage::SyncStep1(sv))) => {
                    if self.editor.can_edit {
                        let update = self.doc.transact().encode_state_as_update_v1(&sv);
                        self.send(Message::Sync(SyncMessage::SyncStep2(update)));
                    }
                }
                Ok(Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update))) => {
                    self.apply_remote(&update)
                }
                Ok(Message::Awareness(update)) => {
                    let _ = self.awareness.borrow_mut().apply_update(update);
                    self.publish_peers();
                }
                Ok(Message::AwarenessQuery) => self.send_presence(),
                Ok(_) => {}
                Err(_) => leptos::logging::warn!("a malformed message from the server"),
            }
        }
    }

    /// Applies a change from the server and brings every bound field up to date, keeping the caret of the one
    /// being typed in where it belongs.
    fn apply_remote(&self, update: &[u8]) {
        let Ok(update) = Update::decode_v1(update) else { return };
        if self.doc.transact_mut().apply_update(update).is_err() {
            return;
        }
        self.refresh_fields();
        self.publish();
    }

    fn refresh_fields(&self) {
        let txn = self.doc.transact();
        for (key, element) in self.fields.borrow().iter() {
            let Some(text) = ydoc::field_text(&txn, &self.roots, key) else { continue };
            let shared = text.get_string(&txn);
            let shown = value_of(element);
            if shared == shown {
                continue;
            }
            if is_focused(element) {
                let (start, end) = selection_of(element);
                let change = Splice::between(&shown, &shared);
                set_value(element, &shared);
                if let Some(c) = change {
                    let inserted = ydoc::utf16_len(&c.insert);
                    let start = super::shift(start, c.at, c.delete, inserted);
                    let end = super::shift(end, c.at, c.delete, inserted);
                    set_selection(element, start, end);
                }
            } else {
                set_value(element, &shared);
            }
        }
    }

    /// Where an anchored range stands in this browser's copy; None while the copy is busy in a change.
    pub(super) fn resolve(
        &self,
        item: &accord_domain::ItemId,
        anchor: &ydoc::anchor::Anchor,
    ) -> Option<Option<(u32, u32)>> {
        let txn = self.doc.try_transact().ok()?;
        Some(match ydoc::anchor::resolve(&txn, &self.roots, item, anchor) {
            ydoc::anchor::Place::Range { start, end, .. } => Some((start, end)),
            ydoc::anchor::Place::Removed => None,
        })
    }

    /// Hands the document as it now stands to the page.
    fn publish(&self) {
        let document: Document = ydoc::read(&self.doc.transact(), &self.roots);
        if self.editor.doc.with_untracked(|d| d != &document) {
            self.editor.doc.set(document);
        }
    }

    fn publish_peers(&self) {
        let awareness = self.awareness.borrow();
        let me = awareness.client_id();
        let mut peers: Vec<Peer> = awareness
            .iter()
            .filter(|(client, _)| *client != me)
            .filter_map(|(client, state)| {
                let state: PresenceState = serde_json::from_str(state.data.as_deref()?).ok()?;
                Some(Peer {
                    client: client.get(),
                    name: state.user.name,
                    field: state.field,
                    anchor: state.anchor,
                    head: state.head,
                })
            })
            .collect();
        peers.sort_by(|a, b| a.name.cmp(&b.name).then(a.client.cmp(&b.client)));
        self.editor.peers.set(peers);
    }

    fn send_presence(&self) {
        let awareness = self.awareness.borrow();
        if let Ok(update) = awareness.update_with_clients([awareness.client_id()]) {
            self.send(Message::Awareness(update));
        }
    }

    fn save_locally(&self) {
        let state = self.doc.transact().encode_state_as_update_v1(&yrs::StateVector::default());
        if let Some(storage) = local_storage() {
            let _ = storage
                .set_item(&super::saved_copy_key(&self.doc_id), &format!("{}\n{}", self.lineage, BASE64.encode(state)));
        }
    }

    /// Local changes go out as one update message, are saved in this browser, and reach the page.
    fn commit(&self, change: impl FnOnce(&mut yrs::TransactionMut)) {
        let update = {
            let mut txn = self.doc.transact_mut();
            change(&mut txn);
            txn.encode_update_v1()
        };
        if update.len() > 2 {
            self.send(Message::Sync(SyncMessage::Update(update)));
            self.save_locally();
        }
        self.publish();
    }

    pub(super) fn input(&self, key: &str, value: &str) {
        if !self.editor.can_edit {
            return;
        }
        let roots = self.roots.clone();
        self.commit(|txn| {
            let text = ydoc::field_text(txn, &roots, key).or_else(|| {
                complete(txn, &roots);
                ydoc::field_text(txn, &roots, key)
            });
            if let Some(text) = text {
                ydoc::splice(txn, &text, value);
            }
        });
    }

    pub(super) fn structural(&self, op: Op) {
        if !self.editor.can_edit {
            return;
        }
        let roots = self.roots.clone();
        let mut focus = None;
        self.commit(|txn| {
            let mut target = ydoc::read(txn, &roots);
            match op.apply(&mut target, &mut fastrand::Rng::new()) {
                Ok(new_item) => {
                    focus = new_item.map(|id| super::first_field(&target, &id));
                    ydoc::reconcile(txn, &roots, &target);
                }
                Err(e) => leptos::logging::warn!("edit refused: {e}"),
            }
        });
        *self.focus_next.borrow_mut() = focus;
    }

    pub(super) fn caret(&self, key: Option<&str>, anchor: u32, head: u32) {
        {
            let mut awareness = self.awareness.borrow_mut();
            let mut state: PresenceState = awareness.local_state().unwrap_or_default();
            if state.field.as_deref() == key && state.anchor == anchor && state.head == head {
                return;
            }
            state.field = key.map(str::to_string);
            state.anchor = anchor;
            state.head = head;
            let _ = awareness.set_local_state(state);
        }
        self.send_presence();
    }

    pub(super) fn bind(&self, key: String, element: HtmlElement) {
        // The server rendered what the page held; the shared text may have moved on since (a saved copy merged).
        {
            let txn = self.doc.transact();
            if let Some(text) = ydoc::field_text(&txn, &self.roots, &key) {
                let shared = text.get_string(&txn);
                if value_of(&element) != shared {
                    set_value(&element, &shared);
                }
            }
        }
        if self.focus_next.borrow().as_deref() == Some(key.as_str()) {
            self.focus_next.borrow_mut().take();
            let _ = element.focus();
        }
        self.fields.borrow_mut().insert(key, element);
    }

    pub(super) fn unbind(&self, key: &str) {
        self.fields.borrow_mut().remove(key);
    }
}
