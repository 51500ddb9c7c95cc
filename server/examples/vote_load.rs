//! Votes at once (issue 6): N delegates press «За» at the same moment, each over its own HTTP connection,
//! against Accord on the on-disk engine; beside it, in the same run, the same N clients make an
//! authenticated read with one store query (the frozen version's text), as a baseline of what the
//! server and this machine do without a write. The server runs in this process on its own runtime
//! threads; the clients share the machine's two cores with it.
//!
//! cargo run --release -p server --example vote_load -- [voters ...] (default: 500 2000)
//!
//! With `VOTE_DB=ws://host:port` (a SurrealDB server whose root password is `root`), two Accord servers run on
//! it, in this process, each with its own connection and rooms, ballots and gates: delegate `i` votes through
//! server `i % 2`, the organiser opens and closes through the first (`make bench-cluster`).

use app::server_fns::ballots::{CastVote, GetBallots, OpenBallot};
use app::server_fns::events::StartDraft;
use app::server_fns::stages::ChangeStage;
use leptos::server_fn::ServerFn;
use server::application::Application;
use server::config::Config;
use std::sync::Arc;
use std::time::{Duration, Instant};

const ROUNDS: usize = 3;
/// How the votes arrive: all in the same instant, and spread over five seconds.
const SPREADS: [Duration; 2] = [Duration::ZERO, Duration::from_secs(5)];

struct Person {
    client: reqwest::Client,
    /// The server this person's requests go to.
    base: String,
}

fn client(base: &str, token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ORIGIN, base.parse().unwrap());
    headers.insert(reqwest::header::ACCEPT, "application/json".parse().unwrap());
    headers.insert(reqwest::header::COOKIE, format!("{}={token}", app::auth::SESSION_COOKIE).parse().unwrap());
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .pool_max_idle_per_host(1)
        .build()
        .unwrap()
}

async fn post(c: &reqwest::Client, base: &str, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let r = c.post(format!("{base}{path}")).form(form).send().await.expect("the server answers");
    (r.status().as_u16(), r.text().await.unwrap_or_default())
}

