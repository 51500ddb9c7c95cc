use crate::components::error_notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::use_texts;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=t.not_found_title() />
        <h1>{t.not_found_title()}</h1>
        <ErrorNotice error=AppError::NotFound />
        <p><a href="/">{t.nav_home()}</a></p>
    }
}
