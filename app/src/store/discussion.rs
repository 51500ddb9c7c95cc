//! Comments, amendments, stances and read marks of a document.

use super::{unexpected, valid_key, Store};
use crate::error::AppError;
use crate::model::UserRow;
use accord_domain::discussion::{Change, Decision, Stance};
use accord_domain::ydoc::anchor::Anchor;
use serde::Deserialize;
use serde_json::{json, Value};

/// A comment as stored, with the stances taken on it.
#[derive(Clone, Debug, Deserialize)]
pub struct CommentRecord {
    pub id: String,
    pub parent: Option<String>,
    pub item: String,
    #[serde(default)]
    pub amendment: Option<String>,
    pub anchor: Option<Anchor>,
    pub quote: String,
    pub author: String,
    pub author_name: String,
    pub body: String,
    pub history: Vec<WordingRecord>,
    pub proposal: bool,
    pub resolved: bool,
    pub taken: Option<bool>,
    pub note: String,
    pub resolved_name: String,
    pub deleted: bool,
    pub hidden: bool,
    pub created_at: String,
    pub edited_at: Option<String>,
    #[serde(default)]
    pub stances: Vec<StanceRecord>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct WordingRecord {
    pub body: String,
    pub at: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct StanceRecord {
    pub user: String,
    pub value: Stance,
}

#[derive(Clone, Debug, Deserialize)]
pub struct AmendmentRecord {
    pub id: String,
    pub number: i64,
    pub change: Change,
    pub base: String,
    pub justification: String,
    pub author: String,
    pub author_name: String,
    pub status: Decision,
    pub reason: String,
    pub decided_name: String,
    pub result: Option<String>,
    pub created_at: String,
    #[serde(default)]
    pub stances: Vec<StanceRecord>,
}

/// A new comment or reply.
pub struct NewComment<'a> {
    pub document: &'a str,
    pub item: &'a str,
    pub parent: Option<&'a str>,
    /// A comment on an amendment (its thread shows under it).
    pub amendment: Option<&'a str>,
    pub anchor: Option<&'a Anchor>,
    pub quote: &'a str,
    pub body: &'a str,
    pub proposal: bool,
}

const TIME: &str = "'%Y-%m-%dT%H:%M:%SZ'";

fn comment_fields() -> String {
    format!(
        "record::id(id) AS id, IF parent THEN record::id(parent) END AS parent, item, \
         IF amendment THEN record::id(amendment) END AS amendment, anchor, quote, \
         record::id(author) AS author, author_name, body, \
         history.map(|$h| {{ body: $h.body, at: time::format($h.at, {TIME}) }}) AS history, proposal, resolved, \
         taken, note, resolved_name, deleted, hidden, time::format(created_at, {TIME}) AS created_at, \
         IF edited_at THEN time::format(edited_at, {TIME}) END AS edited_at, \
         (SELECT record::id(user) AS user, value FROM stance WHERE subject = $parent.id) AS stances"
    )
}

fn amendment_fields() -> String {
    format!(
        "record::id(id) AS id, number, change, base, justification, record::id(author) AS author, author_name, \
         status, reason, decided_name, result, time::format(created_at, {TIME}) AS created_at, \
         (SELECT record::id(user) AS user, value FROM stance WHERE subject = $parent.id) AS stances"
    )
}

impl Store {
    pub async fn add_comment(&self, new: NewComment<'_>, author: &UserRow) -> Result<String, AppError> {
        let key = super::new_key();
        self.run(
            "CREATE type::record('comment', $key) SET document = type::record('document', $document), item = $item,
               parent = IF $parent THEN type::record('comment', $parent) END,
               amendment = IF $amendment THEN type::record('amendment', $amendment) END, anchor = $anchor, quote = $quote,
               author = type::record('user', $author), author_name = $author_name, body = $body,
               proposal = $proposal RETURN NONE",
            json!({
                "key": key, "document": new.document, "item": new.item, "parent": new.parent, "amendment": new.amendment,
                "anchor": new.anchor, "quote": new.quote, "author": author.id, "author_name": author.name,
                "body": new.body, "proposal": new.proposal,
            }),
        )
        .await?;
        Ok(key)
    }

