//! The pure protocol core of `cognito-login`.
//!
//! Nothing here touches the browser: no `web_sys`, `gloo`, `wasm_bindgen` or
//! `leptos`. Everything that needs the outside world (the clock, randomness,
//! HTTP, signature verification) is passed in, so the whole core is tested
//! natively with `cargo test`.

pub mod auth;
pub mod config;
pub mod csp;
pub mod form;
pub mod fuzzing;
pub mod io;
pub mod json;
pub mod language;
pub mod report;
pub mod session;
pub mod setup;
pub mod url;
pub mod words;

pub use config::{ApiToken, Config, ConfigErrors, ConfigProblem, PageLocation};
pub use words::{Language, Message, Text, Words};
