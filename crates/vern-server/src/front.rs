//! How HTTP is served: the threads, and the service a connection's requests meet first.
//!
//! **One event loop per thread.** `vern serve` accepts and serves connections on
//! `http_threads` threads (one per core by default), each running its own current-thread tokio
//! runtime over a shared listening socket; the kernel hands each new connection to whichever
//! thread accepts it first. The multi-threaded runtime beside them runs the jobs, the database
//! work and every request except the contact checks.
//!
//! Why: hyper wakes a connection's task once more for each request with a body (its body channel
//! wakes the task when the handler takes the body). On the multi-threaded runtime a task woken
//! while it runs is queued as a yield, and a yield wakes a sleeping worker thread through the
//! kernel, which then looks for work and may take the connection to the other core. On a thread
//! with its own runtime the same wake costs one more poll and nothing else. Measured in
//! docs/benchmarks.md.
//!
//! **The contact checks are answered on the connection's thread**, single and batch, when the
//! API key is already known: they need only memory (the index and the key cache), so they never
//! wait for another thread, and a batch's body never crosses threads chunk by chunk. A dialer or
//! a campaign tool sends the single check thousands of times a second, and the dispatch around
//! it cost nearly a fifth as much again as the check itself: route matching, the matched-path,
//! original-URI and connection-info extensions, and a boxed route service and future for the
//! route and again for the layer on it. The answer is made by the route's own extractors and
//! handler, and the routes stay in the router, where the OpenAPI description is made from them.
//!
//! **Everything else goes to the router on the multi-threaded runtime**, carrying the caller's
//! address (`ConnectInfo`): database connections, timers and blocking work then all belong to
//! the one runtime that outlives the HTTP threads. A routed request runs to its end even if its
//! client goes away, so a change is never cut off between two statements.

use anyhow::Context as _;
use axum::Router;
use axum::extract::{ConnectInfo, FromRequest, Request, State};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use axum::serve::IncomingStream;
use futures_util::future::{BoxFuture, Either};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::net::TcpListener;
use tokio::runtime::Handle;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tower::Service;

use crate::auth::{Auth, Caller, roles};
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBytes;
use crate::observe::{Observed, observe};
use crate::routes;
use crate::state::AppState;

/// The path of the single check.
const CHECK: &str = "/v1/check";
/// The path of the batch check.
const BATCH: &str = "/v1/check/batch";

/// Serve HTTP on `threads` threads until `shutdown` completes, then stop accepting and let every
/// open connection finish, as `axum::serve` does. The routed requests run on the runtime given
/// to [`MakeFront::new`]. If a thread fails, the others are stopped and its error returned.
pub(crate) async fn serve(
    listener: TcpListener,
    make: MakeFront,
    threads: NonZeroUsize,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let listener = listener.into_std()?;
    // Dropped with this future, which stops the threads too.
    let (stop_tx, stop_rx) = watch::channel(false);
    // Each thread holds a sender until it has ended: the channel closes when all have.
    let (done_tx, mut done_rx) = mpsc::unbounded_channel();
    let mut failure = (0..threads.get())
        .find_map(|n| start_thread(n, &listener, &make, &stop_rx, &done_tx).err());
    drop((listener, done_tx));
    if failure.is_none() {
        tokio::select! {
            () = shutdown => {}
            Some(ended) = done_rx.recv() => {
                failure = Some(ended.err().unwrap_or_else(|| anyhow::anyhow!("an HTTP thread stopped")));
            }
        }
    }
    let _ = stop_tx.send(true);
    while let Some(ended) = done_rx.recv().await {
        if let Err(e) = ended {
            failure.get_or_insert(e);
        }
    }
    failure.map_or(Ok(()), Err)
}

/// Start HTTP thread `n` on a copy of the listening socket; it reports how it ended on `done`,
/// also when it panicked.
fn start_thread(
    n: usize,
    listener: &std::net::TcpListener,
    make: &MakeFront,
    stop: &watch::Receiver<bool>,
    done: &mpsc::UnboundedSender<anyhow::Result<()>>,
) -> anyhow::Result<()> {
    let listener = listener
        .try_clone()
        .context("cannot share the listening socket")?;
    let (make, stop, done) = (make.clone(), stop.clone(), done.clone());
    std::thread::Builder::new()
        .name(format!("vern-http-{n}"))
        .spawn(move || {
            let served =
                std::panic::catch_unwind(AssertUnwindSafe(|| serve_thread(listener, make, stop)));
            let _ = done
                .send(served.unwrap_or_else(|_| Err(anyhow::anyhow!("an HTTP thread panicked"))));
        })
        .context("cannot start an HTTP thread")?;
    Ok(())
}

