//! Table `announcement`: what one Accord server announces about a document (`LiveUpdate`) for the open pages of
//! the other servers on the same database server, read by each of them (`rooms::relay`).

use super::Store;
use crate::error::AppError;
use crate::ids::DocumentId;
use serde::Deserialize;
use serde_json::json;

/// How far before the newest announcement read the next reading starts (a SurrealQL duration).
pub const OVERLAP: &str = "2s";

#[derive(Debug, Deserialize)]
pub struct Announcement {
    pub id: String,
    /// The server that made it (`rooms::relay::Relay::origin`).
    pub origin: String,
    pub document: DocumentId,
    pub word: String,
    /// When the database server stored it, as it writes a datetime.
    pub at: String,
}

impl Store {
    /// Stores announcements of the server `origin`, all in one statement.
    #[tracing::instrument(level = "debug", skip_all, fields(n = rows.len()))]
    pub async fn announce(&self, origin: &str, rows: &[(DocumentId, &str)]) -> Result<(), AppError> {
        let rows: Vec<_> = rows
            .iter()
            .map(|(document, word)| json!({ "origin": origin, "document": document, "word": word }))
            .collect();
        self.run("INSERT INTO announcement $rows RETURN NONE", json!({ "rows": rows })).await
    }

    /// Announcements stored after `after` (a datetime as this and `database_now` give it) or up to `OVERLAP`
    /// before it, oldest first. The overlap catches a row whose transaction took its time
    /// stamp before a row already read and committed after it; the reader skips what it has read.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn announcements_after(&self, after: &str) -> Result<Vec<Announcement>, AppError> {
        self.rows(
            "SELECT record::id(id) AS id, origin, document, word, <string> at AS at FROM announcement
             WHERE at > <datetime> $after - <duration> $overlap ORDER BY at",
            json!({ "after": after, "overlap": OVERLAP }),
        )
        .await
    }

    /// The database server's clock, as it writes a datetime: where a server starts reading announcements.
    pub async fn database_now(&self) -> Result<String, AppError> {
        let now: Option<String> = self.one("RETURN [<string> time::now()]", json!({})).await?;
        now.ok_or(AppError::Unexpected)
    }

    /// Deletes announcements older than a minute: every page that could hear of them has.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn forget_announcements(&self) -> Result<(), AppError> {
        self.run("DELETE announcement WHERE at < time::now() - 1m RETURN NONE", json!({})).await
    }
}
