use crate::i18n::{document_kind, state, use_lang};
use crate::model::{DocumentSummary, Readable};
use leptos::prelude::*;

/// A document in a list: its heading (else its title, else the name of its kind) linking to it, and its stage.
/// A draft the reader may not open is named without a link, with what would let them read it.
#[component]
pub fn DocumentLink(document: DocumentSummary) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let label = [&document.doc_kind, &document.title]
        .into_iter()
        .find(|l| !l.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| document_kind(lang, document.kind).to_string());
    let href = format!("/documents/{}", document.id);
    let name = match document.readable {
        Readable::Yes => view! { <a href=href.clone()>{label}</a> }.into_any(),
        Readable::AfterSignIn | Readable::MembersOnly => view! { <span class="doc-name">{label}</span> }.into_any(),
    };
    let locked = match document.readable {
        Readable::Yes => None,
        Readable::AfterSignIn => Some(
            view! {
                " " <span class="muted">{t.draft_for_members}</span> " · "
                <a href=format!("/signin?next={}", crate::urls::path_in_query(&href))>{t.sign_in_to_take_part}</a>
            }
            .into_any(),
        ),
        Readable::MembersOnly => Some(view! { " " <span class="muted">{t.draft_for_members}</span> }.into_any()),
    };
    view! {
        <li>
            {name}
            " "
            <span class=format!("badge state-{}", document.state.code())>{state(lang, document.state)}</span>
            {document.imported.then(|| view! { " " <span class="badge">{t.imported_mark}</span> })}
            {(document.unread > 0).then(|| view! { " " <span class="badge unread">{document.unread} " " {t.unread}</span> })}
            {locked}
        </li>
    }
}
