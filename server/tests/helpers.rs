//! Starts the real server on an ephemeral port over a fresh `mem://` store.
// Each test file uses a part of these helpers.
#![allow(dead_code)]

use leptos::server_fn::ServerFn;
use reqwest::header::{ACCEPT, LOCATION};
use reqwest::redirect::Policy;
use server::application::Application;
use server::config::Config;

/// One browser: its own cookie jar, sending the Origin a page of the site would.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    /// The server's store, for arranging what no page can (an invitation already expired).
    pub store: app::store::Store,
}

/// Opening two embedded stores at the same moment in one process was seen to hang now and then (about one
/// run in five on 2 cores); tests open theirs one at a time.
pub static OPENING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// No request of a test waits longer: a server that stops answering fails the test with the request's URL
/// instead of holding the whole run until CI's limit.
pub const REQUEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

pub async fn spawn() -> TestApp {
    spawn_with(Config::for_tests()).await
}

pub async fn spawn_with(config: Config) -> TestApp {
    let app = {
        let _one_at_a_time = OPENING.lock().await;
        tokio::time::timeout(std::time::Duration::from_secs(60), Application::build(config))
            .await
            .expect("the application builds within a minute")
            .expect("the application builds")
    };
    let base = format!("http://127.0.0.1:{}", app.port());
    let store = app.store();
    tokio::spawn(app.run_until_stopped());
    TestApp::browser(&base, store)
}

impl TestApp {
    pub fn browser(base: &str, store: app::store::Store) -> TestApp {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::ORIGIN, base.parse().unwrap());
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .timeout(REQUEST_LIMIT)
            .cookie_store(true)
            .default_headers(headers)
            .build()
            .unwrap();
        TestApp { base: base.to_string(), client, store }
    }

    /// Another browser on the same server, signed out.
    pub fn another_browser(&self) -> TestApp {
        TestApp::browser(&self.base, self.store.clone())
    }

    /// Signs up (and so in) with a fresh account.
    pub async fn sign_up(&self, name: &str, email: &str) {
        let answer = self
            .call::<app::server_fns::accounts::SignUp>(&[
                ("name", name),
                ("email", email),
                ("password", PASSWORD),
                ("next", "/"),
            ])
            .await;
        assert_eq!(answer.status, 200, "sign-up failed: {}", answer.body);
    }
}

pub const PASSWORD: &str = "пароль-для-тестов";

/// What a server function answered.
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    /// The body as text, for messages (a server function's answer is postcard: see `read`).
    pub body: String,
    pub bytes: Vec<u8>,
    /// For an answer of `TestApp::call`: its server function's answer as JSON, for tests that look into it by name.
    as_json: Option<AsJson>,
}

/// Reads a server function's answer and writes it as JSON.
type AsJson = fn(&[u8]) -> Result<serde_json::Value, String>;

impl Answer {
    /// The answer as a value of type `T`, read as the browser reads it (postcard, `app::server_fns::Answer`).
    pub fn read<T: serde::de::DeserializeOwned>(&self) -> T {
        postcard::from_bytes(&self.bytes)
            .unwrap_or_else(|e| panic!("not the answer expected ({e}): {} {}", self.status, self.body))
    }

    /// A refusal, read as the browser reads it (`app::error::RefusalEncoding`).
    pub fn error(&self) -> app::error::AppError {
        use leptos::server_fn::Decodes;
        app::error::RefusalEncoding::decode(self.bytes.clone().into())
            .unwrap_or_else(|_| panic!("not an AppError: {} {}", self.status, self.body))
    }
}

/// Reads `bytes` as `F`'s answer and writes it as JSON.
fn answer_as_json<F: ServerFn>(bytes: &[u8]) -> Result<serde_json::Value, String>
where
    F::Output: serde::Serialize + serde::de::DeserializeOwned,
{
    let value: F::Output = postcard::from_bytes(bytes).map_err(|e| e.to_string())?;
    serde_json::to_value(value).map_err(|e| e.to_string())
}

impl TestApp {
    /// Posts a form to a server function as the browser's fetch does (no redirect).
    pub async fn call<F: ServerFn>(&self, form: &[(&str, &str)]) -> Answer
    where
        F::Output: serde::Serialize + serde::de::DeserializeOwned,
    {
        let mut answer = self.post(F::PATH, form, "application/json").await;
        answer.as_json = Some(answer_as_json::<F>);
        answer
    }

    /// Calls a server function whose arguments travel as postcard (`input = Postcard`), as the browser does.
    pub async fn call_postcard<F: ServerFn + serde::Serialize>(&self, args: &F) -> Answer {
        let response = self
            .client
            .post(format!("{}{}", self.base, F::PATH))
            .header(reqwest::header::CONTENT_TYPE, "application/x-postcard")
            .header(ACCEPT, "application/x-postcard")
            .header(reqwest::header::REFERER, format!("{}/", self.base))
            .body(postcard::to_allocvec(args).expect("the arguments are written"))
            .send()
            .await
            .expect("the server answers");
        answer(response).await
    }

