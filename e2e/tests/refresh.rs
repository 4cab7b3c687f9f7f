//! Refreshing the tokens while signed in (included by browser.rs): one
//! refresh per expiry, concurrent calls share one, a 401, a rejected
//! refresh, rotation, and which token goes to the API.

use std::time::Duration;

use cognito_emulator::{AuthTimeOnRefresh, Emulator, TokenFault, DEFAULT_USERNAME};
use e2e::{requests, short_lived, wait_until, with_browser, Browser, StaticApp};
use fantoccini::Locator;

use super::signin::sign_in_with_form;
use super::TestResult;

/// Arrival times (ms) of the refresh requests so far.
pub fn refresh_times(emu: &Emulator) -> Vec<u64> {
    emu.pool()
        .request_log()
        .iter()
        .filter(|r| {
            r.path == "/oauth2/token" && r.params.get("grant_type").map(String::as_str) == Some("refresh_token")
        })
        .map(|r| r.at_ms)
        .collect()
}

/// Each refresh came at least `min_gap_ms` after the previous one: one
/// refresh per expiry, never two.
pub fn one_per_expiry(times: &[u64], min_gap_ms: u64) -> TestResult {
    for pair in times.windows(2) {
        if pair[1] - pair[0] < min_gap_ms {
            return Err(format!("two refreshes {} ms apart: {times:?}", pair[1] - pair[0]));
        }
    }
    Ok(())
}

pub async fn signed_in(b: &Browser) -> TestResult {
    b.wait_for_text("header .user", DEFAULT_USERNAME).await.map(|_| ())
}

async fn open_api_console(b: &Browser) -> TestResult {
    b.click("a.nav-link").await?;
    b.wait_for_text("main h1", "API console").await.map(|_| ())
}

/// Signs in from `/` and opens the API console once its first call (`/me`)
/// has answered.
pub async fn sign_in_to_api_console(b: &Browser, app: &StaticApp) -> TestResult {
    b.goto(&app.url("/")).await?;
    sign_in_with_form(b).await?;
    signed_in(b).await?;
    open_api_console(b).await?;
    b.wait_for_text(".whoami .status", "HTTP 200").await.map(|_| ())
}

async fn set_input(b: &Browser, css: &str, value: &str) -> TestResult {
    let e = b.client.find(Locator::Css(css)).await.map_err(|e| e.to_string())?;
    e.clear().await.map_err(|e| e.to_string())?;
    e.send_keys(value).await.map_err(|e| e.to_string())
}

pub async fn stays_signed_in_across_five_expiries(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(short_lived(6)).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        signed_in(b).await?;
        wait_until("five refreshes", Duration::from_secs(60), || refresh_times(&emu).len() >= 5).await?;
        signed_in(b).await?;
        let times = refresh_times(&emu);
        // 6 s tokens, refreshed 1 s before expiry: about every 5 s.
        one_per_expiry(&times, 3500)?;
        open_api_console(b).await?;
        b.wait_for_text(".whoami .status", "HTTP 200").await?;
        Ok(())
    })
    .await
}

pub async fn concurrent_calls_share_one_refresh(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(short_lived(8)).await;
    with_browser(&webdriver, async |b| {
        sign_in_to_api_console(b, &app).await?;
        // The scheduled refresh (due half-way through the 8 s lifetime) hangs
        // for 2 s: the 20 calls made meanwhile (their token is due) all wait
        // for that one refresh instead of starting their own. A token's
        // lifetime counts from when its request was sent, so the new one is
        // due again 2 s after it arrives: the calls have those 2 s to finish
        // (with a 4 s lifetime it was due on arrival, and a second refresh
        // could beat the calls' summary on a loaded machine).
        emu.pool().fail_next_token_calls(1, TokenFault::Hang { seconds: 2.0 });
        wait_until("the scheduled refresh", Duration::from_secs(10), || refresh_times(&emu).len() == 1).await?;
        let me_before = requests(&emu, "/me");
        set_input(b, "#api-parallel", "20").await?;
        b.click("form.api-form button[type=submit]").await?;
        b.wait_for_text(".api-result .summary", "20 requests sent at once: 20 succeeded, 0 failed").await?;
        let refreshes = refresh_times(&emu).len();
        if refreshes != 1 {
            return Err(format!("expected one refresh for 20 calls, saw {refreshes} token requests"));
        }
        let calls = requests(&emu, "/me") - me_before;
        if calls != 20 {
            return Err(format!("expected 20 API calls, saw {calls}"));
        }
        Ok(())
    })
    .await
}

