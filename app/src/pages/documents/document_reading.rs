use crate::components::error_notice::RefusedPage;
use crate::fetched::fetched;
use crate::i18n::use_lang;
use crate::pages::documents::ballot_panel::{BallotActions, BallotPanel};
use crate::pages::documents::document_page::{document_bar, text_footer};
use crate::pages::documents::reading_markup::{reading_markup, Beside};
use crate::pages::route_id;
use crate::server_fns::ballots::ballots_html;
use crate::server_fns::documents::get_document;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The document page of a visitor without a session: a public document (adopted or rejected) and the
/// results of its ballots. Such a document no longer changes, so the page does not listen for updates.
#[component]
pub fn DocumentReading() -> impl IntoView {
    let t = use_lang().texts();
    let id = route_id::<crate::ids::DocumentId>();
    let query = use_query_map();
    let chosen = move || query.read().get("addressee").filter(|a| !a.is_empty());
    let page = fetched(move || id.get(), get_document);
    let ballots = fetched(move || id.get(), ballots_html);
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let (bar, footer) = (document_bar(&p), text_footer(&p));
                        // Sent as HTML and never hydrated (`document_page::needs_scripts`).
                        let text = reading_markup(t, &p, chosen().as_deref(), &Beside::default()).into_string();
                        view! {
                            {bar}
                            <div class="reading-text" inner_html=text></div>
                            {footer}
                            <BallotPanel ballots actions=BallotActions::new() />
                        }.into_any()
                    }
                    Err(error) => view! { <RefusedPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
