//! Table `stance`: «поддерживаю» / «не поддерживаю» on a comment or an amendment, one per member.

use super::{valid_key, Store};
use crate::error::AppError;
use crate::ids::UserId;
use accord_domain::discussion::Stance;
use serde::Deserialize;
use serde_json::json;

#[derive(Clone, Debug, Deserialize)]
pub struct StanceRecord {
    pub user: UserId,
    pub value: Stance,
}

impl Store {
    /// Sets (or with `None` withdraws) a user's stance on a comment or an amendment.
    #[tracing::instrument(level = "debug", skip_all, fields(table = %table, key = %key, user = %user))]
    pub async fn set_stance(
        &self,
        table: &str,
        key: &str,
        user: &UserId,
        stance: Option<Stance>,
    ) -> Result<(), AppError> {
        if !matches!(table, "comment" | "amendment") || !valid_key(key) {
            return Err(AppError::NotFound);
        }
        self.run(
            "BEGIN TRANSACTION;
             DELETE stance WHERE subject = type::record($table, $key) AND user = type::record('user', $user);
             IF $value THEN (CREATE stance SET subject = type::record($table, $key), user = type::record('user', $user),
               value = $value RETURN NONE) END;
             COMMIT TRANSACTION;",
            json!({ "table": table, "key": key, "user": user, "value": stance.map(Stance::code) }),
        )
        .await
    }
}
