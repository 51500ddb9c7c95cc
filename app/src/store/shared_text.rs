//! The co-drafted text of a document: a compacted yrs state and the log of updates after it.
//!
//! A log row's id is `doc_update:[document key, number]`, so a document's log is a range of keys, read, counted
//! and compacted as `doc_update:[$key, from]..=[$key, 9223372036854775807]` (`i64::MAX`: numbers are `int`s,
//! and an open upper end would run on into the next document's keys).

use super::{valid_key, Store};
use crate::error::AppError;
use crate::ids::DocumentId;
use accord_domain::Document;
use serde::Deserialize;
use serde_json::{json, Value};

/// What a room is loaded from: the compacted state (absent for documents created before the shared text
/// existed), the sequence number it covers, the updates after it in order, and the structured cache.
#[derive(Debug, Deserialize)]
pub struct SharedText {
    pub ystate: Option<String>,
    pub yseq: i64,
    #[serde(default)]
    pub updates: Vec<LoggedUpdate>,
    pub document: Document,
}

/// An update for `Store::append_update`.
#[derive(Clone, Copy)]
pub struct Append<'a> {
    pub data: &'a str,
    pub floor: i64,
    pub origin: &'a str,
    /// Typed by a client: stored only while the document is in drafting.
    pub only_while_drafting: bool,
}

/// What `Store::log_after` read.
#[derive(Debug, Default, Deserialize)]
pub struct LogTail {
    pub yseq: i64,
    pub ystate: Option<String>,
    #[serde(default)]
    pub updates: Vec<TailedUpdate>,
}

#[derive(Debug, Deserialize)]
pub struct TailedUpdate {
    pub seq: i64,
    /// None for the reading server's own updates.
    pub data: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Clock {
    pub document: DocumentId,
    pub last: i64,
}

#[derive(Debug, Deserialize)]
pub struct LoggedUpdate {
    pub seq: i64,
    pub data: String,
}

impl SharedText {
    /// The shared document it holds, and the sequence number of the last update in it.
    pub fn to_doc(&self) -> Result<(yrs::Doc, i64), AppError> {
        use accord_domain::ydoc;
        use base64::engine::general_purpose::STANDARD as BASE64;
        use base64::Engine;
        use yrs::updates::decoder::Decode;
        use yrs::{Transact, Update};
        let unexpected = |e: &dyn std::fmt::Display| AppError::unexpected("a stored shared text", e);
        let apply = |txn: &mut yrs::TransactionMut, bytes: &[u8]| -> Result<(), AppError> {
            let update = Update::decode_v1(bytes).map_err(|e| unexpected(&e))?;
            txn.apply_update(update).map_err(|e| unexpected(&e))
        };
        let doc = ydoc::new_doc();
        let mut seq = self.yseq;
        {
            let mut txn = doc.transact_mut();
            match &self.ystate {
                Some(state) => apply(&mut txn, &BASE64.decode(state).map_err(|e| unexpected(&e))?)?,
                // A document from before the shared text: its structured form becomes the first state.
                None => apply(&mut txn, &ydoc::encode(&self.document, &super::new_key()))?,
            }
            for logged in &self.updates {
                apply(&mut txn, &BASE64.decode(&logged.data).map_err(|e| unexpected(&e))?)?;
                seq = logged.seq;
            }
        }
        Ok((doc, seq))
    }
}

impl Store {
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn shared_text(&self, key: &DocumentId) -> Result<SharedText, AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        self.one(
            "SELECT ystate, yseq, \
               { header: header, statistics: statistics, sections: sections, vote: vote } AS document, \
               (SELECT seq, data FROM doc_update:[$key, $parent.yseq + 1]..=[$key, 9223372036854775807]) AS updates \
             FROM type::record('document', $key)",
            json!({ "key": key }),
        )
        .await?
        .ok_or(AppError::NotFound)
    }

