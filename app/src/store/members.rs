//! Members of events, invitations to join them, and the audit log.

use super::{unexpected, valid_key, Store};
use crate::error::AppError;
use crate::model::{AuditRow, InvitationRow, MemberRow, UserRow};
use accord_domain::{Profile, Role};
use serde_json::{json, Value};

const MEMBER_FIELDS: &str = "record::id(id) AS id, record::id(user) AS user_id, role, full_name, organisation, \
    category, region, speaker, discussion, public_name";

impl Store {
    pub async fn add_member(&self, event: &str, user: &str, role: Role, profile: &Profile) -> Result<String, AppError> {
        let key = super::new_key();
        let result = self
            .db
            .query(
                "CREATE type::record('member', $key) SET event = type::record('event', $event),
                   user = type::record('user', $user), role = $role, full_name = $p.full_name,
                   organisation = $p.organisation, category = $p.category, region = $p.region,
                   speaker = $p.speaker, discussion = $p.discussion, public_name = $p.public_name RETURN NONE",
            )
            .bind(json!({ "key": key, "event": event, "user": user, "role": role, "p": profile }))
            .await
            .and_then(|r| r.check());
        match result {
            Ok(_) => Ok(key),
            Err(e) if super::is_unique_violation(&e) => Err(AppError::AlreadyMember),
            Err(e) => Err(unexpected(e)),
        }
    }

    pub async fn members_of(&self, event: &str) -> Result<Vec<MemberRow>, AppError> {
        self.rows(
            &format!("SELECT {MEMBER_FIELDS}, joined_at FROM member WHERE event = type::record('event', $event) ORDER BY joined_at"),
            json!({ "event": event }),
        )
        .await
    }

    pub async fn member(&self, event: &str, member: &str) -> Result<MemberRow, AppError> {
        if !valid_key(member) {
            return Err(AppError::NotFound);
        }
        self.one(
            &format!(
                "SELECT {MEMBER_FIELDS} FROM type::record('member', $member) WHERE event = type::record('event', $event)"
            ),
            json!({ "event": event, "member": member }),
        )
        .await?
        .ok_or(AppError::NotFound)
    }

    pub async fn role_in(&self, event: &str, user: &str) -> Result<Option<Role>, AppError> {
        let row: Option<Value> = self
            .one(
                "SELECT role FROM member WHERE event = type::record('event', $event) AND user = type::record('user', $user)",
                json!({ "event": event, "user": user }),
            )
            .await?;
        Ok(row.and_then(|r| r["role"].as_str().and_then(Role::from_code)))
    }

    /// Changes a member's role and flags; refuses to leave the event without an organiser.
    pub async fn update_member(
        &self,
        event: &str,
        member: &str,
        role: Role,
        speaker: bool,
        discussion: bool,
    ) -> Result<(), AppError> {
        let current = self.member(event, member).await?;
        if current.role == Role::Organiser && role != Role::Organiser && self.organiser_count(event).await? <= 1 {
            return Err(AppError::LastOrganiser);
        }
        self.run(
            "UPDATE type::record('member', $member) SET role = $role, speaker = $speaker, discussion = $discussion
               WHERE event = type::record('event', $event) RETURN NONE",
            json!({ "event": event, "member": member, "role": role, "speaker": speaker, "discussion": discussion }),
        )
        .await
    }

    pub async fn remove_member(&self, event: &str, member: &str) -> Result<MemberRow, AppError> {
        let current = self.member(event, member).await?;
        if current.role == Role::Organiser && self.organiser_count(event).await? <= 1 {
            return Err(AppError::LastOrganiser);
        }
        self.run(
            "DELETE type::record('member', $member) WHERE event = type::record('event', $event)",
            json!({ "event": event, "member": member }),
        )
        .await?;
        Ok(current)
    }

    async fn organiser_count(&self, event: &str) -> Result<usize, AppError> {
        let row: Option<Value> = self
            .one(
                "SELECT count() AS n FROM member WHERE event = type::record('event', $event) AND role = 'organiser' GROUP ALL",
                json!({ "event": event }),
            )
            .await?;
        Ok(row.and_then(|r| r["n"].as_u64()).unwrap_or(0) as usize)
    }

    pub async fn create_invitation(
        &self,
        event: &str,
        token_hash: &str,
        role: Role,
        days: i64,
        by: &str,
    ) -> Result<(), AppError> {
        self.run(
            "CREATE invitation SET event = type::record('event', $event), token_hash = $hash, role = $role,
               expires_at = time::now() + <duration> $days, created_by = type::record('user', $by) RETURN NONE",
            json!({ "event": event, "hash": token_hash, "role": role, "days": format!("{days}d"), "by": by }),
        )
        .await
    }

    pub async fn invitations_of(&self, event: &str) -> Result<Vec<InvitationRow>, AppError> {
        self.rows(
            "SELECT record::id(id) AS id, role, time::format(expires_at, '%Y-%m-%d %H:%M') AS expires_at, revoked, created_at
               FROM invitation WHERE event = type::record('event', $event) ORDER BY created_at DESC",
            json!({ "event": event }),
        )
        .await
    }

    /// The event and role an invitation grants, or why it no longer does.
    pub async fn redeemable_invitation(&self, token_hash: &str) -> Result<(String, Role), AppError> {
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
        Ok((row["event"].as_str().unwrap_or_default().to_string(), role))
    }

    pub async fn revoke_invitation(&self, event: &str, invitation: &str) -> Result<(), AppError> {
        if !valid_key(invitation) {
            return Err(AppError::NotFound);
        }
        let changed: Option<Value> = self
            .one(
                "UPDATE type::record('invitation', $invitation) SET revoked = true
                   WHERE event = type::record('event', $event) RETURN revoked",
                json!({ "event": event, "invitation": invitation }),
            )
            .await?;
        changed.map(|_| ()).ok_or(AppError::NotFound)
    }

    /// Appends to the audit log: who, when (the store's clock), what.
    pub async fn record(
        &self,
        actor: Option<&UserRow>,
        event: Option<&str>,
        action: accord_domain::audit::AuditAction,
        detail: &str,
    ) -> Result<(), AppError> {
        self.run(
            "CREATE audit SET actor = IF $actor THEN type::record('user', $actor) END, actor_name = $name,
               event = IF $event THEN type::record('event', $event) END, action = $action, detail = $detail RETURN NONE",
            json!({
                "actor": actor.map(|a| a.id.clone()),
                "name": actor.map(|a| a.name.clone()).unwrap_or_default(),
                "event": event, "action": action, "detail": detail,
            }),
        )
        .await
    }

    pub async fn audit_of(&self, event: &str) -> Result<Vec<AuditRow>, AppError> {
        self.rows(
            "SELECT time::format(at, '%Y-%m-%d %H:%M:%S') AS at, actor_name, action, detail, at AS sort
               FROM audit WHERE event = type::record('event', $event) ORDER BY sort DESC LIMIT 500",
            json!({ "event": event }),
        )
        .await
    }

    /// Where a document's statistics come from: its imported text, or the register of participants.
    pub async fn set_statistics_source(&self, document: &str, register: bool) -> Result<(), AppError> {
        self.run(
            "UPDATE type::record('document', $document) SET statistics_source = $source RETURN NONE",
            json!({ "document": document, "source": if register { "register" } else { "imported" } }),
        )
        .await
    }
}
