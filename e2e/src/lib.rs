//! Support for the end-to-end tests: one chromedriver, a static server for
//! `dist/` with a per-test `config.json`, fresh browser sessions, and
//! helpers that read the page as a user would.

pub mod hosting;
pub mod size;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::watch;

/// How long a page may take to show what a test waits for.
pub const WAIT: Duration = Duration::from_secs(20);

/// A chromedriver process on a free loopback port; killed on drop.
pub struct Chromedriver {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Chromedriver {
    /// Starts `$CHROMEDRIVER` (default `/usr/bin/chromedriver`) and waits
    /// until it listens.
    pub fn start() -> Chromedriver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e} (./x test installs chromium-driver)"));
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start listening on port {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        Chromedriver { child, url: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

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
    csp_reports: Arc<Mutex<Vec<String>>>,
    served: Arc<Mutex<Vec<String>>>,
    tampered: Arc<Mutex<Option<String>>>,
    production_caching: Arc<std::sync::atomic::AtomicBool>,
    csp_extra: Arc<Mutex<Vec<String>>>,
    /// How long `config.json` takes to answer, milliseconds.
    config_delay_ms: Arc<std::sync::atomic::AtomicU64>,
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
            csp_reports: Arc::default(),
            served: Arc::default(),
            tampered: Arc::default(),
            production_caching: Arc::default(),
            config_delay_ms: Arc::default(),
            csp_extra: Arc::default(),
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

    /// From now on, files whose path ends in `suffix` are served with one
    /// byte changed (as a compromised host or CDN might).
    pub fn tamper_with(&self, suffix: &str) {
        *self.site.tampered.lock().unwrap() = Some(suffix.to_string());
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
        let app = StaticApp::serve(None).await;
        let mut config = cognito_emulator::EmulatorConfig::ephemeral().with_app_origin(&app.origin);
        if let Some(client) = config.clients.first_mut() {
            adjust(client);
        }
        let emulator = cognito_emulator::Emulator::start(config).await.expect("the emulator starts");
        app.set_config(Some(emulator.app_config().to_string()));
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
    use cognito_login_core::config::{Config, PageLocation};
    let page = PageLocation { origin: site.origin.clone(), base_path: "/".into() };
    let served = site.config.lock().unwrap().clone();
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
    match tokio::fs::read(&file).await {
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

/// A fresh headless Chromium session with its own profile directory.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    profile: PathBuf,
}

static PROFILES: AtomicU64 = AtomicU64::new(0);

impl Browser {
    /// Opens a new browser session on `webdriver`.
    pub async fn open(webdriver: &str) -> Browser {
        let profile = std::env::temp_dir().join(format!(
            "cognito-login-e2e-{}-{}",
            std::process::id(),
            PROFILES.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile).unwrap();
        let caps = json!({
            "goog:chromeOptions": {
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1200,900",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        let Value::Object(caps) = caps else { unreachable!() };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(webdriver)
            .await
            .expect("a WebDriver session");
        Browser { client, profile }
    }

    /// Ends the session and removes the profile.
    pub async fn close(self) {
        let _ = self.client.close().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }

    /// Waits until the element matching `css` contains `text`; returns its
    /// whole text. Fails with what the page showed instead.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> Result<String, String> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(elements) = self.client.find_all(Locator::Css(css)).await {
                for e in elements {
                    if let Ok(t) = e.text().await {
                        if t.contains(text) {
                            return Ok(t);
                        }
                    }
                }
            }
            if Instant::now() > deadline {
                let body = self.body_text().await;
                return Err(format!("no `{css}` containing {text:?} within {WAIT:?}; the page shows:\n{body}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for the first element matching `css`.
    pub async fn element(&self, css: &str) -> Result<fantoccini::elements::Element, String> {
        self.client.wait().at_most(WAIT).for_element(Locator::Css(css)).await.map_err(|e| format!("no `{css}`: {e}"))
    }

    /// Waits (up to 5 s) until nothing matches `css`; the error names
    /// `what` stayed.
    pub async fn wait_gone(&self, css: &str, what: &str) -> Result<(), String> {
        for _ in 0..50 {
            if self.client.find(Locator::Css(css)).await.is_err() {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("{what} stayed"))
    }

    /// Clicks the first element matching `css`.
    pub async fn click(&self, css: &str) -> Result<(), String> {
        self.element(css).await?.click().await.map_err(|e| format!("cannot click `{css}`: {e}"))
    }

    /// Clicks the button whose text contains `text`.
    pub async fn click_button(&self, text: &str) -> Result<(), String> {
        let xpath = format!("//button[contains(normalize-space(.), '{text}')]");
        let e = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&xpath))
            .await
            .map_err(|e| format!("no button {text:?}: {e}"))?;
        e.click().await.map_err(|e| format!("cannot click {text:?}: {e}"))
    }

    /// Runs axe-core (`$AXE_CORE_JS`, installed by `./x test`) on the page
    /// and fails on any serious or critical violation.
    pub async fn check_accessibility(&self, page: &str) -> Result<(), String> {
        let path = std::env::var("AXE_CORE_JS").map_err(|_| "AXE_CORE_JS is not set (./x test sets it)".to_string())?;
        let source = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
        self.client
            .execute(&format!("{source}\nreturn true;"), vec![])
            .await
            .map_err(|e| format!("axe did not load: {e}"))?;
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations\
                   .filter(v => v.impact === 'serious' || v.impact === 'critical')\
                   .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))),\
                   e => done('axe failed: ' + e));",
                vec![],
            )
            .await
            .map_err(|e| format!("axe did not run: {e}"))?;
        match found.as_str() {
            Some("[]") => Ok(()),
            other => Err(format!("accessibility violations on the {page} page: {}", other.unwrap_or("?"))),
        }
    }

    /// Saves a screenshot as `docs/screenshots/NAME.png` (shown in the
    /// README, so it always shows what a user sees).
    pub async fn screenshot(&self, name: &str) -> Result<(), String> {
        let png = self.client.screenshot().await.map_err(|e| format!("screenshot failed: {e}"))?;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        std::fs::write(dir.join(format!("{name}.png")), png).map_err(|e| e.to_string())
    }

    /// Types into the input labelled by `css`.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<(), String> {
        self.element(css).await?.send_keys(text).await.map_err(|e| format!("cannot type into `{css}`: {e}"))
    }

    /// Opens a URL.
    pub async fn goto(&self, url: &str) -> Result<(), String> {
        self.client.goto(url).await.map_err(|e| format!("cannot open {url}: {e}"))
    }

    /// The address bar.
    pub async fn url(&self) -> Result<String, String> {
        self.client.current_url().await.map(|u| u.to_string()).map_err(|e| e.to_string())
    }

    /// Opens `url` in a new tab of the same browser and switches to it.
    pub async fn open_tab(&self, url: &str) -> Result<fantoccini::wd::WindowHandle, String> {
        let tab = self.client.new_window(true).await.map_err(|e| e.to_string())?;
        self.switch_to(tab.handle.clone()).await?;
        self.goto(url).await?;
        Ok(tab.handle)
    }

    /// The tab being driven.
    pub async fn current_tab(&self) -> Result<fantoccini::wd::WindowHandle, String> {
        self.client.window().await.map_err(|e| e.to_string())
    }

    /// Drives `tab` from now on.
    pub async fn switch_to(&self, tab: fantoccini::wd::WindowHandle) -> Result<(), String> {
        self.client.switch_to_window(tab).await.map_err(|e| e.to_string())
    }

    /// Runs a script in the page and returns its JSON result.
    /// Waits until `module` ("landing" or "app") draws the page (`boot.js`
    /// marks `<html data-running>`).
    pub async fn wait_for_running(&self, module: &str) -> Result<(), String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let now = self.eval("return document.documentElement.dataset.running ?? null").await?;
            if now.as_str() == Some(module) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("the {module} module is not running within {WAIT:?} (running: {now})"));
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    pub async fn eval(&self, script: &str) -> Result<Value, String> {
        self.client.execute(script, vec![]).await.map_err(|e| format!("script failed: {e}"))
    }

    /// Shifts the page's clock (`Date`) by `seconds` for every document
    /// loaded from now on, through chromedriver's DevTools endpoint
    /// (`Page.addScriptToEvaluateOnNewDocument`): the app is not involved.
    pub async fn skew_clock(&self, seconds: i64) -> Result<(), String> {
        let source = format!(
            "(() => {{ const offset = {ms}; const RealDate = Date; \
             class SkewedDate extends RealDate {{ constructor(...a) {{ if (a.length === 0) {{ super(RealDate.now() + offset); }} else {{ super(...a); }} }} \
             static now() {{ return RealDate.now() + offset; }} }} globalThis.Date = SkewedDate; }})();",
            ms = seconds * 1000
        );
        self.add_script_to_new_documents(&source).await
    }

    /// Runs `source` in every document loaded from now on, before the
    /// page's own scripts (DevTools' `Page.addScriptToEvaluateOnNewDocument`;
    /// not subject to the page's CSP).
    pub async fn add_script_to_new_documents(&self, source: &str) -> Result<(), String> {
        self.client
            .issue_cmd(Cdp { cmd: "Page.addScriptToEvaluateOnNewDocument", params: json!({ "source": source }) })
            .await
            .map(|_| ())
            .map_err(|e| format!("CDP command failed: {e}"))
    }

    /// Fills in and submits the emulator's hosted-UI form as the default
    /// user (the page must be showing it).
    pub async fn submit_login_form(&self) -> Result<(), String> {
        self.submit_login_form_as(cognito_emulator::DEFAULT_USERNAME, cognito_emulator::DEFAULT_PASSWORD).await
    }

    /// [`Browser::submit_login_form`] as another user.
    pub async fn submit_login_form_as(&self, username: &str, password: &str) -> Result<(), String> {
        self.type_into("input#username", username).await?;
        self.type_into("input#password", password).await?;
        self.click("button[type=submit]").await
    }

    /// Takes the browser off the network or puts it back, as when the
    /// connection drops (`navigator.onLine` and the `online` event follow),
    /// through the DevTools protocol's network emulation.
    pub async fn set_offline(&self, offline: bool) -> Result<(), String> {
        let conditions = json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
        for (cmd, params) in [("Network.enable", json!({})), ("Network.emulateNetworkConditions", conditions)] {
            self.client.issue_cmd(Cdp { cmd, params }).await.map_err(|e| format!("CDP {cmd} failed: {e}"))?;
        }
        Ok(())
    }

    /// The visible text of the whole page.
    pub async fn body_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(b) => b.text().await.unwrap_or_default(),
            Err(e) => format!("<no body: {e}>"),
        }
    }
}

