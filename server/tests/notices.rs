//! Notices: written when things happen, counted under the bell, mailed through a real SMTP server (aiosmtpd,
//! started here) as each person chose, with a signed one-click unsubscribe link; sent once though two senders
//! run over one store.

use crate::helpers;

use app::error::AppError;
use app::server_fns::ballots::OpenBallot;
use app::server_fns::comments::AddComment;
use app::server_fns::notices::{GetNotices, SetNoticePreferences, UnreadNotices, Unsubscribe};
use app::server_fns::stages::ChangeStage;
use helpers::{join_as, spawn_with, TestApp};
use serde_json::Value;
use std::time::Duration;

/// aiosmtpd on a free port, writing each message it takes as a JSON line to a file.
struct Sink {
    port: u16,
    file: std::path::PathBuf,
    process: std::process::Child,
    _dir: tempfile::TempDir,
}

impl Sink {
    fn start() -> Sink {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("mail.jsonl");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py");
        let mut process = std::process::Command::new("/usr/bin/python3")
            .arg(script)
            .arg(port.to_string())
            .arg(&file)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("Debian's python3 with aiosmtpd (make test installs python3-aiosmtpd)");
        let mut ready = String::new();
        use std::io::BufRead;
        std::io::BufReader::new(process.stdout.take().unwrap()).read_line(&mut ready).unwrap();
        assert_eq!(ready.trim(), "ready", "the SMTP sink started");
        Sink { port, file, process, _dir: dir }
    }