    pub async fn comments_of(&self, document: &str) -> Result<Vec<CommentRecord>, AppError> {
        let sql = format!(
            "SELECT {} FROM comment WHERE document = type::record('document', $document) ORDER BY created_at",
            comment_fields()
        );
        self.rows(&sql, json!({ "document": document })).await
    }

    /// A comment with the document it belongs to.
    pub async fn comment(&self, key: &str) -> Result<(String, CommentRecord), AppError> {
        self.with_document("comment", key, &comment_fields()).await
    }

    /// A comment or an amendment (`table`), read with `fields`, and the key of its document.
    async fn with_document<T: serde::de::DeserializeOwned>(
        &self,
        table: &str,
        key: &str,
        fields: &str,
    ) -> Result<(String, T), AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        let sql = format!("SELECT record::id(document) AS document, {fields} FROM type::record($table, $key)");
        let row: Value = self.one(&sql, json!({ "table": table, "key": key })).await?.ok_or(AppError::NotFound)?;
        let document = row["document"].as_str().unwrap_or_default().to_string();
        Ok((document, super::parse(row)?))
    }

    /// New wording of a comment; the earlier one goes into its history.
    pub async fn edit_comment(&self, key: &str, body: &str) -> Result<(), AppError> {
        self.run(
            "UPDATE type::record('comment', $key) SET
               history += { body: body, at: edited_at ?? created_at }, body = $body, edited_at = time::now()
             RETURN NONE",
            json!({ "key": key, "body": body }),
        )
        .await
    }

    /// Deleting leaves a tombstone in the thread; the words stay in the store for the audit.
    pub async fn delete_comment(&self, key: &str) -> Result<(), AppError> {
        self.run("UPDATE type::record('comment', $key) SET deleted = true RETURN NONE", json!({ "key": key })).await
    }

    pub async fn hide_comment(&self, key: &str) -> Result<(), AppError> {
        self.run("UPDATE type::record('comment', $key) SET hidden = true RETURN NONE", json!({ "key": key })).await
    }

    pub async fn resolve_comment(
        &self,
        key: &str,
        resolved: bool,
        taken: Option<bool>,
        note: &str,
        by: &str,
    ) -> Result<(), AppError> {
        self.run(
            "UPDATE type::record('comment', $key) SET resolved = $resolved, taken = $taken, note = $note,
               resolved_name = $by RETURN NONE",
            json!({ "key": key, "resolved": resolved, "taken": taken, "note": note, "by": by }),
        )
        .await
    }

    /// Sets (or with `None` withdraws) a user's stance on a comment or an amendment.
    pub async fn set_stance(&self, table: &str, key: &str, user: &str, stance: Option<Stance>) -> Result<(), AppError> {
        if !matches!(table, "comment" | "amendment") || !valid_key(key) {
            return Err(AppError::NotFound);
        }
        self.run(
            "BEGIN TRANSACTION;
             DELETE stance WHERE subject = type::record($table, $key) AND user = type::record('user', $user);
             IF $value THEN (CREATE stance SET subject = type::record($table, $key), user = type::record('user', $user),
               value = $value RETURN NONE) END;
             COMMIT TRANSACTION;",
            json!({ "table": table, "key": key, "user": user, "value": stance.map(Stance::code) }),
        )
        .await
    }

