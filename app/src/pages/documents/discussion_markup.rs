//! The discussion panel's body as HTML, written by the server (`server_fns::workspace::workspace_html`):
//! the stage controls, the comment threads, the amendments and their forms, and the open amendments shown in
//! the text under their items. Plain forms to the server functions' URLs: they post without JavaScript, and
//! through the panel's actions once the page is hydrated (`discussion_panel`).

use super::amendments::{amendment_card, amendment_form, amendments_in_text, in_the_text, CardContext};
use super::comment_threads::{amendment_comment_form, comment_form, thread, ThreadContext};
use super::stage_controls::{stage_markup, Stage};
use crate::i18n::Texts;
use crate::ids::{DocumentId, EventId};
use crate::model::{CommentView, DecideOutcome, Discussion, Html, ItemChoice};
use accord_domain::discussion::Decision;
use accord_domain::State;
use maud::{html, Markup};

/// One answer of the discussion and what the panel shows it with.
pub struct Page<'a> {
    pub d: &'a Discussion,
    pub doc_id: &'a DocumentId,
    pub event_id: &'a EventId,
    /// What was unread when the page opened.
    pub unread: u32,
    /// The answer of the last «accept», which may ask to confirm a wording.
    pub confirm: Option<&'a DecideOutcome>,
}

pub fn body_markup(t: Texts, page: &Page) -> Markup {
    let (d, doc_id, confirm) = (page.d, page.doc_id, page.confirm);
    // In the order of the text, so that in the margin each thread can stand beside its item.
    let order = |c: &&CommentView| d.items.iter().position(|i| i.id == c.item).unwrap_or(usize::MAX);
    let mut roots: Vec<&CommentView> =
        d.comments.iter().filter(|c| c.parent.is_none() && c.amendment.is_none()).collect();
    roots.sort_by_key(order);
    let replies = |root: &CommentView| -> Vec<&CommentView> {
        d.comments.iter().filter(|c| c.parent.as_ref() == Some(&root.id)).collect()
    };
    let threads = ThreadContext { doc_id, can_comment: d.can_comment, can_decide: d.can_decide };
    let cards = CardContext { can_amend: d.can_amend, can_decide: d.can_decide, confirm };
    let open_amendments = d.amendments.iter().filter(|a| a.status == Decision::Open).count();
    let stage =
        Stage { state: d.state, doc_id, event_id: page.event_id, observers: d.observers_comment, open_amendments };
    let amendable: Vec<ItemChoice> = d.items.iter().filter(|i| i.amendable).cloned().collect();
    html! {
        div.discussion-head {
            @if page.unread > 0 { span.badge.unread { (page.unread) " " (t.unread()) } }
            a href={ "/documents/" (doc_id) "/summary" } { (t.summary()) }
        }
        @if d.manage { div.stage-controls { (stage_markup(t, &stage)) } }
        @if d.can_comment { (comment_form(t, doc_id, &d.items)) }
        h3 { (t.comments()) }
        @if d.comments.is_empty() { p.muted { (t.no_comments()) } }
        div.threads { @for root in &roots { (thread(t, root, &replies(root), &threads)) } }
        @if d.state == State::Review || !d.amendments.is_empty() {
            h3 { (t.amendments()) }
            @if d.can_amend { (amendment_form(t, doc_id, &amendable)) }
            @if d.amendments.is_empty() { p.muted { (t.no_amendments()) } }
            div.amendments {
                @for a in &d.amendments {
                    (amendment_card(t, a, in_the_text(d.state, a), &cards))
                    div.amendment-threads data-key={ "threads-" (a.id) } {
                        @for root in d.comments.iter().filter(|c| c.parent.is_none() && c.amendment.as_ref() == Some(&a.id)) {
                            (thread(t, root, &replies(root), &threads))
                        }
                        @if d.can_comment { (amendment_comment_form(t, doc_id, a)) }
                    }
                }
            }
        }
    }
}

/// The open amendments shown in the text, by the item they stand under.
pub fn in_text(t: Texts, d: &Discussion, confirm: Option<&DecideOutcome>) -> Vec<(String, Html)> {
    let mut items: Vec<String> =
        d.amendments.iter().filter(|a| in_the_text(d.state, a)).map(|a| a.change.item().to_string()).collect();
    items.sort();
    items.dedup();
    items.into_iter().map(|item| (amendments_in_text(t, d, &item, confirm).into(), item)).map(|(h, i)| (i, h)).collect()
}

pub(super) fn item_options(items: &[ItemChoice], selected: Option<&str>) -> Markup {
    html! {
        @for c in items { option value=(c.id) selected[Some(c.id.as_str()) == selected] { (c.label) } }
    }
}
