//! Numbered schema migrations, applied in order at start-up; each is recorded once it has run.

use anyhow::Context;
use surrealdb::engine::any::Any;
use surrealdb::Surreal;

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/0001_events_documents.surql")),
    (2, include_str!("migrations/0002_people.surql")),
    (3, include_str!("migrations/0003_shared_text.surql")),
    (4, include_str!("migrations/0004_event_tokens.surql")),
    (5, include_str!("migrations/0005_discussion.surql")),
    (6, include_str!("migrations/0006_amendment_comments.surql")),
    (7, include_str!("migrations/0007_ballots.surql")),
    (8, include_str!("migrations/0008_registry.surql")),
    (9, include_str!("migrations/0009_journal.surql")),
];

pub async fn apply(db: &Surreal<Any>) -> anyhow::Result<()> {
    db.query(
        "DEFINE TABLE IF NOT EXISTS migration SCHEMAFULL;
         DEFINE FIELD IF NOT EXISTS version ON migration TYPE int;
         DEFINE FIELD IF NOT EXISTS applied_at ON migration TYPE datetime DEFAULT time::now();
         DEFINE INDEX IF NOT EXISTS migration_version ON migration FIELDS version UNIQUE;",
    )
    .await
    .and_then(|r| r.check())
    .context("cannot create the migration table")?;
    let mut response = db.query("SELECT VALUE version FROM migration").await?;
    let applied: Vec<i64> = response.take(0)?;
    for (version, sql) in MIGRATIONS {
        if applied.contains(version) {
            continue;
        }
        let script =
            format!("BEGIN TRANSACTION;\n{sql}\nCREATE migration SET version = $version;\nCOMMIT TRANSACTION;");
        db.query(script)
            .bind(("version", *version))
            .await
            .and_then(|r| r.check())
            .with_context(|| format!("migration {version} failed"))?;
        tracing::info!(version, "applied migration");
    }
    Ok(())
}
