//! The JavaScript the bench runs in the page: what it records, what it
//! reads back, and how it waits for a value.

use std::time::Duration;

use e2e::Browser;

/// Records, in every document, when the "Sign in" button becomes usable and
/// when the signed-in header appears (ms since that document's navigation
/// start), and keeps the WebAssembly exports (for its memory).
pub const PROBE: &str = r#"(() => {
  const b = window.__bench = {};
  addEventListener("TrunkApplicationStarted", (e) => { b.wasm = e.detail.wasm; b.started = performance.now(); });
  const check = () => {
    if (b.signInReady === undefined) {
      const button = document.querySelector("header button");
      if (button && !button.disabled && button.textContent.trim() === "Sign in") b.signInReady = performance.now();
    }
    if (b.signedIn === undefined && document.querySelector("header .user")) b.signedIn = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})();"#;

/// When the first document's parts arrived: the WebAssembly download, the
/// app started (instantiated), config.json requested and answered.
pub const BREAKDOWN: &str = r#"
  const r = (part) => performance.getEntriesByType("resource").find((e) => e.name.includes(part));
  const wasm = r(".wasm"), config = r("config.json"), nav = performance.getEntriesByType("navigation")[0];
  const css = r(".css"), js = r("/landing-") ?? r("/cognito-login-");
  return { css_start: css && css.startTime, css_request: css && css.requestStart, css_done: css && css.responseEnd,
           js_start: js && js.startTime, js_done: js && js.responseEnd, html_done: nav.responseEnd, dom_content_loaded: nav.domContentLoadedEventEnd,
           wasm_start: wasm && wasm.startTime, wasm_done: wasm && wasm.responseEnd, app_started: window.__bench.started,
           config_start: config && config.startTime, config_done: config && config.responseEnd,
           ...Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name.replace(":", "_"), m.startTime])) };"#;

/// The network time on the callback's critical path: the token exchange and
/// the JWKS, from the callback document's Resource Timing (merged where they
/// overlap).
pub const FLOOR: &str = r#"
  const spans = performance.getEntriesByType("resource")
    .filter((e) => e.name.includes("/oauth2/token") || e.name.includes("jwks.json"))
    .map((e) => [e.startTime, e.responseEnd]).sort((a, b) => a[0] - b[0]);
  let total = 0, end = -1;
  for (const [s, e] of spans) { if (s > end) { total += e - s; end = e; } else if (e > end) { total += e - end; end = e; } }
  return spans.length >= 2 ? total : null;"#;

/// Presses "Sign in" the moment it is usable, on the start page of
/// `ORIGIN` only: a user who does not wait, so the full app, which the page
/// fetches once it is idle, is not fetched. The page is never idle here
/// (`requestIdleCallback` never calls back): on loopback the fetch would
/// otherwise often finish while the sign-in request is made, before the page
/// goes to the hosted UI. Added after [`PROBE`], so the moment is recorded
/// first.
pub const PRESS_AT_ONCE: &str = r#"(() => {
  if (location.origin !== "ORIGIN" || location.pathname !== "/") return;
  window.requestIdleCallback = () => 0;
  const press = () => {
    const button = document.querySelector("header button");
    if (!button || button.disabled || button.textContent.trim() !== "Sign in") return;
    observer.disconnect();
    window.__bench.pressed = performance.now();
    button.click();
  };
  const observer = new MutationObserver(press);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();"#;

/// The bytes of the full app (its wasm-bindgen module and WebAssembly) this
/// document transferred: 0 when both came from the HTTP cache, `null` when
/// it did not load them.
pub const FULL_APP_TRANSFERRED: &str = r#"
  const app = performance.getEntriesByType("resource").filter((e) => /\/cognito-login-[0-9a-f]{16}(_bg\.wasm|\.js)$/.test(e.name));
  return app.length ? app.reduce((n, e) => n + e.transferSize, 0) : null;"#;

/// A fixed piece of JavaScript, timed (ms): compared before and after the
/// profile is applied, it shows the CPU slow-down in force.
pub const CPU_LOOP: &str = r#"
  const t = performance.now(); let x = 0;
  for (let i = 0; i < 1e7; i++) x = (x + i * 7) % 1000003;
  return x >= 0 ? performance.now() - t : null;"#;

pub async fn number(b: &Browser, script: &str) -> Result<f64, String> {
    for _ in 0..200 {
        if let Some(v) = b.eval(script).await?.as_f64() {
            return Ok(v);
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    Err(format!("no value from {script}"))
}

/// Like `wait_for_text`, for up to five minutes (a thousand calls).
pub async fn wait_long(b: &Browser, css: &str, text: &str) -> Result<String, String> {
    for _ in 0..3000 {
        if let Ok(Some(found)) = b
            .eval(&format!("const e = document.querySelector('{css}'); return e ? e.textContent : null"))
            .await
            .map(|v| v.as_str().map(String::from))
        {
            if found.contains(text) {
                return Ok(found);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("no {css} containing {text:?}"))
}
