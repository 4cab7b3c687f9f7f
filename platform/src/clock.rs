//! Clocks: the wall clock (for token times), the monotonic clock (for
//! scheduling: the wall clock can jump), and performance marks.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Seconds since the epoch, from this device's clock.
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Milliseconds on the monotonic clock (`performance.now()`).
pub fn mono_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// `performance.mark(name)`: where a start spends its time, for `./x bench`.
/// Silent where marks are missing.
pub fn mark(name: &str) {
    if let Ok(performance) = Reflect::get(&crate::window(), &JsValue::from_str("performance")) {
        if let Ok(f) = Reflect::get(&performance, &JsValue::from_str("mark")).and_then(JsCast::dyn_into::<Function>) {
            let _ = f.call1(&performance, &JsValue::from_str(name));
        }
    }
}
