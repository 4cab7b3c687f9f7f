//! Every way a real user reaches Cognito (included by browser.rs): sign-in
//! options on the start page, social and company providers, sign-up with an
//! emailed code, MFA, a forced new password, a long detour on the hosted
//! pages, a provider's failure, a disabled user, and Cognito's throttling
//! and a WAF during a refresh. All against the emulator, under the
//! production Content Security Policy the test server sends.

use std::time::Duration;

use cognito_emulator::{
    Emulator, EmulatorConfig, IdentityProviderConfig, MfaKind, TokenFault, UserConfig, UserStatus, DEFAULT_USERNAME,
};
use e2e::{consent_as, short_lived, wait_until, with_browser, Browser, StaticApp};
use serde_json::json;

use super::signin::{log_param, open_sign_in_form, sign_in_with_form, sign_in_with_form_as};
use super::TestResult;

const GOOGLE_USER: &str = "carol@gmail.com";
const GOOGLE_USERNAME: &str = "Google_109876543210987654321";
const COMPANY_USER: &str = "dave@example.com";

/// The app with two sign-in options and "Create account", against a pool
/// with a fake Google and a fake company SAML provider (`example.com`).
async fn app_with_options(adjust: impl FnOnce(&mut EmulatorConfig)) -> (StaticApp, Emulator) {
    StaticApp::with_emulator_setup(
        |config| {
            config.identity_providers = vec![IdentityProviderConfig::google(), IdentityProviderConfig::example_corp()];
            adjust(config);
        },
        json!({
            "identityProviders": [
                {"name": "Google", "label": "Continue with Google"},
                {"idpIdentifier": "example.com", "label": "Company account"},
            ],
            "signUp": true,
        }),
    )
    .await
}

/// The texts of the start page's sign-in buttons, in order.
async fn option_texts(b: &Browser) -> Result<Vec<String>, String> {
    b.wait_for_text(".sign-in-options button", "Create account").await?;
    let buttons =
        b.client.find_all(fantoccini::Locator::Css(".sign-in-options button")).await.map_err(|e| e.to_string())?;
    let mut texts = Vec::new();
    for button in buttons {
        texts.push(button.text().await.map_err(|e| e.to_string())?);
    }
    Ok(texts)
}

/// The app against a pool with one more user, `user`.
async fn app_with_user(user: UserConfig) -> (StaticApp, Emulator) {
    app_with_options(|config| config.users.push(user)).await
}

/// Starts a sign-in, then moves the emulator's and the page's clocks
/// `secs` forward (no real wait) before the form is sent.
async fn sign_in_taking(b: &Browser, app: &StaticApp, emu: &Emulator, secs: i64) -> TestResult {
    b.goto(&app.url("/")).await?;
    open_sign_in_form(b).await?;
    emu.pool().advance_clock(secs);
    b.skew_clock(secs).await?;
    b.submit_login_form().await
}

/// Goes to the home page the way a user does (a reload would drop the
/// in-memory session) and waits for "You are signed in".
async fn home(b: &Browser) -> TestResult {
    b.click("a.brand").await?;
    b.wait_for_text("main h1", "You are signed in").await.map(|_| ())
}

pub async fn the_start_page_with_sign_in_options_is_photographed_and_google_signs_in(webdriver: String) -> TestResult {
    let (app, emu) = app_with_options(|_| {}).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        // The first load draws it (the landing module), in the configured order.
        let texts = option_texts(b).await?;
        if texts != ["Continue with Google", "Company account", "Create account"] {
            return Err(format!("the start page offers {texts:?}"));
        }
        b.check_accessibility("sign-in options").await?;
        b.screenshot("sign-in-options").await?;
        b.click_button("Continue with Google").await?;
        consent_as(b, "Google", GOOGLE_USER).await?;
        b.wait_for_text("header .user", GOOGLE_USER).await?;
        if log_param(&emu, "/oauth2/authorize", "identity_provider").as_deref() != Some("Google") {
            return Err("the authorize request did not name identity_provider=Google".into());
        }
        home(b).await?;
        b.wait_for_text("dd.provider", "Google").await?;
        b.wait_for_text("dd.username", GOOGLE_USERNAME).await?;
        Ok(())
    })
    .await
}

pub async fn a_company_account_signs_in_by_its_identifier(webdriver: String) -> TestResult {
    let (app, emu) = app_with_options(|_| {}).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        option_texts(b).await?;
        b.click_button("Company account").await?;
        consent_as(b, "ExampleCorp", COMPANY_USER).await?;
        b.wait_for_text("header .user", COMPANY_USER).await?;
        let sent = (
            log_param(&emu, "/oauth2/authorize", "idp_identifier"),
            log_param(&emu, "/oauth2/authorize", "identity_provider"),
        );
        if sent != (Some("example.com".into()), None) {
            return Err(format!("the authorize request sent (idp_identifier, identity_provider) = {sent:?}"));
        }
        home(b).await?;
        b.wait_for_text("dd.provider", "ExampleCorp").await?;
        Ok(())
    })
    .await
}

