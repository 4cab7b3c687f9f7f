//! HTTP-level tests: a real HTTP client against the emulator on ephemeral
//! ports, one documented Cognito behaviour (docs/COGNITO.md) per test; one
//! module per endpoint or concern.

#[path = "../support/mod.rs"]
mod support;

mod admin;
mod authorize;
mod discovery;
mod sample_api;
mod sign_out;
mod token;
mod userinfo;
