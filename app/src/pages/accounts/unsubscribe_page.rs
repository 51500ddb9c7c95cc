//! `/unsubscribe?u=…&k=…&s=…`: the link at the foot of every message. Opening it asks for one click, so that a
//! mail scanner following links unsubscribes no one; the click (or a mail client's RFC 8058 post to the same
//! address, `server/src/routes.rs`) stops that kind of message, or the digest, without signing in. A wrong or
//! altered link changes nothing.

use crate::components::error_notice::action_error;
use crate::components::server_form::{FormAction, ServerForm};
use crate::i18n::use_texts;
use crate::server_fns::notices::Unsubscribe;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let field = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let stop = FormAction::<Unsubscribe>::new();
    let done = move || stop.value().get().is_some_and(|r| r.is_ok());
    view! {
        <Title text=t.unsubscribe_title() />
        <h1>{t.unsubscribe_title()}</h1>
        {action_error(stop.value())}
        <Show
            when=done
            fallback=move || view! {
                <p>{t.unsubscribe_ask()}</p>
                <ServerForm action=stop attr:class="inline unsubscribe">
                    <input type="hidden" name="u" value=field("u") />
                    <input type="hidden" name="k" value=field("k") />
                    <input type="hidden" name="s" value=field("s") />
                    <button type="submit">{t.unsubscribe_button()}</button>
                </ServerForm>
            }
        >
            <p class="notice" role="status">{t.unsubscribed()}</p>
        </Show>
        <p><a href="/account#notices">{t.notice_settings()}</a></p>
    }
}
