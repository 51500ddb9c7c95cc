//! Table `invitation`: links to join an event in a role, their expiry and revocation.

use super::{valid_key, Store};
use crate::error::AppError;
use crate::ids::{EventId, InvitationId, UserId};
use crate::model::InvitationRow;
use accord_domain::Role;
use serde_json::{json, Value};

impl Store {
    #[tracing::instrument(level = "debug", skip_all, fields(event = %event))]
    pub async fn create_invitation(
        &self,
        event: &EventId,
        token_hash: &str,
        role: Role,
        days: i64,
        by: &UserId,
    ) -> Result<(), AppError> {
        self.run(
            "CREATE invitation SET event = type::record('event', $event), token_hash = $hash, role = $role,
               expires_at = time::now() + <duration> $days, created_by = type::record('user', $by) RETURN NONE",
            json!({ "event": event, "hash": token_hash, "role": role, "days": format!("{days}d"), "by": by }),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(event = %event))]
    pub async fn invitations_of(&self, event: &EventId) -> Result<Vec<InvitationRow>, AppError> {
        self.rows(
            "SELECT record::id(id) AS id, role, time::format(expires_at, '%Y-%m-%d %H:%M') AS expires_at, revoked, created_at
               FROM invitation WHERE event = type::record('event', $event) ORDER BY created_at DESC",
            json!({ "event": event }),
        )
        .await
    }

    /// The event and role an invitation grants, or why it no longer does.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn redeemable_invitation(&self, token_hash: &str) -> Result<(EventId, Role), AppError> {
        let row: Value = self
            .one(
                "SELECT record::id(event) AS event, role, revoked, expires_at < time::now() AS expired
                   FROM invitation WHERE token_hash = $hash",
                json!({ "hash": token_hash }),
            )
            .await?
            .ok_or(AppError::NotFound)?;
        if row["revoked"].as_bool() == Some(true) {
            return Err(AppError::InvitationRevoked);
        }
        if row["expired"].as_bool() == Some(true) {
            return Err(AppError::InvitationExpired);
        }
        let role = row["role"].as_str().and_then(Role::from_code).ok_or(AppError::Unexpected)?;
        Ok((row["event"].as_str().unwrap_or_default().into(), role))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(event = %event, invitation = %invitation))]
    pub async fn revoke_invitation(&self, event: &EventId, invitation: &InvitationId) -> Result<(), AppError> {
        if !valid_key(invitation) {
            return Err(AppError::NotFound);
        }
        let changed: Option<Value> = self
            .one(
                "UPDATE type::record('invitation', $invitation) SET revoked = true
                   WHERE event = type::record('event', $event) RETURN revoked, token_hash",
                json!({ "event": event, "invitation": invitation }),
            )
            .await?;
        let revoked = changed.ok_or(AppError::NotFound)?;
        // An invitation not mailed yet is not mailed (`services::notices` keys it by its hash's first 16 characters).
        let hash = revoked["token_hash"].as_str().unwrap_or_default();
        let key = format!("invitation:{}", hash.get(..16).unwrap_or(hash));
        self.run("DELETE notice WHERE key = $key AND mailed_at = NONE", json!({ "key": key })).await
    }
}
