//! Authenticated API calls: `Authorization: Bearer` to `apiBaseUrl` only, a
//! refresh first when the token is inside its refresh margin, and on `401`
//! one refresh and one retry (never a loop).

use crate::auth::state::Session;
use crate::auth::{AuthError, NextStep};
use crate::config::ApiToken;
use crate::io::{JsonError, NetError};

/// A call to the API: [`ApiRequest::get`], [`ApiRequest::post_json`] or
/// [`ApiRequest::new`], then any [`ApiRequest::header`]s. A header or body
/// that cannot be sent is not a panic: the call answers with
/// [`ApiError::BadHeader`] or [`ApiError::BadBody`] (the builder stays
/// chainable, as `reqwest`'s does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRequest {
    method: Method,
    path: String,
    body: Option<String>,
    headers: Vec<(String, String)>,
    /// Why the body could not be serialised, reported when the call is made.
    body_error: Option<JsonError>,
}

impl ApiRequest {
    /// A request with `method` to `path` (relative to `apiBaseUrl`, e.g.
    /// `/me`), without a body.
    pub fn new(method: Method, path: impl Into<String>) -> ApiRequest {
        ApiRequest { method, path: path.into(), body: None, headers: Vec::new(), body_error: None }
    }

    /// `GET path`.
    pub fn get(path: impl Into<String>) -> ApiRequest {
        ApiRequest::new(Method::Get, path)
    }

    /// `DELETE path`.
    pub fn delete(path: impl Into<String>) -> ApiRequest {
        ApiRequest::new(Method::Delete, path)
    }

    /// `POST path` with `body` as JSON (`Content-Type: application/json`).
    pub fn post_json<T: serde::Serialize + ?Sized>(path: impl Into<String>, body: &T) -> ApiRequest {
        ApiRequest::new(Method::Post, path).json(body)
    }

    /// `PUT path` with `body` as JSON.
    pub fn put_json<T: serde::Serialize + ?Sized>(path: impl Into<String>, body: &T) -> ApiRequest {
        ApiRequest::new(Method::Put, path).json(body)
    }

    /// `PATCH path` with `body` as JSON.
    pub fn patch_json<T: serde::Serialize + ?Sized>(path: impl Into<String>, body: &T) -> ApiRequest {
        ApiRequest::new(Method::Patch, path).json(body)
    }

    /// Sets the body to `body` serialised as JSON.
    pub fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> ApiRequest {
        match serde_json::to_string(body) {
            Ok(text) => {
                self.body = Some(text);
                self.body_error = None;
            }
            Err(e) => self.body_error = Some(e.into()),
        }
        self
    }

    /// Sets the body to `text`, which is already JSON (sent as it is).
    pub fn json_text(mut self, text: impl Into<String>) -> ApiRequest {
        self.body = Some(text.into());
        self.body_error = None;
        self
    }

    /// Adds a request header. `Authorization` is the session's (refused
    /// here), and so are the names browsers forbid pages to set (Fetch
    /// Standard, "forbidden request-header"): the call then answers
    /// [`ApiError::BadHeader`].
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> ApiRequest {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path, relative to `apiBaseUrl`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The JSON body, if any.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    /// The extra headers, in order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// Whether the headers and body can be sent (the machine asks before
    /// sending anything).
    pub fn check(&self) -> Result<(), ApiError> {
        if let Some(e) = &self.body_error {
            return Err(ApiError::BadBody(e.clone()));
        }
        self.headers.iter().try_for_each(|(name, value)| check_header(name, value))
    }
}

/// Header names a page may not set (Fetch Standard, "forbidden
/// request-header"), and `Authorization`, which carries the session's token.
const REFUSED_HEADERS: &[&str] = &[
    "authorization",
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// A header the API call may carry: a token name (RFC 9110 §5.1) that is
/// neither refused nor `Proxy-`/`Sec-` prefixed, and a value without line
/// breaks or NUL (RFC 9110 §5.5).
fn check_header(name: &str, value: &str) -> Result<(), ApiError> {
    let lower = name.to_ascii_lowercase();
    let token = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    let refused = REFUSED_HEADERS.contains(&lower.as_str()) || lower.starts_with("proxy-") || lower.starts_with("sec-");
    if !token || refused || value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
        return Err(ApiError::BadHeader(name.to_string()));
    }
    Ok(())
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
    #[error("no apiBaseUrl configured")]
    NotConfigured,
    /// Nobody is signed in.
    #[error("not signed in")]
    NotSignedIn,
    /// The path would leave the API.
    #[error("{0:?} is not a path on the API")]
    BadPath(String),
    /// Unsupported method.
    #[error("unsupported method {0:?}")]
    BadMethod(String),
    /// A header the call may not carry (`Authorization`, a name browsers
    /// forbid, or not a valid header).
    #[error("header {0:?} not allowed")]
    BadHeader(String),
    /// The body could not be serialised as JSON.
    #[error("body not serialisable as JSON")]
    BadBody(#[source] JsonError),
    /// The configuration has not loaded (or could not be loaded).
    #[error("configuration not loaded")]
    NotReady,
    /// The request did not complete.
    #[error("API request failed")]
    Network(#[source] NetError),
    /// The API refused the token even after a refresh, or the session ended.
    #[error("session expired")]
    SessionExpired,
    /// Still signed in, but the token could not be renewed yet for a reason
    /// that may pass (the sign-in service unreachable, throttling, another
    /// tab renewing).
    #[error("session not renewed yet")]
    NotRenewedYet(#[source] AuthError),
}

impl ApiError {
    /// What the user can do next.
    pub fn next_step(&self) -> NextStep {
        match self {
            ApiError::NotConfigured => NextStep::FixConfiguration,
            ApiError::NotSignedIn | ApiError::SessionExpired => NextStep::SignInAgain,
            ApiError::BadPath(_) | ApiError::BadMethod(_) | ApiError::BadHeader(_) | ApiError::BadBody(_) => {
                NextStep::CorrectInput
            }
            ApiError::Network(_) | ApiError::NotRenewedYet(_) | ApiError::NotReady => NextStep::Retry,
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

    /// The method's name, as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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
