//! The discussion beside a document: comment threads, amendments and the stage controls. Every form is an
//! `ActionForm`, so it works before the page is hydrated and without JavaScript; the panel fetches again
//! when any of them succeeds and when the server announces a change (see `live_updates`).

use crate::components::error_notice::{action_error, ErrorNotice};
use crate::error::AppError;
use crate::i18n::{use_lang, Texts};
use crate::model::{AmendmentView, CommentView, DecideOutcome, Discussion, ItemChoice, Picked};
use crate::server_fns::amendments::{DecideAmendment, ProposeAmendment};
use crate::server_fns::comments::{AddComment, DeleteComment, EditComment, HideComment, ResolveComment};
use crate::server_fns::events::SetObserversComment;
use crate::server_fns::stages::ChangeStage;
use crate::server_fns::stances::SetStance;
use accord_domain::discussion::{Change, Decision, Fit, Piece, Stance, COMMENT_MAX, REASON_MAX};
use accord_domain::document::{ADDRESSEE_MAX, ITEM_MAX};
use accord_domain::State;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The actions of the panel; the discussion is fetched again whenever one of them has run.
#[derive(Clone, Copy)]
pub struct DiscussionActions {
    pub add: ServerAction<AddComment>,
    pub edit: ServerAction<EditComment>,
    pub delete: ServerAction<DeleteComment>,
    pub resolve: ServerAction<ResolveComment>,
    pub hide: ServerAction<HideComment>,
    pub stance: ServerAction<SetStance>,
    pub propose: ServerAction<ProposeAmendment>,
    pub decide: ServerAction<DecideAmendment>,
    pub stage: ServerAction<ChangeStage>,
    pub observers: ServerAction<SetObserversComment>,
}

impl DiscussionActions {
    pub fn new() -> DiscussionActions {
        DiscussionActions {
            add: ServerAction::new(),
            edit: ServerAction::new(),
            delete: ServerAction::new(),
            resolve: ServerAction::new(),
            hide: ServerAction::new(),
            stance: ServerAction::new(),
            propose: ServerAction::new(),
            decide: ServerAction::new(),
            stage: ServerAction::new(),
            observers: ServerAction::new(),
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

/// What a member is writing in the panel's two main forms. It lives as long as the panel, so a refetch
/// (someone else's comment arriving) or a refused submission does not lose it; a saved one clears it.
#[derive(Clone, Copy)]
pub struct Drafts {
    comment: RwSignal<String>,
    proposal: RwSignal<bool>,
    amend_open: RwSignal<bool>,
    amend_kind: RwSignal<String>,
    amend_item: RwSignal<String>,
    amend_text: RwSignal<String>,
    amend_addressee: RwSignal<String>,
    amend_why: RwSignal<String>,
    /// What was new when the page opened stays shown: fetching again marks everything read.
    arrival: RwSignal<Option<u32>>,
    /// Replies being written, by the comment they answer, and the one last sent.
    replies: RwSignal<std::collections::HashMap<String, String>>,
    sent_reply: RwSignal<Option<String>>,
}

impl Drafts {
    /// Made by the page around the panel, which outlives the panel's re-renders.
    pub fn new(actions: DiscussionActions, picked: RwSignal<Option<Picked>>) -> Drafts {
        let empty = || RwSignal::new(String::new());
        let drafts = Drafts {
            comment: empty(),
            proposal: RwSignal::new(false),
            amend_open: RwSignal::new(false),
            amend_kind: RwSignal::new("replace".to_string()),
            amend_item: empty(),
            amend_text: empty(),
            amend_addressee: empty(),
            amend_why: empty(),
            arrival: RwSignal::new(None),
            replies: RwSignal::new(Default::default()),
            sent_reply: RwSignal::new(None),
        };
        provide_context(drafts);
        Effect::watch(
            move || actions.add.version().get(),
            move |_, _, _| {
                if matches!(actions.add.value().get_untracked(), Some(Ok(()))) {
                    match drafts.sent_reply.get_untracked() {
                        Some(parent) => {
                            drafts.replies.update(|r| {
                                r.remove(&parent);
                            });
                            drafts.sent_reply.set(None);
                        }
                        None => {
                            drafts.comment.set(String::new());
                            drafts.proposal.set(false);
                            picked.set(None);
                        }
                    }
                }
            },
            false,
        );
        Effect::watch(
            move || actions.propose.version().get(),
            move |_, _, _| {
                if matches!(actions.propose.value().get_untracked(), Some(Ok(()))) {
                    for field in [drafts.amend_text, drafts.amend_addressee, drafts.amend_why] {
                        field.set(String::new());
                    }
                    drafts.amend_open.set(false);
                }
            },
            false,
        );
        drafts
    }
}

/// Opens the document's event stream in the browser: a change bumps `live` (the panel fetches again), a
/// decided amendment also `text` (the reading view fetches again), a vote `ballots` (at most four times a
/// second, however many votes arrive); a new stage reloads the page, whose editor or reading view depends on it.
pub fn live_updates(doc_id: Memo<String>, live: RwSignal<u32>, text: RwSignal<u32>, ballots: RwSignal<u32>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::prelude::*;
        use wasm_bindgen::JsCast;
        type Open = (web_sys::EventSource, Closure<dyn FnMut(web_sys::MessageEvent)>, Closure<dyn FnMut(JsValue)>);
        let current: StoredValue<Option<Open>, LocalStorage> = StoredValue::new_local(None);
        let tally_pending = StoredValue::new(false);
        let close = move || {
            if let Some((source, _, _)) = current.try_update_value(|c| c.take()).flatten() {
                source.close();
            }
        };
        Effect::new(move |_| {
            let id = doc_id.get();
            close();
            let Ok(source) = web_sys::EventSource::new(&format!("/documents/{id}/events")) else { return };
            let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let kind = e.data().as_string().unwrap_or_default();
                if kind == "stage" {
                    let _ = window().location().reload();
                    return;
                }
                if kind == "ballots" || kind == "all" {
                    if !tally_pending.get_value() {
                        tally_pending.set_value(true);
                        set_timeout(
                            move || {
                                tally_pending.set_value(false);
                                ballots.update(|n| *n += 1);
                            },
                            std::time::Duration::from_millis(250),
                        );
                    }
                    if kind == "ballots" {
                        return;
                    }
                }
                if kind == "amendments" || kind == "all" {
                    text.update(|n| *n += 1);
                }
                live.update(|n| *n += 1);
            });
            source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            // After a dropped connection the browser reconnects by itself; what was missed is fetched once.
            let mut first = true;
            let on_open = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                if !std::mem::take(&mut first) {
                    live.update(|n| *n += 1);
                    ballots.update(|n| *n += 1);
                }
            });
            source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
            current.set_value(Some((source, on_message, on_open)));
        });
        on_cleanup(close);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (doc_id, live, text, ballots);
}

