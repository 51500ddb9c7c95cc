//! Settings, from defaults and then the environment.

use std::net::SocketAddr;

pub const DEFAULT_DB: &str = "surrealkv://data/accord";

#[derive(Clone, Debug)]
pub struct Config {
    /// `ACCORD_DB`: the store's connection string.
    pub db: String,
    /// `ACCORD_DB_USER` and `ACCORD_DB_PASS`: the database server's user, where it asks for one.
    pub db_login: Option<(String, String)>,
    /// `ACCORD_DB_CACHE_MB` and `ACCORD_DB_MEMTABLE_MB`: an on-disk store's memory (`app::store::Caches`).
    pub db_caches: app::store::Caches,
    /// `LEPTOS_SITE_ADDR`: where to listen (port 0 picks a free one).
    pub addr: SocketAddr,
    /// `ACCORD_DEMO`: fill an empty store with the demo events (`1`, the default) or not (`0`).
    pub demo: bool,
    /// `LEPTOS_SITE_ROOT`: the folder with the compiled site (`target/site`).
    pub site_root: String,
    /// `ACCORD_ROOM_IDLE_SECS`: how long a document without connections stays loaded.
    pub rooms: app::rooms::Settings,
    pub limits: crate::collab::Limits,
    /// `ACCORD_SMTP_URL`, `ACCORD_SMTP_FROM`, `ACCORD_PUBLIC_URL`, `ACCORD_DIGEST_HOURS`: notices by e-mail.
    pub notices: crate::notices::Settings,
}

impl Config {
    pub async fn open_store(&self) -> anyhow::Result<app::store::Store> {
        let login = self.db_login.as_ref().map(|(user, pass)| (user.as_str(), pass.as_str()));
        app::store::Store::connect_as(&self.db, login, self.db_caches).await
    }

    pub fn from_env() -> Config {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Config {
            db: var("ACCORD_DB").unwrap_or_else(|| DEFAULT_DB.to_string()),
            db_login: var("ACCORD_DB_USER").zip(var("ACCORD_DB_PASS")),
            db_caches: app::store::Caches::from_mib(
                var("ACCORD_DB_CACHE_MB").as_deref(),
                var("ACCORD_DB_MEMTABLE_MB").as_deref(),
            ),
            addr: var("LEPTOS_SITE_ADDR").and_then(|a| a.parse().ok()).unwrap_or_else(|| ([127, 0, 0, 1], 3000).into()),
            demo: var("ACCORD_DEMO").is_none_or(|v| v != "0"),
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_string()),
            rooms: app::rooms::Settings {
                idle: std::time::Duration::from_secs(
                    var("ACCORD_ROOM_IDLE_SECS").and_then(|v| v.parse().ok()).unwrap_or(30),
                ),
                ..Default::default()
            },
            limits: Default::default(),
            notices: {
                let defaults = crate::notices::Settings::default();
                crate::notices::Settings {
                    smtp: var("ACCORD_SMTP_URL"),
                    from: var("ACCORD_SMTP_FROM").unwrap_or(defaults.from),
                    public_url: var("ACCORD_PUBLIC_URL")
                        .unwrap_or(defaults.public_url)
                        .trim_end_matches('/')
                        .to_string(),
                    digest_every: var("ACCORD_DIGEST_HOURS")
                        .and_then(|h| h.parse::<u64>().ok())
                        .map_or(defaults.digest_every, |h| std::time::Duration::from_secs(h.max(1) * 3600)),
                    ..defaults
                }
            },
        }
    }

    /// For tests: a fresh in-memory store on a free port, no demo content.
    pub fn for_tests() -> Config {
        Config {
            db: "mem://".into(),
            db_login: None,
            db_caches: Default::default(),
            addr: ([127, 0, 0, 1], 0).into(),
            demo: false,
            site_root: "target/site".into(),
            rooms: Default::default(),
            limits: Default::default(),
            notices: Default::default(),
        }
    }
}
