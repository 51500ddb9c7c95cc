use crate::components::error_notice::{action_error, ErrorNotice};
use crate::components::server_form::{FormAction, ServerForm};
use crate::error::AppError;
use crate::fetched::fetched;
use crate::i18n::use_texts;
use crate::server_fns::accounts::{current_user, ChangePassword, DeleteAccount, SignOut};
use accord_domain::people::{PASSWORD_MAX, PASSWORD_MIN};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_texts();
    let user = fetched(|| (), |_| current_user());
    let change = FormAction::<ChangePassword>::new();
    let delete = FormAction::<DeleteAccount>::new();
    let sign_out = FormAction::<SignOut>::new();
    let changed = use_query_map().read_untracked().get("changed").is_some();
    view! {
        <Title text=t.account() />
        <h1>{t.account()}</h1>
        <Suspense fallback=move || view! { <p>{t.loading()}</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) => view! {
                        <p>{t.signed_in_as()} " " <strong>{u.name}</strong> " (" {u.email} ")"</p>
                        <ServerForm action=sign_out attr:class="inline"><button type="submit" class="secondary">{t.sign_out()}</button></ServerForm>
                        <section class="card">
                            <h2>{t.change_password()}</h2>
                            {changed.then(|| view! { <p class="notice" role="status">{t.password_changed()}</p> })}
                            {action_error(change.value())}
                            <ServerForm action=change attr:class="form narrow">
                                <label>{t.current_password()}<input type="password" name="current" autocomplete="current-password" required /></label>
                                <label>{t.new_password()}<input type="password" name="password" autocomplete="new-password" required minlength=PASSWORD_MIN maxlength=PASSWORD_MAX /></label>
                                <button type="submit">{t.change_password()}</button>
                            </ServerForm>
                        </section>
                        <NoticeSettings />
                        <section class="card">
                            <h2>{t.privacy()}</h2>
                            <p><a rel="external" download href="/account/data.json">{t.download_data()}</a></p>
                            <p class="muted">{t.delete_account_hint()}</p>
                            {action_error(delete.value())}
                            <ServerForm action=delete attr:class="form narrow">
                                <label>{t.current_password()}<input type="password" name="password" autocomplete="current-password" required /></label>
                                <button type="submit" class="danger">{t.delete_account()}</button>
                            </ServerForm>
                        </section>
                    }.into_any(),
                    Ok(None) => view! { <ErrorNotice error=AppError::Unauthenticated /> <p><a href="/signin?next=/account">{t.sign_in()}</a></p> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// How each kind of notice is mailed: at once, in the daily digest, or not (it still shows under the bell).
#[component]
fn NoticeSettings() -> impl IntoView {
    use crate::server_fns::notices::{get_notice_preferences, SetNoticePreferences};
    use accord_domain::notices::{Delivery, Kind};
    let t = use_texts();
    let save = FormAction::<SetNoticePreferences>::new();
    let prefs = fetched(move || save.version().get(), |_| get_notice_preferences());
    let kind_label = move |k: Kind| match k {
        Kind::BallotOpened => t.kind_ballot_opened(),
        Kind::DeadlineSoon => t.kind_deadline_soon(),
        Kind::Decided => t.kind_decided(),
        Kind::Reply => t.kind_reply(),
        Kind::Activity | Kind::Invitation => t.kind_activity(),
    };
    let delivery_label = move |d: Delivery| match d {
        Delivery::Now => t.delivery_now(),
        Delivery::Digest => t.delivery_digest(),
        Delivery::Off => t.delivery_off(),
    };
    view! {
        <section class="card" id="notices">
            <h2>{t.notice_settings()}</h2>
            <p class="muted">{t.notice_settings_hint()}</p>
            {action_error(save.value())}
            {move || (save.value().get().is_some_and(|r| r.is_ok())).then(|| view! { <p class="notice" role="status">{t.notice_settings_saved()}</p> })}
            <Suspense fallback=move || view! { <p>{t.loading()}</p> }>
                {move || Suspend::new(async move {
                    let chosen = prefs.await.unwrap_or_default();
                    let rows = Kind::CHOSEN
                        .into_iter()
                        .map(|k| {
                            let now = chosen.iter().find(|(c, _)| c == k.code()).map(|(_, d)| d.clone()).unwrap_or_default();
                            let options = Delivery::ALL
                                .into_iter()
                                .map(|d| view! { <option value=d.code() selected=d.code() == now>{delivery_label(d)}</option> })
                                .collect_view();
                            view! { <label>{kind_label(k)}<select name=k.code()>{options}</select></label> }
                        })
                        .collect_view();
                    let lang = chosen.iter().find(|(c, _)| c == "lang").map(|(_, l)| l.clone()).unwrap_or_default();
                    view! {
                        <ServerForm action=save attr:class="form narrow notice-settings">
                            {rows}
                            <label>{t.notice_lang()}
                                <select name="lang">
                                    <option value="ru" selected=lang == "ru">"Русский"</option>
                                    <option value="en" selected=lang == "en">"English"</option>
                                </select>
                            </label>
                            <button type="submit">{t.save()}</button>
                        </ServerForm>
                    }
                })}
            </Suspense>
        </section>
    }
}
