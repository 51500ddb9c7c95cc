//! Accord's Leptos application: pages, components, server functions and the types they share.
//! Server-only modules (`store`, `services`) are compiled with the `ssr` feature.

// The editor's nested views are deep types; the default limit is too low for them.
#![recursion_limit = "256"]

pub mod chunks;
pub mod components;
pub mod cookies;
pub mod demo;
pub mod editor;
pub mod error;
pub mod fetched;
pub mod i18n;
pub mod ids;
pub mod live_update;
pub mod model;
pub mod pages;
pub mod routes;
pub mod server_fns;
pub mod urls;

#[cfg(feature = "hydrate")]
pub use hydrate_entry::hydrate;
#[cfg(feature = "hydrate")]
mod hydrate_entry {
    /// Called by the WASM module's start-up script.
    #[wasm_bindgen::prelude::wasm_bindgen]
    pub fn hydrate() {
        console_error_panic_hook::set_once();
        let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else { return };
        // Lazy routes hydrate once their page's code has arrived: asynchronously.
        wasm_bindgen_futures::spawn_local(async move {
            leptos::mount::hydrate_from_async(body.clone(), super::App).await.forget();
            // Browser tests wait for this mark before they click.
            let _ = body.set_attribute("data-hydrated", "");
        });
    }
}

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod ballots;
#[cfg(feature = "ssr")]
pub mod rooms;
#[cfg(feature = "ssr")]
pub mod services;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod word_files;

use crate::i18n::Lang;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

/// The HTML document around the application, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    set_content_security_policy();
    let scripts = pages::documents::document_page::needs_scripts();
    if !scripts {
        // Nothing will hydrate, so the data the page was rendered from need not travel with it.
        if let Some(sc) = Owner::current_shared_context() {
            sc.set_is_hydrating(false);
        }
    }
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                {scripts.then(|| view! { <HydrationScripts options /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The language chosen by the `lang` cookie, read from the request on the server and from
/// `document.cookie` in the browser, so both render the same page.
fn current_lang() -> Lang {
    let from_request = use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(http::header::COOKIE)?.to_str().ok().map(Lang::from_cookie_header));
    from_request.or_else(browser_cookie).unwrap_or_default()
}

#[cfg(feature = "hydrate")]
fn browser_cookie() -> Option<Lang> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()?.document()?;
    let cookie = document.dyn_into::<web_sys::HtmlDocument>().ok()?.cookie().ok()?;
    Some(Lang::from_cookie_header(&cookie))
}

#[cfg(not(feature = "hydrate"))]
fn browser_cookie() -> Option<Lang> {
    None
}

/// Where the page tells the server's middleware the nonce of its inline scripts. The middleware puts one
/// in every request's extensions and writes the page's policy from it: setting the header through
/// `ResponseOptions` was seen to be lost now and then (one page load in four, right after a stage change),
/// which left a page unhydrated under the fallback policy.
#[cfg(feature = "ssr")]
#[derive(Clone, Default)]
pub struct PageNonce(pub std::sync::Arc<std::sync::Mutex<Option<String>>>);

/// Scripts run only from this site or inline with this response's nonce (Leptos's hydration script);
/// WebAssembly may compile; nothing frames the page.
#[cfg(feature = "ssr")]
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )
}

#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else { return };
    let slot = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<PageNonce>().cloned());
    if let Some(slot) = slot {
        *slot.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(nonce.to_string());
    }
}

#[cfg(not(feature = "ssr"))]
fn set_content_security_policy() {}

/// The document title. leptos_meta writes it into `<title>` unescaped on the server, so angle brackets
/// from user text become look-alike quotes here and can never close the element.
fn page_title(page: &str, app_name: &str) -> String {
    let page: String = page
        .chars()
        .map(|c| match c {
            '<' => '‹',
            '>' => '›',
            c => c,
        })
        .collect();
    if page.is_empty() {
        app_name.to_string()
    } else {
        format!("{page} — {app_name}")
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = current_lang();
    provide_context(lang);
    let t = lang.texts();
    view! {
        <Html attr:lang=lang.code() />
        <Stylesheet id="leptos" href="/pkg/accord.css" />
        <Link rel="icon" href="/favicon.ico" />
        <Meta name="description" content=t.tagline() />
        <Title formatter=move |page: String| page_title(&page, t.app_name()) />
        <Router>
            <components::layout::Layout>
                <Routes fallback=|| view! { <pages::not_found::NotFound /> }>
                    <Route path=path!("") ssr=SsrMode::Async view={Lazy::<routes::HomeRoute>::new()} />
                    <Route path=path!("/events/new") ssr=SsrMode::Async view={Lazy::<routes::NewEventRoute>::new()} />
                    <Route path=path!("/events/:id") ssr=SsrMode::Async view={Lazy::<routes::EventRoute>::new()} />
                    <Route path=path!("/documents/:id") ssr=SsrMode::Async view={Lazy::<pages::documents::document_page::DocumentRoute>::new()} />
                    <Route path=path!("/documents/:id/edit") ssr=SsrMode::Async view={Lazy::<routes::EditRoute>::new()} />
                    <Route path=path!("/documents/:id/summary") ssr=SsrMode::Async view={Lazy::<routes::SummaryRoute>::new()} />
                    <Route path=path!("/documents/:id/history") ssr=SsrMode::Async view={Lazy::<routes::HistoryRoute>::new()} />
                    <Route path=path!("/import") ssr=SsrMode::Async view={Lazy::<routes::ImportRoute>::new()} />
                    <Route path=path!("/import/:id") ssr=SsrMode::Async view={Lazy::<routes::PreviewRoute>::new()} />
                    <Route path=path!("/events/:id/audit") ssr=SsrMode::Async view={Lazy::<routes::AuditRoute>::new()} />
                    <Route path=path!("/join/:token") ssr=SsrMode::Async view={Lazy::<routes::JoinRoute>::new()} />
                    <Route path=path!("/signup") ssr=SsrMode::Async view={Lazy::<routes::SignUpRoute>::new()} />
                    <Route path=path!("/signin") ssr=SsrMode::Async view={Lazy::<routes::SignInRoute>::new()} />
                    <Route path=path!("/account") ssr=SsrMode::Async view={Lazy::<routes::AccountRoute>::new()} />
                    <Route path=path!("/notices") ssr=SsrMode::Async view={Lazy::<routes::NoticesRoute>::new()} />
                    <Route path=path!("/unsubscribe") ssr=SsrMode::Async view={Lazy::<routes::UnsubscribeRoute>::new()} />
                    <Route path=path!("/privacy") ssr=SsrMode::Async view={Lazy::<routes::PrivacyRoute>::new()} />
                    <Route path=path!("/registry") ssr=SsrMode::Async view={Lazy::<routes::RegistryRoute>::new()} />
                    <Route path=path!("/registry/progress") ssr=SsrMode::Async view={Lazy::<routes::RegistryProgressRoute>::new()} />
                </Routes>
            </components::layout::Layout>
        </Router>
    }
}
