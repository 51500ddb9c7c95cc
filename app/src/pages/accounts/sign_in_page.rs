use crate::components::error_notice::action_error;
use crate::i18n::use_texts;
use crate::server_fns::accounts::SignIn;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignInPage() -> impl IntoView {
    let t = use_texts();
    let action = ServerAction::<SignIn>::new();
    let next = super::next_path();
    let other = format!("{}?next={next}", "/signup");
    view! {
        <Title text=t.sign_in />
        <h1>{t.sign_in}</h1>
        {action_error(action.value())}
        <ActionForm action attr:class="form narrow">
            <input type="hidden" name="next" value=next />
            <label>{t.email}<input type="email" name="email" autocomplete="username" required /></label>
            <label>{t.current_password}<input type="password" name="password" autocomplete="current-password" required /></label>
            <button type="submit">{t.sign_in_action}</button>
        </ActionForm>
        <p><a href=other>{t.no_account}</a></p>
    }
}
