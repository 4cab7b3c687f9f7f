//! Several tabs of one origin: a `BroadcastChannel` to hand the ID and
//! access tokens to other tabs memory-to-memory (nothing at rest) and to
//! sign out everywhere, and the Web Locks API: the tab holding the refresh
//! token holds a lock while it does, and refreshes run under another.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use cognito_login_core::session::landing::CHANNEL;

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

/// Runs `task` while holding the named lock across every tab of the origin
/// (without Web Locks support, it just runs). `None` if the task could not
/// complete inside the lock.
pub async fn with_lock<F, Fut, T>(name: &str, task: F) -> Option<T>
where
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = T> + 'static,
    T: 'static,
{
    let Some(locks) = lock_manager() else {
        return Some(task().await);
    };
    let slot: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let task = Rc::new(RefCell::new(Some(task)));
    let (out, in_lock) = (slot.clone(), task.clone());
    let callback = Closure::once(move |_lock: JsValue| -> Promise {
        let task = in_lock.borrow_mut().take();
        future_to_promise(async move {
            if let Some(task) = task {
                *out.borrow_mut() = Some(task().await);
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    let granted = locks.request(name, callback.as_ref().unchecked_ref());
    let _ = JsFuture::from(granted).await;
    drop(callback);
    let result = slot.borrow_mut().take();
    if result.is_some() {
        return result;
    }
    // The lock was never granted (the request failed): run without it.
    let task = task.borrow_mut().take();
    match task {
        Some(task) => Some(task().await),
        None => None,
    }
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

/// A random id for a message on the channel (a `hello`, a barrier marker):
/// unique across tabs; an integer, because formatting an f64 would add
/// kilobytes. Not a secret (any script of the origin sees the channel).
pub fn random_id() -> u64 {
    (js_sys::Math::random() * 9.0e15) as u64
}

/// The tab channel.
#[derive(Clone)]
pub struct TabChannel {
    channel: Rc<web_sys::BroadcastChannel>,
    /// The latest barrier markers received (this tab's and others').
    markers: Rc<RefCell<Vec<String>>>,
}

/// How a barrier marker starts (never valid JSON, so no tab mistakes it for
/// a message).
const BARRIER: &str = "barrier:";

impl TabChannel {
    /// Opens the channel and calls `on_message` with each message's text.
    pub fn open(on_message: impl Fn(String) + 'static) -> Option<TabChannel> {
        let channel = web_sys::BroadcastChannel::new(CHANNEL).ok()?;
        let markers: Rc<RefCell<Vec<String>>> = Rc::default();
        let seen = markers.clone();
        let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let Some(text) = event.data().as_string() else { return };
            if text.starts_with(BARRIER) {
                let mut list = seen.borrow_mut();
                if list.len() >= 16 {
                    list.remove(0);
                }
                list.push(text);
                return;
            }
            on_message(text);
        });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
        Some(TabChannel { channel: Rc::new(channel), markers })
    }

    /// Sends a message to every other tab of the origin.
    pub fn post(&self, text: &str) {
        let _ = self.channel.post_message(&JsValue::from_str(text));
    }

    /// Waits until the messages other tabs posted before now have reached
    /// this tab: posts a marker from a second channel object of this tab and
    /// waits for this one to receive it (a sibling that refreshed posted its
    /// tokens before it released the refresh lock; this tab holds the lock
    /// now, so that message comes before the marker). Gives up after
    /// `timeout_ms` (the marker cannot arrive, e.g. the channel failed).
    pub async fn barrier(&self, timeout_ms: i32) {
        // Unique across tabs: another tab's marker must not end our wait.
        let id = format!("{BARRIER}{}", random_id());
        let Ok(sender) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
        let _ = sender.post_message(&JsValue::from_str(&id));
        sender.close();
        let mut waited = 0;
        while waited < timeout_ms && !self.markers.borrow().contains(&id) {
            crate::browser::nav::sleep(5).await;
            waited += 5;
        }
    }
}
