//! The address bar, the page's location and the clock.

use cognito_login_core::config::PageLocation;
use cognito_login_core::io::BrowserError;

/// Seconds since the epoch, from the browser's clock.
pub(crate) fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Milliseconds on the monotonic clock (`performance.now()`): for
/// scheduling, because the wall clock can jump.
pub fn mono_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// Waits `ms` milliseconds (a `setTimeout` promise).
pub(crate) async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Calls `f` whenever timers may have drifted: the page becomes visible,
/// the window gains focus, or the network comes back. For the page's life.
pub(crate) fn on_wake(f: impl Fn() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    let f = std::rc::Rc::new(f);
    let visible = f.clone();
    let on_visibility = Closure::<dyn Fn()>::new(move || {
        let hidden = web_sys::window().and_then(|w| w.document()).map(|d| d.hidden()).unwrap_or(false);
        if !hidden {
            visible();
        }
    });
    if let Some(document) = window.document() {
        let _ = document.add_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
    }
    on_visibility.forget();
    for event in ["focus", "online"] {
        let f = f.clone();
        let listener = Closure::<dyn Fn()>::new(move || f());
        let _ = window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        listener.forget();
    }
}

/// Calls `f` when the page is going away (`pagehide`: closed, reloaded, or
/// navigated). `f` must do its work at once: nothing asynchronous runs after.
pub(crate) fn on_page_hide(f: impl Fn() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    let listener = Closure::<dyn Fn()>::new(f);
    let _ = window.add_event_listener_with_callback("pagehide", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// False when the browser knows it has no network (`navigator.onLine`).
pub(crate) fn is_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

fn location() -> web_sys::Location {
    web_sys::window().expect("no window").location()
}

/// Where the page runs: origin and base path. The base path is the folder
/// the page's preloaded WebAssembly is served from (the build writes it, with
/// its `public_url`, into the `<link rel="preload">`; for the login page that
/// is the landing module's, in the same folder as the full app's), so
/// sub-path hosting works without a `<base href>`, which the strict CSP's
/// `base-uri 'none'` refuses.
pub fn page_location() -> PageLocation {
    let window = web_sys::window().expect("no window");
    let origin = window.location().origin().unwrap_or_default();
    let module = window
        .document()
        .and_then(|d| d.query_selector(r#"link[rel="preload"][href$=".wasm"]"#).ok().flatten())
        .and_then(|link| link.get_attribute("href"))
        .and_then(|href| web_sys::Url::new_with_base(&href, &origin).ok())
        .map(|u| u.pathname());
    PageLocation::served_from(origin, module.as_deref())
}

/// The folder the app is served from, e.g. `/` or `/login/` (see
/// [`page_location`]); read once.
pub(crate) fn base_path() -> String {
    thread_local! {
        static BASE: String = page_location().base_path;
    }
    BASE.with(Clone::clone)
}

/// The router's base (`<Router base=…>`): the folder the app is served
/// from (see [`page_location`]) without its trailing `/`, empty at the site
/// root.
pub fn router_base() -> String {
    base_path().trim_end_matches('/').to_string()
}

/// An app path (`/api`) as a link under the base path (`/login/api`).
pub fn href(app_path: &str) -> String {
    format!("{}/{}", router_base(), app_path.trim_start_matches('/'))
}

/// The current path and query relative to the base path, e.g.
/// `/reports/q?x=1` for `/login/reports/q?x=1`: what the app's routes and
/// return paths use.
pub fn current_path_and_query() -> String {
    let l = location();
    cognito_login_core::session::landing::app_path(
        &base_path(),
        &l.pathname().unwrap_or_default(),
        &l.search().unwrap_or_default(),
    )
}

/// The URL's path and query (with its `?`), as they are.
pub(crate) fn pathname_and_query() -> (String, String) {
    let l = location();
    (l.pathname().unwrap_or_default(), l.search().unwrap_or_default())
}

/// Removes the query from the address bar and from history (no
/// navigation), e.g. the callback's `code` and `state` (RFC 9700 §4.3).
pub(crate) fn clear_query() {
    let path = location().pathname().unwrap_or_else(|_| "/".into());
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// A top-level navigation to another site (Cognito's hosted UI).
pub(crate) fn navigate_to(url: &str) -> Result<(), BrowserError> {
    location().assign(url).map_err(|_| BrowserError::NavigationRefused { url: url.to_string() })
}

/// Why the landing module handed the page over to the full app, if it did
/// (`boot.js` puts it in `window[HANDOVER_GLOBAL]`); read once.
pub(crate) fn take_handover() -> Option<cognito_login_core::session::landing::Handover> {
    use cognito_login_core::session::landing::{Handover, HANDOVER_GLOBAL};
    Handover::parse(&crate::browser::take_global(HANDOVER_GLOBAL)?.as_string()?)
}
