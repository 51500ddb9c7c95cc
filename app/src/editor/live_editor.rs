//! The live editor's markup. The server renders it complete (every field filled); in the browser the session
//! binds each field to its `Y.Text` and keeps the signals below current.

use super::{peer_class, ColumnEdit, Field, Keys, Op, Overlay, Peer, Shortcut, Status};
use crate::components::escape::escape_html;
use crate::components::marks::{marked_text, LitThread};
use crate::error::AppError;
use crate::i18n::document_kind;
use crate::i18n::{section_kind, use_lang};
use crate::ids::DocumentId;
use crate::model::{LiveStart, Mark, Picked};
use accord_domain::document::{Direction, HeaderField, Layout, ADDRESSEE_MAX, HEADER_FIELD_MAX, ITEM_MAX, LEAD_IN_MAX};
use accord_domain::{Document, DocumentKind, ItemId, Section, SectionKind};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub(super) struct Editor {
    pub doc: RwSignal<Document>,
    pub peers: RwSignal<Vec<Peer>>,
    pub status: RwSignal<Status>,
    pub can_edit: bool,
    /// The page is hydrated and bound: until then (and without JavaScript) the fields stay read-only.
    pub live: RwSignal<bool>,
    /// Words of open comments, highlighted where they now stand.
    pub marks: Option<RwSignal<Vec<Mark>>>,
    /// Where a selection is offered for a comment (the document page's comment form), if anywhere.
    pub picked: Option<RwSignal<Option<Picked>>>,
    /// The thread lit with its words (the workspace's margin), if there is one.
    lit: Option<LitThread>,
    #[cfg(feature = "hydrate")]
    session: StoredValue<Option<std::rc::Rc<super::session::Session>>, LocalStorage>,
}

impl Editor {
    fn writable(&self) -> bool {
        self.can_edit && self.live.get()
    }

    #[cfg(feature = "hydrate")]
    fn with_session(&self, f: impl FnOnce(&super::session::Session)) {
        if let Some(session) = self.session.get_value() {
            f(&session);
        }
    }

    fn input(&self, key: &str, value: String) {
        #[cfg(feature = "hydrate")]
        self.with_session(|s| s.input(key, &value));
        #[cfg(not(feature = "hydrate"))]
        let _ = (key, value);
    }

    fn caret(&self, key: Option<&str>, anchor: u32, head: u32) {
        #[cfg(feature = "hydrate")]
        self.with_session(|s| s.caret(key, anchor, head));
        #[cfg(not(feature = "hydrate"))]
        let _ = (key, anchor, head);
    }

    fn apply(&self, op: Op) {
        #[cfg(feature = "hydrate")]
        self.with_session(|s| s.structural(op));
        #[cfg(not(feature = "hydrate"))]
        let _ = op;
    }

    #[cfg(feature = "hydrate")]
    fn bind(&self, key: String, element: web_sys::HtmlElement) {
        self.with_session(|s| s.bind(key, element));
    }

    #[cfg(feature = "hydrate")]
    fn unbind(&self, key: &str) {
        self.with_session(|s| s.unbind(key));
    }

    /// Where a comment's words stand in the browser's copy of the text (the page's figure before that).
    fn place(&self, item: &ItemId, mark: &Mark) -> Option<(u32, u32)> {
        #[cfg(feature = "hydrate")]
        if let (Some(session), Some(anchor)) = (self.session.get_value(), mark.anchor.as_ref()) {
            if let Some(place) = session.resolve(item, anchor) {
                return place;
            }
        }
        let _ = item;
        mark.range
    }

    /// Offers a selection in an item's text to the comment form.
    fn pick(&self, item: &ItemId, text: &str, (start, end): (u32, u32)) {
        let Some(picked) = self.picked else { return };
        if start >= end {
            return;
        }
        let units: Vec<u16> = text.encode_utf16().collect();
        let Some(slice) = units.get(start as usize..end as usize) else { return };
        let quote = String::from_utf16_lossy(slice);
        if !quote.trim().is_empty() {
            picked.set(Some(Picked { item: item.to_string(), start, quote }));
        }
    }

    /// Lights the thread whose words the caret is in, as a word processor does.
    fn light_at(&self, item: &ItemId, at: u32) {
        let (Some(marks), Some(lit)) = (self.marks, self.lit) else { return };
        let hit = marks.with_untracked(|marks| {
            marks
                .iter()
                .filter(|m| m.item == item.as_str())
                .find(|m| self.place(item, m).is_some_and(|(s, e)| s <= at && at <= e))
                .map(|m| m.comment.clone())
        });
        if let Some(comment) = hit {
            lit.light(comment, true);
        }
    }

