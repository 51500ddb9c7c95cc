//! Comments, amendments, the stage of a document and its «сводка предложений». Every change is checked
//! against the caller's role and the document's stage here, recorded in the audit log, and announced to the
//! document's open pages.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use super::scope;
use crate::error::AppError;
use crate::model::{DecideOutcome, Discussion, Summary};
use leptos::prelude::*;

/// None for a reader of a public document who takes no part in its event: the discussion is the members'.
#[server]
pub async fn get_discussion(id: String) -> Result<Option<Discussion>, AppError> {
    super::context::answer(
        async move {
            use crate::services::discussion as views;
            use accord_domain::{allows, Action};
            let scope = scope::Scope::of(&id).await?;
            if scope.caller.role.is_none() {
                return Ok(None);
            }
            let rooms = super::context::rooms()?;
            let reading = rooms.read(&id).await?;
            let shared = views::shared_doc(&reading)?;
            let items = views::item_choices(&reading.document);
            let lang = super::context::lang();
            let me = scope.user.as_ref().map(|u| u.id.as_str());
            let organiser = allows(scope.caller, Action::ManageEvent);
            let comments = scope.store.comments_of(&id).await?;
            let amendments = scope.store.amendments_of(&id).await?;
            let unread = match me {
                Some(me) if scope.caller.role.is_some() => {
                    let n = scope.store.unread(me, &id).await?;
                    scope.store.mark_read(me, &id).await?;
                    n
                }
                _ => 0,
            };
            Ok(Some(Discussion {
                state: scope.row.state,
                comments: views::comment_views(comments, &shared, &items, me, organiser, lang),
                amendments: views::amendment_views(amendments, &reading.document, &items, me, lang),
                items,
                can_comment: allows(scope.caller, scope.comment()),
                can_amend: allows(scope.caller, Action::Amend(scope.row.state)),
                can_decide: allows(scope.caller, Action::Decide(scope.row.state)),
                manage: organiser,
                observers_comment: scope.observers,
                unread,
            }))
        }
        .await,
    )
}

/// A comment on an item (the whole item, or the words `quote` seen at UTF-16 offset `start`), or a reply
/// to `parent`.
#[server]
pub async fn add_comment(
    id: String,
    item: String,
    body: String,
    #[server(default)] quote: String,
    #[server(default)] start: String,
    #[server(default)] proposal: Option<String>,
    #[server(default)] parent: Option<String>,
    #[server(default)] amendment: Option<String>,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use crate::store::comments::NewComment;
            use accord_domain::discussion::{comment_body, locate_quote};
            use accord_domain::ydoc::{anchor, Roots};
            use accord_domain::ItemId;
            use yrs::{GetString, Transact};
            let scope = scope::Scope::of(&id).await?;
            let user = scope.require(scope.comment())?.clone();
            let body = comment_body(&body)?;
            let parent = match parent.filter(|p| !p.is_empty()) {
                Some(p) => {
                    let (document, root) = scope.store.comment(&p).await?;
                    if document != id || root.parent.is_some() {
                        return Err(AppError::NotFound);
                    }
                    Some((p, root))
                }
                None => None,
            };
            let amendment = match amendment.filter(|a| !a.is_empty() && parent.is_none()) {
                Some(a) => {
                    let (document, record) = scope.store.amendment(&a).await?;
                    if document != id {
                        return Err(AppError::NotFound);
                    }
                    Some((a, record))
                }
                None => None,
            };
            let (item, quote, found) = match (&parent, &amendment) {
                (Some((_, root)), _) => (root.item.clone(), String::new(), None),
                (None, Some((_, record))) => (record.change.item().to_string(), String::new(), None),
                (None, None) => {
                    let item_id = ItemId::parse(&item).ok_or(AppError::ItemGone)?;
                    let reading = super::context::rooms()?.read(&id).await?;
                    let shared = crate::services::discussion::shared_doc(&reading)?;
                    let roots = Roots::of(&shared);
                    let txn = shared.transact();
                    let text = anchor::item_text(&txn, &roots, &item_id).ok_or(AppError::ItemGone)?;
                    let found = if quote.is_empty() {
                        None
                    } else {
                        let start = start.trim().parse().unwrap_or(0);
                        let (s, e) = locate_quote(&text.get_string(&txn), start, &quote).ok_or(AppError::QuoteMoved)?;
                        Some(anchor::anchor(&txn, &roots, &item_id, s, e).ok_or(AppError::QuoteMoved)?)
                    };
                    (item_id.to_string(), quote, found)
                }
            };
            let new = NewComment {
                document: &id,
                item: &item,
                parent: parent.as_ref().map(|(p, _)| p.as_str()),
                amendment: amendment.as_ref().map(|(a, _)| a.as_str()),
                anchor: found.as_ref(),
                quote: &quote,
                body: &body,
                proposal: proposal.is_some() && parent.is_none() && amendment.is_none(),
            };
            let key = scope.store.add_comment(new, &user).await?;
            scope.audit("comment", &key).await?;
            scope.announce("comments")
        }
        .await,
    )
}