/// One HTTP thread: its own runtime, serving the shared socket until told to stop.
fn serve_thread(
    listener: std::net::TcpListener,
    make: MakeFront,
    mut stop: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start an HTTP thread's runtime")?;
    runtime.block_on(async move {
        let listener = TcpListener::from_std(listener)?;
        axum::serve(listener, make)
            .with_graceful_shutdown(async move {
                // A closed channel means the server is gone: stop as well.
                let _ = stop.wait_for(|stop| *stop).await;
            })
            .await?;
        Ok(())
    })
}

/// Makes a [`Front`] for each accepted connection, for `axum::serve`.
#[derive(Debug, Clone)]
pub(crate) struct MakeFront {
    router: Router,
    state: AppState,
    main: Handle,
}

impl MakeFront {
    /// `main` is the multi-threaded runtime, where routed requests run.
    pub(crate) fn new(router: Router, state: AppState, main: Handle) -> Self {
        MakeFront {
            router,
            state,
            main,
        }
    }
}

impl<'a> Service<IncomingStream<'a, TcpListener>> for MakeFront {
    type Response = Front;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Front, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, stream: IncomingStream<'a, TcpListener>) -> Self::Future {
        std::future::ready(Ok(Front {
            router: self.router.clone(),
            state: self.state.clone(),
            main: self.main.clone(),
            peer: *stream.remote_addr(),
        }))
    }
}

/// The first service of one connection.
#[derive(Debug, Clone)]
pub(crate) struct Front {
    router: Router,
    state: AppState,
    main: Handle,
    peer: SocketAddr,
}

impl Service<Request> for Front {
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Observed<BoxFuture<'static, Result<Response, Infallible>>>, Routed>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Service::<Request>::poll_ready(&mut self.router, cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        if request.method() == Method::POST
            && let Some(route) = [CHECK, BATCH]
                .into_iter()
                .find(|r| *r == request.uri().path())
            && let Some(caller) = Caller::known(request.headers(), &self.state)
        {
            let state = self.state.clone();
            let answer: BoxFuture<'static, _> = match route {
                CHECK => Box::pin(answer(caller, state, request, routes::check::check)),
                _ => Box::pin(answer(caller, state, request, routes::check::check_batch)),
            };
            return Either::Left(observe(route, &Method::POST, answer));
        }
        request.extensions_mut().insert(ConnectInfo(self.peer));
        Either::Right(Routed(self.main.spawn(self.router.call(request))))
    }
}

/// A check from a known key, with the extractors its route declares, in the same order, and
/// the route's own handler.
async fn answer<Answer, Handler>(
    caller: Caller,
    state: AppState,
    request: Request,
    handler: impl FnOnce(Auth<roles::Check>, State<AppState>, JsonBytes) -> Handler,
) -> Result<Response, Infallible>
where
    Handler: Future<Output = ApiResult<Answer>>,
    Answer: IntoResponse,
{
    let answer = async {
        let caller = Auth::<roles::Check>::new(caller)?;
        let body = JsonBytes::from_request(request, &state).await?;
        handler(caller, State(state.clone()), body).await
    };
    Ok(answer.await.into_response())
}

/// A request the router answers on the multi-threaded runtime.
pub(crate) struct Routed(JoinHandle<Result<Response, Infallible>>);

impl Future for Routed {
    type Output = Result<Response, Infallible>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map(|ended| match ended {
            Ok(answer) => answer,
            // The panic's message is not logged: it may hold what the handler was working on.
            Err(e) if e.is_panic() => {
                Ok(ApiError::internal(&"a request's handler panicked").into_response())
            }
            // The runtime is shutting down.
            Err(_) => Ok(ApiError::unavailable().into_response()),
        })
    }
}
