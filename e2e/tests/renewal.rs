//! Refreshes that fail for a reason that may pass (included by browser.rs;
//! docs/COGNITO.md "Throttling and middleboxes"): the session stays, the
//! page says it is reconnecting, retries back off, and once the tokens
//! expire meanwhile the page and the API console say the sign-in service
//! can't be reached, until it can.

use std::time::Duration;

use cognito_emulator::{TokenFault, DEFAULT_USERNAME};
use e2e::{short_lived, wait_until, with_browser, StaticApp, OTHER_APP_PAGE};

use super::refresh::sign_in_to_api_console;
use super::signin::sign_in_with_form;
use super::TestResult;

/// Counts the reconnecting notices the page ever inserts (`window.notices`).
const COUNT_NOTICES: &str = "window.notices = 0; new MutationObserver((ms) => ms.forEach((m) => m.addedNodes.forEach((n) => { if (n.nodeType === 1 && (n.matches('.notice.reconnecting') || n.querySelector('.notice.reconnecting'))) window.notices++; }))).observe(document.body, { childList: true, subtree: true }); return true;";

pub async fn throttled_twice_shows_one_notice_and_signs_no_tab_out(webdriver: String) -> TestResult {
    // 30 s tokens: refreshed 7 s before expiry, so two backed-off retries
    // (1-2 s, 2-4 s) end before the tokens do.
    let (app, emu) = StaticApp::with_emulator_client(short_lived(30)).await;
    with_browser(&webdriver, async |b| {
        // Another page of the origin records the tab channel.
        let app_tab = b.current_tab().await?;
        let other = b.open_tab(&app.url(OTHER_APP_PAGE)).await?;
        b.eval("window.seen = []; new BroadcastChannel('cognito-login').onmessage = (e) => window.seen.push(String(e.data)); return true;").await?;
        b.switch_to(app_tab).await?;
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        b.eval(COUNT_NOTICES).await?;
        let before = emu.pool().token_requests("refresh_token");
        emu.pool().fail_next_token_calls(2, TokenFault::TooManyRequests);
        // The first refresh is due 23 s after sign-in.
        tokio::time::sleep(Duration::from_secs(12)).await;
        b.wait_for_text(".notice.reconnecting", "Reconnecting to the sign-in service").await?;
        wait_until("two throttled refreshes and one that works", Duration::from_secs(40), || {
            emu.pool().token_requests("refresh_token") >= before + 3
        })
        .await?;
        b.wait_gone(".notice.reconnecting", "the reconnecting notice after the refresh worked").await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        let notices = b.eval("return window.notices").await?;
        if notices != serde_json::json!(1) {
            return Err(format!("expected one reconnecting notice for the run of failures, saw {notices}"));
        }
        if b.body_text().await.contains("can't be reached") {
            return Err("the tokens never expired, yet the page said the service can't be reached".into());
        }
        b.switch_to(other).await?;
        let seen = b.eval("return window.seen").await?.to_string();
        if seen.contains("signedOut") {
            return Err(format!("a sign-out went out on the channel: {seen}"));
        }
        Ok(())
    })
    .await
}

pub async fn blocked_past_expiry_shows_cant_reach_then_recovers(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(short_lived(6)).await;
    with_browser(&webdriver, async |b| {
        sign_in_to_api_console(b, &app).await?;
        // A firewall's 403 page for the next three refreshes: the retries
        // back off past the tokens' 6 s.
        emu.pool().fail_next_token_calls(3, TokenFault::ForbiddenHtml);
        b.wait_for_text("section.unreachable h1", "Signed in, but the sign-in service can't be reached").await?;
        b.click("form.api-form button[type=submit]").await?;
        let answer = b.wait_for_text("form.api-form ~ div .unreachable", "You are still signed in").await?;
        if !answer.contains("can't be reached") {
            return Err(format!("the API console does not say why: {answer}"));
        }
        if emu.pool().api_refusals().iter().any(|r| r.contains("expired")) {
            return Err("an expired token was sent to the API".into());
        }
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        // The fault ends: the page recovers by itself.
        wait_until("the refresh that works", Duration::from_secs(40), || {
            emu.pool().token_requests("refresh_token") >= 4
        })
        .await?;
        b.wait_gone("section.unreachable", "the can't-reach notice after the refresh worked").await?;
        b.click("form.api-form button[type=submit]").await?;
        b.wait_for_text("form.api-form ~ div .status", "HTTP 200").await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await.map(|_| ())
    })
    .await
}
