//! What server functions take from the request context (server only).

use crate::error::AppError;
use crate::store::Store;
use leptos::prelude::use_context;

pub fn store() -> Result<Store, AppError> {
    use_context::<Store>().ok_or_else(|| {
        tracing::error!("the store is missing from the server function context");
        AppError::Unexpected
    })
}

/// Gives a refused call its HTTP status (400, 404, 409, 413…). A plain form post keeps the redirect
/// back to its page that the server function integration makes, with the error in the URL.
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        let accepts_html = use_context::<http::request::Parts>()
            .and_then(|p| p.headers.get(http::header::ACCEPT)?.to_str().ok().map(|a| a.contains("text/html")))
            .unwrap_or(false);
        if let (false, Some(response), Ok(status)) =
            (accepts_html, use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(error.status()))
        {
            response.set_status(status);
        }
    }
    result
}
