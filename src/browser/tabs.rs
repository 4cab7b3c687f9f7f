//! Several tabs of one app: a `BroadcastChannel` to hand the ID and access
//! tokens to other tabs memory-to-memory (nothing at rest) and to sign out
//! everywhere, and the Web Locks API: the tab holding the refresh token
//! holds a lock while it does. The names come from
//! `core::session::landing::Names` (one set per deployment).

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
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined()).then(|| locks.unchecked_into())
}

/// Whether any tab of the origin holds the named lock; `None` when that
/// cannot be told (no Web Locks).
pub async fn lock_held(name: &str) -> Option<bool> {
    let snapshot = JsFuture::from(lock_manager()?.query()).await.ok()?;
    let held = Reflect::get(&snapshot, &"held".into()).ok()?;
    let held: js_sys::Array = held.dyn_into().ok()?;
    Some(
        held.iter()
            .any(|lock| Reflect::get(&lock, &"name".into()).ok().and_then(|n| n.as_string()).as_deref() == Some(name)),
    )
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

/// The tab channel.
pub struct TabChannel {
    channel: web_sys::BroadcastChannel,
}

impl TabChannel {
    /// Opens the channel `name` and calls `on_message` with each message's
    /// text.
    pub fn open(name: &str, on_message: impl Fn(String) + 'static) -> Option<TabChannel> {
        let channel = web_sys::BroadcastChannel::new(name).ok()?;
        let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if let Some(text) = event.data().as_string() {
                on_message(text);
            }
        });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
        Some(TabChannel { channel })
    }

    /// Sends a message to every other tab of the app.
    pub fn post(&self, text: &str) {
        let _ = self.channel.post_message(&JsValue::from_str(text));
    }
}
