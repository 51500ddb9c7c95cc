//! `/documents/:id/summary`: the «сводка предложений» of a document, with its CSV and DOCX downloads.

use crate::components::error_notice::RefusedPage;
use crate::fetched::fetched;
use crate::i18n::use_lang;
use crate::pages::route_id;
use crate::server_fns::discussion::get_summary;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SummaryPage() -> impl IntoView {
    let t = use_lang().texts();
    let id = route_id::<crate::ids::DocumentId>();
    let summary = fetched(move || id.get(), get_summary);
    view! {
        <Suspense fallback=move || view! { <p>{t.loading()}</p> }>
            {move || Suspend::new(async move {
                match summary.await {
                    Ok(s) => {
                        let rows = s.lines.iter().map(|l| view! {
                            <tr>
                                <td>{l.number.clone()}</td>
                                <td>{l.item.clone()}</td>
                                <td>{l.author.clone()}</td>
                                <td class="multiline">{l.text.clone()}</td>
                                <td>{l.decision.clone()}</td>
                                <td>{l.reason.clone()}</td>
                            </tr>
                        }).collect_view();
                        let empty = s.lines.is_empty();
                        view! {
                            <Title text=format!("{} — {}", t.summary(), s.title) />
                            <nav class="doc-bar">
                                <a href=format!("/documents/{}", s.document_id)>{s.title.clone()}</a>
                                <a rel="external" download href=format!("/documents/{}/summary.csv", s.document_id)>{t.export_csv()}</a>
                                <a rel="external" download href=format!("/documents/{}/summary.docx", s.document_id)>{t.export_docx()}</a>
                                <a rel="external" download class="export-changes" href=format!("/documents/{}/export.docx?changes=1", s.document_id)>{t.export_docx_changes()}</a>
                            </nav>
                            <h1>{t.summary()}</h1>
                            {if empty {
                                view! { <p class="muted">{t.summary_empty()}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="summary">
                                        <thead><tr>
                                            <th>{t.number_col()}</th><th>{t.item_col()}</th><th>{t.author()}</th>
                                            <th>{t.text_col()}</th><th>{t.decision()}</th><th>{t.reason()}</th>
                                        </tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                    Err(error) => view! { <RefusedPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
