//! Amendments beside a document, written as HTML (`components::markup`): the card of one amendment with its
//! word diff, the organiser's accept and reject forms (with the three-way confirmation when the item changed),
//! the form to propose one, and the open amendments shown in the text under their items.

use super::comment_threads::stance_buttons;
use super::discussion_markup::item_options;
use crate::i18n::Texts;
use crate::ids::DocumentId;
use crate::model::{AmendmentView, DecideOutcome, Discussion, ItemChoice};
use crate::server_fns::amendments::{DecideAmendment, ProposeAmendment};
use accord_domain::discussion::{Change, Decision, Fit, Piece, REASON_MAX};
use accord_domain::document::{ADDRESSEE_MAX, ITEM_MAX};
use accord_domain::State;
use maud::{html, Markup};
use server_fn::ServerFn;

fn kind_label(t: Texts, change: &Change) -> &'static str {
    match change {
        Change::Replace { .. } => t.amend_replace(),
        Change::Insert { .. } => t.amend_insert(),
        Change::Delete { .. } => t.amend_delete(),
    }
}

/// What the amendment does to the text, word by word.
fn proposal(a: &AmendmentView) -> Markup {
    html! {
        p.diff {
            @match &a.change {
                Change::Replace { .. } => {
                    @for piece in &a.diff {
                        @match piece {
                            Piece::Same(s) => span { (s) },
                            Piece::Added(s) => ins { (s) },
                            Piece::Removed(s) => del { (s) },
                        }
                    }
                },
                Change::Insert { text, addressee, .. } => {
                    ins { @if !addressee.is_empty() { (addressee) " " } (text) }
                },
                Change::Delete { .. } => del { (a.base) },
            }
        }
    }
}

/// Whether the amendment is shown in the text, under its item: in review (the text is read, not edited),
/// open, and its item still there.
pub(super) fn in_the_text(state: State, a: &AmendmentView) -> bool {
    state == State::Review && a.status == Decision::Open && !matches!(a.fit, Some(Fit::Gone))
}

/// The open amendments to `item`, shown in the text under it: the change word by word and, for an organiser,
/// accept and reject (`confirm`: the answer of the last «accept»). Their cards in the discussion link here.
pub fn amendments_in_text(t: Texts, d: &Discussion, item: &str, confirm: Option<&DecideOutcome>) -> Markup {
    html! {
        @for a in d.amendments.iter().filter(|a| in_the_text(d.state, a) && a.change.item().as_str() == item) {
            div.amendment-in-text id={ "amendment-in-" (a.id) } data-amendment=(a.id) data-key=(a.id) {
                p.meta {
                    a href={ "#amendment-" (a.id) } { (t.amendment()) " " (a.number) }
                    " · " (kind_label(t, &a.change)) " · " (a.author_name)
                }
                (proposal(a))
                @if d.can_decide { (decide_forms(t, a, confirm)) }
            }
        }
    }
}

/// What an amendment's card needs to know besides the amendment.
pub(super) struct CardContext<'a> {
    pub can_amend: bool,
    pub can_decide: bool,
    /// The answer of the last «accept», which may ask to confirm a wording.
    pub confirm: Option<&'a DecideOutcome>,
}

/// An amendment's card; `in_text`: shown in the text under its item (see `in_the_text`), where it is decided.
pub(super) fn amendment_card(t: Texts, a: &AmendmentView, in_text: bool, cx: &CardContext) -> Markup {
    let status = match a.status {
        Decision::Open => t.under_review(),
        Decision::Accepted => t.accepted(),
        Decision::Rejected => t.rejected(),
    };
    let open = a.status == Decision::Open;
    let stances = stance_buttons(t, "amendment", &a.id, (a.support, a.oppose), a.mine, cx.can_amend && open);
    html! {
        article class={ "amendment status-" (a.status.code()) } id={ "amendment-" (a.id) } data-amendment=(a.id) data-key=(a.id) {
            p.meta {
                strong { (t.amendment()) " " (a.number) } " · " (kind_label(t, &a.change)) " · " (a.item_label)
                " · " (a.author_name) " · " span.badge { (status) }
            }
            (proposal(a))
            p.justification { span.muted { (t.justification()) ": " } (a.justification) }
            @if !open {
                p.resolution-note { (a.decided_name) @if !a.reason.is_empty() { ": " (a.reason) } }
            }
            @if matches!(a.fit, Some(Fit::Gone)) { p.notice { (t.item_deleted()) } }
            (stances)
            @if in_text {
                p { a href={ "#amendment-in-" (a.id) } { (t.see_in_text()) } }
            } @else if cx.can_decide && open {
                (decide_forms(t, a, cx.confirm))
            }
        }
    }
}

/// Accept or reject; when the item changed since the amendment was written, the answer of the first
/// «accept» (`confirm`) shows the three texts and a field with the result to confirm.
fn decide_forms(t: Texts, a: &AmendmentView, confirm: Option<&DecideOutcome>) -> Markup {
    let url = DecideAmendment::url();
    html! {
        div.decide {
            form.inline action=(url) method="post" {
                input type="hidden" name="amendment" value=(a.id);
                input type="hidden" name="accept" value="true";
                button type="submit" { (t.accept()) }
            }
            form.inline.reject action=(url) method="post" {
                input type="hidden" name="amendment" value=(a.id);
                input type="hidden" name="accept" value="false";
                input name="reason" maxlength=(REASON_MAX) required placeholder=(t.reason()) aria-label=(t.reason());
                button.secondary.danger type="submit" { (t.reject()) }
            }
            @if let Some(DecideOutcome::Confirm { amendment, base, current, proposed }) = confirm {
                @if *amendment == a.id {
                    div.three-way role="alert" {
                        p { (t.item_changed()) }
                        dl {
                            dt { (t.base_text()) } dd { (base) }
                            dt { (t.current_text()) } dd { (current) }
                            dt { (t.proposed_text()) } dd { (proposed) }
                        }
                        form action=(url) method="post" {
                            input type="hidden" name="amendment" value=(amendment);
                            input type="hidden" name="accept" value="true";
                            input type="hidden" name="seen" value=(current);
                            label { (t.result_text()) textarea name="wording" rows="3" maxlength=(ITEM_MAX) { (proposed) } }
                            button type="submit" { (t.confirm_accept()) }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn amendment_form(t: Texts, doc_id: &DocumentId, items: &[ItemChoice]) -> Markup {
    html! {
        details.amendment-form {
            summary { (t.propose_amendment()) }
            form action=(ProposeAmendment::url()) method="post" {
                input type="hidden" name="id" value=(doc_id);
                label { (t.amendment_kind())
                    select name="kind" {
                        option value="replace" { (t.amend_replace()) }
                        option value="insert" { (t.amend_insert()) }
                        option value="delete" { (t.amend_delete()) }
                    }
                }
                label { (t.on_item()) select name="item" { (item_options(items, None)) } }
                label { (t.proposed_text()) textarea name="text" rows="3" maxlength=(ITEM_MAX) {} }
                label { (t.addressee()) input name="addressee" maxlength=(ADDRESSEE_MAX); }
                label { (t.justification()) textarea name="justification" rows="2" maxlength=(REASON_MAX) required {} }
                button type="submit" { (t.propose_amendment()) }
            }
        }
    }
}
