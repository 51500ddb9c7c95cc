//! `/events/{id}`: the event, its documents, statistics and — for its members — the register of
//! participants; organisers also invite, add, change roles, mark speakers and remove people here.

use crate::components::choices::{category_options, role_options};
use crate::components::document_link::DocumentLink;
use crate::components::error_notice::{action_error, RefusedPage};
use crate::components::server_form::{FormAction, ServerForm};
use crate::components::statistics_table::StatisticsTable;
use crate::fetched::fetched;
use crate::i18n::{category, event_kind, format_dates, role, use_lang};
use crate::ids::EventId;
use crate::model::{EventPageData, InvitationRow, MemberRow};
use crate::pages::route_id;
use crate::server_fns::events::StartDraft;
use crate::server_fns::members::{
    event_page, AddMember, CreateInvitation, RemoveMember, RevokeInvitation, UpdateMember,
};
use accord_domain::people::{EMAIL_MAX, NAME_MAX, ORGANISATION_MAX, REGION_MAX};
use accord_domain::Role;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[derive(Clone, Copy)]
struct Actions {
    start: FormAction<StartDraft>,
    invite: FormAction<CreateInvitation>,
    revoke: FormAction<RevokeInvitation>,
    add: FormAction<AddMember>,
    update: FormAction<UpdateMember>,
    remove: FormAction<RemoveMember>,
}

