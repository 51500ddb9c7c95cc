//! Table `attempt`: sign-in and sign-up attempts counted in the store, for servers that share it
//! (`auth::RateLimiter`).

use super::Store;
use crate::error::AppError;
use serde_json::json;

impl Store {
    /// Counts one attempt for `key` (stored as its hash) in the current window of `window_secs`; the count
    /// so far in that window. Two servers counting the same key at once conflict, and the loser counts again;
    /// one that keeps conflicting counts as over any limit.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn count_attempt(&self, key: &str, window_secs: u64) -> Result<u32, AppError> {
        const SQL: &str = "UPSERT type::record('attempt', [$key, math::floor(time::unix() / $window)]) SET n += 1, \
                           at = time::now() RETURN VALUE n";
        let hash = crate::auth::token_hash(key);
        let vars = json!({ "key": hash, "window": window_secs });
        let counted = super::again_on_conflict(|| async {
            let mut response = self.query(SQL, vars.clone()).await?;
            Self::take::<i64>(SQL, &mut response, 0)
        })
        .await;
        let n = match counted {
            Ok(n) => n.first().copied().unwrap_or(1),
            // Still meeting others counting the same key after eight tries: that many at once are too many.
            Err(e) if e.is_conflict() => return Ok(u32::MAX),
            Err(e) => return Err(e.into()),
        };
        if fastrand::u8(..) == 0 {
            if let Err(e) = self.run("DELETE attempt WHERE at < time::now() - 1h RETURN NONE", json!({})).await {
                tracing::error!("old sign-in attempts not deleted: {e}");
            }
        }
        Ok(n.clamp(0, i64::from(u32::MAX)) as u32)
    }
}