    /// Posts a form as a browser without JavaScript does (HTML accepted, redirects), from the home page.
    pub async fn submit<F: ServerFn>(&self, form: &[(&str, &str)]) -> Answer {
        self.submit_from::<F>("/", form).await
    }

    pub async fn submit_from<F: ServerFn>(&self, page: &str, form: &[(&str, &str)]) -> Answer {
        self.post_from(F::PATH, page, form, "text/html").await
    }

    async fn post(&self, path: &str, form: &[(&str, &str)], accept: &str) -> Answer {
        self.post_from(path, "/", form, accept).await
    }

    async fn post_from(&self, path: &str, page: &str, form: &[(&str, &str)], accept: &str) -> Answer {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(ACCEPT, accept)
            .header(reqwest::header::REFERER, format!("{}{page}", self.base))
            .form(form)
            .send()
            .await
            .expect("the server answers");
        answer(response).await
    }

    pub async fn multipart<F: ServerFn>(&self, form: reqwest::multipart::Form) -> Answer {
        self.multipart_accepting::<F>(form, "text/html").await
    }

    pub async fn multipart_accepting<F: ServerFn>(&self, form: reqwest::multipart::Form, accept: &str) -> Answer {
        let response = self
            .client
            .post(format!("{}{}", self.base, F::PATH))
            .header(ACCEPT, accept)
            .header(reqwest::header::REFERER, format!("{}/import", self.base))
            .multipart(form)
            .send()
            .await
            .expect("the server answers");
        answer(response).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        let response = self.client.get(format!("{}{path}", self.base)).send().await.expect("the server answers");
        answer(response).await
    }
}

async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let location = response.headers().get(LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string);
    let bytes = response.bytes().await.expect("the server sends the whole answer").to_vec();
    Answer { status, location, body: String::from_utf8_lossy(&bytes).into_owned(), bytes, as_json: None }
}

pub const FIXTURE: &str = server::demo::FIXTURE;

/// Signs `organiser` up, creates an event and starts its draft; returns the event's and the document's ids.
pub async fn event_with_draft(organiser: &TestApp) -> (String, String) {
    event_with_draft_as(organiser, "Анна Организатор", "anna@example.org").await
}

pub async fn event_with_draft_as(organiser: &TestApp, name: &str, email: &str) -> (String, String) {
    use app::server_fns::events::{CreateEvent, StartDraft};
    organiser.sign_up(name, email).await;
    let created = organiser
        .submit::<CreateEvent>(&[
            ("kind", "seminar"),
            ("title", "Семинар"),
            ("starts_on", "2026-06-01"),
            ("ends_on", ""),
            ("city", "Зея"),
            ("organiser", ""),
            ("description", ""),
        ])
        .await;
    let event = created.location.unwrap().trim_start_matches("/events/").to_string();
    let started = organiser.submit::<StartDraft>(&[("event_id", &event)]).await;
    let doc = started.location.unwrap().trim_start_matches("/documents/").trim_end_matches("/edit").to_string();
    (event, doc)
}

/// Another browser that signs up as `name` and joins `event` with `role` through an invitation link.
pub async fn join_as(organiser: &TestApp, event: &str, role: &str, name: &str, email: &str) -> TestApp {
    use app::server_fns::members::{CreateInvitation, JoinEvent};
    let answer = organiser.submit::<CreateInvitation>(&[("event_id", event), ("role", role), ("days", "1")]).await;
    let token = answer.location.unwrap().split("invitation=").nth(1).unwrap().to_string();
    let person = organiser.another_browser();
    person.sign_up(name, email).await;
    let joined = person
        .call::<JoinEvent>(&[
            ("token", &token),
            ("full_name", name),
            ("organisation", ""),
            ("category", "ngo"),
            ("region", ""),
        ])
        .await;
    assert_eq!(joined.status, 200, "{}", joined.body);
    person
}

/// `n` delegates of `event` made directly in the store (no password hashing, so hundreds take a moment),
/// each a browser signed in by its own session cookie.
pub async fn seeded_delegates(app: &TestApp, event: &str, n: usize) -> Vec<TestApp> {
    seeded_delegates_numbered(app, event, 0..n).await
}

