//! The public record: the registry of recommendations (search in Russian word forms, filters, progress kept
//! by organisers), the read-only JSON API, and what a page sends to the browser, against the real server over
//! `mem://`.

use crate::helpers;

use app::error::AppError;
use app::model::RegistryPage;
use app::server_fns::registry::{GetRegistryProgress, SearchRegistry, SetRecommendationStatus};
use helpers::{spawn, TestApp, FIXTURE};
use serde_json::Value;

/// The fixture imported by a signed-up organiser (who so organises its event); returns the document id.
async fn imported(organiser: &TestApp) -> String {
    organiser.sign_up("Анна Организатор", "anna@example.org").await;
    let (user, _) = organiser.store.user_by_email("anna@example.org").await.unwrap().unwrap();
    app::services::imports::import_document(&organiser.store, FIXTURE, &Default::default(), None, Some(&user))
        .await
        .unwrap()
        .1
        .to_string()
}

async fn search(app: &TestApp, form: &[(&str, &str)]) -> RegistryPage {
    let answer = app.call::<SearchRegistry>(form).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.read()
}

async fn api(app: &TestApp, path: &str) -> (u16, Value) {
    let answer = app.get(path).await;
    (answer.status, serde_json::from_str(&answer.body).unwrap_or_else(|_| panic!("not JSON: {}", answer.body)))
}

#[tokio::test]
async fn the_registry_finds_word_forms_and_filters() {
    let organiser = spawn().await;
    let doc = imported(&organiser).await;
    let anyone = organiser.another_browser();

    let all = search(&anyone, &[]).await;
    assert_eq!(all.total, 9, "the fixture's nine recommendations");
    assert!(all.items.iter().all(|i| *i.document == doc) && all.editable_events.is_empty());
    // «муниципальный» finds «Муниципальным образованиям…» (the snowball stemmer's common stem).
    let found = search(&anyone, &[("q", "муниципальный")]).await;
    assert!(found.total >= 1);
    assert!(found.items.iter().any(|i| i.text.starts_with("Муниципальным образованиям")), "{:?}", found.items);
    assert_eq!(search(&anyone, &[("q", "космодром")]).await.total, 0);
    let ministry = "Министерству экономики и внешних связей";
    assert!(all.addressees.iter().any(|a| a == ministry));
    let to_ministry = search(&anyone, &[("addressee", ministry)]).await;
    assert_eq!(to_ministry.total, 1);
    assert_eq!(to_ministry.items[0].number, 1);
    assert_eq!(search(&anyone, &[("year", "2021")]).await.total, 9);
    assert_eq!(search(&anyone, &[("year", "2020")]).await.total, 0);
    assert_eq!(search(&anyone, &[("region", "Благовещенск")]).await.total, 9);
    assert!(matches!(anyone.call::<SearchRegistry>(&[("year", "двадцать")]).await.error(), AppError::Invalid(_)));
    assert!(matches!(anyone.call::<SearchRegistry>(&[("page", "0")]).await.error(), AppError::Invalid(_)));

    // The registry page reads without JavaScript.
    let page =
        anyone.get("/registry?q=%D0%BC%D1%83%D0%BD%D0%B8%D1%86%D0%B8%D0%BF%D0%B0%D0%BB%D1%8C%D0%BD%D1%8B%D0%B9").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Муниципальным образованиям"));
}

