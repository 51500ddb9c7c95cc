use crate::components::error_notice::{action_error, ErrorNotice};
use crate::components::markup::category_options;
use crate::components::server_form::{FormAction, ServerForm};
use crate::fetched::fetched;
use crate::i18n::use_lang;
use crate::server_fns::accounts::current_user;
use crate::server_fns::members::JoinEvent;
use accord_domain::people::{NAME_MAX, ORGANISATION_MAX, REGION_MAX};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/join/{token}`: the profile form that accepts an invitation.
#[component]
pub fn JoinPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let user = fetched(|| (), |_| current_user());
    let join = FormAction::<JoinEvent>::new();
    let categories = category_options(lang, None).into_string();
    let next = format!("/join/{token}");
    let form = view! {
        <ServerForm action=join attr:class="form narrow">
            <input type="hidden" name="token" value=token />
            <label>{t.full_name()}<input name="full_name" autocomplete="name" required maxlength=NAME_MAX /></label>
            <label>{t.organisation()}<input name="organisation" maxlength=ORGANISATION_MAX /></label>
            <label>{t.category()}<select name="category" inner_html=categories></select></label>
            <label>{t.region()}<input name="region" maxlength=REGION_MAX /></label>
            <label class="check"><input type="checkbox" name="public_name" value="on" />{t.public_name_consent()}</label>
            <button type="submit">{t.join_action()}</button>
        </ServerForm>
    };
    view! {
        <Title text=t.join_title() />
        <h1>{t.join_title()}</h1>
        {action_error(join.value())}
        <Suspense fallback=move || view! { <p>{t.loading()}</p> }>
            {move || {
                let next = next.clone();
                Suspend::new(async move {
                    match user.await {
                        Ok(Some(_)) => view! { <p class="muted">{t.join_hint()}</p> }.into_any(),
                        Ok(None) => view! {
                            <p>{t.join_sign_in_first()}</p>
                            <p class="actions">
                                <a class="button" href=format!("/signin?next={next}")>{t.sign_in()}</a>
                                <a class="button secondary" href=format!("/signup?next={next}")>{t.sign_up()}</a>
                            </p>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
        {form}
        <p class="muted"><a href="/privacy">{t.privacy()}</a></p>
    }
}
