//! The measured runs, each in a fresh browser: a sign-in (the user looks at
//! the start page first, or presses "Sign in" at once), and a page's
//! navigation → "Sign in" usable.
//!
//! A browser that has just started pays first-use costs on its first page's
//! first sub-resources (~20–50 ms here, more on a loaded machine: the
//! renderer's first request, the network service's first loader for it,
//! while the new browser is still busy starting; docs/PERFORMANCE.md "Before
//! every sub-resource"), which a user's running browser has paid long
//! before. So each measured browser first shows a page of another site (the
//! floor page on `127.0.0.1`, a different site from `localhost`: nothing of
//! it is cached or connected for the measured pages), unless the run
//! measures a just-started browser on purpose.

use std::time::Duration;

use cognito_emulator::DEFAULT_USERNAME;
use e2e::{Browser, StaticApp};
use serde_json::Value;

use crate::probes::{number, BREAKDOWN, CPU_LOOP, FLOOR, FULL_APP_TRANSFERRED, PRESS_AT_ONCE, PROBE};
use crate::profile::Profile;

/// How the measured browsers are opened.
pub struct Opener {
    pub webdriver: String,
    /// A page of another site, shown first (see the module's comment).
    pub warm_up: String,
    pub profile: Profile,
}

/// When the user presses "Sign in".
#[derive(Clone, Copy)]
pub enum Press {
    /// The moment it is usable (in the page, as soon as it is drawn).
    AtOnce,
    /// After looking at the start page this long (ms).
    After(u64),
}

/// A fresh browser, its first-use costs paid (when `warm`), throttled as
/// the profile says, recording [`PROBE`] in every document. Returns it with
/// the time of [`CPU_LOOP`] before throttling.
async fn open(o: &Opener, warm: bool) -> Result<(Browser, f64), String> {
    let b = Browser::open(&o.webdriver).await;
    let setup = async {
        let mut unthrottled = f64::NAN;
        if warm {
            b.goto(&o.warm_up).await?;
            // Let the just-started browser finish its own start-up work.
            tokio::time::sleep(Duration::from_millis(1000)).await;
            unthrottled = b.eval(CPU_LOOP).await?.as_f64().unwrap_or(f64::NAN);
        }
        o.profile.apply(&b).await?;
        b.add_script_to_new_documents(PROBE).await?;
        Ok::<f64, String>(unthrottled)
    }
    .await;
    match setup {
        Ok(unthrottled) => Ok((b, unthrottled)),
        Err(e) => {
            b.close().await;
            Err(e)
        }
    }
}

#[derive(Default)]
pub struct Run {
    /// Navigation start → "Sign in" usable (not read when pressed at once).
    pub sign_in_ready: Option<f64>,
    /// Callback navigation start → signed-in view.
    pub signed_in: f64,
    /// The token exchange and the JWKS on the callback's critical path.
    pub floor: f64,
    /// Bytes of the full app the callback document transferred (0: all from
    /// the HTTP cache).
    pub full_app_transferred: f64,
    /// A second tab, reloaded while signed in: navigation start → signed-in
    /// view (only when the user looked first).
    pub reload_signed_in: Option<f64>,
    /// Where the first load's time goes (ms since navigation start).
    pub breakdown: Value,
    /// WebAssembly linear memory after sign-in, bytes.
    pub memory: f64,
    /// [`CPU_LOOP`] on the warm-up page (unthrottled) and on the signed-in
    /// page (throttled as the profile says), ms.
    pub cpu_loop: (f64, f64),
}

/// A sign-in from the start page of `app`, "Sign in" pressed as `press`
/// says, in a fresh (warmed) browser.
pub async fn sign_in_run(o: &Opener, app: &StaticApp, press: Press) -> Result<Run, String> {
    let (b, unthrottled) = open(o, true).await?;
    let result = async {
        let mut run = Run::default();
        match press {
            Press::AtOnce => {
                b.add_script_to_new_documents(&PRESS_AT_ONCE.replace("ORIGIN", &app.origin)).await?;
                // The page navigates to the hosted UI while the load is
                // awaited; the form is what counts.
                let _ = b.goto(&app.url("/")).await;
            }
            Press::After(think_ms) => {
                b.goto(&app.url("/")).await?;
                run.sign_in_ready = Some(number(&b, "return window.__bench.signInReady ?? null").await?);
                run.breakdown = b.eval(BREAKDOWN).await?;
                tokio::time::sleep(Duration::from_millis(think_ms)).await;
                b.click("header button").await?;
            }
        }
        b.submit_login_form().await?;
        run.signed_in = number(&b, "return window.__bench.signedIn ?? null").await?;
        run.floor = number(&b, FLOOR).await?;
        run.full_app_transferred = number(&b, FULL_APP_TRANSFERRED).await?;
        run.memory =
            number(&b, "return window.__bench.wasm ? window.__bench.wasm.memory.buffer.byteLength : null").await?;
        run.cpu_loop = (unthrottled, b.eval(CPU_LOOP).await?.as_f64().unwrap_or(f64::NAN));
        if let Press::After(_) = press {
            // A second tab (it gets the session from the first), reloaded.
            b.open_tab(&app.url("/")).await?;
            b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
            o.profile.apply(&b).await?;
            b.add_script_to_new_documents(PROBE).await?;
            b.eval("location.reload(); return null").await?;
            run.reload_signed_in = Some(number(&b, "return window.__bench?.signedIn ?? null").await?);
        }
        Ok(run)
    }
    .await;
    b.close().await;
    result
}

/// Navigation start → "Sign in" usable on `url` in a fresh browser, warmed
/// first or just started (`warm`).
pub async fn sign_in_ready(o: &Opener, url: &str, warm: bool) -> Result<f64, String> {
    let (b, _) = open(o, warm).await?;
    let result = async {
        b.goto(url).await?;
        number(&b, "return window.__bench.signInReady ?? null").await
    }
    .await;
    b.close().await;
    result
}
