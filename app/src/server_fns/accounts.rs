//! Accounts and sessions: sign up, sign in, sign out, change password, delete the account.

use crate::error::AppError;
use crate::model::UserRow;
#[cfg(feature = "ssr")]
use accord_domain::audit::AuditAction;
use leptos::prelude::*;

/// The demo's accounts that had the demo password when the server started (none in a store without demo
/// content), for the sign-in page.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn demo_accounts() -> Result<Vec<crate::model::DemoAccount>, AppError> {
    Ok(use_context::<crate::demo::DemoAccounts>().map(|d| d.0).unwrap_or_default())
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn current_user() -> Result<Option<UserRow>, AppError> {
    super::context::answer(super::context::current_user().await)
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn sign_up(
    name: String,
    email: String,
    password: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use super::context::{count_attempt, store};
            use accord_domain::people::{check_password, NAME_MAX};
            use accord_domain::text::required;
            let name = accord_domain::text::squash_spaces(&name);
            required("name", &name, NAME_MAX)?;
            let email = accord_domain::Email::parse(&email)?;
            check_password("password", &password)?;
            count_attempt(email.as_str()).await?;
            let hash =
                crate::auth::hash_password(&password).map_err(|e| AppError::unexpected("hashing a password", e))?;
            let store = store()?;
            let id = store.create_user(email.as_str(), &name, &hash).await?;
            let user = UserRow { id, email: email.as_str().to_string(), name };
            super::context::start_session(&user).await?;
            store.record(Some(&user), None, AuditAction::SignUp, "").await?;
            leptos_axum::redirect(accord_domain::redirect::same_site_path(&next));
            Ok(())
        }
        .await,
    )
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn sign_in(email: String, password: String, #[server(default)] next: String) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use super::context::{count_attempt, store};
            let email = accord_domain::Email::parse(&email).map_err(|_| AppError::BadCredentials)?;
            count_attempt(email.as_str()).await?;
            let found = store()?.user_by_email(email.as_str()).await?;
            let hash = found.as_ref().map(|(_, h)| h.as_str()).unwrap_or(crate::auth::dummy_hash());
            let verified = crate::auth::verify_password(&password, hash);
            let Some((user, _)) = found.filter(|_| verified) else {
                return Err(AppError::BadCredentials);
            };
            super::context::start_session(&user).await?;
            store()?.record(Some(&user), None, AuditAction::SignIn, "").await?;
            leptos_axum::redirect(accord_domain::redirect::same_site_path(&next));
            Ok(())
        }
        .await,
    )
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn sign_out() -> Result<(), AppError> {
    super::context::answer(
        async move {
            use super::context::{is_https, session_token, set_cookie, store};
            if let Some(token) = session_token() {
                let user = super::context::current_user().await?;
                store()?.end_session(&crate::auth::token_hash(&token)).await?;
                if let Some(user) = user {
                    store()?.record(Some(&user), None, AuditAction::SignOut, "").await?;
                }
            }
            set_cookie(&crate::auth::expired_session_cookie(is_https()));
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn change_password(current: String, password: String) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use super::context::{require_user, session_token, store};
            let user = require_user().await?;
            accord_domain::people::check_password("password", &password)?;
            let store = store()?;
            let (_, hash) = store.user_by_email(&user.email).await?.ok_or(AppError::Unauthenticated)?;
            if !crate::auth::verify_password(&current, &hash) {
                return Err(AppError::BadCredentials);
            }
            let new_hash =
                crate::auth::hash_password(&password).map_err(|e| AppError::unexpected("hashing a password", e))?;
            store.set_password(&user.id, &new_hash).await?;
            let keep = session_token().map(|t| crate::auth::token_hash(&t));
            store.end_other_sessions(&user.id, keep.as_deref()).await?;
            store.record(Some(&user), None, AuditAction::ChangePassword, "").await?;
            leptos_axum::redirect("/account?changed=1");
            Ok(())
        }
        .await,
    )
}

/// Deletes the account: the person's name and contacts go, their anonymous counts stay.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use super::context::{is_https, require_user, set_cookie, store};
            let user = require_user().await?;
            let store = store()?;
            let (_, hash) = store.user_by_email(&user.email).await?.ok_or(AppError::Unauthenticated)?;
            if !crate::auth::verify_password(&password, &hash) {
                return Err(AppError::BadCredentials);
            }
            store.record(Some(&user), None, AuditAction::DeleteAccount, "").await?;
            store.delete_account(&user.id).await?;
            set_cookie(&crate::auth::expired_session_cookie(is_https()));
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}
