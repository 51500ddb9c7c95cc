//! Who is told what, when something happens (server only). Each function writes notices (`Store::tell`) in
//! Russian and English; each person gets the language they chose for their messages, and the server's sender
//! mails them as each person chose.

use crate::error::AppError;
use crate::ids::{BallotId, DocumentId, UserId};
use crate::store::notices::{NewNotice, Words};
use crate::store::Store;
use accord_domain::notices::Kind;

/// A notice that could not be written does not undo what it tells of: it is logged.
pub fn logged(written: Result<(), AppError>) {
    if let Err(e) = written {
        tracing::warn!("a notice was not written: {e}");
    }
}

/// `2026-12-02T15:04:05.123Z` as `2026-12-02 15:04`.
fn minutes(at: &str) -> String {
    at.replace('T', " ").chars().take(16).collect()
}

fn document_link(document: &DocumentId) -> String {
    format!("/documents/{document}")
}

fn words(subject: String, body: String) -> Words {
    Words { subject, body }
}

/// An unsubscribe link followed (`/unsubscribe` opened, or posted to by a mail client, RFC 8058): stops what
/// it names if its signature holds; a link that does not hold changes nothing and is refused as not found.
pub async fn unsubscribe(store: &Store, user: &str, what: &str, signature: &str) -> Result<(), AppError> {
    let secret = store.notice_secret().await?;
    if !crate::store::valid_key(user) || !accord_domain::notices::unsubscribe_signed(&secret, user, what, signature) {
        return Err(AppError::NotFound);
    }
    store.stop_mailing(&UserId::from(user), what).await
}

/// A ballot was opened: everyone who may vote in it, but the one who opened it.
pub async fn ballot_opened(
    store: &Store,
    ballot: &BallotId,
    document: &DocumentId,
    title: &str,
    opener: &UserId,
) -> Result<(), AppError> {
    let record = store.ballot(ballot).await?;
    let electors: Vec<UserId> =
        store.electors(ballot).await?.into_iter().map(|e| e.user).filter(|u| u != opener).collect();
    let (n, subject) = (record.number, &record.subject_text);
    let (ru_deadline, en_deadline) = match &record.closes_at {
        Some(at) => (
            format!("Голосование закроется {} (UTC).", minutes(at)),
            format!("The ballot closes at {} (UTC).", minutes(at)),
        ),
        None => (
            "Срок не назначен: голосование закроет организатор.".to_string(),
            "No deadline: the organiser closes the ballot.".to_string(),
        ),
    };
    let notice = NewNotice {
        kind: Kind::BallotOpened,
        key: format!("ballot_opened:{ballot}"),
        ru: words(
            format!("Открыто голосование № {n}: {title}"),
            format!("Голосование № {n} — {subject}.\n{ru_deadline}"),
        ),
        en: words(format!("Ballot No. {n} is open: {title}"), format!("Ballot No. {n} — {subject}.\n{en_deadline}")),
        link: document_link(document),
    };
    store.tell(&electors, &notice).await
}

/// An hour before the deadline: the electors who have not voted.
pub async fn deadline_soon(store: &Store, ballot: &BallotId) -> Result<(), AppError> {
    let key = format!("deadline_soon:{ballot}");
    // Every server's sender asks every few seconds during the last hour; the electors are told in one statement.
    if store.told(&key).await? {
        return Ok(());
    }
    let record = store.ballot(ballot).await?;
    if !record.is_open() {
        return Ok(());
    }
    let voted: std::collections::HashSet<UserId> = store.voters(ballot).await?.into_iter().map(|v| v.user).collect();
    let waiting: Vec<UserId> =
        store.electors(ballot).await?.into_iter().map(|e| e.user).filter(|u| !voted.contains(u)).collect();
    let (n, subject, at) =
        (record.number, &record.subject_text, minutes(record.closes_at.as_deref().unwrap_or_default()));
    let notice = NewNotice {
        kind: Kind::DeadlineSoon,
        key,
        ru: words(
            format!("Меньше часа до конца голосования № {n}"),
            format!("Голосование № {n} — {subject} — закроется {at} (UTC). Вы ещё не проголосовали."),
        ),
        en: words(
            format!("Less than an hour left in ballot No. {n}"),
            format!("Ballot No. {n} — {subject} — closes at {at} (UTC). You have not voted yet."),
        ),
        link: document_link(&record.document),
    };
    store.tell(&waiting, &notice).await
}

