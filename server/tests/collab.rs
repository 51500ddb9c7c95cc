//! The y-websocket endpoint against the real server: who may join and edit, what happens to garbage, how
//! form edits and live edits meet, and that the store holds what clients were sent.

use crate::helpers;
use crate::yclient;

use app::server_fns::documents::{EditItem, GetDocument};
use helpers::{eventually, session_cookie, spawn, TestApp};
use std::time::Duration;
use yclient::YClient;
use yrs::{Array, Map, Out, Text, Transact};

struct Draft {
    organiser: TestApp,
    event: String,
    doc: String,
}

async fn draft() -> Draft {
    draft_on(spawn().await).await
}

/// Signs `organiser` up, creates an event and starts its draft.
async fn draft_on(organiser: TestApp) -> Draft {
    let (event, doc) = helpers::event_with_draft(&organiser).await;
    Draft { organiser, event, doc }
}

impl Draft {
    fn url(&self) -> String {
        format!("{}/ws/doc/{}", self.organiser.base.replace("http://", "ws://"), self.doc)
    }

    /// A member with `role`, joined by invitation; returns their session cookie.
    async fn member(&self, role: &str, email: &str) -> String {
        helpers::join_as(&self.organiser, &self.event, role, "Борис Участник", email).await;
        session_cookie(&self.organiser.base, email).await
    }

    fn client(&self, cookie: &str, id: u64) -> YClient {
        YClient::new(&self.url(), id).header("Cookie", cookie).header("Origin", &self.organiser.base)
    }
}

/// The `Y.Text` of the first item of the section at `section`, adding an item there if it has none.
fn first_text(client: &YClient, section: u32) -> yrs::TextRef {
    let roots = accord_domain::ydoc::Roots::of(&client.doc);
    let txn = client.doc.transact();
    let Some(Out::YMap(s)) = roots.sections.get(&txn, section) else { panic!("no section {section}") };
    let Some(Out::YArray(items)) = s.get(&txn, "items") else { panic!("no items") };
    let Some(Out::YMap(item)) = items.get(&txn, 0) else { panic!("no item") };
    let Some(Out::YText(text)) = item.get(&txn, "text") else { panic!("no text") };
    text
}

