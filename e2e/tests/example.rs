//! The example app built on the crate's public API (`examples/notes`,
//! included by browser.rs), under the production policy: a guarded page
//! signs in and comes back with the API's answer, the admins-only page
//! tells a non-admin so, and sign-out ends the session here and at Cognito.

use cognito_emulator::{IdentityProviderConfig, UserConfig, DEFAULT_USERNAME};
use e2e::{requests, with_browser, StaticApp};

use super::TestResult;

const BOB: &str = "bob@example.com";
const BOB_PASSWORD: &str = "B0b-Passw0rd!";

pub async fn the_example_app_guards_pages_and_calls_the_api(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::example_with_emulator("notes").await;
    emu.pool().upsert_user(UserConfig {
        username: BOB.into(),
        password: BOB_PASSWORD.into(),
        email: BOB.into(),
        groups: vec![],
        custom_attributes: Default::default(),
        ..Default::default()
    });
    emu.pool().upsert_identity_provider(IdentityProviderConfig::google());
    emu.pool().upsert_identity_provider(IdentityProviderConfig::example_corp());
    with_browser(&webdriver, async |b| {
        // Signed out: the public page, then a guarded page sends to Cognito
        // and back to that page, with the API's answer.
        b.goto(&app.url("/")).await?;
        b.wait_for_text("main h1", "Welcome").await?;
        b.wait_for_text("header button", "Sign in").await?;
        b.goto(&app.url("/notes")).await?;
        b.submit_login_form().await?;
        b.wait_for_text("main h1", "My notes").await?;
        if b.url().await? != app.url("/notes") {
            return Err(format!("not back on the guarded page: {}", b.url().await?));
        }
        // A custom attribute from the ID token (alice's `custom:team`).
        b.wait_for_text(".team", "Team: Platform").await?;
        let answer = b.wait_for_text(".api-answer", "HTTP 200").await?;
        if !answer.contains(DEFAULT_USERNAME) {
            return Err(format!("the API did not see the user: {answer}"));
        }
        // alice is in admins.
        b.click("a[href='/admin']").await?;
        b.wait_for_text(".admin", "Only the admins group").await?;
        // Sign-out ends the session here and at Cognito (the next sign-in
        // asks for the password again).
        b.click_button("Sign out").await?;
        b.wait_for_text("header button", "Sign in").await?;
        if requests(&emu, "/logout") != 1 || requests(&emu, "/oauth2/revoke") != 1 {
            return Err("sign-out did not revoke and leave through Cognito's /logout".into());
        }
        // bob is not: the admins-only page says so.
        b.goto(&app.url("/admin")).await?;
        b.wait_for_text("input#username", "").await?;
        b.submit_login_form_as(BOB, BOB_PASSWORD).await?;
        let text = b.wait_for_text("[role=alert].not-allowed", "members of the group").await?;
        if !text.contains("admins") || b.body_text().await.contains("Only the admins group") {
            return Err(format!("a non-admin saw the admins-only page: {text}"));
        }
        b.wait_for_text("header .user", BOB).await?;
        // Straight to an identity provider with `sign_in_with`: the company
        // account (an `idp_identifier`), then Google (an `identity_provider`),
        // each landing on the guarded page.
        for (button, provider, account, parameter) in [
            ("Company account", "ExampleCorp", "dave@example.com", ("idp_identifier", "example.com")),
            ("Sign in with Google", "Google", "carol@gmail.com", ("identity_provider", "Google")),
        ] {
            b.click_button("Sign out").await?;
            b.wait_for_text("header button", "Sign in").await?;
            b.click_button(button).await?;
            e2e::consent_as(b, provider, account).await?;
            b.wait_for_text("header .user", account).await?;
            b.wait_for_text("main h1", "My notes").await?;
            let sent = super::signin::log_param(&emu, "/oauth2/authorize", parameter.0);
            if sent.as_deref() != Some(parameter.1) {
                return Err(format!("{button} sent {}={sent:?}", parameter.0));
            }
        }
        Ok(())
    })
    .await
}
