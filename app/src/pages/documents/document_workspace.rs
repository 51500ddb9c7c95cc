use crate::components::error_notice::{action_error, ErrorNotice, RefusedPage};
use crate::components::marks::LitThread;
use crate::components::morph::morphed;
use crate::components::server_form::{submit_forms, FormAction, FormTarget};
use crate::error::AppError;
use crate::fetched::fetched;
use crate::ids::DocumentId;
use crate::model::{DiscussionPage, Frame, Html, Mark, Parts, Picked, Workspace, WorkspaceAsk};
use crate::pages::documents::ballot_panel::{BallotActions, BallotPanel};
use crate::pages::documents::discussion_panel::{DiscussionActions, DiscussionPanel};
use crate::pages::documents::live_updates::live_updates;
use crate::pages::route_id;
use crate::server_fns::members::UseRegister;
use crate::server_fns::workspace::workspace_html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

/// The document page of anyone signed in: the text as read (with the live editor over it on request while
/// drafting), the discussion for members, the ballots. The server writes every part of it as HTML
/// (`server_fns::workspace`): the page fetches it whole once, then again only the parts a change touches, and
/// brings each part up to date in place (`components::morph`).
#[component]
pub fn DocumentWorkspace() -> impl IntoView {
    let id = route_id::<DocumentId>();
    let query = use_query_map();

    // What was unread when a document's page opened, which stays shown: fetching again marks everything read.
    let arrival = StoredValue::new(None::<(DocumentId, u32)>);
    // The whole page once per document; a new address of the same page fetches again only the text.
    let page = fetched(
        move || id.get(),
        move |id| {
            let unread = arrival.get_value().filter(|(of, _)| *of == id).map(|(_, unread)| unread);
            let addressee = addressee(query);
            workspace_html(id, WorkspaceAsk { parts: Parts::PAGE, addressee, unread, confirm: None })
        },
    );
    let actions =
        Actions { register: FormAction::new(), discussion: DiscussionActions::new(), ballots: BallotActions::new() };
    let announced = Announced {
        discussion: RwSignal::new(0),
        text: RwSignal::new(0),
        tallies: RwSignal::new(0),
        typed: RwSignal::new(0),
    };
    live_updates(id, announced);
    let picked = RwSignal::new(None::<Picked>);
    Effect::watch(move || id.get(), move |_, _, _| picked.set(None), false);
    provide_context(picked);
    LitThread::provide();
    Effect::new(move |_| super::margin::keep_threads_beside_items());
    view! {
        {action_error(actions.register.value())}
        <Suspense fallback=move || view! { <p>{crate::i18n::use_lang().texts().loading()}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Workspace { frame: Some(frame), text, discussion, ballots, .. }) => {
                        let id = id.get_untracked();
                        if let Ok(Some(d)) = &discussion {
                            if arrival.with_value(|a| a.as_ref().is_none_or(|(of, _)| *of != id)) {
                                arrival.set_value(Some((id.clone(), d.unread)));
                            }
                        }
                        let (live, member) = (frame.live, frame.member);
                        let regions = Regions::new(frame, text, discussion, ballots);
                        let editing = RwSignal::new(false);
                        let asking = Asking { id: id.clone(), query, arrival, actions };
                        let refresh = keep_up_to_date(regions, asking, announced, editing);
                        let editor = EditorOpening::new(id, live, regions, editing, refresh);
                        let decide = actions.discussion.decide.target();
                        let text = view! { <Text regions member decide editor=editor.clone() /> };
                        regions.view(text, actions, picked, editor).into_any()
                    }
                    Ok(_) => ().into_any(),
                    Err(error) => view! { <RefusedPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    register: FormAction<UseRegister>,
    discussion: DiscussionActions,
    ballots: BallotActions,
}

/// The parts of the page as last fetched, and which fetch each waits for: an answer that comes after a later
/// one was asked for leaves the part as it is.
#[derive(Clone, Copy)]
struct Regions {
    frame: RwSignal<Frame>,
    text: RwSignal<Option<Html>>,
    discussion: RwSignal<Option<DiscussionPage>>,
    ballots: RwSignal<Option<Html>>,
    /// The words of open comments, which the live editor marks.
    marks: RwSignal<Vec<Mark>>,
    asked: StoredValue<Asked>,
    failed: RwSignal<Option<AppError>>,
}

/// The number of the last fetch, and of the last that asked for each part.
#[derive(Default)]
struct Asked {
    last: u32,
    frame: u32,
    text: u32,
    discussion: u32,
    ballots: u32,
}

impl Regions {
    fn new(
        frame: Frame,
        text: Option<Html>,
        discussion: Result<Option<DiscussionPage>, AppError>,
        ballots: Result<Option<Html>, AppError>,
    ) -> Regions {
        let failed = discussion.as_ref().err().or(ballots.as_ref().err()).cloned();
        let (discussion, ballots) = (discussion.ok().flatten(), ballots.ok().flatten());
        let marks = discussion.as_ref().map(|d| d.marks.clone()).unwrap_or_default();
        Regions {
            frame: RwSignal::new(frame),
            text: RwSignal::new(text),
            discussion: RwSignal::new(discussion),
            ballots: RwSignal::new(ballots),
            marks: RwSignal::new(marks),
            asked: StoredValue::new(Asked::default()),
            failed: RwSignal::new(failed),
        }
    }

    /// Numbers a fetch of `parts`.
    fn ask(&self, parts: Parts) -> u32 {
        self.asked
            .try_update_value(|a| {
                a.last += 1;
                let n = a.last;
                for (wanted, of) in [
                    (parts.frame, &mut a.frame),
                    (parts.text, &mut a.text),
                    (parts.discussion, &mut a.discussion),
                    (parts.ballots, &mut a.ballots),
                ] {
                    if wanted {
                        *of = n;
                    }
                }
                n
            })
            .unwrap_or_default()
    }

    /// Takes the answer of fetch `n`, part by part unless a later fetch asked for the part; a refusal is shown
    /// until a later answer for the same parts comes.
    fn take(&self, n: u32, parts: Parts, answer: Result<Workspace, AppError>) {
        let Some(latest) = self.asked.try_with_value(|a| (a.frame, a.text, a.discussion, a.ballots)) else { return };
        let current = Parts {
            frame: parts.frame && latest.0 == n,
            text: parts.text && latest.1 == n,
            discussion: parts.discussion && latest.2 == n,
            ballots: parts.ballots && latest.3 == n,
            // Fetched apart, when the editor opens (`live_editor`).
            editor: false,
        };
        if current == Parts::default() {
            return;
        }
        let w = match answer {
            Ok(w) => w,
            Err(error) => return self.failed.set(Some(error)),
        };
        let mut failed = None;
        if let (true, Some(frame)) = (current.frame, w.frame) {
            self.frame.set(frame);
        }
        if current.text {
            self.text.set(w.text);
        }
        match (current.discussion, w.discussion) {
            (true, Ok(discussion)) => {
                if let Some(d) = &discussion {
                    self.marks.set(d.marks.clone());
                }
                self.discussion.set(discussion);
            }
            (true, Err(error)) => failed = Some(error),
            (false, _) => {}
        }
        match (current.ballots, w.ballots) {
            (true, Ok(ballots)) => self.ballots.set(ballots),
            (true, Err(error)) => failed = Some(error),
            (false, _) => {}
        }
        self.failed.set(failed);
    }
}

/// The page's `?addressee=`: chosen with a plain form, which loads the page again, so read and not followed.
fn addressee(query: Memo<ParamsMap>) -> Option<String> {
    query.with_untracked(|q| q.get("addressee").filter(|a| !a.is_empty()))
}

/// What each fetch of parts tells the server that only the browser knows.
struct Asking {
    id: DocumentId,
    query: Memo<ParamsMap>,
    arrival: StoredValue<Option<(DocumentId, u32)>>,
    actions: Actions,
}

/// The page's counters of what the server announced (`live_updates`): the discussion, the text, the tallies,
/// typing in a draft.
#[derive(Clone, Copy)]
pub(super) struct Announced {
    pub discussion: RwSignal<u32>,
    pub text: RwSignal<u32>,
    pub tallies: RwSignal<u32>,
    pub typed: RwSignal<u32>,
}

/// Fetches again the parts a change touches: a form's post, or a change the server announced (while the live
/// editor is open it shows the text, so a change touches only the rest). The
/// changes of a few milliseconds (a post's answer and the server's announcements of the same change) are
/// fetched together. Gives the fetch, for what else changes a part (the live editor's items).
fn keep_up_to_date(regions: Regions, asking: Asking, announced: Announced, editing: RwSignal<bool>) -> Callback<Parts> {
    let Asking { id, query, arrival, actions } = asking;
    let refresh = Callback::new(move |parts: Parts| {
        let n = regions.ask(parts);
        let ask = WorkspaceAsk {
            parts,
            addressee: addressee(query),
            unread: arrival.get_value().filter(|(of, _)| *of == id).map(|(_, unread)| unread),
            confirm: actions.discussion.decide.value().get_untracked().and_then(Result::ok),
        };
        let id = id.clone();
        leptos::task::spawn_local(async move { regions.take(n, parts, workspace_html(id, ask).await) });
    });
    let waiting = StoredValue::new(None::<Parts>);
    let soon = move |parts: Parts| {
        let first = waiting.try_update_value(|w| w.replace(w.unwrap_or_default().with(parts)).is_none());
        #[cfg(feature = "hydrate")]
        if first == Some(true) {
            let fetch = move || {
                if let Some(Some(parts)) = waiting.try_update_value(Option::take) {
                    let _ = refresh.try_run(parts);
                }
            };
            set_timeout(fetch, std::time::Duration::from_millis(40));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (first, refresh);
    };
    let Announced { discussion, text, tallies, typed } = announced;
    // One effect over every cause, each counted by a number that only grows.
    Effect::new(move |seen: Option<[usize; 4]>| {
        let now = [
            actions.discussion.version() + discussion.get() as usize,
            actions.register.version().get() + text.get() as usize,
            actions.ballots.version() + tallies.get() as usize,
            typed.get() as usize,
        ];
        if let Some(seen) = seen.filter(|seen| *seen != now) {
            let causes = match editing.get_untracked() {
                true => [Parts::DISCUSSION, Parts { text: false, ..Parts::READING }, Parts::BALLOTS, Parts::default()],
                // Typing changes the items the comment form offers too.
                false => [Parts::READING, Parts::READING, Parts::BALLOTS, Parts::READING],
            };
            let changed = causes.into_iter().zip(now.iter().zip(seen)).filter(|(_, (now, seen))| **now != *seen);
            let parts = changed.fold(Parts::default(), |all, (parts, _)| all.with(parts));
            if parts != Parts::default() {
                soon(parts);
            }
        }
        now
    });
    refresh
}

impl Regions {
    fn view(
        self,
        text: impl IntoView + 'static,
        actions: Actions,
        picked: RwSignal<Option<Picked>>,
        editor: EditorOpening,
    ) -> impl IntoView {
        let (editing, shown) = (editor.editing, editor.shown);
        let member = self.frame.with_untracked(|f| f.member);
        let head = move || self.frame.with(|f| f.head.markup());
        let foot = move || self.frame.with(|f| f.foot.markup());
        view! {
            <Title text=self.frame.with_untracked(|f| f.title.clone()) />
            {move || self.failed.get().map(|error| view! { <ErrorNotice error /> })}
            <div
                class="workspace"
                class:with-margin=member
                class:editing=move || editing.get()
                class:editor-in=move || shown.get()
            >
                <div class="workspace-text" on:click=move |ev| if clicked_in(&ev, "[data-open-editor]").is_some() {
                    // A link to the form editor for a page that does not run.
                    ev.prevent_default();
                    editor.open();
                }>
                    {morphed("text-head", head, submit_forms([actions.register.target()]), || ())}
                    {text}
                    {morphed("text-foot", foot, |_| (), || ())}
                    <BallotPanel ballots=self.ballots actions=actions.ballots />
                </div>
                {member.then(|| view! {
                    <DiscussionPanel discussion=self.discussion actions=actions.discussion picked />
                })}
            </div>
        }
    }
}

/// The text as read (not live-edited), written by the server: brought up to date in place
/// (`components::morph`); its marked words light their thread when clicked (`components::marks`), a
/// selection in it is offered to a member's comment form, an amendment is decided under its item.
#[component]
fn ReadingText(text: RwSignal<Option<Html>>, member: bool, decide: FormTarget) -> impl IntoView {
    let lit = LitThread::from_context();
    let picked = use_context::<RwSignal<Option<Picked>>>();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(mark) = clicked_in(&ev, "mark.comment-mark[data-comments]") else { return };
        let first = mark.get_attribute("data-comments").and_then(|c| c.split(' ').next().map(str::to_string));
        if let (Some(lit), Some(first)) = (lit, first) {
            lit.light(crate::ids::CommentId::new(first), true);
        }
    };
    let on_select = move || {
        if let (true, Some(picked)) = (member, picked) {
            pick_in_reading(picked);
        }
    };
    let markup = move || text.with(|t| t.as_ref().map(Html::markup).unwrap_or_default());
    // Marks are paired by place, not by comment: the words of the thread lit are lit again after an update.
    view! {
        <div on:mouseup=move |_| on_select() on:click=on_click>
            {morphed("reading-text", markup, submit_forms([decide]), LitThread::show_again)}
        </div>
    }
}

/// The element matching `selector` that holds what was clicked, if any.
fn clicked_in(ev: &leptos::ev::MouseEvent, selector: &str) -> Option<leptos::web_sys::Element> {
    use leptos::wasm_bindgen::JsCast;
    ev.target()?.dyn_into::<leptos::web_sys::Element>().ok()?.closest(selector).ok().flatten()
}

/// The text as read and, while it is drafted live, kept current as people type (`LiveUpdate::Text`), the live
/// editor in its place once opened: by the button above the text (`Regions::view`), or as soon as the page is
/// hydrated in a browser holding a copy of the draft that its editor saved, so that edits made there offline are
/// sent.
#[component]
fn Text(regions: Regions, member: bool, decide: FormTarget, editor: EditorOpening) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    if editor.live
        && window()
            .local_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(&crate::editor::saved_copy_key(&editor.id)).ok().flatten())
            .is_some()
    {
        // Once the page is hydrated: the server wrote it without the class `editing`, which hydration takes as
        // written.
        let editor = editor.clone();
        request_animation_frame(move || editor.open());
    }
    let (place, shown) = (editor.place, editor.shown);
    view! {
        <div node_ref=place></div>
        {move || (!shown.get()).then(|| view! { <ReadingText text=regions.text member decide /> })}
    }
}