/// The comment and the scope of its document, for a change by `action` rules.
#[cfg(feature = "ssr")]
async fn comment_in_scope(comment: &str) -> Result<(scope::Scope, crate::store::comments::CommentRecord), AppError> {
    let store = super::context::store()?;
    let (document, record) = store.comment(comment).await?;
    Ok((scope::Scope::of(&document).await?, record))
}

#[server]
pub async fn edit_comment(comment: String, body: String) -> Result<(), AppError> {
    super::context::answer(
        async move {
            let (scope, record) = comment_in_scope(&comment).await?;
            let user = scope.require(scope.comment())?;
            if record.author != user.id || record.deleted || record.hidden {
                return Err(AppError::Forbidden);
            }
            let body = accord_domain::discussion::comment_body(&body)?;
            scope.store.edit_comment(&comment, &body).await?;
            scope.audit("comment_edit", &comment).await?;
            scope.announce("comments")
        }
        .await,
    )
}

#[server]
pub async fn delete_comment(comment: String) -> Result<(), AppError> {
    super::context::answer(
        async move {
            let (scope, record) = comment_in_scope(&comment).await?;
            let user = scope.require(scope.comment())?;
            if record.author != user.id || record.deleted {
                return Err(AppError::Forbidden);
            }
            scope.store.delete_comment(&comment).await?;
            scope.audit("comment_delete", &comment).await?;
            scope.announce("comments")
        }
        .await,
    )
}

/// Resolves (or reopens) a thread: its author or an organiser. For a proposal, `taken` is "yes" or "no"
/// (the organiser's decision for the summary) and `note` the reason.
#[server]
pub async fn resolve_comment(
    comment: String,
    resolved: bool,
    #[server(default)] taken: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::{allows, Action};
            let (scope, record) = comment_in_scope(&comment).await?;
            let user = scope.require(scope.comment())?.clone();
            let organiser = allows(scope.caller, Action::Decide(scope.row.state));
            if (record.author != user.id && !organiser) || record.parent.is_some() || record.deleted || record.hidden {
                return Err(AppError::Forbidden);
            }
            let taken = match taken.as_str() {
                "yes" if organiser && resolved => Some(true),
                "no" if organiser && resolved => Some(false),
                _ => None,
            };
            let note =
                if note.trim().is_empty() { String::new() } else { accord_domain::discussion::reason("note", &note)? };
            scope.store.resolve_comment(&comment, resolved, taken, &note, &user.name).await?;
            scope.audit(if resolved { "comment_resolve" } else { "comment_reopen" }, &comment).await?;
            scope.announce("comments")
        }
        .await,
    )
}

/// Hides an abusive comment from everyone; the words stay in the store and the audit log.
#[server]
pub async fn hide_comment(comment: String) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::Action;
            let (scope, record) = comment_in_scope(&comment).await?;
            scope.require(Action::Decide(scope.row.state))?;
            scope.store.hide_comment(&comment).await?;
            scope.audit("comment_hide", &format!("{comment}: {}", record.body)).await?;
            scope.announce("comments")
        }
        .await,
    )
}

