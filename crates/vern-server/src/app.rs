//! Building and serving the application: `vern serve`, the tests and any embedding start it
//! the same way.

use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::{Arc, OnceLock};
use tokio::net::TcpListener;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_scalar::{Scalar, Servable};
use vern_store::master_key;
use vern_store::store::AdminStore;
use vern_store::{SqlStore, Store};

use crate::follower::Follower;
use crate::openapi::ApiDoc;
use crate::routes;
use crate::settings::Settings;
use crate::state::{App, AppState};

/// A built application, ready to serve.
#[allow(missing_debug_implementations)] // the OpenAPI document has no Debug
pub struct Built {
    /// The state shared by handlers and jobs.
    pub state: AppState,
    /// The router.
    pub router: Router,
    /// The OpenAPI document.
    pub openapi: utoipa::openapi::OpenApi,
}

/// Open the store the settings name, migrate it and claim it for the master key.
pub async fn open_store(settings: &Settings) -> anyhow::Result<SqlStore> {
    let master = master_key::load(&settings.master_key)?;
    let keys = vern_store::InstallationKeys::derive(&master.bytes);
    let store = SqlStore::open(settings.location.clone(), keys).await?;
    store.migrate().await?;
    store.claim(&master, settings.clock.now()).await?;
    Ok(store)
}

/// The bounds of the request-latency histogram, in seconds: a check answers in tens of
/// microseconds, an access report or a list wash may take seconds.
const REQUEST_SECONDS_BUCKETS: [f64; 16] = [
    0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
    1.0, 2.5, 10.0,
];

fn prometheus() -> anyhow::Result<PrometheusHandle> {
    // The recorder is process-global; several apps in one process (tests) share it.
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    if let Some(handle) = HANDLE.get() {
        return Ok(handle.clone());
    }
    // Latency as a histogram with buckets rather than the exporter's default summary: buckets
    // add up across several `vern serve` processes, where quantiles cannot, and recording a
    // sample is a bucket increment instead of an insert into a sketch.
    let builder = PrometheusBuilder::new().set_buckets_for_metric(
        Matcher::Full("vern_http_request_seconds".into()),
        &REQUEST_SECONDS_BUCKETS,
    )?;
    Ok(HANDLE
        .get_or_init(|| {
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("a metrics recorder was already installed; /metrics will be empty");
            }
            handle
        })
        .clone())
}

/// The router and the OpenAPI document, from the route modules.
pub(crate) fn routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    use utoipa::Modify as _;
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(routes::system::router())
        .merge(routes::controllers::router())
        .merge(routes::customers::router())
        .merge(routes::people::router())
        .merge(routes::notices::router())
        .merge(routes::history::router())
        .merge(routes::marketing::router())
        .merge(routes::requests::router())
        .merge(routes::objections::router())
        .merge(routes::check::router())
        .merge(routes::wash::router())
        .merge(routes::report::router())
        .merge(routes::erasure::router())
        .merge(routes::breaches::router())
        .merge(routes::processors::router())
        .merge(routes::preferences::router())
        .merge(routes::sms::router())
        // Moving in (docs/import.md).
        .merge(routes::imports::router())
        // Issue 20 §3.
        .merge(routes::statistics::router())
        .split_for_parts();
    crate::openapi::EdgeStatuses.modify(&mut doc);
    (router, doc)
}

/// Build the application over an opened store.
pub async fn build_app(settings: &Settings, store: Arc<dyn Store>) -> anyhow::Result<Built> {
    let follower = Follower::new(Arc::clone(&store));
    build_with(settings, store, follower).await
}

/// Build the application for a command that answers no contact question in its own process
/// (`vern import people`): its index holds no people ([`Follower::without_people`]).
pub async fn build_app_without_people(
    settings: &Settings,
    store: Arc<dyn Store>,
) -> anyhow::Result<Built> {
    let follower = Follower::without_people(Arc::clone(&store));
    build_with(settings, store, follower).await
}

