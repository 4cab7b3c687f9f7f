//! `cognito-login`: a Leptos (client-side rendered) login front end for
//! Amazon Cognito.
//!
//! The login page this repository deploys (the binary, `src/main.rs` and
//! `src/ui/`) is built on this library's public API only, like any app.
//!
//! Layers, each importing only the ones below it:
//! - [`components`]: for your own Leptos app: a provider that loads
//!   `config.json` and handles the callback, `<SignedIn>`, `<SignedOut>`,
//!   route guards (`<RequireAuth>`, `<RequireGroup>`), and the sign-in
//!   alert and session notices;
//! - [`session`]: the auth handle in Leptos context (sign-in, callback,
//!   sign-out; tokens in memory);
//! - [`browser`]: the browser shell (config loading, HTTP, storage,
//!   WebCrypto, navigation);
//! - [`core`] (the `cognito-login-core` crate): the pure protocol core.

pub mod browser;
pub mod components;
pub mod session;

pub use cognito_login_core as core;
