pub mod account_page;
pub mod notices_page;
pub mod privacy_page;
pub mod sign_in_page;
pub mod sign_up_page;
pub mod unsubscribe_page;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Where to go after signing in: the `next` query parameter when it is a path on this site.
pub fn next_path() -> String {
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_default();
    accord_domain::redirect::same_site_path(&next).to_string()
}
