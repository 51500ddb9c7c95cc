//! The register of an event: invitations, joining, roles and flags, removal, the audit log, and where a
//! document's statistics come from.

use crate::error::AppError;
use crate::ids::{DocumentId, EventId, InvitationId, MemberId};
use crate::model::{AuditRow, EventPageData};
#[cfg(feature = "ssr")]
use accord_domain::audit::AuditAction;
use leptos::prelude::*;

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn event_page(id: EventId) -> Result<EventPageData, AppError> {
    super::context::answer(
        async move {
            use crate::model::Readable;
            use accord_domain::{allows, Action};
            let store = super::context::store()?;
            let event = store.event(&id).await?;
            let (user, caller) = super::context::caller_in(&id).await?;
            let mut documents = store.documents_of(&id).await?;
            for d in &mut documents {
                d.readable = crate::services::access::reading(caller, d.state);
            }
            if let (Some(user), Some(_)) = (&user, caller.role) {
                for d in &mut documents {
                    d.unread = store.unread(&user.id, &d.id).await?;
                }
            }
            let members = if allows(caller, Action::ReadMembers) { store.members_of(&id).await? } else { Vec::new() };
            let invitations =
                if allows(caller, Action::ManageEvent) { store.invitations_of(&id).await? } else { Vec::new() };
            let statistics = match documents.iter().rfind(|d| d.readable == Readable::Yes) {
                Some(d) => {
                    let rooms = super::context::rooms()?;
                    crate::services::current_document(&rooms, &mut store.document(&d.id).await?).await?.statistics
                }
                None => Default::default(),
            };
            Ok(EventPageData {
                entry: crate::model::EventWithDocuments { event, documents },
                role: caller.role,
                members,
                invitations,
                statistics,
            })
        }
        .await,
    )
}

/// Makes an invitation link for a role, valid for `days`; the page shows it once.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(event_id = %event_id)))]
pub async fn create_invitation(
    event_id: EventId,
    role: String,
    days: i64,
    #[server(default)] email: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::text::Problem;
            use accord_domain::{Action, Role};
            let user =
                super::context::authorize(&event_id, Action::ManageEvent).await?.ok_or(AppError::Unauthenticated)?;
            let role = Role::from_code(&role).ok_or(AppError::invalid("role", Problem::Unknown))?;
            if !(1..=90).contains(&days) {
                return Err(AppError::invalid("days", Problem::Unknown));
            }
            let to = match email.trim() {
                "" => None,
                address => Some(accord_domain::people::Email::parse(address)?),
            };
            let token = crate::auth::new_token();
            let store = super::context::store()?;
            store.create_invitation(&event_id, &crate::auth::token_hash(&token), role, days, &user.id).await?;
            if let Some(to) = to {
                let event = store.event(&event_id).await?;
                let (title, name) = (&event.event.title, &user.name);
                let words = |subject: String, body: String| crate::store::notices::Words { subject, body };
                let notice = crate::store::notices::NewNotice {
                    kind: accord_domain::notices::Kind::Invitation,
                    key: format!("invitation:{}", &crate::auth::token_hash(&token)[..16]),
                    ru: words(
                        format!("Приглашение: {title}"),
                        format!(
                            "{name} приглашает вас в «{title}» ({}). Ссылка действует {days} дн.",
                            crate::i18n::role(crate::i18n::Lang::Ru, role)
                        ),
                    ),
                    en: words(
                        format!("Invitation: {title}"),
                        format!(
                            "{name} invites you to «{title}» ({}). The link is valid for {days} days.",
                            crate::i18n::role(crate::i18n::Lang::En, role)
                        ),
                    ),
                    link: format!("/join/{token}"),
                };
                store.tell_address(to.as_str(), super::context::lang().code(), &notice).await?;
            }
            store
                .record(Some(&user), Some(&event_id), AuditAction::Invite, &format!("{} ({days} d)", role.code()))
                .await?;
            leptos_axum::redirect(&format!("/events/{event_id}?invitation={token}"));
            Ok(())
        }
        .await,
    )
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(event_id = %event_id, invitation = %invitation)))]
pub async fn revoke_invitation(event_id: EventId, invitation: InvitationId) -> Result<(), AppError> {
    super::context::answer(
        async move {
            let user = super::context::authorize(&event_id, accord_domain::Action::ManageEvent).await?;
            let store = super::context::store()?;
            store.revoke_invitation(&event_id, &invitation).await?;
            store.record(user.as_ref(), Some(&event_id), AuditAction::RevokeInvitation, &invitation).await?;
            Ok(())
        }
        .await,
    )
}

