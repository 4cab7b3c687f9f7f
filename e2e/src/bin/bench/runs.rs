//! The measured runs: a sign-in from a fresh browser, the floor page, the
//! authenticated fetch against a plain one.

use std::path::PathBuf;
use std::time::Duration;

use cognito_emulator::DEFAULT_USERNAME;
use e2e::size::first_load_files;
use e2e::{Browser, StaticApp};
use serde_json::{json, Value};

use crate::probes::{number, wait_long, BREAKDOWN, FLOOR, PROBE};
use crate::stats::round3;

#[derive(Default)]
pub struct Run {
    pub sign_in_ready: f64,
    pub signed_in: f64,
    pub floor: f64,
    /// A second tab, reloaded while signed in: navigation start → signed-in
    /// view.
    pub reload_signed_in: f64,
    /// Where the first load's time goes (ms since navigation start).
    pub breakdown: Value,
}

pub async fn one_run(webdriver: &str, app: &StaticApp, think_ms: u64) -> Result<(Run, f64), String> {
    let b = Browser::open(webdriver).await;
    let result = async {
        b.add_script_to_new_documents(PROBE).await?;
        b.goto(&app.url("/")).await?;
        let sign_in_ready = number(&b, "return window.__bench.signInReady ?? null").await?;
        let breakdown = b.eval(BREAKDOWN).await?;
        tokio::time::sleep(Duration::from_millis(think_ms)).await;
        b.click("header button").await?;
        b.submit_login_form().await?;
        let signed_in = number(&b, "return window.__bench.signedIn ?? null").await?;
        let floor = number(&b, FLOOR).await?;
        let memory =
            number(&b, "return window.__bench.wasm ? window.__bench.wasm.memory.buffer.byteLength : null").await?;
        // A second tab (it gets the session from the first), reloaded.
        b.open_tab(&app.url("/")).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        b.add_script_to_new_documents(PROBE).await?;
        b.eval("location.reload(); return null").await?;
        let reload_signed_in = number(&b, "return window.__bench?.signedIn ?? null").await?;
        Ok((Run { sign_in_ready, signed_in, floor, reload_signed_in, breakdown }, memory))
    }
    .await;
    b.close().await;
    result
}

/// The floor page: a static `index.html` of the same size class with one
/// "Sign in" button and the app's stylesheet, no script, served the same way.
pub fn floor_page(dist: &std::path::Path) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cognito-login-floor-page-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("floor page directory");
    let index = std::fs::read_to_string(dist.join("index.html")).expect("dist/index.html");
    let css = first_load_files(&index).into_iter().find(|f| f.ends_with(".css")).expect("the app's stylesheet");
    std::fs::copy(dist.join(&css), dir.join(&css)).expect("copy the stylesheet");
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\" />\n    \
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n    <title>Sign in</title>\n    \
         <link rel=\"icon\" href=\"data:,\" />\n    <link rel=\"stylesheet\" href=\"/{css}\" />\n  </head>\n  <body>\n    \
         <header class=\"site-header\"><a class=\"brand\" href=\"/\"><span class=\"name\">Cognito Login</span></a>\
         <nav class=\"account\" aria-label=\"Account\"><button class=\"button primary\" type=\"button\">Sign in</button></nav></header>\n    \
         <main class=\"content\"><section class=\"card landing\"><h1>Cognito Login</h1><p>You are signed out.</p></section></main>\n  \
         </body>\n</html>\n"
    );
    std::fs::write(dir.join("index.html"), html).expect("floor index.html");
    dir
}

/// Navigation start → "Sign in" usable on `url` in a fresh browser.
pub async fn sign_in_ready(webdriver: &str, url: &str) -> Result<f64, String> {
    let b = Browser::open(webdriver).await;
    let result = async {
        b.add_script_to_new_documents(PROBE).await?;
        b.goto(url).await?;
        number(&b, "return window.__bench.signInReady ?? null").await
    }
    .await;
    b.close().await;
    result
}

/// Per-call time of `calls` sequential authenticated fetches (the API
/// console, "one after another") and of as many plain `fetch` calls to the
/// same endpoint, after a warm-up of each.
pub async fn fetch_overhead(webdriver: &str, app: &StaticApp, api: &str, calls: usize) -> Result<Value, String> {
    let b = Browser::open(webdriver).await;
    let result = async {
        b.goto(&app.url("/api")).await?;
        b.click("header button").await?;
        b.submit_login_form().await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        b.wait_for_text(".whoami .status", "HTTP 200").await?;
        let set = |css: &str, value: &str| {
            format!(
                "const i = document.querySelector('{css}'); i.value = '{value}'; \
                 i.dispatchEvent(new Event('input', {{ bubbles: true }})); return null"
            )
        };
        b.eval(&set("#api-path", "/ping")).await?;
        b.click("#api-sequential").await?;
        let mut per_auth = Vec::new();
        for n in [50, calls] {
            b.eval(&set("#api-parallel", &n.to_string())).await?;
            b.click_button("Send").await?;
            let expected = format!("{n} requests sent one after another: {n} succeeded");
            let summary = wait_long(&b, ".api-result .summary", &expected).await?;
            let each = summary
                .rsplit_once('(')
                .and_then(|(_, s)| s.split_once(" ms each"))
                .and_then(|(v, _)| v.parse::<f64>().ok())
                .ok_or_else(|| format!("cannot read the time per request from {summary:?}"))?;
            per_auth.push(each);
        }
        let timed = |init: &str| {
            format!(
                "const url = '{api}/ping'; const run = async (n) => {{ const t = performance.now(); \
                 for (let i = 0; i < n; i++) {{ const r = await fetch(url, {init}); await r.text(); }} \
                 return (performance.now() - t) / n; }}; await run(50); return await run({calls});"
            )
        };
        let plain = b.eval(&timed("{}")).await?.as_f64().ok_or("plain fetch timing missing")?;
        // The same request as the app's (an Authorization header, so a CORS
        // preflight, cached after the first), made by hand.
        let same = timed("{ headers: { Authorization: 'Bearer x' }, credentials: 'omit', cache: 'no-store' }");
        let by_hand = b.eval(&same).await?.as_f64().ok_or("fetch timing missing")?;
        let auth = per_auth[1];
        Ok(json!({
            "calls": calls,
            "authenticated_ms_per_call": round3(auth),
            "plain_ms_per_call": round3(plain),
            "plain_with_authorization_header_ms_per_call": round3(by_hand),
            "overhead_ms_per_call": round3(auth - plain),
            "overhead_over_same_request_by_hand_ms_per_call": round3(auth - by_hand),
        }))
    }
    .await;
    b.close().await;
    result
}
