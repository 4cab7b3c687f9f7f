//! Faults (included by browser.rs): every network step has a timeout, and
//! every failure ends in a clear message with a next step.

use std::time::{Duration, Instant};

use cognito_emulator::{Emulator, TokenFault, DEFAULT_USERNAME};
use e2e::{short_lived, with_browser, StaticApp};

use super::signin::sign_in_with_form;
use super::TestResult;

/// The app with a 2-second network timeout.
async fn impatient_app() -> (StaticApp, Emulator) {
    let (app, emu) = StaticApp::with_emulator().await;
    let mut config = emu.app_config();
    config["networkTimeoutSeconds"] = serde_json::json!(2);
    app.set_config(Some(config.to_string()));
    (app, emu)
}

async fn fails_then_recovers(webdriver: String, fault: impl FnOnce(&Emulator), expected: &str) -> TestResult {
    let (app, emu) = impatient_app().await;
    fault(&emu);
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("[role=alert]", expected).await?;
        b.wait_for_text("header button", "Sign in").await?;
        emu.pool().clear_token_faults();
        emu.pool().set_jwks_unavailable(false);
        b.click("[role=alert] button").await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await.map(|_| ())
    })
    .await
}

pub async fn hanging_token_endpoint_times_out(webdriver: String) -> TestResult {
    fails_then_recovers(
        webdriver,
        |emu| emu.pool().fail_next_token_calls(1, TokenFault::Hang { seconds: 8.0 }),
        "no answer within 2 seconds",
    )
    .await
}

pub async fn dropped_token_connection_is_explained(webdriver: String) -> TestResult {
    fails_then_recovers(webdriver, |emu| emu.pool().fail_next_token_calls(1, TokenFault::Drop), "could not be reached")
        .await
}

pub async fn token_endpoint_500_is_explained(webdriver: String) -> TestResult {
    fails_then_recovers(webdriver, |emu| emu.pool().fail_next_token_calls(1, TokenFault::Status500), "server_error")
        .await
}

pub async fn unreachable_jwks_is_explained(webdriver: String) -> TestResult {
    fails_then_recovers(webdriver, |emu| emu.pool().set_jwks_unavailable(true), "signing keys could not be loaded")
        .await
}

pub async fn hostile_claims_and_api_responses_are_text(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    let payload = "<img src=x onerror=window.__xss=1>";
    emu.pool().upsert_user(cognito_emulator::UserConfig {
        username: "mallory".into(),
        password: "Passw0rd!".into(),
        email: payload.into(),
        groups: vec!["<b>admins</b>".into()],
        custom_attributes: Default::default(),
        ..Default::default()
    });
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        b.click("header button").await?;
        b.type_into("input#username", "mallory").await?;
        b.type_into("input#password", "Passw0rd!").await?;
        b.click("button[type=submit]").await?;
        b.wait_for_text("header .user", payload).await?;
        b.click("a.brand").await?;
        b.wait_for_text("dd.groups", "<b>admins</b>").await?;
        b.click("a.nav-link").await?;
        b.wait_for_text(".whoami .body", payload).await?;
        let injected = b
            .eval(
                "return document.querySelectorAll('main img, header img, main b').length + ':' + String(window.__xss)",
            )
            .await?;
        if injected != serde_json::json!("0:undefined") {
            return Err(format!("hostile text was rendered as HTML: {injected}"));
        }
        Ok(())
    })
    .await
}

/// Offline before leaving for the hosted UI: the app stays, says so, and
/// "Try again" works once the connection is back.
pub async fn offline_sign_in_waits_for_the_connection(webdriver: String) -> TestResult {
    let (app, _emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/reports/q")).await?;
        b.wait_for_text("header button", "Sign in").await?;
        b.set_offline(true).await?;
        b.click("header button").await?;
        b.wait_for_text("[role=alert]", "You are offline").await?;
        if !b.url().await?.starts_with(&app.origin) {
            return Err("the app navigated away while offline".into());
        }
        b.set_offline(false).await?;
        b.click("[role=alert] button").await?;
        b.submit_login_form().await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        let url = b.url().await?;
        if url != app.url("/reports/q") {
            return Err(format!("after sign-in the page is {url}, not where the user started"));
        }
        Ok(())
    })
    .await
}

