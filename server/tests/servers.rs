//! Several Accord servers on one SurrealDB server process (issue 19): they start at the same moment, people on
//! different servers co-draft one text, what happens on one reaches the open pages of the others, ballots and
//! deadlines close once, and a server killed mid-typing loses nothing its clients were sent.

use std::time::{Duration, Instant};

use crate::helpers;
use crate::process;
use crate::yclient;

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
    /// The database server, then the Accord servers in order.
    running: Vec<Running>,
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
            running,
            _dir: dir,
        }
    }

    /// Kills the second Accord server at once (SIGKILL): nothing of it runs on.
    fn kill_b(&mut self) {
        let b = &mut self.running[2].0;
        b.kill().unwrap();
        b.wait().unwrap();
    }

    /// A connection to the shared store, for arranging what no page can (people made without passwords).
    async fn store(&self) -> app::store::Store {
        app::store::Store::connect_as(&self.db, Some(("root", "root")), Default::default()).await.unwrap()
    }
}

/// Two servers started at once on a fresh database server both come up (each applies the migrations the
/// other may be applying), and a comment posted on one reaches a page's event stream on the other within a
/// second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_started_at_once_tell_each_others_pages_of_a_comment() {
    use app::server_fns::comments::AddComment;
    use app::server_fns::documents::GetDocument;
    let servers = Servers::start().await;
    let (a, b) = (&servers.a, &servers.b);
    let organiser = TestApp::browser(a, servers.store().await);
    let doc = draft_with_item(&organiser, "comment-token").await;
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
    helpers::heard_until(&mut events, "data: comments", Duration::from_secs(1)).await;
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
    let panel = panel.read::<Option<app::model::BallotsPanel>>().unwrap();
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

/// The organiser's draft with one recommendation, made through server `organiser` talks to; with a token that
/// lets a y-websocket client in as the organiser.
async fn draft_with_item(organiser: &TestApp, token: &str) -> String {
    draft_with_item_as(organiser, token, "anna@example.org").await
}

/// As `draft_with_item`, by the organiser signed up as `email`.
async fn draft_with_item_as(organiser: &TestApp, token: &str, email: &str) -> String {
    use app::server_fns::documents::{EditSection, GetDocument};
    let (_, doc) = helpers::event_with_draft_as(organiser, "Анна Организатор", email).await;
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
    let store = &organiser.store;
    let user = store.user_by_email(email).await.unwrap().unwrap().0;
    store.create_access_token(&user.id, &doc.as_str().into(), &app::auth::token_hash(token)).await.unwrap();
    doc
}

fn ws(base: &str) -> String {
    format!("{}/ws/doc", base.replace("http://", "ws://"))
}

/// The first recommendation's text as the store holds it: the compacted state and every update logged after it.
async fn stored_text(store: &app::store::Store, doc: &str) -> String {
    let (stored, _) = store.shared_text(&doc.into()).await.unwrap().to_doc().unwrap();
    let roots = accord_domain::ydoc::Roots::of(&stored);
    let read = accord_domain::ydoc::read(&yrs::Transact::transact(&stored), &roots);
    read.sections[2].items[0].text.clone()
}

/// Four stock Yjs clients, two on each server, type thirty words each into one recommendation at random places:
/// every client ends with every word in the same text, sees the other three present, and the store holds that
/// text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stock_yjs_clients_on_two_servers_co_draft_one_text() {
    let servers = Servers::start().await;
    let store = servers.store().await;
    let organiser = TestApp::browser(&servers.a, store.clone());
    let doc = draft_with_item(&organiser, "typists-token").await;
    let (a, b) = (ws(&servers.a), ws(&servers.b));
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end/yjs-typists.mjs");
    let node = tokio::process::Command::new("node")
        .args([script, "typists-token", "30", &a, &doc, &b, &doc, &a, &doc, &b, &doc])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("node runs (make test installs end2end's npm packages)");
    let out = tokio::time::timeout(Duration::from_secs(60), node.wait_with_output()).await.unwrap().unwrap();
    assert!(out.status.success(), "the Yjs clients: {}", String::from_utf8_lossy(&out.stderr));
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(seen["seen"], serde_json::json!([3, 3, 3, 3]), "each saw the other three present");
    let text = seen["text"].as_str().unwrap();
    assert_eq!(text.matches('⟨').count(), 120, "{text}");
    assert_eq!(stored_text(&store, &doc).await, text, "the store holds what every client ended with");
}

