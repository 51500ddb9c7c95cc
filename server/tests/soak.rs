//! The crash campaign (issue 18): the `accord` binary on the on-disk engine is killed with SIGKILL at random
//! moments while delegates type in one draft, vote in a named and a secret ballot, and documents are imported;
//! it is restarted each time, and each time, before anybody reconnects, the store it reopens must read. The
//! server sends text on before storing it, so a kill may take back what it sent in its last milliseconds; the
//! clients hold it and give it back when they reconnect: at the end, once the server is stopped, everything it
//! ever sent any client must be in the store (the clients' own state vectors are the witness), every vote the server answered is on
//! the roll exactly once (in the secret ballot the box holds one choice per vote), every import it confirmed
//! reads back whole, every document's text decodes with nothing missing under it, and every typist's edits are
//! in the text.
//!
//! `make test` runs a short campaign; `make soak` a long one. SOAK_S (seconds of campaign), SOAK_TYPISTS,
//! SOAK_VOTERS and SOAK_SEED set it; the seed is printed.

use crate::helpers;
use crate::process;
use crate::yclient;

use accord_domain::ballot::Choice;
use leptos::server_fn::ServerFn;
use process::{accord, import};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use yclient::YClient;
use yrs::{ClientID, GetString, ReadTxn, Text, Transact};

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn serve(db: &str, port: u16) -> helpers::Running {
    let child = accord(db)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("ACCORD_ROOM_IDLE_SECS", "2")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    helpers::Running(child)
}

/// Starts the server and waits until it answers. A store this process has just closed may still be locked
/// for a moment (its tasks end after the handle is dropped): the server then exits, and is started again.
async fn start(db: &str, port: u16) -> helpers::Running {
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let mut server = serve(db, port);
    while reqwest::get(format!("{base}/api/v1/documents")).await.map(|r| r.status().as_u16()).ok() != Some(200) {
        assert!(started.elapsed() < Duration::from_secs(60), "the server did not start");
        if server.0.try_wait().unwrap().is_some() {
            server = serve(db, port);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server
}

/// A browser signed in by a session made in the store.
#[derive(Clone)]
struct Person {
    client: reqwest::Client,
    cookie: String,
}

impl Person {
    /// Posts a form to a server function; None when the server did not answer (it was killed meanwhile).
    /// The status and the body (a server function's answer is postcard: `read` reads it).
    async fn call<F: ServerFn>(&self, base: &str, form: &[(&str, &str)]) -> Option<(u16, Body)> {
        let sent = self.client.post(format!("{base}{}", F::PATH)).form(form).send().await.ok()?;
        let status = sent.status().as_u16();
        Some((status, Body(sent.bytes().await.ok()?.to_vec())))
    }
}

/// What a server function sent back.
struct Body(Vec<u8>);

impl Body {
    fn read<T: serde::de::DeserializeOwned>(&self) -> T {
        postcard::from_bytes(&self.0).unwrap_or_else(|e| panic!("not the answer expected ({e}): {self}"))
    }

    /// The refusal it holds, read as a page reads it (postcard), if it is one.
    fn refusal(&self) -> Option<app::error::AppError> {
        use leptos::server_fn::Decodes;
        app::error::RefusalEncoding::decode(self.0.clone().into()).ok()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Display for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.0))
    }
}

async fn person(
    store: &app::store::Store,
    base: &str,
    email: &str,
    events: &[&str],
    role: accord_domain::Role,
) -> Person {
    let user = store.create_user(email, email, "not-a-hash").await.unwrap();
    let profile = accord_domain::Profile {
        full_name: email.to_string(),
        organisation: String::new(),
        category: accord_domain::ParticipantCategory::Ngo,
        region: String::new(),
        speaker: false,
        discussion: false,
        public_name: false,
    };
    for event in events {
        store.add_member(&(*event).into(), &user, role, &profile).await.unwrap();
    }
    let token = format!("soak-{}", app::store::new_key());
    store.create_session(&user, &app::auth::token_hash(&token), None).await.unwrap();
    let cookie = format!("{}={token}", app::auth::SESSION_COOKIE);
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ORIGIN, base.parse().unwrap());
    headers.insert(reqwest::header::ACCEPT, "application/json".parse().unwrap());
    headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .default_headers(headers)
        .build()
        .unwrap();
    Person { client, cookie }
}

/// Whether clients may connect: false from just before a kill until the reopened store has been checked.
static UP: AtomicBool = AtomicBool::new(false);

fn up() -> bool {
    UP.load(Ordering::SeqCst)
}

