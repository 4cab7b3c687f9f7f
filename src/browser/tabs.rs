//! Several tabs of one app: a `BroadcastChannel` to hand the ID and access
//! tokens to other tabs memory-to-memory (nothing at rest) and to sign out
//! everywhere, and the Web Locks API: the tab holding the refresh token
//! holds a lock while it does. The names come from
//! `core::session::landing::Names` (one set per deployment).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

pub use cognito_login_platform::locks::{lock_held, LockHold};

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