/// Joins the event an invitation is for, with a participant profile.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn join_event(
    token: String,
    full_name: String,
    organisation: String,
    category: String,
    region: String,
    #[server(default)] public_name: Option<String>,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::{allows, Action, Caller};
            let user = super::context::require_user().await?;
            if !allows(Caller { signed_in: true, role: None }, Action::Join) {
                return Err(AppError::Forbidden);
            }
            let store = super::context::store()?;
            let (event, role) = store.redeemable_invitation(&crate::auth::token_hash(&token)).await?;
            let profile =
                super::context::profile_from_form(full_name, organisation, &category, region, public_name.is_some())?;
            store.add_member(&event, &user.id, role, &profile).await?;
            store.record(Some(&user), Some(&event), AuditAction::Join, role.code()).await?;
            leptos_axum::redirect(&format!("/events/{event}"));
            Ok(())
        }
        .await,
    )
}

/// Adds someone who already has an account, by their e-mail, with a profile the organiser fills in.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(event_id = %event_id)))]
pub async fn add_member(
    event_id: EventId,
    email: String,
    role: String,
    full_name: String,
    organisation: String,
    category: String,
    region: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::text::Problem;
            use accord_domain::{Action, Email, Role};
            let organiser = super::context::authorize(&event_id, Action::ManageEvent).await?;
            let role = Role::from_code(&role).ok_or(AppError::invalid("role", Problem::Unknown))?;
            let email = Email::parse(&email)?;
            let profile = super::context::profile_from_form(full_name, organisation, &category, region, false)?;
            let store = super::context::store()?;
            let (user, _) = store.user_by_email(email.as_str()).await?.ok_or(AppError::NoSuchAccount)?;
            store.add_member(&event_id, &user.id, role, &profile).await?;
            store
                .record(
                    organiser.as_ref(),
                    Some(&event_id),
                    AuditAction::AddMember,
                    &format!("{} {}", profile.full_name, role.code()),
                )
                .await?;
            Ok(())
        }
        .await,
    )
}

/// Changes a member's role and marks them as speaker or discussion participant.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(event_id = %event_id, member = %member)))]
pub async fn update_member(
    event_id: EventId,
    member: MemberId,
    role: String,
    #[server(default)] speaker: Option<String>,
    #[server(default)] discussion: Option<String>,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::text::Problem;
            use accord_domain::{Action, Role};
            let organiser = super::context::authorize(&event_id, Action::ManageEvent).await?;
            let role = Role::from_code(&role).ok_or(AppError::invalid("role", Problem::Unknown))?;
            let store = super::context::store()?;
            store.update_member(&event_id, &member, role, speaker.is_some(), discussion.is_some()).await?;
            let detail = format!(
                "{member}: {}, speaker={}, discussion={}",
                role.code(),
                speaker.is_some(),
                discussion.is_some()
            );
            store.record(organiser.as_ref(), Some(&event_id), AuditAction::UpdateMember, &detail).await?;
            Ok(())
        }
        .await,
    )
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(event_id = %event_id, member = %member)))]
pub async fn remove_member(event_id: EventId, member: MemberId) -> Result<(), AppError> {
    super::context::answer(
        async move {
            let organiser = super::context::authorize(&event_id, accord_domain::Action::ManageEvent).await?;
            let store = super::context::store()?;
            let removed = store.remove_member(&event_id, &member).await?;
            store
                .record(organiser.as_ref(), Some(&event_id), AuditAction::RemoveMember, &removed.profile.full_name)
                .await?;
            Ok(())
        }
        .await,
    )
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(event_id = %event_id)))]
pub async fn event_audit(event_id: EventId) -> Result<Vec<AuditRow>, AppError> {
    super::context::answer(
        async move {
            super::context::authorize(&event_id, accord_domain::Action::ReadAudit).await?;
            super::context::store()?.audit_of(&event_id).await
        }
        .await,
    )
}

/// Makes a draft's statistics paragraph come from the register instead of its imported text.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(document_id = %document_id)))]
pub async fn use_register(document_id: DocumentId) -> Result<(), AppError> {
    super::context::answer(
        async move {
            let store = super::context::store()?;
            let row = store.document(&document_id).await?;
            let organiser = super::context::authorize(&row.event_id, accord_domain::Action::ManageEvent).await?;
            if !row.state.text_is_editable() {
                return Err(AppError::NotEditable(row.state));
            }
            store.set_statistics_source(&document_id, true).await?;
            store.record(organiser.as_ref(), Some(&row.event_id), AuditAction::UseRegister, &document_id).await?;
            Ok(())
        }
        .await,
    )
}
