//! Sign-in end to end (included by browser.rs): a user signs in on the
//! emulator's hosted UI and comes back signed in; error paths.

use cognito_emulator::{Emulator, TokenFault, TokenMode, DEFAULT_USERNAME};
use e2e::{pending_state, requests, with_browser, Browser, StaticApp};
use fantoccini::Locator;

use super::TestResult;

/// Clicks "Sign in" and completes the emulator's form as a user would.
pub async fn sign_in_with_form(b: &Browser) -> TestResult {
    sign_in_with_form_as(b, cognito_emulator::DEFAULT_USERNAME, cognito_emulator::DEFAULT_PASSWORD).await
}

/// [`sign_in_with_form`] as another user.
pub async fn sign_in_with_form_as(b: &Browser, username: &str, password: &str) -> TestResult {
    open_sign_in_form(b).await?;
    b.submit_login_form_as(username, password).await
}

/// Clicks "Sign in" and waits for the emulator's form.
pub async fn open_sign_in_form(b: &Browser) -> TestResult {
    b.wait_for_text("header button", "Sign in").await?;
    b.click("header button").await?;
    b.element("input#password").await.map(|_| ())
}

/// Everything the app origin keeps at rest, as one string.
async fn storage_dump(b: &Browser) -> Result<String, String> {
    let sync = b
        .eval(
            "return JSON.stringify({local: Object.assign({}, localStorage), session: Object.assign({}, sessionStorage), \
             cookie: document.cookie})",
        )
        .await?;
    let dbs = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             indexedDB.databases().then(d => done(JSON.stringify(d)), e => done('error: ' + e));",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let cookies = b.client.get_all_cookies().await.map_err(|e| e.to_string())?;
    let cookies: Vec<String> = cookies.iter().map(|c| format!("{}={}", c.name(), c.value())).collect();
    Ok(format!("{sync} {dbs} {cookies:?}"))
}

pub fn log_param(emu: &Emulator, path: &str, name: &str) -> Option<String> {
    emu.pool().request_log().iter().rev().find(|r| r.path == path).and_then(|r| r.params.get(name).cloned())
}

pub async fn deep_link_sign_in_then_sign_out(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/reports/q?x=1")).await?;
        b.wait_for_text("main h1", "Page not found").await?;
        sign_in_with_form(b).await?;
        // Back on the deep link, signed in, with the header on the page.
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        b.wait_for_text("main h1", "Page not found").await?;
        let url = b.url().await?;
        if url != app.url("/reports/q?x=1") {
            return Err(format!("expected to land on the deep link, got {url}"));
        }
        let state = log_param(&emu, "/oauth2/authorize", "state").ok_or("no authorize request")?;
        let code = log_param(&emu, "/oauth2/token", "code").ok_or("no token request")?;
        let history = b.eval("return location.href + ' ' + JSON.stringify(history.state)").await?;
        if history.to_string().contains(&code) || history.to_string().contains(&state) {
            return Err(format!("the address bar or history state holds the code or state: {history}"));
        }
        // Nothing token-related at rest; the pending login is gone.
        let dump = storage_dump(b).await?;
        if dump.contains("eyJ") || dump.contains("cognito-login:pending-login") || dump.contains(&code) {
            return Err(format!("token material or the pending login left at rest: {dump}"));
        }
        // The home page shows the validated claims (client-side navigation:
        // a reload would drop the in-memory session).
        b.click("a.brand").await?;
        b.wait_for_text("main h1", "You are signed in").await?;
        b.wait_for_text("dd.email", DEFAULT_USERNAME).await?;
        b.wait_for_text("dd.groups", "admins").await?;
        b.wait_for_text("dd.expires", "").await?;
        // Sign out: the refresh token is revoked, Cognito's session ends.
        b.click("header button").await?;
        b.wait_for_text("main", "You are signed out").await?;
        b.wait_for_text("header button", "Sign in").await?;
        let revoked =
            emu.pool().request_log().iter().any(|r| r.path == "/oauth2/revoke" && r.params.contains_key("token"));
        if !revoked {
            return Err("sign-out did not revoke the refresh token".into());
        }
        if log_param(&emu, "/logout", "logout_uri").as_deref() != Some(app.url("/").as_str()) {
            return Err("sign-out did not go through Cognito's /logout with the sign-out URL".into());
        }
        // The next sign-in asks for the password again.
        b.click("header button").await?;
        b.client
            .wait()
            .at_most(e2e::WAIT)
            .for_element(Locator::Css("input#password"))
            .await
            .map_err(|e| format!("the login form did not show again: {e}"))?;
        Ok(())
    })
    .await
}

pub async fn provider_error_description_is_text(webdriver: String) -> TestResult {
    let (app, _emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        let state = pending_state(b, &app).await?;
        b.goto(&app.url(&format!(
            "/callback?error=access_denied&error_description=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&state={state}"
        )))
        .await?;
        let text = b.wait_for_text("[role=alert]", "cancelled").await?;
        if !text.contains("<img src=x onerror=alert(1)>") {
            return Err(format!("the description is not shown as text: {text}"));
        }
        let images = b.client.find_all(Locator::Css("[role=alert] img")).await.map_err(|e| e.to_string())?;
        if !images.is_empty() {
            return Err("the description was rendered as HTML".into());
        }
        if b.url().await?.contains("error=") {
            return Err("the error parameters stayed in the address bar".into());
        }
        Ok(())
    })
    .await
}

