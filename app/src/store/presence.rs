//! Table `presence`: who is in a document on each server (the awareness of that server's own connections, in
//! y-protocols' encoding), for the other servers' rooms to show (`rooms::tail`).

use super::Store;
use crate::error::AppError;
use crate::ids::DocumentId;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
pub struct Presence {
    pub document: DocumentId,
    /// Base64 of an awareness update.
    pub data: String,
}

impl Store {
    /// Replaces what server `origin` last stored of a document's presence.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn put_presence(&self, key: &DocumentId, origin: &str, data: &str) -> Result<(), AppError> {
        self.run(
            "UPSERT type::record('presence', [$key, $origin])
               SET document = $key, origin = $origin, data = $data, at = time::now() RETURN NONE",
            json!({ "key": key, "origin": origin, "data": data }),
        )
        .await
    }

    /// The other servers' presence in `keys` stored in the last 30 seconds: a y-protocols client renews its
    /// state every 15, and forgets one not renewed for 30.
    #[tracing::instrument(level = "debug", skip_all, fields(n = keys.len()))]
    pub async fn presence(&self, keys: &[DocumentId], origin: &str) -> Result<Vec<Presence>, AppError> {
        self.rows(
            "SELECT document, data FROM presence
             WHERE document IN $keys AND origin != $origin AND at > time::now() - 30s",
            json!({ "keys": keys, "origin": origin }),
        )
        .await
    }

    /// Deletes presence no server has renewed for two minutes (servers stopped, documents closed).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn forget_presence(&self) -> Result<(), AppError> {
        self.run("DELETE presence WHERE at < time::now() - 2m", json!({})).await
    }
}
