//! The static server for the built app: `dist/` (or an example's build) with
//! a per-test `config.json`, the production headers and Content Security
//! Policy, CSP reports kept, production caching on demand, and the control
//! pages the tests compare against.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// The built app, served from `$DIST_DIR` (default `../dist`) on
/// `http://localhost:PORT`, like any static host: files as they are, paths
/// without an extension rewritten to `index.html`, and `config.json` from
/// the test.
///
/// Every page is served with the production Content Security Policy (from
/// `cognito_login_core::csp`, the one source of the policy, for the config
/// being served) plus `report-uri /csp-report`; the server keeps the
/// reports. Dropping a `StaticApp` that received any report fails the test
/// (unless it was taken with [`StaticApp::take_csp_reports`]).
pub struct StaticApp {
    /// `http://localhost:PORT`.
    pub origin: String,
    /// The state the server shares with the test.
    site: Site,
    shutdown: watch::Sender<bool>,
}

#[derive(Clone)]
struct Site {
    dist: PathBuf,
    origin: String,
    config: Arc<Mutex<Option<String>>>,
    /// Served as `amplify_outputs.json` when set.
    amplify_outputs: Arc<Mutex<Option<String>>>,
    csp_reports: Arc<Mutex<Vec<String>>>,
    served: Arc<Mutex<Vec<String>>>,
    tampered: Arc<Mutex<Option<String>>>,
    /// Served instead of `index.html` when set.
    index_html: Arc<Mutex<Option<String>>>,
    production_caching: Arc<std::sync::atomic::AtomicBool>,
    csp_extra: Arc<Mutex<Vec<String>>>,
    /// How long `config.json` takes to answer, milliseconds.
    config_delay_ms: Arc<std::sync::atomic::AtomicU64>,
    /// A second deployment on the same origin, under a sub-path.
    sub: Option<Arc<SubApp>>,
}

/// Another build of the app served under `prefix` (e.g. `/login/`) of the
/// same origin, with its own `config.json`: two deployments on one host.
struct SubApp {
    prefix: String,
    dist: PathBuf,
    config: Mutex<Option<String>>,
}

/// Where CSP violation reports go (relative: the app's own server).
const CSP_REPORT_PATH: &str = "/csp-report";

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

/// Where the built app is.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("DIST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist"))
}

impl StaticApp {
    /// Serves `dist/` with `config` as `config.json` (`None`: no such file).
    pub async fn serve(config: Option<String>) -> StaticApp {
        StaticApp::serve_dist(dist_dir(), config).await
    }

    /// Serves another build (an example app) the same way, with the same
    /// production headers.
    pub async fn serve_dist(dist: PathBuf, config: Option<String>) -> StaticApp {
        StaticApp::serve_with(dist, config, None).await
    }

    /// Serves `dist/` at the root and the build `sub_dist` (made with
    /// `--public-url PREFIX`) under `prefix` of the same origin, each with
    /// its own `config.json` (set with [`StaticApp::set_config`] and
    /// [`StaticApp::set_sub_config`]).
    pub async fn serve_two(prefix: &str, sub_dist: PathBuf) -> StaticApp {
        let sub = SubApp { prefix: prefix.to_string(), dist: sub_dist, config: Mutex::new(None) };
        StaticApp::serve_with(dist_dir(), None, Some(Arc::new(sub))).await
    }

    /// The sub-path deployment's `config.json` (see [`StaticApp::serve_two`]).
    pub fn set_sub_config(&self, config: Option<String>) {
        if let Some(sub) = &self.site.sub {
            *sub.config.lock().unwrap() = config;
        }
    }

    async fn serve_with(dist: PathBuf, config: Option<String>, sub: Option<Arc<SubApp>>) -> StaticApp {
        assert!(
            dist.join("index.html").exists(),
            "{} has no index.html: run `trunk build --release --offline` first",
            dist.display()
        );
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let origin = format!("http://localhost:{port}");
        let site = Site {
            dist,
            origin: origin.clone(),
            config: Arc::new(Mutex::new(config)),
            amplify_outputs: Arc::default(),
            csp_reports: Arc::default(),
            served: Arc::default(),
            tampered: Arc::default(),
            index_html: Arc::default(),
            production_caching: Arc::default(),
            config_delay_ms: Arc::default(),
            csp_extra: Arc::default(),
            sub,
        };
        let router = Router::new()
            .route(CSP_REPORT_PATH, axum::routing::post(receive_csp_report))
            .fallback(serve_file)
            .with_state(site.clone());
        let shutdown = spawn_server(listener, router);
        StaticApp { origin, site, shutdown }
    }

