//! Authenticated API calls: `Authorization: Bearer` to `apiBaseUrl` only, a
//! refresh first when the token is inside its refresh margin, and on `401`
//! one refresh and one retry (never a loop).

use crate::auth::state::Session;
use crate::auth::{AuthError, NextStep};
use crate::config::ApiToken;
use crate::io::NetError;

/// A call to the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRequest {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: String,
    /// A path relative to `apiBaseUrl`, e.g. `/me`.
    pub path: String,
    /// A JSON body, if any.
    pub body: Option<String>,
}

/// The API's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    /// HTTP status.
    pub status: u16,
    /// Time from sending to the whole body, milliseconds.
    pub elapsed_ms: f64,
    /// The response headers the browser lets the page read (CORS).
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

/// Why an API call did not get an answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// `apiBaseUrl` is not configured.
    #[error("no API is configured (apiBaseUrl in config.json)")]
    NotConfigured,
    /// Nobody is signed in.
    #[error("sign in to call the API")]
    NotSignedIn,
    /// The path would leave the API.
    #[error("{0:?} is not a path on the API: use a path such as /me")]
    BadPath(String),
    /// Unsupported method.
    #[error("{0:?} is not a supported method")]
    BadMethod(String),
    /// The request did not complete.
    #[error("the API could not be reached ({0})")]
    Network(NetError),
    /// The API refused the token even after a refresh, or the session ended.
    #[error("your session has expired — sign in again")]
    SessionExpired,
    /// Still signed in, but the token could not be renewed yet for a reason
    /// that may pass (the sign-in service unreachable, throttling, another
    /// tab renewing).
    #[error("you are still signed in, but your session could not be renewed yet: {} Try again in a moment", .0.cause())]
    NotRenewedYet(AuthError),
}

impl ApiError {
    /// What the user can do next.
    pub fn next_step(&self) -> NextStep {
        match self {
            ApiError::NotConfigured => NextStep::FixConfiguration,
            ApiError::NotSignedIn | ApiError::SessionExpired => NextStep::SignInAgain,
            ApiError::BadPath(_) | ApiError::BadMethod(_) => NextStep::CorrectInput,
            ApiError::Network(_) | ApiError::NotRenewedYet(_) => NextStep::Retry,
        }
    }
}

/// The HTTP methods API calls may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// Reads a method name (upper case, as HTTP writes it).
    pub fn parse(method: &str) -> Result<Method, ApiError> {
        Ok(match method {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            other => return Err(ApiError::BadMethod(other.to_string())),
        })
    }
}

/// The full URL of `path` on `base`: never another origin.
pub fn api_url(base: &str, path: &str) -> Result<String, ApiError> {
    let path = path.trim();
    let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
    if path.starts_with("//") || path.contains('\\') || path.contains("://") || path.chars().any(char::is_control) {
        return Err(ApiError::BadPath(path));
    }
    Ok(format!("{base}{path}"))
}

/// The token API calls carry (`apiToken`).
pub fn bearer(session: &Session, which: ApiToken) -> &str {
    match which {
        ApiToken::Access => session.tokens.access_token.secret(),
        ApiToken::Id => session.tokens.id_token.secret(),
    }
}
