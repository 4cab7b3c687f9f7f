//! `sessionStorage`, for the pending login only (it must survive the
//! redirect to Cognito). Tokens are never written to any storage.

use cognito_login_core::auth::login::PendingLogin;
use cognito_login_core::io::BrowserError;

pub use cognito_login_core::session::landing::{PENDING_LOGIN_KEY, RESTORE_ATTEMPT_KEY, SETUP_TEST_KEY, SIGNED_IN_KEY};

fn session_storage() -> Result<web_sys::Storage, BrowserError> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten()).ok_or(BrowserError::StorageUnavailable)
}

/// Sets or clears a non-secret marker. Failures are ignored: markers only
/// make reloads smoother.
pub fn set_marker(key: &str, value: Option<&str>) {
    if let Ok(storage) = session_storage() {
        let _ = match value {
            Some(v) => storage.set_item(key, v),
            None => storage.remove_item(key),
        };
    }
}

/// Reads a non-secret marker.
pub fn marker(key: &str) -> Option<String> {
    session_storage().ok()?.get_item(key).ok().flatten()
}

/// Saves the pending login, replacing any earlier one.
pub fn save_pending_login(pending: &PendingLogin) -> Result<(), BrowserError> {
    session_storage()?.set_item(PENDING_LOGIN_KEY, &pending.to_json()).map_err(|_| BrowserError::StorageRefused)
}

/// Takes the pending login out of storage: read once, deleted at once, so a
/// replayed callback finds nothing.
pub fn take_pending_login() -> Result<Option<PendingLogin>, BrowserError> {
    let storage = session_storage()?;
    let text = storage.get_item(PENDING_LOGIN_KEY).ok().flatten();
    let _ = storage.remove_item(PENDING_LOGIN_KEY);
    Ok(text.as_deref().and_then(PendingLogin::from_json))
}
