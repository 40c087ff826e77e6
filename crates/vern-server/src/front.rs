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
//!
//! **Slow clients are bounded** (`HttpLimits`): a request's head must arrive within
//! `header_read_timeout` of the connection being ready for it (which also closes idle kept-alive
//! connections), each part of a body within `body_read_timeout`, and at most `max_connections`
//! are served at once: beyond them a connection is answered 503 and closed, so that half-sent
//! requests can neither exhaust the open files nor stop `accept`.
//!
//! **A refusal keeps the connection usable.** A handler that refuses before reading the body
//! (401, 403, a wrong content type) leaves it unread, and hyper would then close the connection
//! without saying so, failing the client's next request on it. What is left of such a body is
//! read and thrown away, up to [`REFUSAL_DRAIN`] bytes, before the answer goes; a longer body
//! gets `Connection: close` on the answer instead.

use anyhow::Context as _;
use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{ConnectInfo, FromRequest, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use futures_util::future::{BoxFuture, Either};
use hyper::body::Frame;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::runtime::Handle;
use tokio::sync::{Semaphore, mpsc, oneshot, watch};
use tower::{Service, ServiceExt as _};

use crate::auth::{Auth, Caller, roles};
use crate::error::{ApiError, ApiResult};
use crate::extract::{JSON_LIMIT, JsonBytes, json_content_type};
use crate::observe::{Observed, observe};
use crate::routes;
use crate::settings::HttpLimits;
use crate::state::AppState;

/// The path of the single check.
const CHECK: &str = "/v1/check";
/// The path of the batch check.
const BATCH: &str = "/v1/check/batch";

/// How much of a body a refusal left unread is still read, and thrown away, so that the
/// connection can carry the client's next request: the largest body a JSON route accepts.
pub(crate) const REFUSAL_DRAIN: usize = JSON_LIMIT;

/// How long a refusal waits for its handler's tasks to let go of the request body.
const UNREAD_WAIT: Duration = Duration::from_secs(2);

/// How long a connection over [`HttpLimits::max_connections`] may take to send the request
/// its 503 answers.
const REFUSAL_HEADER_TIMEOUT: Duration = Duration::from_secs(2);

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
        let mut serving = auto::Builder::new(TokioExecutor::new());
        serving
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(make.limits.header_read_timeout);
        let mut refusing = auto::Builder::new(TokioExecutor::new());
        refusing
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(REFUSAL_HEADER_TIMEOUT)
            .keep_alive(false);
        let graceful = GracefulShutdown::new();
        loop {
            let (stream, peer) = tokio::select! {
                // A closed channel means the server is gone: stop as well.
                _ = stop.wait_for(|stop| *stop) => break,
                accepted = listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        accept_failed(e).await;
                        continue;
                    }
                },
            };
            let _ = stream.set_nodelay(true);
            let io = TokioIo::new(stream);
            if let Ok(permit) = Arc::clone(&make.connections).try_acquire_owned() {
                let front = make.front(peer);
                let service = TowerToHyperService::new(
                    front.map_request(|r: Request<hyper::body::Incoming>| r.map(Body::new)),
                );
                let connection = serving.serve_connection_with_upgrades(io, service);
                let connection = graceful.watch(connection.into_owned());
                tokio::spawn(async move {
                    let _ = connection.await;
                    drop(permit);
                });
            } else {
                let service = hyper::service::service_fn(|_| {
                    std::future::ready(Ok::<_, Infallible>(too_many_connections()))
                });
                let connection = refusing.serve_connection(io, service);
                tokio::spawn(graceful.watch(connection.into_owned()));
            }
        }
        drop(listener);
        graceful.shutdown().await;
        Ok(())
    })
}

/// After a failed `accept`: a connection that went away before it was taken is nothing; any
/// other failure (out of open files, mostly) is logged and waited out for a second, as
/// `axum::serve` does, rather than spun on.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "cannot accept a connection");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// The answer on a connection over [`HttpLimits::max_connections`].
fn too_many_connections() -> Response {
    let mut response = ApiError::too_many_connections().into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// Makes a [`Front`] for each accepted connection.
#[derive(Debug, Clone)]
pub(crate) struct MakeFront {
    router: Router,
    state: AppState,
    main: Handle,
    limits: HttpLimits,
    /// One permit per connection served, shared by every HTTP thread.
    connections: Arc<Semaphore>,
}

impl MakeFront {
    /// `main` is the multi-threaded runtime, where routed requests run.
    pub(crate) fn new(router: Router, state: AppState, main: Handle, limits: HttpLimits) -> Self {
        MakeFront {
            router,
            state,
            main,
            limits,
            connections: Arc::new(Semaphore::new(limits.max_connections)),
        }
    }

    fn front(&self, peer: SocketAddr) -> Front {
        Front {
            router: self.router.clone(),
            state: self.state.clone(),
            main: self.main.clone(),
            limits: self.limits,
            peer,
        }
    }
}

/// The first service of one connection.
#[derive(Debug, Clone)]
pub(crate) struct Front {
    router: Router,
    state: AppState,
    main: Handle,
    limits: HttpLimits,
    peer: SocketAddr,
}

impl Service<Request> for Front {
    type Response = Response;
    type Error = Infallible;
    type Future = Either<
        Observed<BoxFuture<'static, Result<Response, Infallible>>>,
        BoxFuture<'static, Result<Response, Infallible>>,
    >;

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
            let (state, limits) = (self.state.clone(), self.limits);
            let answer: BoxFuture<'static, _> = match route {
                CHECK => Box::pin(answer(caller, state, limits, request, routes::check::check)),
                _ => Box::pin(answer(
                    caller,
                    state,
                    limits,
                    request,
                    routes::check::check_batch,
                )),
            };
            return Either::Left(observe(route, &Method::POST, answer));
        }
        request.extensions_mut().insert(ConnectInfo(self.peer));
        // A body the handler leaves unread comes back here when the handler drops it.
        let (back, unread) = if request.body().is_end_stream() {
            (None, None)
        } else {
            let (back, unread) = oneshot::channel();
            (Some(back), Some(unread))
        };
        let limits = self.limits;
        let request = request.map(|inner| {
            Body::new(EdgeBody {
                inner,
                timeout: limits.body_read_timeout,
                idle: None,
                back,
            })
        });
        let routed = self.main.spawn(self.router.call(request));
        Either::Right(Box::pin(async move {
            let mut response = match routed.await {
                Ok(Ok(answer)) => answer,
                // The panic's message is not logged: it may hold what the handler was working on.
                Err(e) if e.is_panic() => {
                    ApiError::internal(&"a request's handler panicked").into_response()
                }
                // The runtime is shutting down.
                Err(_) => ApiError::unavailable().into_response(),
            };
            if let Some(mut unread) = unread {
                // A refusal (413 over the wash limit, say) may come back while a task the
                // handler started still holds the body for a moment: wait for it briefly, so
                // the rest is read before the answer goes. Closing with the client's bytes
                // unread makes the kernel reset the connection, and the client loses the
                // answer it was about to read. A success may still be streaming the body
                // (a wash answers while it reads), so it is never waited for.
                let refused =
                    response.status().is_client_error() || response.status().is_server_error();
                let rest = if refused {
                    tokio::time::timeout(UNREAD_WAIT, unread)
                        .await
                        .ok()
                        .and_then(Result::ok)
                } else {
                    unread.try_recv().ok()
                };
                match rest {
                    Some(rest) => finish_body(rest, limits, &mut response).await,
                    None if refused => {
                        response
                            .headers_mut()
                            .insert(header::CONNECTION, HeaderValue::from_static("close"));
                    }
                    None => {}
                }
            }
            Ok(response)
        }))
    }
}

