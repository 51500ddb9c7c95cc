use crate::components::error_notice::action_error;
use crate::components::server_form::{FormAction, ServerForm};
use crate::fetched::fetched;
use crate::i18n::{role, use_lang, use_texts};
use crate::server_fns::accounts::{demo_accounts, SignIn};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignInPage() -> impl IntoView {
    let t = use_texts();
    let action = FormAction::<SignIn>::new();
    let next = super::next_path();
    let other = format!("/signup?next={}", crate::urls::path_in_query(&next));
    view! {
        <Title text=t.sign_in() />
        <h1>{t.sign_in()}</h1>
        {action_error(action.value())}
        <ServerForm action attr:class="form narrow">
            <input type="hidden" name="next" value=next />
            <label>{t.email()}<input type="email" name="email" autocomplete="username" required /></label>
            <label>{t.current_password()}<input type="password" name="password" autocomplete="current-password" required /></label>
            <button type="submit">{t.sign_in_action()}</button>
        </ServerForm>
        <p><a href=other>{t.no_account()}</a></p>
        <DemoAccounts />
    }
}

/// The demo's accounts and their password, on a store with demo content: a newcomer tries each role.
#[component]
fn DemoAccounts() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let accounts = fetched(|| (), |_| demo_accounts());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let accounts = accounts.await.unwrap_or_default();
                (!accounts.is_empty()).then(|| {
                    let list = accounts
                        .into_iter()
                        .map(|a| view! { <li><code>{a.email}</code> " — " {role(lang, a.role)} " (" {a.name} ")"</li> })
                        .collect_view();
                    view! {
                        <section class="card demo-accounts" aria-labelledby="demo-accounts-title">
                            <h2 id="demo-accounts-title">{t.demo_accounts()}</h2>
                            <p>{t.demo_password()} " " <code>{crate::demo::DEMO_PASSWORD}</code></p>
                            <ul>{list}</ul>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}
