//! The landing module (included by browser.rs): the first load of `/` is
//! the small landing module; the full app follows in the background and is
//! what the callback runs, from the cache; a signed-out landing tab hands
//! over when another tab signs in (docs/PERFORMANCE.md "Landing page").

use std::time::Duration;

use cognito_emulator::DEFAULT_USERNAME;
use e2e::{wait_until, with_browser, StaticApp};

use super::signin::sign_in_with_form;
use super::TestResult;

fn is_module(path: &str, name: &str) -> bool {
    path.starts_with(&format!("/{name}-")) && path.ends_with("_bg.wasm")
}

pub async fn the_full_app_loads_after_sign_in_is_shown_and_serves_the_callback_from_the_cache(
    webdriver: String,
) -> TestResult {
    let (app, _emu) = StaticApp::with_emulator().await;
    app.set_production_caching(true);
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        b.wait_for_text("main .card.landing h1", "Cognito Login").await?;
        b.wait_for_text("header button", "Sign in").await?;
        b.wait_for_running("landing").await?;
        // The page is the landing module's: nothing of the full app yet, or
        // only requested after the landing module's WebAssembly arrived.
        wait_until("the full app fetched in the background", Duration::from_secs(10), || {
            app.served_matching(|p| is_module(p, "cognito-login")) == 1
        })
        .await?;
        let order = b
            .eval(
                "const e = performance.getEntriesByType('resource'); \
                 const landing = e.find(r => /\\/landing-[0-9a-f]+_bg\\.wasm$/.test(r.name)); \
                 const full = e.find(r => /\\/cognito-login-[0-9a-f]+_bg\\.wasm$/.test(r.name)); \
                 return [landing ? landing.responseEnd : -1, full ? full.startTime : -1];",
            )
            .await?;
        let (landing_end, full_start) = (order[0].as_f64().unwrap_or(-1.0), order[1].as_f64().unwrap_or(-1.0));
        if landing_end < 0.0 || full_start < landing_end {
            return Err(format!(
                "the full app was requested at {full_start} ms, before the landing module arrived ({landing_end} ms)"
            ));
        }
        if b.eval("return document.querySelectorAll('button').length").await? != 2 {
            return Err(format!("expected the two Sign in buttons of the start page: {}", b.body_text().await));
        }
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        b.wait_for_text("main h1", "You are signed in").await?;
        b.wait_for_running("app").await?;
        // The callback ran the full app from the HTTP cache: each module was
        // served once.
        for name in ["landing", "cognito-login"] {
            let served = app.served_matching(|p| is_module(p, name));
            if served != 1 {
                return Err(format!("the {name} WebAssembly was served {served} times, not once"));
            }
        }
        Ok(())
    })
    .await
}

pub async fn a_signed_out_landing_tab_follows_a_sign_in_in_another_tab(webdriver: String) -> TestResult {
    let (app, _emu) = StaticApp::with_emulator().await;
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        b.wait_for_text("main .card.landing", "You are signed out").await?;
        b.wait_for_running("landing").await?;
        let landing = b.current_tab().await?;
        b.open_tab(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        b.switch_to(landing).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        b.wait_for_running("app").await?;
        b.wait_for_text("main h1", "You are signed in").await?;
        Ok(())
    })
    .await
}

pub async fn a_slow_config_shows_loading_then_sign_in(webdriver: String) -> TestResult {
    let (app, _emu) = StaticApp::with_emulator().await;
    // Long enough that the 300 ms "Loading…" shows even on a busy machine.
    app.set_config_delay(Duration::from_millis(3000));
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        b.wait_for_text("main .loading", "Loading…").await?;
        if b.eval("return document.querySelectorAll('header button').length").await? != 0 {
            return Err("a Sign in button before the configuration arrived".into());
        }
        b.wait_for_text("header button", "Sign in").await?;
        b.wait_for_running("landing").await?;
        if b.body_text().await.contains("Loading") {
            return Err(format!("\"Loading…\" stayed: {}", b.body_text().await));
        }
        Ok(())
    })
    .await
}
