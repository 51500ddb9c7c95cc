use crate::components::error_notice::ErrorNotice;
use crate::components::markup::document_link;
use crate::fetched::fetched;
use crate::i18n::{event_kind, format_dates, use_lang, Lang};
use crate::model::EventWithDocuments;
use crate::server_fns::events::list_events;
use leptos::prelude::*;
use leptos_meta::Title;
use maud::{html, Markup};

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let events = fetched(|| (), |_| list_events());
    view! {
        <Title text="" />
        <section class="intro">
            <h1>{t.app_name()}</h1>
            <p class="lead">{t.tagline()}</p>
            <p class="actions">
                <a class="button" href="/events/new">{t.nav_new_event()}</a>
                <a class="button secondary" href="/import">{t.nav_import()}</a>
            </p>
        </section>
        <h2>{t.events()}</h2>
        <Suspense fallback=move || view! { <p>{t.loading()}</p> }>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t.no_events()}</p> }.into_any(),
                    Ok(list) => view! { <ul class="event-list" inner_html=event_cards(lang, &list).into_string() /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn event_cards(lang: Lang, list: &[EventWithDocuments]) -> Markup {
    html! {
        @for entry in list {
            @let e = &entry.event.event;
            li.event-card {
                p.meta {
                    (event_kind(lang, e.kind)) " · " (format_dates(lang, Some(e.starts_on), e.ends_on))
                    @if !e.city.is_empty() { " · " (e.city) }
                }
                h3 { a href={ "/events/" (entry.event.id) } { (e.title) } }
                ul.doc-list { @for d in &entry.documents { (document_link(lang, d)) } }
            }
        }
    }
}
