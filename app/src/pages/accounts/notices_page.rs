//! `/notices`: what the bell counts — the signed-in person's notices, newest first (reading marks them read).

use crate::components::error_notice::ErrorNotice;
use crate::fetched::fetched;
use crate::i18n::use_texts;
use crate::server_fns::notices::get_notices;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NoticesPage() -> impl IntoView {
    let t = use_texts();
    let notices = fetched(|| (), |_| get_notices());
    view! {
        <Title text=t.notices_title() />
        <h1>{t.notices_title()}</h1>
        <p class="muted">{t.notices_intro()} " " <a href="/account#notices">{t.notice_settings()}</a></p>
        <Suspense fallback=move || view! { <p>{t.loading()}</p> }>
            {move || Suspend::new(async move {
                match notices.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t.notices_empty()}</p> }.into_any(),
                    Ok(list) => {
                        let items = list
                            .into_iter()
                            .map(|n| {
                                let day = n.created_at.replace('T', " ").trim_end_matches('Z').to_string();
                                view! {
                                    <li class=if n.unread { "notice-item unread" } else { "notice-item" }>
                                        <a href=n.link.clone()><strong>{n.subject.clone()}</strong></a>
                                        <p class="multiline">{n.body.clone()}</p>
                                        <time class="muted" datetime=n.created_at.clone()>{day} " UTC"</time>
                                    </li>
                                }
                            })
                            .collect_view();
                        view! { <ul class="notices">{items}</ul> }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> <p><a href="/signin?next=/notices">{t.sign_in()}</a></p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
