//! Table `member`: the members of events, their roles and profiles.

use super::{valid_key, Store};
use crate::error::AppError;
use crate::ids::{EventId, MemberId, UserId};
use crate::model::MemberRow;
use accord_domain::{Profile, Role};
use serde_json::{json, Value};

const MEMBER_FIELDS: &str = "record::id(id) AS id, record::id(user) AS user_id, role, { full_name: full_name, \
    organisation: organisation, category: category, region: region, speaker: speaker, discussion: discussion, \
    public_name: public_name } AS profile";

impl Store {
    #[tracing::instrument(level = "debug", skip_all, fields(event = %event, user = %user))]
    pub async fn add_member(
        &self,
        event: &EventId,
        user: &UserId,
        role: Role,
        profile: &Profile,
    ) -> Result<MemberId, AppError> {
        let key = super::new_key();
        let result = self
            .query(
                "CREATE type::record('member', $key) SET event = type::record('event', $event),
                   user = type::record('user', $user), role = $role, full_name = $p.full_name,
                   organisation = $p.organisation, category = $p.category, region = $p.region,
                   speaker = $p.speaker, discussion = $p.discussion, public_name = $p.public_name RETURN NONE",
                json!({ "key": key, "event": event, "user": user, "role": role, "p": profile }),
            )
            .await;
        match result {
            Ok(_) => Ok(key.into()),
            Err(e) if e.is_unique_violation() => Err(AppError::AlreadyMember),
            Err(e) => Err(e.into()),
        }
    }

    #[tracing::instrument(level = "debug", skip_all, fields(event = %event))]
    pub async fn members_of(&self, event: &EventId) -> Result<Vec<MemberRow>, AppError> {
        self.rows(
            &format!("SELECT {MEMBER_FIELDS}, joined_at FROM member WHERE event = type::record('event', $event) ORDER BY joined_at"),
            json!({ "event": event }),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(event = %event, member = %member))]
    pub async fn member(&self, event: &EventId, member: &MemberId) -> Result<MemberRow, AppError> {
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

    #[tracing::instrument(level = "debug", skip_all, fields(event = %event, user = %user))]
    pub async fn role_in(&self, event: &EventId, user: &UserId) -> Result<Option<Role>, AppError> {
        let row: Option<Value> = self
            .one(
                "SELECT role FROM member WHERE event = type::record('event', $event) AND user = type::record('user', $user)",
                json!({ "event": event, "user": user }),
            )
            .await?;
        Ok(row.and_then(|r| r["role"].as_str().and_then(Role::from_code)))
    }

    /// The role of a user in every event they belong to.
    #[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
    pub async fn roles_of(&self, user: &UserId) -> Result<Vec<(EventId, accord_domain::Role)>, AppError> {
        let rows: Vec<Value> = self
            .rows(
                "SELECT record::id(event) AS event, role FROM member WHERE user = type::record('user', $user)",
                json!({ "user": user }),
            )
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| Some((r["event"].as_str()?.into(), accord_domain::Role::from_code(r["role"].as_str()?)?)))
            .collect())
    }

    /// Changes a member's role and flags; refuses to leave the event without an organiser.
    #[tracing::instrument(level = "debug", skip_all, fields(event = %event, member = %member))]
    pub async fn update_member(
        &self,
        event: &EventId,
        member: &MemberId,
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

    #[tracing::instrument(level = "debug", skip_all, fields(event = %event, member = %member))]
    pub async fn remove_member(&self, event: &EventId, member: &MemberId) -> Result<MemberRow, AppError> {
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

    async fn organiser_count(&self, event: &EventId) -> Result<usize, AppError> {
        let row: Option<Value> = self
            .one(
                "SELECT count() AS n FROM member WHERE event = type::record('event', $event) AND role = 'organiser' GROUP ALL",
                json!({ "event": event }),
            )
            .await?;
        Ok(row.and_then(|r| r["n"].as_u64()).unwrap_or(0) as usize)
    }
}
