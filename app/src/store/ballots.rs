//! Tables `ballot`, `elector`, `voter` and `ballot_box`: ballots, their electors, the roll of who voted and
//! the secret ballot box.

use super::{new_key, valid_key, Store};
use crate::error::AppError;
use crate::ids::{BallotId, DocumentId, EventId, UserId};
use accord_domain::ballot::{BallotStatus, CategoryLine, Choice, Decision, Rules, Subject, Tally};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Clone, Debug, Deserialize)]
pub struct BallotRecord {
    pub id: BallotId,
    pub document: DocumentId,
    pub number: u32,
    pub version: u32,
    pub subject: Subject,
    pub subject_ref: String,
    pub subject_text: String,
    pub rules: Rules,
    pub eligible: u32,
    pub status: BallotStatus,
    pub closes_at: Option<String>,
    /// Seconds until the deadline when read (negative once past).
    pub closes_in: Option<i64>,
    pub opened_by: String,
    pub hands: Option<Tally>,
    pub result: Option<BallotResult>,
    pub closed_by: Option<String>,
}

impl BallotRecord {
    pub fn is_open(&self) -> bool {
        self.status == BallotStatus::Open
    }
}

/// What the server computed and stored at closing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotResult {
    pub tally: Tally,
    pub eligible: u32,
    pub took_part: u32,
    pub quorum_met: bool,
    pub outcome: accord_domain::ballot::Outcome,
    pub breakdown: Vec<CategoryLine>,
}

impl BallotResult {
    pub fn decision(&self) -> Decision {
        Decision { quorum_met: self.quorum_met, outcome: self.outcome }
    }
}

pub struct NewBallot<'a> {
    pub document: &'a DocumentId,
    pub event: &'a EventId,
    pub version: u32,
    pub subject: Subject,
    pub subject_ref: &'a str,
    pub subject_text: &'a str,
    pub rules: Rules,
    pub closes_in_minutes: Option<u32>,
    pub opened_by: &'a str,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ElectorRecord {
    pub user: UserId,
    pub name: String,
    pub category: accord_domain::ParticipantCategory,
}

#[derive(Clone, Debug, Deserialize)]
pub struct VoterRecord {
    pub user: UserId,
    pub via: Via,
    pub choice: Option<Choice>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    Online,
    Room,
}

const BALLOT_FIELDS: &str = "record::id(id) AS id, record::id(document) AS document, number, version, subject, \
    subject_ref, subject_text, rules, eligible, status, IF closes_at THEN <string> closes_at END AS closes_at, \
    IF closes_at THEN time::unix(closes_at) - time::unix() END AS closes_in, opened_by, hands, result, closed_by";

