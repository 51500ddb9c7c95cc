//! Backups while the server runs. The server's process holds the lock of an on-disk store, so `accord backup`
//! cannot open it then; it asks the running server instead. When it starts, the server writes its address and
//! a fresh token to a file beside the store, readable by its owner only, and answers `GET /admin/backup` with
//! the store's export (SurrealDB's, as SurrealQL) to a request that carries that token. Whoever can read the
//! file can read the store's folder, and so the store, already: the token gives nobody more than that.

use axum::body::Body;
use axum::extract::State;
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
    /// Writes the address and a new token beside the store at `db`, for this run of the server.
    pub fn open(db: &str, addr: std::net::SocketAddr) -> anyhow::Result<Door> {
        let Some(file) = token_file(db) else { return Ok(Door::default()) };
        let token = app::auth::new_token();
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut out = options.open(&file).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", file.display()))?;
        writeln!(out, "http://{addr}\n{token}")?;
        Ok(Door { token_hash: Some(app::auth::token_hash(&token).into()) })
    }

    /// Compared as SHA-256 digests, so the time a comparison takes tells nothing of the token.
    fn admits(&self, headers: &HeaderMap) -> bool {
        let given =
            headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
        match (&self.token_hash, given) {
            (Some(hash), Some(token)) => app::auth::token_hash(token) == **hash,
            _ => false,
        }
    }
}

/// `GET /admin/backup`: the store's export, streamed.
pub async fn serve(State(shared): State<crate::application::Shared>, headers: HeaderMap) -> Response {
    if !shared.backup.admits(&headers) {
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
    let mut response = reqwest::Client::new()
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
    let mut out = std::fs::File::create(&part).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", part.display()))?;
    let n = match fill(&mut out).await {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            return Err(e);
        }
    };
    out.sync_all()?;
    std::fs::rename(&part, to).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", to.display()))?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let door = Door::open(&db, "127.0.0.1:3000".parse().unwrap()).unwrap();
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
        assert!(!Door::default().admits(&with(&format!("Bearer {token}"))), "no token file, no backups over HTTP");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(token_file(&db).unwrap()).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by its owner only");
        }
    }
}
