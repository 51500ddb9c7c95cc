//! Table `audit`: the audit log of an event — who did what, and when by the store's clock.

use super::Store;
use crate::error::AppError;
use crate::ids::EventId;
use crate::model::{AuditRow, UserRow};
use serde_json::json;

impl Store {
    /// Appends to the audit log: who, when (the store's clock), what.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record(
        &self,
        actor: Option<&UserRow>,
        event: Option<&EventId>,
        action: accord_domain::audit::AuditAction,
        detail: impl AsRef<str>,
    ) -> Result<(), AppError> {
        self.run(
            "CREATE audit SET actor = IF $actor THEN type::record('user', $actor) END, actor_name = $name,
               event = IF $event THEN type::record('event', $event) END, action = $action, detail = $detail RETURN NONE",
            json!({
                "actor": actor.map(|a| a.id.clone()),
                "name": actor.map(|a| a.name.clone()).unwrap_or_default(),
                "event": event, "action": action, "detail": detail.as_ref(),
            }),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(event = %event))]
    pub async fn audit_of(&self, event: &EventId) -> Result<Vec<AuditRow>, AppError> {
        self.rows(
            "SELECT time::format(at, '%Y-%m-%d %H:%M:%S') AS at, actor_name, action, detail, at AS sort
               FROM audit WHERE event = type::record('event', $event) ORDER BY sort DESC LIMIT 500",
            json!({ "event": event }),
        )
        .await
    }
}
