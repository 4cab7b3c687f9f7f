//! The HTTP plumbing: serving a router on a listener until told to stop, and
//! a response with its content type.
//!
//! hyper writes a response's head and a body it already holds in one
//! `writev`, so Nagle's algorithm has nothing to hold back until the client's
//! delayed ACK; `e2e/tests/keep_alive.rs` checks it (docs/PERFORMANCE.md
//! "Before every sub-resource").

use axum::body::Body;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Serves `router` on `listener` until the returned sender sends `true`.
pub(crate) fn spawn_server(listener: TcpListener, router: Router) -> watch::Sender<bool> {
    let (shutdown, mut rx) = watch::channel(false);
    tokio::spawn(async move {
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = rx.wait_for(|s| *s).await;
            })
            .await;
    });
    shutdown
}

/// `bytes` as `mime`, not to be stored (the tests change files between
/// loads; production caching is added by the caller).
pub(super) fn typed(bytes: Vec<u8>, mime: &'static str) -> Response {
    let mut r = Response::new(Body::from(bytes));
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