pub async fn sign_up_with_the_emailed_code_lands_signed_in(webdriver: String) -> TestResult {
    let (app, emu) = app_with_options(|_| {}).await;
    let email = "erin@example.com";
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/notes?x=1")).await?;
        b.wait_for_text("main h1", "Page not found").await?;
        b.goto(&app.url("/")).await?;
        option_texts(b).await?;
        b.click_button("Create account").await?;
        b.wait_for_text("#pageHeading", "").await?;
        let url = b.url().await?;
        if !url.contains("/signup?") || !url.contains("code_challenge_method=S256") || !url.contains("state=") {
            return Err(format!("\"Create account\" went to {url}"));
        }
        b.type_into("#username", "erin").await?;
        b.type_into("#email", email).await?;
        b.type_into("#password", "Corr3ct-horse").await?;
        b.click("#signUpButton").await?;
        b.wait_for_text("#pageHeading", "").await?;
        b.element("#code").await?;
        let code = emu.pool().last_code(email).ok_or("no confirmation code in the emulator's mailbox")?;
        b.type_into("#code", &code).await?;
        b.click("#confirmButton").await?;
        b.wait_for_text("header .user", email).await?;
        home(b).await?;
        b.wait_for_text("dd.username", "erin").await?;
        Ok(())
    })
    .await
}

pub async fn mfa_with_an_authenticator_code_signs_in(webdriver: String) -> TestResult {
    let user = "frank@example.com";
    let (app, emu) = app_with_user(UserConfig {
        username: user.into(),
        password: "Passw0rd!".into(),
        email: user.into(),
        mfa: Some(MfaKind::Totp),
        ..UserConfig::default()
    })
    .await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form_as(b, user, "Passw0rd!").await?;
        b.type_into("#mfaCode", "000000").await?;
        b.click("#mfaButton").await?;
        b.wait_for_text("#mfaErrorMessage", "").await?;
        let code = emu.pool().totp_code(user).ok_or("the emulator has no TOTP code for the user")?;
        b.type_into("#mfaCode", &code).await?;
        b.click("#mfaButton").await?;
        b.wait_for_text("header .user", user).await.map(|_| ())
    })
    .await
}

pub async fn a_forced_new_password_then_signs_in(webdriver: String) -> TestResult {
    let user = "grace@example.com";
    let (app, _emu) = app_with_user(UserConfig {
        username: user.into(),
        password: "Temp0rary!".into(),
        email: user.into(),
        status: UserStatus::ForceChangePassword,
        ..UserConfig::default()
    })
    .await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form_as(b, user, "Temp0rary!").await?;
        b.type_into("#newPassword", "N3w-and-l0ng").await?;
        b.type_into("#confirmPassword", "N3w-and-l0ng").await?;
        b.click("#newPasswordButton").await?;
        b.wait_for_text("header .user", user).await.map(|_| ())
    })
    .await
}

/// Signing up, MFA set-up or a password reset can take long on the hosted
/// pages: forty minutes later (the emulator's and the page's clocks moved
/// together, no real wait) the callback still completes; past an hour it
/// says so, with one button that starts again.
pub async fn a_sign_in_that_takes_forty_minutes_still_completes(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        sign_in_taking(b, &app, &emu, 40 * 60).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await.map(|_| ())
    })
    .await?;
    let (app, emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        sign_in_taking(b, &app, &emu, 61 * 60).await?;
        b.wait_for_text("[role=alert]", "took too long (more than an hour)").await?;
        let buttons =
            b.client.find_all(fantoccini::Locator::Css("[role=alert] button")).await.map_err(|e| e.to_string())?;
        if buttons.len() != 1 {
            return Err(format!("the alert has {} buttons, expected one that starts again", buttons.len()));
        }
        // Cognito's own session (an hour) is still there: no form this time.
        b.click_button("Try again").await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await.map(|_| ())
    })
    .await
}

pub async fn a_federation_error_shows_our_words_and_the_providers_details(webdriver: String) -> TestResult {
    let (app, emu) = app_with_options(|_| {}).await;
    emu.pool().fail_next_federated_sign_ins("Google", 1, Some("Timeout occurred in calling IdP token endpoint".into()));
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        option_texts(b).await?;
        b.click_button("Continue with Google").await?;
        consent_as(b, "Google", GOOGLE_USER).await?;
        b.wait_for_text("[role=alert]", "Signing in through your identity provider did not work").await?;
        // This tab's `state` came back with it, so the provider's words are
        // shown too, as text.
        b.wait_for_text("[role=alert] .details", "Timeout occurred in calling IdP token endpoint").await?;
        // The next try works (the failure was once): "Try again" opens the
        // hosted UI, which lists the pool's providers.
        b.click_button("Try again").await?;
        b.click("#idp-Google").await?;
        consent_as(b, "Google", GOOGLE_USER).await?;
        b.wait_for_text("header .user", GOOGLE_USER).await.map(|_| ())
    })
    .await
}

pub async fn a_disabled_users_next_refresh_signs_every_tab_out_with_the_reason(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(short_lived(4)).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        let first = b.current_tab().await?;
        let second = b.open_tab(&app.url("/")).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        if !emu.pool().set_user_enabled(DEFAULT_USERNAME, false) {
            return Err("the emulator does not know the user".into());
        }
        for tab in [second, first] {
            b.switch_to(tab).await?;
            b.wait_for_text("[role=alert] h1", "You have been signed out").await?;
            b.wait_for_text("[role=alert]", "refused to renew").await?;
        }
        b.wait_for_text("[role=alert]", "account was disabled").await.map(|_| ())
    })
    .await
}

pub async fn cognito_throttling_and_a_wafs_json_403_keep_the_session(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(short_lived(4)).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        let before = emu.pool().token_requests("refresh_token");
        emu.pool().fail_next_token_calls(1, TokenFault::TooManyRequestsException);
        emu.pool().fail_next_token_calls(1, TokenFault::ForbiddenJson);
        wait_until("3 refreshes after the two faults", Duration::from_secs(30), || {
            emu.pool().token_requests("refresh_token") >= before + 3
        })
        .await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        if b.body_text().await.contains("signed out") {
            return Err("a throttled or blocked refresh signed the tab out".into());
        }
        Ok(())
    })
    .await
}
