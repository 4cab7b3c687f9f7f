//! `sessionStorage`: the pending login (it must survive the redirect to
//! Cognito) and non-secret markers. Tokens are never written to any storage.

use cognito_login_core::io::BrowserError;

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

/// Writes `value` under `key`, or says why it could not (the pending
/// login must be saved before leaving for Cognito).
pub fn save(key: &str, value: &str) -> Result<(), BrowserError> {
    session_storage()?.set_item(key, value).map_err(|_| BrowserError::StorageRefused)
}
