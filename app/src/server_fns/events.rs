//! Events: listing, reading and creating them, starting a document's draft, and whether observers may
//! comment.

use crate::error::AppError;
use crate::ids::EventId;
use crate::model::EventWithDocuments;
#[cfg(feature = "ssr")]
use accord_domain::audit::AuditAction;
use leptos::prelude::*;

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn list_events() -> Result<Vec<EventWithDocuments>, AppError> {
    super::context::answer(
        async move {
            let store = super::context::store()?;
            let (events, documents) = (store.events().await?, store.documents().await?);
            let user = super::context::current_user().await?;
            let roles = match &user {
                Some(u) => store.roles_of(&u.id).await?.into_iter().collect(),
                None => std::collections::HashMap::new(),
            };
            Ok(events
                .into_iter()
                .map(|event| {
                    let caller =
                        accord_domain::Caller { signed_in: user.is_some(), role: roles.get(&event.id).copied() };
                    let documents = documents
                        .iter()
                        .filter(|d| d.event_id == event.id)
                        .map(|d| crate::model::DocumentSummary {
                            readable: crate::services::access::reading(caller, d.state),
                            ..d.clone()
                        })
                        .collect();
                    EventWithDocuments { event, documents }
                })
                .collect())
        }
        .await,
    )
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn get_event(id: EventId) -> Result<EventWithDocuments, AppError> {
    super::context::answer(
        async move {
            let store = super::context::store()?;
            let event = store.event(&id).await?;
            let (_, caller) = super::context::caller_in(&id).await?;
            let mut documents = store.documents_of(&id).await?;
            for d in &mut documents {
                d.readable = crate::services::access::reading(caller, d.state);
            }
            Ok(EventWithDocuments { event, documents })
        }
        .await,
    )
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn create_event(
    kind: String,
    title: String,
    starts_on: String,
    ends_on: String,
    city: String,
    organiser: String,
    description: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::text::Problem;
            use accord_domain::{Date, Event, EventKind};
            let kind = EventKind::from_code(&kind).ok_or(AppError::invalid("kind", Problem::Unknown))?;
            let starts_on = Date::parse_iso(&starts_on).ok_or(AppError::invalid("starts_on", Problem::BadDate))?;
            let ends_on = match ends_on.trim() {
                "" => None,
                s => Some(Date::parse_iso(s).ok_or(AppError::invalid("ends_on", Problem::BadDate))?),
            };
            let event = Event {
                kind,
                title: title.trim().to_string(),
                starts_on,
                ends_on,
                city: city.trim().to_string(),
                organiser: organiser.trim().to_string(),
                description: description.trim().to_string(),
            };
            let user = super::context::require_user().await?;
            let store = super::context::store()?;
            let id = store.create_event(&event, Some(&user)).await?;
            store.record(Some(&user), Some(&id), AuditAction::CreateEvent, &event.title).await?;
            leptos_axum::redirect(&format!("/events/{id}"));
            Ok(())
        }
        .await,
    )
}

/// Starts an empty draft for an event, headed with the event's details, and opens its editor.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(event_id = %event_id)))]
pub async fn start_draft(event_id: EventId) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::{Document, Header, State};
            let user = super::context::authorize(&event_id, accord_domain::Action::ManageEvent).await?;
            let store = super::context::store()?;
            let event = store.event(&event_id).await?.event;
            let header = Header::for_event(&event, accord_domain::DocumentKind::Recommendations);
            let doc = Document::blank(header, &mut fastrand::Rng::new());
            let id = store.create_document(&event_id, State::Drafting, false, &doc, None).await?;
            store.record(user.as_ref(), Some(&event_id), AuditAction::StartDraft, &id).await?;
            leptos_axum::redirect(&format!("/documents/{id}/edit"));
            Ok(())
        }
        .await,
    )
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(event = %event)))]
pub async fn set_observers_comment(event: EventId, #[server(default)] allowed: Option<String>) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::Action;
            super::context::authorize(&event, Action::ManageEvent).await?;
            let store = super::context::store()?;
            let allowed = allowed.is_some();
            store.set_observers_comment(&event, allowed).await?;
            let user = super::context::current_user().await?;
            store
                .record(user.as_ref(), Some(&event), AuditAction::ObserversComment, if allowed { "on" } else { "off" })
                .await
        }
        .await,
    )
}
