//! The setup checker's test sign-in: its progress in a non-secret
//! `sessionStorage` marker, kept across the redirects to Cognito and back.

use cognito_login_core::auth::AuthError;
use cognito_login_core::setup::{SetupProgress, Stage, TestSignIn};

use crate::browser::storage;

/// Starts a test (the caller then signs in with `prompt=login`).
pub fn start() {
    let started = SetupProgress::started(crate::browser::nav::now());
    storage::set_marker(storage::SETUP_TEST_KEY, Some(&started.to_json()));
}

/// Forgets any test (an ordinary sign-in started).
pub fn clear() {
    storage::set_marker(storage::SETUP_TEST_KEY, None);
}

/// The test's progress, if one is running.
pub fn progress() -> Option<SetupProgress> {
    storage::marker(storage::SETUP_TEST_KEY).as_deref().and_then(SetupProgress::from_json)
}

/// True while a test is running.
pub fn running() -> bool {
    progress().is_some()
}

fn update(change: impl FnOnce(&mut SetupProgress)) {
    if let Some(mut p) = progress() {
        change(&mut p);
        storage::set_marker(storage::SETUP_TEST_KEY, Some(&p.to_json()));
    }
}

/// Cognito sent the browser back to the callback.
pub fn reached_callback() {
    update(|p| p.stage = p.stage.max(Stage::CallbackReached));
}

/// The callback's outcome: what the sign-in showed, or the error.
pub fn record(outcome: Result<TestSignIn, &AuthError>) {
    update(|p| p.finish(outcome));
}