    fn peers_in(&self, key: &str) -> Vec<Peer> {
        self.peers.with(|peers| peers.iter().filter(|p| p.field.as_deref() == Some(key)).cloned().collect())
    }
}

/// Binds a field element to its key once it is in the page (in the browser), and unbinds it when it goes.
fn bind_field(editor: Editor, key: String, element: impl Fn() -> Option<leptos::web_sys::HtmlElement> + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let bound = key.clone();
        Effect::new(move |_| {
            if let Some(element) = element() {
                editor.bind(key.clone(), element);
            }
        });
        on_cleanup(move || editor.unbind(&bound));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (editor, key, element);
}

/// The caret of the element an event came from, in UTF-16 offsets (as the browser counts).
fn selection(ev: &leptos::ev::Event) -> (u32, u32) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let target = ev.target();
        if let Some(area) = target.as_ref().and_then(|t| t.dyn_ref::<web_sys::HtmlTextAreaElement>()) {
            return (
                area.selection_start().ok().flatten().unwrap_or(0),
                area.selection_end().ok().flatten().unwrap_or(0),
            );
        }
        if let Some(input) = target.as_ref().and_then(|t| t.dyn_ref::<web_sys::HtmlInputElement>()) {
            return (
                input.selection_start().ok().flatten().unwrap_or(0),
                input.selection_end().ok().flatten().unwrap_or(0),
            );
        }
    }
    let _ = ev;
    (0, 0)
}

#[component]
pub fn LiveEditor(
    doc_id: DocumentId,
    start: LiveStart,
    document: Document,
    can_edit: bool,
    #[prop(optional)] marks: Option<RwSignal<Vec<Mark>>>,
    /// Run when items are added, removed or moved (the comment form offers them).
    #[prop(optional)]
    items_changed: Option<Callback<()>>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let editor = Editor {
        doc: RwSignal::new(document),
        peers: RwSignal::new(Vec::new()),
        status: RwSignal::new(Status::Connecting),
        can_edit,
        live: RwSignal::new(false),
        marks,
        picked: use_context::<RwSignal<Option<Picked>>>(),
        lit: LitThread::from_context(),
        #[cfg(feature = "hydrate")]
        session: StoredValue::new_local(None),
    };
    Effect::new(move |_| editor.live.set(true));
    if let Some(changed) = items_changed {
        let items = Memo::new(move |_| {
            editor
                .doc
                .with(|d| d.sections.iter().flat_map(|s| s.items.iter().map(|i| i.id.clone())).collect::<Vec<_>>())
        });
        // Read, not only tracked: a memo nobody reads is never worked out, so it never changes.
        Effect::watch(move || items.with(|_| ()), move |_, _, _| changed.run(()), false);
    }
    let forms = format!("/documents/{doc_id}/edit");
    #[cfg(feature = "hydrate")]
    {
        let session = super::session::Session::start(&doc_id, &start, editor);
        editor.session.set_value(session);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (&doc_id, &start);
    let status = move || match editor.status.get() {
        Status::Connecting => ("connecting", t.live_connecting()),
        Status::Online => ("online", t.live_online()),
        Status::Offline => ("offline", t.live_offline()),
    };
    let presence = move || {
        editor
            .peers
            .get()
            .into_iter()
            .map(|p| view! { <li class=peer_class(p.client)><span class="dot"></span>{p.name}</li> })
            .collect_view()
    };
    let sections = move || editor.doc.with(|d| d.sections.iter().map(|s| (s.id.clone(), s.kind)).collect::<Vec<_>>());
    let new_kind = RwSignal::new(SectionKind::Recommendations);
    // The whole document's vote is written by its ballot; a line already there (an imported text's) is edited here.
    let has_vote = Memo::new(move |_| editor.doc.with(|d| d.vote.is_some()));
    let kinds = SectionKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code() selected=k == SectionKind::Recommendations>{section_kind(lang, k)}</option> })
        .collect_view();
    view! {
        <div class="live-editor" data-status=move || status().0 data-live=move || editor.live.get().then_some("")>
            {move || (can_edit && !editor.live.get()).then(|| view! {
                <p class="notice js-needed">{t.live_needs_js()} " " <a href=forms.clone()>{t.form_editor()}</a></p>
            })}
            <div class="live-bar">
                <span class="connection" role="status">{move || status().1}</span>
                <span class="muted">{t.live_present()}</span>
                <ul class="presence">{presence}</ul>
                {can_edit.then(|| view! {
                    <details class="shortcuts">
                        <summary>{t.shortcuts()}</summary>
                        <dl>
                            <dt><kbd>"Ctrl"</kbd>"+"<kbd>"Enter"</kbd></dt><dd>{t.shortcut_add()}</dd>
                            <dt><kbd>"Alt"</kbd>"+"<kbd>"↑"</kbd>" / "<kbd>"↓"</kbd></dt><dd>{t.shortcut_move()}</dd>
                            <dt><kbd>"Alt"</kbd>"+"<kbd>"→"</kbd>" / "<kbd>"←"</kbd></dt><dd>{t.shortcut_depth()}</dd>
                            <dt><kbd>"Ctrl"</kbd>"+"<kbd>"Shift"</kbd>"+"<kbd>"Backspace"</kbd></dt><dd>{t.shortcut_delete()}</dd>
                        </dl>
                    </details>
                })}
            </div>
            {(!can_edit).then(|| view! { <p class="notice read-only" role="note">{t.live_read_only()}</p> })}
            <LiveHeader editor />
            <For each=sections key=|s| s.clone() children=move |(id, kind)| view! { <LiveSection editor id kind /> } />
            {move || has_vote.get().then(|| view! { <VoteLine editor section=None /> })}
            {can_edit.then(|| view! {
                <div class="add-section">
                    <select aria-label=t.section_kind() on:change=move |ev| {
                        if let Some(k) = SectionKind::from_code(&event_target_value(&ev)) { new_kind.set(k) }
                    }>{kinds}</select>
                    <button type="button" class="secondary" on:click=move |_| editor.apply(Op::AddSection(new_kind.get_untracked()))>
                        {t.add_section()}
                    </button>
                </div>
            })}
        </div>
    }
}

