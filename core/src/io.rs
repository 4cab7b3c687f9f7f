//! What the browser shell reports back from the I/O it performs for the
//! core: HTTP answers, and the typed failures of the network and of the
//! browser's capabilities (storage, randomness, navigation). The core's
//! decisions take these as input; nothing here performs I/O.

/// A finished HTTP exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The body as text.
    pub body: String,
    /// `Retry-After` in seconds, when the answer has one the page can read.
    pub retry_after_secs: Option<u32>,
}

impl HttpAnswer {
    /// An answer without `Retry-After`.
    pub fn new(status: u16, body: impl Into<String>) -> HttpAnswer {
        HttpAnswer { status, body: body.into(), retry_after_secs: None }
    }
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NetError {
    /// The browser knows it has no network.
    #[error("offline")]
    Offline,
    /// No answer within the configured network timeout.
    #[error("no answer within {secs} s")]
    Timeout {
        /// The timeout, seconds.
        secs: u32,
    },
    /// The request failed (DNS, connection refused or dropped, CORS). The
    /// browser tells no more than its own text: that text is where the
    /// failure comes from, kept as it was said, not a cause flattened into
    /// a string.
    #[error("request failed: {browser_says}")]
    Failed {
        /// What the browser said (`"TypeError: Failed to fetch"`).
        browser_says: String,
    },
}

impl NetError {
    /// A request that got no answer, from what the browser said
    /// (`"TimeoutError: …"`, `"TypeError: Failed to fetch"`…): offline when
    /// the browser knows it has no network, a timeout when the request was
    /// aborted by the `timeout_secs` signal, else a failure with the
    /// browser's words.
    pub fn from_failure(online: bool, browser_says: String, timeout_secs: u32) -> NetError {
        if !online {
            NetError::Offline
        } else if ["TimeoutError", "timed out", "AbortError"].iter().any(|t| browser_says.contains(t)) {
            NetError::Timeout { secs: timeout_secs }
        } else {
            NetError::Failed { browser_says }
        }
    }
}

/// Text that is not the JSON it should be: the parser's own error, kept as
/// it is (shared, so the errors holding it stay `Clone`; two are equal when
/// they say the same). The parser is the core's own ([`crate::json`]) for
/// what the landing module reads, `serde_json` for the rest; boxed as an
/// error so a module that never meets a `serde_json` error carries none of
/// its code.
#[derive(Debug, Clone, thiserror::Error)]
#[error(transparent)]
pub struct JsonError(std::sync::Arc<dyn std::error::Error + Send + Sync>);

impl From<serde_json::Error> for JsonError {
    fn from(error: serde_json::Error) -> JsonError {
        JsonError(std::sync::Arc::new(error))
    }
}

impl From<crate::json::Error> for JsonError {
    fn from(error: crate::json::Error) -> JsonError {
        JsonError(std::sync::Arc::new(error))
    }
}

impl PartialEq for JsonError {
    fn eq(&self, other: &JsonError) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

impl Eq for JsonError {}

/// A browser capability the sign-in needs was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BrowserError {
    /// `sessionStorage` is missing (private mode, storage disabled).
    #[error("sessionStorage unavailable")]
    StorageUnavailable,
    /// Writing to `sessionStorage` failed (full, or refused).
    #[error("sessionStorage refused the write")]
    StorageRefused,
    /// `crypto.getRandomValues` or WebCrypto is missing.
    #[error("WebCrypto unavailable")]
    CryptoUnavailable,
    /// `location.assign` failed.
    #[error("navigation to {url} refused")]
    NavigationRefused {
        /// Where the page tried to go.
        url: String,
    },
    /// The cross-tab refresh lock (Web Locks) failed.
    #[error("Web Lock request failed")]
    LockFailed,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_requests_are_offline_timeouts_or_the_browsers_words() {
        let failed = |online, text: &str| NetError::from_failure(online, text.to_string(), 7);
        assert_eq!(failed(false, "TypeError: Failed to fetch"), NetError::Offline);
        assert_eq!(failed(true, "TimeoutError: signal timed out"), NetError::Timeout { secs: 7 });
        assert_eq!(failed(true, "AbortError: aborted"), NetError::Timeout { secs: 7 });
        let refused = failed(true, "TypeError: Failed to fetch");
        assert_eq!(refused, NetError::Failed { browser_says: "TypeError: Failed to fetch".into() });
    }
}
