//! The pages people see (included by browser.rs): the setup checker with
//! the emulator misconfigured in each usual way, accessibility (axe-core)
//! and the README's screenshots.

use cognito_emulator::{Emulator, EmulatorConfig, DEFAULT_USERNAME};
use e2e::{with_browser, Browser, StaticApp};

use super::signin::sign_in_with_form;
use super::TestResult;

/// Runs the setup checker's test sign-in and waits until it reports.
pub async fn run_setup_test(b: &Browser, app: &StaticApp) -> TestResult {
    b.goto(&app.url("/setup")).await?;
    b.wait_for_text("main h1", "Setup checker").await?;
    b.click_button("Test sign-in").await
}

pub async fn setup_names_an_unregistered_callback(webdriver: String) -> TestResult {
    let (app, _emu) =
        StaticApp::with_emulator_client(|c| c.callback_urls = vec!["http://localhost:1/elsewhere".into()]).await;
    with_browser(&webdriver, async |b| {
        run_setup_test(b, &app).await?;
        // Cognito (the emulator) stops on its own error page.
        b.wait_for_text("body", "An error was encountered with the requested page").await?;
        b.goto(&app.url("/setup")).await?;
        let text = b.wait_for_text(".finding.fail", "never came back").await?;
        let url = app.url("/callback");
        if !text.contains(&format!("add exactly {url}")) {
            return Err(format!("the setup checker does not name the URL to register: {text}"));
        }
        Ok(())
    })
    .await
}

pub async fn setup_names_a_missing_openid_scope(webdriver: String) -> TestResult {
    let (app, _emu) =
        StaticApp::with_emulator_client(|c| c.allowed_scopes = vec!["email".into(), "profile".into()]).await;
    with_browser(&webdriver, async |b| {
        run_setup_test(b, &app).await?;
        let text = b.wait_for_text(".finding.fail", "invalid_scope").await?;
        if !text.contains("OpenID Connect scopes") {
            return Err(format!("no fix for the scopes: {text}"));
        }
        Ok(())
    })
    .await
}

pub async fn setup_names_a_disabled_code_grant(webdriver: String) -> TestResult {
    let (app, _emu) = StaticApp::with_emulator_client(|c| c.allowed_flows = vec!["implicit".into()]).await;
    with_browser(&webdriver, async |b| {
        run_setup_test(b, &app).await?;
        let text = b.wait_for_text(".finding.fail", "unauthorized_client").await?;
        if !text.contains("Authorization code grant") {
            return Err(format!("no fix for the grant type: {text}"));
        }
        Ok(())
    })
    .await
}

pub async fn setup_names_a_missing_email_claim(webdriver: String) -> TestResult {
    // The documented behaviour (a scope the client lacks is dropped), so the
    // sign-in goes through without `email` and the checker finds no claim.
    let (app, _emu) = StaticApp::with_emulator_client(|c| {
        c.allowed_scopes = vec!["openid".into(), "profile".into()];
        c.unsupported_scopes = cognito_emulator::UnsupportedScopes::Drop;
    })
    .await;
    with_browser(&webdriver, async |b| {
        run_setup_test(b, &app).await?;
        b.submit_login_form().await?;
        let text = b.wait_for_text(".finding.fail", "no email claim").await?;
        if !text.contains("make email a required attribute") {
            return Err(format!("no fix for the email claim: {text}"));
        }
        b.wait_for_text(".stage.done", "ID token valid").await?;
        Ok(())
    })
    .await
}

pub async fn setup_names_a_wrong_pool_id(webdriver: String) -> TestResult {
    let app = StaticApp::serve(None).await;
    let emu = Emulator::start(EmulatorConfig::ephemeral().with_app_origin(&app.origin)).await.expect("emulator");
    let config = serde_json::json!({
        "userPoolId": "us-east-1_Wrong",
        "clientId": cognito_emulator::DEFAULT_CLIENT_ID,
        "domain": emu.origins().domain,
        "issuer": format!("{}/us-east-1_Wrong", emu.origins().issuer_origin),
    });
    app.set_config(Some(config.to_string()));
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/setup")).await?;
        let text = b.wait_for_text(".finding.fail", "User Pool ID or its region is wrong").await?;
        if !text.contains("User pool ID (REGION_xxxxxxxxx)") {
            return Err(format!("no fix for the pool ID: {text}"));
        }
        Ok(())
    })
    .await
}

pub async fn every_page_is_accessible_and_photographed(webdriver: String) -> TestResult {
    let (app, _emu) = StaticApp::with_emulator().await;
    let broken = StaticApp::serve(Some(r#"{"userPoolId":"nope","clientID":"x"}"#.into())).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        b.wait_for_text(".landing", "You are signed out").await?;
        b.check_accessibility("landing").await?;
        b.screenshot("landing").await?;

        b.goto(&app.url("/setup")).await?;
        b.wait_for_text(".findings", "Found").await?;
        b.check_accessibility("setup").await?;
        b.screenshot("setup").await?;

        let state = e2e::pending_state(b, &app).await?;
        b.goto(&app.url(&format!("/callback?error=access_denied&error_description=The+user+cancelled&state={state}")))
            .await?;
        b.wait_for_text("[role=alert]", "cancelled").await?;
        b.check_accessibility("sign-in error").await?;
        b.screenshot("sign-in-error").await?;

        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        b.click("a.brand").await?;
        b.wait_for_text("main h1", "You are signed in").await?;
        b.check_accessibility("signed-in home").await?;
        b.screenshot("signed-in").await?;

        b.click("a.nav-link").await?;
        b.wait_for_text(".whoami .status", "HTTP 200").await?;
        b.check_accessibility("API console").await?;
        b.screenshot("api-console").await?;

        b.goto(&broken.url("/")).await?;
        b.wait_for_text("[role=alert]", "not configured correctly").await?;
        b.check_accessibility("configuration error").await?;
        b.screenshot("config-error").await?;
        Ok(())
    })
    .await
}
