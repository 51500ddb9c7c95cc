//! `/registry/progress`: how the registry's recommendations stand, by addressee — a chart (SVG drawn on the
//! server) and the same figures as a table, narrowed by city and year with a plain GET form.

use crate::components::error_notice::ErrorNotice;
use crate::components::progress_chart::ProgressChart;
use crate::fetched::fetched;
use crate::i18n::use_lang;
use crate::model::RegistryProgress;
use crate::pages::registry_page::status_label;
use crate::server_fns::registry::get_registry_progress;
use accord_domain::registry::Status;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RegistryProgressPage() -> impl IntoView {
    let t = use_lang().texts();
    let query = use_query_map();
    let field = move |name: &str| query.read().get(name).unwrap_or_default();
    let found = fetched(
        move || (field("q"), field("addressee"), field("region"), field("year")),
        |(q, addressee, region, year)| get_registry_progress(q, addressee, region, year),
    );
    view! {
        <Title text=t.progress_title() />
        <nav class="doc-bar"><a href="/registry">{t.registry_title()}</a></nav>
        <h1>{t.progress_title()}</h1>
        <Suspense fallback=move || view! { <p>{t.loading()}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(p) => view! { <Progress p region=field("region") year=field("year") q=field("q") /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Progress(p: RegistryProgress, region: String, year: String, q: String) -> impl IntoView {
    let t = use_lang().texts();
    let option = |selected: String| move |v: String| view! { <option value=v.clone() selected=v == selected>{v.clone()}</option> };
    let regions = p.regions.into_iter().map(option(region)).collect_view();
    let years = p.years.iter().map(|y| y.to_string()).map(option(year)).collect_view();
    let name = |a: &str| if a.is_empty() { t.no_addressee().to_string() } else { a.to_string() };
    let rows = p
        .addressees
        .iter()
        .map(|r| {
            let cells = r.counts.iter().map(|n| view! { <td>{*n}</td> }).collect_view();
            view! { <tr><th scope="row">{name(&r.addressee)}</th>{cells}<td>{r.total()}</td></tr> }
        })
        .collect_view();
    let empty = p.addressees.is_empty();
    let chart = (!empty).then(|| view! { <ProgressChart rows=p.addressees.clone() no_addressee=t.no_addressee() /> });
    view! {
        <form method="get" action="/registry/progress" class="registry-search">
            <input type="hidden" name="q" value=q />
            <label>{t.region_or_city()}<select name="region"><option value="">{t.any_value()}</option>{regions}</select></label>
            <label>{t.year_word()}<select name="year"><option value="">{t.any_value()}</option>{years}</select></label>
            <button type="submit">{t.find()}</button>
        </form>
        {empty.then(|| view! { <p class="muted">{t.nothing_found()}</p> })}
        {chart}
        {(!empty).then(|| view! {
            <table class="progress-table">
                <caption>{t.progress_title()}</caption>
                <thead><tr>
                    <th scope="col">{t.addressee_col()}</th>
                    {Status::ALL.into_iter().map(|s| view! { <th scope="col">{status_label(t, s)}</th> }).collect_view()}
                    <th scope="col">{t.total_word()}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        })}
    }
}
