//! Accounts, sessions, invitations and the permission matrix, against the real server over `mem://`.

use crate::helpers;

use app::error::AppError;
use app::server_fns::accounts::{ChangePassword, CurrentUser, DeleteAccount, SignIn, SignOut, SignUp};
use app::server_fns::documents::{AddSection, EditItem, EditSection, GetDocument, UpdateHeader};
use app::server_fns::events::{CreateEvent, StartDraft};
use app::server_fns::imports::StageImport;
use app::server_fns::members::{
    AddMember, CreateInvitation, EventPage, JoinEvent, RemoveMember, RevokeInvitation, UpdateMember, UseRegister,
};
use helpers::{spawn, TestApp, PASSWORD};
use leptos::server_fn::ServerFn;
use serde_json::Value;

use helpers::json;

async fn create_event(app: &TestApp, title: &str) -> String {
    let answer = app
        .submit::<CreateEvent>(&[
            ("kind", "seminar"),
            ("title", title),
            ("starts_on", "2026-06-01"),
            ("ends_on", ""),
            ("city", "Благовещенск"),
            ("organiser", ""),
            ("description", ""),
        ])
        .await;
    answer.location.expect("created").trim_start_matches("/events/").to_string()
}

/// Creates an invitation link as `organiser` and returns its token.
async fn invite(organiser: &TestApp, event: &str, role: &str) -> String {
    let answer = organiser.submit::<CreateInvitation>(&[("event_id", event), ("role", role), ("days", "14")]).await;
    let location = answer.location.expect("a redirect to the event page");
    location.split("invitation=").nth(1).unwrap_or_else(|| panic!("no token in {location}")).to_string()
}

async fn join(person: &TestApp, token: &str, name: &str, category: &str, consent: bool) -> helpers::Answer {
    let mut form = vec![
        ("token", token),
        ("full_name", name),
        ("organisation", "НКО «Радуга»"),
        ("category", category),
        ("region", "Амурская область"),
    ];
    if consent {
        form.push(("public_name", "on"));
    }
    person.call::<JoinEvent>(&form).await
}