/// The opening of the live editor, which is not in the page's first download (it is as much again: `yrs`, the
/// editor's views): `open` fetches its chunk, which fetches the editor's start and puts the editor, or what
/// refused it, in `place`, above the text as read (`live_editor`).
#[derive(Clone)]
pub(crate) struct EditorOpening {
    id: DocumentId,
    /// The text is drafted live: the page offers the editor.
    live: bool,
    /// Asked for (the button above the text gives way to a word that it is opening); set back if it could not
    /// open.
    editing: RwSignal<bool>,
    /// Where the editor goes, and whether it is there (the text as read is then gone).
    place: NodeRef<leptos::html::Div>,
    shown: RwSignal<bool>,
    /// The words of open comments, which the editor marks.
    marks: RwSignal<Vec<Mark>>,
    items_changed: Callback<()>,
    /// The page's, which holds its contexts and drops the editor with the page.
    owner: Option<Owner>,
}

impl EditorOpening {
    fn new(id: DocumentId, live: bool, regions: Regions, editing: RwSignal<bool>, refresh: Callback<Parts>) -> Self {
        // Items added, moved or removed change what the comment form offers. It is read from the stored text, so
        // a moment later: one's own change is stored by then.
        let items_changed = Callback::new(move |()| {
            #[cfg(feature = "hydrate")]
            set_timeout(
                move || {
                    // The page may be gone by then.
                    let _ = refresh.try_run(Parts::DISCUSSION);
                },
                std::time::Duration::from_millis(500),
            );
            #[cfg(not(feature = "hydrate"))]
            let _ = refresh;
        });
        EditorOpening {
            id,
            live,
            editing,
            place: NodeRef::new(),
            shown: RwSignal::new(false),
            marks: regions.marks,
            items_changed,
            owner: Owner::current(),
        }
    }

