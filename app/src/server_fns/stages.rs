//! The stage of a document: the organiser's moves between drafting, review and voting, and the freezing of
//! the text as a numbered version on entering voting.

#[cfg(feature = "ssr")]
use super::scope;
use crate::error::AppError;
use crate::ids::DocumentId;
#[cfg(feature = "ssr")]
use crate::live_update::LiveUpdate;
#[cfg(feature = "ssr")]
use accord_domain::audit::AuditAction;
use leptos::prelude::*;

/// Moves a document drafting → review → voting, review back to drafting, or voting back to review while no
/// ballot is open; `confirm` is the form's confirmation box. Entering voting freezes the text as the next
/// numbered version. Adoption and rejection come only from a ballot on the whole document.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn change_stage(
    id: DocumentId,
    to: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::{Action, Mover, State};
            let scope = scope::Scope::of(&id).await?;
            let user = scope.require(Action::ManageEvent)?.clone();
            let to = State::from_code(&to).ok_or(AppError::invalid("state", accord_domain::text::Problem::Unknown))?;
            let from = scope.row.state;
            let step = from.move_to(to, Mover::Organiser).map_err(|_| AppError::NotEditable(from))?;
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
                let moved = scope.store.freeze(&id, step, &frozen, row.revision, &user.name).await?;
                if moved {
                    scope.audit(AuditAction::Version, &format!("{id}: №{number} sha256 {}", frozen.sha256)).await?;
                }
                moved
            } else {
                scope.store.set_state(&id, step).await?
            };
            if !moved {
                // Refused (moved meanwhile, or the text moved past what was frozen): typing goes on if the draft
                // is still in drafting.
                if from == State::Drafting && scope.store.document(&id).await?.state == State::Drafting {
                    rooms.set_editable(&id, true).await;
                }
                return Err(AppError::Conflict);
            }
            if to == State::Drafting {
                rooms.set_editable(&id, true).await;
            }
            scope.audit(AuditAction::Stage, &format!("{id}: {} → {}", from.code(), to.code())).await?;
            scope.announce(LiveUpdate::Stage)
        }
        .await,
    )
}
