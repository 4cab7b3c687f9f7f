//! HTTP over `fetch` (gloo-net): requests to the provider carry no
//! credentials and no custom headers, so the token endpoint sees a CORS
//! "simple" request (cognito.md §3.6).

use cognito_login_core::auth::token::FormPost;
use gloo_net::http::Request;
use web_sys::{RequestCache, RequestCredentials};

/// A finished HTTP exchange: status and body text.
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The body as text.
    pub body: String,
}

async fn finish(response: gloo_net::http::Response) -> Result<Answer, String> {
    let status = response.status();
    let body = response.text().await.map_err(|e| e.to_string())?;
    Ok(Answer { status, body })
}

/// `GET url` without credentials. `Err` is a network failure.
pub async fn get(url: &str) -> Result<Answer, String> {
    let response = Request::get(url)
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    finish(response).await
}

/// A form POST without credentials. `Err` is a network failure.
pub async fn post_form(post: &FormPost) -> Result<Answer, String> {
    let response = Request::post(&post.url)
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(post.body.clone())
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|e| e.to_string())?;
    finish(response).await
}
