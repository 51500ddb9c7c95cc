//! How long one append to a document's log takes on the embedded on-disk store (`Store::append_update`, what a
//! room's writer waits for before an update is sent on), one after another, 200 bytes each; and how long a
//! compaction of each 500 of them takes (`Store::compact`, what a room asks for every `compact_every` updates);
//! then the processor time of appends to 500 drafts in groups of 50 (`Store::append_updates`, how the rooms'
//! group commit stores them), three rounds of 4 000.
//!
//! cargo run --release -p server --example append_timing -- /tmp/append-timing [appends]

use std::time::Instant;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "/tmp/append-timing".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).filter(|n| *n > 0).unwrap_or(2000);
    let _ = std::fs::remove_dir_all(&dir);
    let store = app::store::Store::connect(&format!("surrealkv://{dir}")).await?;
    let key =
        store.create_document(&"e1".into(), accord_domain::State::Drafting, false, &Default::default(), None).await?;
    let data = "A".repeat(268); // a 200-byte update in base64
    let (mut took, mut compactions) = (Vec::with_capacity(n), Vec::new());
    let mut floor = 0;
    for i in 1..=n {
        let started = Instant::now();
        let append = app::store::Append { data: &data, floor, origin: "a", only_while_drafting: false };
        floor = store.append_update(&key, append).await?;
        took.push(started.elapsed());
        if i % 500 == 0 {
            let started = Instant::now();
            store.compact(&key, floor, &data, &Default::default()).await?;
            compactions.push(started.elapsed());
        }
    }
    println!("{n} appends: {}", quantiles(&mut took));
    if !compactions.is_empty() {
        println!("{} compactions of 500: {}", compactions.len(), quantiles(&mut compactions));
    }
    let mut drafts = Vec::new();
    for _ in 0..500 {
        drafts.push(
            store
                .create_document(&"e1".into(), accord_domain::State::Drafting, false, &Default::default(), None)
                .await?,
        );
    }
    for round in 1..=3 {
        let (cpu, started) = (processor_seconds(), Instant::now());
        for group in drafts.chunks(50).cycle().take(80) {
            let appends: Vec<_> = group
                .iter()
                .map(|key| (key, app::store::Append { data: &data, floor: 0, origin: "a", only_while_drafting: true }))
                .collect();
            store.append_updates(&appends).await?;
        }
        println!(
            "round {round}: 4000 appends in groups of 50 to 500 drafts: {:.1} µs of processor time each, {:.1} µs wall",
            (processor_seconds() - cpu) / 4000.0 * 1e6,
            started.elapsed().as_secs_f64() / 4000.0 * 1e6
        );
    }
    Ok(())
}

/// This process's user and system time so far (Linux).
fn processor_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn quantiles(took: &mut [std::time::Duration]) -> String {
    took.sort();
    let ms = |q: f64| took[((took.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0;
    format!("p50 {:.3} ms, p90 {:.3}, p99 {:.3}, max {:.3}", ms(0.5), ms(0.9), ms(0.99), ms(1.0))
}
