//! Authenticated API calls: `Authorization: Bearer` to `apiBaseUrl` only,
//! a refresh first when the token is inside its margin, and on `401` one
//! refresh and one retry.

use cognito_login_core::config::ApiToken;
use gloo_net::http::{Request, RequestBuilder};
use leptos::prelude::*;
use web_sys::{RequestCache, RequestCredentials};

use super::Auth;
use crate::browser::{http, nav};

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
    Network(String),
    /// The API refused the token even after a refresh, or the session ended.
    #[error("your session has expired — sign in again")]
    SessionExpired,
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

fn builder(method: &str, url: &str) -> Result<RequestBuilder, ApiError> {
    Ok(match method {
        "GET" => Request::get(url),
        "POST" => Request::post(url),
        "PUT" => Request::put(url),
        "PATCH" => Request::patch(url),
        "DELETE" => Request::delete(url),
        other => return Err(ApiError::BadMethod(other.to_string())),
    })
}

impl Auth {
    fn bearer(&self) -> Option<String> {
        let session = self.session_untracked()?;
        Some(match self.config.get_value().api_token {
            ApiToken::Access => session.tokens.access_token.secret().clone(),
            ApiToken::Id => session.tokens.id_token.secret().to_string(),
        })
    }

    async fn send(&self, request: &ApiRequest, url: &str) -> Result<ApiResponse, ApiError> {
        let token = self.bearer().ok_or(ApiError::SessionExpired)?;
        let started = nav::mono_now();
        let timeout_secs = self.config.get_value().network_timeout_seconds;
        let signal = http::timeout(timeout_secs);
        let builder = builder(&request.method, url)?
            .credentials(RequestCredentials::Omit)
            .cache(RequestCache::NoStore)
            .abort_signal(Some(&signal))
            .header("Authorization", &format!("Bearer {token}"));
        let sent = match &request.body {
            Some(body) => {
                builder
                    .header("Content-Type", "application/json")
                    .body(body.clone())
                    .map_err(|e| ApiError::Network(e.to_string()))?
                    .send()
                    .await
            }
            None => builder.send().await,
        };
        let response = sent.map_err(|e| ApiError::Network(http::describe(e, timeout_secs)))?;
        let headers = response.headers().entries().collect();
        let status = response.status();
        let body = response.text().await.map_err(|e| ApiError::Network(e.to_string()))?;
        Ok(ApiResponse { status, elapsed_ms: nav::mono_now() - started, headers, body })
    }

    /// Calls the API with the session's token (the access token, or the ID
    /// token when `apiToken` is `"id"`). Refreshes first when the token is
    /// about to expire; on `401` refreshes once and retries once.
    pub async fn fetch(&self, request: &ApiRequest) -> Result<ApiResponse, ApiError> {
        let base = self.config.get_value().api_base_url.ok_or(ApiError::NotConfigured)?;
        let url = api_url(&base, &request.path)?;
        let session = self.session_untracked().ok_or(ApiError::NotSignedIn)?;
        let lifetime = session.tokens.lifetime;
        if lifetime.needs_refresh(nav::mono_now()) && self.refresh(false).await.is_err() {
            // A refresh that failed but may pass: the old token is still
            // usable until it expires.
            if lifetime.is_expired(nav::mono_now()) || self.session_untracked().is_none() {
                return Err(ApiError::SessionExpired);
            }
        }
        let first = self.send(request, &url).await?;
        if first.status != 401 {
            return Ok(first);
        }
        if self.refresh(true).await.is_err() {
            return Err(ApiError::SessionExpired);
        }
        let second = self.send(request, &url).await?;
        if second.status == 401 {
            return Err(ApiError::SessionExpired);
        }
        Ok(second)
    }
}
