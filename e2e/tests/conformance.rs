//! The OpenID RP conformance cases (included by browser.rs), reproduced with
//! the emulator's conformance modes: the app must reject each hostile or
//! broken answer with a clear alert, keep no tokens, make no API or
//! userInfo call, and be able to start a fresh sign-in.

use std::time::Duration;

use cognito_emulator::{TokenMode, DEFAULT_USERNAME};
use e2e::{requests, short_lived, wait_until, with_browser, StaticApp};

use super::signin::sign_in_with_form;
use super::TestResult;

async fn rejects(webdriver: String, mode: TokenMode, expected: &str) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    emu.pool().set_token_mode(Some(mode));
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("[role=alert]", expected).await?;
        b.wait_for_text("header button", "Sign in").await?;
        if b.body_text().await.contains(DEFAULT_USERNAME) {
            return Err(format!("{mode:?}: a session was kept"));
        }
        if requests(&emu, "/me") + requests(&emu, "/oauth2/userInfo") != 0 {
            return Err(format!("{mode:?}: the app used the rejected tokens"));
        }
        // A fresh sign-in works once the provider behaves.
        emu.pool().set_token_mode(None);
        b.click("[role=alert] button").await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        Ok(())
    })
    .await
}

macro_rules! rejection_cases {
    ($($name:ident: $mode:ident => $text:expr;)*) => {
        $(pub async fn $name(webdriver: String) -> TestResult {
            rejects(webdriver, TokenMode::$mode, $text).await
        })*
    };
}

rejection_cases! {
    conformance_invalid_iss: WrongIssuer => "was issued by";
    conformance_invalid_aud: WrongAudience => "was issued for another app (aud)";
    conformance_invalid_sig_rs256: BadSignature => "has an invalid signature";
    conformance_idtoken_sig_none: AlgNone => "\"none\", but only RS256 is accepted";
    conformance_invalid_sig_hs256: Hs256WithPublicKey => "\"HS256\", but only RS256 is accepted";
    conformance_kid_absent_multiple_jwks: KidAbsentMultipleKeys => "unknown key ID";
    conformance_missing_iat: MissingIat => "has no `iat` claim";
    conformance_iat_in_the_future: IatInFuture => "clock";
    conformance_expired_exp: Expired => "has expired (exp)";
    conformance_missing_sub: MissingSub => "has no `sub` claim";
    conformance_nonce_invalid: WrongNonce => "nonce mismatch";
    conformance_nonce_missing: MissingNonce => "nonce mismatch";
    conformance_invalid_at_hash: WrongAtHash => "at_hash mismatch";
    conformance_token_use_access_in_id_token: IdTokenUseAccess => "token_use \"access\" instead of \"id\"";
    conformance_access_token_other_client: AccessTokenOtherClient => "access token was issued to another app (client_id)";
    conformance_missing_id_token: MissingIdToken => "returned no ID token";
    conformance_token_type_not_bearer: TokenTypeNotBearer => "instead of Bearer";
    conformance_state_echoed_wrong: WrongState => "state mismatch";
}

async fn accepts(webdriver: String, mode: TokenMode) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    emu.pool().set_token_mode(Some(mode));
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await.map(|_| ())
    })
    .await
}

pub async fn conformance_kid_absent_single_jwks_is_accepted(webdriver: String) -> TestResult {
    accepts(webdriver, TokenMode::KidAbsentSingleKey).await
}

pub async fn conformance_issued_ten_minutes_ago_is_accepted(webdriver: String) -> TestResult {
    accepts(webdriver, TokenMode::IssuedTenMinutesAgo).await
}

pub async fn conformance_signing_key_rotation_refetches_once(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(short_lived(4)).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        let fetched = requests(&emu, "/.well-known/jwks.json");
        emu.pool().rotate_keys();
        let refreshes = emu.pool().token_requests("refresh_token");
        wait_until("a refresh after the rotation", Duration::from_secs(15), || {
            emu.pool().token_requests("refresh_token") > refreshes
        })
        .await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        let refetched = requests(&emu, "/.well-known/jwks.json") - fetched;
        if refetched != 1 {
            return Err(format!("expected exactly one JWKS refetch after the rotation, saw {refetched}"));
        }
        Ok(())
    })
    .await
}

pub async fn conformance_refresh_token_invalid_sub(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(short_lived(4)).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        emu.pool().set_token_mode(Some(TokenMode::RefreshOtherSub));
        let text = b.wait_for_text("[role=alert]", "You have been signed out").await?;
        if !text.contains("sub changed") {
            return Err(format!("the alert does not say which check failed: {text}"));
        }
        b.wait_for_text("header button", "Sign in").await.map(|_| ())
    })
    .await
}
