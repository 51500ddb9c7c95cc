//! Backups while the server runs. The server's process holds the lock of an on-disk store, so `accord backup`
//! cannot open it then; it asks the running server instead. When it starts, the server writes its address and
//! a fresh token to a file beside the store, readable by its owner only (the user the server runs as, who owns
//! the store), and answers `GET /admin/backup` with the store's export (SurrealDB's, as SurrealQL) to a request
//! from this machine that carries that token and came through no proxy. Where the file cannot be written, backups
//! over HTTP are off and the server says so; `accord backup` then works with the server stopped.

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const ROUTE: &str = "/admin/backup";

/// The server's side: the token a backup request must carry, if the store is on disk.
#[derive(Clone, Default)]
pub struct Door {
    token_hash: Option<Arc<str>>,
}

/// The file beside an on-disk store (`surrealkv://data/accord` → `data/accord.backup-token`); none for a store in
/// memory or on a SurrealDB server, which another process can reach by itself.
pub fn token_file(db: &str) -> Option<PathBuf> {
    let path = db.strip_prefix("surrealkv://")?.split('?').next()?;
    (!path.is_empty()).then(|| PathBuf::from(format!("{path}.backup-token")))
}

impl Door {
    /// Writes the address and a new token beside the store at `db`, for this run of the server; closed (with a
    /// warning) where that file cannot be written.
    pub fn open(db: &str, addr: std::net::SocketAddr) -> Door {
        let Some(file) = token_file(db) else { return Door::default() };
        let token = app::auth::new_token();
        let written = owner_only(&file).and_then(|mut out| Ok(writeln!(out, "http://{addr}\n{token}")?));
        match written {
            Ok(()) => Door { token_hash: Some(app::auth::token_hash(&token).into()) },
            Err(e) => {
                tracing::warn!("backups over HTTP are off: cannot write {}: {e}", file.display());
                Door::default()
            }
        }
    }

    /// Compared as SHA-256 digests, so the time a comparison takes tells nothing of the token.
    fn admits(&self, headers: &HeaderMap) -> bool {
        if headers.contains_key(header::FORWARDED) || headers.contains_key("x-forwarded-for") {
            return false;
        }
        let given =
            headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
        match (&self.token_hash, given) {
            (Some(hash), Some(token)) => app::auth::token_hash(token) == **hash,
            _ => false,
        }
    }
}

/// A new file readable and writable by its owner only; one already there (or a link in its place) is removed
/// first, so its mode or target is not what the file gets.
fn owner_only(path: &Path) -> anyhow::Result<std::fs::File> {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => anyhow::bail!("cannot replace {}: {e}", path.display()),
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
}

/// `GET /admin/backup`: the store's export, streamed, to a request from this machine with the token.
pub async fn serve(
    State(shared): State<crate::application::Shared>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if !peer.ip().is_loopback() || !shared.backup.admits(&headers) {
        return (StatusCode::FORBIDDEN, "a backup needs the token the server wrote beside its store").into_response();
    }
    match shared.store.backup_stream().await {
        Ok(stream) => {
            let body = Body::from_stream(stream.map(|chunk| chunk.map_err(std::io::Error::other)));
            ([(header::CONTENT_TYPE, "application/sql; charset=utf-8")], body).into_response()
        }
        Err(e) => {
            tracing::error!("backup: {e:#}");
            (StatusCode::SERVICE_UNAVAILABLE, "the store could not be read for a backup").into_response()
        }
    }
}

/// The command line's side: the export from the server running on the store at `db`, written to `to`.
/// Returns the bytes written.
pub async fn from_running_server(db: &str, to: &Path) -> anyhow::Result<u64> {
    let file = token_file(db).ok_or_else(|| anyhow::anyhow!("no server of this store can be asked"))?;
    let written = std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let mut lines = written.lines();
    let (Some(base), Some(token)) = (lines.next(), lines.next()) else {
        anyhow::bail!("{} is not what the server writes", file.display())
    };
    let client = reqwest::Client::builder()
        .no_proxy()
        .connect_timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| anyhow::anyhow!("cannot make an HTTP client: {e}"))?;
    let mut response = client
        .get(format!("{base}{ROUTE}"))
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("the server at {base} does not answer: {e}"))?;
    if !response.status().is_success() {
        anyhow::bail!("the server at {base} refused the backup: {}", response.text().await.unwrap_or_default());
    }
    write_whole(to, async |out| {
        let mut n = 0u64;
        while let Some(chunk) = response.chunk().await? {
            out.write_all(&chunk)?;
            n += chunk.len() as u64;
        }
        Ok(n)
    })
    .await
}

/// The file a backup is written to before it is complete and renamed to `to`, so an interrupted backup never
/// leaves a partial file under the name asked for.
pub fn part_of(to: &Path) -> PathBuf {
    PathBuf::from(format!("{}.part", to.display()))
}

/// Writes `to` by way of [`part_of`].
async fn write_whole(
    to: &Path,
    fill: impl AsyncFnOnce(&mut std::fs::File) -> anyhow::Result<u64>,
) -> anyhow::Result<u64> {
    let part = part_of(to);
    let mut out = owner_only(&part)?;
    let n = match fill(&mut out).await {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            return Err(e);
        }
    };
    put_in_place(&part, to)?;
    Ok(n)
}

/// Makes a complete backup at `part` durable and readable by its owner only (it holds password hashes), then
/// renames it to `to`; on failure `part` is removed.
pub fn put_in_place(part: &Path, to: &Path) -> anyhow::Result<()> {
    let done = (|| -> anyhow::Result<()> {
        #[cfg(unix)]
        std::fs::set_permissions(part, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
        std::fs::File::open(part)?.sync_all()?;
        std::fs::rename(part, to).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", to.display()))
    })();
    if done.is_err() {
        let _ = std::fs::remove_file(part);
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_writable_place_for_the_token_backups_over_http_are_off() {
        let db = "surrealkv:///nonexistent-accord-dir/store";
        let door = Door::open(db, "127.0.0.1:3000".parse().unwrap());
        assert!(door.token_hash.is_none(), "the server starts, without the door");
    }

    #[test]
    fn only_an_on_disk_store_has_a_token_file() {
        assert_eq!(token_file("surrealkv://data/accord"), Some(PathBuf::from("data/accord.backup-token")));
        assert_eq!(
            token_file("surrealkv:///srv/accord?versioned=false"),
            Some(PathBuf::from("/srv/accord.backup-token"))
        );
        assert_eq!(token_file("mem://"), None);
        assert_eq!(token_file("ws://127.0.0.1:8000"), None);
    }

    #[test]
    fn the_door_opens_to_its_token_only() {
        let dir = tempfile::tempdir().unwrap();
        let db = format!("surrealkv://{}", dir.path().join("store").display());
        let door = Door::open(&db, "127.0.0.1:3000".parse().unwrap());
        let written = std::fs::read_to_string(token_file(&db).unwrap()).unwrap();
        let token = written.lines().nth(1).unwrap();
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, value.parse().unwrap());
            headers
        };
        assert!(door.admits(&with(&format!("Bearer {token}"))));
        assert!(!door.admits(&with("Bearer nope")));
        assert!(!door.admits(&HeaderMap::new()));
        let mut proxied = with(&format!("Bearer {token}"));
        proxied.insert("x-forwarded-for", "203.0.113.7".parse().unwrap());
        assert!(!door.admits(&proxied), "a request through a proxy is not from this machine");
        assert!(!Door::default().admits(&with(&format!("Bearer {token}"))), "no token file, no backups over HTTP");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(token_file(&db).unwrap()).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by its owner only");
        }
    }
}