/// «Поддерживаю» / «не поддерживаю» (`stance`: support, oppose, or none to withdraw) on a comment or an
/// amendment (`kind`).
#[server]
pub async fn set_stance(kind: String, subject: String, stance: String) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::discussion::Stance;
            use accord_domain::Action;
            let store = super::context::store()?;
            let document = match kind.as_str() {
                "comment" => store.comment(&subject).await?.0,
                "amendment" => store.amendment(&subject).await?.0,
                _ => return Err(AppError::NotFound),
            };
            let scope = scope::Scope::of(&document).await?;
            let action = if kind == "comment" { scope.comment() } else { Action::Amend(scope.row.state) };
            let user = scope.require(action)?;
            let stance = match stance.as_str() {
                "none" => None,
                code => Some(
                    Stance::from_code(code)
                        .ok_or(AppError::invalid("stance", accord_domain::text::Problem::Unknown))?,
                ),
            };
            scope.store.set_stance(&kind, &subject, &user.id, stance).await?;
            scope.announce(if kind == "comment" { "comments" } else { "amendments" })
        }
        .await,
    )
}

/// Proposes an amendment: `kind` replace (new `text` of `item`), insert (a new item with `text` and
/// `addressee` after `item`) or delete (`item`), with a justification.
#[server]
pub async fn propose_amendment(
    id: String,
    kind: String,
    item: String,
    #[server(default)] text: String,
    #[server(default)] addressee: String,
    justification: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::discussion::{reason, Change};
            use accord_domain::{Action, ItemId};
            let scope = scope::Scope::of(&id).await?;
            let user = scope.require(Action::Amend(scope.row.state))?.clone();
            let item = ItemId::parse(&item).ok_or(AppError::ItemGone)?;
            let change = match kind.as_str() {
                "replace" => Change::Replace { item, text },
                "insert" => Change::Insert { after: item, text, addressee },
                "delete" => Change::Delete { item },
                _ => return Err(AppError::invalid("kind", accord_domain::text::Problem::Unknown)),
            };
            let justification = reason("justification", &justification)?;
            let reading = super::context::rooms()?.read(&id).await?;
            let (change, base) = change.validate(&reading.document)?;
            let key = scope.store.add_amendment(&id, &change, &base, &justification, &user).await?;
            scope.audit("amendment", &key).await?;
            scope.announce("amendments")
        }
        .await,
    )
}

/// Accepts or rejects an amendment. Accepting applies it to the text in one step; if the item changed
/// since it was written, the answer is `Confirm` with the three texts, and the organiser accepts again with
/// `wording` (the result) and `seen` (the current text they compared against).
#[server]
pub async fn decide_amendment(
    amendment: String,
    accept: bool,
    #[server(default)] reason: String,
    #[server(default)] wording: Option<String>,
    #[server(default)] seen: Option<String>,
) -> Result<DecideOutcome, AppError> {
    super::context::answer(
        async move {
            use accord_domain::discussion::{Change, Decision, Fit};
            use accord_domain::Action;
            let store = super::context::store()?;
            let (document, record) = store.amendment(&amendment).await?;
            let scope = scope::Scope::of(&document).await?;
            let user = scope.require(Action::Decide(scope.row.state))?.clone();
            if scope.row.state != accord_domain::State::Review {
                return Err(AppError::NotEditable(scope.row.state));
            }
            if record.status != Decision::Open {
                return Err(AppError::AlreadyDecided);
            }
            if !accept {
                let reason = accord_domain::discussion::reason("reason", &reason)?;
                if !store.decide_amendment(&amendment, Decision::Rejected, &reason, &user.name, None).await? {
                    return Err(AppError::AlreadyDecided);
                }
                scope.audit("amendment_reject", &amendment).await?;
                scope.announce("amendments")?;
                return Ok(DecideOutcome::Done);
            }
            let rooms = super::context::rooms()?;
            let reading = rooms.read(&document).await?;
            let wording = match (record.change.check(&reading.document, &record.base), &record.change) {
                (Fit::Gone, _) => return Err(AppError::ItemGone),
                (Fit::Same, _) => None,
                (Fit::Changed { current }, Change::Replace { text, .. }) => match (&wording, &seen) {
                    (Some(w), Some(seen)) if seen == &current => Some(w.clone()),
                    _ => {
                        return Ok(DecideOutcome::Confirm {
                            base: record.base.clone(),
                            current,
                            proposed: text.clone(),
                        })
                    }
                },
                // A deletion of an item whose words changed: the organiser confirms they still want it gone.
                (Fit::Changed { current }, _) => match &seen {
                    Some(seen) if seen == &current => None,
                    _ => {
                        return Ok(DecideOutcome::Confirm {
                            base: record.base.clone(),
                            current,
                            proposed: String::new(),
                        })
                    }
                },
            };
            let change = record.change.clone();
            let applied = wording.clone();
            // The room applies it against the text as it is then, with the same check: nothing blind.
            let base = record.base.clone();
            let expected = reading.seq;
            rooms
                .edit(&document, Some(expected), Some(&user.id), move |doc| {
                    let mut rng = fastrand::Rng::new();
                    match (change.check(&doc, &base), &applied) {
                        (Fit::Gone, _) => Err(AppError::ItemGone),
                        _ => Ok(change.apply(doc, applied.as_deref(), &mut rng)?),
                    }
                })
                .await?;
            let result = wording.unwrap_or_else(|| record.change.text().to_string());
            let reason = reason.trim().to_string();
            if !store.decide_amendment(&amendment, Decision::Accepted, &reason, &user.name, Some(&result)).await? {
                return Err(AppError::AlreadyDecided);
            }
            scope.audit("amendment_accept", &amendment).await?;
            scope.announce("amendments")?;
            Ok(DecideOutcome::Done)
        }
        .await,
    )
}

