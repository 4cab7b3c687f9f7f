//! The address bar, the page's location and the clock.

pub use cognito_login_platform::clock::mono_now;
pub(crate) use cognito_login_platform::clock::now_secs as now;
/// Where the page runs: origin and base path (the folder the page's
/// preloaded WebAssembly is served from; see
/// `cognito_login_platform::location::page_location`).
pub use cognito_login_platform::location::page_location;
pub(crate) use cognito_login_platform::location::{is_online, navigate_to, pathname_and_query};

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
    cognito_login_platform::location::app_path_here(&base_path())
}

/// Removes the query from the address bar and from history (no
/// navigation), e.g. the callback's `code` and `state` (RFC 9700 §4.3).
pub(crate) fn clear_query() {
    let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_else(|| "/".into());
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// Why the landing module handed the page over to the full app, if it did
/// (`boot.js` puts it in `window[HANDOVER_GLOBAL]`); read once.
pub(crate) fn take_handover() -> Option<cognito_login_core::session::landing::Handover> {
    use cognito_login_core::session::landing::{Handover, HANDOVER_GLOBAL};
    Handover::parse(&crate::browser::take_global(HANDOVER_GLOBAL)?.as_string()?)
}