/// A section's field as the page holds it now, computed only when read.
fn section_field(editor: Editor, id: ItemId, field: fn(&Section) -> &str) -> Signal<String> {
    Signal::derive(move || {
        editor.doc.with(|d| d.sections.iter().find(|s| s.id == id).map(|s| field(s).to_string()).unwrap_or_default())
    })
}

/// A row's cell in column `at` as the page holds it now; empty where the row is narrower than its table.
fn cell_text(editor: Editor, id: ItemId, at: usize) -> Signal<String> {
    Signal::derive(move || {
        editor.doc.with(|d| d.find_item(&id).and_then(|(_, i)| i.cells.get(at).cloned()).unwrap_or_default())
    })
}

fn names(peers: Vec<Peer>) -> impl IntoView {
    peers
        .into_iter()
        .map(|p| view! { <span class=format!("peer-name {}", peer_class(p.client))>{p.name}</span> })
        .collect_view()
}

/// One text field bound to its shared text (a lead-in, a section's addressee, a cell): typing goes to the
/// session, the caret to presence; who else is in it is named under it, and their carets are drawn over it.
#[component]
fn Field(
    editor: Editor,
    /// The field's key (see `Field::key`).
    key: String,
    /// The text now: the first render's value, and what others' carets are laid over.
    text: Signal<String>,
    #[prop(into)] class: String,
    #[prop(into)] label: String,
    max: usize,
    #[prop(optional, into)] placeholder: Option<String>,
    /// One line of words (wrapped where it is long): Enter leaves the field rather than breaking the line.
    #[prop(optional)]
    line: bool,
) -> impl IntoView {
    let (k_input, k_focus, k_keyup) = (key.clone(), key.clone(), key.clone());
    let on_input = move |ev: leptos::ev::Event| {
        let words = if line { one_line_words(&ev) } else { event_target_value(&ev) };
        editor.input(&k_input, words)
    };
    let on_focus = move |ev: leptos::ev::FocusEvent| {
        let (a, h) = selection(&ev);
        editor.caret(Some(&k_focus), a, h)
    };
    let on_blur = move |_: leptos::ev::FocusEvent| editor.caret(None, 0, 0);
    let on_keyup = move |ev: leptos::ev::KeyboardEvent| {
        let (a, h) = selection(&ev.into());
        editor.caret(Some(&k_keyup), a, h)
    };
    let readonly = move || !editor.writable();
    let class = format!("{class} field");
    let who = {
        let key = key.clone();
        move || names(editor.peers_in(&key))
    };
    let node = NodeRef::<leptos::html::Textarea>::new();
    let carets = {
        let key = key.clone();
        move || {
            let peers = editor.peers_in(&key);
            (!peers.is_empty()).then(|| caret_overlay(&text.get(), peers))
        }
    };
    bind_field(editor, key, move || node.get().map(Into::into));
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if line {
            one_line(ev)
        }
    };
    let field = view! {
        <div class="text-wrap">
            <textarea class=class rows="1" maxlength=max aria-label=label placeholder=placeholder readonly=readonly
                node_ref=node inner_html=escape_html(&text.get_untracked())
                on:input=on_input on:focus=on_focus on:blur=on_blur on:keyup=on_keyup on:keydown=on_keydown
            ></textarea>
            <div class="carets" aria-hidden="true">{carets}</div>
        </div>
    };
    view! { {field}<div class="who">{who}</div> }
}