#[component]
pub fn DiscussionPanel(
    doc_id: String,
    event_id: String,
    discussion: Resource<Result<Option<Discussion>, AppError>>,
    actions: DiscussionActions,
    picked: RwSignal<Option<Picked>>,
    drafts: Drafts,
) -> impl IntoView {
    let t = use_lang().texts();
    let summary = format!("/documents/{doc_id}/summary");
    view! {
        <section class="discussion" aria-labelledby="discussion-title">
            <h2 id="discussion-title">{t.discussion_title}</h2>
            {actions.errors()}
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || {
                    let (doc_id, event_id, summary) = (doc_id.clone(), event_id.clone(), summary.clone());
                    Suspend::new(async move {
                        match discussion.await {
                            Ok(Some(d)) => view! { <DiscussionBody d doc_id event_id summary actions picked drafts /> }.into_any(),
                            Ok(None) => ().into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn DiscussionBody(
    d: Discussion,
    doc_id: String,
    event_id: String,
    summary: String,
    actions: DiscussionActions,
    picked: RwSignal<Option<Picked>>,
    drafts: Drafts,
) -> impl IntoView {
    let t = use_lang().texts();
    let unread = match drafts.arrival.try_get_untracked().flatten() {
        Some(n) => n,
        None => {
            drafts.arrival.try_set(Some(d.unread));
            d.unread
        }
    };
    let unread = (unread > 0).then(|| view! { <span class="badge unread">{unread} " " {t.unread}</span> });
    let roots: Vec<CommentView> =
        d.comments.iter().filter(|c| c.parent.is_none() && c.amendment.is_none()).cloned().collect();
    let threads = roots
        .into_iter()
        .map(|root| {
            let replies: Vec<CommentView> =
                d.comments.iter().filter(|c| c.parent.as_deref() == Some(root.id.as_str())).cloned().collect();
            view! { <Thread root replies doc_id=doc_id.clone() can_comment=d.can_comment can_decide=d.can_decide actions /> }
        })
        .collect_view();
    let no_comments = d.comments.is_empty().then(|| view! { <p class="muted">{t.no_comments}</p> });
    let amendments = d
        .amendments
        .iter()
        .cloned()
        .map(|a| {
            let threads = d
                .comments
                .iter()
                .filter(|c| c.parent.is_none() && c.amendment.as_deref() == Some(a.id.as_str()))
                .map(|root| {
                    let replies: Vec<CommentView> =
                        d.comments.iter().filter(|c| c.parent.as_deref() == Some(root.id.as_str())).cloned().collect();
                    view! { <Thread root=root.clone() replies doc_id=doc_id.clone() can_comment=d.can_comment can_decide=d.can_decide actions /> }
                })
                .collect_view();
            let comment_form = d.can_comment.then(|| amendment_comment_form(&doc_id, &a, actions));
            view! {
                <AmendmentCard a can_amend=d.can_amend can_decide=d.can_decide actions />
                <div class="amendment-threads">{threads}{comment_form}</div>
            }
        })
        .collect_view();
    let show_amendments = d.state == State::Review || !d.amendments.is_empty();
    let open_amendments = d.amendments.iter().filter(|a| a.status == Decision::Open).count();
    view! {
        <div class="discussion-head">
            {unread}
            <a href=summary>{t.summary}</a>
        </div>
        {d.manage.then(|| view! { <StageControls state=d.state doc_id=doc_id.clone() event_id observers=d.observers_comment open_amendments actions /> })}
        {d.can_comment.then(|| view! { <CommentForm doc_id=doc_id.clone() items=d.items.clone() actions picked drafts /> })}
        <h3>{t.comments}</h3>
        {no_comments}
        <div class="threads">{threads}</div>
        {show_amendments.then(|| view! {
            <h3>{t.amendments}</h3>
            {d.can_amend.then(|| view! { <AmendmentForm doc_id=doc_id.clone() items=d.items.iter().filter(|i| i.amendable).cloned().collect() actions drafts /> })}
            {d.amendments.is_empty().then(|| view! { <p class="muted">{t.no_amendments}</p> })}
            <div class="amendments">{amendments}</div>
        })}
    }
}

#[component]
fn StageControls(
    state: State,
    doc_id: String,
    event_id: String,
    observers: bool,
    open_amendments: usize,
    actions: DiscussionActions,
) -> impl IntoView {
    let t = use_lang().texts();
    let moves: Vec<(&str, &str)> = match state {
        State::Drafting => vec![("review", t.to_review)],
        State::Review => vec![("voting", t.to_voting), ("drafting", t.to_drafting)],
        State::Voting => vec![("review", t.withdraw_from_vote)],
        _ => vec![],
    };
    let warning = (state == State::Review && open_amendments > 0).then(|| {
        view! {
            <p class="warning" role="note">
                {t.open_amendments_warning} " " {open_amendments} ". " {t.open_amendments_note}
            </p>
        }
    });
    let forms = moves
        .into_iter()
        .map(|(to, label)| {
            let doc_id = doc_id.clone();
            view! {
                <ActionForm action=actions.stage attr:class=format!("inline stage-move to-{to}")>
                    <input type="hidden" name="id" value=doc_id />
                    <input type="hidden" name="to" value=to />
                    <label class="check"><input type="checkbox" name="confirm" value="yes" required />{t.confirm_move}</label>
                    <button type="submit" class="secondary">{label}</button>
                </ActionForm>
            }
        })
        .collect_view();
    view! {
        <div class="stage-controls">
            {warning}
            {forms}
            <ActionForm action=actions.observers attr:class="inline observers">
                <input type="hidden" name="event" value=event_id />
                <label class="check">
                    <input type="checkbox" name="allowed" value="on" checked=observers />{t.observers_may_comment}
                </label>
                <button type="submit" class="secondary">{t.save}</button>
            </ActionForm>
        </div>
    }
}

fn item_options(items: &[ItemChoice], selected: Option<&str>) -> impl IntoView {
    items
        .iter()
        .map(|c| view! { <option value=c.id.clone() selected=Some(c.id.as_str()) == selected>{c.label.clone()}</option> })
        .collect_view()
}

#[component]
fn CommentForm(
    doc_id: String,
    items: Vec<ItemChoice>,
    actions: DiscussionActions,
    picked: RwSignal<Option<Picked>>,
    drafts: Drafts,
) -> impl IntoView {
    let t = use_lang().texts();
    let quote = move || picked.get().map(|p| p.quote).unwrap_or_default();
    let start = move || picked.get().map(|p| p.start.to_string()).unwrap_or_default();
    let chosen = move || picked.get().map(|p| p.item);
    view! {
        <ActionForm action=actions.add attr:class="comment-form">
            <input type="hidden" name="id" value=doc_id />
            <input type="hidden" name="quote" prop:value=quote />
            <input type="hidden" name="start" prop:value=start />
            <label>{t.on_item}
                {move || {
                    let chosen = chosen();
                    view! { <select name="item">{item_options(&items, chosen.as_deref())}</select> }
                }}
            </label>
            {move || picked.get().map(|p| view! {
                <p class="picked">{t.selected_words} ": " <q>{p.quote}</q> " "
                    <button type="button" class="link" on:click=move |_| picked.set(None)>{t.clear_selection}</button>
                </p>
            })}
            <label>{t.comment}
                <textarea name="body" rows="3" maxlength=COMMENT_MAX required prop:value=move || drafts.comment.get()
                    on:input=move |ev| drafts.comment.set(event_target_value(&ev))></textarea>
            </label>
            <label class="check">
                <input type="checkbox" name="proposal" value="on" prop:checked=move || drafts.proposal.get()
                    on:change=move |ev| drafts.proposal.set(event_target_checked(&ev)) />
                {t.is_proposal}
            </label>
            <button type="submit">{move || if picked.get().is_some() { t.comment_selection } else { t.add_comment }}</button>
        </ActionForm>
    }
}

fn stance_buttons(
    kind: &'static str,
    subject: String,
    support: u32,
    oppose: u32,
    mine: Option<Stance>,
    enabled: bool,
    action: ServerAction<SetStance>,
) -> impl IntoView {
    let t = use_lang().texts();
    let button = |stance: Stance, label: &'static str, count: u32| {
        let subject = subject.clone();
        let chosen = mine == Some(stance);
        let send = if chosen { "none" } else { stance.code() };
        view! {
            <ActionForm action attr:class="inline stance">
                <input type="hidden" name="kind" value=kind />
                <input type="hidden" name="subject" value=subject />
                <input type="hidden" name="stance" value=send />
                <button type="submit" class=format!("stance-{}", stance.code()) aria-pressed=chosen.to_string() disabled=!enabled>
                    {label} " " <span class="count">{count}</span>
                </button>
            </ActionForm>
        }
    };
    view! {
        <div class="stances">
            {button(Stance::Support, t.support, support)}
            {button(Stance::Oppose, t.oppose, oppose)}
        </div>
    }
}

#[component]
fn Thread(
    root: CommentView,
    doc_id: String,
    replies: Vec<CommentView>,
    can_comment: bool,
    can_decide: bool,
    actions: DiscussionActions,
) -> impl IntoView {
    let t = use_lang().texts();
    let quote = (!root.quote.is_empty()).then(|| {
        if root.removed {
            view! { <p class="quote removed">{t.about_removed} " " <del>{root.quote.clone()}</del></p> }.into_any()
        } else {
            view! { <blockquote class="quote">{root.quote.clone()}</blockquote> }.into_any()
        }
    });
    let resolved = root.resolved.then(|| {
        let decision = match root.taken {
            Some(true) => t.taken,
            Some(false) => t.not_taken,
            None => t.resolved,
        };
        let note = (!root.note.is_empty()).then(|| format!(": {}", root.note));
        view! { <p class="resolution-note"><strong>{decision}</strong> " (" {root.resolved_name.clone()} ")" {note}</p> }
    });
    let replies = replies.into_iter().map(|c| view! { <CommentBody c can_comment actions /> }).collect_view();
    let id = root.id.clone();
    let resolve = (root.can_resolve && can_comment).then(|| {
        let (id, now) = (id.clone(), !root.resolved);
        let decide = can_decide && root.proposal && now;
        view! {
            <ActionForm action=actions.resolve attr:class="resolve-form">
                <input type="hidden" name="comment" value=id />
                <input type="hidden" name="resolved" value=now.to_string() />
                {decide.then(|| view! {
                    <select name="taken" aria-label=t.decision>
                        <option value="yes">{t.taken}</option>
                        <option value="no">{t.not_taken}</option>
                    </select>
                    <input name="note" maxlength=REASON_MAX placeholder=t.note aria-label=t.note />
                })}
                <button type="submit" class="secondary">{if now { t.resolve } else { t.reopen }}</button>
            </ActionForm>
        }
    });
    let reply_item = root.item.clone();
    let reply_to = id.clone();
    let reply = (can_comment && !root.deleted && !root.hidden).then(move || {
        // The words typed survive the thread being drawn again when someone else comments.
        let drafts = use_context::<Drafts>();
        let typed = move |key: &str| {
            drafts.and_then(|d| d.replies.try_with_untracked(|r| r.get(key).cloned()).flatten()).unwrap_or_default()
        };
        let started = typed(&reply_to);
        let open = !started.is_empty();
        let (k1, k2) = (reply_to.clone(), reply_to.clone());
        view! {
            <details class="reply" open=open>
                <summary>{t.reply}</summary>
                <ActionForm action=actions.add on:submit=move |_| {
                    if let Some(d) = drafts {
                        d.sent_reply.set(Some(k2.clone()));
                    }
                }>
                    <input type="hidden" name="id" value=doc_id />
                    <input type="hidden" name="item" value=reply_item />
                    <input type="hidden" name="parent" value=reply_to />
                    <textarea name="body" rows="2" maxlength=COMMENT_MAX required aria-label=t.reply
                        inner_html=crate::components::escape::escape_html(&started)
                        on:input=move |ev| {
                            if let Some(d) = drafts {
                                let value = event_target_value(&ev);
                                d.replies.update(|r| {
                                    r.insert(k1.clone(), value);
                                });
                            }
                        }></textarea>
                    <button type="submit">{t.reply}</button>
                </ActionForm>
            </details>
        }
    });
    view! {
        <article class="thread" class:resolved=root.resolved class:proposal=root.proposal data-comment=root.id.clone()>
            <p class="thread-item">{t.on_item} " " {root.item_label.clone()}
                {root.proposal.then(|| view! { " · " <span class="badge">{t.proposal}</span> })}</p>
            {quote}
            <CommentBody c=root.clone() can_comment actions />
            {resolved}
            <div class="replies">{replies}</div>
            <div class="thread-tools">{resolve}{can_decide.then(|| hide_form(t, &root, actions))}</div>
            {reply}
        </article>
    }
}

/// A comment on an amendment: its thread shows under the amendment.
fn amendment_comment_form(doc_id: &str, a: &AmendmentView, actions: DiscussionActions) -> impl IntoView {
    let t = use_lang().texts();
    let (doc_id, item, amendment) = (doc_id.to_string(), a.change.item().to_string(), a.id.clone());
    let key = format!("amendment:{amendment}");
    let drafts = use_context::<Drafts>();
    view! {
        <details class="reply amendment-comment">
            <summary>{t.add_comment}</summary>
            <ActionForm action=actions.add on:submit=move |_| {
                if let Some(d) = drafts {
                    d.sent_reply.set(Some(key.clone()));
                }
            }>
                <input type="hidden" name="id" value=doc_id />
                <input type="hidden" name="item" value=item />
                <input type="hidden" name="amendment" value=amendment />
                <textarea name="body" rows="2" maxlength=COMMENT_MAX required aria-label=t.comment></textarea>
                <button type="submit">{t.add_comment}</button>
            </ActionForm>
        </details>
    }
}

fn hide_form(t: &'static Texts, c: &CommentView, actions: DiscussionActions) -> Option<impl IntoView> {
    let id = c.id.clone();
    (!c.hidden && !c.deleted).then(move || {
        view! {
            <ActionForm action=actions.hide attr:class="inline">
                <input type="hidden" name="comment" value=id />
                <button type="submit" class="secondary danger">{t.hide}</button>
            </ActionForm>
        }
    })
}

#[component]
fn CommentBody(c: CommentView, can_comment: bool, actions: DiscussionActions) -> impl IntoView {
    let t = use_lang().texts();
    if c.deleted || c.hidden {
        let note = if c.hidden { t.hidden_comment } else { t.deleted_comment };
        return view! { <div class="comment tombstone"><p class="muted">{note}</p></div> }.into_any();
    }
    let history = (!c.history.is_empty()).then(|| {
        let earlier = c
            .history
            .iter()
            .map(|w| view! { <li><time>{w.at.clone()}</time> " " {w.body.clone()}</li> })
            .collect_view();
        view! { <details class="history"><summary>{t.earlier_wordings}</summary><ul>{earlier}</ul></details> }
    });
    let own = (c.own && can_comment).then(|| {
        let (id, same, body) = (c.id.clone(), c.id.clone(), c.body.clone());
        view! {
            <details class="edit-comment">
                <summary>{t.edit_comment}</summary>
                <ActionForm action=actions.edit>
                    <input type="hidden" name="comment" value=same />
                    <textarea name="body" rows="3" maxlength=COMMENT_MAX required aria-label=t.comment inner_html=crate::components::escape::escape_html(&body)></textarea>
                    <button type="submit">{t.save}</button>
                </ActionForm>
            </details>
            <ActionForm action=actions.delete attr:class="inline">
                <input type="hidden" name="comment" value=id />
                <button type="submit" class="secondary danger">{t.delete_comment}</button>
            </ActionForm>
        }
    });
    let stances = stance_buttons("comment", c.id.clone(), c.support, c.oppose, c.mine, can_comment, actions.stance);
    view! {
        <div class="comment" data-comment=c.id.clone()>
            <p class="meta"><strong>{c.author_name.clone()}</strong> " · " <time>{c.created_at.clone()}</time>
                {c.edited.then(|| view! { " · " <span class="muted">{t.edited}</span> })}</p>
            <p class="body">{c.body.clone()}</p>
            {history}
            {stances}
            {own}
        </div>
    }
    .into_any()
}

fn diff_view(pieces: &[Piece]) -> impl IntoView {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Same(s) => view! { <span>{s.clone()}</span> }.into_any(),
            Piece::Added(s) => view! { <ins>{s.clone()}</ins> }.into_any(),
            Piece::Removed(s) => view! { <del>{s.clone()}</del> }.into_any(),
        })
        .collect_view()
}

#[component]
fn AmendmentCard(a: AmendmentView, can_amend: bool, can_decide: bool, actions: DiscussionActions) -> impl IntoView {
    let t = use_lang().texts();
    let kind = match &a.change {
        Change::Replace { .. } => t.amend_replace,
        Change::Insert { .. } => t.amend_insert,
        Change::Delete { .. } => t.amend_delete,
    };
    let proposal = match &a.change {
        Change::Replace { .. } => view! { <p class="diff">{diff_view(&a.diff)}</p> }.into_any(),
        Change::Insert { text, addressee, .. } => view! {
            <p class="diff"><ins>{(!addressee.is_empty()).then(|| format!("{addressee} "))}{text.clone()}</ins></p>
        }
        .into_any(),
        Change::Delete { .. } => view! { <p class="diff"><del>{a.base.clone()}</del></p> }.into_any(),
    };
    let status = match a.status {
        Decision::Open => t.under_review,
        Decision::Accepted => t.accepted,
        Decision::Rejected => t.rejected,
    };
    let decided = (a.status != Decision::Open).then(|| {
        let reason = (!a.reason.is_empty()).then(|| format!(": {}", a.reason));
        view! { <p class="resolution-note">{a.decided_name.clone()}{reason}</p> }
    });
    let gone = matches!(a.fit, Some(Fit::Gone)).then(|| view! { <p class="notice">{t.item_deleted}</p> });
    let decide = (can_decide && a.status == Decision::Open).then(|| view! { <DecideForms a=a.clone() actions /> });
    let stances = stance_buttons(
        "amendment",
        a.id.clone(),
        a.support,
        a.oppose,
        a.mine,
        can_amend && a.status == Decision::Open,
        actions.stance,
    );
    view! {
        <article class=format!("amendment status-{}", a.status.code()) data-amendment=a.id.clone()>
            <p class="meta"><strong>{t.amendment} " " {a.number}</strong> " · " {kind} " · " {a.item_label.clone()}
                " · " {a.author_name.clone()} " · " <span class="badge">{status}</span></p>
            {proposal}
            <p class="justification"><span class="muted">{t.justification} ": "</span>{a.justification.clone()}</p>
            {decided}
            {gone}
            {stances}
            {decide}
        </article>
    }
}

/// Accept or reject; when the item changed since the amendment was written, the answer of the first
/// «accept» shows the three texts and a field with the result to confirm.
#[component]
fn DecideForms(a: AmendmentView, actions: DiscussionActions) -> impl IntoView {
    let t = use_lang().texts();
    let (id, same) = (a.id.clone(), a.id.clone());
    let mine = a.id.clone();
    let confirm = move || {
        let outcome = actions.decide.value().get()?;
        let submitted = actions.decide.input().get().map(|i| i.amendment).unwrap_or_else(|| mine.clone());
        match outcome {
            Ok(DecideOutcome::Confirm { base, current, proposed }) if submitted == mine => {
                let amendment = mine.clone();
                Some(view! {
                    <div class="three-way" role="alert">
                        <p>{t.item_changed}</p>
                        <dl>
                            <dt>{t.base_text}</dt><dd>{base}</dd>
                            <dt>{t.current_text}</dt><dd>{current.clone()}</dd>
                            <dt>{t.proposed_text}</dt><dd>{proposed.clone()}</dd>
                        </dl>
                        <ActionForm action=actions.decide>
                            <input type="hidden" name="amendment" value=amendment />
                            <input type="hidden" name="accept" value="true" />
                            <input type="hidden" name="seen" value=current />
                            <label>{t.result_text}
                                <textarea name="wording" rows="3" maxlength=ITEM_MAX inner_html=crate::components::escape::escape_html(&proposed)></textarea>
                            </label>
                            <button type="submit">{t.confirm_accept}</button>
                        </ActionForm>
                    </div>
                })
            }
            _ => None,
        }
    };
    view! {
        <div class="decide">
            <ActionForm action=actions.decide attr:class="inline">
                <input type="hidden" name="amendment" value=same />
                <input type="hidden" name="accept" value="true" />
                <button type="submit">{t.accept}</button>
            </ActionForm>
            <ActionForm action=actions.decide attr:class="inline reject">
                <input type="hidden" name="amendment" value=id />
                <input type="hidden" name="accept" value="false" />
                <input name="reason" maxlength=REASON_MAX required placeholder=t.reason aria-label=t.reason />
                <button type="submit" class="secondary danger">{t.reject}</button>
            </ActionForm>
            {confirm}
        </div>
    }
}

#[component]
fn AmendmentForm(doc_id: String, items: Vec<ItemChoice>, actions: DiscussionActions, drafts: Drafts) -> impl IntoView {
    let t = use_lang().texts();
    let kinds = [("replace", t.amend_replace), ("insert", t.amend_insert), ("delete", t.amend_delete)];
    let kinds = move || {
        kinds
            .iter()
            .map(|(code, label)| view! { <option value=*code selected=drafts.amend_kind.get_untracked() == *code>{*label}</option> })
            .collect_view()
    };
    let chosen = drafts.amend_item.get_untracked();
    let text = |field: RwSignal<String>| (move || field.get(), move |ev| field.set(event_target_value(&ev)));
    let (text_value, on_text) = text(drafts.amend_text);
    let (addressee_value, on_addressee) = text(drafts.amend_addressee);
    let (why_value, on_why) = text(drafts.amend_why);
    view! {
        <details class="amendment-form" prop:open=move || drafts.amend_open.get()>
            <summary on:click=move |ev| { ev.prevent_default(); drafts.amend_open.update(|o| *o = !*o) }>{t.propose_amendment}</summary>
            <ActionForm action=actions.propose>
                <input type="hidden" name="id" value=doc_id />
                <label>{t.amendment_kind}
                    <select name="kind" on:change=move |ev| drafts.amend_kind.set(event_target_value(&ev))>{kinds}</select>
                </label>
                <label>{t.on_item}
                    <select name="item" on:change=move |ev| drafts.amend_item.set(event_target_value(&ev))>
                        {item_options(&items, (!chosen.is_empty()).then_some(chosen.as_str()))}
                    </select>
                </label>
                <label>{t.proposed_text}<textarea name="text" rows="3" maxlength=ITEM_MAX prop:value=text_value on:input=on_text></textarea></label>
                <label>{t.addressee}<input name="addressee" maxlength=ADDRESSEE_MAX prop:value=addressee_value on:input=on_addressee /></label>
                <label>{t.justification}<textarea name="justification" rows="2" maxlength=REASON_MAX required prop:value=why_value on:input=on_why></textarea></label>
                <button type="submit">{t.propose_amendment}</button>
            </ActionForm>
        </details>
    }
}
