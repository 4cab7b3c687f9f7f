//! The Web Locks API: the tab holding the refresh token holds a lock while
//! it does (names from `core::session::landing::Names`), and a page asks
//! which locks are held before it decides anything.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks` (web-sys keeps it behind an unstable flag).
    type LockManager;

    #[wasm_bindgen(method, js_name = request)]
    fn request(this: &LockManager, name: &str, callback: &Function) -> Promise;

    #[wasm_bindgen(method, js_name = query)]
    fn query(this: &LockManager) -> Promise;
}

fn lock_manager() -> Option<LockManager> {
    let locks = Reflect::get(&crate::window().navigator(), &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined()).then(|| locks.unchecked_into())
}

/// The names of the Web Locks held on the origin (`None` without Web
/// Locks). The query starts at once, so it runs while the caller awaits
/// something else (the configuration, which says which name is ours).
pub fn held_locks() -> impl std::future::Future<Output = Option<Vec<String>>> {
    let query = lock_manager().map(|locks| JsFuture::from(locks.query()));
    async move {
        let snapshot = query?.await.ok()?;
        let held: js_sys::Array = Reflect::get(&snapshot, &JsValue::from_str("held")).ok()?.dyn_into().ok()?;
        let name = JsValue::from_str("name");
        Some(held.iter().filter_map(|lock| Reflect::get(&lock, &name).ok().and_then(|n| n.as_string())).collect())
    }
}

/// Whether any tab of the origin holds the named lock; `None` when that
/// cannot be told (no Web Locks).
pub async fn lock_held(name: &str) -> Option<bool> {
    Some(held_locks().await?.iter().any(|held| held == name))
}

/// A named lock held until [`LockHold::release`] (or until the page goes
/// away).
pub struct LockHold {
    release: Function,
}

impl LockHold {
    /// Asks for the named lock and keeps it once granted (queued behind
    /// another holder meanwhile). `None` without Web Locks.
    pub fn take(name: &str) -> Option<LockHold> {
        let locks = lock_manager()?;
        let mut release = None;
        let held = Promise::new(&mut |resolve, _reject| release = Some(resolve));
        let callback = Closure::once_into_js(move |_lock: JsValue| -> Promise { held });
        let _ = locks.request(name, callback.unchecked_ref());
        release.map(|release| LockHold { release })
    }

    /// Lets the lock go.
    pub fn release(&self) {
        let _ = self.release.call0(&JsValue::UNDEFINED);
    }
}