#[tokio::test]
async fn organisers_record_progress_with_dated_notes() {
    let organiser = spawn().await;
    imported(&organiser).await;
    let page = search(&organiser, &[]).await;
    let first = page.items.into_iter().find(|i| i.number == 1).unwrap();
    assert!(page.editable_events.contains(&first.event), "the organiser records progress");
    let form = [("id", first.id.as_str()), ("status", "in_progress"), ("note", "Письмо направлено в министерство")];
    let anonymous = organiser.another_browser();
    assert_eq!(anonymous.call::<SetRecommendationStatus>(&form).await.error(), AppError::Unauthenticated);
    let outsider = organiser.another_browser();
    outsider.sign_up("Посторонний", "outsider@example.org").await;
    assert_eq!(outsider.call::<SetRecommendationStatus>(&form).await.error(), AppError::Forbidden);
    let bad = [("id", first.id.as_str()), ("status", "forgotten"), ("note", "")];
    assert!(matches!(organiser.call::<SetRecommendationStatus>(&bad).await.error(), AppError::Invalid(_)));
    let long = "я".repeat(2001);
    let too_long = [("id", first.id.as_str()), ("status", "done"), ("note", long.as_str())];
    assert!(matches!(organiser.call::<SetRecommendationStatus>(&too_long).await.error(), AppError::Invalid(_)));
    assert!(search(&organiser, &[]).await.items.iter().all(|i| i.notes.is_empty()), "refusals changed nothing");

    assert_eq!(organiser.call::<SetRecommendationStatus>(&form).await.status, 200);
    let done = [("id", first.id.as_str()), ("status", "done"), ("note", "Ответ министерства получен")];
    assert_eq!(organiser.call::<SetRecommendationStatus>(&done).await.status, 200);
    let seen = search(&anonymous, &[]).await.items.into_iter().find(|i| i.number == 1).unwrap();
    assert_eq!(seen.status, accord_domain::registry::Status::Done);
    assert_eq!(seen.notes.len(), 2);
    assert_eq!(seen.notes[0].text, "Письмо направлено в министерство");
    assert!(seen.notes[0].at.starts_with("20"), "dated: {}", seen.notes[0].at);
    assert_eq!(seen.notes[1].author, "Анна Организатор");

    // Progress by addressee: the counts, and the page's chart and table, without JavaScript.
    let mut in_progress = search(&organiser, &[]).await.items.into_iter().filter(|i| i.number != 1);
    let second = in_progress.next().unwrap();
    let started = [("id", second.id.as_str()), ("status", "in_progress"), ("note", "")];
    assert_eq!(organiser.call::<SetRecommendationStatus>(&started).await.status, 200);
    let answer = anonymous.call::<GetRegistryProgress>(&[]).await;
    let progress: app::model::RegistryProgress = answer.read();
    let of = |name: &str| progress.addressees.iter().find(|a| a.addressee == name).map(|a| a.counts);
    assert_eq!(of("Министерству экономики и внешних связей"), Some([0, 0, 1, 0]));
    let no_one: u64 = progress.addressees.iter().map(|a| a.total()).sum();
    assert_eq!(no_one, 9, "every recommendation is counted once: {:?}", progress.addressees);
    assert_eq!(progress.addressees.iter().map(|a| a.counts[1]).sum::<u64>(), 1, "one in progress");
    let narrowed = anonymous.call::<GetRegistryProgress>(&[("year", "2020")]).await;
    assert!(narrowed.read::<app::model::RegistryProgress>().addressees.is_empty());
    let refused = anonymous.call::<GetRegistryProgress>(&[("year", "давно")]).await;
    assert!(matches!(refused.error(), AppError::Invalid(_)));
    let page = anonymous.get("/registry/progress").await;
    assert_eq!(page.status, 200);
    let body = page.body.replace("<!>", "");
    assert!(body.contains("class=\"progress-chart\"") && body.contains("role=\"img\""), "a chart");
    assert!(
        body.contains("Министерству экономики и внешних связей: не начато 0, в работе 0, выполнено 1, отклонено 0.")
    );
    assert_eq!(body.matches("class=\"addressee-bar\"").count(), progress.addressees.len());
    assert!(body.contains("<table class=\"progress-table\""), "the figures as a table too");
    assert!(anonymous.get("/registry").await.body.contains("href=\"/registry/progress?"), "linked from the registry");
}

