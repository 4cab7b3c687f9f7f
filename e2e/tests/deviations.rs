//! Real Cognito as it behaves where it differs from its documentation
//! (included by browser.rs; docs/COGNITO.md, each against the emulator mode
//! that reproduces it): the message names the cause and the setting.

use std::time::Duration;

use cognito_emulator::{UnsupportedScopes, DEFAULT_USERNAME};
use e2e::{requests, with_browser, StaticApp};

use super::pages::run_setup_test;
use super::signin::sign_in_with_form;
use super::TestResult;

/// `unsupportedScopes: "error"`: a scope the client lacks comes back as
/// `error=invalid_scope`; the alert names the scopes sent and the console
/// setting, and nothing is exchanged.
pub async fn a_refused_scope_names_the_scopes_and_the_setting(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(|c| {
        c.allowed_scopes = vec!["openid".into(), "email".into()];
        c.unsupported_scopes = UnsupportedScopes::Error;
    })
    .await;
    let mut config = emu.app_config();
    config["scopes"] = serde_json::json!(["openid", "email", "profile"]);
    app.set_config(Some(config.to_string()));
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        b.click_button("Sign in").await?;
        let text = b.wait_for_text("[role=alert]", "invalid_scope").await?;
        for needle in ["(openid email profile)", "OpenID Connect scopes", "\"scopes\" in config.json"] {
            if !text.contains(needle) {
                return Err(format!("the alert does not say {needle:?}: {text}"));
            }
        }
        if requests(&emu, "/oauth2/token") != 0 {
            return Err("a code was exchanged after invalid_scope".into());
        }
        Ok(())
    })
    .await
}

/// `managedLogin: false`: the classic hosted UI ignores the Test sign-in's
/// `prompt=login`, signs in from its session, and the setup checker says so.
pub async fn setup_explains_that_the_classic_hosted_ui_ignores_prompt(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(|c| c.managed_login = false).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        // The session's authentication is now clearly older than the test.
        tokio::time::sleep(Duration::from_secs(7)).await;
        run_setup_test(b, &app).await?;
        b.wait_for_text(".stage.done", "ID token valid").await?;
        let text = b.wait_for_text(".finding.manual", "Cognito did not ask for the password").await?;
        if !text.contains("classic hosted UI, which ignores prompt") || !text.contains("Managed login") {
            return Err(format!("the finding does not explain prompt: {text}"));
        }
        if requests(&emu, "/login") != 1 {
            return Err("the password form was shown again: prompt was honoured".into());
        }
        Ok(())
    })
    .await
}

/// `resource` with no resource server of that identifier: the code exchange
/// fails with `invalid_grant`, and the alert names the resource server to
/// create.
pub async fn a_resource_without_a_resource_server_is_named(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    emu.pool().set_resource_servers(vec![]);
    let api = emu.origins().api.clone();
    let mut config = emu.app_config();
    config["resource"] = serde_json::json!(api);
    app.set_config(Some(config.to_string()));
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        let text = b.wait_for_text("[role=alert]", "invalid_grant").await?;
        if !text.contains(&format!("resource server whose identifier is exactly {api}")) {
            return Err(format!("the alert does not name the resource server: {text}"));
        }
        if b.body_text().await.contains(DEFAULT_USERNAME) {
            return Err("signed in anyway".into());
        }
        Ok(())
    })
    .await
}
