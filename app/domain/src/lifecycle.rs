//! The states of a document and the moves between them (DESIGN, "Lifecycle of a document").

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Drafting,
    Review,
    Voting,
    Adopted,
    Rejected,
}

impl State {
    pub const ALL: [State; 5] = [State::Drafting, State::Review, State::Voting, State::Adopted, State::Rejected];

    pub fn code(self) -> &'static str {
        match self {
            State::Drafting => "drafting",
            State::Review => "review",
            State::Voting => "voting",
            State::Adopted => "adopted",
            State::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The moves DESIGN allows: forward one stage, review back to drafting, and voting back to review (a
    /// text withdrawn from the vote before any ballot is open; entering voting again freezes the next version).
    pub fn can_move_to(self, next: State) -> bool {
        matches!(
            (self, next),
            (State::Drafting, State::Review)
                | (State::Review, State::Drafting)
                | (State::Review, State::Voting)
                | (State::Voting, State::Review)
                | (State::Voting, State::Adopted)
                | (State::Voting, State::Rejected)
        )
    }

    pub fn move_to(self, next: State) -> Result<State, TransitionError> {
        if self.can_move_to(next) {
            Ok(next)
        } else {
            Err(TransitionError { from: self, to: next })
        }
    }

    /// Adopted and rejected documents are published, whoever asks.
    pub fn is_public(self) -> bool {
        matches!(self, State::Adopted | State::Rejected)
    }

    /// Only a draft's text may change directly; later stages change through amendments or not at all.
    pub fn text_is_editable(self) -> bool {
        self == State::Drafting
    }

    /// Comments, replies and reactions are taken while the text can still change.
    pub fn comments_open(self) -> bool {
        matches!(self, State::Drafting | State::Review)
    }

    /// In review the text changes only by accepted amendments.
    pub fn amendments_open(self) -> bool {
        self == State::Review
    }

    pub fn is_final(self) -> bool {
        matches!(self, State::Adopted | State::Rejected)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a document cannot move from {from:?} to {to:?}")]
pub struct TransitionError {
    pub from: State,
    pub to: State,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_designed_moves_are_allowed() {
        let allowed = [
            (State::Drafting, State::Review),
            (State::Review, State::Drafting),
            (State::Review, State::Voting),
            (State::Voting, State::Review),
            (State::Voting, State::Adopted),
            (State::Voting, State::Rejected),
        ];
        for from in State::ALL {
            for to in State::ALL {
                assert_eq!(from.can_move_to(to), allowed.contains(&(from, to)), "{from:?} -> {to:?}");
            }
        }
        assert!(State::Adopted.move_to(State::Drafting).is_err());
    }

    #[test]
    fn final_states_are_public_and_frozen() {
        for s in State::ALL {
            assert_eq!(s.is_public(), s.is_final());
            assert_eq!(s.text_is_editable(), s == State::Drafting);
            assert_eq!(State::from_code(s.code()), Some(s));
        }
    }
}
