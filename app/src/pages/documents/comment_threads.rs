//! Comment threads, written as HTML (`components::markup`): a thread with its quote, replies and resolution,
//! one comment's body with its history and its author's edit and delete forms, the forms that add a comment
//! (on an item, the selected words, or an amendment), the stance buttons (shared with amendments) and the
//! organiser's hide form. Lighting a thread (its classes `lit` and `sheet`) and closing its sheet are the
//! browser's (`components::marks`, `discussion_panel`).

use super::discussion_markup::item_options;
use crate::i18n::Texts;
use crate::ids::DocumentId;
use crate::model::{AmendmentView, CommentView, ItemChoice};
use crate::server_fns::comments::{AddComment, DeleteComment, EditComment, HideComment, ResolveComment};
use crate::server_fns::stances::SetStance;
use accord_domain::discussion::{Stance, COMMENT_MAX, REASON_MAX};
use maud::{html, Markup};
use server_fn::ServerFn;

/// The form that adds a comment on an item, or on words picked in the text. Which words are picked is the
/// browser's: it fills in the hidden fields, the item, the words shown and the button's label at once
/// (`discussion_panel::offer_picked`), so the form is written without them.
pub(super) fn comment_form(t: Texts, doc_id: &DocumentId, items: &[ItemChoice]) -> Markup {
    html! {
        form.comment-form action=(AddComment::url()) method="post" {
            input type="hidden" name="id" value=(doc_id);
            input type="hidden" name="quote" value="";
            input type="hidden" name="start" value="";
            label { (t.on_item()) select name="item" required { (item_options(items, None)) } }
            p.picked hidden {
                (t.selected_words()) ": " q {} " "
                button.link type="button" data-clear-picked { (t.clear_selection()) }
            }
            label { (t.comment()) textarea name="body" rows="3" maxlength=(COMMENT_MAX) required {} }
            label.check { input type="checkbox" name="proposal" value="on"; (t.is_proposal()) }
            button type="submit" data-label=(t.add_comment()) data-picked-label=(t.comment_selection()) { (t.add_comment()) }
        }
    }
}

pub(super) fn stance_buttons(
    t: Texts,
    kind: &str,
    subject: &str,
    (support, oppose): (u32, u32),
    mine: Option<Stance>,
    enabled: bool,
) -> Markup {
    let button = |stance: Stance, label: &str, count: u32| {
        let chosen = mine == Some(stance);
        html! {
            form.inline.stance action=(SetStance::url()) method="post" {
                input type="hidden" name="kind" value=(kind);
                input type="hidden" name="subject" value=(subject);
                input type="hidden" name="stance" value=(if chosen { "none" } else { stance.code() });
                button type="submit" class={ "stance-" (stance.code()) } aria-pressed=(chosen) disabled[!enabled] {
                    (label) " " span.count { (count) }
                }
            }
        }
    };
    html! {
        div.stances {
            (button(Stance::Support, t.support(), support))
            (button(Stance::Oppose, t.oppose(), oppose))
        }
    }
}

/// What a thread needs to know besides its comments.
pub(super) struct ThreadContext<'a> {
    pub doc_id: &'a DocumentId,
    pub can_comment: bool,
    pub can_decide: bool,
}

