//! The Content Security Policy (included by browser.rs). Every page of the
//! suite is served with the production policy and any violation report fails
//! the test that caused it (see `e2e::StaticApp`); this positive control
//! proves that a violation is caught and reported.

use e2e::{wait_until, with_browser, StaticApp, CSP_CONTROL_PAGE, OTHER_APP_PAGE, WAIT};

use super::TestResult;

pub async fn csp_violations_are_reported(webdriver: String) -> TestResult {
    let app = StaticApp::serve(None).await;
    let result = with_browser(&webdriver, async |b| {
        b.goto(&app.url(CSP_CONTROL_PAGE)).await?;
        b.click("#inline-handler").await?;
        let seen = || app.csp_report_count() >= 2;
        wait_until("two CSP violation reports", WAIT, seen).await?;
        let state = b.eval("return document.title + '|' + (document.body.dataset.clicked || 'no')").await?;
        if state != serde_json::json!("CSP control|no") {
            return Err(format!("an inline script or handler ran under the policy: {state}"));
        }
        Ok(())
    })
    .await;
    let reports = app.take_csp_reports();
    result?;
    let all = reports.join("\n");
    for needle in ["script-src", CSP_CONTROL_PAGE] {
        if !all.contains(needle) {
            return Err(format!("the violation reports do not mention {needle:?}:\n{all}"));
        }
    }
    Ok(())
}

/// The shipped build aborts at once on a panic: the WebAssembly traps and no
/// Rust runs after it, so `boot.js` turns an uncaught
/// `WebAssembly.RuntimeError` into the friendly error page; other errors
/// leave the page alone.
pub async fn a_webassembly_trap_shows_the_friendly_error_page(webdriver: String) -> TestResult {
    let (app, _emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        b.wait_for_text("header button", "Sign in").await?;
        // What the browser reports for an uncaught exception: an `error` event
        // carrying it (a script injected over WebDriver would be "muted", with
        // no error object, so the event is dispatched as the browser would).
        let report = |error: &str| {
            format!("dispatchEvent(new ErrorEvent('error', {{ error: {error}, message: 'uncaught' }})); return true;")
        };
        b.eval(&report("new Error('an ordinary script error')")).await?;
        b.eval("dispatchEvent(new PromiseRejectionEvent('unhandledrejection', { promise: Promise.resolve(), reason: new TypeError('x') })); return true;").await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        if b.body_text().await.contains("Something went wrong") {
            return Err("an ordinary error replaced the page".into());
        }
        b.eval(&report("new WebAssembly.RuntimeError('unreachable')")).await?;
        b.wait_for_text("[role=alert] h1", "Something went wrong").await?;
        b.wait_for_text("[role=alert] a", "Reload the page").await?;
        // A trap inside a promise (an async task) ends the same way.
        b.goto(&app.url("/")).await?;
        b.wait_for_text("header button", "Sign in").await?;
        b.eval("dispatchEvent(new PromiseRejectionEvent('unhandledrejection', { promise: Promise.resolve(), reason: new WebAssembly.RuntimeError('unreachable') })); return true;").await?;
        b.wait_for_text("[role=alert] h1", "Something went wrong").await?;
        Ok(())
    })
    .await
}

/// The production headers besides the policy (`csp::OTHER_HEADERS`) are
/// served and in force: the features `Permissions-Policy` turns off are off,
/// and `Cross-Origin-Opener-Policy: same-origin` leaves a window of another
/// origin that opens the app without a handle on it. The controls: a page
/// of another app without those headers keeps both.
pub async fn production_headers_are_in_force(webdriver: String) -> TestResult {
    let (app, _emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        // Each of these is on for the control page. (`bluetooth` is turned
        // off too, but Chromium 156 has no such policy feature to check.)
        let checked = [
            "camera",
            "geolocation",
            "microphone",
            "payment",
            "usb",
            "browsing-topics",
            "idle-detection",
            "identity-credentials-get",
        ];
        let features = format!("return {checked:?}.filter((f) => document.featurePolicy.allowsFeature(f))");
        b.goto(&app.url("/")).await?;
        b.wait_for_text("header button", "Sign in").await?;
        let allowed = b.eval(&features).await?;
        if allowed != serde_json::json!([]) {
            return Err(format!("Permissions-Policy leaves these on: {allowed}"));
        }
        b.goto(&app.url(OTHER_APP_PAGE)).await?;
        let on = b.eval(&features).await?;
        if on != serde_json::json!(checked) {
            return Err(format!("the control page has only {on} on: the check proves nothing for the others"));
        }
        // Another origin (127.0.0.1 is not localhost) opens the app, and the
        // other app's page.
        b.goto(&app.url(OTHER_APP_PAGE).replace("localhost", "127.0.0.1")).await?;
        let opened = b
            .eval(&format!(
                "window.ours = window.open({:?}); window.theirs = window.open({:?}); return !!window.ours && !!window.theirs",
                app.url("/"),
                app.url(OTHER_APP_PAGE)
            ))
            .await?;
        if opened != serde_json::json!(true) {
            return Err("the browser blocked the test's windows".into());
        }
        let severed = || async { b.eval("return [window.ours.closed, window.theirs.closed]").await };
        let mut state = serde_json::Value::Null;
        for _ in 0..50 {
            state = severed().await?;
            if state == serde_json::json!([true, false]) {
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        Err(format!("expected the app's window severed and the control's not, saw [ours.closed, theirs.closed] = {state}"))
    })
    .await
}
