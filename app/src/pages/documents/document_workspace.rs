use crate::components::error_notice::{action_error, RefusedPage};
use crate::components::marks::LitThread;
use crate::components::server_form::{FormAction, ServerForm};
use crate::fetched::fetched;
use crate::i18n::use_lang;
use crate::ids::DocumentId;
use crate::model::{DiscussionPage, Mark, PanelState, Picked};
use crate::pages::documents::ballot_panel::{BallotActions, BallotPanel};
use crate::pages::documents::discussion_panel::{DiscussionActions, DiscussionPanel};
use crate::pages::documents::document_page::{document_bar, text_footer, Aside, ReadingText};
use crate::pages::documents::live_updates::live_updates;
use crate::pages::route_id;
use crate::server_fns::ballots::ballots_html;
use crate::server_fns::discussion::discussion_html;
use crate::server_fns::documents::get_document;
use crate::server_fns::members::UseRegister;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The document page of anyone signed in: the live editor while drafting, the discussion for members, the
/// ballots, and the reading of any public document.
#[component]
pub fn DocumentWorkspace() -> impl IntoView {
    let t = use_lang().texts();
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
                        let doc_id = row.id.clone();
                        let offer_register = p.manage && row.state.text_is_editable() && !row.register_statistics;
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
                                let on_select = Callback::new(move |()| if member { pick_in_reading(&raw, picked) });
                                // Open amendments stand in the text under their items. A transition, so the server
                                // waits for the discussion (the page works without JavaScript) and a refetch keeps
                                // what is shown until the new answer is there.
                                let chosen = only_addressee();
                                let p = p.clone();
                                view! {
                                    <Transition>
                                        {move || {
                                            let (p, chosen) = (p.clone(), chosen.clone());
                                            Suspend::new(async move {
                                                let aside = discussion.await.ok().flatten().map(|d| amendments_aside(d, actions));
                                                view! { <ReadingText p marks chosen on_select aside /> }
                                            })
                                        }}
                                    </Transition>
                                }.into_any()
                            }
                        };
                        view! {
                            <div class="workspace" class:with-margin=p.member>
                                <div class="workspace-text">
                                    {document_bar(&p)}
                                    {row.register_statistics.then(|| view! { <p class="muted">{t.statistics_from_register}</p> })}
                                    {offer_register.then(|| view! {
                                        <ServerForm action=use_register attr:class="inline">
                                            <input type="hidden" name="document_id" value=doc_id.clone() />
                                            <button type="submit" class="secondary">{t.use_register}</button>
                                        </ServerForm>
                                    })}
                                    {text}
                                    {text_footer(&p)}
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

/// The open amendments under their items in the text, as the discussion `d` wrote them, decided there.
fn amendments_aside(d: DiscussionPage, actions: DiscussionActions) -> Aside {
    let markup =
        move |item: &str| d.in_text.iter().find(|(i, _)| i == item).map(|(_, html)| html.markup()).unwrap_or_default();
    Aside { markup: std::sync::Arc::new(markup), forms: actions.decide.target() }
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
