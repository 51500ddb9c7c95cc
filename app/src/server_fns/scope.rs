//! A document with the caller's standing in its event: what every server function about a document
//! checks first (server only). The check itself is `services::access`, shared with the routes outside
//! server functions.

use crate::error::AppError;
use crate::ids::DocumentId;
#[cfg(feature = "ssr")]
use crate::live_update::LiveUpdate;
use crate::model::UserRow;
use crate::services::access::{authorize, Access};
use crate::store::Store;
#[cfg(feature = "ssr")]
use accord_domain::audit::AuditAction;
use accord_domain::Action;

/// A document the caller may read, their standing, and the event's setting for observers.
pub struct Scope {
    pub store: Store,
    pub access: Access,
    pub observers: bool,
}

impl std::ops::Deref for Scope {
    type Target = Access;

    fn deref(&self) -> &Access {
        &self.access
    }
}

impl Scope {
    pub async fn of(document: &DocumentId) -> Result<Scope, AppError> {
        let store = super::context::store()?;
        let user = super::context::current_user().await?;
        let access = authorize(&store, user, document, Action::ReadDocument).await?;
        let observers = store.observers_comment(&access.row.event_id).await?;
        Ok(Scope { store, access, observers })
    }

    /// The signed-in user, if `action` is allowed; a stage that does not allow it is told as such.
    pub fn require(&self, action: Action) -> Result<&UserRow, AppError> {
        self.access.require_user(action)
    }

    pub fn comment(&self) -> Action {
        Action::Comment { state: self.row.state, observers: self.observers }
    }

    pub async fn audit(&self, action: AuditAction, detail: impl AsRef<str>) -> Result<(), AppError> {
        self.store.record(self.user.as_ref(), Some(&self.row.event_id), action, detail).await
    }

    pub fn announce(&self, update: LiveUpdate) -> Result<(), AppError> {
        super::context::rooms()?.publish(&self.row.id, update);
        Ok(())
    }
}
