//! A document with the caller's standing in its event: what every server function about a document
//! checks first (server only).

use crate::error::AppError;
use crate::model::{DocumentRow, UserRow};
use crate::store::Store;
use accord_domain::{allows, Action, Caller};

/// A document with the caller's standing in its event and the event's setting for observers.
pub struct Scope {
    pub store: Store,
    pub row: DocumentRow,
    pub user: Option<UserRow>,
    pub caller: Caller,
    pub observers: bool,
}

impl Scope {
    pub async fn of(document: &str) -> Result<Scope, AppError> {
        let store = super::context::store()?;
        let row = store.document(document).await?;
        let (user, caller) = super::context::caller_in(&row.event_id).await?;
        if !allows(caller, Action::ReadDocument(row.state)) {
            return Err(if user.is_none() { AppError::Unauthenticated } else { AppError::NotFound });
        }
        let observers = store.observers_comment(&row.event_id).await?;
        Ok(Scope { store, row, user, caller, observers })
    }

    /// The signed-in user, if `action` is allowed; a stage that does not allow it is told as such.
    pub fn require(&self, action: Action) -> Result<&UserRow, AppError> {
        let user = self.user.as_ref().ok_or(AppError::Unauthenticated)?;
        if allows(self.caller, action) {
            return Ok(user);
        }
        let stage_allows = match action {
            Action::Comment { .. } | Action::Decide(_) => self.row.state.comments_open(),
            Action::Amend(_) => self.row.state.amendments_open(),
            Action::Vote(_) | Action::RunBallot(_) => self.row.state == accord_domain::State::Voting,
            _ => true,
        };
        if self.caller.role.is_some() && !stage_allows {
            Err(AppError::NotEditable(self.row.state))
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn comment(&self) -> Action {
        Action::Comment { state: self.row.state, observers: self.observers }
    }

    pub async fn audit(&self, action: &str, detail: &str) -> Result<(), AppError> {
        self.store.record(self.user.as_ref(), Some(&self.row.event_id), action, detail).await
    }

    pub fn announce(&self, kind: &'static str) -> Result<(), AppError> {
        super::context::rooms()?.publish(&self.row.id, kind);
        Ok(())
    }
}