/// Keeps a field that wraps (a header line, an addressee) to one line: Enter leaves it instead, which also
/// sends a field changed as a whole.
fn one_line(ev: leptos::ev::KeyboardEvent) {
    if ev.key() == "Enter" {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(field) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = field.blur();
            }
        }
    }
}

/// The words of a one-line field as typed; line breaks (a pasted paragraph) become spaces, in the field too.
fn one_line_words(ev: &leptos::ev::Event) -> String {
    let words = event_target_value(ev);
    if !words.contains(['\n', '\r']) {
        return words;
    }
    let flat = words.replace("\r\n", " ").replace(['\n', '\r'], " ");
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(area) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
            area.set_value(&flat);
        }
    }
    flat
}

/// The header, centred as the document prints it, each line a field changed as a whole when it is left.
#[component]
fn LiveHeader(editor: Editor) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let current = editor.doc.with_untracked(|d| d.header.kind);
    let kinds = DocumentKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code() selected=k == current>{document_kind(lang, k)}</option> })
        .collect_view();
    let lines = HeaderField::ALL.into_iter().map(|field| view! { <HeaderLine editor field /> }).collect_view();
    view! {
        <header class="resolution-header live-header" id="document-header">
            {editor.can_edit.then(|| view! {
                <div class="section-head">
                    <span class="section-kind">{t.header()}</span>
                    <select aria-label=t.document_kind_label() prop:value=move || editor.doc.with(|d| d.header.kind.code())
                        on:change=move |ev| {
                        if let Some(k) = DocumentKind::from_code(&event_target_value(&ev)) { editor.apply(Op::DocumentKind(k)) }
                    }>{kinds}</select>
                </div>
            })}
            {lines}
        </header>
    }
}

#[component]
fn HeaderLine(editor: Editor, field: HeaderField) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let value = Memo::new(move |_| editor.doc.with(|d| field.of(&d.header).to_string()));
    let (class, label) = match field {
        HeaderField::DocKind => ("doc-kind", t.doc_kind()),
        HeaderField::EventLine => ("event-line", t.event_line()),
        HeaderField::Title => ("event-title", t.title()),
        HeaderField::Number => ("doc-number", t.doc_number()),
        HeaderField::Date => ("event-date", t.date_as_written()),
        HeaderField::Place => ("event-city", t.place()),
    };
    let check = Callback::new(move |words: String| {
        let mut header = editor.doc.with_untracked(|d| d.header.clone());
        field.set(&mut header, &words).map_err(|e| crate::i18n::error_message(lang, &AppError::Invalid(e)))
    });
    let send = Callback::new(move |words: String| editor.apply(Op::Header(field, words)));
    view! {
        <WholeLine editor value class=format!("{class} header-line") label placeholder=label max=HEADER_FIELD_MAX
            id=format!("header-{}", field.code()) one=true check send />
    }
}

/// A vote line (a decision's in a protocol, or the whole document's).
#[component]
fn VoteLine(editor: Editor, section: Option<ItemId>) -> impl IntoView {
    let t = use_lang().texts();
    let of = section.clone();
    let value = Memo::new(move |_| {
        editor.doc.with(|d| {
            let vote = match &of {
                Some(id) => d.sections.iter().find(|s| &s.id == id).and_then(|s| s.vote.as_ref()),
                None => d.vote.as_ref(),
            };
            vote.map(|v| v.line()).unwrap_or_default()
        })
    });
    let id = match &section {
        Some(s) => format!("vote-{s}"),
        None => "document-vote".to_string(),
    };
    let check = Callback::new(move |words: String| {
        super::vote_of(&words).map(|_| ()).map_err(|_| t.vote_unreadable().to_string())
    });
    let send = Callback::new(move |words: String| editor.apply(Op::Vote(section.clone(), words)));
    let message = id.clone();
    view! {
        <div class="vote live-vote" id=id>
            <WholeLine editor value class="vote-line" label=t.vote_line() placeholder=t.vote_line_placeholder() max=LEAD_IN_MAX
                id=message one=false check send />
        </div>
    }
}

