//! A minimal axum server, the yardstick `bench/check-http.sh` measures vern's check endpoint
//! against: same axum, same multi-threaded tokio runtime, nothing else.
//!
//! `cargo run --release -p vern-server --example hello -- 8081` serves `GET /` on
//! 127.0.0.1:8081.
#![allow(clippy::print_stderr)] // a tool: it reports on standard error

use axum::Router;
use axum::routing::get;
use std::process::ExitCode;

fn main() -> ExitCode {
    let port: u16 = match std::env::args().nth(1).map(|p| p.parse()) {
        Some(Ok(port)) => port,
        _ => {
            eprintln!("usage: hello PORT");
            return ExitCode::from(2);
        }
    };
    // The same runtime `vern` builds: multi-threaded, one worker per core.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let app = Router::new().route("/", get(|| async { "hello, world\n" }));
        let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
                return ExitCode::FAILURE;
            }
        };
        eprintln!("hello listening on 127.0.0.1:{port}");
        match axum::serve(listener, app).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
