//! A store that goes away (issue 18): Accord on a SurrealDB server process (`accord-surreal`, installed by
//! `make test-tools`), which is killed and started again while Accord runs. While it is gone a write is refused with
//! a clear message and leaves nothing behind, pages say the store is unavailable instead of failing, and once it
//! is back Accord works again by itself.

use std::time::{Duration, Instant};

use crate::helpers;
use crate::process;

use process::free_port;

async fn until<F, Fut>(what: &str, mut ok: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !ok().await {
        assert!(start.elapsed() < Duration::from_secs(60), "{what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_database_server_is_gone_writes_are_refused_clearly_and_it_recovers_by_itself() {
    use app::error::AppError;
    use app::server_fns::events::CreateEvent;
    let dir = tempfile::tempdir().unwrap();
    let db_port = free_port();
    let db = helpers::database_server(dir.path(), db_port).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let accord = helpers::accord_on(db_port, port);
    until("Accord did not start", || async { reqwest::get(&base).await.is_ok() }).await;
    let unused = app::store::Store::connect("mem://").await.unwrap();
    let organiser = helpers::TestApp::browser(&base, unused);
    let (_, doc) = helpers::event_with_draft(&organiser).await;
    let event_form = [
        ("kind", "seminar"),
        ("title", "Круглый стол"),
        ("starts_on", "2026-06-02"),
        ("ends_on", ""),
        ("city", "Зея"),
        ("organiser", ""),
        ("description", ""),
    ];
    let events = || async { organiser.get("/").await.body.matches("Круглый стол").count() };
    assert_eq!(events().await, 0);

    drop(db);
    // The first request finds the server gone while it waits: it may yet be carried out, and says so.
    let page = organiser.get(&format!("/documents/{doc}")).await;
    assert_eq!(page.status, 504, "a page says the store stopped answering");
    assert!(page.body.contains("Хранилище данных перестало отвечать"), "{}", page.body);
    // From then on requests are refused at once, unsent.
    let refused = organiser.call::<CreateEvent>(&event_form).await;
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert_eq!(refused.error(), AppError::StoreUnavailable);
    let page = organiser.get(&format!("/documents/{doc}")).await;
    assert!(page.body.contains("Хранилище данных сейчас недоступно"), "{}", page.body);
    let form = organiser.submit::<CreateEvent>(&event_form).await;
    let back_with_error = form.location.as_deref().is_some_and(|l| l.contains("__err="));
    assert!(
        form.status == 503 || back_with_error,
        "a form without JavaScript too: {} {:?}",
        form.status,
        form.location
    );

    let db = helpers::database_server(dir.path(), db_port).await;
    until("Accord did not reconnect to the store", || async {
        organiser.get(&format!("/documents/{doc}")).await.status == 200
    })
    .await;
    // Whatever the client library held through the outage has had time to run.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(events().await, 0, "the refused writes left nothing behind");
    let created = organiser.call::<CreateEvent>(&event_form).await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert!(events().await > 0, "writes work again");

    drop((accord, db));
}
