use crate::i18n::{state, use_lang};
use crate::model::DocumentSummary;
use leptos::prelude::*;

/// A document in a list: its kind (or title) linking to it, and its stage.
#[component]
pub fn DocumentLink(document: DocumentSummary) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let label = if document.doc_kind.is_empty() { document.title.clone() } else { document.doc_kind.clone() };
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
