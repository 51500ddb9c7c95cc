//! Hostile input, generated: frames of the co-drafting protocol, query strings of every page and API route, and
//! server-function bodies, sent to a running server. Nothing may answer 5xx or stop the server or a room; a
//! frame that does not read may close its own connection, and nothing else.
//!
//! Each campaign runs `FUZZ_CASES` cases (a short run by default, for `make test`, always from the same seed), or
//! for `FUZZ_S` seconds when that is set (`make fuzz FUZZ_S=600`, from the clock). `FUZZ_SEED` sets the seed; it
//! is printed first, so a failure is run again with the same seed. These are random campaigns with
//! structure-aware generators against the whole server; the parsers underneath are also fuzzed coverage-guided
//! (`cargo fuzz`, `app/domain/fuzz`), and the frame campaign starts with that fuzzer's corpus.

use crate::helpers;
use crate::yclient;

use helpers::{event_with_draft, session_cookie, spawn, TestApp};
use std::time::{Duration, Instant};
use yclient::YClient;
use yrs::updates::encoder::Encode;
use yrs::{Any, Map, Out, ReadTxn, Transact};

/// How long or how many cases a campaign runs, and its random source.
struct Campaign {
    rng: fastrand::Rng,
    seed: u64,
    cases: u64,
    until: Option<Instant>,
    done: u64,
}

impl Campaign {
    fn new(name: &str, default_cases: u64) -> Campaign {
        let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
        let until = var("FUZZ_S").map(|s| Instant::now() + Duration::from_secs(s));
        // The short run of `make test` always sends the same cases, so the suite passes or fails the same way
        // each time; a campaign (`make fuzz`) starts from the clock and explores.
        let seed = var("FUZZ_SEED").unwrap_or_else(|| match until {
            None => 20261201,
            Some(_) => {
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
            }
        });
        eprintln!("{name}: FUZZ_SEED={seed}");
        Campaign {
            rng: fastrand::Rng::with_seed(seed),
            seed,
            cases: var("FUZZ_CASES").unwrap_or(default_cases),
            until,
            done: 0,
        }
    }

    fn next(&mut self) -> bool {
        let more = match self.until {
            Some(until) => Instant::now() < until,
            None => self.done < self.cases,
        };
        self.done += more as u64;
        more
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.rng.usize(..from.len())]
    }

    /// A value as a hostile client writes one: empty, huge, numbers at the edges, control and non-ASCII
    /// characters, escapes, markup, paths.
    fn value(&mut self) -> String {
        let known = [
            "",
            "0",
            "-1",
            "1",
            "2026",
            "99999999999999999999",
            "NaN",
            "true",
            "null",
            "[]",
            "{}",
            "%",
            "%00",
            "%2F%2F",
            "/\\evil.example",
            "//evil.example",
            "javascript:alert(1)",
            "<script>",
            "' OR 1=1 --",
            "$(id)",
            "ёжик",
            "Министерству",
            "\u{202e}",
            "\u{0}",
            "\r\n",
            "../../etc/passwd",
            "event:⟨x⟩",
            "document:abc",
        ];
        match self.rng.u8(..4) {
            0 => self.pick(&known).to_string(),
            1 => (0..self.rng.usize(..40)).map(|_| self.rng.char(..)).collect(),
            2 => "я".repeat(self.rng.usize(..1200)),
            _ => format!("{}{}", self.pick(&known), self.rng.u64(..)),
        }
    }
}

const FORM: &str = "application/x-www-form-urlencoded";

/// A POST as an Accord page sends one (its Origin), with `body` as `content_type`.
async fn post_from_page(
    who: &TestApp,
    path: &str,
    content_type: &str,
    body: String,
) -> reqwest::Result<reqwest::Response> {
    who.client
        .post(format!("{}{path}", who.base))
        .header(reqwest::header::ORIGIN, &who.base)
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
}

