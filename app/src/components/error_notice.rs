use crate::error::AppError;
use crate::i18n::{error_message, use_lang};
use leptos::prelude::*;

/// A refused request, told in the user's language; on the server it also sets the HTTP status.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    set_status(error.status());
    let message = error_message(use_lang(), &error);
    view! { <p class="error" role="alert">{message}</p> }
}

/// The refusal of the last submission of an action form, if any.
pub fn action_error<S>(value: S) -> impl IntoView
where
    S: Get<Value = Option<Result<(), AppError>>> + Send + Sync + 'static,
{
    move || value.get().and_then(|r| r.err()).map(|error| view! { <ErrorNotice error /> })
}

/// The refusal of a plain (non-action) form post to the server function at `path`, which the server
/// put in this page's URL when it redirected back.
pub fn url_error(path: &str) -> impl IntoView {
    use leptos::server::ServerActionError;
    use server_fn::error::ServerFnUrlError;
    use_context::<ServerActionError>()
        .filter(|e| e.path() == path)
        .map(|e| ServerFnUrlError::<AppError>::decode_err(e.err()))
        .map(|error| view! { <ErrorNotice error /> })
}

#[cfg(feature = "ssr")]
fn set_status(code: u16) {
    if let (Some(response), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code))
    {
        response.set_status(status);
    }
}

#[cfg(not(feature = "ssr"))]
fn set_status(_code: u16) {}

/// A page the reader is refused: its title and heading say what happened, the notice why, and someone not
/// signed in is offered to sign in and come back here.
#[component]
pub fn RefusedPage(error: AppError) -> impl IntoView {
    let t = use_lang().texts();
    let title = match error {
        AppError::NotFound => t.not_found_title(),
        AppError::Unauthenticated => t.sign_in_needed_title(),
        AppError::MembersOnly { .. } => t.members_only_title(),
        AppError::Forbidden => t.forbidden_title(),
        _ => t.refused_title(),
    };
    let sign_in = matches!(error, AppError::Unauthenticated | AppError::MembersOnly { signed_in: false }).then(|| {
        let location = leptos_router::hooks::use_location();
        let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
        let here = if query.is_empty() { path } else { format!("{path}?{query}") };
        let href = format!("/signin?next={}", crate::urls::path_in_query(&here));
        view! { <p><a class="button" href=href>{t.sign_in_to_take_part()}</a></p> }
    });
    view! {
        <leptos_meta::Title text=title />
        <h1>{title}</h1>
        <ErrorNotice error />
        {sign_in}
        <p><a href="/">{t.nav_home()}</a></p>
    }
}
