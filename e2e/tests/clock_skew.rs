//! A browser clock off from Cognito's (included by browser.rs): a few
//! minutes work with a notice, far off is refused without a loop.

use std::time::Duration;

use e2e::{requests, with_browser, Browser, StaticApp};

use super::refresh::signed_in;
use super::signin::sign_in_with_form;
use super::TestResult;

pub async fn clock_ten_minutes_off_works_with_a_notice(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    emu.pool().set_clock_skew(600);
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        signed_in(b).await?;
        b.wait_for_text(".notice.clock", "about 10 minutes behind").await?;
        Ok(())
    })
    .await
}

pub async fn clock_thirty_minutes_off_is_refused_without_a_loop(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    emu.pool().set_clock_skew(1800);
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("[role=alert]", "clock").await?;
        b.wait_for_text("[role=alert]", "about 30 minutes").await?;
        tokio::time::sleep(Duration::from_secs(2)).await;
        if requests(&emu, "/oauth2/authorize") != 1 {
            return Err("the app looped back to Cognito".into());
        }
        b.wait_for_text("header button", "Sign in").await?;
        Ok(())
    })
    .await
}

pub async fn browser_clock_ahead_works_with_a_notice_far_off_is_refused(webdriver: String) -> TestResult {
    let (app, emu) = StaticApp::with_emulator().await;
    let b = Browser::open(&webdriver).await;
    let result = async {
        b.skew_clock(600).await?;
        b.goto(&app.url("/")).await?;
        sign_in_with_form(&b).await?;
        signed_in(&b).await?;
        b.wait_for_text(".notice.clock", "about 10 minutes ahead of").await?;
        Ok(())
    }
    .await;
    b.close().await;
    let far = Browser::open(&webdriver).await;
    let refused = async {
        far.skew_clock(-1800).await?;
        far.goto(&app.url("/")).await?;
        sign_in_with_form(&far).await?;
        far.wait_for_text("[role=alert]", "about 30 minutes behind").await?;
        tokio::time::sleep(Duration::from_secs(1)).await;
        if requests(&emu, "/oauth2/authorize") != 2 {
            return Err("the app looped back to Cognito".into());
        }
        Ok(())
    }
    .await;
    far.close().await;
    result.and(refused)
}