/// Adjusts an app client to issue tokens that live `seconds`, so tests can
/// watch them expire.
pub fn short_lived(seconds: u64) -> impl FnOnce(&mut cognito_emulator::ClientConfig) {
    move |c| {
        c.access_token_validity = seconds;
        c.id_token_validity = seconds;
    }
}

/// Starts a sign-in and returns its `state`, read from the hosted UI's URL.
pub async fn pending_state(b: &Browser, app: &StaticApp) -> Result<String, String> {
    b.goto(&app.url("/")).await?;
    b.wait_for_text("header button", "Sign in").await?;
    b.click("header button").await?;
    b.type_into("input#username", "").await?; // the emulator's form is showing: a sign-in is pending
    let url = b.url().await?;
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
    cognito_login_core::form::decode_pairs(query)
        .into_iter()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| cognito_login_core::form::encode(&v))
        .ok_or_else(|| format!("no state in {url}"))
}

/// Waits until `done` holds, checking every 100 ms, for at most `timeout`.
pub async fn wait_until(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    while !done() {
        if Instant::now() > deadline {
            return Err(format!("timed out waiting for {what}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// How many requests the emulator received on `path`.
pub fn requests(emulator: &cognito_emulator::Emulator, path: &str) -> usize {
    emulator.pool().request_log().iter().filter(|r| r.path == path).count()
}

/// A Chrome DevTools Protocol command sent through chromedriver.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

/// Opens a fresh browser, runs `test` with it, and closes it whatever the
/// outcome.
pub async fn with_browser(
    webdriver: &str,
    test: impl AsyncFnOnce(&Browser) -> Result<(), String>,
) -> Result<(), String> {
    let browser = Browser::open(webdriver).await;
    let result = test(&browser).await;
    browser.close().await;
    result
}

/// Runs an async test body on its own runtime.
pub fn run<F>(test: F) -> Result<(), String>
where
    F: std::future::Future<Output = Result<(), String>>,
{
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(test)
}
