//! A panic hook that shows a friendly error instead of a frozen page: a
//! panic stops the WebAssembly, so the page cannot go on; it says so and
//! offers a reload. The console gets the location only: no payload, so no
//! value can leak from a panic message. The shipped release build aborts at
//! once without running this hook (`-Cpanic=immediate-abort`, for size):
//! there `boot.js` shows the same page when the WebAssembly traps.

/// Replaces the content of `target` (the page's body) with a calm error and
/// a reload link (plain HTML: the WebAssembly instance is about to stop).
pub(crate) fn show_fatal_error(target: &web_sys::Element) {
    target.set_inner_html(
        "<main class=\"content\"><section class=\"card error\" role=\"alert\">\
         <h1>Something went wrong</h1>\
         <p>This page hit an unexpected problem and stopped. Nothing was saved; reloading starts it again.</p>\
         <p><a class=\"button primary\" href=\"\">Reload the page</a></p>\
         </section></main>",
    );
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
