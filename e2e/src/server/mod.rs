//! The static server for the built app: `dist/` (or an example's build) with
//! a per-test `config.json`, the production headers and Content Security
//! Policy, CSP reports kept, production caching on demand, and the control
//! pages the tests compare against.
//!
//! This module holds what a test sets and reads ([`StaticApp`] and the state
//! it shares with the server); `files` serves the app as a static host does,
//! `policy` the Content Security Policy and its reports, `compress` the
//! answers a CDN compresses, `http` the plumbing, `emulator` the app wired
//! to a fresh emulator.

mod compress;
mod emulator;
mod files;
mod http;
mod policy;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use files::{CSP_CONTROL_PAGE, OTHER_APP_PAGE};
pub(crate) use http::spawn_server;
use policy::CSP_REPORT_PATH;

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
    production_caching: Arc<AtomicBool>,
    csp_extra: Arc<Mutex<Vec<String>>>,
    /// How long `config.json` takes to answer, milliseconds.
    config_delay_ms: Arc<AtomicU64>,
    /// A second deployment on the same origin, under a sub-path.
    sub: Option<Arc<SubApp>>,
    /// Brotli copies of the built files, served to browsers that accept
    /// them, when set.
    compressed: Arc<Mutex<Option<Arc<compress::Compressed>>>>,
}

/// Another build of the app served under `prefix` (e.g. `/login/`) of the
/// same origin, with its own `config.json`: two deployments on one host.
struct SubApp {
    prefix: String,
    dist: PathBuf,
    config: Mutex<Option<String>>,
}

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
            compressed: Arc::default(),
        };
        let router = Router::new()
            .route(CSP_REPORT_PATH, axum::routing::post(policy::receive_csp_report))
            .fallback(files::serve_file)
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

    /// Compression as deployed behind CloudFront (`Compress: true`): the
    /// built files of 1,000 bytes or more answered with `brotli -q 11` to
    /// browsers that accept `br`. Off by default: tests compare bytes as
    /// built. Turning it on compresses every file at once (seconds).
    pub async fn set_compression(&self, on: bool) {
        let compressed = match on {
            true => {
                let dist = self.site.dist.clone();
                Some(Arc::new(tokio::task::spawn_blocking(move || compress::compress_dist(&dist)).await.unwrap()))
            }
            false => None,
        };
        *self.site.compressed.lock().unwrap() = compressed;
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