/// A line changed as a whole when it is left (a header line, a vote line), its value one string in the shared
/// document. It follows that value except while it has the focus, so a change by someone else does not
/// overwrite words being typed; words `check` refuses stay in the field with its message and are not sent.
#[component]
fn WholeLine(
    editor: Editor,
    value: Memo<String>,
    #[prop(into)] class: String,
    label: &'static str,
    placeholder: &'static str,
    max: usize,
    /// Names the field's message (`{id}-message`).
    id: String,
    /// One line of words: Enter leaves the field.
    one: bool,
    check: Callback<String, Result<(), String>>,
    send: Callback<String>,
) -> impl IntoView {
    let refused = RwSignal::new(None::<String>);
    let typing = RwSignal::new(false);
    let node = NodeRef::<leptos::html::Textarea>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let shared = value.get();
        if let Some(field) = node.get_untracked() {
            if !typing.get_untracked() && refused.get_untracked().is_none() && field.value() != shared {
                field.set_value(&shared);
            }
        }
    });
    let message = format!("{id}-message");
    view! {
        <textarea class=format!("{class} field") rows="1" maxlength=max aria-label=label placeholder=placeholder
            readonly=move || !editor.writable() node_ref=node inner_html=escape_html(&value.get_untracked())
            aria-invalid=move || refused.with(Option::is_some).then_some("true") aria-describedby=message.clone()
            on:focus=move |_| typing.set(true)
            on:blur=move |_| typing.set(false)
            on:keydown=move |ev| if one { one_line(ev) }
            on:change=move |ev| {
                let words = event_target_value(&ev);
                match check.run(words.clone()) {
                    Ok(()) => {
                        refused.set(None);
                        send.run(words);
                    }
                    Err(why) => refused.set(Some(why)),
                }
            }></textarea>
        <p class="field-error" id=message role="alert">{move || refused.get()}</p>
    }
}

#[component]
fn LiveSection(editor: Editor, id: ItemId, kind: SectionKind) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let kinds = SectionKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code() selected=k == kind>{section_kind(lang, k)}</option> })
        .collect_view();
    let (s1, s2, s3, s4, s5) = (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
    // A protocol's «СЛУШАЛИ:» is a heading of its own, a list's lead-in a sentence.
    let lead_class = if kind.heading_style() { "lead-in cue" } else { "lead-in" };
    let lead_in = view! {
        <Field editor key=Field::LeadIn(id.clone()).key() text=section_field(editor, id.clone(), |s| &s.lead_in)
            class=lead_class label=t.lead_in() placeholder=t.lead_in() max=LEAD_IN_MAX />
    };
    // Recommendations grouped under an addressee: «Правительству Российской Федерации:».
    let addressee = kind.recommends().then(|| {
        view! {
            <Field editor key=Field::SectionAddressee(id.clone()).key()
                text=section_field(editor, id.clone(), |s| &s.addressee) class="section-addressee"
                label=t.section_addressee() placeholder=t.section_addressee() max=ADDRESSEE_MAX line=true />
        }
    });
    let body = match kind.layout() {
        Layout::Rows => view! { <LiveTable editor id=id.clone() /> }.into_any(),
        layout => {
            let section = id.clone();
            let items = move || {
                editor.doc.with(|d| {
                    d.sections
                        .iter()
                        .find(|s| s.id == section)
                        .map(|s| s.items.iter().map(|i| (i.id.clone(), i.depth)).collect::<Vec<_>>())
                        .unwrap_or_default()
                })
            };
            let class = match layout {
                Layout::Numbers => "items ol",
                Layout::Bullets => "items ul",
                Layout::Paragraphs | Layout::Rows => "items paragraphs",
            };
            let id = id.clone();
            view! {
                <div class=class>
                    <For each=items key=|i| i.clone() children=move |(item, depth)| view! { <LiveItem editor section=id.clone() id=item depth kind /> } />
                </div>
            }
            .into_any()
        }
    };
    let add_label = if kind.layout() == Layout::Rows { t.add_row() } else { t.add_item() };
    let section_attr = id.to_string();
    // A protocol records the vote on each decision under it.
    let has_vote = {
        let id = id.clone();
        Memo::new(move |_| editor.doc.with(|d| d.sections.iter().any(|s| s.id == id && s.vote.is_some())))
    };
    let vote_of = id.clone();
    let vote = move || {
        (has_vote.get() || (editor.can_edit && kind == SectionKind::Decisions))
            .then(|| view! { <VoteLine editor section=Some(vote_of.clone()) /> })
    };
    view! {
        <section class=format!("live-section section-{}", kind.code()) id=format!("section-{section_attr}") data-section=section_attr.clone()>
            <div class="section-head">
                <span class="section-kind">{section_kind(lang, kind)}</span>
                {editor.can_edit.then(|| view! {
                    <select aria-label=t.section_kind() on:change=move |ev| {
                        if let Some(k) = SectionKind::from_code(&event_target_value(&ev)) {
                            editor.apply(Op::Kind(s1.clone(), k))
                        }
                    }>{kinds}</select>
                    <button type="button" class="icon" title=t.move_up() on:click=move |_| editor.apply(Op::MoveSection(s2.clone(), Direction::Up))>"↑"</button>
                    <button type="button" class="icon" title=t.move_down() on:click=move |_| editor.apply(Op::MoveSection(s3.clone(), Direction::Down))>"↓"</button>
                    <button type="button" class="icon danger" title=t.delete_section() on:click=move |_| editor.apply(Op::RemoveSection(s4.clone()))>"✕"</button>
                })}
            </div>
            {lead_in}
            {addressee}
            {body}
            {vote}
            {editor.can_edit.then(|| view! {
                <button type="button" class="secondary add-item" on:click=move |_| editor.apply(Op::AddItem { section: s5.clone(), after: None })>
                    {add_label}
                </button>
            })}
        </section>
    }
}

