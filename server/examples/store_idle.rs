//! The floor under Accord's idle memory: a process that only opens the embedded store (SurrealDB over
//! SurrealKV, as `accord` does) and waits, printing its resident memory from `/proc/self/status` and
//! `/proc/self/smaps_rollup`. Compare with `accord` idle on the same store (`.ci/bench-idle.sh`).
//!
//! cargo run --release -p server --example store_idle -- surrealkv:///tmp/store [seconds]

use std::time::Duration;

fn field(text: &str, name: &str) -> String {
    text.lines().find(|l| l.starts_with(name)).map(|l| l[name.len()..].trim().to_string()).unwrap_or_default()
}

fn report(label: &str) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let rollup = std::fs::read_to_string("/proc/self/smaps_rollup").unwrap_or_default();
    println!(
        "{label}: VmRSS {} (anon {}, file {})",
        field(&status, "VmRSS:"),
        field(&rollup, "Anonymous:"),
        field(&status, "RssFile:")
    );
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args.next().unwrap_or_else(|| "surrealkv:///tmp/accord-store-idle".into());
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    report("start");
    let db = surrealdb::engine::any::connect(&url).await?;
    db.use_ns("accord").use_db("accord").await?;
    db.query("INFO FOR DB").await?.check()?;
    report("store open");
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    report("idle");
    Ok(())
}
