use crate::components::error_notice::ErrorNotice;
use crate::fetched::fetched;
use crate::i18n::{audit_action, use_lang, use_texts};
use crate::pages::route_id;
use crate::server_fns::members::event_audit;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/events/{id}/audit`: the event's audit log, for its organisers.
#[component]
pub fn AuditPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let id = route_id::<crate::ids::EventId>();
    let log = fetched(move || id.get(), event_audit);
    view! {
        <Title text=t.audit() />
        <h1>{t.audit()}</h1>
        <p><a href=move || format!("/events/{}", id.get())>{t.event_details()}</a></p>
        <Suspense fallback=move || view! { <p>{t.loading()}</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted">{t.audit_empty()}</p> }.into_any(),
                    Ok(rows) => view! {
                        <table class="audit">
                            <thead><tr><th scope="col">{t.audit_when()}</th><th scope="col">{t.audit_who()}</th><th scope="col">{t.audit_what()}</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr><td>{r.at}</td><td>{r.actor_name}</td><td><span class="audit-action" data-action=r.action.code()>{audit_action(lang, r.action)}</span> " " {r.detail}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
