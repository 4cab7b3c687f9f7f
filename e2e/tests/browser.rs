//! End-to-end tests: headless Chromium, driven over WebDriver as a user
//! would, against the built `dist/` and the Cognito emulator on loopback.
//! Run after `trunk build --release --offline` (`./x test` does).

mod amplify;
mod clock_skew;
mod conformance;
mod csp;
mod deployments;
mod deviations;
mod example;
mod faults;
mod hosting;
mod integrity;
mod journeys;
mod landing;
mod languages;
mod pages;
mod refresh;
mod reload;
mod renewal;
mod shared_session;
mod signin;
mod tabs;

use amplify::*;
use clock_skew::*;
use conformance::*;
use csp::*;
use deployments::*;
use deviations::*;
use e2e::{run, Browser, Chromedriver, StaticApp};
use example::*;
use faults::*;
use hosting::*;
use integrity::*;
use journeys::*;
use landing::*;
use languages::*;
use libtest_mimic::{Arguments, Failed, Trial};
use pages::*;
use refresh::*;
use reload::*;
use renewal::*;
use shared_session::*;
use signin::*;
use tabs::*;

type TestResult = Result<(), String>;

fn emulator_config() -> String {
    // Only the emulator's addresses matter for these tests; each test that
    // signs in starts its own emulator.
    serde_json::json!({
        "userPoolId": cognito_emulator::DEFAULT_POOL_ID,
        "clientId": cognito_emulator::DEFAULT_CLIENT_ID,
        "domain": "http://127.0.0.1:9",
        "issuer": format!("http://127.0.0.1:9/{}", cognito_emulator::DEFAULT_POOL_ID),
    })
    .to_string()
}

async fn shows_sign_in_from_a_valid_config(webdriver: String) -> TestResult {
    let app = StaticApp::serve(Some(emulator_config())).await;
    let browser = Browser::open(&webdriver).await;
    browser.client.goto(&app.url("/")).await.map_err(|e| e.to_string())?;
    let result = async {
        browser.wait_for_text("header button", "Sign in").await?;
        browser.wait_for_text("main", "You are signed out").await?;
        let alerts =
            browser.client.find_all(fantoccini::Locator::Css("[role=alert]")).await.map_err(|e| e.to_string())?;
        if !alerts.is_empty() {
            return Err(format!("unexpected alert: {}", browser.body_text().await));
        }
        Ok(())
    }
    .await;
    browser.close().await;
    result
}

async fn broken_config_names_each_bad_key(webdriver: String) -> TestResult {
    let config = r#"{"userPoolId":"not a pool","clientID":"abc","domain":"http://auth.example.com"}"#;
    let app = StaticApp::serve(Some(config.to_string())).await;
    let browser = Browser::open(&webdriver).await;
    browser.client.goto(&app.url("/")).await.map_err(|e| e.to_string())?;
    let result = async {
        let text = browser.wait_for_text("[role=alert]", "not configured correctly").await?;
        for needle in [
            "`clientID` is not a known setting (did you mean `clientId`?)",
            "`clientId` is missing",
            "`userPoolId` must look like REGION_ID",
            "`domain` must use https",
        ] {
            if !text.contains(needle) {
                return Err(format!("the alert does not say {needle:?}:\n{text}"));
            }
        }
        if browser.body_text().await.contains("Sign in") {
            return Err("a misconfigured page must not offer Sign in".into());
        }
        Ok(())
    }
    .await;
    browser.close().await;
    result
}

async fn missing_config_is_explained(webdriver: String) -> TestResult {
    let app = StaticApp::serve(None).await;
    let browser = Browser::open(&webdriver).await;
    browser.client.goto(&app.url("/")).await.map_err(|e| e.to_string())?;
    let result = browser
        .wait_for_text("[role=alert]", &format!("config.json was not found at {}/config.json", app.origin))
        .await
        .map(|_| ());
    browser.close().await;
    result
}

async fn unknown_path_shows_not_found_with_the_header(webdriver: String) -> TestResult {
    let app = StaticApp::serve(Some(emulator_config())).await;
    let browser = Browser::open(&webdriver).await;
    browser.client.goto(&app.url("/reports/q?x=1")).await.map_err(|e| e.to_string())?;
    let result = async {
        browser.wait_for_text("main h1", "Page not found").await?;
        browser.wait_for_text("header", "Sign in").await?;
        Ok(())
    }
    .await;
    browser.close().await;
    result
}

/// One libtest trial per async test function, each given the WebDriver URL.
macro_rules! trials {
    ($driver:expr; $($name:ident),* $(,)?) => {
        vec![$({
            let url = $driver.url.clone();
            Trial::test(stringify!($name), move || run($name(url)).map_err(Failed::from))
        }),*]
    };
}

