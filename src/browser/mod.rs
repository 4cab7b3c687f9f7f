//! The browser shell: everything that touches `window`, `fetch`, storage or
//! WebCrypto. The protocol decisions live in the pure core; this layer only
//! carries them out.

pub mod config;
pub(crate) mod crypto;
pub(crate) mod http;
pub mod nav;
pub mod panic;
pub(crate) mod storage;
pub(crate) mod tabs;

/// Takes `window[name]`, which `boot.js` left for the app, and deletes it:
/// read once.
pub(crate) fn take_global(name: &str) -> Option<wasm_bindgen::JsValue> {
    let window = web_sys::window()?;
    let key = wasm_bindgen::JsValue::from_str(name);
    let value = js_sys::Reflect::get(&window, &key).ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    (!value.is_undefined()).then_some(value)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
