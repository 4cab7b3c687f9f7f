//! What a script of the same origin can and cannot get from the app's tab
//! channel (included by browser.rs; docs/SESSION.md "Tabs"): another app's
//! page, served by the test server, listens and posts on the channel.

use std::time::Duration;

use cognito_emulator::{Emulator, DEFAULT_USERNAME};
use e2e::{short_lived, wait_until, with_browser, Browser, StaticApp, OTHER_APP_PAGE};
use serde_json::Value;

use super::signin::sign_in_with_form;
use super::TestResult;

/// Listens on the app's channel (every message kept in `window.seen`), asks
/// `hello` and `refresh` every 300 ms, and answers each `hello` with
/// `window.answer` (when set) addressed to it.
const LISTENER: &str = r#"
window.seen = [];
const channel = new BroadcastChannel(window.channelName);
channel.onmessage = (e) => {
  const text = typeof e.data === "string" ? e.data : JSON.stringify(e.data);
  window.seen.push(text);
  let m; try { m = JSON.parse(text); } catch { return; }
  if (m.type === "hello" && window.answer) {
    channel.postMessage(JSON.stringify({ type: "session", to: m.id, ...window.answer }));
  }
};
window.post = (m) => channel.postMessage(JSON.stringify(m));
if (window.asking) {
  setInterval(() => { window.post({ type: "hello", id: "other-app-" + Math.random() }); window.post({ type: "refresh" }); }, 300);
}
"#;

/// The names the app under test uses on its origin (the emulator's client,
/// served at the root).
fn names() -> cognito_login_core::session::landing::Names {
    cognito_login_core::session::landing::Names::new(cognito_emulator::DEFAULT_CLIENT_ID, "/")
}

async fn open_other_app(b: &Browser, app: &StaticApp, asking: bool) -> Result<fantoccini::wd::WindowHandle, String> {
    let tab = b.open_tab(&app.url(OTHER_APP_PAGE)).await?;
    let channel = names().channel;
    b.eval(&format!("window.asking = {asking}; window.channelName = {channel:?}; {LISTENER}")).await?;
    Ok(tab)
}

async fn signed_in(b: &Browser) -> TestResult {
    b.wait_for_text("header .user", DEFAULT_USERNAME).await.map(|_| ())
}

fn refreshes(emu: &Emulator) -> usize {
    emu.pool().token_requests("refresh_token")
}

pub async fn a_same_origin_listener_never_receives_a_refresh_token(webdriver: String) -> TestResult {
    // Rotation on: every refresh issues a new refresh token too.
    let (app, emu) = StaticApp::with_emulator_client(|c| {
        short_lived(5)(c);
        c.refresh_token_rotation = Some(0);
    })
    .await;
    with_browser(&webdriver, async |b| {
        let app_tab = b.current_tab().await?;
        let other = open_other_app(b, &app, true).await?;
        b.switch_to(app_tab).await?;
        b.goto(&app.url("/")).await?;
        // The other page speaks on the channel, so the landing module hands
        // the page over to the full app: sign in once that has happened.
        b.wait_for_running("app").await?;
        sign_in_with_form(b).await?;
        signed_in(b).await?;
        let before = refreshes(&emu);
        wait_until("a refresh", Duration::from_secs(20), || refreshes(&emu) > before).await?;
        b.open_tab(&app.url("/")).await?;
        signed_in(b).await?;
        let before = refreshes(&emu);
        wait_until("another refresh", Duration::from_secs(20), || refreshes(&emu) > before).await?;
        signed_in(b).await?;
        b.click("header button").await?; // Sign out in the second app tab.
        b.wait_for_text("header button", "Sign in").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        b.switch_to(other).await?;
        let seen: Vec<String> =
            serde_json::from_value(b.eval("return window.seen").await?).map_err(|e| e.to_string())?;
        // The listener works: it saw the sessions handed over, and sign-out.
        let of_type = |t: &str| seen.iter().filter(|m| m.contains(&format!("\"type\":\"{t}\""))).count();
        if of_type("session") == 0 || of_type("signedOut") == 0 {
            return Err(format!("the listener saw no session or no sign-out: {seen:?}"));
        }
        let issued = emu.pool().issued_refresh_tokens();
        if issued.len() < 2 {
            return Err(format!("expected the sign-in's and rotated refresh tokens, saw {}", issued.len()));
        }
        for message in &seen {
            if issued.iter().any(|t| message.contains(t.as_str())) || message.to_lowercase().contains("refresh_token") {
                return Err("a refresh token was posted on the channel".into());
            }
            let parsed: Value = serde_json::from_str(message).unwrap_or_default();
            if parsed.get("refreshToken").is_some() {
                return Err(format!("a message carries a refreshToken field: {}", &message[..40.min(message.len())]));
            }
        }
        Ok(())
    })
    .await
}