    /// Appends one update as the next of the document's log and gives its number: past the stored count and
    /// past `floor` (the last number the appending room knows of). Two servers appending at once conflict on
    /// the count and one runs again, so updates are committed in the order of their numbers. With `drafting`,
    /// refuses (`AppError::NotEditable`) once the document has left drafting on any server: the stage is read
    /// from the count's record, which a stage move writes too, so the two conflict and the later runs again.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn append_update(&self, key: &DocumentId, append: Append<'_>) -> Result<i64, AppError> {
        let numbers = self.append_updates(&[(key, append)]).await?;
        numbers.first().copied().ok_or(AppError::Unexpected)
    }

    /// `append_update` for several documents in one transaction, their numbers in the order given (group commit
    /// across rooms, `rooms::commit`): one refusal refuses them all. A document may come only once.
    pub async fn append_updates(&self, appends: &[(&DocumentId, Append<'_>)]) -> Result<Vec<i64>, AppError> {
        // One closure per row rather than a `FOR` and the counts read again for the answer: 29 % less CPU; the
        // stage from the count's record (migration 18) rather than the document: 17 % less again (README,
        // «Co-drafting» benchmarks). A count that does not know the stage (one the migration missed) falls back
        // to the document.
        const SQL: &str = "BEGIN TRANSACTION;
             LET $numbers = $appends.map(|$a| {
               LET $clock = UPSERT ONLY type::record('doc_clock', $a.key)
                 SET last = math::max([last ?? 0, $a.floor]) + 1 RETURN last, drafting;
               IF $a.drafting AND !($clock.drafting ??
                 ((SELECT VALUE state FROM ONLY type::record('document', $a.key) FOR UPDATE) = 'drafting'))
                 { THROW 'not drafting' };
               CREATE type::record('doc_update', [$a.key, $clock.last]) SET document = type::record('document', $a.key),
                 seq = $clock.last, data = $a.data, origin = $a.origin RETURN NONE;
               RETURN $clock.last;
             });
             RETURN $numbers;
             COMMIT TRANSACTION;";
        let appends: Vec<Value> = appends
            .iter()
            .map(|(key, a)| {
                json!({ "key": key, "floor": a.floor, "data": a.data, "origin": a.origin,
                        "drafting": a.only_while_drafting })
            })
            .collect();
        let vars = json!({ "appends": appends });
        // Servers appending to one log at once conflict on its count as often as they append together: each
        // runs again, for as long as ten seconds (giving up would close the room and disconnect its people).
        let started = std::time::Instant::now();
        let appended = loop {
            let attempt = async {
                let mut response = self.query(SQL, vars.clone()).await?;
                // Statement 2, after BEGIN and LET: the numbers.
                Self::take::<i64>(SQL, &mut response, 2)
            };
            match attempt.await {
                Err(e) if e.is_conflict() && started.elapsed() < std::time::Duration::from_secs(10) => {
                    tokio::time::sleep(std::time::Duration::from_millis(fastrand::u64(1..20))).await;
                }
                done => break done,
            }
        };
        match appended {
            Ok(numbers) if numbers.len() == appends.len() => Ok(numbers),
            Ok(numbers) => Err(AppError::unexpected(
                "appended updates",
                format!("{} numbers for {}", numbers.len(), appends.len()),
            )),
            Err(e) if e.is_thrown("not drafting") => Err(AppError::NotEditable(accord_domain::State::Review)),
            Err(e) => Err(e.into()),
        }
    }

    /// What a room on server `origin` lacks of the log after `cursor`: the compacted state when the log was
    /// compacted past `cursor`, then every update after both, its own without their data (it holds them).
    /// Read in one transaction: updates are committed in the order of their numbers, so no number below the
    /// highest read is missing.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key, cursor = %cursor))]
    pub async fn log_after(&self, key: &DocumentId, cursor: i64, origin: &str) -> Result<LogTail, AppError> {
        const SQL: &str = "BEGIN TRANSACTION;
             LET $y = (SELECT VALUE yseq FROM ONLY type::record('document', $key)) ?? 0;
             LET $state = IF $y > $cursor { (SELECT VALUE ystate FROM ONLY type::record('document', $key)) } ELSE { NONE };
             LET $rows = SELECT seq, IF origin = $origin { NONE } ELSE { data } AS data
               FROM doc_update:[$key, math::max([$cursor, $y]) + 1]..=[$key, 9223372036854775807];
             RETURN { yseq: $y, ystate: $state, updates: $rows };
             COMMIT TRANSACTION;";
        let mut response = self.query(SQL, json!({ "key": key, "cursor": cursor, "origin": origin })).await?;
        // Statement 4, after BEGIN and three LETs.
        let read: Vec<LogTail> = Self::take(SQL, &mut response, 4)?;
        Ok(read.into_iter().next().unwrap_or_default())
    }

    /// The number of the latest update of each of `keys` that has one.
    #[tracing::instrument(level = "debug", skip_all, fields(n = keys.len()))]
    pub async fn log_clocks(&self, keys: &[DocumentId]) -> Result<Vec<Clock>, AppError> {
        self.rows(
            "SELECT record::id(id) AS document, last FROM $keys.map(|$k| type::record('doc_clock', $k))",
            json!({ "keys": keys }),
        )
        .await
    }

    /// Every raised count of a document's log on this database server as it happens (a LIVE SELECT): a hint
    /// to read sooner, which a SurrealDB cluster gives only for writes through the same node.
    pub async fn watch_clocks(&self) -> Result<impl futures_util::Stream<Item = Clock> + Send + 'static, AppError> {
        use futures_util::StreamExt;
        const SQL: &str = "LIVE SELECT record::id(id) AS document, last FROM doc_clock";
        let mut response = self.query(SQL, json!({})).await?;
        let stream = response.stream::<surrealdb::types::Value>(0).map_err(|e| AppError::unexpected(SQL, e))?;
        Ok(stream.filter_map(|n| async move {
            let n = n.ok()?;
            serde_json::from_value(n.data.into_json_value()).ok()
        }))
    }

    /// Stores the first state of a document from before the shared text, unless one is stored already.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn first_state(&self, key: &DocumentId, state: &str) -> Result<(), AppError> {
        self.run(
            "UPDATE type::record('document', $key) SET ystate = $state WHERE ystate = NONE RETURN NONE",
            json!({ "key": key, "state": state }),
        )
        .await
    }

    /// Replaces the log up to `seq` by the state it leads to, and refreshes the structured cache. A compaction
    /// older than the stored one changes nothing.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key, seq = %seq))]
    pub async fn compact(&self, key: &DocumentId, seq: i64, state: &str, doc: &Document) -> Result<(), AppError> {
        const SQL: &str = "BEGIN TRANSACTION;
                 UPDATE type::record('document', $key) SET ystate = $state, yseq = $seq, header = $d.header,
                   statistics = $d.statistics, sections = $d.sections, vote = $d.vote, updated_at = time::now()
                   WHERE yseq <= $seq RETURN NONE;
                 DELETE doc_update:[$key, 0]..=[$key, $seq];
                 COMMIT TRANSACTION;";
        let vars = json!({ "key": key, "seq": seq, "state": state, "d": Self::document_content(&doc.clipped()) });
        // Another server compacting or appending at once: the later compaction of the two keeps the larger `yseq`.
        super::again_on_conflict(|| self.query(SQL, vars.clone())).await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn log_length(&self, key: &DocumentId) -> Result<usize, AppError> {
        let n: Option<Value> = self
            .one(
                "SELECT count() AS n FROM doc_update:[$key, 0]..=[$key, 9223372036854775807] GROUP ALL",
                json!({ "key": key }),
            )
            .await?;
        Ok(n.and_then(|v| v["n"].as_u64()).unwrap_or(0) as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn appends_are_numbered_past_the_count_and_the_floor() {
        let store = Store::connect("mem://").await.unwrap();
        let key: DocumentId = "d1".into();
        let append = |floor| Append { data: "AAA=", floor, origin: "a", only_while_drafting: false };
        assert_eq!(store.append_update(&key, append(0)).await.unwrap(), 1);
        assert_eq!(store.append_update(&key, append(0)).await.unwrap(), 2);
        assert_eq!(store.append_update(&key, append(7)).await.unwrap(), 8);
        let tail = store.log_after(&key, 1, "b").await.unwrap();
        assert_eq!(tail.updates.iter().map(|u| u.seq).collect::<Vec<_>>(), [2, 8]);
        assert!(tail.updates.iter().all(|u| u.data.is_some()));
        let own = store.log_after(&key, 0, "a").await.unwrap();
        assert!(own.updates.iter().all(|u| u.data.is_none()), "its own updates come without their data");
        let clocks = store.log_clocks(&[key.clone(), "d2".into()]).await.unwrap();
        assert_eq!(clocks.iter().map(|c| (c.document.to_string(), c.last)).collect::<Vec<_>>(), [("d1".into(), 8)]);
    }

    #[tokio::test]
    async fn appends_to_several_logs_in_one_transaction_are_numbered_each_in_its_own_log() {
        let store = Store::connect("mem://").await.unwrap();
        let (d1, d2): (DocumentId, DocumentId) = ("d1".into(), "d2".into());
        let append = |floor| Append { data: "AAA=", floor, origin: "a", only_while_drafting: false };
        assert_eq!(store.append_update(&d1, append(0)).await.unwrap(), 1);
        assert_eq!(store.append_updates(&[(&d2, append(4)), (&d1, append(0))]).await.unwrap(), [5, 2]);
        assert_eq!(store.append_updates(&[(&d1, append(0)), (&d2, append(0))]).await.unwrap(), [3, 6]);
        let tail = store.log_after(&d1, 0, "b").await.unwrap();
        assert_eq!(tail.updates.iter().map(|u| u.seq).collect::<Vec<_>>(), [1, 2, 3]);
        let tail = store.log_after(&d2, 0, "b").await.unwrap();
        assert_eq!(tail.updates.iter().map(|u| u.seq).collect::<Vec<_>>(), [5, 6]);
    }

    /// One document out of drafting refuses the whole group, and stores none of it.
    #[tokio::test]
    async fn a_group_with_one_document_out_of_drafting_is_refused_whole() {
        let store = Store::connect("mem://").await.unwrap();
        let (event, doc) = ("e1".into(), Document::default());
        let drafting = store.create_document(&event, accord_domain::State::Drafting, false, &doc, None).await.unwrap();
        let review = store.create_document(&event, accord_domain::State::Review, false, &doc, None).await.unwrap();
        let typed = Append { data: "AAA=", floor: 0, origin: "a", only_while_drafting: true };
        let refused = store.append_updates(&[(&drafting, typed), (&review, typed)]).await;
        assert!(matches!(refused, Err(AppError::NotEditable(_))), "{refused:?}");
        assert_eq!(store.log_length(&drafting).await.unwrap(), 0);
        assert_eq!(store.append_updates(&[(&drafting, typed)]).await.unwrap(), [1]);
    }

    /// A draft sent to review takes no more typed edits (an accepted amendment still goes in), and back in
    /// drafting it takes them again, its count going on.
    #[tokio::test]
    async fn a_document_takes_typed_edits_only_while_it_is_a_draft() {
        use accord_domain::{Mover, State};
        let store = Store::connect("mem://").await.unwrap();
        let key =
            store.create_document(&"e1".into(), State::Drafting, false, &Document::default(), None).await.unwrap();
        let typed = Append { data: "AAA=", floor: 0, origin: "a", only_while_drafting: true };
        assert_eq!(store.append_updates(&[(&key, typed)]).await.unwrap(), [1]);
        assert!(store
            .set_state(&key, State::Drafting.move_to(State::Review, Mover::Organiser).unwrap())
            .await
            .unwrap());
        let refused = store.append_updates(&[(&key, typed)]).await;
        assert!(matches!(refused, Err(AppError::NotEditable(_))), "{refused:?}");
        let amendment = Append { only_while_drafting: false, ..typed };
        assert_eq!(store.append_updates(&[(&key, amendment)]).await.unwrap(), [2]);
        assert!(store
            .set_state(&key, State::Review.move_to(State::Drafting, Mover::Organiser).unwrap())
            .await
            .unwrap());
        assert_eq!(store.append_updates(&[(&key, typed)]).await.unwrap(), [3]);
    }

    /// A count without the stage (a document written while migration 18 ran on another server) takes the
    /// stage from the document.
    #[tokio::test]
    async fn a_count_that_does_not_know_the_stage_asks_the_document() {
        let store = Store::connect("mem://").await.unwrap();
        let (event, doc) = ("e1".into(), Document::default());
        let drafting = store.create_document(&event, accord_domain::State::Drafting, false, &doc, None).await.unwrap();
        let review = store.create_document(&event, accord_domain::State::Review, false, &doc, None).await.unwrap();
        store.run("UPDATE doc_clock SET drafting = NONE", json!({})).await.unwrap();
        let typed = Append { data: "AAA=", floor: 0, origin: "a", only_while_drafting: true };
        assert_eq!(store.append_updates(&[(&drafting, typed)]).await.unwrap(), [1]);
        let refused = store.append_updates(&[(&review, typed)]).await;
        assert!(matches!(refused, Err(AppError::NotEditable(_))), "{refused:?}");
    }

    /// A log is a range of keys `[document, number]`: a document whose key begins with another's is not in it.
    #[tokio::test]
    async fn a_compaction_deletes_its_own_log_up_to_its_number_and_nothing_else() {
        let store = Store::connect("mem://").await.unwrap();
        let (d1, d10): (DocumentId, DocumentId) = ("d1".into(), "d10".into());
        for key in [&d1, &d10] {
            for _ in 0..4 {
                let append = Append { data: "AAA=", floor: 0, origin: "a", only_while_drafting: false };
                store.append_update(key, append).await.unwrap();
            }
        }
        store.compact(&d1, 2, "AAA=", &Document::default()).await.unwrap();
        assert_eq!(store.log_length(&d1).await.unwrap(), 2);
        assert_eq!(store.log_length(&d10).await.unwrap(), 4);
        let tail = store.log_after(&d1, 0, "b").await.unwrap();
        assert_eq!(tail.updates.iter().map(|u| u.seq).collect::<Vec<_>>(), [3, 4]);
        let tail = store.log_after(&d10, 1, "b").await.unwrap();
        assert_eq!(tail.updates.iter().map(|u| u.seq).collect::<Vec<_>>(), [2, 3, 4]);
    }
}
