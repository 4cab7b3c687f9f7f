//! Support for the end-to-end tests: one chromedriver, a static server for
//! `dist/` with a per-test `config.json`, fresh browser sessions, and
//! helpers that read the page as a user would.

pub mod hosting;
pub mod size;

mod browser;
mod server;

use std::time::{Duration, Instant};

pub use browser::{with_browser, with_browser_preferring, Browser, Chromedriver};
pub use server::{dist_dir, StaticApp, CSP_CONTROL_PAGE, OTHER_APP_PAGE};

/// How long a page may take to show what a test waits for.
pub const WAIT: Duration = Duration::from_secs(20);

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
    state_in(&b.url().await?)
}

/// The `state` of the hosted UI's address `url` (a pending sign-in's), as
/// it goes back into a callback's query.
pub fn state_in(url: &str) -> Result<String, String> {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
    cognito_login_core::form::decode_pairs(query)
        .into_iter()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| cognito_login_core::form::encode(&v))
        .ok_or_else(|| format!("no state in {url}"))
}

/// On an identity provider's consent page (the emulator's stand-in for
/// Google's or a company's own page): signs in there as `account`.
pub async fn consent_as(b: &Browser, provider: &str, account: &str) -> Result<(), String> {
    b.wait_for_text("#idpHeading", provider).await?;
    b.element("#idpAccount").await?.clear().await.map_err(|e| e.to_string())?;
    b.type_into("#idpAccount", account).await?;
    b.click("#idpAllow").await
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

/// Runs an async test body on its own runtime.
pub fn run<F>(test: F) -> Result<(), String>
where
    F: std::future::Future<Output = Result<(), String>>,
{
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(test)
}