/// Twenty clients type, ten on each server, and one server is killed (SIGKILL) in the middle: its clients
/// connect to the other, as a load balancer would send them, and type on. Every client ends with every word,
/// and the store holds that text: nothing a client was sent by the killed server is lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_while_twenty_type_loses_nothing() {
    use yrs::Text;
    let mut servers = Servers::start().await;
    let store = servers.store().await;
    let organiser = TestApp::browser(&servers.a, store.clone());
    let doc = draft_with_item(&organiser, "fault-token").await;
    let url = |base: &str| format!("{}/{doc}?token=fault-token", ws(base));
    let mut clients: Vec<yclient::YClient> =
        (0..20).map(|i| yclient::YClient::new(&url(if i < 10 { &servers.a } else { &servers.b }), 500 + i)).collect();
    for client in &mut clients {
        client.connect().await.unwrap();
    }
    const ROUNDS: usize = 12;
    for round in 0..ROUNDS {
        if round == 5 {
            servers.kill_b();
        }
        for (i, client) in clients.iter_mut().enumerate() {
            if round >= 5 && i >= 10 && !client.is_connected() {
                client.set_url(&url(&servers.a));
                client.connect().await.unwrap();
            }
            let text = client.item_texts()[0].clone();
            client.change(|txn| text.push(txn, &format!("⟨{i}.{round}⟩")));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let all = |text: &str| (0..20).all(|i| (0..ROUNDS).all(|round| text.contains(&format!("⟨{i}.{round}⟩"))));
    let texts = || clients.iter().map(|c| c.document().sections[2].items[0].text.clone()).collect::<Vec<_>>();
    let start = Instant::now();
    while !texts().iter().all(|t| all(t) && *t == texts()[0]) {
        assert!(start.elapsed() < Duration::from_secs(20), "the clients did not converge: {:?}", texts());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(stored_text(&store, &doc).await, texts()[0], "the store holds what every client ended with");
}

/// The draft leaves drafting through one server while a client types through the other. Typed at once, before
/// the other server has heard of the move, the words are refused by the store; typed a second later, that
/// server's room has heard of it and tells the client its edits do not land. Either way they are not stored and
/// reach nobody.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_through_another_server_stops_when_the_draft_leaves_drafting() {
    use app::server_fns::stages::ChangeStage;
    use yrs::Text;
    let servers = Servers::start().await;
    let store = servers.store().await;
    let cases = [("⟨сразу⟩", Duration::ZERO, "now"), ("⟨через секунду⟩", Duration::from_secs(1), "later")];
    for (late, pause, token) in cases {
        let organiser = TestApp::browser(&servers.a, store.clone());
        let doc = draft_with_item_as(&organiser, token, &format!("{token}@example.org")).await;
        let mut typist = yclient::YClient::new(&format!("{}/{doc}?token={token}", ws(&servers.b)), 901);
        typist.connect().await.unwrap();
        let text = typist.item_texts()[0].clone();
        typist.change(|txn| text.push(txn, " ⟨в срок⟩"));
        let start = Instant::now();
        while !stored_text(&store, &doc).await.contains("⟨в срок⟩") {
            assert!(start.elapsed() < Duration::from_secs(5), "what was typed in drafting was not stored");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let moved = organiser.call::<ChangeStage>(&[("id", &doc), ("to", "review"), ("confirm", "yes")]).await;
        assert_eq!(moved.status, 200, "{}", moved.body);
        tokio::time::sleep(pause).await;
        typist.change(|txn| text.push(txn, late));
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert!(!stored_text(&store, &doc).await.contains(late), "{late}: typed after the move, and stored");
        if !pause.is_zero() {
            assert!(typist.is_connected(), "{late}: the room stays open");
            assert!(typist.denied.load(std::sync::atomic::Ordering::SeqCst), "{late}: told its edits do not land");
        }
        let mut reader = yclient::YClient::new(&format!("{}/{doc}?token={token}", ws(&servers.a)), 902);
        reader.connect().await.unwrap();
        let read = reader.document().sections[2].items[0].text.clone();
        assert!(read.contains("⟨в срок⟩") && !read.contains(late), "{read}");
    }
}

/// A ballot with a deadline, three servers each running the deadline task: at the deadline it is closed once,
/// with one result, and the document decided once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deadline_with_three_servers_closes_the_ballot_once() {
    use app::server_fns::ballots::{CastVote, OpenBallot};
    use app::server_fns::stages::ChangeStage;
    let servers = Servers::start_n(3).await;
    let store = servers.store().await;
    let organiser = TestApp::browser(&servers.a, store.clone());
    let (event, doc) = helpers::event_with_draft(&organiser).await;
    for to in ["review", "voting"] {
        let moved = organiser.call::<ChangeStage>(&[("id", &doc), ("to", to), ("confirm", "yes")]).await;
        assert_eq!(moved.status, 200, "{}", moved.body);
    }
    let on_b = TestApp::browser(&servers.b, store.clone());
    let people = helpers::seeded_delegates_numbered(&on_b, &event, 0..3).await;
    let opened = organiser
        .call::<OpenBallot>(&[
            ("id", &doc),
            ("subject", "document"),
            ("quorum", "0"),
            ("majority", "of_cast"),
            ("minutes", "1"),
        ])
        .await;
    assert_eq!(opened.status, 200, "{}", opened.body);
    let ballot =
        store.inspect("SELECT VALUE record::id(id) FROM ballot").await.unwrap()[0].as_str().unwrap().to_string();
    for person in &people {
        assert_eq!(person.call::<CastVote>(&[("ballot", &ballot), ("choice", "for")]).await.status, 200);
    }
    let start = Instant::now();
    loop {
        let state = store.inspect(&format!("SELECT VALUE state FROM document:{doc}")).await.unwrap();
        if state[0] == "adopted" {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(100), "not decided at the deadline: {state:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let count = |sql: &str| {
        let store = store.clone();
        let sql = sql.to_string();
        async move { store.inspect(&sql).await.unwrap()[0]["n"].clone() }
    };
    assert_eq!(count("SELECT count() AS n FROM audit WHERE action = 'ballot_closed' GROUP ALL").await, 1);
    let row = &store.inspect(&format!("SELECT * FROM ballot:{ballot}")).await.unwrap()[0];
    assert_eq!(row["result"]["tally"]["in_favour"], 3, "{row}");
    let stages = count("SELECT count() AS n FROM audit WHERE action = 'stage' GROUP ALL").await;
    assert_eq!(stages, 3, "into review, into voting, and one decision");
}