#[tokio::test]
async fn the_api_serves_the_public_record_only() {
    let organiser = spawn().await;
    let doc = imported(&organiser).await;
    let (_, draft) = helpers::event_with_draft_as(&organiser.another_browser(), "Борис", "boris@example.org").await;
    let anyone = organiser.another_browser();

    let (status, list) = api(&anyone, "/api/v1/documents").await;
    assert_eq!(status, 200);
    assert_eq!(list["total"], 1, "the draft is not listed");
    assert_eq!(list["items"][0]["id"], doc.as_str());
    let (status, one) = api(&anyone, &format!("/api/v1/documents/{doc}")).await;
    assert_eq!(status, 200);
    assert_eq!(one["state"], "adopted");
    assert_eq!(one["event"]["city"], "Благовещенск", "the settlement the header names, without «г.»");
    assert_eq!(one["recommendations"].as_array().unwrap().len(), 9);
    assert_eq!(one["document"]["vote"]["in_favour"], 25);
    let (status, ballots) = api(&anyone, &format!("/api/v1/documents/{doc}/ballots")).await;
    assert_eq!((status, ballots["items"].as_array().unwrap().len()), (200, 0), "an imported record has no ballots");

    // A draft is not there, even for its organiser with a session: the API is the public record.
    for path in [
        format!("/api/v1/documents/{draft}"),
        format!("/api/v1/documents/{draft}/ballots"),
        "/api/v1/documents/nosuch".into(),
    ] {
        let (status, body) = api(&organiser, &path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["error"]["status"], 404);
    }
    let (status, body) = api(&anyone, "/api/v1/nothing-here").await;
    assert_eq!((status, body["error"]["status"].clone()), (404, Value::from(404)));

    let (status, recs) = api(
        &anyone,
        "/api/v1/recommendations?q=%D0%BC%D1%83%D0%BD%D0%B8%D1%86%D0%B8%D0%BF%D0%B0%D0%BB%D1%8C%D0%BD%D1%8B%D0%B9",
    )
    .await;
    assert_eq!(status, 200);
    assert!(recs["total"].as_u64().unwrap() >= 1);
    let (status, paged) = api(&anyone, "/api/v1/recommendations?per_page=4&page=3").await;
    assert_eq!((status, paged["items"].as_array().unwrap().len(), paged["total"].as_u64()), (200, 1, Some(9)));
    let (status, first_page) = api(&anyone, "/api/v1/recommendations?per_page=4&page=1").await;
    assert_eq!(status, 200);
    let (_, again) = api(&anyone, "/api/v1/recommendations?per_page=4&page=1").await;
    assert_eq!(first_page["items"], again["items"], "stable order and ids");
    for (path, expected) in [
        ("/api/v1/recommendations?page=4&per_page=4", 404),
        ("/api/v1/recommendations?page=0", 400),
        ("/api/v1/recommendations?per_page=500", 400),
        ("/api/v1/recommendations?year=soon", 400),
        ("/api/v1/documents?page=2", 404),
        ("/api/v1/documents?page=x", 400),
        // What schemathesis found against the description: each answered with its documented JSON error.
        ("/api/v1/documents?page=1000001", 400),
        ("/api/v1/documents?page=", 400),
        ("/api/v1/recommendations?year=", 400),
        ("/api/v1/documents?per_page=3&per_page=4", 400),
    ] {
        let (status, body) = api(&anyone, path).await;
        assert_eq!(status, expected, "{path}: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // A method the API does not serve is 405, whatever page it says it came from.
    for method in ["TRACE", "PUT", "DELETE", "POST"] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let answer =
            anyone.client.request(method.clone(), format!("{}/api/v1/documents", anyone.base)).send().await.unwrap();
        assert_eq!(answer.status(), 405, "{method}");
    }

    let (status, spec) = api(&anyone, "/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(spec["openapi"], "3.1.0");
    for path in
        ["/api/v1/documents", "/api/v1/documents/{id}", "/api/v1/documents/{id}/ballots", "/api/v1/recommendations"]
    {
        assert!(spec["paths"][path]["get"].is_object(), "{path} described");
    }
}

/// Downloads `/documents/{doc}/export.{extension}` as `anyone` into a fresh directory: 200 and `mime` expected.
async fn download(anyone: &TestApp, doc: &str, extension: &str, mime: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let url = format!("{}/documents/{doc}/export.{extension}", anyone.base);
    let response = anyone.client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], mime);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("resolution.{extension}"));
    std::fs::write(&file, response.bytes().await.unwrap()).unwrap();
    (dir, file)
}