async fn add_item(d: &Draft, text: &str) -> String {
    let page = helpers::json(&d.organiser.call::<GetDocument>(&[("id", &d.doc)]).await);
    let section = page["row"]["document"]["sections"][2]["id"].as_str().unwrap().to_string();
    let revision = page["row"]["revision"].to_string();
    let added = d
        .organiser
        .call::<app::server_fns::documents::EditSection>(&[
            ("id", &d.doc),
            ("revision", &revision),
            ("section", &section),
            ("op", "add"),
            ("text", text),
        ])
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    section
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upgrade_checks_session_token_role_and_origin() {
    let d = draft().await;
    let organiser = session_cookie(&d.organiser.base, "anna@example.org").await;

    let mut anonymous = YClient::new(&d.url(), 1);
    let refused = anonymous.connect().await.unwrap_err();
    assert!(refused.contains("401"), "anonymous visitors cannot open a draft: {refused}");

    let mut foreign = YClient::new(&d.url(), 2).header("Cookie", &organiser).header("Origin", "http://evil.example");
    assert!(foreign.connect().await.unwrap_err().contains("403"), "a cookie from another site's page is refused");

    let mut outsider_cookie = String::new();
    {
        let outsider = d.organiser.another_browser();
        outsider.sign_up("Чужой", "stranger@example.org").await;
        outsider_cookie.push_str(&session_cookie(&d.organiser.base, "stranger@example.org").await);
    }
    let mut outsider = d.client(&outsider_cookie, 3);
    assert!(outsider.connect().await.unwrap_err().contains("403"), "a draft is for the event's members");

    let mut bad_token = YClient::new(&format!("{}?token=nonsense", d.url()), 4);
    assert!(bad_token.connect().await.unwrap_err().contains("401"));

    // A token from `accord token` (here straight from the store) opens the room without a cookie.
    let user = d.organiser.store.user_by_email("anna@example.org").await.unwrap().unwrap().0;
    d.organiser
        .store
        .create_access_token(&user.id, &d.doc.as_str().into(), &app::auth::token_hash("good-token"))
        .await
        .unwrap();
    let mut with_token = YClient::new(&format!("{}?token=good-token", d.url()), 5);
    with_token.connect().await.expect("a valid token opens the room");

    let mut with_cookie = d.client(&organiser, 6);
    with_cookie.connect().await.expect("the organiser's session opens the room");
    assert_eq!(with_cookie.document().sections.len(), 3, "the blank draft arrives in sync step 2");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_edits_reach_others_and_the_reading_and_observers_stay_read_only() {
    let d = draft().await;
    add_item(&d, "Провести обучение").await;
    let organiser = session_cookie(&d.organiser.base, "anna@example.org").await;
    let delegate = d.member("delegate", "boris@example.org").await;
    let observer = d.member("observer", "nina@example.org").await;

    let mut a = d.client(&organiser, 11);
    let mut b = d.client(&delegate, 12);
    let mut o = d.client(&observer, 13);
    a.connect().await.unwrap();
    b.connect().await.unwrap();
    o.connect().await.unwrap();

    let text = first_text(&b, 2);
    b.change(|txn| text.insert(txn, 0, "Срочно "));
    eventually("the delegate's edit reaching the organiser", || {
        a.document().sections[2].items[0].text == "Срочно Провести обучение"
    })
    .await;

    let text = first_text(&o, 2);
    o.change(|txn| text.insert(txn, 0, "ВЗЛОМ "));
    eventually("the observer being told the document is read-only", || {
        o.denied.load(std::sync::atomic::Ordering::SeqCst)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(a.document().sections[2].items[0].text, "Срочно Провести обучение", "the observer's edit is refused");

    let page = helpers::json(&d.organiser.call::<GetDocument>(&[("id", &d.doc)]).await);
    assert_eq!(page["row"]["document"]["sections"][2]["items"][0]["text"], "Срочно Провести обучение");
    assert!(page["reading"].is_null(), "the reading is the stored text: sent once");

    // A form edit lands in the shared text and reaches connected clients.
    let item = helpers::reading(&page)["sections"][2]["items"][0]["id"].as_str().unwrap().to_string();
    let saved = d
        .organiser
        .call::<EditItem>(&[
            ("id", &d.doc),
            ("revision", &page["row"]["revision"].to_string()),
            ("item", &item),
            ("op", "save"),
            ("text", "Провести обучение специалистов"),
            ("addressee", "Министерству образования"),
        ])
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    eventually("the form edit reaching a live client", || {
        let doc = b.document();
        doc.sections[2].items[0].text == "Провести обучение специалистов"
            && doc.sections[2].items[0].addressee == "Министерству образования"
    })
    .await;

    // Presence: awareness from one client reaches the others, and its leaving is announced.
    let seen_before = o.awareness_seen.load(std::sync::atomic::Ordering::SeqCst);
    a.send_awareness(r##"{"user":{"name":"Анна","color":"#c00"}}"##);
    eventually("awareness reaching the observer", || {
        o.awareness_seen.load(std::sync::atomic::Ordering::SeqCst) > seen_before
    })
    .await;
    let seen_before = o.awareness_seen.load(std::sync::atomic::Ordering::SeqCst);
    a.disconnect();
    eventually("the departure reaching the observer", || {
        o.awareness_seen.load(std::sync::atomic::Ordering::SeqCst) > seen_before
    })
    .await;
}

/// An update is sent on to everyone else at once, and not back to the client that sent it, which holds it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_goes_to_the_others_and_not_back_to_its_sender() {
    let d = draft().await;
    add_item(&d, "Провести обучение").await;
    let organiser = session_cookie(&d.organiser.base, "anna@example.org").await;
    let delegate = d.member("delegate", "boris@example.org").await;
    let mut a = d.client(&organiser, 11);
    let mut b = d.client(&delegate, 12);
    a.connect().await.unwrap();
    b.connect().await.unwrap();
    let text = first_text(&b, 2);
    b.change(|txn| text.insert(txn, 0, "Срочно "));
    eventually("the delegate's edit reaching the organiser", || {
        a.document().sections[2].items[0].text == "Срочно Провести обучение"
    })
    .await;
    let text = first_text(&a, 2);
    a.change(|txn| text.push(txn, " специалистов"));
    eventually("the organiser's edit reaching the delegate", || {
        b.document().sections[2].items[0].text == "Срочно Провести обучение специалистов"
    })
    .await;
    // Its own update sent back would have come to the delegate before the organiser's.
    assert_eq!(b.updates_seen.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_message_closes_that_connection_only() {
    let d = draft().await;
    add_item(&d, "Текст").await;
    let organiser = session_cookie(&d.organiser.base, "anna@example.org").await;
    let mut good = d.client(&organiser, 21);
    let mut bad = d.client(&organiser, 22);
    good.connect().await.unwrap();
    bad.connect().await.unwrap();
    bad.send_raw(vec![0, 2, 200, 1, 2, 3]);
    eventually("the server closing the bad connection", || !bad.is_connected()).await;
    assert_eq!(*bad.closed_by_server.lock().unwrap(), Some(1003));
    let text = first_text(&good, 2);
    good.change(|txn| text.push(txn, "!"));
    let mut fresh = d.client(&organiser, 23);
    fresh.connect().await.unwrap();
    eventually("the good connection's edit reaching a newcomer", || {
        fresh.document().sections[2].items[0].text == "Текст!"
    })
    .await;
}

/// A stock Yjs client from npm (yjs + y-websocket, run by Node) and a `yrs` client edit the same item.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stock_yjs_client_and_a_yrs_client_edit_the_same_item() {
    let d = draft().await;
    add_item(&d, "Провести обучение").await;
    let user = d.organiser.store.user_by_email("anna@example.org").await.unwrap().unwrap().0;
    d.organiser
        .store
        .create_access_token(&user.id, &d.doc.as_str().into(), &app::auth::token_hash("interop-token"))
        .await
        .unwrap();
    let organiser = session_cookie(&d.organiser.base, "anna@example.org").await;
    let mut rust = d.client(&organiser, 31);
    rust.connect().await.unwrap();

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end/yjs-client.mjs");
    let base = format!("{}/ws/doc", d.organiser.base.replace("http://", "ws://"));
    let node = tokio::process::Command::new("node")
        .args([script, &base, &d.doc, "interop-token"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("node runs (make test installs end2end's npm packages)");

    eventually("the Yjs client's edit reaching the yrs client", || {
        rust.document().sections[2].items[0].text.starts_with("⟨yjs⟩")
    })
    .await;
    let text = first_text(&rust, 2);
    rust.change(|txn| text.push(txn, " ⟨yrs⟩"));
    let out = tokio::time::timeout(Duration::from_secs(20), node.wait_with_output()).await.unwrap().unwrap();
    assert!(out.status.success(), "the Yjs client: {}", String::from_utf8_lossy(&out.stderr));
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(seen["text"], "⟨yjs⟩Провести обучение ⟨yrs⟩");
    assert_eq!(rust.document().sections[2].items[0].text, "⟨yjs⟩Провести обучение ⟨yrs⟩");
    assert!(rust.awareness_seen.load(std::sync::atomic::Ordering::SeqCst) > 0, "the Yjs client's presence arrived");
}

/// A room without connections unloads itself after the idle time, compacting its log into the snapshot; the
/// next reader loads the same text from the store.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_rooms_unload_and_compact() {
    let mut config = server::config::Config::for_tests();
    config.rooms.idle = Duration::from_millis(300);
    let application = {
        let _one_at_a_time = helpers::OPENING.lock().await;
        server::application::Application::build(config).await.unwrap()
    };
    let (store, rooms) = (application.store(), application.rooms());
    let base = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    let d = draft_on(TestApp::browser(&base, store.clone())).await;
    add_item(&d, "Текст").await;
    let cookie = session_cookie(&base, "anna@example.org").await;
    let mut client = d.client(&cookie, 41);
    client.connect().await.unwrap();
    let text = first_text(&client, 2);
    for word in [" один", " два", " три"] {
        client.change(|txn| text.push(txn, word));
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(store.log_length(&d.doc.as_str().into()).await.unwrap() >= 1, "edits are logged before compaction");
    client.disconnect();
    let start = std::time::Instant::now();
    while rooms.loaded().await > 0 {
        assert!(start.elapsed() < Duration::from_secs(5), "the room did not unload");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(store.log_length(&d.doc.as_str().into()).await.unwrap(), 0, "the log was compacted into the snapshot");
    let shared = store.shared_text(&d.doc.as_str().into()).await.unwrap();
    assert_eq!(shared.document.sections[2].items[0].text, "Текст один два три", "the cached reading is refreshed");
    assert_eq!(
        rooms.read(&d.doc.as_str().into()).await.unwrap().document.sections[2].items[0].text,
        "Текст один два три"
    );
    // Unloading also closed the journal's open stretch: the form's new item and the live words, one entry.
    let journal = store.edits(&d.doc.as_str().into(), 10).await.unwrap();
    assert_eq!(journal.len(), 1, "{journal:?}");
    assert_eq!(journal[0].authors, ["Анна Организатор"]);
    assert_eq!(
        (journal[0].changes[0].before.as_str(), journal[0].changes[0].after.as_str()),
        ("", "Текст один два три")
    );
}

/// The history tells members who changed what and when: a form edit, then two people typing at once, each
/// stretch with its authors and the item's words before and after.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_journal_says_who_changed_what_and_when() {
    use accord_domain::discussion::Piece;
    use accord_domain::journal::Place;
    use app::model::History;
    use app::server_fns::history::GetHistory;
    let d = draft().await;
    add_item(&d, "Провести обучение").await;
    async fn history(who: &TestApp, doc: &str) -> Vec<app::model::JournalEntry> {
        let answer = who.call::<GetHistory>(&[("id", doc)]).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        answer.read::<History>().journal.expect("members see the journal")
    }
    let journal = history(&d.organiser, &d.doc).await;
    assert_eq!(journal.len(), 1, "{journal:?}");
    assert_eq!(journal[0].authors, ["Анна Организатор"]);
    assert!(matches!(journal[0].changes[0].place, Place::Item(_, 1)));
    assert_eq!(journal[0].changes[0].diff, [Piece::Added("Провести обучение".into())]);
    let anchor = journal[0].changes[0].anchor.clone().unwrap_or_default();
    assert!(anchor.starts_with("item-"), "the change links to its item on the document page: {anchor:?}");

    let organiser = session_cookie(&d.organiser.base, "anna@example.org").await;
    let delegate = d.member("delegate", "boris@example.org").await;
    let mut a = d.client(&organiser, 21);
    let mut b = d.client(&delegate, 22);
    a.connect().await.unwrap();
    b.connect().await.unwrap();
    let text = first_text(&b, 2);
    b.change(|txn| text.insert(txn, 0, "Срочно "));
    let text = first_text(&a, 2);
    eventually("the delegate's edit reaching the organiser", || {
        a.document().sections[2].items[0].text == "Срочно Провести обучение"
    })
    .await;
    a.change(|txn| text.push(txn, " специалистов"));
    eventually("the organiser's edit reaching the delegate", || {
        b.document().sections[2].items[0].text == "Срочно Провести обучение специалистов"
    })
    .await;
    let observer = helpers::join_as(&d.organiser, &d.event, "observer", "Нина Наблюдатель", "nina@example.org").await;
    let journal = history(&observer, &d.doc).await;
    assert_eq!(journal.len(), 2, "{journal:?}");
    let newest = &journal[0];
    assert_eq!(newest.authors, ["Анна Организатор", "Борис Участник"]);
    assert_eq!(
        newest.changes[0].diff,
        [Piece::Added("Срочно ".into()), Piece::Same("Провести обучение".into()), Piece::Added(" специалистов".into())]
    );
    assert!(newest.started >= journal[1].ended && newest.ended >= newest.started, "{journal:?}");
    // Viewing the history closed the stretch; with nothing typed since, the next view adds nothing.
    assert_eq!(history(&d.organiser, &d.doc).await.len(), 2);
}
