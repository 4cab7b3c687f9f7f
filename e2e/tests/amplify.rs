//! An Amplify Gen 2 `amplify_outputs.json` as the only configuration
//! (included by browser.rs): no `config.json` (a 404), so the app reads
//! `amplify_outputs.json`, takes the redirect URL on its own origin, and
//! signs in; a broken one is explained naming its Amplify keys.

use cognito_emulator::{Emulator, EmulatorConfig, DEFAULT_USERNAME};
use e2e::{with_browser, StaticApp};
use serde_json::json;

use super::signin::sign_in_with_form;
use super::TestResult;

/// The `amplify_outputs.json` the emulator writes for `./x dev --amplify`
/// (`Emulator::amplify_outputs`), with a production URL before this page's
/// in each redirect list and a section the app does not use.
fn outputs(app: &StaticApp, emu: &Emulator) -> serde_json::Value {
    let mut outputs = emu.amplify_outputs();
    let oauth = &mut outputs["auth"]["oauth"];
    oauth["redirect_sign_in_uri"] = json!(["https://main.d1example.amplifyapp.com/callback", app.url("/callback")]);
    oauth["redirect_sign_out_uri"] = json!(["https://main.d1example.amplifyapp.com/", app.url("/")]);
    outputs["storage"] = json!({ "aws_region": "us-east-1", "bucket_name": "ignored" });
    outputs
}

pub async fn amplify_outputs_alone_configures_the_app_and_signs_in(webdriver: String) -> TestResult {
    let app = StaticApp::serve(None).await;
    let emu = Emulator::start(EmulatorConfig::ephemeral().with_app_origin(&app.origin))
        .await
        .map_err(|e| format!("the emulator starts: {e}"))?;
    app.set_amplify_outputs(Some(outputs(&app, &emu).to_string()));
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/setup")).await?;
        b.wait_for_text(".findings", "amplify_outputs.json (there is no config.json)").await?;
        b.wait_for_text(".findings", "auth.user_pool_client_id as clientId").await?;
        b.goto(&app.url("/")).await?;
        sign_in_with_form(b).await?;
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        let redirect = super::signin::log_param(&emu, "/oauth2/authorize", "redirect_uri");
        if redirect.as_deref() != Some(app.url("/callback").as_str()) {
            return Err(format!("expected this page's callback from the redirect list, got {redirect:?}"));
        }
        if app.served("/config.json") == 0 || app.served("/amplify_outputs.json") == 0 {
            return Err("config.json was not asked for first, or amplify_outputs.json not after it".into());
        }
        Ok(())
    })
    .await?;

    // A broken one: every problem named by its Amplify key.
    let mut broken = outputs(&app, &emu);
    broken["auth"]["user_pool_client_secret"] = json!("never-shown");
    broken["auth"]["oauth"]["response_type"] = json!("token");
    broken["auth"]["oauth"]["redirect_sign_in_uri"] =
        json!(["https://a.example/callback", "https://b.example/callback"]);
    app.set_amplify_outputs(Some(broken.to_string()));
    with_browser(&webdriver, async |b| {
        b.goto(&app.url("/")).await?;
        b.wait_for_text("[role=alert]", "amplify_outputs.json has these problems").await?;
        for said in [
            "auth.user_pool_client_secret",
            "auth.oauth.response_type",
            &format!("auth.oauth.redirect_sign_in_uri`: 2 URLs, none on {}", app.origin),
        ] {
            b.wait_for_text("[role=alert]", said).await?;
        }
        let text = b.eval("return document.body.innerText").await?;
        if text.to_string().contains("never-shown") {
            return Err("the client secret is shown on the page".into());
        }
        Ok(())
    })
    .await
}
