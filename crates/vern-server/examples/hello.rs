//! A minimal axum server, the yardstick `bench/check-http.sh` measures vern's check endpoint
//! against: same axum, nothing else.
//!
//! `cargo run --release -p vern-server --example hello -- 8081` serves `GET /` on
//! 127.0.0.1:8081 from the stock multi-threaded tokio runtime, one worker per core, as most
//! axum services run. With `per-core` after the port it is served the way `vern serve` serves
//! HTTP instead (`front.rs`): one thread per core, each with its own current-thread runtime,
//! sharing the listening socket. The benchmark reports vern against both.
#![allow(clippy::print_stderr)] // a tool: it reports on standard error

use axum::Router;
use axum::routing::get;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let port: u16 = match args.next().map(|p| p.parse()) {
        Some(Ok(port)) => port,
        _ => return usage(),
    };
    let per_core = match args.next().as_deref() {
        None => false,
        Some("per-core") => true,
        Some(_) => return usage(),
    };
    let listener = match std::net::TcpListener::bind(("127.0.0.1", port))
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
    {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = if per_core {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let threads: Vec<_> = (0..cores)
            .map(|_| {
                let listener = listener.try_clone();
                std::thread::spawn(move || {
                    serve(listener, tokio::runtime::Builder::new_current_thread())
                })
            })
            .collect();
        eprintln!("hello listening on 127.0.0.1:{port}, {cores} threads with a runtime each");
        threads.into_iter().try_for_each(|t| {
            t.join()
                .unwrap_or_else(|_| Err(std::io::Error::other("panicked")))
        })
    } else {
        eprintln!("hello listening on 127.0.0.1:{port}");
        serve(Ok(listener), tokio::runtime::Builder::new_multi_thread())
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: hello PORT [per-core]");
    ExitCode::from(2)
}

/// Serve hello world on `listener` from a runtime made by `builder`, until killed.
fn serve(
    listener: std::io::Result<std::net::TcpListener>,
    mut builder: tokio::runtime::Builder,
) -> std::io::Result<()> {
    let listener = listener?;
    builder.enable_all().build()?.block_on(async move {
        let app = Router::new().route("/", get(|| async { "hello, world\n" }));
        axum::serve(tokio::net::TcpListener::from_std(listener)?, app).await
    })
}
