//! HTTP over `fetch` (gloo-net): requests to the provider carry no
//! credentials and no custom headers, so the token endpoint sees a CORS
//! "simple" request (cognito.md §3.6).

use cognito_login_core::auth::token::FormPost;
use gloo_net::http::{Request, RequestBuilder};
use web_sys::{AbortSignal, RequestCache, RequestCredentials};

/// A finished HTTP exchange: status and body text.
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The body as text.
    pub body: String,
}

/// Describes a failed request; a timeout says how long was waited.
pub fn describe(error: gloo_net::Error, timeout_secs: u32) -> String {
    describe_text(error.to_string(), timeout_secs)
}

/// [`describe`] for a rejected `fetch` promise awaited directly.
pub fn describe_js(error: &wasm_bindgen::JsValue, timeout_secs: u32) -> String {
    use wasm_bindgen::JsCast;
    let text = match error.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => error.as_string().unwrap_or_else(|| "the request failed".into()),
    };
    describe_text(text, timeout_secs)
}

fn describe_text(text: String, timeout_secs: u32) -> String {
    if !crate::browser::nav::is_online() {
        "you are offline".to_string()
    } else if text.contains("TimeoutError") || text.contains("timed out") || text.contains("AbortError") {
        format!("no answer within {timeout_secs} seconds")
    } else {
        text
    }
}

/// A signal that aborts a request after `secs` seconds: every network step
/// has a timeout, so nothing waits forever.
pub fn timeout(secs: u32) -> AbortSignal {
    AbortSignal::timeout_with_u32(secs.saturating_mul(1000))
}

async fn finish(response: gloo_net::http::Response) -> Result<Answer, String> {
    let status = response.status();
    let body = response.text().await.map_err(|e| e.to_string())?;
    Ok(Answer { status, body })
}

/// No credentials, no caching, and the timeout.
fn base(builder: RequestBuilder, signal: &AbortSignal) -> RequestBuilder {
    builder.credentials(RequestCredentials::Omit).cache(RequestCache::NoStore).abort_signal(Some(signal))
}

async fn exchange(
    request: Result<Request, gloo_net::Error>,
    signal: &AbortSignal,
    timeout_secs: u32,
) -> Result<Answer, String> {
    let response = request.map_err(|e| e.to_string())?.send().await.map_err(|e| describe(e, timeout_secs))?;
    finish(response).await.map_err(|e| {
        if signal.aborted() {
            format!("no answer within {timeout_secs} seconds")
        } else {
            e
        }
    })
}

/// `GET url` without credentials, giving up after `timeout_secs`. `Err` is
/// a network failure or a timeout.
pub async fn get(url: &str, timeout_secs: u32) -> Result<Answer, String> {
    let signal = timeout(timeout_secs);
    exchange(base(Request::get(url), &signal).build(), &signal, timeout_secs).await
}

/// A form POST without credentials, giving up after `timeout_secs`. `Err`
/// is a network failure or a timeout.
pub async fn post_form(post: &FormPost, timeout_secs: u32) -> Result<Answer, String> {
    let signal = timeout(timeout_secs);
    let request = base(Request::post(&post.url), &signal)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(post.body.clone());
    exchange(request, &signal, timeout_secs).await
}
