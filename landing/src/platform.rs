//! The browser as the landing page uses it: the early `config.json` request,
//! the holder lock's state, the tab channel, `sessionStorage`, navigation,
//! and what starting a sign-in needs (`fetch` for discovery, the clock,
//! randomness). The same behaviour as the full app's browser shell
//! (`src/browser/`), written against `web-sys` directly so the first load
//! carries no HTTP or view library.

use cognito_login_core::config::{Config, ConfigAnswer, ConfigFile, PageLocation};
use cognito_login_core::io::BrowserError;
use cognito_login_core::session::landing::{app_path, CONFIG_GLOBAL};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCache, RequestCredentials, RequestInit, Response, Window};

fn window() -> Window {
    web_sys::window().expect("no window")
}

/// Calls `window[name](arg)` if `boot.js` defined it.
pub fn js_call(name: &str, arg: &JsValue) {
    if let Ok(f) = Reflect::get(&window(), &JsValue::from_str(name)).and_then(JsCast::dyn_into::<Function>) {
        let _ = f.call1(&JsValue::UNDEFINED, arg);
    }
}

/// `performance.mark(name)`: where the landing module's start spends its
/// time, for `./x bench`.
pub fn mark(name: &str) {
    if let Ok(performance) = Reflect::get(&window(), &JsValue::from_str("performance")) {
        if let Ok(f) = Reflect::get(&performance, &JsValue::from_str("mark")).and_then(JsCast::dyn_into::<Function>) {
            let _ = f.call1(&performance, &JsValue::from_str(name));
        }
    }
}

/// Origin and base path, from this module's own `<link rel="preload">` (the
/// same rule as the full app's `browser::nav::page_location`).
pub fn page_location() -> PageLocation {
    let window = window();
    let origin = window.location().origin().unwrap_or_default();
    let module = window
        .document()
        .and_then(|d| d.query_selector(r#"link[rel="preload"][href$=".wasm"]"#).ok().flatten())
        .and_then(|link| link.get_attribute("href"))
        .and_then(|href| web_sys::Url::new_with_base(&href, &origin).ok())
        .map(|u| u.pathname());
    PageLocation::served_from(origin, module.as_deref())
}

/// The configuration, from the request for `config.json` `boot.js` started
/// at once (its answer, read to the end: `{status, text}`); `None` when it
/// cannot be had or is invalid, and when it answered `404` (by
/// `core::config::ConfigFile`'s rule, `amplify_outputs.json` is next: the
/// full app reads that, as translating it here would add about 5 KB to the
/// first load; docs/PERFORMANCE.md "Landing page"). The full app then takes
/// over. The answer is left in place for it.
pub async fn config(page: &PageLocation) -> Option<Config> {
    let early = Reflect::get(&window(), &JsValue::from_str(CONFIG_GLOBAL)).ok()?;
    let answer = JsFuture::from(early.dyn_into::<Promise>().ok()?).await.ok()?;
    let status = Reflect::get(&answer, &JsValue::from_str("status")).ok()?.as_f64()?;
    let text = Reflect::get(&answer, &JsValue::from_str("text")).ok()?.as_string()?;
    match ConfigFile::FIRST.answer(status as u16) {
        ConfigAnswer::Read(ConfigFile::ConfigJson) => Config::from_json(&text, page).ok(),
        _ => None,
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `navigator.locks` (web-sys keeps it behind an unstable flag).
    type LockManager;

    #[wasm_bindgen(method, js_name = query)]
    fn query(this: &LockManager) -> Promise;
}

/// The names of the Web Locks held on the origin (`None` without Web
/// Locks). The query starts at once, so it runs while the caller awaits
/// something else (the configuration, which says which name is ours).
pub fn held_locks() -> impl std::future::Future<Output = Option<Vec<String>>> {
    let query = Reflect::get(&window().navigator(), &JsValue::from_str("locks"))
        .ok()
        .filter(|locks| !locks.is_undefined())
        .map(|locks| JsFuture::from(locks.unchecked_into::<LockManager>().query()));
    async move {
        let snapshot = query?.await.ok()?;
        let held: js_sys::Array = Reflect::get(&snapshot, &JsValue::from_str("held")).ok()?.dyn_into().ok()?;
        let name = JsValue::from_str("name");
        Some(held.iter().filter_map(|lock| Reflect::get(&lock, &name).ok().and_then(|n| n.as_string())).collect())
    }
}

/// Calls `f` on the first message another tab of this app posts on its
/// channel.
pub fn on_sibling_message(channel: &str, f: impl FnOnce() + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(channel) else { return };
    let handler = Closure::once(move |_: web_sys::MessageEvent| f());
    channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    // Kept open for the page's lifetime; the full app opens its own.
    std::mem::forget(channel);
}

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// Sets or clears a non-secret marker (failures ignored, as in the full app).
pub fn set_marker(key: &str, value: Option<&str>) {
    if let Some(storage) = session_storage() {
        let _ = match value {
            Some(v) => storage.set_item(key, v),
            None => storage.remove_item(key),
        };
    }
}

/// Stores `value` under `key`.
pub fn store(key: &str, value: &str) -> Result<(), BrowserError> {
    session_storage()
        .ok_or(BrowserError::StorageUnavailable)?
        .set_item(key, value)
        .map_err(|_| BrowserError::StorageRefused)
}

/// The page's path and query relative to the base path.
pub fn current_app_path() -> String {
    let l = window().location();
    app_path(&page_location().base_path, &l.pathname().unwrap_or_default(), &l.search().unwrap_or_default())
}

/// A query parameter of the current URL.
pub fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().unwrap_or_default();
    cognito_login_core::form::decode_pairs(&search).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// A top-level navigation (to Cognito's hosted UI).
pub fn navigate_to(url: &str) -> Result<(), BrowserError> {
    window().location().assign(url).map_err(|_| BrowserError::NavigationRefused { url: url.to_string() })
}

/// False when the browser knows it has no network.
pub fn is_online() -> bool {
    window().navigator().on_line()
}

/// This device's wall clock, seconds since the epoch.
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Fills `buf` from `crypto.getRandomValues`; `None` without it.
pub fn fill_random(buf: &mut [u8]) -> Option<()> {
    let crypto = window().crypto().ok()?;
    buf.chunks_mut(65536).try_for_each(|chunk| crypto.get_random_values_with_u8_array(chunk).ok().map(drop))
}

/// `GET url` without credentials or caching, giving up after
/// `timeout_secs`: the body of a `200` answer, or `None` (why does not
/// matter here: the full app, taking over, asks again and says why).
pub async fn get(url: &str, timeout_secs: u32) -> Option<String> {
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_credentials(RequestCredentials::Omit);
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(timeout_secs.saturating_mul(1000))));
    let response: Response = JsFuture::from(window().fetch_with_str_and_init(url, &init)).await.ok()?.unchecked_into();
    if response.status() != 200 {
        return None;
    }
    JsFuture::from(response.text().ok()?).await.ok()?.as_string()
}