/// A table edited as a table: a heading field per column (changed as a whole, through `Op::Columns`, when the
/// field is left), a shared text per cell. Wider than a phone's screen, it scrolls sideways in its own box.
#[component]
fn LiveTable(editor: Editor, id: ItemId) -> impl IntoView {
    let t = use_lang().texts();
    let width = {
        let id = id.clone();
        Memo::new(move |_| editor.doc.with(|d| d.sections.iter().find(|s| s.id == id).map_or(0, |s| s.columns.len())))
    };
    let head = {
        let id = id.clone();
        move || (0..width.get()).map(|at| view! { <ColumnHead editor section=id.clone() at /> }).collect_view()
    };
    let rows = {
        let id = id.clone();
        move || {
            editor.doc.with(|d| {
                d.sections
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| s.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>())
                    .unwrap_or_default()
            })
        }
    };
    let add = id.clone();
    view! {
        <div class="table-scroll">
            <table class="live-table">
                <thead>
                    <tr>
                        {head}
                        {editor.can_edit.then(|| view! {
                            <th class="row-tools">
                                <button type="button" class="icon add-column" title=t.add_column() aria-label=t.add_column()
                                    on:click=move |_| editor.apply(Op::Columns(add.clone(), ColumnEdit::Add))>"+"</button>
                            </th>
                        })}
                    </tr>
                </thead>
                <tbody>
                    <For each=rows key=|i| i.clone() children=move |row| view! { <LiveRow editor section=id.clone() id=row width /> } />
                </tbody>
            </table>
        </div>
    }
}

/// The heading of column `at`: a change is sent when the field is left, so half-typed headings are not.
#[component]
fn ColumnHead(editor: Editor, section: ItemId, at: usize) -> impl IntoView {
    let t = use_lang().texts();
    let heading = {
        let section = section.clone();
        Memo::new(move |_| {
            editor.doc.with(|d| {
                d.sections.iter().find(|s| s.id == section).and_then(|s| s.columns.get(at).cloned()).unwrap_or_default()
            })
        })
    };
    let (rename, remove) = (section.clone(), section);
    view! {
        <th scope="col">
            <div class="column-head">
                <input class="column field" maxlength=HEADER_FIELD_MAX aria-label=format!("{} {}", t.column(), at + 1)
                    value=heading.get_untracked() prop:value=move || heading.get() readonly=move || !editor.writable()
                    on:change=move |ev| editor.apply(Op::Columns(rename.clone(), ColumnEdit::Rename(at, event_target_value(&ev)))) />
                {editor.can_edit.then(|| view! {
                    <button type="button" class="icon danger remove-column" title=t.remove_column()
                        aria-label=format!("{} {}", t.remove_column(), at + 1)
                        on:click=move |_| editor.apply(Op::Columns(remove.clone(), ColumnEdit::Remove(at)))>"✕"</button>
                })}
            </div>
        </th>
    }
}

/// A table's row: a field per column, bound to `item:ID:cellN`, so people typing in cells merge as text.
#[component]
fn LiveRow(editor: Editor, section: ItemId, id: ItemId, width: Memo<usize>) -> impl IntoView {
    let t = use_lang().texts();
    let cells = {
        let (id, section) = (id.clone(), section.clone());
        move || {
            (0..width.get())
                .map(|at| {
                    let heading = editor.doc.with_untracked(|d| {
                        d.sections.iter().find(|s| s.id == section).and_then(|s| s.columns.get(at).cloned())
                    });
                    let label = heading.filter(|h| !h.trim().is_empty()).unwrap_or_else(|| format!("{} {}", t.column(), at + 1));
                    view! {
                        <td>
                            <Field editor key=Field::Cell(id.clone(), at).key() text=cell_text(editor, id.clone(), at) class="cell"
                                label max=ITEM_MAX />
                        </td>
                    }
                })
                .collect_view()
        }
    };
    let (i1, i2, i3, i4) = (id.clone(), id.clone(), id.clone(), id.clone());
    view! {
        <tr class="live-row" id=format!("item-{id}") data-item=id.to_string()>
            {cells}
            {editor.can_edit.then(|| view! {
                <td class="row-tools">
                    <div class="item-tools">
                        <button type="button" class="icon" title=t.add_row() on:click=move |_| editor.apply(Op::AddItem { section: section.clone(), after: Some(i1.clone()) })>"+"</button>
                        <button type="button" class="icon" title=t.move_up() on:click=move |_| editor.apply(Op::MoveItem(i2.clone(), Direction::Up))>"↑"</button>
                        <button type="button" class="icon" title=t.move_down() on:click=move |_| editor.apply(Op::MoveItem(i3.clone(), Direction::Down))>"↓"</button>
                        <button type="button" class="icon danger" title=t.delete() on:click=move |_| editor.apply(Op::RemoveItem(i4.clone()))>"✕"</button>
                    </div>
                </td>
            })}
        </tr>
    }
}