/// A document was adopted or rejected: every member of its event.
pub async fn decided(store: &Store, document: &DocumentId, adopted: bool) -> Result<(), AppError> {
    let row = store.document(document).await?;
    let members: Vec<UserId> = store.members_of(&row.event_id).await?.into_iter().map(|m| m.user_id).collect();
    let title = &row.document.header.title;
    let (ru, en, key) =
        if adopted { ("принят", "adopted", "adopted") } else { ("отклонён", "rejected", "rejected") };
    let vote = row.document.vote.as_ref().map(|v| v.line()).unwrap_or_default();
    let notice = NewNotice {
        kind: Kind::Decided,
        key: format!("decided:{document}:{key}"),
        ru: words(
            format!("Документ {ru}: {title}"),
            format!("Документ «{title}» {ru} голосованием.\n{vote}").trim_end().into(),
        ),
        en: words(
            format!("Document {en}: {title}"),
            format!("The document «{title}» was {en} by vote.\n{vote}").trim_end().into(),
        ),
        link: document_link(document),
    };
    store.tell(&members, &notice).await
}

/// Someone answered a comment: its author, unless they answered themselves.
pub async fn replied(
    store: &Store,
    document: &DocumentId,
    reply: &str,
    to: &UserId,
    by: &UserId,
    by_name: &str,
    body: &str,
) -> Result<(), AppError> {
    if to == by {
        return Ok(());
    }
    let body: String = body.chars().take(2000).collect();
    let notice = NewNotice {
        kind: Kind::Reply,
        key: format!("reply:{reply}"),
        ru: words(format!("{by_name} ответил(а) на ваш комментарий"), body.clone()),
        en: words(format!("{by_name} replied to your comment"), body),
        link: document_link(document),
    };
    store.tell(std::slice::from_ref(to), &notice).await
}

/// What `activity` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activity {
    Comment,
    Amendment,
}

/// A comment or an amendment on a draft: the others who take part in its discussion (they commented or
/// proposed amendments there), for their digest.
pub async fn activity(
    store: &Store,
    document: &DocumentId,
    what: Activity,
    key: &str,
    by: &UserId,
    summary: &str,
) -> Result<(), AppError> {
    let row = store.document(document).await?;
    let mut taking_part: Vec<UserId> = store.comments_of(document).await?.into_iter().map(|c| c.author).collect();
    taking_part.extend(store.amendments_of(document).await?.into_iter().map(|a| a.author));
    taking_part.sort();
    taking_part.dedup();
    // Only those still in the event: someone removed from it no longer follows its drafts.
    let members: std::collections::HashSet<UserId> =
        store.members_of(&row.event_id).await?.into_iter().map(|m| m.user_id).collect();
    taking_part.retain(|u| u != by && members.contains(u));
    let title = &row.document.header.title;
    let summary: String = summary.chars().take(1000).collect();
    let (ru, en) = match what {
        Activity::Comment => ("Новый комментарий", "New comment"),
        Activity::Amendment => ("Новая поправка", "New amendment"),
    };
    let notice = NewNotice {
        kind: Kind::Activity,
        key: format!("activity:{key}"),
        ru: words(format!("{ru}: {title}"), summary.clone()),
        en: words(format!("{en}: {title}"), summary),
        link: document_link(document),
    };
    store.tell(&taking_part, &notice).await
}
