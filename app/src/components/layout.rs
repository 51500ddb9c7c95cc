use crate::fetched::fetched;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The frame of every page: skip link, navigation, language switch, content, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let location = use_location();
    let other = match lang {
        Lang::Ru => Lang::En,
        Lang::En => Lang::Ru,
    };
    let switch_href =
        move || format!("/lang/{}?to={}", other.code(), crate::urls::path_in_query(&location.pathname.get()));
    // Refetched on every navigation, so signing in or out shows in the header without a reload.
    let user = fetched(move || location.pathname.get(), |_| crate::server_fns::accounts::current_user());
    let unread = fetched(move || location.pathname.get(), |_| crate::server_fns::notices::unread_notices());
    let account = move || {
        Suspend::new(async move {
            match user.await.ok().flatten() {
                Some(u) => {
                    let n = unread.await.unwrap_or(0);
                    let label = format!("{}: {n} {}", t.notices_title(), t.notices_unread());
                    view! {
                        <a href="/notices" class="bell" aria-label=label.clone() title=label>
                            <span aria-hidden="true">"🔔"</span>
                            {(n > 0).then(|| view! { <span class="unread-count" aria-hidden="true">{n}</span> })}
                        </a>
                        <a href="/account" title=t.account()>{u.name}</a>
                    }
                    .into_any()
                }
                None => view! { <a href="/signin">{t.sign_in()}</a><a href="/signup">{t.sign_up()}</a> }.into_any(),
            }
        })
    };
    view! {
        <a class="skip" href="#main">{t.skip_to_content()}</a>
        <header class="site-header">
            <a class="brand" href="/">{t.app_name()}</a>
            <nav aria-label=t.app_name()>
                <a href="/">{t.nav_home()}</a>
                <a href="/events/new">{t.nav_new_event()}</a>
                <a href="/import">{t.nav_import()}</a>
                <a href="/registry">{t.nav_registry()}</a>
                <Suspense>{account}</Suspense>
                <a rel="external" hreflang=other.code() lang=other.code() href=switch_href>{t.switch_lang()}</a>
            </nav>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">{t.footer()} " · " <a href="/privacy">{t.privacy()}</a></footer>
    }
}
