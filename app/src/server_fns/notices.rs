//! The bell: the signed-in person's notices and how they want each kind mailed; the unsubscribe link.

use crate::error::AppError;
use crate::model::NoticeView;
use leptos::prelude::*;

/// The person's latest notices, newest first; reading them marks them read.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_notices() -> Result<Vec<NoticeView>, AppError> {
    super::context::answer(
        async move {
            let user = super::context::require_user().await?;
            let store = super::context::store()?;
            let notices = store.notices_of(&user.id, 100).await?;
            store.mark_notices_read(&user.id).await?;
            Ok(notices
                .into_iter()
                .map(|n| NoticeView {
                    subject: n.subject,
                    body: n.body,
                    link: n.link,
                    created_at: n.created_at,
                    unread: !n.read,
                })
                .collect())
        }
        .await,
    )
}

/// How many notices the person has not read (none when signed out).
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn unread_notices() -> Result<u64, AppError> {
    super::context::answer(
        async move {
            match super::context::current_user().await? {
                Some(user) => super::context::store()?.unread_notices(&user.id).await,
                None => Ok(0),
            }
        }
        .await,
    )
}

/// Each kind's code and how it is mailed to the person, then `("lang", "ru" | "en")`.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_notice_preferences() -> Result<Vec<(String, String)>, AppError> {
    super::context::answer(
        async move {
            use accord_domain::notices::Kind;
            let user = super::context::require_user().await?;
            let prefs = super::context::store()?.notice_preferences(&user.id).await?;
            let mut out: Vec<(String, String)> = Kind::CHOSEN
                .into_iter()
                .map(|k| (k.code().to_string(), prefs.delivery(k).code().to_string()))
                .collect();
            out.push(("lang".into(), prefs.lang().into()));
            Ok(out)
        }
        .await,
    )
}

/// The account page's form: one field per kind, named by its code, valued `now`, `digest` or `off`.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_notice_preferences(
    ballot_opened: String,
    deadline_soon: String,
    decided: String,
    reply: String,
    activity: String,
    #[server(default)] lang: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::notices::{Delivery, Kind, Preferences};
            use accord_domain::text::Problem;
            let user = super::context::require_user().await?;
            let mut prefs = Preferences::default();
            for (kind, value) in [
                (Kind::BallotOpened, ballot_opened),
                (Kind::DeadlineSoon, deadline_soon),
                (Kind::Decided, decided),
                (Kind::Reply, reply),
                (Kind::Activity, activity),
            ] {
                let delivery =
                    Delivery::from_code(value.trim()).ok_or(AppError::invalid(kind.code(), Problem::Unknown))?;
                prefs.set(kind, delivery);
            }
            let lang = if lang.trim().is_empty() { super::context::lang().code().to_string() } else { lang };
            if !prefs.set_lang(lang.trim()) {
                return Err(AppError::invalid("lang", Problem::Unknown));
            }
            super::context::store()?.set_notice_preferences(&user.id, &prefs).await
        }
        .await,
    )
}

/// The unsubscribe page's button: stops what the message's link names, if its signature holds (a link that
/// does not hold is refused as not found and changes nothing). No sign-in needed.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn unsubscribe(u: String, k: String, s: String) -> Result<(), AppError> {
    super::context::answer(
        async move { crate::services::notices::unsubscribe(&super::context::store()?, &u, &k, &s).await }.await,
    )
}
