//! The public record under load (issue 7), release build, on-disk store: a store of adopted documents (the
//! fixture, imported again and again) with 1 000 comments on one of them. Measured in this order: that
//! document's public page rendered each time (a session cookie bypasses the kept pages), one request at a
//! time (the server time of the largest page) and at 100 connections; registry searches over the store's
//! recommendations (9 per document: 1 112 documents give 10 008), 10 at a time; then the page as anonymous
//! readers get it (kept) and a static file of the same bytes from the same server, 100 connections each.
//! The server runs in this process on its own runtime; the clients share the machine's two cores with it.
//!
//! cargo run --release -p server --example public_load -- [documents] [seconds]   (default: 1112 10)

use server::application::Application;
use server::config::Config;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// `workers` clients each send requests to `urls` (in turn) until `seconds` have passed; returns
/// (requests/s, p50 ms, p99 ms, errors).
async fn load(urls: Vec<String>, workers: usize, seconds: u64, cookie: Option<&str>) -> (f64, f64, f64, usize) {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(cookie) = cookie {
        headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
    }
    let client = reqwest::Client::builder().pool_max_idle_per_host(workers).default_headers(headers).build().unwrap();
    let urls = Arc::new(urls);
    let end = Instant::now() + Duration::from_secs(seconds);
    let start = Instant::now();
    let tasks: Vec<_> = (0..workers)
        .map(|w| {
            let (client, urls) = (client.clone(), urls.clone());
            tokio::spawn(async move {
                let (mut times, mut errors, mut i) = (Vec::new(), 0usize, w);
                while Instant::now() < end {
                    let t = Instant::now();
                    let ok = match client.get(&urls[i % urls.len()]).send().await {
                        Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                        Err(_) => false,
                    };
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                    errors += usize::from(!ok);
                    i += workers;
                }
                (times, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (times, e) = t.await.unwrap();
        all.extend(times);
        errors += e;
    }
    let wall = start.elapsed().as_secs_f64();
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (all.len() as f64 / wall, percentile(&all, 0.5), percentile(&all, 0.99), errors)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let documents: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1112);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let server_rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let clients_rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let dir = tempfile::tempdir()?;
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site)?;
    let mut config = Config::for_tests();
    config.db = format!("surrealkv://{}", dir.path().join("store").display());
    config.site_root = site.display().to_string();
    let app = server_rt.block_on(Application::build(config))?;
    let base = format!("http://127.0.0.1:{}", app.port());
    let store = app.store();
    server_rt.spawn(app.run_until_stopped());

    let seeded = Instant::now();
    let (first, recommendations) = server_rt.block_on(async {
        let user = store.create_user("bench@example.org", "Нагрузка", "not-a-hash").await.unwrap();
        let author = store.user(&user).await.unwrap().unwrap();
        let mut first = None;
        for _ in 0..documents {
            let (_, id) = app::services::imports::import_document(
                &store,
                server::demo::FIXTURE,
                &Default::default(),
                None,
                Some(&author),
            )
            .await
            .unwrap();
            first.get_or_insert(id);
        }
        let first = first.unwrap();
        let row = store.document(&first).await.unwrap();
        let item = row.document.sections.iter().flat_map(|s| s.items.iter()).next().unwrap().id.to_string();
        for i in 0..1000 {
            let body = format!("Комментарий {i}: предлагаем уточнить формулировку пункта.");
            let new = app::store::comments::NewComment {
                document: &first,
                item: &item,
                parent: None,
                amendment: None,
                anchor: None,
                quote: "",
                body: &body,
                proposal: false,
            };
            store.add_comment(new, &author).await.unwrap();
        }
        let (_, total) = store.search_registry(&Default::default(), 1, 1).await.unwrap();
        (first, total)
    });
    eprintln!(
        "seeded {documents} documents ({recommendations} recommendations) and 1000 comments in {:?}",
        seeded.elapsed()
    );

    let page_url = format!("{base}/documents/{first}");
    let static_url = format!("{base}/bench-public.html");
    let rows = clients_rt.block_on(async {
        let page = reqwest::get(&page_url).await.unwrap().bytes().await.unwrap();
        std::fs::write(site.join("bench-public.html"), &page).unwrap();
        let bytes = page.len();
        load(vec![page_url.clone()], 10, 2, None).await; // warm the room and the kept page
                                                         // A session cookie (not a valid one: the page is the anonymous one) bypasses the kept pages, so this
                                                         // is the render's own time.
        let no_keep = Some("accord_session=none");
        let alone = load(vec![page_url.clone()], 1, seconds.min(5), no_keep).await;
        let rendered = load(vec![page_url.clone()], 100, seconds, no_keep).await;
        let words = ["муниципальный", "поддержка", "ресурсный центр", "национальных проектов", "межсекторного"];
        let searches: Vec<String> =
            words.iter().map(|w| format!("{base}/api/v1/recommendations?q={}", app::urls::query_value(w))).collect();
        // Each the first of its kind: a search is kept once answered (store/registry.rs, `Found`), so the same
        // words with and without the year (every document here is of one year) are ten searches read in full.
        let mut first_times = Vec::new();
        for year in ["", "&year=2021"] {
            for w in words {
                let url = format!("{base}/api/v1/recommendations?q={}{year}", app::urls::query_value(w));
                let t = std::time::Instant::now();
                let status = reqwest::get(&url).await.unwrap().status();
                assert!(status.is_success(), "{url}: {status}");
                first_times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
        first_times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let search = load(searches.clone(), 10, seconds, None).await;
        let pages: Vec<String> =
            words.iter().map(|w| format!("{base}/registry?q={}", app::urls::query_value(w))).collect();
        let registry_page = load(pages, 10, seconds, None).await;
        let page_load = load(vec![page_url.clone()], 100, seconds, None).await;
        let static_load = load(vec![static_url.clone()], 100, seconds, None).await;
        (bytes, page_load, static_load, alone, rendered, search, first_times, registry_page)
    });
    let (bytes, page, stat, alone, rendered, search, first, registry_page) = rows;
    println!("| what ({documents} documents, {recommendations} recommendations, 1 000 comments on the page's document) | requests/s | p50 ms | p99 ms | errors |");
    println!("|---|---|---|---|---|");
    println!(
        "| public page, 100 connections ({bytes} bytes) | {:.0} | {:.1} | {:.1} | {} |",
        page.0, page.1, page.2, page.3
    );
    println!(
        "| same bytes as a static file, 100 connections | {:.0} | {:.1} | {:.1} | {} |",
        stat.0, stat.1, stat.2, stat.3
    );
    println!("| ratio page / static (goal ≥ 0.5) | {:.2} | | | |", page.0 / stat.0);
    let row = |what: &str, r: (f64, f64, f64, usize)| {
        println!("| {what} | {:.0} | {:.1} | {:.1} | {} |", r.0, r.1, r.2, r.3);
    };
    row("public page rendered (not kept), one request at a time: server time", alone);
    row("public page rendered (not kept), 100 connections", rendered);
    println!(
        "| registry search `/api/v1/recommendations?q=…`, 10 connections | {:.0} | {:.1} | {:.1} | {} |",
        search.0, search.1, search.2, search.3
    );
    println!(
        "| registry search, each the first of its kind (10 searches, one at a time): median and slowest | | {:.1} | {:.1} (max) | 0 |",
        (first[first.len() / 2 - 1] + first[first.len() / 2]) / 2.0,
        first[first.len() - 1]
    );
    row("registry page `/registry?q=…` (the same five searches), 10 connections", registry_page);
    server_rt.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}
