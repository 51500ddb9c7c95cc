//! Comments on a document: adding one (on an item, on words in it, as a reply or on an amendment), editing,
//! deleting, resolving and hiding it. Every change is checked against the caller's role and the document's
//! stage here, recorded in the audit log, and announced to the document's open pages.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use super::scope;
use crate::error::AppError;
use crate::ids::{AmendmentId, CommentId, DocumentId};
#[cfg(feature = "ssr")]
use crate::live_update::LiveUpdate;
#[cfg(feature = "ssr")]
use accord_domain::audit::AuditAction;
use leptos::prelude::*;

/// A comment on an item (the whole item, or the words `quote` seen at UTF-16 offset `start`), or a reply
/// to `parent`.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn add_comment(
    id: DocumentId,
    item: String,
    body: String,
    #[server(default)] quote: String,
    #[server(default)] start: String,
    #[server(default)] proposal: Option<String>,
    #[server(default)] parent: Option<CommentId>,
    #[server(default)] amendment: Option<AmendmentId>,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use crate::store::comments::NewComment;
            use accord_domain::discussion::comment_body;
            use accord_domain::ydoc::{anchor, Roots};
            use accord_domain::ItemId;
            use yrs::Transact;
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
                    use crate::services::discussion::{anchor_words, shared_doc};
                    let item_id = ItemId::parse(&item).ok_or(AppError::ItemGone)?;
                    let reading = super::context::rooms()?.read(&id).await?;
                    let shared = shared_doc(&reading)?;
                    let (found, quote) = if quote.is_empty() {
                        let (roots, txn) = (Roots::of(&shared), shared.transact());
                        anchor::item_text(&txn, &roots, &item_id).ok_or(AppError::ItemGone)?;
                        (None, quote)
                    } else {
                        let (found, stored) =
                            anchor_words(&shared, &item_id, start.trim().parse().unwrap_or(0), &quote)?;
                        (Some(found), stored)
                    };
                    (item_id.to_string(), quote, found)
                }
            };
            let new = NewComment {
                document: &id,
                item: &item,
                parent: parent.as_ref().map(|(p, _)| p),
                amendment: amendment.as_ref().map(|(a, _)| a),
                anchor: found.as_ref(),
                quote: &quote,
                body: &body,
                proposal: proposal.is_some() && parent.is_none() && amendment.is_none(),
            };
            let key = scope.store.add_comment(new, &user).await?;
            scope.audit(AuditAction::Comment, &key).await?;
            use crate::services::notices::{activity, logged, replied};
            logged(match &parent {
                Some((_, root)) => replied(&scope.store, &id, &key, &root.author, &user.id, &user.name, &body).await,
                None => {
                    let (what, summary) =
                        (crate::services::notices::Activity::Comment, format!("{}: {body}", user.name));
                    activity(&scope.store, &id, what, &key, &user.id, &summary).await
                }
            });
            scope.announce(LiveUpdate::Comments)
        }
        .await,
    )
}

/// The comment and the scope of its document, for a change by `action` rules.
#[cfg(feature = "ssr")]
async fn comment_in_scope(
    comment: &CommentId,
) -> Result<(scope::Scope, crate::store::comments::CommentRecord), AppError> {
    let store = super::context::store()?;
    let (document, record) = store.comment(comment).await?;
    Ok((scope::Scope::of(&document).await?, record))
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(comment = %comment)))]
pub async fn edit_comment(comment: CommentId, body: String) -> Result<(), AppError> {
    super::context::answer(
        async move {
            let (scope, record) = comment_in_scope(&comment).await?;
            let user = scope.require(scope.comment())?;
            if record.author != user.id || record.deleted || record.hidden {
                return Err(AppError::Forbidden);
            }
            let body = accord_domain::discussion::comment_body(&body)?;
            scope.store.edit_comment(&comment, &body).await?;
            scope.audit(AuditAction::CommentEdit, &comment).await?;
            scope.announce(LiveUpdate::Comments)
        }
        .await,
    )
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(comment = %comment)))]
pub async fn delete_comment(comment: CommentId) -> Result<(), AppError> {
    super::context::answer(
        async move {
            let (scope, record) = comment_in_scope(&comment).await?;
            let user = scope.require(scope.comment())?;
            if record.author != user.id || record.deleted {
                return Err(AppError::Forbidden);
            }
            scope.store.delete_comment(&comment).await?;
            scope.audit(AuditAction::CommentDelete, &comment).await?;
            scope.announce(LiveUpdate::Comments)
        }
        .await,
    )
}

/// Resolves (or reopens) a thread: its author or an organiser. For a proposal, `taken` is "yes" or "no"
/// (the organiser's decision for the summary) and `note` the reason.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(comment = %comment)))]
pub async fn resolve_comment(
    comment: CommentId,
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
            scope
                .audit(if resolved { AuditAction::CommentResolve } else { AuditAction::CommentReopen }, &comment)
                .await?;
            scope.announce(LiveUpdate::Comments)
        }
        .await,
    )
}

/// Hides an abusive comment from everyone; the words stay in the store and the audit log.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(comment = %comment)))]
pub async fn hide_comment(comment: CommentId) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::Action;
            let (scope, record) = comment_in_scope(&comment).await?;
            scope.require(Action::Decide(scope.row.state))?;
            scope.store.hide_comment(&comment).await?;
            scope.audit(AuditAction::CommentHide, &format!("{comment}: {}", record.body)).await?;
            scope.announce(LiveUpdate::Comments)
        }
        .await,
    )
}
