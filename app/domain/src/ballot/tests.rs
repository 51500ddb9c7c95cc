use super::*;
use proptest::prelude::*;

fn rules(quorum: u8, majority: Majority) -> Rules {
    Rules { secret: false, quorum, majority, revote: false, live: true }
}

fn choice() -> impl Strategy<Value = Choice> {
    prop_oneof![Just(Choice::For), Just(Choice::Against), Just(Choice::Abstain)]
}

fn majority() -> impl Strategy<Value = Majority> {
    prop_oneof![Just(Majority::OfCast), Just(Majority::OfAll), Just(Majority::TwoThirdsOfCast)]
}

#[test]
fn the_seminar_vote() {
    let t = Tally { in_favour: 25, against: 0, abstained: 0 };
    let d = decide(&rules(50, Majority::OfCast), 25, 25, &t);
    assert_eq!(d, Decision { quorum_met: true, outcome: Outcome::Adopted });
    assert_eq!(t.vote_result().line(), "Голосовали: «ЗА» — 25\u{a0}чел., «Против» — нет, «Воздержались» — нет");
}

#[test]
fn majorities_at_their_edges() {
    let of_cast = rules(0, Majority::OfCast);
    // 5 of 10 cast is not more than half; abstentions are votes cast.
    assert_eq!(decide(&of_cast, 20, 10, &Tally { in_favour: 5, against: 5, abstained: 0 }).outcome, Outcome::Rejected);
    assert_eq!(decide(&of_cast, 20, 10, &Tally { in_favour: 5, against: 1, abstained: 4 }).outcome, Outcome::Rejected);
    assert_eq!(decide(&of_cast, 20, 10, &Tally { in_favour: 6, against: 4, abstained: 0 }).outcome, Outcome::Adopted);
    let of_all = rules(0, Majority::OfAll);
    assert_eq!(decide(&of_all, 20, 10, &Tally { in_favour: 10, ..Default::default() }).outcome, Outcome::Rejected);
    assert_eq!(decide(&of_all, 20, 11, &Tally { in_favour: 11, ..Default::default() }).outcome, Outcome::Adopted);
    let two_thirds = rules(0, Majority::TwoThirdsOfCast);
    assert_eq!(decide(&two_thirds, 9, 9, &Tally { in_favour: 6, against: 3, abstained: 0 }).outcome, Outcome::Adopted);
    assert_eq!(decide(&two_thirds, 9, 9, &Tally { in_favour: 5, against: 3, abstained: 1 }).outcome, Outcome::Rejected);
    assert_eq!(decide(&two_thirds, 9, 0, &Tally::default()).outcome, Outcome::Rejected, "nothing cast adopts nothing");
}

#[test]
fn quorum_at_its_edge() {
    let r = rules(50, Majority::OfCast);
    let yes = Tally { in_favour: 5, ..Default::default() };
    assert_eq!(decide(&r, 11, 5, &yes).outcome, Outcome::NoQuorum, "5 of 11 is under half");
    assert_eq!(decide(&r, 10, 5, &yes).outcome, Outcome::Adopted, "5 of 10 is half");
    assert!(!decide(&rules(0, Majority::OfCast), 0, 0, &Tally::default()).quorum_met, "no voters, no quorum");
}

#[test]
fn rules_are_checked() {
    assert_eq!(Rules { quorum: 101, ..rules(0, Majority::OfCast) }.validate(), Err(BallotError::QuorumRange));
    let secret_revote = Rules { secret: true, revote: true, ..rules(50, Majority::OfCast) };
    assert_eq!(secret_revote.validate(), Err(BallotError::SecretRevote));
    assert_eq!(check_hands(3, &Tally { in_favour: 2, against: 1, abstained: 1 }), Err(BallotError::TooManyHands));
    assert_eq!(check_hands(4, &Tally { in_favour: 2, against: 1, abstained: 0 }), Ok(()));
}