/// Delegates as `seeded_delegates` makes them, numbered from `numbers` (`d{i}@example.org`), so that several
/// calls make different people.
pub async fn seeded_delegates_numbered(app: &TestApp, event: &str, numbers: std::ops::Range<usize>) -> Vec<TestApp> {
    let mut people = Vec::with_capacity(numbers.len());
    for i in numbers {
        let name = format!("Делегат {i:04}");
        let user = app.store.create_user(&format!("d{i}@example.org"), &name, "not-a-hash").await.unwrap();
        let profile = accord_domain::Profile {
            full_name: name,
            organisation: String::new(),
            category: if i % 2 == 0 {
                accord_domain::ParticipantCategory::Ngo
            } else {
                accord_domain::ParticipantCategory::MunicipalAuthority
            },
            region: String::new(),
            speaker: false,
            discussion: false,
            public_name: false,
        };
        app.store.add_member(&event.into(), &user, accord_domain::Role::Delegate, &profile).await.unwrap();
        let token = format!("seeded-session-{i}-{}", app::store::new_key());
        app.store.create_session(&user, &app::auth::token_hash(&token), None).await.unwrap();
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::ORIGIN, app.base.parse().unwrap());
        headers.insert(reqwest::header::COOKIE, format!("{}={token}", app::auth::SESSION_COOKIE).parse().unwrap());
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .timeout(REQUEST_LIMIT)
            .default_headers(headers)
            .build()
            .unwrap();
        people.push(TestApp { base: app.base.clone(), client, store: app.store.clone() });
    }
    people
}

/// The session cookie (`name=value`) of an account signed in on the server at `base`.
pub async fn session_cookie(base: &str, email: &str) -> String {
    use leptos::server_fn::ServerFn;
    let response = reqwest::Client::new()
        .post(format!("{base}{}", app::server_fns::accounts::SignIn::PATH))
        .timeout(REQUEST_LIMIT)
        .header("Origin", base)
        .header("Accept", "application/json")
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let set = response.headers()["set-cookie"].to_str().unwrap();
    set.split(';').next().unwrap().to_string()
}

/// Waits up to 6 s for `check` to hold (a change that reaches another client or the store a moment later).
pub async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..300 {
        if check() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{what} did not happen within 6 s");
}

/// What a page's event stream (`/documents/{id}/events`) sends until a message holding `wanted`, within
/// `within` (panics after it): other news may come first, as typing in a draft, announced a moment later
/// (`data: text`).
pub async fn heard_until(
    events: &mut (impl futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    wanted: &str,
    within: std::time::Duration,
) -> Vec<String> {
    use futures_util::StreamExt;
    let heard = async {
        let mut heard = Vec::new();
        while let Some(chunk) = events.next().await {
            let chunk = String::from_utf8_lossy(&chunk.unwrap()).into_owned();
            let done = chunk.contains(wanted);
            heard.push(chunk);
            if done {
                return heard;
            }
        }
        panic!("the stream ended before «{wanted}»: {heard:?}");
    };
    tokio::time::timeout(within, heard).await.unwrap_or_else(|_| panic!("no «{wanted}» within {within:?}"))
}

/// A server function's answer (of `TestApp::call`) as JSON, as its type writes itself there.
pub fn json(answer: &Answer) -> serde_json::Value {
    let as_json = answer.as_json.expect("an answer of `TestApp::call`");
    as_json(&answer.bytes)
        .unwrap_or_else(|e| panic!("not the answer expected ({e}): {} {}", answer.status, answer.body))
}

/// The document as readers see it, in a document page's JSON (`DocumentPage::reading`: absent when it is the
/// stored text).
pub fn reading(page: &serde_json::Value) -> &serde_json::Value {
    if page["reading"].is_null() {
        &page["row"]["document"]
    } else {
        &page["reading"]
    }
}

/// A child process (a server the test started) that is killed when dropped, so that a failing test leaves no
/// server behind.
pub struct Running(pub std::process::Child);

/// The `accord` binary on the database server `database_server` started on `db_port`, listening on `port`.
pub fn accord_on(db_port: u16, port: u16) -> Running {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
        .env("ACCORD_DB", format!("ws://127.0.0.1:{db_port}"))
        .env("ACCORD_DB_USER", "root")
        .env("ACCORD_DB_PASS", "root")
        .env("ACCORD_DEMO", "0")
        .env("ACCORD_LOG", "error")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    Running(child)
}

/// The SurrealDB server `accord-surreal` (installed by `make test-tools`) on `port`, storing in `dir`, with
/// root's password `root`; answers once it serves.
pub async fn database_server(dir: &std::path::Path, port: u16) -> Running {
    use std::process::{Command, Stdio};
    let child = Command::new("accord-surreal")
        .args(["start", "--bind", &format!("127.0.0.1:{port}"), "--user", "root", "--pass", "root", "--log", "error"])
        .arg(format!("surrealkv://{}", dir.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the SurrealDB server `accord-surreal` (installed by `make test-tools`)");
    let child = Running(child);
    let start = std::time::Instant::now();
    let health = format!("http://127.0.0.1:{port}/health");
    while reqwest::get(&health).await.map(|r| r.status().as_u16()).ok() != Some(200) {
        assert!(start.elapsed() < std::time::Duration::from_secs(60), "the SurrealDB server did not start");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    child
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
