//! HTTP over `fetch` (gloo-net): requests to the provider carry no
//! credentials and no custom headers, so the token endpoint sees a CORS
//! "simple" request (docs/COGNITO.md "Token endpoint from a browser"). Every
//! request gives up after the configured timeout.

use cognito_login_core::auth::token::FormPost;
use cognito_login_core::io::{HttpAnswer, NetError};
use cognito_login_core::session::api::Method;
use gloo_net::http::{Request, RequestBuilder, Response};
use web_sys::{AbortSignal, RequestCache, RequestCredentials};

/// A failed request as a [`NetError`]: offline, a timeout (saying how long
/// was waited), or the browser's words.
pub fn describe(error: gloo_net::Error, timeout_secs: u32) -> NetError {
    describe_text(error.to_string(), timeout_secs)
}

/// [`describe`] for a rejected `fetch` promise awaited directly.
pub fn describe_js(error: &wasm_bindgen::JsValue, timeout_secs: u32) -> NetError {
    use wasm_bindgen::JsCast;
    let text = match error.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => error.as_string().unwrap_or_else(|| "the request failed".into()),
    };
    describe_text(text, timeout_secs)
}

fn describe_text(text: String, timeout_secs: u32) -> NetError {
    NetError::from_failure(crate::browser::nav::is_online(), text, timeout_secs)
}

/// A signal that aborts a request after `secs` seconds: every network step
/// has a timeout, so nothing waits forever.
pub fn timeout(secs: u32) -> AbortSignal {
    AbortSignal::timeout_with_u32(secs.saturating_mul(1000))
}

/// No credentials, no caching, and the timeout.
fn base(builder: RequestBuilder, signal: &AbortSignal) -> RequestBuilder {
    builder.credentials(RequestCredentials::Omit).cache(RequestCache::NoStore).abort_signal(Some(signal))
}

/// A whole answer: status, the headers the page may read, and the body.
pub struct FullAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The response headers the browser lets the page read (CORS).
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

/// Sends `request` and reads the whole answer; a body cut off by the
/// timeout counts as a timeout.
async fn exchange(
    request: Result<Request, gloo_net::Error>,
    signal: &AbortSignal,
    timeout_secs: u32,
) -> Result<(Response, String), NetError> {
    let response =
        request.map_err(|e| NetError::Failed(e.to_string()))?.send().await.map_err(|e| describe(e, timeout_secs))?;
    let body = response.text().await.map_err(|e| {
        if signal.aborted() {
            NetError::Timeout { secs: timeout_secs }
        } else {
            NetError::Failed(e.to_string())
        }
    })?;
    Ok((response, body))
}

fn answer(response: &Response, body: String) -> HttpAnswer {
    let retry_after_secs = response.headers().get("Retry-After").and_then(|v| v.trim().parse().ok());
    HttpAnswer { status: response.status(), body, retry_after_secs }
}

/// `GET url` without credentials, giving up after `timeout_secs`.
pub async fn get(url: &str, timeout_secs: u32) -> Result<HttpAnswer, NetError> {
    let signal = timeout(timeout_secs);
    let (response, body) = exchange(base(Request::get(url), &signal).build(), &signal, timeout_secs).await?;
    Ok(answer(&response, body))
}

/// A form POST without credentials, giving up after `timeout_secs`.
pub async fn post_form(post: &FormPost, timeout_secs: u32) -> Result<HttpAnswer, NetError> {
    let signal = timeout(timeout_secs);
    let request = base(Request::post(&post.url), &signal)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(post.body.clone());
    let (response, body) = exchange(request, &signal, timeout_secs).await?;
    Ok(answer(&response, body))
}

/// An API call: `method` with `Authorization: Bearer`, the caller's
/// `headers` (checked by the core), a JSON body if any, no credentials, the
/// timeout.
pub async fn api(
    method: Method,
    url: &str,
    bearer: &str,
    json: Option<&str>,
    headers: &[(String, String)],
    timeout_secs: u32,
) -> Result<FullAnswer, NetError> {
    let builder = match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Put => Request::put(url),
        Method::Patch => Request::patch(url),
        Method::Delete => Request::delete(url),
    };
    let signal = timeout(timeout_secs);
    let mut builder = base(builder, &signal);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let builder = builder.header("Authorization", &format!("Bearer {bearer}"));
    let typed = headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
    let request = match json {
        Some(body) if typed => builder.body(body.to_string()),
        Some(body) => builder.header("Content-Type", "application/json").body(body.to_string()),
        None => builder.build(),
    };
    let (response, body) = exchange(request, &signal, timeout_secs).await?;
    Ok(FullAnswer { status: response.status(), headers: response.headers().entries().collect(), body })
}
