//! The address bar and the clock.

/// Seconds since the epoch, from the browser's clock.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

fn location() -> web_sys::Location {
    web_sys::window().expect("no window").location()
}

/// The current path and query, e.g. `/reports/q?x=1`.
pub fn current_path_and_query() -> String {
    let l = location();
    format!("{}{}", l.pathname().unwrap_or_default(), l.search().unwrap_or_default())
}

/// The current query string, with its `?`.
pub fn current_query() -> String {
    location().search().unwrap_or_default()
}

/// A query parameter of the current URL.
pub fn query_param(name: &str) -> Option<String> {
    cognito_login_core::form::decode_pairs(&current_query()).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// Replaces the current history entry's URL (no navigation), e.g. to drop
/// `code` and `state` from the address bar and history (RFC 9700 §4.3).
pub fn replace_url(path: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
}

/// A top-level navigation to another site (Cognito's hosted UI).
pub fn navigate_to(url: &str) -> Result<(), String> {
    location().assign(url).map_err(|_| format!("the browser refused to open {url}"))
}