    /// From now on, `config.json` answers only after `delay` (a slow
    /// origin or network).
    pub fn set_config_delay(&self, delay: Duration) {
        self.site.config_delay_ms.store(delay.as_millis() as u64, Ordering::Relaxed);
    }

    /// Caching as deployed (`./x deploy`): content-hashed files cached for a
    /// year, the rest `no-cache`. Off by default: tests reload changed files.
    pub fn set_production_caching(&self, on: bool) {
        self.site.production_caching.store(on, Ordering::Relaxed);
    }

    /// How many times a path ending in `suffix` was served.
    pub fn served(&self, suffix: &str) -> usize {
        self.served_matching(|p| p.ends_with(suffix))
    }

    /// How many requests for a path matching `matches` were served.
    pub fn served_matching(&self, matches: impl Fn(&str) -> bool) -> usize {
        self.site.served.lock().unwrap().iter().filter(|p| matches(p)).count()
    }

    /// From now on, files whose path ends in `suffix` are served with their
    /// last byte changed (as a compromised host or CDN might); `None`:
    /// every file as built.
    pub fn tamper_with(&self, suffix: Option<&str>) {
        *self.site.tampered.lock().unwrap() = suffix.map(str::to_string);
    }

    /// From now on, `html` is served as the page (`index.html`, and every
    /// path it is served for); `None`: the built one.
    pub fn set_index_html(&self, html: Option<String>) {
        *self.site.index_html.lock().unwrap() = html;
    }

    /// Origins to allow in `connect-src` besides the config's, as an operator
    /// passes them to `./x csp` when `config.json` has no `domain` (the
    /// endpoints then come from discovery).
    pub fn set_csp_extra_origins(&self, origins: Vec<String>) {
        *self.site.csp_extra.lock().unwrap() = origins;
    }

    /// How many CSP violation reports arrived so far.
    pub fn csp_report_count(&self) -> usize {
        self.site.csp_reports.lock().unwrap().len()
    }

    /// The CSP violation reports received so far, removed from the app (so
    /// dropping it does not fail the test).
    pub fn take_csp_reports(&self) -> Vec<String> {
        std::mem::take(&mut *self.site.csp_reports.lock().unwrap())
    }

    /// Serves `outputs` as `amplify_outputs.json` (`None`: no such file),
    /// which the app reads when `config.json` answers 404.
    pub fn set_amplify_outputs(&self, outputs: Option<String>) {
        *self.site.amplify_outputs.lock().unwrap() = outputs;
    }

    /// Replaces the served `config.json`.
    pub fn set_config(&self, config: Option<String>) {
        *self.site.config.lock().unwrap() = config;
    }

