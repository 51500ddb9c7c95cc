//! The organiser's stage controls beside a document: moving it between drafting, review and voting (with a
//! confirmation box and a warning about open amendments), and whether observers may comment.

use super::discussion_panel::DiscussionActions;
use crate::components::server_form::ServerForm;
use crate::i18n::use_lang;
use crate::ids::{DocumentId, EventId};
use accord_domain::State;
use leptos::prelude::*;

#[component]
pub(super) fn StageControls(
    state: State,
    doc_id: DocumentId,
    event_id: EventId,
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
                <ServerForm action=actions.stage attr:class=format!("inline stage-move to-{to}")>
                    <input type="hidden" name="id" value=doc_id />
                    <input type="hidden" name="to" value=to />
                    <label class="check"><input type="checkbox" name="confirm" value="yes" required />{t.confirm_move}</label>
                    <button type="submit" class="secondary">{label}</button>
                </ServerForm>
            }
        })
        .collect_view();
    view! {
        <div class="stage-controls">
            {warning}
            {forms}
            <ServerForm action=actions.observers attr:class="inline observers">
                <input type="hidden" name="event" value=event_id />
                <label class="check">
                    <input type="checkbox" name="allowed" value="on" checked=observers />{t.observers_may_comment}
                </label>
                <button type="submit" class="secondary">{t.save}</button>
            </ServerForm>
        </div>
    }
}