fn encode_query(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", urlencoding(k), urlencoding(v))).collect::<Vec<_>>().join("&")
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Arbitrary frames on a draft's socket, as its editor: random bytes, messages of the protocol with random
/// bodies, and real updates with bytes flipped, cut or added. After them the room still serves: a proper client
/// syncs, edits, and another sees the edit; the page and the export still answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arbitrary_frames_close_at_most_their_connection() {
    let organiser = spawn().await;
    let (_, doc) = event_with_draft(&organiser).await;
    let cookie = session_cookie(&organiser.base, "anna@example.org").await;
    let url = format!("{}/ws/doc/{doc}", organiser.base.replace("http://", "ws://"));
    let client = |id: u64| YClient::new(&url, id).header("Cookie", &cookie).header("Origin", &organiser.base);

    // A real update to take apart: an edit of the first recommendation, made by a client that synced.
    let mut source = client(1);
    source.connect().await.unwrap();
    let real = {
        let roots = accord_domain::ydoc::Roots::of(&source.doc);
        let txn = source.doc.transact();
        let before = txn.state_vector();
        drop(txn);
        source.change(|txn| {
            roots.header.insert(txn, "fuzz", "правка");
        });
        let update = source.doc.transact().encode_state_as_update_v1(&before);
        yrs::sync::Message::Sync(yrs::sync::SyncMessage::Update(update)).encode_v1()
    };
    source.disconnect();

    // Someone else in the document all along: if a frame ended the room, their connection would end with it.
    let mut bystander = client(3);
    bystander.connect().await.unwrap();
    let mut campaign = Campaign::new("frames", 400);
    let mut fuzzer = client(2);
    let mut connections: u64 = 0;
    // First the frames the coverage-guided fuzzer kept (app/domain/fuzz/corpus/frame), the crashes it found
    // among them; then generated ones.
    let corpus_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../app/domain/fuzz/corpus/frame");
    let mut paths: Vec<_> = std::fs::read_dir(corpus_dir)
        .unwrap_or_else(|e| panic!("{corpus_dir}: {e}"))
        .map(|f| f.unwrap().path())
        .collect();
    paths.sort();
    let mut corpus: Vec<Vec<u8>> = paths.iter().rev().map(|p| std::fs::read(p).unwrap()).collect();
    let kept = corpus.len();
    while !corpus.is_empty() || campaign.next() {
        if !fuzzer.is_connected() {
            fuzzer = client(10 + connections);
            fuzzer
                .connect()
                .await
                .unwrap_or_else(|e| panic!("seed {}: the room refused a new connection: {e}", campaign.seed));
            connections += 1;
        }
        let rng = &mut campaign.rng;
        let frame: Vec<u8> = if let Some(kept) = corpus.pop() {
            kept
        } else {
            match rng.u8(..4) {
                0 => (0..rng.usize(..64)).map(|_| rng.u8(..)).collect(),
                1 => {
                    let mut f = vec![rng.u8(..4), rng.u8(..4)];
                    f.extend((0..rng.usize(..48)).map(|_| rng.u8(..)));
                    f
                }
                2 => {
                    let mut f = real.clone();
                    for _ in 0..rng.usize(1..4) {
                        let at = rng.usize(..f.len());
                        f[at] = rng.u8(..);
                    }
                    f
                }
                _ => {
                    let mut f = real[..rng.usize(..real.len())].to_vec();
                    f.extend((0..rng.usize(..8)).map(|_| rng.u8(..)));
                    f
                }
            }
        };
        fuzzer.send_raw(frame);
        if campaign.done > 0 && campaign.done.is_multiple_of(100) {
            tokio::time::sleep(Duration::from_millis(20)).await;
            let page = organiser.get(&format!("/documents/{doc}")).await;
            assert_eq!(page.status, 200, "seed {}: the document page after {} frames", campaign.seed, campaign.done);
        }
    }
    eprintln!("frames: {kept} from the corpus and {} generated, over {connections} connections", campaign.done);
    // A room that died drops its connections a moment later: the bystander must stay for a second.
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let seed = campaign.seed;
        assert!(bystander.is_connected(), "seed {seed}: a frame ended the room (the bystander was disconnected)");
    }

    // The room still serves: one proper client edits, another sees it.
    let mut writer = client(900_001);
    writer.connect().await.unwrap_or_else(|e| panic!("seed {}: the room after the campaign: {e}", campaign.seed));
    let mut reader = client(900_002);
    reader.connect().await.unwrap();
    let roots = accord_domain::ydoc::Roots::of(&writer.doc);
    writer.change(|txn| {
        roots.header.insert(txn, "after", "жив");
    });
    helpers::eventually("the edit after the campaign reaching another client", || {
        let roots = accord_domain::ydoc::Roots::of(&reader.doc);
        let txn = reader.doc.transact();
        matches!(roots.header.get(&txn, "after"), Some(Out::Any(Any::String(s))) if &*s == "жив")
    })
    .await;
    for path in
        [format!("/documents/{doc}"), format!("/documents/{doc}/export.md"), format!("/documents/{doc}/history")]
    {
        let answer = organiser.get(&path).await;
        assert_eq!(answer.status, 200, "seed {}: {path} after the campaign", campaign.seed);
    }
}

