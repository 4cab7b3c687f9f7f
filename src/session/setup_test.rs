//! The login page's setup checker (not for apps: hidden from the docs):
//! its test sign-in's progress in a non-secret `sessionStorage` marker,
//! kept across the redirects to Cognito and back, and the user pool's
//! discovery document as the browser gets it.

use cognito_login_core::auth::endpoints::discovery_url;
use cognito_login_core::auth::AuthError;
use cognito_login_core::config::Config;
use cognito_login_core::io::{HttpAnswer, NetError};
use cognito_login_core::setup::{SetupProgress, Stage, TestSignIn};

use cognito_login_core::session::landing::Names;

use super::Auth;
use crate::browser::storage;

/// The page the test reports on, where the callback returns to.
const PAGE: &str = "/setup";

/// The marker's key (none before the configuration has loaded).
fn key(auth: &Auth) -> Option<String> {
    auth.driver().map(|d| d.names().setup_test.clone())
}

/// Starts a test and its sign-in with `prompt=login`.
pub fn start(auth: &Auth) {
    let Some(key) = key(auth) else { return };
    let started = SetupProgress::started(crate::browser::nav::now());
    storage::set_marker(&key, Some(&started.to_json()));
    auth.sign_in_with_prompt(PAGE, "login");
}

/// Forgets any test (an ordinary sign-in started).
pub(crate) fn clear(auth: &Auth) {
    if let Some(key) = key(auth) {
        storage::set_marker(&key, None);
    }
}

/// Where the callback goes once the sign-in is done: the checker's page
/// while its test runs (also when the sign-in failed), else `path`.
pub(crate) fn destination(names: &Names, path: String) -> String {
    if read(&names.setup_test).is_some() {
        PAGE.to_string()
    } else {
        path
    }
}

fn read(key: &str) -> Option<SetupProgress> {
    storage::marker(key).as_deref().and_then(SetupProgress::from_json)
}

/// The test's progress, if one is running.
pub fn progress(auth: &Auth) -> Option<SetupProgress> {
    read(&key(auth)?)
}

fn update(key: &str, change: impl FnOnce(&mut SetupProgress)) {
    if let Some(mut p) = read(key) {
        change(&mut p);
        storage::set_marker(key, Some(&p.to_json()));
    }
}

/// Cognito sent the browser back to the callback.
pub(crate) fn reached_callback(auth: &Auth) {
    if let Some(key) = key(auth) {
        update(&key, |p| p.stage = p.stage.max(Stage::CallbackReached));
    }
}

/// The callback's outcome: what the sign-in showed, or the error.
pub(crate) fn record(names: &Names, outcome: Result<TestSignIn, AuthError>) {
    update(&names.setup_test, |p| p.finish(outcome.as_ref().copied()));
}

/// Fetches the user pool's OpenID discovery document as the app would (no
/// credentials, the configured timeout): its URL and the answer, for
/// `core::setup::discovery_findings`.
pub async fn fetch_discovery(config: &Config) -> (String, Result<HttpAnswer, NetError>) {
    let url = discovery_url(&config.issuer);
    let answer = crate::browser::http::get(&url, config.network_timeout_seconds).await;
    (url, answer)
}