/// The Word export opens in LibreOffice (headless, as `make test` installs it) with the genre's words.
#[tokio::test]
async fn the_word_export_opens_in_libreoffice() {
    let organiser = spawn().await;
    let doc = imported(&organiser).await;
    let anyone = organiser.another_browser();
    let (dir, file) =
        download(&anyone, &doc, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            .await;
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let out = tokio::process::Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir"])
        .arg(dir.path())
        .arg(&file)
        .output()
        .await
        .expect("LibreOffice's soffice is on PATH (make test installs libreoffice-writer-nogui)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(dir.path().join("resolution.txt")).unwrap();
    for words in
        ["РЕКОМЕНДАЦИИ", "г.\u{a0}Благовещенск", "Министерству экономики и внешних связей", "«ЗА»\u{a0}— 25\u{a0}чел."]
    {
        assert!(text.contains(words), "{words} in:\n{text}");
    }
    assert_eq!(text.matches("Муниципальным образованиям").count(), 1);
    // A draft is not exported to strangers.
    let (_, draft) = helpers::event_with_draft_as(&organiser.another_browser(), "Борис", "boris@example.org").await;
    assert_eq!(anyone.get(&format!("/documents/{draft}/export.docx")).await.status, 401);
}

/// The PDF export reads back, through poppler's `pdftotext` (which `make test` installs), as the resolution:
/// every recommendation once, the vote line, page numbers from page 2 only.
#[tokio::test]
async fn the_pdf_export_reads_back_as_text() {
    let organiser = spawn().await;
    let doc = imported(&organiser).await;
    let anyone = organiser.another_browser();
    let (_dir, file) = download(&anyone, &doc, "pdf", "application/pdf").await;
    let text_of = |pages: Option<u32>| {
        let mut command = std::process::Command::new("pdftotext");
        if let Some(n) = pages {
            command.args(["-f", &n.to_string(), "-l", &n.to_string()]);
        }
        let out = command
            .args(["-enc", "UTF-8"])
            .arg(&file)
            .arg("-")
            .output()
            .expect("poppler's pdftotext is on PATH (make test installs poppler-utils)");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let flat = |s: &str| s.replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    let text = flat(&text_of(None));
    for words in [
        "РЕКОМЕНДАЦИИ",
        "г. Благовещенск",
        "27 января 2021 г.",
        "Министерству экономики и внешних связей",
        "Голосовали : «ЗА» — 25 чел.",
        "«Против» нет",
    ] {
        assert!(text.contains(words), "{words} in:\n{text}");
    }
    assert_eq!(text.matches("Муниципальным образованиям").count(), 1);
    let fixture = accord_domain::import(FIXTURE).document;
    let recommendations = fixture.sections.iter().filter(|s| s.kind == accord_domain::SectionKind::Recommendations);
    for rec in recommendations.flat_map(|s| &s.items) {
        let start: String = accord_domain::typography::typograph(&rec.full_text()).chars().take(60).collect();
        assert!(text.contains(&flat(&start)), "{start} in:\n{text}");
    }
    let first = text_of(Some(1));
    let second = text_of(Some(2));
    assert!(!first.trim_start().starts_with('1'), "no number on the first page:\n{first}");
    assert_eq!(second.split_whitespace().next(), Some("2"), "page 2 numbered:\n{second}");
    assert_eq!(anyone.get(&format!("/documents/{doc}/export.pdf")).await.status, 200);
    let (_, draft) = helpers::event_with_draft_as(&organiser.another_browser(), "Борис", "boris@example.org").await;
    assert_eq!(anyone.get(&format!("/documents/{draft}/export.pdf")).await.status, 401);
}

/// A public page kept for anonymous readers carries a fresh nonce each time, the same in its policy and
/// its scripts; signed-in readers get their own page.
#[tokio::test]
async fn kept_public_pages_get_a_fresh_nonce() {
    let organiser = spawn().await;
    let doc = imported(&organiser).await;
    let anyone = organiser.another_browser();
    let fetch = |app: &TestApp| {
        let (client, url) = (app.client.clone(), format!("{}/documents/{doc}", app.base));
        async move {
            let r = client.get(url).send().await.unwrap();
            assert_eq!(r.status(), 200);
            let csp = r.headers()["content-security-policy"].to_str().unwrap().to_string();
            let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_string();
            (nonce, r.text().await.unwrap())
        }
    };
    let (first, page1) = fetch(&anyone).await;
    let (second, page2) = fetch(&anyone).await;
    assert_ne!(first, second, "a fresh nonce per response");
    assert!(page2.contains(&format!("nonce=\"{second}\"")), "the scripts carry the policy's nonce");
    assert!(!page2.contains(&first));
    assert_eq!(page1.replace(&first, ""), page2.replace(&second, ""), "the same page otherwise");
    let (_, own) = fetch(&organiser).await;
    assert!(own.contains("Анна Организатор"), "a signed-in reader's page shows them");
    assert!(!page2.contains("Анна Организатор"));
}

/// Read without a session, a document page is HTML and CSS only: no module script, no WebAssembly, and not
/// the data it was rendered from. Signed in, the same address brings the bundle that runs the workspace.
#[tokio::test]
async fn the_public_page_is_sent_without_the_bundle() {
    let organiser = spawn().await;
    let doc = imported(&organiser).await;
    let anyone = organiser.another_browser();
    let public = anyone.get(&format!("/documents/{doc}")).await;
    assert_eq!(public.status, 200);
    assert!(public.body.contains("Министерству экономики и внешних связей"));
    assert!(public.body.contains("data-page=\"reading\""));
    let shared = public.body.split("property=\"og:description\" content=\"").nth(1).expect("a description to share");
    assert!(shared.starts_with("Министерству экономики и внешних связей"), "the first recommendation: {shared:.80}");
    for code in ["type=\"module\"", ".wasm\"", "__RESOLVED_RESOURCES["] {
        assert!(!public.body.contains(code), "the public page holds {code}");
    }
    let slash = anyone.get(&format!("/documents/{doc}/")).await;
    assert!(slash.body.contains("data-page=\"reading\""), "the router matches a trailing slash");
    assert!(!slash.body.contains(".wasm\""), "so the page with one comes without the bundle too");
    let missing = anyone.get("/documents/nosuchdocument").await;
    assert!(!missing.body.contains(".wasm\""), "nor does the notice that there is no such document");
    let own = organiser.get(&format!("/documents/{doc}")).await;
    assert!(own.body.contains("data-page=\"workspace\""));
    for code in ["type=\"module\"", ".wasm\"", "__RESOLVED_RESOURCES["] {
        assert!(own.body.contains(code), "the workspace lacks {code}");
    }
    let home = anyone.get("/").await;
    assert!(home.body.contains(".wasm\""), "other pages hydrate as before");
}

/// With a split build, a page's head announces the chunks of its code (from the build's manifest), so that a
/// first visit fetches them at once; the public page, which runs nothing in the browser, announces none.
#[tokio::test]
async fn a_page_announces_its_chunks_in_its_head() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    let manifest = r#"{"__home_route_view_1": ["chunk_1", "split_home"], "workspace_2": ["chunk_1", "split_workspace"],
        "reading_3": ["chunk_1", "split_reading"]}"#;
    std::fs::write(site.path().join("pkg/__wasm_split_manifest.json"), manifest).unwrap();
    let mut config = server::config::Config::for_tests();
    config.site_root = site.path().to_string_lossy().into_owned();
    let organiser = helpers::spawn_with(config).await;
    let doc = imported(&organiser).await;
    let head = |html: &str| html.split("</head>").next().unwrap().to_string();

    let home = head(&organiser.get("/").await.body);
    assert!(home.contains(r#"<link rel="preload" as="fetch" crossorigin href="/pkg/split_home.wasm">"#), "{home}");
    assert!(home.contains(r#"<link rel="preload" as="fetch" crossorigin href="/pkg/chunk_1.wasm">"#), "{home}");
    assert!(home.contains(r#"<link rel="modulepreload" href="/pkg/__wasm_split."#), "{home}");
    assert!(!home.contains("split_workspace"), "{home}");

    let workspace = head(&organiser.get(&format!("/documents/{doc}")).await.body);
    assert!(workspace.contains("/pkg/split_workspace.wasm") && !workspace.contains("split_reading"), "{workspace}");
    let public = organiser.another_browser().get(&format!("/documents/{doc}")).await.body;
    assert!(!public.contains("rel=\"preload\" as=\"fetch\""), "the public page runs nothing: {}", head(&public));
}
