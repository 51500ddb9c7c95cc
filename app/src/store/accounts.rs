//! Users and their sessions.

use super::{valid_key, Store};
use crate::error::AppError;
use crate::ids::{DocumentId, EventId, UserId};
use crate::model::UserRow;
use serde_json::{json, Value};

const USER_FIELDS: &str = "record::id(id) AS id, email, name";

impl Store {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_user(&self, email: &str, name: &str, password_hash: &str) -> Result<UserId, AppError> {
        let key = super::new_key();
        let result = self
            .query(
                "CREATE type::record('user', $key) SET email = $email, name = $name, password_hash = $hash RETURN NONE",
                json!({ "key": key, "email": email, "name": name, "hash": password_hash }),
            )
            .await;
        match result {
            Ok(_) => Ok(key.into()),
            Err(e) if e.is_unique_violation() => Err(AppError::EmailTaken),
            Err(e) => Err(e.into()),
        }
    }

    /// The account and its password hash, if the e-mail has a live account.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn user_by_email(&self, email: &str) -> Result<Option<(UserRow, String)>, AppError> {
        let sql = format!("SELECT {USER_FIELDS}, password_hash FROM user WHERE email = $email AND deleted = false");
        let Some(row) = self.one::<Value>(&sql, json!({ "email": email })).await? else { return Ok(None) };
        let hash = row["password_hash"].as_str().unwrap_or_default().to_string();
        Ok(Some((super::parse(&sql, row)?, hash)))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn user(&self, key: &UserId) -> Result<Option<UserRow>, AppError> {
        if !valid_key(key) {
            return Ok(None);
        }
        self.one(
            &format!("SELECT {USER_FIELDS} FROM type::record('user', $key) WHERE deleted = false"),
            json!({ "key": key }),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
    pub async fn set_password(&self, user: &UserId, password_hash: &str) -> Result<(), AppError> {
        self.run(
            "UPDATE type::record('user', $user) SET password_hash = $hash RETURN NONE",
            json!({ "user": user, "hash": password_hash }),
        )
        .await
    }

    /// Starts a session; `replaces` is the hash of the session the browser had, which ends (rotation).
    #[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
    pub async fn create_session(
        &self,
        user: &UserId,
        token_hash: &str,
        replaces: Option<&str>,
    ) -> Result<(), AppError> {
        self.run(
            "BEGIN TRANSACTION;
             IF $replaces THEN DELETE session WHERE token_hash = $replaces END;
             DELETE session WHERE user = type::record('user', $user) AND expires_at < time::now();
             CREATE session SET token_hash = $hash, user = type::record('user', $user),
               expires_at = time::now() + 30d RETURN NONE;
             COMMIT TRANSACTION;",
            json!({ "user": user, "hash": token_hash, "replaces": replaces }),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn session_user(&self, token_hash: &str) -> Result<Option<UserRow>, AppError> {
        self.one(
            "SELECT record::id(user.id) AS id, user.email AS email, user.name AS name FROM session \
             WHERE token_hash = $hash AND expires_at > time::now() AND user.deleted = false",
            json!({ "hash": token_hash }),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn end_session(&self, token_hash: &str) -> Result<(), AppError> {
        self.run("DELETE session WHERE token_hash = $hash", json!({ "hash": token_hash })).await
    }

    /// Ends every session of a user but, optionally, the current one (after a password change).
    #[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
    pub async fn end_other_sessions(&self, user: &UserId, keep: Option<&str>) -> Result<(), AppError> {
        self.run(
            "DELETE session WHERE user = type::record('user', $user) AND token_hash != $keep",
            json!({ "user": user, "keep": keep.unwrap_or("") }),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = %user, document = %document))]
    pub async fn create_access_token(
        &self,
        user: &UserId,
        document: &DocumentId,
        token_hash: &str,
    ) -> Result<(), AppError> {
        self.run(
            "CREATE access_token SET token_hash = $hash, user = type::record('user', $user),
               document = type::record('document', $document), expires_at = time::now() + 15m RETURN NONE",
            json!({ "user": user, "document": document, "hash": token_hash }),
        )
        .await
    }

    /// A token for every document of an event, valid for `minutes`.
    #[tracing::instrument(level = "debug", skip_all, fields(user = %user, event = %event))]
    pub async fn create_event_token(
        &self,
        user: &UserId,
        event: &EventId,
        token_hash: &str,
        minutes: u32,
    ) -> Result<(), AppError> {
        self.run(
            "CREATE access_token SET token_hash = $hash, user = type::record('user', $user),
               event = type::record('event', $event), expires_at = time::now() + duration::from_mins($minutes)
               RETURN NONE",
            json!({ "user": user, "event": event, "hash": token_hash, "minutes": minutes }),
        )
        .await
    }

    /// The member an unexpired access token for `document` (or for its `event`) was issued to.
    #[tracing::instrument(level = "debug", skip_all, fields(document = %document, event = %event))]
    pub async fn token_user(
        &self,
        token_hash: &str,
        document: &DocumentId,
        event: &EventId,
    ) -> Result<Option<UserRow>, AppError> {
        if !super::valid_key(document) || !super::valid_key(event) {
            return Ok(None);
        }
        self.one(
            "SELECT record::id(user.id) AS id, user.email AS email, user.name AS name FROM access_token \
             WHERE token_hash = $hash \
               AND (document = type::record('document', $document) OR event = type::record('event', $event)) \
               AND expires_at > time::now() AND user.deleted = false",
            json!({ "hash": token_hash, "document": document, "event": event }),
        )
        .await
    }

    /// Deletes what identifies a person and keeps what counts: their member records stay, nameless, so
    /// statistics and past tallies do not change.
    #[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
    pub async fn delete_account(&self, user: &UserId) -> Result<(), AppError> {
        self.run(
            "BEGIN TRANSACTION;
             DELETE notice WHERE email = (SELECT VALUE email FROM ONLY type::record('user', $user));
             UPDATE type::record('user', $user) SET email = string::concat('deleted:', $user), name = '',
               password_hash = '', deleted = true RETURN NONE;
             UPDATE member SET full_name = '', organisation = '', region = '', public_name = false
               WHERE user = type::record('user', $user) RETURN NONE;
             DELETE session WHERE user = type::record('user', $user);
             DELETE notice WHERE user = type::record('user', $user);
             DELETE access_token WHERE user = type::record('user', $user);
             COMMIT TRANSACTION;",
            json!({ "user": user }),
        )
        .await
    }

    /// Everything the store holds about a person, for them to download.
    #[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
    pub async fn personal_data(&self, user: &UserId) -> Result<Value, AppError> {
        let sql = "SELECT record::id(id) AS id, email, name, created_at FROM type::record('user', $user);
             SELECT record::id(event) AS event, event.title AS event_title, role, full_name, organisation,
               category, region, speaker, discussion, public_name, joined_at
               FROM member WHERE user = type::record('user', $user);
             SELECT at, action, detail, IF event THEN record::id(event) END AS event FROM audit
               WHERE actor = type::record('user', $user) ORDER BY at;
             SELECT created_at, kind, subject, body, link, read_at, mailed_at FROM notice
               WHERE user = type::record('user', $user) ORDER BY created_at;
             SELECT notify FROM type::record('user', $user);";
        let mut response = self.query(sql, json!({ "user": user })).await?;
        let account: Vec<Value> = Self::take(sql, &mut response, 0)?;
        let memberships: Vec<Value> = Self::take(sql, &mut response, 1)?;
        let actions: Vec<Value> = Self::take(sql, &mut response, 2)?;
        let notices: Vec<Value> = Self::take(sql, &mut response, 3)?;
        let choices: Vec<Value> = Self::take(sql, &mut response, 4)?;
        let choices =
            choices.first().and_then(|c| c["notify"].as_str()).and_then(|c| serde_json::from_str::<Value>(c).ok());
        Ok(json!({
            "account": account.into_iter().next(), "memberships": memberships, "actions": actions,
            "notices": notices, "notice_choices": choices,
        }))
    }
}