#[component]
pub fn EventPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let id = route_id::<crate::ids::EventId>();
    let actions = Actions {
        start: FormAction::new(),
        invite: FormAction::new(),
        revoke: FormAction::new(),
        add: FormAction::new(),
        update: FormAction::new(),
        remove: FormAction::new(),
    };
    let versions = move || {
        (
            actions.revoke.version().get(),
            actions.add.version().get(),
            actions.update.version().get(),
            actions.remove.version().get(),
        )
    };
    let page = fetched(move || (id.get(), versions()), |(id, _)| event_page(id));
    view! {
        {action_error(actions.start.value())}
        {action_error(actions.invite.value())}
        {action_error(actions.revoke.value())}
        {action_error(actions.add.value())}
        {action_error(actions.update.value())}
        {action_error(actions.remove.value())}
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(data) => view! { <EventView data actions /> }.into_any(),
                    Err(error) => view! { <RefusedPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EventView(data: EventPageData, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let e = data.entry.event.event.clone();
    let event_id = data.entry.event.id.clone();
    let organiser = data.role == Some(Role::Organiser);
    let documents = data.entry.documents.iter().map(|d| view! { <DocumentLink document=d.clone() /> }).collect_view();
    let no_documents = data.entry.documents.is_empty();
    let start_event = event_id.clone();
    let start = organiser.then(move || {
        view! {
            <ServerForm action=actions.start attr:class="inline">
                <input type="hidden" name="event_id" value=start_event />
                <button type="submit">{t.new_draft}</button>
            </ServerForm>
        }
    });
    let register = if data.role.is_some() {
        let register_event = event_id.clone();
        view! { <Register event_id=register_event members=data.members.clone() organiser actions /> }.into_any()
    } else {
        view! { <p class="muted">{t.participants_hidden}</p> }.into_any()
    };
    let invitations = data.invitations.clone();
    let manage = organiser.then(move || view! { <Manage event_id invitations actions /> });
    view! {
        <Title text=e.title.clone() />
        <p class="meta">{event_kind(lang, e.kind)}</p>
        <h1>{e.title.clone()}</h1>
        <dl class="details">
            <dt>{t.starts_on}</dt><dd>{format_dates(lang, Some(e.starts_on), e.ends_on)}</dd>
            {(!e.city.is_empty()).then(|| view! { <dt>{t.city}</dt><dd>{e.city.clone()}</dd> })}
            {(!e.organiser.is_empty()).then(|| view! { <dt>{t.organiser}</dt><dd>{e.organiser.clone()}</dd> })}
            {data.role.map(|r| view! { <dt>{t.role}</dt><dd>{role(lang, r)}</dd> })}
        </dl>
        {(!e.description.is_empty()).then(|| view! { <p class="description">{e.description.clone()}</p> })}
        <StatisticsTable statistics=data.statistics.clone() />
        <h2>{t.documents}</h2>
        {no_documents.then(|| view! { <p class="muted">{t.no_documents}</p> })}
        <ul class="doc-list">{documents}</ul>
        {start}
        <h2>{t.participants}</h2>
        {register}
        {manage}
    }
}

#[component]
fn Register(event_id: EventId, members: Vec<MemberRow>, organiser: bool, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let rows = members
        .into_iter()
        .map(|m| {
            let p = m.profile.clone();
            let (e1, e2, m1, m2) = (event_id.clone(), event_id.clone(), m.id.clone(), m.id.clone());
            let name = if p.full_name.is_empty() { t.name_hidden.to_string() } else { p.full_name.clone() };
            let controls = if organiser {
                view! {
                    <td>
                        <ServerForm action=actions.update attr:class="member-form">
                            <input type="hidden" name="event_id" value=e1 />
                            <input type="hidden" name="member" value=m1 />
                            <select name="role" aria-label=t.role>{role_options(lang, m.role)}</select>
                            <label class="check"><input type="checkbox" name="speaker" value="on" checked=p.speaker />{t.speaker}</label>
                            <label class="check"><input type="checkbox" name="discussion" value="on" checked=p.discussion />{t.discussion}</label>
                            <button type="submit" class="secondary">{t.save}</button>
                        </ServerForm>
                        <ServerForm action=actions.remove attr:class="member-form">
                            <input type="hidden" name="event_id" value=e2 />
                            <input type="hidden" name="member" value=m2 />
                            <button type="submit" class="danger">{t.remove}</button>
                        </ServerForm>
                    </td>
                }
                .into_any()
            } else {
                view! {
                    <td>
                        {role(lang, m.role)}
                        {p.speaker.then(|| format!(" · {}", t.speaker))}
                        {p.discussion.then(|| format!(" · {}", t.discussion))}
                    </td>
                }
                .into_any()
            };
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td>{p.organisation.clone()}</td>
                    <td>{category(lang, p.category)}</td>
                    <td>{p.region.clone()}</td>
                    {controls}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="register">
                <thead>
                    <tr>
                        <th scope="col">{t.full_name}</th>
                        <th scope="col">{t.organisation}</th>
                        <th scope="col">{t.category}</th>
                        <th scope="col">{t.region}</th>
                        <th scope="col">{t.role}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn Manage(event_id: EventId, invitations: Vec<InvitationRow>, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let fresh = move || query.read().get("invitation").filter(|t| t.len() <= 64);
    let list = invitations
        .into_iter()
        .map(|i| {
            let (eid, iid) = (event_id.clone(), i.id.clone());
            let status = if i.revoked {
                view! { <span class="badge">{t.revoked}</span> }.into_any()
            } else {
                view! {
                    <ServerForm action=actions.revoke attr:class="inline-form">
                        <input type="hidden" name="event_id" value=eid />
                        <input type="hidden" name="invitation" value=iid />
                        <button type="submit" class="danger">{t.revoke}</button>
                    </ServerForm>
                }
                .into_any()
            };
            view! { <li>{role(lang, i.role)} " · " {t.expires} " " {i.expires_at} " " {status}</li> }
        })
        .collect_view();
    let (e1, e2, audit) = (event_id.clone(), event_id.clone(), format!("/events/{event_id}/audit"));
    view! {
        <section class="card">
            <h2>{t.invitations}</h2>
            {move || fresh().map(|token| {
                let path = format!("/join/{token}");
                view! { <p class="notice" role="status">{t.invitation_link} " " <a class="invitation-link" href=path.clone()>{path.clone()}</a></p> }
            })}
            <ServerForm action=actions.invite attr:class="inline">
                <input type="hidden" name="event_id" value=e1 />
                <label>{t.role}<select name="role">{role_options(lang, Role::Delegate)}</select></label>
                <label>{t.invite_days}<input type="number" name="days" value="14" min="1" max="90" /></label>
                <label>{t.invite_email}<input type="email" name="email" maxlength="254" autocomplete="off" /></label>
                <button type="submit">{t.create_invitation}</button>
            </ServerForm>
            <ul class="invitation-list">{list}</ul>
        </section>
        <section class="card">
            <h2>{t.add_by_email}</h2>
            <ServerForm action=actions.add attr:class="form">
                <input type="hidden" name="event_id" value=e2 />
                <div class="row">
                    <label>{t.email}<input type="email" name="email" required maxlength=EMAIL_MAX /></label>
                    <label>{t.role}<select name="role">{role_options(lang, Role::Delegate)}</select></label>
                </div>
                <label>{t.full_name}<input name="full_name" required maxlength=NAME_MAX /></label>
                <div class="row">
                    <label>{t.organisation}<input name="organisation" maxlength=ORGANISATION_MAX /></label>
                    <label>{t.category}<select name="category">{category_options(lang, None)}</select></label>
                </div>
                <label>{t.region}<input name="region" maxlength=REGION_MAX /></label>
                <button type="submit">{t.add_member}</button>
            </ServerForm>
        </section>
        <p><a href=audit>{t.audit}</a></p>
    }
}
