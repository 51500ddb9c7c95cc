//! `/unsubscribe?u=…&k=…&s=…`: the link at the foot of every message. Following it stops that kind of
//! message (or the digest) at once, without signing in; a wrong or altered link changes nothing.

use crate::i18n::use_texts;
use crate::server_fns::notices::unsubscribe;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let field = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let done = Resource::new(move || (field("u"), field("k"), field("s")), |(u, k, s)| unsubscribe(u, k, s));
    view! {
        <Title text=t.unsubscribe_title />
        <h1>{t.unsubscribe_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match done.await {
                    Ok(_) => view! { <p class="notice" role="status">{t.unsubscribed}</p> }.into_any(),
                    Err(_) => view! { <p class="error" role="alert">{t.unsubscribe_bad}</p> }.into_any(),
                }
            })}
        </Suspense>
        <p><a href="/account#notices">{t.notice_settings}</a></p>
    }
}
