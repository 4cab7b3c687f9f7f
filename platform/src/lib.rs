//! The browser as both WebAssembly modules of the login page use it: the
//! full app's shell (`src/browser/`, which re-exports and builds on this)
//! and the landing module (`landing/`, the first load). One copy of each
//! thing the two need, written against `web-sys` directly: no HTTP, JSON
//! or view library, so the landing module pays only for what it calls
//! (docs/PERFORMANCE.md "Landing page").
//!
//! Decisions stay in the pure core (`cognito-login-core`); this crate only
//! carries them out.

pub mod clock;
pub mod globals;
pub mod http;
pub mod language;
pub mod location;
pub mod locks;
pub mod random;
pub mod storage;

/// The page's `window` (there is always one where these modules run).
pub fn window() -> web_sys::Window {
    web_sys::window().expect("no window")
}
