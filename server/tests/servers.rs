//! Several Accord servers on one SurrealDB server process (issue 19): they start at the same moment, and what
//! happens on one reaches the open pages of the other.

use futures_util::StreamExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod helpers;
mod process;

use helpers::{json, Running, TestApp};
use process::{free_port, BIN};

/// `accord` on the database server at `db_port`, listening on `port`.
fn accord_on(db_port: u16, port: u16) -> Running {
    let child = Command::new(BIN)
        .env("ACCORD_DB", format!("ws://127.0.0.1:{db_port}"))
        .env("ACCORD_DB_USER", "root")
        .env("ACCORD_DB_PASS", "root")
        .env("ACCORD_DEMO", "0")
        .env("ACCORD_LOG", "error")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    Running(child)
}

async fn serving(base: &str) {
    let start = Instant::now();
    while reqwest::get(base).await.map(|r| r.status().as_u16()).ok() != Some(200) {
        assert!(start.elapsed() < Duration::from_secs(60), "{base} did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A database server and two Accord servers on it, started at the same moment.
struct Servers {
    a: String,
    b: String,
    _running: (Running, Running, Running),
    _dir: tempfile::TempDir,
}

impl Servers {
    async fn start() -> Servers {
        let dir = tempfile::tempdir().unwrap();
        let db_port = free_port();
        let db = helpers::database_server(dir.path(), db_port).await;
        let (a_port, b_port) = (free_port(), free_port());
        let running = (db, accord_on(db_port, a_port), accord_on(db_port, b_port));
        let (a, b) = (format!("http://127.0.0.1:{a_port}"), format!("http://127.0.0.1:{b_port}"));
        serving(&a).await;
        serving(&b).await;
        Servers { a, b, _running: running, _dir: dir }
    }
}

/// Two servers started at once on a fresh database server both come up (each applies the migrations the
/// other may be applying), and a comment posted on one reaches a page's event stream on the other within a
/// second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_started_at_once_tell_each_others_pages_of_a_comment() {
    use app::server_fns::comments::AddComment;
    use app::server_fns::documents::{EditSection, GetDocument};
    let servers = Servers::start().await;
    let (a, b) = (&servers.a, &servers.b);
    let organiser = TestApp::browser(a, app::store::Store::connect("mem://").await.unwrap());
    let (_, doc) = helpers::event_with_draft(&organiser).await;
    let page = json(&organiser.call::<GetDocument>(&[("id", &doc)]).await);
    let section = page["row"]["document"]["sections"][2]["id"].as_str().unwrap().to_string();
    let revision = page["row"]["revision"].to_string();
    let added = organiser
        .call::<EditSection>(&[
            ("id", &doc),
            ("revision", &revision),
            ("section", &section),
            ("op", "add"),
            ("text", "Провести семинар."),
        ])
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    let page = json(&organiser.call::<GetDocument>(&[("id", &doc)]).await);
    let item = page["row"]["document"]["sections"][2]["items"][0]["id"].as_str().unwrap().to_string();

    // The organiser's page open on the other server.
    let cookie = helpers::session_cookie(b, "anna@example.org").await;
    let response = reqwest::Client::new()
        .get(format!("{b}/documents/{doc}/events"))
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut events = response.bytes_stream();
    // The relay starts reading when its server starts: a moment for it to have read once.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let added = organiser.call::<AddComment>(&[("id", &doc), ("item", &item), ("body", "Поддерживаю")]).await;
    assert_eq!(added.status, 200, "{}", added.body);
    let sent = Instant::now();
    let chunk = tokio::time::timeout(Duration::from_secs(1), events.next())
        .await
        .expect("an event on the other server within a second")
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&chunk).contains("data: comments"), "{chunk:?}");
    eprintln!("the other server's page heard of the comment {} ms after it was answered", sent.elapsed().as_millis());
}

/// Sign-in attempts for one account count across servers: the sign-up and nine wrong passwords, five on one
/// server and four on the other, use up the ten a minute allows, and the next is refused. (Counted apart,
/// each server would have seen six at most.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_attempts_count_across_servers() {
    use app::error::AppError;
    use app::server_fns::accounts::SignIn;
    let servers = Servers::start().await;
    let unused = app::store::Store::connect("mem://").await.unwrap();
    // The store counts by the minute of the clock: start early in one.
    let into_minute = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() % 60;
    if into_minute > 30 {
        tokio::time::sleep(Duration::from_secs(61 - into_minute)).await;
    }
    TestApp::browser(&servers.a, unused.clone()).sign_up("Анна", "anna@example.org").await;
    let wrong = [("email", "anna@example.org"), ("password", "подбор-пароля")];
    for (base, times) in [(&servers.a, 5), (&servers.b, 4)] {
        let guesser = TestApp::browser(base, unused.clone());
        for _ in 0..times {
            assert_eq!(guesser.call::<SignIn>(&wrong).await.error(), AppError::BadCredentials);
        }
    }
    let last = TestApp::browser(&servers.b, unused).call::<SignIn>(&wrong).await;
    assert_eq!(last.status, 429, "{}", last.body);
    assert_eq!(last.error(), AppError::TooManyAttempts);
}
