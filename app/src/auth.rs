//! Passwords, tokens, the session cookie and the rate limiter (server only).

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const SESSION_COOKIE: &str = "accord_session";
pub const SESSION_DAYS: i64 = 30;

/// Hashes a password with argon2id and a random salt, in the PHC string format.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash a password: {e}"))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|h| argon2::Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A hash to compare against when the account does not exist, so that a wrong e-mail costs as much time as
/// a wrong password and the two cannot be told apart.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("not a real password").unwrap_or_default())
}

/// 32 random bytes, URL-safe base64: for sessions, invitations and access tokens.
pub fn new_token() -> String {
    use base64::Engine;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system gives random bytes");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Only the SHA-256 of a token is stored, so a copy of the store does not let anyone in.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    let max_age = SESSION_DAYS * 24 * 3600;
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}")
}

pub fn expired_session_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}")
}

/// A fixed-window counter per key («ip:…», «account:…»): in memory for one server, in the store for servers
/// that share a database server (`count`), so that a guesser gains nothing by spreading attempts over them.
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    seen: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter { limit, window, seen: Mutex::new(HashMap::new()) }
    }

    /// Counts one attempt for `key`, in the store when other servers share it; false once the key has used up
    /// its window.
    pub async fn count(&self, store: &crate::store::Store, key: &str) -> Result<bool, crate::error::AppError> {
        if store.is_shared() {
            Ok(store.count_attempt(key, self.window.as_secs()).await? <= self.limit)
        } else {
            Ok(self.allow(key))
        }
    }

    /// Counts one attempt for `key` in this process; false once the key has used up its window.
    pub fn allow(&self, key: &str) -> bool {
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() > 100_000 {
            seen.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = seen.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("верный пароль").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("верный пароль", &hash));
        assert!(!verify_password("неверный пароль", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn session_cookies() {
        assert!(session_cookie("t", true).contains("HttpOnly; SameSite=Lax; Secure"));
        assert!(!session_cookie("t", false).contains("Secure"));
    }

    #[test]
    fn limiter_counts_per_key_and_window() {
        let limiter = RateLimiter::new(2, Duration::from_millis(50));
        assert!(limiter.allow("ip:1") && limiter.allow("ip:1"));
        assert!(!limiter.allow("ip:1"));
        assert!(limiter.allow("ip:2"));
        std::thread::sleep(Duration::from_millis(60));
        assert!(limiter.allow("ip:1"));
    }
}