pub(super) fn thread(t: Texts, root: &CommentView, replies: &[&CommentView], cx: &ThreadContext) -> Markup {
    let mut class = String::from("thread");
    for (on, name) in [(root.resolved, " resolved"), (root.proposal, " proposal")] {
        if on {
            class.push_str(name);
        }
    }
    let decision = match root.taken {
        Some(true) => t.taken(),
        Some(false) => t.not_taken(),
        None => t.resolved(),
    };
    let reopen = !root.resolved;
    html! {
        article class=(class) data-comment=(root.id) data-item=(root.item) data-key=(root.id) {
            button.link.close-sheet type="button" { (t.close()) }
            p.thread-item {
                (t.on_item()) " " (root.item_label)
                @if root.proposal { " · " span.badge { (t.proposal()) } }
            }
            @if !root.quote.is_empty() {
                @if root.removed {
                    p.quote.removed { (t.about_removed()) " " del { (root.quote) } }
                } @else {
                    blockquote.quote { (root.quote) }
                }
            }
            (comment_body(t, root, cx))
            @if root.resolved {
                p.resolution-note {
                    strong { (decision) } " (" (root.resolved_name) ")"
                    @if !root.note.is_empty() { ": " (root.note) }
                }
            }
            div.replies { @for c in replies { (comment_body(t, c, cx)) } }
            div.thread-tools {
                @if root.can_resolve && cx.can_comment {
                    form.resolve-form action=(ResolveComment::url()) method="post" {
                        input type="hidden" name="comment" value=(root.id);
                        input type="hidden" name="resolved" value=(reopen);
                        @if cx.can_decide && root.proposal && reopen {
                            select name="taken" aria-label=(t.decision()) {
                                option value="yes" { (t.taken()) }
                                option value="no" { (t.not_taken()) }
                            }
                            input name="note" maxlength=(REASON_MAX) placeholder=(t.note()) aria-label=(t.note());
                        }
                        button.secondary type="submit" { (if reopen { t.resolve() } else { t.reopen() }) }
                    }
                }
                @if cx.can_decide { (hide_form(t, root)) }
            }
            @if cx.can_comment && !root.deleted && !root.hidden {
                details.reply {
                    summary { (t.reply()) }
                    form action=(AddComment::url()) method="post" {
                        input type="hidden" name="id" value=(cx.doc_id);
                        input type="hidden" name="item" value=(root.item);
                        input type="hidden" name="parent" value=(root.id);
                        textarea name="body" rows="2" maxlength=(COMMENT_MAX) required aria-label=(t.reply()) {}
                        button type="submit" { (t.reply()) }
                    }
                }
            }
        }
    }
}

/// A comment on an amendment: its thread shows under the amendment.
pub(super) fn amendment_comment_form(t: Texts, doc_id: &DocumentId, a: &AmendmentView) -> Markup {
    html! {
        details.reply.amendment-comment {
            summary { (t.add_comment()) }
            form action=(AddComment::url()) method="post" {
                input type="hidden" name="id" value=(doc_id);
                input type="hidden" name="item" value=(a.change.item());
                input type="hidden" name="amendment" value=(a.id);
                textarea name="body" rows="2" maxlength=(COMMENT_MAX) required aria-label=(t.comment()) {}
                button type="submit" { (t.add_comment()) }
            }
        }
    }
}

fn hide_form(t: Texts, c: &CommentView) -> Markup {
    html! {
        @if !c.hidden && !c.deleted {
            form.inline action=(HideComment::url()) method="post" {
                input type="hidden" name="comment" value=(c.id);
                button.secondary.danger type="submit" { (t.hide()) }
            }
        }
    }
}

fn comment_body(t: Texts, c: &CommentView, cx: &ThreadContext) -> Markup {
    if c.deleted || c.hidden {
        let note = if c.hidden { t.hidden_comment() } else { t.deleted_comment() };
        return html! { div.comment.tombstone data-key=(c.id) { p.muted { (note) } } };
    }
    let stances = stance_buttons(t, "comment", &c.id, (c.support, c.oppose), c.mine, cx.can_comment);
    html! {
        div.comment data-comment=(c.id) data-key=(c.id) {
            p.meta {
                strong { (c.author_name) } " · " time { (c.created_at) }
                @if c.edited { " · " span.muted { (t.edited()) } }
            }
            p.body { (c.body) }
            @if !c.history.is_empty() {
                details.history {
                    summary { (t.earlier_wordings()) }
                    ul { @for w in &c.history { li { time { (w.at) } " " (w.body) } } }
                }
            }
            (stances)
            @if c.own && cx.can_comment {
                details.edit-comment {
                    summary { (t.edit_comment()) }
                    form action=(EditComment::url()) method="post" {
                        input type="hidden" name="comment" value=(c.id);
                        textarea name="body" rows="3" maxlength=(COMMENT_MAX) required aria-label=(t.comment()) { (c.body) }
                        button type="submit" { (t.save()) }
                    }
                }
                form.inline action=(DeleteComment::url()) method="post" {
                    input type="hidden" name="comment" value=(c.id);
                    button.secondary.danger type="submit" { (t.delete_comment()) }
                }
            }
        }
    }
}
