//! Table `attempt`: sign-in and sign-up attempts counted in the store, for servers that share it
//! (`auth::RateLimiter`).

use super::Store;
use crate::error::AppError;
use serde_json::json;

impl Store {
    /// Counts one attempt for `key` (stored as its hash) in the current window of `window_secs`; the count
    /// so far in that window. Two servers counting the same key at once conflict, and the loser counts again.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn count_attempt(&self, key: &str, window_secs: u64) -> Result<u32, AppError> {
        const SQL: &str = "UPSERT type::record('attempt', [$key, math::floor(time::unix() / $window)]) SET n += 1, \
                           at = time::now() RETURN VALUE n";
        let hash = crate::auth::token_hash(key);
        let mut last = None;
        for _ in 0..5 {
            let counted: Result<Vec<i64>, _> = self
                .query(SQL, json!({ "key": hash, "window": window_secs }))
                .await
                .and_then(|mut r| Self::take(SQL, &mut r, 0));
            match counted {
                Ok(n) => {
                    if fastrand::u8(..) == 0 {
                        self.run("DELETE attempt WHERE at < time::now() - 1h RETURN NONE", json!({})).await?;
                    }
                    return Ok(n.first().copied().unwrap_or(1).clamp(0, i64::from(u32::MAX)) as u32);
                }
                Err(e) if e.is_conflict() => last = Some(e),
                Err(e) => return Err(e.into()),
            }
            tokio::time::sleep(std::time::Duration::from_millis(fastrand::u64(5..25))).await;
        }
        Err(last.map_or(AppError::Unexpected, AppError::from))
    }
}