pub async fn forged_sessions_and_sign_outs_are_refused(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    let month = 30 * 24 * 3600;
    let (old_id, old_access) = emu.mint_tokens_issued_ago(month).ok_or("no tokens minted")?;
    let (id, access) = emu.mint_tokens_issued_ago(0).ok_or("no tokens minted")?;
    with_browser(&webdriver, async |b| {
        let app_tab = b.current_tab().await?;
        let other = open_other_app(b, &app, false).await?;
        // A month-old, validly signed session, with a clock offset that would
        // make it look current.
        let answer = |id: &str, access: &str, offset: i64| {
            format!(
                "window.answer = {{ idToken: {id:?}, accessToken: {access:?}, remainingSecs: 3000, lifetimeSecs: 3600, clockOffsetSecs: {offset} }}"
            )
        };
        b.eval(&answer(&old_id, &old_access, -month)).await?;
        // It also takes the holder lock (any same-origin script can): without
        // a holder, a fresh tab shows the landing page and asks no one.
        let lock = names().holder_lock;
        b.eval(&format!("navigator.locks.request({lock:?}, () => new Promise(() => {{}})); return true;")).await?;
        b.switch_to(app_tab.clone()).await?;
        b.goto(&app.url("/")).await?;
        b.wait_for_text("header button", "Sign in").await?;
        tokio::time::sleep(Duration::from_secs(2)).await;
        if b.body_text().await.contains(DEFAULT_USERNAME) {
            return Err("a month-old session from the channel was taken".into());
        }
        b.switch_to(other.clone()).await?;
        b.eval(&answer(&old_id, &old_access, 0)).await?;
        b.switch_to(app_tab.clone()).await?;
        b.goto(&app.url("/")).await?;
        tokio::time::sleep(Duration::from_secs(2)).await;
        if b.body_text().await.contains(DEFAULT_USERNAME) {
            return Err("an expired session from the channel was taken".into());
        }
        // The control: current tokens for this pool, in answer to the tab's
        // own hello, are taken (what a same-origin script can still do,
        // docs/SESSION.md "Tabs").
        b.switch_to(other.clone()).await?;
        b.eval(&answer(&id, &access, 0)).await?;
        b.switch_to(app_tab.clone()).await?;
        b.goto(&app.url("/")).await?;
        signed_in(b).await?;
        // A sign-out with text of its own: not a message at all.
        let lure = "Your account is locked. Call +1 555 0100";
        b.switch_to(other.clone()).await?;
        b.eval(&format!("window.post({{ type: 'signedOut', reason: {lure:?} }}); window.post({{ type: 'signedOut', reason: 'refused', text: {lure:?} }})"))
            .await?;
        b.switch_to(app_tab).await?;
        let text = b.wait_for_text("[role=alert]", "noticed in another tab").await?;
        if b.body_text().await.contains("555 0100") || text.contains("locked") {
            return Err(format!("the sender's text was shown: {text}"));
        }
        Ok(())
    })
    .await
}

