//! `/events/{id}`: the event, its documents, statistics and — for its members — the register of
//! participants; organisers also invite, add, change roles, mark speakers and remove people here.

use crate::components::error_notice::{action_error, RefusedPage};
use crate::components::markup::{category_options, document_link, role_options, statistics_table};
use crate::components::morph::morphed;
use crate::components::server_form::{submit_forms, FormAction};
use crate::fetched::fetched;
use crate::i18n::{category, event_kind, format_dates, role, use_lang, Lang};
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
use maud::{html, Markup};

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
            actions.invite.version().get(),
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
        // Not `Suspense`: while the page fetches again after a post, it keeps showing (and morphs) its forms.
        <Transition fallback=move || view! { <p>{t.loading()}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(data) => view! { <EventView data actions /> }.into_any(),
                    Err(error) => view! { <RefusedPage error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The event's page below the refusals: HTML with plain forms, posted through `actions`.
#[component]
fn EventView(data: EventPageData, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let fresh = move || query.read().get("invitation").filter(|t| t.len() <= 64);
    let e = data.entry.event.event.clone();
    let on_submit = submit_forms([
        actions.start.target(),
        actions.invite.target(),
        actions.revoke.target(),
        actions.add.target(),
        actions.update.target(),
        actions.remove.target(),
    ]);
    view! {
        <Title text=e.title.clone() />
        {morphed("event-view", move || event_markup(lang, &data, &actions, fresh()), on_submit, || ())}
    }
}

fn event_markup(lang: Lang, data: &EventPageData, actions: &Actions, fresh: Option<String>) -> Markup {
    let t = lang.texts();
    let e = &data.entry.event.event;
    let event_id = &data.entry.event.id;
    let organiser = data.role == Some(Role::Organiser);
    html! {
        p.meta { (event_kind(lang, e.kind)) }
        h1 { (e.title) }
        dl.details {
            dt { (t.starts_on()) } dd { (format_dates(lang, Some(e.starts_on), e.ends_on)) }
            @if !e.city.is_empty() { dt { (t.city()) } dd { (e.city) } }
            @if !e.organiser.is_empty() { dt { (t.organiser()) } dd { (e.organiser) } }
            @if let Some(r) = data.role { dt { (t.role()) } dd { (role(lang, r)) } }
        }
        @if !e.description.is_empty() { p.description { (e.description) } }
        (statistics_table(lang, &data.statistics))
        h2 { (t.documents()) }
        @if data.entry.documents.is_empty() { p.muted { (t.no_documents()) } }
        ul.doc-list { @for d in &data.entry.documents { (document_link(lang, d)) } }
        @if organiser {
            form.inline action=(actions.start.url()) method="post" {
                input type="hidden" name="event_id" value=(event_id);
                button type="submit" { (t.new_draft()) }
            }
        }
        h2 { (t.participants()) }
        @if data.role.is_some() {
            (register(lang, event_id, &data.members, organiser, actions))
        } @else {
            p.muted { (t.participants_hidden()) }
        }
        @if organiser { (manage(lang, event_id, &data.invitations, actions, fresh)) }
    }
}

fn register(lang: Lang, event_id: &EventId, members: &[MemberRow], organiser: bool, actions: &Actions) -> Markup {
    let t = lang.texts();
    html! {
        div.table-wrap {
            table.register {
                thead {
                    tr {
                        th scope="col" { (t.full_name()) }
                        th scope="col" { (t.organisation()) }
                        th scope="col" { (t.category()) }
                        th scope="col" { (t.region()) }
                        th scope="col" { (t.role()) }
                    }
                }
                tbody {
                    @for m in members {
                        @let p = &m.profile;
                        tr data-key=(m.id) {
                            th scope="row" { @if p.full_name.is_empty() { (t.name_hidden()) } @else { (p.full_name) } }
                            td { (p.organisation) }
                            td { (category(lang, p.category)) }
                            td { (p.region) }
                            @if organiser {
                                td {
                                    form.member-form action=(actions.update.url()) method="post" {
                                        input type="hidden" name="event_id" value=(event_id);
                                        input type="hidden" name="member" value=(m.id);
                                        select name="role" aria-label=(t.role()) { (role_options(lang, m.role)) }
                                        label.check {
                                            input type="checkbox" name="speaker" value="on" checked[p.speaker];
                                            (t.speaker())
                                        }
                                        label.check {
                                            input type="checkbox" name="discussion" value="on" checked[p.discussion];
                                            (t.discussion())
                                        }
                                        button.secondary type="submit" { (t.save()) }
                                    }
                                    form.member-form action=(actions.remove.url()) method="post" {
                                        input type="hidden" name="event_id" value=(event_id);
                                        input type="hidden" name="member" value=(m.id);
                                        button.danger type="submit" { (t.remove()) }
                                    }
                                }
                            } @else {
                                td {
                                    (role(lang, m.role))
                                    @if p.speaker { " · " (t.speaker()) }
                                    @if p.discussion { " · " (t.discussion()) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn manage(
    lang: Lang,
    event_id: &EventId,
    invitations: &[InvitationRow],
    actions: &Actions,
    fresh: Option<String>,
) -> Markup {
    let t = lang.texts();
    html! {
        section.card {
            h2 { (t.invitations()) }
            @if let Some(token) = fresh {
                @let path = format!("/join/{token}");
                p.notice role="status" { (t.invitation_link()) " " a.invitation-link href=(path) { (path) } }
            }
            form.inline action=(actions.invite.url()) method="post" {
                input type="hidden" name="event_id" value=(event_id);
                label { (t.role()) select name="role" { (role_options(lang, Role::Delegate)) } }
                label { (t.invite_days()) input type="number" name="days" value="14" min="1" max="90"; }
                label { (t.invite_email()) input type="email" name="email" maxlength="254" autocomplete="off"; }
                button type="submit" { (t.create_invitation()) }
            }
            ul.invitation-list {
                @for i in invitations {
                    li data-key=(i.id) {
                        (role(lang, i.role)) " · " (t.expires()) " " (i.expires_at) " "
                        @if i.revoked {
                            span.badge { (t.revoked()) }
                        } @else {
                            form.inline-form action=(actions.revoke.url()) method="post" {
                                input type="hidden" name="event_id" value=(event_id);
                                input type="hidden" name="invitation" value=(i.id);
                                button.danger type="submit" { (t.revoke()) }
                            }
                        }
                    }
                }
            }
        }
        section.card {
            h2 { (t.add_by_email()) }
            form.form action=(actions.add.url()) method="post" {
                input type="hidden" name="event_id" value=(event_id);
                div.row {
                    label { (t.email()) input type="email" name="email" required maxlength=(EMAIL_MAX); }
                    label { (t.role()) select name="role" { (role_options(lang, Role::Delegate)) } }
                }
                label { (t.full_name()) input name="full_name" required maxlength=(NAME_MAX); }
                div.row {
                    label { (t.organisation()) input name="organisation" maxlength=(ORGANISATION_MAX); }
                    label { (t.category()) select name="category" { (category_options(lang, None)) } }
                }
                label { (t.region()) input name="region" maxlength=(REGION_MAX); }
                button type="submit" { (t.add_member()) }
            }
        }
        p { a href={ "/events/" (event_id) "/audit" } { (t.audit()) } }
    }
}
