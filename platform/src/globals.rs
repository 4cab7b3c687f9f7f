//! The globals `boot.js` shares with the modules (`window[name]`, names in
//! `core::session::landing`): the early `config.json` answer, the hand-over
//! reason, the functions that start or prefetch the full app, the fatal
//! page.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `window[name]`, if set.
pub fn global(name: &str) -> Option<JsValue> {
    let value = Reflect::get(&crate::window(), &JsValue::from_str(name)).ok()?;
    (!value.is_undefined()).then_some(value)
}

/// Takes `window[name]` and deletes it: read once.
pub fn take_global(name: &str) -> Option<JsValue> {
    let value = global(name)?;
    let _ = Reflect::delete_property(&crate::window(), &JsValue::from_str(name));
    Some(value)
}

/// Calls `window[name](arg)`; false when `boot.js` defined no such function.
pub fn call_global(name: &str, arg: &JsValue) -> bool {
    match global(name).and_then(|f| f.dyn_into::<Function>().ok()) {
        Some(f) => {
            let _ = f.call1(&JsValue::UNDEFINED, arg);
            true
        }
        None => false,
    }
}

/// Why `boot.js`'s early `config.json` answer could not be read.
#[derive(Debug)]
pub enum EarlyAnswerError {
    /// The request failed (the browser's error, for
    /// [`crate::http::describe_js`]).
    Rejected(JsValue),
    /// The promise settled without `{status, text}`.
    Malformed,
}

/// The answer `boot.js` read for the `config.json` it requested at once (a
/// promise of `{status, text}`, in `window[CONFIG_GLOBAL]`): its status and
/// text.
pub async fn early_answer(promise: Promise) -> Result<(u16, String), EarlyAnswerError> {
    let answer = JsFuture::from(promise).await.map_err(EarlyAnswerError::Rejected)?;
    let field = |name: &str| Reflect::get(&answer, &JsValue::from_str(name)).ok();
    match (field("status").and_then(|s| s.as_f64()), field("text").and_then(|t| t.as_string())) {
        (Some(status), Some(text)) => Ok((status as u16, text)),
        _ => Err(EarlyAnswerError::Malformed),
    }
}