    /// Once: a second click, or a click after the saved copy opened it, changes nothing. A page gone by then (the
    /// saved copy's opening waits a frame) changes nothing either.
    fn open(&self) {
        if self.live && self.editing.try_get_untracked() == Some(false) && self.editing.try_set(true).is_none() {
            leptos::task::spawn_local(live_editor(self.clone()));
        }
    }
}

/// The live editor, with `yrs`, is its own chunk of a split build, downloaded when the editor is opened, and
/// with it the fetch and the reader of what it starts from (`EditorStart`, postcard bytes). It is put into the
/// page by hand rather than by a reactive switch and an effect in `Text`, whose code (a view of any type, a
/// future carrying an owner, the effect) was in every workspace's first download (README, «Browser bundle»).
#[leptos::lazy]
pub(crate) async fn live_editor(opening: EditorOpening) {
    let EditorOpening { id, marks, items_changed, place, shown, editing, owner, .. } = opening;
    let ask = WorkspaceAsk { parts: Parts::EDITOR, ..WorkspaceAsk::default() };
    let start = match workspace_html(id, ask).await {
        Ok(Workspace { editor: Some(start), .. }) => {
            postcard::from_bytes::<crate::model::EditorStart>(&start).map_err(|e| AppError::Unreadable(e.to_string()))
        }
        // No longer drafted (the announcement of the new stage reloads the page).
        Ok(_) => Err(AppError::Conflict),
        Err(error) => Err(error),
    };
    #[cfg(feature = "hydrate")]
    {
        use leptos::either::Either;
        use leptos::tachys::view::{Mountable, Render};
        // The page may be gone by then, or another document's page in its place.
        let (Some(owner), Some(parent)) = (owner, place.try_get_untracked().flatten()) else { return };
        // What a refused opening left there.
        parent.set_inner_html("");
        let opened = start.is_ok();
        owner.with(|| {
            let mut view = match start {
                Ok(crate::model::EditorStart { doc_id, start, document, can_edit }) => {
                    // The discussion may be drawn before the text it stands beside: aligned again once the text is.
                    Effect::new(|_| super::margin::align_after_render());
                    Either::Left(
                        view! { <crate::editor::LiveEditor doc_id start document can_edit marks items_changed /> },
                    )
                }
                // Above the text as read, until the next opening; the button is offered again.
                Err(error) => Either::Right(view! { <ErrorNotice error /> }),
            }
            .build();
            view.mount(&parent, None);
            // Its reactive parts live as long as what it built: as long as the page.
            StoredValue::new_local(view);
        });
        let _ = match opened {
            true => shown.try_set(true),
            false => editing.try_set(false),
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (start, marks, items_changed, place, shown, editing, owner);
}

/// Offers the words selected in the text as read to the comment form, as printed: the server finds them in
/// the stored text (`accord_domain::discussion::locate_quote`), from which the printed one differs only in
/// characters of the same length (typography), so the offsets of the selection hold for both.
fn pick_in_reading(picked: RwSignal<Option<Picked>>) {
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
        let Ok(before) = document().create_range() else { return };
        before.select_node_contents(&words).ok();
        let (Ok(node), Ok(offset)) = (range.start_container(), range.start_offset()) else { return };
        if before.set_end(&node, offset).is_err() {
            return;
        }
        let start = String::from(before.to_string()).encode_utf16().count() as u32;
        // Within the item: a selection that runs on past it is cut at its end.
        let Ok(rest) = document().create_range() else { return };
        rest.select_node_contents(&words).ok();
        if rest.set_start(&node, offset).is_err() {
            return;
        }
        let (selected, in_item) = (String::from(range.to_string()), String::from(rest.to_string()));
        let quote: String = if in_item.len() < selected.len() { in_item } else { selected };
        if !quote.trim().is_empty() {
            picked.set(Some(Picked { item, start, quote }));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = picked;
}