/// Moves a document drafting → review → voting, review back to drafting, or voting back to review while no
/// ballot is open; `confirm` is the form's confirmation box. Entering voting freezes the text as the next
/// numbered version. Adoption and rejection come only from a ballot on the whole document.
#[server]
pub async fn change_stage(id: String, to: String, #[server(default)] confirm: Option<String>) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::{Action, State};
            let scope = scope::Scope::of(&id).await?;
            let user = scope.require(Action::ManageEvent)?.clone();
            let to = State::from_code(&to).ok_or(AppError::invalid("state", accord_domain::text::Problem::Unknown))?;
            let from = scope.row.state;
            let allowed = matches!(
                (from, to),
                (State::Drafting, State::Review)
                    | (State::Review, State::Drafting | State::Voting)
                    | (State::Voting, State::Review)
            );
            if !allowed {
                return Err(AppError::NotEditable(from));
            }
            if from == State::Voting && scope.store.ballots_of(&id).await?.iter().any(|b| b.is_open()) {
                return Err(AppError::BallotOpen);
            }
            if confirm.as_deref().is_none_or(str::is_empty) {
                return Err(AppError::NotConfirmed);
            }
            let rooms = super::context::rooms()?;
            if to != State::Drafting {
                rooms.set_editable(&id, false).await;
            }
            let moved = if to == State::Voting {
                let mut row = scope.row.clone();
                let doc = crate::services::current_document(&rooms, &mut row).await?;
                let number = scope.store.versions(&id).await?.last().map_or(1, |v| v.number + 1);
                let frozen = accord_domain::version::freeze(&doc, number);
                let moved = scope.store.freeze(&id, &frozen, &user.name).await?;
                if moved {
                    scope.audit("version", &format!("{id}: №{number} sha256 {}", frozen.sha256)).await?;
                }
                moved
            } else {
                scope.store.set_state(&id, from, to).await?
            };
            if !moved {
                return Err(AppError::Conflict);
            }
            if to == State::Drafting {
                rooms.set_editable(&id, true).await;
            }
            scope.audit("stage", &format!("{id}: {} → {}", from.code(), to.code())).await?;
            scope.announce("stage")
        }
        .await,
    )
}

#[server]
pub async fn set_observers_comment(event: String, #[server(default)] allowed: Option<String>) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::Action;
            super::context::authorize(&event, Action::ManageEvent).await?;
            let store = super::context::store()?;
            let allowed = allowed.is_some();
            store.set_observers_comment(&event, allowed).await?;
            let user = super::context::current_user().await?;
            store.record(user.as_ref(), Some(&event), "observers_comment", if allowed { "on" } else { "off" }).await
        }
        .await,
    )
}

#[server]
pub async fn get_summary(id: String) -> Result<Summary, AppError> {
    super::context::answer(
        async move {
            let scope = scope::Scope::of(&id).await?;
            crate::services::discussion::summary_of(
                &scope.store,
                &super::context::rooms()?,
                &scope.row,
                super::context::lang(),
            )
            .await
        }
        .await,
    )
}
