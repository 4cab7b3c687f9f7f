//! HTTP over `fetch`: requests to the provider carry no credentials and no
//! custom headers, so the token endpoint sees a CORS "simple" request
//! (docs/COGNITO.md "Token endpoint from a browser"). Every request gives up
//! after its timeout, so nothing waits forever.
//!
//! [`fetch`] is the one request; its failure is raw ([`FetchError`]) so a
//! caller that only needs "it did not work" (the landing module) carries no
//! wording, and [`FetchError::describe`] turns it into the core's
//! [`NetError`] for the callers that say why.

use cognito_login_core::auth::token::FormPost;
use cognito_login_core::io::{HttpAnswer, NetError};
use cognito_login_core::session::api::Method;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestCache, RequestCredentials, RequestInit};

/// One request.
pub struct Fetch<'a> {
    /// `GET`, `POST`…
    pub method: &'a str,
    /// Where to.
    pub url: &'a str,
    /// Request headers, besides what the browser sets.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body, if any.
    pub body: Option<&'a str>,
    /// `Omit` for other sites (the provider, APIs); `SameOrigin` for the
    /// app's own files.
    pub credentials: RequestCredentials,
    /// Seconds before the request (body included) is given up.
    pub timeout_secs: u32,
}

impl<'a> Fetch<'a> {
    /// `GET url` without credentials.
    pub fn get(url: &'a str, timeout_secs: u32) -> Fetch<'a> {
        Fetch { method: "GET", url, headers: &[], body: None, credentials: RequestCredentials::Omit, timeout_secs }
    }
}

/// A whole answer: status and body (headers on demand).
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The body as text.
    pub body: String,
    response: web_sys::Response,
}

/// Why a request got no whole answer.
#[derive(Debug)]
pub enum FetchError {
    /// `fetch` failed (offline, DNS, refused, CORS, the timeout): the
    /// browser's error.
    Failed(JsValue),
    /// The timeout cut the body off.
    Timeout,
    /// The body could not be read: the browser's error.
    Body(JsValue),
}

impl FetchError {
    /// The failure as the core's [`NetError`]: offline, a timeout (saying
    /// how long was waited), or the browser's words.
    pub fn describe(&self, timeout_secs: u32) -> NetError {
        match self {
            FetchError::Failed(error) => describe_js(error, timeout_secs),
            FetchError::Timeout => NetError::Timeout { secs: timeout_secs },
            FetchError::Body(error) => NetError::Failed { browser_says: js_text(error) },
        }
    }
}

/// The browser's words for an error (`"TypeError: Failed to fetch"`).
fn js_text(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => error.as_string().unwrap_or_else(|| "the request failed".into()),
    }
}

/// A rejected `fetch` as a [`NetError`] (`core::io::NetError::from_failure`).
pub fn describe_js(error: &JsValue, timeout_secs: u32) -> NetError {
    NetError::from_failure(crate::location::is_online(), js_text(error), timeout_secs)
}

/// Sends `request`, never from a cache, and reads the whole answer.
pub async fn fetch(request: &Fetch<'_>) -> Result<Answer, FetchError> {
    let init = RequestInit::new();
    init.set_method(request.method);
    init.set_credentials(request.credentials);
    if !request.headers.is_empty() {
        let headers = web_sys::Headers::new().map_err(FetchError::Failed)?;
        for (name, value) in request.headers {
            headers.append(name, value).map_err(FetchError::Failed)?;
        }
        init.set_headers(&headers);
    }
    if let Some(body) = request.body {
        init.set_body(&JsValue::from_str(body));
    }
    send(request.url, init, request.timeout_secs).await
}

/// `GET url` without credentials: [`fetch`] for a caller with no headers
/// and no body (the landing module, whose first load then carries none of
/// their code).
pub async fn fetch_get(url: &str, timeout_secs: u32) -> Result<Answer, FetchError> {
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_credentials(RequestCredentials::Omit);
    send(url, init, timeout_secs).await
}

/// Sends `init` to `url` with no caching and the timeout, and reads the
/// whole answer.
async fn send(url: &str, init: RequestInit, timeout_secs: u32) -> Result<Answer, FetchError> {
    let signal = AbortSignal::timeout_with_u32(timeout_secs.saturating_mul(1000));
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&signal));
    let response: web_sys::Response = JsFuture::from(crate::window().fetch_with_str_and_init(url, &init))
        .await
        .map_err(FetchError::Failed)?
        .unchecked_into();
    let body = match response.text() {
        Ok(text) => JsFuture::from(text).await,
        Err(error) => Err(error),
    };
    let body = body.map_err(|e| if signal.aborted() { FetchError::Timeout } else { FetchError::Body(e) })?;
    Ok(Answer { status: response.status(), body: body.as_string().unwrap_or_default(), response })
}

impl Answer {
    /// A response header's value.
    pub fn header(&self, name: &str) -> Option<String> {
        self.response.headers().get(name).ok().flatten()
    }

    /// Every header the page may read, as `(name, value)` pairs.
    pub fn header_pairs(&self) -> Vec<(String, String)> {
        let Ok(Some(entries)) = js_sys::try_iter(&self.response.headers()) else { return Vec::new() };
        entries
            .flatten()
            .filter_map(|pair| {
                let pair: js_sys::Array = pair.dyn_into().ok()?;
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect()
    }

    fn into_http_answer(self) -> HttpAnswer {
        let retry_after_secs = self.header("Retry-After").and_then(|v| v.trim().parse().ok());
        HttpAnswer { status: self.status, body: self.body, retry_after_secs }
    }
}

/// [`fetch`] with its failure as a [`NetError`].
async fn exchange(request: &Fetch<'_>) -> Result<Answer, NetError> {
    fetch(request).await.map_err(|e| e.describe(request.timeout_secs))
}

/// `GET url` without credentials, giving up after `timeout_secs`.
pub async fn get(url: &str, timeout_secs: u32) -> Result<HttpAnswer, NetError> {
    Ok(exchange(&Fetch::get(url, timeout_secs)).await?.into_http_answer())
}

/// A form POST without credentials, giving up after `timeout_secs`.
pub async fn post_form(post: &FormPost, timeout_secs: u32) -> Result<HttpAnswer, NetError> {
    let request = Fetch {
        method: "POST",
        headers: &[("Content-Type", "application/x-www-form-urlencoded")],
        body: Some(&post.body),
        ..Fetch::get(&post.url, timeout_secs)
    };
    Ok(exchange(&request).await?.into_http_answer())
}

/// An API answer: status, every header the page may read, and the body.
pub struct FullAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The response headers the browser lets the page read (CORS).
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

/// An API call: `method` with `Authorization: Bearer`, the caller's
/// `headers` (checked by the core), a JSON body if any (`Content-Type:
/// application/json` unless the caller names one), no credentials, the
/// timeout.
pub async fn api(
    method: Method,
    url: &str,
    bearer: &str,
    json: Option<&str>,
    headers: &[(String, String)],
    timeout_secs: u32,
) -> Result<FullAnswer, NetError> {
    let method = match method {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Put => "PUT",
        Method::Patch => "PATCH",
        Method::Delete => "DELETE",
    };
    let authorization = format!("Bearer {bearer}");
    let mut all: Vec<(&str, &str)> = headers.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
    all.push(("Authorization", authorization.as_str()));
    let typed = headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
    if json.is_some() && !typed {
        all.push(("Content-Type", "application/json"));
    }
    let answer = exchange(&Fetch { method, headers: &all, body: json, ..Fetch::get(url, timeout_secs) }).await?;
    Ok(FullAnswer { status: answer.status, headers: answer.header_pairs(), body: answer.body })
}
