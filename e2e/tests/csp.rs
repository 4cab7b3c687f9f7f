//! The Content Security Policy (included by browser.rs). Every page of the
//! suite is served with the production policy and any violation report fails
//! the test that caused it (see `e2e::StaticApp`); this positive control
//! proves that a violation is caught and reported.

use e2e::{wait_until, with_browser, StaticApp, CSP_CONTROL_PAGE, WAIT};

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

/// Subresource Integrity: the WebAssembly is loaded once (through the
/// preload, with its integrity), and a changed byte stops the app with a
/// message instead of running it or leaving the page blank.
pub async fn wasm_is_loaded_once_and_checked(webdriver: String) -> TestResult {
    let app = StaticApp::serve(None).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        b.wait_for_text("[role=alert]", "config.json was not found").await?;
        if app.served(".wasm") != 1 {
            return Err(format!("the WebAssembly was downloaded {} times, not once", app.served(".wasm")));
        }
        app.tamper_with(".wasm");
        b.goto(&app.url("/?again")).await?;
        b.wait_for_text("[role=alert]", "This page could not be started").await?;
        if b.body_text().await.contains("config.json") {
            return Err("the app ran although its WebAssembly had been changed".into());
        }
        Ok(())
    })
    .await
}
