use crate::components::document_link::DocumentLink;
use crate::components::error_notice::ErrorNotice;
use crate::fetched::fetched;
use crate::i18n::{event_kind, format_dates, use_lang};
use crate::model::EventWithDocuments;
use crate::server_fns::events::list_events;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let events = fetched(|| (), |_| list_events());
    view! {
        <Title text="" />
        <section class="intro">
            <h1>{t.app_name}</h1>
            <p class="lead">{t.tagline}</p>
            <p class="actions">
                <a class="button" href="/events/new">{t.nav_new_event}</a>
                <a class="button secondary" href="/import">{t.nav_import}</a>
            </p>
        </section>
        <h2>{t.events}</h2>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t.no_events}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="event-list">
                            {list.into_iter().map(|e| view! { <EventCard entry=e /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EventCard(entry: EventWithDocuments) -> impl IntoView {
    let lang = use_lang();
    let e = entry.event.event;
    let docs = entry.documents.into_iter().map(|d| view! { <DocumentLink document=d /> }).collect_view();
    view! {
        <li class="event-card">
            <p class="meta">
                {event_kind(lang, e.kind)} " · " {format_dates(lang, Some(e.starts_on), e.ends_on)}
                {(!e.city.is_empty()).then(|| format!(" · {}", e.city))}
            </p>
            <h3><a href=format!("/events/{}", entry.event.id)>{e.title}</a></h3>
            <ul class="doc-list">{docs}</ul>
        </li>
    }
}