async fn build_with(
    settings: &Settings,
    store: Arc<dyn Store>,
    follower: Follower,
) -> anyhow::Result<Built> {
    // Once, at the first start after the upgrade that added the name index: the people stored
    // before it (docs/people-search.md). Commands that only read (`vern audit verify`) leave it.
    store.build_name_index(settings.clock.now()).await?;
    let follower = Arc::new(follower);
    follower.start().await?;
    let state = AppState(Arc::new(App {
        store,
        clock: settings.clock,
        follower,
        metrics: prometheus()?,
        gauges: Arc::default(),
        limits: crate::guard::Limits::default(),
        erasure: settings.erasure.clone(),
        wash: settings.wash,
        preferences: settings.preferences.clone(),
        sms_path: settings.mail.sms_gateway.is_some() || settings.mail.outbox_dir.is_some(),
    }));
    let (api, openapi) = routes();
    let docs = openapi.clone();
    let router = api
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let doc = docs.clone();
                async move { axum::Json(doc) }
            }),
        )
        .merge(Scalar::with_url("/docs", openapi.clone()))
        .merge(routes::public_form::public_router())
        .merge(crate::ui::router(settings.ui))
        .merge(routes::report::public_router())
        .merge(routes::preferences::public_router())
        .route_layer(axum::middleware::from_fn(crate::edge::refuse_nul_in_uri))
        .fallback(crate::error::no_route)
        .method_not_allowed_fallback(crate::error::no_method)
        .layer(axum::middleware::from_fn(crate::edge::uniform))
        .layer(axum::Extension(settings.trusted_proxies.clone()))
        .layer(crate::observe::ObserveLayer)
        .with_state(state.clone());
    Ok(Built {
        state,
        router,
        openapi,
    })
}

/// Serve until `shutdown` resolves, with the background jobs running beside.
pub async fn serve(
    built: Built,
    settings: &Settings,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let follower = Arc::clone(&built.state.follower);
    let mut jobs = vec![tokio::spawn(
        follower.run(settings.sync_interval, stop_rx.clone()),
    )];
    jobs.push(tokio::spawn(crate::jobs::deadlines::run(
        Arc::clone(&built.state.store),
        settings.clock,
        Arc::clone(&built.state.gauges),
        std::time::Duration::from_secs(60),
        stop_rx.clone(),
    )));
    jobs.push(tokio::spawn(crate::jobs::retention::run(
        Arc::clone(&built.state.store),
        settings.clock,
        settings.erasure.clone(),
        std::time::Duration::from_secs(3600),
        stop_rx.clone(),
    )));
    jobs.push(tokio::spawn(crate::jobs::notices::run(
        Arc::clone(&built.state.store),
        settings.clock,
        std::time::Duration::from_secs(2),
        stop_rx.clone(),
    )));
    jobs.push(tokio::spawn(crate::jobs::metrics::run(
        built.state.metrics.clone(),
        std::time::Duration::from_secs(5),
        stop_rx.clone(),
    )));
    jobs.push(tokio::spawn(crate::jobs::art14::run(
        Arc::clone(&built.state.store),
        settings.clock,
        Arc::clone(&built.state.gauges),
        built.state.sms_path,
        settings.preferences.clone(),
        std::time::Duration::from_secs(2),
        stop_rx.clone(),
    )));
    let deliverer = Arc::new(crate::delivery::Deliverer::new(&settings.mail)?);
    jobs.push(tokio::spawn(crate::jobs::delivery::run(
        Arc::clone(&built.state.store),
        settings.clock,
        deliverer,
        std::time::Duration::from_secs(2),
        stop_rx.clone(),
    )));
    let make = crate::front::MakeFront::new(
        built.router,
        built.state.clone(),
        tokio::runtime::Handle::current(),
        settings.http,
    );
    let served = crate::front::serve(listener, make, settings.http_threads, shutdown).await;
    let _ = stop_tx.send(true);
    for job in jobs {
        let _ = job.await;
    }
    served
}
