//! A panic hook that shows a friendly error instead of a frozen page: a
//! panic stops the WebAssembly, so the page cannot go on; it says so and
//! offers a reload. The console gets the location only: no payload, so no
//! value can leak from a panic message. The shipped release build aborts at
//! once without running this hook (`-Cpanic=immediate-abort`, for size):
//! there `boot.js` shows the page when the WebAssembly traps.
//!
//! The page itself is `boot.js`'s (one copy, for both modules and both
//! kinds of build): this calls it through `window[FATAL_GLOBAL]`.

use cognito_login_core::session::landing::FATAL_GLOBAL;

/// Replaces the content of `target` (the page's body) with `boot.js`'s calm
/// error and reload link (plain DOM: the WebAssembly instance is about to
/// stop). Nothing without `boot.js` (a page that does not load through it).
pub(crate) fn show_fatal_error(target: &web_sys::Element) {
    cognito_login_platform::globals::call_global(FATAL_GLOBAL, target);
}

/// Installs the hook.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        web_sys::console::error_1(&format!("cognito-login stopped after an internal error at {location}").into());
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            show_fatal_error(&body);
        }
    }));
}