    fn messages(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.file)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Waits until `n` messages have come (at most 20 s).
    async fn wait_for(&self, n: usize) -> Vec<Value> {
        for _ in 0..200 {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{n} messages expected, got {:?}", self.messages());
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.process.kill();
    }
}

/// Digests gather what came within `DIGEST` of the first thing in them (a day outside tests).
const DIGEST: Duration = Duration::from_secs(3);

fn settings(sink: &Sink) -> server::notices::Settings {
    server::notices::Settings {
        smtp: Some(format!("smtp://127.0.0.1:{}", sink.port)),
        public_url: "https://accord.example.org".into(),
        every: Duration::from_millis(200),
        digest_every: DIGEST,
        ..Default::default()
    }
}

/// An Accord server over `mem://` that mails through `sink`.
async fn mailing(sink: &Sink) -> TestApp {
    let mut config = server::config::Config::for_tests();
    config.notices = settings(sink);
    spawn_with(config).await
}

/// A draft with one recommendation and a delegate of its event: the event, the draft, the delegate, the item.
async fn draft_with_delegate(organiser: &TestApp) -> (String, String, TestApp, String) {
    let (event, doc) = helpers::event_with_draft(organiser).await;
    let delegate = join_as(organiser, &event, "delegate", "Борис Делегат", "boris@example.org").await;
    let item = item_of(organiser, &doc).await;
    (event, doc, delegate, item)
}

/// Adds a recommendation to the draft; returns its id.
async fn item_of(organiser: &TestApp, doc: &str) -> String {
    use app::server_fns::documents::{EditSection, GetDocument};
    let page = helpers::json(&organiser.call::<GetDocument>(&[("id", doc)]).await);
    let section = page["row"]["document"]["sections"][2]["id"].as_str().unwrap().to_string();
    let revision = page["row"]["revision"].to_string();
    let form =
        [("id", doc), ("revision", &revision), ("section", &section), ("op", "add"), ("text", "Провести семинар.")];
    assert_eq!(organiser.call::<EditSection>(&form).await.status, 200);
    let page = helpers::json(&organiser.call::<GetDocument>(&[("id", doc)]).await);
    page["row"]["document"]["sections"][2]["items"][0]["id"].as_str().unwrap().to_string()
}

async fn first_comment(app: &TestApp, doc: &str) -> String {
    let answer = app.call::<app::server_fns::discussion::GetDiscussion>(&[("id", doc)]).await;
    let d: Option<app::model::Discussion> = answer.read();
    d.unwrap().comments[0].id.to_string()
}

async fn unread(app: &TestApp) -> u64 {
    app.call::<UnreadNotices>(&[]).await.read()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notices_are_mailed_once_as_chosen_with_a_signed_unsubscribe_link() {
    let _ = tracing_subscriber::fmt().with_env_filter("warn").with_test_writer().try_init();
    let sink = Sink::start();
    let organiser = mailing(&sink).await;
    // A second sender over the same store, as a second server would run: nothing goes out twice.
    server::notices::spawn(organiser.store.clone(), settings(&sink));
    let (_, doc, delegate, item) = draft_with_delegate(&organiser).await;

    // A reply to the delegate's comment: mailed to him at once, under his bell too.
    let said = [("id", doc.as_str()), ("item", item.as_str()), ("body", "Уточнить сроки")];
    assert_eq!(delegate.call::<AddComment>(&said).await.status, 200);
    let thread = first_comment(&organiser, &doc).await;
    let reply =
        [("id", doc.as_str()), ("item", item.as_str()), ("body", "Сроки — до июня"), ("parent", thread.as_str())];
    assert_eq!(organiser.call::<AddComment>(&reply).await.status, 200);
    let mail = sink.wait_for(1).await;
    let m = &mail[0];
    assert_eq!(m["to"], serde_json::json!(["boris@example.org"]));
    assert_eq!(m["subject"], "Анна Организатор ответил(а) на ваш комментарий");
    let text = m["text"].as_str().unwrap();
    assert!(text.contains("Сроки — до июня"), "{text}");
    assert!(text.contains(&format!("https://accord.example.org/documents/{doc}")), "the link: {text}");
    let link = m["unsubscribe"].as_str().unwrap().trim_matches(['<', '>']).to_string();
    assert!(link.starts_with("https://accord.example.org/unsubscribe?u=") && text.contains(&link), "{link}");
    assert_eq!(m["one_click"], "List-Unsubscribe=One-Click");
    assert_eq!(unread(&delegate).await, 1);
    let listed = helpers::json(&delegate.call::<GetNotices>(&[]).await);
    assert_eq!(listed[0]["subject"], m["subject"]);
    assert_eq!(unread(&delegate).await, 0, "reading them marks them read");
    assert_eq!(organiser.another_browser().call::<GetNotices>(&[]).await.error(), AppError::Unauthenticated);

    // Opening the link asks for a click (a mail scanner unsubscribes no one); a tampered link changes nothing;
    // the click stops replies by e-mail (they still reach the bell).
    let path = &link["https://accord.example.org".len()..];
    let opened = delegate.another_browser().get(path).await;
    assert!(opened.body.contains("Больше не присылать такие письма?"), "{}", opened.body);
    let query: std::collections::HashMap<String, String> =
        url_params(path.split_once('?').unwrap().1).into_iter().collect();
    let form = |s: &str| [("u", query["u"].clone()), ("k", query["k"].clone()), ("s", s.to_string())];
    let tampered = form(&query["s"].replace(|c: char| c.is_ascii_alphabetic(), "A"));
    let tampered: Vec<(&str, &str)> = tampered.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(delegate.another_browser().call::<Unsubscribe>(&tampered).await.error(), AppError::NotFound);
    assert_eq!(reply_delivery(&organiser).await, accord_domain::notices::Delivery::Now);
    let real = form(&query["s"]);
    let real: Vec<(&str, &str)> = real.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(delegate.another_browser().call::<Unsubscribe>(&real).await.status, 200);
    assert_eq!(reply_delivery(&organiser).await, accord_domain::notices::Delivery::Off);
    // A mail client's one-click post (RFC 8058), without an Origin, to the same address works the same way.
    let client = reqwest::Client::new();
    let posted = client
        .post(format!("{}{path}", organiser.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 200);
    let forged = client.post(format!("{}{}", organiser.base, path.replace("&s=", "&s=x"))).send().await.unwrap();
    assert_eq!(forged.status(), 404, "a forged signature is refused");
    let again = [("id", doc.as_str()), ("item", item.as_str()), ("body", "И ещё"), ("parent", thread.as_str())];
    assert_eq!(organiser.call::<AddComment>(&again).await.status, 200);

    // A ballot opened with a deadline: the delegate is told at once, with the deadline; the organiser, who
    // opened it, is not.
    for to in ["review", "voting"] {
        let moved = organiser.call::<ChangeStage>(&[("id", doc.as_str()), ("to", to), ("confirm", "yes")]).await;
        assert_eq!(moved.status, 200, "{}", moved.body);
    }
    let opened = organiser
        .call::<OpenBallot>(&[
            ("id", doc.as_str()),
            ("subject", "document"),
            ("quorum", "50"),
            ("majority", "of_cast"),
            ("minutes", "30"),
        ])
        .await;
    assert_eq!(opened.status, 200, "{}", opened.body);
    // Thirty minutes to go is less than an hour: those who have not voted are reminded too, once each (the
    // organiser may vote too).
    let mail = sink.wait_for(4).await;
    let ballot = mail
        .iter()
        .find(|m| m["subject"].as_str().unwrap().starts_with("Открыто голосование № 1"))
        .unwrap_or_else(|| panic!("{mail:?}"));
    assert!(ballot["text"].as_str().unwrap().contains("Голосование закроется 20"), "{ballot}");
    let to = |who: &str| -> Vec<String> {
        mail.iter()
            .filter(|m| m["to"] == serde_json::json!([who]))
            .map(|m| m["subject"].as_str().unwrap().to_string())
            .collect()
    };
    let boris = to("boris@example.org");
    assert_eq!(boris.len(), 3, "{boris:?}");
    assert!(boris.iter().any(|s| s.starts_with("Меньше часа до конца голосования № 1")), "{boris:?}");
    let anna = to("anna@example.org");
    assert_eq!(anna.len(), 1, "{anna:?}");
    assert!(anna[0].starts_with("Меньше часа до конца голосования № 1"), "{anna:?}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(sink.messages().len(), 4, "each sent once, the second reply not at all: {:?}", sink.messages());
    assert_eq!(unread(&delegate).await, 3, "the second reply, the ballot and the reminder wait under the bell");

    // Choices are per kind; a value not offered is refused and changes nothing.
    let choose = |activity: &'static str| {
        [
            ("ballot_opened", "now"),
            ("deadline_soon", "off"),
            ("decided", "digest"),
            ("reply", "now"),
            ("activity", activity),
        ]
    };
    assert!(matches!(delegate.call::<SetNoticePreferences>(&choose("weekly")).await.error(), AppError::Invalid(_)));
    assert_eq!(delegate.call::<SetNoticePreferences>(&choose("off")).await.status, 200);
    let prefs = organiser.store.notice_preferences(&delegate_id(&organiser).await).await.unwrap();
    assert_eq!(prefs.delivery(accord_domain::notices::Kind::DeadlineSoon), accord_domain::notices::Delivery::Off);
    assert_eq!(prefs.delivery(accord_domain::notices::Kind::Reply), accord_domain::notices::Delivery::Now);
    let page = delegate.get("/account").await.body;
    assert!(page.contains("name=\"deadline_soon\""), "the account page shows the choices");
    // In English for who chose it: the delegate votes, the organiser closes, the adoption is told to both.
    let english = [
        ("ballot_opened", "now"),
        ("deadline_soon", "off"),
        ("decided", "now"),
        ("reply", "now"),
        ("activity", "off"),
        ("lang", "en"),
    ];
    assert_eq!(delegate.call::<SetNoticePreferences>(&english).await.status, 200);
    let panel = helpers::json(&delegate.call::<app::server_fns::ballots::GetBallots>(&[("id", doc.as_str())]).await);
    let ballot = panel["ballots"][0]["id"].as_str().unwrap().to_string();
    let cast = [("ballot", ballot.as_str()), ("choice", "for")];
    assert_eq!(delegate.call::<app::server_fns::ballots::CastVote>(&cast).await.status, 200);
    let closed = organiser.call::<app::server_fns::ballots::CloseBallot>(&[("ballot", ballot.as_str())]).await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    let mail = sink.wait_for(6).await;
    let adopted: Vec<(String, String)> = mail[4..]
        .iter()
        .map(|m| (m["to"][0].as_str().unwrap().to_string(), m["subject"].as_str().unwrap().to_string()))
        .collect();
    assert!(adopted.contains(&("boris@example.org".into(), "Document adopted: Семинар".into())), "{adopted:?}");
    assert!(adopted.contains(&("anna@example.org".into(), "Документ принят: Семинар".into())), "{adopted:?}");
    let english =
        mail.iter().find(|m| m["to"][0] == "boris@example.org" && m["subject"] == "Document adopted: Семинар");
    assert!(english.unwrap()["text"].as_str().unwrap().contains("No more such e-mails: https://"), "{english:?}");
    let data: Value = serde_json::from_str(&delegate.get("/account/data.json").await.body).unwrap();
    assert_eq!(data["notices"].as_array().unwrap().len(), 5, "the personal data holds the notices: {data}");
    assert_eq!(data["notice_choices"]["deadline_soon"], "off");
    assert_eq!(data["notice_choices"]["lang"], "en");
}

/// `a=1&b=2` as pairs (the signature is base64url: nothing in it is percent-encoded).
fn url_params(query: &str) -> Vec<(String, String)> {
    query.split('&').filter_map(|p| p.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// How the delegate has replies mailed.
async fn reply_delivery(app: &TestApp) -> accord_domain::notices::Delivery {
    let prefs = app.store.notice_preferences(&delegate_id(app).await).await.unwrap();
    prefs.delivery(accord_domain::notices::Kind::Reply)
}

async fn delegate_id(app: &TestApp) -> app::ids::UserId {
    app.store.user_by_email("boris@example.org").await.unwrap().unwrap().0.id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_comments_go_into_a_daily_digest() {
    let _ = tracing_subscriber::fmt().with_env_filter("warn").with_test_writer().try_init();
    let sink = Sink::start();
    let organiser = mailing(&sink).await;
    let (event, doc, delegate, item) = draft_with_delegate(&organiser).await;
    // The delegate takes part; then the organiser comments twice: both go into one digest to the delegate.
    let mine = [("id", doc.as_str()), ("item", item.as_str()), ("body", "Мой комментарий")];
    assert_eq!(delegate.call::<AddComment>(&mine).await.status, 200);
    for body in ["Первое замечание", "Второе замечание"] {
        let theirs = [("id", doc.as_str()), ("item", item.as_str()), ("body", body)];
        assert_eq!(organiser.call::<AddComment>(&theirs).await.status, 200);
    }
    let mail = sink.wait_for(1).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let all = sink.messages();
    assert_eq!(all.len(), 1, "one digest: {mail:?}");
    let digest = &all[0];
    assert_eq!(digest["to"], serde_json::json!(["boris@example.org"]));
    assert_eq!(digest["subject"], "Аккорд: новое за день (2)");
    let text = digest["text"].as_str().unwrap();
    assert!(text.contains("Первое замечание") && text.contains("Второе замечание"), "{text}");
    assert!(digest["unsubscribe"].as_str().unwrap().contains("k=digest"), "{digest}");
    // Within the day (here `DIGEST`), a new comment waits for the next digest.
    let third = [("id", doc.as_str()), ("item", item.as_str()), ("body", "Третье замечание")];
    assert_eq!(organiser.call::<AddComment>(&third).await.status, 200);
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(sink.messages().len(), 1);
    let next = sink.wait_for(2).await;
    assert_eq!(next[1]["subject"], "Аккорд: новое за день (1)", "{next:?}");

    // An invitation sent to an address, beside the link: the link in the message joins the event.
    use app::server_fns::members::CreateInvitation;
    let bad = [("event_id", event.as_str()), ("role", "delegate"), ("days", "7"), ("email", "не адрес")];
    assert!(matches!(organiser.call::<CreateInvitation>(&bad).await.error(), AppError::Invalid(_)));
    let form = [("event_id", event.as_str()), ("role", "delegate"), ("days", "7"), ("email", "vera@example.org")];
    let invited = organiser.submit::<CreateInvitation>(&form).await;
    let token = invited.location.unwrap().split("invitation=").nth(1).unwrap().to_string();
    let mail = sink.wait_for(3).await;
    let invitation = &mail[2];
    assert_eq!(invitation["to"], serde_json::json!(["vera@example.org"]));
    assert_eq!(invitation["subject"], "Приглашение: Семинар");
    let text = invitation["text"].as_str().unwrap();
    assert!(text.contains("Анна Организатор приглашает вас") && text.contains(&format!("/join/{token}")), "{text}");
    assert_eq!(invitation["unsubscribe"], "", "an invitation is one message, not a subscription");
}

/// A document voted down is told to every member as rejected, in the words of a rejection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejection_is_told_to_every_member() {
    use app::server_fns::ballots::{CastVote, CloseBallot, GetBallots};
    let sink = Sink::start();
    let organiser = mailing(&sink).await;
    let (_, doc, delegate, _) = draft_with_delegate(&organiser).await;
    for to in ["review", "voting"] {
        let moved = organiser.call::<ChangeStage>(&[("id", doc.as_str()), ("to", to), ("confirm", "yes")]).await;
        assert_eq!(moved.status, 200, "{}", moved.body);
    }
    let form = [("id", doc.as_str()), ("subject", "document"), ("quorum", "50"), ("majority", "of_cast")];
    let opened = organiser.call::<OpenBallot>(&form).await;
    assert_eq!(opened.status, 200, "{}", opened.body);
    let panel = helpers::json(&delegate.call::<GetBallots>(&[("id", doc.as_str())]).await);
    let ballot = panel["ballots"][0]["id"].as_str().unwrap().to_string();
    let cast = [("ballot", ballot.as_str()), ("choice", "against")];
    assert_eq!(delegate.call::<CastVote>(&cast).await.status, 200);
    let closed = organiser.call::<CloseBallot>(&[("ballot", ballot.as_str())]).await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    let mail = sink.wait_for(3).await;
    let decided: Vec<(&str, &str)> = mail
        .iter()
        .filter(|m| m["subject"].as_str().unwrap().starts_with("Документ"))
        .map(|m| (m["to"][0].as_str().unwrap(), m["subject"].as_str().unwrap()))
        .collect();
    assert_eq!(decided.len(), 2, "{mail:?}");
    for who in ["anna@example.org", "boris@example.org"] {
        assert!(decided.contains(&(who, "Документ отклонён: Семинар")), "{decided:?}");
    }
    let text = mail.iter().find(|m| m["subject"] == "Документ отклонён: Семинар").unwrap()["text"].as_str().unwrap();
    assert!(text.contains("отклонён голосованием"), "{text}");
    assert!(text.contains(&format!("https://accord.example.org/documents/{doc}")), "{text}");
}