/// Read and throw away the rest of a body its handler did not read, within
/// [`REFUSAL_DRAIN`] bytes and the body read timeout, so that the connection can carry the
/// next request; when that is not enough, say on the answer that the connection closes. A body
/// whose declared rest is already over the limit is not waited for: the answer goes at once.
async fn finish_body(rest: Body, limits: HttpLimits, response: &mut Response) {
    let declared_over = rest.size_hint().lower() > REFUSAL_DRAIN as u64;
    let drained = if declared_over {
        Ok(false)
    } else {
        tokio::time::timeout(limits.body_read_timeout, drain(rest, REFUSAL_DRAIN)).await
    };
    if !matches!(drained, Ok(true)) {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
}

/// Read and throw away up to `limit` bytes of `body`; whether it ended within them.
pub(crate) async fn drain(body: Body, limit: usize) -> bool {
    use futures_util::StreamExt;
    let mut chunks = body.into_data_stream();
    let mut read = 0;
    while !chunks.is_end_stream() {
        match chunks.next().await {
            Some(Ok(chunk)) => read += chunk.len(),
            Some(Err(_)) => return false,
            None => return true,
        }
        if read > limit {
            return false;
        }
    }
    true
}

/// A routed request's body: each part must arrive within the body read timeout, and what the
/// handler leaves unread goes back to [`Front`] (through `back`) when the handler drops it.
struct EdgeBody {
    inner: Body,
    timeout: Duration,
    /// Set when a read first waits, and moved on by each part that arrives.
    idle: Option<Pin<Box<tokio::time::Sleep>>>,
    back: Option<oneshot::Sender<Body>>,
}

impl HttpBody for EdgeBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            if let Some(idle) = &mut this.idle {
                idle.as_mut()
                    .reset(tokio::time::Instant::now() + this.timeout);
            }
            return Poll::Ready(frame);
        }
        let timeout = this.timeout;
        let idle = this
            .idle
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match idle.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(axum::Error::new(
                "the client sent no more of the body within the body read timeout",
            )))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for EdgeBody {
    fn drop(&mut self) {
        if let Some(back) = self.back.take()
            && !self.inner.is_end_stream()
        {
            let _ = back.send(std::mem::take(&mut self.inner));
        }
    }
}

/// A check from a known key, with the extractors its route declares, in the same order, and
/// the route's own handler. A refusal before the body is read reads it first (see
/// [`finish_body`]); the body must arrive within the body read timeout.
async fn answer<Answer, Handler>(
    caller: Caller,
    state: AppState,
    limits: HttpLimits,
    request: Request,
    handler: impl FnOnce(Auth<roles::Check>, State<AppState>, JsonBytes) -> Handler,
) -> Result<Response, Infallible>
where
    Handler: Future<Output = ApiResult<Answer>>,
    Answer: IntoResponse,
{
    let refused = match Auth::<roles::Check>::new(caller) {
        Ok(caller) if json_content_type(request.headers()) => {
            // The timer is registered only if the body is not all there at once: a check's body
            // nearly always arrives with its head.
            let body = tokio::time::timeout(
                limits.body_read_timeout,
                JsonBytes::from_request(request, &state),
            )
            .await;
            let answer = match body {
                Ok(Ok(body)) => handler(caller, State(state.clone()), body).await,
                Ok(Err(e)) => Err(e),
                Err(_) => Err(ApiError::body_timeout()),
            };
            // A body left unread (over the limit, or too slow) says so itself: see `closing`.
            return Ok(answer.into_response());
        }
        Ok(_) => ApiError::json_required(),
        Err(e) => e,
    };
    let mut response = refused.into_response();
    finish_body(request.into_body(), limits, &mut response).await;
    Ok(response)
}