impl Store {
    /// Opens a ballot; its electors are the event's organisers and delegates at this moment.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn open_ballot(&self, b: &NewBallot<'_>) -> Result<BallotId, AppError> {
        let key = new_key();
        let result = self
            .query(
                "BEGIN TRANSACTION;
                 LET $electors = (SELECT user, full_name AS name, category FROM member
                   WHERE event = type::record('event', $event) AND role IN ['organiser', 'delegate']);
                 IF array::len($electors) = 0 { THROW 'no voters' };
                 LET $number = count(SELECT id FROM ballot WHERE document = type::record('document', $document)) + 1;
                 CREATE type::record('ballot', $key) SET document = type::record('document', $document),
                   number = $number, version = $version, subject = $subject, subject_ref = $subject_ref,
                   subject_text = $subject_text, rules = $rules, eligible = array::len($electors),
                   closes_at = IF $minutes THEN time::now() + duration::from_mins($minutes) END,
                   opened_by = $opened_by RETURN NONE;
                 FOR $e IN $electors {
                   CREATE elector SET ballot = type::record('ballot', $key), user = $e.user, name = $e.name,
                     category = $e.category RETURN NONE;
                 };
                 COMMIT TRANSACTION;",
                super::without_nulls(json!({
                    "key": key, "event": b.event, "document": b.document, "version": b.version,
                    "subject": b.subject, "subject_ref": b.subject_ref, "subject_text": b.subject_text,
                    "rules": b.rules, "minutes": b.closes_in_minutes, "opened_by": b.opened_by,
                })),
            )
            .await;
        match result {
            Ok(_) => Ok(key.into()),
            Err(e) if e.is_thrown("no voters") => Err(AppError::NoVoters),
            Err(e) if e.is_unique_violation() => Err(AppError::Conflict),
            Err(e) => Err(e.into()),
        }
    }

    /// The event a ballot's document belongs to (one field, not the document).
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn event_of_ballot(&self, key: &BallotId) -> Result<EventId, AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        let row: Value = self
            .one("SELECT record::id(document.event) AS event FROM type::record('ballot', $key)", json!({ "key": key }))
            .await?
            .ok_or(AppError::NotFound)?;
        row["event"].as_str().map(EventId::from).ok_or(AppError::NotFound)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn ballot(&self, key: &BallotId) -> Result<BallotRecord, AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        let sql = format!("SELECT {BALLOT_FIELDS} FROM type::record('ballot', $key)");
        self.one(&sql, json!({ "key": key })).await?.ok_or(AppError::NotFound)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(document = %document))]
    pub async fn ballots_of(&self, document: &DocumentId) -> Result<Vec<BallotRecord>, AppError> {
        let sql = format!(
            "SELECT {BALLOT_FIELDS} FROM ballot WHERE document = type::record('document', $document) ORDER BY number"
        );
        self.rows(&sql, json!({ "document": document })).await
    }

    /// Whole-document ballots closed with a decision whose document is still in voting: a close cut short.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn undecided_ballots(&self) -> Result<Vec<BallotRecord>, AppError> {
        let sql = format!(
            "SELECT {BALLOT_FIELDS} FROM ballot WHERE status = 'closed' AND subject = 'document'
               AND result.outcome IN ['adopted', 'rejected'] AND document.state = 'voting'"
        );
        self.rows(&sql, json!({})).await
    }

    /// Open ballots with a deadline, and the seconds left until it (negative once past).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn deadlines(&self) -> Result<Vec<(BallotId, i64)>, AppError> {
        let rows: Vec<Value> = self
            .rows(
                "SELECT record::id(id) AS id, time::unix(closes_at) - time::unix() AS left FROM ballot
                 WHERE status = 'open' AND closes_at != NONE",
                json!({}),
            )
            .await?;
        Ok(rows.into_iter().filter_map(|r| Some((r["id"].as_str()?.into(), r["left"].as_i64()?))).collect())
    }

    /// The open ballots whose deadline is less than `secs` away.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ballots_closing_within(&self, secs: i64) -> Result<Vec<BallotId>, AppError> {
        Ok(self.deadlines().await?.into_iter().filter(|(_, left)| *left < secs).map(|(id, _)| id).collect())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(ballot = %ballot))]
    pub async fn electors(&self, ballot: &BallotId) -> Result<Vec<ElectorRecord>, AppError> {
        self.rows(
            "SELECT record::id(user) AS user, name, category FROM elector
             WHERE ballot = type::record('ballot', $ballot) ORDER BY name",
            json!({ "ballot": ballot }),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(ballot = %ballot))]
    pub async fn voters(&self, ballot: &BallotId) -> Result<Vec<VoterRecord>, AppError> {
        self.rows(
            "SELECT record::id(user) AS user, via, choice FROM voter WHERE ballot = type::record('ballot', $ballot)",
            json!({ "ballot": ballot }),
        )
        .await
    }

    /// The choices in a secret ballot's box.
    #[tracing::instrument(level = "debug", skip_all, fields(ballot = %ballot))]
    pub async fn ballot_box(&self, ballot: &BallotId) -> Result<Tally, AppError> {
        let rows: Vec<Value> = self
            .rows(
                "SELECT choice, count() AS n FROM ballot_box WHERE ballot = type::record('ballot', $ballot)
                 GROUP BY choice",
                json!({ "ballot": ballot }),
            )
            .await?;
        let mut tally = Tally::default();
        for row in rows {
            if let Some(choice) = row["choice"].as_str().and_then(Choice::from_code) {
                for _ in 0..row["n"].as_u64().unwrap_or(0) {
                    tally.add(choice);
                }
            }
        }
        Ok(tally)
    }

    /// Records a named vote: the roll holds the choice. A second vote by the same person is refused by the
    /// roll's unique index.
    #[tracing::instrument(level = "debug", skip_all, fields(ballot = %ballot, user = %user))]
    pub async fn cast(&self, ballot: &BallotId, user: &UserId, choice: Choice) -> Result<(), AppError> {
        self.roll_write(
            "CREATE voter SET ballot = type::record('ballot', $ballot), user = type::record('user', $user),
               via = 'online', choice = $choice, at = time::now() RETURN NONE;",
            json!({ "ballot": ballot, "user": user, "choice": choice }),
        )
        .await
    }

    /// Records secret votes together (`ballots::urn`): in one transaction, the roll rows, which hold only who
    /// voted, and the box rows, which hold only the choices, in an order drawn from `rng`. Returns the voters
    /// refused because they were on the roll already (another server wrote them); the others are recorded.
    #[tracing::instrument(level = "debug", skip_all, fields(ballot = %ballot, votes = votes.len()))]
    pub async fn cast_secret(
        &self,
        ballot: &BallotId,
        votes: &[(UserId, Choice)],
        rng: &mut fastrand::Rng,
    ) -> Result<Vec<UserId>, AppError> {
        let sql = guarded(
            "FOR $user IN $users {
               CREATE voter SET ballot = type::record('ballot', $ballot), user = type::record('user', $user),
                 via = 'online' RETURN NONE;
             };
             FOR $choice IN $choices {
               CREATE ballot_box SET ballot = type::record('ballot', $ballot), choice = $choice RETURN NONE;
             };",
        );
        let mut refused = Vec::new();
        let mut votes = votes.to_vec();
        for attempt in 0..5u64 {
            if votes.is_empty() {
                break;
            }
            if attempt > 0 {
                // After a conflict (another transaction on the ballot's rows) or a voter found on the roll: wait
                // a little, longer each time, so two batches do not meet again at once.
                tokio::time::sleep(std::time::Duration::from_millis(rng.u64(5..25) * attempt)).await;
            }
            let users: Vec<&UserId> = votes.iter().map(|(user, _)| user).collect();
            let mut choices: Vec<Choice> = votes.iter().map(|(_, choice)| *choice).collect();
            rng.shuffle(&mut choices);
            match self.query(&sql, json!({ "ballot": ballot, "users": users, "choices": choices })).await {
                Ok(_) => return Ok(refused),
                Err(e) if e.is_conflict() => continue,
                Err(e) if e.is_thrown(CLOSED) => return Err(AppError::BallotClosed),
                Err(e) if e.is_unique_violation() => {
                    let on_roll = self.on_roll(ballot, &users).await?;
                    if on_roll.is_empty() {
                        return Err(e.into());
                    }
                    votes.retain(|(user, _)| !on_roll.contains(user));
                    refused.extend(on_roll);
                }
                Err(e) => return Err(e.into()),
            }
        }
        if votes.is_empty() {
            Ok(refused)
        } else {
            Err(AppError::Unexpected)
        }
    }

    /// Which of `users` are on the ballot's roll.
    async fn on_roll(&self, ballot: &BallotId, users: &[&UserId]) -> Result<Vec<UserId>, AppError> {
        let rows: Vec<Value> = self
            .rows(
                "SELECT record::id(user) AS user FROM voter WHERE ballot = type::record('ballot', $ballot)
                   AND record::id(user) IN $users",
                json!({ "ballot": ballot, "users": users }),
            )
            .await?;
        Ok(rows.iter().filter_map(|row| row["user"].as_str()).map(UserId::new).collect())
    }

    /// A named vote changed while the ballot is open (when its rules allow it).
    #[tracing::instrument(level = "debug", skip_all, fields(ballot = %ballot, user = %user))]
    pub async fn change_vote(&self, ballot: &BallotId, user: &UserId, choice: Choice) -> Result<(), AppError> {
        self.roll_write(
            "UPDATE voter SET choice = $choice, at = time::now()
             WHERE ballot = type::record('ballot', $ballot) AND user = type::record('user', $user) AND via = 'online'
             RETURN NONE;",
            json!({ "ballot": ballot, "user": user, "choice": choice }),
        )
        .await
    }

    /// Marks a voter present in the room: they take part through the show of hands, not online.
    #[tracing::instrument(level = "debug", skip_all, fields(ballot = %ballot))]
    pub async fn mark_present(&self, ballot: &BallotId, users: &[UserId]) -> Result<(), AppError> {
        self.roll_write(
            "FOR $u IN $users {
               CREATE voter SET ballot = type::record('ballot', $ballot), user = type::record('user', $u),
                 via = 'room' RETURN NONE;
             };",
            json!({ "ballot": ballot, "users": users }),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(ballot = %ballot, user = %user))]
    pub async fn unmark_present(&self, ballot: &BallotId, user: &UserId) -> Result<(), AppError> {
        self.roll_write(
            "DELETE voter WHERE ballot = type::record('ballot', $ballot) AND user = type::record('user', $user)
               AND via = 'room';",
            json!({ "ballot": ballot, "user": user }),
        )
        .await
    }

    /// Records the show of hands once; false if it was recorded already or the ballot closed.
    #[tracing::instrument(level = "debug", skip_all, fields(ballot = %ballot))]
    pub async fn record_hands(&self, ballot: &BallotId, hands: &Tally) -> Result<bool, AppError> {
        let rows: Vec<Value> = self
            .rows(
                "UPDATE type::record('ballot', $ballot) SET hands = $hands
                 WHERE status = 'open' AND closing = NONE AND hands = NONE RETURN record::id(id) AS id",
                json!({ "ballot": ballot, "hands": hands }),
            )
            .await?;
        Ok(!rows.is_empty())
    }

    /// The first step of closing a ballot: from now on no vote is taken (each vote's transaction reads
    /// `closing` with `FOR UPDATE`, so one that read it unset and commits after this conflicts, and is run
    /// again). False if the ballot is closed or being closed already.
    #[tracing::instrument(level = "debug", skip_all, fields(ballot = %ballot))]
    pub async fn begin_closing(&self, ballot: &BallotId, by: &str) -> Result<bool, AppError> {
        let rows: Vec<Value> = self
            .retried(
                "UPDATE type::record('ballot', $ballot) SET closing = time::now(), closing_by = $by
                 WHERE status = 'open' AND closing = NONE RETURN record::id(id) AS id",
                json!({ "ballot": ballot, "by": by }),
            )
            .await?;
        Ok(!rows.is_empty())
    }

    /// The second step: closes a ballot being closed with its result; false if another server did.
    #[tracing::instrument(level = "debug", skip_all, fields(ballot = %ballot))]
    pub async fn close_ballot(&self, ballot: &BallotId, result: &BallotResult) -> Result<bool, AppError> {
        let rows: Vec<Value> = self
            .retried(
                "UPDATE type::record('ballot', $ballot) SET status = 'closed', result = $result, closed_by = closing_by,
                   closed_at = time::now() WHERE status = 'open' AND closing != NONE RETURN record::id(id) AS id",
                json!({ "ballot": ballot, "result": result }),
            )
            .await?;
        Ok(!rows.is_empty())
    }

    /// Ballots whose close was begun more than `secs` seconds ago and not finished (its server stopped in
    /// between), with who closes them.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn closings_cut_short(&self, secs: u32) -> Result<Vec<(BallotId, String)>, AppError> {
        let rows: Vec<Value> = self
            .rows(
                "SELECT record::id(id) AS id, closing_by FROM ballot
                 WHERE status = 'open' AND closing != NONE AND closing < time::now() - duration::from_secs($secs)",
                json!({ "secs": secs }),
            )
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| Some((r["id"].as_str()?.into(), r["closing_by"].as_str().unwrap_or_default().to_string())))
            .collect())
    }

    /// Runs a statement, again after a conflict with another transaction on the same rows.
    async fn retried<T: serde::de::DeserializeOwned>(&self, sql: &str, vars: Value) -> Result<Vec<T>, AppError> {
        let mut response = super::again_on_conflict(|| self.query(sql, vars.clone())).await?;
        Ok(Self::take(sql, &mut response, 0)?)
    }

    /// A change to a ballot's roll (`guarded`); a second vote of one person is refused by the roll's unique
    /// index.
    async fn roll_write(&self, sql: &str, vars: Value) -> Result<(), AppError> {
        let sql = guarded(sql);
        match super::again_on_conflict(|| self.query(&sql, vars.clone())).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_thrown(CLOSED) => Err(AppError::BallotClosed),
            Err(e) if e.is_unique_violation() => Err(AppError::AlreadyVoted),
            Err(e) => Err(e.into()),
        }
    }
}

/// What a roll write throws when the ballot is closed or being closed.
const CLOSED: &str = "ballot closed";

/// `sql` (statements changing a ballot's roll, `$ballot` bound) in a transaction that first reads, locked
/// (`FOR UPDATE`), that the ballot is open and not being closed: a close begun meanwhile on any server
/// (`begin_closing`) conflicts with it, and it runs again and is refused.
fn guarded(sql: &str) -> String {
    format!(
        "BEGIN TRANSACTION;
         IF !(SELECT VALUE status = 'open' AND closing = NONE FROM ONLY type::record('ballot', $ballot) FOR UPDATE)
           {{ THROW '{CLOSED}' }};
         {sql}
         COMMIT TRANSACTION;"
    )
}
