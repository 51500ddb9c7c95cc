//! Builds the router over a connected store and runs it; tests build it on port 0 over `mem://`.

use crate::config::Config;
use app::ballots::Ballots;
use app::rooms::Rooms;
use app::store::Store;
use app::{shell, App};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;

/// The largest request body accepted (an import is at most 512 KB of text).
pub const BODY_LIMIT: usize = 1024 * 1024;

pub struct Application {
    listener: TcpListener,
    router: Router,
    store: Store,
    rooms: Rooms,
}

/// What the routes beside the Leptos pages share.
#[derive(Clone)]
pub struct Shared {
    pub store: Store,
    pub rooms: Rooms,
    pub ballots: Ballots,
    pub limits: crate::collab::Limits,
    /// The demo accounts the sign-in page lists.
    pub demo: app::demo::DemoAccounts,
    /// Who may take a backup over HTTP (`accord backup` while this server holds the store).
    pub backup: crate::backup::Door,
}

impl axum::extract::FromRef<Shared> for Store {
    fn from_ref(shared: &Shared) -> Store {
        shared.store.clone()
    }
}

impl axum::extract::FromRef<Shared> for Rooms {
    fn from_ref(shared: &Shared) -> Rooms {
        shared.rooms.clone()
    }
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let store = config.open_store().await?;
        if config.demo {
            crate::demo::seed_if_empty(&store).await?;
        }
        let listener = TcpListener::bind(config.addr).await?;
        let mut options = leptos::config::get_configuration(None)?.leptos_options;
        if options.output_name.is_empty() {
            options.output_name = "accord".into();
        }
        options.site_addr = listener.local_addr()?;
        options.site_root = config.site_root.clone().into();
        let rooms = Rooms::new(store.clone(), config.rooms.clone());
        let listed = app::services::registry::backfill(&rooms).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        if listed > 0 {
            tracing::info!("listed the recommendations of {listed} adopted documents in the registry");
        }
        let ballots = Ballots::new(store.clone(), rooms.clone());
        ballots.watch_deadlines();
        crate::notices::spawn(store.clone(), config.notices.clone());
        let demo = crate::demo::accounts_with_demo_password(&store).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let backup = crate::backup::Door::open(&config.db, listener.local_addr()?);
        let shared =
            Shared { store: store.clone(), rooms: rooms.clone(), ballots, limits: config.limits, demo, backup };
        let router = router(shared, options);
        Ok(Application { listener, router, store, rooms })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn store(&self) -> Store {
        self.store.clone()
    }

    pub fn rooms(&self) -> Rooms {
        self.rooms.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        use axum::serve::ListenerExt;
        let service = self.router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        // Without TCP_NODELAY a small WebSocket frame can wait for the peer's delayed ACK (~40 ms on Linux).
        let listener = self.listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let served = axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await;
        // Text already sent to clients may still be on its way to the store.
        self.rooms.settle_open().await;
        served
    }
}

fn router(shared: Shared, options: LeptosOptions) -> Router {
    let routes = generate_route_list(App);
    let context_store = shared.store.clone();
    let shared_store = shared.store.clone();
    let shared_rooms = shared.rooms.clone();
    let context_rooms = shared.rooms.clone();
    let context_ballots = shared.ballots.clone();
    let limiters = std::sync::Arc::new(app::server_fns::context::Limiters::default());
    let demo = shared.demo.clone();
    let context = move || {
        provide_context(demo.clone());
        provide_context(context_store.clone());
        provide_context(context_rooms.clone());
        provide_context(context_ballots.clone());
        provide_context(limiters.clone());
    };
    let pages = Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(context, shell))
        .layer(axum::middleware::from_fn_with_state(
            crate::preload::Chunks::load(std::path::Path::new(&*options.site_root), &options.site_pkg_dir),
            crate::preload::announce,
        ))
        .with_state(options);
    let extra = Router::new()
        .route("/lang/{code}", get(crate::routes::switch_lang))
        .route("/documents/{id}/export.md", get(crate::routes::export_md))
        .route("/documents/{id}/export.json", get(crate::routes::export_json))
        .route("/documents/{id}/export.docx", get(crate::routes::export_docx))
        .route("/documents/{id}/export.pdf", get(crate::routes::export_pdf))
        .route("/documents/{id}/ballots.csv", get(crate::routes::export_ballots_csv))
        .route("/documents/{id}/summary.csv", get(crate::routes::summary_csv))
        .route("/documents/{id}/summary.docx", get(crate::routes::summary_docx))
        .route("/documents/{id}/events", get(crate::routes::document_events))
        .route("/documents/{id}/versions/{number}", get(crate::routes::version_text))
        .route("/account/data.json", get(crate::routes::personal_data))
        .route("/unsubscribe", axum::routing::post(crate::routes::unsubscribe_post))
        .route("/ws/doc/{id}", get(crate::collab::upgrade))
        .route(crate::backup::ROUTE, get(crate::backup::serve))
        .nest("/api/v1", crate::api::router())
        .with_state(shared);
    let kept = crate::public_pages::PublicPages::new(shared_store, &shared_rooms);
    let site = pages.merge(extra).layer(axum::middleware::from_fn_with_state(kept, crate::public_pages::serve));
    crate::security::layers(site, BODY_LIMIT)
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let db = config.db.clone();
    let app = Application::build(config).await?;
    tracing::info!("Accord is listening on http://127.0.0.1:{} (store: {db})", app.port());
    app.run_until_stopped().await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
