//! `vern serve`: the server, with its logging and its shutdown on a signal.

use anyhow::Context;
use clap::Args;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use vern_server::{Layer, Settings};
use vern_store::Store;

use super::Global;
use super::rfc3339;

// No doc comment here: clap would take it for the command's help over the variant's.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "VERN_LISTEN")]
    listen: Option<SocketAddr>,
    /// Threads that serve HTTP, each with its own event loop (default: one per core).
    #[arg(long, env = "VERN_HTTP_THREADS")]
    http_threads: Option<usize>,
}

pub(super) async fn run(global: &Global, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let flags = Layer {
        listen: args.listen,
        http_threads: args.http_threads,
        ..Layer::default()
    };
    let settings = super::settings(global, flags)?;
    init_logging(&settings);
    serve(settings).await.map(|()| ExitCode::SUCCESS)
}

fn init_logging(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_new(&settings.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    use std::io::IsTerminal;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        // A log line that cannot be written (the reader of standard error has gone) is
        // dropped. By default the subscriber reports that with `eprintln!`, which panics on the
        // same closed stream and took the server down with it.
        .log_internal_errors(false)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    if settings.log_json {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    if settings.clock.is_test_clock() {
        tracing::warn!(now = %rfc3339(settings.clock.now()), "TEST CLOCK IN USE (VERN_TEST_NOW): never run production like this");
    }
    let store = vern_server::open_store(&settings).await?;
    let store: Arc<dyn Store> = Arc::new(store);
    let built = vern_server::build_app(&settings, store).await?;
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, database = ?settings.location.dialect, "vern is listening");
    vern_server::serve(built, &settings, listener, shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
