//! One session in several tabs (included by browser.rs): new tabs share
//! it and sign out together, three tabs make one refresh per expiry.

use std::time::Duration;

use e2e::{requests, short_lived, wait_until, with_browser, StaticApp};

use super::refresh::{one_per_expiry, refresh_times, signed_in};
use super::signin::sign_in_with_form;
use super::TestResult;

pub async fn new_tabs_share_the_session_and_sign_out_together(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        signed_in(b).await?;
        let first = b.current_tab().await?;
        b.open_tab(&app.url("/")).await?;
        signed_in(b).await?;
        if requests(&emu, "/oauth2/authorize") != 1 {
            return Err("the second tab went to Cognito instead of asking its sibling".into());
        }
        b.click("header button").await?; // Sign out in the second tab.
        b.wait_for_text("header button", "Sign in").await?;
        b.switch_to(first).await?;
        b.wait_for_text("header button", "Sign in").await?;
        // The first tab held the refresh token: it revoked it.
        wait_until("the refresh token revoked", Duration::from_secs(5), || requests(&emu, "/oauth2/revoke") == 1)
            .await?;
        Ok(())
    })
    .await
}

pub async fn three_tabs_make_one_refresh_per_expiry(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator_client(short_lived(6)).await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        signed_in(b).await?;
        let first_refreshes = refresh_times(&emu).len();
        b.open_tab(&app.url("/")).await?;
        signed_in(b).await?;
        b.open_tab(&app.url("/")).await?;
        signed_in(b).await?;
        wait_until("two more expiries", Duration::from_secs(40), || refresh_times(&emu).len() >= first_refreshes + 2)
            .await?;
        tokio::time::sleep(Duration::from_secs(1)).await;
        one_per_expiry(&refresh_times(&emu), 3500)?;
        let windows = b.client.windows().await.map_err(|e| e.to_string())?;
        for w in windows {
            b.switch_to(w).await?;
            signed_in(b).await?;
        }
        Ok(())
    })
    .await
}
