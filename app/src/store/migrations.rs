//! Numbered schema migrations, applied in order at start-up; each is recorded once it has run.

use anyhow::Context;
use surrealdb::{Connection, Surreal};

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
    (10, include_str!("migrations/0010_family_of_documents.surql")),
    (11, include_str!("migrations/0011_journal_places.surql")),
    (12, include_str!("migrations/0012_several_servers.surql")),
    (13, include_str!("migrations/0013_ballot_closing.surql")),
    (14, include_str!("migrations/0014_shared_log.surql")),
    (15, include_str!("migrations/0015_notices.surql")),
    (16, include_str!("migrations/0016_registry_order.surql")),
    (17, include_str!("migrations/0017_log_keyed_by_number.surql")),
    (18, include_str!("migrations/0018_log_open.surql")),
];

#[tracing::instrument(level = "debug", skip_all)]
pub async fn apply<C: Connection>(db: &Surreal<C>) -> anyhow::Result<()> {
    apply_through(db, i64::MAX).await
}

/// Applies the migrations up to `last`: how a test makes a store as an older Accord left it.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn apply_through<C: Connection>(db: &Surreal<C>, last: i64) -> anyhow::Result<()> {
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
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v <= last) {
        if applied.contains(version) {
            continue;
        }
        let script =
            format!("BEGIN TRANSACTION;\n{sql}\nCREATE migration SET version = $version;\nCOMMIT TRANSACTION;");
        let ran = db.query(script).bind(("version", *version)).await.and_then(|r| r.check());
        if let Err(e) = ran {
            // Several servers starting at once on one database server: another may have applied it meanwhile,
            // and the unique index on `version` refused this one's record of it.
            let mut response = db
                .query("SELECT VALUE version FROM migration WHERE version = $version")
                .bind(("version", *version))
                .await?;
            let applied: Vec<i64> = response.take(0)?;
            if applied.is_empty() {
                return Err(e).with_context(|| format!("migration {version} failed"));
            }
            continue;
        }
        tracing::info!(version, "applied migration");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use accord_domain::{Document, DocumentKind};

    const HEADINGS: [&str; 8] = [
        "Решением совета",
        "РЕШЕНИЕ",
        "Проект решения",
        "Выписка из протокола",
        "ИТОГОВЫЙ ДОКУМЕНТ ПУБЛИЧНЫХ СЛУШАНИЙ",
        "Резолюция",
        "Проект итоговой резолюции форума",
        "",
    ];

    /// A document saved before the family of kinds reads, after migration 10, as it printed before, and its
    /// kind is the one the shared text's reader gives its heading.
    /// A fresh memory store with the migrations up to `last` applied.
    /// Runs statements that must all succeed (a test's arrangement).
    async fn run(db: &Surreal<surrealdb::engine::any::Any>, sql: &str) {
        db.query(sql).await.and_then(|r| r.check()).unwrap();
    }

    /// An event and, in it, empty documents `(key, state, compacted number)`, as a store of an older Accord held them.
    async fn documents(db: &Surreal<surrealdb::engine::any::Any>, documents: &[(&str, &str, i64)]) {
        let mut sql = String::from(
            "CREATE event:e SET kind = 'seminar', title = 'Т', starts_on = d'2021-01-27', city = 'Зея',
                 organiser = '', description = '';",
        );
        for (key, state, yseq) in documents {
            sql += &format!(
                "CREATE document:{key} SET event = event:e, state = '{state}', yseq = {yseq},
                   header = {{ doc_kind: '', event_line: '', title: '' }}, statistics = {{ categories: [] }}, sections = [];"
            );
        }
        run(db, &sql).await;
    }

    async fn migrated_through(last: i64) -> Surreal<surrealdb::engine::any::Any> {
        let db = surrealdb::engine::any::connect("mem://").await.unwrap();
        db.use_ns("t").use_db("t").await.unwrap();
        apply_through(&db, last).await.unwrap();
        db
    }

    #[tokio::test]
    async fn documents_saved_before_the_family_keep_what_they_said() {
        let db = migrated_through(9).await;
        run(
            &db,
            "CREATE event:e SET kind = 'seminar', title = 'Т', starts_on = d'2021-01-27', city = 'Благовещенск',
                 organiser = '', description = '';
             CREATE document:d SET event = event:e, state = 'adopted', header = {
                 doc_kind: 'РЕКОМЕНДАЦИИ', event_kind: 'seminar', event_line: 'семинара', title: 'Формы',
                 starts_on: '2021-01-27', ends_on: '2021-01-28', city: 'Благовещенск' },
               statistics = { total: 25, categories: [] },
               sections = [{ id: 'abc', kind: 'recommendations', lead_in: 'Участники рекомендуют:',
                 items: [{ id: 'i1', text: 'изучить опыт', addressee: 'Министерству', depth: 0 }] }],
               vote = { in_favour: 25, against: 0, abstained: 0 };",
        )
        .await;
        for (n, heading) in HEADINGS.iter().enumerate() {
            db.query(
                "CREATE type::record('document', $key) SET event = event:e, state = 'drafting', header = {
                     doc_kind: $heading, event_line: '', title: '', city: '' },
                   statistics = { categories: [] }, sections = []",
            )
            .bind(("key", format!("h{n}")))
            .bind(("heading", heading.to_string()))
            .await
            .and_then(|r| r.check())
            .unwrap();
        }
        apply(&db).await.unwrap();
        let read = |key: String| {
            let db = db.clone();
            async move {
                let mut response = db
                    .query(
                        "SELECT VALUE { header: header, statistics: statistics, sections: sections, vote: vote }
                            FROM type::record('document', $key)",
                    )
                    .bind(("key", key))
                    .await
                    .unwrap();
                let rows: Vec<serde_json::Value> = response.take(0).unwrap();
                serde_json::from_value::<Document>(rows[0].clone()).unwrap()
            }
        };
        let doc = read("d".into()).await;
        assert_eq!(doc.header.kind, DocumentKind::Recommendations);
        assert_eq!(doc.header.date, "27\u{a0}января 2021\u{a0}г. — 28\u{a0}января 2021\u{a0}г.");
        assert_eq!(doc.header.starts_on(), accord_domain::Date::new(2021, 1, 27));
        assert_eq!(doc.header.place, "г.\u{a0}Благовещенск");
        assert_eq!(doc.sections[0].items[0].addressee, "Министерству");
        assert!(doc.sections[0].items[0].cells.is_empty());
        assert_eq!(doc.vote.unwrap().in_favour, Some(25));
        for (n, heading) in HEADINGS.iter().enumerate() {
            let expected = DocumentKind::opening(heading).map(|(k, _)| k).unwrap_or_default();
            assert_eq!(read(format!("h{n}")).await.header.kind, expected, "«{heading}»");
        }
        let mut response = db.query("SELECT VALUE header.city FROM document:d").await.unwrap();
        let city: Vec<Option<String>> = response.take(0).unwrap();
        assert_eq!(city, [None], "the old field is gone");
        // The new kinds of sections and events are accepted.
        run(
            &db,
            "UPDATE document:d SET sections += { id: 'p', kind: 'table', lead_in: '', addressee: '', columns: ['№'],
                 items: [{ id: 'r', text: '', addressee: '', depth: 0, cells: ['1'] }] };
             UPDATE event:e SET kind = 'public_discussion';",
        )
        .await;
    }

    /// Migration 14 starts each document's log count where its log ends, or where it was compacted to.
    #[tokio::test]
    async fn people_from_before_the_notices_can_still_be_updated() {
        let db = migrated_through(14).await;
        db.query("CREATE user:old SET email = 'old@example.org', name = 'Старый', password_hash = 'x'")
            .await
            .and_then(|r| r.check())
            .unwrap();
        apply(&db).await.unwrap();
        let changed = db.query("UPDATE user:old SET password_hash = 'y' RETURN VALUE notify").await.unwrap().check();
        let mut changed = changed.expect("an update of a person made before migration 15 passes");
        let notify: Vec<String> = changed.take(0).unwrap();
        assert_eq!(notify, ["{}"]);
    }

    #[tokio::test]
    async fn the_log_count_starts_where_each_log_ends() {
        let db = migrated_through(13).await;
        documents(&db, &[("logged", "drafting", 3), ("compacted", "drafting", 7)]).await;
        run(
            &db,
            "CREATE doc_update SET document = document:logged, seq = 4, data = '';
             CREATE doc_update SET document = document:logged, seq = 5, data = '';",
        )
        .await;
        apply(&db).await.unwrap();
        let mut response =
            db.query("SELECT record::id(id) AS document, last FROM doc_clock ORDER BY document").await.unwrap();
        let clocks: Vec<serde_json::Value> = response.take(0).unwrap();
        assert_eq!(
            clocks,
            [
                serde_json::json!({ "document": "compacted", "last": 7 }),
                serde_json::json!({ "document": "logged", "last": 5 })
            ]
        );
    }

    #[tokio::test]
    async fn a_log_from_before_migration_17_is_keyed_by_document_and_number() {
        let db = migrated_through(16).await;
        run(
            &db,
            "CREATE doc_update SET document = document:logged, seq = 5, data = 'b', origin = 'a';
             CREATE doc_update SET document = document:logged, seq = 4, data = 'a';
             CREATE doc_update SET document = document:other, seq = 4, data = 'c';",
        )
        .await;
        apply(&db).await.unwrap();
        let mut response = db
            .query(
                "SELECT record::id(id) AS id, record::id(document) AS document, seq, data, origin
                   FROM doc_update:['logged', 0]..=['logged', 100];
                 SELECT count() AS n FROM doc_update GROUP ALL;
                 (INFO FOR TABLE doc_update).indexes;",
            )
            .await
            .unwrap();
        let logged: Vec<serde_json::Value> = response.take(0).unwrap();
        assert_eq!(
            logged,
            [
                serde_json::json!({ "id": ["logged", 4], "document": "logged", "seq": 4, "data": "a", "origin": null }),
                serde_json::json!({ "id": ["logged", 5], "document": "logged", "seq": 5, "data": "b", "origin": "a" })
            ]
        );
        let all: Vec<serde_json::Value> = response.take(1).unwrap();
        assert_eq!(all, [serde_json::json!({ "n": 3 })], "no row is left under its old id");
        let indexes: Option<serde_json::Value> = response.take(2).unwrap();
        assert_eq!(indexes, Some(serde_json::json!({})));
    }

    #[tokio::test]
    async fn recommendations_from_before_migration_16_take_their_place_in_the_order() {
        let db = migrated_through(15).await;
        run(
            &db,
            "CREATE recommendation:old SET document = document:d, event = event:e, item = 'i1', number = 1,
               text = 'изучить опыт', addressee = '', title = 'Т', region = '', year = 2021;
             CREATE recommendation:undated SET document = document:d, event = event:e, item = 'i2', number = 2,
               text = 'изучить опыт', addressee = '', title = 'Т', region = '', year = NONE;",
        )
        .await;
        apply(&db).await.unwrap();
        let mut response =
            db.query("SELECT record::id(id) AS id, year_order FROM recommendation ORDER BY year_order").await.unwrap();
        let rows: Vec<serde_json::Value> = response.take(0).unwrap();
        assert_eq!(
            rows,
            [
                serde_json::json!({ "id": "old", "year_order": -2021 }),
                serde_json::json!({ "id": "undated", "year_order": 0 })
            ]
        );
    }

    /// Migration 18 gives every document a clock that says whether it is a draft, keeping the count it had; the
    /// clock then follows the document's stage.
    #[tokio::test]
    async fn every_document_gets_a_clock_that_knows_whether_it_is_a_draft() {
        let db = migrated_through(17).await;
        documents(&db, &[("draft", "drafting", 0), ("review", "review", 2)]).await;
        run(&db, "UPSERT doc_clock:draft SET last = 9;").await;
        apply(&db).await.unwrap();
        const CLOCKS: &str = "SELECT record::id(id) AS document, last, drafting FROM doc_clock ORDER BY document";
        let clocks: Vec<serde_json::Value> = db.query(CLOCKS).await.unwrap().take(0).unwrap();
        assert_eq!(
            clocks,
            [
                serde_json::json!({ "document": "draft", "last": 9, "drafting": true }),
                serde_json::json!({ "document": "review", "last": 2, "drafting": false })
            ]
        );
        run(&db, "UPDATE document:draft SET state = 'review'; UPDATE document:review SET state = 'drafting';").await;
        let clocks: Vec<serde_json::Value> = db.query(CLOCKS).await.unwrap().take(0).unwrap();
        assert_eq!(
            clocks,
            [
                serde_json::json!({ "document": "draft", "last": 9, "drafting": false }),
                serde_json::json!({ "document": "review", "last": 2, "drafting": true })
            ]
        );
    }
}