/// One typist: edits its copy of the draft all the time, as a browser does, and is connected whenever it may.
async fn type_on(mut y: YClient, me: usize, seed: u64, stop: Arc<AtomicBool>, witness: Witness) -> YClient {
    let own = 5000 + me as u64;
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut n = 0;
    while !stop.load(Ordering::SeqCst) {
        if up() && !y.is_connected() {
            let _ = y.connect().await;
        } else if !up() && y.is_connected() {
            y.disconnect();
        }
        let texts = y.item_texts();
        if texts.is_empty() {
            // Not synced yet: nothing to type into.
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        }
        let text = &texts[rng.usize(..texts.len())];
        let marker = format!("⟨{me}:{n}⟩");
        n += 1;
        y.change(|txn| {
            let len = text.len(txn);
            text.insert(txn, len, &marker)
        });
        witness.lock().unwrap()[me] = received(&y, Some(own));
        // A word at a time, at about the pace people type: many more edits make every copy slow in a debug build.
        tokio::time::sleep(Duration::from_millis(rng.u64(300..1200))).await;
    }
    y
}

/// What each client last held of what the server sent it.
type Witness = Arc<Mutex<Vec<BTreeMap<ClientID, u32>>>>;

/// What the server has sent a client: its state vector, without its own edits (`own`, none for a reader).
fn received(y: &YClient, own: Option<u64>) -> BTreeMap<ClientID, u32> {
    let sv = y.doc.transact().state_vector();
    sv.iter().filter(|(client, _)| Some(**client) != own.map(ClientID::new)).map(|(c, clock)| (*c, *clock)).collect()
}

/// The highest clock of each client that the server has sent anybody so far, `witness` taken into `all`.
fn ever_sent(witness: &Witness, all: &mut BTreeMap<ClientID, u32>) -> BTreeMap<ClientID, u32> {
    for held in witness.lock().unwrap().iter() {
        for (client, clock) in held {
            let at = all.entry(*client).or_default();
            *at = (*at).max(*clock);
        }
    }
    all.clone()
}

/// A vote the server answered «принят».
#[derive(Clone, Debug)]
struct Acknowledged {
    ballot: String,
    voter: usize,
    choice: Choice,
}