/// Every page, file and API route with generated query strings (known names with hostile values, unknown
/// names, repeated names), for a visitor and for the organiser: never a 5xx.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_query_strings_never_get_a_server_error() {
    let organiser = spawn().await;
    let (event, doc) = event_with_draft(&organiser).await;
    let visitor = organiser.another_browser();
    let routes = [
        "/".to_string(),
        "/registry".into(),
        "/signin".into(),
        "/signup".into(),
        "/import".into(),
        "/events/new".into(),
        "/account".into(),
        "/lang/en".into(),
        "/lang/ru".into(),
        format!("/events/{event}"),
        format!("/documents/{doc}"),
        format!("/documents/{doc}/edit"),
        format!("/documents/{doc}/history"),
        format!("/documents/{doc}/summary"),
        format!("/documents/{doc}/export.md"),
        format!("/documents/{doc}/export.json"),
        format!("/documents/{doc}/ballots.csv"),
        format!("/documents/{doc}/summary.csv"),
        format!("/documents/{doc}/versions/1"),
        "/api/v1/documents".into(),
        format!("/api/v1/documents/{doc}"),
        "/api/v1/recommendations".into(),
        "/api/v1/openapi.json".into(),
    ];
    let names = [
        "page",
        "per_page",
        "q",
        "year",
        "region",
        "addressee",
        "to",
        "next",
        "from",
        "invitation",
        "status",
        "token",
        "format",
        "lang",
        "id",
        "x",
    ];
    let mut campaign = Campaign::new("query strings", 300);
    while campaign.next() {
        let route = routes[campaign.rng.usize(..routes.len())].clone();
        let pairs: Vec<(String, String)> = (0..campaign.rng.usize(..4))
            .map(|_| {
                let name = if campaign.rng.u8(..8) == 0 { campaign.value() } else { campaign.pick(&names).to_string() };
                (name, campaign.value())
            })
            .collect();
        let path = format!("{route}?{}", encode_query(&pairs));
        let who = if campaign.rng.bool() { &organiser } else { &visitor };
        let answer = who.get(&path).await;
        assert!(answer.status < 500, "seed {}: {path} answered {}: {}", campaign.seed, answer.status, answer.body);
    }
    eprintln!("query strings: {} sent", campaign.done);
}

/// Every server function with generated form bodies (its own field names and others, hostile values, fields
/// missing), from an Accord page, as the organiser and as a visitor: a refusal, never a 5xx.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_server_function_bodies_get_a_refusal_not_a_server_error() {
    let organiser = spawn().await;
    let (event, doc) = event_with_draft(&organiser).await;
    let visitor = organiser.another_browser();
    let paths: Vec<&'static str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .filter(|path| !path.contains("sign_out") && !path.contains("signout"))
        .collect();
    assert!(paths.len() > 30, "the server functions are listed: {paths:?}");
    let names = [
        "id",
        "revision",
        "event",
        "document",
        "document_id",
        "item",
        "section",
        "text",
        "addressee",
        "op",
        "kind",
        "title",
        "starts_on",
        "ends_on",
        "city",
        "place",
        "email",
        "name",
        "password",
        "role",
        "comment",
        "body",
        "quote",
        "start",
        "amendment",
        "accept",
        "reason",
        "ballot",
        "choice",
        "secret",
        "quorum",
        "minutes",
        "next",
        "confirm",
        "to",
        "token",
        "invitation",
        "full_name",
        "subject",
    ];
    let mut campaign = Campaign::new("server function bodies", 300);
    while campaign.next() {
        let path = paths[campaign.rng.usize(..paths.len())];
        let mut form: Vec<(String, String)> = (0..campaign.rng.usize(..6))
            .map(|_| {
                let name = campaign.pick(&names).to_string();
                let value = match campaign.rng.u8(..4) {
                    0 => doc.clone(),
                    1 => event.clone(),
                    _ => campaign.value(),
                };
                (name, value)
            })
            .collect();
        if campaign.rng.u8(..4) == 0 {
            form.push(("id".into(), doc.clone()));
        }
        let who: &TestApp = if campaign.rng.bool() { &organiser } else { &visitor };
        let answer = post_from_page(who, path, FORM, encode_query(&form)).await.expect("the server answers");
        let status = answer.status().as_u16();
        let body = answer.text().await.unwrap_or_default();
        assert!(status < 500, "seed {}: {path} with {form:?} answered {status}: {body}", campaign.seed);
    }
    eprintln!("server function bodies: {} sent", campaign.done);
}

/// What the campaigns found, kept as fixed cases: a server function with a field missing answered 500 (now 400,
/// «форма не прочитана»), and the upload function sent a form that is not multipart dropped the connection
/// (its reader panicked; now 415).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_campaigns_found_stays_fixed() {
    use leptos::server_fn::ServerFn;
    let organiser = spawn().await;
    let post = |path: &'static str, content_type: &'static str, body: &'static str| {
        post_from_page(&organiser, path, content_type, body.to_string())
    };
    let form = FORM;
    let answer = post(<app::server_fns::members::CreateInvitation as ServerFn>::PATH, form, "title=x").await.unwrap();
    assert_eq!(answer.status(), 400);
    let refusal: Result<app::error::AppError, _> =
        <app::error::RefusalEncoding as leptos::server_fn::Decodes<_>>::decode(answer.bytes().await.unwrap());
    assert!(matches!(refusal, Ok(app::error::AppError::Malformed(_))), "{refusal:?}");
    let upload = <app::server_fns::imports::StageImport as ServerFn>::PATH;
    for content_type in [form, "multipart/form-data", "text/plain", "multipart/mixed; boundary=x"] {
        let answer = post(upload, content_type, "file=x").await.expect("an answer, not a dropped connection");
        assert_eq!(answer.status(), 415, "{content_type}");
        let refusal: Result<app::error::AppError, _> =
            <app::error::RefusalEncoding as leptos::server_fn::Decodes<_>>::decode(answer.bytes().await.unwrap());
        assert!(matches!(refusal, Ok(app::error::AppError::Malformed(_))), "{content_type}: {refusal:?}");
    }
}
