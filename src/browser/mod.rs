//! The browser shell: everything that touches `window`, `fetch`, storage or
//! WebCrypto. The protocol decisions live in the pure core; this layer only
//! carries them out.

pub mod config;
pub mod crypto;
pub mod http;
pub mod nav;
pub mod panic;
pub mod platform;
pub mod storage;
pub mod tabs;
