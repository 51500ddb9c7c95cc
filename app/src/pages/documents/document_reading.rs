use crate::components::error_notice::{ErrorNotice, RefusedPage};
use crate::fetched::fetched;
use crate::i18n::use_lang;
use crate::model::DocumentPage;
use crate::pages::documents::ballot_panel::{BallotActions, BallotPanel};
use crate::pages::documents::document_page::{bar_markup, footer_markup, title};
use crate::pages::documents::reading_markup::{reading_markup, Beside};
use crate::pages::route_id;
use crate::server_fns::ballots::ballots_html;
use crate::server_fns::documents::get_document;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use maud::html;

/// The document page of a visitor without a session: a public document (adopted or rejected) and the
/// results of its ballots. Such a document no longer changes, so the page does not listen for updates.
#[component]
pub fn DocumentReading() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let id = route_id::<crate::ids::DocumentId>();
    let query = use_query_map();
    let chosen = move || query.read().get("addressee").filter(|a| !a.is_empty());
    let page = fetched(move || id.get(), get_document);
    let ballots = fetched(move || id.get(), ballots_html);
    view! {
        <Suspense fallback=move || view! { <p>{t.loading()}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let (ballots, failed) = match ballots.await {
                            Ok(ballots) => (RwSignal::new(ballots), None),
                            Err(error) => (RwSignal::new(None), Some(error)),
                        };
                        // Sent as HTML and never hydrated (`document_page::needs_scripts`).
                        let text = html! {
                            (bar_markup(lang, &p))
                            (reading_markup(t, &p, chosen().as_deref(), &Beside::default()))
                            (footer_markup(lang, &p))
                        };
                        view! {
                            <Title text=title(&p) />
                            {sharing(&p)}
                            <div class="reading-text" inner_html=text.into_string()></div>
                            {failed.map(|error| view! { <ErrorNotice error /> })}
                            <BallotPanel ballots actions=BallotActions::new() />
                        }.into_any()
                    }
                    Err(error) => view! { <RefusedPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The tags a link to a public document is shown with where it is shared.
fn sharing(p: &DocumentPage) -> impl IntoView {
    let title = title(p);
    p.description.clone().map(|description| {
        view! {
            <Meta property="og:type" content="article" />
            <Meta property="og:title" content=title />
            <Meta property="og:description" content=description.clone() />
            <Meta property="og:locale" content="ru_RU" />
            <Meta name="description" content=description />
        }
    })
}
