//! The pages as lazily loaded routes. In a split build (`cargo leptos build --release --split`) each page's
//! code is its own chunk of the browser bundle, fetched when the page is first shown, so the first download
//! holds the shell, the router and what every page shares. Without `--split` they are ordinary routes.
//! The document page chooses between two chunks itself (`pages::documents::document_page`).

use crate::pages;
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

macro_rules! lazy_pages {
    ($($route:ident => $page:path;)*) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                crate::chunks::needs(&crate::chunks::route_view(stringify!($route)));
                let $route = this;
                $page().into_any()
            }
        }
    )*};
}

lazy_pages! {
    HomeRoute => pages::home::HomePage;
    NewEventRoute => pages::events::new_event_page::NewEventPage;
    EventRoute => pages::events::event_page::EventPage;
    EditRoute => pages::documents::edit_page::EditPage;
    SummaryRoute => pages::documents::summary_page::SummaryPage;
    HistoryRoute => pages::documents::history_page::HistoryPage;
    ImportRoute => pages::imports::import_page::ImportPage;
    PreviewRoute => pages::imports::preview_page::PreviewPage;
    AuditRoute => pages::events::audit_page::AuditPage;
    JoinRoute => pages::events::join_page::JoinPage;
    SignUpRoute => pages::accounts::sign_up_page::SignUpPage;
    SignInRoute => pages::accounts::sign_in_page::SignInPage;
    AccountRoute => pages::accounts::account_page::AccountPage;
    NoticesRoute => pages::accounts::notices_page::NoticesPage;
    UnsubscribeRoute => pages::accounts::unsubscribe_page::UnsubscribePage;
    PrivacyRoute => pages::accounts::privacy_page::PrivacyPage;
    RegistryRoute => pages::registry_page::RegistryPage;
    RegistryProgressRoute => pages::registry_progress_page::RegistryProgressPage;
}
