//! What every response passes through: a debug-level span, the security headers every page and
//! answer carries (unless the handler set its own), and the request metrics by route template,
//! method and status.
//!
//! Written as a tower service rather than `axum::middleware::from_fn`: a single check is a few
//! microseconds of work, and `from_fn` boxes a future and clones the inner service per request.
//! The metric handles are resolved once per route, method and status, not per request: the
//! `metrics` macros with a dynamic label build, hash and look up a key every time.

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use metrics::{Counter, Histogram};
use std::cell::RefCell;
use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, OnceLock};
use std::task::{Context, Poll};
use std::time::Instant;
use tracing::Instrument;
use tracing::instrument::Instrumented;

use crate::index::FpBuild;

/// The layer, for `Router::layer`: it wraps each route, so the route template is known.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ObserveLayer;

impl<S> tower::Layer<S> for ObserveLayer {
    type Service = Observe<S>;

    fn layer(&self, inner: S) -> Observe<S> {
        Observe { inner }
    }
}

/// The service [`ObserveLayer`] makes.
#[derive(Debug, Clone)]
pub(crate) struct Observe<S> {
    inner: S,
}

impl<S> tower::Service<Request> for Observe<S>
where
    S: tower::Service<Request, Response = Response, Error = Infallible>,
    S::Future: Unpin,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Observed<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        // The route template, never the URI: query strings may hold phone numbers.
        let route = request
            .extensions()
            .get::<MatchedPath>()
            .map_or("unmatched", MatchedPath::as_str);
        let metrics = RouteMetrics::get(route, method_label(request.method()));
        Observed::new(metrics, self.inner.call(request))
    }
}

/// Observe a request the router does not see (the front service's own routes), under its route
/// template.
pub(crate) fn observe<F>(route: &'static str, method: &Method, inner: F) -> Observed<F> {
    Observed::new(RouteMetrics::get(route, method_label(method)), inner)
}

/// The response future of [`Observe`].
#[derive(Debug)]
pub(crate) struct Observed<F> {
    inner: Instrumented<F>,
    metrics: &'static RouteMetrics,
    started: Instant,
}

impl<F> Observed<F> {
    fn new(metrics: &'static RouteMetrics, inner: F) -> Self {
        // Debug level: a busy server answers thousands of checks a second; request spans cost
        // nothing unless asked for (VERN_LOG=vern_server=debug).
        let span = tracing::debug_span!("request", method = metrics.method, route = metrics.route);
        Observed {
            inner: inner.instrument(span),
            metrics,
            started: Instant::now(),
        }
    }
}

impl<F> Future for Observed<F>
where
    F: Future<Output = Result<Response, Infallible>> + Unpin,
{
    type Output = Result<Response, Infallible>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Ok(mut response) = std::task::ready!(Pin::new(&mut self.inner).poll(cx));
        let headers = response.headers_mut();
        for (name, value) in [
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::CACHE_CONTROL, "no-store"),
        ] {
            headers
                .entry(name)
                .or_insert(HeaderValue::from_static(value));
        }
        let status = response.status();
        let metrics = self.metrics;
        if status.is_server_error() {
            tracing::warn!(
                method = metrics.method,
                route = metrics.route,
                status = status.as_u16(),
                "request failed"
            );
        }
        metrics.record(status, self.started.elapsed().as_secs_f64());
        Poll::Ready(Ok(response))
    }
}

/// The statuses vern answers with, whose counters are kept; any other is looked up each time.
const STATUSES: [(u16, &str); 10] = [
    (200, "200"),
    (201, "201"),
    (202, "202"),
    (204, "204"),
    (303, "303"),
    (400, "400"),
    (401, "401"),
    (403, "403"),
    (404, "404"),
    (422, "422"),
];

/// More route templates and methods than vern has; a thread's cache is emptied past a few
/// times this, so addresses of dropped routers (tests build many) cannot pile up.
const MAX_ROUTES: usize = 512;

/// The metric handles of one route template and method.
#[derive(Debug)]
pub(crate) struct RouteMetrics {
    route: &'static str,
    method: &'static str,
    seconds: Histogram,
    requests: [OnceLock<Counter>; STATUSES.len()],
}

/// Every route and method seen, for all threads. Entries are never removed: there is one per
/// route template and method, a few hundred at most, and each is leaked to be `'static` so that a
/// response future can hold it without counting references.
static ROUTES: Mutex<Vec<&'static RouteMetrics>> = Mutex::new(Vec::new());

thread_local! {
    /// This thread's copy of the routes it has served, looked up without a lock. The key is
    /// where the route template's text lives: the router hands every request of a route the
    /// same shared string, so its address names the route without hashing the text. A hit is
    /// still compared by text, in case a dropped router's address was reused.
    static SEEN: RefCell<HashMap<(usize, &'static str), &'static RouteMetrics, FpBuild>> =
        RefCell::new(HashMap::default());
}

impl RouteMetrics {
    fn get(route: &str, method: &'static str) -> &'static RouteMetrics {
        let at = (route.as_ptr() as usize, method);
        let local = SEEN.with_borrow(|seen| seen.get(&at).copied());
        if let Some(metrics) = local.filter(|m| m.route == route && m.method == method) {
            return metrics;
        }
        let metrics = {
            let mut all = ROUTES
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            match all.iter().find(|m| m.route == route && m.method == method) {
                Some(m) => *m,
                None => {
                    let route: &'static str = Box::leak(route.into());
                    let m: &'static RouteMetrics = Box::leak(Box::new(RouteMetrics {
                        route,
                        method,
                        seconds: metrics::histogram!("vern_http_request_seconds", "method" => method, "route" => route),
                        requests: Default::default(),
                    }));
                    all.push(m);
                    m
                }
            }
        };
        SEEN.with_borrow_mut(|seen| {
            if seen.len() > 4 * MAX_ROUTES {
                seen.clear();
            }
            seen.insert(at, metrics);
        });
        metrics
    }

    fn record(&self, status: StatusCode, seconds: f64) {
        self.seconds.record(seconds);
        let code = status.as_u16();
        match STATUSES.iter().position(|(s, _)| *s == code) {
            Some(i) => self.requests[i]
                .get_or_init(|| self.counter(STATUSES[i].1.into()))
                .increment(1),
            None => self.counter(code.to_string().into()).increment(1),
        }
    }

    fn counter(&self, status: metrics::SharedString) -> Counter {
        metrics::counter!("vern_http_requests_total", "method" => self.method, "route" => self.route, "status" => status)
    }
}

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}
