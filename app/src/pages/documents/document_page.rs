//! `/documents/:id`: one route, two pages. A visitor without a session gets the reading page, rendered on the
//! server only and sent as plain HTML and CSS (`needs_scripts`), also when reached by a click from a page that
//! runs the bundle: the browser then loads it as a page of its own, so the bundle holds none of its code. Anyone
//! signed in gets the workspace (live editor, discussion, voting), which also reads every public document; in a
//! split build (`cargo leptos build --release --split`) it is its own chunk of the browser bundle.
//!
//! The choice must be made without waiting on the server (Leptos renders routes synchronously there), so it
//! rests on the session cookie, which the server sees and the browser cannot (it is HttpOnly). Hydration
//! reads the server's choice from the markup (`data-page`); a later navigation asks the server who is
//! signed in.

#[cfg(not(feature = "hydrate"))]
use crate::components::markup::statistics_table;
#[cfg(not(feature = "hydrate"))]
use crate::i18n::{state, Lang};
#[cfg(not(feature = "hydrate"))]
use crate::model::DocumentPage;
use leptos::prelude::*;
use leptos_router::LazyRoute;
#[cfg(not(feature = "hydrate"))]
use maud::{html, Markup};

pub struct DocumentRoute {
    /// The address asked for, path and query: where the browser loads a reading page from.
    address: String,
}

impl LazyRoute for DocumentRoute {
    fn data() -> Self {
        let location = leptos_router::hooks::use_location();
        let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
        #[cfg_attr(not(feature = "hydrate"), allow(unused_mut))]
        let mut address = if query.is_empty() { path } else { format!("{path}?{query}") };
        // The fragment is the browser's alone (the server never sees it), so it is read only there.
        #[cfg(feature = "hydrate")]
        match location.hash.get_untracked() {
            hash if hash.is_empty() => {}
            hash if hash.starts_with('#') => address.push_str(&hash),
            hash => address = format!("{address}#{hash}"),
        }
        DocumentRoute { address }
    }

    async fn view(route: Self) -> AnyView {
        let workspace_chosen = match server_choice() {
            Some(choice) => choice,
            None => crate::server_fns::accounts::current_user().await.ok().flatten().is_some(),
        };
        if workspace_chosen {
            crate::chunks::needs(WORKSPACE);
            workspace().await
        } else {
            reading(&route.address)
        }
    }

    // Hydration awaits this before it walks the server's markup, and `view` must then be ready at once.
    async fn preload() {
        #[cfg(feature = "hydrate")]
        if server_choice() == Some(true) {
            __preload_workspace().await;
        }
    }
}

const WORKSPACE: &str = "workspace";

#[cfg(not(feature = "hydrate"))]
fn reading(_: &str) -> AnyView {
    view! {
        <div class="document-page" data-page="reading">
            <crate::pages::documents::document_reading::DocumentReading />
        </div>
    }
    .into_any()
}

/// The browser loads a reading page from the server (see the module's comment), in place of the entry the
/// router is about to add. Never while hydrating: the server sent scripts with the page because it is not a
/// reading page, and loading the same address again would only do the same.
#[cfg(feature = "hydrate")]
fn reading(address: &str) -> AnyView {
    if server_choice().is_none() {
        let _ = window().location().replace(address);
    }
    ().into_any()
}

#[leptos::lazy]
fn workspace() -> AnyView {
    view! {
        <div class="document-page" data-page=WORKSPACE>
            <crate::pages::documents::document_workspace::DocumentWorkspace />
        </div>
    }
    .into_any()
}

/// Whether the workspace is the page to show, when that is known without asking: on the server from the
/// session cookie, while hydrating from what the server rendered.
#[cfg(feature = "ssr")]
fn server_choice() -> Option<bool> {
    Some(crate::server_fns::context::session_token().is_some())
}

#[cfg(not(feature = "ssr"))]
fn server_choice() -> Option<bool> {
    let hydrating = Owner::current_shared_context().is_some_and(|sc| sc.during_hydration());
    if !hydrating {
        return None;
    }
    let rendered = document().query_selector(".document-page").ok().flatten()?.get_attribute("data-page");
    Some(rendered.as_deref() == Some(WORKSPACE))
}