    /// Records an amendment under the next number of its document (the unique index settles races).
    pub async fn add_amendment(
        &self,
        document: &str,
        change: &Change,
        base: &str,
        justification: &str,
        author: &UserRow,
    ) -> Result<String, AppError> {
        let key = super::new_key();
        for _ in 0..5 {
            let result = self
                .db
                .query(
                    "LET $n = (SELECT VALUE number FROM amendment WHERE document = type::record('document', $document)
                       ORDER BY number DESC LIMIT 1)[0] ?? 0;
                     CREATE type::record('amendment', $key) SET document = type::record('document', $document),
                       number = $n + 1, change = $change, base = $base, justification = $justification,
                       author = type::record('user', $author), author_name = $author_name RETURN NONE;",
                )
                .bind(super::without_nulls(json!({
                    "key": key, "document": document, "change": change, "base": base,
                    "justification": justification, "author": author.id, "author_name": author.name,
                })))
                .await
                .and_then(|r| r.check());
            match result {
                Ok(_) => return Ok(key),
                Err(e) if super::is_unique_violation(&e) => continue,
                Err(e) => return Err(unexpected(e)),
            }
        }
        Err(AppError::Conflict)
    }

    pub async fn amendments_of(&self, document: &str) -> Result<Vec<AmendmentRecord>, AppError> {
        let sql = format!(
            "SELECT {} FROM amendment WHERE document = type::record('document', $document) ORDER BY number",
            amendment_fields()
        );
        self.rows(&sql, json!({ "document": document })).await
    }

    pub async fn amendment(&self, key: &str) -> Result<(String, AmendmentRecord), AppError> {
        self.with_document("amendment", key, &amendment_fields()).await
    }

    /// Records the decision on an amendment still open; false if someone decided it first.
    pub async fn decide_amendment(
        &self,
        key: &str,
        decision: Decision,
        reason: &str,
        by: &str,
        result: Option<&str>,
    ) -> Result<bool, AppError> {
        let rows: Vec<Value> = self
            .rows(
                "UPDATE type::record('amendment', $key) SET status = $status, reason = $reason, decided_name = $by,
                   decided_at = time::now(), result = $result WHERE status = 'open' RETURN record::id(id) AS id",
                json!({ "key": key, "status": decision.code(), "reason": reason, "by": by, "result": result }),
            )
            .await?;
        Ok(!rows.is_empty())
    }

    /// Notes that the user has seen the document's discussion now. Two pages of one person may do so at the
    /// same moment; the store then refuses one write as a conflict, which is retried.
    pub async fn mark_read(&self, user: &str, document: &str) -> Result<(), AppError> {
        let mut last = None;
        for _ in 0..5 {
            let result = self
                .db
                .query(
                    "UPSERT read_mark SET user = type::record('user', $user),
                       document = type::record('document', $document), at = time::now()
                     WHERE user = type::record('user', $user) AND document = type::record('document', $document)
                     RETURN NONE",
                )
                .bind(json!({ "user": user, "document": document }))
                .await
                .and_then(|r| r.check());
            match result {
                Ok(_) => return Ok(()),
                Err(e) if e.to_string().contains("can be retried") => last = Some(e),
                Err(e) => return Err(unexpected(e)),
            }
            tokio::time::sleep(std::time::Duration::from_millis(fastrand::u64(5..25))).await;
        }
        Err(unexpected(last.map(|e| e.to_string()).unwrap_or_default()))
    }

    /// Comments and amendments by others since the user last opened the document.
    pub async fn unread(&self, user: &str, document: &str) -> Result<u32, AppError> {
        let mut total = 0;
        for table in ["comment", "amendment"] {
            let row: Option<Value> = self
                .one(
                    "SELECT count() AS n FROM type::table($table) WHERE document = type::record('document', $document)
                       AND author != type::record('user', $user)
                       AND created_at > ((SELECT VALUE at FROM read_mark WHERE user = type::record('user', $user)
                         AND document = type::record('document', $document))[0] ?? d'1970-01-01T00:00:00Z')
                     GROUP ALL",
                    json!({ "table": table, "user": user, "document": document }),
                )
                .await?;
            total += row.and_then(|v| v["n"].as_u64()).unwrap_or(0) as u32;
        }
        Ok(total)
    }

    pub async fn observers_comment(&self, event: &str) -> Result<bool, AppError> {
        let row: Option<Value> =
            self.one("SELECT observers_comment FROM type::record('event', $event)", json!({ "event": event })).await?;
        Ok(row.and_then(|v| v["observers_comment"].as_bool()).unwrap_or(false))
    }

    pub async fn set_observers_comment(&self, event: &str, allowed: bool) -> Result<(), AppError> {
        self.run(
            "UPDATE type::record('event', $event) SET observers_comment = $allowed RETURN NONE",
            json!({ "event": event, "allowed": allowed }),
        )
        .await
    }

    /// Moves a document to another stage if it still is in `from`; false if someone moved it first.
    pub async fn set_state(
        &self,
        document: &str,
        from: accord_domain::State,
        to: accord_domain::State,
    ) -> Result<bool, AppError> {
        let rows: Vec<Value> = self
            .rows(
                "UPDATE type::record('document', $document) SET state = $to WHERE state = $from
                 RETURN record::id(id) AS id",
                json!({ "document": document, "from": from, "to": to }),
            )
            .await?;
        Ok(!rows.is_empty())
    }
}
