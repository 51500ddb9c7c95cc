use crate::components::error_notice::action_error;
use crate::components::server_form::{FormAction, ServerForm};
use crate::i18n::{event_kind, use_lang};
use crate::server_fns::events::CreateEvent;
use accord_domain::event::{CITY_MAX, DESCRIPTION_MAX, ORGANISER_MAX, TITLE_MAX};
use accord_domain::EventKind;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewEventPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let create = FormAction::<CreateEvent>::new();
    let kinds = EventKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code()>{event_kind(lang, k)}</option> })
        .collect_view();
    view! {
        <Title text=t.nav_new_event() />
        <h1>{t.nav_new_event()}</h1>
        <p class="muted">{t.create_event_hint()}</p>
        {action_error(create.value())}
        <ServerForm action=create attr:class="form">
            <label>{t.event_kind()}<select name="kind" required>{kinds}</select></label>
            <label>{t.title()}<input name="title" required maxlength=TITLE_MAX /></label>
            <div class="row">
                <label>{t.starts_on()}<input type="date" name="starts_on" required /></label>
                <label>{t.ends_on()}<input type="date" name="ends_on" /></label>
            </div>
            <label>{t.city()}<input name="city" maxlength=CITY_MAX /></label>
            <label>{t.organiser()}<input name="organiser" maxlength=ORGANISER_MAX /></label>
            <label>{t.description()}<textarea name="description" rows="4" maxlength=DESCRIPTION_MAX></textarea></label>
            <button type="submit">{t.create_event()}</button>
        </ServerForm>
    }
}
