//! One module per page; each page loads through a server function and renders completely on the server.

pub mod accounts;
pub mod documents;
pub mod events;
pub mod home;
pub mod imports;
pub mod not_found;
pub mod registry_page;
pub mod registry_progress_page;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The `:id` of the current route, as the id of the record the page is about.
pub fn route_id<Id: From<String> + PartialEq + Send + Sync + 'static>() -> Memo<Id> {
    let params = use_params_map();
    Memo::new(move |_| Id::from(params.read().get("id").unwrap_or_default()))
}