#[derive(Default)]
struct Tally {
    kills: AtomicUsize,
    clocks_checked: AtomicUsize,
    /// Clock ticks a kill took from the store after they had been sent: given back by the clients later.
    clocks_taken_back: AtomicUsize,
    votes: Mutex<Vec<Acknowledged>>,
    imports: Mutex<Vec<String>>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_at_random_moments_the_server_loses_nothing_it_acknowledged() {
    let seconds = setting("SOAK_S", 30);
    let (typists, voters) = (setting("SOAK_TYPISTS", 100) as usize, setting("SOAK_VOTERS", 40) as usize);
    let seed = setting("SOAK_SEED", fastrand::u64(..));
    eprintln!("soak: {seconds} s, {typists} typists, {voters} voters, SOAK_SEED={seed}");
    let mut rng = fastrand::Rng::with_seed(seed);

    let dir = tempfile::tempdir().unwrap();
    let db = format!("surrealkv://{}", dir.path().join("store").display());
    let draft: String =
        server::demo::FIXTURE.lines().filter(|l| !l.starts_with("Голосовали")).collect::<Vec<_>>().join("\n");
    let file = dir.path().join("draft.md");
    std::fs::write(&file, &draft).unwrap();
    let (typing_event, typing_doc) = import(&db, &file);
    let (voting_event, voting_doc) = import(&db, &file);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let (organiser, typing_people, voting_people) = {
        let store = app::store::Store::connect(&db).await.unwrap();
        let organiser =
            person(&store, &base, "org@example.org", &[&voting_event, &typing_event], accord_domain::Role::Organiser)
                .await;
        let mut typing = Vec::new();
        for i in 0..typists {
            typing.push(
                person(&store, &base, &format!("t{i}@example.org"), &[&typing_event], accord_domain::Role::Delegate)
                    .await,
            );
        }
        let mut voting = Vec::new();
        for i in 0..voters {
            voting.push(
                person(&store, &base, &format!("v{i}@example.org"), &[&voting_event], accord_domain::Role::Delegate)
                    .await,
            );
        }
        (organiser, typing, voting)
    };

    let mut server = start(&db, port).await;
    UP.store(true, Ordering::SeqCst);
    use app::server_fns::ballots::{CastVote, GetBallots, OpenBallot};
    use app::server_fns::stages::ChangeStage;
    for to in ["review", "voting"] {
        let moved = organiser.call::<ChangeStage>(&base, &[("id", &voting_doc), ("to", to), ("confirm", "yes")]).await;
        assert_eq!(moved.unwrap().0, 200);
    }
    let doc: serde_json::Value = {
        let (_, body) =
            organiser.call::<app::server_fns::documents::GetDocument>(&base, &[("id", &voting_doc)]).await.unwrap();
        serde_json::to_value(body.read::<app::model::DocumentPage>()).unwrap()
    };
    let first_item = doc["row"]["document"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap().iter())
        .next()
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let base_form = [("id", voting_doc.as_str()), ("quorum", "0"), ("majority", "of_cast"), ("live", "on")];
    let named = [&base_form[..], &[("subject", "document")]].concat();
    let secret = [&base_form[..], &[("subject", "item"), ("item", first_item.as_str()), ("secret", "on")]].concat();
    for form in [&named, &secret] {
        let (status, body) = organiser.call::<OpenBallot>(&base, form).await.unwrap();
        assert_eq!(status, 200, "{body}");
    }
    let panel: app::model::BallotsPanel = {
        let (_, body) = organiser.call::<GetBallots>(&base, &[("id", &voting_doc)]).await.unwrap();
        body.read::<Option<app::model::BallotsPanel>>().unwrap()
    };
    let ballots: Vec<(String, bool)> = panel.ballots.iter().map(|b| (b.id.to_string(), b.rules.secret)).collect();
    assert_eq!(ballots.len(), 2);

    let tally = Arc::new(Tally::default());
    let stop = Arc::new(AtomicBool::new(false));
    let ws = format!("ws://127.0.0.1:{port}/ws/doc/{typing_doc}");
    let connect = |p: &Person, id: u64| YClient::new(&ws, id).header("Cookie", &p.cookie).header("Origin", &base);
    let witness: Witness = Arc::new(Mutex::new(vec![BTreeMap::new(); typists + 1]));
    let mut all_sent = BTreeMap::new();
    let typing_tasks: Vec<_> = typing_people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            tokio::spawn(type_on(connect(p, 5000 + i as u64), i, seed ^ i as u64, stop.clone(), witness.clone()))
        })
        .collect();
    // And a reader that never edits: all it holds, the server sent it.
    let reader_task = tokio::spawn({
        let (mut y, stop, witness) = (connect(&organiser, 4999), stop.clone(), witness.clone());
        async move {
            while !stop.load(Ordering::SeqCst) {
                if up() && !y.is_connected() {
                    let _ = y.connect().await;
                }
                witness.lock().unwrap()[typists] = received(&y, None);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    });
    // Each voter votes in both ballots at a random moment of the campaign, and again until answered.
    let voting_tasks: Vec<_> = voting_people
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let (ballots, base, tally) = (ballots.clone(), base.clone(), tally.clone());
            let mut rng = fastrand::Rng::with_seed(seed.wrapping_add(i as u64));
            let at = Duration::from_millis(rng.u64(0..seconds * 800));
            tokio::spawn(async move {
                tokio::time::sleep(at).await;
                for (ballot, _) in &ballots {
                    let choice = [Choice::For, Choice::Against, Choice::Abstain][rng.usize(..3)];
                    loop {
                        if up() {
                            let form = [("ballot", ballot.as_str()), ("choice", choice.code())];
                            match p.call::<CastVote>(&base, &form).await {
                                Some((200, _)) => {
                                    tally.votes.lock().unwrap().push(Acknowledged {
                                        ballot: ballot.clone(),
                                        voter: i,
                                        choice,
                                    });
                                    break;
                                }
                                // Recorded before a kill cut the answer off: the roll holds it, unacknowledged.
                                Some((_, body)) if body.refusal() == Some(app::error::AppError::AlreadyVoted) => break,
                                Some((status, body)) if status < 500 && !body.is_empty() => {
                                    panic!("voter {i}: {status} {:?} {body}", body.refusal())
                                }
                                _ => {}
                            }
                        }
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                }
            })
        })
        .collect();
    // The organiser imports the seminar's recommendations again and again.
    let import_task = tokio::spawn({
        let (organiser, base, tally, stop) = (organiser.clone(), base.clone(), tally.clone(), stop.clone());
        let source = server::demo::FIXTURE.to_string();
        async move {
            use app::server_fns::imports::{ConfirmImport, StageImport};
            while !stop.load(Ordering::SeqCst) {
                tokio::time::sleep(Duration::from_millis(300)).await;
                if !up() {
                    continue;
                }
                let form = reqwest::multipart::Form::new().text("text", source.clone());
                let staged = organiser
                    .client
                    .post(format!("{base}{}", StageImport::PATH))
                    .header(reqwest::header::ACCEPT, "text/html")
                    .multipart(form)
                    .send()
                    .await;
                let Some(pending) = staged.ok().and_then(|r| {
                    r.headers().get("location")?.to_str().ok()?.strip_prefix("/import/").map(str::to_string)
                }) else {
                    continue;
                };
                let confirmed = organiser
                    .client
                    .post(format!("{base}{}", ConfirmImport::PATH))
                    .header(reqwest::header::ACCEPT, "text/html")
                    .form(&[("id", pending.as_str())])
                    .send()
                    .await;
                if let Some(doc) = confirmed.ok().and_then(|r| {
                    r.headers().get("location")?.to_str().ok()?.strip_prefix("/documents/").map(str::to_string)
                }) {
                    tally.imports.lock().unwrap().push(doc);
                }
            }
        }
    });

    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(seconds) {
        tokio::time::sleep(Duration::from_millis(rng.u64(300..4000))).await;
        UP.store(false, Ordering::SeqCst);
        drop(server);
        tally.kills.fetch_add(1, Ordering::SeqCst);
        // One time in four, a kill during start-up too (opening the store, applying migrations).
        if rng.u8(..4) == 0 {
            let starting = serve(&db, port);
            tokio::time::sleep(Duration::from_millis(rng.u64(0..400))).await;
            drop(starting);
            tally.kills.fetch_add(1, Ordering::SeqCst);
        }
        let sent = ever_sent(&witness, &mut all_sent);
        server = start(&db, port).await;
        // Before anybody reconnects: a new client reads what the reopened store holds.
        let mut fresh = connect(&organiser, 4000 + tally.kills.load(Ordering::SeqCst) as u64);
        fresh.connect().await.unwrap();
        assert!(!fresh.item_texts().is_empty(), "the reopened draft reads (SOAK_SEED={seed})");
        let stored = received(&fresh, None);
        fresh.disconnect();
        let taken_back: u32 =
            sent.iter().map(|(c, clock)| clock.saturating_sub(stored.get(c).copied().unwrap_or(0))).sum();
        tally.clocks_taken_back.fetch_add(taken_back as usize, Ordering::SeqCst);
        UP.store(true, Ordering::SeqCst);
    }
    for task in voting_tasks {
        task.await.unwrap();
    }
    eprintln!("soak: kills over after {:.0} s; waiting for the typists", started.elapsed().as_secs_f64());
    stop.store(true, Ordering::SeqCst);
    import_task.await.unwrap();
    reader_task.await.unwrap();
    let mut ys = Vec::new();
    for task in typing_tasks {
        ys.push(task.await.unwrap());
    }
    // Everyone reconnects, as browsers do: every typist's edits reach the text.
    eprintln!("soak: the typists reconnect ({:.0} s)", started.elapsed().as_secs_f64());
    for y in &mut ys {
        while y.connect().await.is_err() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let texts = |y: &YClient| -> String { y.item_texts().iter().map(|t| t.get_string(&y.doc.transact())).collect() };
    // A marker set, not a search of the text for each marker: 50 typists for ten minutes type some 40 000.
    let markers = |text: &str| -> HashSet<String> {
        text.split('⟨').skip(1).filter_map(|m| m.split_once('⟩')).map(|(m, _)| m.to_string()).collect()
    };
    let typed: HashSet<String> = ys.iter().flat_map(|y| markers(&texts(y))).collect();
    eprintln!("soak: {} markers typed; checking them ({:.0} s)", typed.len(), started.elapsed().as_secs_f64());
    // And everything the server ever sent anybody, though a kill took some of it back before it was stored.
    let sent = ever_sent(&witness, &mut all_sent);
    tally.clocks_checked.fetch_add(sent.values().map(|c| *c as usize).sum(), Ordering::SeqCst);
    let start = Instant::now();
    loop {
        let mut reader = connect(&organiser, 3999);
        reader.connect().await.unwrap();
        let missing = typed.difference(&markers(&texts(&reader))).count();
        let stored = received(&reader, None);
        let unsent = sent.iter().filter(|(c, clock)| stored.get(c).copied().unwrap_or(0) < **clock).count();
        if missing == 0 && unsent == 0 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{missing} typed markers missing, {unsent} clients' text sent but not in the store (SOAK_SEED={seed})"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for y in &mut ys {
        y.disconnect();
    }
    let _ = Command::new("kill").arg("-TERM").arg(server.0.id().to_string()).status();
    server.0.wait().unwrap();

    let store = app::store::Store::connect(&db).await.unwrap();
    // The store itself, not a room, holds every typed marker and everything the server ever sent: a server that
    // is stopped stores what it had sent before it goes.
    {
        let (ydoc, _) = store.shared_text(&typing_doc.as_str().into()).await.unwrap().to_doc().unwrap();
        let roots = accord_domain::ydoc::Roots::of(&ydoc);
        let txn = ydoc.transact();
        let kept = txn.state_vector();
        let unstored = sent.iter().filter(|(c, clock)| kept.get(c) < **clock).count();
        assert_eq!(unstored, 0, "clients' text sent but not in the store (SOAK_SEED={seed})");
        let read = accord_domain::ydoc::read(&txn, &roots);
        let text: String = read.sections.iter().flat_map(|s| s.items.iter().map(|i| i.text.as_str())).collect();
        let missing = typed.difference(&markers(&text)).count();
        assert_eq!(missing, 0, "typed markers missing from the store (SOAK_SEED={seed})");
    }
    // Each acknowledged import reads back whole.
    let imports = tally.imports.lock().unwrap().clone();
    // Every acknowledged vote is on the roll exactly once; the secret box holds one choice per online vote.
    let votes = tally.votes.lock().unwrap().clone();
    let voter_rows = store
        .inspect("SELECT record::id(ballot) AS ballot, user.email AS email, via, choice FROM voter")
        .await
        .unwrap();
    let mut roll: HashMap<(String, String), Vec<serde_json::Value>> = HashMap::new();
    for row in voter_rows {
        let key = (row["ballot"].as_str().unwrap().to_string(), row["email"].as_str().unwrap().to_string());
        roll.entry(key).or_default().push(row);
    }
    for vote in &votes {
        let rows =
            roll.get(&(vote.ballot.clone(), format!("v{}@example.org", vote.voter))).cloned().unwrap_or_default();
        assert_eq!(rows.len(), 1, "{vote:?} is on the roll once (SOAK_SEED={seed})");
        let secret = ballots.iter().any(|(b, s)| *b == vote.ballot && *s);
        if !secret {
            assert_eq!(rows[0]["choice"].as_str(), Some(vote.choice.code()), "{vote:?}");
        }
    }
    assert!(roll.values().all(|rows| rows.len() == 1), "nobody is on a roll twice");
    for (ballot, secret) in &ballots {
        if *secret {
            let on_roll = roll.keys().filter(|(b, _)| b == ballot).count();
            let sql = format!("SELECT count() AS n FROM ballot_box WHERE ballot = ballot:`{ballot}` GROUP ALL");
            let boxed = store.inspect(&sql).await.unwrap().first().map(|r| r["n"].as_u64().unwrap()).unwrap_or(0);
            assert_eq!(boxed as usize, on_roll, "one choice in the box per voter on the roll");
        }
    }
    // No half-written document: every document's text decodes and reads, and each confirmed import exports
    // (to Markdown, in this process: a command per document took most of a long run's last minutes) back to
    // the text imported.
    let expected = accord_domain::import(server::demo::FIXTURE).document.without_ids();
    let confirmed: HashSet<&String> = imports.iter().collect();
    let documents = store.documents().await.unwrap();
    for d in &documents {
        let shared = store.shared_text(&d.id).await.unwrap();
        let (ydoc, _) = shared.to_doc().unwrap();
        assert!(!ydoc.transact().has_missing_updates(), "document {} holds all its text builds on", d.id);
        let roots = accord_domain::ydoc::Roots::of(&ydoc);
        let read = accord_domain::ydoc::read(&ydoc.transact(), &roots);
        assert!(!read.sections.is_empty(), "document {} reads", d.id);
        if confirmed.contains(&d.id.to_string()) {
            let back = accord_domain::import(&accord_domain::markdown::export(&read)).document.without_ids();
            assert_eq!(back, expected, "import {} is whole", d.id);
        }
    }
    let found = documents.iter().filter(|d| confirmed.contains(&d.id.to_string())).count();
    assert_eq!(found, confirmed.len(), "every confirmed import is in the store");
    eprintln!(
        "soak: {} kills; {} clocks of text sent to clients checked in the store at the end, lost 0 ({} taken back by kills before they were stored, given back by the clients); {} acknowledged votes checked, lost 0, counted twice 0; {} confirmed imports read back whole; {} documents read; {} typists' edits all present",
        tally.kills.load(Ordering::SeqCst),
        tally.clocks_checked.load(Ordering::SeqCst),
        tally.clocks_taken_back.load(Ordering::SeqCst),
        votes.len(),
        imports.len(),
        documents.len(),
        ys.len()
    );
    assert!(votes.len() >= voters, "most votes were acknowledged: {}", votes.len());
}
