//! The options of the selects that several forms share.

use crate::i18n::{category, role, Lang};
use accord_domain::{ParticipantCategory, Role};
use leptos::prelude::*;

pub fn category_options(lang: Lang, selected: Option<ParticipantCategory>) -> impl IntoView {
    ParticipantCategory::ALL
        .into_iter()
        .map(|c| view! { <option value=c.code() selected=Some(c) == selected>{category(lang, c)}</option> })
        .collect_view()
}

pub fn role_options(lang: Lang, selected: Role) -> impl IntoView {
    Role::ALL
        .into_iter()
        .map(|r| view! { <option value=r.code() selected=r == selected>{role(lang, r)}</option> })
        .collect_view()
}
