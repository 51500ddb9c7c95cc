//! Ballots on a document in voting: open, vote, mark who is in the room, record a show of hands, close.
//! Each checks the caller's role in the ballot's event and the document's stage, and is recorded in the
//! audit log; the tallies reach open pages through the document's event stream.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use super::scope::Scope;
use crate::error::AppError;
use crate::ids::{AmendmentId, BallotId, DocumentId, UserId};
use crate::model::{BallotsPanel, Html};
#[cfg(feature = "ssr")]
use accord_domain::audit::AuditAction;
use leptos::prelude::*;

/// None while the document is drafted or reviewed: ballots start with voting.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn get_ballots(id: DocumentId) -> Result<Option<BallotsPanel>, AppError> {
    super::context::answer(ballots_panel(id).await)
}

/// The ballots panel's body as the reading page shows it (`pages::documents::document_reading`); the workspace
/// has it with its other parts (`server_fns::workspace`).
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn ballots_html(id: DocumentId) -> Result<Option<Html>, AppError> {
    super::context::answer(ballots_markup(super::context::lang(), &id).await)
}

#[cfg(feature = "ssr")]
pub(super) async fn ballots_markup(lang: crate::i18n::Lang, id: &DocumentId) -> Result<Option<Html>, AppError> {
    let panel = ballots_panel(id.clone()).await?;
    Ok(panel.map(|p| crate::pages::documents::ballot_markup::panel_markup(lang, &p, id).into()))
}

#[cfg(feature = "ssr")]
async fn ballots_panel(id: DocumentId) -> Result<Option<BallotsPanel>, AppError> {
    use crate::services::ballots as views;
    use accord_domain::{allows, Action, State};
    let scope = Scope::of(&id).await?;
    if matches!(scope.row.state, State::Drafting | State::Review) {
        return Ok(None);
    }
    let ballots = super::context::ballots()?;
    let me = scope.user.as_ref().map(|u| &u.id);
    let member = scope.caller.role.is_some();
    let runs = allows(scope.caller, Action::RunBallot(scope.row.state));
    let mut views_of = Vec::new();
    for record in scope.store.ballots_of(&id).await? {
        let snapshot = ballots.snapshot(&record.id).await?;
        views_of.push(views::ballot_view(&snapshot, me, member, runs));
    }
    let (items, amendments) = if runs {
        let reading = super::context::rooms()?.read_document(&id).await?;
        let items = crate::services::discussion::item_choices(&reading.document);
        let amendments = scope
            .store
            .amendments_of(&id)
            .await?
            .into_iter()
            .filter(|a| a.status == accord_domain::discussion::Decision::Open)
            .map(|a| crate::model::ItemChoice {
                id: a.id.to_string(),
                label: format!("№{} — {}", a.number, a.author_name),
                amendable: false,
            })
            .collect();
        (items, amendments)
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Some(BallotsPanel {
        state: scope.row.state,
        versions: views::version_views(scope.store.versions(&id).await?),
        ballots: views_of,
        can_run: runs,
        items,
        amendments,
    }))
}

#[cfg(feature = "ssr")]
fn flag(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|v| !v.is_empty() && v != "off")
}

#[cfg(feature = "ssr")]
fn count(field: &str, raw: &str, max: u32) -> Result<u32, AppError> {
    use accord_domain::text::Problem;
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(0);
    }
    match raw.parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(AppError::invalid(field, Problem::Unknown)),
    }
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn open_ballot(
    id: DocumentId,
    subject: String,
    #[server(default)] item: Option<String>,
    #[server(default)] amendment: Option<AmendmentId>,
    #[server(default)] secret: Option<String>,
    quorum: String,
    majority: String,
    #[server(default)] revote: Option<String>,
    #[server(default)] live: Option<String>,
    #[server(default)] minutes: Option<String>,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::ballot::{Majority, Rules, Subject};
            use accord_domain::text::Problem;
            use accord_domain::Action;
            let scope = Scope::of(&id).await?;
            let user = scope.require(Action::RunBallot(scope.row.state))?;
            let subject = Subject::from_code(&subject).ok_or(AppError::invalid("subject", Problem::Unknown))?;
            let rules = Rules {
                secret: flag(&secret),
                quorum: count("quorum", &quorum, 100)? as u8,
                majority: Majority::from_code(&majority).ok_or(AppError::invalid("majority", Problem::Unknown))?,
                revote: flag(&revote),
                live: flag(&live),
            };
            rules.validate().map_err(|e| match e {
                accord_domain::ballot::BallotError::SecretRevote => AppError::invalid("revote", Problem::Unknown),
                _ => AppError::invalid("quorum", Problem::Unknown),
            })?;
            let minutes = match minutes.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
                Some(m) => Some(count("minutes", m, 7 * 24 * 60)?).filter(|m| *m > 0),
                None => None,
            };
            let reading = super::context::rooms()?.read_document(&id).await?;
            let (subject_ref, subject_text) = match subject {
                Subject::Document => {
                    let open = scope.store.ballots_of(&id).await?;
                    if open.iter().any(|b| b.is_open() && b.subject == Subject::Document) {
                        return Err(AppError::BallotOpen);
                    }
                    (String::new(), reading.document.header.title.clone())
                }
                Subject::Item => {
                    let key = item.unwrap_or_default();
                    let found = accord_domain::ItemId::parse(&key)
                        .and_then(|id| reading.document.find_item(&id).map(|(_, i)| i.text.clone()));
                    (key, found.ok_or(AppError::ItemGone)?)
                }
                Subject::Amendment => {
                    let key = amendment.unwrap_or_default();
                    let (doc, a) = scope.store.amendment(&key).await?;
                    if doc != id {
                        return Err(AppError::NotFound);
                    }
                    use accord_domain::discussion::Change;
                    let wording = match &a.change {
                        Change::Replace { text, .. } => format!("«{}» → «{text}»", a.base),
                        Change::Insert { text, .. } => format!("+ «{text}»"),
                        Change::Delete { .. } => format!("− «{}»", a.base),
                    };
                    (key.to_string(), format!("№{}: {wording}", a.number))
                }
            };
            let version = scope.store.versions(&id).await?.last().map(|v| v.number).ok_or(AppError::Conflict)?;
            let ballot = scope
                .store
                .open_ballot(&crate::store::ballots::NewBallot {
                    document: &id,
                    event: &scope.row.event_id,
                    version,
                    subject,
                    subject_ref: &subject_ref,
                    subject_text: &subject_text,
                    rules,
                    closes_in_minutes: minutes,
                    opened_by: &user.name,
                })
                .await?;
            let ballots = super::context::ballots()?;
            if minutes.is_some() {
                ballots.deadline_set();
            }
            scope.audit(AuditAction::BallotOpened, &format!("{id}: {ballot} ({})", subject.code())).await?;
            let title = &reading.document.header.title;
            crate::services::notices::logged(
                crate::services::notices::ballot_opened(&scope.store, &ballot, &id, title, &user.id).await,
            );
            scope.announce(crate::live_update::LiveUpdate::Ballots)
        }
        .await,
    )
}

