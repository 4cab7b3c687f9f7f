//! What the engine needs from the platform: HTTP, RS256 verification, the
//! clocks and randomness. Each is a small trait so a test can script it.
//!
//! The traits use `async fn`: the app is single-threaded (wasm), so the
//! futures need no `Send` bound.
#![allow(async_fn_in_trait)]

use crate::auth::jwt::{JwtError, RsaJwk};
use crate::auth::token::FormPost;
use crate::io::{BrowserError, HttpAnswer, NetError};

/// HTTP without credentials, with the configured timeout.
pub trait Http {
    /// `GET url`.
    async fn get(&self, url: &str) -> Result<HttpAnswer, NetError>;
    /// A form POST (a CORS "simple" request).
    async fn post_form(&self, post: &FormPost) -> Result<HttpAnswer, NetError>;
    /// False when the platform knows it has no network.
    fn is_online(&self) -> bool;
}

/// RS256 (`RSASSA-PKCS1-v1_5` with SHA-256) signature verification.
pub trait Verifier {
    /// `Ok(false)`: the signature is wrong; `Err` ([`JwtError::Crypto`]):
    /// the key is unusable.
    async fn verify_rs256(&self, key: &RsaJwk, data: &[u8], signature: &[u8]) -> Result<bool, JwtError>;
}

/// The clocks.
pub trait Clock {
    /// Wall clock, seconds since the epoch.
    fn now_secs(&self) -> i64;
    /// Monotonic clock, milliseconds (for scheduling: wall clocks jump).
    fn mono_ms(&self) -> f64;
}

/// A cryptographically secure random source.
pub trait Random {
    /// Fills `buf`.
    fn fill(&self, buf: &mut [u8]) -> Result<(), BrowserError>;
}

/// Everything the engine uses.
pub trait Platform: Http + Verifier + Clock + Random {}

impl<T: Http + Verifier + Clock + Random> Platform for T {}
