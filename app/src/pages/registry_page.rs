//! `/registry`: the recommendations of every adopted document, searched by words in any form and filtered by
//! addressee, city and year (a plain GET form, so it works without JavaScript), with their implementation
//! status; organisers of an event record progress on its recommendations.

use crate::components::error_notice::{action_error, ErrorNotice};
use crate::components::server_form::{FormAction, ServerForm};
use crate::fetched::fetched;
use crate::i18n::{use_lang, Texts};
use crate::model::{Recommendation, RegistryPage as Page};
use crate::server_fns::registry::{search_registry, SetRecommendationStatus};
use accord_domain::registry::Status;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub fn status_label(t: Texts, s: Status) -> &'static str {
    match s {
        Status::NotStarted => t.status_not_started(),
        Status::InProgress => t.status_in_progress(),
        Status::Done => t.status_done(),
        Status::Declined => t.status_declined(),
    }
}

#[component]
pub fn RegistryPage() -> impl IntoView {
    let t = use_lang().texts();
    let query = use_query_map();
    let progress = FormAction::<SetRecommendationStatus>::new();
    let field = move |name: &str| query.read().get(name).unwrap_or_default();
    let results = fetched(
        move || {
            (field("q"), field("addressee"), field("region"), field("year"), field("page"), progress.version().get())
        },
        |(q, addressee, region, year, page, _)| search_registry(q, addressee, region, year, page),
    );
    view! {
        <Title text=t.registry_title() />
        <h1>{t.registry_title()}</h1>
        <p class="muted">{t.registry_intro()}</p>
        {action_error(progress.value())}
        <Suspense fallback=move || view! { <p>{t.loading()}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(p) => view! { <Results p progress q=field("q") addressee=field("addressee") region=field("region") year=field("year") /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn options(values: Vec<String>, selected: &str, any: &'static str) -> impl IntoView {
    let selected = selected.to_string();
    view! {
        <option value="">{any}</option>
        {values.into_iter().map(|v| view! { <option value=v.clone() selected=v == selected>{v.clone()}</option> }).collect_view()}
    }
}

#[component]
fn Results(
    p: Page,
    progress: FormAction<SetRecommendationStatus>,
    q: String,
    addressee: String,
    region: String,
    year: String,
) -> impl IntoView {
    let t = use_lang().texts();
    let years: Vec<String> = p.years.iter().map(|y| y.to_string()).collect();
    let (q_now, region_now, year_now) = (q.clone(), region.clone(), year.clone());
    let link = {
        let (q, addressee, region, year) = (q.clone(), addressee.clone(), region.clone(), year.clone());
        move |page: u32| {
            let enc = crate::urls::query_value;
            format!(
                "/registry?q={}&addressee={}&region={}&year={}&page={page}",
                enc(&q),
                enc(&addressee),
                enc(&region),
                enc(&year)
            )
        }
    };
    let last = p.total.div_ceil(u64::from(p.per_page)).max(1) as u32;
    let prev = (p.page > 1).then(|| view! { <a rel="prev" href=link(p.page - 1)>{t.previous_page()}</a> });
    let next = (p.page < last).then(|| view! { <a rel="next" href=link(p.page + 1)>{t.next_page()}</a> });
    let none = p.items.is_empty().then(|| view! { <p class="muted">{t.nothing_found()}</p> });
    let editable = p.editable_events;
    let items = p
        .items
        .into_iter()
        .map(|e| {
            let can_edit = editable.contains(&e.event);
            view! { <Entry e can_edit progress /> }
        })
        .collect_view();
    view! {
        <form method="get" action="/registry" class="registry-search" role="search">
            <label>{t.search_words()}<input type="search" name="q" value=q maxlength="200" /></label>
            <label>{t.addressee()}<select name="addressee">{options(p.addressees, &addressee, t.any_value())}</select></label>
            <label>{t.region_or_city()}<select name="region">{options(p.regions, &region, t.any_value())}</select></label>
            <label>{t.year_word()}<select name="year">{options(years, &year, t.any_value())}</select></label>
            <button type="submit">{t.find()}</button>
        </form>
        <p class="found">{t.found()} ": " <span class="total">{p.total}</span>
            " · " <a class="progress-link" href=format!("/registry/progress?q={}&region={}&year={}", crate::urls::query_value(&q_now), crate::urls::query_value(&region_now), crate::urls::query_value(&year_now))>{t.progress_link()}</a>
        </p>
        {none}
        <ol class="registry">{items}</ol>
        <nav class="pages" aria-label=t.registry_title()>{prev} " " {next}</nav>
    }
}

#[component]
fn Entry(e: Recommendation, can_edit: bool, progress: FormAction<SetRecommendationStatus>) -> impl IntoView {
    let t = use_lang().texts();
    let notes = e
        .notes
        .iter()
        .map(|n| {
            let day = n.at.get(..10).unwrap_or_default().to_string();
            view! {
                <li><time datetime=n.at.clone()>{day}</time> " — " {status_label(t, n.status)} " · " {n.author.clone()}
                    {(!n.text.is_empty()).then(|| view! { ": " {n.text.clone()} })}
                </li>
            }
        })
        .collect_view();
    let form = can_edit.then(|| {
        view! {
            <details class="progress-form">
                <summary>{t.record_progress()}</summary>
                <ServerForm action=progress attr:class="stack">
                    <input type="hidden" name="id" value=e.id.clone() />
                    <label>{t.status_word()}
                        <select name="status">
                            {Status::ALL.into_iter().map(|s| view! { <option value=s.code() selected=s == e.status>{status_label(t, s)}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>{t.note()}<textarea name="note" maxlength="2000"></textarea></label>
                    <button type="submit">{t.save()}</button>
                </ServerForm>
            </details>
        }
    });
    let source =
        format!("{} · {} {} · №{}", e.title, e.region, e.year.map(|y| y.to_string()).unwrap_or_default(), e.number);
    view! {
        <li class="recommendation" data-status=e.status.code()>
            <p class="text">{e.text.clone()}</p>
            <p class="meta muted">
                <a href=format!("/documents/{}", e.document)>{source}</a> " · "
                <span class=format!("badge status-{}", e.status.code())>{status_label(t, e.status)}</span>
            </p>
            {(!e.notes.is_empty()).then(|| view! { <ul class="progress-notes">{notes}</ul> })}
            {form}
        </li>
    }
}