#[test]
fn codes_round_trip() {
    for c in Choice::ALL {
        assert_eq!(Choice::from_code(c.code()), Some(c));
    }
    for m in Majority::ALL {
        assert_eq!(Majority::from_code(m.code()), Some(m));
    }
    for s in Subject::ALL {
        assert_eq!(Subject::from_code(s.code()), Some(s));
    }
}

#[test]
fn a_secret_breakdown_tells_only_who_took_part() {
    use ParticipantCategory::*;
    let voters = [
        Voter { category: Ngo, took_part: true, choice: Some(Choice::For) },
        Voter { category: Ngo, took_part: false, choice: None },
        Voter { category: StateBody, took_part: true, choice: None },
    ];
    let named = breakdown(&voters, false);
    assert_eq!(named[0].category, StateBody, "categories in their fixed order");
    assert_eq!(
        named[1],
        CategoryLine { category: Ngo, eligible: 2, took_part: 1, tally: Some(Tally::of([Choice::For])) }
    );
    assert!(breakdown(&voters, true).iter().all(|l| l.tally.is_none()));
}

proptest! {
    #[test]
    fn a_tally_counts_every_vote_once(choices in prop::collection::vec(choice(), 0..300)) {
        let t = Tally::of(choices.iter().copied());
        prop_assert_eq!(t.cast() as usize, choices.len());
        prop_assert_eq!(t.in_favour as usize, choices.iter().filter(|c| **c == Choice::For).count());
        let (online, room) = choices.split_at(choices.len() / 2);
        prop_assert_eq!(Tally::of(online.iter().copied()).plus(&Tally::of(room.iter().copied())), t);
        let mut changed = t;
        if let Some(first) = choices.first() {
            changed.remove(*first);
            changed.add(Choice::Against);
            prop_assert_eq!(changed.cast(), t.cast());
        }
    }

    #[test]
    fn decisions_follow_the_rules(
        eligible in 0u32..500,
        part in 0.0f64..=1.0,
        split in prop::collection::vec(choice(), 0..500),
        quorum in 0u8..=100,
        m in majority(),
    ) {
        let took_part = ((eligible as f64) * part) as u32;
        let tally = Tally::of(split.into_iter().take(took_part as usize));
        let d = decide(&rules(quorum, m), eligible, took_part, &tally);
        // The quorum, exactly: took_part / eligible >= quorum / 100.
        prop_assert_eq!(d.quorum_met, eligible > 0 && (took_part as u64) * 100 >= (quorum as u64) * (eligible as u64));
        if !d.quorum_met {
            prop_assert_eq!(d.outcome, Outcome::NoQuorum);
        } else {
            let yes = tally.in_favour as f64;
            let passed = match m {
                Majority::OfCast => yes > tally.cast() as f64 / 2.0,
                Majority::OfAll => yes > eligible as f64 / 2.0,
                Majority::TwoThirdsOfCast => tally.cast() > 0 && yes >= tally.cast() as f64 * 2.0 / 3.0 - 1e-9,
            };
            prop_assert_eq!(d.outcome == Outcome::Adopted, passed);
            // One more vote in favour never turns adoption into rejection.
            let mut more = tally;
            more.add(Choice::For);
            let after = decide(&rules(quorum, m), eligible + 1, took_part + 1, &more);
            if d.outcome == Outcome::Adopted && m != Majority::OfAll {
                prop_assert_eq!(after.outcome, Outcome::Adopted);
            }
        }
        // The stricter rule never adopts what the simpler one rejects.
        let simple = decide(&rules(quorum, Majority::OfCast), eligible, took_part, &tally);
        let strict = decide(&rules(quorum, Majority::TwoThirdsOfCast), eligible, took_part, &tally);
        prop_assert!(!(strict.outcome == Outcome::Adopted && simple.outcome != Outcome::Adopted));
    }
}

#[test]
fn a_ballot_status_is_stored_as_the_word_it_always_was() {
    assert_eq!(serde_json::to_string(&BallotStatus::Open).unwrap(), "\"open\"");
    assert_eq!(serde_json::from_str::<BallotStatus>("\"closed\"").unwrap(), BallotStatus::Closed);
    assert!(serde_json::from_str::<BallotStatus>("\"maybe\"").is_err());
}
