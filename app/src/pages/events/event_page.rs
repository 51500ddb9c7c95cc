use crate::components::error_notice::{action_error, ErrorNotice};
use crate::components::statistics_table::StatisticsTable;
use crate::i18n::{event_kind, format_dates, state, use_lang};
use crate::pages::route_id;
use crate::server_fns::documents::get_document;
use crate::server_fns::events::{get_event, StartDraft};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn EventPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let id = route_id();
    let page = Resource::new(
        move || id.get(),
        |id| async move {
            let entry = get_event(id).await?;
            // The statistics shown are those of the event's latest document.
            let stats = match entry.documents.last() {
                Some(d) => Some(get_document(d.id.clone()).await?.row.document.statistics),
                None => None,
            };
            Ok::<_, crate::error::AppError>((entry, stats))
        },
    );
    let start = ServerAction::<StartDraft>::new();
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok((entry, stats)) => {
                        let e = entry.event.event.clone();
                        let event_id = entry.event.id.clone();
                        view! {
                            <Title text=e.title.clone() />
                            <p class="meta">{event_kind(lang, e.kind)}</p>
                            <h1>{e.title.clone()}</h1>
                            <dl class="details">
                                <dt>{t.starts_on}</dt><dd>{format_dates(lang, Some(e.starts_on), e.ends_on)}</dd>
                                {(!e.city.is_empty()).then(|| view! { <dt>{t.city}</dt><dd>{e.city.clone()}</dd> })}
                                {(!e.organiser.is_empty()).then(|| view! { <dt>{t.organiser}</dt><dd>{e.organiser.clone()}</dd> })}
                            </dl>
                            {(!e.description.is_empty()).then(|| view! { <p class="description">{e.description.clone()}</p> })}
                            <StatisticsTable statistics=stats.unwrap_or_default() />
                            <h2>{t.documents}</h2>
                            {entry.documents.is_empty().then(|| view! { <p class="muted">{t.no_documents}</p> })}
                            <ul class="doc-list">
                                {entry.documents.into_iter().map(|d| view! {
                                    <li>
                                        <a href=format!("/documents/{}", d.id)>{if d.doc_kind.is_empty() { d.title.clone() } else { d.doc_kind.clone() }}</a>
                                        " "
                                        <span class=format!("badge state-{}", d.state.code())>{state(lang, d.state)}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                            {action_error(start.value())}
                            <ActionForm action=start attr:class="inline">
                                <input type="hidden" name="event_id" value=event_id />
                                <button type="submit">{t.new_draft}</button>
                            </ActionForm>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
