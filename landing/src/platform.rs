//! The browser as the landing page uses it: the early `config.json` request,
//! the holder lock's state, the tab channel, `sessionStorage`, navigation,
//! and the session engine's platform (`fetch`, clocks, randomness). The
//! same behaviour as the full app's browser shell (`src/browser/`), written
//! against `web-sys` directly so the first load carries no HTTP or view
//! library.

use cognito_login_core::auth::jwt::{JwtError, RsaJwk};
use cognito_login_core::auth::token::FormPost;
use cognito_login_core::config::{Config, PageLocation};
use cognito_login_core::io::{BrowserError, HttpAnswer, NetError};
use cognito_login_core::session::landing::{app_path, CONFIG_GLOBAL};
use cognito_login_core::session::{Clock, Http, Random, Verifier};
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

/// The configuration, from the request `boot.js` started at once (its
/// answer, read to the end: `{status, text}`); `None` when it cannot be had
/// or is invalid (the full app then explains why). The answer is left in
/// place for the full app.
pub async fn config(page: &PageLocation) -> Option<Config> {
    let early = Reflect::get(&window(), &JsValue::from_str(CONFIG_GLOBAL)).ok()?;
    let answer = JsFuture::from(early.dyn_into::<Promise>().ok()?).await.ok()?;
    let status = Reflect::get(&answer, &JsValue::from_str("status")).ok()?.as_f64()?;
    let text = Reflect::get(&answer, &JsValue::from_str("text")).ok()?.as_string()?;
    if status != 200.0 {
        return None;
    }
    Config::from_json(&text, page).ok()
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

/// The session engine's platform on the landing page. Only the start of a
/// sign-in runs here (with discovery when the configuration names no
/// domain); tokens are never handled on this page.
pub struct LandingPlatform {
    /// Every request gives up after this many seconds.
    pub timeout_secs: u32,
}

impl LandingPlatform {
    /// A request without credentials or caching, with the timeout; the
    /// whole answer, or why there was none.
    async fn send(&self, url: &str, init: RequestInit) -> Result<HttpAnswer, NetError> {
        init.set_credentials(RequestCredentials::Omit);
        init.set_cache(RequestCache::NoStore);
        init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(self.timeout_secs.saturating_mul(1000))));
        // The same words and rule as the full app's `browser::http`.
        let failed = |e: JsValue| {
            let text = match e.dyn_ref::<js_sys::Error>() {
                Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
                None => e.as_string().unwrap_or_else(|| "the request failed".into()),
            };
            NetError::from_failure(self.is_online(), text, self.timeout_secs)
        };
        let response: Response =
            JsFuture::from(window().fetch_with_str_and_init(url, &init)).await.map_err(failed)?.unchecked_into();
        let body = JsFuture::from(response.text().map_err(failed)?).await.map_err(failed)?;
        Ok(HttpAnswer::new(response.status(), body.as_string().unwrap_or_default()))
    }
}

impl Http for LandingPlatform {
    async fn get(&self, url: &str) -> Result<HttpAnswer, NetError> {
        let init = RequestInit::new();
        init.set_method("GET");
        self.send(url, init).await
    }

    async fn post_form(&self, post: &FormPost) -> Result<HttpAnswer, NetError> {
        let init = RequestInit::new();
        init.set_method("POST");
        let headers = web_sys::Headers::new().map_err(|_| NetError::Failed("no Headers".into()))?;
        let _ = headers.set("Content-Type", "application/x-www-form-urlencoded");
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(&post.body));
        self.send(&post.url, init).await
    }

    fn is_online(&self) -> bool {
        window().navigator().on_line()
    }
}

impl Verifier for LandingPlatform {
    /// Tokens are never validated on the landing page (the callback is the
    /// full app's): nothing here can verify a signature.
    async fn verify_rs256(&self, _: &RsaJwk, _: &[u8], _: &[u8]) -> Result<bool, JwtError> {
        Err(JwtError::Crypto("signatures are checked by the full app, not the landing page".into()))
    }
}

impl Clock for LandingPlatform {
    fn now_secs(&self) -> i64 {
        (js_sys::Date::now() / 1000.0) as i64
    }

    fn mono_ms(&self) -> f64 {
        window().performance().map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
    }
}

impl Random for LandingPlatform {
    fn fill(&self, buf: &mut [u8]) -> Result<(), BrowserError> {
        let crypto = window().crypto().map_err(|_| BrowserError::CryptoUnavailable)?;
        for chunk in buf.chunks_mut(65536) {
            crypto.get_random_values_with_u8_array(chunk).map_err(|_| BrowserError::CryptoUnavailable)?;
        }
        Ok(())
    }
}