async fn page(app: &TestApp, event: &str) -> Value {
    json(&app.call::<EventPage>(&[("id", event)]).await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_in_out_and_sessions() {
    let app = spawn().await;
    assert_eq!(json(&app.call::<CurrentUser>(&[]).await), Value::Null);
    app.sign_up("Анна Петрова", "Anna@Example.org").await;
    assert_eq!(json(&app.call::<CurrentUser>(&[]).await)["email"], "anna@example.org");

    let twin = app.another_browser();
    let taken = twin.call::<SignUp>(&[("name", "Другая"), ("email", "anna@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(taken.error(), AppError::EmailTaken);
    let weak = twin.call::<SignUp>(&[("name", "Б"), ("email", "b@example.org"), ("password", "123")]).await;
    assert_eq!(weak.error(), AppError::invalid("password", accord_domain::text::Problem::TooShort { min: 8 }));
    let bad_email = twin.call::<SignUp>(&[("name", "Б"), ("email", "не адрес"), ("password", PASSWORD)]).await;
    assert_eq!(bad_email.status, 400);

    let wrong = twin.call::<SignIn>(&[("email", "anna@example.org"), ("password", "неверный пароль")]).await;
    let unknown = twin.call::<SignIn>(&[("email", "nobody@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(wrong.error(), AppError::BadCredentials);
    assert_eq!(unknown.error(), wrong.error(), "a wrong password and an unknown e-mail get the same answer");
    assert_eq!(unknown.body, wrong.body);

    let signed_in = twin.call::<SignIn>(&[("email", "anna@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(signed_in.status, 200);
    let cookie = app_cookie(&twin, "/").await;
    assert!(cookie.is_none(), "the session cookie is HttpOnly and not readable by pages: {cookie:?}");
    assert_eq!(json(&twin.call::<CurrentUser>(&[]).await)["name"], "Анна Петрова");

    let changed = twin.call::<ChangePassword>(&[("current", PASSWORD), ("password", "новый-пароль-123")]).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(json(&app.call::<CurrentUser>(&[]).await), Value::Null, "other sessions end on a password change");
    assert_ne!(json(&twin.call::<CurrentUser>(&[]).await), Value::Null, "this session stays");

    twin.call::<SignOut>(&[]).await;
    assert_eq!(json(&twin.call::<CurrentUser>(&[]).await), Value::Null);
}

/// Pages cannot read the session cookie: the login response marks it HttpOnly.
async fn app_cookie(app: &TestApp, _path: &str) -> Option<String> {
    let response = app
        .client
        .post(format!("{}{}", app.base, SignIn::PATH))
        .header(reqwest::header::ACCEPT, "application/json")
        .form(&[("email", "anna@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let set = response.headers().get(reqwest::header::SET_COOKIE).map(|v| v.to_str().unwrap().to_string())?;
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"), "{set}");
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_is_rate_limited_per_account() {
    let app = spawn().await;
    app.sign_up("Анна", "anna@example.org").await;
    let guesser = app.another_browser();
    let mut last = None;
    for _ in 0..11 {
        last = Some(guesser.call::<SignIn>(&[("email", "anna@example.org"), ("password", "подбор-пароля")]).await);
    }
    let last = last.unwrap();
    assert_eq!(last.status, 429);
    assert_eq!(last.error(), AppError::TooManyAttempts);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitations_register_and_statistics() {
    let organiser = spawn().await;
    organiser.sign_up("Анна Организатор", "anna@example.org").await;
    let event = create_event(&organiser, "Семинар о ТОС").await;
    let data = page(&organiser, &event).await;
    assert_eq!(data["role"], "organiser");
    assert_eq!(data["members"].as_array().unwrap().len(), 1);

    let token = invite(&organiser, &event, "delegate").await;
    let delegate = organiser.another_browser();
    assert_eq!(join(&delegate, &token, "Борис", "ngo", true).await.error(), AppError::Unauthenticated);
    delegate.sign_up("Борис Делегатов", "boris@example.org").await;
    let joined = join(&delegate, &token, "Борис Делегатов", "ngo", true).await;
    assert_eq!(joined.status, 200, "{}", joined.body);
    assert_eq!(join(&delegate, &token, "Борис Делегатов", "ngo", true).await.error(), AppError::AlreadyMember);

    let data = page(&delegate, &event).await;
    assert_eq!(data["role"], "delegate");
    let names: Vec<&str> =
        data["members"].as_array().unwrap().iter().map(|m| m["profile"]["full_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Анна Организатор", "Борис Делегатов"]);
    assert!(data["invitations"].as_array().unwrap().is_empty(), "delegates do not see invitations");

    let stranger = organiser.another_browser();
    assert!(page(&stranger, &event).await["members"].as_array().unwrap().is_empty(), "the register is for members");

    let draft = organiser.submit::<StartDraft>(&[("event_id", &event)]).await;
    let doc = draft.location.unwrap().trim_start_matches("/documents/").trim_end_matches("/edit").to_string();
    assert_eq!(organiser.call::<UseRegister>(&[("document_id", &doc)]).await.status, 200);
    let read = json(&delegate.call::<GetDocument>(&[("id", &doc)]).await);
    let stats = &helpers::reading(&read)["statistics"];
    assert_eq!(stats["total"], 2);
    let first = helpers::reading(&read)["sections"][0]["items"][0]["text"].as_str().unwrap().to_string();
    assert!(first.starts_with("В семинаре приняли участие 2 человека, из них"), "{first}");
    assert!(first.contains("некоммерческих и общественных организаций 1"), "{first}");

    let invitations = page(&organiser, &event).await["invitations"].clone();
    let inv = invitations[0]["id"].as_str().unwrap().to_string();
    organiser.call::<RevokeInvitation>(&[("event_id", &event), ("invitation", &inv)]).await;
    let late = organiser.another_browser();
    late.sign_up("Вера Поздняя", "vera@example.org").await;
    assert_eq!(join(&late, &token, "Вера", "guest", false).await.error(), AppError::InvitationRevoked);
    assert_eq!(join(&late, "no-such-token", "Вера", "guest", false).await.error(), AppError::NotFound);

    let audit = json(&organiser.call::<app::server_fns::members::EventAudit>(&[("event_id", &event)]).await);
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
    for expected in ["create_event", "invite", "join", "start_draft", "use_register", "revoke_invitation"] {
        assert!(actions.contains(&expected), "{expected} in {actions:?}");
    }
    // The page says each action as a sentence, in the reader's language.
    let page = organiser.get(&format!("/events/{event}/audit")).await.body;
    for sentence in ["Создано мероприятие", "Отозвано приглашение", "Вступление в мероприятие по приглашению"]
    {
        assert!(page.contains(sentence), "{sentence}");
    }
    organiser.get("/lang/en?to=/").await;
    let page = organiser.get(&format!("/events/{event}/audit")).await.body;
    for sentence in ["Created the event", "Revoked an invitation", "Joined the event by invitation"] {
        assert!(page.contains(sentence), "{sentence}");
    }
    organiser.get("/lang/ru?to=/").await;
    assert_eq!(
        delegate.call::<app::server_fns::members::EventAudit>(&[("event_id", &event)]).await.error(),
        AppError::Forbidden
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_an_account_keeps_counts_and_removes_the_name() {
    let organiser = spawn().await;
    organiser.sign_up("Анна Организатор", "anna@example.org").await;
    let event = create_event(&organiser, "Круглый стол").await;
    let token = invite(&organiser, &event, "delegate").await;
    let delegate = organiser.another_browser();
    delegate.sign_up("Борис Делегатов", "boris@example.org").await;
    join(&delegate, &token, "Борис Делегатов", "guest", false).await;

    let data = delegate.get("/account/data.json").await;
    assert_eq!(data.status, 200);
    let data: Value = serde_json::from_str(&data.body).unwrap();
    assert_eq!(data["account"]["email"], "boris@example.org");
    assert_eq!(data["memberships"][0]["full_name"], "Борис Делегатов");

    assert_eq!(delegate.call::<DeleteAccount>(&[("password", "не тот")]).await.error(), AppError::BadCredentials);
    assert_eq!(delegate.call::<DeleteAccount>(&[("password", PASSWORD)]).await.status, 200);
    let members = page(&organiser, &event).await["members"].clone();
    assert_eq!(members.as_array().unwrap().len(), 2, "the count stays");
    assert!(!members.to_string().contains("Борис"), "the name is gone");
    let again = organiser.another_browser();
    assert_eq!(
        again.call::<SignIn>(&[("email", "boris@example.org"), ("password", PASSWORD)]).await.error(),
        AppError::BadCredentials
    );
    assert_eq!(organiser.another_browser().get("/account/data.json").await.status, 401);
}

/// Every mutating server function, called as anonymous, a member of another event, observer, delegate and
/// organiser: allowed or refused as DESIGN's table says, and a refused call changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permission_matrix() {
    let organiser = spawn().await;
    organiser.sign_up("Анна Организатор", "anna@example.org").await;
    let event = create_event(&organiser, "Семинар").await;
    let draft = organiser.submit::<StartDraft>(&[("event_id", &event)]).await;
    let doc = draft.location.unwrap().trim_start_matches("/documents/").trim_end_matches("/edit").to_string();

    let anonymous = organiser.another_browser();
    let outsider = organiser.another_browser();
    outsider.sign_up("Олег Посторонний", "oleg@example.org").await;
    create_event(&outsider, "Другое мероприятие").await;
    let observer = organiser.another_browser();
    observer.sign_up("Нина Наблюдатель", "nina@example.org").await;
    join(&observer, &invite(&organiser, &event, "observer").await, "Нина Наблюдатель", "guest", false).await;
    let delegate = organiser.another_browser();
    delegate.sign_up("Борис Делегатов", "boris@example.org").await;
    join(&delegate, &invite(&organiser, &event, "delegate").await, "Борис Делегатов", "ngo", false).await;
    let newcomer = organiser.another_browser();
    newcomer.sign_up("Зоя Новая", "zoya@example.org").await;
    let spare = organiser.another_browser();
    spare.sign_up("Семён Запасной", "semen@example.org").await;
    join(&spare, &invite(&organiser, &event, "delegate").await, "Семён Запасной", "other", false).await;

    let snapshot = || async {
        let p = page(&organiser, &event).await;
        let d = json(&organiser.call::<GetDocument>(&[("id", &doc)]).await);
        (p["members"].clone(), p["invitations"].clone(), p["entry"]["documents"].clone(), d["row"].clone())
    };
    let state = snapshot().await;
    let members = state.0.as_array().unwrap().clone();
    let spare_id = members.iter().find(|m| m["profile"]["full_name"] == "Семён Запасной").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let invitation = state.1[0]["id"].as_str().unwrap().to_string();
    let revision = || async {
        json(&organiser.call::<GetDocument>(&[("id", &doc)]).await)["row"]["revision"].as_i64().unwrap().to_string()
    };
    let first_section = state.3["document"]["sections"][0]["id"].as_str().unwrap().to_string();

    let actors: [(&str, &TestApp); 5] = [
        ("anonymous", &anonymous),
        ("outsider", &outsider),
        ("observer", &observer),
        ("delegate", &delegate),
        ("organiser", &organiser),
    ];
    // (name, who may: anonymous, outsider, observer, delegate, organiser)
    let matrix: [(&str, [bool; 5]); 12] = [
        ("create_event", [false, true, true, true, true]),
        ("start_draft", [false, false, false, false, true]),
        ("update_header", [false, false, false, true, true]),
        ("edit_section", [false, false, false, true, true]),
        ("add_section", [false, false, false, true, true]),
        ("edit_item", [false, false, false, true, true]),
        ("create_invitation", [false, false, false, false, true]),
        ("add_member", [false, false, false, false, true]),
        ("update_member", [false, false, false, false, true]),
        ("use_register", [false, false, false, false, true]),
        ("stage_import", [false, false, false, false, true]),
        ("revoke_invitation", [false, false, false, false, true]),
    ];
    for (name, allowed) in matrix {
        for ((who, actor), may) in actors.iter().zip(allowed) {
            let before = snapshot().await;
            let rev = revision().await;
            let item = before.3["document"]["sections"][0]["items"][0]["id"].as_str().map(str::to_string);
            let answer = match name {
                "create_event" => {
                    actor
                        .call::<CreateEvent>(&[
                            ("kind", "seminar"),
                            ("title", "Новое"),
                            ("starts_on", "2026-07-01"),
                            ("ends_on", ""),
                            ("city", ""),
                            ("organiser", ""),
                            ("description", ""),
                        ])
                        .await
                }
                "start_draft" => actor.call::<StartDraft>(&[("event_id", &event)]).await,
                "update_header" => {
                    actor
                        .call::<UpdateHeader>(&[
                            ("id", &doc),
                            ("revision", &rev),
                            ("doc_kind", "РЕЗОЛЮЦИЯ"),
                            ("event_line", "семинара"),
                            ("title", &format!("Тема {who}")),
                            ("starts_on", ""),
                            ("ends_on", ""),
                            ("place", ""),
                        ])
                        .await
                }
                "edit_section" => {
                    actor
                        .call::<EditSection>(&[
                            ("id", &doc),
                            ("revision", &rev),
                            ("section", &first_section),
                            ("op", "add"),
                            ("text", &format!("пункт от {who}")),
                        ])
                        .await
                }
                "add_section" => actor.call::<AddSection>(&[("id", &doc), ("revision", &rev), ("kind", "other")]).await,
                "edit_item" => {
                    let item = item.clone().unwrap_or_else(|| "noitem".into());
                    actor
                        .call::<EditItem>(&[
                            ("id", &doc),
                            ("revision", &rev),
                            ("item", &item),
                            ("op", "save"),
                            ("text", &format!("правка {who}")),
                            ("addressee", ""),
                        ])
                        .await
                }
                "create_invitation" => {
                    actor.call::<CreateInvitation>(&[("event_id", &event), ("role", "observer"), ("days", "3")]).await
                }
                "add_member" => {
                    actor
                        .call::<AddMember>(&[
                            ("event_id", &event),
                            ("email", "zoya@example.org"),
                            ("role", "observer"),
                            ("full_name", &format!("Зоя {who}")),
                            ("organisation", ""),
                            ("category", "other"),
                            ("region", ""),
                        ])
                        .await
                }
                "update_member" => {
                    actor
                        .call::<UpdateMember>(&[
                            ("event_id", &event),
                            ("member", &spare_id),
                            ("role", "observer"),
                            ("speaker", "on"),
                        ])
                        .await
                }
                "use_register" => actor.call::<UseRegister>(&[("document_id", &doc)]).await,
                "stage_import" => {
                    let form = reqwest::multipart::Form::new()
                        .text("text", "РЕЗОЛЮЦИЯ\n\nТекст.")
                        .text("event", event.clone());
                    actor.multipart_accepting::<StageImport>(form, "application/json").await
                }
                "revoke_invitation" => {
                    actor.call::<RevokeInvitation>(&[("event_id", &event), ("invitation", &invitation)]).await
                }
                _ => unreachable!(),
            };
            if may {
                assert_eq!(answer.status, 200, "{name} as {who} should be allowed: {}", answer.body);
            } else {
                let expected = if *who == "anonymous" { AppError::Unauthenticated } else { AppError::Forbidden };
                assert_eq!(answer.error(), expected, "{name} as {who} should be refused");
                assert_eq!(snapshot().await, before, "{name} as {who} changed something");
            }
        }
    }
    // Removing people, last: only organisers, and never the last organiser.
    for ((who, actor), may) in actors.iter().zip([false, false, false, false, true]) {
        let before = snapshot().await;
        let answer = actor.call::<RemoveMember>(&[("event_id", &event), ("member", &spare_id)]).await;
        if may {
            assert_eq!(answer.status, 200, "{}", answer.body);
        } else {
            assert!(matches!(answer.error(), AppError::Unauthenticated | AppError::Forbidden), "{who}");
            assert_eq!(snapshot().await, before);
        }
    }
    let organiser_id = page(&organiser, &event).await["members"][0]["id"].as_str().unwrap().to_string();
    let last = organiser.call::<RemoveMember>(&[("event_id", &event), ("member", &organiser_id)]).await;
    assert_eq!(last.error(), AppError::LastOrganiser);

    // Drafts are for members only; anonymous readers and outsiders are told so, and the page says why.
    assert_eq!(
        anonymous.call::<GetDocument>(&[("id", &doc)]).await.error(),
        AppError::MembersOnly { signed_in: false }
    );
    assert_eq!(outsider.call::<GetDocument>(&[("id", &doc)]).await.error(), AppError::MembersOnly { signed_in: true });
    assert_eq!(outsider.get(&format!("/documents/{doc}/export.md")).await.status, 403);
    let refused = anonymous.get(&format!("/documents/{doc}")).await;
    assert_eq!(refused.status, 401);
    assert!(refused.body.contains("<title>Только для участников"), "the refusal has a title");
    assert!(refused.body.contains("Войдите, чтобы участвовать"), "a visitor is offered to sign in");
    assert!(refused.body.contains(&format!("/signin?next=/documents/{doc}")), "and to come back");
    let refused = outsider.get(&format!("/documents/{doc}")).await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("попросите приглашение у организаторов"), "{}", refused.body);
    let listed = anonymous.get("/").await.body;
    assert!(
        !listed.contains(&format!("href=\"/documents/{doc}\"")),
        "the home page does not link a visitor to a refusal"
    );
    assert!(listed.contains(&format!("/signin?next=/documents/{doc}")), "it offers to sign in instead");
    let listed = observer.get("/").await.body;
    assert!(listed.contains(&format!("href=\"/documents/{doc}\"")), "members get the link");
    assert_eq!(observer.call::<GetDocument>(&[("id", &doc)]).await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_invitation_says_so() {
    let organiser = spawn().await;
    organiser.sign_up("Анна Организатор", "anna@example.org").await;
    let event = create_event(&organiser, "Слушания").await;
    let user = json(&organiser.call::<CurrentUser>(&[]).await)["id"].as_str().unwrap().to_string();
    let token = "expired-invitation-token";
    let hash = app::auth::token_hash(token);
    organiser
        .store
        .create_invitation(&event.as_str().into(), &hash, accord_domain::Role::Delegate, 0, &user.as_str().into())
        .await
        .unwrap();
    let late = organiser.another_browser();
    late.sign_up("Вера Поздняя", "vera@example.org").await;
    let answer = join(&late, token, "Вера", "guest", false).await;
    assert_eq!(answer.status, 410);
    assert_eq!(answer.error(), AppError::InvitationExpired);
    assert_eq!(page(&organiser, &event).await["members"].as_array().unwrap().len(), 1, "nothing was added");
}

const PAYLOAD: &str = "x</textarea></title><script>alert(1)</script>\" onmouseover=\"alert(1)";

/// No rendered page carries the payload as markup: no script element, no attribute broken out of.
fn assert_escaped(path: &str, body: &str) {
    if let Some(at) = body.find("<script>alert(1)") {
        let start = body[..at].char_indices().rev().nth(150).map(|(i, _)| i).unwrap_or(0);
        panic!("{path}: a script element got through: …{}", &body[start..at + 20]);
    }
    for tag in body.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        assert!(!tag.contains("\" onmouseover="), "{path}: an attribute got through in <{tag}>");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_text_field_is_escaped_on_every_page() {
    let organiser = spawn().await;
    organiser.call::<SignUp>(&[("name", PAYLOAD), ("email", "anna@example.org"), ("password", PASSWORD)]).await;
    let created = organiser
        .submit::<CreateEvent>(&[
            ("kind", "seminar"),
            ("title", PAYLOAD),
            ("starts_on", "2026-06-01"),
            ("ends_on", ""),
            ("city", PAYLOAD),
            ("organiser", PAYLOAD),
            ("description", PAYLOAD),
        ])
        .await;
    let event = created.location.expect("created").trim_start_matches("/events/").to_string();
    let draft = organiser.submit::<StartDraft>(&[("event_id", &event)]).await;
    let doc = draft.location.unwrap().trim_start_matches("/documents/").trim_end_matches("/edit").to_string();
    let header = organiser
        .call::<UpdateHeader>(&[
            ("id", &doc),
            ("revision", "0"),
            ("doc_kind", PAYLOAD),
            ("event_line", PAYLOAD),
            ("title", PAYLOAD),
            ("number", PAYLOAD),
            ("starts_on", ""),
            ("ends_on", ""),
            ("place", PAYLOAD),
        ])
        .await;
    assert_eq!(header.status, 200, "{}", header.body);
    let read = json(&organiser.call::<GetDocument>(&[("id", &doc)]).await);
    let section = read["row"]["document"]["sections"][2]["id"].as_str().unwrap().to_string();
    organiser
        .call::<EditSection>(&[
            ("id", &doc),
            ("revision", "1"),
            ("section", &section),
            ("op", "save"),
            ("kind", "recommendations"),
            ("lead_in", PAYLOAD),
        ])
        .await;
    organiser
        .call::<EditSection>(&[
            ("id", &doc),
            ("revision", "2"),
            ("section", &section),
            ("op", "add"),
            ("text", PAYLOAD),
        ])
        .await;
    let read = json(&organiser.call::<GetDocument>(&[("id", &doc)]).await);
    let item = read["row"]["document"]["sections"][2]["items"][0]["id"].as_str().unwrap().to_string();
    let saved = organiser
        .call::<EditItem>(&[
            ("id", &doc),
            ("revision", "3"),
            ("item", &item),
            ("op", "save"),
            ("text", PAYLOAD),
            ("addressee", PAYLOAD),
        ])
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let token = invite(&organiser, &event, "delegate").await;
    let delegate = organiser.another_browser();
    delegate.sign_up("Борис", "boris@example.org").await;
    let joined = delegate
        .call::<JoinEvent>(&[
            ("token", &token),
            ("full_name", PAYLOAD),
            ("organisation", PAYLOAD),
            ("category", "ngo"),
            ("region", PAYLOAD),
        ])
        .await;
    assert_eq!(joined.status, 200, "{}", joined.body);
    let import = reqwest::multipart::Form::new().text("text", format!("РЕЗОЛЮЦИЯ\n\n{PAYLOAD}\n")).text("event", "");
    let staged = organiser.multipart::<StageImport>(import).await;
    let preview = staged.location.expect("a preview");

    let mut checked = 0;
    for path in [
        "/".to_string(),
        format!("/events/{event}"),
        format!("/events/{event}/audit"),
        format!("/documents/{doc}"),
        format!("/documents/{doc}/edit"),
        "/account".to_string(),
        preview,
    ] {
        let page = organiser.get(&path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(page.body.contains("alert(1)"), "{path} shows the text");
        assert_escaped(&path, &page.body);
        checked += 1;
    }
    assert_eq!(checked, 7);
}