#[component]
fn LiveItem(editor: Editor, section: ItemId, id: ItemId, depth: u8, kind: SectionKind) -> impl IntoView {
    let t = use_lang().texts();
    let (text, addressee) = editor
        .doc
        .with_untracked(|d| d.find_item(&id).map(|(_, i)| (i.text.clone(), i.addressee.clone())).unwrap_or_default());
    let marker = {
        let (section, id) = (section.clone(), id.clone());
        move || {
            editor.doc.with(|d| {
                d.sections
                    .iter()
                    .find(|s| s.id == section)
                    .and_then(|s| s.items.iter().position(|i| i.id == id).map(|at| s.markers().swap_remove(at)))
                    .unwrap_or_default()
            })
        }
    };
    let text_key = Field::Text(id.clone()).key();
    let addr_key = Field::Addressee(id.clone()).key();
    let text_node = NodeRef::<leptos::html::Textarea>::new();
    let addr_node = NodeRef::<leptos::html::Textarea>::new();
    bind_field(editor, text_key.clone(), move || text_node.get().map(Into::into));
    let with_addressee = kind.recommends();
    // Paragraphs (СЛУШАЛИ, ВЫСТУПИЛИ, signatures) have no marker and no sub-items.
    let list = kind.is_list();
    if with_addressee {
        bind_field(editor, addr_key.clone(), move || addr_node.get().map(Into::into));
    }
    let who = {
        let (tk, ak) = (text_key.clone(), addr_key.clone());
        move || {
            let mut here = editor.peers_in(&tk);
            here.extend(editor.peers_in(&ak));
            names(here)
        }
    };
    let carets = {
        let tk = text_key.clone();
        let id = id.clone();
        move || {
            let peers = editor.peers_in(&tk);
            if peers.is_empty() {
                return None;
            }
            let text = editor.doc.with(|d| d.find_item(&id).map(|(_, i)| i.text.clone()).unwrap_or_default());
            Some(caret_overlay(&text, peers))
        }
    };
    // Runs on every change of the text, so it asks for the text only for an item that has marks.
    let highlights = {
        let id = id.clone();
        move || {
            let marks: Vec<Mark> = editor
                .marks
                .and_then(|marks| marks.try_with(|m| m.iter().filter(|m| m.item == id.as_str()).cloned().collect()))
                .unwrap_or_default();
            if marks.is_empty() {
                return None;
            }
            let text = editor.doc.with(|d| d.find_item(&id).map(|(_, i)| i.text.clone()).unwrap_or_default());
            let ranges: Vec<(u32, u32, _)> =
                marks.iter().filter_map(|m| editor.place(&id, m).map(|(s, e)| (s, e, m.comment.clone()))).collect();
            (!ranges.is_empty()).then(|| marked_text(&text, &ranges))
        }
    };
    let pick = {
        let id = id.clone();
        move |ev: &leptos::ev::Event| editor.pick(&id, &event_target_value(ev), selection(ev))
    };
    let pick_too = pick.clone();
    let (k1, k2, k3, k4, k5, k6) =
        (text_key.clone(), text_key.clone(), text_key.clone(), addr_key.clone(), addr_key.clone(), addr_key.clone());
    let (i1, i2, i3, i4, i5) = (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
    let (i6, i7) = (id.clone(), id.clone());
    let sec = section.clone();
    let (sec_k, item_k) = (section.clone(), id.clone());
    let shortcut = move |ev: leptos::ev::KeyboardEvent| {
        if !editor.can_edit {
            return;
        }
        let key = ev.key();
        let keys = Keys { key: &key, ctrl: ev.ctrl_key() || ev.meta_key(), alt: ev.alt_key(), shift: ev.shift_key() };
        let Some(shortcut) = Shortcut::of(keys) else { return };
        // Even where it does not apply here: Alt+← would take the browser back.
        ev.prevent_default();
        let Some(op) = shortcut.op(&sec_k, &item_k, depth, list) else { return };
        editor.apply(op);
        #[cfg(feature = "hydrate")]
        if matches!(shortcut, Shortcut::Move(_) | Shortcut::Indent | Shortcut::Outdent) {
            focus_text_of(&item_k);
        }
    };
    view! {
        <div class=format!("live-item depth-{depth}{}", if list { "" } else { " plain" }) id=format!("item-{id}") data-item=id.to_string()>
            {list.then(|| view! { <span class="marker" aria-hidden="true">{marker}</span> })}
            <div class="fields">
                {with_addressee.then(|| view! {
                    <textarea class="addressee field" rows="1" maxlength=ADDRESSEE_MAX placeholder=t.addressee()
                        aria-label=t.addressee() readonly=move || !editor.writable() node_ref=addr_node
                        inner_html=escape_html(&addressee) on:keydown=one_line
                        on:input=move |ev| editor.input(&k4, one_line_words(&ev))
                        on:focus=move |ev| { let (a, h) = selection(&ev); editor.caret(Some(&k5), a, h) }
                        on:blur=move |_| editor.caret(None, 0, 0)
                        on:keyup=move |ev| { let (a, h) = selection(&ev.into()); editor.caret(Some(&k6), a, h) }></textarea>
                })}
                <div class="text-wrap">
                    <textarea class="item-text field" rows="1" maxlength=ITEM_MAX aria-label=t.item_text()
                        placeholder=t.new_item_placeholder() readonly=move || !editor.writable() node_ref=text_node
                        inner_html=escape_html(&text)
                        on:input=move |ev| editor.input(&k1, event_target_value(&ev))
                        on:focus=move |ev| { let (a, h) = selection(&ev); editor.caret(Some(&k2), a, h) }
                        on:blur=move |_| editor.caret(None, 0, 0)
                        on:keyup=move |ev| {
                            // Moving the caret into commented words lights their thread; typing there does not
                            // (on a phone it would open the thread's sheet at every key).
                            let moved = matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Home" | "End");
                            let ev: leptos::ev::Event = ev.into();
                            let (a, h) = selection(&ev);
                            editor.caret(Some(&k3), a, h);
                            if moved {
                                editor.light_at(&i6, h);
                            }
                            pick(&ev)
                        }
                        on:click=move |ev| {
                            let (a, h) = selection(&ev.into());
                            editor.caret(Some(&text_key), a, h);
                            editor.light_at(&i7, h)
                        }
                        on:mouseup=move |ev| pick_too(&ev.into())
                        on:keydown=shortcut
                    ></textarea>
                    <div class="marks" aria-hidden="true">{highlights}</div>
                    <div class="carets" aria-hidden="true">{carets}</div>
                </div>
                <div class="who">{who}</div>
            </div>
            {editor.can_edit.then(|| view! {
                <div class="item-tools">
                    <button type="button" class="icon" title=t.add_item() on:click=move |_| editor.apply(Op::AddItem { section: sec.clone(), after: Some(i1.clone()) })>"+"</button>
                    {list.then(|| view! {
                        <button type="button" class="icon" title=t.indent() on:click=move |_| editor.apply(Op::Depth(i2.clone(), 1 - depth))>{if depth == 0 { "→" } else { "←" }}</button>
                    })}
                    <button type="button" class="icon" title=t.move_up() on:click=move |_| editor.apply(Op::MoveItem(i3.clone(), Direction::Up))>"↑"</button>
                    <button type="button" class="icon" title=t.move_down() on:click=move |_| editor.apply(Op::MoveItem(i4.clone(), Direction::Down))>"↓"</button>
                    <button type="button" class="icon danger" title=t.delete() on:click=move |_| editor.apply(Op::RemoveItem(i5.clone()))>"✕"</button>
                </div>
            })}
        </div>
    }
}

/// Gives the caret back to an item's text once a move has been drawn (a new depth makes a new field).
#[cfg(feature = "hydrate")]
fn focus_text_of(item: &ItemId) {
    use wasm_bindgen::JsCast;
    let selector = format!("[data-item=\"{item}\"] textarea.item-text");
    set_timeout(
        move || {
            let field = document().query_selector(&selector).ok().flatten();
            if let Some(field) = field.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = field.focus();
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The others' selections and carets over a text field: the text laid out as the field lays it out, in
/// transparent ink, shaded in a person's colour where they have selected it, with a coloured bar and their
/// name where their caret is.
fn caret_overlay(text: &str, peers: Vec<Peer>) -> impl IntoView {
    super::overlay(text, &peers)
        .into_iter()
        .map(|piece| match piece {
            Overlay::Words { text, selected_by: None } => text.into_any(),
            Overlay::Words { text, selected_by: Some(client) } => {
                view! { <span class=format!("selection {}", peer_class(client))>{text}</span> }.into_any()
            }
            Overlay::Caret { client, name } => {
                view! { <span class=format!("caret {}", peer_class(client)) data-name=name></span> }.into_any()
            }
        })
        .collect_view()
}