pub async fn a_401_refreshes_once_then_reports_expiry(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        sign_in_to_api_console(b, &app).await?;
        let me_before = requests(&emu, "/me");
        emu.pool().fail_next_api_calls(1);
        b.click("form.api-form button[type=submit]").await?;
        b.wait_for_text("form.api-form ~ div .status", "HTTP 200").await?;
        if refresh_times(&emu).len() != 1 || requests(&emu, "/me") - me_before != 2 {
            return Err(format!(
                "expected one refresh and one retry, saw {} refreshes and {} calls",
                refresh_times(&emu).len(),
                requests(&emu, "/me") - me_before
            ));
        }
        emu.pool().set_api_always_unauthorized(true);
        b.click("form.api-form button[type=submit]").await?;
        b.wait_for_text("[role=alert]", "Your session has expired — sign in again").await?;
        tokio::time::sleep(Duration::from_secs(2)).await;
        if refresh_times(&emu).len() != 2 || requests(&emu, "/me") - me_before != 4 {
            return Err(format!(
                "expected exactly one more refresh and retry (no loop), saw {} refreshes and {} calls",
                refresh_times(&emu).len(),
                requests(&emu, "/me") - me_before
            ));
        }
        Ok(())
    })
    .await
}

pub async fn rejected_refresh_signs_out_with_the_reason(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(short_lived(4)).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        signed_in(b).await?;
        emu.pool().revoke_all_sessions();
        let text = b.wait_for_text("[role=alert]", "You have been signed out").await?;
        if !text.contains("invalid_grant") {
            return Err(format!("the reason is not shown: {text}"));
        }
        b.wait_for_text("header button", "Sign in").await?;
        Ok(())
    })
    .await
}

pub async fn rotated_refresh_tokens_are_used(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(|c| {
        short_lived(4)(c);
        c.refresh_token_rotation = Some(0);
    })
    .await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        signed_in(b).await?;
        wait_until("three refreshes", Duration::from_secs(30), || refresh_times(&emu).len() >= 3).await?;
        signed_in(b).await?;
        let used: Vec<String> = emu
            .pool()
            .request_log()
            .iter()
            .filter(|r| r.params.get("grant_type").map(String::as_str) == Some("refresh_token"))
            .filter_map(|r| r.params.get("refresh_token").cloned())
            .collect();
        let mut distinct = used.clone();
        distinct.sort();
        distinct.dedup();
        if distinct.len() != used.len() {
            return Err("a refresh token was used twice although rotation replaced it".into());
        }
        Ok(())
    })
    .await
}

/// Real pools with rotation on move a refreshed ID token's `auth_time`
/// (docs/COGNITO.md "Refresh and rotation"): both tabs stay signed in, one
/// refresh per expiry.
pub async fn rotation_with_a_moving_auth_time_keeps_two_tabs_signed_in(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(|c| {
        short_lived(5)(c);
        c.refresh_token_rotation = Some(0);
        c.auth_time_on_refresh = AuthTimeOnRefresh::Moves;
    })
    .await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        signed_in(b).await?;
        let first = b.current_tab().await?;
        let second = b.open_tab(&app.url("/")).await?;
        signed_in(b).await?;
        let before = refresh_times(&emu).len();
        wait_until("three refreshes", Duration::from_secs(40), || refresh_times(&emu).len() >= before + 3).await?;
        tokio::time::sleep(Duration::from_secs(1)).await;
        one_per_expiry(&refresh_times(&emu), 2500)?;
        for tab in [first, second] {
            b.switch_to(tab).await?;
            signed_in(b).await?;
        }
        Ok(())
    })
    .await
}

/// With `apiToken: "id"` and an ID token that lives shorter than the access
/// token (docs/COGNITO.md "Token lifetimes"), the refresh follows the ID
/// token: no API call ever carries an expired token.
pub async fn id_token_bearer_never_goes_out_expired(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(|c| {
        c.id_token_validity = 4;
        c.access_token_validity = 60;
    })
    .await;
    let mut config = emu.app_config();
    config["apiToken"] = "id".into();
    app.set_config(Some(config.to_string()));
    with_browser(&webdriver, async |b| {
        sign_in_to_api_console(b, &app).await?;
        // Calls spread over three ID-token lifetimes.
        for _ in 0..6 {
            tokio::time::sleep(Duration::from_secs(2)).await;
            b.click("form.api-form button[type=submit]").await?;
            b.wait_for_text("form.api-form ~ div .status", "HTTP 200").await?;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        let refusals = emu.pool().api_refusals();
        if !refusals.is_empty() {
            return Err(format!("the API was sent tokens it refused: {refusals:?}"));
        }
        if refresh_times(&emu).len() < 2 {
            return Err(format!("only {} refreshes in 13 s of 4 s ID tokens", refresh_times(&emu).len()));
        }
        signed_in(b).await
    })
    .await
}

pub async fn resource_binds_the_token_to_the_api(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    emu.pool().set_api_requires_audience(true);
    let mut config = emu.app_config();
    config["resource"] = serde_json::json!(emu.origins().api);
    app.set_config(Some(config.to_string()));
    let (unbound, unbound_emu) = StaticApp::with_emulator().await;
    unbound_emu.pool().set_api_requires_audience(true);
    with_browser(&webdriver, async |b| {
        sign_in_to_api_console(b, &app).await?;
        // Without `resource`, the API refuses the token (its aud is not the API).
        b.goto(&unbound.url("/")).await?;
        sign_in_with_form(b).await?;
        signed_in(b).await?;
        open_api_console(b).await?;
        b.wait_for_text(".whoami [role=alert]", "Your session has expired").await?;
        Ok(())
    })
    .await
}
