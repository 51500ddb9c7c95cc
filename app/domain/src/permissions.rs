//! Who may do what (DESIGN, "People and roles"). Every server function asks `allows` before acting; the
//! UI hiding a button is not a check.

use crate::lifecycle::State;
use crate::people::Role;

/// The caller as the server knows them: signed in or not, and their role in the event concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller {
    pub signed_in: bool,
    pub role: Option<Role>,
}

impl Caller {
    pub const ANONYMOUS: Caller = Caller { signed_in: false, role: None };

    pub fn member(role: Role) -> Caller {
        Caller { signed_in: true, role: Some(role) }
    }

    /// Signed in, but not a member of the event concerned.
    pub const OUTSIDER: Caller = Caller { signed_in: true, role: None };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read a document (and its exports) in a given state.
    ReadDocument(State),
    /// Change a draft's text by form or in real time.
    EditText(State),
    /// Create an event (the creator becomes its organiser), or import a document as a new event.
    CreateEvent,
    /// Invite, change roles, mark speakers, remove people, start drafts, import into the event,
    /// choose where statistics come from.
    ManageEvent,
    /// See the register of participants.
    ReadMembers,
    /// See the event's audit log.
    ReadAudit,
    /// Join an event through an invitation.
    Join,
    /// Comment on a document, reply, react; `observers` is the event's setting that lets observers comment.
    Comment { state: State, observers: bool },
    /// Propose an amendment, or support or oppose one.
    Amend(State),
    /// Accept or reject an amendment; resolve anyone's comment, hide an abusive one.
    Decide(State),
    /// Cast a vote (eligibility is fixed per ballot when it opens).
    Vote(State),
    /// Open and close ballots, mark who is present in the room, record a show of hands.
    RunBallot(State),
}

pub fn allows(caller: Caller, action: Action) -> bool {
    let role = caller.role;
    match action {
        Action::ReadDocument(state) => state.is_public() || role.is_some(),
        Action::EditText(state) => state.text_is_editable() && matches!(role, Some(Role::Organiser | Role::Delegate)),
        Action::CreateEvent | Action::Join => caller.signed_in,
        Action::ManageEvent | Action::ReadAudit => role == Some(Role::Organiser),
        Action::ReadMembers => role.is_some(),
        Action::Comment { state, observers } => {
            state.comments_open()
                && match role {
                    Some(Role::Organiser | Role::Delegate) => true,
                    Some(Role::Observer) => observers,
                    None => false,
                }
        }
        Action::Amend(state) => state.amendments_open() && matches!(role, Some(Role::Organiser | Role::Delegate)),
        Action::Decide(state) => state.comments_open() && role == Some(Role::Organiser),
        Action::Vote(state) => state == State::Voting && matches!(role, Some(Role::Organiser | Role::Delegate)),
        Action::RunBallot(state) => state == State::Voting && role == Some(Role::Organiser),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CALLERS: [Caller; 5] = [
        Caller::ANONYMOUS,
        Caller::OUTSIDER,
        Caller { signed_in: true, role: Some(Role::Observer) },
        Caller { signed_in: true, role: Some(Role::Delegate) },
        Caller { signed_in: true, role: Some(Role::Organiser) },
    ];

    fn who(action: Action) -> Vec<bool> {
        CALLERS.iter().map(|c| allows(*c, action)).collect()
    }

    #[test]
    fn the_design_table() {
        // anonymous, outsider, observer, delegate, organiser
        assert_eq!(who(Action::ReadDocument(State::Drafting)), [false, false, true, true, true]);
        assert_eq!(who(Action::ReadDocument(State::Adopted)), [true, true, true, true, true]);
        assert_eq!(who(Action::ReadDocument(State::Rejected)), [true, true, true, true, true]);
        assert_eq!(who(Action::EditText(State::Drafting)), [false, false, false, true, true]);
        for later in [State::Review, State::Voting, State::Adopted, State::Rejected] {
            assert_eq!(who(Action::EditText(later)), [false; 5], "{later:?}");
        }
        assert_eq!(who(Action::CreateEvent), [false, true, true, true, true]);
        assert_eq!(who(Action::ManageEvent), [false, false, false, false, true]);
        assert_eq!(who(Action::ReadAudit), [false, false, false, false, true]);
        assert_eq!(who(Action::ReadMembers), [false, false, true, true, true]);
        assert_eq!(who(Action::Join), [false, true, true, true, true]);
    }

    #[test]
    fn discussion_rules() {
        for open in [State::Drafting, State::Review] {
            assert_eq!(who(Action::Comment { state: open, observers: false }), [false, false, false, true, true]);
            assert_eq!(who(Action::Comment { state: open, observers: true }), [false, false, true, true, true]);
            assert_eq!(who(Action::Decide(open)), [false, false, false, false, true]);
        }
        for closed in [State::Voting, State::Adopted, State::Rejected] {
            assert_eq!(who(Action::Comment { state: closed, observers: true }), [false; 5], "{closed:?}");
            assert_eq!(who(Action::Amend(closed)), [false; 5], "{closed:?}");
            assert_eq!(who(Action::Decide(closed)), [false; 5], "{closed:?}");
        }
        assert_eq!(who(Action::Amend(State::Review)), [false, false, false, true, true]);
        assert_eq!(who(Action::Amend(State::Drafting)), [false; 5], "a draft is edited, not amended");
    }

    #[test]
    fn ballot_rules() {
        assert_eq!(who(Action::Vote(State::Voting)), [false, false, false, true, true]);
        assert_eq!(who(Action::RunBallot(State::Voting)), [false, false, false, false, true]);
        for other in [State::Drafting, State::Review, State::Adopted, State::Rejected] {
            assert_eq!(who(Action::Vote(other)), [false; 5], "{other:?}");
            assert_eq!(who(Action::RunBallot(other)), [false; 5], "{other:?}");
        }
    }
}
