//! A reload while signed in (included by browser.rs): the session comes
//! back silently, or, without a Cognito session, the form shows once.

use std::time::Duration;

use e2e::{requests, with_browser, StaticApp};
use fantoccini::Locator;

use super::refresh::signed_in;
use super::signin::sign_in_with_form;
use super::TestResult;

pub async fn reload_restores_the_session_silently(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/reports/q?x=1")).await?;
        sign_in_with_form(b).await?;
        signed_in(b).await?;
        b.client.refresh().await.map_err(|e| e.to_string())?;
        signed_in(b).await?;
        b.wait_for_text("main h1", "Page not found").await?;
        if b.url().await? != app.url("/reports/q?x=1") {
            return Err(format!("not back on the same path: {}", b.url().await?));
        }
        if requests(&emu, "/login") != 1 {
            return Err("the password was asked for again".into());
        }
        if requests(&emu, "/oauth2/authorize") != 2 {
            return Err(format!(
                "expected one silent re-authentication, saw {}",
                requests(&emu, "/oauth2/authorize") - 1
            ));
        }
        Ok(())
    })
    .await
}

pub async fn reload_without_a_cognito_session_shows_the_form_once(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        signed_in(b).await?;
        emu.pool().revoke_all_sessions();
        b.client.refresh().await.map_err(|e| e.to_string())?;
        b.client
            .wait()
            .at_most(e2e::WAIT)
            .for_element(Locator::Css("input#password"))
            .await
            .map_err(|e| format!("the login form did not show: {e}"))?;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let authorizations = requests(&emu, "/oauth2/authorize");
        if authorizations != 2 {
            return Err(format!("expected exactly one automatic redirect, saw {}", authorizations - 1));
        }
        Ok(())
    })
    .await
}
