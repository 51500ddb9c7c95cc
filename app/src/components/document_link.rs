use crate::i18n::{document_kind, state, use_lang};
use crate::model::DocumentSummary;
use leptos::prelude::*;

/// A document in a list: its heading (else its title, else the name of its kind) linking to it, and its stage.
#[component]
pub fn DocumentLink(document: DocumentSummary) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let label = [&document.doc_kind, &document.title]
        .into_iter()
        .find(|l| !l.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| document_kind(lang, document.kind).to_string());
    view! {
        <li>
            <a href=format!("/documents/{}", document.id)>{label}</a>
            " "
            <span class=format!("badge state-{}", document.state.code())>{state(lang, document.state)}</span>
            {document.imported.then(|| view! { " " <span class="badge">{t.imported_mark}</span> })}
            {(document.unread > 0).then(|| view! { " " <span class="badge unread">{document.unread} " " {t.unread}</span> })}
        </li>
    }
}
