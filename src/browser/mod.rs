//! The browser shell: everything that touches `window`, `fetch`, storage or
//! WebCrypto. The protocol decisions live in the pure core; this layer only
//! carries them out. What the landing module needs too (the page's
//! location, storage, clocks, random bytes, Web Locks, `fetch`, `boot.js`'s
//! globals) is one copy in the shared browser crate, `cognito-login-platform`,
//! which these modules re-export or build on.

pub mod config;
pub(crate) mod crypto;
pub(crate) mod http;
/// The page's language (`navigator.languages`, `<html lang>`).
pub(crate) use cognito_login_platform::language;
pub mod nav;
pub mod panic;
pub(crate) mod storage;
pub(crate) mod tabs;

/// Takes `window[name]`, which `boot.js` left for the app, and deletes it:
/// read once.
pub(crate) use cognito_login_platform::globals::take_global;

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