/// The ballot's document, with the caller's standing, for an action on the ballot.
#[cfg(feature = "ssr")]
async fn ballot_scope(
    ballot: &BallotId,
    action: fn(accord_domain::State) -> accord_domain::Action,
) -> Result<(Scope, crate::model::UserRow), AppError> {
    let record = super::context::store()?.ballot(ballot).await?;
    let scope = Scope::of(&record.document).await?;
    let user = scope.require(action(scope.row.state))?.clone();
    Ok((scope, user))
}

/// The hot path of a ballot: the caller's role is the only query besides the vote itself.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(ballot = %ballot)))]
pub async fn cast_vote(ballot: BallotId, choice: String) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::ballot::Choice;
            use accord_domain::text::Problem;
            use accord_domain::{allows, Action, State};
            let ballots = super::context::ballots()?;
            let event = match ballots.event_of_open(&ballot).await {
                Err(AppError::BallotClosed) => {
                    // A closed ballot is told as such only to those who may read its document.
                    Scope::of(&super::context::store()?.ballot(&ballot).await?.document).await?;
                    return Err(AppError::BallotClosed);
                }
                other => other?,
            };
            let (user, caller) = super::context::caller_in(&event).await?;
            if !allows(caller, Action::Vote(State::Voting)) {
                // The vote is checked without reading the document first, and refused as reading it would be.
                return Err(match caller.role {
                    None => crate::services::access::members_only(caller),
                    Some(_) => AppError::Forbidden,
                });
            }
            let user = user.ok_or(AppError::Unauthenticated)?;
            let choice = Choice::from_code(&choice).ok_or(AppError::invalid("choice", Problem::Unknown))?;
            ballots.vote(&ballot, &user.id, choice).await?;
            Ok(())
        }
        .await,
    )
}

/// Marks one elector (`user`) present in the room, or everyone who has not voted when `user` is empty;
/// `present` = "no" takes a mark back.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(ballot = %ballot)))]
pub async fn mark_present(
    ballot: BallotId,
    #[server(default)] user: Option<UserId>,
    #[server(default)] present: Option<String>,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            let (scope, _) = ballot_scope(&ballot, accord_domain::Action::RunBallot).await?;
            let users: Vec<UserId> = user.into_iter().filter(|u| !u.is_empty()).collect();
            let present = present.as_deref() != Some("no");
            if !present && users.is_empty() {
                return Err(AppError::NotFound);
            }
            super::context::ballots()?.mark_present(&ballot, &users, present).await?;
            let who = if users.is_empty() {
                "все не голосовавшие".to_string()
            } else {
                users.iter().map(UserId::as_str).collect::<Vec<_>>().join(",")
            };
            scope
                .audit(
                    if present { AuditAction::Present } else { AuditAction::NotPresent },
                    &format!("{ballot}: {who}"),
                )
                .await
        }
        .await,
    )
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(ballot = %ballot)))]
pub async fn record_hands(
    ballot: BallotId,
    in_favour: String,
    against: String,
    abstained: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::ballot::Tally;
            let (scope, _) = ballot_scope(&ballot, accord_domain::Action::RunBallot).await?;
            let hands = Tally {
                in_favour: count("in_favour", &in_favour, 100_000)?,
                against: count("against", &against, 100_000)?,
                abstained: count("abstained", &abstained, 100_000)?,
            };
            super::context::ballots()?.record_hands(&ballot, hands).await?;
            let detail =
                format!("{ballot}: за {}, против {}, воздержались {}", hands.in_favour, hands.against, hands.abstained);
            scope.audit(AuditAction::Hands, &detail).await
        }
        .await,
    )
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(ballot = %ballot)))]
pub async fn close_ballot(ballot: BallotId) -> Result<(), AppError> {
    super::context::answer(
        async move {
            let (_, user) = ballot_scope(&ballot, accord_domain::Action::RunBallot).await?;
            super::context::ballots()?.close(&ballot, Some(&user)).await
        }
        .await,
    )
}
