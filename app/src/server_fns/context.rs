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