fn main() {
    let mut args = Arguments::from_args();
    // Browser tests mostly wait: run more at once than there are cores.
    if args.test_threads.is_none() {
        args.test_threads = Some(4);
    }
    let driver = Chromedriver::start();
    let trials = trials![driver;
        shows_sign_in_from_a_valid_config,
        broken_config_names_each_bad_key,
        missing_config_is_explained,
        unknown_path_shows_not_found_with_the_header,
        deep_link_sign_in_then_sign_out,
        sign_out_shows_progress_until_it_leaves,
        sign_out_without_revocation_cors_still_leaves,
        provider_error_description_is_text,
        unsolicited_provider_errors_show_none_of_their_text,
        state_mismatch_is_refused,
        replayed_callback_is_refused,
        invalid_grant_is_explained_and_try_again_works,
        token_signed_with_an_unknown_key_is_refused,
        stays_signed_in_across_five_expiries,
        concurrent_calls_share_one_refresh,
        a_401_refreshes_once_then_reports_expiry,
        rejected_refresh_signs_out_with_the_reason,
        rotated_refresh_tokens_are_used,
        rotation_with_a_moving_auth_time_keeps_two_tabs_signed_in,
        id_token_bearer_never_goes_out_expired,
        reload_restores_the_session_silently,
        reload_without_a_cognito_session_shows_the_form_once,
        clock_ten_minutes_off_works_with_a_notice,
        clock_thirty_minutes_off_is_refused_without_a_loop,
        browser_clock_ahead_works_with_a_notice_far_off_is_refused,
        new_tabs_share_the_session_and_sign_out_together,
        the_full_app_loads_after_sign_in_is_shown_and_serves_the_callback_from_the_cache,
        a_signed_out_landing_tab_follows_a_sign_in_in_another_tab,
        a_slow_config_shows_loading_then_sign_in,
        three_tabs_make_one_refresh_per_expiry,
        a_same_origin_listener_never_receives_a_refresh_token,
        forged_sessions_and_sign_outs_are_refused,
        a_forged_huge_remaining_time_changes_nothing,
        two_deployments_on_one_origin_do_not_disturb_each_other,
        a_closed_holder_tab_hands_its_refresh_token_over,
        a_reloaded_holder_tab_hands_its_refresh_token_over,
        resource_binds_the_token_to_the_api,
        a_refused_scope_names_the_scopes_and_the_setting,
        setup_explains_that_the_classic_hosted_ui_ignores_prompt,
        a_resource_without_a_resource_server_is_named,
        setup_names_an_unregistered_callback,
        setup_names_a_missing_openid_scope,
        setup_names_a_disabled_code_grant,
        setup_names_a_missing_email_claim,
        setup_names_a_wrong_pool_id,
        every_page_is_accessible_and_photographed,
        a_german_browser_gets_german_pages_and_lang_de_photographed,
        every_language_is_accessible_and_fits_a_phone,
        conformance_invalid_iss,
        conformance_invalid_aud,
        conformance_invalid_sig_rs256,
        conformance_idtoken_sig_none,
        conformance_invalid_sig_hs256,
        conformance_kid_absent_multiple_jwks,
        conformance_kid_absent_single_jwks_is_accepted,
        conformance_issued_ten_minutes_ago_is_accepted,
        conformance_signing_key_rotation_refetches_once,
        conformance_missing_iat,
        conformance_iat_in_the_future,
        conformance_expired_exp,
        conformance_missing_sub,
        conformance_nonce_invalid,
        conformance_nonce_missing,
        conformance_invalid_at_hash,
        conformance_token_use_access_in_id_token,
        conformance_access_token_other_client,
        conformance_missing_id_token,
        conformance_token_type_not_bearer,
        conformance_refresh_token_invalid_sub,
        conformance_state_echoed_wrong,
        hanging_token_endpoint_times_out,
        dropped_token_connection_is_explained,
        token_endpoint_500_is_explained,
        throttled_and_blocked_refreshes_keep_every_tab_signed_in,
        throttled_twice_shows_one_notice_and_signs_no_tab_out,
        blocked_past_expiry_shows_cant_reach_then_recovers,
        unreachable_jwks_is_explained,
        offline_sign_in_waits_for_the_connection,
        offline_during_the_token_exchange_is_explained,
        unreachable_discovery_is_explained,
        hanging_api_times_out,
        hostile_claims_and_api_responses_are_text,
        csp_violations_are_reported,
        production_headers_are_in_force,
        each_module_is_downloaded_once,
        a_changed_file_is_refused_whichever_page_loads_first,
        a_webassembly_trap_shows_the_friendly_error_page,
        deployed_at_the_root_signs_in_through_the_rewrite,
        deployed_under_a_sub_path_signs_in,
        the_example_app_guards_pages_and_calls_the_api,
        the_start_page_with_sign_in_options_is_photographed_and_google_signs_in,
        a_company_account_signs_in_by_its_identifier,
        sign_up_with_the_emailed_code_lands_signed_in,
        mfa_with_an_authenticator_code_signs_in,
        a_forced_new_password_then_signs_in,
        a_sign_in_that_takes_forty_minutes_still_completes,
        a_federation_error_shows_our_words_and_the_providers_details,
        a_disabled_users_next_refresh_signs_every_tab_out_with_the_reason,
        cognito_throttling_and_a_wafs_json_403_keep_the_session,
        amplify_outputs_alone_configures_the_app_and_signs_in,
    ];
    let conclusion = libtest_mimic::run(&args, trials);
    drop(driver);
    conclusion.exit();
}
