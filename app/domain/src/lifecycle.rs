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

    /// The moves DESIGN allows, and who makes each: organisers move a text forward one stage, review back to
    /// drafting, and voting back to review (a text withdrawn from the vote before any ballot is open; entering
    /// voting again freezes the next version); only a ballot on the whole document adopts or rejects it.
    pub fn can_move_to(self, next: State, by: Mover) -> bool {
        match by {
            Mover::Organiser => matches!(
                (self, next),
                (State::Drafting, State::Review)
                    | (State::Review, State::Drafting)
                    | (State::Review, State::Voting)
                    | (State::Voting, State::Review)
            ),
            Mover::Ballot => matches!((self, next), (State::Voting, State::Adopted) | (State::Voting, State::Rejected)),
        }
    }

    /// The only way to a [`Move`], which is what the store takes to change a document's stage.
    pub fn move_to(self, next: State, by: Mover) -> Result<Move, TransitionError> {
        if self.can_move_to(next, by) {
            Ok(Move { from: self, to: next })
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

/// Who asks for a stage move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mover {
    Organiser,
    /// The close of a ballot on the whole document.
    Ballot,
}

/// A stage move the rules allow; made only by [`State::move_to`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    from: State,
    to: State,
}

impl Move {
    pub fn from(self) -> State {
        self.from
    }

    pub fn to(self) -> State {
        self.to
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
        let by_organiser = [
            (State::Drafting, State::Review),
            (State::Review, State::Drafting),
            (State::Review, State::Voting),
            (State::Voting, State::Review),
        ];
        let by_ballot = [(State::Voting, State::Adopted), (State::Voting, State::Rejected)];
        for from in State::ALL {
            for to in State::ALL {
                let organiser = by_organiser.contains(&(from, to));
                let ballot = by_ballot.contains(&(from, to));
                assert_eq!(from.can_move_to(to, Mover::Organiser), organiser, "{from:?} -> {to:?} by an organiser");
                assert_eq!(from.can_move_to(to, Mover::Ballot), ballot, "{from:?} -> {to:?} by a ballot");
                let made = from.move_to(to, Mover::Organiser);
                assert_eq!(made.is_ok(), organiser);
                if let Ok(made) = made {
                    assert_eq!((made.from(), made.to()), (from, to));
                }
            }
        }
        assert_eq!(
            State::Adopted.move_to(State::Drafting, Mover::Ballot),
            Err(TransitionError { from: State::Adopted, to: State::Drafting })
        );
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