/// A same-origin script posts the current session to every tab with a huge
/// `remainingSecs` (and once with a huge `lifetimeSecs` too): the tab still
/// refreshes on the tokens' own schedule (their `exp`), so the forged
/// numbers change nothing.
pub async fn a_forged_huge_remaining_time_changes_nothing(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(short_lived(6)).await;
    with_browser(&webdriver, async |b| {
        let app_tab = b.current_tab().await?;
        let other = open_other_app(b, &app, false).await?;
        b.switch_to(app_tab.clone()).await?;
        b.goto(&app.url("/")).await?;
                sign_in_with_form(b).await?;
        signed_in(b).await?;
        tokio::time::sleep(Duration::from_secs(1)).await;
        let (id, access) = emu.mint_tokens_issued_ago(0).ok_or("no tokens minted")?;
        b.switch_to(other).await?;
        for lifetime in ["3600", "1e9"] {
            b.eval(&format!(
                "window.post({{ type: 'session', to: null, idToken: {id:?}, accessToken: {access:?}, remainingSecs: 1e9, lifetimeSecs: {lifetime}, clockOffsetSecs: 0 }}); return true;"
            ))
            .await?;
        }
        b.switch_to(app_tab).await?;
        for round in ["a refresh on schedule", "another refresh on schedule"] {
            let before = refreshes(&emu);
            wait_until(round, Duration::from_secs(15), || refreshes(&emu) > before).await?;
        }
        signed_in(b).await
    })
    .await
}

/// Marks the current page, so a later check can tell whether it navigated
/// (a new document has no mark).
async fn mark_page(b: &Browser) -> TestResult {
    b.eval("window.stillHere = true; return true;").await.map(|_| ())
}

async fn same_page(b: &Browser) -> TestResult {
    match b.eval("return window.stillHere === true").await? {
        Value::Bool(true) => Ok(()),
        _ => Err("the tab navigated (re-authenticated) instead of taking the refresh token over".into()),
    }
}

/// The tab holding the refresh token closes: at `pagehide` it hands the
/// refresh token, sealed to the other tab's key, to that tab, which goes on
/// refreshing by itself without leaving the page (docs/SESSION.md "When the
/// holder goes").
pub async fn a_closed_holder_tab_hands_its_refresh_token_over(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(short_lived(6)).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        signed_in(b).await?;
        let holder = b.current_tab().await?;
        let follower = b.open_tab(&app.url("/")).await?;
        signed_in(b).await?;
        mark_page(b).await?;
        // Give the holder a moment to seal its refresh token to this tab.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let authorizations = e2e::requests(&emu, "/oauth2/authorize");
        b.switch_to(holder).await?;
        b.client.close_window().await.map_err(|e| e.to_string())?;
        b.switch_to(follower).await?;
        for round in ["a refresh by the new holder", "another refresh"] {
            let before = refreshes(&emu);
            wait_until(round, Duration::from_secs(20), || refreshes(&emu) > before).await?;
        }
        signed_in(b).await?;
        same_page(b).await?;
        let extra = e2e::requests(&emu, "/oauth2/authorize") - authorizations;
        if extra != 0 {
            return Err(format!("expected no re-authentication, saw {extra}"));
        }
        Ok(())
    })
    .await
}

/// The holder tab reloads: it hands the refresh token over as it goes, the
/// reloaded page takes the ID and access tokens from the other tab (no
/// redirect), and the other tab refreshes without leaving its page.
pub async fn a_reloaded_holder_tab_hands_its_refresh_token_over(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(short_lived(6)).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        signed_in(b).await?;
        let holder = b.current_tab().await?;
        let follower = b.open_tab(&app.url("/")).await?;
        signed_in(b).await?;
        mark_page(b).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let authorizations = e2e::requests(&emu, "/oauth2/authorize");
        b.switch_to(holder.clone()).await?;
        b.client.refresh().await.map_err(|e| e.to_string())?;
        signed_in(b).await?;
        b.switch_to(follower).await?;
        for round in ["a refresh by the new holder", "another refresh"] {
            let before = refreshes(&emu);
            wait_until(round, Duration::from_secs(20), || refreshes(&emu) > before).await?;
        }
        signed_in(b).await?;
        same_page(b).await?;
        b.switch_to(holder).await?;
        signed_in(b).await?;
        let extra = e2e::requests(&emu, "/oauth2/authorize") - authorizations;
        if extra != 0 {
            return Err(format!("expected no re-authentication, saw {extra}"));
        }
        Ok(())
    })
    .await
}
