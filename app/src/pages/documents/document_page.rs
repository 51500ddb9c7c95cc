use crate::components::error_notice::{action_error, ErrorNotice};
use crate::components::resolution::Resolution;
use crate::components::statistics_table::StatisticsTable;
use crate::editor::LiveEditor;
use crate::i18n::{state, use_lang};
use crate::pages::route_id;
use crate::server_fns::documents::get_document;
use crate::server_fns::members::UseRegister;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DocumentPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let id = route_id();
    let use_register = ServerAction::<UseRegister>::new();
    let page = Resource::new(move || (id.get(), use_register.version().get()), |(id, _)| get_document(id));
    view! {
        {action_error(use_register.value())}
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let row = p.row;
                        let title = format!("{} — {}", row.document.header.doc_kind, p.event.event.title);
                        let editable = p.editable;
                        let offer_register = p.manage && row.state.text_is_editable() && !row.register_statistics;
                        let doc_id = row.id.clone();
                        // Counted from the register at read time, so not part of the shared text.
                        let register_paragraph = row.register_statistics.then(|| {
                            p.reading.sections.first().and_then(|s| s.items.first()).map(|i| i.text.clone())
                        }).flatten();
                        view! {
                            <Title text=title />
                            <nav class="doc-bar" aria-label=t.documents>
                                <a href=format!("/events/{}", p.event.id)>{p.event.event.title.clone()}</a>
                                <span class=format!("badge state-{}", row.state.code())>{t.state_label} ": " {state(lang, row.state)}</span>
                                {row.imported.then(|| view! { <span class="badge">{t.imported_mark}</span> })}
                                {editable.then(|| view! { <a href=format!("/documents/{}/edit", row.id)>{t.form_editor}</a> })}
                                <a rel="external" download href=format!("/documents/{}/export.md", row.id)>{t.export_md}</a>
                                <a rel="external" download href=format!("/documents/{}/export.json", row.id)>{t.export_json}</a>
                            </nav>
                            {row.register_statistics.then(|| view! { <p class="muted">{t.statistics_from_register}</p> })}
                            {offer_register.then(|| view! {
                                <ActionForm action=use_register attr:class="inline">
                                    <input type="hidden" name="document_id" value=doc_id.clone() />
                                    <button type="submit" class="secondary">{t.use_register}</button>
                                </ActionForm>
                            })}
                            {match p.live.clone() {
                                Some(start) => view! {
                                    {register_paragraph.clone().map(|text| view! { <p class="paragraph register-paragraph">{text}</p> })}
                                    <LiveEditor doc_id=row.id.clone() start document=row.document.clone() can_edit=editable />
                                }.into_any(),
                                None => view! { <Resolution document=p.reading.clone() /> }.into_any(),
                            }}
                            {p.reading.vote.is_none().then(|| view! { <p class="muted">{t.vote_none}</p> })}
                            <aside class="side"><StatisticsTable statistics=p.reading.statistics.clone() /></aside>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
