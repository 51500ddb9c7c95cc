//! Comment threads: a thread with its quote, replies and resolution, one comment's body with its history
//! and its author's edit and delete forms, the forms that add a comment (on an item, the selected words, or
//! an amendment), the stance buttons (shared with amendments) and the organiser's hide form.

use super::discussion_panel::{item_options, DiscussionActions, Drafts};
use crate::components::marks::LitThread;
use crate::components::server_form::{FormAction, ServerForm};
use crate::i18n::{use_lang, Texts};
use crate::ids::DocumentId;
use crate::model::{AmendmentView, CommentView, ItemChoice, Picked};
use crate::server_fns::stances::SetStance;
use accord_domain::discussion::{Stance, COMMENT_MAX, REASON_MAX};
use leptos::prelude::*;

#[component]
pub(super) fn CommentForm(
    doc_id: DocumentId,
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
        <ServerForm action=actions.add attr:class="comment-form">
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
        </ServerForm>
    }
}

pub(super) fn stance_buttons(
    kind: &'static str,
    subject: String,
    support: u32,
    oppose: u32,
    mine: Option<Stance>,
    enabled: bool,
    action: FormAction<SetStance>,
) -> impl IntoView {
    let t = use_lang().texts();
    let button = |stance: Stance, label: &'static str, count: u32| {
        let subject = subject.clone();
        let chosen = mine == Some(stance);
        let send = if chosen { "none" } else { stance.code() };
        view! {
            <ServerForm action attr:class="inline stance">
                <input type="hidden" name="kind" value=kind />
                <input type="hidden" name="subject" value=subject />
                <input type="hidden" name="stance" value=send />
                <button type="submit" class=format!("stance-{}", stance.code()) aria-pressed=chosen.to_string() disabled=!enabled>
                    {label} " " <span class="count">{count}</span>
                </button>
            </ServerForm>
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
pub(super) fn Thread(
    root: CommentView,
    doc_id: DocumentId,
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
            <ServerForm action=actions.resolve attr:class="resolve-form">
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
            </ServerForm>
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
        let started = typed(reply_to.as_str());
        let open = !started.is_empty();
        let (k1, k2) = (reply_to.clone(), reply_to.clone());
        view! {
            <details class="reply" open=open>
                <summary>{t.reply}</summary>
                <ServerForm action=actions.add on:submit=move |_| {
                    if let Some(d) = drafts {
                        d.sent_reply.set(Some(k2.to_string()));
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
                                    r.insert(k1.to_string(), value);
                                });
                            }
                        }></textarea>
                    <button type="submit">{t.reply}</button>
                </ServerForm>
            </details>
        }
    });
    // Lit with its words in the text; on a phone, lit from the text, it opens as a sheet.
    let lit = LitThread::from_context();
    let (me, mine, sheet_of) = (root.id.clone(), root.id.clone(), root.id.clone());
    let is_lit = move || lit.is_some_and(|l| l.is(me.as_str()));
    let sheet = move || lit.is_some_and(|l| l.from_text(sheet_of.as_str()));
    let point = move || {
        if let Some(l) = lit {
            if !l.is(mine.as_str()) {
                l.light(mine.clone(), false)
            }
        }
    };
    let point_too = point.clone();
    let close = move |_| {
        if let Some(l) = lit {
            l.clear()
        }
    };
    view! {
        <article class="thread" class:resolved=root.resolved class:proposal=root.proposal class:lit=is_lit class:sheet=sheet
            data-comment=root.id.clone() data-item=root.item.clone()
            on:mouseenter=move |_| point() on:focusin=move |_| point_too()>
            <button type="button" class="link close-sheet" on:click=close>{t.close}</button>
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
pub(super) fn amendment_comment_form(
    doc_id: &DocumentId,
    a: &AmendmentView,
    actions: DiscussionActions,
) -> impl IntoView {
    let t = use_lang().texts();
    let (doc_id, item, amendment) = (doc_id.to_string(), a.change.item().to_string(), a.id.clone());
    let key = format!("amendment:{amendment}");
    let drafts = use_context::<Drafts>();
    view! {
        <details class="reply amendment-comment">
            <summary>{t.add_comment}</summary>
            <ServerForm action=actions.add on:submit=move |_| {
                if let Some(d) = drafts {
                    d.sent_reply.set(Some(key.clone()));
                }
            }>
                <input type="hidden" name="id" value=doc_id />
                <input type="hidden" name="item" value=item />
                <input type="hidden" name="amendment" value=amendment />
                <textarea name="body" rows="2" maxlength=COMMENT_MAX required aria-label=t.comment></textarea>
                <button type="submit">{t.add_comment}</button>
            </ServerForm>
        </details>
    }
}

fn hide_form(t: &'static Texts, c: &CommentView, actions: DiscussionActions) -> Option<impl IntoView> {
    let id = c.id.clone();
    (!c.hidden && !c.deleted).then(move || {
        view! {
            <ServerForm action=actions.hide attr:class="inline">
                <input type="hidden" name="comment" value=id />
                <button type="submit" class="secondary danger">{t.hide}</button>
            </ServerForm>
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
                <ServerForm action=actions.edit>
                    <input type="hidden" name="comment" value=same />
                    <textarea name="body" rows="3" maxlength=COMMENT_MAX required aria-label=t.comment inner_html=crate::components::escape::escape_html(&body)></textarea>
                    <button type="submit">{t.save}</button>
                </ServerForm>
            </details>
            <ServerForm action=actions.delete attr:class="inline">
                <input type="hidden" name="comment" value=id />
                <button type="submit" class="secondary danger">{t.delete_comment}</button>
            </ServerForm>
        }
    });
    let stances = stance_buttons("comment", c.id.to_string(), c.support, c.oppose, c.mine, can_comment, actions.stance);
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
