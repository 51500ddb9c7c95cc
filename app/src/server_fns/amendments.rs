//! Amendments to a document: proposing one, and the organiser's decision, which applies an accepted one to
//! the text through the document's room. Every change is checked against the caller's role and the
//! document's stage, recorded in the audit log, and announced to the document's open pages.

#[cfg(feature = "ssr")]
use super::scope;
use crate::error::AppError;
use crate::ids::{AmendmentId, DocumentId};
#[cfg(feature = "ssr")]
use crate::live_update::LiveUpdate;
use crate::model::DecideOutcome;
#[cfg(feature = "ssr")]
use accord_domain::audit::AuditAction;
use leptos::prelude::*;

/// Proposes an amendment: `kind` replace (new `text` of `item`), insert (a new item with `text` and
/// `addressee` after `item`) or delete (`item`), with a justification.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn propose_amendment(
    id: DocumentId,
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
            let reading = super::context::rooms()?.read_document(&id).await?;
            let (change, base) = change.validate(&reading.document)?;
            let key = scope.store.add_amendment(&id, &change, &base, &justification, &user).await?;
            scope.audit(AuditAction::Amendment, &key).await?;
            let summary = format!("{}: {} {}", user.name, change.text(), justification).trim().to_string();
            crate::services::notices::logged(
                crate::services::notices::activity(
                    &scope.store,
                    &id,
                    crate::services::notices::Activity::Amendment,
                    &key,
                    &user.id,
                    &summary,
                )
                .await,
            );
            scope.announce(LiveUpdate::Amendments)
        }
        .await,
    )
}

/// Accepts or rejects an amendment. Accepting applies it to the text in one step; if the item changed
/// since it was written, the answer is `Confirm` with the three texts, and the organiser accepts again with
/// `wording` (the result) and `seen` (the current text they compared against).
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(amendment = %amendment)))]
pub async fn decide_amendment(
    amendment: AmendmentId,
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
                scope.audit(AuditAction::AmendmentReject, &amendment).await?;
                scope.announce(LiveUpdate::Amendments)?;
                return Ok(DecideOutcome::Done);
            }
            let rooms = super::context::rooms()?;
            let reading = rooms.read_document(&document).await?;
            let wording = match (record.change.check(&reading.document, &record.base), &record.change) {
                (Fit::Gone, _) => return Err(AppError::ItemGone),
                (Fit::Same, _) => None,
                (Fit::Changed { current }, Change::Replace { text, .. }) => match (&wording, &seen) {
                    (Some(w), Some(seen)) if seen == &current => Some(w.clone()),
                    _ => {
                        return Ok(DecideOutcome::Confirm {
                            amendment: amendment.clone(),
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
                            amendment: amendment.clone(),
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
            scope.audit(AuditAction::AmendmentAccept, &amendment).await?;
            scope.announce(LiveUpdate::Amendments)?;
            Ok(DecideOutcome::Done)
        }
        .await,
    )
}
