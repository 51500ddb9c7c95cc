//! The ballots panel as a caller sees it (server only): what is shown depends on the ballot's rules
//! (secret, live tally) and on the caller's part in the event.

use crate::ballots::Snapshot;
use crate::ids::UserId;
use crate::model::{BallotView, MyVote, NamedVote, ResultView, RollLine, VersionView};
use crate::store::ballots::Via;
use crate::store::versions::VersionRecord;

pub fn version_views(versions: Vec<VersionRecord>) -> Vec<VersionView> {
    versions
        .into_iter()
        .map(|v| VersionView { number: v.number, sha256: v.sha256, frozen_by: v.frozen_by, created_at: v.created_at })
        .collect()
}

/// `me` is the signed-in caller; `member` says they take part in the event; `runs` that they run its ballots.
pub fn ballot_view(s: &Snapshot, me: Option<&UserId>, member: bool, runs: bool) -> BallotView {
    let r = &s.record;
    let open = r.is_open();
    let result = r.result.as_ref().map(|res| ResultView {
        tally: res.tally,
        eligible: res.eligible,
        took_part: res.took_part,
        quorum_met: res.quorum_met,
        outcome: res.outcome,
        line: res.tally.vote_result().line(),
        breakdown: res.breakdown.clone(),
    });
    let shown = !open || r.rules.live;
    let tally = match &r.result {
        Some(res) => Some(res.tally),
        None => shown.then(|| s.online.plus(&r.hands.unwrap_or_default())),
    };
    let my_vote = me.and_then(|me| match s.voted.get(me)? {
        Via::Room => Some(MyVote::Room),
        Via::Online if r.rules.secret => Some(MyVote::Secret),
        Via::Online => s.choices.get(me).map(|c| MyVote::Named(*c)),
    });
    let eligible_me = me.is_some_and(|me| s.electors.contains_key(me));
    let can_vote = open
        && eligible_me
        && match my_vote {
            None => true,
            Some(MyVote::Named(_)) => r.rules.revote,
            Some(_) => false,
        };
    let mut named: Vec<NamedVote> = if member && shown && !r.rules.secret {
        s.voted
            .iter()
            .filter_map(|(user, via)| {
                let name = s.electors.get(user)?.name.clone();
                Some(NamedVote { name, choice: if *via == Via::Online { s.choices.get(user).copied() } else { None } })
            })
            .collect()
    } else {
        Vec::new()
    };
    named.sort_by(|a, b| a.name.cmp(&b.name));
    let mut roll: Vec<RollLine> = if runs && open {
        s.electors
            .values()
            .map(|e| RollLine {
                user: e.user.clone(),
                name: e.name.clone(),
                via: match s.voted.get(&e.user) {
                    Some(Via::Online) => "online",
                    Some(Via::Room) => "room",
                    None => "",
                }
                .to_string(),
            })
            .collect()
    } else {
        Vec::new()
    };
    roll.sort_by(|a, b| a.name.cmp(&b.name));
    BallotView {
        id: r.id.clone(),
        number: r.number,
        version: r.version,
        subject: r.subject,
        subject_text: r.subject_text.clone(),
        rules: r.rules,
        open,
        closes_at: r.closes_at.clone(),
        closes_in_minutes: r.closes_in.filter(|_| open).map(|s| (s.max(0) + 59) / 60),
        eligible: r.eligible,
        took_part: s.voted.len() as u32,
        present: s.present(),
        tally,
        hands: r.hands,
        my_vote,
        can_vote,
        named,
        roll,
        result,
    }
}
