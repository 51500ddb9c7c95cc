//! Several Accord servers on one SurrealDB server process (issue 19): they start at the same moment, and what
//! happens on one reaches the open pages of the other.

use futures_util::StreamExt;
use std::time::{Duration, Instant};

mod helpers;
mod process;

use helpers::{accord_on, json, Running, TestApp};
use process::free_port;

async fn serving(base: &str) {
    let start = Instant::now();
    while reqwest::get(base).await.map(|r| r.status().as_u16()).ok() != Some(200) {
        assert!(start.elapsed() < Duration::from_secs(60), "{base} did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A database server and Accord servers on it, started at the same moment.
struct Servers {
    a: String,
    b: String,
    /// Where the database server listens.
    db: String,
    /// The third server, when asked for.
    c: Option<String>,
    _running: Vec<Running>,
    _dir: tempfile::TempDir,
}

impl Servers {
    async fn start() -> Servers {
        Servers::start_n(2).await
    }

    async fn start_n(n: usize) -> Servers {
        let dir = tempfile::tempdir().unwrap();
        let db_port = free_port();
        let mut running = vec![helpers::database_server(dir.path(), db_port).await];
        let ports: Vec<u16> = (0..n).map(|_| free_port()).collect();
        running.extend(ports.iter().map(|port| accord_on(db_port, *port)));
        let bases: Vec<String> = ports.iter().map(|port| format!("http://127.0.0.1:{port}")).collect();
        for base in &bases {
            serving(base).await;
        }
        Servers {
            a: bases[0].clone(),
            b: bases[1].clone(),
            c: bases.get(2).cloned(),
            db: format!("ws://127.0.0.1:{db_port}"),
            _running: running,
            _dir: dir,
        }
    }

    /// A connection to the shared store, for arranging what no page can (people made without passwords).
    async fn store(&self) -> app::store::Store {
        app::store::Store::connect_as(&self.db, Some(("root", "root"))).await.unwrap()
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

/// Two hundred delegates vote at once, half through one server and half through another, while the organiser
/// closes the ballot on a third: every vote is counted once or refused as too late, none is stored but not
/// counted, and there is one result.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn votes_through_two_servers_and_a_close_on_a_third_agree() {
    use app::server_fns::ballots::{CastVote, CloseBallot, GetBallots, OpenBallot};
    use app::server_fns::stages::ChangeStage;
    let servers = Servers::start_n(3).await;
    let store = servers.store().await;
    let organiser = TestApp::browser(&servers.a, store.clone());
    let (event, doc) = helpers::event_with_draft(&organiser).await;
    for to in ["review", "voting"] {
        let moved = organiser.call::<ChangeStage>(&[("id", &doc), ("to", to), ("confirm", "yes")]).await;
        assert_eq!(moved.status, 200, "{}", moved.body);
    }
    let mut people = helpers::seeded_delegates_numbered(&organiser, &event, 0..100).await;
    let on_b = TestApp::browser(&servers.b, store.clone());
    people.extend(helpers::seeded_delegates_numbered(&on_b, &event, 100..200).await);
    let opened = organiser
        .call::<OpenBallot>(&[("id", &doc), ("subject", "document"), ("quorum", "0"), ("majority", "of_cast")])
        .await;
    assert_eq!(opened.status, 200, "{}", opened.body);
    let panel = organiser.call::<GetBallots>(&[("id", &doc)]).await;
    let panel = serde_json::from_str::<Option<app::model::BallotsPanel>>(&panel.body).unwrap().unwrap();
    let id = panel.ballots[0].id.to_string();
    let closer = TestApp::browser(servers.c.as_ref().unwrap(), store.clone());
    let cookie = helpers::session_cookie(&closer.base, "anna@example.org").await;

    let start = std::sync::Arc::new(tokio::sync::Barrier::new(people.len() + 1));
    let votes: Vec<_> = people
        .into_iter()
        .map(|person| {
            let (start, id) = (start.clone(), id.clone());
            tokio::spawn(async move {
                start.wait().await;
                person.call::<CastVote>(&[("ballot", &id), ("choice", "for")]).await.status
            })
        })
        .collect();
    start.wait().await;
    // Closed while votes arrive: once some are stored.
    let count = format!("SELECT count() AS n FROM voter WHERE ballot = ballot:{id} GROUP ALL");
    let stored = || async { store.inspect(&count).await.unwrap().first().map_or(0, |r| r["n"].as_u64().unwrap()) };
    while stored().await < 40 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let closed = closer
        .client
        .post(format!("{}{}", closer.base, <CloseBallot as leptos::server_fn::ServerFn>::PATH))
        .header(reqwest::header::COOKIE, &cookie)
        .header(reqwest::header::ACCEPT, "application/json")
        .form(&[("ballot", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(closed.status(), 200, "{}", closed.text().await.unwrap());
    let mut accepted = 0;
    for vote in votes {
        match vote.await.unwrap() {
            200 => accepted += 1,
            409 => {}
            other => panic!("a vote answered {other}"),
        }
    }
    let rows = store.inspect(&format!("SELECT * FROM ballot:{id}")).await.unwrap();
    let result = &rows[0]["result"];
    assert_eq!(rows[0]["status"], "closed");
    eprintln!("{accepted} of 200 votes accepted before the close");
    assert!(accepted < 200, "the close came after every vote: run it earlier");
    assert_eq!(stored().await, accepted, "every vote stored was acknowledged, and every one acknowledged stored");
    assert_eq!(result["tally"]["in_favour"].as_u64(), Some(accepted), "the count holds every vote stored");
    let closings =
        store.inspect("SELECT count() AS n FROM audit WHERE action = 'ballot_closed' GROUP ALL").await.unwrap();
    assert_eq!(closings[0]["n"], 1, "one result");
}
