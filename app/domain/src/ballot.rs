//! Ballots (DESIGN, "Ballots"): the choices, the rules an organiser sets when opening one, the count of
//! online votes and of a show of hands in the room, and what the count decides. The server stores and
//! counts; this module only judges, so every rule is tested here without a store.

use crate::document::VoteResult;
use crate::event::ParticipantCategory;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    For,
    Against,
    Abstain,
}

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::For, Choice::Against, Choice::Abstain];

    pub fn code(self) -> &'static str {
        match self {
            Choice::For => "for",
            Choice::Against => "against",
            Choice::Abstain => "abstain",
        }
    }

    pub fn from_code(code: &str) -> Option<Choice> {
        Choice::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// What decides a ballot once the quorum is met. Abstentions are votes cast, as in Russian meeting
/// practice: «воздержался» counts against a majority of votes cast.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Majority {
    /// More than half of the votes cast.
    OfCast,
    /// More than half of all eligible voters.
    OfAll,
    /// At least two thirds of the votes cast.
    TwoThirdsOfCast,
}

impl Majority {
    pub const ALL: [Majority; 3] = [Majority::OfCast, Majority::OfAll, Majority::TwoThirdsOfCast];

    pub fn code(self) -> &'static str {
        match self {
            Majority::OfCast => "of_cast",
            Majority::OfAll => "of_all",
            Majority::TwoThirdsOfCast => "two_thirds_of_cast",
        }
    }

    pub fn from_code(code: &str) -> Option<Majority> {
        Majority::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// Whether a ballot still takes votes; stored as `open` and `closed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BallotStatus {
    Open,
    Closed,
}

/// What is voted on: the frozen document as a whole, one of its items, or an amendment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Document,
    Item,
    Amendment,
}

impl Subject {
    pub const ALL: [Subject; 3] = [Subject::Document, Subject::Item, Subject::Amendment];

    pub fn code(self) -> &'static str {
        match self {
            Subject::Document => "document",
            Subject::Item => "item",
            Subject::Amendment => "amendment",
        }
    }

    pub fn from_code(code: &str) -> Option<Subject> {
        Subject::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The rules an organiser chooses when opening a ballot; fixed from then on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// Who voted how is kept apart from that they voted.
    pub secret: bool,
    /// The share of eligible voters, in percent, who must take part for the ballot to count.
    pub quorum: u8,
    pub majority: Majority,
    /// A voter may change their choice while the ballot is open (named ballots only).
    pub revote: bool,
    /// Counts are shown while the ballot is open; otherwise only at closing.
    pub live: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum BallotError {
    #[error("the quorum is a percentage from 0 to 100")]
    QuorumRange,
    /// Changing a secret vote would need a link between the voter and the choice.
    #[error("a secret ballot cannot allow changing a vote")]
    SecretRevote,
    #[error("nobody may vote")]
    NoVoters,
    #[error("more hands counted than people present")]
    TooManyHands,
}

impl Rules {
    pub fn validate(&self) -> Result<(), BallotError> {
        if self.quorum > 100 {
            return Err(BallotError::QuorumRange);
        }
        if self.secret && self.revote {
            return Err(BallotError::SecretRevote);
        }
        Ok(())
    }
}

/// Votes for each choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub in_favour: u32,
    pub against: u32,
    pub abstained: u32,
}

impl Tally {
    pub fn of(choices: impl IntoIterator<Item = Choice>) -> Tally {
        let mut t = Tally::default();
        for c in choices {
            t.add(c);
        }
        t
    }

    pub fn add(&mut self, choice: Choice) {
        *self.slot(choice) += 1;
    }

    /// Takes back a vote being changed.
    pub fn remove(&mut self, choice: Choice) {
        let slot = self.slot(choice);
        *slot = slot.saturating_sub(1);
    }

    fn slot(&mut self, choice: Choice) -> &mut u32 {
        match choice {
            Choice::For => &mut self.in_favour,
            Choice::Against => &mut self.against,
            Choice::Abstain => &mut self.abstained,
        }
    }

    pub fn cast(&self) -> u32 {
        self.in_favour + self.against + self.abstained
    }

    pub fn plus(&self, other: &Tally) -> Tally {
        Tally {
            in_favour: self.in_favour + other.in_favour,
            against: self.against + other.against,
            abstained: self.abstained + other.abstained,
        }
    }

    /// The genre's line: «Голосовали: «ЗА» — 25 чел., «Против» — нет, «Воздержались» — нет».
    pub fn vote_result(&self) -> VoteResult {
        VoteResult {
            in_favour: Some(self.in_favour),
            against: Some(self.against),
            abstained: Some(self.abstained),
            unanimous: false,
            wording: String::new(),
        }
    }
}

/// A show of hands: the hands counted among the voters marked present in the room (those who did not
/// vote online). Raising no hand is allowed, so the hands may be fewer than the people present.
pub fn check_hands(present: u32, hands: &Tally) -> Result<(), BallotError> {
    if hands.cast() > present {
        Err(BallotError::TooManyHands)
    } else {
        Ok(())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Adopted,
    Rejected,
    /// Too few took part: the ballot decides nothing, and another may be held.
    NoQuorum,
}

/// What a count decides. `took_part` is everyone who voted online or was present in the room.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub quorum_met: bool,
    pub outcome: Outcome,
}

pub fn decide(rules: &Rules, eligible: u32, took_part: u32, tally: &Tally) -> Decision {
    let (eligible, took_part) = (u64::from(eligible), u64::from(took_part));
    let quorum_met = eligible > 0 && took_part * 100 >= u64::from(rules.quorum) * eligible;
    let (yes, cast) = (u64::from(tally.in_favour), u64::from(tally.cast()));
    let passed = match rules.majority {
        Majority::OfCast => yes * 2 > cast,
        Majority::OfAll => yes * 2 > eligible,
        Majority::TwoThirdsOfCast => cast > 0 && yes * 3 >= cast * 2,
    };
    let outcome = match (quorum_met, passed) {
        (false, _) => Outcome::NoQuorum,
        (true, true) => Outcome::Adopted,
        (true, false) => Outcome::Rejected,
    };
    Decision { quorum_met, outcome }
}

/// One eligible voter as the count sees them: their category, whether they took part, and (for a named
/// ballot voting online) their choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Voter {
    pub category: ParticipantCategory,
    pub took_part: bool,
    pub choice: Option<Choice>,
}

/// A line of the breakdown by participant category. `tally` holds the online choices of a named ballot;
/// a secret ballot and a show of hands tell only who took part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryLine {
    pub category: ParticipantCategory,
    pub eligible: u32,
    pub took_part: u32,
    pub tally: Option<Tally>,
}

pub fn breakdown(voters: &[Voter], secret: bool) -> Vec<CategoryLine> {
    ParticipantCategory::ALL
        .into_iter()
        .filter_map(|category| {
            let of: Vec<&Voter> = voters.iter().filter(|v| v.category == category).collect();
            (!of.is_empty()).then(|| CategoryLine {
                category,
                eligible: of.len() as u32,
                took_part: of.iter().filter(|v| v.took_part).count() as u32,
                tally: (!secret).then(|| Tally::of(of.iter().filter_map(|v| v.choice))),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
