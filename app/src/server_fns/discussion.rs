//! What the discussion of a document reads: the panel's comments, amendments and rights, and its «сводка
//! предложений». The changes live by resource: `comments`, `stances`, `amendments`, `stages`.

#[cfg(feature = "ssr")]
use super::scope;
use crate::error::AppError;
use crate::ids::DocumentId;
use crate::model::{Discussion, Summary};
use leptos::prelude::*;

/// None for a reader of a public document who takes no part in its event: the discussion is the members'.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn get_discussion(id: DocumentId) -> Result<Option<Discussion>, AppError> {
    super::context::answer(discussion(&id, true).await.map(|d| d.map(|(d, _)| d)))
}

/// The discussion of the document `id` as its caller may see it, and the document's event; `mark_read`: the
/// caller has now read what was new to them (the panel shows it; the text, which only marks words, does not).
#[cfg(feature = "ssr")]
pub(super) async fn discussion(
    id: &DocumentId,
    mark_read: bool,
) -> Result<Option<(Discussion, crate::ids::EventId)>, AppError> {
    use crate::services::discussion as views;
    use accord_domain::{allows, Action};
    let scope = scope::Scope::of(id).await?;
    if scope.caller.role.is_none() {
        return Ok(None);
    }
    let rooms = super::context::rooms()?;
    let reading = rooms.read(id).await?;
    let shared = views::shared_doc(&reading)?;
    let items = views::item_choices(&reading.document);
    let lang = super::context::lang();
    let me = scope.user.as_ref().map(|u| &u.id);
    let organiser = allows(scope.caller, Action::ManageEvent);
    let comments = scope.store.comments_of(id).await?;
    let amendments = scope.store.amendments_of(id).await?;
    let unread = match me {
        Some(me) if scope.caller.role.is_some() => {
            let n = scope.store.unread(me, id).await?;
            if mark_read {
                scope.store.mark_read(me, id).await?;
            }
            n
        }
        _ => 0,
    };
    let discussion = Discussion {
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
    };
    Ok(Some((discussion, scope.row.event_id.clone())))
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn get_summary(id: DocumentId) -> Result<Summary, AppError> {
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
