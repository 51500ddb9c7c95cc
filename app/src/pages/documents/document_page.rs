use crate::components::error_notice::ErrorNotice;
use crate::components::resolution::Resolution;
use crate::components::statistics_table::StatisticsTable;
use crate::i18n::{state, use_lang};
use crate::pages::route_id;
use crate::server_fns::documents::get_document;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DocumentPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let id = route_id();
    let page = Resource::new(move || id.get(), get_document);
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let row = p.row;
                        let title = format!("{} — {}", row.document.header.doc_kind, p.event.event.title);
                        let editable = row.state.text_is_editable();
                        view! {
                            <Title text=title />
                            <nav class="doc-bar" aria-label=t.documents>
                                <a href=format!("/events/{}", p.event.id)>{p.event.event.title.clone()}</a>
                                <span class=format!("badge state-{}", row.state.code())>{t.state_label} ": " {state(lang, row.state)}</span>
                                {row.imported.then(|| view! { <span class="badge">{t.imported_mark}</span> })}
                                {editable.then(|| view! { <a class="button" href=format!("/documents/{}/edit", row.id)>{t.edit}</a> })}
                                <a rel="external" download href=format!("/documents/{}/export.md", row.id)>{t.export_md}</a>
                                <a rel="external" download href=format!("/documents/{}/export.json", row.id)>{t.export_json}</a>
                            </nav>
                            <Resolution document=row.document.clone() />
                            {row.document.vote.is_none().then(|| view! { <p class="muted">{t.vote_none}</p> })}
                            <aside class="side"><StatisticsTable statistics=row.document.statistics.clone() /></aside>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
