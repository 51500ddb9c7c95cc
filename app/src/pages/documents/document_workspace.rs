use crate::components::error_notice::{action_error, ErrorNotice, RefusedPage};
use crate::components::marks::LitThread;
use crate::components::morph::morphed;
use crate::components::server_form::{submit_forms, FormAction, FormTarget};
use crate::error::AppError;
use crate::fetched::{fetched, Fetched};
use crate::i18n::{use_lang, Lang};
use crate::ids::DocumentId;
use crate::model::{DocumentPage, Html, Mark, PanelState, Picked, ReadingState};
use crate::pages::documents::ballot_panel::{BallotActions, BallotPanel};
use crate::pages::documents::discussion_panel::{DiscussionActions, DiscussionPanel};
use crate::pages::documents::document_page::{bar_markup, document_title, footer_markup};
use crate::pages::documents::live_updates::live_updates;
use crate::pages::route_id;
use crate::server_fns::ballots::ballots_html;
use crate::server_fns::discussion::discussion_html;
use crate::server_fns::documents::{get_document, reading_html};
use crate::server_fns::members::UseRegister;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maud::{html, Markup};

/// The document page of anyone signed in: the live editor while drafting, the discussion for members, the
/// ballots, and the reading of any public document.
#[component]
pub fn DocumentWorkspace() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let id = route_id::<crate::ids::DocumentId>();
    let query = use_query_map();
    let only_addressee = move || query.read().get("addressee").filter(|a| !a.is_empty());
    let use_register = FormAction::<UseRegister>::new();
    let actions = DiscussionActions::new();
    let (live, text) = (RwSignal::new(0u32), RwSignal::new(0u32));
    // The text changes under this page only by amendments (while drafting, the live editor follows it).
    let page = fetched(
        move || (id.get(), use_register.version().get(), actions.decide.version().get(), text.get()),
        |(id, _, _, _)| get_document(id),
    );
    let picked = RwSignal::new(None::<Picked>);
    // What was unread when a document's page opened, which stays shown: fetching again marks everything read.
    let arrival = StoredValue::new(None::<(DocumentId, u32)>);
    // What the server writes the discussion with that only the browser knows: a change of an «accept» answer
    // fetches it again; the first unread count is only kept (not tracked).
    let state = move |id: &DocumentId| PanelState {
        unread: arrival.get_value().filter(|(of, _)| of == id).map(|(_, unread)| unread),
        confirm: actions.decide.value().get().and_then(Result::ok),
    };
    let discussion = fetched(
        move || {
            let id = id.get();
            let state = state(&id);
            (id, actions.version(), live.get(), state)
        },
        |(id, _, _, state)| discussion_html(id, state),
    );
    Effect::watch(move || id.get(), move |_, _, _| picked.set(None), false);
    // The text as read, when it is not being drafted: it changes with the discussion (the words of comments,
    // amendments under items), with a decided amendment, and with the register's figures. While the live editor
    // shows the text, it is not asked for (the answer would be `None` each time the discussion changes).
    let drafted_live = move || page.with(|p| matches!(p, Some(Ok(p)) if p.live.is_some()));
    let reading = fetched(
        move || {
            let state = ReadingState {
                addressee: only_addressee(),
                confirm: actions.decide.value().get().and_then(Result::ok),
            };
            let changes = (actions.version(), live.get(), text.get(), use_register.version().get());
            (!drafted_live()).then(|| (id.get(), changes, state))
        },
        |asked| async move {
            match asked {
                Some((id, _, state)) => reading_html(id, state).await,
                None => Ok(None),
            }
        },
    );
    let ballot_actions = BallotActions::new();
    let tallies = RwSignal::new(0u32);
    let ballots = fetched(move || (id.get(), ballot_actions.version(), tallies.get()), |(id, _, _)| ballots_html(id));
    live_updates(id, live, text, tallies);
    provide_context(picked);
    LitThread::provide();
    Effect::new(move |_| super::margin::keep_threads_beside_items());
    // Highlights are copied over by an effect: it runs in the browser only (so the server's markup and the
    // first render agree), and a refetch of the discussion does not suspend the text around them.
    let marks = RwSignal::new(Vec::<Mark>::new());
    Effect::new(move |_| {
        if let Some(Ok(Some(d))) = discussion.get() {
            let id = id.get_untracked();
            if arrival.with_value(|a| a.as_ref().is_none_or(|(of, _)| *of != id)) {
                arrival.set_value(Some((id, d.unread)));
            }
            marks.set(d.marks);
        }
    });
    view! {
        {action_error(use_register.value())}
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let row = &p.row;
                        // Counted from the register at read time, so not part of the shared text.
                        let register_paragraph = row.register_statistics.then(|| {
                            p.reading().sections.first().and_then(|s| s.items.first()).map(|i| i.text.clone())
                        }).flatten();
                        let text = match p.live.clone() {
                            Some(start) => {
                                // Items added, moved or removed change what the comment form offers. It is read
                                // from the stored text, so a moment later: one's own change is stored by then.
                                let items_changed = Callback::new(move |()| {
                                    #[cfg(feature = "hydrate")]
                                    set_timeout(move || live.update(|n| *n += 1), std::time::Duration::from_millis(500));
                                });
                                let editor =
                                    live_editor(row.id.clone(), start, row.document.clone(), p.editable, marks, items_changed)
                                        .await;
                                view! {
                                    {register_paragraph.map(|text| view! { <p class="paragraph register-paragraph">{text}</p> })}
                                    {editor}
                                }.into_any()
                            }
                            None => {
                                let raw = p.reading().clone();
                                let member = p.member;
                                let on_select = move || if member { pick_in_reading(&raw, picked) };
                                view! { <ReadingText reading on_select decide=actions.decide.target() /> }.into_any()
                            }
                        };
                        let (head, foot) = (head_markup(lang, &p, use_register), footer_markup(lang, &p));
                        view! {
                            <div class="workspace" class:with-margin=p.member>
                                <div class="workspace-text">
                                    {document_title(&p)}
                                    {morphed("text-head", move || head.clone(), submit_forms([use_register.target()]), || ())}
                                    {text}
                                    {morphed("text-foot", move || foot.clone(), |_| (), || ())}
                                    <BallotPanel ballots actions=ballot_actions />
                                </div>
                                {p.member.then(|| view! {
                                    <DiscussionPanel discussion actions picked />
                                })}
                            </div>
                        }.into_any()
                    }
                    Err(error) => view! { <RefusedPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Above the text: the bar of links, and where the statistics come from or a form to take them from the register.
fn head_markup(lang: Lang, p: &DocumentPage, use_register: FormAction<UseRegister>) -> Markup {
    let (t, row) = (lang.texts(), &p.row);
    let offer_register = p.manage && row.state.text_is_editable() && !row.register_statistics;
    html! {
        (bar_markup(lang, p))
        @if row.register_statistics { p.muted { (t.statistics_from_register) } }
        @if offer_register {
            form.inline action=(use_register.url()) method="post" {
                input type="hidden" name="document_id" value=(row.id);
                button.secondary type="submit" { (t.use_register) }
            }
        }
    }
}

/// The text as read (not live-edited), written by the server (`reading_html`): brought up to date in place
/// (`components::morph`); its marked words light their thread when clicked (`components::marks`), a
/// selection in it is offered to the comment form (`on_select`), an amendment is decided under its item.
#[component]
fn ReadingText(
    reading: Fetched<Result<Option<Html>, AppError>>,
    on_select: impl Fn() + 'static,
    decide: FormTarget,
) -> impl IntoView {
    let lit = LitThread::from_context();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        use leptos::wasm_bindgen::JsCast;
        let Some(mark) = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .and_then(|e| e.closest("mark.comment-mark[data-comments]").ok().flatten())
        else {
            return;
        };
        let first = mark.get_attribute("data-comments").and_then(|c| c.split(' ').next().map(str::to_string));
        if let (Some(lit), Some(first)) = (lit, first) {
            lit.light(crate::ids::CommentId::new(first), true);
        }
    };
    let on_submit = submit_forms([decide]);
    // A transition: the server waits for the text (the page works without JavaScript), and a refetch keeps
    // what is shown until the new answer is there.
    view! {
        <div on:mouseup=move |_| on_select() on:click=on_click>
            <Transition>
                {move || {
                    let on_submit = on_submit.clone();
                    Suspend::new(async move {
                        match reading.await {
                            Ok(Some(html)) => {
                                // Marks are paired by place, not by comment: light again the words of the thread lit.
                                morphed("reading-text", move || html.markup(), on_submit, LitThread::show_again).into_any()
                            }
                            Ok(None) => ().into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </div>
    }
}

/// The live editor, with `yrs`, is its own chunk of a split build: only a draft being written downloads it.
/// Hydration needs it at once, so the document route loads it first when the server rendered one.
#[leptos::lazy]
pub(crate) fn live_editor(
    doc_id: crate::ids::DocumentId,
    start: crate::model::LiveStart,
    document: accord_domain::Document,
    can_edit: bool,
    marks: RwSignal<Vec<Mark>>,
    items_changed: Callback<()>,
) -> AnyView {
    view! { <crate::editor::LiveEditor doc_id start document can_edit marks items_changed /> }.into_any()
}

/// Offers the words selected in the reading view to the comment form. The printed text differs from the
/// stored one only in characters of the same length (typography), so the offsets of the selection give the
/// stored words.
fn pick_in_reading(document: &accord_domain::Document, picked: RwSignal<Option<Picked>>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(selection) = window().get_selection().ok().flatten() else { return };
        if selection.is_collapsed() || selection.range_count() == 0 {
            return;
        }
        let Ok(range) = selection.get_range_at(0) else { return };
        let element = |node: web_sys::Node| -> Option<web_sys::Element> {
            match node.dyn_ref::<web_sys::Element>() {
                Some(e) => Some(e.clone()),
                None => node.parent_element(),
            }
        };
        let Some(words) =
            range.start_container().ok().and_then(element).and_then(|e| e.closest("[data-item]").ok().flatten())
        else {
            return;
        };
        let Some(item) = words.get_attribute("data-item") else { return };
        let Ok(before) = document_range() else { return };
        before.select_node_contents(&words).ok();
        let (Ok(node), Ok(offset)) = (range.start_container(), range.start_offset()) else { return };
        if before.set_end(&node, offset).is_err() {
            return;
        }
        let start = String::from(before.to_string()).encode_utf16().count() as u32;
        let length = String::from(range.to_string()).encode_utf16().count() as u32;
        let Some(id) = accord_domain::ItemId::parse(&item) else { return };
        let Some((_, stored)) = document.find_item(&id) else { return };
        let units: Vec<u16> = stored.text.encode_utf16().collect();
        let end = (start + length).min(units.len() as u32);
        if start >= end {
            return;
        }
        let quote = String::from_utf16_lossy(&units[start as usize..end as usize]);
        if !quote.trim().is_empty() {
            picked.set(Some(Picked { item, start, quote }));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (document, picked);
}

#[cfg(feature = "hydrate")]
fn document_range() -> Result<web_sys::Range, wasm_bindgen::JsValue> {
    document().create_range()
}