/// Anyone can link to the callback with `error=` and any text: without this
/// tab's `state`, none of that text reaches the page.
pub async fn unsolicited_provider_errors_show_none_of_their_text(webdriver: String) -> TestResult {
    let (app, _emu) = StaticApp::with_emulator().await;
    let spoof = "error=access_denied&error_description=Your%20account%20is%20locked.%20Call%20%2B1-555-0100";
    with_browser(&webdriver, async |b| {
        // No sign-in in progress, then one in progress but another state.
        b.goto(&app.url(&format!("/callback?{spoof}"))).await?;
        let first = b.wait_for_text("[role=alert]", "does not belong to a sign-in started in this tab").await?;
        pending_state(b, &app).await?;
        b.goto(&app.url(&format!("/callback?{spoof}&state=forged"))).await?;
        let second = b.wait_for_text("[role=alert]", "does not belong to a sign-in started in this tab").await?;
        for text in [first, second] {
            if text.contains("555") || text.contains("locked") || text.contains("cancelled") {
                return Err(format!("the forged error's text reached the page: {text}"));
            }
        }
        Ok(())
    })
    .await
}

pub async fn state_mismatch_is_refused(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        b.wait_for_text("header button", "Sign in").await?;
        b.click("header button").await?;
        b.type_into("input#username", "").await?; // the emulator's form is showing: a sign-in is pending
        b.goto(&app.url("/callback?code=forged-code&state=forged-state")).await?;
        b.wait_for_text("[role=alert]", "state mismatch").await?;
        b.wait_for_text("header button", "Sign in").await?;
        if emu.pool().token_requests("authorization_code") != 0 {
            return Err("a forged callback reached the token endpoint".into());
        }
        Ok(())
    })
    .await
}

pub async fn replayed_callback_is_refused(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        let state = log_param(&emu, "/oauth2/authorize", "state").ok_or("no authorize request")?;
        let code = log_param(&emu, "/oauth2/token", "code").ok_or("no token request")?;
        b.goto(&app.url(&format!("/callback?code={code}&state={state}"))).await?;
        b.wait_for_text("[role=alert]", "no sign-in was in progress").await?;
        b.wait_for_text("header button", "Sign in").await?;
        if emu.pool().token_requests("authorization_code") != 1 {
            return Err("the replayed code was sent to the token endpoint".into());
        }
        Ok(())
    })
    .await
}

pub async fn invalid_grant_is_explained_and_try_again_works(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    emu.pool().fail_next_token_calls(1, TokenFault::Error { error: "invalid_grant".into() });
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("[role=alert]", "invalid_grant").await?;
        b.wait_for_text("header button", "Sign in").await?;
        // "Try again" starts a fresh sign-in; Cognito's session makes it
        // silent this time.
        b.click("[role=alert] button").await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        Ok(())
    })
    .await
}

pub async fn token_signed_with_an_unknown_key_is_refused(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    emu.pool().set_token_mode(Some(TokenMode::UnpublishedKey));
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        let text = b.wait_for_text("[role=alert]", "unknown key").await?;
        if !text.contains("ID token") {
            return Err(format!("the alert does not say which token failed: {text}"));
        }
        b.wait_for_text("header button", "Sign in").await?;
        if b.body_text().await.contains(DEFAULT_USERNAME) {
            return Err("a session was kept".into());
        }
        Ok(())
    })
    .await
}

/// Signing out waits for the revocation: the page says so, offers no
/// "Sign in" meanwhile, then ends signed out.
pub async fn sign_out_shows_progress_until_it_leaves(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        emu.pool().hang_next_revoke(2.0);
        b.click_button("Sign out").await?;
        b.wait_for_text("main", "Signing you out").await?;
        let button = b.element("header button").await?;
        let text = button.text().await.map_err(|e| e.to_string())?;
        let enabled = button.is_enabled().await.map_err(|e| e.to_string())?;
        if text != "Signing out…" || enabled {
            return Err(format!("while signing out the header button is {text:?}, enabled: {enabled}"));
        }
        b.wait_for_text("main", "You are signed out").await?;
        b.wait_for_text("header button", "Sign in").await.map(|_| ())
    })
    .await
}

/// docs/COGNITO.md "Revocation": `/oauth2/revoke` without CORS headers (the
/// browser cannot read its answer) still revokes, and sign-out goes on to
/// Cognito's `/logout`.
pub async fn sign_out_without_revocation_cors_still_leaves(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    emu.pool().set_revoke_cors(false);
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        b.click_button("Sign out").await?;
        b.wait_for_text("main", "You are signed out").await?;
        b.wait_for_text("header button", "Sign in").await?;
        if requests(&emu, "/oauth2/revoke") != 1 || requests(&emu, "/logout") != 1 {
            return Err("expected one revocation and one /logout".into());
        }
        let refresh = emu.pool().issued_refresh_tokens();
        let revoked = emu.pool().refresh_token_revoked(&refresh[0]);
        if revoked != Some(true) {
            return Err(format!("the refresh token is not revoked: {revoked:?}"));
        }
        Ok(())
    })
    .await
}
