//! The session engine's platform in the browser: `fetch` with the
//! configured timeout, WebCrypto, the page's clocks and CSPRNG.

use cognito_login_core::auth::jwt::{JwtError, RsaJwk};
use cognito_login_core::auth::token::FormPost;
use cognito_login_core::io::{BrowserError, HttpAnswer, NetError};
use cognito_login_core::session::{Clock, Http, Random, Verifier};

use crate::browser::{crypto, http, nav};

/// The browser, as the engine sees it.
pub struct BrowserPlatform {
    /// Every request gives up after this many seconds.
    pub timeout_secs: u32,
}

impl Http for BrowserPlatform {
    async fn get(&self, url: &str) -> Result<HttpAnswer, NetError> {
        http::get(url, self.timeout_secs).await
    }

    async fn post_form(&self, post: &FormPost) -> Result<HttpAnswer, NetError> {
        http::post_form(post, self.timeout_secs).await
    }

    fn is_online(&self) -> bool {
        nav::is_online()
    }
}

impl Verifier for BrowserPlatform {
    async fn verify_rs256(&self, key: &RsaJwk, data: &[u8], signature: &[u8]) -> Result<bool, JwtError> {
        crypto::verify_rs256(key, data, signature).await
    }
}

impl Clock for BrowserPlatform {
    fn now_secs(&self) -> i64 {
        nav::now()
    }

    fn mono_ms(&self) -> f64 {
        nav::mono_now()
    }
}

impl Random for BrowserPlatform {
    fn fill(&self, buf: &mut [u8]) -> Result<(), BrowserError> {
        crypto::fill_random(buf)
    }
}
