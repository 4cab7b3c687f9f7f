//! The browser shell: everything that touches `window`, `fetch`, storage or
//! WebCrypto. The protocol decisions live in the pure core; this layer only
//! carries them out.

pub mod config;
pub(crate) mod crypto;
pub(crate) mod http;
pub mod nav;
pub mod panic;
pub(crate) mod platform;
pub(crate) mod storage;
pub(crate) mod tabs;

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