async fn person(
    store: &app::store::Store,
    base: &str,
    event: &str,
    i: usize,
    role: accord_domain::Role,
) -> (String, Person) {
    let name = format!("Участник {i:05}");
    // Unique across runs on one database server.
    let email = format!("v{i}-{event}@example.org");
    let user = store.create_user(&email, &name, "not-a-hash").await.unwrap();
    let profile = accord_domain::Profile {
        full_name: name,
        organisation: String::new(),
        category: accord_domain::ParticipantCategory::ALL[i % 8],
        region: String::new(),
        speaker: false,
        discussion: false,
        public_name: false,
    };
    store.add_member(&event.into(), &user, role, &profile).await.unwrap();
    let token = format!("bench-{i}-{}", app::store::new_key());
    store.create_session(&user, &app::auth::token_hash(&token), None).await.unwrap();
    (user.to_string(), Person { client: client(base, &token), base: base.to_string() })
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// What one burst measured: requests per second over the whole burst, latency percentiles, failures.
#[derive(Clone, Copy, Debug)]
struct Burst {
    per_second: f64,
    p50: f64,
    p99: f64,
    failed: usize,
}

/// Everyone starts at once (`spread` zero), or each at their own moment spread evenly over `spread`, as a
/// room of people pressing the button within a few seconds does. Latency is from each one's own start.
async fn burst<F, Fut>(people: &[Arc<Person>], spread: Duration, one: F) -> Burst
where
    F: Fn(Arc<Person>) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let gate = Arc::new(tokio::sync::Barrier::new(people.len() + 1));
    let n = people.len();
    let tasks: Vec<_> = people
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, p)| {
            let (gate, one) = (gate.clone(), one.clone());
            // A fixed permutation of the slots, so neighbours in the list do not start together.
            let offset = spread.mul_f64(((i * 7919) % n) as f64 / n as f64);
            tokio::spawn(async move {
                gate.wait().await;
                tokio::time::sleep(offset).await;
                let start = Instant::now();
                let ok = one(p).await;
                (start.elapsed().as_secs_f64() * 1000.0, ok)
            })
        })
        .collect();
    gate.wait().await;
    let start = Instant::now();
    let mut times = Vec::with_capacity(tasks.len());
    let mut failed = 0;
    for t in tasks {
        let (ms, ok) = t.await.unwrap();
        times.push(ms);
        failed += usize::from(!ok);
    }
    let wall = start.elapsed().as_secs_f64();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    Burst {
        per_second: people.len() as f64 / wall,
        p50: percentile(&times, 0.5),
        p99: percentile(&times, 0.99),
        failed,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![500, 2000] } else { sizes };
    let server_rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let clients_rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    println!(
        "| delegates | arrival | votes/s (median of {ROUNDS}) | vote p50 ms | vote p99 ms | read/s | read p50 ms | read p99 ms | vote p99 / read p99 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let shared = std::env::var("VOTE_DB").ok().filter(|db| !db.is_empty());
    for n in sizes {
        let dir = tempfile::tempdir()?;
        let mut config = Config::for_tests();
        match &shared {
            Some(db) => {
                config.db = db.clone();
                config.db_login = Some(("root".into(), "root".into()));
            }
            None => config.db = format!("surrealkv://{}", dir.path().join("store").display()),
        }
        let app = server_rt.block_on(Application::build(config.clone()))?;
        let base = format!("http://127.0.0.1:{}", app.port());
        let store = app.store();
        server_rt.spawn(app.run_until_stopped());
        let mut bases = vec![base.clone()];
        if shared.is_some() {
            let second = server_rt.block_on(Application::build(config))?;
            bases.push(format!("http://127.0.0.1:{}", second.port()));
            server_rt.spawn(second.run_until_stopped());
        }
        let rows = clients_rt.block_on(async {
            let event = store
                .create_event(
                    &accord_domain::Event {
                        kind: accord_domain::EventKind::PublicHearing,
                        title: "Нагрузочные слушания".into(),
                        starts_on: accord_domain::Date::new(2026, 12, 1).unwrap(),
                        ends_on: None,
                        city: "Благовещенск".into(),
                        organiser: String::new(),
                        description: String::new(),
                    },
                    None,
                )
                .await
                .unwrap();
            let (_, organiser) = person(&store, &base, &event, 0, accord_domain::Role::Organiser).await;
            post(&organiser.client, &base, StartDraft::PATH, &[("event_id", &event)]).await;
            let doc = store.documents_of(&event).await.unwrap()[0].id.clone();
            for to in ["review", "voting"] {
                let (status, body) =
                    post(&organiser.client, &base, ChangeStage::PATH, &[("id", &doc), ("to", to), ("confirm", "yes")])
                        .await;
                assert_eq!(status, 200, "{body}");
            }
            let mut people = Vec::with_capacity(n);
            for i in 1..=n {
                let through = &bases[i % bases.len()];
                people.push(Arc::new(person(&store, through, &event, i, accord_domain::Role::Delegate).await.1));
            }
            // The delegates have the document open: their connections exist before they vote.
            let warm = format!("/documents/{doc}/versions/1");
            burst(&people, Duration::ZERO, move |p: Arc<Person>| {
                let url = format!("{}{warm}", p.base);
                async move { p.client.get(url).send().await.is_ok() }
            })
            .await;
            let mut rows = Vec::new();
            for (spread, round) in SPREADS.iter().flat_map(|s| (0..ROUNDS).map(move |r| (*s, r))) {
                let opening = [
                    ("id", doc.as_str()),
                    ("subject", "document"),
                    ("quorum", "100"),
                    ("majority", "of_cast"),
                    ("live", "on"),
                ];
                let (status, body) = post(&organiser.client, &base, OpenBallot::PATH, &opening).await;
                assert_eq!(status, 200, "{body}");
                let (_, panel) = post(&organiser.client, &base, GetBallots::PATH, &[("id", &doc)]).await;
                let panel: Option<app::model::BallotsPanel> = serde_json::from_str(&panel)?;
                let ballot = panel.unwrap().ballots.into_iter().find(|b| b.open).unwrap().id;
                let ballot_v = ballot.clone();
                let votes = burst(&people, spread, move |p: Arc<Person>| {
                    let ballot = ballot_v.clone();
                    async move {
                        post(&p.client, &p.base, CastVote::PATH, &[("ballot", &ballot), ("choice", "for")]).await.0
                            == 200
                    }
                })
                .await;
                let counted = store.voters(&ballot).await.unwrap().len();
                assert_eq!(counted, n, "every vote counted once");
                // Quorum 100 % with the organiser not voting: the close records no quorum and the document
                // stays in voting for the next round.
                let (status, body) =
                    post(&organiser.client, &base, app::server_fns::ballots::CloseBallot::PATH, &[("ballot", &ballot)])
                        .await;
                assert_eq!(status, 200, "{body}");
                let doc_r = doc.clone();
                let reads = burst(&people, spread, move |p: Arc<Person>| {
                    let url = format!("{}/documents/{}/versions/1", p.base, doc_r);
                    async move { p.client.get(url).send().await.map(|r| r.status().is_success()).unwrap_or(false) }
                })
                .await;
                eprintln!("n={n} spread {spread:?} round {round}: votes {votes:?}, reads {reads:?}");
                rows.push((spread, votes, reads));
            }
            Ok::<_, anyhow::Error>(rows)
        })?;
        for spread in SPREADS {
            let of: Vec<(Burst, Burst)> = rows.iter().filter(|r| r.0 == spread).map(|r| (r.1, r.2)).collect();
            let col = |f: fn(&(Burst, Burst)) -> f64| median(of.iter().map(f).collect());
            let failures: usize = of.iter().map(|(v, r)| v.failed + r.failed).sum();
            let arrival =
                if spread.is_zero() { "same instant".to_string() } else { format!("over {} s", spread.as_secs()) };
            println!(
                "| {n} | {arrival} | {:.0} | {:.1} | {:.1} | {:.0} | {:.1} | {:.1} | {:.2} |{}",
                col(|r| r.0.per_second),
                col(|r| r.0.p50),
                col(|r| r.0.p99),
                col(|r| r.1.per_second),
                col(|r| r.1.p50),
                col(|r| r.1.p99),
                col(|r| r.0.p99) / col(|r| r.1.p99),
                if failures > 0 { format!(" {failures} failed") } else { String::new() }
            );
        }
        drop(dir);
    }
    server_rt.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}
