//! The service a connection's requests meet first. The contact check, which a dialer or a
//! campaign tool sends thousands of times a second, is answered here; every other request goes
//! to the router, carrying the caller's address (`ConnectInfo`) as before.
//!
//! Why the check skips the router: the check itself is a few microseconds of work, and the
//! dispatch around it cost nearly a fifth as much again (measured in docs/benchmarks.md): route
//! matching, the matched-path, original-URI and connection-info extensions (one map allocated
//! and freed per request), and a boxed route service and future for the route and again for the
//! layer on it. The check's answer is made by the same extractors and the same handler either
//! way, and the route stays in the router, where the OpenAPI description is made from it.

use axum::Router;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request, State};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use axum::serve::IncomingStream;
use futures_util::future::{BoxFuture, Either};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::task::{Context, Poll};
use tokio::net::TcpListener;
use tower::Service;

use crate::auth::{Auth, roles};
use crate::extract::JsonBytes;
use crate::observe::{Observed, observe};
use crate::routes;
use crate::state::AppState;

/// The path of the single check.
const CHECK: &str = "/v1/check";

/// Makes a [`Front`] for each accepted connection, for `axum::serve`.
#[derive(Debug, Clone)]
pub(crate) struct MakeFront {
    router: Router,
    state: AppState,
}

impl MakeFront {
    pub(crate) fn new(router: Router, state: AppState) -> Self {
        MakeFront { router, state }
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
            peer: *stream.remote_addr(),
        }))
    }
}

/// The first service of one connection.
#[derive(Debug, Clone)]
pub(crate) struct Front {
    router: Router,
    state: AppState,
    peer: SocketAddr,
}

impl Service<Request> for Front {
    type Response = Response;
    type Error = Infallible;
    type Future = Either<
        Observed<BoxFuture<'static, Result<Response, Infallible>>>,
        <Router as Service<Request>>::Future,
    >;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Service::<Request>::poll_ready(&mut self.router, cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        if request.method() == Method::POST && request.uri().path() == CHECK {
            let answer = check(self.state.clone(), request);
            return Either::Left(observe(CHECK, &Method::POST, Box::pin(answer)));
        }
        request.extensions_mut().insert(ConnectInfo(self.peer));
        Either::Right(self.router.call(request))
    }
}

/// `POST /v1/check`, with the extractors the route declares, in the same order.
async fn check(state: AppState, request: Request) -> Result<Response, Infallible> {
    let (mut parts, body) = request.into_parts();
    let answer = async {
        let caller = Auth::<roles::Check>::from_request_parts(&mut parts, &state).await?;
        let body = JsonBytes::from_request(Request::from_parts(parts, body), &state).await?;
        routes::check::check(caller, State(state.clone()), body).await
    };
    Ok(answer.await.into_response())
}
