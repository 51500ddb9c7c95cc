//! The organiser's stage controls beside a document: moving it between drafting, review and voting (with a
//! confirmation box and a warning about open amendments), and whether observers may comment: plain forms in
//! the discussion's HTML.

use crate::i18n::Texts;
use crate::ids::{DocumentId, EventId};
use crate::server_fns::events::SetObserversComment;
use crate::server_fns::stages::ChangeStage;
use accord_domain::State;
use maud::{html, Markup};
use server_fn::ServerFn;

/// What the controls show.
pub(super) struct Stage<'a> {
    pub state: State,
    pub doc_id: &'a DocumentId,
    pub event_id: &'a EventId,
    pub observers: bool,
    pub open_amendments: usize,
}

pub(super) fn stage_markup(t: Texts, stage: &Stage) -> Markup {
    let moves: &[(&str, &str)] = match stage.state {
        State::Drafting => &[("review", t.to_review())],
        State::Review => &[("voting", t.to_voting()), ("drafting", t.to_drafting())],
        State::Voting => &[("review", t.withdraw_from_vote())],
        _ => &[],
    };
    html! {
        @if stage.state == State::Review && stage.open_amendments > 0 {
            p.warning role="note" {
                (t.open_amendments_warning()) " " (stage.open_amendments) ". " (t.open_amendments_note())
            }
        }
        @for (to, label) in moves {
            form class={ "inline stage-move to-" (to) } action=(ChangeStage::url()) method="post" {
                input type="hidden" name="id" value=(stage.doc_id);
                input type="hidden" name="to" value=(to);
                label.check { input type="checkbox" name="confirm" value="yes" required; (t.confirm_move()) }
                button.secondary type="submit" { (label) }
            }
        }
        form.inline.observers action=(SetObserversComment::url()) method="post" {
            input type="hidden" name="event" value=(stage.event_id);
            label.check {
                input type="checkbox" name="allowed" value="on" checked[stage.observers]; (t.observers_may_comment())
            }
            button.secondary type="submit" { (t.save()) }
        }
    }
}
