use crate::components::error_notice::{action_error, ErrorNotice};
use crate::components::resolution::Resolution;
use crate::components::statistics_table::StatisticsTable;
use crate::i18n::{section_kind, use_lang, warning_message};
use crate::pages::route_id;
use crate::server_fns::imports::{get_import_preview, ConfirmImport};
use accord_domain::SectionKind;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PreviewPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let id = route_id();
    let preview = Resource::new(move || id.get(), get_import_preview);
    let confirm = ServerAction::<ConfirmImport>::new();
    view! {
        <Title text=t.preview_title />
        <h1>{t.preview_title}</h1>
        {action_error(confirm.value())}
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(p) => {
                        let warnings = p.warnings.iter().map(|w| {
                            let line = w.line.map(|l| format!("{} {l}: ", t.line));
                            view! { <li>{line}{warning_message(lang, &w.kind)}</li> }
                        }).collect_view();
                        let has_warnings = !p.warnings.is_empty();
                        let counts = [SectionKind::Findings, SectionKind::Problems, SectionKind::Recommendations]
                            .into_iter()
                            .map(|k| format!("{}: {}", section_kind(lang, k), p.document.items_of(k).count()))
                            .collect::<Vec<_>>()
                            .join(" · ");
                        let outcome = if p.document.vote.is_some() { t.preview_will_be_adopted } else { t.preview_will_be_draft };
                        view! {
                            <section class="card warnings" aria-labelledby="warnings-title">
                                <h2 id="warnings-title">{t.preview_warnings}</h2>
                                {if has_warnings {
                                    view! { <ul class="warning-list">{warnings}</ul> }.into_any()
                                } else {
                                    view! { <p>{t.preview_no_warnings}</p> }.into_any()
                                }}
                                <p class="counts">{counts}</p>
                                <p class="outcome">{outcome}</p>
                                {p.event.clone().map(|e| view! { <p>{t.import_event} ": " {e.event.title}</p> })}
                                <ActionForm action=confirm attr:class="inline">
                                    <input type="hidden" name="id" value=p.id.clone() />
                                    <button type="submit">{t.save}</button>
                                    " "
                                    <a href="/import">{t.cancel}</a>
                                </ActionForm>
                            </section>
                            <StatisticsTable statistics=p.document.statistics.clone() />
                            <Resolution document=p.document />
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
