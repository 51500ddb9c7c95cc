//! The discussion beside a document: the panel and its ten actions (`DiscussionActions`). Its body — stage
//! controls, comment threads, amendments — is HTML with plain forms that the server writes
//! (`discussion_markup`, with the workspace's other parts: `server_fns::workspace`), so it works before the
//! page is hydrated and without JavaScript; the page fetches it again when a form's post succeeds and when the
//! server announces a change (see `live_updates`), and the body is brought up to date in place
//! (`components::morph`), so what someone is typing in it stays.

use crate::components::error_notice::{action_error, ErrorNotice};
use crate::components::marks::LitThread;
use crate::components::morph::morphed;
use crate::components::server_form::{submit_forms, FormAction};
use crate::i18n::use_lang;
use crate::ids::CommentId;
use crate::model::{DiscussionPage, Picked};
use crate::server_fns::amendments::{DecideAmendment, ProposeAmendment};
use crate::server_fns::comments::{AddComment, DeleteComment, EditComment, HideComment, ResolveComment};
use crate::server_fns::events::SetObserversComment;
use crate::server_fns::stages::ChangeStage;
use crate::server_fns::stances::SetStance;
use leptos::prelude::*;

/// The actions of the panel; the discussion is fetched again whenever one of them has run.
#[derive(Clone, Copy)]
pub struct DiscussionActions {
    pub add: FormAction<AddComment>,
    pub edit: FormAction<EditComment>,
    pub delete: FormAction<DeleteComment>,
    pub resolve: FormAction<ResolveComment>,
    pub hide: FormAction<HideComment>,
    pub stance: FormAction<SetStance>,
    pub propose: FormAction<ProposeAmendment>,
    pub decide: FormAction<DecideAmendment>,
    pub stage: FormAction<ChangeStage>,
    pub observers: FormAction<SetObserversComment>,
}

impl DiscussionActions {
    pub fn new() -> DiscussionActions {
        DiscussionActions {
            add: FormAction::new(),
            edit: FormAction::new(),
            delete: FormAction::new(),
            resolve: FormAction::new(),
            hide: FormAction::new(),
            stance: FormAction::new(),
            propose: FormAction::new(),
            decide: FormAction::new(),
            stage: FormAction::new(),
            observers: FormAction::new(),
        }
    }

    /// Changes whenever any action has completed.
    pub fn version(&self) -> usize {
        self.add.version().get()
            + self.edit.version().get()
            + self.delete.version().get()
            + self.resolve.version().get()
            + self.hide.version().get()
            + self.stance.version().get()
            + self.propose.version().get()
            + self.decide.version().get()
            + self.stage.version().get()
            + self.observers.version().get()
    }

    fn errors(&self) -> impl IntoView {
        let decide = self.decide.value();
        view! {
            {action_error(self.add.value())}
            {action_error(self.edit.value())}
            {action_error(self.delete.value())}
            {action_error(self.resolve.value())}
            {action_error(self.hide.value())}
            {action_error(self.stance.value())}
            {action_error(self.propose.value())}
            {action_error(self.stage.value())}
            {action_error(self.observers.value())}
            {move || decide.get().and_then(|r| r.err()).map(|error| view! { <ErrorNotice error /> })}
        }
    }
}

impl Default for DiscussionActions {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn DiscussionPanel(
    discussion: RwSignal<Option<DiscussionPage>>,
    actions: DiscussionActions,
    picked: RwSignal<Option<Picked>>,
) -> impl IntoView {
    let t = use_lang().texts();
    let lit = LitThread::from_context();
    let on_pick = StoredValue::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move || picked.with(|p| offer_picked(p.as_ref())));
    // A comment on the picked words, once stored, lets go of them; a proposed amendment closes its form.
    Effect::watch(
        move || actions.add.version().get(),
        move |_, _, _| {
            if matches!(actions.add.value().get_untracked(), Some(Ok(()))) && on_pick.try_get_value() == Some(true) {
                picked.set(None);
            }
        },
        false,
    );
    Effect::watch(
        move || actions.propose.version().get(),
        move |_, _, _| {
            #[cfg(feature = "hydrate")]
            if matches!(actions.propose.value().get_untracked(), Some(Ok(()))) {
                if let Ok(Some(form)) = document().query_selector(".discussion details.amendment-form") {
                    let _ = form.remove_attribute("open");
                }
            }
        },
        false,
    );
    view! {
        <section class="discussion" aria-labelledby="discussion-title"
            on:submit=move |ev| {
                on_pick.try_set_value(form_of(&ev).is_some_and(|f| f.class_list().contains("comment-form")));
            }
            on:mouseover=move |ev| light(lit, &ev)
            on:focusin=move |ev| light(lit, &ev)
            on:click=move |ev| clicked(lit, picked, &ev)>
            <h2 id="discussion-title">{t.discussion_title()}</h2>
            {actions.errors()}
            {discussion_body(discussion, actions)}
        </section>
    }
}

