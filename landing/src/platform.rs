//! What only the landing module does with the browser: read `boot.js`'s
//! early `config.json` answer as a `Config` (or give up), fetch discovery
//! without saying why it failed, and listen for the first word of a sibling
//! tab. Everything else is the shared browser crate's
//! (`cognito-login-platform`, also under the full app's `src/browser/`).

use cognito_login_core::config::{Config, ConfigAnswer, ConfigFile, PageLocation};
use cognito_login_core::session::landing::CONFIG_GLOBAL;
use cognito_login_platform::globals::{early_answer, global};
use cognito_login_platform::http::fetch_get;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The configuration, from the request for `config.json` `boot.js` started
/// at once; `None` when it cannot be had or is invalid, and when it answered
/// `404` (by `core::config::ConfigFile`'s rule, `amplify_outputs.json` is
/// next: the full app reads that, as translating it here would add about
/// 5 KB to the first load; docs/PERFORMANCE.md "Landing page"). The full app
/// then takes over. The answer is left in place for it.
pub async fn config(page: &PageLocation) -> Option<Config> {
    let (status, text) = early_answer(global(CONFIG_GLOBAL)?.dyn_into().ok()?).await.ok()?;
    match ConfigFile::FIRST.answer(status) {
        ConfigAnswer::Read(ConfigFile::ConfigJson) => Config::from_json(&text, page).ok(),
        _ => None,
    }
}

/// `GET url` without credentials or caching, giving up after
/// `timeout_secs`: the body of a `200` answer, or `None` (why does not
/// matter here: the full app, taking over, asks again and says why, so the
/// failure's wording stays out of the first load).
pub async fn get(url: &str, timeout_secs: u32) -> Option<String> {
    let answer = fetch_get(url, timeout_secs).await.ok()?;
    (answer.status == 200).then_some(answer.body)
}

/// Calls `f` on the first message another tab of this app posts on its
/// channel (the full app opens its own channel, `browser::tabs::TabChannel`).
pub fn on_sibling_message(channel: &str, f: impl FnOnce() + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(channel) else { return };
    let handler = Closure::once(move |_: web_sys::MessageEvent| f());
    channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    // Kept open for the page's lifetime.
    std::mem::forget(channel);
}
