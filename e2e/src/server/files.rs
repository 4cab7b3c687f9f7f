//! Serving the built app as a static host does: files as they are, paths
//! without an extension rewritten to `index.html`, `config.json` (or
//! `amplify_outputs.json`) from the test, the second deployment under its
//! sub-path, and the control pages; content-hashed files cached for a year
//! when production caching is on.

use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::compress::maybe_compressed;
use super::http::typed;
use super::policy::{content_security_policy, policy_for, with_page_headers};
use super::{Site, SubApp};

/// A page that breaks the policy on purpose (an inline script and an inline
/// event handler, neither hashed): the positive control proving that a
/// violation is reported and fails the check.
pub const CSP_CONTROL_PAGE: &str = "/csp-control.html";
const CSP_CONTROL_HTML: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>CSP control</title>
<script>document.title = "inline script ran";</script></head>
<body><button id="inline-handler" onclick="document.body.dataset.clicked = 'yes'">Inline handler</button></body></html>"#;

/// A page of another app on the same origin (no policy of ours): the tab
/// tests script it to listen on the app's channel and post to it.
pub const OTHER_APP_PAGE: &str = "/other-app/index.html";
const OTHER_APP_HTML: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Another app</title></head><body></body></html>"#;

pub(super) async fn serve_file(State(site): State<Site>, uri: Uri, request: HeaderMap) -> Response {
    let path = uri.path();
    site.served.lock().unwrap().push(path.to_string());
    if path == "/config.json" {
        let delay = site.config_delay_ms.load(Ordering::Relaxed);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        let config = site.config.lock().unwrap().clone();
        return json_or_not_found(config);
    }
    if path == "/amplify_outputs.json" {
        return json_or_not_found(site.amplify_outputs.lock().unwrap().clone());
    }
    if let Some(sub) = site.sub.clone().filter(|s| path.starts_with(&s.prefix)) {
        return serve_sub(&site, &sub, path).await;
    }
    if path == OTHER_APP_PAGE {
        return typed(OTHER_APP_HTML.as_bytes().to_vec(), "text/html; charset=utf-8");
    }
    if path == CSP_CONTROL_PAGE {
        let mut r = typed(CSP_CONTROL_HTML.as_bytes().to_vec(), "text/html; charset=utf-8");
        let policy = content_security_policy(&site, "");
        r.headers_mut().insert("content-security-policy", HeaderValue::from_str(&policy).unwrap());
        return r;
    }
    let Some(relative) = relative_file(path.trim_start_matches('/')) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let file = site.dist.join(relative);
    let replaced = (file == site.dist.join("index.html")).then(|| site.index_html.lock().unwrap().clone()).flatten();
    let replaced_page = replaced.is_some();
    let read = match replaced {
        Some(html) => Ok(html.into_bytes()),
        None => tokio::fs::read(&file).await,
    };
    let Ok(mut bytes) = read else { return StatusCode::NOT_FOUND.into_response() };
    let tampered = site.tampered.lock().unwrap().as_ref().is_some_and(|t| path.ends_with(t.as_str()));
    if tampered {
        if let Some(b) = bytes.last_mut() {
            *b ^= 1;
        }
    }
    let mime = mime_of(&file);
    let hashed = file.file_name().and_then(|n| n.to_str()).is_some_and(is_content_hashed);
    let immutable = hashed && site.production_caching.load(Ordering::Relaxed);
    let policy =
        mime.starts_with("text/html").then(|| content_security_policy(&site, &String::from_utf8_lossy(&bytes)));
    let mut r = typed(bytes, mime);
    if let Some(policy) = policy {
        r = with_page_headers(r, &policy);
    }
    if !tampered && !replaced_page {
        let compressed = site.compressed.lock().unwrap().clone();
        r = maybe_compressed(r, relative, compressed.as_deref(), &request);
    }
    if immutable {
        let forever = HeaderValue::from_static("public, max-age=31536000, immutable");
        r.headers_mut().insert(header::CACHE_CONTROL, forever);
    }
    r
}

/// A file of the sub-path deployment: its `config.json`, its files, and
/// `index.html` for paths without an extension, with its own policy.
async fn serve_sub(site: &Site, sub: &SubApp, path: &str) -> Response {
    let relative = &path[sub.prefix.len()..];
    if relative == "config.json" {
        return json_or_not_found(sub.config.lock().unwrap().clone());
    }
    let Some(relative) = relative_file(relative) else { return StatusCode::BAD_REQUEST.into_response() };
    let file = sub.dist.join(relative);
    let Ok(bytes) = tokio::fs::read(&file).await else { return StatusCode::NOT_FOUND.into_response() };
    let mime = mime_of(&file);
    let policy = mime.starts_with("text/html").then(|| {
        let served = sub.config.lock().unwrap().clone();
        policy_for(site, &sub.prefix, served, &String::from_utf8_lossy(&bytes))
    });
    let r = typed(bytes, mime);
    match policy {
        Some(policy) => with_page_headers(r, &policy),
        None => r,
    }
}

/// The file a path (without its leading `/`) names: itself when its last
/// segment has an extension, else `index.html`; `None` for a path with `..`.
fn relative_file(relative: &str) -> Option<&str> {
    if relative.split('/').any(|s| s == "..") {
        return None;
    }
    let has_extension = relative.rsplit('/').next().is_some_and(|last| last.contains('.'));
    Some(if has_extension { relative } else { "index.html" })
}

fn json_or_not_found(body: Option<String>) -> Response {
    match body {
        Some(c) => typed(c.into_bytes(), "application/json"),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn mime_of(file: &std::path::Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// Trunk's content-hashed names: `NAME-<16 hex digits>.EXT` (or `_bg.wasm`).
fn is_content_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default().trim_end_matches("_bg");
    stem.rsplit_once('-').is_some_and(|(_, h)| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}
