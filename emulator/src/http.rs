//! Small HTTP helpers shared by the origins: CORS, forms, HTML pages,
//! Cognito-style error bodies, the request log.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::state::{LoggedRequest, Pool};
use crate::Origins;

/// What every handler gets.
#[derive(Clone)]
pub(crate) struct Ctx {
    pub pool: Pool,
    pub origins: Origins,
}

/// Parses an `application/x-www-form-urlencoded` string. A repeated key
/// keeps its first value.
pub(crate) fn parse_form(text: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for (k, v) in form_urlencoded::parse(text.as_bytes()) {
        map.entry(k.into_owned()).or_insert_with(|| v.into_owned());
    }
    map
}

/// Builds a query string.
pub(crate) fn encode_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// Appends `query` to `url` with `?` or `&`.
pub(crate) fn with_query(url: &str, query: &str) -> String {
    if query.is_empty() {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&{query}")
    } else {
        format!("{url}?{query}")
    }
}

/// Records a request in the pool's log.
pub(crate) fn log(pool: &Pool, method: &Method, path: &str, params: &BTreeMap<String, String>, headers: &HeaderMap) {
    pool.log(LoggedRequest {
        path: path.to_string(),
        method: method.to_string(),
        params: params.clone(),
        origin: headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()).map(str::to_string),
        at_ms: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0),
    });
}

/// A `302 Found` to `location`.
pub(crate) fn redirect(location: &str) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Adds CORS headers that echo the request's `Origin`, as Cognito does on
/// the token, revoke and userInfo endpoints (docs/COGNITO.md "Token endpoint from a browser"), on success and
/// on errors alike.
pub(crate) fn cors_echo(headers: &HeaderMap, mut response: Response) -> Response {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let h = response.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

/// The answer to a CORS preflight on the OAuth endpoints.
pub(crate) fn preflight(headers: &HeaderMap) -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    let h = r.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, OPTIONS"));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Authorization, Content-Type, x-amz-user-agent"),
    );
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    cors_echo(headers, r)
}

/// `{"error":"…"}` with the given status and Cognito's no-cache headers.
pub(crate) fn oauth_error(status: StatusCode, error: &str) -> Response {
    json_response(status, serde_json::json!({ "error": error }).to_string())
}

/// A JSON body with Cognito's token-endpoint headers.
pub(crate) fn json_response(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json;charset=UTF-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache, no-store, max-age=0, must-revalidate"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    h.insert(header::EXPIRES, HeaderValue::from_static("0"));
    h.insert("x-amz-cognito-request-id", HeaderValue::from_str(&crate::uuid()).expect("uuid is ASCII"));
    r
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An HTML page of the hosted UI, with `X-Frame-Options: DENY` (the hosted
/// UI cannot be framed, docs/COGNITO.md "No framing").
pub(crate) fn html_page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body><main>{body}</main></body></html>",
        title = escape(title),
    );
    let mut r = (status, html).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html;charset=UTF-8"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f2f3f3;margin:0}\
main{max-width:24rem;margin:3rem auto;background:#fff;padding:1.5rem 2rem;border-radius:6px;box-shadow:0 1px 3px #0003}\
label{display:block;margin:.8rem 0 .3rem}input[type=text],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}\
button{margin-top:1.2rem;width:100%;padding:.6rem;background:#0972d3;color:#fff;border:0;border-radius:4px;font-size:1rem}\
.error{color:#b42318}.note{color:#555;font-size:.85rem}";

/// A response whose connection is closed before any answer is sent: the
/// body fails on its first poll, so hyper aborts the connection.
pub(crate) fn dropped_connection() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other("emulator fault: connection dropped"))
    });
    Response::new(Body::from_stream(stream))
}

/// The bearer token from an `Authorization` header.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string()).filter(|t| !t.is_empty())
}

/// The value of cookie `name` in the request.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|line| {
        line.split(';').find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
    })
}
