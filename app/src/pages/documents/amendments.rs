//! Amendments beside a document: the card of one amendment with its word diff, the organiser's accept and
//! reject forms (with the three-way confirmation when the item changed), and the form to propose one.

use super::comment_threads::stance_buttons;
use super::discussion_panel::{item_options, DiscussionActions, Drafts};
use crate::components::server_form::ServerForm;
use crate::i18n::use_lang;
use crate::ids::DocumentId;
use crate::model::{AmendmentView, DecideOutcome, ItemChoice};
use accord_domain::discussion::{Change, Decision, Fit, Piece, REASON_MAX};
use accord_domain::document::{ADDRESSEE_MAX, ITEM_MAX};
use accord_domain::State;
use leptos::prelude::*;

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

fn kind_label(change: &Change) -> &'static str {
    let t = use_lang().texts();
    match change {
        Change::Replace { .. } => t.amend_replace,
        Change::Insert { .. } => t.amend_insert,
        Change::Delete { .. } => t.amend_delete,
    }
}

/// What the amendment does to the text, word by word.
fn proposal(a: &AmendmentView) -> AnyView {
    match &a.change {
        Change::Replace { .. } => view! { <p class="diff">{diff_view(&a.diff)}</p> }.into_any(),
        Change::Insert { text, addressee, .. } => view! {
            <p class="diff"><ins>{(!addressee.is_empty()).then(|| format!("{addressee} "))}{text.clone()}</ins></p>
        }
        .into_any(),
        Change::Delete { .. } => view! { <p class="diff"><del>{a.base.clone()}</del></p> }.into_any(),
    }
}

/// Whether the amendment is shown in the text, under its item: in review (the text is read, not edited),
/// open, and its item still there.
pub(super) fn in_the_text(state: State, a: &AmendmentView) -> bool {
    state == State::Review && a.status == Decision::Open && !matches!(a.fit, Some(Fit::Gone))
}

/// The open amendments to `item`, shown in the text under it: the change word by word and, for an organiser,
/// accept and reject. Their cards in the discussion link here.
pub fn amendments_in_text(d: &crate::model::Discussion, item: &str, actions: DiscussionActions) -> impl IntoView {
    let t = use_lang().texts();
    d.amendments
        .iter()
        .filter(|a| in_the_text(d.state, a) && a.change.item().as_str() == item)
        .map(|a| {
            let kind = kind_label(&a.change);
            let decide = d.can_decide.then(|| view! { <DecideForms a=a.clone() actions /> });
            view! {
                <div class="amendment-in-text" id=format!("amendment-in-{}", a.id) data-amendment=a.id.clone()>
                    <p class="meta"><a href=format!("#amendment-{}", a.id)>{t.amendment} " " {a.number}</a>
                        " · " {kind} " · " {a.author_name.clone()}</p>
                    {proposal(a)}
                    {decide}
                </div>
            }
        })
        .collect_view()
}

#[component]
pub(super) fn AmendmentCard(
    a: AmendmentView,
    /// Shown in the text under its item (see `in_the_text`), where it is decided.
    in_text: bool,
    can_amend: bool,
    can_decide: bool,
    actions: DiscussionActions,
) -> impl IntoView {
    let t = use_lang().texts();
    let kind = kind_label(&a.change);
    let proposal = proposal(&a);
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
    // An amendment shown in the text is decided there; the card links to it.
    let decide = if in_text {
        Some(view! { <p><a href=format!("#amendment-in-{}", a.id)>{t.see_in_text}</a></p> }.into_any())
    } else {
        (can_decide && a.status == Decision::Open).then(|| view! { <DecideForms a=a.clone() actions /> }.into_any())
    };
    let stances = stance_buttons(
        "amendment",
        a.id.to_string(),
        a.support,
        a.oppose,
        a.mine,
        can_amend && a.status == Decision::Open,
        actions.stance,
    );
    view! {
        <article class=format!("amendment status-{}", a.status.code()) id=format!("amendment-{}", a.id) data-amendment=a.id.clone()>
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
        match outcome {
            Ok(DecideOutcome::Confirm { amendment, base, current, proposed }) if amendment == mine => Some(view! {
                <div class="three-way" role="alert">
                    <p>{t.item_changed}</p>
                    <dl>
                        <dt>{t.base_text}</dt><dd>{base}</dd>
                        <dt>{t.current_text}</dt><dd>{current.clone()}</dd>
                        <dt>{t.proposed_text}</dt><dd>{proposed.clone()}</dd>
                    </dl>
                    <ServerForm action=actions.decide>
                        <input type="hidden" name="amendment" value=amendment />
                        <input type="hidden" name="accept" value="true" />
                        <input type="hidden" name="seen" value=current />
                        <label>{t.result_text}
                            <textarea name="wording" rows="3" maxlength=ITEM_MAX inner_html=crate::components::escape::escape_html(&proposed)></textarea>
                        </label>
                        <button type="submit">{t.confirm_accept}</button>
                    </ServerForm>
                </div>
            }),
            _ => None,
        }
    };
    view! {
        <div class="decide">
            <ServerForm action=actions.decide attr:class="inline">
                <input type="hidden" name="amendment" value=same />
                <input type="hidden" name="accept" value="true" />
                <button type="submit">{t.accept}</button>
            </ServerForm>
            <ServerForm action=actions.decide attr:class="inline reject">
                <input type="hidden" name="amendment" value=id />
                <input type="hidden" name="accept" value="false" />
                <input name="reason" maxlength=REASON_MAX required placeholder=t.reason aria-label=t.reason />
                <button type="submit" class="secondary danger">{t.reject}</button>
            </ServerForm>
            {confirm}
        </div>
    }
}

#[component]
pub(super) fn AmendmentForm(
    doc_id: DocumentId,
    items: Vec<ItemChoice>,
    actions: DiscussionActions,
    drafts: Drafts,
) -> impl IntoView {
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
            <ServerForm action=actions.propose>
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
            </ServerForm>
        </details>
    }
}