    /// The app wired to a fresh emulator (on free ports) whose client has
    /// this app's callback and sign-out URLs registered.
    /// An example app's build (`examples/NAME/dist`, or `$EXAMPLE_DIST_DIR`)
    /// against a fresh emulator.
    pub async fn example_with_emulator(name: &str) -> (StaticApp, cognito_emulator::Emulator) {
        let dist = std::env::var_os("EXAMPLE_DIST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples").join(name).join("dist"));
        let app = StaticApp::serve_dist(dist, None).await;
        let config = cognito_emulator::EmulatorConfig::ephemeral().with_app_origin(&app.origin);
        let emulator = cognito_emulator::Emulator::start(config).await.expect("the emulator starts");
        app.set_config(Some(emulator.app_config().to_string()));
        (app, emulator)
    }

    pub async fn with_emulator() -> (StaticApp, cognito_emulator::Emulator) {
        Self::with_emulator_client(|_| {}).await
    }

    /// Like [`StaticApp::with_emulator`], with the app client adjusted
    /// (token lifetimes, rotation…).
    pub async fn with_emulator_client(
        adjust: impl FnOnce(&mut cognito_emulator::ClientConfig),
    ) -> (StaticApp, cognito_emulator::Emulator) {
        Self::with_emulator_setup(
            |config| {
                if let Some(client) = config.clients.first_mut() {
                    adjust(client);
                }
            },
            serde_json::json!({}),
        )
        .await
    }

    /// Like [`StaticApp::with_emulator`], with the emulator's pool adjusted
    /// (identity providers, users…) and `settings` added to the app's
    /// `config.json` (sign-in options…).
    pub async fn with_emulator_setup(
        adjust: impl FnOnce(&mut cognito_emulator::EmulatorConfig),
        settings: serde_json::Value,
    ) -> (StaticApp, cognito_emulator::Emulator) {
        let app = StaticApp::serve(None).await;
        let mut config = cognito_emulator::EmulatorConfig::ephemeral().with_app_origin(&app.origin);
        adjust(&mut config);
        let emulator = cognito_emulator::Emulator::start(config).await.expect("the emulator starts");
        let mut app_config = emulator.app_config();
        if let (Some(app_config), Some(settings)) = (app_config.as_object_mut(), settings.as_object()) {
            app_config.extend(settings.clone());
        }
        app.set_config(Some(app_config.to_string()));
        (app, emulator)
    }

    /// An absolute URL on this app.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

impl Drop for StaticApp {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        let reports = self.take_csp_reports();
        if !reports.is_empty() && !std::thread::panicking() {
            panic!("the page broke the Content Security Policy:\n{}", reports.join("\n"));
        }
    }
}

async fn receive_csp_report(State(site): State<Site>, body: String) -> StatusCode {
    site.csp_reports.lock().unwrap().push(body);
    StatusCode::NO_CONTENT
}

/// The production policy for the config being served (a minimal one when
/// the test serves none or a broken one), reporting to this server.
fn content_security_policy(site: &Site, index_html: &str) -> String {
    let served = site.config.lock().unwrap().clone();
    if served.is_none() {
        if let Some(outputs) = site.amplify_outputs.lock().unwrap().clone() {
            use cognito_login_core::config::{Config, PageLocation};
            let page = PageLocation { origin: site.origin.clone(), base_path: "/".into() };
            if let Ok(config) = Config::from_amplify_outputs(&outputs, &page) {
                let hashes = cognito_login_core::csp::inline_script_hashes(index_html);
                let extra = site.csp_extra.lock().unwrap().clone();
                return cognito_login_core::csp::policy(&config, &extra, &hashes, Some(CSP_REPORT_PATH));
            }
        }
    }
    policy_for(site, "/", served, index_html)
}