/// The connection drops while the code is being exchanged: a clear message
/// naming the cause, no tokens, and "Try again" signs in once it is back.
pub async fn offline_during_the_token_exchange_is_explained(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    // The connection is lost while the exchange is out (the browser's
    // offline emulation does not fail a request already sent, so the
    // emulator drops it).
    emu.pool().fail_next_token_calls(1, TokenFault::HangThenDrop { seconds: 4.0 });
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("main", "Signing you in").await?;
        b.set_offline(true).await?;
        b.wait_for_text("[role=alert]", "you are offline").await?;
        b.wait_for_text("header button", "Sign in").await?;
        b.set_offline(false).await?;
        b.click("[role=alert] button").await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await.map(|_| ())
    })
    .await
}

/// Without `domain` the endpoints come from discovery: when it is down,
/// the alert says so, and "Try again" works once it is back.
pub async fn unreachable_discovery_is_explained(webdriver: String) -> TestResult {
    let (app, emu) = impatient_app().await;
    let mut config = emu.app_config();
    config.as_object_mut().map(|c| c.remove("domain"));
    config["networkTimeoutSeconds"] = serde_json::json!(2);
    app.set_config(Some(config.to_string()));
    // What the operator passes to `./x csp` for a config without `domain`.
    app.set_csp_extra_origins(vec![emu.origins().domain.clone()]);
    emu.pool().set_discovery_unavailable(true);
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        b.wait_for_text("header button", "Sign in").await?;
        b.click("header button").await?;
        b.wait_for_text("[role=alert]", "configuration at").await?;
        b.wait_for_text("[role=alert]", "could not be loaded").await?;
        emu.pool().set_discovery_unavailable(false);
        b.click("[role=alert] button").await?;
        b.submit_login_form().await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await.map(|_| ())
    })
    .await
}

/// A hanging API: the console shows progress, then gives up after the
/// network timeout with a message, and the next call works.
pub async fn hanging_api_times_out(webdriver: String) -> TestResult {
    let (app, emu) = impatient_app().await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/api")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text(".whoami .status", "HTTP 200").await?;
        emu.pool().hang_next_api_calls(1, 6.0);
        b.click_button("Ask the API").await?;
        b.wait_for_text(".whoami", "Asking the API").await?;
        b.wait_for_text(".whoami [role=alert]", "no answer within 2 seconds").await?;
        if b.body_text().await.contains("Asking the API") {
            return Err("the progress message stayed after the call failed".into());
        }
        b.click_button("Ask the API").await?;
        b.wait_for_text(".whoami .status", "HTTP 200").await.map(|_| ())
    })
    .await
}

/// Throttling and middleboxes during refreshes (docs/COGNITO.md "Throttling
/// and middleboxes"): `429` twice, a firewall's `403` page and a captive
/// portal's `200` page never end the session, in either tab; the refresh
/// that gets through keeps everyone signed in.
pub async fn throttled_and_blocked_refreshes_keep_every_tab_signed_in(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(short_lived(4)).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        let first = b.current_tab().await?;
        let second = b.open_tab(&app.url("/")).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        let before = emu.pool().token_requests("refresh_token");
        for fault in
            [TokenFault::TooManyRequests, TokenFault::TooManyRequests, TokenFault::ForbiddenHtml, TokenFault::OkHtml]
        {
            emu.pool().fail_next_token_calls(1, fault);
        }
        // A failed refresh is retried with backoff (1-2 s, 2-4 s, 4-8 s, 8-16
        // s); waking the page (an `online` event stands for that here) does
        // not cut the wait short.
        let deadline = Instant::now() + Duration::from_secs(45);
        while emu.pool().token_requests("refresh_token") < before + 5 {
            if Instant::now() > deadline {
                return Err(format!(
                    "{} refreshes after the faults, expected 5",
                    emu.pool().token_requests("refresh_token") - before
                ));
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
            b.eval("dispatchEvent(new Event('online')); return true;").await?;
        }
        for tab in [first, second] {
            b.switch_to(tab).await?;
            b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
            if b.body_text().await.contains("signed out") {
                return Err("a passing failure signed a tab out".into());
            }
        }
        Ok(())
    })
    .await
}
