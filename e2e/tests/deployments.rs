//! Two deployments of the app on one origin (included by browser.rs): the
//! root and `/login/` of one host, each with its own `config.json`. Their
//! tabs talk on channels of their own and hold locks of their own
//! (`core::session::landing::Names`), so neither hears, adopts, signs out or
//! revokes the other's session.

use std::time::Duration;

use cognito_emulator::{Emulator, EmulatorConfig, DEFAULT_USERNAME};
use e2e::{short_lived, wait_until, with_browser, StaticApp};

use super::hosting::dist_login_dir;
use super::signin::sign_in_with_form;
use super::TestResult;

pub async fn two_deployments_on_one_origin_do_not_disturb_each_other(webdriver: String) -> TestResult {
    let app = StaticApp::serve_two("/login/", dist_login_dir()?).await;
    let mut root = EmulatorConfig::ephemeral().with_app_origin(&app.origin);
    if let Some(client) = root.clients.first_mut() {
        short_lived(6)(client);
    }
    let root_emu = Emulator::start(root).await.map_err(|e| e.to_string())?;
    let sub = EmulatorConfig::ephemeral().with_app_origin(&format!("{}/login", app.origin));
    let sub_emu = Emulator::start(sub).await.map_err(|e| e.to_string())?;
    app.set_config(Some(root_emu.app_config().to_string()));
    app.set_sub_config(Some(sub_emu.app_config().to_string()));
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        let root_tab = b.current_tab().await?;
        // The other deployment's start page: signed out, the root's session
        // neither seen (its lock) nor handed over (its channel).
        b.open_tab(&app.url("/login/")).await?;
        b.wait_for_text("header button", "Sign in").await?;
        tokio::time::sleep(Duration::from_secs(1)).await;
        if b.body_text().await.contains(DEFAULT_USERNAME) {
            return Err("the /login/ deployment took the root deployment's session".into());
        }
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        // Signing out of /login/ leaves the root signed in, and its refresh
        // token unrevoked: it goes on refreshing.
        b.click_button("Sign out").await?;
        b.wait_for_text("main", "You are signed out").await?;
        b.switch_to(root_tab).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        let refreshes = || root_emu.pool().token_requests("refresh_token");
        let before = refreshes();
        wait_until("a refresh at the root", Duration::from_secs(20), || refreshes() > before).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        if sub_emu.pool().token_requests("refresh_token") > 0 {
            return Err("the /login/ deployment refreshed a token it never had reason to".into());
        }
        Ok(())
    })
    .await
}