fn policy_for(site: &Site, base_path: &str, served: Option<String>, index_html: &str) -> String {
    use cognito_login_core::config::{Config, PageLocation};
    let page = PageLocation { origin: site.origin.clone(), base_path: base_path.into() };
    let config = served
        .and_then(|c| Config::from_json(&c, &page).ok())
        .or_else(|| Config::from_json(r#"{"userPoolId":"us-east-1_Example","clientId":"x"}"#, &page).ok())
        .expect("the fallback config is valid");
    let hashes = cognito_login_core::csp::inline_script_hashes(index_html);
    let extra = site.csp_extra.lock().unwrap().clone();
    cognito_login_core::csp::policy(&config, &extra, &hashes, Some(CSP_REPORT_PATH))
}

async fn serve_file(State(site): State<Site>, uri: Uri) -> Response {
    let path = uri.path();
    site.served.lock().unwrap().push(path.to_string());
    if path == "/config.json" {
        let delay = site.config_delay_ms.load(Ordering::Relaxed);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        let config = site.config.lock().unwrap().clone();
        return match config {
            Some(c) => typed(c.into_bytes(), "application/json"),
            None => StatusCode::NOT_FOUND.into_response(),
        };
    }
    if path == "/amplify_outputs.json" {
        return match site.amplify_outputs.lock().unwrap().clone() {
            Some(c) => typed(c.into_bytes(), "application/json"),
            None => StatusCode::NOT_FOUND.into_response(),
        };
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
    let relative = path.trim_start_matches('/');
    let has_extension = relative.rsplit('/').next().is_some_and(|last| last.contains('.'));
    if relative.split('/').any(|s| s == "..") {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let file = if has_extension { site.dist.join(relative) } else { site.dist.join("index.html") };
    let replaced = (file == site.dist.join("index.html")).then(|| site.index_html.lock().unwrap().clone()).flatten();
    let read = match replaced {
        Some(html) => Ok(html.into_bytes()),
        None => tokio::fs::read(&file).await,
    };
    match read {
        Ok(mut bytes) => {
            let tampered = site.tampered.lock().unwrap().as_ref().is_some_and(|t| path.ends_with(t.as_str()));
            if tampered {
                if let Some(b) = bytes.last_mut() {
                    *b ^= 1;
                }
            }
            let mime = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("wasm") => "application/wasm",
                Some("css") => "text/css",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            let hashed = file.file_name().and_then(|n| n.to_str()).is_some_and(is_content_hashed);
            let immutable = hashed && site.production_caching.load(Ordering::Relaxed);
            let policy = (mime.starts_with("text/html"))
                .then(|| content_security_policy(&site, &String::from_utf8_lossy(&bytes)));
            let mut r = typed(bytes, mime);
            if let Some(policy) = policy {
                r.headers_mut().insert("content-security-policy", HeaderValue::from_str(&policy).unwrap());
                // The production headers, from the same source as the template's.
                for (name, value) in cognito_login_core::csp::OTHER_HEADERS {
                    r.headers_mut().insert(name, HeaderValue::from_static(value));
                }
            }
            if immutable {
                let forever = HeaderValue::from_static("public, max-age=31536000, immutable");
                r.headers_mut().insert(header::CACHE_CONTROL, forever);
            }
            r
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A file of the sub-path deployment: its `config.json`, its files, and
/// `index.html` for paths without an extension, with its own policy.
async fn serve_sub(site: &Site, sub: &SubApp, path: &str) -> Response {
    let relative = &path[sub.prefix.len()..];
    if relative == "config.json" {
        return match sub.config.lock().unwrap().clone() {
            Some(c) => typed(c.into_bytes(), "application/json"),
            None => StatusCode::NOT_FOUND.into_response(),
        };
    }
    let has_extension = relative.rsplit('/').next().is_some_and(|last| last.contains('.'));
    if relative.split('/').any(|s| s == "..") {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let file = if has_extension { sub.dist.join(relative) } else { sub.dist.join("index.html") };
    let Ok(bytes) = tokio::fs::read(&file).await else { return StatusCode::NOT_FOUND.into_response() };
    let mime = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    };
    let policy = mime.starts_with("text/html").then(|| {
        let served = sub.config.lock().unwrap().clone();
        policy_for(site, &sub.prefix, served, &String::from_utf8_lossy(&bytes))
    });
    let mut r = typed(bytes, mime);
    if let Some(policy) = policy {
        r.headers_mut().insert("content-security-policy", HeaderValue::from_str(&policy).unwrap());
        for (name, value) in cognito_login_core::csp::OTHER_HEADERS {
            r.headers_mut().insert(name, HeaderValue::from_static(value));
        }
    }
    r
}

/// Serves `router` on `listener` until the returned sender sends `true`.
pub(crate) fn spawn_server(listener: TcpListener, router: Router) -> watch::Sender<bool> {
    let (shutdown, mut rx) = watch::channel(false);
    tokio::spawn(async move {
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = rx.wait_for(|s| *s).await;
            })
            .await;
    });
    shutdown
}

/// Trunk's content-hashed names: `NAME-<16 hex digits>.EXT` (or `_bg.wasm`).
fn is_content_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default().trim_end_matches("_bg");
    stem.rsplit_once('-').is_some_and(|(_, h)| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn typed(bytes: Vec<u8>, mime: &'static str) -> Response {
    let mut r = Response::new(Body::from(bytes));
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
