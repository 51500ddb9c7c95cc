use crate::components::error_notice::action_error;
use crate::components::server_form::{FormAction, ServerForm};
use crate::i18n::use_texts;
use crate::server_fns::accounts::SignUp;
use accord_domain::people::{EMAIL_MAX, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let t = use_texts();
    let action = FormAction::<SignUp>::new();
    let next = super::next_path();
    let other = format!("{}?next={next}", "/signin");
    view! {
        <Title text=t.sign_up() />
        <h1>{t.sign_up()}</h1>
        {action_error(action.value())}
        <ServerForm action attr:class="form narrow">
            <input type="hidden" name="next" value=next />
            <label>{t.your_name()}<input name="name" autocomplete="name" required maxlength=NAME_MAX /></label>
            <label>{t.email()}<input type="email" name="email" autocomplete="email" required maxlength=EMAIL_MAX /></label>
            <label>{t.password()}<input type="password" name="password" autocomplete="new-password" required minlength=PASSWORD_MIN maxlength=PASSWORD_MAX /></label>
            <button type="submit">{t.sign_up_action()}</button>
        </ServerForm>
        <p><a href=other>{t.have_account()}</a></p>
        <p class="muted"><a href="/privacy">{t.privacy()}</a></p>
    }
}