/// The element an event happened in or under, as the DOM gives it.
fn target_element(ev: &leptos::ev::Event) -> Option<leptos::web_sys::Element> {
    use leptos::wasm_bindgen::JsCast;
    ev.target()?.dyn_into::<leptos::web_sys::Element>().ok()
}

fn form_of(ev: &leptos::ev::SubmitEvent) -> Option<leptos::web_sys::Element> {
    target_element(ev).and_then(|e| e.closest("form").ok().flatten())
}

/// Pointing at a thread, or moving the focus into it, lights it (and its words) without moving it.
fn light(lit: Option<LitThread>, ev: &leptos::ev::Event) {
    let Some(lit) = lit else { return };
    let thread = target_element(ev).and_then(|e| e.closest("article.thread[data-comment]").ok().flatten());
    if let Some(comment) = thread.and_then(|t| t.get_attribute("data-comment")) {
        if !lit.is(&comment) {
            lit.light(CommentId::new(comment), false);
        }
    }
}

/// The buttons of the panel that do not post: closing a thread's sheet, letting go of the picked words.
fn clicked(lit: Option<LitThread>, picked: RwSignal<Option<Picked>>, ev: &leptos::ev::MouseEvent) {
    let Some(element) = target_element(ev) else { return };
    if element.closest(".close-sheet").ok().flatten().is_some() {
        if let Some(lit) = lit {
            lit.clear();
        }
    } else if element.closest("[data-clear-picked]").ok().flatten().is_some() {
        picked.set(None);
    }
}

fn discussion_body(discussion: RwSignal<Option<DiscussionPage>>, actions: DiscussionActions) -> impl IntoView {
    let on_submit = submit_forms([
        actions.add.target(),
        actions.edit.target(),
        actions.delete.target(),
        actions.resolve.target(),
        actions.hide.target(),
        actions.stance.target(),
        actions.propose.target(),
        actions.decide.target(),
        actions.stage.target(),
        actions.observers.target(),
    ]);
    let body = move || discussion.with(|d| d.as_ref().map(|d| d.body.markup()).unwrap_or_default());
    morphed("discussion-body", body, on_submit, after_update)
}

/// What the browser shows in the panel that its HTML from the server does not have, put back after an update.
fn after_update() {
    LitThread::show_again();
    super::margin::align_after_render();
    #[cfg(feature = "hydrate")]
    if let Some(picked) = use_context::<RwSignal<Option<Picked>>>() {
        picked.with_untracked(|p| offer_picked(p.as_ref()));
    }
}

/// Offers the words picked in the text to the comment form, which the server writes without them
/// (`comment_threads::comment_form`): its hidden fields, its item, the words shown and the button's label. In
/// the browser and at once, so a comment sent right after picking carries them.
#[cfg(feature = "hydrate")]
fn offer_picked(picked: Option<&Picked>) {
    use leptos::wasm_bindgen::JsCast;
    let Ok(Some(form)) = document().query_selector(".discussion form.comment-form") else { return };
    let find = |selector: &str| form.query_selector(selector).ok().flatten();
    for (name, value) in [("quote", picked.map(|p| p.quote.clone())), ("start", picked.map(|p| p.start.to_string()))] {
        if let Some(field) = find(&format!("input[name={name}]")) {
            let _ = field.set_attribute("value", value.as_deref().unwrap_or_default());
        }
    }
    if let Some(p) = picked {
        let options = form.query_selector_all("select[name=item] option").ok();
        for option in (0..options.as_ref().map_or(0, |o| o.length())).filter_map(|k| options.as_ref()?.item(k)) {
            if let Some(option) = option.dyn_ref::<leptos::web_sys::HtmlOptionElement>() {
                option.set_selected(option.value() == p.item);
            }
        }
    }
    if let Some(shown) = find(".picked") {
        let _ = shown.toggle_attribute_with_force("hidden", picked.is_none());
        if let Some(quote) = shown.query_selector("q").ok().flatten() {
            quote.set_text_content(picked.map(|p| p.quote.as_str()));
        }
    }
    if let Some(button) = find("button[type=submit]") {
        let label = if picked.is_some() { "data-picked-label" } else { "data-label" };
        if let Some(text) = button.get_attribute(label) {
            button.set_text_content(Some(&text));
        }
    }
}
