//! Who may do what to a document: the one check behind server functions, the co-drafting WebSocket, the
//! export and event-stream routes and the command line (server only). The rules themselves are the
//! domain's `allows`; this adds the document and the caller's role in its event, and the refusal to show.

use crate::error::AppError;
use crate::ids::DocumentId;
use crate::model::{DocumentRow, Readable, UserRow};
use crate::store::Store;
use accord_domain::{allows, Action, Caller, State};

/// A document with the standing of whoever asks about it.
pub struct Access {
    pub row: DocumentRow,
    pub user: Option<UserRow>,
    pub caller: Caller,
}

/// Reads `document` and `user`'s role in its event, and checks the action made from the document's stage
/// (`Action::ReadDocument`, `Action::EditText`).
pub async fn authorize(
    store: &Store,
    user: Option<UserRow>,
    document: &DocumentId,
    action: fn(State) -> Action,
) -> Result<Access, AppError> {
    let row = store.document(document).await?;
    let role = match &user {
        Some(u) => store.role_in(&row.event_id, &u.id).await?,
        None => None,
    };
    let access = Access { caller: Caller { signed_in: user.is_some(), role }, user, row };
    access.require(action(access.row.state))?;
    Ok(access)
}

/// The document for reading (a document's page and its files and event stream).
pub async fn readable(store: &Store, user: Option<UserRow>, document: &DocumentId) -> Result<Access, AppError> {
    authorize(store, user, document, Action::ReadDocument).await
}

/// The refusal of a document not yet decided to someone outside its event: sign in, or ask for an invitation.
pub fn members_only(caller: Caller) -> AppError {
    AppError::MembersOnly { signed_in: caller.signed_in }
}

/// How a document in a list is offered to `caller`: a link, or a draft they could read after signing in or
/// joining. The same rule as opening it.
pub fn reading(caller: Caller, state: State) -> Readable {
    match (allows(caller, Action::ReadDocument(state)), caller.signed_in) {
        (true, _) => Readable::Yes,
        (false, false) => Readable::AfterSignIn,
        (false, true) => Readable::MembersOnly,
    }
}

impl Access {
    pub fn allows(&self, action: Action) -> bool {
        allows(self.caller, action)
    }

    /// `action` if allowed; else the refusal the caller is shown: a draft for members, for a document they
    /// may not read; sign in; the stage, to a member whose role would allow it later; not allowed.
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        if self.allows(action) {
            return Ok(());
        }
        let state = self.row.state;
        let stage_allows = match action {
            Action::ReadDocument(_) => return Err(members_only(self.caller)),
            Action::EditText(_) => state.text_is_editable(),
            Action::Comment { .. } | Action::Decide(_) => state.comments_open(),
            Action::Amend(_) => state.amendments_open(),
            Action::Vote(_) | Action::RunBallot(_) => state == State::Voting,
            _ => true,
        };
        if self.caller.role.is_some() && !stage_allows {
            Err(AppError::NotEditable(state))
        } else {
            Err(self.refuse(AppError::Forbidden))
        }
    }

    /// The signed-in user, if `action` is allowed.
    pub fn require_user(&self, action: Action) -> Result<&UserRow, AppError> {
        self.require(action)?;
        self.user.as_ref().ok_or(AppError::Unauthenticated)
    }

    fn refuse(&self, signed_in: AppError) -> AppError {
        if self.user.is_none() {
            AppError::Unauthenticated
        } else {
            signed_in
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use accord_domain::Role;

    fn access(state: State, signed_in: bool, role: Option<Role>) -> Access {
        let row = DocumentRow {
            id: "d".into(),
            event_id: "e".into(),
            state,
            imported: false,
            revision: 0,
            register_statistics: false,
            document: accord_domain::Document::default(),
        };
        let user = signed_in.then(|| UserRow { id: "u".into(), email: "u@example.org".into(), name: "U".into() });
        Access { row, user, caller: Caller { signed_in, role } }
    }

    #[test]
    fn each_refusal_says_why() {
        use AppError::*;
        let cases = [
            (
                State::Drafting,
                false,
                None,
                Action::ReadDocument(State::Drafting),
                Err(MembersOnly { signed_in: false }),
            ),
            (State::Drafting, true, None, Action::ReadDocument(State::Drafting), Err(MembersOnly { signed_in: true })),
            (State::Adopted, false, None, Action::ReadDocument(State::Adopted), Ok(())),
            (State::Drafting, true, Some(Role::Delegate), Action::EditText(State::Drafting), Ok(())),
            (
                State::Review,
                true,
                Some(Role::Delegate),
                Action::EditText(State::Review),
                Err(NotEditable(State::Review)),
            ),
            (State::Drafting, true, None, Action::EditText(State::Drafting), Err(Forbidden)),
            (State::Drafting, false, None, Action::EditText(State::Drafting), Err(Unauthenticated)),
            (State::Drafting, true, Some(Role::Delegate), Action::ManageEvent, Err(Forbidden)),
            (
                State::Drafting,
                true,
                Some(Role::Organiser),
                Action::Amend(State::Drafting),
                Err(NotEditable(State::Drafting)),
            ),
        ];
        for (state, signed_in, role, action, expected) in cases {
            assert_eq!(access(state, signed_in, role).require(action), expected, "{state:?} {role:?} {action:?}");
        }
    }

    #[test]
    fn a_list_offers_what_opening_allows() {
        for state in State::ALL {
            for (signed_in, role) in
                [(false, None), (true, None), (true, Some(Role::Observer)), (true, Some(Role::Delegate))]
            {
                let caller = Caller { signed_in, role };
                let opens = access(state, signed_in, role).require(Action::ReadDocument(state)).is_ok();
                let offered = reading(caller, state);
                assert_eq!(offered == Readable::Yes, opens, "{state:?} {role:?}");
                if !opens {
                    let expected = if signed_in { Readable::MembersOnly } else { Readable::AfterSignIn };
                    assert_eq!(offered, expected);
                }
            }
        }
    }
}
