//! Server functions and routes against the real server over `mem://`.

use crate::helpers;

use accord_domain::text::Problem;
use app::error::AppError;
use app::server_fns::documents::{EditItem, GetDocument, UpdateHeader};
use app::server_fns::events::{CreateEvent, ListEvents, StartDraft};
use app::server_fns::imports::{ConfirmImport, StageImport};
use helpers::{spawn, TestApp, FIXTURE};
use reqwest::multipart::{Form, Part};

fn id_after<'a>(location: &'a Option<String>, prefix: &str) -> &'a str {
    let location = location.as_deref().expect("a redirect");
    location.strip_prefix(prefix).unwrap_or_else(|| panic!("{location} does not start with {prefix}"))
}

async fn event_count(app: &TestApp) -> usize {
    let answer = app.call::<ListEvents>(&[]).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    helpers::json(&answer).as_array().expect("a list").len()
}

async fn import_fixture(app: &TestApp, text: &str) -> String {
    let staged = app.multipart::<StageImport>(Form::new().text("text", text.to_string()).text("event", "")).await;
    assert_eq!(staged.status, 302, "{}", staged.body);
    let pending = id_after(&staged.location, "/import/").to_string();
    let confirmed = app.submit::<ConfirmImport>(&[("id", &pending)]).await;
    id_after(&confirmed.location, "/documents/").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_event_then_read_its_page() {
    let app = spawn().await;
    app.sign_up("Анна Организатор", "anna@example.org").await;
    let answer = app
        .submit::<CreateEvent>(&[
            ("kind", "round_table"),
            ("title", "Круглый стол о ТОС"),
            ("starts_on", "2026-12-10"),
            ("ends_on", ""),
            ("city", "Тында"),
            ("organiser", "Ресурсный центр"),
            ("description", ""),
        ])
        .await;
    assert_eq!(answer.status, 302);
    let id = id_after(&answer.location, "/events/").to_string();
    let page = app.get(&format!("/events/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Круглый стол о ТОС"));
    assert!(page.body.contains("Тында"));
    assert_eq!(event_count(&app).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_event_input_is_refused_and_nothing_is_saved() {
    let app = spawn().await;
    app.sign_up("Анна Организатор", "anna@example.org").await;
    let long = "я".repeat(301);
    let cases: [(&[(&str, &str)], AppError); 4] = [
        (
            &[("kind", "seminar"), ("title", "  "), ("starts_on", "2026-01-01")],
            AppError::invalid("title", Problem::Empty),
        ),
        (
            &[("kind", "seminar"), ("title", &long), ("starts_on", "2026-01-01")],
            AppError::invalid("title", Problem::TooLong { max: 300 }),
        ),
        (
            &[("kind", "picnic"), ("title", "x"), ("starts_on", "2026-01-01")],
            AppError::invalid("kind", Problem::Unknown),
        ),
        (
            &[("kind", "seminar"), ("title", "x"), ("starts_on", "2026-02-30")],
            AppError::invalid("starts_on", Problem::BadDate),
        ),
    ];
    for (fields, expected) in cases {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.extend([("ends_on", ""), ("city", ""), ("organiser", ""), ("description", "")]);
        let answer = app.call::<CreateEvent>(&form).await;
        assert_eq!(answer.status, 400, "{}", answer.body);
        assert_eq!(answer.error(), expected);
    }
    assert_eq!(event_count(&app).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_form_post_without_javascript_returns_to_the_form_with_the_error() {
    let app = spawn().await;
    app.sign_up("Анна Организатор", "anna@example.org").await;
    let answer = app
        .submit_from::<CreateEvent>(
            "/events/new",
            &[
                ("kind", "seminar"),
                ("title", ""),
                ("starts_on", "2026-01-01"),
                ("ends_on", ""),
                ("city", ""),
                ("organiser", ""),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(answer.status, 302);
    let back = answer.location.unwrap();
    assert!(back.contains("__err="), "{back}");
    let page = app.get(back.trim_start_matches(&app.base)).await;
    assert!(
        page.body.contains("Заполните поле «Название»"),
        "the form page shows the error: {}",
        &page.body[..200.min(page.body.len())]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fixture_imports_through_preview_into_an_adopted_document() {
    let app = spawn().await;
    app.sign_up("Анна Организатор", "anna@example.org").await;
    let staged = app
        .multipart::<StageImport>(
            Form::new()
                .text("text", "")
                .part(
                    "file",
                    Part::bytes(FIXTURE.as_bytes().to_vec()).file_name("seminar.md").mime_str("text/markdown").unwrap(),
                )
                .text("event", ""),
        )
        .await;
    let pending = id_after(&staged.location, "/import/").to_string();
    let preview = app.get(&format!("/import/{pending}")).await;
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains("со знаком минус"), "warns about «-11»");
    assert!(preview.body.contains("будет сохранён как принятый"));
    assert_eq!(event_count(&app).await, 0, "a preview saves nothing");

    let confirmed = app.submit::<ConfirmImport>(&[("id", &pending)]).await;
    let doc = id_after(&confirmed.location, "/documents/").to_string();
    let page = app.get(&format!("/documents/{doc}")).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches("class=\"item depth-0\"").count(), 4 + 3 + 9);
    assert!(page.body.contains("Голосовали : «ЗА»\u{a0}— 25\u{a0}чел."), "the vote as the document words it");
    assert!(page.body.contains("Министерству экономики и внешних связей"));
    assert!(page.body.contains("27 января 2021\u{a0}г."), "the date as written");

    let json = helpers::json(&app.call::<GetDocument>(&[("id", &doc)]).await);
    assert_eq!(json["row"]["state"], "adopted");
    assert_eq!(json["row"]["imported"], true);
    assert_eq!(json["row"]["document"]["statistics"]["total"], 25);

    let md = app.get(&format!("/documents/{doc}/export.md")).await;
    assert_eq!(md.status, 200);
    let again = accord_domain::import(&md.body).document;
    let original = accord_domain::import(FIXTURE).document;
    assert_eq!(again.without_ids(), original.without_ids());
    let exported: serde_json::Value =
        serde_json::from_str(&app.get(&format!("/documents/{doc}/export.json")).await.body).unwrap();
    assert_eq!(exported["event"]["title"], "Формы и методы межсекторного взаимодействия");

    let again = app.submit::<ConfirmImport>(&[("id", &pending)]).await;
    assert!(again.location.unwrap_or_default().contains("__err="), "a confirmed import cannot be saved twice");

    let stranger = app.another_browser();
    let public = stranger.get(&format!("/documents/{doc}")).await;
    assert_eq!(public.status, 200, "an adopted document is public");
    assert_eq!(stranger.get(&format!("/import/{pending}")).await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_imports_are_refused_and_nothing_is_staged() {
    let app = spawn().await;
    app.sign_up("Анна Организатор", "anna@example.org").await;
    use app::error::FileProblem;
    let latin1 = Part::bytes(b"Caf\xe9 cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu, na\xefve".to_vec()).file_name("notes.txt");
    let huge = Part::bytes(vec![b'a'; 600 * 1024]).file_name("big.txt");
    let pdf = Part::bytes(b"%PDF-1.7\n%...".to_vec()).file_name("resolution.pdf");
    let mut ole = vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    ole.resize(2048, 0);
    let old_word = Part::bytes(ole.clone()).file_name("protocol.doc");
    let mut locked = ole;
    locked.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    let locked = Part::bytes(locked).file_name("protocol.docx");
    let broken = Part::bytes(b"PK\x03\x04 not really a zip".to_vec()).file_name("protocol.docx");
    for (form, expected) in [
        (Form::new().part("file", latin1), AppError::NotUtf8),
        (Form::new().part("file", huge), AppError::TooLarge { max_kb: 512 }),
        (Form::new().text("text", "   \n  "), AppError::EmptyText),
        (Form::new().part("file", pdf), AppError::UnreadableFile(FileProblem::Unsupported)),
        (Form::new().part("file", old_word), AppError::UnreadableFile(FileProblem::LegacyWord)),
        (Form::new().part("file", locked), AppError::UnreadableFile(FileProblem::Encrypted)),
        (Form::new().part("file", broken), AppError::UnreadableFile(FileProblem::Corrupt)),
    ] {
        let answer = app.multipart::<StageImport>(form).await;
        let location = answer.location.expect("back to the form");
        assert!(location.contains("/import?") && location.contains("__err="), "{location}");
        let page = app.get(location.trim_start_matches(&app.base)).await;
        let message = app::i18n::error_message(app::i18n::Lang::Ru, &expected);
        let escaped = message.replace('"', "&quot;");
        assert!(page.body.contains(&message) || page.body.contains(&escaped), "{message}");
    }
    assert_eq!(event_count(&app).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_ids_get_a_friendly_404() {
    let app = spawn().await;
    for path in [
        "/documents/nosuchdoc",
        "/events/nosuchevent",
        "/import/nosuchimport",
        "/no/such/page",
        "/documents/x'%3B/edit",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, 404, "{path}");
        assert!(page.body.contains("Не найдено"), "{path}");
    }
    assert_eq!(app.get("/documents/nosuchdoc/export.md").await.status, 404);
}

/// The text of the page's `<title>`.
fn title_of(body: &str) -> String {
    let start = body.find("<title>").map(|i| i + "<title>".len()).unwrap_or(0);
    let end = body[start..].find("</title>").map(|i| start + i).unwrap_or(start);
    body[start..end].trim().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_says_what_it_is_in_its_title() {
    let organiser = spawn().await;
    let (event, doc) = helpers::event_with_draft_as(&organiser, "Анна Организатор", "anna@example.org").await;
    let visitor = organiser.another_browser();
    let outsider = organiser.another_browser();
    outsider.sign_up("Чужой", "stranger@example.org").await;
    let pages = [
        "/".to_string(),
        "/signin".into(),
        "/signup".into(),
        "/privacy".into(),
        "/registry".into(),
        "/registry/progress".into(),
        "/import".into(),
        "/events/new".into(),
        "/account".into(),
        format!("/events/{event}"),
        format!("/events/{event}/audit"),
        format!("/documents/{doc}"),
        format!("/documents/{doc}/edit"),
        format!("/documents/{doc}/history"),
        format!("/documents/{doc}/summary"),
        "/documents/nosuchdoc".into(),
        "/events/nosuchevent".into(),
        "/no/such/page".into(),
    ];
    for who in [&organiser, &visitor, &outsider] {
        for path in &pages {
            let page = who.get(path).await;
            let title = title_of(&page.body);
            assert!(!title.is_empty(), "{path} ({}): no title", page.status);
            if path != "/" {
                assert_ne!(title, "Аккорд", "{path} ({}): only the site's name", page.status);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafts_are_edited_by_form_with_revision_checks() {
    let app = spawn().await;
    app.sign_up("Анна Организатор", "anna@example.org").await;
    let created = app
        .submit::<CreateEvent>(&[
            ("kind", "seminar"),
            ("title", "Семинар"),
            ("starts_on", "2026-03-01"),
            ("ends_on", ""),
            ("city", "Зея"),
            ("organiser", ""),
            ("description", ""),
        ])
        .await;
    let event = id_after(&created.location, "/events/").to_string();
    let draft = app.submit::<StartDraft>(&[("event_id", &event)]).await;
    let doc = id_after(&draft.location, "/documents/").trim_end_matches("/edit").to_string();

    let header = app
        .call::<UpdateHeader>(&[
            ("id", &doc),
            ("revision", "0"),
            ("doc_kind", "РЕЗОЛЮЦИЯ"),
            ("event_line", "семинара"),
            ("title", "Новое название"),
            ("starts_on", "2026-03-01"),
            ("ends_on", "2026-03-02"),
            ("place", "г. Зея"),
        ])
        .await;
    assert_eq!(header.status, 200, "{}", header.body);
    let stale = app
        .call::<UpdateHeader>(&[
            ("id", &doc),
            ("revision", "0"),
            ("doc_kind", "X"),
            ("event_line", ""),
            ("title", "Чужое"),
            ("starts_on", ""),
            ("ends_on", ""),
            ("place", ""),
        ])
        .await;
    assert_eq!(stale.error(), AppError::Conflict);

    let json = helpers::json(&app.call::<GetDocument>(&[("id", &doc)]).await);
    assert_eq!(json["row"]["document"]["header"]["title"], "Новое название");
    // The form editor's page: a draft its organiser drafts live, without the live editor's start (the shared
    // state, as long as the text).
    assert_eq!((&json["live"], &json["start"]), (&serde_json::json!(true), &serde_json::Value::Null));
    let recommendations = json["row"]["document"]["sections"][2]["id"].as_str().unwrap().to_string();
    let added = app
        .call::<app::server_fns::documents::EditSection>(&[
            ("id", &doc),
            ("revision", "1"),
            ("section", &recommendations),
            ("op", "add"),
            ("text", "Провести обучение"),
        ])
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    let json = helpers::json(&app.call::<GetDocument>(&[("id", &doc)]).await);
    let item = json["row"]["document"]["sections"][2]["items"][0]["id"].as_str().unwrap().to_string();
    let empty = app
        .call::<EditItem>(&[
            ("id", &doc),
            ("revision", "2"),
            ("item", &item),
            ("op", "save"),
            ("text", " "),
            ("addressee", ""),
        ])
        .await;
    assert_eq!(empty.error(), AppError::invalid("text", Problem::Empty));
    let saved = app
        .call::<EditItem>(&[
            ("id", &doc),
            ("revision", "2"),
            ("item", &item),
            ("op", "save"),
            ("text", "провести обучение актива"),
            ("addressee", "Органам местного самоуправления"),
        ])
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let page = app.get(&format!("/documents/{doc}")).await;
    assert!(page.body.contains("Органам местного самоуправления"));
    assert!(page.body.contains("провести обучение актива"));

    let adopted = import_fixture(&app, FIXTURE).await;
    let json = helpers::json(&app.call::<GetDocument>(&[("id", &adopted)]).await);
    let first = json["row"]["document"]["sections"][1]["items"][0]["id"].as_str().unwrap().to_string();
    let refused =
        app.call::<EditItem>(&[("id", &adopted), ("revision", "0"), ("item", &first), ("op", "delete")]).await;
    assert_eq!(refused.error(), AppError::NotEditable(accord_domain::State::Adopted));
    let edit_page = app.get(&format!("/documents/{adopted}/edit")).await;
    assert!(edit_page.body.contains("текст изменить нельзя"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switch_sets_a_cookie_and_pages_follow_it() {
    let app = spawn().await;
    let switch = app.get("/lang/en?to=/import").await;
    assert_eq!(switch.status, 303);
    assert_eq!(switch.location.as_deref(), Some("/import"));
    let page = app
        .client
        .get(format!("{}/import", app.base))
        .header(reqwest::header::COOKIE, "lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("lang=\"en\""));
    assert!(page.contains("Import a document"));
    let ru = app.another_browser().get("/import").await.body;
    assert!(ru.contains("lang=\"ru\"") && ru.contains("Импорт документа"));
    assert!(ru.contains("href=\"/lang/en?to=/import\""), "the switch comes back to this page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_taken_from_a_request_stay_on_this_site() {
    let app = spawn().await;
    // Chromium reads `/\evil.example/x` as `//evil.example/x`; a newline cannot be a header value at all.
    for to in ["/%5Cevil.example/x", "/%0Ax", "//evil.example", "/%2F/evil.example", "https://evil.example", "/%09/x"] {
        let switch = app.get(&format!("/lang/en?to={to}")).await;
        assert_eq!((switch.status, switch.location.as_deref()), (303, Some("/")), "{to}");
    }
    let kept = app.get("/lang/en?to=/registry%3Fq%3D1%23top").await;
    assert_eq!(kept.location.as_deref(), Some("/registry?q=1#top"));

    // The same rule after signing up or in without JavaScript, and on the sign-in page's hidden field.
    let signed_up = app
        .submit::<app::server_fns::accounts::SignUp>(&[
            ("name", "Анна Петрова"),
            ("email", "anna@example.org"),
            ("password", helpers::PASSWORD),
            ("next", "/\nx"),
        ])
        .await;
    assert_eq!((signed_up.status, signed_up.location.as_deref()), (302, Some("/")), "{}", signed_up.body);
    let signed_in = app
        .another_browser()
        .submit::<app::server_fns::accounts::SignIn>(&[
            ("email", "anna@example.org"),
            ("password", helpers::PASSWORD),
            ("next", "/\\evil.example"),
        ])
        .await;
    assert_eq!((signed_in.status, signed_in.location.as_deref()), (302, Some("/")), "{}", signed_in.body);
    let page = app.another_browser().get("/signin?next=/%5Cevil.example").await.body;
    assert!(!page.contains("evil.example"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_headers_are_set() {
    let app = spawn().await;
    let response = app.client.get(format!("{}/", app.base)).send().await.unwrap();
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers()["x-frame-options"], "DENY");
    assert_eq!(response.headers()["referrer-policy"], "same-origin");
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("a nonce in the policy");
    let body = response.text().await.unwrap();
    assert!(body.contains(&format!("nonce=\"{nonce}\"")), "the inline script carries the policy's nonce");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changing_requests_from_other_sites_are_refused() {
    let app = spawn().await;
    let foreign = reqwest::Client::new();
    for origin in [Some("http://evil.example"), None] {
        let mut request = foreign
            .post(format!("{}{}", app.base, <CreateEvent as leptos::server_fn::ServerFn>::PATH))
            .form(&[("kind", "seminar"), ("title", "x"), ("starts_on", "2026-01-01")]);
        if let Some(origin) = origin {
            request = request.header(reqwest::header::ORIGIN, origin);
        }
        assert_eq!(request.send().await.unwrap().status().as_u16(), 403, "{origin:?}");
    }
}
