//! The discussion beside a document: the panel, its ten actions (`DiscussionActions`) and the words being
//! written in it (`Drafts`), and the body that lays out the stage controls, comment threads and amendments.
//! Every form is a `ServerForm`, so it works before the page is hydrated and without JavaScript; the panel
//! fetches again when any of them succeeds and when the server announces a change (see `live_updates`).

use super::amendments::{in_the_text, AmendmentCard, AmendmentForm};
use super::comment_threads::{amendment_comment_form, CommentForm, Thread};
use super::stage_controls::{stage_controls, Stage};
use crate::components::error_notice::{action_error, ErrorNotice};
use crate::components::server_form::FormAction;
use crate::error::AppError;
use crate::fetched::Fetched;
use crate::i18n::use_lang;
use crate::ids::{DocumentId, EventId};
use crate::model::{CommentView, Discussion, ItemChoice, Picked};
use crate::server_fns::amendments::{DecideAmendment, ProposeAmendment};
use crate::server_fns::comments::{AddComment, DeleteComment, EditComment, HideComment, ResolveComment};
use crate::server_fns::events::SetObserversComment;
use crate::server_fns::stages::ChangeStage;
use crate::server_fns::stances::SetStance;
use accord_domain::discussion::Decision;
use accord_domain::State;
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

/// What a member is writing in the panel's two main forms. It lives as long as the panel, so a refetch
/// (someone else's comment arriving) or a refused submission does not lose it; a saved one clears it.
#[derive(Clone, Copy)]
pub struct Drafts {
    pub(super) comment: RwSignal<String>,
    pub(super) proposal: RwSignal<bool>,
    pub(super) amend_open: RwSignal<bool>,
    pub(super) amend_kind: RwSignal<String>,
    pub(super) amend_item: RwSignal<String>,
    pub(super) amend_text: RwSignal<String>,
    pub(super) amend_addressee: RwSignal<String>,
    pub(super) amend_why: RwSignal<String>,
    /// What was new when the page opened stays shown: fetching again marks everything read.
    pub(super) arrival: RwSignal<Option<u32>>,
    /// Replies being written, by the comment they answer, and the one last sent.
    pub(super) replies: RwSignal<std::collections::HashMap<String, String>>,
    pub(super) sent_reply: RwSignal<Option<String>>,
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

#[component]
pub fn DiscussionPanel(
    doc_id: DocumentId,
    event_id: EventId,
    discussion: Fetched<Result<Option<Discussion>, AppError>>,
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
    doc_id: DocumentId,
    event_id: EventId,
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
    // In the order of the text, so that in the margin each thread can stand beside its item.
    let order = |c: &CommentView| d.items.iter().position(|i| i.id == c.item).unwrap_or(usize::MAX);
    let mut roots: Vec<CommentView> =
        d.comments.iter().filter(|c| c.parent.is_none() && c.amendment.is_none()).cloned().collect();
    roots.sort_by_key(order);
    Effect::new(move |_| super::margin::align_after_render());
    let threads = roots
        .into_iter()
        .map(|root| {
            let replies: Vec<CommentView> =
                d.comments.iter().filter(|c| c.parent.as_ref() == Some(&root.id)).cloned().collect();
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
                .filter(|c| c.parent.is_none() && c.amendment.as_ref() == Some(&a.id))
                .map(|root| {
                    let replies: Vec<CommentView> =
                        d.comments.iter().filter(|c| c.parent.as_ref() == Some(&root.id)).cloned().collect();
                    view! { <Thread root=root.clone() replies doc_id=doc_id.clone() can_comment=d.can_comment can_decide=d.can_decide actions /> }
                })
                .collect_view();
            let comment_form = d.can_comment.then(|| amendment_comment_form(&doc_id, &a, actions));
            view! {
                <AmendmentCard in_text=in_the_text(d.state, &a) a can_amend=d.can_amend can_decide=d.can_decide actions />
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
        {d.manage.then(|| {
            let stage = Stage { state: d.state, doc_id: doc_id.clone(), event_id, observers: d.observers_comment, open_amendments };
            stage_controls(stage, actions)
        })}
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

pub(super) fn item_options(items: &[ItemChoice], selected: Option<&str>) -> impl IntoView {
    items
        .iter()
        .map(|c| view! { <option value=c.id.clone() selected=Some(c.id.as_str()) == selected>{c.label.clone()}</option> })
        .collect_view()
}
