//! Static hosting as deployed (included by browser.rs): the real deploy
//! command uploads the build to a local S3 (moto), and a local edge serves
//! it through the CloudFront Function with S3's semantics and the
//! production headers (see `e2e::hosting`). The sign-in goes through
//! `/callback`, which only the function's rewrite makes work.

use cognito_emulator::{Emulator, EmulatorConfig, DEFAULT_USERNAME};
use cognito_login_core::config::{Config, PageLocation};
use e2e::hosting::{Edge, Moto};
use e2e::{dist_dir, with_browser};

use super::signin::sign_in_with_form;
use super::TestResult;

pub(super) fn dist_login_dir() -> Result<std::path::PathBuf, String> {
    std::env::var_os("DIST_LOGIN_DIR")
        .map(std::path::PathBuf::from)
        .ok_or_else(|| "$DIST_LOGIN_DIR (a build with --public-url /login/) is not set: run through ./x test".into())
}

async fn hosted(webdriver: String, base: &str, dist: std::path::PathBuf) -> TestResult {
    let moto = Moto::start()?;
    let (listener, origin) = Edge::bind().await;
    let config = EmulatorConfig::ephemeral().with_app_origin(&format!("{origin}{}", base.trim_end_matches('/')));
    let emu = Emulator::start(config).await.map_err(|e| e.to_string())?;
    let app_config = emu.app_config().to_string();
    let page = PageLocation { origin: origin.clone(), base_path: base.into() };
    let parsed = Config::from_json(&app_config, &page).map_err(|e| e.to_string())?;
    let index = std::fs::read_to_string(dist.join("index.html")).map_err(|e| e.to_string())?;
    let hashes = cognito_login_core::csp::inline_script_hashes(&index);
    let csp = cognito_login_core::csp::policy(&parsed, &[], &hashes, None);
    tokio::task::block_in_place(|| {
        moto.create_bucket("site")?;
        moto.deploy("site", &dist, &app_config, base, &csp)
    })?;
    let edge = Edge::serve(listener, origin, &moto, "site", base, &csp)?;
    let start = edge.url(&format!("{base}reports/q?x=1"));
    with_browser(&webdriver, async |b| {
        b.goto(&start).await?;
        b.wait_for_text("main h1", "Page not found").await?;
        if let Err(e) = sign_in_with_form(b).await {
            return Err(format!("{e}\nat {}: {}", b.url().await?, b.body_text().await));
        }
        b.wait_for_text("header .user", DEFAULT_USERNAME).await?;
        let url = b.url().await?;
        if url != start {
            return Err(format!("after signing in through {base}callback the page is {url}, not {start}"));
        }
        // A missing asset is S3's error, never index.html.
        let missing = b
            .eval(&format!(
                "return fetch('{base}cognito-login-0000000000000000_bg.wasm').then(r => r.status + ' ' + r.headers.get('content-type'))"
            ))
            .await?;
        let missing = missing.as_str().unwrap_or_default().to_string();
        if missing.starts_with("200") || missing.contains("text/html") {
            return Err(format!("a missing asset was answered with {missing}"));
        }
        // The deploy's release manifest is in the bucket but never served.
        let manifest = b.eval(&format!("return fetch('{base}.cognito-login/releases.json').then(r => r.status)")).await?;
        if manifest != serde_json::json!(404) {
            return Err(format!("the release manifest was answered with {manifest}"));
        }
        b.click("a.brand").await?;
        b.wait_for_text("main", "You are signed in").await?;
        if b.url().await? != edge.url(base) {
            return Err(format!("the brand link leads to {}, not {}", b.url().await?, edge.url(base)));
        }
        b.click_button("Sign out").await?;
        b.wait_for_text("main", "You are signed out").await?;
        Ok(())
    })
    .await
}

pub async fn deployed_at_the_root_signs_in_through_the_rewrite(webdriver: String) -> TestResult {
    hosted(webdriver, "/", dist_dir()).await
}

pub async fn deployed_under_a_sub_path_signs_in(webdriver: String) -> TestResult {
    hosted(webdriver, "/login/", dist_login_dir()?).await
}
