//! The browser side: one chromedriver process, fresh headless Chromium
//! sessions, and the helpers that read the page and act on it as a user
//! would (plus a few DevTools Protocol commands: offline, scripts in new
//! documents).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::WAIT;

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

/// A fresh headless Chromium session with its own profile directory.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    profile: PathBuf,
}

static PROFILES: AtomicU64 = AtomicU64::new(0);

impl Browser {
    /// Opens a new browser session on `webdriver`, its user preferring
    /// American English (whatever the machine's locale).
    pub async fn open(webdriver: &str) -> Browser {
        Browser::open_preferring(webdriver, "en-US,en").await
    }

    /// Opens a new browser session whose user prefers `languages`
    /// (`navigator.languages` and `Accept-Language`, e.g. `"de-DE,de"`).
    pub async fn open_preferring(webdriver: &str, languages: &str) -> Browser {
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
                    format!("--lang={}", languages.split(',').next().unwrap_or(languages)),
                    format!("--accept-lang={languages}"),
                ],
                "prefs": { "intl.accept_languages": languages }
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

    /// Saves a screenshot as `NAME.png` in `$SCREENSHOTS_DIR`, by default
    /// `target/screenshots` (outside the tracked tree, so a test run leaves
    /// `git status` clean). The README's copies in `docs/screenshots` are
    /// refreshed on request: `./x screenshots`.
    pub async fn screenshot(&self, name: &str) -> Result<(), String> {
        let png = self.client.screenshot().await.map_err(|e| format!("screenshot failed: {e}"))?;
        let dir = std::env::var_os("SCREENSHOTS_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots"));
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
        self.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": source })).await
    }

    /// Sends a DevTools Protocol command to the current tab through
    /// chromedriver (`/session/{id}/goog/cdp/execute`).
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Result<(), String> {
        self.client.issue_cmd(Cdp { cmd, params }).await.map(|_| ()).map_err(|e| format!("CDP {cmd} failed: {e}"))
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
            self.cdp(cmd, params).await?;
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
    with_browser_preferring(webdriver, "en-US,en", test).await
}

/// [`with_browser`] for a user who prefers `languages`
/// ([`Browser::open_preferring`]).
pub async fn with_browser_preferring(
    webdriver: &str,
    languages: &str,
    test: impl AsyncFnOnce(&Browser) -> Result<(), String>,
) -> Result<(), String> {
    let browser = Browser::open_preferring(webdriver, languages).await;
    let result = test(&browser).await;
    browser.close().await;
    result
}
