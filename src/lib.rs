//! `cognito-login`: a Leptos (client-side rendered) login front end for
//! Amazon Cognito.
//!
//! Layers, each importing only the ones below it:
//! - [`ui`]: the login page's pages and widgets;
//! - [`components`]: for your own Leptos app: a provider that loads
//!   `config.json` and handles the callback, `<SignedIn>`, `<SignedOut>`,
//!   and route guards (`<RequireAuth>`, `<RequireGroup>`);
//! - [`session`]: the auth handle in Leptos context (sign-in, callback,
//!   sign-out; tokens in memory);
//! - [`browser`]: the browser shell (config loading, HTTP, storage,
//!   WebCrypto, navigation);
//! - [`core`] (the `cognito-login-core` crate): the pure protocol core.

pub mod browser;
pub mod components;
pub mod session;
pub mod ui;

pub use cognito_login_core as core;