/// Whether the page asked for needs the browser bundle. A document read without a session (a public one, or
/// the notice that there is none) has nothing to run in the browser — links, a GET form, no live parts — so
/// it is sent as plain HTML and CSS; a click to it from a hydrated page loads it from here (`reading`). The
/// router matches the address with a trailing slash too, so this does.
#[cfg(feature = "ssr")]
pub fn needs_scripts() -> bool {
    let Some(parts) = use_context::<http::request::Parts>() else { return true };
    let id = parts.uri.path().strip_prefix("/documents/").map(|id| id.strip_suffix('/').unwrap_or(id));
    let document = id.is_some_and(|id| !id.is_empty() && !id.contains('/'));
    !document || crate::server_fns::context::session_token().is_some()
}

#[cfg(not(feature = "ssr"))]
pub fn needs_scripts() -> bool {
    true
}

/// The page's title: the same in both pages.
#[cfg(not(feature = "hydrate"))]
pub fn title(p: &DocumentPage) -> String {
    format!("{} — {}", p.row.document.header.doc_kind, p.event.event.title)
}

/// The bar of links above the text: the same in both pages.
#[cfg(not(feature = "hydrate"))]
pub fn bar_markup(lang: Lang, p: &DocumentPage) -> Markup {
    let (t, row) = (lang.texts(), &p.row);
    let exports =
        [("md", t.export_md()), ("json", t.export_json()), ("docx", t.export_docx()), ("pdf", t.export_pdf())];
    html! {
        nav.doc-bar aria-label=(t.documents()) {
            a href={ "/events/" (p.event.id) } { (p.event.event.title) }
            span class={ "badge state-" (row.state.code()) } { (t.state_label()) ": " (state(lang, row.state)) }
            @if row.imported { span.badge { (t.imported_mark()) } }
            @if p.editable { a href={ "/documents/" (row.id) "/edit" } { (t.form_editor()) } }
            @for (format, label) in exports {
                a rel="external" download href={ "/documents/" (row.id) "/export." (format) } { (label) }
            }
            a href={ "/documents/" (row.id) "/history" } { (t.history()) }
        }
    }
}

/// Above the text of the workspace: the bar of links, where the statistics come from or a form to take them
/// from the register, and while the text is drafted live the statistics' paragraph counted from it (not part
/// of the shared text).
#[cfg(not(feature = "hydrate"))]
pub fn workspace_head(lang: Lang, p: &DocumentPage) -> Markup {
    use server_fn::ServerFn;
    let (t, row) = (lang.texts(), &p.row);
    let offer_register = p.manage && row.state.text_is_editable() && !row.register_statistics;
    let register_paragraph = (row.register_statistics && p.live)
        .then(|| p.reading().sections.first().and_then(|s| s.items.first()).map(|i| i.text.clone()))
        .flatten();
    html! {
        (bar_markup(lang, p))
        @if row.register_statistics { p.muted { (t.statistics_from_register()) } }
        @if offer_register {
            form.inline action=(crate::server_fns::members::UseRegister::url()) method="post" {
                input type="hidden" name="document_id" value=(row.id);
                button.secondary type="submit" { (t.use_register()) }
            }
        }
        @if p.live {
            p.open-editor {
                @if p.editable {
                    a.button.primary href={ "/documents/" (row.id) "/edit" } data-open-editor { (t.open_editor()) }
                } @else {
                    button.primary type="button" data-open-editor { (t.watch_editor()) }
                }
            }
            // Shown from the click until the editor is in place (its chunk and start can take seconds).
            p.opening-editor.muted role="status" { (t.opening_editor()) }
            @if p.editable {
                noscript {
                    p.notice.js-needed {
                        (t.live_needs_js()) " " a href=(format!("/documents/{}/edit", row.id)) { (t.form_editor()) }
                    }
                }
            }
        }
        @if let Some(text) = register_paragraph { p.paragraph.register-paragraph { (text) } }
    }
}

/// What follows the text in both pages: the missing vote line, the statistics.
#[cfg(not(feature = "hydrate"))]
pub fn footer_markup(lang: Lang, p: &DocumentPage) -> Markup {
    html! {
        @if p.reading().vote.is_none() { p.muted { (lang.texts().vote_none()) } }
        aside.side { div.statistics-box { (statistics_table(lang, &p.reading().statistics)) } }
    }
}
