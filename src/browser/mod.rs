//! The browser shell: everything that touches `window`, `fetch` or storage.

pub mod config;
