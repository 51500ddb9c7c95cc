use crate::i18n::use_texts;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=t.privacy() />
        <h1>{t.privacy()}</h1>
        <p>{t.privacy_intro()}</p>
        <p>{t.privacy_what()}</p>
        <p>{t.privacy_public()}</p>
        <p>{t.privacy_rights()}</p>
    }
}
