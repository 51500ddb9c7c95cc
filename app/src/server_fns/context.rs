//! What server functions take from the request context (server only): the store, the caller, the
//! rate limiters, and the HTTP details of the answer.

use crate::auth;
use crate::error::AppError;
use crate::ids::{DocumentId, EventId, ImportId};
use crate::model::UserRow;
use crate::store::Store;
use accord_domain::{allows, Action, Caller};
use leptos::prelude::use_context;
use std::sync::Arc;

pub fn rooms() -> Result<crate::rooms::Rooms, AppError> {
    use_context::<crate::rooms::Rooms>().ok_or_else(|| {
        tracing::error!("the rooms are missing from the server function context");
        AppError::Unexpected
    })
}

pub fn ballots() -> Result<crate::ballots::Ballots, AppError> {
    use_context::<crate::ballots::Ballots>().ok_or_else(|| {
        tracing::error!("the ballots are missing from the server function context");
        AppError::Unexpected
    })
}

pub fn store() -> Result<Store, AppError> {
    use_context::<Store>().ok_or_else(|| {
        tracing::error!("the store is missing from the server function context");
        AppError::Unexpected
    })
}

/// The limiters of sign-in and sign-up attempts, one per server process.
pub struct Limiters {
    pub per_address: auth::RateLimiter,
    pub per_account: auth::RateLimiter,
}

impl Default for Limiters {
    fn default() -> Limiters {
        let minute = std::time::Duration::from_secs(60);
        Limiters { per_address: auth::RateLimiter::new(30, minute), per_account: auth::RateLimiter::new(10, minute) }
    }
}

/// Counts a sign-in or sign-up attempt from this address and for this account.
pub async fn count_attempt(account: &str) -> Result<(), AppError> {
    let limiters = use_context::<Arc<Limiters>>().ok_or(AppError::Unexpected)?;
    let store = store()?;
    let address_ok = limiters.per_address.count(&store, &format!("ip:{}", client_address())).await?;
    let account_ok = limiters.per_account.count(&store, &format!("account:{account}")).await?;
    if address_ok && account_ok {
        Ok(())
    } else {
        Err(AppError::TooManyAttempts)
    }
}

fn parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

fn header(name: http::HeaderName) -> Option<String> {
    parts()?.headers.get(name)?.to_str().ok().map(str::to_string)
}

pub fn client_address() -> String {
    parts()
        .and_then(|p| {
            p.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// Cookies get `Secure` when the site is served over https (directly or behind a proxy that says so).
pub fn is_https() -> bool {
    header(http::HeaderName::from_static("x-forwarded-proto")).is_some_and(|p| p == "https")
        || parts().is_some_and(|p| p.uri.scheme_str() == Some("https"))
}

pub fn session_token() -> Option<String> {
    header(http::header::COOKIE).and_then(|c| crate::cookies::value(&c, auth::SESSION_COOKIE).map(str::to_string))
}

pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(value))
    {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// A new session token on every sign-in; the one the browser had before ends.
pub async fn start_session(user: &UserRow) -> Result<(), AppError> {
    let token = auth::new_token();
    let previous = session_token().map(|t| auth::token_hash(&t));
    store()?.create_session(&user.id, &auth::token_hash(&token), previous.as_deref()).await?;
    set_cookie(&auth::session_cookie(&token, is_https()));
    Ok(())
}

/// The caller's language, from the cookie the language switch sets.
pub fn lang() -> crate::i18n::Lang {
    header(http::header::COOKIE).map(|c| crate::i18n::Lang::from_cookie_header(&c)).unwrap_or_default()
}

/// The signed-in user, if the session cookie names a live session.
pub async fn current_user() -> Result<Option<UserRow>, AppError> {
    match session_token() {
        Some(token) => store()?.session_user(&auth::token_hash(&token)).await,
        None => Ok(None),
    }
}

pub async fn require_user() -> Result<UserRow, AppError> {
    current_user().await?.ok_or(AppError::Unauthenticated)
}

/// The caller's standing in an event.
pub async fn caller_in(event: &EventId) -> Result<(Option<UserRow>, Caller), AppError> {
    let user = current_user().await?;
    let role = match &user {
        Some(u) => store()?.role_in(event, &u.id).await?,
        None => None,
    };
    let caller = Caller { signed_in: user.is_some(), role };
    Ok((user, caller))
}

/// Checks `action` in `event` for the caller; refuses as «sign in» or «not allowed».
pub async fn authorize(event: &EventId, action: Action) -> Result<Option<UserRow>, AppError> {
    let (user, caller) = caller_in(event).await?;
    if allows(caller, action) {
        Ok(user)
    } else if user.is_none() {
        Err(AppError::Unauthenticated)
    } else {
        Err(AppError::Forbidden)
    }
}

/// A participant profile from form fields, checked.
pub fn profile_from_form(
    full_name: String,
    organisation: String,
    category: &str,
    region: String,
    public_name: bool,
) -> Result<accord_domain::Profile, crate::error::AppError> {
    use accord_domain::text::{squash_spaces, Problem};
    use accord_domain::{ParticipantCategory, Profile};
    let category = ParticipantCategory::from_code(category)
        .ok_or(crate::error::AppError::invalid("category", Problem::Unknown))?;
    let profile = Profile {
        full_name: squash_spaces(&full_name),
        organisation: squash_spaces(&organisation),
        category,
        region: squash_spaces(&region),
        speaker: false,
        discussion: false,
        public_name,
    };
    profile.validate()?;
    Ok(profile)
}

/// A staged import, seen only by the person who staged it.
pub async fn own_import(
    store: &Store,
    id: &ImportId,
) -> Result<crate::store::pending_imports::PendingImport, AppError> {
    let pending = store.pending_import(id).await?;
    let user = current_user().await?;
    match (&pending.user, user) {
        (Some(owner), Some(user)) if *owner == user.id => Ok(pending),
        _ => Err(AppError::NotFound),
    }
}

/// Checks that the caller may edit the draft `id` now; returns the caller and the document's event.
pub async fn editable_draft(store: &Store, id: &DocumentId) -> Result<(Option<UserRow>, EventId), AppError> {
    let user = current_user().await?;
    let access = crate::services::access::authorize(store, user, id, Action::EditText).await?;
    Ok((access.user, access.row.event_id))
}

/// Gives a refused call its HTTP status (400, 404, 409, 413…). A plain form post keeps the redirect
/// back to its page that the server function integration makes, with the error in the URL.
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        let accepts_html = header(http::header::ACCEPT).is_some_and(|a| a.contains("text/html"));
        if let (false, Some(response), Ok(status)) =
            (accepts_html, use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(error.status()))
        {
            response.set_status(status);
        }
    }
    result
}
